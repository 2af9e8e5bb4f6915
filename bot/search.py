"""Typed question -> ranked snippets: the matcher behind typed text and inline mode.

`SearchIndex.from_library` precomputes everything: one inverted index per language over each
snippet's title, question and examples (never its answer, whose wording causes false hits).
`rank` orders snippets for a text; `search` decides what the user sees: one answer, a few
choices, or none, preferring none to a wrong answer. Pure and deterministic: no I/O, no clock,
no randomness; ties keep content order.

How a snippet scores, in one language, with idf weights (rare words count more):
- coverage: the share of the query's weight that the snippet's texts account for. A word no
  snippet uses counts against every snippet, which is what sends "weather" to none;
- closeness: its best single text (question, title or one example), as the geometric mean of
  the share of the query that text covers and the share of the text the query covers.
The score in [0, 1] mixes both. Text in another language than the user's setting is read in
that language too, with a small penalty. Typos are corrected against the index's own words.

Cost: a query reads only the postings of its own words, each cut to the best `POSTINGS_CAP`,
then scores `RESCORE` candidates exactly, so it does not grow with the number of snippets.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot import LANGUAGES
from bot.textnorm import (STOPWORDS, Analyzer, article_stripped, has_arabic, has_latin, normalise,
                          tokens)

MAX_QUERY_CHARS = 300
"""Only the start of a message is read: a 4096-character paste costs no more than a question."""
MAX_QUERY_TOKENS = 30
MAX_TYPO_LOOKUPS = 4
"""Unknown words looked up for typos, per query and language."""
TYPO_MIN_LENGTH = 5
"""Shorter words are not corrected: one edit turns "love" into "lose"."""
TYPO_WEIGHT = {1: 0.8, 2: 0.65}
"""A corrected word counts less than one typed right, by edit distance."""
POSTINGS_CAP = 48
"""Postings kept per word, strongest first: a common word finds candidates at a bounded cost."""
RESCORE = 10
"""Candidates of the first, rough pass that are scored exactly."""

FIELD_WEIGHT = {"title": 3, "question": 3, "example": 2}
_UNITS = 2
"""How much each text using a word adds to the word's weight in its snippet, in halves ..."""
CENTRALITY_BASE = 0.55
CENTRALITY_STEP = 0.2
"""... which is BASE + STEP * (the sum of those), at most 1: one example gives 0.75, the
question 0.85, two examples 0.95. A word used throughout a snippet is what it is about."""
TOPIC_WEIGHT = 0.4
"""The words of the snippet's topic title: "denmark" finds every Denmark answer, weakly."""
COVERAGE_SHARE = 0.6
OTHER_LANGUAGE = 0.95
"""Score factor for a match read in another language than the user's setting."""

ANSWER_AT = 0.62
"""A single answer needs at least this score ..."""
ANSWER_MARGIN = 0.12
"""... and this lead over the second best, and a query of two content words or more."""
CHOICE_AT = 0.5
"""Below this, even the best match is not shown: the outcome is none."""
CHOICE_FLOOR = 0.3
CHOICE_SPREAD = 0.3
"""Choices after the first need this much and may be at most this far below the first; there
must be at least two of them."""

_STOP = -1
_SEPARATOR = "\x1f"  # joins a snippet's texts so each language is normalised in one call


@dataclass(frozen=True)
class Match:
    snippet_id: str
    score: float


@dataclass(frozen=True)
class Outcome:
    """What typed text leads to: one answer, two or three choices, or none."""

    kind: Literal["answer", "choices", "none"]
    matches: tuple[Match, ...]


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def _strongest(flat: list[Any]) -> tuple[Any, ...]:
    """A term's postings (index, weight, index, weight, ...), cut to the POSTINGS_CAP strongest;
    among equals the first snippets in content order are kept."""
    if len(flat) <= 2 * POSTINGS_CAP:
        return tuple(flat)
    pairs = sorted(zip(flat[0::2], flat[1::2]), key=lambda pair: (-pair[1], pair[0]))
    return tuple(value for pair in pairs[:POSTINGS_CAP] for value in pair)


