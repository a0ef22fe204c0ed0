"""The dossier's checklist (slot ``dossier_items``) and the order in which the form walks it.

Each item is a dict of knowledge_base.checklist.ChecklistItem: key, name, detail, copies, condition, case, template,
procedures, ``kind`` and ``instead_of``. The kind decides how the form asks it:
- ``required``: a paper of the common case (or of the case the citizen chose); asked as required, never "không áp
  dụng" (attach a photo, reuse from the personal store, or bring it on paper);
- ``conditional``: needed only in its case (``condition``); asked with that case, may be "không áp dụng";
- ``alternative``: may replace the paper named ``instead_of``; offered as "hoặc …" on that paper, not walked on its
  own. An alternative whose paper is not in the list (a merged bundle) is asked like a conditional paper.
Checklists kept in slots from before kinds existed read as conditional when they have a condition, else required.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from actions.clients import knowledge_base as kb_client

NONE = "none"  # dossier_bundle / dossier_case: the citizen chose no bundle / no particular case
REQUIRED, CONDITIONAL, ALTERNATIVE = "required", "conditional", "alternative"


# ------------------------------------------------------------------------------------------ loading
def _item_dict(item) -> Dict[str, Any]:
    return {
        "key": item.key,
        "name": item.name,
        "detail": item.detail,
        "copies": item.copies,
        "condition": item.condition,
        "case": item.case,
        "template": item.template,
        "procedures": list(item.procedures),
        "kind": item.kind,
        "instead_of": item.instead_of,
    }


async def load_procedures(codes: Sequence[str]) -> List[Any]:
    procs = []
    for code in codes:
        proc = await kb_client.get(code)
        if proc is not None:
            procs.append(proc)
    return procs


async def checklist_items(codes: Sequence[str]) -> Optional[List[Dict[str, Any]]]:
    """The union of the documents of ``codes`` (a paper two procedures need is listed once); None when the
    knowledge base is unavailable."""
    procs = await load_procedures(codes)
    if not procs:
        return None
    return [_item_dict(i) for i in kb_client.checklist(procs).items]


def bundles_for(code: str):
    return kb_client.bundles_for(code) if code else ()


def bundle_by_id(code: str, bundle_id: str):
    return next((b for b in bundles_for(code) if b.id == bundle_id), None)


# ------------------------------------------------------------------------------------------ kinds
def kind_of(item: Dict[str, Any]) -> str:
    return item.get("kind") or (CONDITIONAL if item.get("condition") else REQUIRED)


def is_optional(item: Dict[str, Any]) -> bool:
    """Whether the citizen may answer "không áp dụng": never for a required paper."""
    return kind_of(item) != REQUIRED


def cases_of(items: Iterable[Dict[str, Any]]) -> List[str]:
    seen: Dict[str, None] = {}
    for item in items or ():
        if item.get("case"):
            seen.setdefault(item["case"])
    return list(seen)


def _getter(tracker_or_slots):
    return tracker_or_slots.get_slot if hasattr(tracker_or_slots, "get_slot") else tracker_or_slots.get


def case_items(tracker_or_slots) -> List[Dict[str, Any]]:
    """The checklist items of the chosen case (plus those common to every case), in the catalog's order."""
    get = _getter(tracker_or_slots)
    items = get("dossier_items") or []
    case = get("dossier_case")
    if cases_of(items):
        items = [i for i in items if not i.get("case") or (case not in (None, NONE) and i["case"] == case)]
    return list(items)


def _replaced_names(items: List[Dict[str, Any]]) -> set:
    return {i["name"] for i in items if kind_of(i) != ALTERNATIVE}


def active_items(tracker_or_slots) -> List[Dict[str, Any]]:
    """The papers the form asks one by one: required ones first, then the others (stable order); an alternative
    is offered on the paper it replaces instead."""
    items = case_items(tracker_or_slots)
    names = _replaced_names(items)
    walked = [i for i in items if not (kind_of(i) == ALTERNATIVE and i.get("instead_of") in names)]
    return sorted(walked, key=is_optional)


def alternatives_of(item: Dict[str, Any], tracker_or_slots) -> List[Dict[str, Any]]:
    """The papers that may replace ``item`` ("hoặc …")."""
    return [
        i
        for i in case_items(tracker_or_slots)
        if kind_of(i) == ALTERNATIVE and i.get("instead_of") == item["name"] and i["key"] != item["key"]
    ]


def item_by_key(key: str, tracker_or_slots) -> Optional[Dict[str, Any]]:
    return next((i for i in case_items(tracker_or_slots) if i["key"] == key), None)


def item_index(tracker) -> int:
    value = tracker.get_slot("dossier_item_index")
    return int(value) if value is not None else 0


def current_item(tracker) -> Tuple[Optional[Dict[str, Any]], int, int]:
    items = active_items(tracker)
    index = item_index(tracker)
    return (items[index] if index < len(items) else None), index, len(items)


def documents_remaining(tracker) -> bool:
    return item_index(tracker) < len(active_items(tracker))


def given_name(item: Dict[str, Any], given: Dict[str, Any]) -> str:
    """The paper the citizen gives for ``item``: its own name, or "<alternative> (thay cho <item>)"."""
    if given.get("instead_of"):
        return f"{given['name']} (thay cho {given['instead_of']})"
    return item["name"]
