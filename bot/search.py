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
The score in [0, 1] mixes both. Text is read in the user's language unless its script or its
stop words say otherwise, and in the other languages too when many of its words are unknown
(someone may type French with their setting on English), with a small penalty. A word the
index does not know is read as another form of one it does (French without its apostrophe,
an Arabic verb by its skeleton, see `textnorm.skeleton`), then as a typo, corrected against the
index's own words, never into a word of another meaning when short. Words most answers use
("syria", "refugee") only say what the whole bot is about: a query of nothing else gets none.

Cost: a query reads the postings of its selective words (common ones are cut to
`POSTINGS_CAP`), then scores at most `RESCORE` candidates exactly, so it does not grow with the
number of snippets. Only the first `MAX_QUERY_CHARS` of a message are read.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, cast

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.library import Library
from bot.content.writing import script_in
from bot.language import Languages
from bot.textnorm import (
    COUNTRIES,
    IMPERFECT,
    OTHER_TOPICS,
    STOPWORDS,
    Analyzer,
    article_stripped,
    has_latin,
    is_arabic,
    normalise,
    register,
    skeleton,
    skeleton_map,
    stem,
    stem_content,
    tokens,
    unglued,
)

MAX_QUERY_CHARS = 300
"""Only the start of a message is read: a 4096-character paste costs no more than a question."""
MAX_QUERY_TOKENS = 30
LONGEST_WORD = 30
FOREIGN = 99
"""The unknown-word count of a question naming a country no answer covers: it gets none."""
MAX_TYPO_LOOKUPS = 4
"""Unknown words looked up for typos, per query."""
TYPO_MIN_LENGTH = 5
"""Shorter words are not corrected: one edit turns "love" into "lose"."""
TYPO_SUBSTITUTION_LENGTH = 7
"""Words shorter than this are corrected only for swapped, missing or extra letters."""
TYPO_WEIGHT = {1: 0.8, 2: 0.65}
"""A corrected word counts less than one typed right, by edit distance."""
VARIANT_WEIGHT = 0.8
"""A word found as another form of a known word (`_LanguageIndex._variant`) counts as a typo."""
POSTINGS_CAP = 48
"""Postings kept per word, title and question uses first: a common word costs a bounded amount."""
RESCORE = 5
"""Candidates of the rough first pass that are scored exactly (more if `rank` asks for more)."""

_HEAD_UNITS, _EXAMPLE_UNITS, _UNITS = 3, 2, 2
"""How much each text using a word adds to the word's weight in its snippet, in halves: 1.5
for the title or the question, 1 for an example ..."""
CENTRALITY_BASE = 0.55
CENTRALITY_STEP = 0.2
"""... which is BASE + STEP * (the sum of those), at most 1: one example gives 0.75, the
question 0.85, two examples 0.95. A word used throughout a snippet is what it is about."""
_NAME_UNITS = 1
"""... and half that for a name from the answer's opening paragraph (Ofpra, Law 10)."""
NAME_CLOSENESS = 0.5
"""... and a name is not a way of asking: as the closest text it counts this much."""
TOPIC_WEIGHT = 0.4
"""The words of the snippet's topic title: "denmark" finds every Denmark answer, weakly."""
COVERAGE_SHARE = 0.6
OTHER_COUNTRY = 0.5
"""Score factor for an answer about another country than the one the question names."""
NO_COUNTRY = 0.9
"""... and for an answer about no country, when one is about the country the question names
("Lebanon sent people back?": Turkey and Lebanon's answer before the one on all returns)."""
PLACE_DF = 3
"""A country name weighs as a word this many answers use, or less (see `place_idf`)."""
ASIDE_AMONG = 4
"""A word of another topic ("hospital", "job") says the question is about that, unless one
answer uses this many of the question's other words, country names aside: then it is an aside
("my mother is in hospital in Damascus, can I go for a week with my status in France"). Words
spread over several answers ("how long", "an answer", "an appeal" around "CNDA") are not."""
OTHER_LANGUAGE = 0.95
"""Score factor for a match read in another language than the user's setting."""

