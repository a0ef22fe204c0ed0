"""Answers about where to file, filing online, the legal basis, and the overview of a procedure."""

from __future__ import annotations

import re

from actions.core.replies import shorten
from actions.procedures.render.common import ASPECT_LIMIT, budget_left, compose, fit, short_name
from actions.procedures.render.facts import fee_summary, time_summary
from actions.procedures.texts import agency_text, channels_text, clean, levels_text
from actions.settings import PORTAL

LEGAL_LINE_LIMIT = 120  # characters of one legal document's title
SUMMARY_NAME_LIMIT = 150  # characters of the procedure's name heading the overview
MORE_LEGAL = "… và {count} văn bản khác (xem trang chính thức)."
_LEVEL = re.compile(r"\bcấp (?:Xã|Huyện|Tỉnh)\b")


COMMUNE_OFFICE = "Bộ phận Một cửa cấp xã"


def place_text(proc) -> str:
    """The agency, or without one the one-stop office of its levels ("Bộ phận Một cửa cấp xã"); a procedure done
    at the commune level whose agency names no commune office has that office first (chứng thực: the notaries
    and embassies the catalog lists are not where most citizens go)."""
    levels = [clean(level).lower() for level in proc.levels if clean(level)]
    agency = _LEVEL.sub(lambda m: m.group(0).lower(), clean(proc.agency).rstrip(" ."))  # "Công an cấp Xã" -> "cấp xã"
    if agency:
        if "cấp xã" in levels and not re.search(r"\b(?:xã|phường)\b", agency, re.IGNORECASE):
            return f"{COMMUNE_OFFICE}; {agency}"
        return agency
    return f"Bộ phận Một cửa {' hoặc '.join(levels)}" if levels else agency_text(proc)


def where_answer(proc, ward: str = "") -> str:
    lines = [f"Nơi nộp hồ sơ {short_name(proc)}: {fit(place_text(proc), 160).rstrip('.')}."]
    address = clean(proc.address)
    if address:
        lines.append(f"• Địa chỉ tiếp nhận: {fit(address, 140)}")
    levels = levels_text(proc)
    if levels and clean(proc.agency):
        lines.append(f"• Cấp thực hiện: {levels}")
    lines.append(f"• Cách nộp: {channels_text(proc)}")
    ward = clean(ward)
    if ward and any("xã" in level.lower() for level in proc.levels):
        lines.append(f"• Thủ tục làm ở cấp xã: bạn ở {ward} thì nộp tại Bộ phận Một cửa của {ward}.")
    return compose([fit(line, budget_left(ASPECT_LIMIT, lines[:i], proc)) for i, line in enumerate(lines)], proc)


def online_answer(proc) -> str:
    name = short_name(proc)
    if proc.online:
        lines = [
            f"Nộp trực tuyến: có. Bạn nộp {name} trên Cổng Dịch vụ công quốc gia ({PORTAL}).",
            f"• Các cách nộp: {channels_text(proc)}",
            "• Bạn đăng nhập bằng tài khoản định danh điện tử VNeID mức 2.",
        ]
    else:
        lines = [
            f"Nộp trực tuyến: chưa. Theo cơ sở dữ liệu, {name} chưa nộp trực tuyến được.",
            f"• Các cách nộp: {channels_text(proc)}",
            f"• Bạn mang hồ sơ đến {fit(place_text(proc), 160)}.",
        ]
    return compose(lines, proc)


def legal_answer(proc) -> str:
    items = [lb for lb in proc.legal_basis if clean(lb.title) or clean(lb.number)]
    name = short_name(proc)
    if not items:
        return compose([f"Căn cứ pháp lý của {name}: cơ sở dữ liệu chưa ghi."], proc)
    texts = []
    for basis in items:
        text, code = clean(basis.title), clean(basis.number)
        if code and code not in text:
            text = f"{text} ({code})" if text else code
        texts.append(fit(text, LEGAL_LINE_LIMIT))
    texts = list(dict.fromkeys(texts))
    lines = [f"Căn cứ pháp lý của {name}:"]
    for number, text in enumerate(texts, 1):
        line = f"{number}. {text}"
        if len(line) > budget_left(ASPECT_LIMIT, lines, proc) - len(MORE_LEGAL):
            lines.append(MORE_LEGAL.format(count=len(texts) - number + 1))
            break
        lines.append(line)
    return compose(lines, proc)


def summary_answer(proc) -> str:
    online = "có" if proc.online else "chưa (nộp trực tiếp hoặc qua bưu chính)"
    lines = [
        f"📄 {shorten(clean(proc.name), SUMMARY_NAME_LIMIT)} (mã {proc.code})",
        f"• Cơ quan giải quyết: {fit(place_text(proc), 150)}",
        f"• Thời hạn: {fit(time_summary(proc), 150)}",
        f"• Lệ phí: {fit(fee_summary(proc), 150)}",
        f"• Nộp trực tuyến: {online}",
    ]
    return compose(lines, proc)
