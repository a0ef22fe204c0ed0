"""The layout's contracts (issue 13): one helper per job, limits from common/, no side effect on import."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from action_helpers import make_tracker, run_action

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, conversation_key, idempotency_key
from actions.core.offers import OFFER_SLOT, Offer
from actions.dossier.common import make_key
from actions.dossier.documents import UPLOAD_HOW
from actions.fallback.fallback import ANSWERS
from actions.procedures import texts as fmt
from actions.session.session import ActionSessionStart
from actions.settings import HOTLINE
from common.attachments import attachment_message, is_attachment
from common.limits import MAX_ATTACHMENT_CHARS, UPLOAD_MAX_BYTES, UPLOAD_MAX_TEXT

ROOT = Path(__file__).resolve().parents[2]


def test_an_outage_is_a_backend_error_as_in_the_connectors():
    exc = backend_client.BackendUnavailable("connection refused")
    assert isinstance(exc, backend_client.BackendError) and exc.status == 0 and str(exc) == "connection refused"


def test_one_channel_reading_skips_rasas_own_channel_names():
    history = [{"event": "user", "text": "chào", "input_channel": "telegram"}]
    tracker = make_tracker("/retry_dossier", "retry_dossier", history=history)
    tracker.events[-1]["input_channel"] = "collector"  # a reminder's turn
    assert channel_of(tracker) == "telegram"


def test_one_idempotency_key_keeps_the_keys_of_dossiers_in_progress():
    # dossier_key slots hold keys made by the former make_key: the same chat and moment give the same key
    former = "dossier-" + hashlib.sha256(b"chat-1|1700000000.500000").hexdigest()[:40]
    assert make_key("chat-1", 1700000000.5) == former == idempotency_key("dossier", "chat-1", "1700000000.500000")
    tracker = make_tracker("gửi", "affirm")
    assert conversation_key(tracker, "feedback", "feedback_form") == conversation_key(
        tracker, "feedback", "feedback_form"
    )


def test_variant_headings_are_passed_not_rewritten():
    class Hit:
        name, code = "Đăng ký khai sinh", "1.001193"

    text, _ = fmt.variants_question([Hit()], fmt.ALTERNATIVES_HEADING)
    assert text.startswith(fmt.ALTERNATIVES_HEADING) and fmt.VARIANTS_HEADING not in text


def test_every_offer_has_its_yes_and_no_answers():
    assert set(ANSWERS) == {*Offer, None} and OFFER_SLOT == "pending_offer"


def test_upload_limit_is_said_as_defined():
    assert UPLOAD_MAX_TEXT == f"{UPLOAD_MAX_BYTES // (1024 * 1024)} MB" and UPLOAD_MAX_TEXT in UPLOAD_HOW
    message = attachment_message("a.jpg", "image/jpeg", b"\xff" * UPLOAD_MAX_BYTES)
    assert is_attachment(message) and len(message) <= MAX_ATTACHMENT_CHARS


def test_session_start_fills_the_hotline_the_domain_reads():
    _, _, slots = run_action(ActionSessionStart(), make_tracker("", ""))
    assert slots["hotline"] == HOTLINE
    assert "{hotline}" in (ROOT / "bot/domain/base.yml").read_text(encoding="utf-8")


def test_importing_the_actions_loads_nothing():
    code = (
        "import importlib, pkgutil, actions\n"
        "from actions.clients import knowledge_base as kb\n"
        "for m in pkgutil.walk_packages(actions.__path__, 'actions.'):\n"
        "    if m.name != 'actions.server_start':\n"
        "        importlib.import_module(m.name)\n"
        "import sys\n"
        "print(kb._started, 'knowledge_base' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
