"""Explaining a paper in plain words: "giấy chứng sinh là gì?", inside the document walk or outside the form.

``GLOSSARY`` holds the plain-words explanations of common papers; ``explanation`` adds the catalog's wording,
copies, template and when the paper is needed (its case, or the paper it replaces).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core.replies import shorten
from actions.dossier.checklist import ALTERNATIVE, case_items, is_optional, kind_of
from actions.dossier.common import copies_text
from actions.dossier.paper_questions import case_line, when_needed
from nlu.vietnamese_text import fold

# Plain-words explanations of common papers: (folded words that identify the paper, explanation).
GLOSSARY: Tuple[Tuple[str, str], ...] = (
    (
        "giay chung sinh",
        "Giấy chứng sinh là giấy bệnh viện hoặc trạm y tế nơi bé được sinh ra cấp cho mẹ sau khi sinh. "
        "Nếu bị mất, bạn xin cấp lại tại chính cơ sở y tế đó.",
    ),
    (
        "bien ban tre bi bo roi",
        "Biên bản về việc trẻ bị bỏ rơi do UBND cấp xã hoặc công an lập khi phát hiện trẻ bị bỏ rơi.",
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
        "Văn bản xác nhận của bệnh viện đã thực hiện kỹ thuật hỗ trợ sinh sản.",
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
        "Giấy tờ chứng minh nơi cư trú thường là xác nhận thông tin cư trú (xin tại công an xã hoặc trên VNeID).",
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
# When a glossary paper is needed, for a question without a checklist (a checklist item states its own case).
WHEN_NEEDED: Dict[str, str] = {
    "bien ban tre bi bo roi": "Chỉ cần khi khai sinh cho trẻ bị bỏ rơi.",
    "mang thai ho": "Chỉ cần khi bé sinh ra nhờ mang thai hộ.",
    "cu tru": "Chỉ cần khi cán bộ không tra được thông tin cư trú của bạn trên Cơ sở dữ liệu quốc gia về dân cư.",
}


# ------------------------------------------------------------------------------------------ explaining
def explanation(item: Dict[str, Any]) -> str:
    """Plain words about one paper: the glossary entry if any, the catalog's wording, copies, template, and when it
    is needed (its case, said once) or the paper it replaces."""
    key = _glossary_key(item.get("name", ""))
    if key is None and kind_of(item) != ALTERNATIVE:  # an alternative's wording names the paper it replaces
        key = _glossary_key(item.get("detail", ""))
    replaces = item.get("instead_of", "") if kind_of(item) == ALTERNATIVE else ""
    case = case_line(item) if is_optional(item) and not replaces else ""
    lines = [f"ℹ️ {shorten(item['name'], 160)}"]
    if key is not None:
        lines.append(dict(GLOSSARY)[key])
    detail = re.sub(r"\s+", " ", item.get("detail", "")).strip()
    if case:
        detail = _without_case_remark(detail, item)
    if detail and fold(detail) != fold(item["name"]):
        lines.append(f"Theo quy định: {shorten(detail, 400)}")
    copies = copies_text(item.get("copies", ""))
    if copies:
        lines.append(f"Số lượng: {copies}.")
    if item.get("template"):
        lines.append(f"Mẫu: {shorten(item['template'], 120)} (có tại Bộ phận Một cửa hoặc trên Cổng Dịch vụ công).")
    if replaces:
        lines.append(f"Dùng thay cho: {shorten(replaces, 120)}.")
    elif case:
        lines.append(case)
    return "\n".join(line.strip() for line in lines)


def _without_case_remark(detail: str, item: Dict[str, Any]) -> str:
    """The catalog's wording without its closing "(trường hợp …)" remark when that remark is the case the answer
    states on its own line."""
    remark = re.search(r"\s*\(([^()]*)\)\s*$", detail)
    if remark and fold(when_needed(item)) in fold(remark.group(1)):
        return detail[: remark.start()]
    return detail


def _glossary_key(text: str) -> Optional[str]:
    folded = fold(text)
    return next((key for key, _ in GLOSSARY if key in folded), None)


def explain_by_words(text: str) -> Optional[str]:
    """An explanation for a question that names a paper ("giấy chứng sinh là gì?") without a checklist."""
    key = _glossary_key(text)
    if key is None:
        return None
    return " ".join(part for part in (dict(GLOSSARY)[key], WHEN_NEEDED.get(key, "")) if part)


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


class ActionExplainDocument(Action):
    """explain_document outside the form: "giấy chứng sinh là gì?"."""

    def name(self) -> Text:
        return "action_explain_document"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        items = case_items(tracker) if tracker.get_slot("dossier_items") else []
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
