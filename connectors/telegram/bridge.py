"""The Telegram bridge: citizens chat with the assistant in Telegram (python-telegram-bot, ``.venv``).

    TELEGRAM_BOT_TOKEN=123:abc .venv/bin/python -m connectors.telegram.bridge

- Long polling of Telegram's Bot API (no public address needed). Each message is posted to the rasa server's
  ``telegram`` channel (``connectors.telegram.channel.TelegramBridgeInput``, sender ``tg-<chat id>``, with the service
  token), which relays it to hotline staff while a handoff ticket is open; what the bot says is sent back
  with buttons as an inline keyboard. A chat's messages go to rasa one at a time, in order.
- Photos and files (JPEG/PNG/PDF, at most ``UPLOAD_MAX_BYTES``) are downloaded and sent to the dossier form as the
  file payload.
- Staff replies, status notifications and late receipt codes queued in the backend's outbox for the channel
  ``telegram`` are pushed to the chat and acknowledged (a delivery that fails is retried, up to
  ``MAX_DELIVERY_ATTEMPTS`` attempts). Run one bridge per bot token: Telegram serves updates to one poller.

Settings (environment, read once at start): ``TELEGRAM_BOT_TOKEN`` (required), ``TELEGRAM_API_URL`` (default
https://api.telegram.org/bot), ``TELEGRAM_FILE_URL`` (default https://api.telegram.org/file/bot),
``MOTCUA_RASA_URL`` (default http://127.0.0.1:5005), ``MOTCUA_TELEGRAM_OUTBOX_SECONDS`` (default 2); the backend
address and service token as for every connector (connectors/shared/backend_access.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Optional

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from backend.logmask import MaskingFilter
from common.attachments import ALLOWED_MIME, attachment_message
from common.channels import TELEGRAM
from common.limits import UPLOAD_MAX_BYTES
from connectors.shared import replies
from connectors.shared.chat_turns import ChatTurns
from connectors.telegram.backend_client import BackendError, BridgeBackend
from connectors.telegram.format import ButtonPayloads, to_telegram
from connectors.telegram.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger("connectors.telegram")

CHANNEL = TELEGRAM
SENDER_PREFIX = "tg-"
MAX_DELIVERY_ATTEMPTS = 5
BUSY = "Hệ thống đang bận, tin nhắn của bạn chưa được xử lý. Bạn vui lòng gửi lại sau ít phút nhé."
OLD_BUTTON = "Nút này đã cũ. Bạn nhắn lại câu hỏi giúp tôi nhé."
ONLY_TEXT = "Hiện tôi chỉ đọc được tin nhắn chữ, ảnh chụp và tệp PDF. Bạn nhắn bằng chữ giúp tôi nhé."


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    api_url: str
    file_url: str
    rasa_url: str
    outbox_seconds: float

    @classmethod
    def from_env(cls) -> "TelegramSettings":
        token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise SystemExit("TELEGRAM_BOT_TOKEN is not set")
        return cls(
            token=token,
            api_url=os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org/bot"),
            file_url=os.environ.get("TELEGRAM_FILE_URL", "https://api.telegram.org/file/bot"),
            rasa_url=os.environ.get("MOTCUA_RASA_URL", "http://127.0.0.1:5005"),
            outbox_seconds=float(os.environ.get("MOTCUA_TELEGRAM_OUTBOX_SECONDS", "2")),
        )


def sender_of(chat_id: int) -> str:
    return f"{SENDER_PREFIX}{chat_id}"


def chat_of(sender: str) -> Optional[int]:
    if not sender.startswith(SENDER_PREFIX):
        return None
    try:
        return int(sender[len(SENDER_PREFIX) :])
    except ValueError:
        return None


class TelegramBridge:
    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        self.backend = BridgeBackend()
        self.rasa = RasaClient(settings.rasa_url, CHANNEL, self.backend.token())
        self.payloads = ButtonPayloads()
        self.turns = ChatTurns()  # one message of a chat at a time, in order
        self._outbox_task: Optional[asyncio.Task] = None

    # --- citizen -> bot ---------------------------------------------------------------------------

    async def forward(self, message: Message, text: str) -> None:
        """Post ``text`` to the bot as this chat's next message and send back what it says."""
        chat_id = message.chat_id
        async with self.turns.turn(chat_id):
            try:
                await message.get_bot().send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError:
                pass
            try:
                reply = await self.rasa.say(sender_of(chat_id), text)
            except RasaUnavailable as exc:
                logger.warning("rasa unavailable for chat %s: %s", chat_id, exc)
                await message.reply_text(BUSY)
                return
            for out in to_telegram(reply.messages, self.payloads):
                await message.get_bot().send_message(chat_id, out.text, reply_markup=out.keyboard)

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.forward(update.effective_message, "/greet")

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.forward(update.effective_message, update.effective_message.text or "")

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        try:
            await query.answer()  # stops the button's spinner; too old a query cannot be answered, which is fine
        except TelegramError:
            pass
        if query.message is None or not isinstance(query.message, Message):
            return  # a button of a message too old for Telegram to say which chat it is in
        payload = self.payloads.payload(query.data or "")
        if payload is None:
            await query.message.reply_text(OLD_BUTTON)
            return
        try:
            await query.edit_message_reply_markup(None)  # tapped once: a second tap cannot answer twice
        except TelegramError:
            pass
        await self.forward(query.message, payload)

    async def on_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message.photo:
            photo = message.photo[-1]  # the largest size
            file_id, size, name, mime = photo.file_id, photo.file_size, f"anh_{photo.file_unique_id}.jpg", "image/jpeg"
        else:
            document = message.document
            file_id, size = document.file_id, document.file_size
            name, mime = document.file_name or "tep", document.mime_type or "application/octet-stream"
        if size and size > UPLOAD_MAX_BYTES:
            await message.reply_text(replies.TOO_BIG)
            return
        if mime not in ALLOWED_MIME:
            await message.reply_text("Tôi chỉ nhận ảnh JPEG, PNG hoặc tệp PDF. Bạn gửi lại đúng loại tệp giúp tôi nhé.")
            return
        try:
            data = bytes(await (await context.bot.get_file(file_id)).download_as_bytearray())
        except TelegramError as exc:
            logger.warning("could not download a file of chat %s: %s", message.chat_id, exc)
            await message.reply_text("Tôi chưa tải được tệp của bạn. Bạn gửi lại giúp tôi nhé.")
            return
        await self.forward(message, attachment_message(name, mime, data))

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        if message.sticker is not None and message.sticker.emoji:
            await self.forward(message, message.sticker.emoji)  # the bot answers emoji politely
            return
        await message.reply_text(ONLY_TEXT)

    # --- backend outbox -> citizen ----------------------------------------------------------------

    async def deliver_outbox(self, application: Application) -> int:
        """Send the pending outbox messages of the channel once; returns how many were delivered."""
        try:
            messages = await self.backend.pending_outbox(CHANNEL)
        except BackendError as exc:  # BackendUnavailable included: try again next round
            logger.warning("outbox not available: %s", exc)
            return 0
        delivered = 0
        for item in messages:
            if item.get("attempts", 0) >= MAX_DELIVERY_ATTEMPTS:
                continue
            chat_id = chat_of(str(item.get("sender_id") or ""))
            ok = chat_id is not None and await self._send_outbox_item(application, chat_id, item["text"])
            try:
                await self.backend.acknowledge_outbox(item["id"], delivered=ok)
            except BackendError as exc:
                logger.warning("outbox message %s: acknowledgement failed (%s), it may be sent again", item["id"], exc)
            delivered += int(ok)
        return delivered

    async def _send_outbox_item(self, application: Application, chat_id: int, text: str) -> bool:
        try:
            for out in to_telegram([{"text": text}], self.payloads):
                await application.bot.send_message(chat_id, out.text)
            return True
        except Forbidden:
            logger.warning("chat %s blocked the bot: outbox message not delivered", chat_id)
        except TelegramError as exc:
            logger.warning("outbox message for chat %s not delivered: %s", chat_id, exc)
        return False

    async def _outbox_loop(self, application: Application) -> None:
        while True:
            await self.deliver_outbox(application)
            await asyncio.sleep(self.settings.outbox_seconds)

    async def start_outbox(self, application: Application) -> None:
        self._outbox_task = asyncio.get_running_loop().create_task(self._outbox_loop(application))

    async def stop(self, application: Application) -> None:
        if self._outbox_task is not None:
            self._outbox_task.cancel()
        await self.rasa.close()
        await self.backend.close()

    # --- wiring -----------------------------------------------------------------------------------

    def application(self) -> Application:
        application = (
            ApplicationBuilder()
            .token(self.settings.token)
            .base_url(self.settings.api_url)
            .base_file_url(self.settings.file_url)
            .concurrent_updates(True)  # chats in parallel; one chat stays in order (self.turns)
            .post_init(self.start_outbox)
            .post_shutdown(self.stop)
            .build()
        )
        application.add_handler(CommandHandler("start", self.on_start))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.PHOTO | filters.Document.ALL, self.on_file))
        application.add_handler(MessageHandler(filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(filters.ALL, self.on_other))
        return application


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    masking = MaskingFilter()
    for handler in logging.getLogger().handlers:
        handler.addFilter(masking)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it would log the bot token in every URL
    bridge = TelegramBridge(TelegramSettings.from_env())
    bridge.application().run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
