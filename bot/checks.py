"""Telegram's limits, checked on content before it ships: card length and button data size.

These checks need both the content and the way it is shown (the rendered card, the encoded
button data), so they live above `bot.content` and `bot.render`, and `load_checked` is how
everything that loads content (the bot, `/reload`, `check`, `chat`, `report`) runs them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

from bot import clock
from bot.callbacks import MAX_BYTES, longest_for_snippet
from bot.content.library import Finding, Library, LoadResult, load_library
from bot.content.problems import Problem, errors
from bot.invocation import program
from bot.language import LIST_FILE
from bot.render import MAX_MESSAGE, CardContext, card, own_words, support_text, visible_length


def telegram_limits(library: Library, clean: frozenset[str]) -> Iterator[Finding]:
    """Every snippet's button data fits; every clean snippet's card fits, in every language."""
    context = CardContext.of(library)
    for snippets in (library.snippets, library.drafts):
        for snippet in snippets.values():
            longest = longest_for_snippet(snippet.id)
            if longest > MAX_BYTES:
                yield Finding(
                    snippet.id,
                    ("id",),
                    f"the id '{snippet.id}' is too long: its buttons would carry "
                    f"{longest} bytes and Telegram allows {MAX_BYTES}; shorten it",
                )
            if snippet.id not in clean:
                continue
            # The longest form of the card: the day after its review fell due, with the note.
            worst_day = snippet.review.review_due + dt.timedelta(days=1)
            for lang in library.languages.codes:
                length = visible_length(card(context, snippet, lang, worst_day))
                if length > MAX_MESSAGE:
                    quotes = sum(
                        visible_length(part) + 2 for part in own_words(context, snippet, lang)
                    )
                    yield Finding(
                        snippet.id,
                        ("answer", lang),
                        f"the {lang} card of '{snippet.id}' is {length} characters "
                        f"({quotes} of them the source's own words, the whole "
                        f"sentences around its quotes); Telegram allows "
                        f"{MAX_MESSAGE}: shorten answer.{lang} or the quotes",
                    )


def support_fits(library: Library, shown: str) -> Iterator[Problem]:
    """The "Where to get help" screen fits a message in every language, drafts included, every
    entry with its 🕓 note."""
    codes = library.languages.codes
    if not library.organisations or any(lang not in library.ui for lang in codes):
        return
    worst_day = max(o.review.review_due for o in library.organisations) + dt.timedelta(days=1)
    for lang in codes:
        length = visible_length(support_text(library, lang, None, worst_day, drafts=True))
        if length > MAX_MESSAGE:
            yield Problem(
                shown,
                1,
                f"the {lang} 'Where to get help' screen would be {length} "
                f"characters; Telegram allows {MAX_MESSAGE}: shorten the "
                f"offers.{lang} texts",
            )


MAX_BUTTONS = 100
"""Buttons Telegram is reported to accept in one message (more: "reply markup is too long").
The Bot API does not document it, hence a warning rather than an error."""


def menu_sizes(library: Library, topics_file: Path, limit: int = MAX_BUTTONS) -> Iterator[Problem]:
    """The main menu and every topic's menu fit in one message's buttons."""
    shown = str(topics_file)
    lines = topics_file.read_text(encoding="utf-8").splitlines() if topics_file.is_file() else []
    topics = library.topics
    buttons = len(topics) + 1 + len(library.languages.codes)  # "Where to get help", languages
    if buttons > limit:
        yield Problem(
            shown,
            1,
            f"the main menu would have {buttons} buttons ({len(topics)} topics); Telegram is "
            f"reported to refuse more than {limit} in one message: merge some topics",
            warning=True,
        )
    for topic in topics:
        buttons = len(library.in_topic(topic.id)) + 2  # Back, Main menu
        if buttons > limit:
            line = next(
                (n for n, text in enumerate(lines, 1) if text.strip() == f"- id: {topic.id}"), 1
            )
            yield Problem(
                shown,
                line,
                f"the menu of topic '{topic.id}' would have {buttons} buttons (one per "
                f"answer); Telegram is reported to refuse more than {limit} in one message: "
                "split the topic",
                warning=True,
            )


def load_checked(
    content_dir: Path,
    seeds_dir: Path,
    today: dt.date | None = None,
    default_language: str | None = None,
) -> LoadResult:
    """The content, checked in full (its own rules and Telegram's limits), or its problems;
    with `default_language` (BOT_DEFAULT_LANGUAGE), the content must offer it."""
    help_file = str(content_dir / "help.yaml")
    result = load_library(
        content_dir,
        seeds_dir,
        today or clock.today(),
        checks=(
            telegram_limits,
            lambda library, clean: support_fits(library, help_file),
            lambda library, clean: menu_sizes(library, content_dir / "topics.yaml"),
        ),
    )
    if result.library is None or default_language is None:
        return result
    offered = result.library.languages
    if default_language in offered:
        return result
    problem = Problem(
        str(content_dir / LIST_FILE),
        1,
        f"BOT_DEFAULT_LANGUAGE is '{default_language}', but this content does not offer it "
        f"(it offers {', '.join(offered.codes)}): add it here, or set BOT_DEFAULT_LANGUAGE to "
        f"one of them",
    )
    return LoadResult(None, sorted({*result.problems, problem}), result.files)


def load_or_explain(
    content_dir: Path,
    seeds_dir: Path,
    today: dt.date | None = None,
    consequence: str = "",
    default_language: str | None = None,
) -> Library | None:
    """The checked library; or None, after printing its errors (on stdout, as `check` does) and
    what to do, then `consequence`: what did not happen because of them (on stderr)."""
    result = load_checked(content_dir, seeds_dir, today, default_language)
    if result.library is not None:
        return result.library
    found = errors(result.problems)
    for problem in found:
        print(problem)
    print(
        f"The content has {len(found)} error(s); fix them first (`{program()} check` lists "
        f"them, with the warnings).{' ' + consequence if consequence else ''}",
        file=sys.stderr,
    )
    return None
