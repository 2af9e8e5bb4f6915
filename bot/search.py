"""Typed question -> ranked snippets: the matcher behind typed text and inline mode.

`SearchIndex.from_library` precomputes everything (one inverted index per language over each
snippet's title, question and examples; never its answer, whose wording causes false hits).
`search` decides what the user sees: one answer, a few choices, or none, and prefers none to a
wrong answer. Pure and deterministic: no I/O, no clock, no randomness.

Scoring, per language, with `idf` weights:
- coverage: how much of the query's weight the snippet's texts account for (words the content
  has never seen count in full against every snippet, which is what makes "weather" match none);
- closeness: the best single text of the snippet (its question, title or one example), as the
  geometric mean of the share of the query it covers and the share of it the query covers.
The score, in [0, 1], mixes both; a typed word in another language than the user's setting is
matched against that language's texts too, with a small penalty.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Any, Iterable, Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot import LANGUAGES
from bot.textnorm import Analyzer, article_stripped, has_arabic, has_latin, is_arabic, normalise, tokens

MAX_QUERY_CHARS = 300
"""Only the start of a message is read: a 4096-character paste costs no more than a question."""
MAX_QUERY_TOKENS = 30
MAX_FUZZY_LOOKUPS = 6
"""Unknown words looked up for typos, per query and language."""
POSTINGS_CAP = 64
"""Postings kept per term, best first: common words add candidates at a bounded cost."""
RESCORE = 24
"""Candidates scored exactly, taken from the cheap first pass."""

FIELD_WEIGHT = {"title": 1.5, "question": 1.5, "example": 1.0}
"""How much a word in each text counts towards its weight in the snippet ..."""
CENTRALITY_BASE = 0.55
CENTRALITY_STEP = 0.2
"""... which is BASE + STEP * (sum of those counts), at most 1: one example 0.75, the
question 0.85, the question and an example or two examples 0.95 or more."""
TOPIC_WEIGHT = 0.4
"""The topic's title: "denmark" finds every Denmark answer, weakly."""
FUZZY_WEIGHT = {1: 0.8, 2: 0.65}
"""A typo-corrected word counts less than one typed right (by edit distance)."""
OTHER_LANGUAGE = 0.95
COVERAGE_SHARE = 0.6

ANSWER_AT = 0.62
"""A single answer needs at least this score ..."""
ANSWER_MARGIN = 0.12
"""... and this lead over the second best."""
CHOICE_AT = 0.45
"""Choices need at least two snippets scoring this much."""
CHOICE_SPREAD = 0.25
"""A choice scoring this far below the best is left out."""

_STOP = -1


@dataclass(frozen=True)
class Match:
    snippet_id: str
    score: float


@dataclass(frozen=True)
class Outcome:
    """What typed text leads to: one answer, two or three choices, or none."""

    kind: Literal["answer", "choices", "none"]
    matches: tuple[Match, ...]


def _fuzzy_distance(token: str) -> int:
    if len(token) < 4 or (is_arabic(token) and len(token) < 5):
        return 0
    return 2 if len(token) >= 8 else 1


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


