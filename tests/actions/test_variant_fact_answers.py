"""A fact the close variants share in substance is answered without asking which variant (issue 10, class 3 of
session 11): places of one authority (the police at the commune, the province or the ministry; by form or online)
are named together in the answer; variants citing one Law answer a legal-basis question with that Law first. A fact
that really differs still asks. Questions written for this test, not taken from any benchmark set."""

from __future__ import annotations

from action_helpers import make_tracker, run_action

from actions.procedures.answers import ActionAnswerLegalBasis, ActionAnswerWhere
from actions.procedures.render import ASPECT_LIMIT, aspect_text

PROVINCE_CARD_CHANGE = "2.001195"  # Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)


def _answer(action, text: str, intent: str):
    messages, _, slots = run_action(action, make_tracker(text, intent))
    assert not slots.get("pending_variants"), messages
    answer = "\n".join(m.get("text") or "" for m in messages)
    assert len(answer) <= ASPECT_LIMIT, answer
    return answer


def test_a_place_of_the_police_by_form_or_online_is_named_for_both(kb):
    answer = _answer(ActionAnswerWhere(), "người nước ngoài đến ở nhà tôi thì khai tạm trú cho họ ở đâu", "ask_where")
    assert "Công an cấp tỉnh" in answer and "Công an cấp xã" in answer, answer


def test_a_place_of_the_police_at_two_levels_is_named_for_both(kb):
    answer = _answer(
        ActionAnswerWhere(), "đổi thẻ căn cước cũ thì đến công an phường hay công an thành phố", "ask_where"
    )
    assert "Cũng có thể nộp tại:" in answer and "Công an cấp tỉnh" in answer, answer


def test_a_department_of_the_police_is_named_with_its_level(kb):
    proc = kb.get(PROVINCE_CARD_CHANGE)
    assert "Phòng cảnh sát quản lý hành chính về trật tự xã hội, Công an cấp tỉnh" in aspect_text(proc, "where")


def test_a_legal_basis_both_variants_share_is_answered_law_first(kb):
    answer = _answer(ActionAnswerLegalBasis(), "làm thẻ căn cước dựa trên văn bản luật nào", "ask_legal_basis")
    assert answer.splitlines()[1].startswith("1. Luật Căn cước"), answer
    assert "như nhau ở cả 2 trường hợp" in answer