ANSWER_AT = 0.62
"""A single answer needs at least this score ..."""
ANSWER_MARGIN = 0.12
"""... and this lead over the second best, and a query of two content words or more."""
CHOICE_AT = 0.4
"""Below this, even the best match is not shown: the outcome is none."""
KEYWORD_WORDS = 1
"""A message of this many words may be a keyword ("Ofpra", "HTS"): it may get one button."""
CHOICE_AT_UNKNOWN = 0.5
"""... and this when the question has words the content does not use ..."""
EVIDENCE_AT = 0.4
"""... but only this (the bar without unknown words) when the best match uses two of three or
more of the question's words that are no country name ..."""
STRONG_EVIDENCE_AT = 0.3
"""... and this when it uses three of the question's words that are no country name: the words
people add when they text ("wanna", "malade", a town's name) lower the score, not what the
question is about ..."""
PLACE_EVIDENCE_AT = 0.38
"""... but barely less than the plain bar when a country is one of the three: a country says
where the person is, not what they ask ("the rent in Lyon", "a lawyer in Paris")."""
CHOICE_FLOOR = 0.3
CHOICE_SPREAD = 0.3
"""Choices after the first need this much and may be at most this far below the first; a lone
candidate may be offered as one button (see `decide`)."""

_VERB_PARTICLES = "لحه"
"""Letters glued to a present-tense verb only: ل "so that" (ليسافرو), and the future of
Egyptian and other dialects (حيرجعوني، هيسافر)."""

_PLURAL_ENDING = re.compile("(?:وا|ون|و|ين)$")
"""The endings of an Arabic verb in the plural (written Levantine drops the alef of وا)."""

COMMON_SHARE = 0.5
"""A word more than this share of the answers use says only what the whole bot is about."""

_STOP = -1
_NOT_TERMS = frozenset({_STOP})
_SEPARATOR = "\x1f"  # joins a snippet's texts so each language is normalised in one call


@dataclass(frozen=True)
class Match:
    """One ranked snippet and how well it matched, in [0, 1]."""

    snippet_id: str
    score: float


@dataclass(frozen=True)
class Outcome:
    """What typed text leads to: one answer, one to three choices (buttons), or none."""

    kind: Literal["answer", "choices", "none"]
    matches: tuple[Match, ...]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building allocates hundreds of thousands of small tuples, none in a reference cycle; the
    cyclic collector would otherwise rescan the whole heap (the library too) again and again,
    which doubled the build time at 8,000 snippets."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


class _Fields:
    """Each snippet's texts (title, question, examples, answer names) as rows of distinct term
    ids, all in one flat array: text `t` is `terms[starts[t]:starts[t + 1]]`, and snippet `i`
    has texts `first[i]` up to `first[i + 1]`. `fields[i]` gives them as a tuple of rows.

    At 8,000 snippets an index holds hundreds of thousands of these short rows: as tuples of
    Python ints each would be an object of its own, scattered on the heap; as one array they
    are a few large blocks, handed back whole when the index is replaced."""

    __slots__ = ("terms", "starts", "first")

    def __init__(self) -> None:
        self.terms = array("i")
        self.starts = array("i", [0])
        self.first = array("i", [0])

    def add_text(self, ids: Iterable[int]) -> None:
        self.terms.extend(ids)
        self.starts.append(len(self.terms))

    def end_snippet(self) -> None:
        self.first.append(len(self.starts) - 1)

    def text(self, t: int) -> array[int]:
        return self.terms[self.starts[t] : self.starts[t + 1]]

    def joined(self, index: int, texts: int | None = None) -> array[int]:
        """The term ids of all of snippet `index`'s texts (of its first `texts` only, if given),
        one after another: a term may come more than once."""
        first, end = self.first[index], self.first[index + 1]
        if texts is not None:
            end = min(end, first + texts)
        return self.terms[self.starts[first] : self.starts[end]]

    def __getitem__(self, index: int) -> tuple[array[int], ...]:
        return tuple([self.text(t) for t in range(self.first[index], self.first[index + 1])])

    def __len__(self) -> int:
        return len(self.first) - 1


