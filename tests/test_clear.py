"""/clear, through the fake Bot API: what is deleted from the person's phone, what is said about
the rest, the summary that deletes itself, Telegram's refusals, groups, and what is remembered."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from fakebot import DELETE_WINDOW, FakeTelegram
from harness import Harness

LANGS = ["en", "ar", "fr"]
SUMMARY_JOB = "clear summary"


def jobs(bot: Harness) -> list:
    assert bot.app.job_queue is not None
    return list(bot.app.job_queue.get_jobs_by_name(SUMMARY_JOB))


async def chat_a_little(bot: Harness, user: dict) -> None:
    library = bot.conversation.content.library
    await bot.say(user, "/start")
    france = library.topic("france")
    await bot.press(user, f"{france.emoji} {france.title.get(user['language_code'])}")
    await bot.say(user, "can I visit syria")


@pytest.mark.parametrize("lang", LANGS)
async def test_privacy_button_clears_the_chat_and_the_summary_deletes_itself(
    bot: Harness, lang: str
) -> None:
    user = bot.fake.user(1001, "Amal", lang)
    ui = bot.conversation.content.library.ui[lang]
    await chat_a_little(bot, user)
    privacy = await bot.say(user, "/privacy")
    assert "48" in privacy.text and "1" in privacy.text
    prompt = await bot.press(user, "🧹 " + ui.clear_button)
    assert prompt.text == ui.clear_confirm and prompt.message_id == privacy.message_id
    before = bot.fake.history(user["id"])
    assert len(before) == 6  # /start, menu (edited), question, answer, /privacy, its reply

    summary = await bot.press(user, ui.clear_yes)
    left = bot.fake.history(user["id"])
    assert left == [summary], "everything but the summary is gone from the phone"
    assert ui.clear_done.format(count=6) in summary.text
    assert ui.clear_failed.format(count=0) not in summary.text
    assert ui.clear_rest.splitlines()[0] in summary.text
    assert bot.labels(summary) == [ui.clear_keep]
    deletes = bot.fake.calls_to("deleteMessages")
    assert [sorted(c["message_ids"]) for c in deletes] == [sorted(m.message_id for m in before)]

    [job] = jobs(bot)
    assert job.job.trigger.run_date - dt.datetime.now(dt.UTC) > dt.timedelta(seconds=50)
    await job.run(bot.app)
    assert bot.fake.history(user["id"]) == [], "the summary deleted itself"
    assert len(bot.app.bot_data.recent) == 0


@pytest.mark.parametrize("lang", LANGS)
async def test_keep_stops_the_summary_from_deleting_itself(bot: Harness, lang: str) -> None:
    user = bot.fake.user(1002, "Omar", lang)
    ui = bot.conversation.content.library.ui[lang]
    await bot.say(user, "/start")
    prompt = await bot.say(user, "/clear")
    assert prompt.text == ui.clear_confirm
    summary = await bot.press(user, ui.clear_yes)
    assert ui.clear_done.format(count=4) in summary.text
    kept = await bot.press(user, ui.clear_keep)
    assert kept.message_id == summary.message_id and kept.buttons == []
    assert bot.fake.callback_answers[list(bot.fake.callback_answers)[-1]]["text"] == ui.clear_kept
    assert jobs(bot) == [] or all(j.removed for j in jobs(bot))
    assert bot.fake.history(user["id"]) == [kept]
    await bot.deliver(bot.fake.push_callback(user, kept.message_id, "k"))  # kept already
    answers = list(bot.fake.callback_answers.values())
    assert answers[-1]["text"] == ui.stale_button


async def test_no_deletes_nothing(bot: Harness) -> None:
    user = bot.fake.user(1003, "Sara", "en")
    ui = bot.conversation.content.library.ui["en"]
    await bot.say(user, "/start")
    await bot.say(user, "/clear")
    menu = await bot.press(user, ui.clear_no)
    assert menu.text == ui.clear_cancelled
    assert len(bot.fake.history(user["id"])) == 4 and bot.fake.calls_to("deleteMessages") == []


async def test_messages_older_than_48_hours_are_deleted_one_by_one_and_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    telegram_now = [1_800_000_000.0]
    fake = FakeTelegram(clock=lambda: telegram_now[0])
    async with Harness(tmp_path / "data", fake=fake) as bot:
        user = fake.user(1004, "Nour", "en")
        ui = bot.conversation.content.library.ui["en"]
        await bot.say(user, "/start")  # 2 messages, soon 48 hours old
        telegram_now[0] += DELETE_WINDOW - 30
        await bot.say(user, "/menu")  # 2 fresh ones
        fake.handle("deleteMessage", {"chat_id": user["id"], "message_id": 3})  # she did it
        telegram_now[0] += 60
        await bot.say(user, "/clear")  # 2 more
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="bot"):
            summary = await bot.press(user, ui.clear_yes)
        assert ui.clear_done.format(count=4) in summary.text  # 2 fresh, 1 gone already, prompt
        assert ui.clear_failed.format(count=2) in summary.text
        assert [m.text for m in fake.history(user["id"])][-1] == summary.text
        assert len(fake.history(user["id"])) == 3, "the two old ones stay, and the summary"
        assert len(fake.calls_to("deleteMessage")) == 1 + 6, "refused batch: one by one"
        lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]
        assert len(lines) == 1 and "2 could not be deleted" in lines[0]
        assert str(user["id"]) not in lines[0]
        assert fake.spec_errors == []


async def test_a_rate_limit_or_an_outage_still_ends_with_the_summary(bot: Harness) -> None:
    user = bot.fake.user(1005, "Rami", "fr")
    ui = bot.conversation.content.library.ui["fr"]
    await bot.say(user, "/start")
    await bot.say(user, "/clear")
    bot.fake.fail_next("deleteMessages", 429, retry_after=1)  # waited out by the rate limiter
    summary = await bot.press(user, ui.clear_yes)
    assert ui.clear_done.format(count=4) in summary.text
    assert bot.fake.history(user["id"]) == [summary]

    await bot.say(user, "/clear")
    bot.fake.fail_next("deleteMessages", 500, times=4)  # more than the retries
    summary = await bot.press(user, ui.clear_yes)
    assert ui.clear_failed.format(count=3) in summary.text  # old summary, /clear, prompt
    assert len(bot.fake.history(user["id"])) == 4


async def test_the_summary_gone_already_is_no_crash(bot: Harness) -> None:
    user = bot.fake.user(1006, "Hadi", "ar")
    ui = bot.conversation.content.library.ui["ar"]
    await bot.say(user, "/clear")
    summary = await bot.press(user, ui.clear_yes)
    bot.fake.handle("deleteMessage", {"chat_id": user["id"], "message_id": summary.message_id})
    [job] = jobs(bot)
    await job.run(bot.app)
    assert bot.fake.history(user["id"]) == []


async def test_clear_is_private_only(bot: Harness) -> None:
    user = bot.fake.user(1007, "Lina", "en")
    ui = bot.conversation.content.library.ui["en"]
    group = -1001000000001
    reply = await bot.say(user, "/clear", chat_type="group", chat_id=group)
    assert reply.text == ui.clear_private_only
    assert bot.fake.calls_to("deleteMessages") == []
    for lang in LANGS:
        private = [c for c, _ in bot.fake.commands({"type": "all_private_chats"}, lang)]
        everywhere = [c for c, _ in bot.fake.commands(language_code=lang)]
        assert "clear" in private and "clear" not in everywhere
        assert [c for c in private if c != "clear"] == everywhere
    assert bot.fake.commands({"type": "all_private_chats"}) == bot.fake.commands(
        {"type": "all_private_chats"}, "en"
    )


async def test_recent_ids_stay_in_memory_and_expire(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fake = FakeTelegram()
    uid = 918273645
    fake._last_id[uid] = 76_543_210_000  # distinctive ids, to look for them on disk
    async with Harness(data, fake=fake) as bot:
        user = fake.user(uid, "Layla", "en")
        await bot.say(user, "/start")
        await bot.say(user, "what are the return centres in denmark")
        await bot.say(user, "/privacy")
        recent = bot.app.bot_data.recent
        assert len(recent) == 6 and recent.chats() == 1
        now = recent._now() + DELETE_WINDOW + 1
        recent._now = lambda: now
        assert recent.take(uid) == [], "nothing older than 48 hours is offered for deletion"
    for path in data.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert b"7654321" not in raw and str(uid).encode() not in raw, path


def test_at_most_the_last_thousand_per_chat() -> None:
    from bot.recent import RecentMessages

    clock = [0.0]
    recent = RecentMessages(now=lambda: clock[0])
    for message_id in range(1, 1501):
        recent.add(7, message_id)
    clock[0] += 120
    recent.add(8, 1)
    assert recent.take(7) == list(range(501, 1501))
    clock[0] += DELETE_WINDOW
    recent.add(9, 1)  # a sweep forgets chat 8, quiet for 48 hours
    assert recent.chats() == 1 and len(recent) == 1
