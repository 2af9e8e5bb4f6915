"""One clock: what people see and what the checker fails on follow the bot's clock, never the
day the suite happens to run (tests/conftest.py sets the clock to harness.TODAY)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import clock
from harness import ROOT, TODAY, Cli, Harness

OVERDUE_NOTE = "was due for review"


def earliest_due(bot: Harness) -> dt.date:
    return min(s.review.review_due for s in bot.conversation.content.library.snippets.values())


async def test_cards_and_stats_follow_the_clock(tmp_path: Path) -> None:
    async with Harness(tmp_path / "data", admin_ids="42") as bot:
        library = bot.conversation.content.library
        snippet = min(library.snippets.values(), key=lambda s: s.review.review_due)
        person, admin = bot.fake.user(7000001, "Amal", "en"), bot.fake.user(42, "Admin", "en")
        card = await bot.say(person, f"/start {snippet.id}")
        assert card is not None and OVERDUE_NOTE not in card.text
        stats = await bot.say(admin, "/stats")
        assert stats is not None and "Reviews overdue</b>: none" in stats.html

        clock.set_today(snippet.review.review_due + dt.timedelta(days=1))
        card = await bot.say(person, f"/start {snippet.id}")
        assert card is not None and OVERDUE_NOTE in card.text
        stats = await bot.say(admin, "/stats")
        assert stats is not None and snippet.id in stats.html.split("Reviews overdue")[1]
        assert bot.fake.spec_errors == []


async def test_check_reads_bot_today(tmp_path: Path, cli: Cli) -> None:
    async with Harness(tmp_path / "data") as bot:
        due = earliest_due(bot)
    assert cli("check", "--strict", BOT_TODAY=TODAY.isoformat()).code == 0
    late = cli("check", "--strict", BOT_TODAY=(due + dt.timedelta(days=1)).isoformat())
    assert late.code == 1 and f"the review was due on {due}" in late.out


def test_harness_never_uses_the_real_date(tmp_path: Path) -> None:
    clock.set_today(None)
    with pytest.raises(RuntimeError, match="clock"):
        Harness(tmp_path / "data")


FAKETIME = shutil.which("faketime")
# Files whose results depend on dates: cards, the checker, the review sheet, the CLI.
# The whole suite takes minutes; README says how to run all of it under faketime.
DATED = ["tests/test_bot_flows.py", "tests/test_content.py"]


@pytest.mark.skipif(FAKETIME is None, reason="libfaketime is not installed (.ci/run installs it)")
@pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""),
    reason="the suite itself runs under faketime already",
)
@pytest.mark.parametrize("system_day", ["2026-01-02", "2030-12-31"])
def test_the_suite_passes_whatever_the_system_date(system_day: str) -> None:
    assert FAKETIME is not None
    env = {k: v for k, v in os.environ.items() if k != "BOT_TODAY"}
    probe = subprocess.run(
        [
            FAKETIME,
            system_day,
            sys.executable,
            "-c",
            "import datetime; print(datetime.date.today())",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert probe.stdout.strip() == system_day, "libfaketime does not take effect here"
    run = subprocess.run(
        [
            FAKETIME,
            system_day,
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            *DATED,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:]
