"""Rasa 3.6 input channels for the web chat, the Telegram bridge and REST scripts, with handoff to hotline staff.

Who is speaking is never taken from the client alone:

- ``web`` (``WebChatInput``, ``/webhooks/web/``): the sender is the one of the chat's signed session cookie
  (connectors/web_session.py), issued by ``POST /webhooks/web/session``; a ``sender`` in a body or a query is
  ignored. A missing or invalid cookie gets 401 with a Vietnamese message the page shows.
- ``telegram`` (``TelegramBridgeInput``) and ``rest`` (``RestRelayInput``): only callers holding the backend's
  service token (``X-Service-Token``) may post; they name the sender in the body (``{"sender", "message"}``)
  and poll ``GET .../outbox?sender=``.

``POST .../webhook`` ``{"message": "..."}`` (``Content-Type: application/json``, else 415). While the chat has an
open handoff ticket in the backend, the message is relayed to the ticket and the answer is a short
acknowledgement; the bot does not run. Otherwise the bot answers, with ``metadata["motcua"]`` telling it what the
channel knows (a client's ``input_channel`` and ``metadata`` are ignored)::

    {"backend": "ok" | "unavailable", "handoff_open": bool | None,
     "awaiting_rating_ticket_id": int | None,   # staff closed a ticket; a 1-5 rating is asked
     "relay_failed_ticket_id": int | None,     # a ticket is open but the relay failed
     "staged_file": {...}}                     # only for a file payload, stored in the backend (below)

Before the bot: bodies over ``MAX_REQUEST_BYTES`` are refused by the server itself (413); a body that is not a JSON
object, or a ``message`` that is not text, a number or null → 400; ``?stream=true`` → 400; messages over
``MAX_MESSAGE_CHARS`` → 413 with a polite reply; the text is cleaned (connectors/message_policy.py: NFC, control
and bidi characters, lone surrogates) and, on public channels, a typed slash command the bot's buttons never send
becomes plain text; an empty message gets a polite reply without the bot. The file payload
``/attach_document{"file_name", "mime", "data_base64"}`` (at most ~10 MB of file, else 413) is stored in the
backend (POST /api/files) first and the bot gets ``/attach_document{"file_name", "mime"}`` with ``staged_file`` =
the backend's answer (``stored_file_id``...) or ``{"refused": "unreadable" | "empty" | "format", "detail"}``;
while a ticket is open the ticket gets a note with the file's number instead. The bot gets
``bot_timeout_seconds`` (then the citizen is told the system is busy while the turn finishes in the background)
and a turn where it says nothing gets a polite default (logged as a warning): every message gets a reply.

``GET .../outbox`` returns the chat's pending outbox messages (staff replies, closing message, dossier and
feedback status notifications) in the rasa REST response format and marks them delivered (each is handed out
once). 503 with ``[]`` when the backend is down. The web chat page is ``GET /webhooks/web/chat`` (connectors/
web_page.py). Rate limits (token buckets in this process): per sender, and on the web per client address
(``X-Forwarded-For`` only from ``MOTCUA_TRUSTED_PROXIES``) for messages and new sessions → 429.

credentials.yml: ``backend_url`` (MOTCUA_BACKEND_URL), ``service_token`` / ``service_token_file`` (see
connectors/backend_client.py) and the limits of connectors/channel_settings.py.

For another channel (Zalo): subclass ``ChatChannel``, authenticate the request, then
``return await self.answer(request, on_new_message, sender, message)``.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import inspect
import json
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from backend.ratelimit import RateLimiter
from connectors import log_privacy, replies, web_page
from connectors.backend_client import (
    BackendClient,
    BackendError,
    BackendUnavailable,
    HandoffState,
    RateLimited,
    TicketNotOpen,
)
from connectors.channel_settings import ChannelSettings
from connectors.client_address import client_address, trusted_proxies
from common.limits import (
    ATTACH_PREFIX,
    MAX_ATTACHMENT_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_REQUEST_BYTES,
    MAX_SENDER_CHARS,
)
from connectors.message_policy import clean_text, neutralise_commands
from connectors.web_session import COOKIE_NAME, SENDER_PATTERN, SENDER_PREFIX, WebSessions
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput

logger = logging.getLogger("connectors.web")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def development_mode() -> bool:
    return os.environ.get("MOTCUA_DEV", "") == "1"


def _replies(sender: str, text: str, status: int = 200, headers: Optional[Dict[str, str]] = None) -> HTTPResponse:
    return response.json([{"recipient_id": sender, "text": text}], status=status, headers=headers)


def _refusal(text: str, status: int) -> HTTPResponse:
    return response.json({"detail": text}, status=status)


class InvalidBody(ValueError):
    """A POST body that is not JSON-typed (415) or not a JSON object (400); ``response`` says so in Vietnamese."""

    def __init__(self, detail: str, status: int) -> None:
        super().__init__(detail)
        self.response = _refusal(detail, status)


def json_object(request: Request, empty_allowed: bool = False) -> Dict[str, Any]:
    """The request's JSON object body; InvalidBody otherwise."""
    if (request.content_type or "").split(";")[0].strip().lower() != "application/json":
        raise InvalidBody(replies.NOT_JSON, 415)  # a cross-site form cannot send this type without CORS
    if empty_allowed and not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except ValueError:
        raise InvalidBody(replies.BAD_REQUEST, 400) from None
    if not isinstance(body, dict):
        raise InvalidBody(replies.BAD_REQUEST, 400)
    return body


