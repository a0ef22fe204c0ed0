"""Questions citizens ask about one aspect of a procedure, through the actions over the real knowledge base.

Each answer must start with the aspect asked, fit one phone screen (600 characters; a document list 1,200), end
with the official page, write amounts the Vietnamese way, and no chat message may exceed MAX_REPLY_CHARS. The
questions are written for this test (not taken from a benchmark or the training data).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from action_helpers import all_text, make_tracker, run_action

from actions.procedures.answers import (
    ActionAnswerDocuments,
    ActionAnswerFee,
    ActionAnswerLegalBasis,
    ActionAnswerOnline,
    ActionAnswerTime,
    ActionAnswerWhere,
)
from actions.procedures.render import ASPECT_LIMIT, DOCUMENTS_LIMIT
from actions.procedures.render.common import PAGE_LABEL
from actions.procedures.search import ActionSearchProcedure
from common.limits import MAX_REPLY_CHARS

ACTIONS = {
    "fee": (ActionAnswerFee, "ask_fee", "Lệ phí"),
    "time": (ActionAnswerTime, "ask_time", "Thời hạn giải quyết"),
    "documents": (ActionAnswerDocuments, "ask_documents", "Giấy tờ cần chuẩn bị"),
    "where": (ActionAnswerWhere, "ask_where", "Nơi nộp hồ sơ"),
    "online": (ActionAnswerOnline, "ask_online", "Nộp trực tuyến"),
    "legal": (ActionAnswerLegalBasis, "ask_legal_basis", "Căn cứ pháp lý"),
    "summary": (ActionSearchProcedure, "ask_procedure", "📄"),
}

# (question, aspect, what the answer must state: a regex, "" when only the form is checked)
QUESTIONS = [
    ("làm lại bằng lái xe bị mất hết bao nhiêu tiền", "fee", r"135\.000 đồng"),
    ("phí đăng ký thường trú bao nhiêu vậy", "fee", r"10\.000 đồng"),
    ("chứng thực bản sao giá bao nhiêu một trang", "fee", r"2\.000 đồng/trang"),
    ("đăng ký khai sinh cho con có mất tiền không", "fee", r"Miễn phí"),
    ("lệ phí đăng ký tạm trú là bao nhiêu", "fee", r"7\.000 đồng"),
    ("cấp đổi thẻ căn cước hết bao nhiêu tiền", "fee", r"50\.000 đồng"),
    ("le phi dang ky ho kinh doanh", "fee", r"đồng"),
    ("đăng ký kết hôn tốn bao nhiêu tiền", "fee", r"Miễn lệ phí"),
    ("đăng ký khai sinh bao lâu thì xong", "time", r"15 giờ"),
    ("xin giấy xác nhận tình trạng hôn nhân mất mấy ngày", "time", r"3 ngày làm việc"),
    ("đăng ký hộ kinh doanh bao lâu có kết quả", "time", r"3 ngày làm việc"),
    ("cấp lại giấy phép lái xe mất bao lâu", "time", r"5 ngày làm việc"),
    ("dang ky thuong tru bao lau", "time", r"7 ngày làm việc"),
    ("làm giấy khai sinh cần giấy tờ gì", "documents", r"Giấy chứng sinh"),
    ("đăng ký kết hôn cần mang theo gì", "documents", r"Tờ khai"),
    ("hồ sơ đăng ký thường trú gồm những gì", "documents", r"trường hợp"),
    ("đăng ký tạm trú cần giấy tờ gì", "documents", ""),
    ("cấp lại bằng lái xe cần những giấy tờ nào", "documents", ""),
    ("thủ tục đăng ký hộ kinh doanh cần chuẩn bị gì", "documents", r"Giấy đề nghị"),
    ("đăng ký khai sinh nộp ở đâu", "where", r"[Cc]ấp xã"),
    ("đăng ký tạm trú nộp ở đâu", "where", r"Công an"),
    ("xin xác nhận tình trạng hôn nhân ở đâu", "where", ""),
    ("đăng ký khai sinh làm online được không", "online", r"VNeID"),
    ("có nộp trực tuyến đăng ký kết hôn được không", "online", ""),
    ("căn cứ pháp lý của đăng ký thường trú", "legal", r"Luật|Thông tư|Nghị định"),
    ("đăng ký khai sinh theo luật nào", "legal", r"Luật|Nghị định"),
    ("thủ tục đăng ký khai sinh", "summary", r"Lệ phí: Miễn phí"),
    ("tôi muốn đăng ký tạm trú", "summary", r"Thời hạn: 3 ngày làm việc"),
    ("cấp giấy xác nhận tình trạng hôn nhân", "summary", r"Thời hạn: 3 ngày làm việc"),
    ("cấp lại giấy phép lái xe", "summary", r"Lệ phí: 135\.000 đồng"),
]

_BAD_AMOUNT = re.compile(r"Việt Nam Đồng|VNĐ|\d,\d{3}\s*(?:đồng|đ\b)")
_INTERNAL = re.compile(r"kênh rest|\brest\b|slot|intent|ông/bà", re.IGNORECASE)


def _ask(question: str, aspect: str):
    action, intent, _ = ACTIONS[aspect]
    return run_action(action(), make_tracker(question, intent))


@pytest.mark.parametrize("question,aspect,must", QUESTIONS, ids=[q for q, _, _ in QUESTIONS])
def test_the_answer_states_the_asked_fact_first_on_one_screen(kb, question, aspect, must):
    messages, _, slots = _ask(question, aspect)
    text = all_text(messages)
    assert not slots.get("pending_variants"), f"asked which variant: {text}"
    assert all(len(m.get("text") or "") <= MAX_REPLY_CHARS for m in messages)
    assert text.startswith(ACTIONS[aspect][2]), text
    assert len(text) <= (DOCUMENTS_LIMIT if aspect == "documents" else ASPECT_LIMIT), text
    assert text.splitlines()[-1].startswith(PAGE_LABEL) and "http" in text.splitlines()[-1]
    assert not _BAD_AMOUNT.search(text), text
    assert not _INTERNAL.search(text), text
    if must:
        assert re.search(must, text), text


def test_a_fee_the_remark_names_is_never_said_free(kb):
    messages, _, _ = _ask("lệ phí cấp lại giấy phép lái xe", "fee")
    assert "Miễn phí" not in all_text(messages) and "135.000 đồng/lần" in all_text(messages)


def test_certification_fee_keeps_the_per_page_rule_and_its_cap(kb):
    text = all_text(_ask("chứng thực bản sao giá bao nhiêu một trang", "fee")[0])
    assert "2.000 đồng/trang" in text and "1.000 đồng/trang" in text and "200.000 đồng" in text


def test_vehicle_transfer_times_are_labelled_by_purpose(kb):
    proc = kb.get("1.013076")  # cấp chứng nhận đăng ký xe khi thay đổi chủ xe
    from actions.procedures import render

    text = render.aspect_text(proc, "time")
    assert text.startswith("Thời hạn giải quyết") and "\n• " in text
    assert "Cấp lại biển số định danh: 7 ngày làm việc" in text


IDENTITY_CARD_LEVELS = ("1.014063", "2.001195", "1.000889")  # cấp đổi thẻ căn cước: xã, tỉnh, trung ương


def test_identity_card_fee_is_the_same_at_the_three_levels_so_it_is_answered_once(kb):
    from actions.procedures import render

    note = render.variant_note([kb.get(code) for code in IDENTITY_CARD_LEVELS], "fee")
    assert note is not None and "như nhau ở cả 3 trường hợp" in note and "nơi nộp" in note


def test_identity_card_places_are_the_police_at_three_levels_so_they_are_named_not_asked(kb):
    from actions.procedures import render

    note = render.variant_note([kb.get(code) for code in IDENTITY_CARD_LEVELS], "where")
    assert note.startswith("Cũng có thể nộp tại:") and "Công an cấp tỉnh" in note and "Bộ Công an" in note
    # places of different authorities (a commune committee, the police) still ask which one applies
    assert render.variant_note([kb.get("1.001193"), kb.get("1.014061")], "where") is None


def test_birth_documents_put_the_common_case_first_and_the_rest_behind_buttons(kb):
    messages, _, _ = _ask("làm giấy khai sinh cần giấy tờ gì", "documents")
    text = all_text(messages)
    numbered = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    assert len(numbered) <= 8 and "Tờ khai đăng ký khai sinh" in numbered[0]  # the form first (issue 10)
    assert "Giấy chứng sinh" in numbered[1]
    assert "hoặc: Văn bản của người làm chứng" in numbered[1]  # a substitution, not a condition
    assert "Người tiếp nhận" not in text and "bị bỏ rơi" not in "\n".join(numbered)
    payloads = [b["payload"] for m in messages for b in m.get("buttons") or []]
    assert '/ask_documents{"detail":"conditional"}' in payloads and '/ask_documents{"detail":"full"}' in payloads


@pytest.mark.parametrize(
    "detail,start", [("conditional", "Giấy tờ chỉ cần trong trường hợp riêng"), ("full", "Danh sách đầy đủ giấy tờ")]
)
def test_document_buttons_answer_the_current_procedure(kb, detail, start):
    payload = '/ask_documents{"detail":"%s"}' % detail
    tracker = make_tracker(
        payload, "ask_documents", [{"entity": "detail", "value": detail}], slots={"current_procedure_code": "1.001193"}
    )
    messages, _, _ = run_action(ActionAnswerDocuments(), tracker)
    assert all_text(messages).startswith(start) and "bị bỏ rơi" in all_text(messages)
    assert all(len(m["text"]) <= MAX_REPLY_CHARS for m in messages)


def test_the_full_residence_list_is_split_between_items(kb):
    tracker = make_tracker(
        '/ask_documents{"detail":"full"}',
        "ask_documents",
        [{"entity": "detail", "value": "full"}],
        slots={"current_procedure_code": "1.004222"},
    )
    messages, _, _ = run_action(ActionAnswerDocuments(), tracker)
    assert len(messages) >= 2 and all(len(m["text"]) <= MAX_REPLY_CHARS for m in messages)
    for message in messages[1:]:
        first = message["text"].splitlines()[0]
        assert re.match(r"(\d+\. |Trường hợp|Lưu ý|Chỉ cần|Giấy tờ|Danh sách|Trang chính thức)", first), first


def test_a_dossier_in_parts_is_listed_under_its_headings_not_asked_as_cases(kb):
    from actions.procedures import render

    text = render.aspect_text(kb.get("1.013076"), "documents")  # đổi chủ xe: hồ sơ thu hồi + hồ sơ đăng ký
    assert "Bạn thuộc trường hợp nào" not in text
    assert "\nHồ sơ thu hồi:\n1. " in text and "\nHồ sơ đăng ký:\n" in text


def test_list_marks_are_not_part_of_a_papers_name(kb):
    from actions.clients import knowledge_base as kb_client

    names = [item.name for item in kb_client.checklist([kb.get("1.001612")]).items]  # đăng ký hộ kinh doanh
    assert names and not [name for name in names if re.match(r"(?i)[ivx]+\)", name)]


def test_every_answer_of_the_catalog_fits_its_screen_and_every_message_the_limit(kb):
    from actions.clients import knowledge_base as kb_client
    from actions.core.replies import split_reply
    from actions.procedures import render

    too_long, over_limit = [], []
    for proc in kb.procedures:
        checklist = kb_client.checklist([proc])
        for aspect in ("summary", "fee", "time", "where", "online", "legal", "documents"):
            text = render.aspect_text(proc, aspect, checklist=checklist)
            if len(text) > (DOCUMENTS_LIMIT if aspect == "documents" else ASPECT_LIMIT):
                too_long.append((proc.code, aspect, len(text)))
        full = render.aspect_text(proc, "documents", detail="full", checklist=checklist)
        if any(len(part) > MAX_REPLY_CHARS for part in split_reply(full)):
            over_limit.append(proc.code)
    assert not too_long and not over_limit, (too_long[:5], over_limit[:5])


def test_a_fee_the_council_sets_is_never_said_free(kb):
    from actions.procedures import render

    text = render.aspect_text(kb.get("1.013225"), "fee")  # giấy phép xây dựng: "Miễn phí (Theo quy định của HĐND…)"
    assert "Miễn phí" not in text and "Hội đồng nhân dân" in text


def test_a_single_fee_line_is_not_a_list_and_keeps_only_the_current_rates(kb):
    from actions.procedures.render.facts import fee_answer

    text = fee_answer(kb.get("1.014064"), today=date(2026, 11, 30))  # cấp lại thẻ căn cước
    first = text.splitlines()[0]
    assert first.startswith(
        "Lệ phí cấp lại thẻ căn cước (trực tiếp, trực tuyến): 35.000 đồng/thẻ căn cước đến hết ngày"
    )
    assert "sau đó 70.000 đồng/thẻ căn cước." in first and "31/12/2025" not in text


def test_papers_are_named_as_a_citizen_reads_them(kb):
    from actions.procedures import render

    text = render.aspect_text(kb.get("1.000894"), "documents")  # đăng ký kết hôn
    assert "\n2. Giấy tờ tùy thân (Hộ chiếu" in text and "Căn cước điện tử/" not in text  # after the form
    assert not re.search(r"ví dụ:[^)]*…", text)  # examples are whole cases or none
    licence = render.aspect_text(kb.get("3.000347"), "documents")  # đổi giấy phép lái xe
    assert "Đề nghị đổi giấy phép lái xe theo mẫu (" in licence and "Phụ lục XII" not in licence


def test_case_labels_do_not_repeat_the_procedures_name(kb):
    from actions.procedures import render

    reply = render.answer(kb.get("1.004222"), "documents")  # đăng ký thường trú: asked by case
    assert "\n1. Vào chỗ ở hợp pháp thuộc quyền sở hữu của mình\n" in reply.text
    assert "\n3. Tại chỗ ở hợp pháp không thuộc quyền sở hữu của mình\n" in reply.text  # no "quy định tại khoản…"
    assert reply.buttons[0]["title"] == "1. Vào chỗ ở hợp pháp thuộc quyền sở hữu của mình"


def test_the_place_is_stated_once_with_the_commune_office_when_the_level_is_the_commune(kb):
    from actions.procedures import render

    marriage = render.aspect_text(kb.get("1.000894"), "where")
    assert ".." not in marriage and "cơ quan trên" not in marriage
    copies = render.aspect_text(kb.get("2.000815"), "where")  # chứng thực bản sao: the catalog lists notaries only
    assert copies.startswith("Nơi nộp hồ sơ") and "Bộ phận Một cửa cấp xã" in copies.splitlines()[0]
    identity = render.aspect_text(kb.get("1.014064"), "where")  # cấp lại thẻ căn cước: "Công an cấp Xã"
    assert identity.startswith("Nơi nộp hồ sơ cấp lại thẻ căn cước: Công an cấp xã.")


def test_the_full_list_opens_with_its_first_papers_not_a_title_alone(kb):
    from actions.procedures import render

    text = render.aspect_text(kb.get("1.001193"), "documents", detail="full")
    first = text.split("\n\n")[0]  # a blank line starts a new chat message on rasa's channels
    assert first.startswith("Danh sách đầy đủ") and "\n1. " in first


def test_criminal_record_papers_read_cleanly(kb):
    from actions.procedures import render

    text = render.aspect_text(kb.get("3.000333"), "documents")  # phiếu lý lịch tư pháp
    papers = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    assert papers and not [line for line in papers if line.count(")") > line.count("(")]  # no stray bracket
    for line in papers:
        alternatives = line.partition(" — hoặc: ")[2].split("; ")
        assert len(set(alternatives)) == len(alternatives), line  # each alternative once
    assert "ví dụ: có;" not in text


def test_a_name_ending_with_a_full_stop_reads_in_a_sentence(kb):
    from actions.procedures import render

    text = render.aspect_text(kb.get("1.012784"), "fee")  # "Tách thửa hoặc hợp thửa đất."
    assert text.startswith("Lệ phí tách thửa hoặc hợp thửa đất: ")


def test_list_marks_of_the_catalog_are_not_read_to_the_citizen(kb):
    from actions.procedures import render

    proc = kb.get("1.012786")  # cấp lại giấy chứng nhận (sổ đỏ) bị mất: "A) Đối với trường hợp …", "(2) Mảnh trích đo…"
    reply = render.answer(proc, "documents")  # the plain case, named by the procedure's name, is answered first
    assert "trường hợp “Cấp lại Giấy chứng nhận bị mất”:" in reply.text and "A)" not in reply.text
    cases = render.aspect_text(proc, "documents", detail="cases")
    assert "\n1. Cấp lại Giấy chứng nhận bị mất\n" in cases and "A)" not in cases
    case = render.aspect_text(proc, "documents", detail="case-1")
    full = render.aspect_text(proc, "documents", detail="full")
    assert "Mảnh trích đo" in case and not re.search(r"\d\. \(\d\)", case + full)
    assert "tài sản gắn liền với đất theo Mẫu số 18 (" in case  # the form's number kept, its legal address not
