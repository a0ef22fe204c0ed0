"""Fees as the catalog states them, in the Vietnamese a citizen reads.

A channel's fee cells arrive run together: the fee cell ("Miễn phí", "150,000 Việt Nam Đồng",
"Lệ phí : 50.000 Đồng", "Không có thông tin"), then often a parenthesised remark about the fee, then the
channel's description. The portal's fee cell is often wrong on its own: "Miễn phí" followed by
"(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần…)". A fee is free only when nothing in its remark names a
fee, said "Miễn lệ phí" when the remark says so (the fee is exempt; a copy may still be paid); otherwise the
remark's amount (or, without one, who sets the amount) is the fee, and the remark is kept, amounts reformatted
("160.000 đồng", never "160,000 Việt Nam Đồng"), as its conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge_base.text import normalize

FREE = "Miễn phí"
FEE_EXEMPT = "Miễn lệ phí"  # the record's word when it exempts the fee only (copies and services may still be paid)
_SAYS_FEE_EXEMPT = re.compile(r"^\W*Miễn lệ phí\b", re.IGNORECASE)
_CURRENCY = r"(?:Việt Nam Đồng|[Vv][Nn][ĐđDd]|đồng|Đồng|đ|Đ)(?![a-zà-ỹ])"  # "20.000 vnđ", "20.000Đ/tờ khai"
# What an amount is per: "/trang", "/lần cấp", "/thẻ căn cước" (three words at most, not a clause).
_PER_WORD = r"\s+(?!(?:và|hoặc|từ|đối|khi|tại|cho|theo|nếu|thì|trường|kể|áp)\b)[^\s,;.)(/]+"
_PER = rf"/\s*[^\s,;.)(]+(?:{_PER_WORD}){{0,2}}"
_AMOUNT = re.compile(rf"(\d{{1,3}}(?:[.,]\d{{3}})+|\d+)\s*{_CURRENCY}(?:\s*({_PER}))?")
_USD = re.compile(rf"(\d+(?:[.,]\d+)?)\s*USD(?:\s*({_PER}))?")
_LEADING_PER = re.compile(rf"^{_PER}")
_CELL_FREE = re.compile(r"^(?:Miễn phí|Không thu phí|Không mất phí)", re.IGNORECASE)
_CELL_UNKNOWN = re.compile(r"^Không có thông tin", re.IGNORECASE)
_CELL_AMOUNT = re.compile(rf"^[\d.,]+\s*(?:{_CURRENCY}|USD)")
_CELL_LABELLED = re.compile(rf"^(?:Lệ phí|Phí)[^:]{{0,80}}:\s*[\d.,]+\s*{_CURRENCY}", re.IGNORECASE)
# Words that name a fee to pay (a remark made only of exemptions does not).
_NAMES_FEE = re.compile(
    r"mức (?:thu|lệ phí|phí)|(?:thu|nộp|trả) (?:lệ )?phí|lệ phí|phí\b|giá dịch vụ|cước", re.IGNORECASE
)
_EXEMPTION = re.compile(r"^(?:[-+•*]\s*)?(?:miễn|không thu|không phải (?:nộp|trả)|không mất)", re.IGNORECASE)
_OPTIONAL_COPY = re.compile(r"cấp bản sao[^.;]{0,80}\(?nếu có yêu cầu", re.IGNORECASE)
_SET_BY_COUNCIL = re.compile(
    r"Hội đồng nhân dân[^.;]{0,60}(?:quyết định|quy định)|(?:quyết định|quy định) của Hội đồng nhân dân", re.IGNORECASE
)
_LEGAL_REFERENCE = re.compile(
    r"(Thông tư|Nghị định|Nghị quyết|Quyết định|Luật)(?:\s+số)?\s+(\d+/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)"
)
# A law cited by its name only: "Theo quy định của Luật phí và lệ phí và các văn bản … hướng dẫn".
_LAW_NAME = re.compile(r"\bLuật ((?:[a-zà-ỹđ]+,? ){0,6}?[a-zà-ỹđ]+)(?=\s+(?:và các|số|năm)\b|\s*[.;,)]|\s*$)")
_POSTAL_CHARGE = re.compile(r"đơn vị cung cấp dịch vụ|bưu chính|bưu điện", re.IGNORECASE)
# Sentences of a remark worth a citizen's reading: amounts, who sets them, exemptions, cases, dates, caps.
_CONDITION_WORDS = re.compile(r"mức|miễn|giảm|trường hợp|tối đa|kể từ|từ ngày|đối với|\d", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;])\s*(?=[-+•]?\s*[A-ZĐ])|\s+(?=[-+•]\s+[A-ZĐ])")
NOTE_LIMIT = 600  # characters of remark kept for a channel's fee (the catalog's long legal recitals are cut)


@dataclass(frozen=True)
class FeeStatement:
    text: str  # what the citizen reads first, e.g. "135.000 đồng/lần", "Miễn phí"; "" when unknown
    vnd: int | None  # the first amount in đồng, 0 when free, None when unknown or not in đồng
    note: str  # the catalog's conditions, amounts reformatted; "" when none
    rest: str  # the channel's description after the fee cells


def format_amounts(text: str) -> str:
    """Amounts in the Vietnamese way: "160,000 Việt Nam Đồng" -> "160.000 đồng"."""

    def amount(match: re.Match) -> str:
        return f"{match.group(1).replace(',', '.')} đồng{_unit(match.group(2))}"

    return _AMOUNT.sub(amount, text)


def _unit(text: str | None) -> str:
    """ "/ lần cấp" -> "/lần cấp"."""
    return re.sub(r"^/\s*", "/", text or "")


def _amount_vnd(text: str) -> int | None:
    """The first amount in đồng written with thousands separators (a bare "25 VNĐ" is not trusted)."""
    for match in _AMOUNT.finditer(text):
        if re.search(r"[.,]\d{3}$", match.group(1)):
            return int(re.sub(r"[.,]", "", match.group(1)))
    return None


def _first_amount_text(text: str) -> str:
    """The first amount with its unit, formatted: "135.000 đồng/lần"; "10 USD/bản"; "" when none."""
    found = [m for m in (_AMOUNT.search(text), _USD.search(text)) if m]
    if not found:
        return ""
    first = min(found, key=lambda m: m.start())
    if first.re is _USD:
        return f"{first.group(1)} USD{_unit(first.group(2))}"
    return format_amounts(first.group(0))


def _balanced(text: str) -> tuple[str, str]:
    """Split "(remark (with parentheses))rest" into the remark and the rest."""
    depth = 0
    for i, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return text[1:i], text[i + 1 :]
    return text[1:], ""


def _sentences(text: str) -> list[str]:
    return [s.strip(" -+•;") for s in _SENTENCE_END.split(text) if s.strip(" -+•;")]


def names_fee(remark: str) -> bool:
    """Whether a remark states a fee to pay (an amount, a rate, who sets it) rather than only exemptions (and the
    fee of an extra copy one may ask for: "Miễn lệ phí. Phí cấp bản sao Trích lục (nếu có yêu cầu) …" is free)."""
    sentences = _sentences(remark.strip(" ()"))  # a remark doubly parenthesised: "((Miễn lệ phí. …))"
    paying = [s for s in sentences if not _EXEMPTION.match(s) and not _OPTIONAL_COPY.search(s)]
    # "Miễn phí (Theo quy định của Hội đồng nhân dân cấp tỉnh)": the council sets a fee, the cell is not the answer
    return any(_first_amount_text(s) or _NAMES_FEE.search(s) or _SET_BY_COUNCIL.search(s) for s in paying)


def _summary(remark: str) -> str:
    """The fee in a few words when the remark gives no amount."""
    if _SET_BY_COUNCIL.search(remark):
        return "Có lệ phí, mức thu do Hội đồng nhân dân cấp tỉnh quyết định"
    reference = _LEGAL_REFERENCE.search(remark)
    if reference:
        return f"Có lệ phí, mức thu theo {reference.group(1)} số {reference.group(2)}"
    law = _LAW_NAME.search(remark)
    if law:
        return f"Có lệ phí, mức thu theo Luật {law.group(1)[0].upper()}{law.group(1)[1:]}"
    if _POSTAL_CHARGE.search(remark):
        return "Trả phí dịch vụ cho đơn vị bưu chính"
    return "Có phí, lệ phí theo quy định của pháp luật về phí và lệ phí"


def _conditions(remark: str) -> str:
    """The remark without its sentences on how to pay (bank transfers, receipts), shortened."""
    sentences = _sentences(remark)
    # headings ("Sát hạch lý thuyết:") stay with the rates under them
    kept = [s for s in sentences if _CONDITION_WORDS.search(s) or s.endswith(":")] or sentences[:1]
    return _shorten(" ".join(s if s.endswith(":") else s.rstrip(".;") + "." for s in kept))


def _shorten(text: str) -> str:
    if len(text) <= NOTE_LIMIT:
        return text
    kept = ""
    for sentence in _sentences(text):
        if len(kept) + len(sentence) + 1 > NOTE_LIMIT:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or text[:NOTE_LIMIT].rsplit(" ", 1)[0] + "…"


def _amount_sentences(description: str) -> str:
    """The description's sentences that state an amount (per-page rates and their caps live there)."""
    return " ".join(s.rstrip(".;") + "." for s in _sentences(description) if _first_amount_text(s))


