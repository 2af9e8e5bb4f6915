"""The library: every content file loaded, cross-checked and frozen; or the list of problems.

`load_library` is the one entry point used by the checker, the bot at start-up and `/reload`.
It never raises for bad content: every problem comes back as `path:line: message`, and a library
is returned only when there is no error, so the bot never serves half-checked content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from bot import LANGUAGES, clock
from bot.callbacks import MAX_BYTES, VERSION_LENGTH, longest_for_snippet
from bot.content.cuts import check_cuts
from bot.content.help import Organisation, load_help
from bot.content.loader import Lines, load_model
from bot.content.model import (PLACEHOLDERS, Disclaimer, DisclaimersFile, Snippet, Texts, Topic,
                               TopicsFile, UIStrings)
from bot.content.problems import Problem, errors
from bot.content.sources import Register, SourceDoc, load_sources
from bot.content.translations import stale_problems
from bot.content.writing import one_line, wrong_script
from bot.render import MAX_MESSAGE, card, own_words, support_text, visible_length

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MAX_TITLE = 45
"""A button label longer than this is cut off on a phone."""


@dataclass(frozen=True)
class Library:
    """Checked content, immutable: swapping it on /reload is one assignment."""

    topics: tuple[Topic, ...]
    snippets: Mapping[str, Snippet]
    drafts: Mapping[str, Snippet]
    sources: Mapping[str, SourceDoc]
    disclaimers: Mapping[str, Disclaimer]
    ui: Mapping[str, UIStrings]
    paths: Mapping[str, str]
    versions: Mapping[str, str]
    version: str
    organisations: tuple[Organisation, ...] = ()
    """content/help.yaml, drafts too (people see only approved ones)."""
    _by_topic: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def in_topic(self, topic_id: str) -> tuple[Snippet, ...]:
        return tuple(self.snippets[i] for i in self._by_topic.get(topic_id, ()))


@dataclass(frozen=True)
class LoadResult:
    library: Library | None
    problems: list[Problem]
    files: int = 0


def load_library(content_dir: Path, seeds_dir: Path, today: dt.date | None = None) -> LoadResult:
    """Load and check everything; `today` decides which reviews are overdue."""
    today = today or clock.today()
    problems: list[Problem] = []
    digest = hashlib.sha256()

    if not content_dir.is_dir():
        return LoadResult(None, [Problem(str(content_dir), 1, "the content folder does not exist")])
    register, found = load_sources(seeds_dir)
    sources = register.docs
    problems += found

    topics_path = content_dir / "topics.yaml"
    topics_file, topic_line, found = load_model(topics_path, str(topics_path), TopicsFile)
    problems += found
    topics: list[Topic] = []
    topic_lines: dict[str, int] = {}
    for index, topic in enumerate(topics_file.topics if topics_file else []):
        line = topic_line("topics", index, "id")
        problems += check_writing([("title", topic.title, True)], topic_line, str(topics_path),
                                  "topics", index)
        if topic.id in topic_lines:
            problems.append(Problem(str(topics_path), line, f"the topic id '{topic.id}' is used twice"))
        else:
            topics.append(topic)
            topic_lines[topic.id] = line

    disc_path = content_dir / "disclaimers.yaml"
    disc_file, disc_line, found = load_model(disc_path, str(disc_path), DisclaimersFile)
    problems += found
    disclaimers = dict(disc_file.disclaimers) if disc_file else {}
    for name, texts in disclaimers.items():
        problems += check_writing([(name, texts, False)], disc_line, str(disc_path), "disclaimers")
    if disc_file and "default" not in disclaimers:
        problems.append(Problem(str(disc_path), disc_line("disclaimers"),
                                "there is no 'default' disclaimer; every answer without its own needs it"))

    ui: dict[str, UIStrings] = {}
    for lang in LANGUAGES:
        path = content_dir / "ui" / f"{lang}.yaml"
        strings, ui_line, found = load_model(path, str(path), UIStrings)
        problems += found
        if strings is not None:
            problems += _check_placeholders(strings, ui_line, str(path))
            ui[lang] = strings

    help_path = content_dir / "help.yaml"
    organisations, found = load_help(help_path, today)
    problems += found

    for path in (topics_path, disc_path, seeds_dir / "sources.yaml", help_path,
                 *(content_dir / "ui" / f"{lang}.yaml" for lang in LANGUAGES)):
        digest.update(_bytes(path))

    snippets: dict[str, Snippet] = {}
    paths: dict[str, str] = {}
    versions: dict[str, str] = {}
    # Cards are rendered against the shared pieces as each snippet is read, so no parsed file
    # is kept once it has been checked (they are several times the size of the text).
    frame = Library(tuple(topics), {}, {}, MappingProxyType(sources),
                    MappingProxyType(disclaimers), MappingProxyType(ui), {}, {}, "")
    can_render = len(ui) == len(LANGUAGES) and "default" in disclaimers
    topic_ids = {t.id for t in topics}
    snippets_dir = content_dir / "snippets"
    snippet_files = sorted(snippets_dir.glob("*/*.yaml"))
    for stray in sorted(snippets_dir.glob("*.yaml")):
        problems.append(Problem(str(stray), 1, "this answer is not in a topic's folder, so it is "
                                               f"never served: move it to {snippets_dir}/<its "
                                               "topic>/"))
    for stray in sorted(snippets_dir.glob("*/*/**/*.yaml")):
        problems.append(Problem(str(stray), 1, "this answer is in a folder inside a topic's "
                                               "folder, so it is never served: move it up to "
                                               f"{snippets_dir}/<its topic>/"))
    related_lines: dict[str, Lines] = {}
    if not (content_dir / "snippets").is_dir():
        problems.append(Problem(str(content_dir / "snippets"), 1, "the snippets folder does not exist"))
    for stray in sorted((content_dir / "snippets").glob("**/*.yml")):
        problems.append(Problem(str(stray), 1, "ignored: snippet files must end in .yaml"))
    for path in snippet_files:
        shown = str(path)
        data = _bytes(path)
        digest.update(shown.encode() + b"\0" + data)
        snippet, where, found = load_model(path, shown, Snippet)
        problems += found
        if snippet is None:
            continue
        if snippet.id in snippets:
            problems.append(Problem(shown, where("id"), f"the id '{snippet.id}' is already used by "
                                                        f"{paths[snippet.id]}; ids must be unique"))
            continue
        own = _check_snippet(snippet, where, shown, path, topic_ids, register, disclaimers, today)
        if can_render and not errors(own):
            own += _check_card(frame, snippet, where, shown)
        problems += own + stale_problems(snippet, where, shown)
        if snippet.related:
            related_lines[snippet.id] = where.keep(
                ("related",), *(("related", i) for i in range(len(snippet.related))))
        snippets[snippet.id] = snippet
        paths[snippet.id] = shown
        versions[snippet.id] = hashlib.sha256(data).hexdigest()[:VERSION_LENGTH]

    served = {i: s for i, s in snippets.items() if s.review.status == "approved"}
    for snippet_id, where in related_lines.items():
        problems += check_related(snippets[snippet_id], where, paths[snippet_id], snippets)
    by_topic = {t.id: tuple(s.id for s in sorted(served.values(), key=lambda s: (s.order, s.id))
                            if s.topic == t.id) for t in topics}
    library = Library(
        topics=tuple(topics),
        snippets=MappingProxyType(served),
        drafts=MappingProxyType({i: s for i, s in snippets.items() if i not in served}),
        sources=MappingProxyType(sources), disclaimers=MappingProxyType(disclaimers),
        ui=MappingProxyType(ui), paths=MappingProxyType(paths),
        versions=MappingProxyType(versions), version=digest.hexdigest()[:12],
        organisations=organisations, _by_topic=MappingProxyType(by_topic))
    if can_render and organisations:
        problems += _check_support(library, str(help_path), today)

    for topic in topics if not errors(problems) else ():
        if not by_topic.get(topic.id):
            problems.append(Problem(str(topics_path), topic_lines[topic.id],
                                    f"topic '{topic.id}' has no approved answers yet, so its menu "
                                    "is empty", warning=True))
    problems = sorted(set(problems))
    ok = not errors(problems)
    return LoadResult(library if ok else None, problems, files=len(snippet_files))


def _check_support(library: Library, shown: str, today: dt.date) -> list[Problem]:
    """The "Where to get help" screen in every language, every entry with its 🕓 note."""
    worst_day = max(o.review.review_due for o in library.organisations) + dt.timedelta(days=1)
    problems = []
    for lang in LANGUAGES:
        length = visible_length(support_text(library, lang, None, worst_day, drafts=True))
        if length > MAX_MESSAGE:
            problems.append(Problem(shown, 1, f"the {lang} 'Where to get help' screen would be "
                                              f"{length} characters; Telegram allows "
                                              f"{MAX_MESSAGE}: shorten the offers.{lang} texts"))
    return problems


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def check_writing(fields: list[tuple[str, Texts, bool]], where: Lines, shown: str,
                  *loc: str | int) -> list[Problem]:
    """Each (name, texts, shown on one line) in the script of its language, and on one line."""
    problems = []
    for name, texts, single in fields:
        for lang in LANGUAGES:
            value = texts.get(lang)
            said = (one_line(value, f"{name}.{lang}") if single else None) or \
                wrong_script(value, lang, f"{name}.{lang}")
            if said:
                problems.append(Problem(shown, where(*loc, name, lang), said))
    return problems


def _check_placeholders(strings: UIStrings, lines: Lines, shown: str) -> list[Problem]:
    problems = []
    for key, value in strings.model_dump().items():
        if not isinstance(value, str):
            continue
        expected = PLACEHOLDERS.get(key, frozenset())
        used = set(_PLACEHOLDER.findall(value))
        if used != expected or value.count("{") != value.count("}"):
            want = ", ".join("{" + p + "}" for p in sorted(expected)) or "no {placeholders}"
            problems.append(Problem(shown, lines(key), f"'{key}' must contain exactly {want} "
                                                 f"(it has {', '.join(sorted(used)) or 'none'})"))
    return problems


def _check_snippet(snippet: Snippet, where: Lines, shown: str, path: Path, topic_ids: set[str],
                   register: Register, disclaimers: Mapping[str, Disclaimer],
                   today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    if path.stem != snippet.id:
        problems.append(Problem(shown, where("id"), f"the file is named '{path.name}' but its id is "
                                                    f"'{snippet.id}'; name it {snippet.id}.yaml"))
    if topic_ids and snippet.topic not in topic_ids:  # none: topics.yaml is broken, and said so
        problems.append(Problem(shown, where("topic"), f"unknown topic '{snippet.topic}' (topics: "
                                                       f"{', '.join(sorted(topic_ids)) or 'none'})"))
    elif topic_ids and path.parent.name != snippet.topic:
        problems.append(Problem(shown, where("topic"), f"the file is in the folder "
                                                       f"'{path.parent.name}' but its topic is "
                                                       f"'{snippet.topic}'; move it to snippets/{snippet.topic}/"))
    if disclaimers and snippet.disclaimer is not None and snippet.disclaimer not in disclaimers:
        problems.append(Problem(shown, where("disclaimer"), f"unknown disclaimer '{snippet.disclaimer}' "
                                                            f"(known: {', '.join(sorted(disclaimers))})"))
    if longest_for_snippet(snippet.id) > MAX_BYTES:
        problems.append(Problem(shown, where("id"), f"the id '{snippet.id}' is too long: its buttons "
                                                    f"would carry {longest_for_snippet(snippet.id)} bytes "
                                                    f"and Telegram allows {MAX_BYTES}; shorten it"))
    for index, ref in enumerate(snippet.sources):
        doc = register.docs.get(ref.source)
        if register.named is None:
            continue  # the register itself is broken and reported; don't blame every snippet
        if ref.source not in register.named:
            problems.append(Problem(shown, where("sources", index, "source"),
                                    f"unknown source '{ref.source}' (registered: "
                                    f"{', '.join(sorted(register.named)) or 'none'})"))
        elif doc is not None and not doc.contains(ref.quote):
            problems.append(Problem(shown, where("sources", index, "quote"),
                                    f"this quote is not in the source '{ref.source}' "
                                    f"({doc.meta.file}); {doc.closest(ref.quote)}"))
    if register.named is not None and not errors(problems):
        problems += check_cuts(snippet, register.docs,
                               lambda index: where("sources", index, "quote"), shown)
    problems += check_writing([("title", snippet.title, True), ("question", snippet.question, True),
                               ("answer", snippet.answer, False)], where, shown)
    for lang in LANGUAGES:
        if len(snippet.title.get(lang)) > MAX_TITLE:
            problems.append(Problem(shown, where("title", lang),
                                    f"title.{lang} is {len(snippet.title.get(lang))} characters; "
                                    f"buttons show about {MAX_TITLE}, so shorten it", warning=True))
        if not snippet.examples.get(lang):
            problems.append(Problem(shown, where("examples"), f"no {lang} examples: typed questions in "
                                                              f"{lang} can only match the question itself",
                                    warning=True))
    if snippet.review.status != "approved":
        problems.append(Problem(shown, where("review", "status"),
                                f"status is '{snippet.review.status}': this answer is not shown to users",
                                warning=True))
    if snippet.review.review_due < today:
        problems.append(Problem(shown, where("review", "review_due"),
                                f"the review was due on {snippet.review.review_due}: review it and "
                                "set new dates (users see a note that it may be out of date)",
                                warning=True))
    if snippet.review.reviewed_on > today:
        problems.append(Problem(shown, where("review", "reviewed_on"),
                                f"reviewed_on {snippet.review.reviewed_on} is in the future"))
    return problems


MAX_RELATED = 3
""""See also" buttons under one answer; more would push the answer's own buttons off a phone."""


