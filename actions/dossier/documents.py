"""The document walk of dossier_form: one checklist item at a time.

For each item the citizen sends a photo/file (REST: ``/attach_document{"file_name", "mime", "data_base64"}``),
reuses a paper from their personal store, or says they will bring the paper to the office; a conditional item
first asks whether its case applies. "… là gì?" explains the paper in plain words. Each answer is recorded in
``dossier_documents`` ({item key: {name, provision, stored_file_id?, stored_document_id?}}) and the index moves on.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core.replies import shorten
from actions.core.validation import check_yes_no
from actions.dossier.attachments import upload
from actions.dossier.common import active_items, copies_text, current_item, matching_stored
from actions.procedures.texts import condition_phrase
from common.limits import UPLOAD_MAX_TEXT
from nlu.vietnamese_text import fold

logger = logging.getLogger(__name__)


UPLOAD_HOW = (
    "📎 Cách gửi: bấm nút đính kèm (biểu tượng kẹp giấy) trong khung chat, chọn ảnh chụp rõ nét cả trang giấy "
    f"(JPEG, PNG) hoặc tệp PDF, tối đa {UPLOAD_MAX_TEXT}. Mỗi lần gửi một giấy."
)

# Plain-words explanations of common papers: (folded words that identify the paper, explanation).
GLOSSARY: Tuple[Tuple[str, str], ...] = (
    (
        "giay chung sinh",
        "Giấy chứng sinh là giấy bệnh viện hoặc trạm y tế nơi bé được sinh ra cấp cho mẹ sau khi sinh. "
        "Nếu bị mất, bạn xin cấp lại tại chính cơ sở y tế đó.",
    ),
    (
        "bien ban tre bi bo roi",
        "Biên bản về việc trẻ bị bỏ rơi do UBND cấp xã hoặc công an lập khi phát hiện trẻ bị bỏ rơi; "
        "chỉ cần khi khai sinh cho trẻ bị bỏ rơi.",
    ),
    (
        "uy quyen",
        "Văn bản ủy quyền là giấy bạn viết để nhờ người khác đi làm thủ tục thay mình, thường phải được chứng thực "
        "(tại UBND xã hoặc văn phòng công chứng). Ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột làm thay thì "
        "không cần "
        "chứng thực, chỉ cần giấy tờ chứng minh quan hệ.",
    ),
    (
        "mang thai ho",
        "Văn bản xác nhận của bệnh viện đã thực hiện kỹ thuật hỗ trợ sinh sản; chỉ cần khi bé sinh ra nhờ mang thai "
        "hộ.",
    ),
    (
        "to khai",
        "Tờ khai là mẫu đơn in sẵn để bạn điền thông tin. Bạn lấy mẫu tại Bộ phận Một cửa hoặc tải trên "
        "Cổng Dịch vụ công, điền và ký tên; khi nộp trực tuyến thì điền ngay trên mạng.",
    ),
    (
        "mau ho tich dien tu",
        "Mẫu hộ tịch điện tử tương tác là tờ khai điện tử điền trực tiếp trên Cổng Dịch vụ công khi nộp "
        "trực tuyến; nộp tại Bộ phận Một cửa thì dùng tờ khai giấy là đủ.",
    ),
    (
        "can cuoc",
        "Giấy tờ tùy thân có ảnh: thẻ căn cước/căn cước công dân, hộ chiếu hoặc căn cước điện tử trên VNeID "
        "của người đi nộp hồ sơ. Thường chỉ cần xuất trình (đưa cán bộ xem), không phải nộp lại.",
    ),
    (
        "ho chieu",
        "Hộ chiếu hoặc thẻ căn cước của người đi nộp hồ sơ, để cán bộ đối chiếu nhân thân; thường chỉ xuất trình.",
    ),
    (
        "cu tru",
        "Giấy tờ chứng minh nơi cư trú chỉ cần khi cán bộ không tra được thông tin cư trú của bạn trên Cơ sở dữ liệu "
        "quốc gia về dân cư; thường là xác nhận thông tin cư trú (xin tại công an xã hoặc trên VNeID).",
    ),
    (
        "ket hon",
        "Giấy chứng nhận kết hôn của cha mẹ, để ghi thông tin người cha/mẹ; nếu chưa đăng ký kết hôn thì không cần.",
    ),
    (
        "hop dong",
        "Hợp đồng hoặc văn bản cho thuê, cho mượn, cho ở nhờ nhà, có công chứng hoặc chứng thực, chứng minh bạn "
        "được ở hợp pháp tại chỗ ở đó.",
    ),
    (
        "cho o hop phap",
        "Giấy tờ chứng minh chỗ ở hợp pháp: sổ đỏ/sổ hồng, hợp đồng mua bán, hợp đồng thuê nhà… "
        "Nhiều nơi đã tra được trên Cơ sở dữ liệu, khi đó không cần nộp.",
    ),
    (
        "giay de nghi dang ky ho kinh doanh",
        "Giấy đề nghị đăng ký hộ kinh doanh là mẫu đơn in sẵn: ghi tên hộ kinh doanh, "
        "địa điểm, ngành nghề, vốn, chủ hộ. Lấy mẫu tại Bộ phận Một cửa hoặc trên Cổng Dịch vụ công.",
    ),
    (
        "an toan thuc pham",
        "Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm là mẫu đơn theo quy định; "
        "kèm bản thuyết minh về nhà xưởng, dụng cụ bảo đảm vệ sinh.",
    ),
    (
        "thuyet minh",
        "Bản thuyết minh là bản tự mô tả cơ sở vật chất, trang thiết bị, dụng cụ bảo đảm an toàn thực phẩm theo mẫu.",
    ),
    (
        "bao hiem y te",
        "Tờ khai tham gia bảo hiểm y tế là mẫu TK1-TS; cán bộ Một cửa thường có sẵn. Trẻ dưới 6 tuổi được "
        "cấp thẻ BHYT miễn phí.",
    ),
    (
        "ho khau",
        "Phiếu báo thay đổi hộ khẩu, nhân khẩu là mẫu đơn để ghi tên bé vào nơi thường trú của cha hoặc mẹ; "
        "lấy tại Bộ phận Một cửa.",
    ),
    (
        "ban sao",
        "Bản sao là bản chụp/photo; “bản sao chứng thực” là bản photo có dấu xác nhận của UBND xã hoặc văn phòng "
        "công chứng. Nếu mang bản chính để đối chiếu thì thường dùng bản photo thường là đủ.",
    ),
)


# ------------------------------------------------------------------------------------------ asking
def sentence(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters, ending with one full stop (or the ellipsis)."""
    text = shorten(text, limit).rstrip(" .")
    return text if text.endswith("…") else text + "."


