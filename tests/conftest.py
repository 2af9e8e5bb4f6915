"""Test set-up: the fake Bot API package lives in tests/, next to these tests; every test runs on
one fixed day (TODAY), so no result depends on the date the suite happens to run."""

import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bot import clock  # noqa: E402
from harness import TODAY, Harness  # noqa: E402

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


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Harness]:
    """The bot as `python -m bot run` builds it, through the fake Bot API; every call it made
    must have matched the Bot API description. Test files that need another set-up override it."""
    async with Harness(tmp_path / "data") as harness:
        yield harness
        assert harness.fake.spec_errors == []
