"""The Zalo Official Account channel of the rasa server: ``POST /webhooks/zalo/webhook`` (channel ``zalo``, senders
``zl-<Zalo user id>``).

- The request is checked before anything else: body at most ``MAX_WEBHOOK_BYTES`` (413), a JSON object (400),
  ``X-ZEvent-Signature`` = ``mac=`` sha256(app id + raw body + timestamp + OA secret key), compared in constant
  time (connectors/zalo_signature.py; missing or wrong → 401, nothing processed). Then 200 at once: Zalo wants an
  answer within 2 s and retries otherwise; the event is processed in the background, unless its timestamp is
  older than ``EVENT_MAX_AGE`` (a replay beyond the time the backend remembers events).
- Each event is taken once for every rasa server: the backend records its key (``msg_id``) and tells whether it is
  new (``POST /api/zalo/events``); a retry, a replay or another server's copy stops there. The same call records
  the citizen's last message (Zalo's 48 h / 7 day windows, shown in the console) and returns the numbered choices
  last offered to them, so a typed number becomes its choice's payload on any server. If the backend cannot be
  reached the message is processed anyway (the citizen's message is never dropped); the keys this server took
  lately are also remembered here, so a retry reaching the same server is dropped even then.
- A chat's events are handled one at a time, in order. Text goes through the shared channel logic
  (connectors/web.py ``ChatChannel.answer``: limits, cleaning, relay to an open handoff ticket, the bot). An image
  or a file is downloaded from its URL (only from ``ZALO_ATTACHMENT_HOSTS``, at most ``MAX_FILE_BYTES``, JPEG/PNG/
  PDF) and staged in the backend like the web chat's, so the dossier form gets a file number. ``follow`` and
  ``user_click_chatnow``: the bot's greeting (with the bot's privacy notice the first time a chat is seen).
- The answer goes back through the OA API (connectors/zalo_client.py, connectors/zalo_format.py).

Zalo settings come from the environment (backend/zalo_config.py). Without ``ZALO_APP_ID`` and
``ZALO_OA_SECRET_KEY`` the channel still loads (the rasa server keeps serving the other channels) and its webhook
answers 503.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections import OrderedDict
from typing import Any, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from backend.filetypes import EXTENSIONS, HEADER_BYTES, sniff_mime
from backend.zalo_config import EVENT_MAX_AGE, ZaloConfig, sender_of
from connectors import replies, zalo_signature, zalo_texts
from connectors.backend_client import BackendClient, BackendError
from connectors.channel_settings import ChannelSettings
from connectors.chat_turns import ChatTurns
from connectors.web import ATTACH_PREFIX, ChatChannel, OnNewMessage
from connectors.zalo_client import (
    AttachmentRefused,
    AttachmentTooBig,
    TokenSource,
    ZaloClient,
    ZaloError,
    ZaloRateLimited,
)
from connectors.zalo_events import Kind, ZaloEvent, parse
from connectors.zalo_format import choice_for, to_zalo
from rasa.core.channels.channel import UserMessage

logger = logging.getLogger("connectors.zalo")

MAX_WEBHOOK_BYTES = 64 * 1024  # Zalo's events are small: an attachment comes as a URL
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_SEND_ATTEMPTS = 3  # of one message, when Zalo rate-limits
RECENT_KEYS = 10_000  # event keys remembered in this process, before asking the backend
# Bot turns of Zalo events running at once in this server. Rasa's NLU runs in the server's event loop: with every
# queued event in it, a webhook would wait behind all of them for its 200 (Zalo wants it within 2 s).
MAX_CONCURRENT_TURNS = 2
NOT_CONFIGURED = "Kênh Zalo chưa được cấu hình (ZALO_APP_ID, ZALO_OA_SECRET_KEY)."
BAD_SIGNATURE = "Chữ ký X-ZEvent-Signature không hợp lệ."
BAD_EVENT = "Nội dung phải là một đối tượng JSON."


class ZaloInput(ChatChannel):
    """``/webhooks/zalo/`` (channel ``zalo``): Zalo's signed webhook; answers go out through the OA API."""

    channel_value = "zalo"

    @classmethod
    def name(cls) -> Text:
        return "zalo"

    def __init__(self, backend: BackendClient | None = None, settings: ChannelSettings | None = None,
                 config: ZaloConfig | None = None) -> None:
        super().__init__(backend, settings)
        self.config = config or ZaloConfig.from_env()
        self.zalo = ZaloClient(self.config.api_base, TokenSource(self.backend))
        self.turns = ChatTurns()
        self.bot_slots = asyncio.Semaphore(MAX_CONCURRENT_TURNS)
        self.recent: OrderedDict[str, None] = OrderedDict()  # keys this server took lately (backend down too)
        self._tasks: set[asyncio.Task] = set()
        if not self.config.webhook_ready:
            logger.info("Zalo is not configured (ZALO_APP_ID, ZALO_OA_SECRET_KEY): /webhooks/zalo/webhook answers 503")

    # --- the webhook ----------------------------------------------------------------------------------

    async def receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        if not self.config.webhook_ready:
            return response.json({"detail": NOT_CONFIGURED}, status=503)
        raw = request.body or b""
        if len(raw) > MAX_WEBHOOK_BYTES:
            return response.json({"detail": replies.TOO_BIG}, status=413)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return response.json({"detail": BAD_EVENT}, status=400)
        timestamp = body.get("timestamp")
        timestamp = str(timestamp) if isinstance(timestamp, (str, int)) and not isinstance(timestamp, bool) else ""
        if not zalo_signature.verify(request.headers.get(zalo_signature.HEADER), self.config.app_id, raw, timestamp,
                                     self.config.oa_secret_key):
            return response.json({"detail": BAD_SIGNATURE}, status=401)
        event = parse(body)
        if event is not None and _too_old(timestamp):
            logger.warning("Zalo event %s is older than %s: ignored (a replay?)", event.key, EVENT_MAX_AGE)
        elif event is not None:
            task = asyncio.get_running_loop().create_task(self.process(request, on_new_message, event))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return response.json({"received": True})

    # --- one event ------------------------------------------------------------------------------------------

    async def _take_event(self, event: ZaloEvent, sender: str) -> Optional[Dict[str, Any]]:
        """The numbered choices last offered to the chat if the event is new here and everywhere, else None."""
        if event.key in self.recent:
            return None
        self.recent[event.key] = None
        while len(self.recent) > RECENT_KEYS:
            self.recent.popitem(last=False)
        body = {"event_key": event.key, "sender_id": sender, "citizen_message": event.citizen_message}
        try:
            status, answer = await self.backend.request("POST", "/api/zalo/events", json=body)
        except BackendError as exc:
            logger.warning("backend unavailable, Zalo event %s processed without deduplication: %s", event.key, exc)
            return {}
        if status != 200 or not isinstance(answer, dict):
            logger.warning("POST /api/zalo/events: HTTP %s, Zalo event %s processed anyway", status, event.key)
            return {}
        return answer.get("choices") or {} if answer.get("new") else None

    async def process(self, request: Request, on_new_message: OnNewMessage, event: ZaloEvent) -> None:
        sender = sender_of(event.user_id)
        try:
            async with self.turns.turn(sender):
                offered = await self._take_event(event, sender)
                if offered is None:
                    logger.info("Zalo event %s already taken: ignored", event.key)
                    return
                text = await self._bot_input(event, offered)
                if text is None:
                    return
                answer = await self.answer(request, self._bounded(on_new_message), sender, text)
                await self._send_answer(event.user_id, sender, _messages(answer), offered)
        except Exception:
            logger.exception("a Zalo event of sender %s failed", sender)

    def _bounded(self, on_new_message: OnNewMessage) -> OnNewMessage:
        """``on_new_message`` holding one of the ``MAX_CONCURRENT_TURNS`` slots while the bot runs (also when the
        channel has stopped waiting for it and told the citizen the system is busy)."""
        async def turn(message: UserMessage) -> Any:
            async with self.bot_slots:
                return await on_new_message(message)
        return turn

    async def _bot_input(self, event: ZaloEvent, offered: Dict[str, Any]) -> Optional[str]:
        """What the bot gets for the event; None when the channel has answered it itself."""
        if event.kind in (Kind.FOLLOW, Kind.CHAT_NOW):
            return "/greet"  # the bot puts its privacy notice (actions/privacy.py) before a new chat's first reply
        if event.kind is Kind.TEXT:
            return choice_for(event.text, offered) or event.text
        return await self._downloaded_file(event)

    async def _downloaded_file(self, event: ZaloEvent) -> Optional[str]:
        """The file payload of an image or a file (staged in the backend by ``answer``), or None once the citizen
        has been told why it was not taken."""
        try:
            data, _ = await self.zalo.download(event.attachment_url, self.config.attachment_hosts, MAX_FILE_BYTES)
        except AttachmentTooBig:
            await self._send_to_zalo(event.user_id, {"text": replies.TOO_BIG})
            return None
        except AttachmentRefused as exc:
            logger.warning("attachment of sender zl-%s not downloaded: %s", event.user_id, exc)
            await self._send_to_zalo(event.user_id, {"text": zalo_texts.FILE_NOT_READ})
            return None
        mime = sniff_mime(data[:HEADER_BYTES])
        if mime is None:
            await self._send_to_zalo(event.user_id, {"text": zalo_texts.FILE_TYPE})
            return None
        name = event.attachment_name or f"zalo{EXTENSIONS[mime]}"
        payload = {"file_name": name, "mime": mime, "data_base64": base64.b64encode(data).decode("ascii")}
        return ATTACH_PREFIX + json.dumps(payload, ensure_ascii=False)

    async def _send_answer(
        self, user_id: str, sender: str, messages: list[Dict[str, Any]], offered: Dict[str, Any]
    ) -> None:
        outgoing, choices = to_zalo(messages)
        if choices.numbered or offered.get("numbered"):
            try:
                await self.backend.request("PUT", f"/api/zalo/contacts/{sender}/choices",
                                           json={"numbered": choices.numbered})
            except BackendError as exc:
                logger.warning("numbered choices of sender %s not stored: %s", sender, exc)
        for out in outgoing:
            await self._send_to_zalo(user_id, out.message)

    async def _send_to_zalo(self, user_id: str, message: Dict[str, Any]) -> None:
        for attempt in range(1, MAX_SEND_ATTEMPTS + 1):
            try:
                await self.zalo.send(user_id, message)
                return
            except ZaloRateLimited as exc:
                if attempt == MAX_SEND_ATTEMPTS:
                    logger.warning("Zalo rate limit: a reply to zl-%s was not sent", user_id)
                    return
                await asyncio.sleep(exc.wait_seconds * attempt)
            except ZaloError as exc:
                logger.warning("a reply to zl-%s was not sent: %s", user_id, exc)
                return

    # --- routes -------------------------------------------------------------------------------------------

    def add_routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        @blueprint.listener("before_server_stop")
        async def finish(_app, _loop) -> None:
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=self.settings.bot_timeout_seconds)
            await self.zalo.close()


def _too_old(timestamp: str) -> bool:
    """Zalo's ``timestamp`` (milliseconds) is older than ``EVENT_MAX_AGE``; a missing one counts as old."""
    try:
        return time.time() - int(timestamp) / 1000 > EVENT_MAX_AGE.total_seconds()
    except ValueError:
        return True


def _messages(answer: HTTPResponse) -> list[Dict[str, Any]]:
    """The bot's messages in a ``ChatChannel.answer`` response (its refusals without messages give none)."""
    try:
        body = json.loads(answer.body or b"[]")
    except ValueError:
        return []
    return [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []
