"""The aspect reader (actions/procedures/aspect.py) on questions written for this test: the procedure and the fact
asked in one message, long stories, elderly phrasing, about half without diacritics. Not taken from the training
data nor from a benchmark. ``QUESTIONS`` is also run through the actions by test_aspect_answers.py.
"""

from __future__ import annotations

import pytest

from actions.procedures.aspect import aspect_to_answer, question_clauses, read_aspects

# (question, the aspect to answer first: documents, fee, time, where, online, legal, or summary for the overview)
QUESTIONS = [
    # documents
    ("cho tôi hỏi làm giấy khai sinh cho cháu nội thì cần mang những giấy tờ gì", "documents"),
    ("dang ky ket hon can chuan bi nhung gi vay", "documents"),
    (
        "Vợ chồng tôi cưới nhau ở quê được mấy tháng rồi, giờ muốn đi đăng ký kết hôn thì phải mang theo những gì "
        "hả cháu?",
        "documents",
    ),
    ("bac o voi con trai tren thanh pho, muon dang ky tam tru thi can giay to gi", "documents"),
    ("xin giấy phép xây dựng nhà ở riêng lẻ, hồ sơ gồm những gì", "documents"),
    ("ong nha toi vua mat hom qua, lam giay khai tu can nhung giay gi", "documents"),
    (
        "Con gái tôi sinh cháu ở trạm y tế xã tuần trước, chồng nó đi làm ăn xa chưa về. Giờ đi làm khai sinh "
        "cho cháu thì phải làm thế nào, cần mang theo những gì?",
        "documents",
    ),
    ("thu tuc dang ky ho kinh doanh can nhung giay to nao", "documents"),
    ("đăng ký thường trú cho con dâu về nhà chồng, chuẩn bị hồ sơ những gì", "documents"),
    ("lam ho chieu lan dau can mang gi", "documents"),
    # fee
    ("đăng ký hộ kinh doanh mất bao nhiêu tiền", "fee"),
    ("lam lai the can cuoc bi mat ton bao nhieu tien", "fee"),
    ("Tôi già rồi mắt kém, cho tôi hỏi chứng thực bản sao giấy tờ có mất tiền không?", "fee"),
    ("xin xac nhan tinh trang hon nhan co mat phi khong", "fee"),
    ("đăng ký kết hôn có phải đóng tiền không con", "fee"),
    ("cap doi giay phep lai xe het bao nhieu", "fee"),
    (
        "Nhà tôi mua lại cái xe máy cũ của người quen ở xóm bên, giấy tờ xe vẫn đứng tên người ta, giờ muốn sang "
        "tên thì hết bao nhiêu tiền?",
        "fee",
    ),
    ("lam ly lich tu phap ton bao nhieu", "fee"),
    # time
    ("đăng ký thường trú bao lâu thì có kết quả", "time"),
    ("cap lai bang lai xe mat may ngay", "time"),
    ("làm hộ chiếu phổ thông mấy hôm thì lấy được", "time"),
    ("dang ky khai tu bao lau xong", "time"),
    ("Tôi nộp hồ sơ xin giấy phép xây dựng rồi, phải chờ bao nhiêu ngày thì được?", "time"),
    ("bao lau thi lay duoc giay xac nhan tinh trang hon nhan", "time"),
    # where
    ("làm giấy khai sinh cho con thì lên đâu nộp", "where"),
    ("dang ky tam tru nop o cho nao", "where"),
    ("bà muốn xin xác nhận tình trạng hôn nhân cho đứa cháu thì ra chỗ nào làm", "where"),
    ("dang ky ket hon o dau", "where"),
    ("đăng ký hộ kinh doanh nộp hồ sơ ở cơ quan nào", "where"),
    # online
    ("dang ky khai sinh lam tren mang duoc khong", "online"),
    ("tôi đi làm xa, đăng ký tạm trú có làm online được không", "online"),
    ("cap doi can cuoc co nop truc tuyen duoc ko", "online"),
    # legal
    ("đăng ký kết hôn theo quy định ở văn bản nào", "legal"),
    ("dang ky thuong tru can cu luat nao", "legal"),
    # two aspects: the first one asked
    ("đăng ký kết hôn cần giấy tờ gì và mất bao lâu", "documents"),
    ("dang ky tam tru ton bao nhieu tien va nop o dau", "fee"),
    # the overview
    ("thủ tục đăng ký khai sinh", "summary"),
    ("tôi muốn đăng ký tạm trú", "summary"),
    ("lam giay phep xay dung nhu the nao", "summary"),
    ("hướng dẫn tôi làm thủ tục sang tên xe máy", "summary"),
    ("Con trai tôi mới cưới vợ, giờ muốn tách hộ ra ở riêng thì phải làm những thủ tục gì?", "summary"),
    ("cap lai giay phep lai xe", "summary"),
    ("dang ky ket hon voi nguoi nuoc ngoai thi lam the nao", "summary"),
    ("toi bi mat cccd", "summary"),
]
# the share of QUESTIONS the reader must get right (it is a model: a miss or two is allowed, not a drift)
MIN_ACCURACY = 0.9


def test_the_set_is_varied():
    without = [q for q, _ in QUESTIONS if q.isascii()]
    assert len(QUESTIONS) >= 40 and len(without) >= len(QUESTIONS) * 0.4
    assert sum(len(q.split()) >= 20 for q, _ in QUESTIONS) >= 4


def test_reads_the_aspect_asked():
    wrong = [(q, want, aspect_to_answer(q)) for q, want in QUESTIONS if aspect_to_answer(q) != want]
    assert len(wrong) <= (1 - MIN_ACCURACY) * len(QUESTIONS), wrong


@pytest.mark.parametrize(
    "question,first",
    [
        ("con tôi mới sinh, bố nó đi làm xa thì phải làm thế nào, mang những gì?", "mang nhung gi"),
        ("Tôi ở xã bên. Lệ phí bao nhiêu?", "le phi bao nhieu"),
    ],
)
def test_reads_the_question_part_first(question, first):
    assert first in question_clauses(question)


def test_two_aspects_come_in_the_order_asked():
    assert [r.aspect for r in read_aspects("cần giấy tờ gì và mất bao lâu")] == ["documents", "time"]


@pytest.mark.parametrize("given", ["fee", "time", "where"])
def test_an_aspect_intent_is_kept_unless_another_is_very_clear(given):
    assert aspect_to_answer("cho tôi hỏi về thủ tục này", given) == given
    assert aspect_to_answer("hồ sơ gồm những giấy tờ gì", given) == "documents"
