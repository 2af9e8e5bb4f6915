"""A crash-safe TinyDB storage: whole-file atomic replacement, cached reads, corrupt files set
aside.

TinyDB's own ``JSONStorage`` rewrites its file in place, so a process killed mid-write leaves a
file that no longer loads. ``AtomicJSONStorage`` instead writes the new state to a temporary file
in the same folder, fsyncs it, ``os.replace``s the old file and fsyncs the folder: after a crash
the file holds either the old state or the new one, never a mixture.

TinyDB calls ``read()`` before every query, so the parsed data is kept in memory and the file is
parsed once. The cache only ever holds what is durably on disk: if a write fails, the cache is
dropped and the next read re-parses the file.

Each storage has one ``lock`` (a ``threading.Lock``). TinyDB's updates are read-modify-write
sequences spread over ``read()`` and ``write()``, so the lock cannot live inside those two calls;
callers hold ``storage.lock`` around every TinyDB operation that writes. This module assumes one
process per database file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

__all__ = [
    "AtomicJSONStorage",
    "write_file_atomically",
    "fsync_folder",
    "remove_leftover_temp_files",
]

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"
"""Temporary files are named ``.<target name>.<random>.tmp``; a crash can leave one behind."""

CORRUPT_MARK = ".corrupt-"


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX needs the folder itself synced)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file_atomically(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves either the old or the new content.

    The file gets mode 0600 (``mkstemp`` creates it so, whatever the umask).
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_folder(path.parent)


def remove_leftover_temp_files(folder: Path) -> int:
    """Delete temporary files a killed writer left in ``folder``; returns how many.

    Only call this while no writer of this process is active in ``folder``.
    """
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX) and entry.is_file():
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _is_tinydb_data(value: Any) -> bool:
    """TinyDB data is a dict of tables, each a dict of documents keyed by id."""
    return isinstance(value, dict) and all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in value.values()
    )


def _aside_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}")
    counter = 1
    # Never overwrite an earlier set-aside file: it may be the only copy of someone's data.
    while candidate.exists():
        candidate = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}-{counter}")
        counter += 1
    return candidate


class AtomicJSONStorage(Storage):
    """TinyDB storage writing JSON by atomic replacement; use as ``TinyDB(path, storage=...)``.

    The folder must exist. A file that exists but does not parse is renamed to
    ``<name>.corrupt-<UTC timestamp>`` (never deleted), one warning is logged, and the database
    starts empty.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self.lock = threading.Lock()
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        # TinyDB mutates what read() returns before calling write(); that is safe because a
        # failed write drops the cache (see write()), so no unwritten change survives in memory.
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_file_atomically(self.path, payload)
        except BaseException:
            self._data = None
            self._loaded = False
            raise
        self._data = data
        self._loaded = True

    def close(self) -> None:
        self._data = None
        self._loaded = False

    def _load(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problem = type(error).__name__
        else:
            if _is_tinydb_data(data):
                return data
            problem = "not a TinyDB document set"
        self._set_aside(problem)
        return None

    def _set_aside(self, problem: str) -> None:
        aside = _aside_name(self.path)
        os.rename(self.path, aside)
        fsync_folder(self.path.parent)
        log.warning(
            "Database file %s could not be read (%s); kept it as %s and started this database "
            "empty.",
            self.path,
            problem,
            aside.name,
        )
