"""The sibling stage, round 8 (issues 12 and 10): the trigger chooses the sibling (a failed mediation asks the
chairman's decision on the dispute, an appraisal of money its appraisal, a licence from the army on discharge its
exchange, parents not married the birth registration combined with the father's recognition, a wrong birth year the
correction of civil status, a transfer, gift or inheritance of land its registration, a vessel sold within the same
commune or province its re-registration where it is); a hit of the first's field counts as its sibling when the
question asks an act it does and the first does not; a first hit for a narrow case the question does not name (land
given to the State, a flat bought in a developer's project, a transfer dated before a day, counterfeit money) yields
to the plain procedure of its field; the acts asked after the story's last "giờ" outweigh the story's. Questions
written for these tests, not taken from any benchmark set."""

from types import SimpleNamespace

import pytest

from knowledge_base.siblings import SiblingStage, final_acts, name_classes, question_classes
from knowledge_base.text import fold


def _stage(*named: tuple[str, str]) -> SiblingStage:
    return SiblingStage([SimpleNamespace(name=name, field=field) for name, field in named])


@pytest.mark.parametrize(
    "question,selected",
    [
        ("xã đã hòa giải vụ lấn ranh đất hai lần mà không thành, giờ làm sao", "decide"),
        ("tiền giấy bị mối ăn, muốn đem đi giám định", "appraise"),
        ("tôi vừa xuất ngũ, muốn dùng bằng lái ở ngoài", "armed"),
        ("hai đứa chưa cưới mà có con rồi, làm giấy khai sinh thế nào", "recognise"),
        ("giấy khai sinh của bà tôi bị sai năm sinh", "correct"),
        ("hợp đồng thuê nhà đã chứng thực, hai bên muốn sửa điều khoản giá", "amend"),
        ("ông ngoại để lại nhà cho mẹ tôi", "transfer"),
        ("bán ghe cho người cùng xã", "same_office"),
        ("mua lại thuyền của nhà hàng xóm", "same_office"),
        ("bo toi tang cho em trai toi thua ruong", "transfer"),
    ],
)
def test_the_trigger_selects_the_class(question, selected):
    assert selected in question_classes(fold(question))


def test_a_failed_mediation_no_longer_asks_the_mediation():
    assert "mediate" not in question_classes(fold("hoà giải ở thôn không thành"))
    assert "mediate" in question_classes(fold("muốn nhờ xã hòa giải chuyện ranh đất"))


def test_narrow_cases_are_read_from_names():
    assert "dated" in name_classes(fold("Đăng ký đối với trường hợp đã chuyển quyền trước ngày 01 tháng 8 năm 2024"))
    assert "public" in name_classes(fold("Tặng cho quyền sử dụng đất cho Nhà nước hoặc cộng đồng dân cư"))
    assert "counterfeit" in name_classes(fold("Thủ tục giám định tiền giả, tiền nghi giả"))
    assert "dated" in question_classes(fold("tôi mua đất bằng giấy tay từ năm 2015"))


def test_a_hit_of_the_same_field_doing_the_asked_act_counts_as_a_sibling():
    stage = _stage(
        ("Hòa giải tranh chấp đất đai", "Đất đai"),
        ("Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân cấp xã", "Đất đai"),
    )
    assert stage.choose(fold("hoa giai o thon khong thanh, gio xin xa giai quyet"), [0, 1]) == 1
    assert stage.choose(fold("muốn xã hòa giải vụ lấn đất"), [0, 1]) == 0
    other_field = _stage(("Hòa giải tranh chấp đất đai", "Đất đai"), ("Giải quyết tranh chấp lao động", "Lao động"))
    assert other_field.choose(fold("hoa giai khong thanh thi lam sao"), [0, 1]) == 0


def test_a_narrow_first_yields_to_the_plain_procedure_of_its_field():
    stage = _stage(
        ("Tặng cho quyền sử dụng đất cho Nhà nước hoặc cộng đồng dân cư", "Đất đai"),
        ("Đăng ký biến động quyền sử dụng đất trong các trường hợp chuyển nhượng, thừa kế, tặng cho", "Đất đai"),
    )
    assert stage.choose(fold("mẹ tôi muốn tặng cho con trai thửa đất"), [0, 1]) == 1
    assert stage.choose(fold("gia đình muốn hiến đất cho nhà nước làm đường"), [0, 1]) == 0

    # a narrow first yields only to a hit doing an act the question asks, not to any procedure of its field
    dated = _stage(
        ("Đăng ký đối với trường hợp đã chuyển quyền sử dụng đất trước ngày 01 tháng 8 năm 2024", "Đất đai"),
        ("Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót", "Đất đai"),
    )
    assert dated.choose(fold("làm sổ đỏ cho đất ông bà ở đâu"), [0, 1]) == 0


def test_the_final_request_outweighs_the_story():
    question = fold("em tôi đã cải chính họ trong giấy khai sinh, giờ đi đổi căn cước")
    assert final_acts(question) == {"renew_worn"}
    assert not final_acts(fold("giấy khai sinh ghi sai họ, muốn cải chính"))
    stage = _stage(
        ("Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch"),
        ("Cấp đổi thẻ căn cước", "Căn cước"),
    )
    assert stage.choose(question, [0, 1]) == 1


@pytest.mark.parametrize(
    "question,code",
    [
        # another land procedure came first
        ("hai bên mua bán đất viết giấy tay, giờ muốn đứng tên trên sổ thì làm sao", "1.013831"),
        ("ông bà tôi muốn tặng cho cháu nội mảnh đất, làm thủ tục gì", "1.013831"),
        ("ông nội mất để lại đất cho bố tôi, làm thủ tục thừa kế đứng tên ở đâu", "1.013831"),
        # the mediation came first
        ("tranh chấp lối đi với nhà bên, xã hòa giải không thành, giờ nộp đơn gì", "1.013967"),
        # the exchange of damaged money came first
        ("tờ tiền bị cháy sém, tôi muốn giám định xem còn giá trị không", "1.001831"),
        # the first driving licence came first
        ("tôi ra quân rồi, bằng lái xe quân đội đổi sang bằng thường ở đâu", "3.000349"),
        # the plain birth registration came first
        ("vợ chồng chưa đăng ký kết hôn, làm khai sinh cho con ghi tên bố", "1.000689"),
        # the re-registration after moving to another registration office came first
        ("tôi mua lại chiếc sà lan của ông bạn cùng xã, giờ đăng ký lại phương tiện thế nào", "1.004002"),
        # the civil-status change of the story came first
        ("con tôi vừa sửa tên trong giấy khai sinh, giờ đổi căn cước cho cháu hết bao nhiêu", "1.014063"),
        # the re-registration of a birth came first
        ("giay khai sinh cua toi ghi sai nam sinh, muon sua lai", "1.004859"),
    ],
)
def test_the_right_procedure_first_in_the_real_catalog(kb, question, code):
    assert kb.search(question).hits[0].code == code


@pytest.mark.xfail(strict=True, reason="a parent and a child in a gift of land still find the recognition of a child")
def test_a_gift_of_land_to_a_child_told_with_parent_and_child(kb):
    # the recognition of a child (another field) comes first; the land registration is second
    assert kb.search("cha muốn tặng cho con trai út mảnh đất vườn, thủ tục ra sao").hits[0].code == "1.013831"