class _LanguageIndex:
    """One language's tables, built once; a query only reads them.

    The build keeps only what queries read: word ids, each snippet's texts as rows of term ids,
    idf, and postings. How much a word weighs in a snippet is worked out for the few candidates a
    query scores, from those rows, rather than stored for every snippet. The numbers are kept in
    flat arrays (`_Fields`), not in tuples of Python objects: they are most of the index.
    """

    def __init__(
        self,
        lang: str,
        texts: Sequence[Sequence[str]],
        topic_of: Sequence[int],
        topic_titles: Sequence[str],
        names_from: Sequence[int] | None = None,
    ) -> None:
        self.lang = lang
        # where each snippet's answer names begin among its texts (after title, question, examples)
        self.names_from = tuple(names_from) if names_from is not None else tuple(map(len, texts))
        n = len(texts)
        # Every text's words, one after another; each distinct word is kept once (`vocabulary`
        # maps it to itself), so the words read twice below cost a pointer, not a string each.
        vocabulary: dict[str, str] = {}
        canonical = vocabulary.setdefault
        words: list[str] = []
        ends = array("i")  # text t's words are words[ends[t - 1]:ends[t]]
        pieces_of = array("i")  # how many texts each snippet has
        for own in texts:
            pieces = normalise(_SEPARATOR.join(own)).split(_SEPARATOR)
            for piece in pieces:
                words.extend([canonical(word, word) for word in tokens(piece)])
                ends.append(len(words))
            pieces_of.append(len(pieces))
        known: frozenset[str] = frozenset()
        if lang == "ar":  # the vocabulary that decides whether a leading letter is a prefix
            known = frozenset(
                set(vocabulary).union([article_stripped(word) for word in vocabulary])
            )
        self.analyzer = Analyzer(lang, known)
        self.term_ids: dict[str, int] = {}
        self.surfaces: dict[str, int] = {}  # normalised word -> term id, or _STOP
        self.bases: dict[str, int] = {}  # word without prefixes -> term id, for typos
        intern = self._intern
        for word in sorted(vocabulary):
            intern(word)
        del vocabulary
        self.topic_terms = tuple(
            tuple(sorted({intern(word) for word in tokens(normalise(title))} - {_STOP}))
            for title in topic_titles
        )
        self.topic_of = tuple(topic_of)

        # Country names: their ids, and the countries each snippet's head and topic name.
        places = {
            self.term_ids[named]
            for name in COUNTRIES.get(lang, ())
            if (named := self.analyzer.term(name)) is not None and named in self.term_ids
        }
        self.places = frozenset(places)
        # Every listed country as a term, to see a question about a country no answer covers.
        self.countries = frozenset(
            country
            for name in COUNTRIES.get(lang, ())
            if (country := self.analyzer.term(name)) is not None
        )
        # Words of other topics the content does not use ("nationalité", "driving").
        self.elsewhere = frozenset(
            other
            for word in OTHER_TOPICS.get(lang, ())
            if (other := self.analyzer.term(word)) is not None and other not in self.term_ids
        )

        get = self.surfaces.get
        # every word was interned above, so `get` finds each one
        sets = _Fields()
        strong: list[list[int]] = [[] for _ in self.term_ids]  # snippets using a term in title
        weak: list[list[int]] = [[] for _ in self.term_ids]  # or question; the others
        topic_terms = self.topic_terms
        place_sets: dict[frozenset[int], frozenset[int]] = {}
        snippet_places = []
        start = text = 0
        for index, count in enumerate(pieces_of):
            fields = []
            for _ in range(count):
                ids = cast("set[int]", {*map(get, words[start : ends[text]])}) - _NOT_TERMS
                start = ends[text]
                text += 1
                fields.append(ids)
                sets.add_text(ids)
            sets.end_snippet()
            head = {*fields[0], *fields[1]} if len(fields) > 1 else set(fields[0])
            for term in head:
                strong[term].append(index)
            rest = head.union(*fields[2:], topic_terms[topic_of[index]])
            rest -= head
            for term in rest:
                weak[term].append(index)
            countries = places.intersection(set().union(*fields[:2], topic_terms[topic_of[index]]))
            # a snippet names one of a few countries, or none: one shared set per combination
            in_snippet = frozenset(countries)
            snippet_places.append(place_sets.setdefault(in_snippet, in_snippet))
        del words, ends
        self.sets = sets
        self.snippet_places = tuple(snippet_places)
        # the countries some answer is about
        self.owned: frozenset[int] = frozenset().union(*snippet_places)

        self.df = tuple(len(a) + len(b) for a, b in zip(strong, weak))
        self.common = max(n * COMMON_SHARE, 3)  # a small library: every word says something
        self.idf = tuple(_idf(n, df) for df in self.df)
        # a country says where, not what: however few answers name it, it weighs no more
        # than a word a few answers use ("asylum in the Netherlands" is not the Dutch case)
        self.place_idf = _idf(n, PLACE_DF)
        # A word no snippet uses weighs as much as the rarest one: it says the question is
        # about something the content does not cover.
        self.idf_unknown = _idf(max(n, 1), 1)
        self.postings = tuple(
            tuple(a[:POSTINGS_CAP])
            if len(a) >= POSTINGS_CAP
            else tuple(a + b[: POSTINGS_CAP - len(a)])
            for a, b in zip(strong, weak)
        )
        del strong, weak
        idf = self.idf
        # each text's weight, by text number (as in `sets`)
        self.masses = array("d", [sum([idf[i] for i in sets.text(t)]) for t in range(text)])
        self.topic_sets = tuple(frozenset(terms) for terms in self.topic_terms)

        self.skeletons = self._skeletons() if lang == "ar" else {}
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
                term = self.analyzer.concept(stem_content(self.lang, base))
                term_id = self.term_ids.setdefault(term, len(self.term_ids))
                if base.isalpha():
                    self.bases.setdefault(base, term_id)
            self.surfaces[word] = term_id
        return term_id

    def _skeletons(self) -> dict[str, int]:
        """Arabic: {skeleton: term id} for the content's words and the word lists' words, so
        that another form of a known verb or noun finds it (يتعذب finds تعذيب)."""
        analyzer, term_ids = self.analyzer, self.term_ids
        listed = [
            (word, term_ids.get(term))
            for word in analyzer.listed_words()
            if (term := analyzer.term(word)) is not None
        ]
        return skeleton_map(
            (stem_content(self.lang, base), term_id)
            for base, term_id in [*self.bases.items(), *listed]
            if term_id is not None
        )

    def _by_skeleton(self, base: str) -> int | None:
        """The term an unknown Arabic word is another form of, with a glued و ف ب ع (or a
        particle of a present-tense verb, `_VERB_PARTICLES`) taken off.
        A noun in ة that is no verbal form (سفارة, an embassy) is a word of its own, not a form
        of the verb its letters share (سافر)."""
        forms = [base]
        if len(base) >= 4 and (
            base[0] in "وفبع" or (base[0] in _VERB_PARTICLES and base[1] in IMPERFECT)
        ):
            forms.append(base[1:])
        for form in forms:
            # the stem, and the word with only a plural ending off: Snowball cuts too much of
            # some Levantine verbs (انسجنو, "they were jailed", to انسج)
            for stemmed in (stem(self.lang, form), _PLURAL_ENDING.sub("", form)):
                if stemmed[:1] not in IMPERFECT and form.endswith("ه"):
                    continue
                shape = skeleton(stemmed)
                if shape is not None and (term_id := self.skeletons.get(shape)) is not None:
                    return term_id
        return None

    def _variant(self, base: str) -> tuple[int | None, float]:
        """The term an unknown word is another form of (see `Analyzer.variants`; for Arabic also
        its skeleton), and how much the match counts."""
        term_ids, stem_base = self.term_ids, self.analyzer.stem_base
        for form in self.analyzer.variants(base):
            if (term_id := term_ids.get(stem_base(form))) is not None:
                return term_id, VARIANT_WEIGHT
        if self.skeletons and is_arabic(base):
            for form in [base, *self.analyzer.variants(base)]:
                if (term_id := self._by_skeleton(form)) is not None:
                    return term_id, VARIANT_WEIGHT
        return None, 1.0

    def read(self, words: Sequence[str], typos: int) -> tuple[dict[int, float], int, int]:
        """The query in this language: {term id: idf x match weight}, how many of its words no
        snippet uses (`FOREIGN` for a country no answer names or another topic's word), and how
        many typo look-ups are left of the `typos` allowed."""
        found: dict[int, float] = {}
        unknown: set[str] = set()
        foreign = aside = False
        surfaces, analyzer, term_ids = self.surfaces, self.analyzer, self.term_ids
        unexplained = analyzer.unexplained
        for word in analyzer.respelled(words):
            if word in unexplained:
                unknown.add(word)  # "renew my permit": something no answer explains
                continue
            term_id = surfaces.get(word)
            weight = 1.0
            if term_id is None:
                base = analyzer.base(word)
                if base is None:
                    continue
                term = analyzer.stem_base(base)
                term_id = term_ids.get(term)
                if term_id is None and self._elsewhere(term, base):
                    unknown.add(base)  # about something else: not a typo of a content word
                    aside = True
                    continue
                if term_id is None:
                    term_id, weight = self._variant(base)
                if term_id is None:
                    if typos and len(base) >= TYPO_MIN_LENGTH and base.isalpha():
                        typos -= 1
                        term_id, weight = self._typo(base)
                    if term_id is None:
                        # "2 weeks": a number no answer uses says little; nor does a "word"
                        # as long as a pasted link
                        if not base.isdigit() and len(base) <= LONGEST_WORD:
                            unknown.add(base)
                            foreign = foreign or self._foreign(base)
                        continue
            elif term_id == _STOP:
                continue
            if found.get(term_id, 0.0) < weight:
                found[term_id] = weight
        df, common = self.df, self.common
        if aside and self._together(found.keys() - self.places) < ASIDE_AMONG:
            foreign = True  # "hospital", "job": the question is about that
        if all(df[term] > common for term in found):
            found = {}  # "syria", "réfugié syrien": what the whole bot is about, nothing more
        idf = self.idf
        cap, places = self.place_idf, self.places
        query = {
            term: (min(idf[term], cap) if term in places else idf[term]) * weight
            for term, weight in found.items()
        }
        return query, FOREIGN if foreign else len(unknown), typos

    def _elsewhere(self, term: str, base: str) -> bool:
        """Whether a word the content does not use names another topic, as typed or, in French,
        without its apostrophe ("lelectricite" is l'électricité). Arabic glued pronouns are
        not taken off here: شملهم (included them) would read as لم الشمل's شمل."""
        if term in self.elsewhere:
            return True
        if self.lang != "fr":
            return False
        stem_base = self.analyzer.stem_base
        return any(stem_base(form) in self.elsewhere for form in self.analyzer.variants(base))

    def _together(self, terms: Iterable[int]) -> int:
        """The most of `terms` that one snippet uses, counting only selective terms; a term
        whose postings were cut counts as used by every snippet (a large library's common word)."""
        counts: dict[int, int] = {}
        everywhere = 0
        df, common, postings = self.df, self.common, self.postings
        for term in terms:
            if df[term] > common:
                continue
            if df[term] >= POSTINGS_CAP:
                everywhere += 1
                continue
            for index in postings[term]:
                counts[index] = counts.get(index, 0) + 1
        return everywhere + max(counts.values(), default=0)

    def _foreign(self, base: str) -> bool:
        """Whether an unknown word names a country (Arabic may glue ع / ب / ل / عال to it)."""
        stem_base = self.analyzer.stem_base
        forms = [base]
        if self.lang == "ar":
            # only a glued preposition: any first letter off turns انمسكو into Austria (نمسا)
            forms.append(unglued(base))
        return any(
            stem_base(form) in self.countries or stem_base(article_stripped(form)) in self.countries
            for form in forms
        )

    def _typo(self, base: str) -> tuple[int | None, float]:
        """The closest indexed word with the same first letter: one edit away (two for long
        words). A short word with one letter replaced is usually another word ("paris" is not
        "parts"), so below `TYPO_SUBSTITUTION_LENGTH` only swapped, missing or extra letters
        count."""
        length = len(base)
        limit = 2 if length >= 8 else 1
        best: tuple[int, str] | None = None
        for size in (length, length - 1, length + 1, length - 2, length + 2):
            bucket = self.buckets.get((base[0], size)) if abs(size - length) <= limit else None
            if not bucket:
                continue
            for word, distance, _ in process.extract(
                base, bucket, scorer=OSA.distance, score_cutoff=limit, limit=8
            ):
                if size == length < TYPO_SUBSTITUTION_LENGTH and sorted(word) != sorted(base):
                    continue
                if best is None or distance < best[0]:
                    best = (distance, word)
                break
        if best is None:
            return None, 0.0
        return self.bases[best[1]], TYPO_WEIGHT[best[0]]

    def shared(
        self, index: int, query: Mapping[int, float], words: Sequence[str]
    ) -> tuple[int, int, int]:
        """How many of the query's terms snippet `index` uses (its topic's title aside), how
        many of those its title or question uses: none when a word of the message was dropped as
        a function word only once a prefix was taken off (كبة read as ك + به), which makes the
        message's one remaining word less certainly all it says; and how many of the first are
        no country name."""
        joined = self.sets.joined
        terms = frozenset(query)
        analyzer = self.analyzer
        plain = all(
            word in analyzer.stop or analyzer.base(word) is not None
            for word in analyzer.respelled(words)
        )
        used = terms.intersection(joined(index))
        return (
            len(used),
            len(terms.intersection(joined(index, 2))) if plain else 0,
            len(used - self.places),
        )

    def score(self, query: Mapping[int, float], unknown: int, wanted: int) -> dict[int, float]:
        """{snippet index: score in [0, 1]} for the `wanted` best candidates of a `read` query."""
        total = sum(query.values()) + unknown * self.idf_unknown
        rough: dict[int, float] = {}
        get = rough.get
        postings, df = self.postings, self.df
        # Candidates come from the query's selective words, whose postings are complete; words
        # so common that their postings were cut only top up a short list.
        for term, qw in query.items():
            if df[term] < POSTINGS_CAP:
                for index in postings[term]:
                    rough[index] = get(index, 0.0) + qw
        if len(rough) < wanted:
            for term, qw in query.items():
                if df[term] >= POSTINGS_CAP:
                    for index in postings[term][:wanted]:
                        rough[index] = get(index, 0.0) + qw
        candidates = (
            heapq.nlargest(wanted, rough, key=rough.__getitem__)
            if len(rough) > wanted
            else list(rough)
        )
        masses, topic_sets, topic_of = self.masses, self.topic_sets, self.topic_of
        names_from = self.names_from
        # `self.sets`'s flat tables, read directly: this loop is most of a query's cost
        terms, starts, first = self.sets.terms, self.sets.starts, self.sets.first
        step = CENTRALITY_STEP / _UNITS
        scores: dict[int, float] = {}
        named = self.places.intersection(query)
        snippet_places = self.snippet_places
        for index in candidates:
            units = dict.fromkeys(query, 0)  # how much the snippet's texts use each query term
            closeness = 0.0
            head = first[index]
            names = head + names_from[index]
            for text in range(head, first[index + 1]):
                add = (
                    _HEAD_UNITS
                    if text < head + 2
                    else _EXAMPLE_UNITS
                    if text < names
                    else _NAME_UNITS
                )
                shared = 0.0
                for term in terms[starts[text] : starts[text + 1]]:
                    in_query = query.get(term)
                    if in_query is not None:
                        shared += in_query
                        units[term] += add
                if shared:
                    mass = masses[text]
                    value = shared * (shared / mass if shared < mass else 1.0)
                    if text >= names:
                        value *= NAME_CLOSENESS
                    if value > closeness:
                        closeness = value
            coverage = 0.0
            topic = topic_sets[topic_of[index]]
            for term, count in units.items():
                if count:
                    weight = CENTRALITY_BASE + step * count
                    coverage += query[term] * (weight if weight < 1.0 else 1.0)
                elif term in topic:
                    coverage += query[term] * TOPIC_WEIGHT
            score = COVERAGE_SHARE * coverage / total + (1.0 - COVERAGE_SHARE) * math.sqrt(
                closeness / total
            )
            if named and snippet_places[index] and not named & snippet_places[index]:
                score *= OTHER_COUNTRY  # the question names a country; this answer is another's
            elif named and not snippet_places[index] and named & self.owned:
                score *= NO_COUNTRY  # it is another answer's country: that answer first, if close
            scores[index] = score
        return scores


