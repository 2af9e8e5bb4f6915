"""The library: every content file loaded, cross-checked and frozen; or the list of problems.

`load_library` reads the content folder one file kind at a time (topics, disclaimers, interface
texts, snippets) and never raises for bad content: every problem comes back as
`path:line: message`, and a library is returned only when there is no error, so the bot never
serves half-checked content. Checks that need more than content (whether a card fits a Telegram
message, whether a button's data fits its bytes) are passed in by the caller: `bot.checks`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot import clock
from bot.content.cuts import check_cuts
from bot.content.help import Organisation, load_help
from bot.content.loader import Lines, load_model, read_text
from bot.content.model import (
    PLACEHOLDERS,
    ContextFile,
    Disclaimer,
    DisclaimersFile,
    SituationChange,
    Snippet,
    Texts,
    Topic,
    TopicsFile,
    UIStrings,
)
from bot.content.problems import Problem, errors
from bot.content.reader import read
from bot.content.review import review_problems
from bot.content.sources import Register, SourceDoc, load_sources
from bot.content.translations import stale_problems
from bot.content.writing import one_line, wrong_script
from bot.language import LIST_FILE, Languages, described_names, load_languages, other_names

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MAX_TITLE = 45
"""A button label longer than this is cut off on a phone."""
VERSION_LENGTH = 8
"""Hex digits of a snippet's version (a hash of its file): votes name the version they judge."""


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
    languages: Languages
    """The languages the content offers, in menu order (content/languages.yaml)."""
    organisations: tuple[Organisation, ...] = ()
    """content/help.yaml, drafts too (people see only approved ones)."""
    changed: SituationChange | None = None
    """content/context.yaml's situation_changed: sources written before it are outdated."""
    described_names: Mapping[str, str] = field(default_factory=dict)
    """Code -> name in itself of every described language, offered or not (help.yaml)."""
    _by_topic: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def outdated(self, source_id: str) -> bool:
        doc = self.sources.get(source_id)
        return bool(doc and self.changed and self.changed.outdated(doc.meta))

    def language_name(self, code: str) -> str:
        """A language's name in itself, for people: any language an organisation may work in."""
        offered = self.languages.get(code)
        if offered is not None:
            return offered.name
        return self.described_names.get(code) or other_names().get(code, code)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def in_topic(self, topic_id: str) -> tuple[Snippet, ...]:
        return tuple(self.snippets[i] for i in self._by_topic.get(topic_id, ()))


@dataclass(frozen=True)
class LoadResult:
    library: Library | None
    problems: list[Problem]
    files: int = 0


@dataclass(frozen=True)
class Finding:
    """A problem a caller's check found in one snippet, at a field path such as ("answer", "ar")."""

    snippet_id: str
    at: tuple[str | int, ...]
    message: str
    warning: bool = False


SnippetsCheck = Callable[[Library, frozenset[str]], Iterable[Finding | Problem]]
"""A check run on the loaded content: it gets every snippet (approved or draft, in `snippets`
and `drafts`) and the ids of those that loaded without errors of their own (none when the
shared pieces a card needs are broken)."""


