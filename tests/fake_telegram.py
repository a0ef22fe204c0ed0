"""A local fake of Telegram's Bot API (the part the bridge uses), served on 127.0.0.1 for the real
python-telegram-bot client to talk to: ``TELEGRAM_API_URL=<base_url>/bot``, ``TELEGRAM_FILE_URL=<base_url>/file/bot``.

A test plays the citizen: ``send_text``, ``tap`` and ``send_photo`` queue updates that ``getUpdates`` hands out;
what the bot sends (``sendMessage``, keyboard edits) is recorded and read with ``wait_for``.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any, Callable, Optional

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from tests.servers import free_port

BOT_ID = 5_000_001


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.updates: list[dict] = []
        self.sent: list[dict] = []  # every call the bot made except getUpdates: {"method", **params}
        self.files: dict[str, bytes] = {}
        self.blocked: set[int] = set()  # chats whose citizen blocked the bot: sendMessage answers 403
        self._lock = threading.Lock()
        self._next_update = 1
        self._next_message = 1000
        self.app = FastAPI()
        self.app.add_api_route(f"/bot{token}/{{method}}", self._api, methods=["GET", "POST"])
        self.app.add_api_route(f"/file/bot{token}/{{path:path}}", self._file, methods=["GET"])
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", ws="none")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self) -> "FakeTelegram":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Telegram did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    # --- the citizen's side -----------------------------------------------------------------------

    @staticmethod
    def _chat(chat_id: int) -> dict:
        return {"id": chat_id, "type": "private", "first_name": "Lan"}

    def _user(self, chat_id: int) -> dict:
        return {"id": chat_id, "is_bot": False, "first_name": "Lan", "language_code": "vi"}

    def _queue(self, build: Callable[[int], dict]) -> None:
        with self._lock:
            self.updates.append({"update_id": self._next_update, **build(self._next_update)})
            self._next_update += 1

    def _message(self, chat_id: int, **content: Any) -> dict:
        with self._lock:
            self._next_message += 1
            message_id = self._next_message
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._user(chat_id),
            **content,
        }

    def send_text(self, chat_id: int, text: str) -> None:
        entities = (
            [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
        )
        message = self._message(chat_id, text=text, **({"entities": entities} if entities else {}))
        self._queue(lambda _: {"message": message})

    def send_photo(self, chat_id: int, data: bytes) -> None:
        file_id = f"photo-{len(self.files) + 1}"
        self.files[file_id] = data
        photo = [
            {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 800, "height": 600, "file_size": len(data)}
        ]
        message = self._message(chat_id, photo=photo)
        self._queue(lambda _: {"message": message})

    def tap(self, chat_id: int, bot_message: dict, callback_data: str) -> None:
        """Tap a button of a message the bot sent."""
        message = {
            "message_id": bot_message["message_id"],
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "motcua"},
            "text": bot_message.get("text", ""),
        }
        self._queue(
            lambda n: {
                "callback_query": {
                    "id": f"cb{n}",
                    "from": self._user(chat_id),
                    "chat_instance": "ci",
                    "message": message,
                    "data": callback_data,
                }
            }
        )

    def calls(self, method: str, chat_id: Optional[int] = None) -> list[dict]:
        with self._lock:
            return [c for c in self.sent if c["method"] == method and (chat_id is None or c.get("chat_id") == chat_id)]

    def wait_for(self, chat_id: int, after: int, predicate: Callable[[dict], bool], timeout: float = 60) -> dict:
        """The first message sent to ``chat_id`` after the first ``after`` ones that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.calls("sendMessage", chat_id)[after:]:
                if predicate(message):
                    return message
            time.sleep(0.1)
        texts = [m.get("text", "")[:80] for m in self.calls("sendMessage", chat_id)]
        raise AssertionError(f"no such message to chat {chat_id}; sent: {texts}")

    # --- the Bot API ------------------------------------------------------------------------------

    @staticmethod
    async def _params(request: Request) -> dict:
        if request.headers.get("content-type", "").startswith("application/json"):
            return await request.json()
        form = await request.form()
        params: dict[str, Any] = {}
        for key, value in form.items():
            try:
                params[key] = json.loads(value) if isinstance(value, str) and value[:1] in "[{0123456789-tf" else value
            except ValueError:
                params[key] = value
        return params

    async def _api(self, method: str, request: Request) -> Any:
        params = await self._params(request)
        if method == "getUpdates":
            return {"ok": True, "result": await self._get_updates(params)}
        with self._lock:
            self.sent.append({"method": method, **params})
        if method == "sendMessage" and params.get("chat_id") in self.blocked:
            return JSONResponse(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}, 403
            )
        return {"ok": True, "result": self._result(method, params)}

    async def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    def _result(self, method: str, params: dict) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "motcua", "username": "motcua_bot"}
        if method == "sendMessage":
            with self._lock:
                self._next_message += 1
                message_id = self._next_message
                self.sent[-1]["message_id"] = message_id
            result = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(int(params["chat_id"])),
                "text": params.get("text", ""),
            }
            if params.get("reply_markup"):
                result["reply_markup"] = params["reply_markup"]
            return result
        if method == "getFile":
            file_id = params["file_id"]
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(self.files[file_id]),
                "file_path": f"photos/{file_id}.jpg",
            }
        return True  # deleteWebhook, sendChatAction, answerCallbackQuery, editMessageReplyMarkup

    async def _file(self, path: str) -> Response:
        file_id = path.rsplit("/", 1)[-1].removesuffix(".jpg")
        return Response(self.files[file_id], media_type="application/octet-stream")
