"""What a person sees, in each language: menus, cards, typed questions, deep links, inline
sharing, odd messages, groups, forged buttons. Every test ends with no Bot API violation."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from harness import Harness

CARD_FACTS = {"en": "three months", "ar": "ثلاثة أشهر", "fr": "trois mois"}
LANGS = ["en", "ar", "fr"]


@pytest.fixture
async def bot(tmp_path: Path):
    async with Harness(tmp_path / "data", admin_ids="42") as harness:
        yield harness
        assert harness.fake.spec_errors == []


def person(bot: Harness, lang: str | None, uid: int = 1001) -> dict:
    return bot.fake.user(uid, "Amal", lang)


@pytest.mark.parametrize("lang", LANGS)
async def test_two_taps_to_a_card_and_back(bot: Harness, lang: str) -> None:
    user = person(bot, lang)
    library = bot.conversation.content.library
    ui, france = library.ui[lang], library.topic("france")
    welcome = await bot.say(user, "/start")
    assert welcome.text.startswith(ui.welcome[:20])
    topic_label = f"{france.emoji} {france.title.get(lang)}"
    assert bot.labels(welcome)[: len(library.topics)] == [
        f"{t.emoji} {t.title.get(lang)}" for t in library.topics
    ]

    menu = await bot.press(user, topic_label)
    assert menu.message_id == welcome.message_id, "menus edit the message in place"
    snippet = library.snippets["france-short-visit"]
    assert snippet.title.get(lang) in bot.labels(menu)
    assert bot.labels(menu)[-2:] == [ui.back, ui.main_menu]

    card = await bot.press(user, snippet.title.get(lang))
    assert card.message_id == welcome.message_id
    assert card.html.startswith("<b>") and snippet.question.get(lang).strip() in card.text
    assert CARD_FACTS[lang] in card.text
    paragraphs = card.text.split("\n\n")
    assert paragraphs[-1].startswith("⚠️") and paragraphs[-3].lstrip("\u200f").startswith("📚")
    assert paragraphs[-2].startswith("📎"), "the source's own words, between 📚 and ⚠️"
    assert "thenationalnews.com" in card.html and "2025" in paragraphs[-3]
    assert bot.labels(card)[-4:] == ["👍", "👎", ui.back, ui.main_menu]
    answered = bot.fake.calls_to("answerCallbackQuery")
    assert len(answered) == 2, "every tap is answered"

    back = await bot.press(user, ui.back)
    assert snippet.title.get(lang) in bot.labels(back)
    home = await bot.press(user, ui.main_menu)
    assert home.text == ui.menu_title and home.message_id == welcome.message_id


@pytest.mark.parametrize("lang", LANGS)
async def test_old_sources_carry_a_dated_warning(bot: Harness, lang: str) -> None:
    card = await bot.say(person(bot, lang), "/start denmark-return-centres")
    clock = [p for p in card.text.split("\n\n") if p.lstrip("\u200f").startswith("🕓")]
    assert clock and "2021" in clock[0] and "2024" in clock[0]
    fresh = await bot.say(person(bot, lang), "/start france-short-visit")
    assert "🕓" not in fresh.text


def first_strong_direction(line: str) -> str | None:
    """The Unicode bidi class that decides a line's direction (R/AL right to left, L left)."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if char == "\u200f":
            return "R"
        if kind in ("L", "R", "AL"):
            return kind
    return None


@pytest.mark.parametrize("snippet", ["france-short-visit", "about-dates", "returns-law-10"])
async def test_arabic_cards_read_right_to_left(bot: Harness, snippet: str) -> None:
    card = await bot.say(person(bot, "ar"), f"/start {snippet}")
    # The source's own words stay in the source's language and direction (English, left to right).
    block = next(e for e in card.entities if e["type"] == "expandable_blockquote")
    units = card.text.encode("utf-16-le")
    quoted = units[2 * block["offset"] : 2 * (block["offset"] + block["length"])].decode(
        "utf-16-le"
    )
    for line in card.text.replace(quoted, "").split("\n"):
        if line.strip():
            assert first_strong_direction(line) in ("R", "AL"), line[:60]
    assert all(first_strong_direction(line) == "L" for line in quoted.split("\n"))
    assert "The National\u200f" in card.text, "a Latin name is followed by a right-to-left mark"


