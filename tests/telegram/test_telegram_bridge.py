"""The Telegram bridge's own logic: sender ids, the per-chat ordering of messages, and what it loads."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from connectors.telegram.bridge import TelegramBridge, TelegramSettings, chat_of, sender_of


def test_sender_ids():
    assert sender_of(777) == "tg-777" and chat_of("tg-777") == 777
    assert chat_of("web-777") is None and chat_of("tg-abc") is None


def test_one_message_of_a_chat_at_a_time_in_order_and_no_lock_kept_afterwards():
    bridge = TelegramBridge(
        TelegramSettings("1:x", "http://127.0.0.1:9/bot", "http://127.0.0.1:9/file/bot", "http://127.0.0.1:9", 1.0)
    )
    log: list[str] = []

    async def turn(chat_id: int, name: str, pause: float) -> None:
        async with bridge.turns.turn(chat_id):
            log.append(f"start {name}")
            await asyncio.sleep(pause)
            log.append(f"end {name}")

    async def main() -> None:
        await asyncio.gather(turn(1, "a1", 0.05), turn(1, "a2", 0.0), turn(2, "b1", 0.01))
        await bridge.rasa.close()

    asyncio.run(main())
    assert log.index("end a1") < log.index("start a2")  # the same chat waits, in order
    assert log.index("start b1") < log.index("end a1")  # another chat does not
    assert len(bridge.turns) == 0


def test_starting_the_bridge_loads_neither_the_actions_nor_rasa_nor_the_knowledge_base():
    """The bridge is its own small process (issue 13): the modules a start loads, in a fresh interpreter."""
    code = (
        "import json, sys; import connectors.telegram.bridge; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    root = Path(__file__).resolve().parents[2]
    loaded = set(
        json.loads(
            subprocess.run([sys.executable, "-c", code], cwd=root, check=True, capture_output=True, text=True).stdout
        )
    )
    assert {"telegram", "httpx", "connectors", "common"} <= loaded
    assert not loaded & {"actions", "knowledge_base", "nlu", "rasa", "sanic", "aiohttp", "numpy", "torch"}
