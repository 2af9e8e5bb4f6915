"""Drives the real python-telegram-bot Application, as `python -m bot run` builds it, through
the fake Bot API in process: each pushed update is processed to completion before the test
looks at what the person now sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update

from bot import clock
from bot.language import load_languages
from bot.settings import Settings
from bot.telegram.app import _post_init, _post_shutdown, create, open_conversation
from fakebot import FakeMessage, FakeRequest, FakeTelegram

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 1)
"""The day every test runs on (tests/conftest.py sets the bot's clock to it; a test that needs
another day calls ``bot.clock.set_today``). It must lie between the shipped content's newest
`reviewed_on` and its earliest `review_due`; move it when the content is reviewed again."""


_SHIPPED, _ = load_languages(ROOT / "content")
assert _SHIPPED is not None, "content/languages.yaml cannot be read"
LANGUAGES: tuple[str, ...] = _SHIPPED.codes
"""The shipped content's languages (content/languages.yaml), in menu order."""


class Harness:
    def __init__(
        self,
        data_dir: Path,
        *,
        admin_ids: str = "",
        keep_unmatched: bool = False,
        content_dir: Path = ROOT / "content",
        seeds_dir: Path = ROOT / "seeds",
        fake: FakeTelegram | None = None,
    ) -> None:
        if clock.fixed_day() is None:  # never the real date: results would change with it
            raise RuntimeError("set the bot's clock first (bot.clock.set_today; conftest does)")
        self.fake = fake or FakeTelegram()
        self.settings = Settings(
            TELEGRAM_BOT_TOKEN=self.fake.token,
            BOT_DATA_DIR=str(data_dir),
            BOT_CONTENT_DIR=str(content_dir),
            BOT_SEEDS_DIR=str(seeds_dir),
            BOT_ADMIN_IDS=admin_ids,
            BOT_KEEP_UNMATCHED=keep_unmatched,
            _env_file=None,
        )  # type: ignore[call-arg]
        self.conversation = open_conversation(self.settings)
        self.app = create(self.settings, self.conversation, request=FakeRequest(self.fake))

    async def __aenter__(self) -> Harness:
        await self.app.initialize()
        await _post_init(self.app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.app.shutdown()
        await _post_shutdown(self.app)

    async def deliver(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def say(self, user: dict[str, Any], text: str, **where: Any) -> FakeMessage | None:
        await self.deliver(self.fake.push_message(user, text, **where))
        return self.fake.last_message(where.get("chat_id") or user["id"])

    async def press(
        self, user: dict[str, Any], label: str, message_id: int | None = None
    ) -> FakeMessage | None:
        await self.deliver(self.fake.press_button(user, label, message_id))
        return self.fake.last_message(user["id"])

    def labels(self, message: FakeMessage | None) -> list[str]:
        assert message is not None, "the bot sent nothing"
        return [b.text for row in message.buttons for b in row]


@dataclass(frozen=True)
class Ran:
    """What one command printed and the exit code it ended with."""

    code: int
    out: str
    err: str


Cli = Callable[..., Ran]
"""The `cli` fixture (tests/conftest.py): `cli("check", "--strict", cwd=folder, BOT_X="...")`."""
