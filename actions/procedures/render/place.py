"""Answers about where to file, filing online, the legal basis, and the overview of a procedure."""

from __future__ import annotations

import re

from actions.clients import knowledge_base as kb_client
from actions.core.replies import shorten
from actions.procedures.render.common import ASPECT_LIMIT, budget_left, compose, fit, short_name
from actions.procedures.render.facts import fee_summary, time_summary
from actions.procedures.render.legal import TITLE_LIMIT, cited, cited_line, for_answer
from actions.procedures.render.main_papers import main_paper_names, papers_line
from actions.procedures.render.precondition import precondition_line
from actions.procedures.texts import agency_text, channels_text, clean, levels_text
from actions.settings import PORTAL

MAX_LEGAL = 6  # legal documents listed; the official page has the rest
LEGAL_LINE_MIN = 70  # characters a listed document's line is cut to at the shortest, so that MAX_LEGAL fit
# characters of the procedure's name heading the overview and of each fact, tried in turn until the card fits
SUMMARY_FITS = ((150, 150), (110, 120), (80, 90), (60, 70))
PAPERS_LINE = 220  # characters of the overview's line of main papers
MORE_LEGAL = "… và {count} văn bản khác (xem trang chính thức)."
_LEVEL = re.compile(r"\bcấp (?:Xã|Huyện|Tỉnh)\b")
ONE_STOP = "Bộ phận Một cửa"
COMMUNE = "cấp xã"
# One People's Committee, its levels perhaps listed ("Ủy ban Nhân dân xã, phường, thị trấn"), not a list of bodies
_COMMITTEE = re.compile(r"^(?:Ủy ban nhân dân|UBND)\b(?!.*,\s*(?-i:[A-ZĐ]))", re.IGNORECASE)
_CHAIRMAN = re.compile(
    r"^Chủ tịch\s+(?=Ủy ban nhân dân|UBND)", re.IGNORECASE
)  # decides; the file goes to the committee
# a body every level has, named without its level (or by its competence only): the record's one level says which
_LEVELLESS = re.compile(
    r"^(?P<body>Trung tâm Phục vụ hành chính công|Bộ phận (?:Một cửa|tiếp nhận và trả kết quả)|Ủy ban nhân dân)"
    r"(?: có thẩm quyền)?$",
    re.IGNORECASE,
)
# A department named without the authority it belongs to ("Phòng cảnh sát quản lý hành chính về trật tự xã hội"):
# the record's one level says whose it is, by the ministry the record belongs to.
_DEPARTMENT = re.compile(r"^(?:Phòng|Cục|Đội)\b", re.IGNORECASE)
PARENTS = {"bo-cong-an": {"cấp tỉnh": "Công an cấp tỉnh", "cấp bộ": "Bộ Công an"}}
_NAMES_PARENT = re.compile(r"\b(?:công an|bộ)\b", re.IGNORECASE)
_OFFICE = re.compile(r"^(?:Trung tâm Phục vụ hành chính công|Bộ phận (?:Một cửa|tiếp nhận))", re.IGNORECASE)
_NAMES_COMMUNE = re.compile(r"\b(?:xã|phường)\b", re.IGNORECASE)


def _committee(levels: list[str]) -> str:
    return f"Ủy ban nhân dân {' hoặc '.join(levels)} ({ONE_STOP})"


def _committee_named(proc, level: str) -> bool:
    """Whether the record makes the People's Committee of `level` the body: the commune level always is (its
    procedures without an agency are the commune People's Committee's); another level when the steps or the
    result name that committee ("Ủy ban nhân dân cấp tỉnh", "UBND tỉnh")."""
    if level == COMMUNE:
        return True
    place = level.removeprefix("cấp ")
    text = " ".join([proc.steps, *proc.results])
    return bool(re.search(rf"(?:Ủy ban nhân dân|UBND)\s+(?:cấp\s+)?{place}\b", text, re.IGNORECASE))


def place_text(proc) -> str:
    """The body the catalog gives, then where to file in it: the agency ("Công an cấp xã"; a People's Committee
    with its one-stop office: "Ủy ban nhân dân cấp xã (Bộ phận Một cửa)"), or without one the body its steps say the
    dossier is filed at ("Cơ quan thuế quản lý trực tiếp"; a one-stop office of the one level where the record
    makes the committee the body, with that committee: "Ủy ban nhân dân cấp xã (Trung tâm Phục vụ hành chính công
    cấp xã)"), or without that the People's Committee
    of the levels where the record makes it the body, else the one-stop office of the level. A procedure done at
    the commune level whose agency names no commune body has the commune's one-stop office first (chứng thực:
    the notaries and embassies the catalog lists are not where most citizens go)."""
    levels = [clean(level).lower() for level in proc.levels if clean(level)]
    agency = agency_body(proc)
    if agency:
        if _COMMITTEE.match(agency):
            return f"{agency} ({ONE_STOP})"
        if COMMUNE in levels and not _NAMES_COMMUNE.search(agency):
            return f"{ONE_STOP} {COMMUNE}; {agency}"
        return agency
    committees = [level for level in levels if _committee_named(proc, level)]
    filed_at = _body(kb_client.filing_place(proc))  # what the steps say, when the record names no agency
    levelless = _LEVELLESS.match(filed_at)
    if levelless and len(levels) == 1:  # "Trung tâm Phục vụ hành chính công (có thẩm quyền)" of one level
        filed_at = f"{levelless.group('body')} {levels[0]}"
        if _OFFICE.match(filed_at) and committees:  # the committee decides; its office takes the dossier
            return f"Ủy ban nhân dân {levels[0]} ({filed_at})"
    if filed_at:
        return f"{filed_at} ({ONE_STOP})" if _COMMITTEE.match(filed_at) else filed_at
    if not levels:
        return agency_text(proc)
    others = [level for level in levels if level not in committees]
    places = ([_committee(committees)] if committees else []) + (
        [f"{ONE_STOP} {' hoặc '.join(others)}"] if others else []
    )
    return " hoặc ".join(places)