def upload_button() -> Dict[str, str]:
    return {"title": "📎 Gửi ảnh/tệp", "payload": '/dossier_choice{"choice":"upload_help"}'}


def item_buttons(item: Dict[str, Any], store: Optional[List[Dict[str, Any]]]) -> List[Dict[str, str]]:
    buttons = [upload_button()]
    for doc in matching_stored(item, store)[:1]:
        buttons.append(
            {
                "title": "Dùng giấy đã lưu",
                "payload": '/dossier_choice{"choice":"reuse","stored_document_id":"%s"}' % doc["id"],
            }
        )
    buttons.append({"title": "Mang bản giấy khi đến", "payload": '/dossier_choice{"choice":"paper"}'})
    buttons.append({"title": "Giải thích", "payload": '/dossier_choice{"choice":"explain"}'})
    return buttons


def ask_item(tracker: Tracker) -> Tuple[str, List[Dict[str, str]]]:
    item, index, total = current_item(tracker)
    if item is None:
        return "", []
    head = f"📄 Giấy tờ {index + 1}/{total}: {shorten(item['name'], 160)}"
    copies = copies_text(item.get("copies", ""))
    if copies:
        head += f" ({copies})"
    condition = condition_phrase(item.get("condition", ""))
    if condition and tracker.get_slot("dossier_item_stage") != "provide":
        text = f"{head}\nChỉ cần trong trường hợp: {sentence(condition, 200)}\nTrường hợp này có áp dụng với bạn không?"
        buttons = [
            {"title": "Có", "payload": "/affirm"},
            {"title": "Không", "payload": "/deny"},
            {"title": "Giải thích", "payload": '/dossier_choice{"choice":"explain"}'},
        ]
        return text, buttons
    text = f"{head}\nBạn gửi ảnh/tệp giấy này, hoặc chọn cách khác bên dưới."
    return text, item_buttons(item, tracker.get_slot("dossier_store"))


