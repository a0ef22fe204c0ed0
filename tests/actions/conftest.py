"""Tracker fixtures for driving the custom actions directly (rasa_sdk Tracker + CollectingDispatcher).

Run with the app venv: `.venv/bin/python -m pytest tests/actions`. The tests use the real knowledge base
(knowledge_base.KnowledgeBase.load(), ~1 min the first time it builds its index).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def kb():
    """The real knowledge base, loaded once for the session through the actions' client."""
    from actions.clients import knowledge_base as kb_client

    loaded = kb_client.get_kb_blocking(timeout=1800)
    if loaded is None:
        raise RuntimeError(f"knowledge base unavailable: {kb_client.load_error()!r}")
    return loaded
