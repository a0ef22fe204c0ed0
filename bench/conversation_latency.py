"""Conversation latency through the REST webhook, with the action server and the knowledge-base search in the loop.

    .venv/bin/python bench/conversation_latency.py            # starts its own servers on free ports
    .venv/bin/python bench/conversation_latency.py --url http://127.0.0.1:5005 \
        --service-token "$(cat var/service.token)"

Plays the same multi-turn conversations for several citizens (procedure question, follow-ups, topic switch,
FAQ, fallback), one request at a time, after one warm-up pass. Measures the wall time of each POST to
/webhooks/rest/webhook. Prints p50/p95/max over all turns and over the turns that run a search.
Targets on this machine: p50 <= 150 ms, p95 <= 400 ms.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
from percentiles import percentile  # bench/, the script's own directory

ROOT = Path(__file__).resolve().parents[1]

# (message, runs a knowledge-base search?)
CONVERSATIONS = [
    [
        ("xin chào", False),
        ("tôi muốn đăng ký thường trú", True),
        ("lệ phí bao nhiêu", False),
        ("cần giấy tờ gì", False),
        ("nộp online được không", False),
        ("cảm ơn", False),
    ],
    [
        ("lam gks cho con", True),
        ('/choose_option{"procedure_code":"1.001193"}', False),
        ("mất bao lâu", False),
        ("lệ phí làm sổ đỏ bao nhiêu", True),
        ("căn cứ pháp lý", False),
    ],
    [
        ("cấp đổi thẻ căn cước", True),
        ("nộp ở đâu", False),
        ("dịch vụ công trực tuyến là gì", False),
        ("thôi hỏi đăng ký hộ kinh doanh", True),
        ("tạm biệt", False),
    ],
    [("xin phiếu lý lịch tư pháp", True), ("thủ tục làm thẻ bảo hiểm y tế", True), ("qwxz plmk", True)],
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_servers():
    """Train if needed, start the action server and the rasa server; yield the rasa base URL."""
    service_token, api_token = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SANIC_HOST="127.0.0.1", MOTCUA_SERVICE_TOKEN=service_token)
    model = (
        subprocess.run(["bash", "scripts/train"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    rasa_port, actions_port = free_port(), free_port()
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    (tmp / "endpoints.yml").write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n')
    procs = [
        subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "-m", "rasa_sdk", "--actions", "actions", "-p", str(actions_port)],
            cwd=ROOT,
            env=env,
            stdout=open(tmp / "actions.log", "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
        subprocess.Popen(
            [
                str(ROOT / ".venv-rasa/bin/rasa"),
                "run",
                "--model",
                model,
                "--enable-api",
                f"--auth-token={api_token}",
                "-i",
                "127.0.0.1",
                "-p",
                str(rasa_port),
                "--endpoints",
                str(tmp / "endpoints.yml"),
                "--credentials",
                "credentials.yml",
            ],
            cwd=ROOT,
            env=env,
            stdout=open(tmp / "rasa.log", "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
    ]
    base = f"http://127.0.0.1:{rasa_port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if any(p.poll() is not None for p in procs):
                raise RuntimeError(f"a server exited; logs in {tmp}")
            try:
                if (
                    httpx.get(f"{base}/status?token={api_token}", timeout=2).status_code == 200
                    and httpx.get(f"http://127.0.0.1:{actions_port}/health", timeout=2).status_code == 200
                ):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"servers not ready; logs in {tmp}")
            time.sleep(1)
        print(f"servers ready ({model}); logs in {tmp}", file=sys.stderr)
        yield base, service_token
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def run(base: str, citizens: int, service_token: str) -> None:
    url = f"{base}/webhooks/rest/webhook"
    with httpx.Client(timeout=300, headers={"X-Service-Token": service_token}) as client:
        for conversation in CONVERSATIONS:  # warm-up: loads the knowledge base, JIT paths, caches
            for message, _ in conversation:
                client.post(url, json={"sender": "warmup", "message": message}).raise_for_status()
        all_ms, search_ms, empty = [], [], 0
        for i in range(citizens):
            for c, conversation in enumerate(CONVERSATIONS):
                sender = f"bench-{i}-{c}"
                for message, searches in conversation:
                    started = time.perf_counter()
                    response = client.post(url, json={"sender": sender, "message": message})
                    elapsed = 1000 * (time.perf_counter() - started)
                    response.raise_for_status()
                    if not response.json():
                        empty += 1
                    all_ms.append(elapsed)
                    if searches:
                        search_ms.append(elapsed)
    print(f"turns: {len(all_ms)} ({citizens} citizens x {len(CONVERSATIONS)} conversations), empty replies: {empty}")
    for label, values in (("all turns", all_ms), ("turns with a search", search_ms)):
        print(
            f"{label:20s} p50 {percentile(values, 0.5):6.1f} ms   p95 {percentile(values, 0.95):6.1f} ms   "
            f"max {max(values):6.1f} ms   mean {statistics.mean(values):6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="base URL of a running rasa server; default: start local servers")
    parser.add_argument(
        "--service-token",
        default=os.environ.get("MOTCUA_SERVICE_TOKEN", ""),
        help="the backend's service token, sent as X-Service-Token (with --url)",
    )
    parser.add_argument("--citizens", type=int, default=10)
    args = parser.parse_args()
    if args.url:
        run(args.url.rstrip("/"), args.citizens, args.service_token)
    else:
        with local_servers() as (base, service_token):
            run(base, args.citizens, service_token)


if __name__ == "__main__":
    main()
