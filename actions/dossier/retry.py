"""Confirmed dossiers kept during a backend outage, and their resubmission. Nothing is lost:

1. the request body stays in the conversation (slot ``pending_dossier``, in rasa's tracker store) and in a
   spool file of this action server (``MOTCUA_PENDING_DIR``, default ``var/pending-dossiers``);
2. a rasa reminder (intent ``retry_dossier``, every ``MOTCUA_DOSSIER_RETRY_SECONDS`` = 10 s) runs
   action_retry_pending_dossier until the backend has the dossier;
3. every later message of the conversation retries too (ActionDossierWatch, run by rasa's
   action_extract_slots before any prediction, as the global ``action_validate_slot_mappings``), and
   the receipt code obtained in the background is told on the citizen's next message: rasa's REST channel
   cannot deliver a reminder's reply (it goes to a closed request's collector), so the code is also queued
   in the backend's outbox (POST /api/outbox) for clients that poll it;
4. a background task of the action server resubmits the spool files, should rasa have lost its reminders
   (restart) and the citizen never write again; it queues the receipt in the outbox.

The idempotency key in the body makes all of these land on one dossier.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.core.replies import send
from actions.dossier.outage import reminder, remove_spooled, spooled
from actions.dossier.submit import filed_events, receipt_text

logger = logging.getLogger(__name__)

SPOOL_SECONDS = float(os.environ.get("MOTCUA_DOSSIER_SPOOL_SECONDS", "30"))
# the conversation's own retries come first; the spool takes over for dossiers older than this
SPOOL_AGE_SECONDS = float(os.environ.get("MOTCUA_DOSSIER_SPOOL_AGE_SECONDS", "120"))
WATCH_MIN_INTERVAL = 3.0  # seconds between two tries of the same kept dossier on citizen messages
WATCH_TIMEOUT = 2.0  # seconds a citizen's message may wait for that try
RETRY_ACTION = "action_retry_pending_dossier"


def is_background_turn(tracker: Tracker) -> bool:
    """A reminder's turn: its reply may not reach the citizen (REST)."""
    return ((tracker.latest_message or {}).get("text") or "").startswith("EXTERNAL: ")


async def _notify_outbox(payload: Dict[str, Any], text: str, code: str) -> None:
    try:
        await backend_client.queue_outbox_message(payload["channel"], payload["sender_id"], text, code)
    except backend_client.BackendError as exc:
        logger.warning("could not queue the receipt in the outbox: %s", exc)


_last_try: Dict[str, float] = {}  # sender -> when this process last tried its kept dossier


async def retry_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, background: bool, timeout: Optional[float] = None
) -> List[Dict[str, Any]]:
    """Try the conversation's pending dossier once; the events (and messages) for the outcome."""
    payload = tracker.get_slot("pending_dossier")
    if not payload:
        return []
    _last_try[str(tracker.sender_id)] = time.monotonic()
    if len(_last_try) > 10000:
        _last_try.clear()
    try:
        dossier = await backend_client.file_dossier(payload, timeout=timeout)
    except backend_client.BackendUnavailable:
        return [reminder(tracker.sender_id)]
    except backend_client.BackendError as exc:
        logger.warning("kept dossier refused by the backend: %s", exc)
        remove_spooled(payload.get("idempotency_key"))
        send(
            dispatcher,
            f"Rất tiếc, hồ sơ đã lưu khi hệ thống gián đoạn không được tiếp nhận: {exc.detail}\n"
            "Bạn nhắn “nộp hồ sơ” để khai lại, hoặc liên hệ Bộ phận Một cửa giúp tôi nhé.",
        )
        return [SlotSet("pending_dossier", None)]
    remove_spooled(payload.get("idempotency_key"))
    events = [SlotSet("pending_dossier", None)] + filed_events(dispatcher, dossier, payload, late=True)
    if background:
        code = dossier["receipt_code"]
        await _notify_outbox(payload, receipt_text(dossier, payload, late=True), code)
        events.append(SlotSet("dossier_notice", code))
    return events