# ------------------------------------------------------------------------------------------ explaining
def explanation(item: Dict[str, Any]) -> str:
    """Plain words about one paper: the glossary entry if any, the catalog's wording, copies, template."""
    folded = fold(item.get("name", "") + " " + item.get("detail", ""))
    plain = next((text for key, text in GLOSSARY if key in folded), "")
    lines = [f"ℹ️ {shorten(item['name'], 160)}"]
    if plain:
        lines.append(plain)
    detail = re.sub(r"\s+", " ", item.get("detail", "")).strip()
    if detail and fold(detail) != fold(item["name"]):
        lines.append(f"Theo quy định: {shorten(detail, 400)}")
    copies = copies_text(item.get("copies", ""))
    if copies:
        lines.append(f"Số lượng: {copies}.")
    if item.get("template"):
        lines.append(f"Mẫu: {shorten(item['template'], 120)} (có tại Bộ phận Một cửa hoặc trên Cổng Dịch vụ công).")
    condition = condition_phrase(item.get("condition", ""))
    if condition:
        lines.append(f"Chỉ cần khi: {sentence(condition, 200)}")
    return "\n".join(lines)


def explain_by_words(text: str) -> Optional[str]:
    """An explanation for a question that names a paper ("giấy chứng sinh là gì?") without a checklist."""
    folded = fold(text)
    for key, plain in GLOSSARY:
        if key in folded:
            return plain
    return None


