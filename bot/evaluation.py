"""`python -m bot eval`: how well typed questions find their answers, for admins and tests.

A question file is a YAML list of entries `{ask, lang, answer}` (optional `style`, `facts`):
`answer` names the snippet that should be offered (its id, a list of ids any of which is right,
or "<topic title> - <answer title>" in English), or `none` / `greeting` for text that must get
no card. Each question is asked as the bot would be, in a chat of its `lang`; what counts is
what the person is offered: the card, or the first three buttons. A "wrong card" is the worst
outcome: one answer shown on its own, as if certain, and not the right one. Pure apart from
reading the file; `run` prints and returns the exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import yaml

from bot.content.library import Library
from bot.language import code_shape
from bot.search import SearchIndex
from bot.smalltalk import small_talk

NO_CARD = ("none", "greeting")


@dataclass(frozen=True)
class Question:
    ask: str
    lang: str
    answers: tuple[str, ...]  # snippet ids; empty when no card is expected
    expects: str  # "card", "none" or "greeting"
    style: str = ""


@dataclass(frozen=True)
class Result:
    question: Question
    kind: str  # "answer", "choices", "none" or "greeting"
    offered: tuple[str, ...]  # snippet ids, in the order the person sees them

    @property
    def rank(self) -> int | None:
        hits = [n for n, sid in enumerate(self.offered, 1) if sid in self.question.answers]
        return hits[0] if hits else None

    @property
    def correct(self) -> bool:
        if self.question.expects == "card":
            return self.rank == 1
        return not self.offered


@dataclass(frozen=True)
class Figures:
    lang: str
    questions: int  # expecting a card
    top1: int
    top3: int
    no_card_questions: int
    no_card: int
    wrong_card: int = 0  # questions with an answer shown one card, and not the right one

    @property
    def hit1(self) -> float:
        return self.top1 / self.questions if self.questions else 1.0

    @property
    def hit3(self) -> float:
        return self.top3 / self.questions if self.questions else 1.0

    @property
    def none_rate(self) -> float:
        return self.no_card / self.no_card_questions if self.no_card_questions else 1.0


class QuestionFileError(ValueError):
    """The question file cannot be read; the message lists every problem, one per line."""


def load_questions(
    path: Path, labels: dict[str, str], languages: Sequence[str] = ()
) -> list[Question]:
    """Read a question file. `labels` maps snippet ids and "<topic> - <title>" labels (both
    case-folded) to snippet ids; `languages`, when given, are the only ones a question may be
    in (the content's)."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"{path}: cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"{mark.line + 1}:" if mark is not None else ""
        raise QuestionFileError(f"{path}:{line} is not valid YAML: {exc}") from None
    if not isinstance(entries, list) or not entries:
        raise QuestionFileError(
            f"{path}: must be a list of questions (- ask: ..., lang: ..., answer: ...)"
        )
    questions, problems = [], []
    for number, entry in enumerate(entries, 1):
        where = f"{path}: question {number}"
        try:
            questions.append(_question(entry, labels, languages))
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise QuestionFileError("\n".join(problems))
    return questions


def _question(entry: object, labels: dict[str, str], languages: Sequence[str]) -> Question:
    if not isinstance(entry, dict) or not isinstance(entry.get("ask"), str):
        raise ValueError("needs `ask` (the text), `lang` and `answer`")
    lang = entry.get("lang")
    if not isinstance(lang, str) or (lang not in languages if languages else not code_shape(lang)):
        allowed = f"one of {', '.join(languages)}" if languages else "a language code"
        raise ValueError(f"`lang` must be {allowed}, not {lang!r}")
    answer = entry.get("answer")
    style = str(entry.get("style") or "")
    if answer in NO_CARD:
        return Question(entry["ask"], lang, (), str(answer), style)
    names = answer if isinstance(answer, list) else [answer]
    ids = []
    for name in names:
        sid = labels.get(str(name).casefold())
        if sid is None:
            raise ValueError(
                f"answer {name!r} is no approved snippet's id or "
                "'<topic title> - <answer title>' (or use none / greeting)"
            )
        ids.append(sid)
    return Question(entry["ask"], lang, tuple(ids), "card", style)


def labels_of(library: Library) -> dict[str, str]:
    """Snippet ids and "<topic> - <title>" labels in the source language (the first the content
    lists, English in the shipped content), case-folded, to snippet ids."""
    labels = {}
    source = library.languages.source.code
    for snippet in library.snippets.values():
        topic = library.topic(snippet.topic)
        labels[snippet.id.casefold()] = snippet.id
        if topic is not None:
            label = f"{topic.title.get(source)} - {snippet.title.get(source)}"
            labels[label.casefold()] = snippet.id
    return labels


def respond(index: SearchIndex, text: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """What a chat in `lang` offers for typed text: the outcome kind and the snippets shown."""
    if small_talk(text, lang, index.languages) is not None:
        return "greeting", ()
    outcome = index.search(text, lang)
    return outcome.kind, tuple(m.snippet_id for m in outcome.matches)


def evaluate(
    questions: Sequence[Question], responder: Callable[[str, str], tuple[str, tuple[str, ...]]]
) -> list[Result]:
    return [Result(q, *responder(q.ask, q.lang)) for q in questions]


def figures(results: Sequence[Result], lang: str) -> Figures:
    mine = [r for r in results if lang in ("all", r.question.lang)]
    cards = [r for r in mine if r.question.expects == "card"]
    nones = [r for r in mine if r.question.expects != "card"]
    return Figures(
        lang,
        len(cards),
        sum(r.rank == 1 for r in cards),
        sum(r.rank is not None and r.rank <= 3 for r in cards),
        len(nones),
        sum(not r.offered for r in nones),
        sum(r.kind == "answer" and r.rank != 1 for r in cards),
    )


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:5.1f}%" if whole else "-"


def report(results: Sequence[Result], out: TextIO, order: Sequence[str] = ()) -> list[Figures]:
    """Print every miss, then the figures per language (in `order`, the content's, then as
    they come); return the per-language figures."""
    misses = [r for r in results if not r.correct]
    if misses:
        print("Misses (expected -> offered):", file=out)
    for r in misses:
        q = r.question
        want = " or ".join(q.answers) if q.answers else f"no card ({q.expects})"
        got = ", ".join(r.offered) if r.offered else r.kind
        place = f"rank {r.rank}" if r.rank else r.kind
        print(f"  [{q.lang}] {q.ask!r}\n      expected {want}; offered {got} ({place})", file=out)
    present = dict.fromkeys(r.question.lang for r in results)
    langs = [code for code in order if code in present]
    langs += [code for code in present if code not in order]
    table = [figures(results, lang) for lang in langs]
    print(
        f"\n{'lang':5} {'hit@1':>18} {'hit@3':>18} {'no card when none':>20} {'wrong card':>18}",
        file=out,
    )
    for f in [*table, *([figures(results, "all")] if len(table) > 1 else [])]:
        print(
            f"{f.lang:5} {_percent(f.top1, f.questions):>18} {_percent(f.top3, f.questions):>18}"
            f" {_percent(f.no_card, f.no_card_questions):>20}"
            f" {_percent(f.wrong_card, f.questions):>18}",
            file=out,
        )
    return table
