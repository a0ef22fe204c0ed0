"""The sibling stage, round 7 (issues 12 and 10): a twin named for a narrow force (a survivor allowance for a commune
disaster-response force) yields to the procedure for everyone; "hải quan đối với" is not the armed forces;
of two levels of one procedure a plain question means the commune's; the trigger (a wrong birth date, a dead chip,
the age of 25/40/60) selects the change of a card; a variant the situation already set aside is not asked about.
Questions written for these tests, not taken from any benchmark set."""

from types import SimpleNamespace

import pytest

from knowledge_base.siblings import SiblingStage, name_classes, question_classes
from knowledge_base.text import fold


def _procedure(name: str, levels=()):
    return SimpleNamespace(name=name, levels=levels)


def test_a_twin_whose_name_names_a_narrow_force_yields_to_the_procedure_for_everyone():
    stage = SiblingStage(
        [
            _procedure("Trợ cấp tiền tuất cho lực lượng xung kích phòng chống thiên tai cấp xã"),
            _procedure("Khai thuế thu nhập cá nhân"),
            _procedure("Trợ cấp tiền tuất"),
        ]
    )
    assert stage.choose(fold("bà nội mất, bố tôi muốn nhận tiền tuất"), [0, 1, 2]) == 2
    assert stage.choose(fold("chồng tôi ở lực lượng xung kích, mất khi chống bão, xin tiền tuất"), [0, 1, 2]) == 0


def test_customs_names_are_not_the_armed_forces():
    assert "armed" not in name_classes(fold("Thủ tục hải quan đối với hành lý của người nhập cảnh"))
    assert "armed" in name_classes(fold("Xét hưởng trợ cấp đối với chiến sĩ quân đội nhân dân"))


def test_a_plain_question_means_the_commune_level_twin():
    stage = SiblingStage(
        [
            _procedure("Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)", levels=("Cấp tỉnh",)),
            _procedure("Cấp lại thẻ căn cước", levels=("Cấp xã",)),
            _procedure("Cấp đổi thẻ căn cước", levels=("Cấp xã",)),
        ]
    )
    assert stage.choose(fold("đổi thẻ căn cước thì làm ở đâu"), [0, 1, 2]) == 2
    assert stage.choose(fold("muốn đổi thẻ căn cước ở phòng cảnh sát của tỉnh"), [0, 1, 2]) == 0


@pytest.mark.parametrize(
    "question",
    [
        "căn cước ghi sai ngày sinh của tôi, sửa thế nào",
        "the can cuoc bi loi chip, may khong quet duoc",
        "sang năm tôi đủ 40 tuổi, có phải làm lại căn cước không",
        "con gai toi 25 tuoi roi thi the can cuoc co con dung duoc khong",
    ],
)
def test_the_trigger_selects_the_change_of_a_card(question):
    assert "renew_worn" in question_classes(fold(question))


def test_a_variant_the_situation_set_aside_is_not_asked_about():
    stage = SiblingStage(
        [_procedure("Cấp đổi thẻ căn cước"), _procedure("Cấp lại thẻ căn cước"), _procedure("Cấp thẻ căn cước")]
    )
    broken = fold("thẻ căn cước bị gãy một góc, làm lại có mất tiền không")
    assert stage.ruled_out(broken, 0, 1) and stage.ruled_out(broken, 0, 2)
    assert not stage.ruled_out(fold("làm thẻ căn cước mất bao nhiêu tiền"), 0, 1)


@pytest.mark.parametrize(
    "question,code",
    [
        # the province's "Cấp đổi thẻ căn cước" came first
        ("muốn đổi thẻ căn cước thì làm ở đâu", "1.014063"),
        # the re-issue came first
        ("căn cước của tôi bị ghi sai ngày sinh, muốn sửa lại", "1.014063"),
        ("the can cuoc bi loi chip, khong quet duoc o ngan hang", "1.014063"),
    ],
)
def test_the_nearest_office_and_the_change_of_a_card_in_the_real_catalog(kb, question, code):
    result = kb.search(question)
    assert not result.abstain and result.hits[0].code == code


def test_a_broken_card_is_not_asked_whether_it_was_lost_in_the_real_catalog(kb):
    result = kb.search("the can cuoc bi gay, lam lai mat phi khong")
    assert result.hits[0].code == "1.014063" and "1.014064" not in [h.code for h in result.variants]
