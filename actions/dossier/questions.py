"""The questions of dossier_form: one action_ask_<slot> per slot (core.asking.AskSlot)."""

from __future__ import annotations

from actions.core.asking import AskSlot
from actions.core.replies import shorten
from actions.dossier.checklist import bundles_for, cases_of
from actions.dossier.paper_questions import ask_item
from actions.dossier.submit import summary_text
from actions.dossier.volunteer import (
    CODE_QUESTION,
    LINK_SLOT,
)


class AskDossierProcedure(AskSlot):
    slot = "dossier_procedure"

    def question(self, tracker):
        return "Bạn muốn nộp hồ sơ cho thủ tục nào? Ví dụ: “đăng ký khai sinh”, “đăng ký thường trú”.", []


class AskDossierBundle(AskSlot):
    slot = "dossier_bundle"

    def question(self, tracker):
        code = tracker.get_slot("dossier_procedure")
        bundles = list(bundles_for(code))
        lines = ["🔗 Thủ tục này có thể nộp liên thông: nộp một lần, nhận nhiều kết quả, không phải đi nhiều nơi."]
        buttons = []
        for i, bundle in enumerate(bundles, 1):
            lines.append(f"{i}. {', '.join(bundle.results)} — dành cho {bundle.eligibility}")
            buttons.append(
                {
                    "title": f"{i}. {shorten(' + '.join(bundle.results), 56)}",
                    "payload": '/dossier_choice{"choice":"bundle:%s"}' % bundle.id,
                }
            )
        title = shorten(tracker.get_slot("dossier_title") or "thủ tục này", 40)
        lines.append(f"{len(bundles) + 1}. Chỉ làm {title[:1].lower() + title[1:]}")
        buttons.append(
            {"title": f"{len(bundles) + 1}. Chỉ thủ tục này", "payload": '/dossier_choice{"choice":"bundle:none"}'}
        )
        lines.append("Bạn chọn cách nào?")
        return "\n".join(lines), buttons


class AskDossierCase(AskSlot):
    slot = "dossier_case"

    def question(self, tracker):
        cases = cases_of(tracker.get_slot("dossier_items"))
        if len(cases) == 1:
            return (
                f"Trường hợp: {shorten(cases[0], 200)}.\nTrường hợp này có áp dụng với bạn không?",
                [
                    {"title": "Có", "payload": '/dossier_choice{"choice":"case:0"}'},
                    {"title": "Không", "payload": '/dossier_choice{"choice":"case:none"}'},
                ],
            )
        lines = ["Giấy tờ khác nhau theo từng trường hợp. Bạn thuộc trường hợp nào?"]
        buttons = []
        for i, case in enumerate(cases, 1):
            lines.append(f"{i}. {shorten(case, 160)}")
            buttons.append(
                {"title": f"{i}. {shorten(case, 56)}", "payload": '/dossier_choice{"choice":"case:%d"}' % (i - 1)}
            )
        lines.append(f"{len(cases) + 1}. Không thuộc trường hợp nào ở trên")
        buttons.append(
            {
                "title": f"{len(cases) + 1}. Không thuộc các trường hợp trên",
                "payload": '/dossier_choice{"choice":"case:none"}',
            }
        )
        return "\n".join(lines), buttons


class AskVolunteerLink(AskSlot):
    slot = LINK_SLOT

    def question(self, tracker):
        return CODE_QUESTION, []


class AskVolunteerConsent(AskSlot):
    slot = "volunteer_consent"

    def question(self, tracker):
        return (
            "Người dân đã đồng ý để bạn nộp hồ sơ và khai thông tin cá nhân giúp họ chưa? "
            "(Chỉ trả lời “Có” khi người dân đã đồng ý rõ ràng.)",
            [{"title": "Có, người dân đồng ý", "payload": "/affirm"}, {"title": "Chưa", "payload": "/deny"}],
        )


class AskDocumentAnswer(AskSlot):
    slot = "document_answer"

    def question(self, tracker):
        return ask_item(tracker)


def _who(tracker) -> str:
    return "người dân (người được nộp hộ)" if tracker.get_slot("dossier_volunteer") else "người nộp hồ sơ"


class AskApplicantName(AskSlot):
    slot = "applicant_name"

    def question(self, tracker):
        return f"👤 Họ và tên {_who(tracker)}? (ví dụ: Nguyễn Văn An)", []


class AskApplicantCccd(AskSlot):
    slot = "applicant_cccd"

    def question(self, tracker):
        return f"🪪 Số CCCD (12 chữ số) của {_who(tracker)}?", []


class AskApplicantPhone(AskSlot):
    slot = "applicant_phone"

    def question(self, tracker):
        return "📞 Số điện thoại di động để cán bộ liên hệ?", []


class AskApplicantAddress(AskSlot):
    slot = "applicant_address"

    def question(self, tracker):
        return "🏠 Địa chỉ (số nhà, đường/thôn, tổ/xóm)?", []


class AskApplicantWard(AskSlot):
    slot = "applicant_ward"

    def question(self, tracker):
        return "📍 Phường/xã nơi ở? (ví dụ: Phường Bến Nghé, Xã Tân Phú)", []


class AskDeliveryMethod(AskSlot):
    slot = "delivery_method"

    def question(self, tracker):
        return (
            "📬 Bạn muốn nhận kết quả bằng cách nào?",
            [
                {"title": "Tại Bộ phận Một cửa", "payload": '/dossier_choice{"choice":"office"}'},
                {"title": "Qua bưu chính công ích", "payload": '/dossier_choice{"choice":"postal"}'},
                {"title": "Trực tuyến", "payload": '/dossier_choice{"choice":"online"}'},
            ],
        )


class AskDossierConfirm(AskSlot):
    slot = "dossier_confirm"

    def question(self, tracker):
        return (
            summary_text(tracker) + "\n\nThông tin đã đúng chưa ạ?",
            [
                {"title": "✅ Xác nhận nộp", "payload": "/affirm"},
                {"title": "Sửa người nộp", "payload": '/dossier_choice{"choice":"edit_applicant"}'},
                {"title": "Sửa giấy tờ", "payload": '/dossier_choice{"choice":"edit_documents"}'},
                {"title": "Sửa cách nhận", "payload": '/dossier_choice{"choice":"edit_delivery"}'},
                {"title": "Hủy", "payload": "/cancel_dossier"},
            ],
        )
