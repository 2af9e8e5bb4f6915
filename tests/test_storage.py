"""Tests of bot.storage: what the bot remembers, what it forgets, and what it never writes."""

from __future__ import annotations

import json
import logging
import os
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.storage import Stats, StorageError, Store, Typed, Unmatched, Votes

USER = 987_654_321_012  # distinctive, so a leak of the raw id into a file would show


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_language_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.get_language(USER) is None
        store.set_language(USER, "ar")
        assert store.get_language(USER) == "ar"
        store.set_language(USER, "fr")
        assert store.get_language(USER) == "fr"
        assert store.get_language(USER + 1) is None


def test_language_survives_reopening(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        for uid in range(200):
            store.set_language(uid, ("en", "ar", "fr")[uid % 3])
    with Store(tmp_path) as reopened:
        assert [reopened.get_language(uid) for uid in range(200)] == [
            ("en", "ar", "fr")[uid % 3] for uid in range(200)
        ]


def test_forget_removes_the_person_for_good(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.set_language(USER, "ar")
        store.set_language(USER + 1, "fr")
        assert store.forget(USER) is True
        assert store.get_language(USER) is None
        assert store.forget(USER) is False  # nothing left to forget
    with Store(tmp_path) as reopened:
        assert reopened.get_language(USER) is None
        assert reopened.get_language(USER + 1) == "fr"  # nobody else is touched


def test_forget_someone_never_seen_is_false(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.forget(USER) is False


def test_raw_user_id_never_written(tmp_path: Path) -> None:
    with Store(tmp_path, keep_unmatched=True) as store:
        store.set_language(USER, "ar")
        store.count_view("france-short-visit")
        store.record_feedback("france-short-visit", "v1", up=True)
        store.count_typed(matched=False)
        store.record_unmatched("where is the office")
        store.set_language(USER, "fr")
        store.forget(USER)
        store.set_language(USER, "en")
    raw = str(USER).encode()
    files = all_files(tmp_path)
    assert files, "the store wrote nothing at all"
    for path in files:
        assert raw not in path.read_bytes(), f"raw user id found in {path}"
        assert str(USER) not in str(path), f"raw user id in a file name: {path}"


def test_person_key_is_stable_keyed_and_not_the_id(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        key = store.person_key(USER)
        assert key == store.person_key(USER)
        assert len(key) == 64 and str(USER) not in key
        assert key != store.person_key(USER + 1)
    with Store(tmp_path) as reopened:
        assert reopened.person_key(USER) == key  # same secret after a restart
    with Store(tmp_path / "other") as elsewhere:
        assert elsewhere.person_key(USER) != key  # another secret, another key


def test_secret_and_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store(data, keep_unmatched=True) as store:
        store.set_language(USER, "ar")
        store.count_view("s")
        store.record_unmatched("x")
    secret = data / "secret.key"
    assert secret.stat().st_size == 32
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in all_files(data):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_damaged_secret_is_refused_not_replaced(tmp_path: Path) -> None:
    Store(tmp_path).close()
    (tmp_path / "secret.key").write_bytes(b"short")
    with pytest.raises(StorageError, match="secret"):
        Store(tmp_path)
    assert (tmp_path / "secret.key").read_bytes() == b"short"


def test_counters_and_feedback_aggregate(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        for _ in range(3):
            store.count_view("a")
        store.count_view("b")
        store.record_feedback("a", "v1", up=True)
        store.record_feedback("a", "v1", up=True)
        store.record_feedback("a", "v1", up=False)
        store.record_feedback("a", "v2", up=False)
        store.count_typed(matched=True)
        store.count_typed(matched=True)
        store.count_typed(matched=False)
    with Store(tmp_path) as reopened:
        stats = reopened.stats()
    assert stats.views == {"a": 3, "b": 1}
    assert stats.feedback == {"a": {"v1": Votes(up=2, down=1), "v2": Votes(up=0, down=1)}}
    assert stats.votes("a") == Votes(up=2, down=2) and stats.votes("b") == Votes()
    assert stats.all_votes() == Votes(up=2, down=2)
    assert stats.typed == Typed(matched=2, unmatched=1)
    assert stats.unmatched == ()


def test_empty_stats(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.stats() == Stats(views={}, feedback={}, typed=Typed(0, 0), unmatched=())


def test_counters_carry_no_person(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.set_language(USER, "ar")
        store.count_view("a")
        store.record_feedback("a", "v1", up=True)
        key = store.person_key(USER)
    assert key not in (tmp_path / "counters.json").read_text()


def test_unmatched_texts_not_kept_when_disabled(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.record_unmatched("my secret question")
        assert store.stats().unmatched == ()
    for path in all_files(tmp_path):
        assert b"my secret question" not in path.read_bytes()


def test_unmatched_texts_kept_with_only_a_date(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-3))))
    with Store(tmp_path, keep_unmatched=True, clock=clock) as store:
        store.set_language(USER, "ar")
        store.record_unmatched("is the office open on sunday")
        stats = store.stats()
    # 23:30 at UTC-3 is already 2 March in UTC
    assert stats.unmatched == (Unmatched("2026-03-02", "is the office open on sunday"),)
    stored = json.loads((tmp_path / "unmatched.json").read_text())
    (doc,) = stored["texts"].values()
    assert set(doc) == {"date", "text"}  # no person, no time of day


def test_unmatched_texts_purged_after_30_days(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 1, 1, 12, tzinfo=UTC))
    with Store(tmp_path, keep_unmatched=True, clock=clock) as store:
        store.record_unmatched("old question")
        clock.now += timedelta(days=10)
        store.record_unmatched("newer question")
        clock.now += timedelta(days=20)  # the first is exactly 30 days old: still kept
        assert [t.text for t in store.stats().unmatched] == ["old question", "newer question"]
        clock.now += timedelta(days=1)  # 31 days: gone on the next write
        store.record_unmatched("latest question")
        assert [t.text for t in store.stats().unmatched] == [
            "newer question",
            "latest question",
        ]
    assert b"old question" not in (tmp_path / "unmatched.json").read_bytes()


def test_unmatched_texts_purged_on_open_even_when_keeping_is_off(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    with Store(tmp_path, keep_unmatched=True, clock=clock) as store:
        store.record_unmatched("old question")
    clock.now += timedelta(days=40)
    Store(tmp_path, keep_unmatched=False, clock=clock).close()
    assert b"old question" not in (tmp_path / "unmatched.json").read_bytes()


def test_corrupt_shard_is_set_aside_and_store_still_works(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store(tmp_path) as store:
        store.set_language(USER, "ar")
    (shard,) = (tmp_path / "people").glob("*.json")
    garbage = b'{"people": {"1": {"person": "ab'  # a write cut short
    shard.write_bytes(garbage)

    with caplog.at_level(logging.WARNING), Store(tmp_path) as store:
        assert store.get_language(USER) is None  # that shard starts empty
        store.set_language(USER, "fr")
        assert store.get_language(USER) == "fr"

    (aside,) = (tmp_path / "people").glob(f"{shard.name}.corrupt-*")
    assert aside.read_bytes() == garbage  # kept, never deleted
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and shard.name in warnings[0].getMessage()
    with Store(tmp_path) as reopened:
        assert reopened.get_language(USER) == "fr"


def test_corrupt_counters_are_set_aside(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.count_view("a")
    (tmp_path / "counters.json").write_text("[1, 2, 3]")  # valid JSON, not a database
    with Store(tmp_path) as store:
        assert store.stats().views == {}
        store.count_view("a")
        assert store.stats().views == {"a": 1}
    assert len(list(tmp_path.glob("counters.json.corrupt-*"))) == 1


def test_leftover_temp_files_are_cleaned_on_open(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.set_language(USER, "ar")
    leftover = tmp_path / "people" / ".abc.json.x1y2.tmp"
    leftover.write_text('{"people": {"1"')  # what a killed writer leaves
    with Store(tmp_path) as store:
        assert store.get_language(USER) == "ar"
    assert not leftover.exists()


def test_unusable_data_folder_gives_a_clear_error(tmp_path: Path) -> None:
    # We run as root, where chmod does not stop writes; a folder under a file cannot exist.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    data_dir = blocker / "data"
    with pytest.raises(StorageError) as caught:
        Store(data_dir)
    message = str(caught.value)
    assert str(data_dir) in message
    assert "cannot be created, read or written" in message


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StorageError, match="closed"):
        store.set_language(USER, "ar")


def test_threads_do_not_lose_writes(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with Store(tmp_path) as store:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda uid: store.set_language(uid, "fr"), range(300)))
            list(pool.map(lambda _: store.count_view("a"), range(100)))
        assert store.stats().views == {"a": 100}
    with Store(tmp_path) as reopened:
        assert all(reopened.get_language(uid) == "fr" for uid in range(300))


def test_views_are_buffered_then_written_on_flush_and_close(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    store.count_view("a")
    store.count_typed(matched=False)
    assert Store(tmp_path / "other").stats().views == {}
    counters = (
        (tmp_path / "data" / "counters.json").read_text()
        if (tmp_path / "data" / "counters.json").exists()
        else ""
    )
    assert '"a"' not in counters, "a view must not cost a disk write per update"
    assert store.stats().views == {"a": 1}, "stats include what is buffered"
    store.count_view("a")
    store.close()
    reopened = Store(tmp_path / "data")
    assert reopened.stats().views == {"a": 2}
    assert reopened.stats().typed == Typed(matched=0, unmatched=1)


def test_one_store_per_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store(data) as store:
        store.set_language(USER, "ar")
        with pytest.raises(StorageError) as caught:
            Store(data)
        message = str(caught.value)
        assert message.count(". ") == 0 and message.endswith(".")  # one sentence
        assert str(data) in message and f"pid {os.getpid()}" in message
        assert store.get_language(USER) == "ar", "the holder is unharmed"
        with Store(tmp_path / "other") as elsewhere:  # another folder is another matter
            elsewhere.set_language(USER, "fr")
    with Store(data) as reopened:  # closing lets go
        assert reopened.get_language(USER) == "ar"