class _LanguageIndex:
    """One language's tables, all built once; a query only reads them."""

    def __init__(self, lang: str, snippet_texts: list[list[tuple[str, str]]],
                 topic_texts: list[str]) -> None:
        self.lang = lang
        n = len(snippet_texts)
        normalised = [[(field, tokens(normalise(text))) for field, text in texts]
                      for texts in snippet_texts]
        topic_tokens = [tokens(normalise(text)) for text in topic_texts]
        known: set[str] = set()
        if lang == "ar":
            for texts in normalised:
                for _, words in texts:
                    for word in words:
                        known.add(word)
                        known.add(article_stripped(word))
        self.analyzer = Analyzer(lang, frozenset(known))

        self.term_ids: dict[str, int] = {}
        self.surfaces: dict[str, int] = {}   # normalised token -> term id, or _STOP
        self.bases: dict[str, int] = {}      # token without prefixes -> term id, for typos
        forward: list[dict[int, float]] = []
        texts_out: list[tuple[tuple[frozenset[int], float], ...]] = []
        df: dict[int, int] = {}
        raw_texts: list[list[frozenset[int]]] = []
        for index, texts in enumerate(normalised):
            counts: dict[int, float] = {}
            own: list[frozenset[int]] = []
            for field, words in texts:
                ids = frozenset(self._intern(word) for word in words) - {_STOP}
                if not ids:
                    continue
                own.append(ids)
                for term in ids:
                    counts[term] = counts.get(term, 0.0) + FIELD_WEIGHT[field]
            # A word the snippet uses in several of its texts is central to it; one that only
            # one example uses may be incidental.
            weights = {term: min(1.0, CENTRALITY_BASE + CENTRALITY_STEP * count)
                       for term, count in counts.items()}
            for word in topic_tokens[index]:
                term = self._intern(word)
                if term != _STOP and term not in weights:
                    weights[term] = TOPIC_WEIGHT
            for term in weights:
                df[term] = df.get(term, 0) + 1
            forward.append(weights)
            raw_texts.append(own)

        self.idf = [_idf(n, df.get(term, 0)) for term in range(len(self.term_ids))]
        # A word no snippet uses weighs like the rarest word: it says the question is about
        # something the content does not cover.
        self.idf_unknown = _idf(max(n, 1), 1)
        idf = self.idf
        for own in raw_texts:
            texts_out.append(tuple((ids, sum(idf[t] for t in ids)) for ids in own))
        self.forward = forward
        self.texts = texts_out

        postings: list[list[tuple[float, int]]] = [[] for _ in self.term_ids]
        for index, weights in enumerate(forward):
            for term, weight in weights.items():
                postings[term].append((weight, index))
        self.postings = [tuple(sorted(p, key=lambda pw: (-pw[0], pw[1]))[:POSTINGS_CAP])
                         for p in postings]

        buckets: dict[tuple[str, int], list[str]] = {}
        for base in sorted(self.bases):
            buckets.setdefault((base[0], len(base)), []).append(base)
        self.buckets = buckets

    def _intern(self, word: str) -> int:
        term_id = self.surfaces.get(word)
        if term_id is not None:
            return term_id
        base = self.analyzer.base(word)
        if base is None:
            term_id = _STOP
        else:
            term = self.analyzer.term(word) or base
            term_id = self.term_ids.setdefault(term, len(self.term_ids))
            if base.isalpha():
                self.bases.setdefault(base, term_id)
        self.surfaces[word] = term_id
        return term_id

    def query_terms(self, words: list[str]) -> tuple[dict[int, float], float]:
        """Query words -> {term id: match weight}, and the idf mass of words nobody uses."""
        found: dict[int, float] = {}
        unknown: set[str] = set()
        fuzzy_left = MAX_FUZZY_LOOKUPS
        for word in words:
            term_id = self.surfaces.get(word)
            weight = 1.0
            if term_id is None:
                base = self.analyzer.base(word)
                if base is None:
                    continue
                term = self.analyzer.term(word) or base
                term_id = self.term_ids.get(term)
                if term_id is None:
                    distance = _fuzzy_distance(base) if base.isalpha() else 0
                    if distance and fuzzy_left:
                        fuzzy_left -= 1
                        term_id, weight = self._typo(base, distance)
                    if term_id is None:
                        unknown.add(term)
                        continue
            elif term_id == _STOP:
                continue
            if found.get(term_id, 0.0) < weight:
                found[term_id] = weight
        return found, len(unknown) * self.idf_unknown

    def _typo(self, base: str, max_distance: int) -> tuple[int | None, float]:
        best: tuple[int, str] | None = None
        length = len(base)
        for size in sorted(range(length - max_distance, length + max_distance + 1),
                           key=lambda s: (abs(s - length), s)):
            bucket = self.buckets.get((base[0], size))
            if not bucket:
                continue
            hit = process.extractOne(base, bucket, scorer=OSA.distance,
                                     score_cutoff=max_distance)
            if hit is not None and (best is None or hit[1] < best[0]):
                best = (hit[1], hit[0])
                if hit[1] == 1:
                    break
        if best is None:
            return None, 0.0
        return self.bases[best[1]], FUZZY_WEIGHT[best[0]]

    def score(self, words: list[str]) -> dict[int, float]:
        """Snippet index -> score in [0, 1] for the best candidates."""
        found, unknown_mass = self.query_terms(words)
        if not found:
            return {}
        idf, postings = self.idf, self.postings
        query = [(term, idf[term] * weight) for term, weight in found.items()]
        total = sum(w for _, w in query) + unknown_mass
        rough: dict[int, float] = {}
        for term, qw in query:
            for weight, index in postings[term]:
                rough[index] = rough.get(index, 0.0) + qw * weight
        if len(rough) > RESCORE:
            rough = dict(heapq.nlargest(RESCORE, rough.items(), key=lambda kv: (kv[1], -kv[0])))
        scores: dict[int, float] = {}
        for index in rough:
            weights = self.forward[index]
            coverage = sum(qw * weights.get(term, 0.0) for term, qw in query) / total
            closeness = 0.0
            for ids, mass in self.texts[index]:
                shared = sum(qw for term, qw in query if term in ids)
                if shared:
                    closeness = max(closeness, math.sqrt((shared / total) * min(1.0, shared / mass)))
            scores[index] = COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * closeness
        return scores


