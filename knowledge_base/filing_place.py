"""Where the steps text says a dossier is filed, for the records whose agency field is empty.

237 of the catalog's 2,642 records name no agency (neither "cơ quan thực hiện" nor "cơ quan có thẩm quyền"); the place
answer then guessed from the levels alone ("Ủy ban nhân dân cấp xã (Bộ phận Một cửa)"), which sends a tax return to
the commune's committee. Most of them say it in their first steps: "… chuẩn bị hồ sơ … gửi đến cơ quan thuế quản lý
trực tiếp", "nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã", "nộp hồ sơ đến Sở Tư pháp nơi … đặt trụ sở".
``filing_place`` gives the first such body (none when it is only a kind: "Cơ quan tiếp nhận"): after a verb of
filing ("nộp", "gửi") and a preposition of destination ("tại", "đến", "tới", "cho", "về"), starting with a body's
word (Trung tâm, Ủy ban, cơ quan, Sở, Phòng…), ended at a clause mark or at a word that starts another part of the
sentence ("hoặc", "bằng", "để", "kèm"…), never a foreign authority ("cơ quan có thẩm quyền của nước ngoài"); "" when
the steps name none.

    .venv/bin/python -m knowledge_base.filing_place    # how many records without an agency it reads, and what
"""

from __future__ import annotations

import re

PLACE_WORDS = 24  # words of the named body at most ("Cơ quan được Chủ tịch Ủy ban nhân dân cấp tỉnh giao …")
MIN_WORDS = 2  # "Sở" alone names no body
_BODY = (
    r"(?:Trung tâm|Ủy ban|Uỷ ban|UBND|[Cc]ơ quan|Bộ phận|Sở|Phòng|Văn phòng|Cục|Chi cục|Tổng cục|Bộ|Ngân hàng|"
    r"Kho bạc|Công an|Tòa án|Toà án|Ban quản lý|Cảng vụ|Hội đồng|Thanh tra|Bảo hiểm xã hội|BHXH)"
)
# characters between the verb and the preposition: near first; then farther, for a long paper's name ("gửi Thông báo
# về việc thành lập địa điểm kinh doanh, thay đổi thông tin, tạm ngừng kinh doanh, … đến cơ quan thuế …")
REACHES = (120, 220)
_FILED_AT = tuple(
    re.compile(
        rf"\b(?:nộp|gửi)\b[^.;:\n]{{0,{reach}}}?\b(?:tại|đến|tới|cho|về)\s+(?:(?:trực tiếp|các|một trong các)\s+)?"
        rf"(?P<body>{_BODY}\b[^.;:\n]*)"
    )
    for reach in REACHES
)
# where the body's words end: a clause mark, a bracket, a number ("Cơ quan thuế 02 (hai) hồ sơ"), or a word that
# starts another part of the sentence; a comma or "và" before a capital goes on with the body's name ("Sở Văn hóa,
# Thể thao và Du lịch")
_END = re.compile(
    r"\s*(?:[(\[]|\s-\s|\s\d|,(?!\s*[A-ZĐÀ-Ỹ])|\bvà\b(?!\s*[A-ZĐÀ-Ỹ])|\b(?:hoặc|bằng|thông qua|qua|theo|để|kèm|"
    r"nếu|trong|thì|khi|nộp|gồm|sau khi|trước khi|đồng thời|trực tiếp\s+(?:tại|hoặc|qua|bằng)|hồ sơ|chậm nhất|"
    r"cùng với|đề nghị|(?<![Cc]ơ quan )được)\b)"
)
# the kind of body, not which one ("Cơ quan tiếp nhận")
_VAGUE = re.compile(
    r"^(?:cơ quan|bộ phận|trung tâm|văn phòng|phòng|sở|bộ|cục)(?: (?:tiếp nhận|thẩm định|có thẩm quyền|giải quyết))?$",
    re.IGNORECASE,
)
_FOREIGN = re.compile(r"\bnước ngoài\b", re.IGNORECASE)


def filing_place(steps: str) -> str:
    """The body the ``steps`` text says the dossier is filed at, as the catalog words it; "" when none is named (a
    body after the verb's nearer reach first, REACHES)."""
    for pattern in _FILED_AT:
        place = _first_body(pattern, steps or "")
        if place is not None:
            return place
    return ""


def _first_body(pattern: re.Pattern, steps: str) -> str | None:
    """The first body ``pattern`` finds ("" when it is only a kind of body); None when it finds none."""
    for match in pattern.finditer(steps):
        body = match.group("body")
        end = _END.search(body, 1)
        words = (body[: end.start()] if end else body).split()[:PLACE_WORDS]
        place = " ".join(words).rstrip(" ,")
        if len(words) < MIN_WORDS or _FOREIGN.search(place):
            continue
        # the first body named is where the citizen files; a later one may be an agency's own step
        return "" if _VAGUE.match(place) else place[:1].upper() + place[1:]
    return None


def main() -> None:
    from knowledge_base.catalog import load_catalog
    from knowledge_base.config import settings

    procedures = load_catalog(settings().catalog_path)
    without = [p for p in procedures if not p.agency.strip()]
    read = [(p, filing_place(p.steps)) for p in without]
    print(f"{len(procedures)} records, {len(without)} without an agency, {sum(1 for _, f in read if f)} read")
    for proc, place in read:
        print(f"{proc.code} {proc.name[:60]}: {place or '-'}")


if __name__ == "__main__":
    main()
