"""Chat formatting: message splitting and document lists, on real procedures and on hand-made ones."""

from __future__ import annotations

from dataclasses import replace

from actions.core.replies import send
from actions.procedures import texts as fmt
from common.chat_text import split_message
from knowledge_base.model import Channel, Document, LegalBasis, Procedure


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
            Document("Giấy ủy quyền", "1 bản chính", "", "Trường hợp ủy quyền cho người khác nộp", "Giấy tờ phải nộp"),
        ),
        document_notes=("Xuất trình bản chính giấy tờ tùy thân khi nộp trực tiếp",),
        legal_basis=(LegalBasis("Nghị định quy định chi tiết Luật Hộ tịch", "123/2015/NĐ-CP"),),
        results=(),
        conditions="",
        related=(),
        agency="Ủy ban nhân dân cấp xã",
        address="Không có thông tin",
        url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=9.999999",
    )
    base.update(overrides)
    return Procedure(**base)


def test_split_message_respects_the_limit_and_keeps_every_line():
    lines = [f"{i}. Giấy tờ số {i} " + "rất dài " * 20 for i in range(1, 200)]
    text = "\n".join(lines)
    parts = split_message(text, limit=4000)
    assert len(parts) > 1
    assert all(len(p) <= 4000 for p in parts)
    assert "\n".join(parts).count("Giấy tờ số") == 199


def test_split_message_cuts_a_single_huge_line_at_spaces():
    parts = split_message("chữ " * 3000, limit=1000)
    assert all(len(p) <= 1000 for p in parts)
    assert sum(p.count("chữ") for p in parts) == 3000


def test_documents_are_numbered_with_conditions_marked():
    text = fmt.documents_text(_procedure())
    assert "1. Tờ khai theo mẫu — 1 bản chính" in text
    assert "2. Giấy ủy quyền — 1 bản chính (nếu ủy quyền cho người khác nộp)" in text
    assert "9.999999" in text
    assert "Lưu ý:\n• Xuất trình bản chính" in text


def test_fee_differs_by_channel_and_is_listed_per_channel():
    text = fmt.fee_answer(_procedure())
    assert "Trực tiếp: Lệ phí: 8.000 đồng" in text and "Trực tuyến: Miễn phí" in text


def test_summary_is_short_and_cites_code_and_link():
    proc = _procedure()
    text = fmt.summary(proc)
    assert "mã 9.999999" in text and proc.url in text and "Nộp trực tuyến: Có" in text
    assert len(text) < 1000


def test_unknown_values_are_said_honestly():
    proc = _procedure(channels=(), legal_basis=(), documents=())
    assert "chưa có thông tin" in fmt.fee_answer(proc)
    assert "chưa ghi căn cứ pháp lý" in fmt.legal_answer(proc)


def test_long_document_list_of_the_real_catalog_is_split_for_telegram(kb):
    longest = max(kb.procedures, key=lambda p: len(fmt.documents_text(p)))
    assert len(fmt.documents_text(longest)) > 4096  # the catalog really has lists longer than one message
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    send(dispatcher, fmt.documents_text(longest), fmt.follow_up_buttons())
    assert all(len(m["text"]) <= 4096 for m in dispatcher.messages)
    assert dispatcher.messages[-1].get("buttons")


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


def test_replace_keeps_dataclass_usable():
    assert replace(_procedure(), code="1.2").code == "1.2"
