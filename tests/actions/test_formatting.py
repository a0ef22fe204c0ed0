"""Chat formatting: splitting replies on meaning, and the answers' form on hand-made procedures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rasa_sdk.executor import CollectingDispatcher

from actions.core.replies import send, split_reply
from actions.procedures import render
from actions.procedures import texts as fmt
from actions.procedures.render.documents import copies_text
from common.limits import MAX_REPLY_CHARS
from knowledge_base.model import Channel, Document, Fact, LegalBasis, Procedure
from knowledge_base.parse import parse_legal_basis

URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=9.999999"


def _procedure(**overrides) -> Procedure:
    base = dict(
        code="9.999999",
        name="Thủ tục thử nghiệm",
        levels=("Cấp xã",),
        field="Hộ tịch",
        ministry="bo-tu-phap",
        audiences=("Công dân Việt Nam",),
        for_citizens=True,
        steps="",
        channels=(
            Channel("in_person", "5 Ngày làm việc", 5, True, "Lệ phí: 8.000 đồng", 8000, ""),
            Channel("online", "5 Ngày làm việc", 5, True, "Miễn phí", 0, ""),
        ),
        documents=(
            Document("Tờ khai theo mẫu", "1 bản chính", "Mẫu số 01.docx", "", "Giấy tờ phải nộp"),
            Document(
                "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận "
                "về việc sinh",
                "1 bản chính",
                "",
                "",
                "Giấy tờ phải nộp",
            ),
            Document("Giấy ủy quyền", "0 bản chính, 1 bản sao", "", "Trường hợp ủy quyền cho người khác nộp", ""),
        ),
        document_notes=("Xuất trình bản chính giấy tờ tùy thân khi nộp trực tiếp",),
        legal_basis=(LegalBasis("Nghị định quy định chi tiết Luật Hộ tịch", "123/2015/NĐ-CP"),),
        results=(),
        conditions="",
        related=(),
        agency="Ủy ban nhân dân cấp xã",
        address="Không có thông tin",
        url=URL,
        fees=(
            Fact("Trực tiếp", "8.000 đồng", "", ("in_person",)),
            Fact("Trực tuyến", "Miễn phí", "", ("online",)),
        ),
        times=(Fact("", "5 ngày làm việc", "", ("in_person", "online")),),
    )
    base.update(overrides)
    return Procedure(**base)


# ---------------------------------------------------------------- splitting
def test_a_reply_is_split_between_paragraphs_under_the_zalo_limit():
    first, second = "Đoạn một: " + "giấy tờ " * 180, "Đoạn hai: " + "lệ phí " * 200
    parts = split_reply(f"{first.strip()}\n\n{second.strip()}")
    assert MAX_REPLY_CHARS == 2000
    assert parts == [first.strip(), second.strip()]


def test_a_long_list_is_split_between_items_never_inside_a_word():
    items = [f"{i}. Giấy tờ số {i} " + "rất dài " * 20 for i in range(1, 200)]
    parts = split_reply("\n".join(items))
    assert len(parts) > 1 and all(len(p) <= MAX_REPLY_CHARS for p in parts)
    assert all(p.splitlines()[0].split(".")[0].isdigit() for p in parts)  # every part starts with an item
    assert "\n".join(parts).count("Giấy tờ số") == 199


def test_a_single_huge_line_is_cut_at_words():
    parts = split_reply("chữ " * 3000, limit=1000)
    assert all(len(p) <= 1000 for p in parts)
    assert sum(p.split().count("chữ") for p in parts) == 3000


def test_send_keeps_the_buttons_with_the_last_message():
    dispatcher = CollectingDispatcher()
    send(dispatcher, "\n".join(["Một dòng khá dài " * 10] * 40), [{"title": "Lệ phí", "payload": "/ask_fee"}])
    assert len(dispatcher.messages) > 1 and all(len(m["text"]) <= MAX_REPLY_CHARS for m in dispatcher.messages)
    assert dispatcher.messages[-1]["buttons"] and not dispatcher.messages[0].get("buttons")


# ---------------------------------------------------------------- conditions
def test_a_condition_starting_with_th_keeps_its_word():
    assert fmt.condition_phrase("Thực hiện tại cơ quan đại diện") == "thực hiện tại cơ quan đại diện"
    assert fmt.condition_phrase("TH trẻ em bị bỏ rơi") == "trẻ em bị bỏ rơi"
    assert fmt.condition_phrase("Trường hợp ủy quyền") == "ủy quyền"


def test_copies_are_shown_as_counted():
    assert copies_text("0 bản chính, 1 bản sao") == "1 bản sao"
    assert copies_text("01 bản chính") == "1 bản chính"


# ---------------------------------------------------------------- answers
def test_every_answer_starts_with_its_aspect_and_ends_with_the_official_page():
    proc = _procedure()
    starts = {
        "fee": "Lệ phí thử nghiệm",
        "time": "Thời hạn giải quyết thử nghiệm: 5 ngày làm việc.",
        "documents": "Giấy tờ cần chuẩn bị cho thử nghiệm",
        "where": "Nơi nộp hồ sơ thử nghiệm: Ủy ban nhân dân cấp xã (Bộ phận Một cửa).",
        "online": "Nộp trực tuyến: có.",
        "legal": "Căn cứ pháp lý của thử nghiệm:",
        "summary": "📄 Thủ tục thử nghiệm (mã 9.999999)",
    }
    for aspect, start in starts.items():
        text = render.aspect_text(proc, aspect)
        assert text.startswith(start), text
        assert text.splitlines()[-1] == f"Trang chính thức (mã 9.999999): {URL}"
        assert len(text) <= (render.DOCUMENTS_LIMIT if aspect == "documents" else render.ASPECT_LIMIT)


def test_the_fee_comes_from_the_whole_record_not_the_channel_cell():
    proc = _procedure(fees=(Fact("", "135.000 đồng/lần", "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.", ()),))
    text = render.aspect_text(proc, "fee")
    assert text.startswith("Lệ phí thử nghiệm: 135.000 đồng/lần.") and "Miễn phí" not in text
    assert "Lưu ý" not in text  # the note only repeated the fee


def test_fees_that_differ_are_labelled():
    text = render.aspect_text(_procedure(), "fee")
    assert "• Trực tiếp: 8.000 đồng" in text and "• Trực tuyến: Miễn phí" in text


def test_an_expired_temporary_rate_is_left_out_of_the_fee_note():
    from actions.procedures.render.facts import fee_answer

    note = (
        "Kể từ ngày 01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu lệ phí là 115.000 đồng/lần cấp. "
        "Người có công được miễn lệ phí theo quy định của pháp luật hiện hành."
    )
    proc = _procedure(fees=(Fact("Trực tiếp, Trực tuyến", "135.000 đồng/lần", note, ("in_person", "online")),))
    text = fee_answer(proc, today=date(2026, 11, 30))
    assert text.startswith("Lệ phí thử nghiệm (trực tiếp, trực tuyến): 135.000 đồng/lần.")
    assert "115.000" not in text and "Người có công" in text
    assert "115.000 đồng" in fee_answer(proc, today=date(2025, 6, 1))  # still true then


def test_a_temporary_reduction_in_force_today_is_the_fee_stated_first():
    from actions.procedures.render.facts import fee_answer, fee_summary

    note = "- Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu lệ phí bằng 50% mức thu nêu trên (Thông tư 64/2025)."
    proc = _procedure(fees=(Fact("", "50.000 đồng/thẻ căn cước", note, ("in_person", "online")),))
    text = fee_answer(proc, today=date(2026, 11, 30))
    assert text.startswith("Lệ phí thử nghiệm: 25.000 đồng/thẻ căn cước đến hết ngày 31/12/2026, sau đó 50.000 đồng")
    assert "Lưu ý" not in text
    assert fee_answer(proc, today=date(2027, 1, 1)).startswith("Lệ phí thử nghiệm: 50.000 đồng/thẻ căn cước.")
    summary = fee_summary(proc, today=date(2026, 11, 30))  # the overview's fee line
    assert summary.startswith("25.000 đồng/thẻ căn cước đến hết ngày 31/12/2026")


def test_a_bracketed_fee_remark_is_bracketed_once():
    from actions.procedures.render.facts import fee_answer

    note = "Tại xã: 10.000 đồng/trường hợp (trường hợp được tính là một hoặc nhiều chữ ký trong một văn bản)."
    proc = _procedure(
        fees=(
            Fact("Tại xã", "10.000 đồng/trường hợp", note, ("in_person",)),
            Fact("Tại cơ quan đại diện", "10 USD/bản", "", ("in_person",)),
        )
    )
    text = fee_answer(proc, today=date(2026, 11, 30))
    assert "• Tại xã: 10.000 đồng/trường hợp (trường hợp được tính là một hoặc nhiều chữ ký" in text
    assert "((" not in text and "))" not in text


def test_a_fee_without_an_amount_says_where_to_ask_instead_of_citing_the_law():
    from actions.procedures.render.facts import NO_AMOUNT

    fact = Fact("", "Có lệ phí, mức thu theo Thông tư số 60/2023/TT-BTC", "Thông tư số 60/2023/TT-BTC quy định …", ())
    text = render.aspect_text(_procedure(fees=(fact,)), "fee")
    assert NO_AMOUNT in text and "Lưu ý" not in text


def test_a_year_run_into_a_laws_number_goes_back_to_its_title():
    legal = parse_legal_basis(
        "Tên văn bản pháp lýMã văn bảnLuật Khiếu nại năm201102/2011/QH13Luật số 43/2024/QH15 ngày 29/6/202443/2024/QH15"
        "Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp202076/2025/QH15"
    )
    text = render.aspect_text(_procedure(legal_basis=legal), "legal")
    # the Laws newest first (render.legal); a title that is only the number and date reads as the number
    assert "1. Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp 2020 (76/2025/QH15)" in text
    assert "2. Luật 43/2024/QH15" in text and "202443" not in text
    assert "3. Luật Khiếu nại năm 2011 (02/2011/QH13)" in text


def test_the_time_comes_from_the_steps_when_the_cell_is_empty():
    channels = tuple(replace(c, time_text="", days=None) for c in _procedure().channels)
    proc = _procedure(channels=channels, times=(Fact("", "3 ngày làm việc", "", ("in_person",)),))
    assert render.aspect_text(proc, "time").startswith("Thời hạn giải quyết thử nghiệm: 3 ngày làm việc.")


def test_unknown_facts_are_said_honestly():
    proc = _procedure(fees=(), times=(), legal_basis=(), documents=())
    assert "chưa ghi mức lệ phí" in render.aspect_text(proc, "fee")
    assert "chưa ghi thời hạn" in render.aspect_text(proc, "time")
    assert "chưa ghi" in render.aspect_text(proc, "legal")
    assert "chưa có danh sách giấy tờ" in render.aspect_text(proc, "documents")


def test_documents_list_the_common_case_with_alternatives_and_group_the_conditional_ones():
    reply = render.answer(_procedure(), "documents")
    lines = reply.text.splitlines()
    assert lines[1] == "1. Tờ khai theo mẫu (1 bản chính)"
    assert lines[2].startswith("2. Giấy chứng sinh (1 bản chính) — hoặc: Văn bản của người làm chứng")
    assert lines[3:5] == ["Chỉ cần trong trường hợp riêng:", "• Giấy ủy quyền (nếu ủy quyền cho người khác làm thay)"]
    titles = [b["title"] for b in reply.buttons]
    assert titles[:2] == ["Giấy tờ trong trường hợp riêng", "Xem đầy đủ"] and "Giấy tờ cần nộp" not in titles
    conditional = render.aspect_text(_procedure(), "documents", detail="conditional")
    assert "1. Giấy ủy quyền (1 bản sao) — nếu ủy quyền cho người khác làm thay" in conditional


def test_a_variant_note_goes_above_the_official_page():
    reply = render.answer(_procedure(), "fee", note="Lệ phí như nhau ở cả 2 trường hợp của thủ tục này.")
    assert reply.text.splitlines()[-2] == "Lệ phí như nhau ở cả 2 trường hợp của thủ tục này."


def test_long_document_lists_of_the_real_catalog_fit_one_screen_and_split_under_the_limit(kb):
    from actions.clients import knowledge_base as kb_client

    longest = max(kb.procedures, key=lambda p: len(p.documents))
    checklist = kb_client.checklist([longest])
    assert len(render.aspect_text(longest, "documents", checklist=checklist)) <= render.DOCUMENTS_LIMIT
    dispatcher = CollectingDispatcher()
    send(dispatcher, render.aspect_text(longest, "documents", detail="full", checklist=checklist))
    assert len(dispatcher.messages) > 1 and all(len(m["text"]) <= MAX_REPLY_CHARS for m in dispatcher.messages)


def test_variant_buttons_fit_a_phone():
    class H:
        def __init__(self, code, name):
            self.code, self.name = code, name

    text, buttons = fmt.variants_question(
        [H("1.001193", "Thủ tục đăng ký khai sinh"), H("1.003583", "Thủ tục đăng ký khai sinh lưu động " + "x" * 100)]
    )
    assert buttons[0]["payload"] == '/choose_option{"procedure_code":"1.001193"}'
    assert all(len(b["title"]) <= 60 for b in buttons)
    assert "1. Thủ tục đăng ký khai sinh (mã 1.001193)" in text


def test_a_choice_lists_each_name_without_its_long_enumerations():
    from types import SimpleNamespace

    def hit(code, name):
        return SimpleNamespace(code=code, name=name)

    building = (
        "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp III, cấp IV (công trình Không theo tuyến/Theo "
        "tuyến trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Dự án) và nhà ở riêng lẻ"
    )
    text, _ = fmt.variants_question(
        [hit("1.013229", building), hit("1.013225", building.replace("sửa chữa, cải tạo", "mới"))]
    )
    assert (
        "1. Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp III, cấp IV và nhà ở riêng lẻ (mã " in text
    )
    assert "Tượng đài" not in text and len(text) < 330


def test_the_place_names_the_body_the_record_gives_then_where_to_file_in_it():
    def where(**overrides) -> str:
        return render.aspect_text(_procedure(**overrides), "where").splitlines()[0]

    # no agency at the commune level: the commune People's Committee, at its one-stop office
    assert where(agency="") == "Nơi nộp hồ sơ thử nghiệm: Ủy ban nhân dân cấp xã (Bộ phận Một cửa)."
    assert where(agency="Chủ tịch UBND cấp xã") == "Nơi nộp hồ sơ thử nghiệm: Ủy ban nhân dân cấp xã (Bộ phận Một cửa)."
    assert where(agency="Công an cấp Xã") == "Nơi nộp hồ sơ thử nghiệm: Công an cấp xã."
    # a provincial procedure without an agency: its People's Committee only where the record names it
    provincial = dict(agency="", levels=("Cấp tỉnh",))
    assert where(**provincial) == "Nơi nộp hồ sơ thử nghiệm: Bộ phận Một cửa cấp tỉnh."
    steps = "Bước 2: Ủy ban nhân dân cấp tỉnh xem xét, quyết định."
    assert where(**provincial, steps=steps) == "Nơi nộp hồ sơ thử nghiệm: Ủy ban nhân dân cấp tỉnh (Bộ phận Một cửa)."
    assert "Ủy ban nhân dân" not in where(agency="Sở Tư pháp, Ủy ban nhân dân cấp tỉnh", levels=("Cấp tỉnh",))[:40]