def split_fee(cells: str) -> FeeStatement:
    """The fee of one channel from the text after its time cell."""
    cells = cells.strip()
    cell = (
        _CELL_FREE.match(cells)
        or _CELL_UNKNOWN.match(cells)
        or _CELL_AMOUNT.match(cells)
        or _CELL_LABELLED.match(cells)
    )
    head = cell.group(0) if cell else ""
    after = cells[len(head) :]
    remark, rest = _balanced(after) if after.startswith("(") else ("", after)
    remark = normalize(remark)
    per = _LEADING_PER.match(remark)
    if per:  # "(/trang)", "(/trường hợp (Thông tư …))": the amount's unit, then perhaps a remark
        head, remark = head + per.group(0), remark[per.end() :].strip(" ()")
    remark = remark or (_amount_sentences(rest) if head and not _CELL_FREE.match(head) else "")
    note = _conditions(format_amounts(remark.strip(" ()")))
    vnd = _amount_vnd(remark) or _amount_vnd(head)
    if cell and _CELL_FREE.match(head):
        if not names_fee(remark):
            return FeeStatement(FEE_EXEMPT if _SAYS_FEE_EXEMPT.match(remark) else FREE, 0, note, rest)
        return FeeStatement(_first_amount_text(remark) or _summary(remark), vnd, note, rest)
    if cell and _CELL_UNKNOWN.match(head):
        if remark and names_fee(remark):
            return FeeStatement(_first_amount_text(remark) or _summary(remark), vnd, note, rest)
        return FeeStatement("", _amount_vnd(rest), note, rest)
    if cell:
        # The portal's amount cell is sometimes in thousands ("25 VNĐ" for 25.000.000 đ): a remark
        # that states an amount with separators is the better source.
        if _amount_vnd(head) or _USD.match(head):
            # the remark often states the same amount with what it is per ("2.000 đồng/trang")
            stated = _first_amount_text(remark)
            same = stated and _amount_vnd(stated) == _amount_vnd(head) and "/" in stated
            return FeeStatement(stated if same else _first_amount_text(head), vnd, note, rest)
        # A bare small amount ("25 VNĐ") is not what the citizen pays: the remark's amount, or a summary.
        return FeeStatement(_first_amount_text(remark) or _summary(remark), vnd, note, rest)
    return FeeStatement("", _amount_vnd(cells), "", cells)
