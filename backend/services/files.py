"""Uploaded files: checked by size and magic bytes, stored once per content hash.

Files live under ``UPLOAD_DIR/<2 hex>/<sha256>`` without extension and without
execute permission; nothing serves that directory.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import and_, select, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.errors import NotFound, TooLarge, UnsupportedType
from backend.filemodes import FILE_MODE, private_dir
from backend.filetypes import HEADER_BYTES, sniff_mime
from backend.models import DossierDocument, Feedback, StoredDocument, StoredFile, StoredFileOwner
from backend.services.personal_data import ERASED

CHUNK_BYTES = 64 * 1024
_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")


def safe_original_name(name: str | None) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME_CHARS.sub("", base).strip()
    return base[:255] or "tep-tai-len"


def size_limit_message(max_bytes: int) -> str:
    return f"Tệp vượt quá dung lượng cho phép ({max_bytes / (1024 * 1024):g} MB)."


def unsupported_type_message(allowed: tuple[str, ...]) -> str:
    names = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}
    return "Định dạng tệp không được chấp nhận. Chỉ nhận: " + ", ".join(names.get(m, m) for m in allowed) + "."


class FileStore:
    def __init__(self, upload_dir: Path, max_bytes: int, allowed_mime_types: tuple[str, ...]) -> None:
        self.upload_dir = upload_dir
        self.max_bytes = max_bytes
        self.allowed_mime_types = allowed_mime_types

    def path_for(self, sha256: str) -> Path:
        return self.upload_dir / sha256[:2] / sha256

    def _spool(self, source: BinaryIO) -> tuple[Path, str, int, bytes]:
        """Copy ``source`` to a temporary file, hashing it; refuse it past the size limit."""
        tmp_dir = self.upload_dir / "tmp"
        private_dir(tmp_dir)
        digest = hashlib.sha256()
        size = 0
        head = b""
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir)
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(CHUNK_BYTES):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise TooLarge(size_limit_message(self.max_bytes))
                    if len(head) < HEADER_BYTES:
                        head = (head + chunk)[:HEADER_BYTES]
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
        return tmp_path, digest.hexdigest(), size, head

    def save(
        self, session: Session, source: BinaryIO, original_name: str | None, owner: tuple[str, str] | None = None
    ) -> tuple[StoredFile, bool]:
        """Store an upload; returns ``(stored_file, created)``; same content → same record. ``owner``, the chat
        ``(channel, sender_id)`` that uploaded it, is recorded as one of the record's owners."""
        tmp_path, sha256, size, head = self._spool(source)
        try:
            mime = sniff_mime(head)
            if size == 0 or mime is None or mime not in self.allowed_mime_types:
                raise UnsupportedType(unsupported_type_message(self.allowed_mime_types))
            final = self.path_for(sha256)
            private_dir(final.parent)
            os.chmod(tmp_path, FILE_MODE)
            os.replace(tmp_path, final)  # same content, same name: replacing is harmless
        finally:
            tmp_path.unlink(missing_ok=True)

        existing = find_by_hash(session, sha256)
        if existing is not None:
            return _with_owner(session, existing, owner), False
        stored = StoredFile(
            sha256=sha256,
            size=size,
            mime=mime,
            original_name=safe_original_name(original_name),
            path=str(final.relative_to(self.upload_dir)),
        )
        if owner is not None:
            stored.owners.append(StoredFileOwner(channel=owner[0], sender_id=owner[1]))
        session.add(stored)
        try:
            session.commit()
        except IntegrityError:  # the same content uploaded concurrently
            session.rollback()
            existing = find_by_hash(session, sha256)
            if existing is None:
                raise
            return _with_owner(session, existing, owner), False
        return stored, True


def _with_owner(session: Session, stored: StoredFile, owner: tuple[str, str] | None) -> StoredFile:
    """``stored``, with ``owner`` added to its owners (committed) unless it is one already."""
    if owner is not None and not _owned_by(session, stored.id, owner):
        session.add(StoredFileOwner(stored_file_id=stored.id, channel=owner[0], sender_id=owner[1]))
        session.commit()
    return stored


def _owned_by(session: Session, file_id: int, owner: tuple[str, str]) -> bool:
    statement = select(StoredFileOwner.id).where(
        StoredFileOwner.stored_file_id == file_id,
        StoredFileOwner.channel == owner[0],
        StoredFileOwner.sender_id == owner[1],
    )
    return session.scalars(statement).first() is not None


def find_by_hash(session: Session, sha256: str) -> StoredFile | None:
    return session.scalars(select(StoredFile).where(StoredFile.sha256 == sha256)).first()


def get_file(session: Session, file_id: int) -> StoredFile:
    stored = session.get(StoredFile, file_id)
    if stored is None:
        raise NotFound("Không tìm thấy tệp.")
    return stored


def usable_file(session: Session, file_id: int, channel: str, sender_id: str | None) -> StoredFile | None:
    """The stored file if the chat ``(channel, sender_id)`` may file it: a file with owners only for one of
    them, a file without owners for anyone; None otherwise and for an unknown id (the caller answers both alike)."""
    stored = session.get(StoredFile, file_id)
    if stored is None:
        return None
    has_owner = session.scalars(select(StoredFileOwner.id).where(StoredFileOwner.stored_file_id == file_id)).first()
    if has_owner is None:
        return stored
    return stored if sender_id is not None and _owned_by(session, file_id, (channel, sender_id)) else None


def referenced_file_ids():
    """A select of every stored_file_id a dossier, a personal-store document or a feedback still uses."""
    return union(
        select(DossierDocument.stored_file_id).where(DossierDocument.stored_file_id.is_not(None)),
        select(StoredDocument.stored_file_id),
        select(Feedback.stored_file_id).where(Feedback.stored_file_id.is_not(None)),
    )


def delete_unreferenced(session: Session, upload_dir: Path, candidates, dry_run: bool = False) -> int:
    """Delete the stored files among ``candidates`` (ids, or a select of them) that nothing references, row and
    file on disk, within the caller's transaction; returns how many."""
    statement = select(StoredFile).where(StoredFile.id.in_(candidates), StoredFile.id.not_in(referenced_file_ids()))
    files = list(session.scalars(statement))
    if dry_run:
        return len(files)
    for stored in files:
        session.delete(stored)
        (upload_dir / stored.path).unlink(missing_ok=True)
    session.flush()
    return len(files)


def forget_owner(session: Session, upload_dir: Path, channel: str, sender_id: str) -> int:
    """A deletion request: the uploads only this chat made and nothing uses are deleted (row and file); on the
    others the chat's ownership loses its id, so that no chat may file them any more. Within the caller's
    transaction; returns how many files were deleted."""
    mine = and_(StoredFileOwner.channel == channel, StoredFileOwner.sender_id == sender_id)
    shared = select(StoredFileOwner.stored_file_id).where(~mine)
    only_mine = select(StoredFileOwner.stored_file_id).where(mine, StoredFileOwner.stored_file_id.not_in(shared))
    deleted = delete_unreferenced(session, upload_dir, only_mine)
    session.execute(update(StoredFileOwner).where(mine).values(sender_id=ERASED))
    return deleted
