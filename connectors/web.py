"""Rasa 3.6 input channels for the web chat and REST clients, with handoff to hotline staff.

``POST /webhooks/web/webhook`` ``{"sender": "...", "message": "...", "metadata": {...}}``
  While the chat has an open handoff ticket in the backend, the message is relayed to the
  ticket and the answer is a short acknowledgement; the bot does not run. Otherwise the
  message goes to the bot as with rasa's ``rest`` channel (``?stream=true`` works too), with
  ``metadata["motcua"]`` telling the bot what the channel knows::

      {"backend": "ok" | "unavailable", "handoff_open": bool | None,
       "awaiting_rating_ticket_id": int | None,   # staff closed a ticket; a 1-5 rating is asked
       "relay_failed_ticket_id": int | None,     # a ticket is open but the relay failed
       "staged_file": {...} | None}              # a file payload, stored in the backend (below)

  If the backend cannot be reached, the bot answers (a warning is logged): the citizen's
  message is never dropped. Messages are cut at 4,000 characters, except the file payload
  ``/attach_document{"file_name", "mime", "data_base64"}`` (at most ~10 MB of file, else 413): the
  file is stored in the backend (POST /api/files) first and the bot gets ``/attach_document{"file_name",
  "mime"}`` with ``staged_file`` = the backend's answer (``stored_file_id``...) or ``{"refused":
  "unreadable" | "empty" | "format", "detail"}``; while a ticket is open the ticket gets a note with the
  file's number instead.
``GET /webhooks/web/chat``
  The web chat page (webchat/index.html), served from the same origin as the webhook.
``GET /webhooks/web/outbox?sender=...``
  Returns the chat's pending outbox messages (staff replies, closing message, dossier and
  feedback status notifications) in the rasa REST response format and marks them delivered
  (each is handed out once), so the web chat can poll. 503 with ``[]`` when the backend is down.

Both routes are rate-limited per sender in this process (token buckets); over the limit the
answer is 429 with a Vietnamese message.

credentials.yml (every key optional; environment fallbacks in connectors/backend_client.py)::

    connectors.web.WebChatInput:
      backend_url: "http://127.0.0.1:8000"       # MOTCUA_BACKEND_URL
      service_token_file: "var/service.token"    # or service_token: "${MOTCUA_SERVICE_TOKEN}"
      timeout_seconds: 5
      rate_limit_per_minute: 30                  # messages per sender
      rate_limit_burst: 10
      outbox_rate_limit_per_minute: 120          # outbox polls per sender
"""
from __future__ import annotations

import base64
import binascii
import hmac
import inspect
import json
import logging
import re
from asyncio import CancelledError
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from backend.logmask import MaskingFilter
from backend.logmask import install as install_log_masking
from backend.ratelimit import RateLimiter
from connectors.backend_client import (
    BackendClient,
    BackendError,
    BackendUnavailable,
    HandoffState,
    RateLimited,
    TicketNotOpen,
)
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput

logger = logging.getLogger("connectors.web")

RELAYED = "Đã chuyển tin nhắn của bạn tới cán bộ hỗ trợ. Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này."
TOO_FAST = "Bạn gửi tin nhắn quá nhanh, vui lòng đợi vài giây rồi gửi lại."
TOO_BIG = "Tệp quá lớn (tối đa 10 MB). Bạn chụp lại ảnh nhỏ hơn hoặc gửi tệp PDF nhẹ hơn nhé."
BAD_REQUEST = "Yêu cầu không hợp lệ: cần 'sender' (chuỗi, tối đa 128 ký tự) và 'message' (chuỗi)."
UNAUTHORISED = "Thiếu hoặc sai service token."
MAX_SENDER_CHARS = 128
MAX_MESSAGE_CHARS = 4000
# /attach_document{"file_name", "mime", "data_base64"} (the dossier and feedback forms' file payload): a 10 MB
# file in base64 plus its JSON; the backend checks the file's size and type again
ATTACH_PREFIX = "/attach_document"
MAX_ATTACHMENT_CHARS = 14_100_000

WEBCHAT_PAGE = Path(__file__).resolve().parent.parent / "webchat" / "index.html"

_masking_installed = False


