"""The source's own words on every card: whole sentences found around each quote (pure), and the
expandable blockquote a person sees in Telegram, in inline results and in the terminal preview."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.content.sentences import find_passage, sentence_spans
from bot.content.sources import normalise_lines, normalise_quote
from bot.terminal import Terminal
from fakebot import parse_html
from harness import Harness

LANGS = ["en", "ar", "fr"]


def passage(text: str, quote: str) -> tuple[str, str, str]:
    lined = normalise_lines(text)
    found = find_passage(lined, sentence_spans(lined), normalise_quote(quote))
    assert found is not None
    return found.before, found.quote, found.after


def test_the_whole_sentence_around_a_quote() -> None:
    text = (
        "Returnees were questioned. This means returnees do not have access to due process if "
        "they are deemed a threat. Others stayed."
    )
    assert passage(text, "returnees do not have access to due process") == (
        "This means ",
        "returnees do not have access to due process",
        " if they are deemed a threat.",
    )


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = (
        "This from a country whose citizen, Mr. Knud Larsen, served as President. Next. "
        "Dr. A. N. Other and the U.S. Government agreed on No. 5 of the plan. End."
    )
    before, _, after = passage(text, "Knud Larsen")
    assert before == "This from a country whose citizen, Mr. " and after == ", served as President."
    before, _, after = passage(text, "Government agreed")
    assert before == "Dr. A. N. Other and the U.S. " and after == " on No. 5 of the plan."


def test_numbers_with_points_stay_in_their_sentence() -> None:
    text = "Prices rose. The rate was 3.5 per cent in 2019. It fell. Some 1.2 million returned."
    assert passage(text, "per cent") == ("The rate was 3.5 ", "per cent", " in 2019.")
    assert passage(text, "1.2 million") == ("Some ", "1.2 million", " returned.")


def test_a_quote_spanning_sentences_gets_all_of_them() -> None:
    text = "First one. He said it was over. Then he left the city, or so they say. Last."
    assert passage(text, "over. Then he left") == (
        "He said it was ",
        "over. Then he left",
        " the city, or so they say.",
    )


def test_closing_quotes_and_footnote_marks_belong_to_the_sentence() -> None:
    text = 'He wrote: "I advise you not to come back, ever." It was 2017.¹ Next one.'
    assert passage(text, "not to come back") == (
        'He wrote: "I advise you ',
        "not to come back",
        ', ever."',
    )
    assert passage(text, "It was 2017") == ("", "It was 2017", ".¹")


def test_a_line_break_ends_a_sentence_even_without_a_full_stop() -> None:
    text = "A headline without a stop\n\nThe <b>first</b> sentence of the text. More."
    assert passage(text, "first sentence") == ("The ", "first sentence", " of the text.")
    assert passage(text, "without a stop") == ("A headline ", "without a stop", "")


def test_a_quote_that_is_not_there_has_no_passage() -> None:
    lined = normalise_lines("Some text. More text.")
    assert find_passage(lined, sentence_spans(lined), "absent words") is None


def quote_block(text: str, entities: list[dict]) -> tuple[str, list[str]]:
    """The expandable blockquote's text and the bold pieces inside it."""
    blocks = [e for e in entities if e["type"] == "expandable_blockquote"]
    assert len(blocks) == 1, "one expandable quote block per card"
    start, end = blocks[0]["offset"], blocks[0]["offset"] + blocks[0]["length"]
    encoded = text.encode("utf-16-le")

    def cut(a: int, b: int) -> str:
        return encoded[2 * a : 2 * b].decode("utf-16-le")

    bold = [
        cut(e["offset"], e["offset"] + e["length"])
        for e in entities
        if e["type"] == "bold" and start <= e["offset"] < end
    ]
    return cut(start, end), bold


@pytest.mark.parametrize("lang", LANGS)
async def test_card_shows_the_whole_sentences_with_the_quotes_in_bold(
    bot: Harness, lang: str
) -> None:
    library = bot.conversation.content.library
    ui = library.ui[lang]
    card = await bot.say(bot.fake.user(7, "Amal", lang), "/start returns-detention")
    block, bold = quote_block(card.text, card.entities)
    snippet = library.snippets["returns-detention"]
    for ref in snippet.sources:
        found = library.sources[ref.source].passage(ref.quote)
        assert found is not None and found.text in block.replace("\n", " ")
    assert any("do not have access to due process" in b for b in bold)
    assert "perceived to be a threat" in block, "the words after the quote are shown too"
    assert "The National, 2019" in block, "several sources: each passage says whose it is"
    paragraphs = card.text.split("\n\n")
    assert paragraphs[-1].startswith("⚠️")
    assert paragraphs[-2].replace("\u200f", "").startswith(f"📎 {ui.own_words_label_several}")
    assert paragraphs[-3].lstrip("\u200f").startswith("📚")


@pytest.mark.parametrize("lang", LANGS)
async def test_one_source_cards_have_no_source_marks(bot: Harness, lang: str) -> None:
    library = bot.conversation.content.library
    card = await bot.say(bot.fake.user(8, "Amal", lang), "/start france-short-visit")
    block, bold = quote_block(card.text, card.entities)
    assert f"📎 {library.ui[lang].own_words_label}" in card.text.replace("\u200f", "")
    assert not block.startswith("The National")
    assert "valid for a maximum of three months" in " ".join(bold)


@pytest.mark.parametrize("lang", LANGS)
async def test_inline_results_carry_the_quotes(bot: Harness, lang: str) -> None:
    await bot.deliver(
        bot.fake.push_inline_query(bot.fake.user(9, "Amal", lang), "Denmark return centres")
    )
    result = bot.fake.calls_to("answerInlineQuery")[-1]["results"][0]
    content = result["input_message_content"]
    parsed = parse_html(content["message_text"], strict_ampersands=True)
    block, bold = quote_block(parsed.text, parsed.entities)
    assert bold and "return cent" in block


def test_terminal_preview_shows_the_quotes(tmp_path: Path) -> None:
    from bot.content.library import load_library
    from bot.conversation import Conversation, IndexedLibrary
    from bot.storage import Store

    root = Path(__file__).resolve().parents[1]
    library = load_library(root / "content", root / "seeds").library
    assert library is not None
    store = Store(tmp_path)
    out = io.StringIO()
    terminal = Terminal(Conversation(IndexedLibrary.build(library), store), "fr", out)
    terminal.handle("/start returns-detention")
    store.close()
    shown = out.getvalue()
    assert library.ui["fr"].own_words_label_several in shown
    assert (
        "  │ " in shown
        and (
            "*This means returnees do not have access to due process if they are "
            "deemed a threat and their reconciliation is rendered void.*"
        )
        in shown
    )
