"""Text normalisation for matching typed questions: the same words, however they are typed.

`normalise` folds what people type differently for the same word (case, accents, Arabic letter
variants and diacritics, Arabic-Indic digits); `tokens` splits normalised text into words;
`Analyzer` turns one word into the term the search index stores (elisions, possessives,
Arabic prefixes, stop words, Snowball stemming). Pure functions and caches, no I/O.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import snowballstemmer  # type: ignore[import-untyped]  # ships no type information

from bot.content.reader import read
from bot.content.writing import in_script
from bot.language import Language, known_codes, shipped

# Marks removed after NFKD: Latin combining accents, Arabic harakat (U+064B-U+065F, which also
# holds the hamza marks NFKD splits off أ إ آ ؤ ئ), superscript alef, Quranic marks, tatweel.
_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

# Letters and signs replaced one by one; str.replace is ~50x faster than str.translate on
# Arabic text, which matters when 8,000 snippets are indexed.
_REPLACE: tuple[tuple[str, str], ...] = (
    ("\u0671", "\u0627"),  # ٱ alef wasla -> ا (أ إ آ are handled by NFKD + _MARKS)
    ("\u0649", "\u064a"),  # ى alef maqsura -> ي
    ("\u0629", "\u0647"),  # ة ta marbuta -> ه
    ("\u06a9", "\u0643"),  # Persian keheh -> ك
    ("\u06cc", "\u064a"),  # Persian yeh -> ي
    ("\u066b", "."),  # Arabic decimal separator
    ("\u066c", ","),  # Arabic thousands separator
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u02bc", "'"),
    ("\u00b4", "'"),
)
_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")  # Arabic-Indic and Persian digits


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.digit(match.group()))


# A word: letters possibly joined by apostrophes (l'asile, refugee's), or a number (7.3, 200,000).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[a-z]")


def normalise(text: str) -> str:
    """NFKC, case-fold, drop accents and Arabic diacritics, unify Arabic letter forms and digits."""
    if text.isascii():
        return text.lower().replace("`", "'")
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    for old, new in _REPLACE:
        if old in text:
            text = text.replace(old, new)
    if _DIGITS.search(text):
        text = _DIGITS.sub(_ascii_digit, text)
    return text.replace("`", "'")


def tokens(normalised: str) -> list[str]:
    """Words and numbers of an already normalised text, in order."""
    return _TOKEN.findall(normalised)


def is_arabic(token: str) -> bool:
    return _ARABIC_LETTER.match(token) is not None


def has_arabic(text: str) -> bool:
    return _ARABIC_LETTER.search(text) is not None


def has_latin(text: str) -> bool:
    return _LATIN_LETTER.search(text) is not None


@cache
def words_file(path: Path | None) -> Mapping[str, Any]:
    """A language's word lists (`<code>/words.yaml` beside its description): data an admin can
    extend. Read once, with the content's YAML reader, so that a listed `no` or `on` stays a
    word (YAML 1.2 meanings)."""
    data = read(path.read_text(encoding="utf-8")).value if path and path.is_file() else None
    return data if isinstance(data, dict) else {}


def _single_words(entries: Any) -> frozenset[str]:
    return frozenset(
        normalise(str(word)) for word in (entries or ()) if len(tokens(normalise(str(word)))) == 1
    )


# Each list below has one entry per language the matcher knows: the shipped languages from the
# start, and a content folder's own ones once `register` has read them (bot/languages/README.md).

# Function words, question words and greetings only: content words must stay searchable.
STOPWORDS: dict[str, frozenset[str]] = {}

# Irregular forms Snowball leaves apart ("went back" should meet "go back", "lost" meet "lose").
LEMMAS: dict[str, dict[str, str]] = {}

# How people type words -> the words they mean ("jpeux" -> "je peux", "هلق" -> "الان").
SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {}

# Words for one concept ("papers", "permit", "status"), one group per entry; single words only.
SYNONYMS: dict[str, tuple[tuple[str, ...], ...]] = {}

# Country names: a question naming one is not offered another country's answers first.
COUNTRIES: dict[str, frozenset[str]] = {}

# Words for lengths of time ("ans", "weeks"): a number before one is a duration ("une carte de 10
# ans"), not a name or a figure of an answer ("Law 10", "189").
DURATIONS: dict[str, frozenset[str]] = {}

# Words for what the bot has no answers about (citizenship, jobs, schools, doctors): a question
# using one, where the content does not, is about something else and gets no card.
OTHER_TOPICS: dict[str, frozenset[str]] = {}

# Words for something people ask to get done that no answer explains (renewing a permit): in a
# question they count as words the content does not know, though an answer may use them in
# passing ("Denmark refused to renew").
UNEXPLAINED: dict[str, frozenset[str]] = {}

_DESCRIBED: dict[str, tuple[str | None, str, Path | None]] = {}
"""code -> (Snowball algorithm or None, script, words file) of every registered language."""


def register(language: Language) -> None:
    """Make a language's stemmer and word lists known to the matcher. The shipped languages are
    known from the start; a content folder's own (or replaced) description is registered when
    its library is indexed, and replaces what was known under its code."""
    code, described = language.code, (language.stemmer, language.script, language.words)
    if _DESCRIBED.get(code) == described:
        return
    data = words_file(language.words)
    STOPWORDS[code] = frozenset(
        normalise(word) for word in str(data.get("stopwords") or "").split()
    )
    LEMMAS[code] = {
        normalise(str(form)): normalise(str(head))
        for head, forms in (data.get("irregular") or {}).items()
        for form in forms
    }
    SPELLINGS[code] = {
        normalise(str(form)): tuple(tokens(normalise(str(meant))))
        for form, meant in (data.get("spellings") or {}).items()
    }
    SYNONYMS[code] = tuple(
        tuple(normalise(str(word)) for word in group if len(tokens(normalise(str(word)))) == 1)
        for group in (data.get("synonyms") or ())
    )
    COUNTRIES[code] = _single_words(data.get("countries"))
    OTHER_TOPICS[code] = _single_words(data.get("other_topics"))
    DURATIONS[code] = _single_words(data.get("durations"))
    UNEXPLAINED[code] = _single_words(data.get("unexplained"))
    known = code in _DESCRIBED
    _DESCRIBED[code] = described
    if known:  # what was stemmed under this code may now stem otherwise
        stem_content.cache_clear()


_GLUED_PRONOUNS = ("لهم", "لها", "لكم", "لنا", "لي", "لك", "لو")
"""Levantine glues "to me / to him ..." to the verb: بيحقلي is بيحق لي, قلو is قال لو."""

FRENCH_ELISIONS = frozenset(
    {"l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu"}
)

_local = threading.local()  # Snowball stemmers keep state between calls: one set per thread


def _stemmer(algorithm: str) -> Any:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm]


def stem(lang: str, word: str) -> str:
    """Snowball stem of a normalised word in a language, with the stemmer its description names
    (none: the word itself); words in another script than the language's, and numbers, are
    left unchanged.

    The Arabic stemmer is run to a fixed point (at most three rounds, never below three
    letters): one round is inconsistent on normalised text (لاجي -> لاج but لاجيين -> لاجي).
    """
    algorithm, script, _ = _DESCRIBED.get(lang, (None, "", None))
    if algorithm is None or not word.isalpha() or not in_script(word, script):
        return word
    if algorithm == "french":
        if len(word) >= 6 and word.endswith(("ee", "ees")):
            # accents are folded before stemming, and Snowball knows the participle endings
            # only with theirs: emprisonnees is emprisonnées (emprisonner), not "emprisonne"
            head, _, plural = word.rpartition("ee")
            word = f"{head}ée{plural}"
        stemmed = _stemmer(algorithm).stemWord(word)
        if len(word) >= 7 and (
            (stemmed == word and word.endswith("ent"))
            or (word.endswith("irent") and stemmed == word[:-5])
        ):
            # a third person plural Snowball leaves whole (rentrent is rentrer, forcent forcer)
            # or reads as a past tense nobody types (retirent is retirer, not "ret")
            return _stemmer(algorithm).stemWord(word[:-3] + "er")
        return stemmed
    if algorithm != "arabic":
        return _stemmer(algorithm).stemWord(word)
    for _ in range(3):
        if len(word) <= 3:
            break
        shorter = _stemmer(algorithm).stemWord(word)
        if shorter == word:
            break
        word = shorter
    return word


@lru_cache(maxsize=100_000)
def stem_content(lang: str, word: str) -> str:
    """`stem`, remembered: for the content's own words only, so that /reload does not stem them
    all again (pure-Python Snowball is slow; README, Performance). Words people type are never kept
    here: the bot keeps nothing of what people write."""
    return stem(lang, word)


for _code in known_codes():
    register(shipped(_code))


T = TypeVar("T")

IMPERFECT = "يتنا"
"""Letters that open a present-tense verb (يزور، تجدد، نروح، ارجع) or a verbal noun (تعذيب)."""
_LONG_VOWELS = str.maketrans("", "", "اويءئؤ")


def skeleton(stem_: str) -> str | None:
    """An Arabic stem without its present-tense prefix, a final ه and its long vowels: the
    letters a verb and its verbal noun share (بيعتقلوني and اعتقال: عتقل؛ يتعذب and تعذيب: عذب؛
    راجعين and رجع: رجع). None when fewer than three letters are left, which says too little to
    find a word by (يزور: زر)."""
    word = stem_
    for _ in range(2):
        if len(word) >= 4 and word[0] in IMPERFECT:
            word = word[1:]
    if len(word) >= 4 and word[-1] == "ه":
        word = word[:-1]
    word = word[0] + word[1:].translate(_LONG_VOWELS) if word else word
    return word if len(word) >= 3 else None


def skeleton_map(stems: Iterable[tuple[str, T]]) -> dict[str, T]:
    """{skeleton: value} for (stem, value) pairs. Where forms of different values share a
    skeleton, the value of the form that is the bare skeleton itself wins (سفر, travel, over
    تسفير, deportation); without one the skeleton is left out: it cannot say which was meant."""
    values: dict[str, set[T]] = {}
    bare: dict[str, set[T]] = {}
    for word, value in stems:
        shape = skeleton(word)
        if shape is not None:
            values.setdefault(shape, set()).add(value)
            if word == shape:
                bare.setdefault(shape, set()).add(value)
    found = {}
    for shape, options in values.items():
        if len(options) == 1:
            found[shape] = next(iter(options))
        elif len(bare.get(shape, ())) == 1:
            found[shape] = next(iter(bare[shape]))
    return found


class Analyzer:
    """Turns a normalised token into an index term, or None for a stop word, in one language.

    For Arabic, the article ال (also after و ف ب ك ل) is always stripped; a single leading و ف
    ب ك ل only when what remains is a word of four letters or more that the index knows, or a
    stop word: بسوريا loses its ب, but بلد keeps it and وصفة (a recipe) does not become صفة.
    """

    __slots__ = (
        "lang",
        "stop",
        "known",
        "lemmas",
        "synonyms",
        "spellings",
        "phrases",
        "verbs",
        "durations",
        "unexplained",
    )

    def __init__(self, lang: str, known: AbstractSet[str] = frozenset()) -> None:
        self.lang = lang
        self.stop = STOPWORDS.get(lang, frozenset())
        self.known = frozenset(known)
        self.lemmas = LEMMAS.get(lang, {})
        self.spellings = SPELLINGS.get(lang, {})
        self.durations = DURATIONS.get(lang, frozenset())
        self.unexplained = UNEXPLAINED.get(lang, frozenset())
        # A spelling of several words is a phrase ("plus de nouvelles", "aller retour"): by its
        # first word, longest first, so that the longest phrase typed is the one read.
        phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for form, meant in self.spellings.items():
            words = tuple(tokens(form))
            if len(words) > 1:
                phrases.setdefault(words[0], []).append((words, meant))
        self.phrases = {
            first: tuple(sorted(found, key=lambda pair: -len(pair[0])))
            for first, found in phrases.items()
        }
        self.synonyms: dict[str, str] = {}
        for group in SYNONYMS.get(lang, ()):
            terms = [term for word in group if (term := self._plain_term(word)) is not None]
            for term in terms:  # the first too: a listed word is never read as another's form
                self.synonyms.setdefault(term, terms[0])
        # A one-word spelling is a synonym too, so the content's own "بالشام" meets "دمشق".
        for form, meant in self.spellings.items():
            if (
                len(meant) == 1
                and len(tokens(form)) == 1
                and (source := self._plain_term(form)) is not None
                and (target := self._plain_term(meant[0])) is not None
                and source != target
            ):
                self.synonyms.setdefault(source, self.synonyms.get(target, target))
        self.verbs = self._verb_shapes() if lang == "ar" else {}
        if lang == "ar":  # a listed word with a preposition glued to it is that word too
            listed = [word for word in self.listed_words() if is_arabic(word)]
            self.known = self.known.union(listed, map(article_stripped, listed))

    def _verb_shapes(self) -> dict[str, str]:
        """Arabic: {skeleton: group term} of the listed words, so that any present-tense form of
        a listed verb joins its group, in the content as in questions (بيقطعو and بتقطع meet
        قطع)."""
        return skeleton_map(
            (term, self.synonyms.get(term, term))
            for word in self.listed_words()
            if (term := self._plain_term(word)) is not None
        )

    def variants(self, base: str) -> list[str]:
        """Other ways to read a word the index does not know: French written without its
        apostrophe (daller, maidera, lofpra); English without the g of -ing (stayin); Arabic
        with a Levantine pronoun glued to its end (بيحقلهم، قلي)."""
        out = []
        if self.lang == "fr" and base.isalpha():
            if base.startswith("qu") and len(base) >= 5:
                out.append(base[2:])
            elif base[0] in "ldjmtsnc" and len(base) >= 4:
                out.append(base[1:])
        elif self.lang == "en" and base.isalpha():
            if base.endswith("in") and len(base) >= 4:
                out.append(base + "g")  # goin, stayin, visitin: the g dropped in texting
        elif self.lang == "ar" and is_arabic(base):
            for ending in _GLUED_PRONOUNS:
                if base.endswith(ending) and len(base) - len(ending) >= 3:
                    out.append(base[: -len(ending)])
                    break
        return [form for form in out if form not in self.stop]

    def listed_words(self) -> list[str]:
        """The single words of this language's synonym groups and spellings."""
        words = [word for group in SYNONYMS.get(self.lang, ()) for word in group]
        words += [form for form in self.spellings if len(tokens(form)) == 1]
        return words

    def _plain_term(self, token: str) -> str | None:
        base = self.base(token)
        return None if base is None else stem(self.lang, base)

    def base(self, token: str) -> str | None:
        """The token without elision, possessive or prefixes; None if it is a stop word."""
        if "'" in token:
            token = self._apostrophe(token)
        if token in self.stop:
            return None
        if self.lang == "ar" and is_arabic(token):
            token = self._arabic_prefixes(token)
            if token in self.stop:
                return None
        if len(token) < 2 and not token.isdigit():
            return None
        return self.lemmas.get(token, token)

    def term(self, token: str) -> str | None:
        """The index term of a normalised token; None for a stop word."""
        base = self.base(token)
        return None if base is None else self.stem_base(base)

    def stem_base(self, base: str) -> str:
        """The index term of a `base`: its stem, or the first word of its synonym group."""
        return self.concept(stem(self.lang, base))

    def concept(self, term: str) -> str:
        """The term that stands for `term`'s synonym group (itself when it has none); for Arabic,
        a present-tense verb or a participle (a stem opening with ي ت ن ا، or م) joins the group
        of a listed word it is a form of."""
        found = self.synonyms.get(term)
        if found is not None:
            return found
        if self.verbs and len(term) >= 4 and term[0] in IMPERFECT + "م":
            # م opens a participle: مجمد is frozen (جمد), معتقل detained (اعتقال)
            shape = skeleton(term[1:] if term[0] == "م" else term)
            if shape is not None:
                return self.verbs.get(shape, term)
        return term

    def respelled(self, words: Sequence[str]) -> list[str]:
        """Words as meant: texting and colloquial forms replaced by the words they stand for,
        listed phrases by theirs ("plus de nouvelles", "these days"); in Arabic also with a
        preposition glued to them (بحماه، عحلب، بالرقه). A number before a length of time is
        left out: "10 ans" is how long, not the 10 of "Law 10"."""
        spellings, phrases, durations = self.spellings, self.phrases, self.durations
        if self.lang == "fr":
            words = _elided(words)
        out: list[str] = []
        at, end = 0, len(words)
        while at < end:
            word = words[at]
            for phrase, said in phrases.get(word, ()):
                if tuple(words[at : at + len(phrase)]) == phrase:
                    out.extend(said)
                    at += len(phrase)
                    break
            else:
                at += 1
                if word.isdigit() and at < end and words[at] in durations:
                    continue
                meant = spellings.get(word)
                if meant is None and self.lang == "ar" and is_arabic(word):
                    bare = unglued(word)
                    meant = spellings.get(bare) if bare != word else None
                out.extend(meant or (word,))
        if self.lang == "fr":
            out = _french_sure(out)
        return out

    def _apostrophe(self, token: str) -> str:
        if self.lang == "fr":
            head, _, rest = token.partition("'")
            if head in FRENCH_ELISIONS and rest:
                token = rest
        elif self.lang == "en" and token.endswith("'s"):
            token = token[:-2]
        return token.replace("'", "")

    def _arabic_prefixes(self, word: str) -> str:
        known, stop = self.known, self.stop
        if word.startswith("هال") and len(word) >= 6:
            word = word[1:]  # Levantine هال is "this": هالبوت is هذا البوت
        if (
            word[0] in "وف"
            and len(word) >= 3
            and not (word.startswith("والد") and word[4:] in _PARENT_ENDINGS)
            and (word[1:3] == "ال" or word[1:] in stop or (len(word) >= 5 and word[1:] in known))
        ):
            word = word[1:]
        if word.startswith("ال") and len(word) >= 4:
            return word[2:]
        if word[:3] in ("بال", "كال", "فال") and len(word) >= 5:
            return word[3:]
        if word.startswith("لل") and len(word) >= 4:
            # ل + ال + a word beginning with ل loses a lam: للاجئ is ل + اللاجئ
            return word[1:] if word[1:] in known else word[2:]
        if (
            word[0] in "بلكف"
            and len(word) >= 3
            and (
                word[1:] in stop
                or (len(word) >= (4 if word[0] in "بل" else 5) and word[1:] in known)
            )
        ):
            return word[1:]
        if word[0] == "ع" and word not in known:
            # Levantine glues على to the next word: عالشام is على الشام, عسوريا على سوريا.
            if word.startswith("عال") and len(word) >= 6:
                return word[3:]
            if len(word) >= 5 and (word[1:] in known or article_stripped(word[1:]) in known):
                return article_stripped(word[1:])
        return word