class SearchIndex:
    """Every approved snippet, indexed in every language; build one per loaded library."""

    def __init__(
        self, ids: tuple[str, ...], indexes: Mapping[str, _LanguageIndex], languages: Languages
    ) -> None:
        self._ids = ids
        self._indexes = indexes
        self.languages = languages
        """The content's languages, in its order: the ones a query may be read in."""

    @classmethod
    def from_library(cls, library: Library) -> SearchIndex:
        """Index `library.snippets` (the approved ones) and their topics' titles."""
        snippets = list(library.snippets.values())
        topics = {topic.id: number for number, topic in enumerate(library.topics)}
        topic_of = [topics.get(s.topic, len(topics)) for s in snippets]
        indexes = {}
        for language in library.languages:
            register(language)  # its stemmer and word lists, if the content describes it
        with _collector_paused():
            for lang in library.languages.codes:
                titles = [topic.title.get(lang) for topic in library.topics] + [""]
                texts = [
                    (
                        s.title.get(lang),
                        s.question.get(lang),
                        *s.examples.get(lang),
                        *answer_names(s.answer.get(lang)),
                    )
                    for s in snippets
                ]
                names_from = [2 + len(s.examples.get(lang)) for s in snippets]
                indexes[lang] = _LanguageIndex(lang, texts, topic_of, titles, names_from)
        return cls(tuple(s.id for s in snippets), indexes, library.languages)

    def rank(self, text: str, lang: str, limit: int = 3) -> list[Match]:
        """The best matching snippets, best first, with scores in [0, 1]: the raw ranking, before
        any decision (for tests and inline mode); ties keep content order."""
        return self._rank(text, lang, limit)[0]

    def search(self, text: str, lang: str) -> Outcome:
        """What to show for typed text: an answer, one to three choices, or none."""
        ranked, known, places, unknown, (shared, headline, shared_topical) = self._rank(
            text, lang, limit=4
        )
        return decide(
            ranked,
            known,
            unknown,
            places,
            len(tokens(normalise(text[:MAX_QUERY_CHARS]))),
            shared,
            headline,
            shared_topical,
        )

    def _rank(
        self, text: str, lang: str, limit: int
    ) -> tuple[list[Match], int, int, int, tuple[int, int, int]]:
        """Ranked matches, and in the best match's reading of the query: how many of its words
        the content uses, how many of those are country names, how many it does not use, and
        how many the best match itself uses (all, in its title or question, and those that are
        no country name)."""
        normalised = normalise(text[:MAX_QUERY_CHARS])
        words = tokens(normalised)[:MAX_QUERY_TOKENS]
        if not any(word.isalpha() for word in words):
            return [], 0, 0, 0, (0, 0, 0)
        best: dict[int, float] = {}
        reading_of: dict[int, int] = {}
        counts: list[tuple[int, int, int]] = []
        queries: list[tuple[_LanguageIndex, dict[int, float]]] = []
        typos = MAX_TYPO_LOOKUPS
        for reading in self._languages(normalised, words, lang):
            index = self._indexes[reading]
            query, unknown, typos = index.read(words, typos)
            counts.append((len(query), len(index.places.intersection(query)), unknown))
            queries.append((index, query))
            if query:
                factor = 1.0 if reading == lang else OTHER_LANGUAGE
                for snippet, score in index.score(query, unknown, max(RESCORE, limit)).items():
                    score *= factor
                    if score > best.get(snippet, 0.0):
                        best[snippet] = score
                        reading_of[snippet] = len(counts) - 1
                if unknown * 3 < len(query) + unknown or counts[-1][1]:
                    # this language understood the query, or the country it names: another
                    # would add only noise, and could miss that country
                    break
        if not best:
            return [], 0, 0, 0, (0, 0, 0)
        top = sorted(best, key=lambda snippet: (-best[snippet], snippet))[:limit]
        matches = [Match(self._ids[snippet], round(best[snippet], 4)) for snippet in top]
        index, query = queries[reading_of[top[0]]]
        return (matches, *counts[reading_of[top[0]]], index.shared(top[0], query, words))

    def _languages(self, normalised: str, words: Sequence[str], lang: str) -> list[str]:
        """Languages to read the query in, most likely first: by script (languages of another
        script than Latin first, since Latin names turn up in any text), then, among the Latin
        ones, the one whose stop words the query uses most ("est-ce que", "the"), the user's
        setting on a tie, then the content's order."""
        offered = [language for language in self.languages if language.code in self._indexes]
        order = [
            language.code
            for language in offered
            if language.script != "Latin" and script_in(normalised, language.script)
        ]
        if has_latin(normalised):
            latin = [language.code for language in offered if language.script == "Latin"]
            hits = {
                code: len(STOPWORDS.get(code, frozenset()).intersection(words)) for code in latin
            }
            order += sorted(latin, key=lambda code: (-hits[code], code != lang))
        return order


