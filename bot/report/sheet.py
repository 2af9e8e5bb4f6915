"""The review sheet as HTML: content, today's date and the counts in, one page out (pure).

Every snippet (approved and drafts) with its three languages side by side, each quote
highlighted inside the source text around it, the source's details, the review dates (overdue in
red), the disclaimer, and with counts the 👍/👎 per version and the questions nobody could
answer; at the top, the to-do list (`bot.report.todo`). The words and markup are in
`templates/`, rendered by Jinja2 with autoescaping; this module only gathers what they show.

The page is self-contained: the CSS is inlined, no scripts, no fonts or images fetched, so it
can be mailed, opened offline and printed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bot.content.library import Library
from bot.content.model import Snippet, SourceRef, Topic
from bot.content.sources import SourceDoc, excerpt, normalise_quote
from bot.content.translations import stale
from bot.language import known_codes, shipped
from bot.report.todo import DUE_SOON_DAYS, Facts, due_soon, overdue, snippet_anchor, todo
from bot.report.unmatched import group_questions
from bot.storage import Stats

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Quote:
    number: int
    text: str
    """The quote as the checker compares it (normalised)."""
    found: tuple[str, str, str] | None
    """(before, quote as found, after) in the source; None when it is not there. At least the
    whole sentence around the quote, as the card shows it."""
    cut: str | None = None
    """The reviewer's reason why the words the quote leaves out do not change the answer."""


@dataclass(frozen=True)
class Cited:
    """One source a snippet cites, with the snippet's quotes from it."""

    source_id: str
    doc: SourceDoc | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Votes:
    version: str
    up: int
    down: int
    current: bool


@dataclass(frozen=True)
class Entry:
    """One snippet's part of the sheet."""

    snippet: Snippet
    topic: Topic | None
    draft: bool
    overdue: bool
    due_soon: bool
    days: int
    """Days overdue, or days left until the review is due."""
    file: str
    version: str
    cited: tuple[Cited, ...]
    views: int | None
    """Times opened; None without counts."""
    votes: tuple[Votes, ...]
    stale: frozenset[str]
    """`field.lang` of each translation older than its English (see bot.content.translations)."""


def _cited(library: Library, snippet: Snippet) -> tuple[Cited, ...]:
    """Quotes by source, sources in the order the snippet first cites them, quotes numbered."""
    groups: dict[str, list[SourceRef]] = {}
    for ref in snippet.sources:
        groups.setdefault(ref.source, []).append(ref)
    cited, number = [], 0
    for source_id, refs in groups.items():
        doc = library.sources.get(source_id)
        shown = []
        for ref in refs:
            number += 1
            found = _in_sentence(doc, ref.quote) if doc else None
            shown.append(Quote(number, normalise_quote(ref.quote), found, ref.cut))
        cited.append(Cited(source_id, doc, tuple(shown)))
    return tuple(cited)


def _in_sentence(doc: SourceDoc, quote: str) -> tuple[str, str, str] | None:
    """The excerpt around a quote, widened where needed to its whole sentence (as on the card)."""
    found = excerpt(doc.normalised, quote)
    passage = doc.passage(quote)
    if found is None or passage is None:
        return found
    before, match, after = found
    if passage.before not in before:
        before = "… " + passage.before
    if passage.after not in after:
        after = passage.after + " …"
    return before, match, after


def _votes(facts: Facts, snippet_id: str) -> tuple[Votes, ...]:
    if facts.stats is None:
        return ()
    versions = set(facts.stats.feedback.get(snippet_id, {}))
    current = facts.library.versions.get(snippet_id)
    if current is not None:
        versions.add(current)
    # The current version first, then the others by name: what reviewers judge now comes first.
    return tuple(
        Votes(v, *facts.votes(snippet_id, v), current=v == current)
        for v in sorted(versions, key=lambda v: (v != current, v))
    )


