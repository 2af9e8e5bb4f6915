"""Translations pinned to the English they translate (`translated_from`, `translations --mark`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.content.translations import MarkError, mark
from harness import LANGUAGES, Cli

ROOT = Path(__file__).resolve().parents[1]
SNIPPET = Path("snippets/france/france-short-visit.yaml")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("BOT_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("BOT_SEEDS_DIR", str(tmp_path / "seeds"))
    return tmp_path


def check_strict(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--strict"])
    return code, capsys.readouterr().out.splitlines()


def test_the_shipped_translations_are_marked() -> None:
    for path in sorted((ROOT / "content" / "snippets").glob("*/*.yaml")):
        assert "\ntranslated_from:" in path.read_text(encoding="utf-8"), path


def test_editing_an_english_answer_makes_its_two_translations_stale_until_marked(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_strict(capsys) == (0, [])
    path = site / "content" / SNIPPET
    before = path.read_text(encoding="utf-8")
    english = before.split("answer:\n  en: |\n", 1)[1].split("\n", 1)[0]
    path.write_text(before.replace(english, english + " It may change.", 1), encoding="utf-8")

    code, out = check_strict(capsys)
    assert code == 1
    assert [line.split(": warning: ")[1].split(":")[0] for line in out] == [
        "answer.ar was checked against an earlier answer.en",
        "answer.fr was checked against an earlier answer.en",
    ]
    assert all(
        line.startswith(f"{path}:")
        and line.endswith("then run `python -m bot translations --mark france-short-visit`")
        for line in out
    )
    assert main(["check"]) == 0, "without --strict a stale translation is a warning only"
    capsys.readouterr()

    assert main(["translations", "--mark", "france-short-visit"]) == 0
    assert check_strict(capsys) == (0, [])
    after = path.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == [english + " It may change."] + [
        line for line in after.splitlines() if line.startswith(("  ar: {title", "  fr: {title"))
    ]


def test_spacing_alone_does_not_make_a_translation_stale(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "content" / SNIPPET
    text = path.read_text(encoding="utf-8")
    assert "  en: Can I make" in text
    path.write_text(text.replace("  en: Can I make", "  en: Can  I\n    make", 1), encoding="utf-8")
    assert check_strict(capsys) == (0, [])


def test_marking_keeps_comments_and_layout_and_adds_the_block_once() -> None:
    text = (
        "# an answer\nid: x\ntitle: {en: A, ar: ب, fr: C}  # short\nquestion:\n  en: Q?\n"
        "  ar: س؟\n  fr: Q ?\nanswer:\n  en: A.\n  ar: ج.\n  fr: R.\n"
    )
    once = mark(text, LANGUAGES)
    assert once.startswith(text)
    assert once.count("translated_from:") == 1
    edited = once.replace("  en: A.", "  en: B.") + "related: [y]\n"
    twice = mark(edited, LANGUAGES)
    assert twice.count("translated_from:") == 1 and twice.endswith("related: [y]\n")
    assert twice.replace(
        twice.split("translated_from:")[1].split("related")[0], ""
    ) == edited.replace(edited.split("translated_from:")[1].split("related")[0], "")
    assert mark(twice, LANGUAGES) == twice


def test_a_missing_translation_cannot_be_marked() -> None:
    with pytest.raises(MarkError, match="answer.en and answer.ar must both be written"):
        mark(
            "id: x\ntitle: {en: A, ar: ب, fr: C}\nquestion: {en: Q, ar: س, fr: Q}\n"
            "answer: {en: A, fr: R}\n",
            LANGUAGES,
        )


def test_an_unknown_id_is_refused(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translations", "--mark", "no-such-answer"]) == 1
    assert "There is no answer with the id 'no-such-answer'" in capsys.readouterr().err


def test_translations_needs_mark_or_all(cli: Cli) -> None:
    done = cli("translations")
    assert done.code == 2 and "--mark" in done.err


async def test_stats_counts_stale_translations(tmp_path: Path) -> None:
    from harness import Harness

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "snippets" / "rights" / "rights-non-refoulement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('  en: "Non-refoulement"', '  en: "Non-refoulement (no forced return)"', 1),
        encoding="utf-8",
    )
    async with Harness(tmp_path / "data", admin_ids="42", content_dir=content) as bot:
        stats = await bot.say(bot.fake.user(42, "Admin", "en"), "/stats")
    assert "Stale translations: 2\n• rights-non-refoulement: title.ar, title.fr" in stats.text


def test_the_review_sheet_lists_stale_translations_in_its_todo_list(site: Path) -> None:
    import datetime as dt
    import re

    from bot.content.library import load_library
    from bot.report import build_report

    path = site / "content" / SNIPPET
    text = path.read_text(encoding="utf-8")
    assert "  en: Can I make" in text
    path.write_text(text.replace("  en: Can I make", "  en: May I make", 1), encoding="utf-8")
    today = dt.date(2026, 12, 1)
    library = load_library(site / "content", site / "seeds", today).library
    assert library is not None
    page = build_report(library, today)
    todo = re.search(r'<nav class="todo" id="todo"[^>]*>(.*?)</nav>', page, re.S)
    assert todo is not None
    assert 'id="todo-stale_translations"' in todo.group(1)
    item = re.search(r'<li><a href="#s-france-short-visit">.*?</li>', todo.group(1), re.S)
    assert item is not None and "question.ar, question.fr" in item.group(0)
    assert "translations --mark ID" in todo.group(1)