async def test_telegram_language_then_default(bot: Harness) -> None:
    english = bot.conversation.content.library.ui["en"].welcome
    german = await bot.say(person(bot, "de", 2001), "/start")
    assert german.text == english
    unknown = await bot.say(person(bot, None, 2002), "/start")
    assert unknown.text == english
    regional = await bot.say(person(bot, "fr-CA", 2003), "/start")
    assert regional.text == bot.conversation.content.library.ui["fr"].welcome


async def test_language_choice_is_remembered_across_restarts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    async with Harness(data) as bot:
        user = bot.fake.user(7305419862, "Omar", "en")
        await bot.say(user, "/language")
        chosen = await bot.press(user, "Français")
        assert chosen.text == bot.conversation.content.library.ui["fr"].language_set
        menu = await bot.say(user, "/menu")
        assert menu.text == bot.conversation.content.library.ui["fr"].menu_title
    async with Harness(data) as bot:
        menu = await bot.say(bot.fake.user(7305419862, "Omar", "en"), "/menu")
        assert menu.text == bot.conversation.content.library.ui["fr"].menu_title
        for path in data.rglob("*"):
            if path.is_file():
                assert b"7305419862" not in path.read_bytes(), f"raw id in {path}"


async def test_main_menu_language_row_switches_in_one_tap(bot: Harness) -> None:
    user = person(bot, "en")
    await bot.say(user, "/start")
    arabic = await bot.press(user, "🌐 العربية")
    assert arabic.text == bot.conversation.content.library.ui["ar"].language_set


@pytest.mark.parametrize(
    "lang,question,fact",
    [
        ("en", "Can I visit Syria without losing my refugee status in France?", "three months"),
        (
            "fr",
            "Est-ce que je perds mon statut de réfugié si je vais voir ma famille en Syrie ?",
            "trois mois",
        ),
        ("ar", "هل أخسر حق اللجوء في فرنسا إذا زرت سوريا؟", "ثلاثة أشهر"),
    ],
)
async def test_typed_question_gets_the_card(
    bot: Harness, lang: str, question: str, fact: str
) -> None:
    reply = await bot.say(person(bot, lang), question)
    if "👍" in bot.labels(reply):
        assert fact in reply.text and "📚" in reply.text
    else:  # several plausible answers: the right one must be offered first
        title = bot.conversation.content.library.snippets["france-short-visit"].title.get(lang)
        assert bot.labels(reply)[0] == title
        card = await bot.press(person(bot, lang), title)
        assert fact in card.text


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "what's the weather tomorrow"),
        ("fr", "recette de la soupe aux lentilles"),
        ("ar", "ما هي أفضل وصفة للكبة"),
        ("en", "asdf"),
    ],
)
async def test_unrelated_text_gets_no_card(bot: Harness, lang: str, text: str) -> None:
    reply = await bot.say(person(bot, lang), text)
    ui = bot.conversation.content.library.ui[lang]
    assert reply.text == ui.no_match
    assert "📚" not in reply.text and "👍" not in bot.labels(reply)
    assert bot.labels(reply)[0].endswith(bot.conversation.content.library.topics[0].title.get(lang))


@pytest.mark.parametrize("lang", LANGS)
async def test_deep_links(bot: Harness, lang: str) -> None:
    ui = bot.conversation.content.library.ui[lang]
    card = await bot.say(person(bot, lang), "/start returns-law-10")
    assert "10" in card.text and "📚" in card.text and "2019" in card.text
    missing = await bot.say(person(bot, lang), "/start no-such-answer")
    assert missing.text == ui.unknown_snippet and len(bot.labels(missing)) >= 5


@pytest.mark.parametrize("lang", LANGS)
async def test_inline_sharing_offers_full_cards(bot: Harness, lang: str) -> None:
    await bot.deliver(bot.fake.push_inline_query(person(bot, lang), "Denmark return centres"))
    answers = bot.fake.calls_to("answerInlineQuery")[-1]
    results = answers["results"]
    assert results and results[0]["id"] == "denmark-return-centres"
    text = results[0]["input_message_content"]["message_text"]
    assert "📚" in text and "⚠️" in text
    await bot.deliver(bot.fake.push_inline_query(person(bot, lang), "lentil soup recipe"))
    assert bot.fake.calls_to("answerInlineQuery")[-1]["results"] == []


