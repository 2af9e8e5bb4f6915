"""The review sheet's to-do list: what needs a person, each thing linked to its place in the page.

A kind of item is one function here, `(Facts) -> list[Item]`, listed in `KINDS`, and one template,
`templates/todo/<kind>.html.j2`, which says what the thing is and what to do about it. Pure: the
content, today's date and the counts in, items out; a kind with no items is left out of the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.content.library import Library
from bot.content.model import Snippet
from bot.content.translations import stale
from bot.report.unmatched import QuestionGroup
from bot.storage import Stats

DUE_SOON_DAYS = 30
SHOWN_QUESTION_GROUPS = 5
"""The unmatched-question item names this many of the largest groups; the section lists all."""


@dataclass(frozen=True)
class Facts:
    """Everything a kind of item may look at. `stats` is `Store.stats()`; None without --data."""

    library: Library
    today: dt.date
    stats: Stats | None = None
    unmatched: tuple[QuestionGroup, ...] | None = None

    def all_snippets(self) -> list[Snippet]:
        """Approved answers and drafts together, in menu order: by topic, then order, then id."""
        everything = {**self.library.drafts, **self.library.snippets}
        rank = {t.id: i for i, t in enumerate(self.library.topics)}
        return sorted(
            everything.values(), key=lambda s: (rank.get(s.topic, len(rank)), s.order, s.id)
        )

    @property
    def main(self) -> str:
        """The language of the labels: English, the sheet's language, where the content offers
        it; else the language answers are written in."""
        languages = self.library.languages
        return "en" if "en" in languages else languages.source.code

    def is_draft(self, snippet: Snippet) -> bool:
        return snippet.id not in self.library.snippets

    def votes(self, snippet_id: str, version: str) -> tuple[int, int]:
        """(👍, 👎) for one version of one answer; (0, 0) without counts."""
        if self.stats is None:
            return 0, 0
        counts = self.stats.feedback.get(snippet_id, {}).get(version)
        return (counts.up, counts.down) if counts is not None else (0, 0)


@dataclass(frozen=True)
class Item:
    """One thing to do: the page anchor it links to, its label, and what its template shows."""

    anchor: str
    label: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    """The items of one kind; `kind` names its template, `todo/<kind>.html.j2`."""

    kind: str
    items: tuple[Item, ...]


def snippet_anchor(snippet_id: str) -> str:
    return f"s-{snippet_id}"


def overdue(snippet: Snippet, today: dt.date) -> bool:
    """The same rule as the checker's warning: the due day itself is still in time."""
    return snippet.review.review_due < today


def due_soon(snippet: Snippet, today: dt.date) -> bool:
    return not overdue(snippet, today) and snippet.review.review_due <= today + dt.timedelta(
        days=DUE_SOON_DAYS
    )


def _review_item(facts: Facts, snippet: Snippet) -> Item:
    due = snippet.review.review_due
    return Item(
        snippet_anchor(snippet.id),
        snippet.title.get(facts.main),
        {
            "id": snippet.id,
            "due": due,
            "days": abs((due - facts.today).days),
            "file": facts.library.paths.get(snippet.id, snippet.id),
        },
    )


def reviews_overdue(facts: Facts) -> list[Item]:
    """Approved answers past their review date, the longest overdue first (drafts: see drafts)."""
    late = [s for s in facts.all_snippets() if not facts.is_draft(s) and overdue(s, facts.today)]
    return [_review_item(facts, s) for s in sorted(late, key=lambda s: s.review.review_due)]


def reviews_due_soon(facts: Facts) -> list[Item]:
    """Approved answers whose review falls due within DUE_SOON_DAYS, the soonest first."""
    soon = [s for s in facts.all_snippets() if not facts.is_draft(s) and due_soon(s, facts.today)]
    return [_review_item(facts, s) for s in sorted(soon, key=lambda s: s.review.review_due)]