_NAME = re.compile(
    r"(?:[A-Z][\w'-]*|[A-Z]{2,})"
    r"(?:[ \t]+(?:(?:of|de|du|des|al|el|la|le)[ \t]+)?(?:[A-Z][\w'-]*|\d+\b))*"
)
_FIGURE = re.compile(r"(?<![\w.,])(?<!\d\s)[1-9][\d.,]*\d(?![\w])(?!\s\d)")
"""A figure of two digits or more ("189", "30,000", "7.3"): people ask by the number. A part of
a number written with spaces ("30 000") is not one."""
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“(\n]\s*)$")


def answer_names(answer: str) -> list[str]:
    """The names in an answer's opening paragraph, which says what it is about: capitalised
    words and runs of them ("Ofpra", "Hayat Tahrir Al Sham", "Law 10"), acronyms and figures
    ("189", "30,000"), not a lone capital that only starts a sentence. Arabic has no capitals:
    Latin names inside it count."""
    lead = answer.strip().split("\n\n", 1)[0]
    names = []
    for match in _NAME.finditer(lead):
        name = match.group()
        if (
            " " not in name
            and not (name.isupper() and len(name) > 1)
            and _SENTENCE_START.search(lead, 0, match.start())
        ):
            continue
        names.append(name)
    return list(dict.fromkeys(names + transliterated_names(lead) + _FIGURE.findall(lead)))


