"""The Zalo receiver: the process Zalo's webhook reaches (aiohttp, ``.venv-rasa``), outside the rasa server.

    ZALO_APP_ID=... .venv-rasa/bin/python -m connectors.zalo.receiver [--host 127.0.0.1] [--port 5007]

``POST /webhooks/zalo/webhook`` (behind the HTTPS proxy Zalo calls) answers within milliseconds, whatever the bot is
doing; Zalo wants an answer within 2 s and retries otherwise:

- body at most ``MAX_WEBHOOK_BYTES`` (413), read within ``READ_TIMEOUT_SECONDS`` (408); a JSON object (400);
  ``X-ZEvent-Signature`` = ``mac=`` sha256(app id + raw body + timestamp + OA secret key), compared in constant
  time (connectors/zalo/signature.py): missing or wrong → 401, nothing stored. Without ``ZALO_APP_ID`` and
  ``ZALO_OA_SECRET_KEY``: 503.
- a handled event (connectors/zalo/events.py) is committed to the inbox on disk (connectors/zalo/inbox.py) before
  the 200; if it cannot be stored the answer is 503 and Zalo sends it again. A retry or replay of a key the inbox
  holds is answered 200 and adds nothing; an event older than ``EVENT_MAX_AGE`` (by its signed timestamp) is
  acknowledged and ignored; other events are acknowledged and ignored.
- the worker (connectors/zalo/worker.py), in this process, takes each event to the rasa server's ``zalo`` channel
  (``MOTCUA_RASA_URL``, service token) and the answer to the OA API.

``GET /health``: ``{"status": "ok", "open_events": n}``. Settings: Zalo's from backend/zalo_config.py;
``MOTCUA_RASA_URL`` (default http://127.0.0.1:5005); ``MOTCUA_ZALO_INBOX`` (default ``<var dir>/zalo_inbox.sqlite3``);
the backend address and service token as for the channels (connectors/shared/backend_client.py). One receiver per
inbox file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sqlite3
import time
from pathlib import Path

from aiohttp import web

from backend.zalo_config import EVENT_MAX_AGE, ZaloConfig
from connectors.shared import log_privacy
from connectors.shared.backend_client import BackendClient
from connectors.shared.local_secrets import var_dir
from connectors.zalo import signature
from connectors.zalo.bot import BotClient
from connectors.zalo.client import TokenSource, ZaloClient
from connectors.zalo.events import parse
from connectors.zalo.inbox import Inbox, ThreadedInbox
from connectors.zalo.worker import Worker

logger = logging.getLogger("connectors.zalo.receiver")

DEFAULT_PORT = 5007
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
INBOX_FILE = "zalo_inbox.sqlite3"
WEBHOOK_PATH = "/webhooks/zalo/webhook"
MAX_WEBHOOK_BYTES = 64 * 1024  # Zalo's events are small: an attachment comes as a URL
READ_TIMEOUT_SECONDS = 5.0
BACKLOG = 256
NOT_CONFIGURED = "Kênh Zalo chưa được cấu hình (ZALO_APP_ID, ZALO_OA_SECRET_KEY)."
BAD_SIGNATURE = "Chữ ký X-ZEvent-Signature không hợp lệ."
BAD_EVENT = "Nội dung phải là một đối tượng JSON."
NOT_STORED = "Chưa lưu được sự kiện, Zalo sẽ gửi lại."

WORKER = web.AppKey("worker", Worker)


def inbox_path() -> Path:
    return Path(os.environ.get("MOTCUA_ZALO_INBOX") or var_dir() / INBOX_FILE)


def _timestamp(body: dict) -> str:
    value = body.get("timestamp")
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def _too_old(timestamp: str) -> bool:
    """Zalo's ``timestamp`` (milliseconds) is older than ``EVENT_MAX_AGE``; a missing one counts as old."""
    try:
        return time.time() - int(timestamp) / 1000 > EVENT_MAX_AGE.total_seconds()
    except ValueError:
        return True


def _refusal(detail: str, status: int) -> web.Response:
    return web.json_response({"detail": detail}, status=status)


async def webhook(request: web.Request) -> web.Response:
    worker: Worker = request.app[WORKER]
    config = worker.config
    if not config.webhook_ready:
        return _refusal(NOT_CONFIGURED, 503)
    try:
        raw = await asyncio.wait_for(request.read(), READ_TIMEOUT_SECONDS)
    except web.HTTPRequestEntityTooLarge:
        return _refusal("Nội dung quá lớn.", 413)
    except asyncio.TimeoutError:
        return _refusal("Gửi nội dung quá chậm.", 408)
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _refusal(BAD_EVENT, 400)
    timestamp = _timestamp(body)
    if not signature.verify(request.headers.get(signature.HEADER), config.app_id, raw, timestamp, config.oa_secret_key):
        return _refusal(BAD_SIGNATURE, 401)
    event = parse(body)
    if event is not None and _too_old(timestamp):
        logger.warning("Zalo event %s is older than %s: ignored (a replay?)", event.key, EVENT_MAX_AGE)
    elif event is not None:
        try:
            added = await worker.inbox.add(event.key, event.user_id, raw.decode("utf-8", "replace"))
        except sqlite3.Error:
            logger.exception("Zalo event %s not stored: 503, Zalo sends it again", event.key)
            return _refusal(NOT_STORED, 503)
        if added:
            worker.wake.set()
    return web.json_response({"received": True})


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "open_events": await request.app[WORKER].inbox.open_count()})


def build_app(worker: Worker) -> web.Application:
    app = web.Application(client_max_size=MAX_WEBHOOK_BYTES)
    app[WORKER] = worker
    app.router.add_post(WEBHOOK_PATH, webhook)
    app.router.add_get("/health", health)

    async def run_worker(app: web.Application):
        task = asyncio.get_running_loop().create_task(worker.run())
        yield
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await worker.stop()
        await worker.zalo.close()
        await worker.bot.close()
        await worker.backend.close()
        worker.inbox.close()

    app.cleanup_ctx.append(run_worker)
    return app


def worker_from_env() -> Worker:
    config = ZaloConfig.from_env()
    backend = BackendClient()
    bot = BotClient(os.environ.get("MOTCUA_RASA_URL") or DEFAULT_RASA_URL, backend.token)
    return Worker(
        ThreadedInbox(Inbox(inbox_path())), backend, ZaloClient(config.api_base, TokenSource(backend)), bot, config
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m connectors.zalo.receiver")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    log_privacy.install()
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    worker = worker_from_env()
    if not worker.config.webhook_ready:
        logger.warning("Zalo is not configured (ZALO_APP_ID, ZALO_OA_SECRET_KEY): the webhook answers 503")
    web.run_app(
        build_app(worker),
        host=args.host,
        port=args.port,
        backlog=BACKLOG,
        access_log=None,
        print=None,
        handle_signals=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
