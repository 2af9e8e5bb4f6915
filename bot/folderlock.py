"""One process per data folder: an exclusive lock, taken when the store opens, held until close.

Two bots writing one folder would each rewrite whole files from their own cached copy and lose
the other's writes, so the second one refuses to start. The lock is `fcntl.flock` on the file
`bot.lock` in the folder, which holds the pid of the process holding it (for the refusal to
name). The kernel drops the lock when the process ends, however it ends, so a stale file left
by a killed bot never blocks the next one. Readers that must not wait for the bot, such as
`report --data`, copy the files they need instead of opening the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO

__all__ = ["FolderLock", "FolderInUse", "LOCK_NAME"]

LOCK_NAME = "bot.lock"


class FolderInUse(Exception):
    """Another process holds the folder; the message is the one sentence to show."""


class FolderLock:
    """The held lock on one folder; `release` (or the end of the process) lets go of it."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        # Opened without truncating: the holder's pid must stay readable until we hold the lock.
        handle: IO[str] = open(self.path, "a+", encoding="ascii")  # noqa: SIM115 - held open
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip() or "unknown"
            handle.close()
            raise FolderInUse(
                f"The data folder {Path(folder)} is in use by another bot process (pid {pid}); "
                "stop that one first, or give this one its own BOT_DATA_DIR."
            ) from None
        except BaseException:
            handle.close()
            raise
        os.chmod(self.path, 0o600)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        """Let go of the lock (idempotent). The file stays: removing it would race a new holder."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()  # closing the descriptor drops the flock
            self._handle = None
