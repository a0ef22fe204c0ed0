"""Papers a record's description names when its document table is empty.

51 of the catalog's 2,642 records have no parsed document list: the portal cut their table ("NLĐ lập hồ sơ theo
quy định tại mục 9.3 (" and nothing after it), or the procedure is one between agencies. A few still name, in the
steps text, the papers the citizen hands over: "người được ủy quyền nộp Giấy uỷ quyền (mẫu số 13-HSB) hoặc Hợp đồng
ủy quyền …, xuất trình Chứng minh nhân dân hoặc giấy tờ tùy thân có ảnh". ``described_papers`` gives those, each
as the description words it ("Giấy uỷ quyền (mẫu số 13-HSB)"), so the answer can quote them and say where they come
from; [] when the description names none (the answer then stays the honest "no list").

A paper is named after a verb of handing over ("nộp", "xuất trình", "gửi", "kèm theo") and starts with a paper's
word (Giấy, Đơn, Tờ khai, Văn bản, Phiếu, …); it ends at the place it is handed to ("cho", "tới", "đến", "tại"),
at a clause mark, or after PAPER_WORDS words. Alternatives ("hoặc") are kept together, as the description has them.

    .venv/bin/python -m knowledge_base.described_papers    # how many empty records name papers, and which
"""

from __future__ import annotations

import re
from typing import List

from knowledge_base.text import fold

PAPER_WORDS = 14  # words of one named paper at most (with its alternatives)
MAX_PAPERS = 4
_HANDED = re.compile(r"\b(?:nộp|xuất trình|gửi|kèm theo)\s+(?:(?:01|một|các|bản chính|bản sao)\s+)*", re.IGNORECASE)
_PAPER = re.compile(
    r"(?:giấy|đơn|tờ khai|văn bản|phiếu|hợp đồng|chứng minh|căn cước|hộ chiếu|sổ|thẻ|chứng từ|thông báo|bản sao|"
    r"bản khai|biên bản|quyết định|danh sách)\b",
    re.IGNORECASE,
)
_NOT_A_PAPER = re.compile(r"^(?:hồ sơ|tài liệu|văn bản và hồ sơ)\b", re.IGNORECASE)  # "nộp hồ sơ": the dossier
# "Cơ quan thuế gửi Thông báo …": a paper the agency sends, not one the citizen brings
_AGENCY_SUBJECT = re.compile(
    r"^[\W\d]*(?:các\s+)?(?:cơ quan|cục|bộ|sở|ủy ban|ubnd|ubcknn|phòng|bhxh|bưu điện|cổng|hệ thống)\b", re.IGNORECASE
)
_CLAUSE_START = re.compile(r"[.;:\n]|\bbước\s+\d|\b[a-z]\)\s", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^)]*\)")
MIN_WORDS = 3  # "Thông báo", "Chứng từ" alone name no paper
_END = re.compile(
    r"\s+(?:cho|tới|đến|tại|để|trực tiếp|qua|và ký|theo quy định|trong thời hạn)\s|[.;:\n]|,\s|\s-\s", re.IGNORECASE
)


def described_papers(proc) -> List[str]:
    """The papers the description of ``proc`` (its steps text and the fragment the portal left in the table's place)
    names as handed over, in its order, each once."""
    raw = getattr(proc, "raw", None) or {}
    text = "\n".join([proc.steps or "", raw.get("thanh_phan_ho_so", "") or ""])
    found: dict = {}
    for verb in _HANDED.finditer(text):
        rest = text[verb.end() :]
        if not _PAPER.match(rest) or _NOT_A_PAPER.match(rest) or _by_an_agency(text[: verb.start()]):
            continue
        end = _END.search(rest)
        paper = " ".join(rest[: end.start() if end else len(rest)].split()[:PAPER_WORDS]).strip(" ,(")
        if paper.count("(") > paper.count(")"):
            paper = paper[: paper.rindex("(")].strip()
        if len(paper.split()) >= MIN_WORDS:
            found.setdefault(" ".join(fold(_BRACKETS.sub(" ", paper)).split()), paper[:1].upper() + paper[1:])
    return list(found.values())[:MAX_PAPERS]


def _by_an_agency(before: str) -> bool:
    """Whether the sentence that ends with the verb starts with an agency (its subject)."""
    starts = list(_CLAUSE_START.finditer(before))
    return bool(_AGENCY_SUBJECT.match(before[starts[-1].end() if starts else 0 :]))


def main() -> None:
    from knowledge_base.checklist import build_checklist
    from knowledge_base.search import KnowledgeBase

    procedures = KnowledgeBase.load().procedures
    empty = [p for p in procedures if not build_checklist([p]).items]
    named = [(p, described_papers(p)) for p in empty]
    named = [(p, papers) for p, papers in named if papers]
    print(f"{len(procedures)} records, {len(empty)} with no document list, {len(named)} whose description names papers")
    for proc, papers in named:
        print(f"{proc.code} {proc.name[:70]}: {' | '.join(papers)}")


if __name__ == "__main__":
    main()
