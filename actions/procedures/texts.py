"""Chat text for procedures: short messages that read well on a phone.

Everything citizen-facing is polite Vietnamese addressing the citizen as "bạn". Functions take a
knowledge_base.model.Procedure (duck-typed: only attributes are read) and return plain strings;
``split_message`` cuts long text at line boundaries under the channel limit (Telegram: 4,096 characters).
"""

from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence, Tuple

from actions.core.replies import Button, shorten
from actions.settings import HOTLINE, PORTAL

CHANNEL_LABELS = {"online": "Trực tuyến", "postal": "Qua bưu chính", "in_person": "Trực tiếp"}
UNKNOWN = "Không có thông tin"

# Follow-up questions offered as buttons after an answer: (aspect, title, payload)
FOLLOW_UPS: Tuple[Tuple[str, str, str], ...] = (
    ("documents", "Giấy tờ cần nộp", "/ask_documents"),
    ("fee", "Lệ phí", "/ask_fee"),
    ("time", "Thời gian giải quyết", "/ask_time"),
    ("where", "Nộp ở đâu", "/ask_where"),
    ("online", "Nộp trực tuyến?", "/ask_online"),
    ("legal", "Căn cứ pháp lý", "/ask_legal_basis"),
)


def clean(text: Optional[str]) -> str:
    """Collapse whitespace; the catalog's "Không có thông tin" counts as empty."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return "" if text.rstrip(".").lower() == UNKNOWN.lower() else text


def shorten_catalog(text: str, limit: int) -> str:
    """A catalog field shortened for chat ("Không có thông tin" counts as empty)."""
    return shorten(clean(text), limit)


def title(proc) -> str:
    """ "Thủ tục đăng ký khai sinh (mã 1.001193)"."""
    return f"{clean(proc.name)} (mã {proc.code})"


def choice_label(name: str, limit: int = 60) -> str:
    """A button title for a procedure: without the leading "Thủ tục", at most ``limit`` characters."""
    name = re.sub(r"^thủ tục\s+", "", clean(name), flags=re.IGNORECASE)
    name = name[:1].upper() + name[1:]
    return shorten_catalog(name, limit)


def follow_up_buttons(exclude: Iterable[str] = ()) -> List[Button]:
    skip = set(exclude)
    return [{"title": t, "payload": p} for aspect, t, p in FOLLOW_UPS if aspect not in skip]


def choose_payload(code: str) -> str:
    return '/choose_option{"procedure_code":"%s"}' % code


# ---------------------------------------------------------------- channels: time, fee, online
def _channel_label(kind: str) -> str:
    return CHANNEL_LABELS.get(kind, kind)


def _per_channel(proc, attr: str) -> List[Tuple[str, str]]:
    rows = []
    for ch in proc.channels:
        value = clean(getattr(ch, attr, ""))
        rows.append((_channel_label(ch.kind), value))
    return rows


def _same_or_list(rows: List[Tuple[str, str]], empty: str, limit: int = 220) -> str:
    known = [(label, value) for label, value in rows if value]
    if not known:
        return empty
    values = {value for _, value in known}
    if len(values) == 1:
        return shorten_catalog(known[0][1], limit)
    return "\n".join(f"  – {label}: {shorten_catalog(value, limit)}" for label, value in known)


def time_text(proc) -> str:
    return _same_or_list(_per_channel(proc, "time_text"), "chưa có thông tin trong cơ sở dữ liệu")


def fee_text(proc) -> str:
    return _same_or_list(_per_channel(proc, "fee_text"), "chưa có thông tin trong cơ sở dữ liệu")


def channels_text(proc) -> str:
    kinds = []
    for ch in proc.channels:
        label = _channel_label(ch.kind)
        if label not in kinds:
            kinds.append(label)
    return ", ".join(kinds) if kinds else "chưa có thông tin"


def levels_text(proc) -> str:
    return ", ".join(clean(level) for level in proc.levels if clean(level))


def agency_text(proc) -> str:
    return clean(proc.agency) or levels_text(proc) or "chưa có thông tin"


# ---------------------------------------------------------------- answers
def summary(proc) -> str:
    online = "Có" if proc.online else "Không (nộp trực tiếp hoặc qua bưu chính)"
    lines = [
        f"📄 {title(proc)}",
        f"• Cơ quan giải quyết: {shorten_catalog(agency_text(proc), 200)}",
    ]
    fee, time = fee_text(proc), time_text(proc)
    lines.append(f"• Thời hạn: {time}" if "\n" not in time else "• Thời hạn:\n" + time)
    lines.append(f"• Lệ phí: {fee}" if "\n" not in fee else "• Lệ phí:\n" + fee)
    lines.append(f"• Nộp trực tuyến: {online}")
    if clean(proc.url):
        lines.append(f"Chi tiết: {clean(proc.url)}")
    return "\n".join(lines)


# "TH" is the catalog's abbreviation of "trường hợp": upper case and a whole word only ("thực hiện" keeps its "th").
_CONDITION_PREFIX = re.compile(
    r"^(?:[-–•*+]\s*)?(?:đối với\s+)?(?:trong\s+)?(?:trường hợp|(?-i:TH)|nếu)(?!\w)\s*:?\s*", re.IGNORECASE
)


def condition_phrase(condition: str) -> str:
    """ "Trường hợp trẻ em bị bỏ rơi" -> "trẻ em bị bỏ rơi"."""
    text = _CONDITION_PREFIX.sub("", clean(condition).strip(" .;:,"))
    return text[:1].lower() + text[1:] if text else ""


def condition_text(condition: str) -> str:
    """ "Trường hợp trẻ sinh ở nước ngoài" -> "nếu trẻ sinh ở nước ngoài"."""
    phrase = condition_phrase(condition)
    return "nếu " + phrase if phrase else ""


def document_line(index: int, doc) -> str:
    name = shorten_catalog(doc.name, 400).rstrip(";,. ")
    extra = []
    copies = clean(doc.copies)
    if copies and not re.fullmatch(r"0 bản chính,?\s*0 bản sao", copies):
        extra.append(copies)
    line = f"{index}. {name}"
    if extra:
        line += f" — {', '.join(extra)}"
    cond = condition_text(doc.condition)
    if cond:
        line += f" ({shorten_catalog(cond, 200)})"
    template = clean(doc.template)
    if template:
        line += f" [mẫu: {shorten_catalog(template, 80)}]"
    return line


def documents_text(proc) -> str:
    docs = list(proc.documents)
    if not docs:
        raw = clean((proc.raw or {}).get("thanh_phan_ho_so", "")) if getattr(proc, "raw", None) else ""
        if raw:
            return f"Giấy tờ cho {title(proc)} (theo cơ sở dữ liệu):\n{raw}"
        return (
            f"Cơ sở dữ liệu chưa có danh sách giấy tờ của {title(proc)}. "
            f"Bạn xem chi tiết tại {clean(proc.url) or PORTAL} hoặc hỏi Bộ phận Một cửa nơi nộp ạ."
        )
    # keep the catalog's groups in order; inside a group, the papers everyone needs come first
    group_order = {}
    for doc in docs:
        group_order.setdefault(clean(doc.group), len(group_order))
    docs.sort(key=lambda d: (group_order[clean(d.group)], bool(clean(d.condition))))
    lines = [f"Giấy tờ cần chuẩn bị cho {title(proc)}:"]
    group = None
    index = 0
    for doc in docs:
        g = clean(doc.group)
        if g and g != group:
            lines.append(f"\n{shorten_catalog(g, 200).rstrip(':')}:")
            group = g
        index += 1
        lines.append(document_line(index, doc))
    notes = [clean(n) for n in getattr(proc, "document_notes", ()) if clean(n)]
    if notes:
        lines.append("\nLưu ý:")
        lines.extend(f"• {shorten_catalog(n, 400)}" for n in notes)
    if any(clean(d.condition) for d in docs):
        lines.append("\nGiấy tờ ghi “(nếu …)” chỉ cần khi bạn thuộc trường hợp đó.")
    return "\n".join(lines)


def fee_answer(proc) -> str:
    fee = fee_text(proc)
    head = f"Lệ phí {clean(proc.name)[:1].lower() + clean(proc.name)[1:]} (mã {proc.code}):"
    return head + (f" {fee}" if "\n" not in fee else "\n" + fee)


def time_answer(proc) -> str:
    time = time_text(proc)
    head = f"Thời hạn giải quyết {clean(proc.name)[:1].lower() + clean(proc.name)[1:]} (mã {proc.code}):"
    return head + (f" {time}" if "\n" not in time else "\n" + time)


def where_answer(proc, ward: str = "") -> str:
    lines = [f"Nơi giải quyết {title(proc)}:", f"• Cơ quan: {shorten_catalog(agency_text(proc), 400)}"]
    address = clean(proc.address)
    if address:
        lines.append(f"• Nơi tiếp nhận: {shorten_catalog(address, 400)}")
    levels = levels_text(proc)
    if levels:
        lines.append(f"• Cấp thực hiện: {levels}")
    lines.append(f"• Cách nộp: {channels_text(proc)}")
    ward = clean(ward)
    if ward and any("xã" in level.lower() for level in proc.levels):
        lines.append(
            f"• Bạn ở {ward}: thủ tục này làm ở cấp xã, nên bạn nộp tại Bộ phận Một cửa của {ward} (hoặc công an "
            f"{ward} nếu cơ quan là công an)."
        )
    lines.append(
        "Thường bạn nộp tại Bộ phận Một cửa của cơ quan trên (UBND xã/phường hoặc Trung tâm Phục vụ hành chính công "
        "tỉnh)."
    )
    return "\n".join(lines)


def online_answer(proc) -> str:
    if proc.online:
        url = clean(proc.url) or PORTAL
        return (
            f"Có ạ. {title(proc)} nộp trực tuyến được trên Cổng Dịch vụ công quốc gia ({PORTAL}).\n"
            f"• Cách nộp: {channels_text(proc)}\n"
            f"• Bạn cần tài khoản định danh điện tử VNeID mức 2 để đăng nhập.\n"
            f"Trang thủ tục: {url}"
        )
    return (
        f"Theo cơ sở dữ liệu, {title(proc)} chưa nộp trực tuyến được.\n"
        f"• Cách nộp: {channels_text(proc)}\n"
        f"Bạn mang hồ sơ đến {shorten_catalog(agency_text(proc), 200)} hoặc gửi qua bưu chính (nếu thủ tục cho phép) ạ."
    )


def legal_answer(proc) -> str:
    items = [lb for lb in proc.legal_basis if clean(lb.title) or clean(lb.number)]
    if not items:
        return (
            f"Cơ sở dữ liệu chưa ghi căn cứ pháp lý cho {title(proc)}. Bạn xem thêm tại {clean(proc.url) or PORTAL} ạ."
        )
    lines = [f"Căn cứ pháp lý của {title(proc)}:"]
    for i, lb in enumerate(items, 1):
        name, number = clean(lb.title), clean(lb.number)
        if number and number not in name:
            name = f"{name} ({number})" if name else number
        lines.append(f"{i}. {shorten_catalog(name, 300)}")
    return "\n".join(lines)


VARIANTS_HEADING = "Thủ tục này có nhiều trường hợp. Bạn làm theo trường hợp nào ạ?"
VARIANT_NOT_CLEAR_HEADING = "Tôi chưa rõ bạn chọn trường hợp nào. Bạn làm theo trường hợp nào ạ?"
ALTERNATIVES_HEADING = "Xin lỗi bạn. Có phải bạn cần một trong các thủ tục sau không ạ?"


def variants_question(hits: Sequence, heading: str = VARIANTS_HEADING) -> Tuple[str, List[Button]]:
    lines = [heading]
    buttons = []
    for i, hit in enumerate(hits, 1):
        lines.append(f"{i}. {clean(hit.name)} (mã {hit.code})")
        buttons.append({"title": f"{i}. {choice_label(hit.name, 56)}", "payload": choose_payload(hit.code)})
    return "\n".join(lines), buttons


def out_of_catalog(query: str) -> str:
    q = shorten_catalog(query, 80)
    return (
        f"Xin lỗi, tôi không tìm thấy thủ tục phù hợp với “{q}” trong Cơ sở dữ liệu thủ tục hành chính "
        "mà tôi có (các lĩnh vực của Bộ Công an, Tư pháp, Tài chính, Xây dựng, Nông nghiệp và Môi trường, "
        "Ngân hàng Nhà nước). Thủ tục về y tế, giáo dục, nội vụ, bảo hiểm xã hội hiện chưa có.\n"
        f"Bạn có thể gọi tổng đài {HOTLINE} (miễn phí) hoặc gửi phản ánh, kiến nghị để được hướng dẫn ạ."
    )
