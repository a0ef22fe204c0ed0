"""The sibling stage (issue 12): a question's situation (a damaged or a lost card, a vehicle no longer used, a
business paused or closed, an audience) picks one sibling of the first hit; a plain question means the procedure for
everyone. Questions written for these tests, not taken from any benchmark set."""

from types import SimpleNamespace

import pytest

from knowledge_base.siblings import SiblingStage, name_classes, object_words, question_classes, siblings
from knowledge_base.text import fold


def _stage(*names: str) -> SiblingStage:
    return SiblingStage([SimpleNamespace(name=name) for name in names])


def test_the_state_of_the_thing_selects_the_act():
    assert "renew_worn" in question_classes(fold("giấy tờ bị rách nát, chip không đọc được"))
    assert "reissue" in question_classes(fold("bị trộm lấy mất ví, giấy tờ trong đó"))
    assert "close" in question_classes(fold("xe cũ không dùng nữa, muốn nộp lại biển số"))
    assert "close" in question_classes(fold("quán không buôn bán nữa, muốn đóng hẳn"))


def test_stopping_for_a_few_months_is_a_pause_not_a_closure():
    assert question_classes(fold("tiệm của tôi muốn nghỉ 2 tháng vì đi viện")) >= {"pause"}
    assert "close" not in question_classes(fold("muốn ngừng hẳn vài tháng rồi tính"))
    assert "pause" not in question_classes(fold("tiệm của tôi đóng hẳn rồi"))


def test_the_longest_phrase_of_a_name_decides_its_class():
    assert name_classes(fold("Tạm ngừng hoạt động của cơ sở")) == {"pause"}
    assert name_classes(fold("Cấp đổi giấy phép")) == {"renew_worn"}
    assert name_classes(fold("Đổi giấy phép lái xe")) == {"renew_worn"}
    assert name_classes(fold("Cấp giấy phép lái xe")) == {"first"}  # no act: the first issue
    assert "foreign" in name_classes(fold("Đổi giấy phép lái xe của người nước ngoài"))
    assert "abroad" in name_classes(fold("Nhập quốc tịch Việt Nam ở nước ngoài"))


def test_objects_leave_out_the_act_and_the_level_but_not_an_audience_that_is_all_there_is():
    assert object_words(fold("Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)")) == object_words(
        fold("Cấp đổi thẻ căn cước")
    )
    assert object_words(fold("Chấm dứt hoạt động hộ kinh doanh")) == {"ho", "kinh", "doanh"}
    assert siblings(object_words(fold("Đăng ký thành lập hộ kinh doanh")), object_words(fold("Chấm dứt hộ kinh doanh")))
    assert not siblings(object_words(fold("Cấp lại thẻ căn cước")), object_words(fold("Cấp lại giấy phép lái tàu")))


def test_the_sibling_the_situation_selects_goes_first():
    stage = _stage("Cấp lại thẻ căn cước", "Cấp thẻ căn cước", "Cấp đổi thẻ căn cước")
    assert stage.choose(fold("thẻ bị gãy, chip hỏng rồi"), [0, 1, 2]) == 2
    assert stage.choose(fold("thẻ bị mất ở chợ"), [0, 1, 2]) == 0  # the first already is the one selected
    assert stage.choose(fold("cho tôi hỏi về thẻ căn cước"), [0, 1, 2]) == 0  # nothing selects another


def test_a_plain_question_means_the_procedure_for_everyone_not_the_armed_forces_variant():
    stage = _stage("Đổi giấy phép lái xe Công an nhân dân", "Đổi giấy phép lái xe")
    assert stage.choose(fold("muốn đổi bằng lái xe"), [0, 1]) == 1
    assert stage.choose(fold("tôi là sĩ quan quân đội, muốn đổi bằng lái xe"), [0, 1]) == 0


def test_a_first_hit_the_question_also_selects_stays_first():
    stage = _stage("Cấp chứng nhận đăng ký xe khi thay đổi chủ xe (sang tên xe)", "Thu hồi chứng nhận đăng ký xe")
    assert stage.choose(fold("sang tên xe mua lại thì bao lâu phải làm thủ tục thu hồi"), [0, 1]) == 0
    assert stage.choose(fold("xe không dùng nữa, muốn nộp lại biển số"), [0, 1]) == 1


def test_only_siblings_of_the_first_hit_are_reordered():
    stage = _stage("Cấp giấy phép khai thác thủy sản", "Cấp lại thẻ căn cước")
    assert stage.choose(fold("làm mất thẻ"), [0, 1]) == 0


@pytest.mark.parametrize(
    "question,code",
    [
        # a damaged card is changed ("cấp đổi"), not re-issued; the ranker put "Cấp lại thẻ căn cước" first
        ("thẻ căn cước của tôi bị gãy đôi, con chip không đọc được nữa, làm lại thế nào", "1.014063"),
        # a vehicle no longer used, its plate handed back: the deregistration (the first registration came first)
        ("xe máy cũ không dùng nữa, tôi muốn nộp lại biển số thì làm thủ tục gì", "1.013123"),
        # a household business closed for good (its first registration came first)
        ("hộ kinh doanh của tôi không buôn bán nữa, muốn đóng hẳn thì làm gì", "1.001266"),
        # a company's pause is the enterprise's notice, not the household business's
        ("công ty tôi muốn tạm ngừng kinh doanh 6 tháng", "2.002029"),
    ],
)
def test_the_situation_picks_the_sibling_in_the_real_catalog(kb, question, code):
    result = kb.search(question)
    assert not result.abstain and result.hits[0].code == code


def test_a_lost_card_stays_the_re_issue(kb):
    assert kb.search("the can cuoc cua toi bi mat khi di cho, xin lai o dau").hits[0].code == "1.014064"
