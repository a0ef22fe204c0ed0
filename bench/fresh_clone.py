"""Time from a fresh clone to the assistant's first answer: the README's first command, then one question.

    .venv/bin/python bench/fresh_clone.py [--keep DIR]

Clones the committed tree (HEAD) into an empty directory, runs ``scripts/run`` there on free ports of 127.0.0.1
and, once it prints that it is running, asks one question on the REST channel with the service token the backend
wrote. Prints the time of each stage (venvs, index, model, servers) as ``scripts/run`` reports them and the time of
the first answer. pip's download cache of the machine is used as it is (a machine that never installed the pinned
wheels also downloads them); nothing else is shared with the working tree.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "làm giấy khai sinh cho con cần giấy tờ gì"
STAGES = (  # a line of scripts/run's output that marks the end of a stage, and the stage's name
    ("index ready", "venvs and index"),
    ("waiting for the rasa server", "model"),
    ("motcua is running", "servers up"),
)
TIMEOUT_SECONDS = 40 * 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def watch(stream, started: float, marks: dict, log) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip()
        log.write(f"{time.monotonic() - started:7.1f}s {line}\n")
        log.flush()
        for needle, stage in STAGES:
            if needle in line and stage not in marks:
                marks[stage] = time.monotonic() - started


def ask(port: int, token: str) -> tuple[float, str]:
    body = json.dumps({"sender": "fresh-clone-bench", "message": QUESTION}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json", "X-Service-Token": token},
    )
    t0 = time.monotonic()
    with urllib.request.urlopen(request, timeout=120) as response:
        replies = json.loads(response.read())
    return time.monotonic() - t0, " / ".join(r.get("text", "") for r in replies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="clone into this (empty) directory and keep it")
    args = parser.parse_args()
    target = args.keep or Path(tempfile.mkdtemp(prefix="motcua-fresh-"))
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "BACKEND_PORT": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOTCUA_", "VIRTUAL_ENV"))}
    env.update({k: str(v) for k, v in ports.items()})
    env["MOTCUA_BACKEND_URL"] = f"http://127.0.0.1:{ports['BACKEND_PORT']}"
    log_path = target / "fresh_clone.log"
    marks: dict = {}
    started = time.monotonic()
    run = subprocess.Popen(
        ["scripts/run"], cwd=target, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    with open(log_path, "w") as log:
        reader = threading.Thread(target=watch, args=(run.stdout, started, marks, log), daemon=True)
        reader.start()
        try:
            while "servers up" not in marks:
                if run.poll() is not None or time.monotonic() - started > TIMEOUT_SECONDS:
                    print(f"scripts/run ended or timed out before the servers were up: see {log_path}")
                    return 1
                time.sleep(1)
            token = (target / "var" / "service.token").read_text().strip()
            latency, reply = ask(ports["RASA_PORT"], token)
            first_answer = time.monotonic() - started
        finally:
            os.killpg(run.pid, signal.SIGTERM)
            run.wait(timeout=60)
    previous = 0.0
    for _, stage in STAGES:
        print(f"{stage:16} done at {marks[stage] / 60:5.1f} min (+{(marks[stage] - previous) / 60:.1f})")
        previous = marks[stage]
    print(f"first answer     at {first_answer / 60:5.1f} min (the question took {latency:.1f} s)")
    print(f"reply: {reply[:300]}")
    print(f"log: {log_path}")
    if args.keep is None:
        shutil.rmtree(target, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
