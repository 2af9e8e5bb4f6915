"""Storage: what the bot keeps, behind named methods (language choice, counters, feedback).

What is kept, and where (all under the data folder, files 0600, folders 0700):

- ``secret.key``: 32 random bytes made on first run. A person is known only by
  ``person_key(user_id)`` = HMAC-SHA256(secret, user id) in hex; raw Telegram ids are never
  written. Losing the secret forgets everyone's language choice, nothing else.
- ``people/<3 hex>.json``: per person, the chosen language and nothing else. People are spread
  over 4096 small TinyDB files by the first three hex digits of their key, because TinyDB
  rewrites a whole file on every change: a write costs about the same with 1,000 or 100,000
  people (measured 1.0-1.2x). Changing ``SHARD_CHARS`` moves everyone to other files, so it
  needs a migration.
- ``counters.json``: views per snippet, feedback per snippet and version, typed-question
  totals. No person appears in it. Views and typed-question totals are buffered in memory and
  written at least every minute and at close (see ``Store.flush``); votes are written at once.
- ``unmatched.json``: only when ``keep_unmatched`` is on, typed questions that matched nothing,
  each with its UTC date and no person; entries older than 30 days are purged.

Every other change is durable when the method returns (see ``bot.atomic_storage``). Methods are safe
to call from several threads. One store per data folder: opening takes an exclusive lock on it
(``bot.lock``, see ``bot.folderlock``) and a second opening, in this process or another, fails
with a StorageError naming the holder's pid.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from tinydb import TinyDB, where
from tinydb.table import Document, Table

from bot.atomic_storage import (
    AtomicJSONStorage,
    fsync_folder,
    remove_leftover_temp_files,
)
from bot.clock import utc_now
from bot.folderlock import FolderInUse, FolderLock

__all__ = [
    "Store",
    "StorageError",
    "Stats",
    "Votes",
    "Typed",
    "Unmatched",
    "UNMATCHED_KEEP_DAYS",
    "read_stats",
]

SECRET_BYTES = 32
SHARD_CHARS = 3
"""Hex digits of the person key that pick the shard: 16**3 = 4096 files, ~25 people each at 100k."""

FLUSH_SECONDS = 60.0
"""Buffered view and typed-question counts reach the disk at least this often."""
UNMATCHED_KEEP_DAYS = 30
MAX_UNMATCHED = 1000
"""Oldest texts are dropped beyond this, so each write (a whole-file rewrite) stays small."""
MAX_UNMATCHED_CHARS = 500

_PEOPLE, _VIEWS, _FEEDBACK, _TYPED, _TEXTS = "people", "views", "feedback", "typed", "texts"
_COUNTS_FILE, _UNMATCHED_FILE = "counters.json", "unmatched.json"


@dataclass(frozen=True)
class Votes:
    """👍 and 👎 counts."""

    up: int = 0
    down: int = 0

    def __add__(self, other: Votes) -> Votes:
        return Votes(self.up + other.up, self.down + other.down)


@dataclass(frozen=True)
class Typed:
    """Typed questions: how many got an answer or choices, how many got none."""

    matched: int = 0
    unmatched: int = 0


@dataclass(frozen=True)
class Unmatched:
    """A typed question that matched nothing, kept (only if asked) with its UTC date."""

    date: str
    text: str


@dataclass(frozen=True)
class Stats:
    """Everything the bot has counted; no person appears in it."""

    views: Mapping[str, int]
    """Cards opened, per snippet."""
    feedback: Mapping[str, Mapping[str, Votes]]
    """Votes per snippet, per version of the snippet voted on."""
    typed: Typed
    unmatched: tuple[Unmatched, ...]
    """Oldest first; empty unless the bot keeps unmatched questions."""

    def votes(self, snippet_id: str) -> Votes:
        """A snippet's votes, all versions together."""
        return sum(self.feedback.get(snippet_id, {}).values(), Votes())

    def all_votes(self) -> Votes:
        """Every vote counted, all snippets and versions together."""
        return sum((self.votes(snippet_id) for snippet_id in self.feedback), Votes())


class StorageError(Exception):
    """The data folder or one of its files cannot be used; the message says which and why."""


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextlib.contextmanager
def _storage_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise StorageError(f"The bot could not read or write {path} ({_reason(error)}).") from error


