"""Telegram misbehaving: flood control, passing 5xx errors, timeouts, persistent outages,
edits and taps Telegram refuses, and people who blocked the bot. Each fault is injected on the
fake Bot API; the person must still get their answer where that is possible, the bot must never
crash, and the next person must be served.

Every injection is counted; the total is printed at the end of the module (pytest -s shows it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from fakebot import NOT_MODIFIED, QUERY_TOO_OLD, FakeTelegram
from harness import Harness

FAULTS_INJECTED: list[str] = []


class CountingFake(FakeTelegram):
    """The fake, counting every fault a test injects."""

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        FAULTS_INJECTED.extend([f"{method} {error_code}"] * times)
        super().fail_next(method, error_code, description, retry_after, times)

    def timeout_next(self, method: str, times: int = 1) -> None:
        FAULTS_INJECTED.extend([f"{method} timeout"] * times)
        super().timeout_next(method, times)

    def block(self, chat_id: int) -> None:
        FAULTS_INJECTED.append("blocked")
        super().block(chat_id)


@pytest.fixture(scope="module", autouse=True)
def report_faults() -> Iterator[None]:
    yield
    print(f"\nfaults injected in test_faults.py: {len(FAULTS_INJECTED)}")


@pytest.fixture
async def bot(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> AsyncIterator[Harness]:
    caplog.set_level(logging.INFO)
    async with Harness(tmp_path / "data", fake=CountingFake()) as harness:
        # The retry back-off is not under test here, only that retries happen; keep it short.
        harness.app.bot.rate_limiter.backoff = 0.05
        harness.errors = []  # type: ignore[attr-defined]

        async def record(update: object, context) -> None:  # noqa: ANN001 - PTB's context
            harness.errors.append(context.error)  # type: ignore[attr-defined]

        harness.app.add_error_handler(record)
        yield harness
        assert harness.fake.spec_errors == []


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def sent_to(bot: Harness, chat_id: int) -> list[str]:
    return [m.text for m in bot.fake.messages(chat_id)]


async def test_flood_control_is_waited_out(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    user = bot.fake.user(5550001, "Amal", "en")
    bot.fake.fail_next("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    menu = await bot.say(user, "/start")
    took = time.monotonic() - started
    assert menu is not None and menu.text == bot.conversation.content.library.ui["en"].welcome
    assert took >= 0.95, f"Telegram said wait 1 s; the bot retried after {took:.2f} s"
    assert len(bot.fake.calls_to("sendMessage")) == 2
    assert bot.errors == [] and errors_logged(caplog) == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", [502, 500])
async def test_passing_server_errors_are_retried(
    bot: Harness, code: int, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(5550002, "Omar", "ar")
    bot.fake.fail_next("sendMessage", code, times=2)
    menu = await bot.say(user, "/start")
    assert menu is not None and menu.text == bot.conversation.content.library.ui["ar"].welcome
    assert len(sent_to(bot, user["id"])) == 1, "the message arrives once"
    assert bot.errors == [] and errors_logged(caplog) == []  # type: ignore[attr-defined]


async def test_a_timed_out_edit_is_retried(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    user = bot.fake.user(5550003, "Sara", "fr")
    menu = await bot.say(user, "/start")
    bot.fake.timeout_next("editMessageText")
    topic = await bot.press(user, "🇫🇷 France")
    assert bot.fake.timed_out == ["editMessageText"]
    assert topic is not None and topic.message_id == menu.message_id and "France" in topic.text
    assert bot.errors == [] and errors_logged(caplog) == []  # type: ignore[attr-defined]


async def test_a_timed_out_send_is_not_repeated(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    # The bot cannot tell a send lost on the way from one whose answer was lost on the way back,
    # so it never repeats it (tests/test_no_duplicates.py): this one is lost, with one warning.
    user, next_one = bot.fake.user(5550011, "Sara", "fr"), bot.fake.user(5550012, "Ali", "en")
    bot.fake.timeout_next("sendMessage")
    await bot.deliver(bot.fake.push_message(user, "/start"))
    assert bot.fake.timed_out == ["sendMessage"] and sent_to(bot, user["id"]) == []
    assert errors_logged(caplog) == []
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    menu = await bot.say(next_one, "/menu")
    assert menu is not None and menu.text == bot.conversation.content.library.ui["en"].menu_title


async def test_a_persistent_outage_is_logged_once_and_the_bot_goes_on(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    unlucky, next_one = bot.fake.user(5550004, "Ali", "en"), bot.fake.user(5550005, "Huda", "en")
    attempts = 1 + bot.app.bot.rate_limiter.network_retries
    bot.fake.fail_next("sendMessage", 500, times=attempts)
    await bot.deliver(bot.fake.push_message(unlucky, "/start"))  # must not raise
    assert sent_to(bot, unlucky["id"]) == []
    assert len(bot.fake.calls_to("sendMessage")) == attempts, "retries are bounded"
    logged = errors_logged(caplog)
    assert len(logged) == 1 and "NetworkError" in logged[0], logged
    assert "\n" not in logged[0] and "5550004" not in logged[0]
    menu = await bot.say(next_one, "/menu")
    assert menu is not None and menu.text == bot.conversation.content.library.ui["en"].menu_title
    assert len(errors_logged(caplog)) == 1


async def test_an_unchanged_edit_is_quiet(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    user = bot.fake.user(5550006, "Amal", "en")
    welcome = (await bot.say(user, "/start")).text
    bot.fake.fail_next("editMessageText", 400, f"Bad Request: {NOT_MODIFIED}")
    await bot.press(user, "🇫🇷 France")
    assert bot.fake.last_message(user["id"]).text == welcome
    assert len(sent_to(bot, user["id"])) == 1, "no second message"
    assert bot.errors == [] and errors_logged(caplog) == []  # type: ignore[attr-defined]
    assert len(bot.fake.callback_answers) == 1, "the tap is still answered"


async def test_an_edit_of_a_gone_message_sends_a_new_one(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(5550007, "Omar", "en")
    menu = await bot.say(user, "/start")
    bot.fake.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
    topic = await bot.press(user, "🇫🇷 France")
    assert topic.message_id != menu.message_id, "a new message"
    assert "France" in topic.text and bot.labels(topic)[-1] == "☰ Main menu"
    assert bot.errors == [] and errors_logged(caplog) == []  # type: ignore[attr-defined]


async def test_a_tap_too_old_to_answer_still_shows_its_screen(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(5550008, "Sara", "en")
    menu = await bot.say(user, "/start")
    welcome = menu.text
    bot.fake.fail_next("answerCallbackQuery", 400, f"Bad Request: {QUERY_TOO_OLD}")
    topic = await bot.press(user, "🇫🇷 France")
    assert topic.message_id == menu.message_id and topic.text != welcome, "the edit happened"
    assert "France" in topic.text
    assert bot.errors == [] and errors_logged(caplog) == []  # type: ignore[attr-defined]


async def test_a_person_who_blocked_the_bot(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    gone, next_one = bot.fake.user(5550009, "Ali", "en"), bot.fake.user(5550010, "Huda", "fr")
    await bot.say(gone, "/start")
    bot.fake.block(gone["id"])
    await bot.deliver(bot.fake.push_message(gone, "/menu"))  # must not raise
    await bot.deliver(bot.fake.push_message(gone, "return centres in Denmark"))
    assert len(sent_to(bot, gone["id"])) == 1
    assert errors_logged(caplog) == []
    assert not any(r.levelno >= logging.WARNING for r in caplog.records), "quiet"
    assert len(bot.fake.calls_to("sendMessage")) == 3, "no retries of a refusal"
    menu = await bot.say(next_one, "/menu")
    assert menu is not None and menu.text == bot.conversation.content.library.ui["fr"].menu_title