class ActionRetryPendingDossier(Action):
    """retry_dossier (a reminder, or the citizen: "gửi lại hồ sơ")."""

    def name(self) -> Text:
        return RETRY_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        background = is_background_turn(tracker)
        if not tracker.get_slot("pending_dossier"):
            if not background:
                dispatcher.utter_message(
                    text="Bạn không có hồ sơ nào đang chờ gửi lại ạ. Nhắn “hồ sơ của tôi” để xem các hồ sơ đã nộp."
                )
            return []
        events = await retry_events(dispatcher, tracker, background)
        if not background and any(e.get("event") == "reminder" for e in events):
            dispatcher.utter_message(
                text="Hệ thống tiếp nhận vẫn đang gián đoạn. Hồ sơ của bạn vẫn được giữ và sẽ tự gửi lại; "
                "tôi sẽ báo mã hồ sơ ngay khi gửi được."
            )
        return events


# ------------------------------------------------------------------------------------------ every message
class ActionDossierWatch(Action):
    """Runs on every citizen message, before anything else, as rasa's global slot validation action
    (``action_validate_slot_mappings``, which action_extract_slots calls each turn and whose bot messages it
    sends: those of custom slot-mapping actions are dropped). It retries a kept dossier, or tells the receipt
    code obtained by a reminder whose reply the REST channel could not deliver. Only SlotSet events and bot
    messages are accepted from here: reminders are scheduled by the other actions.

    There is one such action per assistant: a global slot validation needed elsewhere goes here too."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        start_spool_flusher()
        if is_background_turn(tracker):
            return []  # the reminder's own action retries
        events: List[Dict[str, Any]] = []
        if tracker.get_slot("pending_dossier"):
            last = _last_try.get(str(tracker.sender_id))
            if last is not None and time.monotonic() - last < WATCH_MIN_INTERVAL:
                return []  # tried a moment ago: the citizen's turn is not slowed down by an outage
            events = await retry_events(dispatcher, tracker, background=False, timeout=WATCH_TIMEOUT)
            events = [e for e in events if e.get("event") == "slot"]
            if any(e.get("name") == "pending_dossier" for e in events) and tracker.get_slot("dossier_notice"):
                events.append(SlotSet("dossier_notice", None))
        elif tracker.get_slot("dossier_notice"):
            notice = tracker.get_slot("dossier_notice")
            dispatcher.utter_message(
                text=f"📬 Hồ sơ bạn xác nhận lúc hệ thống gián đoạn đã được tiếp nhận. Mã hồ sơ: {notice}. "
                f"Nhắn “tra cứu hồ sơ {notice}” để xem tình trạng."
            )
            events.append(SlotSet("dossier_notice", None))
        return events


# ------------------------------------------------------------------------------------------ spool flusher
_flusher: Optional[asyncio.Task] = None


async def flush_spool_once(min_age: float = SPOOL_AGE_SECONDS) -> int:
    """Submit every spooled dossier (older than ``min_age``) once; returns how many the backend now has."""
    done = 0
    for payload in spooled(min_age):
        try:
            dossier = await backend_client.file_dossier(payload)
        except backend_client.BackendUnavailable:
            return done  # still down: try again later
        except backend_client.BackendError as exc:
            logger.error("spooled dossier %s refused: %s", payload.get("idempotency_key"), exc)
            continue  # kept in the spool for staff to look at; the conversation tells the citizen
        remove_spooled(payload["idempotency_key"])
        done += 1
        if dossier.get("receipt_code"):
            await _notify_outbox(payload, receipt_text(dossier, payload, late=True), dossier["receipt_code"])
    return done


async def _flush_forever() -> None:
    while True:
        await asyncio.sleep(SPOOL_SECONDS)
        try:
            await flush_spool_once()
        except Exception:  # noqa: BLE001 - keep the loop alive
            logger.exception("spool flush failed")


def start_spool_flusher() -> None:
    global _flusher
    if _flusher is not None and not _flusher.done():
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    _flusher = loop.create_task(_flush_forever())
