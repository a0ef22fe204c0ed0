"""Cutting a reply into chat messages (the action server and the Telegram bridge cut the same way)."""

from __future__ import annotations

from typing import List

from common.limits import MAX_MESSAGE_CHARS


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> List[str]:
    """Cut ``text`` into chunks of at most ``limit`` characters, at line breaks, else at spaces."""
    text = (text or "").strip()
    if len(text) <= limit:
        return [text] if text else []
    chunks: List[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one very long line: cut at a space
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            piece, line = line[:cut].rstrip(), line[cut:].lstrip()
            if current:
                chunks.append(current)
                current = ""
            chunks.append(piece)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c.strip("\n") for c in chunks if c.strip()]
