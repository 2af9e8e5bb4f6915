"""`related`: an answer leads to the answers that qualify it, as "See also" buttons under it."""

from __future__ import annotations

import pytest

from bot.callbacks import MAX_BYTES, OpenSnippet, encode
from harness import Harness

LANGS = ["en", "ar", "fr"]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_visit_card_leads_to_its_caveats(bot: Harness, lang: str) -> None:
    library = bot.conversation.content.library
    ui = library.ui[lang]
    user = bot.fake.user(11, "Amal", lang)
    card = await bot.say(user, "/start france-short-visit")
    sworn, lawyer = (
        library.snippets[i] for i in ("france-sworn-statement", "france-lawyer-warnings")
    )
    see_sworn = ui.see_also.format(title=sworn.title.get(lang))
    see_lawyer = ui.see_also.format(title=lawyer.title.get(lang))
    labels = bot.labels(card)
    assert labels[:2] == [see_sworn, see_lawyer], "under the answer, before the votes"
    assert labels[2:] == ["🆘 " + ui.support_button, "👍", "👎", ui.back, ui.main_menu]
    for row in card.buttons:
        for button in row:
            assert len(str(button.action).encode()) <= MAX_BYTES

    opened = await bot.press(user, see_sworn)
    assert opened.message_id == card.message_id, "the card is replaced in place"
    assert sworn.question.get(lang) in opened.text and "📚" in opened.text

    again = await bot.say(user, "/start france-short-visit")
    voted = await bot.press(user, "👍", again.message_id)
    assert see_lawyer in bot.labels(voted), "the links stay after a vote"
    opened = await bot.press(user, see_lawyer, again.message_id)
    assert lawyer.question.get(lang) in opened.text


async def test_a_card_without_related_has_no_see_also(bot: Harness) -> None:
    library = bot.conversation.content.library
    card = await bot.say(bot.fake.user(12, "Amal", "en"), "/start france-lawyer-warnings")
    prefix = library.ui["en"].see_also.split("{")[0]
    assert not any(label.startswith(prefix) for label in bot.labels(card))


async def test_every_related_button_fits_and_opens_an_approved_answer(bot: Harness) -> None:
    library = bot.conversation.content.library
    linked = [(s.id, other) for s in library.snippets.values() for other in s.related]
    assert linked
    for source, other in linked:
        assert other in library.snippets and other != source
        assert len(encode(OpenSnippet(other)).encode()) <= MAX_BYTES
