"""No message arrives twice. When Telegram carried out a call but its answer was lost (the bot
times out waiting), repeating a send would deliver it twice; calls that are safe to repeat
(answering a tap or an inline query, edits, reads) are repeated, and so is any call whose
connection was refused before it was sent. Faults are injected on the fake Bot API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakebot import FakeTelegram
from harness import Harness


@pytest.fixture
async def bot(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> AsyncIterator[Harness]:
    caplog.set_level(logging.INFO)
    async with Harness(tmp_path / "data", fake=FakeTelegram()) as harness:
        harness.app.bot.rate_limiter.backoff = 0.01  # the back-off is not under test here
        yield harness
        assert harness.fake.spec_errors == []


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def texts(bot: Harness, chat_id: int) -> list[str]:
    return [m.text for m in bot.fake.messages(chat_id)]


async def test_a_sent_message_whose_answer_was_lost_arrives_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(6660001, "Amal", "en")
    bot.fake.lose_response_next("sendMessage")
    await bot.deliver(bot.fake.push_message(user, "/start"))
    assert bot.fake.lost_responses == ["sendMessage"]
    assert texts(bot, user["id"]) == [bot.conversation.content.library.ui["en"].welcome]
    assert len(bot.fake.calls_to("sendMessage")) == 1, "not sent a second time"
    assert errors_logged(caplog) == [], "a lost answer is a warning, not an error"
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "sendMessage" in warned[0] and "6660001" not in warned[0]
    # The next message goes out normally.
    menu = await bot.say(user, "/menu")
    assert menu is not None and len(texts(bot, user["id"])) == 2


async def test_a_refused_connection_is_retried_and_arrives_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(6660002, "Omar", "ar")
    bot.fake.refuse_next("sendMessage", times=2)
    menu = await bot.say(user, "/start")
    assert bot.fake.refused == ["sendMessage", "sendMessage"]
    assert menu is not None and menu.text == bot.conversation.content.library.ui["ar"].welcome
    assert len(texts(bot, user["id"])) == 1
    assert errors_logged(caplog) == []


async def test_a_tap_whose_answer_was_lost_is_answered_once_and_shows_its_screen(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(6660003, "Sara", "fr")
    menu = await bot.say(user, "/start")
    assert menu is not None
    welcome = menu.text
    bot.fake.lose_response_next("answerCallbackQuery")
    topic = await bot.press(user, bot.labels(menu)[0])
    assert bot.fake.lost_responses == ["answerCallbackQuery"]
    assert len(bot.fake.callback_answers) == 1
    assert topic is not None and topic.message_id == menu.message_id and topic.text != welcome
    assert len(texts(bot, user["id"])) == 1
    assert errors_logged(caplog) == []


async def test_an_edit_whose_answer_was_lost_changes_the_menu_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(6660004, "Ali", "en")
    menu = await bot.say(user, "/start")
    assert menu is not None
    bot.fake.lose_response_next("editMessageText")
    topic = await bot.press(user, "🇫🇷 France")
    assert bot.fake.lost_responses == ["editMessageText"]
    assert topic is not None and topic.message_id == menu.message_id and "France" in topic.text
    assert len(texts(bot, user["id"])) == 1, "no new message"
    assert errors_logged(caplog) == []


async def test_a_tap_on_a_gone_message_sends_its_screen_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(6660005, "Huda", "en")
    await bot.say(user, "/start")
    bot.fake.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
    bot.fake.lose_response_next("sendMessage")
    await bot.press(user, "🇫🇷 France")
    assert bot.fake.lost_responses == ["sendMessage"]
    shown = texts(bot, user["id"])
    assert len(shown) == 2 and "France" in shown[1], "the welcome, then the topic once"
    assert errors_logged(caplog) == []


async def test_a_tap_on_a_card_shared_inline_sends_its_screen_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(6660006, "Amal", "en")
    await bot.say(user, "/start")
    snippet = next(iter(bot.conversation.content.library.snippets))
    update = bot.fake.push_callback(user, 1, f"s:{snippet}")
    query = update["callback_query"]
    del query["message"]  # a message sent inline: Telegram gives only its inline id
    query["inline_message_id"] = "AgAAAINLINE"
    bot.fake.lose_response_next("sendMessage")
    await bot.deliver(update)
    shown = texts(bot, user["id"])
    assert len(shown) == 2, "the welcome, then the card once"
    assert bot.conversation.content.library.snippets[snippet].question.get("en") in shown[1]
    assert errors_logged(caplog) == []


async def test_an_inline_answer_whose_reply_was_lost_is_given_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user(6660007, "Omar", "en")
    bot.fake.lose_response_next("answerInlineQuery")
    await bot.deliver(bot.fake.push_inline_query(user, "Denmark return centres"))
    assert bot.fake.lost_responses == ["answerInlineQuery"]
    assert len(bot.fake.inline_answers) == 1
    results = next(iter(bot.fake.inline_answers.values()))["results"]
    assert results, "the answers the person sees"
    assert errors_logged(caplog) == []
