"""Crash tests of bot.storage: SIGKILL a real writer at random moments, then check nothing
confirmed was lost and every database still opens.

The seed is printed (pytest shows it when a test fails); set STORAGE_CRASH_SEED to reuse it.
Kill timing still depends on the machine, so a replay is close, not identical.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.storage import Store, Votes

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "ar", "fr")
SNIPPET = "france-short-visit"
LANGUAGE_KILLS = 40
COUNTER_KILLS = 20

CHILD = """
import sys
from pathlib import Path
from bot.storage import Store

folder, start, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
langs = ("en", "ar", "fr")
store = Store(folder)
i = start
while True:
    if mode == "language":
        store.set_language(i, langs[i % 3])
    else:
        store.record_feedback("france-short-visit", "v1", up=True)
        store.count_view("france-short-visit")
        store.flush()  # views are buffered; a flushed count is a confirmed one
    sys.stdout.write(f"ok {i}\\n")
    sys.stdout.flush()
    i += 1
"""


@pytest.fixture
def rng() -> random.Random:
    seed = int(os.environ.get("STORAGE_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    print(f"crash test seed: {seed} (STORAGE_CRASH_SEED={seed} to reuse)")
    return random.Random(seed)


def run_and_kill(folder: Path, start: int, mode: str, rng: random.Random, log: Path) -> list[int]:
    """Start a writer, let it confirm a random number of writes, SIGKILL it at a random moment;
    return every i it confirmed."""
    with log.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), str(start), mode],
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            text=True,
        )
        assert child.stdout is not None
        confirmed: list[int] = []
        try:
            # Sometimes kill during start-up (secret creation, first open), mostly mid-writes.
            for _ in range(rng.choice([0, 1, 2, 5, 10, 20, 30])):
                line = child.stdout.readline()
                if not line:
                    break  # the child died on its own; checked below
                confirmed.append(int(line.split()[1]))
            time.sleep(rng.uniform(0, 0.004))
        finally:
            child.send_signal(signal.SIGKILL)
            rest = child.stdout.read()
            child.wait()
            child.stdout.close()
    # Lines written and flushed before the kill are confirmed too; a cut line is not.
    confirmed += [
        int(line.split()[1]) for line in rest.splitlines(keepends=True) if line.endswith("\n")
    ]
    assert child.returncode == -signal.SIGKILL, (
        f"the writer died by itself (exit {child.returncode}):\n{log.read_text()}"
    )
    return confirmed


def assert_nothing_set_aside(folder: Path) -> None:
    corrupt = [p.name for p in folder.rglob("*.corrupt-*")]
    assert corrupt == [], f"a kill left a file that does not parse: {corrupt}"


def test_language_survives_sigkill(tmp_path: Path, rng: random.Random) -> None:
    folder = tmp_path / "data"
    confirmed: list[int] = []
    started = time.monotonic()
    for round_ in range(LANGUAGE_KILLS):
        confirmed += run_and_kill(folder, round_ * 100_000, "language", rng, tmp_path / "child.err")
        # Everything confirmed in every round so far, not just this one.
        with Store(folder) as store:
            lost = [i for i in confirmed if store.get_language(i) != LANGS[i % 3]]
        assert lost == [], f"round {round_}: confirmed writes lost: {lost[:10]}"
        assert_nothing_set_aside(folder)
    print(
        f"{LANGUAGE_KILLS} kills, {len(confirmed)} confirmed writes, "
        f"{time.monotonic() - started:.1f}s"
    )
    assert len(confirmed) > LANGUAGE_KILLS  # the kills did land among writes
    leftovers = [p.name for p in folder.rglob("*.tmp")]
    assert leftovers == [], f"temporary files survived a reopen: {leftovers}"


def test_counters_survive_sigkill(tmp_path: Path, rng: random.Random) -> None:
    folder = tmp_path / "data"
    confirmed = 0
    for round_ in range(COUNTER_KILLS):
        confirmed += len(run_and_kill(folder, 0, "counters", rng, tmp_path / "child.err"))
        with Store(folder) as store:
            stats = store.stats()
        views = stats.views.get(SNIPPET, 0)
        ups = stats.feedback.get(SNIPPET, {}).get("v1", Votes()).up
        # At most one unconfirmed increment of each per killed writer, never one lost.
        assert confirmed <= views <= confirmed + round_ + 1, (round_, confirmed, views)
        assert confirmed <= ups <= confirmed + round_ + 1, (round_, confirmed, ups)
        assert_nothing_set_aside(folder)
    assert confirmed > COUNTER_KILLS