def _ensure_folder(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    # As root, permission bits prove nothing: create and delete a file for real.
    fd, probe = tempfile.mkstemp(prefix=".probe.", suffix=".tmp", dir=folder)
    os.close(fd)
    os.unlink(probe)


def _create_secret(path: Path) -> None:
    """Create ``path`` with fresh random bytes unless it exists, with no half-written window.

    The bytes go to a private temporary file first, then ``os.link`` publishes it: like
    ``O_EXCL`` the link fails if the name exists (so two processes cannot both win), and unlike
    ``O_CREAT|O_EXCL`` followed by a write, a crash can never leave an empty secret behind.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(SECRET_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first; everyone uses that one
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            _create_secret_exclusive(path)  # file systems without hard links
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_folder(path.parent)


def _create_secret_exclusive(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(SECRET_BYTES))
        handle.flush()
        os.fsync(handle.fileno())


def _load_or_create_secret(path: Path) -> bytes:
    if not path.exists():
        _create_secret(path)
    secret = path.read_bytes()
    if len(secret) != SECRET_BYTES:
        # Never replace it: a new secret would silently orphan every stored language choice.
        raise StorageError(
            f"The secret file {path} holds {len(secret)} bytes instead of {SECRET_BYTES}; "
            "restore it from a backup, or delete it to start with a new one (people will have "
            "to choose their language again)."
        )
    return secret


class _KeyedTable(Table):
    """A table whose documents are stored under the person key instead of a counter.

    Finding a person is one dict access instead of a scan of the shard (TinyDB's documented
    ``document_id_class`` hook), which keeps the cost of a write nearly flat as shards fill.
    """

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> int:
        raise TypeError("people are stored under their person key; insert a Document with it")


class _PeopleDB(TinyDB):
    table_class = _KeyedTable


def _doc_id(key: str) -> int:
    """TinyDB annotates document ids as int; ``_KeyedTable`` uses the person key string."""
    return cast(int, key)


def _open_db(path: Path) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage)


def _open_people_db(path: Path) -> TinyDB:
    return _PeopleDB(path, storage=AtomicJSONStorage)


def _lock(db: TinyDB) -> threading.Lock:
    # TinyDB read-modify-writes span several storage calls, so the whole operation holds it.
    return cast(AtomicJSONStorage, db.storage).lock


def _path(db: TinyDB) -> Path:
    return cast(AtomicJSONStorage, db.storage).path


def _increment(table: Table, match: Any, new: dict[str, Any], field: str) -> None:
    """Add one to ``field`` of the document matching ``match``, or insert ``new``; one write."""
    doc = table.get(match)
    if doc is None:
        table.insert(new)
    else:
        table.update({field: doc.get(field, 0) + 1}, doc_ids=[doc.doc_id])


class Store:
    """Everything the bot remembers, behind named methods; see the module docstring."""

    def __init__(
        self,
        data_dir: Path,
        keep_unmatched: bool = False,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._dir = Path(data_dir)
        self._people_dir = self._dir / "people"
        self._keep_unmatched = keep_unmatched
        self._clock = clock
        self._shards: dict[str, TinyDB] = {}
        self._shards_lock = threading.Lock()
        self._closed = False
        self._pending_lock = threading.Lock()
        self._pending_views: dict[str, int] = {}
        self._pending_typed = {"matched": 0, "unmatched": 0}
        self._folder_lock: FolderLock | None = None
        try:
            _ensure_folder(self._dir)
            self._folder_lock = FolderLock(self._dir)
            _ensure_folder(self._people_dir)
            # We hold the folder, so no other writer runs: any temp file is from a killed process.
            remove_leftover_temp_files(self._dir)
            remove_leftover_temp_files(self._people_dir)
            self._secret = _load_or_create_secret(self._dir / "secret.key")
            self._counters = _open_db(self._dir / _COUNTS_FILE)
            self._unmatched = _open_db(self._dir / _UNMATCHED_FILE)
            # Purge even when keeping is now off: texts kept earlier still expire on time.
            self._purge_unmatched()
        except FolderInUse as error:
            raise StorageError(str(error)) from None
        except OSError as error:
            self._release_folder()
            raise StorageError(
                f"The data folder {self._dir} cannot be created, read or written "
                f"({_reason(error)}); check the path and that the bot may write there."
            ) from error
        except BaseException:
            self._release_folder()
            raise

    # -- people -------------------------------------------------------------------------------

    def person_key(self, user_id: int) -> str:
        """The only name a person has on disk: HMAC-SHA256(secret, str(user_id)) in hex."""
        if isinstance(user_id, bool) or not isinstance(user_id, int):
            raise TypeError(f"user_id must be an int, not {type(user_id).__name__}")
        return hmac.digest(self._secret, str(user_id).encode("ascii"), "sha256").hex()

    def get_language(self, user_id: int) -> str | None:
        """The language this person chose, or None if they never chose (or were forgotten)."""
        key = self.person_key(user_id)
        db = self._shard(key)
        # Asked on every update: read the shard's cached data directly rather than through
        # TinyDB's query and Document layers (several times slower, same answer).
        with _lock(db), _storage_errors(_path(db)):
            data = db.storage.read() or {}
        doc = data.get(_PEOPLE, {}).get(key)
        return None if doc is None else str(doc["language"])

    def set_language(self, user_id: int, lang: str) -> None:
        """Remember this person's language; it is on disk when this returns."""
        if not isinstance(lang, str) or not lang:
            raise ValueError("lang must be a non-empty language code")
        key = self.person_key(user_id)
        db = self._shard(key)
        with _lock(db), _storage_errors(_path(db)):
            table = db.table(_PEOPLE)
            doc = table.get(doc_id=_doc_id(key))
            if doc is None:
                table.insert(Document({"language": lang}, doc_id=_doc_id(key)))
            elif doc["language"] != lang:
                table.update({"language": lang}, doc_ids=[_doc_id(key)])

    def forget(self, user_id: int) -> bool:
        """Delete everything kept about this person; True if there was anything."""
        key = self.person_key(user_id)
        db = self._shard(key)
        with _lock(db), _storage_errors(_path(db)):
            table = db.table(_PEOPLE)
            if table.get(doc_id=_doc_id(key)) is None:
                return False  # remove() would rewrite the file even for nothing
            table.remove(doc_ids=[_doc_id(key)])
            return True

    # -- counters (no person in them) ---------------------------------------------------------

    def count_view(self, snippet_id: str) -> None:
        """One more view of this snippet (buffered; see `flush`)."""
        self._check_open()
        with self._pending_lock:
            self._pending_views[snippet_id] = self._pending_views.get(snippet_id, 0) + 1

    def record_feedback(self, snippet_id: str, version: str, up: bool) -> None:
        """One 👍 (up) or 👎 for this version of this snippet."""
        field = "up" if up else "down"
        db = self._counters_db()
        with _lock(db), _storage_errors(_path(db)):
            _increment(
                db.table(_FEEDBACK),
                (where("snippet") == snippet_id) & (where("version") == version),
                {"snippet": snippet_id, "version": version, "up": int(up), "down": int(not up)},
                field,
            )

    def count_typed(self, matched: bool) -> None:
        """One more typed question, which matched an answer or not (buffered; see `flush`)."""
        self._check_open()
        with self._pending_lock:
            self._pending_typed["matched" if matched else "unmatched"] += 1

    def flush(self) -> None:
        """Write buffered view and typed-question counts in one durable write.

        Views and typed questions happen on nearly every update and nobody is told they were
        counted, so they are added up in memory instead of costing a whole-file rewrite and an
        fsync per update. The running bot calls this every FLUSH_SECONDS from a timer, off the
        event loop (``bot.telegram.app``), and `close` calls it, so a kill loses at most that
        many seconds of these counts; votes and language choices are never buffered.
        """
        with self._pending_lock:
            views, self._pending_views = self._pending_views, {}
            typed, self._pending_typed = self._pending_typed, {"matched": 0, "unmatched": 0}
        if not views and not any(typed.values()):
            return
        db = self._counters_db()
        with _lock(db), _storage_errors(_path(db)):
            table = db.table(_VIEWS)
            current = {doc["snippet"]: doc for doc in table.all()}
            for snippet_id, count in views.items():
                if snippet_id in current:
                    table.update(
                        {"count": current[snippet_id]["count"] + count},
                        doc_ids=[current[snippet_id].doc_id],
                    )
                else:
                    table.insert({"snippet": snippet_id, "count": count})
            if any(typed.values()):
                typed_table = db.table(_TYPED)
                doc = typed_table.get(where("kind") == "typed")
                if doc is None:
                    typed_table.insert({"kind": "typed", **typed})
                else:
                    typed_table.update({k: doc[k] + typed[k] for k in typed}, doc_ids=[doc.doc_id])

    def record_unmatched(self, text: str) -> None:
        """Keep a question nothing matched, with only today's UTC date (off unless
        keep_unmatched)."""
        if not self._keep_unmatched:
            return
        self._purge_unmatched()
        db = self._unmatched_db()
        with _lock(db), _storage_errors(_path(db)):
            table = db.table(_TEXTS)
            excess = len(table) - MAX_UNMATCHED + 1
            if excess > 0:
                # doc ids grow with insertion, so the smallest are the oldest
                oldest = sorted(doc.doc_id for doc in table.all())[:excess]
                table.remove(doc_ids=oldest)
            table.insert({"date": self._today().isoformat(), "text": text[:MAX_UNMATCHED_CHARS]})

    def stats(self) -> Stats:
        """Everything counted, for admins and the review sheet."""
        self._purge_unmatched()
        self.flush()
        db = self._counters_db()
        with _lock(db), _storage_errors(_path(db)):
            views = {doc["snippet"]: doc["count"] for doc in db.table(_VIEWS).all()}
            feedback: dict[str, dict[str, Votes]] = {}
            for doc in db.table(_FEEDBACK).all():
                feedback.setdefault(doc["snippet"], {})[doc["version"]] = Votes(
                    doc["up"], doc["down"]
                )
            typed_doc = db.table(_TYPED).get(where("kind") == "typed")
        typed = Typed(typed_doc["matched"], typed_doc["unmatched"]) if typed_doc else Typed()
        texts_db = self._unmatched_db()
        with _lock(texts_db), _storage_errors(_path(texts_db)):
            docs = sorted(texts_db.table(_TEXTS).all(), key=lambda doc: doc.doc_id)
        unmatched = tuple(Unmatched(doc["date"], doc["text"]) for doc in docs)
        return Stats(views, feedback, typed, unmatched)

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Drop the in-memory caches; every change is already on disk. Idempotent."""
        if self._closed:
            return
        self.flush()
        self._closed = True
        with self._shards_lock:
            shards, self._shards = list(self._shards.values()), {}
        for db in [*shards, self._counters, self._unmatched]:
            with _lock(db):
                db.close()
        self._release_folder()

    def _release_folder(self) -> None:
        if self._folder_lock is not None:
            self._folder_lock.release()
            self._folder_lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError(f"The store on {self._dir} was closed.")

    def _shard(self, key: str) -> TinyDB:
        self._check_open()
        name = key[:SHARD_CHARS]
        db = self._shards.get(name)
        if db is None:
            with self._shards_lock:
                db = self._shards.get(name)
                if db is None:
                    # Opening is lazy and cheap: the file is parsed on first use, then cached.
                    db = self._shards[name] = _open_people_db(self._people_dir / f"{name}.json")
        return db

    def _counters_db(self) -> TinyDB:
        self._check_open()
        return self._counters

    def _unmatched_db(self) -> TinyDB:
        self._check_open()
        return self._unmatched

    def _today(self) -> date:
        now = self._clock()
        if now.tzinfo is not None:
            now = now.astimezone(UTC)
        return now.date()

    def _purge_unmatched(self) -> None:
        cutoff = (self._today() - timedelta(days=UNMATCHED_KEEP_DAYS)).isoformat()
        db = self._unmatched_db()
        expired = where("date") < cutoff  # ISO dates sort as strings
        with _lock(db), _storage_errors(_path(db)):
            table = db.table(_TEXTS)
            if table.contains(expired):  # remove() would rewrite the file even for nothing
                table.remove(expired)


def read_stats(data_dir: Path, clock: Callable[[], datetime] = utc_now) -> Stats:
    """`Store.stats()` of a data folder that the live bot may be using, without touching it.

    Opening a `Store` clears temporary files and purges expired questions, which could race with
    the bot's own writes; and the bot's writes must not be slowed. So the counter files are
    copied (each is replaced atomically, so a copy is always whole) and the copy is opened.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise StorageError(f"The data folder {data_dir} does not exist.")
    with tempfile.TemporaryDirectory(prefix="bot-stats-") as tmp:
        for name in (_COUNTS_FILE, _UNMATCHED_FILE):
            if (data_dir / name).is_file():
                with _storage_errors(data_dir / name):
                    shutil.copyfile(data_dir / name, Path(tmp) / name)
        with Store(Path(tmp), clock=clock) as store:
            return store.stats()
