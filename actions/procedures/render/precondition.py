"""The precondition a clerk names in the overview ("• Điều kiện: đã hoàn thành nghĩa vụ thuế"): the record's
conditions when they are one short statement, else what its steps refuse the dossier for lacking ("Cơ quan thuế có ý
kiến từ chối do hộ kinh doanh chưa hoàn thành nghĩa vụ thuế" -> "đã hoàn thành nghĩa vụ thuế"); "" when neither.
Longer conditions are answered by the conditions question, not squeezed into the card."""

from __future__ import annotations

import re

from actions.procedures.texts import clean

SHORT_CONDITIONS = 150  # characters of conditions stated whole in the card
HEADING = "• Điều kiện: "
# a refusal for what the applicant has not done: "từ chối do hộ kinh doanh chưa hoàn thành nghĩa vụ thuế theo quy định"
_REFUSED_FOR = re.compile(
    r"(?:từ chối|không (?:giải quyết|chấp thuận|cấp))[^.;]{0,60}?\bdo\s+[^.;]{0,60}?\bchưa\s+"
    r"(?P<done>(?:hoàn thành|hoàn thiện|thực hiện xong|nộp đủ|thanh toán)[^.;,()]{3,60}?)"
    r"(?=\s+(?:theo quy định|thì)\b|[.;,()]|$)",
    re.IGNORECASE,
)


_NONE_STATED = re.compile(r"^Không (?:quy định|có thông tin|có)\b", re.IGNORECASE)  # the portal's "nothing"
_MARK = re.compile(r"^[\s+•*-]+")


def precondition(proc) -> str:
    conditions = _MARK.sub("", clean(proc.conditions)).rstrip(" .")
    if conditions and len(conditions) <= SHORT_CONDITIONS and not _NONE_STATED.match(conditions):
        return conditions
    refused = _REFUSED_FOR.search(clean(proc.steps))
    return f"đã {refused.group('done').strip()}" if refused else ""


def precondition_line(proc, room: int) -> str:
    """The line within ``room`` characters, "" when there is none or it does not fit."""
    stated = precondition(proc)
    line = HEADING + stated[:1].upper() + stated[1:] if stated else ""
    return line if line and len(line) <= room else ""
