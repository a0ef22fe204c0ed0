"""Scale-out as deployed (endpoints.deploy.yml): two `rasa run` servers share a PostgreSQL tracker store
and a Redis lock store, with one stateless action server. A conversation continues whichever server
receives each message.

Needs TEST_DATABASE_URL (scripts/start-postgres; its role owns the database motcua_tracker_test) and
Debian's redis-server; scripts/test provides both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from urllib.parse import urlsplit

import httpx
import pytest

from tests.servers import ROOT, free_port, service_headers, start_action_server, start_rasa, trained_model

TRACKER_DB = "motcua_tracker_test"
SERVICE_TOKEN = "scale-out-service-token-0123"  # the rest channel's callers; no backend runs here
START_TIMEOUT = 300
STAGGER_S = 0.04

pytestmark = [
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL (PostgreSQL)"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server"),
]


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if (
                subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip()
                == "PONG"
            ):
                break
            subprocess.run(["sleep", "0.1"])
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, redis_port):
    database = urlsplit(os.environ["TEST_DATABASE_URL"])
    tmp = tmp_path_factory.mktemp("scale")
    env = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        MOTCUA_SERVICE_TOKEN=SERVICE_TOKEN,
        MOTCUA_BACKEND_URL=f"http://127.0.0.1:{free_port()}",
    )
    model = trained_model(env)
    actions = start_action_server(env, tmp / "actions.log", START_TIMEOUT)
    env.update(
        ACTION_SERVER_URL=f"{actions.base_url}/webhook",
        TRACKER_DB_HOST=database.hostname,
        TRACKER_DB_PORT=str(database.port),
        TRACKER_DB_NAME=TRACKER_DB,
        TRACKER_DB_USER=database.username,
        TRACKER_DB_PASSWORD=database.password or "",
        REDIS_HOST="127.0.0.1",
        REDIS_PORT=str(redis_port),
        REDIS_PASSWORD="",
    )
    servers = []
    try:
        for name in ("a", "b"):
            servers.append(
                start_rasa(model, ROOT / "endpoints.deploy.yml", env, tmp / f"rasa-{name}.log", START_TIMEOUT)
            )
        yield servers
    finally:
        for server in servers:
            server.stop()
        actions.stop()


def say(server, sender: str, text: str) -> str:
    response = httpx.post(
        f"{server.base_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        headers=service_headers(SERVICE_TOKEN),
        timeout=START_TIMEOUT,
    )
    response.raise_for_status()
    return "\n".join(m.get("text", "") for m in response.json())


def test_conversation_continues_on_the_other_server(two_servers):
    server_a, server_b = two_servers
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    first = say(server_a, sender, "thủ tục đăng ký kết hôn")
    assert "kết hôn" in first.lower()
    # server B has never seen this citizen: it reads the conversation from the shared tracker store
    follow_up = say(server_b, sender, "lệ phí bao nhiêu")
    assert "kết hôn" in follow_up.lower() and "phí" in follow_up.lower()
    tracker = httpx.get(server_a.api(f"/conversations/{sender}/tracker"), timeout=30).json()
    assert tracker["slots"].get("current_procedure_code") == "1.000894"
    user_texts = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert user_texts[-2:] == ["thủ tục đăng ký kết hôn", "lệ phí bao nhiêu"]


def test_overlapping_messages_for_one_citizen_are_all_kept(two_servers):
    """Messages that arrive while the other server is still processing the previous turn wait for the Redis lock.

    They are sent STAGGER_S apart, alternately to each server, so each arrives while earlier turns are in progress
    (a turn with an action call and the PostgreSQL tracker store takes longer than that). Rasa's open-source
    RedisLockStore issues tickets with a non-atomic read-then-write, so two messages reaching two servers within the
    same millisecond can both get the same ticket (RasaHQ/rasa#9213; the atomic variant, #11256, was reverted): the
    deployment notes in the README route a sender to one server for that reason. This test covers what the lock
    store guarantees: turns that overlap are serialised, none lost or overwritten.
    """
    import concurrent.futures
    import time

    sender = f"scale-{uuid.uuid4().hex[:8]}"
    messages = [
        "đăng ký tạm trú",
        "cần giấy tờ gì",
        "mất bao lâu",
        "nộp ở đâu",
        "lệ phí bao nhiêu",
        "nộp online được không",
    ]

    def send(index: int) -> str:
        time.sleep(index * STAGGER_S)
        return say(two_servers[index % 2], sender, messages[index])

    with concurrent.futures.ThreadPoolExecutor(len(messages)) as pool:
        replies = list(pool.map(send, range(len(messages))))
    assert all(replies), "every message got a reply"
    tracker = httpx.get(two_servers[1].api(f"/conversations/{sender}/tracker"), timeout=30).json()
    user_texts = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert sorted(user_texts) == sorted(messages)