class ChatChannel(RestInput):
    """What every motcua channel does once it knows who is speaking: limits, cleaning, handoff relay, the bot."""

    channel_value = "web"  # the channel name the backend knows the chats by
    public = True  # citizens type the messages: slash commands are filtered

    def __init__(self, backend: BackendClient | None = None, settings: ChannelSettings | None = None) -> None:
        self.backend = backend or BackendClient()
        self.settings = settings or ChannelSettings()
        s = self.settings
        self.message_limiter = RateLimiter(s.rate_limit_per_minute, s.rate_limit_burst)
        outbox_burst = max(1, int(s.outbox_rate_limit_per_minute // 4))
        self.outbox_limiter = RateLimiter(s.outbox_rate_limit_per_minute, outbox_burst)
        log_privacy.install()

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "ChatChannel":
        credentials = credentials or {}
        settings = ChannelSettings.from_credentials(credentials)
        backend = BackendClient(
            base_url=credentials.get("backend_url") or None,
            service_token=credentials.get("service_token") or None,
            token_file=credentials.get("service_token_file") or None,
            timeout_seconds=settings.timeout_seconds,
        )
        return cls(backend=backend, settings=settings)

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()  # clients do not choose the channel the bot and the backend see

    # --- the message ----------------------------------------------------------------------------------

    def _text(self, message: Any) -> Optional[str]:
        """The message as text (null is empty, a number its digits), uncleaned; None when it is not a message."""
        if message is None:
            return ""
        if isinstance(message, bool) or not isinstance(message, (str, int, float)):
            return None
        return message if isinstance(message, str) else str(message)

    def _prepared(self, text: str) -> str:
        if text.startswith(ATTACH_PREFIX):
            return text  # its file name is cleaned when the file is staged
        text = clean_text(text)
        return neutralise_commands(text, self.public)

    # --- handoff ----------------------------------------------------------------------------------------

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
            name = clean_text(str(payload.get("file_name") or ""))[:200] or "tep"
            mime = clean_text(str(payload.get("mime") or ""))[:100]
            data = base64.b64decode(re.sub(r"^data:[^,]*,", "", str(payload.get("data_base64") or "")), validate=True)
        except (TypeError, AttributeError, binascii.Error) as exc:
            raise ValueError("unreadable attachment") from exc
        return name, mime, data

    async def _store_attachment(self, sender: str, text: str) -> tuple[str, str, Dict[str, Any]]:
        """Store the file of a ``/attach_document{...}`` payload in the backend as ``sender``'s (only that chat may
        file it then): ``(file name, mime, stored)``, where stored is the backend's answer (``stored_file_id``...) or
        ``{"refused": "unreadable" | "empty" | "format"}``. BackendUnavailable and RateLimited go to the caller."""
        try:
            name, mime, data = self._attachment(text)
        except ValueError:
            return "tep", "", {"refused": "unreadable"}
        if not data:
            return name, mime, {"refused": "empty"}
        try:
            return name, mime, await self.backend.upload_file(self.channel_value, sender, name, data, mime or None)
        except BackendError as exc:
            if isinstance(exc, (BackendUnavailable, RateLimited)):
                raise
            return name, mime, {"refused": "format", "detail": str(exc)}

    async def _attachment_note(self, sender: str, text: str) -> str:
        """A file sent while staff handle the chat: stored in the backend, the ticket gets a note naming it."""
        name, _, stored = await self._store_attachment(sender, text)
        refused = stored.get("refused")
        if refused == "unreadable":
            return "[Công dân gửi một tệp nhưng tệp bị lỗi, không đọc được]"
        if refused == "empty":
            return f"[Công dân gửi tệp rỗng: {name}]"
        if refused:
            return f"[Công dân gửi tệp {name} nhưng hệ thống không nhận (chỉ nhận JPEG, PNG, PDF tối đa 10 MB)]"
        file_id = stored.get("stored_file_id")
        return f"[Tệp đính kèm: {name}, tệp số {file_id} (tải tại /api/files/{file_id})]"

    async def _stage_attachment(self, sender: str, text: str) -> tuple[str, Optional[Dict[str, Any]]]:
        """Store a file in the backend before the bot sees it: ``(text for the bot, staged_file)``.

        The bot then gets ``/attach_document{"file_name", "mime"}`` and ``metadata.motcua.staged_file`` (what
        ``_store_attachment`` gives) instead of up to 14 MB of base64: rasa runs its whole NLU pipeline on a
        message's text (3 MB of base64: 18 s with the server blocked for every citizen) and keeps the text in the
        tracker store. If the backend cannot be reached the payload goes to the bot whole, whose forms retry."""
        try:
            name, mime, stored = await self._store_attachment(sender, text)
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
                text = await self._attachment_note(sender, text)
            await self.backend.relay(state.ticket_id, self.channel_value, sender, text)
            return True, False
        except TicketNotOpen:
            return False, False  # closed meanwhile: the bot takes over
        except (BackendUnavailable, RateLimited) as exc:
            logger.warning("relay to ticket %s failed, the bot answers sender %s: %s", state.ticket_id, sender, exc)
            return False, True

    # --- answering ----------------------------------------------------------------------------------------

    def _over_limit(self, request: Request, sender: str) -> float:
        """Seconds to wait when this message is over a rate limit, else 0."""
        return self.message_limiter.acquire(sender)

    async def answer(self, request: Request, on_new_message: OnNewMessage, sender: str, message: Any) -> HTTPResponse:
        """Answer ``message`` from ``sender``, who the caller has authenticated."""
        if request.args.get("stream", "").lower() == "true":  # rasa's streamed answers have no time limit
            return _refusal(replies.NO_STREAM, 400)
        text = self._text(message)
        if text is None:
            return _refusal(replies.BAD_REQUEST, 400)
        if text.startswith(ATTACH_PREFIX):
            if len(text) > MAX_ATTACHMENT_CHARS:
                return _replies(sender, replies.TOO_BIG, 413)
        elif len(text) > MAX_MESSAGE_CHARS:
            return _replies(sender, replies.TOO_LONG, 413)
        wait = self._over_limit(request, sender)
        if wait > 0:
            retry = {"Retry-After": self.message_limiter.retry_after_header(wait)}
            return _replies(sender, replies.TOO_FAST, 429, retry)
        text = self._prepared(text)
        if not text:
            return _replies(sender, replies.EMPTY_MESSAGE)

        state = await self._state(sender)
        failed_ticket = None
        if state is not None and state.open and state.ticket_id is not None:
            relayed, failed = await self._try_relay(state, sender, text)
            if relayed:
                return response.json([{"recipient_id": sender, "text": replies.RELAYED,
                                       "custom": {"handoff": {"ticket_id": state.ticket_id, "relayed": True}}}])
            if failed:
                failed_ticket = state.ticket_id
            else:
                state = HandoffState(open=False)

        motcua: Dict[str, Any] = {
            "backend": "ok" if state is not None else "unavailable",
            "handoff_open": state.open if state is not None else None,
            "awaiting_rating_ticket_id": state.awaiting_rating_ticket_id if state is not None else None,
            "relay_failed_ticket_id": failed_ticket,
        }
        if text.startswith(ATTACH_PREFIX):
            text, motcua["staged_file"] = await self._stage_attachment(sender, text)
        return await self._to_bot(on_new_message, sender, text, {"motcua": motcua})

    async def _to_bot(self, on_new_message: OnNewMessage, sender: str, text: str,
                      metadata: Dict[str, Any]) -> HTTPResponse:
        """Run the bot (at most ``bot_timeout_seconds``), answer with what it said or a polite default."""
        collector = CollectingOutputChannel()
        turn = asyncio.ensure_future(
            on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
        )
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.settings.bot_timeout_seconds)
        except asyncio.TimeoutError:
            logger.warning("the bot took over %s s on a message of sender %s; it finishes in the background",
                           self.settings.bot_timeout_seconds, sender)
            turn.add_done_callback(_log_failed_turn)
            return _replies(sender, replies.BUSY)
        except asyncio.CancelledError:
            logger.error("message from sender %s was cancelled in the bot", sender)
            return _replies(sender, replies.BUSY)
        except Exception:
            logger.exception("the bot failed on a message from sender %s", sender)
        if not collector.messages:
            logger.warning("the bot said nothing to sender %s: the channel answers with its default", sender)
            return _replies(sender, replies.NO_ANSWER)
        return response.json(collector.messages)

    async def outbox(self, request: Request, sender: str) -> HTTPResponse:
        """The outbox of ``sender``, who the caller has authenticated."""
        wait = self.outbox_limiter.acquire(sender)
        if wait > 0:
            return response.json([], status=429, headers={"Retry-After": self.outbox_limiter.retry_after_header(wait)})
        try:
            messages = await self.backend.take_outbox(self.channel_value, sender)
        except (BackendUnavailable, RateLimited) as exc:
            logger.warning("outbox of sender %s not available: %s", sender, exc)
            return response.json([], status=503, headers={"Retry-After": "5"})
        return response.json([
            {"recipient_id": sender, "text": m["text"],
             "custom": {"outbox": {"id": m.get("id"), "ticket_id": m.get("ticket_id"),
                                   "receipt_code": m.get("receipt_code"), "created_at": m.get("created_at")}}}
            for m in messages
        ])

    # --- routes -----------------------------------------------------------------------------------------

    def add_routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        raise NotImplementedError

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        module = inspect.getmodule(self)
        blueprint = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        self.add_routes(blueprint, on_new_message)

        @blueprint.listener("before_server_start")
        async def limit_the_server(app, _loop) -> None:
            app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
            log_privacy.install()  # rasa and sanic have their log handlers by now

        @blueprint.listener("after_server_stop")
        async def close_backend(_app, _loop) -> None:
            await self.backend.close()

        return blueprint


def _add_chat_routes(blueprint: Blueprint, channel: Any, on_new_message: OnNewMessage) -> None:
    """``POST /webhook`` and ``GET /outbox`` to the channel's ``receive`` and ``poll``."""

    @blueprint.route("/webhook", methods=["POST"])
    async def webhook(request: Request) -> HTTPResponse:
        return await channel.receive(request, on_new_message)

    @blueprint.route("/outbox", methods=["GET"])
    async def outbox(request: Request) -> HTTPResponse:
        return await channel.poll(request)


def _log_failed_turn(turn: "asyncio.Future[Any]") -> None:
    if not turn.cancelled() and turn.exception() is not None:
        logger.error("a late turn of the bot failed", exc_info=turn.exception())


class WebChatInput(ChatChannel):
    """The web chat (``/webhooks/web/``): the sender comes from the signed session cookie only."""

    channel_value = "web"

    @classmethod
    def name(cls) -> Text:
        return "web"

    def __init__(self, backend: BackendClient | None = None, settings: ChannelSettings | None = None,
                 sessions: WebSessions | None = None) -> None:
        super().__init__(backend, settings)
        s = self.settings
        self.sessions = sessions or WebSessions()
        self.address_limiter = RateLimiter(s.address_rate_limit_per_minute, s.address_rate_limit_burst)
        self.session_limiter = RateLimiter(s.session_rate_limit_per_minute, s.session_rate_limit_burst)
        self.proxies = trusted_proxies()

    def address(self, request: Request) -> str:
        return client_address(request.ip, request.headers.get("X-Forwarded-For"), self.proxies)

    def _over_limit(self, request: Request, sender: str) -> float:
        return super()._over_limit(request, sender) or self.address_limiter.acquire(self.address(request))

    def _session_sender(self, request: Request) -> Optional[str]:
        return self.sessions.sender_of(request.cookies.get(COOKIE_NAME))

    async def start_session(self, request: Request) -> HTTPResponse:
        """``POST /session``: renews the chat's valid session, else issues one (``{"new": true}``: greet)."""
        try:
            body = json_object(request, empty_allowed=True)
        except InvalidBody as exc:
            return exc.response
        sender = self._session_sender(request)
        if sender is not None:
            return self.sessions.set_cookie(response.json({"new": False}), sender)
        wait = self.session_limiter.acquire(self.address(request))
        if wait > 0:
            return response.json({"detail": replies.TOO_MANY_SESSIONS}, status=429,
                                 headers={"Retry-After": self.session_limiter.retry_after_header(wait)})
        chosen = body.get("sender")
        if development_mode() and isinstance(chosen, str) and SENDER_PATTERN.fullmatch(chosen):
            # still a web sender: never the tracker of a Telegram (tg-) or Zalo (zl-) chat
            sender = chosen if chosen.startswith(SENDER_PREFIX) else SENDER_PREFIX + chosen
        else:
            sender = self.sessions.new_sender()
        return self.sessions.set_cookie(response.json({"new": True}), sender)

    async def receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        try:
            body = json_object(request)
        except InvalidBody as exc:
            return exc.response
        sender = self._session_sender(request)
        if sender is None:
            return _refusal(replies.SESSION_EXPIRED, 401)
        return self.sessions.set_cookie(await self.answer(request, on_new_message, sender, body.get("message")), sender)

    async def poll(self, request: Request) -> HTTPResponse:
        sender = self._session_sender(request)
        if sender is None:
            return _refusal(replies.SESSION_EXPIRED, 401)
        return self.sessions.set_cookie(await self.outbox(request, sender), sender)

    def add_routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/session", methods=["POST"])
        async def session(request: Request) -> HTTPResponse:
            return await self.start_session(request)

        _add_chat_routes(blueprint, self, on_new_message)
        web_page.add_routes(blueprint)


class ServiceTokenChannel(ChatChannel):
    """A channel for trusted callers holding the backend's service token (``X-Service-Token``), which name the
    sender in the body (``{"sender", "message"}``) and in the outbox query (``?sender=``)."""

    def _authorised(self, request: Request) -> bool:
        expected = self.backend.token()
        given = request.headers.get("X-Service-Token") or ""
        return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))

    @staticmethod
    def _valid_sender(sender: Any) -> bool:
        return isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS

    async def receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        if not self._authorised(request):
            return _refusal(replies.UNAUTHORISED, 401)
        try:
            body = json_object(request)
        except InvalidBody as exc:
            return exc.response
        if not self._valid_sender(body.get("sender")):
            return _refusal(replies.BAD_SENDER, 400)
        return await self.answer(request, on_new_message, body["sender"], body.get("message"))

    async def poll(self, request: Request) -> HTTPResponse:
        if not self._authorised(request):
            return _refusal(replies.UNAUTHORISED, 401)
        sender = request.args.get("sender")
        if not self._valid_sender(sender):
            return _refusal(replies.BAD_SENDER, 400)
        return await self.outbox(request, sender)

    def add_routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        _add_chat_routes(blueprint, self, on_new_message)


class RestRelayInput(ServiceTokenChannel):
    """``/webhooks/rest/`` (channel ``rest``) for scripts, tests and benchmarks; replaces rasa's built-in ``rest``
    channel, which trusted the body. Its callers are trusted: slash commands pass as they are."""

    channel_value = "rest"
    public = False

    @classmethod
    def name(cls) -> Text:
        return "rest"


class TelegramBridgeInput(ServiceTokenChannel):
    """``/webhooks/telegram/`` (channel ``telegram``) for the Telegram bridge process (connectors/telegram.py),
    which talks to Telegram's Bot API and posts each citizen message here with the sender ``tg-<chat id>``."""

    channel_value = "telegram"

    @classmethod
    def name(cls) -> Text:
        return "telegram"


__all__ = ["ChatChannel", "WebChatInput", "ServiceTokenChannel", "RestRelayInput", "TelegramBridgeInput",
           "ATTACH_PREFIX", "MAX_MESSAGE_CHARS", "MAX_REQUEST_BYTES"]
