"""The only place that talks to the knowledge base (knowledge_base.KnowledgeBase, a heavy singleton).

The knowledge base is loaded once per process in a background thread (``warm_up``); searches run on one
dedicated worker thread so that the action server's event loop never blocks and the search engine is never
used from two threads at once. When the knowledge base cannot be loaded, the functions return None and
the actions say so honestly.

The ``knowledge_base`` package is imported lazily, in this module only: it imports the search engine (numpy, faiss,
the dense model), which must not load when a test or another process imports an action module.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional, Sequence

from actions.settings import KB_WAIT_SECONDS, MAX_QUERY_CHARS
from nlu.vietnamese_text import canonical

logger = logging.getLogger(__name__)

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb")
_ready = threading.Event()
_lock = threading.Lock()
_started = False
_kb: Any = None
_sentences: Any = None  # knowledge_base.sentences.SentenceIndex over the loaded catalog
_meanings: Any = None  # knowledge_base.sentence_meaning.SentenceMeanings with the knowledge base's encoder
_error: Optional[BaseException] = None


def _load() -> None:
    global _kb, _sentences, _meanings, _error
    started = time.perf_counter()
    try:
        from knowledge_base import KnowledgeBase  # lazy: see the module docstring
        from knowledge_base.sentence_meaning import SentenceMeanings
        from knowledge_base.sentences import SentenceIndex

        _kb = KnowledgeBase.load()
        _sentences = SentenceIndex.for_catalog(_kb.procedures, _kb.aliases)
        _meanings = SentenceMeanings(_kb.encoder, _kb.query_vector)
        logger.info("knowledge base ready in %.1f s", time.perf_counter() - started)
    except BaseException as exc:  # noqa: BLE001 - reported to the citizen as "unavailable"
        _error = exc
        logger.exception("knowledge base could not be loaded")
    finally:
        _ready.set()


def warm_up(delay: float = 1.0) -> None:
    """Start loading the knowledge base (once), after ``delay`` seconds so the server can start first."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    timer = threading.Timer(delay, lambda: _executor.submit(_load))
    timer.daemon = True
    timer.start()


def is_ready() -> bool:
    return _ready.is_set() and _kb is not None


def load_error() -> Optional[BaseException]:
    return _error


def get_kb_blocking(timeout: float = KB_WAIT_SECONDS) -> Any:
    """The loaded knowledge base, waiting for it at most ``timeout`` seconds; None when unavailable."""
    warm_up(delay=0)
    _ready.wait(timeout)
    return _kb


async def _get_kb() -> Any:
    if _ready.is_set():
        return _kb
    warm_up(delay=0)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, _ready.wait, KB_WAIT_SECONDS)
    return _kb


def checklist(procs: Sequence[Any]) -> Any:
    """The catalog's checklist of papers for these procedures (knowledge_base.checklist.build_checklist)."""
    from knowledge_base.checklist import build_checklist  # lazy: see the module docstring

    return build_checklist(procs)


def described_papers(proc: Any) -> list:
    """The papers the description of a record without a document list names (knowledge_base.described_papers)."""
    from knowledge_base.described_papers import described_papers as named  # lazy: see the module docstring

    return named(proc)


def alias_expansions(text: str) -> list:
    """The catalog's words for the everyday names ``text`` holds (the aliases table the search expands questions
    with: "sổ đỏ" -> "giấy chứng nhận quyền sử dụng đất"), [] when the knowledge base is not loaded."""
    return _kb.aliases.lookup(text) if _ready.is_set() and _kb is not None else []


def common_names(code: str) -> tuple:
    """The everyday names citizens use for procedure ``code`` (the table the search indexes with its name: "làm
    giấy khai sinh"), () when the knowledge base is not loaded."""
    return _kb.common_names.get(code, ()) if _ready.is_set() and _kb is not None else ()


def filing_place(proc: Any) -> str:
    """Where the steps of a record without an agency say its dossier is filed (knowledge_base.filing_place)."""
    from knowledge_base.filing_place import filing_place as named  # lazy: see the module docstring

    return named(proc.steps)


def differing_aspects(procs: Sequence[Any]) -> tuple:
    """The aspects whose answer differs between close variants (knowledge_base.variant_facts.differing_aspects)."""
    from knowledge_base.variant_facts import differing_aspects as catalog_differences  # lazy: see the docstring

    return catalog_differences(procs)


def shared_authority(procs: Sequence[Any]) -> str:
    """The authority every close variant is filed with (knowledge_base.variant_facts.shared_authority), "" if none."""
    from knowledge_base.variant_facts import shared_authority as catalog_authority  # lazy: see the docstring

    return catalog_authority(procs)


def bundles_for(code: str) -> Any:
    """The liên thông bundles of a procedure (knowledge_base.checklist.bundles_for)."""
    from knowledge_base.checklist import bundles_for as catalog_bundles  # lazy: see the module docstring

    return catalog_bundles(code)


def outside_topic(text: str) -> Any:
    """The topic outside the catalog that the message names, or None (knowledge_base.outside: the table the search
    uses too). Read from the data file once, without waiting for the knowledge base to load."""
    from knowledge_base.outside import outside_topics  # lazy: see the module docstring

    return outside_topics().topic_of(text)


def catalog_named_beside_outside(text: str) -> bool:
    """The message names a catalog procedure beside its outside topic and does not ask for the topic's paper itself
    (knowledge_base.outside.OutsideTopics.catalog_named_beside)."""
    from knowledge_base.outside import outside_topics  # lazy: see the module docstring

    return outside_topics().catalog_named_beside(text)


def restore_accents(text: str) -> str:
    """``text`` with the diacritics the search restores for its dense side (knowledge_base.restore); ``text`` itself
    when the knowledge base is not loaded."""
    return _kb.restorer.restore(text) if is_ready() else text


def answering_sentences(proc: Any, question: str) -> list:
    """The one or two sentences of ``proc``'s record that answer ``question`` (knowledge_base.sentences, by their
    words and by their meaning to the knowledge base's encoder, on the search's worker thread: the encoder is never
    used from two threads at once), [] when none does or the knowledge base is not loaded."""
    if _sentences is None:
        return []
    return _executor.submit(_sentences.best, question, proc, _meanings).result()


def situation_chooses(question: str, chosen: str, other: str) -> bool:
    """The question's situation chose procedure ``chosen`` over its sibling ``other`` (KnowledgeBase.situation_chooses);
    False when the knowledge base is not loaded."""
    return is_ready() and _kb.situation_chooses(question, chosen, other)


def make_query(text: str) -> str:
    """Search text: Unicode-normalised, chat abbreviations expanded, cut to a sane length."""
    return canonical(text)[:MAX_QUERY_CHARS].strip()


async def search(text: str, top: int = 5, outside_meaning: bool = True) -> Any:
    """kb.search(query) on the worker thread; None when the knowledge base is unavailable. ``outside_meaning``
    False for a message known to ask a catalog procedure (a lost paper): see KnowledgeBase.search."""
    kb = await _get_kb()
    if kb is None:
        return None
    query = make_query(text)
    if not query:
        return None
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, lambda: kb.search(query, top=top, outside_meaning=outside_meaning))


async def get(code: str) -> Any:
    kb = await _get_kb()
    if kb is None or not code:
        return None
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, kb.get, code)
