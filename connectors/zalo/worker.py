"""The receiver's worker: takes the inbox's events (connectors/zalo/inbox.py) to the bot and the bot's answers to
Zalo, one chat's events at a time and in order, ``MAX_CONCURRENT_CHATS`` chats at once.

An event goes through its stages, each committed in the inbox before the next:

- taken: once for every receiver, in the backend (``POST /api/zalo/events`` on ``msg_id``); the same call records
  the citizen's last message (Zalo's 48 h / 7 day windows) and returns the numbered choices last offered to them.
  An event another receiver already took is done here. If the backend cannot be reached the event is taken anyway
  (the citizen's message is never dropped; this receiver's inbox still holds each key once).
- answered: text goes to the bot as it is, or as the payload of the numbered choice it names; an image or a file is
  downloaded (only from ``ZALO_ATTACHMENT_HOSTS``, at most 10 MB, JPEG/PNG/PDF) and goes as the file payload,
  which the channel stages in the backend; ``follow`` and ``user_click_chatnow`` go as ``/greet``. The bot is the
  rasa server's ``zalo`` channel (connectors/zalo/bot.py). A file that cannot be taken is answered here.
- done: the answer is sent through the OA API (connectors/zalo/format.py); the numbered choices it offers are
  stored in the backend first.

When the rasa server, Zalo or the backend holding the token cannot be reached, the event is tried again after a
pause growing from ``RETRY_FIRST_SECONDS`` to ``RETRY_MAX_SECONDS`` (the chat's later events wait behind it), for
at most ``GIVE_UP_AFTER``. A message Zalo refuses (-201/-213/-230...) is logged and not sent again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

from backend.filetypes import EXTENSIONS, HEADER_BYTES, sniff_mime
from backend.zalo_config import EVENT_MAX_AGE, ZaloConfig, sender_of
from common.attachments import attachment_message
from common.limits import UPLOAD_MAX_BYTES
from connectors.shared import replies
from connectors.shared.backend_client import BackendClient, BackendError
from connectors.zalo import texts
from connectors.zalo.bot import BotClient, BotUnavailable
from connectors.zalo.client import (
    AttachmentRefused,
    AttachmentTooBig,
    ZaloClient,
    ZaloError,
    ZaloRateLimited,
    ZaloRefused,
)
from connectors.zalo.events import Kind, ZaloEvent, parse
from connectors.zalo.format import choice_for, to_zalo
from connectors.zalo.inbox import ANSWERED, RECEIVED, TAKEN, Entry, ThreadedInbox

logger = logging.getLogger("connectors.zalo.worker")

# Bot turns in flight from this receiver; others wait in the inbox. The turn in rasa is what limits the replies (the
# worker's own steps take ~70 ms of a ~4 s turn): 3 served 0.67 questions/s, 16 served 1.33/s with no turn over the
# channel's 30 s limit (bench/RESULTS.md, Zalo channel under load, A/B of 2026-11-30).
MAX_CONCURRENT_CHATS = 16
MAX_SEND_ATTEMPTS = 3  # of one message when Zalo rate-limits, before the event is tried again later
RETRY_FIRST_SECONDS = 1.0
RETRY_MAX_SECONDS = 15.0
GIVE_UP_AFTER = EVENT_MAX_AGE
IDLE_SECONDS = 1.0  # the longest the worker sleeps without being woken (retries fall due meanwhile)
FORGET_EVERY_SECONDS = 3600


class TryLater(Exception):
    """The event could not go further now (rasa, Zalo or the token unavailable)."""


class Worker:
    def __init__(
        self, inbox: ThreadedInbox, backend: BackendClient, zalo: ZaloClient, bot: BotClient, config: ZaloConfig
    ) -> None:
        self.inbox, self.backend, self.zalo, self.bot, self.config = inbox, backend, zalo, bot, config
        self.wake = asyncio.Event()
        self._active: set[str] = set()
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_CHATS)
        self._tasks: set[asyncio.Task] = set()

    async def run(self) -> None:
        forgotten_at = 0.0
        while True:
            self.wake.clear()
            now = time.time()
            try:
                self._start(await self.inbox.due_users(now))
                if now - forgotten_at > FORGET_EVERY_SECONDS:
                    await self.inbox.forget(now)
                    forgotten_at = now
            except Exception:  # the disk: tried again on the next round
                logger.exception("the Zalo inbox could not be read")
            try:
                await asyncio.wait_for(self.wake.wait(), IDLE_SECONDS)
            except asyncio.TimeoutError:
                pass

    def _start(self, user_ids: list[str]) -> None:
        for user_id in user_ids:
            if user_id not in self._active:
                self._active.add(user_id)
                task = asyncio.get_running_loop().create_task(self._drain(user_id))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _drain(self, user_id: str) -> None:
        """The chat's open events in order, until none is left or one must wait."""
        entry = None
        try:
            async with self._slots:
                while (entry := await self.inbox.oldest_open(user_id)) is not None and entry.due <= time.time():
                    if not await self._advance(entry):
                        break
        except Exception:  # a bug or the disk: the event waits like one the bot could not take
            logger.exception("a Zalo event of zl-%s failed", user_id)
            if entry is not None:
                await self._later(entry, "error")
        finally:
            self._active.discard(user_id)
            self.wake.set()  # events that came meanwhile

    async def _advance(self, entry: Entry) -> bool:
        """Take ``entry`` as far as it goes; False when it must be tried again later."""
        event = parse(entry.body)
        if event is None:
            await self.inbox.done(entry.seq)
            return True
        try:
            offered = entry.offered
            if entry.stage == RECEIVED:
                taken = await self._take(event)
                if taken is None:
                    logger.info("Zalo event %s already taken: ignored", event.key)
                    await self.inbox.done(entry.seq)
                    return True
                await self.inbox.taken(entry.seq, taken)
                offered = taken
            answer = entry.answer
            if entry.stage in (RECEIVED, TAKEN):
                answer = await self._answer(event, offered)
                await self.inbox.answered(entry.seq, answer)
            await self._send_answer(entry, event, answer, offered, entry.sent if entry.stage == ANSWERED else 0)
        except TryLater as exc:
            return await self._later(entry, str(exc))
        await self.inbox.done(entry.seq)
        return True

    async def _later(self, entry: Entry, why: str) -> bool:
        if time.time() - entry.received_at > GIVE_UP_AFTER.total_seconds():
            logger.error(
                "Zalo event %s of zl-%s given up after %s attempts: %s",
                entry.key,
                entry.user_id,
                entry.attempts + 1,
                why,
            )
            await self.inbox.done(entry.seq)
            return True
        pause = min(RETRY_MAX_SECONDS, RETRY_FIRST_SECONDS * 2**entry.attempts)
        logger.warning("Zalo event %s of zl-%s tried again in %.0f s: %s", entry.key, entry.user_id, pause, why)
        await self.inbox.retry(entry.seq, time.time() + pause)
        return False

    async def _take(self, event: ZaloEvent) -> Optional[dict[str, Any]]:
        """The numbered choices last offered to the chat if the event is new for every receiver, else None."""
        body = {"event_key": event.key, "sender_id": sender_of(event.user_id), "citizen_message": event.citizen_message}
        try:
            status, answer = await self.backend.request("POST", "/api/zalo/events", json=body)
        except BackendError as exc:
            logger.warning("backend unavailable, Zalo event %s taken without deduplication: %s", event.key, exc)
            return {}
        if status != 200 or not isinstance(answer, dict):
            logger.warning("POST /api/zalo/events: HTTP %s, Zalo event %s taken anyway", status, event.key)
            return {}
        return answer.get("choices") or {} if answer.get("new") else None

    async def _answer(self, event: ZaloEvent, offered: dict[str, Any]) -> list[dict[str, Any]]:
        """What the citizen gets for the event: the bot's messages, or the channel's word about a file."""
        if event.kind in (Kind.FOLLOW, Kind.CHAT_NOW):
            text = "/greet"  # the bot puts its privacy notice (actions/privacy.py) before a new chat's first reply
        elif event.kind is Kind.TEXT:
            text = choice_for(event.text, offered) or event.text
        else:
            text, refusal = await self._file_payload(event)
            if refusal:
                return [{"text": refusal}]
        try:
            return await self.bot.say(sender_of(event.user_id), text)
        except BotUnavailable as exc:
            raise TryLater(f"rasa: {exc}") from exc

    async def _file_payload(self, event: ZaloEvent) -> tuple[str, str]:
        """``(file payload, "")``, or ``("", what to tell the citizen)`` when the file cannot be taken."""
        try:
            data, _ = await self.zalo.download(event.attachment_url, self.config.attachment_hosts, UPLOAD_MAX_BYTES)
        except AttachmentTooBig:
            return "", replies.TOO_BIG
        except AttachmentRefused as exc:
            logger.warning("attachment of zl-%s not downloaded: %s", event.user_id, exc)
            return "", texts.FILE_NOT_READ
        mime = sniff_mime(data[:HEADER_BYTES])
        if mime is None:
            return "", texts.FILE_TYPE
        return attachment_message(event.attachment_name or f"zalo{EXTENSIONS[mime]}", mime, data), ""

    async def _send_answer(
        self, entry: Entry, event: ZaloEvent, answer: list[dict[str, Any]], offered: dict[str, Any], already_sent: int
    ) -> None:
        outgoing, choices = to_zalo(answer)
        if already_sent == 0 and (choices.numbered or offered.get("numbered")):
            sender = sender_of(event.user_id)
            try:
                await self.backend.request(
                    "PUT", f"/api/zalo/contacts/{sender}/choices", json={"numbered": choices.numbered}
                )
            except BackendError as exc:
                logger.warning("numbered choices of %s not stored: %s", sender, exc)
        for index in range(already_sent, len(outgoing)):
            await self._send(event.user_id, outgoing[index].message)
            await self.inbox.sent(entry.seq, index + 1)

    async def _send(self, user_id: str, message: dict[str, Any]) -> None:
        for attempt in range(1, MAX_SEND_ATTEMPTS + 1):
            try:
                await self.zalo.send(user_id, message)
                return
            except ZaloRateLimited as exc:
                if attempt == MAX_SEND_ATTEMPTS:
                    raise TryLater("Zalo rate limit") from exc
                await asyncio.sleep(exc.wait_seconds * attempt)
            except ZaloRefused as exc:
                logger.warning("Zalo refused a reply to zl-%s: %s", user_id, exc)
                return
            except ZaloError as exc:
                raise TryLater(f"Zalo: {exc}") from exc
