"""Fuzz of every public endpoint of the rasa server (issue 9): malformed and hostile messages must all get a polite
answer, never a 5xx, a hang, an empty reply, a traceback or a handoff ticket.

    .venv/bin/python bench/fuzz.py                 # 10,000 requests against servers it starts on 127.0.0.1
    .venv/bin/python bench/fuzz.py --requests 500 --seed 7

Starts the backend, the action server and `rasa run` (the trained model, credentials.yml with its rate limits
raised so that every request reaches the channel logic and the bot), then sends seeded random requests, 8 at a time:
random Unicode (every plane, unassigned code points), control and bidi characters, lone surrogates, texts of 20,000
characters, JSON lists / nulls / numbers / broken JSON as the body, slash commands (typed /restart, /session_start,
unknown intents, allowed intents with malformed or huge payloads) and ordinary questions, through the web chat
webhook (each of 200 chats with its own session), the web outbox, the rest channel and the Telegram-bridge channel
(with the service token) and the Zalo webhook (events signed as Zalo signs them, posted to the Zalo receiver,
connectors/zalo/receiver.py, whose worker asks the rasa server's zalo channel; the answers go to a local fake of the OA
API, tests/fake_zalo.py). Prints: HTTP 5xx, timeouts, empty replies (a 200 without a text; on Zalo, a chat
that never got a message from the OA), other statuses, the tracebacks that appeared in any server log during the
run and the handoff tickets opened.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_zalo import FakeZalo, sign, start_receiver, zalo_env  # noqa: E402
from tests.servers import RasaServer, bot_stack, service_headers, web_session  # noqa: E402

SERVICE_TOKEN = "bench-fuzz-service-token-0123"
TOKEN_SECRET = "bench-fuzz-token-secret-0123"
START_TIMEOUT = 600
REQUEST_TIMEOUT = 60  # seconds; more is counted as a timeout (the channels answer "busy" after 30 s)
CONCURRENCY = 8
WEB_CHATS = 200
UNLIMITED = 1_000_000  # every credentials.yml rate limit, for the fuzz only
BIDI_AND_CONTROL = [
    chr(c)
    for c in (
        *range(0, 32),
        127,
        *range(0x80, 0xA0),
        0x200B,
        0x200E,
        0x200F,
        0x202A,
        0x202B,
        0x202C,
        0x202D,
        0x202E,
        0x2066,
        0x2067,
        0x2068,
        0x2069,
        0xFEFF,
        0x061C,
    )
]
# no explicit request for a person ("gặp cán bộ", /request_human): every ticket counted was opened by itself
VIETNAMESE = [
    "làm giấy khai sinh cần gì",
    "lệ phí đăng ký tạm trú",
    "nộp hồ sơ",
    "tra cứu hồ sơ HS-2026-000001",
    "phản ánh",
    "cảm ơn",
    "xin chào",
    "CCCD 001203004567",
    "sđt 0912345678",
    "5",
    "có",
    "không",
]
COMMANDS = [
    "restart",
    "session_start",
    "faq",
    "back",
    "out_of_scope",
    "nlu_fallback",
    "action_listen",
    "greet",
    "affirm",
    "deny",
    "dossier_choice",
    "ask_procedure",
    "give_rating",
    "attach_document",
    "check_status",
    "choose_option",
    "cancel_dossier",
]


def random_unicode(rng: random.Random, length: int) -> str:
    """Code points from every plane (surrogates excluded here: lone_surrogates puts them in on purpose)."""
    chars = []
    for _ in range(length):
        plane = rng.random()
        if plane < 0.5:
            code = rng.randrange(0x20, 0x3000)
        elif plane < 0.8:
            code = rng.randrange(0x3000, 0xD800)
        elif plane < 0.9:
            code = rng.randrange(0xE000, 0x10000)
        else:
            code = rng.randrange(0x10000, 0x110000)
        chars.append(chr(code))
    return "".join(chars)


def lone_surrogates(rng: random.Random) -> str:
    text = list(rng.choice(VIETNAMESE))
    for _ in range(rng.randint(1, 5)):
        text.insert(rng.randrange(len(text) + 1), chr(rng.randrange(0xD800, 0xE000)))
    return "".join(text)


def slash_command(rng: random.Random) -> str:
    name = rng.choice(COMMANDS)
    shape = rng.randrange(6)
    if shape == 0:
        return "/" + name
    if shape == 1:
        return "/" + name + "{" + random_unicode(rng, rng.randint(1, 50))  # malformed JSON
    if shape == 2:
        return "/" + name + json.dumps({"x" * rng.randint(1, 30): "y" * rng.randint(0, 3500)})  # huge payload
    if shape == 3:
        return "/" + name + json.dumps({"choice": rng.choice(["paper", "reuse", "bundle:none", "case:99", None, 5])})
    if shape == 4:
        return "/" + name + '{"metadata": {"motcua": {"staged_file": {"stored_file_id": 1}}}}'
    return "/" * rng.randint(1, 5) + random_unicode(rng, rng.randint(0, 20))


def message(rng: random.Random) -> object:
    """One ``message`` value."""
    kind = rng.randrange(10)
    if kind == 0:
        return random_unicode(rng, rng.randint(1, 300))
    if kind == 1:
        base = rng.choice(VIETNAMESE)
        return "".join(c + (rng.choice(BIDI_AND_CONTROL) if rng.random() < 0.4 else "") for c in base)
    if kind == 2:
        return "".join(rng.choice(BIDI_AND_CONTROL) for _ in range(rng.randint(1, 20)))
    if kind == 3:
        return lone_surrogates(rng)
    if kind == 4:
        return random_unicode(rng, 20_000) if rng.random() < 0.5 else rng.choice(VIETNAMESE) * 1500
    if kind == 5:
        return rng.choice([None, 0, -1, 3.5, 10**30, True, "", " ", [], {}, ["x"]])
    if kind in (6, 7):
        return slash_command(rng)
    return rng.choice(VIETNAMESE)


def raw_body(rng: random.Random) -> bytes | None:
    """A whole body that is not a JSON object (None: build a normal one)."""
    if rng.random() >= 0.08:
        return None
    return rng.choice(
        [
            b"[]",
            b'["x", 1]',
            b"null",
            b"5",
            b"-1e999",
            b'"text"',
            b"{",
            b"not json",
            b"\xff\xfe\x00",
            b'{"message": "x"',
            json.dumps([{"message": "x"}] * 100).encode(),
        ]
    )


def body_of(value: object, extra: dict) -> bytes:
    # ensure_ascii: lone surrogates travel as \\udXXX escapes, as a browser's JSON.stringify sends them
    return json.dumps({**extra, "message": value}).encode("ascii")


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    server_errors: list = field(default_factory=list)
    timeouts: int = 0
    empty: list = field(default_factory=list)
    by_endpoint: Counter = field(default_factory=Counter)
    zalo_users: set = field(default_factory=set)  # chats whose signed event was taken (200)

    def record(self, endpoint: str, sent: object, response: httpx.Response | None, chat: str | None) -> None:
        self.by_endpoint[endpoint] += 1
        if response is None:
            self.timeouts += 1
            return
        self.statuses[response.status_code] += 1
        if chat and response.status_code == 200:
            self.zalo_users.add(chat)
        if response.status_code >= 500:
            self.server_errors.append((endpoint, repr(sent)[:120], response.status_code, response.text[:200]))
        elif response.status_code == 200 and endpoint not in ("web outbox", "zalo"):  # zalo answers via the OA API
            try:
                answer = response.json()
            except ValueError:
                answer = None
            if not (isinstance(answer, list) and any((m.get("text") or "").strip() for m in answer)):
                self.empty.append((endpoint, repr(sent)[:120], response.text[:200]))


async def send(http: httpx.AsyncClient, method: str, url: str, **kwargs) -> httpx.Response | None:
    try:
        return await http.request(method, url, timeout=REQUEST_TIMEOUT, **kwargs)
    except httpx.TimeoutException:
        return None


def zalo_job(rng: random.Random, receiver: str, zalo: FakeZalo, value: object, raw: bytes | None) -> tuple:
    """A text event signed as Zalo signs it (a raw body: signed too, refused as malformed)."""
    user = f"81200000000{rng.randrange(10**6, 10**6 + 300)}"
    event = zalo.text(user, value if isinstance(value, str) else json.dumps(value))
    body = raw or json.dumps(event).encode("ascii")
    headers = {"Content-Type": "application/json", "X-ZEvent-Signature": sign(body, event["timestamp"])}
    return (
        "zalo",
        value,
        "POST",
        f"{receiver}/webhooks/zalo/webhook",
        {"content": body, "headers": headers},
        None if raw else user,
    )


async def fuzz(
    base: str, receiver: str, requests: int, seed: int, chats: list[dict], zalo: FakeZalo, minutes: float
) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    service = {**service_headers(SERVICE_TOKEN), "Content-Type": "application/json"}
    jobs = []
    for i in range(requests):
        pick = rng.random()
        raw = raw_body(rng)
        value = message(rng)
        if pick < 0.40:
            chat = rng.choice(chats)
            extra = {"sender": f"web-{rng.randrange(10**6)}"} if rng.random() < 0.1 else {}
            headers = {**chat, "Content-Type": "application/json"}
            jobs.append(
                (
                    "web webhook",
                    value,
                    "POST",
                    f"{base}/webhooks/web/webhook",
                    {"content": raw or body_of(value, extra), "headers": headers},
                    None,
                )
            )
        elif pick < 0.50:
            chat = rng.choice(chats)
            jobs.append(
                (
                    "web outbox",
                    None,
                    "GET",
                    f"{base}/webhooks/web/outbox",
                    {"params": {"sender": f"web-{rng.randrange(10**6)}"}, "headers": chat},
                    None,
                )
            )
        elif pick < 0.70:
            extra = {"sender": f"fuzz-{rng.randrange(400)}"}
            if rng.random() < 0.1:
                extra["input_channel"] = "telegram"
            jobs.append(
                (
                    "rest",
                    value,
                    "POST",
                    f"{base}/webhooks/rest/webhook",
                    {"content": raw or body_of(value, extra), "headers": service},
                    None,
                )
            )
        elif pick < 0.85:
            extra = {"sender": f"tg-{rng.randrange(10**9, 10**9 + 400)}"}
            jobs.append(
                (
                    "telegram",
                    value,
                    "POST",
                    f"{base}/webhooks/telegram/webhook",
                    {"content": raw or body_of(value, extra), "headers": service},
                    None,
                )
            )
        else:
            jobs.append(zalo_job(rng, receiver, zalo, value, raw))
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    done = 0
    stop_at = time.monotonic() + 60 * minutes

    async def worker(http: httpx.AsyncClient) -> None:
        nonlocal done
        while not queue.empty() and time.monotonic() < stop_at:
            endpoint, sent, method, url, kwargs, chat = queue.get_nowait()
            tally.record(endpoint, sent, await send(http, method, url, **kwargs), chat)
            done += 1
            if done % 500 == 0:
                print(f"{done}/{requests}", file=sys.stderr)

    async with httpx.AsyncClient() as http:
        await asyncio.gather(*(worker(http) for _ in range(CONCURRENCY)))
    return tally


def fuzz_credentials(path: Path) -> Path:
    """credentials.yml with every rate limit raised (the fuzz must reach the bot, not the limiters)."""
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    for settings in channels.values():
        for key in list(settings or {}):
            if "rate_limit" in key:
                settings[key] = UNLIMITED
    path.write_text(yaml.safe_dump(channels, allow_unicode=True), encoding="utf-8")
    return path


def silent_zalo_chats(zalo: FakeZalo, users: set, quiet_seconds: float = 5) -> list[str]:
    """The Zalo chats the OA never wrote to, once it has been quiet for ``quiet_seconds``."""
    deadline = time.monotonic() + 300
    count = len(zalo.sent)
    while time.monotonic() < deadline:
        time.sleep(quiet_seconds)
        if len(zalo.sent) == count:
            break
        count = len(zalo.sent)
    return sorted(u for u in users if not zalo.messages(u))


def traceback_causes(log: Path, since: int) -> Counter:
    """The last line of each traceback written after the first ``since`` characters of ``log``."""
    causes: Counter = Counter()
    lines = log.read_text(encoding="utf-8", errors="replace")[since:].splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j] and not lines[j].startswith(" ")), i)
            causes[lines[end][:160]] += 1
    return causes


def tracebacks(logs: list[Path]) -> dict[str, int]:
    return {
        log.name: log.read_text(encoding="utf-8", errors="replace").count("Traceback") for log in logs if log.exists()
    }


def tickets(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("select count(*) from tickets").fetchone()[0]


@contextmanager
def zalo_receiver(zalo: FakeZalo, tmp: Path, rasa: RasaServer) -> Iterator[str]:
    """The Zalo receiver (where Zalo's webhooks go) in front of ``rasa``; yields its base URL."""
    receiver = start_receiver(
        zalo, tmp / "receiver.log", tmp / "inbox.sqlite3", rasa.base_url, rasa.backend_url, SERVICE_TOKEN
    )
    try:
        yield receiver.base_url
    finally:
        receiver.stop()


def warm_up(base: str) -> None:
    """The first search waits for the knowledge base to load in the action server."""
    for _ in range(60):
        answer = httpx.post(
            f"{base}/webhooks/rest/webhook",
            json={"sender": "warmup", "message": "đăng ký tạm trú"},
            headers=service_headers(SERVICE_TOKEN),
            timeout=START_TIMEOUT,
        )
        answer.raise_for_status()
        if "bận" not in json.dumps(answer.json(), ensure_ascii=False):
            return
        time.sleep(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--minutes", type=float, default=600, help="stop sending after this long (reported)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="motcua-fuzz-"))
    logs = [tmp / "rasa.log", tmp / "actions.log", tmp / "backend.log", tmp / "receiver.log"]
    zalo = FakeZalo().start()
    try:
        extra_env = {**zalo_env(zalo), "MOTCUA_WEB_SESSION_SECRET": "bench-fuzz-session-secret-0123"}
        with (
            bot_stack(
                tmp, SERVICE_TOKEN, TOKEN_SECRET, extra_env, fuzz_credentials(tmp / "credentials.yml"), START_TIMEOUT
            ) as rasa,
            zalo_receiver(zalo, tmp, rasa) as receiver,
        ):
            base = rasa.base_url
            warm_up(base)
            chats = [web_session(base) for _ in range(WEB_CHATS)]
            before_tracebacks, before_tickets = tracebacks(logs), tickets(tmp / "motcua.db")
            log_sizes = {log: len(log.read_text(encoding="utf-8", errors="replace")) for log in logs}
            started = time.monotonic()
            tally = asyncio.run(fuzz(base, receiver, args.requests, args.seed, chats, zalo, args.minutes))
            elapsed = time.monotonic() - started
            silent = silent_zalo_chats(zalo, tally.zalo_users)
            after_tracebacks, after_tickets = tracebacks(logs), tickets(tmp / "motcua.db")
    finally:
        zalo.stop()
    new_tracebacks = {name: after_tracebacks[name] - before_tracebacks.get(name, 0) for name in after_tracebacks}
    sent = sum(tally.by_endpoint.values())
    print(
        f"fuzz: {sent} of {args.requests} requests sent (seed {args.seed}) in {elapsed:.0f} s, {CONCURRENCY} at a "
        f"time; logs in {tmp}"
    )
    print("by endpoint: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.by_endpoint.items())))
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())))
    print(f"HTTP 5xx: {len(tally.server_errors)}")
    print(f"timeouts (> {REQUEST_TIMEOUT} s): {tally.timeouts}")
    print(
        f"empty replies (200 without a text): {len(tally.empty)}; Zalo chats the OA never answered: {len(silent)} "
        f"of {len(tally.zalo_users)}"
    )
    print("new tracebacks in the logs: " + ", ".join(f"{k} {v}" for k, v in new_tracebacks.items()))
    for log, since in log_sizes.items():
        for cause, count in traceback_causes(log, since).most_common(5):
            print(f"  {log.name}: {count} x {cause}")
    print(f"handoff tickets opened: {after_tickets - before_tickets}")
    for sample in (tally.server_errors + tally.empty)[:10]:
        print("  e.g.", sample)


if __name__ == "__main__":
    main()
