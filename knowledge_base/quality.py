"""How well the catalog's flattened tables were parsed.

A record parses cleanly for a part when the parser recognised that part's table structure:
documents — at least one document row (or the catalog has no document table at all);
channels — at least one submission channel; time — every channel has a processing time, or the
catalog gives none ("1" placeholder, "Không có thông tin") and nothing in the description either;
fee — every channel has an amount, "Miễn phí", or the catalog says it has no information.
The 'stated' figures count only records where the catalog gives the value, so readers see both
how well the parser works and how complete the source is.
"""

from __future__ import annotations

import re

from knowledge_base.model import Procedure

_DOC_TABLE = "Tên giấy tờ"
_DIGITS_WITH_UNIT = re.compile(r"\d+\s*(?:ngày|giờ|tháng|năm|tuần)", re.IGNORECASE)


def _documents_clean(p: Procedure) -> bool:
    return bool(p.documents) or _DOC_TABLE not in p.raw.get("thanh_phan_ho_so", "")


def _time_clean(p: Procedure) -> bool:
    return all(c.days is not None or not _DIGITS_WITH_UNIT.search(c.note) for c in p.channels)


def _fee_clean(p: Procedure) -> bool:
    return all(
        c.fee_vnd is not None or c.fee_text or "Không có thông tin" in p.raw.get("cach_thuc_thuc_hien", "")
        for c in p.channels
    )


def parse_report(procedures: list[Procedure]) -> dict:
    n = len(procedures)
    checks = {
        "documents": _documents_clean,
        "channels": lambda p: bool(p.channels),
        "time": lambda p: bool(p.channels) and _time_clean(p),
        "fee": lambda p: bool(p.channels) and _fee_clean(p),
        "legal_basis": lambda p: bool(p.legal_basis) or _DOC_TABLE not in p.raw.get("can_cu_phap_ly", "x"),
    }
    clean = {name: sum(check(p) for p in procedures) for name, check in checks.items()}
    all_clean = sum(all(check(p) for check in checks.values()) for p in procedures)
    stated = {
        "time_stated": sum(bool(p.channels) and all(c.days is not None for c in p.channels) for p in procedures),
        "fee_stated": sum(bool(p.channels) and all(c.fee_vnd is not None for c in p.channels) for p in procedures),
        "documents_stated": sum(bool(p.documents) for p in procedures),
    }
    return {
        "records": n,
        "clean": {k: {"count": v, "share": round(v / n, 4)} for k, v in clean.items()},
        "all_parts_clean": {"count": all_clean, "share": round(all_clean / n, 4)},
        "catalog_states_value": {k: {"count": v, "share": round(v / n, 4)} for k, v in stated.items()},
    }
