"""The checker reads the rest of the sentence: each of the three serious cases of issue 9, put
back to the quotes it had before it was fixed, fails `check --strict` with the file, the line of
the quote and the words the quote cut off; the shipped content passes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.content.cuts import check_cuts
from bot.content.library import load_library
from bot.content.model import Snippet, SourceRef
from bot.content.sources import load_sources
from harness import Cli

ROOT = Path(__file__).resolve().parents[1]
FORCED = "national-2019-forced-returns"
BRIDGES = "bridges-2021-denmark"

# The quotes as they were before issue 9 (commit 76effbc), and what the checker must say.
OLD = {
    "returns/returns-detention": (
        [
            (
                FORCED,
                "Human rights workers have catalogued dozens of cases of people who were "
                "detained or interrogated when they returned or after deciding to stay in "
                "reconciliation areas",
            ),
            (
                FORCED,
                "There is no evidence at the moment that the Syrian regime is systematically "
                "pursuing refugees who return",
            ),
            (FORCED, "subject to the whims and discretion of the security services"),
            (FORCED, "returnees do not have access to due process"),
            (
                FORCED,
                "Forcing refugees to return will likely lead to the detention and forced "
                "disappearance",
            ),
            (BRIDGES, "I advise you not to come back, ever."),
        ],
        [
            (
                "returnees do not have access to due process",
                'stops mid-sentence; the source goes on "if they are deemed a threat and their '
                'reconciliation is rendered void"',
            ),
            (
                "Forcing refugees to return will likely",
                'stops mid-sentence; the source goes on "of those perceived to be a threat or '
                'deserving of punishment"',
            ),
        ],
    ),
    "denmark/denmark-refugee-convention": (
        [
            (
                BRIDGES,
                "was among the original 26 states who drafted the Refugee Convention in 1951",
            ),
            (BRIDGES, "whose citizen, Mr. Knud Larsen, served as Conference President"),
            (
                BRIDGES,
                "the Danish government is claiming that it is not breaching its obligation for "
                "non-refoulement and is merely asking Syrians whose documents have not been "
                "renewed to voluntarily return to Syria",
            ),
        ],
        [
            (
                "the Danish government is claiming",
                'starts mid-sentence; the source begins "To mask what it is doing"',
            ),
            (
                "the Danish government is claiming",
                'stops mid-sentence; the source goes on "or risk being moved to deportation camps"',
            ),
        ],
    ),
    "denmark/denmark-return-centres": (
        [
            (
                BRIDGES,
                "those who have lost their temporary residency status can be forced to reside "
                "in so-called",
            ),
            (BRIDGES, "if they do not co-operate on their departure"),
            (BRIDGES, "Although Denmark cannot deport individuals who refuse to return"),
            (
                BRIDGES,
                "asking Syrians whose documents have not been renewed to voluntarily return "
                "to Syria or risk being moved to deportation camps",
            ),
        ],
        [
            (
                "asking Syrians whose documents",
                'starts mid-sentence; the source begins "To mask what it is doing, the Danish '
                "government is claiming that it is not breaching its obligation for "
                'non-refoulement and is merely"',
            )
        ],
    ),
}


def copy_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "seeds", site / "seeds")
    return site


def put_back(site: Path, name: str) -> Path:
    """Replace the snippet's sources with its old quotes, keeping everything else."""
    path = site / "content" / "snippets" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    quotes = "".join(
        f'  - source: {source}\n    quote: "{quote}"\n' for source, quote in OLD[name][0]
    )
    text = re.sub(r"(?ms)^sources:\n.*?^(?=review:)", "sources:\n" + quotes, text)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, words: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if "quote:" in line and words in line)


def check(cli: Cli, site: Path) -> tuple[int, str]:
    ran = cli("check", "--strict", cwd=site, BOT_CONTENT_DIR="content", BOT_SEEDS_DIR="seeds")
    return ran.code, ran.out


def test_the_shipped_content_has_no_unexplained_cut() -> None:
    result = load_library(ROOT / "content", ROOT / "seeds")
    cuts = [p for p in result.problems if "mid-sentence" in p.message]
    assert cuts == []


@pytest.mark.parametrize("name", sorted(OLD))
def test_an_old_quote_put_back_fails_strict_with_the_cut_words(
    tmp_path: Path, name: str, cli: Cli
) -> None:
    site = copy_site(tmp_path)
    path = put_back(site, name)
    code, out = check(cli, site)
    assert code == 1
    shown = f"content/snippets/{name}.yaml"
    for words, message in OLD[name][1]:
        expected = f"{shown}:{line_of(path, words)}: warning: the quote {message} — "
        assert expected in out, out