def load_library(
    content_dir: Path,
    seeds_dir: Path,
    today: dt.date | None = None,
    checks: Iterable[SnippetsCheck] = (),
) -> LoadResult:
    """Load and check everything; `today` decides which reviews are overdue."""
    today = today or clock.today()
    if not content_dir.is_dir():
        return LoadResult(None, [Problem(str(content_dir), 1, "the content folder does not exist")])
    register, problems = load_sources(seeds_dir)
    languages, found = load_languages(content_dir)
    problems += found
    if languages is None:  # nothing else can be read without knowing its languages
        return LoadResult(None, sorted(set(problems)))
    topics, topic_lines, found = _load_topics(content_dir / "topics.yaml", languages)
    problems += found
    disclaimers, found = _load_disclaimers(content_dir / "disclaimers.yaml", languages)
    problems += found
    ui, found = _load_ui(content_dir / "ui", languages)
    problems += found
    described = described_names(content_dir)
    organisations, found = load_help(content_dir / "help.yaml", today, _names(languages), described)
    problems += found
    changed, found = _load_context(content_dir / "context.yaml", register.docs, languages)
    problems += found
    digest = hashlib.sha256()
    for path in (
        content_dir / LIST_FILE,
        content_dir / "topics.yaml",
        content_dir / "disclaimers.yaml",
        seeds_dir / "sources.yaml",
        content_dir / "help.yaml",
        content_dir / "context.yaml",
        *(content_dir / "ui" / f"{lang}.yaml" for lang in languages.codes),
    ):
        digest.update(_bytes(path))
    snippets, found = _load_snippets(
        content_dir / "snippets", topics, register, disclaimers, today, digest.update, languages
    )
    problems += found

    for snippet_id, where in snippets.related_lines.items():
        problems += check_related(
            snippets.loaded[snippet_id], where, snippets.paths[snippet_id], snippets.loaded
        )
    served = {i: s for i, s in snippets.loaded.items() if s.review.status == "approved"}
    by_topic = {
        t.id: tuple(
            s.id for s in sorted(served.values(), key=lambda s: (s.order, s.id)) if s.topic == t.id
        )
        for t in topics
    }
    library = Library(
        topics=tuple(topics),
        snippets=MappingProxyType(served),
        drafts=MappingProxyType({i: s for i, s in snippets.loaded.items() if i not in served}),
        sources=MappingProxyType(register.docs),
        disclaimers=MappingProxyType(disclaimers),
        ui=MappingProxyType(ui),
        paths=MappingProxyType(snippets.paths),
        versions=MappingProxyType(snippets.versions),
        version=digest.hexdigest()[:12],
        languages=languages,
        organisations=tuple(organisations),
        changed=changed,
        described_names=MappingProxyType(described),
        _by_topic=MappingProxyType(by_topic),
    )

    can_render = len(ui) == len(languages) and "default" in disclaimers and changed is not None
    clean = frozenset(snippets.clean) if can_render else frozenset()
    for check in checks:
        problems += _placed(check(library, clean), snippets.paths)

    for topic in topics if not errors(problems) else ():
        if not by_topic.get(topic.id):
            problems.append(
                Problem(
                    str(content_dir / "topics.yaml"),
                    topic_lines[topic.id],
                    f"topic '{topic.id}' has no approved answers yet, so its menu is empty",
                    warning=True,
                )
            )
    problems = sorted(set(problems))
    ok = not errors(problems)
    return LoadResult(library if ok else None, problems, files=snippets.files)


# --- one function per file kind -----------------------------------------------------------


def _load_topics(
    path: Path, languages: Languages
) -> tuple[list[Topic], dict[str, int], list[Problem]]:
    """topics.yaml: the topics in menu order, and the line of each id."""
    topics_file, topic_line, problems = load_model(path, str(path), TopicsFile, _names(languages))
    topics: list[Topic] = []
    lines: dict[str, int] = {}
    for index, topic in enumerate(topics_file.topics if topics_file else []):
        line = topic_line("topics", index, "id")
        problems += check_writing(
            [("title", topic.title, True)], topic_line, str(path), languages, "topics", index
        )
        if topic.id in lines:
            problems.append(Problem(str(path), line, f"the topic id '{topic.id}' is used twice"))
        else:
            topics.append(topic)
            lines[topic.id] = line
    return topics, lines, problems


def _load_disclaimers(
    path: Path, languages: Languages
) -> tuple[dict[str, Disclaimer], list[Problem]]:
    """disclaimers.yaml: named disclaimer texts, one of them 'default'."""
    disc_file, disc_line, problems = load_model(path, str(path), DisclaimersFile, _names(languages))
    disclaimers = dict(disc_file.disclaimers) if disc_file else {}
    for name, texts in disclaimers.items():
        problems += check_writing(
            [(name, texts, False)], disc_line, str(path), languages, "disclaimers"
        )
    if disc_file and "default" not in disclaimers:
        problems.append(
            Problem(
                str(path),
                disc_line("disclaimers"),
                "there is no 'default' disclaimer; every answer without its own needs it",
            )
        )
    return disclaimers, problems


def _load_ui(folder: Path, languages: Languages) -> tuple[dict[str, UIStrings], list[Problem]]:
    """ui/<language>.yaml: every interface text, one file per language."""
    ui: dict[str, UIStrings] = {}
    problems: list[Problem] = []
    for lang in languages.codes:
        path = folder / f"{lang}.yaml"
        strings, ui_line, found = load_model(path, str(path), UIStrings)
        problems += found
        if strings is not None:
            problems += _check_placeholders(strings, ui_line, str(path))
            ui[lang] = strings
    return ui, problems


@dataclass
class _Snippets:
    loaded: dict[str, Snippet] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    clean: list[str] = field(default_factory=list)
    """Ids whose own file has no error: the ones later checks may render."""
    related_lines: dict[str, Lines] = field(default_factory=dict)
    """Line finders of the snippets with `related` answers, checked once all are read."""
    files: int = 0