class _LanguageIndex:
    """One language's tables, built once; a query only reads them.

    Everything is kept in tuples and dicts of numbers, which the garbage collector does not
    track, so a large index does not slow every later collection in the bot.
    """

    def __init__(self, lang: str, texts: Sequence[Sequence[tuple[int, str]]],
                 topics: Sequence[str]) -> None:
        self.lang = lang
        n = len(texts)
        words = [[tokens(t) for t in normalise(_SEPARATOR.join(t for _, t in own)).split(_SEPARATOR)]
                 for own in texts]
        known: set[str] = set()
        if lang == "ar":  # the vocabulary that decides whether a leading letter is a prefix
            for own in words:
                for text in own:
                    known.update(text)
            known.update([article_stripped(word) for word in known])
        self.analyzer = Analyzer(lang, frozenset(known))
        self.term_ids: dict[str, int] = {}
        self.surfaces: dict[str, int] = {}  # normalised word -> term id, or _STOP
        self.bases: dict[str, int] = {}     # word without prefixes -> term id, for typos

        forward: list[dict[int, float]] = []
        sets: list[tuple[tuple[int, ...], ...]] = []
        postings: list[list[int]] = []       # per term: snippet index, weight, index, weight...
        surfaces, intern = self.surfaces, self._intern
        base, step = CENTRALITY_BASE, CENTRALITY_STEP / _UNITS
        for index, own in enumerate(words):
            bag: list[int] = []
            own_sets = []
            for (units, _), text in zip(texts[index], own):
                ids = set(map(surfaces.get, text))
                if None in ids:
                    ids = {intern(word) for word in text}
                ids.discard(_STOP)
                if ids:
                    ids_tuple = tuple(ids)
                    own_sets.append(ids_tuple)
                    bag += ids_tuple * units
            weights = {term: min(1.0, base + step * count) for term, count in Counter(bag).items()}
            for word in tokens(normalise(topics[index])):
                term = intern(word)
                if term != _STOP and term not in weights:
                    weights[term] = TOPIC_WEIGHT
            forward.append(weights)
            sets.append(tuple(own_sets))
            if len(postings) < len(self.term_ids):
                postings += [[] for _ in range(len(self.term_ids) - len(postings))]
            for term, weight in weights.items():
                postings[term] += (index, weight)

        self.idf = idf = tuple(_idf(n, len(p) // 2) for p in postings)
        # A word no snippet uses weighs as much as the rarest one: it says the question is
        # about something the content does not cover.
        self.idf_unknown = _idf(max(n, 1), 1)
        self.postings = tuple(_strongest(p) for p in postings)
        self.forward = tuple(forward)
        self.texts = tuple(tuple((ids, sum(map(idf.__getitem__, ids))) for ids in own)
                           for own in sets)

        buckets: dict[tuple[str, int], list[str]] = {}
        for word in sorted(self.bases):
            buckets.setdefault((word[0], len(word)), []).append(word)
        self.buckets = {key: tuple(words) for key, words in buckets.items()}

    def _intern(self, word: str) -> int:
        term_id = self.surfaces.get(word)
        if term_id is None:
            base = self.analyzer.base(word)
            if base is None:
                term_id = _STOP
            else:
                term = self.analyzer.stem_base(base)
                term_id = self.term_ids.setdefault(term, len(self.term_ids))
                if base.isalpha():
                    self.bases.setdefault(base, term_id)
            self.surfaces[word] = term_id
        return term_id

    def query_terms(self, words: Sequence[str]) -> tuple[dict[int, float], set[str]]:
        """Query words -> {term id: how well it matched}, and the words no snippet uses."""
        found: dict[int, float] = {}
        unknown: set[str] = set()
        lookups = MAX_TYPO_LOOKUPS
        for word in words:
            term_id = self.surfaces.get(word)
            weight = 1.0
            if term_id is None:
                base = self.analyzer.base(word)
                if base is None:
                    continue
                term = self.analyzer.stem_base(base)
                term_id = self.term_ids.get(term)
                if term_id is None:
                    if lookups and len(base) >= TYPO_MIN_LENGTH and base.isalpha():
                        lookups -= 1
                        term_id, weight = self._typo(base)
                    if term_id is None:
                        unknown.add(term)
                        continue
            elif term_id == _STOP:
                continue
            if found.get(term_id, 0.0) < weight:
                found[term_id] = weight
        return found, unknown

    def _typo(self, base: str) -> tuple[int | None, float]:
        """The closest indexed word sharing the first letter, within one edit (two if long)."""
        length = len(base)
        limit = 2 if length >= 8 else 1
        best: tuple[int, str] | None = None
        for size in (length, length - 1, length + 1, length - 2, length + 2):
            if abs(size - length) > limit:
                continue
            bucket = self.buckets.get((base[0], size))
            if bucket:
                hit = process.extractOne(base, bucket, scorer=OSA.distance, score_cutoff=limit)
                if hit is not None and (best is None or hit[1] < best[0]):
                    best = (hit[1], hit[0])
        if best is None:
            return None, 0.0
        return self.bases[best[1]], TYPO_WEIGHT[best[0]]

    def score(self, words: Sequence[str]) -> tuple[dict[int, float], int]:
        """{snippet index: score in [0, 1]} for the best candidates, and the query's word count."""
        found, unknown = self.query_terms(words)
        if not found:
            return {}, len(unknown)
        idf = self.idf
        query = {term: idf[term] * weight for term, weight in found.items()}
        total = sum(query.values()) + len(unknown) * self.idf_unknown
        rough: dict[int, float] = {}
        postings = self.postings
        for term, qw in query.items():
            flat = postings[term]
            for index, weight in zip(flat[0::2], flat[1::2]):
                rough[index] = rough.get(index, 0.0) + qw * weight
        if len(rough) > RESCORE:
            candidates = heapq.nsmallest(RESCORE, rough, key=lambda i: (-rough[i], i))
        else:
            candidates = list(rough)
        items = list(query.items())
        terms = set(query)
        scores: dict[int, float] = {}
        for index in candidates:
            weights = self.forward[index]
            coverage = sum(qw * weights.get(term, 0.0) for term, qw in items) / total
            closeness = 0.0
            for ids, mass in self.texts[index]:
                common = terms.intersection(ids)
                if common:
                    shared = sum(query[t] for t in common)
                    value = (shared / total) * (shared / mass if shared < mass else 1.0)
                    if value > closeness:
                        closeness = value
            scores[index] = COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * math.sqrt(closeness)
        return scores, len(found) + len(unknown)


class SearchIndex:
    """Every approved snippet, indexed in every language; build one per loaded library."""

    def __init__(self, ids: tuple[str, ...], indexes: Mapping[str, _LanguageIndex]) -> None:
        self._ids = ids
        self._indexes = indexes

    @classmethod
    def from_library(cls, library: Any) -> "SearchIndex":
        """Index `library.snippets` (approved ones) with their topics' titles."""
        topic_titles = {topic.id: topic.title for topic in library.topics}
        snippets = list(library.snippets.values())
        indexes = {}
        for lang in LANGUAGES:
            texts = [[(FIELD_WEIGHT["title"], s.title.get(lang)),
                      (FIELD_WEIGHT["question"], s.question.get(lang)),
                      *((FIELD_WEIGHT["example"], e) for e in s.examples.get(lang))]
                     for s in snippets]
            topics = [topic_titles[s.topic].get(lang) if s.topic in topic_titles else ""
                      for s in snippets]
            indexes[lang] = _LanguageIndex(lang, texts, topics)
        return cls(tuple(s.id for s in snippets), indexes)

    def rank(self, text: str, lang: str, limit: int = 3) -> list[Match]:
        """The best matching snippets, best first, with scores in [0, 1]."""
        return self._rank(text, lang, limit)[0]

    def search(self, text: str, lang: str) -> Outcome:
        """What to show for typed text: an answer, two or three choices, or none."""
        ranked, content_words = self._rank(text, lang, limit=4)
        return decide(ranked, content_words)

    def _rank(self, text: str, lang: str, limit: int) -> tuple[list[Match], int]:
        """Ranked matches, and how many content words the query has in its best reading."""
        normalised = normalise(text[:MAX_QUERY_CHARS])
        words = tokens(normalised)[:MAX_QUERY_TOKENS]
        if not any(word.isalpha() for word in words):
            return [], 0
        best: dict[int, tuple[float, int]] = {}
        counts: list[int] = []
        for query_lang in self._languages(normalised, words, lang):
            if counts and best and max(s for s, _ in best.values()) >= ANSWER_AT:
                break  # the first reading is good enough: the fallback could only add noise
            factor = 1.0 if query_lang == lang else OTHER_LANGUAGE
            scores, count = self._indexes[query_lang].score(words)
            for index, score in scores.items():
                score *= factor
                if score > best.get(index, (0.0, 0))[0]:
                    best[index] = (score, len(counts))
            counts.append(count)
        if not best:
            return [], 0
        top = heapq.nsmallest(limit, best.items(), key=lambda item: (-item[1][0], item[0]))
        matches = [Match(self._ids[index], round(score, 4)) for index, (score, _) in top]
        return matches, counts[top[0][1][1]]

    def _languages(self, normalised: str, words: Sequence[str], lang: str) -> list[str]:
        """Languages to read the query in, most likely first: by script, then the user's
        setting, unless the other language's stop words say otherwise ("est-ce que", "the")."""
        order = ["ar"] if has_arabic(normalised) else []
        if has_latin(normalised):
            def votes(latin: str) -> int:
                return sum(1 for word in words if word in STOPWORDS[latin])
            order += sorted(("en", "fr"), key=lambda latin: (-votes(latin), latin != lang, latin))
        return [reading for reading in order if reading in self._indexes]

def decide(ranked: Sequence[Match], content_words: int = 2) -> Outcome:
    """Thresholds: a wrong answer is worse than none, so an answer must be clearly the best.

    A query of one content word ("denmark", "help") never gets a single answer: one word says
    what it is about, not what the person wants to know.
    """
    if not ranked or ranked[0].score < CHOICE_AT:
        return Outcome("none", ())
    first = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if content_words >= 2 and first.score >= ANSWER_AT and first.score - second >= ANSWER_MARGIN:
        return Outcome("answer", (first,))
    floor = max(CHOICE_FLOOR, first.score - CHOICE_SPREAD)
    choices = tuple(m for m in ranked[:3] if m.score >= floor)
    if len(choices) < 2:
        return Outcome("none", ())
    return Outcome("choices", choices)

