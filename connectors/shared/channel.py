"""``ChatChannel``: what every motcua channel inside the rasa server does once it knows who is speaking.

A channel (``connectors.web``, ``connectors.rest``, ``connectors.telegram``, ``connectors.zalo``) authenticates the
request, then calls ``answer(request, on_new_message, sender, message)`` and, for its outbox route,
``outbox(request, sender)``. Its class sets ``channel_value`` (the channel name the backend knows the chats by,
``common.channels``) and ``public`` (citizens type the messages: slash commands are filtered).

``answer``, before the bot: ``?stream=true`` → 400; a ``message`` that is not text, a number or null → 400;
messages over ``MAX_MESSAGE_CHARS`` (file payloads over ``MAX_ATTACHMENT_CHARS``) → 413 with a polite reply; over
the rate limits → 429; the text is cleaned (``connectors.shared.message_policy``: NFC, control and bidi characters,
lone surrogates) and, on public channels, a typed slash command the bot's buttons never send becomes plain text;
an empty message gets a polite reply without the bot. While the chat has an open handoff ticket in the backend,
the message is relayed to the ticket (a file as a note naming it, ``connectors.shared.staging``) and the answer is
a short acknowledgement; the bot does not run. Otherwise a file is staged in the backend first and the bot answers,
with ``metadata["motcua"]`` telling it what the channel knows (a client's ``input_channel`` and ``metadata`` are
ignored)::

    {"backend": "ok" | "unavailable", "handoff_open": bool | None,
     "awaiting_rating_ticket_id": int | None,   # staff closed a ticket; a 1-5 rating is asked
     "relay_failed_ticket_id": int | None,     # a ticket is open but the relay failed
     "staged_file": {...}}                     # only for a file payload (connectors.shared.staging.stage)

The bot gets ``bot_timeout_seconds`` (then the citizen is told the system is busy while the turn finishes in the
background) and a turn where it says nothing gets a polite default (logged as a warning): every message gets a
reply. ``outbox`` returns the chat's pending outbox messages (staff replies, closing message, dossier and feedback
status notifications) in rasa's REST format and marks them delivered (each is handed out once); 503 with ``[]``
when the backend is down.

Bodies over ``MAX_REQUEST_BYTES`` are refused by the server itself (413, set when it starts). credentials.yml:
``backend_url`` (MOTCUA_BACKEND_URL), ``service_token`` / ``service_token_file`` (connectors.shared.backend_client)
and the limits of ``connectors.shared.settings``.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from backend.ratelimit import RateLimiter
from common.limits import ATTACH_PREFIX, MAX_ATTACHMENT_CHARS, MAX_MESSAGE_CHARS, MAX_REQUEST_BYTES
from connectors.shared import log_privacy, replies, staging
from connectors.shared.backend_client import (
    BackendClient,
    BackendUnavailable,
    HandoffState,
    RateLimited,
    TicketNotOpen,
)
from connectors.shared.message_policy import clean_text, neutralise_commands
from connectors.shared.responses import channel_replies, refusal
from connectors.shared.settings import ChannelSettings

logger = logging.getLogger("connectors.channel")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class ChatChannel(RestInput):
    """What every motcua channel does once it knows who is speaking: limits, cleaning, handoff relay, the bot."""

    channel_value = "web"  # the channel name the backend knows the chats by, and the channel's name in rasa
    public = True  # citizens type the messages: slash commands are filtered

    @classmethod
    def name(cls) -> Text:
        return cls.channel_value  # routes under /webhooks/<name>/

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

    async def _try_relay(self, state: HandoffState, sender: str, text: str) -> tuple[bool, bool]:
        """``(relayed, failed)``: failed means a ticket is open but the message could not reach it."""
        try:
            if text.startswith(ATTACH_PREFIX):
                name, _, stored = await staging.store(self.backend, self.channel_value, sender, text)
                text = staging.ticket_note(name, stored)
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
            return refusal(replies.NO_STREAM, 400)
        text = self._text(message)
        if text is None:
            return refusal(replies.BAD_REQUEST, 400)
        if text.startswith(ATTACH_PREFIX):
            if len(text) > MAX_ATTACHMENT_CHARS:
                return channel_replies(sender, replies.TOO_BIG, 413)
        elif len(text) > MAX_MESSAGE_CHARS:
            return channel_replies(sender, replies.TOO_LONG, 413)
        wait = self._over_limit(request, sender)
        if wait > 0:
            retry = {"Retry-After": self.message_limiter.retry_after_header(wait)}
            return channel_replies(sender, replies.TOO_FAST, 429, retry)
        text = self._prepared(text)
        if not text:
            return channel_replies(sender, replies.EMPTY_MESSAGE)

        state = await self._state(sender)
        failed_ticket = None
        if state is not None and state.open and state.ticket_id is not None:
            relayed, failed = await self._try_relay(state, sender, text)
            if relayed:
                handoff = {"ticket_id": state.ticket_id, "relayed": True}
                return response.json(
                    [{"recipient_id": sender, "text": replies.RELAYED, "custom": {"handoff": handoff}}]
                )
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
            text, motcua["staged_file"] = await staging.stage(self.backend, self.channel_value, sender, text)
        return await self._to_bot(on_new_message, sender, text, {"motcua": motcua})

    async def _to_bot(
        self, on_new_message: OnNewMessage, sender: str, text: str, metadata: Dict[str, Any]
    ) -> HTTPResponse:
        """Run the bot (at most ``bot_timeout_seconds``), answer with what it said or a polite default."""
        collector = CollectingOutputChannel()
        turn = asyncio.ensure_future(
            on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
        )
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.settings.bot_timeout_seconds)
        except asyncio.TimeoutError:
            logger.warning(
                "the bot took over %s s on a message of sender %s; it finishes in the background",
                self.settings.bot_timeout_seconds,
                sender,
            )
            turn.add_done_callback(_log_failed_turn)
            return channel_replies(sender, replies.BUSY)
        except asyncio.CancelledError:
            logger.error("message from sender %s was cancelled in the bot", sender)
            return channel_replies(sender, replies.BUSY)
        except Exception:
            logger.exception("the bot failed on a message from sender %s", sender)
        if not collector.messages:
            logger.warning("the bot said nothing to sender %s: the channel answers with its default", sender)
            return channel_replies(sender, replies.NO_ANSWER)
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
        return response.json([_outbox_reply(sender, m) for m in messages])

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


def add_chat_routes(blueprint: Blueprint, channel: Any, on_new_message: OnNewMessage) -> None:
    """``POST /webhook`` and ``GET /outbox`` to the channel's ``receive`` and ``poll``."""

    @blueprint.route("/webhook", methods=["POST"])
    async def webhook(request: Request) -> HTTPResponse:
        return await channel.receive(request, on_new_message)

    @blueprint.route("/outbox", methods=["GET"])
    async def outbox(request: Request) -> HTTPResponse:
        return await channel.poll(request)


def _outbox_reply(sender: str, message: Dict[str, Any]) -> Dict[str, Any]:
    keys = ("id", "ticket_id", "receipt_code", "created_at")
    return {"recipient_id": sender, "text": message["text"], "custom": {"outbox": {k: message.get(k) for k in keys}}}


def _log_failed_turn(turn: "asyncio.Future[Any]") -> None:
    if not turn.cancelled() and turn.exception() is not None:
        logger.error("a late turn of the bot failed", exc_info=turn.exception())