def _entry(facts: Facts, snippet: Snippet) -> Entry:
    library, today = facts.library, facts.today
    views = None
    if facts.stats is not None:
        views = facts.stats.views.get(snippet.id, 0)
    return Entry(
        snippet=snippet,
        topic=library.topic(snippet.topic),
        draft=facts.is_draft(snippet),
        overdue=overdue(snippet, today),
        due_soon=due_soon(snippet, today),
        days=abs((snippet.review.review_due - today).days),
        file=library.paths.get(snippet.id, "?"),
        version=library.versions.get(snippet.id, "?"),
        cited=_cited(library, snippet),
        views=views,
        votes=_votes(facts, snippet.id),
        stale=frozenset(stale(snippet, library.languages.codes)),
    )


def _totals(stats: Stats) -> dict[str, int]:
    votes = stats.all_votes()
    return {
        "views": sum(stats.views.values()),
        "up": votes.up,
        "down": votes.down,
        "matched": stats.typed.matched,
        "unmatched": stats.typed.unmatched,
    }


def _lang_attrs(rtl: frozenset[str]) -> Callable[[str], Markup]:
    """`lang` and `dir` attributes of an element in a language, given those written RTL."""

    @cache
    def attrs(lang: str) -> Markup:
        direction = "rtl" if lang in rtl else "ltr"
        return Markup('lang="{}" dir="{}"').format(lang, direction)

    return attrs


def _paragraphs(text: str) -> list[str]:
    return [b.strip() for b in _PARAGRAPH_BREAK.split(text.strip()) if b.strip()]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # auto_reload off: the templates are package data, and every snippet's include would
    # otherwise look at the file's modification time again.
    env = Environment(
        loader=PackageLoader("bot.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(
        anchor=snippet_anchor,
        due_soon_days=DUE_SOON_DAYS,
        plural=_plural,
    )
    env.filters["paragraphs"] = _paragraphs
    return env


@lru_cache(maxsize=1)
def _css() -> Markup:
    # Inlined as it is, not rendered: CSS is not a template, and nothing in it comes from content.
    return Markup(files("bot.report").joinpath("templates", "sheet.css").read_text("utf-8"))


def build_report(library: Library, today: dt.date, stats: Stats | None = None) -> str:
    """The whole review sheet as one HTML document; `stats` is `Store.stats()`, or None."""
    unmatched = None if stats is None else tuple(group_questions(stats.unmatched))
    facts = Facts(library, today, stats, unmatched)
    entries = [_entry(facts, s) for s in facts.all_snippets()]
    counted: set[str] = set()
    if stats is not None:
        counted = set(stats.views) | set(stats.feedback)
    by_topic: dict[str, list[Entry]] = {}
    for entry in entries:
        by_topic.setdefault(entry.snippet.topic, []).append(entry)
    cited_by: dict[str, list[str]] = {}
    for entry in entries:
        for source_id in dict.fromkeys(ref.source for ref in entry.snippet.sources):
            cited_by.setdefault(source_id, []).append(entry.snippet.id)
    languages = library.languages
    language_names = {
        lang: library.ui[lang].language_name if lang in library.ui else library.language_name(lang)
        for lang in languages.codes
    }
    # The sheet is written in English for reviewers: content texts that stand for a snippet
    # (its title, its topic's) are the English ones, or the source language's without English.
    main = "en" if "en" in languages else languages.source.code
    # Sources may be in a language the content does not offer: their direction is the shipped
    # description's, if there is one.
    rtl = {language.code for language in languages if language.rtl}
    rtl |= {code for code in known_codes() if shipped(code).rtl}
    return (
        _environment()
        .get_template("sheet.html.j2")
        .render(
            library=library,
            today=today,
            stats=stats,
            entries=entries,
            todo=todo(facts),
            totals=_totals(stats) if stats is not None else None,
            gone=sorted(counted - {e.snippet.id for e in entries}),
            unmatched=unmatched,
            by_topic=by_topic,
            cited_by=cited_by,
            language_names=language_names,
            languages=languages.codes,
            lang_attrs=_lang_attrs(frozenset(rtl)),
            main=main,
            source_name=languages.source.english_name,
            css=_css(),
        )
    )