_SURE_AFTER = frozenset({"pas", "plus", "tres", "vraiment", "assez", "comme", "reste", "si"})
"""French words after which "sur" is "sûr" typed without its accent, not the preposition."""
_SURE_BEFORE = frozenset({"que", "qu", "ou", "et", "maintenant", "actuellement", "aujourd", "pour"})
"""... and before which it is."""


def _elided(words: Sequence[str]) -> list[str]:
    """French words with their elided article or pronoun apart ("l'asile" is "l asile"), as
    people who type no apostrophe write them, so that a listed phrase meets both."""
    out: list[str] = []
    for word in words:
        head, mark, rest = word.partition("'")
        if mark and head in FRENCH_ELISIONS and rest:
            out += (head, rest)
        else:
            out.append(word)
    return out


def _french_sure(words: list[str]) -> list[str]:
    """ "sur" without its accent is "on" or "safe": it is "safe" where the preposition cannot
    be: at the end of the text ("idlib cest sur ?"), before "que", "ou", "et", "maintenant" or
    "pour" ("sur ou pas", "sur et certain", "c sur maintenant", "sur pour nous"), after
    "pas", "plus", "tres" ... ("pas sur pour nous"; not after "est": "c est sur internet")."""
    last = len(words) - 1
    return [
        "sure"
        if word == "sur"
        and (at == last or words[at + 1] in _SURE_BEFORE or (at and words[at - 1] in _SURE_AFTER))
        else word
        for at, word in enumerate(words)
    ]


_PARENT_ENDINGS = frozenset(
    {"", "ه", "ي", "ك", "ها", "هم", "تي", "ته", "تك", "تها", "تهم", "ين", "يه"}
)
"""والد (a parent: والدي، والدته، والدين) is no و glued to an article (والدنمارك is)."""


def unglued(word: str) -> str:
    """An Arabic word without a preposition glued to it: بحماه is حماه, بالرقه الرقه, عحلب حلب."""
    if word[:3] in ("بال", "عال", "وال", "فال", "كال") and len(word) >= 6:
        return word[1:]
    if word[:1] in ("ب", "ل", "ع", "و", "ف", "ك") and len(word) >= 4:
        return word[1:]
    return word


def article_stripped(word: str) -> str:
    """An Arabic word without its article, for the vocabulary that guides prefix stripping."""
    if word.startswith("ال") and len(word) >= 4:
        return word[2:]
    return word
