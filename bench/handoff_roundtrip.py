"""Handoff round trip through the real servers: citizen message → ticket visible to staff → staff reply →
the citizen receives it.

    .venv/bin/python bench/handoff_roundtrip.py                 # SQLite, 20 open tickets, 5 rounds
    .venv/bin/python bench/handoff_roundtrip.py --database-url postgresql+psycopg://...   # an EMPTY database
    .venv/bin/python bench/handoff_roundtrip.py --no-connector  # the backend API path the connector uses

Starts the backend (`python -m backend serve`, uvicorn, one worker) on a free port of 127.0.0.1 with a
temporary database, and, when .venv-rasa exists, the web channel connector (`connectors.standalone`, the
same sanic blueprint rasa serves) in front of it. Opens --tickets handoff tickets, then for each round
answers all of them at once: every citizen sends a message through POST /webhooks/web/webhook (relayed
to the ticket), a staff client per ticket polls GET /api/tickets/{id} until the message shows, replies
with POST /api/tickets/{id}/reply, and the citizen polls GET /webhooks/web/outbox until the reply
arrives. Polling every --poll-interval seconds on both sides (the web chat and the console poll too).
Prints p50 / p95 / max of the whole round trip and of each stage. Target: p95 <= 2 s with 20 tickets.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from percentiles import percentile  # bench/, the script's own directory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    RASA_PYTHON,
    ServerProcess,
    backend_settings,
    create_user,
    session_sender,
    start_backend,
    start_connector,
    web_session,
)

SERVICE_TOKEN = "bench-service-token-0123456789"
PASSWORD = "bench-mat-khau-0123"
STAGES = ("relay", "visible", "reply", "received", "total")


def start(server, *args, **kwargs) -> ServerProcess:
    """``server(*args, **kwargs)`` (tests.servers.start_backend / start_connector); exits with its log if it fails."""
    try:
        return server(*args, timeout=120, **kwargs)
    except RuntimeError as error:
        raise SystemExit(str(error)) from None


async def wait_for(check, interval: float, timeout: float = 30.0):
    deadline = time.perf_counter() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.perf_counter() > deadline:
            raise TimeoutError("gave up waiting")
        await asyncio.sleep(interval)


async def round_trip(
    http: httpx.AsyncClient,
    backend: str,
    connector: str | None,
    staff: dict,
    ticket_id: int,
    sender: str,
    session: dict,
    text: str,
    interval: float,
) -> dict[str, float]:
    service = {"X-Service-Token": SERVICE_TOKEN}
    t0 = time.perf_counter()
    if connector:
        answer = await http.post(f"{connector}/webhooks/web/webhook", json={"message": text}, headers=session)
        assert answer.status_code == 200 and answer.json()[0]["custom"]["handoff"]["relayed"], answer.text
    else:
        state = (
            await http.get(
                f"{backend}/api/tickets/open", params={"channel": "web", "sender_id": sender}, headers=service
            )
        ).json()
        relayed = await http.post(
            f"{backend}/api/tickets/{state['ticket']['id']}/messages",
            json={"channel": "web", "sender_id": sender, "text": text},
            headers=service,
        )
        assert relayed.status_code == 201, relayed.text
    t_relay = time.perf_counter()

    async def visible():
        ticket = (await http.get(f"{backend}/api/tickets/{ticket_id}", headers=staff)).json()
        return any(m["text"] == text for m in ticket["messages"])

    await wait_for(visible, interval)
    t_visible = time.perf_counter()
    reply_text = "Trả lời: " + text
    reply = await http.post(f"{backend}/api/tickets/{ticket_id}/reply", json={"text": reply_text}, headers=staff)
    assert reply.status_code == 201, reply.text
    t_reply = time.perf_counter()

    async def received():
        if connector:
            messages = (await http.get(f"{connector}/webhooks/web/outbox", headers=session)).json()
        else:
            messages = (
                await http.post(
                    f"{backend}/api/outbox/take", json={"channel": "web", "sender_id": sender}, headers=service
                )
            ).json()
        return any(reply_text in m["text"] for m in messages)

    await wait_for(received, interval)
    t_end = time.perf_counter()
    return {
        "relay": t_relay - t0,
        "visible": t_visible - t_relay,
        "reply": t_reply - t_visible,
        "received": t_end - t_reply,
        "total": t_end - t0,
    }


async def run(
    backend: str, connector: str | None, staff: dict, tickets: list[tuple[int, str, dict]], rounds: int, interval: float
) -> list[dict[str, float]]:
    limits = httpx.Limits(max_connections=4 * len(tickets), max_keepalive_connections=4 * len(tickets))
    samples: list[dict[str, float]] = []
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        # warm-up round, not counted
        await asyncio.gather(
            *(
                round_trip(http, backend, connector, staff, tid, sender, session, f"khởi động {tid}", interval)
                for tid, sender, session in tickets
            )
        )
        for r in range(rounds):
            results = await asyncio.gather(
                *(
                    round_trip(
                        http,
                        backend,
                        connector,
                        staff,
                        tid,
                        sender,
                        session,
                        f"vòng {r} - hồ sơ của tôi thế nào? ({tid})",
                        interval,
                    )
                    for tid, sender, session in tickets
                )
            )
            samples.extend(results)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="at most 12 with the default per-sender rate limit")
    parser.add_argument("--poll-interval", type=float, default=0.1)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--no-connector", action="store_true", help="call the backend API as the connector does")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="handoff-bench-"))
    database_url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    env = {**os.environ, **backend_settings(database_url, tmp, SERVICE_TOKEN, "bench-token-secret-0123")}
    processes = [start(start_backend, sys.executable, env, tmp / "backend.log")]
    backend = processes[0].base_url
    connector = None
    try:
        create_user(sys.executable, env, "bench-staff", PASSWORD)
        if not args.no_connector and RASA_PYTHON.exists():
            processes.append(
                start(
                    start_connector,
                    RASA_PYTHON,
                    backend,
                    SERVICE_TOKEN,
                    tmp / "connector.log",
                    "--rate-limit-per-minute",
                    "100000",
                    "--rate-limit-burst",
                    "10000",
                )
            )
            connector = processes[-1].base_url
        token = httpx.post(f"{backend}/api/auth/login", json={"username": "bench-staff", "password": PASSWORD}).json()[
            "access_token"
        ]
        staff = {"Authorization": f"Bearer {token}"}
        tickets = []
        for i in range(args.tickets):
            session = web_session(connector) if connector else {}  # a web chat is who its session cookie says
            sender = session_sender(session) if connector else f"bench-citizen-{i}"
            opened = httpx.post(
                f"{backend}/api/tickets",
                headers={"X-Service-Token": SERVICE_TOKEN},
                json={
                    "channel": "web",
                    "sender_id": sender,
                    "reason": "request",
                    "transcript": [{"author": "citizen", "text": "cho tôi gặp cán bộ"}],
                },
            )
            opened.raise_for_status()
            tickets.append((opened.json()["id"], sender, session))
        started = time.perf_counter()
        samples = asyncio.run(run(backend, connector, staff, tickets, args.rounds, args.poll_interval))
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.stop()

    database = "PostgreSQL" if (args.database_url or "").startswith("postgresql") else "SQLite"
    path = "web connector (sanic) → backend" if connector else "backend API directly"
    print(
        f"handoff round trip: {len(tickets)} open tickets answered at once, {args.rounds} rounds "
        f"({len(samples)} round trips), {path}, {database}, polling every {args.poll_interval * 1000:.0f} ms, "
        f"{elapsed:.1f} s wall"
    )
    print(f"{'stage':<10}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for stage in STAGES:
        values = [s[stage] * 1000 for s in samples]
        print(f"{stage:<10}{statistics.median(values):>10.0f}{percentile(values, 0.95):>10.0f}{max(values):>10.0f}")
    p95 = percentile([s["total"] for s in samples], 0.95)
    print(f"target p95 <= 2000 ms: {'met' if p95 <= 2.0 else 'NOT met'} ({p95 * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