def check_related(snippet: Snippet, where: Lines, shown: str,
                  snippets: Mapping[str, Snippet]) -> list[Problem]:
    """`related` names other answers that exist and are approved, each once, at most three."""
    problems = []
    if len(snippet.related) > MAX_RELATED:
        problems.append(Problem(shown, where("related"),
                                f"related lists {len(snippet.related)} answers; at most "
                                f"{MAX_RELATED} fit as buttons under a card: keep the ones that "
                                "matter most"))
    seen: set[str] = set()
    for index, other in enumerate(snippet.related):
        line = where("related", index)
        if other == snippet.id:
            problems.append(Problem(shown, line, f"related lists '{other}', this answer itself"))
        elif other in seen:
            problems.append(Problem(shown, line, f"related lists '{other}' twice"))
        elif other not in snippets:
            problems.append(Problem(shown, line, f"related: there is no answer with the id "
                                                 f"'{other}'"))
        elif snippets[other].review.status != "approved":
            # A warning, so that taking one answer back to draft does not stop the others
            # being served; its button is simply left out until it is approved again.
            problems.append(Problem(shown, line, f"related: '{other}' is not approved (status "
                                                 f"'{snippets[other].review.status}'), so its "
                                                 "button is not shown", warning=True))
        seen.add(other)
    return problems


def _check_card(frame: Library, snippet: Snippet, where: Lines, shown: str) -> list[Problem]:
    """Render the card in every language in its longest form (with the overdue note)."""
    problems = []
    worst_day = snippet.review.review_due + dt.timedelta(days=1)
    for lang in LANGUAGES:
        length = visible_length(card(frame, snippet, lang, worst_day))
        if length > MAX_MESSAGE:
            quotes = sum(visible_length(part) + 2 for part in own_words(frame, snippet, lang))
            problems.append(Problem(shown, where("answer", lang),
                                    f"the {lang} card of '{snippet.id}' is {length} characters "
                                    f"({quotes} of them the source's own words, the whole "
                                    f"sentences around its quotes); Telegram allows "
                                    f"{MAX_MESSAGE}: shorten answer.{lang} or the quotes"))
    return problems
