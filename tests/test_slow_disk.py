"""Taps are answered before anything is written, and a slow disk stalls nobody else.

The storage is made slow on purpose (each durable write takes WRITE_SECONDS, blocking, as a busy
disk's fsync does). While one person's language choice is being written, another person's
/start is answered; the tap itself is answered before the write starts, and the chat confirms the
choice only once it is on disk.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import pytest

from bot import atomic_storage
from harness import Harness

WRITE_SECONDS = 0.6


class SlowDisk:
    """Wraps the storage's durable write; records when each one starts and ends, as the number
    of Bot API calls the fake had seen by then."""

    def __init__(self, harness: Harness, real: object) -> None:
        self.harness, self.real = harness, real
        self.started: list[int] = []
        self.finished: list[int] = []
        self.began = threading.Event()

    def __call__(self, path: Path, payload: bytes) -> None:
        self.started.append(len(self.harness.fake.calls))
        self.began.set()
        time.sleep(WRITE_SECONDS)
        self.real(path, payload)  # type: ignore[operator]
        self.finished.append(len(self.harness.fake.calls))


def call_index(bot: Harness, method: str, start: int = 0) -> int:
    for index, call in enumerate(bot.fake.calls[start:], start):
        if call.method == method:
            return index
    raise AssertionError(f"no {method} after call {start}")


async def wait_for(event: threading.Event) -> None:
    for _ in range(500):
        if event.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the write never started")


async def test_a_slow_write_neither_delays_the_tap_nor_other_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with Harness(tmp_path / "data") as bot:
        amal, omar = bot.fake.user(8880001, "Amal", "en"), bot.fake.user(8880002, "Omar", "fr")
        menu = await bot.say(amal, "/start")
        assert menu is not None
        disk = SlowDisk(bot, atomic_storage.write_file_atomically)
        monkeypatch.setattr(atomic_storage, "write_file_atomically", disk)
        before = len(bot.fake.calls)
        tap = asyncio.create_task(bot.deliver(bot.fake.press_button(amal, "🌐 العربية")))
        await wait_for(disk.began)
        # The tap was answered before the write began.
        assert call_index(bot, "answerCallbackQuery", before) < disk.started[0]
        # Someone else is served while the write is still going on.
        other = await bot.say(omar, "/start")
        assert other is not None and other.text == bot.conversation.content.library.ui["fr"].welcome
        assert not disk.finished, "Omar was answered while Amal's choice was being written"
        await tap
        # The chat confirms the choice only once it is on disk.
        confirmed = call_index(bot, "editMessageText", before)
        assert confirmed >= disk.finished[0]
        shown = bot.fake.last_message(amal["id"])
        assert shown is not None and shown.text.startswith(
            bot.conversation.content.library.ui["ar"].language_set
        )
        on_disk = [json.loads(p.read_text()) for p in (tmp_path / "data" / "people").glob("*.json")]
        assert [doc["language"] for shard in on_disk for doc in shard["people"].values()] == ["ar"]
        assert bot.fake.spec_errors == []


async def test_an_idle_bot_writes_its_counts_on_a_timer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The timer's period, shortened so the test need not idle for a minute.
    monkeypatch.setattr("bot.telegram.app.FLUSH_SECONDS", 0.2)
    async with Harness(tmp_path / "data") as bot:
        jobs = [job.name for job in bot.app.job_queue.jobs()]
        assert jobs == ["flush counters"]
        snippet = next(iter(bot.conversation.content.library.snippets))
        await bot.app.start()  # starts the job queue (updates still come through deliver())
        try:
            await bot.say(bot.fake.user(8880003, "Sara", "en"), f"/start {snippet}")
            counters = tmp_path / "data" / "counters.json"
            for _ in range(100):  # idle: no update arrives to trigger anything
                await asyncio.sleep(0.05)
                if counters.exists() and snippet in counters.read_text():
                    break
            # What a SIGKILL now would leave on disk: the view is there.
            views = json.loads(counters.read_text())["views"]
            assert [v["count"] for v in views.values() if v["snippet"] == snippet] == [1]
        finally:
            await bot.app.stop()
