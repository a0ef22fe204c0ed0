"""Documents of the social-insurance procedures whose document table the scraper had left only in the page text
(knowledge_base/record_fields.py), through the actions on the real knowledge base: the citizen is asked which of
the table's two cases applies (the remark on copies before the table is no case) and, for the common one, reads
its papers (the social-insurance book, the application form), not "cơ sở dữ liệu chưa có danh sách giấy tờ".
The question is written for this test, not taken from a benchmark or the training data.
"""

from __future__ import annotations

from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.procedures.answers import ActionAnswerDocuments
from common.limits import MAX_REPLY_CHARS

LUMP_SUM = "1.001613"  # Giải quyết hưởng bảo hiểm xã hội một lần


def test_the_lump_sum_papers_are_listed_for_the_common_case(kb):
    tracker = make_tracker("toi nghi viec roi, muon huong bhxh mot lan thi can nhung giay to gi", "ask_documents")
    messages, _, slots = run_action(ActionAnswerDocuments(), tracker)
    assert slots.get("current_procedure_code") == LUMP_SUM
    assert "chưa có danh sách" not in all_text(messages)
    cases = [b for b in all_buttons(messages) if b["title"][:2] in ("1.", "2.")]
    assert [b["title"] for b in cases][:1] == ["1. Hưởng BHXH một lần"] and len(cases) == 2
    detail = {"entity": "detail", "value": "case-1"}
    chosen = make_tracker(cases[0]["payload"], "ask_documents", [detail], slots={**slots, "detail": "case-1"})
    messages, _, _ = run_action(ActionAnswerDocuments(), chosen)
    text = all_text(messages)
    assert "Sổ BHXH" in text and "Đơn đề nghị" in text, text
    assert all(len(m.get("text") or "") <= MAX_REPLY_CHARS for m in messages)
