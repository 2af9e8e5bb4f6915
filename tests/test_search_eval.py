"""How the matcher does on the shipped content: the evaluation set, unrelated text, own questions.

tests/data/questions.yaml lists what people type and the answer each should find, named
"<topic title> - <answer title>" in English. `pytest -s` prints a table of the results.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.checks import load_checked
from bot.content.library import Library
from bot.content.reader import read
from bot.search import SearchIndex
from harness import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "data" / "questions.yaml"
MIN_TOP3 = 16
MIN_TOP1 = 14

UNRELATED = [
    ("en", "what's the weather"),
    ("en", "asdf"),
    ("en", "hello"),
    ("en", "recipe for lentil soup"),
    ("en", "who won the football"),
    ("en", "how are you"),
    ("en", "where can I buy a phone"),
    ("en", "tell me a joke"),
    ("en", "I love pizza"),
    ("en", "my phone is broken"),
    ("en", "open a bank account"),
    ("en", "german citizenship test"),
    ("en", ""),
    ("en", "😀😀😀"),
    ("en", "12345"),
    ("en", "?!"),
    ("fr", "quel temps fait-il"),
    ("fr", "bonjour comment ça va"),
    ("fr", "la recette de la soupe"),
    ("fr", "je cherche un travail"),
    ("fr", "où est la préfecture"),
    ("fr", "carte vitale"),
    ("ar", "وصفة كبة"),
    ("ar", "مرحبا كيف حالك"),
    ("ar", "من فاز بالمباراة"),
    ("ar", "بدي شغل"),
    ("ar", "وين السفارة"),
    ("ar", "كم الساعة"),
    ("ar", "شكرا جزيلا"),
]


@dataclass(frozen=True)
class Question:
    ask: str
    lang: str
    answer: str
    facts: tuple[str, ...]


@pytest.fixture(scope="module")
def library() -> Library:
    result = load_checked(ROOT / "content", ROOT / "seeds")
    assert result.library is not None, "the shipped content has errors:\n" + "\n".join(
        str(problem) for problem in result.problems
    )
    return result.library


@pytest.fixture(scope="module")
def index(library: Library) -> SearchIndex:
    return SearchIndex.from_library(library)


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    entries = read(QUESTIONS.read_text(encoding="utf-8")).value
    assert entries, f"{QUESTIONS} lists no questions"
    return [Question(e["ask"], e["lang"], e["answer"], tuple(e["facts"])) for e in entries]


@pytest.fixture(scope="module")
def expected(library: Library, questions: list[Question]) -> dict[str, str]:
    """Each label ("France - a short visit to Syria and refugee status") -> its snippet id."""
    by_label: dict[str, str] = {}
    for snippet in library.snippets.values():
        topic = library.topic(snippet.topic)
        assert topic is not None
        by_label[f"{topic.title.get('en')} - {snippet.title.get('en')}".casefold()] = snippet.id
    unresolved = sorted({q.answer for q in questions if q.answer.casefold() not in by_label})
    assert not unresolved, (
        "these answers of the evaluation set match no approved snippet's "
        "'<topic title> - <snippet title>' in English:\n  "
        + "\n  ".join(unresolved)
        + "\nknown: "
        + "; ".join(sorted(by_label))
    )
    return {q.answer: by_label[q.answer.casefold()] for q in questions}


def test_evaluation_set(
    index: SearchIndex, questions: list[Question], expected: dict[str, str]
) -> None:
    rows = []
    top1 = top3 = 0
    for q in questions:
        ranked = [m.snippet_id for m in index.rank(q.ask, q.lang, limit=10)]
        want = expected[q.answer]
        rank = ranked.index(want) + 1 if want in ranked else None
        kind = index.search(q.ask, q.lang).kind
        top1 += rank == 1
        top3 += rank is not None and rank <= 3
        rows.append((str(rank or "-"), kind, q.lang, q.ask, want, ranked[0] if ranked else "-"))
    print(f"\n{'rank':>4}  {'outcome':8} lang  question -> expected (first offered)")
    for rank, kind, lang, ask, want, first in rows:
        shown = ask if len(ask) <= 60 else ask[:57] + "..."
        note = "" if first == want else f" (first: {first})"
        print(f"{rank:>4}  {kind:8} {lang:4}  {shown} -> {want}{note}")
    print(f"top-1 {top1}/{len(questions)}, top-3 {top3}/{len(questions)}")
    misses = [f"{r[3]!r} -> {r[4]} (rank {r[0]}, first {r[5]})" for r in rows if r[0] != "1"]
    assert top3 >= MIN_TOP3, f"only {top3} of {len(questions)} in the top 3:\n" + "\n".join(misses)
    assert top1 >= MIN_TOP1, f"only {top1} of {len(questions)} first:\n" + "\n".join(misses)


def _digits_folded(text: str) -> str:
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")).casefold()


def test_expected_answers_state_the_facts(
    library: Library, questions: list[Question], expected: dict[str, str]
) -> None:
    missing = []
    for q in questions:
        answer = _digits_folded(library.snippets[expected[q.answer]].answer.get(q.lang))
        if not any(_digits_folded(fact) in answer for fact in q.facts):
            missing.append(f"{expected[q.answer]} ({q.lang}) has none of {list(q.facts)}")
    assert not missing, "\n".join(missing)


def test_unrelated_text_finds_nothing(index: SearchIndex) -> None:
    assert len(UNRELATED) >= 15 and {lang for lang, _ in UNRELATED} == set(LANGUAGES)
    wrong = {
        text: index.search(text, lang)
        for lang, text in UNRELATED
        if index.search(text, lang).kind != "none"
    }
    assert not wrong, wrong


def test_4096_random_characters_find_nothing(index: SearchIndex) -> None:
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz éàç ابتثجحخدذرزسش ٠١٢٣ 0123456789 ,.?!😀"
    for lang in LANGUAGES:
        noise = "".join(rng.choice(alphabet) for _ in range(4096))
        assert index.search(noise, lang).kind == "none", noise[:80]


def test_each_question_finds_its_own_answer(library: Library, index: SearchIndex) -> None:
    wrong = []
    for snippet in library.snippets.values():
        for lang in LANGUAGES:
            outcome = index.search(snippet.question.get(lang), lang)
            got = [m.snippet_id for m in outcome.matches]
            if outcome.kind != "answer" or got != [snippet.id]:
                ranked = [
                    (m.snippet_id, m.score) for m in index.rank(snippet.question.get(lang), lang)
                ]
                wrong.append(f"{snippet.id} ({lang}): {outcome.kind} {ranked}")
    assert not wrong, "a question must lead to its own answer:\n" + "\n".join(wrong)