class SearchIndex:
    """Every approved snippet, indexed in every language; build once per loaded library."""

    def __init__(self, ids: tuple[str, ...], indexes: dict[str, _LanguageIndex]) -> None:
        self._ids = ids
        self._indexes = indexes

    @classmethod
    def from_library(cls, library: Any) -> "SearchIndex":
        topic_titles = {topic.id: topic.title for topic in library.topics}
        snippets = list(library.snippets.values())
        indexes: dict[str, _LanguageIndex] = {}
        for lang in LANGUAGES:
            texts = [[("title", s.title.get(lang)), ("question", s.question.get(lang)),
                      *(("example", e) for e in s.examples.get(lang))] for s in snippets]
            topics = [topic_titles[s.topic].get(lang) if s.topic in topic_titles else ""
                      for s in snippets]
            indexes[lang] = _LanguageIndex(lang, texts, topics)
        return cls(tuple(s.id for s in snippets), indexes)

    def rank(self, text: str, lang: str, limit: int = 3) -> list[Match]:
        """The best matching snippets, best first, with scores in [0, 1]; ties keep content order."""
        normalised = normalise(text[:MAX_QUERY_CHARS])
        words = tokens(normalised)[:MAX_QUERY_TOKENS]
        if not words or not any(w.isalpha() for w in words):
            return []
        best: dict[int, float] = {}
        for query_lang, factor in self._languages(normalised, lang):
            for index, score in self._indexes[query_lang].score(words).items():
                score *= factor
                if score > best.get(index, 0.0):
                    best[index] = score
        top = heapq.nsmallest(limit, best.items(), key=lambda kv: (-kv[1], kv[0]))
        return [Match(self._ids[index], round(score, 4)) for index, score in top]

    def search(self, text: str, lang: str) -> Outcome:
        """What to show for typed text: an answer, two or three choices, or none."""
        ranked = self.rank(text, lang, limit=4)
        return decide(ranked)

    def _languages(self, normalised: str, lang: str) -> Iterable[tuple[str, float]]:
        arabic, latin = has_arabic(normalised), has_latin(normalised)
        wanted = []
        if arabic:
            wanted.append("ar")
        if latin:
            wanted += ["en", "fr"]
        wanted = [l for l in wanted if l in self._indexes]
        return [(l, 1.0 if l == lang else OTHER_LANGUAGE) for l in wanted]


def decide(ranked: list[Match]) -> Outcome:
    """Thresholds: a wrong answer is worse than none, so an answer must be clearly the best."""
    if not ranked or ranked[0].score < CHOICE_AT:
        return Outcome("none", ())
    first = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if first.score >= ANSWER_AT and first.score - second >= ANSWER_MARGIN:
        return Outcome("answer", (first,))
    choices = tuple(m for m in ranked[:3]
                    if m.score >= CHOICE_AT and first.score - m.score <= CHOICE_SPREAD)
    if len(choices) < 2:
        return Outcome("none", ())
    return Outcome("choices", choices)