def test_a_cut_reason_is_accepted_and_an_unneeded_one_is_flagged() -> None:
    register, _ = load_sources(ROOT / "seeds")
    quote = "returnees do not have access to due process"
    base = load_library(ROOT / "content", ROOT / "seeds").library
    assert base is not None
    snippet = base.snippets["returns-detention"]

    def with_ref(ref: SourceRef) -> Snippet:
        return snippet.model_copy(update={"sources": [ref]})

    bare = check_cuts(
        with_ref(SourceRef(source=FORCED, quote=quote)), register.docs, lambda i: 7, "x.yaml"
    )
    assert [str(p) for p in bare] == [
        'x.yaml:7: warning: the quote stops mid-sentence; the source goes on "if they are deemed '
        'a threat and their reconciliation is rendered void" — quote the whole sentence, or add '
        'cut: "<why the rest does not change the answer>"'
    ]
    reason = "The answer gives the condition: only those deemed a threat."
    assert (
        check_cuts(
            with_ref(SourceRef(source=FORCED, quote=quote, cut=reason)),
            register.docs,
            lambda i: 7,
            "x.yaml",
        )
        == []
    )
    whole = "I advise you not to come back, ever."
    unneeded = check_cuts(
        with_ref(SourceRef(source=BRIDGES, quote=whole, cut=reason)),
        register.docs,
        lambda i: 7,
        "x.yaml",
    )
    assert len(unneeded) == 1 and "cut: reason is not needed" in unneeded[0].message


def test_quotes_that_together_make_the_sentence_are_not_cut() -> None:
    register, _ = load_sources(ROOT / "seeds")
    base = load_library(ROOT / "content", ROOT / "seeds").library
    assert base is not None
    first = SourceRef(source=FORCED, quote="This means returnees do not have access to due process")
    rest = SourceRef(
        source=FORCED,
        quote="if they are deemed a threat and their reconciliation is rendered void.",
    )
    snippet = base.snippets["returns-detention"].model_copy(update={"sources": [first, rest]})
    assert check_cuts(snippet, register.docs, lambda i: 1, "x.yaml") == []


def test_the_review_sheet_shows_the_cut_reason_next_to_the_quote(tmp_path: Path) -> None:
    import datetime as dt
    import html

    from bot.report import build_report

    site = copy_site(tmp_path)
    path = site / "content" / "snippets" / "returns" / "returns-detention.yaml"
    reason = "The answer itself says: only for those deemed a threat."
    text = re.sub(
        r"(?ms)^sources:\n.*?^(?=review:)",
        f'sources:\n  - source: {FORCED}\n    quote: "returnees do not have access to '
        f'due process"\n    cut: "{reason}"\n',
        path.read_text(encoding="utf-8"),
    )
    path.write_text(text, encoding="utf-8")
    result = load_library(site / "content", site / "seeds")
    assert result.library is not None, [str(p) for p in result.problems]
    page = build_report(result.library, dt.date.today())
    section = page.split('id="s-returns-detention"')[1].split("</section>")[0]
    quote = section.split('<blockquote class="excerpt"')[1].split("</blockquote>")[0]
    assert "<mark>returnees do not have access to due process</mark>" in quote
    assert " if they are deemed a threat and their reconciliation is rendered void." in quote
    after = html.unescape(section.split("</blockquote>", 1)[1])
    assert after.lstrip().startswith('<p class="cut"><strong>Cut on purpose</strong>')
    assert reason in after.split("</p>")[0]


@pytest.mark.parametrize(
    "after,word",
    [
        (" if they are deemed a threat.", "if"),
        (", unless they sign.", "unless"),
        (" or risk being moved to camps.", "or"),
        (", or else lose it.", "or else"),
        (" of those perceived to be a threat.", "of those"),
        (", whose rules limit it.", "whose"),
        (" only when asked.", "only"),
        (" as long as it lasts.", "as long as"),
        (', and can lose it "if they do not co-operate."', "if"),
        (" in 2019.", None),
        (", which continue to operate.", None),
        ('."', None),
    ],
)
def test_what_counts_as_a_qualifier_after_a_quote(after: str, word: str | None) -> None:
    from bot.content.sentences import qualifier_after

    assert qualifier_after(after) == word


@pytest.mark.parametrize(
    "before,word",
    [
        ("To mask what it is doing, ", "to mask"),
        ("The government claims that ", "claims"),
        ("They live in so-called ", "so-called"),
        ("If they return, ", "if"),
        ("Although Denmark cannot deport them, ", "although"),
        ("In a statement, the ministry said ", None),
        ("This means ", None),
    ],
)
def test_what_counts_as_a_qualifier_before_a_quote(before: str, word: str | None) -> None:
    from bot.content.sentences import qualifier_before

    assert qualifier_before(before) == word


@pytest.mark.parametrize("lang", ["en", "ar", "fr"])
def test_one_setting_decides_which_sources_are_outdated(tmp_path: Path, lang: str) -> None:
    import datetime as dt

    from bot.render import card

    site = copy_site(tmp_path)
    day = dt.date(2026, 12, 15)  # after every review, before any is due
    shipped = load_library(site / "content", site / "seeds", day).library
    assert shipped is not None
    assert "🕓" not in card(shipped, shipped.snippets["france-short-visit"], lang, day)
    context = site / "content" / "context.yaml"
    context.write_text(
        context.read_text(encoding="utf-8").replace("2024-12-08", "2025-06-30"), encoding="utf-8"
    )
    moved = load_library(site / "content", site / "seeds", day).library
    assert moved is not None and moved.outdated("national-2025-france-visits")
    shown = card(moved, moved.snippets["france-short-visit"], lang, day)
    note = next(p for p in shown.split("\n\n") if "🕓" in p)
    assert "2025" in note and "30" in note and "2024" not in note
