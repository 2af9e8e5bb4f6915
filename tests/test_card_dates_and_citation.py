"""What a card says about its sources, as a person sees it through the fake Bot API: one 🕓 note
however many old sources it cites, the publisher named in the card's language, and a
disclaimer that is true whether the card cites one source or several."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import clock
from harness import Harness

LANGS = ["en", "ar", "fr"]
RLM = "\u200f"


def paragraphs(text: str) -> list[str]:
    return [p.replace(RLM, "") for p in text.split("\n\n")]


@pytest.mark.parametrize("lang", LANGS)
async def test_two_old_sources_give_one_dated_note(bot: Harness, lang: str) -> None:
    card = await bot.say(bot.fake.user(11, "Amal", lang), "/start about-dates")
    assert card is not None
    clock = [p for p in paragraphs(card.text) if p.startswith("🕓")]
    months = bot.conversation.content.library.ui[lang].months
    assert len(clock) == 1, clock
    assert f"{months[1]} 2019" in clock[0] and f"{months[2]} 2021" in clock[0]
    assert "2024" in clock[0]


@pytest.mark.parametrize("lang", LANGS)
async def test_one_old_source_names_its_month(bot: Harness, lang: str) -> None:
    card = await bot.say(bot.fake.user(12, "Amal", lang), "/start denmark-how-many")
    assert card is not None
    clock = [p for p in paragraphs(card.text) if p.startswith("🕓")]
    march = bot.conversation.content.library.ui[lang].months[2]
    assert len(clock) == 1 and f"{march} 2021" in clock[0]
    assert bot.conversation.content.library.ui[lang].months[3] not in card.text, (
        "the statement was written in March 2021, not March-April"
    )


@pytest.mark.parametrize(
    "lang,publisher",
    [
        ("en", "Bridges of Truth project (nine civil-society organisations)"),
        ("ar", "مشروع «جسور الحقيقة» (Bridges of Truth)، تسع منظمات من المجتمع المدني"),
        ("fr", "Projet Bridges of Truth (neuf organisations de la société civile)"),
    ],
)
async def test_the_publisher_is_named_in_the_card_language(
    bot: Harness, lang: str, publisher: str
) -> None:
    card = await bot.say(bot.fake.user(13, "Amal", lang), "/start denmark-return-centres")
    assert card is not None
    citation = next(p for p in paragraphs(card.text) if p.startswith("📚"))
    assert publisher in citation
    if lang != "en":
        assert "civil-society organisations" not in citation


@pytest.mark.parametrize("lang", LANGS)
async def test_a_card_with_several_sources_does_not_speak_of_one(bot: Harness, lang: str) -> None:
    library = bot.conversation.content.library
    snippet = library.snippets["returns-detention"]
    assert len({ref.source for ref in snippet.sources}) > 1
    card = await bot.say(bot.fake.user(14, "Amal", lang), "/start returns-detention")
    assert card is not None
    disclaimer = paragraphs(card.text)[-1]
    assert disclaimer.startswith("⚠️")
    singular = {
        "en": "the source cited above",
        "ar": "المصدر المذكور أعلاه",
        "fr": "la source citée ci-dessus",
    }
    assert singular[lang] not in disclaimer


async def test_an_overdue_answer_on_old_sources_still_has_one_note(tmp_path: Path) -> None:
    clock.set_today(dt.date(2100, 1, 1))  # conftest puts the clock back after the test
    async with Harness(tmp_path / "data") as late:
        card = await late.say(late.fake.user(15, "Amal", "en"), "/start returns-detention")
        assert card is not None
        notes = [p for p in paragraphs(card.text) if p.startswith("🕓")]
        assert len(notes) == 1
        assert "due for review" in notes[0] and "February 2019 and March 2021" in notes[0]
        assert late.fake.spec_errors == []