def _install_masking() -> None:
    """Mask CCCD and phone numbers in everything the rasa server logs (once per process)."""
    global _masking_installed
    if _masking_installed:
        return
    masking = MaskingFilter()
    install_log_masking(("", "rasa", "sanic.root", "sanic.error", "sanic.access", "connectors"), masking)
    logging.getLogger("connectors").addFilter(masking)
    _masking_installed = True


def _float(credentials: Dict[Text, Any], key: str, default: float) -> float:
    value = credentials.get(key)
    return default if value in (None, "") else float(value)


class WebChatInput(RestInput):
    """The web chat channel (``/webhooks/web/``) with handoff relay and outbox polling."""

    channel_value = "web"  # the channel name the backend knows this chat by

    @classmethod
    def name(cls) -> Text:
        return "web"

    def __init__(
        self,
        backend: BackendClient | None = None,
        rate_limit_per_minute: float = 30,
        rate_limit_burst: int = 10,
        outbox_rate_limit_per_minute: float = 120,
    ) -> None:
        self.backend = backend or BackendClient()
        self.message_limiter = RateLimiter(rate_limit_per_minute, rate_limit_burst)
        self.outbox_limiter = RateLimiter(outbox_rate_limit_per_minute, max(1, int(outbox_rate_limit_per_minute // 4)))
        _install_masking()

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        credentials = credentials or {}
        backend = BackendClient(
            base_url=credentials.get("backend_url") or None,
            service_token=credentials.get("service_token") or None,
            token_file=credentials.get("service_token_file") or None,
            timeout_seconds=_float(credentials, "timeout_seconds", 5.0),
        )
        return cls(
            backend=backend,
            rate_limit_per_minute=_float(credentials, "rate_limit_per_minute", 30),
            rate_limit_burst=int(_float(credentials, "rate_limit_burst", 10)),
            outbox_rate_limit_per_minute=_float(credentials, "outbox_rate_limit_per_minute", 120),
        )

    # --- request parsing ----------------------------------------------------------------------------

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()  # clients do not choose the channel the bot and the backend see

    @staticmethod
    def _valid_sender(sender: Any) -> bool:
        return isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS

    @staticmethod
    def _reply(sender: str, text: str, **custom: Any) -> Dict[str, Any]:
        message: Dict[str, Any] = {"recipient_id": sender, "text": text}
        if custom:
            message["custom"] = custom
        return message

    # --- handoff ------------------------------------------------------------------------------------

    async def _state(self, sender: str) -> HandoffState | None:
        try:
            return await self.backend.handoff_state(self.channel_value, sender)
        except (BackendUnavailable, RateLimited) as exc:
            logger.warning("backend unavailable, the bot answers sender %s: %s", sender, exc)
            return None

    @staticmethod
    def _attachment(text: str) -> tuple[str, str, bytes]:
        """(file name, mime, bytes) of a ``/attach_document{...}`` payload; ValueError when it is unreadable."""
        try:
            payload = json.loads(text[len(ATTACH_PREFIX):])
            name = str(payload.get("file_name") or "tep")[:200]
            mime = str(payload.get("mime") or "")[:100]
            data = base64.b64decode(re.sub(r"^data:[^,]*,", "", str(payload.get("data_base64") or "")), validate=True)
        except (TypeError, AttributeError, binascii.Error) as exc:
            raise ValueError("unreadable attachment") from exc
        return name, mime, data

    async def _store_attachment(self, text: str) -> tuple[str, str, Dict[str, Any]]:
        """Store the file of a ``/attach_document{...}`` payload in the backend: ``(file name, mime, stored)``, where
        stored is the backend's answer (``stored_file_id``...) or ``{"refused": "unreadable" | "empty" | "format"}``.
        BackendUnavailable and RateLimited go to the caller."""
        try:
            name, mime, data = self._attachment(text)
        except ValueError:
            return "tep", "", {"refused": "unreadable"}
        if not data:
            return name, mime, {"refused": "empty"}
        try:
            return name, mime, await self.backend.upload_file(name, data, mime or None)
        except BackendError as exc:
            if isinstance(exc, (BackendUnavailable, RateLimited)):
                raise
            return name, mime, {"refused": "format", "detail": str(exc)}

    async def _attachment_note(self, text: str) -> str:
        """A file sent while staff handle the chat: stored in the backend, the ticket gets a note naming it."""
        name, _, stored = await self._store_attachment(text)
        refused = stored.get("refused")
        if refused == "unreadable":
            return "[Công dân gửi một tệp nhưng tệp bị lỗi, không đọc được]"
        if refused == "empty":
            return f"[Công dân gửi tệp rỗng: {name}]"
        if refused:
            return f"[Công dân gửi tệp {name} nhưng hệ thống không nhận (chỉ nhận JPEG, PNG, PDF tối đa 10 MB)]"
        return f"[Tệp đính kèm: {name}, tệp số {stored.get('stored_file_id')} (tải tại /api/files/{stored.get('stored_file_id')})]"

    async def _stage_attachment(self, text: str) -> tuple[str, Optional[Dict[str, Any]]]:
        """Store a file in the backend before the bot sees it: ``(text for the bot, staged_file)``.

        The bot then gets ``/attach_document{"file_name", "mime"}`` and ``metadata.motcua.staged_file`` (what
        ``_store_attachment`` gives) instead of up to 14 MB of base64: rasa runs its whole NLU pipeline on a
        message's text (3 MB of base64: 18 s with the server blocked for every citizen) and keeps the text in the
        tracker store. If the backend cannot be reached the payload goes to the bot whole, whose forms retry."""
        try:
            name, mime, stored = await self._store_attachment(text)
        except (BackendUnavailable, RateLimited) as exc:
            logger.warning("backend unavailable, a file goes to the bot whole (its form uploads it later): %s", exc)
            return text, None
        if stored.get("refused") == "unreadable":
            return ATTACH_PREFIX + "{}", stored
        return ATTACH_PREFIX + json.dumps({"file_name": name, "mime": mime}, ensure_ascii=False), stored

    async def _try_relay(self, state: HandoffState, sender: str, text: str) -> tuple[bool, bool]:
        """``(relayed, failed)``: failed means a ticket is open but the message could not reach it."""
        try:
            if text.startswith(ATTACH_PREFIX):
                text = await self._attachment_note(text)
            await self.backend.relay(state.ticket_id, self.channel_value, sender, text)
            return True, False
        except TicketNotOpen:
            return False, False  # closed meanwhile: the bot takes over
        except (BackendUnavailable, RateLimited) as exc:
            logger.warning("relay to ticket %s failed, the bot answers sender %s: %s", state.ticket_id, sender, exc)
            return False, True

    async def handle_message(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else None
        if body is None:
            return response.json({"detail": BAD_REQUEST}, status=400)
        sender = body.get("sender")
        text = body.get("message")
        if not self._valid_sender(sender) or (text is not None and not isinstance(text, str)):
            return response.json({"detail": BAD_REQUEST}, status=400)
        if text is not None and text.startswith(ATTACH_PREFIX):
            if len(text) > MAX_ATTACHMENT_CHARS:
                return response.json([self._reply(sender, TOO_BIG)], status=413)
        elif text is not None and len(text) > MAX_MESSAGE_CHARS:
            text = text[:MAX_MESSAGE_CHARS]

        wait = self.message_limiter.acquire(sender)
        if wait > 0:
            return response.json(
                [self._reply(sender, TOO_FAST)], status=429, headers={"Retry-After": self.message_limiter.retry_after_header(wait)}
            )

        state = await self._state(sender) if text else None
        failed_ticket = None
        if state is not None and state.open and state.ticket_id is not None and text:
            relayed, failed = await self._try_relay(state, sender, text)
            if relayed:
                return response.json([self._reply(sender, RELAYED, handoff={"ticket_id": state.ticket_id, "relayed": True})])
            if failed:
                failed_ticket = state.ticket_id
            else:
                state = HandoffState(open=False)

        user_metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
        metadata = {**user_metadata}
        metadata["motcua"] = {
            "backend": "ok" if state is not None else "unavailable",
            "handoff_open": (state.open if state is not None else None) if text else None,
            "awaiting_rating_ticket_id": state.awaiting_rating_ticket_id if state is not None else None,
            "relay_failed_ticket_id": failed_ticket,
        }
        if text is not None and text.startswith(ATTACH_PREFIX):
            text, metadata["motcua"]["staged_file"] = await self._stage_attachment(text)
        return await self._to_bot(request, on_new_message, sender, text, metadata)

    async def _to_bot(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        sender: str,
        text: Optional[str],
        metadata: Dict[str, Any],
    ) -> HTTPResponse:
        """As rasa's RestInput does: run the bot, answer with what it said (or stream it)."""
        input_channel = self.name()
        if request.args.get("stream", "false").lower() == "true":
            return response.stream(
                self.stream_response(on_new_message, text, sender, input_channel, metadata),
                content_type="text/event-stream",
            )
        collector = CollectingOutputChannel()
        try:
            await on_new_message(UserMessage(text, collector, sender, input_channel=input_channel, metadata=metadata))
        except CancelledError:
            logger.error("message from sender %s timed out in the bot", sender)
        except Exception:
            logger.exception("the bot failed on a message from sender %s", sender)
        return response.json(collector.messages)

    async def handle_outbox(self, request: Request) -> HTTPResponse:
        sender = request.args.get("sender")
        if not self._valid_sender(sender):
            return response.json({"detail": "Thiếu hoặc sai tham số 'sender'."}, status=400)
        wait = self.outbox_limiter.acquire(sender)
        if wait > 0:
            return response.json([], status=429, headers={"Retry-After": self.outbox_limiter.retry_after_header(wait)})
        try:
            messages = await self.backend.take_outbox(self.channel_value, sender)
        except (BackendUnavailable, RateLimited) as exc:
            logger.warning("outbox of sender %s not available: %s", sender, exc)
            return response.json([], status=503, headers={"Retry-After": "5"})
        return response.json(
            [
                self._reply(
                    sender,
                    m["text"],
                    outbox={"id": m.get("id"), "ticket_id": m.get("ticket_id"), "receipt_code": m.get("receipt_code"),
                            "created_at": m.get("created_at")},
                )
                for m in messages
            ]
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        module = inspect.getmodule(self)
        blueprint = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.handle_message(request, on_new_message)

        @blueprint.route("/outbox", methods=["GET"])
        async def outbox(request: Request) -> HTTPResponse:
            return await self.handle_outbox(request)

        if self.channel_value == "web":

            @blueprint.route("/chat", methods=["GET"])
            async def chat_page(request: Request) -> HTTPResponse:
                try:
                    page = WEBCHAT_PAGE.read_text(encoding="utf-8")
                except OSError:
                    return response.text("webchat/index.html not found", status=404)
                return response.html(page, headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

        @blueprint.listener("after_server_stop")
        async def close_backend(_app, _loop) -> None:
            await self.backend.close()

        return blueprint


class RestRelayInput(WebChatInput):
    """The same behaviour on ``/webhooks/rest/`` (channel ``rest``), to replace rasa's built-in
    ``rest`` channel in credentials.yml (``connectors.web.RestRelayInput:`` instead of ``rest:``)."""

    channel_value = "rest"

    @classmethod
    def name(cls) -> Text:
        return "rest"


class TelegramBridgeInput(WebChatInput):
    """``/webhooks/telegram/`` (channel ``telegram``) for the Telegram bridge process (connectors/telegram.py),
    which talks to Telegram's Bot API and posts each citizen message here with the sender ``tg-<chat id>``.
    Only the bridge may post: requests must carry the backend's service token (``X-Service-Token``)."""

    channel_value = "telegram"

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def _authorised(self, request: Request) -> bool:
        expected = self.backend.token()
        given = request.headers.get("X-Service-Token") or ""
        return bool(expected) and hmac.compare_digest(given, expected)

    async def handle_message(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if not self._authorised(request):
            return response.json({"detail": UNAUTHORISED}, status=401)
        return await super().handle_message(request, on_new_message)

    async def handle_outbox(self, request: Request) -> HTTPResponse:
        if not self._authorised(request):
            return response.json({"detail": UNAUTHORISED}, status=401)
        return await super().handle_outbox(request)


__all__ = ["WebChatInput", "RestRelayInput", "TelegramBridgeInput", "RELAYED", "TOO_FAST", "TOO_BIG"]