def item_named_in(text: str, items: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The checklist item a question names best ("giấy chứng sinh là gì" -> Giấy chứng sinh), if any."""
    said = {w for w in re.findall(r"\w+", fold(text)) if len(w) > 1} - {
        "la",
        "gi",
        "giay",
        "to",
        "nay",
        "sao",
        "vay",
        "the",
        "nao",
        "giai",
        "thich",
    }
    if not said:
        return None
    best, best_score = None, 0.0
    for item in items:
        words = {w for w in re.findall(r"\w+", fold(item["name"])) if len(w) > 1}
        if not words:
            continue
        score = len(said & words) / len(said)
        if score > best_score:
            best, best_score = item, score
    return best if best_score >= 0.6 else None


_EXPLAIN = re.compile(
    r"\b(la gi|la giay gi|la sao|nghia la|giai thich|la cai gi|xin o dau|lay o dau|o dau ra|hieu la)\b"
)


def wants_explanation(tracker: Tracker, text: str) -> bool:
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return intent == "explain_document" or bool(_EXPLAIN.search(fold(text)))


# ------------------------------------------------------------------------------------------ answering
_PAPER = re.compile(
    r"\b(mang|nop|dua|den)\b.*\b(ban giay|ban chinh|giay|truc tiep|khi den|toi noi)\b|\bban giay\b|\bmang theo\b"
)
_REUSE = re.compile(r"\b(dung|lay|su dung)\b.*\b(da co|da luu|trong kho|luu san|kho du lieu|lan truoc)\b")
_UPLOAD_HELP = re.compile(r"\b(gui anh|gui tep|gui file|chup anh|tai len|upload|dinh kem)\b")


def choice_of(tracker: Tracker, text: str) -> str:
    """What the citizen chose for the current paper: attach, reuse, paper, explain, upload_help, or ""."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    entities = {e.get("entity"): e.get("value") for e in message.get("entities") or []}
    if intent == "attach_document" or entities.get("data_base64"):
        return "attach"
    choice = str(entities.get("choice") or "")
    if choice in ("reuse", "paper", "explain", "upload_help"):
        return choice
    folded = fold(text)
    if wants_explanation(tracker, text):
        return "explain"
    if _REUSE.search(folded):
        return "reuse"
    if _PAPER.search(folded):
        return "paper"
    if _UPLOAD_HELP.search(folded):
        return "upload_help"
    return ""


def record(tracker: Tracker, item: Dict[str, Any], provision: str, **extra: Any) -> Dict[str, Any]:
    """Slot values recording ``provision`` for ``item`` and moving to the next paper."""
    documents = dict(tracker.get_slot("dossier_documents") or {})
    entry = {"name": item["name"], "provision": provision}
    entry.update({k: v for k, v in extra.items() if v is not None})
    documents[item["key"]] = entry
    index = int(tracker.get_slot("dossier_item_index") or 0)
    return {
        "dossier_documents": documents,
        "dossier_item_index": float(index + 1),
        "dossier_item_stage": None,
        "document_answer": None,
    }


def pick_stored(tracker: Tracker, item: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    entities = {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}
    store = tracker.get_slot("dossier_store") or []
    wanted = entities.get("stored_document_id")
    if wanted is not None:
        return next((d for d in store if str(d.get("id")) == str(wanted)), None)
    matches = matching_stored(item, store)
    return matches[0] if matches else None


async def answer_document(tracker: Tracker, dispatcher: CollectingDispatcher, text: str) -> Dict[str, Any]:
    """Validate one answer of the document walk; returns the slot values (document_answer None = ask again)."""
    item, _, _ = current_item(tracker)
    if item is None:
        return {"document_answer": None}
    again = {"document_answer": None}
    choice = choice_of(tracker, text)

    if choice == "explain":
        named = item_named_in(text, active_items(tracker)) if not text.startswith("/") else None
        dispatcher.utter_message(text=explanation(named or item))
        return again

    conditional = bool(item.get("condition")) and tracker.get_slot("dossier_item_stage") != "provide"
    if conditional and choice not in ("attach", "reuse", "paper"):
        if choice == "upload_help":
            dispatcher.utter_message(
                text="Trước hết, bạn cho tôi biết trường hợp này có áp dụng với bạn không (Có/Không) nhé."
            )
            return again
        answer = check_yes_no(text, ((tracker.latest_message or {}).get("intent") or {}).get("name") or "")
        if not answer.ok:
            dispatcher.utter_message(text="Tôi chưa rõ ý bạn. " + answer.error)
            return again
        if answer.value:
            return {"dossier_item_stage": "provide", "document_answer": None}
        return record(tracker, item, "not_applicable")

    if choice == "upload_help":
        dispatcher.utter_message(text=UPLOAD_HOW)
        return again
    if choice == "paper":
        return record(tracker, item, "paper_at_office")
    if choice == "reuse":
        stored = pick_stored(tracker, item)
        if stored is None:
            dispatcher.utter_message(
                text="Kho dữ liệu cá nhân của bạn chưa có giấy này. Bạn gửi ảnh/tệp, hoặc chọn “Mang bản giấy khi "
                "đến” nhé."
            )
            return again
        return record(
            tracker, item, "reused", stored_document_id=int(stored["id"]), stored_file_id=stored.get("stored_file_id")
        )
    if choice == "attach":
        stored, error = await upload(tracker)
        if error:
            dispatcher.utter_message(text=error)
            return again
        dispatcher.utter_message(text=f"✅ Đã nhận tệp cho “{shorten(item['name'], 80)}”.")
        return record(tracker, item, "uploaded", stored_file_id=int(stored["stored_file_id"]))

    folded = fold(text)
    if re.search(r"\b(khong co|chua co|mat roi|bi mat|khong con)\b", folded):
        dispatcher.utter_message(
            text="Nếu chưa có giấy này, bạn vẫn có thể chọn “Mang bản giấy khi đến” và bổ sung khi nộp; "
            "bấm “Giải thích” để biết xin giấy này ở đâu."
        )
        return again
    dispatcher.utter_message(
        text="Tôi chưa hiểu ý bạn. Với giấy này, bạn gửi ảnh/tệp, chọn “Dùng giấy đã lưu” (nếu có) hoặc “Mang bản "
        "giấy khi đến” nhé."
    )
    return again


class ActionExplainDocument(Action):
    """explain_document outside the form: "giấy chứng sinh là gì?"."""

    def name(self) -> Text:
        return "action_explain_document"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        items = active_items(tracker) if tracker.get_slot("dossier_items") else []
        named = item_named_in(text, items) if items else None
        if named is not None:
            dispatcher.utter_message(text=explanation(named))
            return []
        plain = explain_by_words(text)
        if plain:
            dispatcher.utter_message(text=plain)
        else:
            dispatcher.utter_message(
                text="Bạn hỏi về giấy tờ nào ạ? Bạn nhắn tên giấy, ví dụ: “giấy chứng sinh là gì?”."
            )
        return []
