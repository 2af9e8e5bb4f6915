"""The shipped content: it passes the checker, every card fits Telegram, every answer dates
its sources, and every question of the evaluation set has an answer to find."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.callbacks import MAX_BYTES, encode
from bot.checks import load_checked
from bot.content.library import Library
from bot.content.reader import read
from bot.content.sources import normalise_quote
from bot.conversation import Conversation, IndexedLibrary
from bot.render import MAX_MESSAGE, CardContext, card, visible_length
from bot.storage import Store
from fakebot import parse_html
from harness import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture(scope="module")
def library() -> Library:
    result = load_checked(ROOT / "content", ROOT / "seeds", dt.date(2026, 12, 1))
    assert result.library is not None, "\n".join(map(str, result.problems))
    return result.library


def test_shipped_content_passes_strict_check() -> None:
    result = load_checked(ROOT / "content", ROOT / "seeds", dt.date(2026, 12, 1))
    assert [str(p) for p in result.problems] == []
    assert len(result.library.snippets) >= 15


@pytest.mark.parametrize(
    "quote,source",
    [
        ("“valid for a maximum”", '"valid for a maximum"'),
        ("don’t think", "don't think"),
        ("war – he", "war - he"),
        ("war — he", "war - he"),
        ("line\nbreak   and\ttabs", "line break and tabs"),
        ('<a href="x">Syrian refugees</a> in France', "Syrian refugees in France"),
        ("so-called [return centers](#), separated", "so-called return centers, separated"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
    ],
)
def test_quote_normalisation(quote: str, source: str) -> None:
    assert normalise_quote(quote) == normalise_quote(source)


def test_normalisation_keeps_case_and_words() -> None:
    assert normalise_quote("Three months") != normalise_quote("three months")
    assert normalise_quote("three months") != normalise_quote("six months")


def test_every_card_fits_and_parses(library: Library, tmp_path: Path) -> None:
    late = dt.date(2100, 1, 1)  # the longest form: every review overdue
    for snippet in library.snippets.values():
        for lang in LANGUAGES:
            html = card(CardContext.of(library), snippet, lang, late)
            assert visible_length(html) <= MAX_MESSAGE
            parsed = parse_html(html)
            assert "📚" in parsed.text and parsed.text.rstrip().split("\n\n")[-1].startswith("⚠️")


def test_every_button_fits(library: Library, tmp_path: Path) -> None:
    conversation = Conversation(IndexedLibrary.build(library), Store(tmp_path / "data"))
    screens = [conversation.menu(lang) for lang in LANGUAGES]
    for lang in LANGUAGES:
        screens += [conversation.tap(1, lang, f"t:{t.id}").screen for t in library.topics]
        screens += [conversation.show_card(lang, s) for s in library.snippets.values()]
        screens += [conversation.language_menu(lang), conversation.forget_prompt(lang)]
    for screen in screens:
        for row in screen.buttons:
            for button in row:
                assert len(encode(button.action).encode()) <= MAX_BYTES
                assert 0 < len(button.text) <= 64


def test_answers_say_when_their_sources_were_written(library: Library) -> None:
    for snippet in library.snippets.values():
        years = {str(library.sources[ref.source].meta.written_on.year) for ref in snippet.sources}
        for lang in LANGUAGES:
            answer = snippet.answer.get(lang)
            for year in years:
                assert year in answer or year.translate(ARABIC_DIGITS) in answer, (
                    f"{snippet.id} ({lang}) cites a source written in {year} without saying so"
                )


def test_every_evaluation_question_has_its_answer(library: Library) -> None:
    questions = read((ROOT / "tests" / "data" / "questions.yaml").read_text(encoding="utf-8")).value
    labels = {
        f"{library.topic(s.topic).title.get('en')} - {s.title.get('en')}".lower(): s
        for s in library.snippets.values()
    }
    for entry in questions:
        snippet = labels.get(entry["answer"].lower())
        assert snippet is not None, f"no snippet is titled {entry['answer']!r}"
        answer = snippet.answer.get(entry["lang"]).lower()
        assert any(
            f.lower() in answer or f.translate(ARABIC_DIGITS) in answer for f in entry["facts"]
        ), (entry["answer"], entry["lang"], entry["facts"])


def test_reviews_name_roles_not_people(library: Library) -> None:
    for snippet in library.snippets.values():
        words = snippet.review.reviewed_by.split()
        assert snippet.review.reviewed_by.islower() or len(words) <= 3, snippet.review.reviewed_by
        assert not any(w.istitle() and w not in ("Legal", "Content") for w in words[1:])


def test_yaml_1_1_quirks_do_not_change_content(tmp_path: Path) -> None:
    """YAML 1.1 (PyYAML's own rules) would read a bare `no` as false; the file must mean what
    YAML 1.2 and the admin mean: the text "no"."""
    import shutil

    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "checker" / "base", root)
    path = root / "content" / "snippets" / "visits" / "a-visit.yaml"
    path.write_text(
        path.read_text().replace(
            "  en: [how long is the trip]", "  en: [no, on, how long is the trip]"
        )
    )
    result = load_checked(root / "content", root / "seeds", dt.date(2026, 11, 23))
    assert result.library is not None, [str(p) for p in result.problems]
    assert result.library.snippets["a-visit"].examples.get("en")[:2] == ["no", "on"]
