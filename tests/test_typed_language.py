"""Typed text is answered in the language it is written in, with one tap to keep that language;
greetings and thanks get a friendly reply and the menu. Through the fake Bot API."""

from __future__ import annotations

import pytest

from harness import Harness

KEEP = "🌐 "


def person(bot: Harness, lang: str, uid: int = 2001) -> dict:
    return bot.fake.user(uid, "Rami", lang)


def ui(bot: Harness, lang: str):  # noqa: ANN201 - UIStrings
    return bot.conversation.content.library.ui[lang]


def title(bot: Harness, snippet: str, lang: str) -> str:
    return bot.conversation.content.library.snippets[snippet].title.get(lang)


def topic_labels(bot: Harness, lang: str) -> list[str]:
    return [f"{t.emoji} {t.title.get(lang)}" for t in bot.conversation.content.library.topics]


@pytest.mark.parametrize(
    "chat,text,written",
    [
        ("en", "بدي زور سوريا شهر وارجع على فرنسا، بيسحبو مني اللجوء؟", "ar"),
        ("en", "est ce que jpeux aller voir ma mere en syrie sans perdre mon statut", "fr"),
        ("ar", "can i go back to syria for 2 weeks and come back to france", "en"),
        ("fr", "can i go back to syria for 2 weeks and keep my refugee status in france", "en"),
    ],
)
async def test_a_question_in_another_language_is_answered_in_it(
    bot: Harness, chat: str, text: str, written: str
) -> None:
    user = person(bot, chat)
    reply = await bot.say(user, text)
    labels = bot.labels(reply)
    offer = KEEP + ui(bot, written).keep_language
    assert labels[-1] == offer  # one tap to keep the language they wrote in
    visit = title(bot, "france-short-visit", written)
    if "👍" in labels:  # the card itself, in the language of the question
        assert (
            visit not in labels
            and bot.conversation.content.library.snippets["france-short-visit"].question.get(
                written
            )
            in reply.text
        )
    else:
        assert reply.text == ui(bot, written).several_matches and labels[0] == visit
    after = await bot.press(user, offer)
    assert after.text == ui(bot, written).language_set
    assert bot.labels(await bot.say(user, "/menu"))[
        : len(topic_labels(bot, written))
    ] == topic_labels(bot, written)


@pytest.mark.parametrize(
    "chat,text",
    [
        ("ar", "Ofpra"),
        ("fr", "syria"),
        ("en", "la syrie"),
        ("ar", "denmark centres"),
    ],
)
async def test_one_word_or_unclear_text_keeps_the_chat_language(
    bot: Harness, chat: str, text: str
) -> None:
    reply = await bot.say(person(bot, chat), text)
    labels = bot.labels(reply)
    assert not any(
        label.startswith(KEEP) and label.endswith(ui(bot, other).keep_language)
        for other in ("en", "ar", "fr")
        for label in labels
    )
    assert (
        reply.text in (ui(bot, chat).several_matches, ui(bot, chat).no_match) or "📚" in reply.text
    )


async def test_a_keyword_from_an_answer_finds_it(bot: Harness) -> None:
    reply = await bot.say(person(bot, "ar"), "Ofpra")
    assert reply.text == ui(bot, "ar").several_matches
    assert bot.labels(reply)[0] == title(bot, "france-asylum-suspended", "ar")


@pytest.mark.parametrize(
    "chat,text,written,kind",
    [
        ("en", "hi", "en", "greeting"),
        ("en", "Hello!", "en", "greeting"),
        ("fr", "salut", "fr", "greeting"),
        ("fr", "Bonjour", "fr", "greeting"),
        ("ar", "مرحبا", "ar", "greeting"),
        ("ar", "السلام عليكم", "ar", "greeting"),
        ("en", "thanks", "en", "thanks"),
        ("fr", "merci beaucoup", "fr", "thanks"),
        ("ar", "شكراً", "ar", "thanks"),
        ("en", "salut", "fr", "greeting"),
        ("fr", "مرحبا", "ar", "greeting"),
        ("ar", "thank you", "en", "thanks"),
        ("en", "merci", "fr", "thanks"),
        ("fr", "Merci beaucoup pour ces informations.", "fr", "thanks"),
        ("en", "thanks a lot for the info!", "en", "thanks"),
        ("ar", "شكرا كتير عالمعلومات", "ar", "thanks"),
        ("ar", "سلام عليكم ورحمة الله", "ar", "greeting"),
    ],
)
async def test_greetings_and_thanks_get_a_friendly_reply_and_the_menu(
    bot: Harness, chat: str, text: str, written: str, kind: str
) -> None:
    user = person(bot, chat)
    reply = await bot.say(user, text)
    strings = ui(bot, written)
    assert reply.text == (strings.greeting_reply if kind == "greeting" else strings.thanks_reply)
    assert reply.text != ui(bot, chat).no_match
    labels = bot.labels(reply)
    assert labels[: len(topic_labels(bot, written))] == topic_labels(bot, written)
    offers = [label for label in labels if label == KEEP + strings.keep_language]
    assert len(offers) == (written != chat)


async def test_a_greeting_with_a_question_is_a_question(bot: Harness) -> None:
    reply = await bot.say(
        person(bot, "en"),
        "hi, can i go back to syria for 2 weeks and keep my refugee status in france",
    )
    assert reply.text != ui(bot, "en").greeting_reply
    labels = bot.labels(reply)
    assert "👍" in labels or labels[0] == title(bot, "france-short-visit", "en")
