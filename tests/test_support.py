"""'🆘 Where to get help' and /support through the fake Bot API, in each language: organisations
from content/help.yaml, the card's country first, links as buttons, only approved entries, the
🕓 note past review, and nothing offered when there is nobody to offer."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot import clock
from bot.language import other_names
from harness import ROOT, Harness

LANGS = ["en", "ar", "fr"]


def entries(bot: Harness) -> list:
    return [
        o for o in bot.conversation.content.library.organisations if o.review.status == "approved"
    ]


def urls(message) -> list[str]:
    return [b.action for row in message.buttons for b in row if str(b.action).startswith("http")]


@pytest.mark.parametrize("lang", LANGS)
async def test_main_menu_lists_every_organisation_with_a_link(bot: Harness, lang: str) -> None:
    user = bot.fake.user(2001, "Amal", lang)
    ui = bot.conversation.content.library.ui[lang]
    menu = await bot.say(user, "/start")
    screen = await bot.press(user, "🆘 " + ui.support_button)
    assert screen.message_id == menu.message_id, "menus edit in place"
    orgs = entries(bot)
    assert len(orgs) >= 6
    shown = screen.text.replace("\u200f", "")  # right-to-left marks after Latin words
    positions = [shown.index(o.name.get(lang)) for o in orgs]
    assert positions == sorted(positions), "in the file's order"
    assert urls(screen) == [o.contact.website or o.contact.telegram_url for o in orgs]
    assert shown.rstrip().endswith(ui.support_disclaimer)
    assert ui.support_languages.format(languages=other_names()["fr"]) in shown
    assert "🕓" not in screen.text
    assert bot.labels(screen)[-1] == ui.main_menu
    home = await bot.press(user, ui.main_menu)
    assert home.text == ui.menu_title


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "snippet, first, then",
    [("denmark-return-centres", "🇩🇰", "🇫🇷"), ("france-short-visit", "🇫🇷", "🇩🇰")],
)
async def test_a_card_lists_its_countrys_organisations_first(
    bot: Harness, lang: str, snippet: str, first: str, then: str
) -> None:
    user = bot.fake.user(2002, "Omar", lang)
    ui = bot.conversation.content.library.ui[lang]
    card = await bot.say(user, f"/start {snippet}")
    assert "🆘 " + ui.support_button in bot.labels(card)
    screen = await bot.press(user, "🆘 " + ui.support_button)
    flags = [p.lstrip("\u200f").split()[0] for p in screen.text.split("\n\n")[1:-1]]
    assert flags[0] == first and then in flags
    assert flags.index(then) > max(i for i, f in enumerate(flags) if f == first)
    assert bot.labels(screen)[-2:] == [ui.back, ui.main_menu]
    back = await bot.press(user, ui.back)
    assert back.message_id == card.message_id and back.text == card.text


@pytest.mark.parametrize("lang", LANGS)
async def test_support_command_in_private_and_in_groups(bot: Harness, lang: str) -> None:
    user = bot.fake.user(2003, "Sara", lang)
    ui = bot.conversation.content.library.ui[lang]
    private = await bot.say(user, "/support")
    assert private.text.startswith("🆘 " + ui.support_title)
    group = await bot.say(user, "/support", chat_type="group", chat_id=-1001000000001)
    assert group.text == private.text
    for scope in (None, {"type": "all_private_chats"}):
        listed = dict(bot.fake.commands(scope, lang))
        assert listed["support"] == ui.cmd_support


async def test_forged_support_button_is_stale(bot: Harness) -> None:
    user = bot.fake.user(2004, "Nour", "en")
    menu = await bot.say(user, "/start")
    await bot.deliver(bot.fake.push_callback(user, menu.message_id, "h:no-such-answer"))
    answer = bot.fake.callback_answers[list(bot.fake.callback_answers)[-1]]
    assert answer["text"] == bot.conversation.content.library.ui["en"].stale_button


def content_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


async def test_drafts_are_hidden_and_overdue_entries_say_so(tmp_path: Path) -> None:
    content = content_copy(tmp_path)
    path = content / "help.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: approved", "status: draft", 1)  # the first entry
    path.write_text(text, encoding="utf-8")
    clock.set_today(dt.date(2027, 7, 1))  # after every review_due; conftest resets the clock
    async with Harness(tmp_path / "data", content_dir=content) as bot:
        library = bot.conversation.content.library
        draft = library.organisations[0]
        assert draft.review.status == "draft"
        for lang in LANGS:
            ui = library.ui[lang]
            screen = await bot.say(bot.fake.user(2005, "Lina", lang), "/support")
            assert draft.name.get(lang) not in screen.text.replace("\u200f", "")
            assert draft.contact.website not in urls(screen)
            notes = [p for p in screen.text.split("\n") if p.startswith("🕓")]
            assert len(notes) == len(library.organisations) - 1
            assert ui.months[5] in notes[0] and "2027" in notes[0]
        assert bot.fake.spec_errors == []


async def test_without_organisations_nothing_is_offered(tmp_path: Path) -> None:
    content = content_copy(tmp_path)
    (content / "help.yaml").unlink()
    async with Harness(tmp_path / "data", content_dir=content) as bot:
        ui = bot.conversation.content.library.ui["fr"]
        user = bot.fake.user(2006, "Rami", "fr")
        menu = await bot.say(user, "/start")
        card = await bot.say(user, "/start france-short-visit")
        assert not any("🆘" in label for label in bot.labels(menu) + bot.labels(card))
        reply = await bot.say(user, "/support")
        assert reply.text == ui.support_none
        assert bot.fake.spec_errors == []


async def test_only_cards_whose_disclaimer_sends_to_advice_offer_help(tmp_path: Path) -> None:
    content = content_copy(tmp_path)
    path = content / "disclaimers.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  default:\n    support: true\n", "  default:\n"),
        encoding="utf-8",
    )
    async with Harness(tmp_path / "data", content_dir=content) as bot:
        library = bot.conversation.content.library
        ui = library.ui["en"]
        user = bot.fake.user(2007, "Hadi", "en")
        legal = next(s for s in library.snippets.values() if s.disclaimer == "legal")
        plain = next(s for s in library.snippets.values() if s.disclaimer is None)
        with_legal = await bot.say(user, f"/start {legal.id}")
        assert "🆘 " + ui.support_button in bot.labels(with_legal)
        without = await bot.say(user, f"/start {plain.id}")
        assert "🆘 " + ui.support_button not in bot.labels(without)