def agency_body(proc) -> str:
    """The record's agency in a clerk's words, a department with the authority it belongs to ("Phòng cảnh sát quản
    lý hành chính về trật tự xã hội, Công an cấp tỉnh"); "" when the record names none."""
    agency = _body(proc.agency)
    levels = [clean(level).lower() for level in proc.levels if clean(level)]
    parent = PARENTS.get(proc.ministry, {}).get(levels[0], "") if len(levels) == 1 else ""
    if parent and _DEPARTMENT.match(agency) and not _NAMES_PARENT.search(agency):
        return f"{agency}, {parent}"
    return agency


def _body(text: str) -> str:
    """A body as the catalog writes it, in a clerk's words: "Công an cấp Xã" -> "Công an cấp xã", "UBND" spelled
    out, the chairman's decision filed with his committee."""
    body = _LEVEL.sub(lambda m: m.group(0).lower(), clean(text).rstrip(" ."))
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", _CHAIRMAN.sub("", body))


def where_answer(proc, ward: str = "", reserve: int = 0) -> str:
    """Where to file, within ASPECT_LIMIT characters, ``reserve`` of them kept for a line sent with it (a note)."""
    limit = ASPECT_LIMIT - reserve
    lines = [f"Nơi nộp hồ sơ {short_name(proc)}: {fit(place_text(proc), 160).rstrip('.')}."]
    address = clean(proc.address)
    if address:
        lines.append(f"• Địa chỉ tiếp nhận: {fit(address, 140)}")
    levels = levels_text(proc)
    if levels and (clean(proc.agency) or kb_client.filing_place(proc)):
        lines.append(f"• Cấp thực hiện: {levels}")
    lines.append(f"• Cách nộp: {channels_text(proc)}")
    ward = clean(ward)
    if ward and any("xã" in level.lower() for level in proc.levels):
        lines.append(f"• Thủ tục làm ở cấp xã: bạn ở {ward} thì nộp tại Bộ phận Một cửa của {ward}.")
    return compose([fit(line, budget_left(limit, lines[:i], proc)) for i, line in enumerate(lines)], proc)


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


def legal_answer(proc, reserve: int = 0, question: str = "") -> str:
    """The legal basis in a clerk's order (render.legal), the kind the ``question`` asks for first and amending texts
    after the texts they amend when there are more than MAX_LEGAL: at most MAX_LEGAL documents, their lines
    shortened so that as many fit within ASPECT_LIMIT characters less ``reserve``."""
    entries = for_answer(cited(proc.legal_basis), question, MAX_LEGAL)
    name = short_name(proc)
    if not entries:
        return compose([f"Căn cứ pháp lý của {name}: cơ sở dữ liệu chưa ghi."], proc)
    lines = [f"Căn cứ pháp lý của {name}:"]
    listed = entries[:MAX_LEGAL]
    room = budget_left(ASPECT_LIMIT - reserve, lines, proc) - len(MORE_LEGAL)
    each = min(TITLE_LIMIT, max(LEGAL_LINE_MIN, room // len(listed) - len("1. ") - 1))
    for number, entry in enumerate(listed, 1):
        line = f"{number}. {cited_line(entry, each)}"
        if len(line) > budget_left(ASPECT_LIMIT - reserve, lines, proc) - len(MORE_LEGAL):
            break
        lines.append(line)
    more = len(entries) - (len(lines) - 1)
    if more > 0:
        lines.append(MORE_LEGAL.format(count=more))
    return compose(lines, proc)


def summary_answer(proc, reserve: int = 0) -> str:
    """The overview card within ASPECT_LIMIT characters, ``reserve`` of them kept for a line sent with it (a note,
    a lead): the name and the facts shortened step by step (SUMMARY_FITS) until it fits, then the main papers of the
    common case (render.main_papers) and a precondition (render.precondition) while they fit."""
    online = "có" if proc.online else "chưa (nộp trực tiếp hoặc qua bưu chính)"
    name, place, time, fee = clean(proc.name), place_text(proc), time_summary(proc), fee_summary(proc)  # read once
    papers = main_paper_names(proc)
    for name_limit, fact_limit in SUMMARY_FITS:
        lines = [
            f"📄 {shorten(name, name_limit)} (mã {proc.code})",
            f"• Cơ quan giải quyết: {fit(place, fact_limit)}",
            f"• Thời hạn: {fit(time, fact_limit)}",
            f"• Lệ phí: {fit(fee, fact_limit)}",
            f"• Nộp trực tuyến: {online}",
        ]
        if len(compose(lines, proc)) + reserve <= ASPECT_LIMIT:
            break
    shown = papers_line(papers, min(budget_left(ASPECT_LIMIT - reserve, lines, proc), PAPERS_LINE))
    lines = lines[:2] + [shown] + lines[2:]
    condition = precondition_line(proc, budget_left(ASPECT_LIMIT - reserve, lines, proc))
    return compose(lines[:3] + [condition] + lines[3:], proc)