_LATIN_IN_BRACKETS = re.compile(r"\(([A-Z][A-Za-z .'-]*)\)")
_QUOTED_BEFORE = re.compile(r"«([^«»]+)»\s*$")
_ARABIC_IN_BRACKETS = re.compile(r"[A-Za-z]\s*\(([\u0621-\u064a\u064b-\u065f ]+)\)")
_QUOTES = '«»"“”،,:'


def transliterated_names(text: str) -> list[str]:
    """Names an Arabic text writes in both scripts, the Latin one in brackets after the Arabic
    (رومان رويز (Romain Ruiz): the quoted Arabic, or as many Arabic words as the Latin name
    has) or the Arabic one after the Latin (Ofpra (أوفبرا)): people type the name in Arabic
    letters. A bracketed Latin word without a capital is a gloss (non-refoulement), not a name."""
    found = []
    for match in _LATIN_IN_BRACKETS.finditer(text):
        quoted = _QUOTED_BEFORE.search(text, 0, match.start())
        if quoted is not None:
            found.append(quoted.group(1).strip())
            continue
        count = len(match.group(1).split())
        before = [word.strip(_QUOTES) for word in text[: match.start()].split()[-count:]]
        if len(before) == count and all(word and is_arabic(word) for word in before):
            found.append(" ".join(before))
    found += [match.group(1).strip() for match in _ARABIC_IN_BRACKETS.finditer(text)]
    return found