@pytest.mark.parametrize("lang", LANGS)
async def test_everything_else_a_person_may_send(bot: Harness, lang: str) -> None:
    user = person(bot, lang)
    ui = bot.conversation.content.library.ui[lang]
    for push in (
        bot.fake.push_sticker,
        bot.fake.push_photo,
        bot.fake.push_voice,
        bot.fake.push_location,
    ):
        await bot.deliver(push(user))
        assert bot.fake.last_message(user["id"]).text == ui.not_text
    unknown = await bot.say(user, "/frobnicate now")
    assert unknown.text == ui.unknown_command
    asked = bot.fake.push_message(user, "asdf qwerty")
    await bot.deliver(asked)
    await bot.deliver(
        bot.fake.push_edited_message(
            user, asked["message"]["message_id"], "what are the return centres in denmark"
        )
    )
    edited = bot.fake.last_message(user["id"])
    assert "📚" in edited.text or edited.text == ui.several_matches


async def test_admin_commands_are_invisible_to_others(bot: Harness) -> None:
    stranger = person(bot, "en", 5005)
    for command in ("/stats", "/reload"):
        reply = await bot.say(stranger, command)
        assert reply.text == bot.conversation.content.library.ui["en"].unknown_command
    admin = person(bot, "en", 42)
    stats = await bot.say(admin, "/stats")
    assert "Statistics" in stats.text and "france-short-visit" in stats.text
    reloaded = await bot.say(admin, "/reload")
    assert reloaded.text.startswith("✅ Reloaded")


async def test_groups_answer_commands_and_ignore_chatter(bot: Harness) -> None:
    user = person(bot, "en")
    group = -100123
    before = len(bot.fake.calls_to("sendMessage"))
    await bot.deliver(
        bot.fake.push_message(
            user, "hello everyone, what about Denmark?", chat_type="supergroup", chat_id=group
        )
    )
    await bot.deliver(bot.fake.push_sticker(user, chat_type="supergroup", chat_id=group))
    await bot.deliver(bot.fake.push_channel_post("news of the day"))
    assert len(bot.fake.calls_to("sendMessage")) == before
    menu = await bot.say(user, "/menu@advocacy_test_bot", chat_type="supergroup", chat_id=group)
    assert (
        menu.chat_id == group and menu.text == bot.conversation.content.library.ui["en"].menu_title
    )


@pytest.mark.parametrize(
    "data",
    [
        "zzz",
        "s:no-such-answer",
        "t:nowhere",
        "f:u:x:nothex",
        "f:u:rights-non-refoulement:0badf00d",
        "l:de",
        "x:maybe",
        "s:" + "a" * 62,
        "",
        "m:extra",
    ],
)
async def test_forged_buttons_get_a_quiet_answer(bot: Harness, data: str) -> None:
    user = person(bot, "en")
    menu = await bot.say(user, "/start")
    await bot.deliver(bot.fake.push_callback(user, menu.message_id, data))
    answer = bot.fake.calls_to("answerCallbackQuery")[-1]
    assert answer.get("text") == bot.conversation.content.library.ui["en"].stale_button
    assert bot.fake.last_message(user["id"]).text == menu.text
    assert bot.conversation.store.stats().feedback == {}


async def test_taps_on_gone_messages_and_double_taps(bot: Harness) -> None:
    user = person(bot, "en")
    menu = await bot.say(user, "/start")
    await bot.deliver(bot.fake.push_callback(user, 999_999, "t:france"))
    fresh = bot.fake.last_message(user["id"])
    assert fresh.message_id != menu.message_id and "france" in str(fresh.buttons).lower()
    home = await bot.press(user, "☰ Main menu", fresh.message_id)
    await bot.deliver(bot.fake.push_callback(user, fresh.message_id, "m"))  # "not modified"
    assert len(bot.fake.calls_to("answerCallbackQuery")) == 3
    assert bot.fake.last_message(user["id"]).text == home.text


