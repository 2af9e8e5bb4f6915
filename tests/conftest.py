"""Test set-up: the fake Bot API package lives in tests/, next to these tests; every test runs on
one fixed day (TODAY), so no result depends on the date the suite happens to run."""

import logging
import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bot import clock, logs  # noqa: E402
from bot.cli import main  # noqa: E402
from bot.content.library import load_library  # noqa: E402
from bot.search import SearchIndex  # noqa: E402
from harness import ROOT, TODAY, Cli, Harness, Ran  # noqa: E402

# Set on import, before collection and module-scoped fixtures (which load content too): the bot's
# clock here, and BOT_TODAY for every `python -m bot` (or benchmark) a test starts.
clock.set_today(TODAY)
os.environ["BOT_TODAY"] = TODAY.isoformat()


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[None]:
    """Every test starts on TODAY, whatever the test before it set the clock to."""
    clock.set_today(TODAY)
    yield
    clock.set_today(TODAY)


@pytest.fixture(scope="session")
def shipped_index() -> SearchIndex:
    """The typed-question index of the shipped content and seeds, built once for the suite."""
    result = load_library(ROOT / "content", ROOT / "seeds")
    assert result.library is not None
    return SearchIndex.from_library(result.library)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Harness]:
    """The bot as `python -m bot run` builds it, through the fake Bot API; every call it made
    must have matched the Bot API description. Test files that need another set-up override it."""
    async with Harness(tmp_path / "data") as harness:
        yield harness
        assert harness.fake.spec_errors == []


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """`python -m bot ARGS` run in this process: `main(argv)` from the folder `cwd`, with no
    BOT_ or TELEGRAM_ setting but the suite's BOT_TODAY and those given. Spawning a Python per
    command would cost most of a second each; one subprocess test per command keeps the real
    entry point honest. `run` routes logging through its own handler: it is put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = {name: logging.getLogger(name).level for name in logs.QUIET}

    def run(*argv: str, cwd: Path = ROOT, **env: str) -> Ran:
        for name in list(os.environ):
            if name.startswith(("BOT_", "TELEGRAM_")) and name != "BOT_TODAY":
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse, and settings that are refused, exit this way
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    yield run
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)