def _load_snippets(
    folder: Path,
    topics: list[Topic],
    register: Register,
    disclaimers: Mapping[str, Disclaimer],
    today: dt.date,
    fingerprint: Callable[[bytes], None],
    languages: Languages,
) -> tuple[_Snippets, list[Problem]]:
    """snippets/<topic>/<id>.yaml: one answer per file. Only the models are kept: a parsed
    file is several times the size of its text."""
    found = _Snippets()
    problems: list[Problem] = []
    topic_ids = {t.id for t in topics}
    snippet_files = sorted(folder.glob("*/*.yaml"))
    found.files = len(snippet_files)
    for stray in sorted(folder.glob("*.yaml")):
        problems.append(
            Problem(
                str(stray),
                1,
                "this answer is not in a topic's folder, so it is "
                f"never served: move it to {folder}/<its "
                "topic>/",
            )
        )
    for stray in sorted(folder.glob("*/*/**/*.yaml")):
        problems.append(
            Problem(
                str(stray),
                1,
                "this answer is in a folder inside a topic's "
                "folder, so it is never served: move it up to "
                f"{folder}/<its topic>/",
            )
        )
    if not folder.is_dir():
        problems.append(Problem(str(folder), 1, "the snippets folder does not exist"))
    for stray in sorted(folder.glob("**/*.yml")):
        problems.append(Problem(str(stray), 1, "ignored: snippet files must end in .yaml"))
    for path in snippet_files:
        shown = str(path)
        data = _bytes(path)
        fingerprint(shown.encode() + b"\0" + data)
        snippet, where, loaded = load_model(path, shown, Snippet, _names(languages))
        problems += loaded
        if snippet is None:
            continue
        if snippet.id in found.loaded:
            problems.append(
                Problem(
                    shown,
                    where("id"),
                    f"the id '{snippet.id}' is already used by "
                    f"{found.paths[snippet.id]}; ids must be unique",
                )
            )
            continue
        own = _check_snippet(
            snippet, where, shown, path, topic_ids, register, disclaimers, today, languages
        )
        problems += own + stale_problems(snippet, where, shown, languages.codes)
        if snippet.related:
            found.related_lines[snippet.id] = where.keep(
                ("related",), *(("related", i) for i in range(len(snippet.related)))
            )
        found.loaded[snippet.id] = snippet
        found.paths[snippet.id] = shown
        found.versions[snippet.id] = hashlib.sha256(data).hexdigest()[:VERSION_LENGTH]
        if not errors(own):
            found.clean.append(snippet.id)
    return found, problems


def check_writing(
    fields: list[tuple[str, Texts, bool]],
    where: Lines,
    shown: str,
    languages: Languages,
    *loc: str | int,
) -> list[Problem]:
    """Each (name, texts, shown on one line) in the script of its language, and on one line."""
    problems = []
    for name, texts, single in fields:
        for language in languages:
            lang = language.code
            value = texts.get(lang)
            said = (one_line(value, f"{name}.{lang}") if single else None) or wrong_script(
                value, language.script, language.english_name, f"{name}.{lang}"
            )
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
            problems.append(
                Problem(
                    shown,
                    lines(key),
                    f"'{key}' must contain exactly {want} "
                    f"(it has {', '.join(sorted(used)) or 'none'})",
                )
            )
    return problems


def _check_snippet(
    snippet: Snippet,
    where: Lines,
    shown: str,
    path: Path,
    topic_ids: set[str],
    register: Register,
    disclaimers: Mapping[str, Disclaimer],
    today: dt.date,
    languages: Languages,
) -> list[Problem]:
    problems: list[Problem] = []
    if path.stem != snippet.id:
        problems.append(
            Problem(
                shown,
                where("id"),
                f"the file is named '{path.name}' but its id is "
                f"'{snippet.id}'; name it {snippet.id}.yaml",
            )
        )
    if topic_ids and snippet.topic not in topic_ids:  # none: topics.yaml is broken, and said so
        problems.append(
            Problem(
                shown,
                where("topic"),
                f"unknown topic '{snippet.topic}' (topics: "
                f"{', '.join(sorted(topic_ids)) or 'none'})",
            )
        )
    elif topic_ids and path.parent.name != snippet.topic:
        problems.append(
            Problem(
                shown,
                where("topic"),
                f"the file is in the folder "
                f"'{path.parent.name}' but its topic is "
                f"'{snippet.topic}'; move it to snippets/{snippet.topic}/",
            )
        )
    if disclaimers and snippet.disclaimer is not None and snippet.disclaimer not in disclaimers:
        problems.append(
            Problem(
                shown,
                where("disclaimer"),
                f"unknown disclaimer '{snippet.disclaimer}' "
                f"(known: {', '.join(sorted(disclaimers))})",
            )
        )
    for index, ref in enumerate(snippet.sources):
        doc = register.docs.get(ref.source)
        if register.named is None:
            continue  # the register itself is broken and reported; don't blame every snippet
        if ref.source not in register.named:
            problems.append(
                Problem(
                    shown,
                    where("sources", index, "source"),
                    f"unknown source '{ref.source}' (registered: "
                    f"{', '.join(sorted(register.named)) or 'none'})",
                )
            )
        elif doc is not None and not doc.contains(ref.quote):
            problems.append(
                Problem(
                    shown,
                    where("sources", index, "quote"),
                    f"this quote is not in the source '{ref.source}' "
                    f"({doc.meta.file}); {doc.closest(ref.quote)}",
                )
            )
    if register.named is not None and not errors(problems):
        problems += check_cuts(
            snippet, register.docs, lambda index: where("sources", index, "quote"), shown
        )
    problems += check_writing(
        [
            ("title", snippet.title, True),
            ("question", snippet.question, True),
            ("answer", snippet.answer, False),
        ],
        where,
        shown,
        languages,
    )
    for lang in languages.codes:
        if len(snippet.title.get(lang)) > MAX_TITLE:
            problems.append(
                Problem(
                    shown,
                    where("title", lang),
                    f"title.{lang} is {len(snippet.title.get(lang))} characters; "
                    f"buttons show about {MAX_TITLE}, so shorten it",
                    warning=True,
                )
            )
        if not snippet.examples.get(lang):
            problems.append(
                Problem(
                    shown,
                    where("examples"),
                    f"no {lang} examples: typed questions in "
                    f"{lang} can only match the question itself",
                    warning=True,
                )
            )
    problems += review_problems(
        snippet.review,
        shown,
        where,
        today,
        hidden="this answer is not shown to users",
        overdue="review it and set new dates (users see a note that it may be out of date)",
    )
    return problems


