"""Questions told as a situation (issue 12): the narrative selects among sibling procedures."""

import pytest


@pytest.mark.parametrize(
    "question,code",
    [
        # the amendment, not the first issue of the same certificate (the fused score of issue 2 put the latter first)
        (
            "công ty vàng bạc của tôi đã có giấy chứng nhận đủ điều kiện sản xuất vàng trang sức, "
            "giờ đổi địa điểm xưởng thì phải sửa giấy chứng nhận thế nào",
            "1.000186",
        ),
        # the extension, not the first registration of the agent
        ("giấy chứng nhận đại lý đổi tiền biên giới sắp hết hạn muốn gia hạn", "1.011639"),
        # "sắp hết hạn" is the story's word for the licence's renewal (the logistic ranker put a registration fee first)
        ("thuyền đánh cá nhà tôi giấy phép khai thác thủy sản sắp hết hạn rồi, muốn xin tiếp", "1.004359"),
    ],
)
def test_the_story_picks_the_sibling_it_describes(kb, question, code):
    result = kb.search(question)
    assert not result.abstain and result.hits[0].code == code


def test_a_story_in_everyday_words_reaches_the_procedure_its_body_describes(kb):
    result = kb.search("nha toi co gieng khoan lay nuoc tuoi vuon, xa bao phai dang ky khai thac nuoc duoi dat")
    assert not result.abstain and result.hits[0].code == "1.001662"  # Đăng ký khai thác nước dưới đất