def decide(
    ranked: Sequence[Match],
    known: int = 2,
    unknown: int = 0,
    places: int = 0,
    words: int = 2,
    shared: int | None = None,
    headline: int = 0,
    shared_topical: int | None = None,
) -> Outcome:
    """Thresholds: a wrong answer is worse than none, so an answer must be clearly the best.

    `known` counts the query's words the content uses (`places` of them country names),
    `unknown` those it does not, `words` all its words, `shared` those the best match uses
    (`known` when not given), `shared_topical` those of them that are no country name (`shared`
    when not given), `headline` those its title or question uses. A query that says
    more the content does not know than it does, country names aside ("visa pour le canada",
    "i lost my phone"), gets none. A single answer needs two of the query's words in it: one
    shared word says what the question is about, not what the person wants to know ("denmark",
    "Ofpra", "how long does asylum take in the Netherlands"). Such a query gets buttons, and a
    lone button only when it matches strongly and that word is all the message says ("Ofpra"),
    or all it says that the content knows and in that answer's title or question ("qui a fait
    ce bot", not "quel temps fait-il"). A lone button for a longer message needs two of its
    words in that answer.
    """
    if shared is None:
        shared = known
    topical = known - places
    evidence = unknown <= topical and shared >= 2 and topical >= 2
    if shared_topical is None:
        shared_topical = shared
    if evidence and shared_topical >= 3:
        at = STRONG_EVIDENCE_AT
    elif evidence and shared >= 3:
        at = PLACE_EVIDENCE_AT
    elif evidence and topical >= 3:
        at = EVIDENCE_AT
    else:
        at = CHOICE_AT_UNKNOWN if unknown else CHOICE_AT
    if not ranked or ranked[0].score < at:
        return Outcome("none", ())
    first = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    clear = first.score >= ANSWER_AT and first.score - second >= ANSWER_MARGIN
    if unknown > topical or (unknown and topical <= 1 and not clear):
        return Outcome("none", ())
    if known >= 2 and clear and shared >= 2:
        return Outcome("answer", (first,))
    # Plausible but not certain: offer buttons and let the person pick. A lone candidate far
    # ahead of the rest is offered too, as one button: tapping it is the person's confirmation.
    floor = min(first.score, max(CHOICE_FLOOR, first.score - CHOICE_SPREAD))
    choices = tuple(m for m in ranked[:3] if m.score >= floor)
    keyword = words <= KEYWORD_WORDS or (known <= KEYWORD_WORDS and not unknown and headline)
    if len(choices) == 1 and shared < 2 and not (first.score >= ANSWER_AT and keyword):
        return Outcome("none", ())  # one word matching one text is too thin to offer
    return Outcome("choices", choices)