MAX_RELATED = 3
""""See also" buttons under one answer; more would push the answer's own buttons off a phone."""


def check_related(
    snippet: Snippet, where: Lines, shown: str, snippets: Mapping[str, Snippet]
) -> list[Problem]:
    """`related` names other answers that exist and are approved, each once, at most three."""
    problems = []
    if len(snippet.related) > MAX_RELATED:
        problems.append(
            Problem(
                shown,
                where("related"),
                f"related lists {len(snippet.related)} answers; at most "
                f"{MAX_RELATED} fit as buttons under a card: keep the ones that "
                "matter most",
            )
        )
    seen: set[str] = set()
    for index, other in enumerate(snippet.related):
        line = where("related", index)
        if other == snippet.id:
            problems.append(Problem(shown, line, f"related lists '{other}', this answer itself"))
        elif other in seen:
            problems.append(Problem(shown, line, f"related lists '{other}' twice"))
        elif other not in snippets:
            problems.append(
                Problem(shown, line, f"related: there is no answer with the id '{other}'")
            )
        elif snippets[other].review.status != "approved":
            # A warning, so that taking one answer back to draft does not stop the others
            # being served; its button is simply left out until it is approved again.
            problems.append(
                Problem(
                    shown,
                    line,
                    f"related: '{other}' is not approved (status "
                    f"'{snippets[other].review.status}'), so its "
                    "button is not shown",
                    warning=True,
                )
            )
        seen.add(other)
    return problems


def _placed(findings: Iterable[Finding | Problem], paths: Mapping[str, str]) -> list[Problem]:
    """Findings as `path:line` problems; a file is read again only when it has one."""
    problems = []
    lines: dict[str, Lines] = {}
    for finding in findings:
        if isinstance(finding, Problem):
            problems.append(finding)
            continue
        shown = paths[finding.snippet_id]
        if shown not in lines:
            text, _ = read_text(Path(shown), shown)
            lines[shown] = Lines(read(text)) if text is not None else Lines()
        problems.append(
            Problem(shown, lines[shown](*finding.at), finding.message, warning=finding.warning)
        )
    return problems


def _load_context(
    path: Path, sources: Mapping[str, SourceDoc], languages: Languages
) -> tuple[SituationChange | None, list[Problem]]:
    """content/context.yaml; and a warning for a source whose date does not say on which side
    of the change it was written ('2024-12' against 8 December 2024)."""
    shown = str(path)
    context, lines, problems = load_model(path, shown, ContextFile, _names(languages))
    if context is None:
        return None, problems
    changed = context.situation_changed
    for lang in languages.codes:
        used = set(_PLACEHOLDER.findall(changed.event.get(lang)))
        if used != {"date"}:
            problems.append(
                Problem(
                    shown,
                    lines("situation_changed", "event", lang),
                    f"situation_changed.event.{lang} must contain {{date}} and no "
                    f"other {{placeholder}}",
                )
            )
    for doc in sources.values():
        written = doc.meta.written_on
        if written.first_day() < changed.date <= written.last_day():
            problems.append(
                Problem(
                    shown,
                    lines("situation_changed", "date"),
                    f"source '{doc.meta.id}' is dated {written}, which may be "
                    f"before or after {changed.date}: give its day, so that "
                    "answers say rightly whether it is outdated",
                    warning=True,
                )
            )
    return changed, problems


def _names(languages: Languages) -> dict[str, str | None]:
    """Code -> name in English, for admins' messages about a missing or unknown language."""
    return languages.names()


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
