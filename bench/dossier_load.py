"""Load test of dossier filing: N concurrent simulated citizens, each filing a full birth-registration dossier
end to end through rasa's REST webhook (search, "nộp hồ sơ", 8 documents with one photo upload, applicant,
delivery, confirmation), against real servers started here (tests/actions/dossier_helpers.Stack: backend on
SQLite, action server, `rasa run` with a SQLite tracker store, all on 127.0.0.1).

    .venv/bin/python bench/dossier_load.py                         # 50 citizens
    .venv/bin/python bench/dossier_load.py --citizens 50 --ramp 5 --think 0

Prints lost / duplicated dossiers counted in the backend's database (a citizen who confirmed and has no
dossier is lost; more than one dossier for a citizen is a duplicate; a receipt code in the chat that is not
the database's is a mismatch) and the turn latency p50/p95/max (wall time of each POST to the webhook).
Targets: 0 lost, 0 duplicated, p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from percentiles import percentile  # bench/, the script's own directory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.actions.dossier_helpers import Stack, next_answer  # noqa: E402

BIRTH = "1.001193"
SUMMARY_QUESTION = "Thông tin đã đúng chưa"  # the summary before filing; its "/affirm" files the dossier


class Citizen:
    def __init__(self, index: int, url: str, client: httpx.AsyncClient, think: tuple[float, float]):
        self.sender = f"bench-{index:03d}-{random.randrange(16**6):06x}"
        self.url, self.client, self.think = url, client, think
        self.latencies: list[float] = []
        self.kinds: list[str] = []
        self.receipt: str | None = None
        self.confirmed = False
        self.error: str | None = None
        self.replies: list[dict] = []

    async def say(self, message: str) -> str:
        if self.think[1] > 0:
            await asyncio.sleep(random.uniform(*self.think))
        started = time.perf_counter()
        response = await self.client.post(self.url, json={"sender": self.sender, "message": message})
        self.latencies.append(time.perf_counter() - started)
        self.kinds.append(kind_of(message))
        response.raise_for_status()
        self.replies = response.json()
        text = "\n".join(r.get("text") or "" for r in self.replies)
        if not text.strip():
            raise RuntimeError(f"no reply to {message[:40]!r}")
        return text

    @property
    def last(self) -> str:
        return (self.replies[-1].get("text") or "") if self.replies else ""

    async def file(self) -> None:
        try:
            text = await self.say("làm giấy khai sinh cho con")
            choose = [
                b["payload"]
                for r in self.replies
                for b in (r.get("buttons") or [])
                if b["payload"].startswith("/choose_option") and BIRTH in b["payload"]
            ]
            if BIRTH not in text and choose:
                await self.say(choose[0])
            await self.say("nộp hồ sơ")
            first_document = True
            for _ in range(40):
                answer = next_answer(self.last, first_document)
                if answer is None:
                    raise RuntimeError(f"unexpected question: {self.last[:120]!r}")
                if answer.startswith("/attach_document"):
                    first_document = False
                if answer == "/affirm" and SUMMARY_QUESTION in self.last:  # not the consent, also "/affirm"
                    self.confirmed = True
                    reply = await self.say(answer)
                    if "Mã hồ sơ: " in reply:
                        self.receipt = reply.split("Mã hồ sơ: ")[1].split()[0]
                    return
                await self.say(answer)
            raise RuntimeError("no confirmation after 40 turns")
        except Exception as exc:  # noqa: BLE001 - counted and reported
            self.error = f"{type(exc).__name__}: {exc}"


def kind_of(message: str) -> str:
    if message.startswith("/attach_document"):
        return "upload"
    if message == "/affirm":
        return "confirm"
    if message == "nộp hồ sơ":
        return "start"
    if message.startswith("làm giấy khai sinh") or message.startswith("/choose_option"):
        return "search"
    if message.startswith("/dossier_choice") or message == "không":
        return "document/choice"
    return "applicant"


async def run(
    url: str,
    citizens: int,
    ramp: float,
    think: tuple[float, float],
    outage: tuple[float, float] | None = None,
    stack: Stack | None = None,
) -> list[Citizen]:
    """Play the citizens; with ``outage`` = (at, seconds), stop the backend ``at`` seconds into the run and
    start it again (same port) ``seconds`` later."""
    limits = httpx.Limits(max_connections=citizens + 10, max_keepalive_connections=citizens + 10)
    headers = stack.headers if stack else {}  # the rest channel's service token
    async with httpx.AsyncClient(timeout=120, limits=limits, headers=headers) as client:
        crowd = [Citizen(i, url, client, think) for i in range(citizens)]

        async def start(citizen: Citizen, delay: float) -> None:
            await asyncio.sleep(delay)
            await citizen.file()

        async def backend_outage(at: float, seconds: float) -> None:
            await asyncio.sleep(at)
            print(f"outage: stopping the backend for {seconds:.0f} s", file=sys.stderr)
            await asyncio.to_thread(stack.backend.stop)
            await asyncio.sleep(seconds)
            await asyncio.to_thread(stack.backend.start, stack.backend.port)
            print("outage: backend back", file=sys.stderr)

        tasks = [start(c, ramp * i / max(1, citizens)) for i, c in enumerate(crowd)]
        if outage:
            tasks.append(backend_outage(*outage))
        await asyncio.gather(*tasks)
        return crowd


def filed(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as db:
        return db.execute("select sender_id, receipt_code from dossiers where sender_id like 'bench-%'").fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the citizens start (default 5)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.0, 0.0),
        metavar=("MIN", "MAX"),
        help="seconds a citizen waits before each message (default 0 0: answer at once)",
    )
    parser.add_argument("--tracker-store", choices=("sql", "memory"), default="sql")
    parser.add_argument(
        "--outage",
        type=float,
        nargs=2,
        metavar=("AT", "SECONDS"),
        help="stop the backend AT seconds into the run for SECONDS seconds, then restart it",
    )
    parser.add_argument(
        "--retry-seconds", type=float, default=10.0, help="reminder interval for kept dossiers (default 10)"
    )
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="motcua-dossier-bench-"))
    print(f"starting servers in {tmp} ...", file=sys.stderr)
    stack = Stack(tmp, tracker_store=args.tracker_store, retry_seconds=args.retry_seconds)
    try:
        warm = httpx.post(
            stack.url,
            json={"sender": "warmup", "message": "làm giấy khai sinh cho con"},
            headers=stack.headers,
            timeout=400,
        )
        warm.raise_for_status()
        started = time.perf_counter()
        crowd = asyncio.run(
            run(
                stack.url,
                args.citizens,
                args.ramp,
                tuple(args.think),
                tuple(args.outage) if args.outage else None,
                stack,
            )
        )
        elapsed = time.perf_counter() - started
        # dossiers confirmed during an outage are filed by the reminders: wait for them (at most 2 minutes)
        confirmed_senders = {c.sender for c in crowd if c.confirmed}
        deadline = time.monotonic() + 120
        rows = filed(stack.backend.database)
        while {s for s, _ in rows} < confirmed_senders and time.monotonic() < deadline:
            time.sleep(1)
            rows = filed(stack.backend.database)
        settled = time.perf_counter() - started
        kept = sum(1 for c in crowd if c.confirmed and not c.receipt)
    finally:
        stack.stop()

    by_sender: dict[str, list[str]] = {}
    for sender, code in rows:
        by_sender.setdefault(sender, []).append(code)
    confirmed = [c for c in crowd if c.confirmed]
    lost = [c.sender for c in confirmed if not by_sender.get(c.sender)]
    duplicated = sum(len(codes) - 1 for codes in by_sender.values() if len(codes) > 1)
    mismatched = [c.sender for c in confirmed if c.receipt and c.receipt not in by_sender.get(c.sender, [])]
    latencies = [t for c in crowd for t in c.latencies]
    result = {
        "citizens": args.citizens,
        "ramp_s": args.ramp,
        "think_s": list(args.think),
        "tracker_store": args.tracker_store,
        "completed": sum(1 for c in crowd if c.receipt),
        "confirmed": len(confirmed),
        "errors": [f"{c.sender}: {c.error}" for c in crowd if c.error][:10],
        "error_count": sum(1 for c in crowd if c.error),
        "outage": args.outage,
        "confirmed_during_outage_then_filed_later": kept,
        "all_filed_after_s": round(settled, 1),
        "dossiers_in_db": len(rows),
        "lost": len(lost),
        "duplicated": duplicated,
        "receipt_mismatch": len(mismatched),
        "turns": len(latencies),
        "turns_per_citizen": round(len(latencies) / max(1, len(crowd)), 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "p95_ms_by_turn": {
            kind: round(percentile(turns, 0.95) * 1000, 1)
            for kind in sorted({k for c in crowd for k in c.kinds})
            for turns in [[t for c in crowd for k, t in zip(c.kinds, c.latencies) if k == kind]]
        },
        "wall_s": round(elapsed, 1),
        "turns_per_s": round(len(latencies) / elapsed, 1) if elapsed else None,
        "model": stack.model,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    ok = (
        result["lost"] == 0
        and result["duplicated"] == 0
        and result["error_count"] == 0
        and (result["p95_ms"] or 1e9) <= 1000
    )
    print("targets (0 lost, 0 duplicated, p95 <= 1 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
