"""The Zalo receiver's inbox: every webhook event acknowledged to Zalo, kept on disk until its answer has gone out
(SQLite, standard library only).

An event is written and committed (WAL; ``synchronous=FULL``: on disk, not only in the OS's cache) before Zalo gets
its 200, so an acknowledged event survives a crash of the receiver, of the rasa server or of the machine. The
later stages are committed with ``synchronous=NORMAL`` (they survive a crash of a process; after a power cut a
stage may be done again). ``ThreadedInbox`` runs the calls on a thread of their own, so that a commit waiting for
the disk never holds up the receiver's event loop. Its key (Zalo's ``msg_id``) is unique: a retry or a replay
reaching this receiver adds nothing. The worker (connectors/zalo/worker.py) moves each event through its stages,
one chat's events in the order they came:

    received → taken (once for every receiver, in the backend) → answered (the bot's messages kept) → done

Each stage is committed, so after a crash an event resumes where it stopped: the bot is not asked again for an
event it has answered, and messages already sent to Zalo (``sent``) are not sent again. A done event loses its
body and answer (personal data); its key stays ``KEY_RETENTION`` to recognise a replay. One receiver per file.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, Callable, Optional

from backend.zalo_config import EVENT_MAX_AGE

RECEIVED, TAKEN, ANSWERED, DONE = "received", "taken", "answered", "done"
# Longer than the age of any event the receiver still accepts (older ones are acknowledged and ignored).
KEY_RETENTION = EVENT_MAX_AGE + timedelta(days=1)

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_key TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    body TEXT,
    stage TEXT NOT NULL,
    offered TEXT,
    answer TEXT,
    sent INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    due REAL NOT NULL,
    received_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS events_open ON events (user_id, seq) WHERE stage != 'done';
CREATE INDEX IF NOT EXISTS events_received ON events (received_at);
"""


@dataclass(frozen=True)
class Entry:
    seq: int
    key: str
    user_id: str
    body: dict[str, Any]
    stage: str
    offered: dict[str, Any]
    answer: list[dict[str, Any]]
    sent: int
    attempts: int
    due: float
    received_at: float


class Inbox:
    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # personal data: the owner only
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def add(self, key: str, user_id: str, body: str, now: Optional[float] = None) -> bool:
        """Record an event (committed when this returns); False when its key is already here."""
        return self.add_all([(key, user_id, body)], now)[0]

    def add_all(self, events: list[tuple[str, str, str]], now: Optional[float] = None) -> list[bool]:
        """Record events ``(key, user id, body)`` in one transaction, on disk when this returns; for each, whether
        it is new."""
        now = time.time() if now is None else now
        self.db.execute("PRAGMA synchronous=FULL")  # the acknowledgements wait for the disk
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                added = [
                    self.db.execute(
                        "INSERT OR IGNORE INTO events (event_key, user_id, body, stage, due, received_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (key, user_id, body, RECEIVED, now, now),
                    ).rowcount
                    == 1
                    for key, user_id, body in events
                ]
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        finally:
            self.db.execute("PRAGMA synchronous=NORMAL")
        return added

    def due_users(self, now: float) -> list[str]:
        """The chats whose oldest open event may be tried now, the longest waiting first."""
        rows = self.db.execute(
            "SELECT e.user_id FROM events e JOIN (SELECT MIN(seq) AS seq FROM events WHERE stage != ? GROUP BY user_id)"
            " AS first ON e.seq = first.seq WHERE e.due <= ? ORDER BY e.seq",
            (DONE, now),
        )
        return [user_id for (user_id,) in rows]

    def oldest_open(self, user_id: str) -> Optional[Entry]:
        row = self.db.execute(
            "SELECT seq, event_key, user_id, body, stage, offered, answer, sent, attempts, due, received_at FROM events"
            " WHERE user_id = ? AND stage != ? ORDER BY seq LIMIT 1",
            (user_id, DONE),
        ).fetchone()
        if row is None:
            return None
        seq, key, user, body, stage, offered, answer, sent, attempts, due, received_at = row
        return Entry(
            seq,
            key,
            user,
            json.loads(body or "{}"),
            stage,
            json.loads(offered or "{}"),
            json.loads(answer or "[]"),
            sent,
            attempts,
            due,
            received_at,
        )

    def open_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM events WHERE stage != ?", (DONE,)).fetchone()[0]

    def taken(self, seq: int, offered: dict[str, Any]) -> None:
        self.db.execute("UPDATE events SET stage = ?, offered = ? WHERE seq = ?", (TAKEN, json.dumps(offered), seq))

    def answered(self, seq: int, messages: list[dict[str, Any]]) -> None:
        self.db.execute(
            "UPDATE events SET stage = ?, answer = ? WHERE seq = ?",
            (ANSWERED, json.dumps(messages, ensure_ascii=False), seq),
        )

    def sent(self, seq: int, count: int) -> None:
        self.db.execute("UPDATE events SET sent = ? WHERE seq = ?", (count, seq))

    def done(self, seq: int) -> None:
        self.db.execute(
            "UPDATE events SET stage = ?, body = NULL, offered = NULL, answer = NULL WHERE seq = ?", (DONE, seq)
        )

    def retry(self, seq: int, due: float) -> None:
        self.db.execute("UPDATE events SET attempts = attempts + 1, due = ? WHERE seq = ?", (due, seq))

    def forget(self, now: Optional[float] = None) -> int:
        """Drop the keys of done events older than ``KEY_RETENTION``; how many."""
        cutoff = (time.time() if now is None else now) - KEY_RETENTION.total_seconds()
        return self.db.execute("DELETE FROM events WHERE stage = ? AND received_at < ?", (DONE, cutoff)).rowcount


class ThreadedInbox:
    """``Inbox``'s methods as coroutines, run one at a time on a thread of their own. ``add`` commits together the
    events that arrive while the previous commit waits for the disk: one disk write for all of them."""

    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zalo-inbox")
        self._waiting: list[tuple[tuple[str, str, str], asyncio.Future]] = []
        self._committing = False

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.inbox, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await asyncio.get_running_loop().run_in_executor(self._thread, partial(method, *args, **kwargs))

        return call

    async def add(self, key: str, user_id: str, body: str) -> bool:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append(((key, user_id, body), future))
        if not self._committing:
            self._committing = True
            asyncio.get_running_loop().create_task(self._commit_waiting())
        return await future

    async def _commit_waiting(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    added = await self.add_all([event for event, _ in batch])
                except Exception as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), new in zip(batch, added):
                    if not future.done():
                        future.set_result(new)
        finally:
            self._committing = False

    def close(self) -> None:
        self._thread.shutdown(wait=True)
        self.inbox.close()
