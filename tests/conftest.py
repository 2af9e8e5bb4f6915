"""Test set-up: the fake Bot API package lives in tests/, next to these tests; every test runs on
one fixed day (TODAY), so no result depends on the date the suite happens to run."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bot import clock  # noqa: E402
from harness import TODAY  # noqa: E402


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The bot's clock, in this process and in every `python -m bot` a test starts, reads TODAY."""
    monkeypatch.setenv("BOT_TODAY", TODAY.isoformat())
    clock.set_today(TODAY)
    yield
    clock.set_today(None)
