"""Zalo channel under load: 50 fake Zalo citizens at once against the real servers.

    .venv/bin/python bench/zalo_load.py                  # 50 citizens, 4 questions each, started over 5 s
    .venv/bin/python bench/zalo_load.py --citizens 20 --questions 2
    .venv/bin/python bench/zalo_load.py --stand-in     # the channel alone: a stand-in bot instead of rasa's model
    .venv/bin/python bench/zalo_load.py --think 10 20  # citizens read each answer for 10-20 s

Starts the fake Zalo (tests/fake_zalo.py: OA API, OAuth, signed webhook sender) in this process and the backend,
the action server and `rasa run` with the Zalo channel (tests/actions/dossier_helpers.Stack, trained model) on
free ports of 127.0.0.1, all pointed at the fake, and the Zalo receiver (connectors/zalo/receiver.py, where Zalo's
webhooks go) in front of the rasa server. ``--stand-in`` puts the receiver in front of ``connectors.standalone``
(the same rasa-side channels with a stand-in bot that answers at once, no model, no action server): what the
channel itself costs. Each citizen posts signed ``user_send_text`` webhooks one after the other (the next question
once the answer arrived) and measures:

- acknowledgement: from posting the webhook to Zalo's HTTP 200 (target p95 <= 100 ms: Zalo wants it within 2 s);
- reply: from posting the webhook to the first message of the answer reaching the fake OA API (the receiver's
  worker asks the bot and answers through the OA API, asynchronously).

Also counts answers that never came (lost), the bot turns the questions made (each question once: the rasa
trackers' user messages, or the stand-in's answers), messages over 2,000 characters, Zalo refusals and OAuth
calls. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from percentiles import percentile  # bench/, the script's own directory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.actions.dossier_helpers import Backend, Stack  # noqa: E402
from tests.fake_zalo import TEXT_LIMIT, FakeZalo, sign, start_receiver, zalo_env  # noqa: E402
from tests.servers import RASA_PYTHON, start_connector  # noqa: E402

QUESTIONS = (
    "thủ tục đăng ký tạm trú cần giấy tờ gì",
    "làm căn cước mất bao lâu",
    "lệ phí đăng ký khai sinh bao nhiêu",
    "đăng ký kết hôn nộp ở đâu",
    "cấp lại giấy phép lái xe cần gì",
    "làm sổ đỏ lần đầu",
)
REPLY_TIMEOUT_SECONDS = 120


def summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


def user_of(index: int) -> str:
    return f"81200000000{index:08d}"


def bot_turns(fake: FakeZalo, rasa, citizens: int) -> int:
    """The turns the citizens' questions made: the user messages in the rasa trackers, or the stand-in's answers."""
    if rasa is None:
        return sum(text.startswith("(bot) ") for i in range(citizens) for text in fake.texts(user_of(i)))
    turns = 0
    for i in range(citizens):
        tracker = httpx.get(rasa.api(f"/conversations/zl-{user_of(i)}/tracker"), timeout=30).json()
        turns += sum(event.get("event") == "user" for event in tracker.get("events") or [])
    return turns


async def citizen(
    index: int,
    fake: FakeZalo,
    url: str,
    questions: int,
    delay: float,
    think: tuple[float, float],
    http: httpx.AsyncClient,
    acks: list[float],
    replies: list[float],
    lost: list[str],
) -> None:
    await asyncio.sleep(delay)
    user = user_of(index)
    for turn in range(questions):
        event = fake.text(user, QUESTIONS[(index + turn) % len(QUESTIONS)])
        raw = json.dumps(event, ensure_ascii=False).encode()
        seen = len(fake.messages(user))
        started = time.monotonic()
        answer = await http.post(
            url,
            content=raw,
            headers={"Content-Type": "application/json", "X-ZEvent-Signature": sign(raw, event["timestamp"])},
        )
        acks.append(time.monotonic() - started)
        if answer.status_code != 200:
            lost.append(f"{user}: HTTP {answer.status_code}")
            continue
        while time.monotonic() - started < REPLY_TIMEOUT_SECONDS:
            arrived = fake.records(user)[seen:]
            if arrived:
                replies.append(arrived[0]["at"] - started)
                break
            await asyncio.sleep(0.02)
        else:
            lost.append(f"{user}: no answer to turn {turn}")
        await asyncio.sleep(max(0.5, random.uniform(*think)))  # the rest of the answer, reading it


async def crowd(
    fake: FakeZalo, url: str, citizens: int, questions: int, ramp: float, think: tuple[float, float]
) -> dict:
    acks: list[float] = []
    replies: list[float] = []
    lost: list[str] = []
    limits = httpx.Limits(max_connections=citizens + 10)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        started = time.monotonic()
        await asyncio.gather(
            *(
                citizen(i, fake, url, questions, ramp * i / max(1, citizens), think, http, acks, replies, lost)
                for i in range(citizens)
            )
        )
        elapsed = time.monotonic() - started
    return {"acks": acks, "replies": replies, "lost": lost, "elapsed": elapsed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--questions", type=int, default=4, help="questions per citizen (default 4)")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the citizens start (default 5)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 0.5),
        metavar=("MIN", "MAX"),
        help="seconds a citizen reads an answer before the next question (default 0.5 0.5)",
    )
    parser.add_argument("--stand-in", action="store_true", help="a stand-in bot instead of rasa (the channel alone)")
    args = parser.parse_args(argv)

    fake = FakeZalo().start()
    os.environ.update(zalo_env(fake))  # the backend (tokens) and rasa (the channel) read them
    tmp = Path(tempfile.mkdtemp(prefix="motcua-zalo-bench-"))
    print(f"starting servers in {tmp} ...", file=sys.stderr)
    if args.stand_in:
        stack = backend = Backend(tmp)
        connector = start_connector(
            RASA_PYTHON,
            stack.url,
            stack.token,
            tmp / "connector.log",
            "--rate-limit-per-minute",
            "600",
            env=zalo_env(fake),
        )
        bot_url = connector.base_url
    else:
        stack = Stack(tmp)
        backend, bot_url = stack.backend, stack.rasa.base_url
    receiver = start_receiver(fake, tmp / "receiver.log", tmp / "inbox.sqlite3", bot_url, backend.url, backend.token)
    url = receiver.base_url + "/webhooks/zalo/webhook"
    try:
        warm = fake.text("warmup", "đăng ký tạm trú")
        assert fake.post_event(warm, url=url) == [200]
        fake.wait_for("warmup", 0, lambda m: True, timeout=400)
        result = asyncio.run(crowd(fake, url, args.citizens, args.questions, args.ramp, tuple(args.think)))
        result["bot_turns"] = bot_turns(fake, None if args.stand_in else stack.rasa, args.citizens)
    finally:
        receiver.stop()
        if args.stand_in:
            connector.stop()
            stack.close()
        else:
            stack.stop()
        fake.stop()
    report = {
        "bot": "stand-in" if args.stand_in else "rasa",
        "citizens": args.citizens,
        "questions_each": args.questions,
        "ramp_s": args.ramp,
        "think_s": list(args.think),
        "load_average": os.getloadavg()[0],
        "elapsed_s": round(result["elapsed"], 1),
        "webhook_ack": summary(result["acks"]),
        "reply": summary(result["replies"]),
        "lost": len(result["lost"]),
        "lost_examples": result["lost"][:5],
        "questions": args.citizens * args.questions,
        "bot_turns": result["bot_turns"],
        "messages_sent": len(fake.sent),
        "over_2000_chars": sum(1 for s in fake.sent if len(s["message"].get("text") or "") > TEXT_LIMIT),
        "zalo_refusals": len(fake.refused),
        "oauth_calls": len(fake.oauth_calls),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