def drafts(facts: Facts) -> list[Item]:
    """Answers written but not approved, which users never see."""
    return [
        Item(
            snippet_anchor(s.id),
            s.title.get(facts.main),
            {"id": s.id, "file": facts.library.paths.get(s.id, s.id)},
        )
        for s in facts.all_snippets()
        if facts.is_draft(s)
    ]


def stale_translations(facts: Facts) -> list[Item]:
    """Answers whose source text (English) changed after their translations were last marked as
    checked."""
    codes = facts.library.languages.codes
    found = [(s, stale(s, codes)) for s in facts.all_snippets()]
    return [
        Item(
            snippet_anchor(s.id),
            s.title.get(facts.main),
            {"id": s.id, "places": places, "file": facts.library.paths.get(s.id, s.id)},
        )
        for s, places in found
        if places
    ]


def cut_quotes(facts: Facts) -> list[Item]:
    """Quotes that stop inside their sentence on purpose, with the reviewer's `cut:` reason."""
    return [
        Item(
            f"quotes-{s.id}",
            s.title.get(facts.main),
            {
                "id": s.id,
                "quote": ref.quote,
                "cut": ref.cut,
                "file": facts.library.paths.get(s.id, s.id),
            },
        )
        for s in facts.all_snippets()
        for ref in s.sources
        if ref.cut
    ]


def disliked(facts: Facts) -> list[Item]:
    """Answers whose current version has more 👎 than 👍, the widest margin first."""
    if facts.stats is None:
        return []
    found = []
    for snippet in facts.library.snippets.values():
        version = facts.library.versions.get(snippet.id)
        if version is None:
            continue
        up, down = facts.votes(snippet.id, version)
        if down > up:
            found.append(
                Item(
                    f"f-{snippet.id}",
                    snippet.title.get(facts.main),
                    {
                        "id": snippet.id,
                        "up": up,
                        "down": down,
                        "version": version,
                        "file": facts.library.paths.get(snippet.id, snippet.id),
                    },
                )
            )
    return sorted(found, key=lambda i: (i.details["up"] - i.details["down"], i.details["id"]))


def help_entries(facts: Facts) -> list[Item]:
    """Organisations of help.yaml that need a person: drafts (not shown), past their review
    date (shown with a 🕓 note), or due within DUE_SOON_DAYS; the most pressing first."""
    found = []
    for org in facts.library.organisations:
        due = org.review.review_due
        if org.review.status != "approved":
            state = "draft"
        elif due < facts.today:
            state = "overdue"
        elif due <= facts.today + dt.timedelta(days=DUE_SOON_DAYS):
            state = "due soon"
        else:
            continue
        found.append(
            Item(
                f"o-{org.id}", org.name.get(facts.main), {"id": org.id, "state": state, "due": due}
            )
        )
    order = {"overdue": 0, "due soon": 1, "draft": 2}
    return sorted(found, key=lambda i: (order[i.details["state"]], i.details["due"]))


def unmatched_questions(facts: Facts) -> list[Item]:
    """The most asked groups of questions that found no answer (only with --data)."""
    if not facts.unmatched:
        return []
    numbered = sorted(enumerate(facts.unmatched, 1), key=lambda pair: (-pair[1].count, pair[0]))
    return [
        Item(f"u-{number}", group.wordings[0].text, {"count": group.count, "last": group.last})
        for number, group in numbered[:SHOWN_QUESTION_GROUPS]
    ]


KINDS: tuple[tuple[str, Callable[[Facts], list[Item]]], ...] = (
    ("reviews_overdue", reviews_overdue),
    ("reviews_due_soon", reviews_due_soon),
    ("disliked", disliked),
    ("drafts", drafts),
    ("stale_translations", stale_translations),
    ("cut_quotes", cut_quotes),
    ("help_entries", help_entries),
    ("unmatched", unmatched_questions),
)
"""The kinds of item, in the order the list shows them: what users see wrong today first."""


def todo(facts: Facts) -> list[Group]:
    """Every kind that has something to do, in `KINDS` order."""
    groups = [Group(kind, tuple(find(facts))) for kind, find in KINDS]
    return [g for g in groups if g.items]