async def test_feedback_is_counted_and_buttons_go(bot: Harness) -> None:
    user = person(bot, "en")
    card = await bot.say(user, "/start rights-non-refoulement")
    await bot.press(user, "👍")
    assert (
        bot.fake.calls_to("answerCallbackQuery")[-1]["text"]
        == bot.conversation.content.library.ui["en"].feedback_thanks
    )
    after = bot.fake.last_message(user["id"])
    assert after.message_id == card.message_id and "👍" not in bot.labels(after)
    assert bot.conversation.store.stats().votes("rights-non-refoulement").up == 1


@pytest.mark.parametrize("lang", LANGS)
async def test_privacy_and_forget(tmp_path: Path, lang: str) -> None:
    data = tmp_path / "data"
    async with Harness(data) as bot:
        user = bot.fake.user(7007, "Sara", lang)
        ui = bot.conversation.content.library.ui[lang]
        privacy = await bot.say(user, "/privacy")
        assert privacy.text == ui.privacy
        await bot.say(user, "/language")
        other = "fr" if lang != "fr" else "ar"
        await bot.press(user, bot.conversation.content.library.ui[other].language_name)
        ui = bot.conversation.content.library.ui[other]
        await bot.say(user, "/forget")
        kept = await bot.press(user, ui.forget_no)
        assert kept.text == ui.forget_cancelled
        await bot.say(user, "/forget")
        done = await bot.press(user, ui.forget_yes)
        assert done.text == ui.forget_done
    async with Harness(data) as bot:
        menu = await bot.say(bot.fake.user(7007, "Sara", lang), "/menu")
        assert menu.text == bot.conversation.content.library.ui[lang].menu_title


async def test_commands_are_registered_in_each_language(bot: Harness) -> None:
    for lang in LANGS:
        names = [c for c, _ in bot.fake.commands(language_code=lang)]
        assert names == ["start", "menu", "help", "language", "privacy", "forget", "support"]
        descriptions = [d for _, d in bot.fake.commands(language_code=lang)]
        assert descriptions[0] == bot.conversation.content.library.ui[lang].cmd_start
    assert bot.fake.commands() == bot.fake.commands(language_code="en")


def _files_containing(folder: Path, needle: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


@pytest.mark.parametrize("keep", [False, True])
async def test_nothing_typed_or_identifying_reaches_the_disk(tmp_path: Path, keep: bool) -> None:
    data = tmp_path / "data"
    async with Harness(data, keep_unmatched=keep) as bot:
        user = bot.fake.user(918273645, "Layla", "en")
        await bot.say(user, "what are the return centres in denmark")
        await bot.say(user, "zanzibar quokka marmalade")  # matches nothing
        await bot.say(user, "/language")
        await bot.press(user, "العربية")
        await bot.say(user, "/start rights-non-refoulement")
        await bot.press(user, "👍")
        privacy = await bot.say(user, "/privacy")
        ui = bot.conversation.content.library.ui["ar"]
        assert (ui.privacy_unmatched in privacy.text) is keep
    assert _files_containing(data, "918273645") == []
    assert _files_containing(data, "return centres in denmark") == []
    assert _files_containing(data, "Layla") == []
    kept = _files_containing(data, "zanzibar quokka marmalade")
    assert [p.name for p in kept] == (["unmatched.json"] if keep else [])
    if keep:
        assert "918273645" not in kept[0].read_text() and "Layla" not in kept[0].read_text()


async def test_reload_reports_what_changed_and_goes_live(tmp_path: Path) -> None:
    import shutil

    from harness import ROOT

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    async with Harness(tmp_path / "data", admin_ids="42", content_dir=content) as bot:
        admin = bot.fake.user(42, "Admin", "en")
        path = content / "snippets" / "rights" / "rights-non-refoulement.yaml"
        path.write_text(
            path.read_text().replace("Non-refoulement", "Non-refoulement (no forced return)", 1)
        )
        (content / "snippets" / "about" / "about-dates.yaml").unlink()
        reply = await bot.say(admin, "/reload")
        assert "Changed: rights-non-refoulement" in reply.text
        assert "Removed: about-dates" in reply.text and "Added: none" in reply.text
        card = await bot.say(admin, "/start about-dates")
        assert card.text == bot.conversation.content.library.ui["en"].unknown_snippet
