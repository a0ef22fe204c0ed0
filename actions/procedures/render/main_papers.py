"""The main papers of a procedure in one line of the overview card, as a clerk asked "how do I do X" names them:
the common case's papers (everyone's; in a dossier by case, those every case needs), the form first, by their
brief names ("Tờ khai đăng ký khai sinh; Giấy chứng sinh; Giấy tờ tùy thân"), at most MAX_PAPERS, fewer when the
card has no room; the whole list is behind the "Giấy tờ cần nộp" button."""

from __future__ import annotations

from typing import List

from actions.clients import knowledge_base as kb_client
from actions.procedures.render.cases import common_papers, forms_first, shared_papers
from actions.procedures.render.paper_names import core_name, paper_brief
from nlu.vietnamese_text import fold

MAX_PAPERS = 3  # papers named in the overview
HEADING = "• Giấy tờ chính: "
MORE = " (đủ danh sách: bấm “Giấy tờ cần nộp”)"


def main_paper_names(proc) -> List[str]:
    """The brief names of the common case's papers, the form first, each once; [] when the record lists none."""
    checklist = kb_client.checklist([proc])
    if checklist is None or not checklist.items:
        return []
    papers = [i for i in common_papers(checklist) if not i.instead_of] or shared_papers(checklist)
    names = [paper_brief(item) for item in forms_first(papers, core_name)]
    return list({fold(name): name for name in reversed(names)}.values())[::-1]


def papers_line(names: List[str], room: int) -> str:
    """ "• Giấy tờ chính: A; B; C (đủ danh sách: …)" within ``room`` characters, with as many names as fit (at
    least one); "" when not even one does."""
    for count in range(min(MAX_PAPERS, len(names)), 0, -1):
        more = MORE if len(names) > count else ""
        line = HEADING + "; ".join(names[:count]) + more
        if len(line) <= room:
            return line
        line = HEADING + "; ".join(names[:count])
        if len(line) <= room:
            return line
    return ""
