"""One message of a chat at a time, in the order they arrived (asyncio, standard library only)."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import AsyncIterator, Hashable


class ChatTurns:
    """A lock per chat, dropped when no message of the chat holds or awaits it (no lock kept per chat ever seen)."""

    def __init__(self) -> None:
        self._turns: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def turn(self, chat: Hashable) -> AsyncIterator[None]:
        lock, users = self._turns.get(chat, (asyncio.Lock(), 0))
        self._turns[chat] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._turns[chat]
            if users == 1:
                del self._turns[chat]
            else:
                self._turns[chat] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._turns)
