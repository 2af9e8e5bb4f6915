"""Whole sentences around a quote, and what a quote leaves out of them.

Pure functions over a source's normalised text (see `sources.normalise_lines`: single spaces,
paragraph breaks kept as newlines). A card shows the whole sentence(s) a quote stands in, and the
checker reads the words a quote cuts off, because "no access to due process" and "no access to
due process if they are deemed a threat" are different answers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof st sr jr gen col lt sgt capt cmdr gov sen rep pres rev hon vs etc "
    "no nos art fig vol ed eds approx dept est inc ltd co corp jan feb mar apr jun jul aug sep "
    "sept oct nov dec mme mlle me e.g i.e u.s u.k u.n a.m p.m".split()
)
"""Words that end in a full stop without ending a sentence ('Mr. Knud Larsen')."""

_CLOSERS = "\"')]}»¹²³⁴⁵⁶⁷⁸⁹⁰*"
# A sentence ends at . ! ? or … (with any closing quotes, brackets and footnote marks after it)
# when a space follows and the next sentence begins with a capital, a digit or an opening mark.
_END = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?= [\"'(\[«¿¡]*[A-Z0-9À-ÖØ-Þ])")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_WORDS = re.compile(r"[A-Za-z0-9À-ÿ'-]+")


@dataclass(frozen=True)
class Passage:
    """The sentence(s) holding a quote: `before` + `quote` + `after` is their whole text."""

    start: int
    end: int
    before: str
    quote: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.quote + self.after

    @property
    def starts_mid_sentence(self) -> bool:
        return has_words(self.before)

    @property
    def stops_mid_sentence(self) -> bool:
        return has_words(self.after)


def has_words(text: str) -> bool:
    return bool(_WORDS.search(text))


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation or an initial, not a sentence."""
    if text[stop] != ".":
        return False
    match = _WORD_BEFORE.search(text, 0, stop)
    if match is None:
        return False
    word = match.group(1).strip(".").lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in `text`; a newline always ends one."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _END.finditer(line):
            if _is_abbreviation(line, match.start()):
                continue
            spans.append((offset + start, offset + match.end()))
            start = match.end() + 1  # the one space after it
        if line[start:].strip():
            spans.append((offset + start, offset + len(line)))
        offset += len(line) + 1
    return spans


def find_passage(text: str, spans: list[tuple[int, int]], quote: str) -> Passage | None:
    """The whole sentence(s) of `text` around the first occurrence of `quote` (both normalised;
    `text` may hold newlines where `quote` has spaces), or None if it is not there."""
    flat = text.replace("\n", " ")
    at = flat.find(quote)
    if at < 0 or not quote:
        return None
    stop = at + len(quote)
    starts = [s for s, _ in spans]
    first = max(bisect.bisect_right(starts, at) - 1, 0)
    last = first
    while last + 1 < len(spans) and spans[last][1] < stop:
        last += 1
    start, end = min(spans[first][0], at), max(spans[last][1], stop)
    return Passage(start, end, flat[start:at], flat[at:stop], flat[stop:end])


# --- what a cut leaves out ----------------------------------------------------------------------

QUALIFIERS_AFTER = (
    # a condition or an exception
    "if",
    "only if",
    "unless",
    "except",
    "excluding",
    "only",
    "provided",
    "providing",
    "when",
    "whenever",
    "as long as",
    "so long as",
    "on condition",
    "in case",
    "but only",
    # an alternative or a threat
    "or",
    "or else",
    "otherwise",
    "failing which",
    # a restriction
    "of those",
    "whose",
    "who are",
    "who were",
    "who have",
    "who had",
    "that are",
    "that were",
    "those who",
)
"""Words that, coming straight after a quote, narrow what it said."""

FRAMING_BEFORE = (
    "to mask",
    "to hide",
    "to disguise",
    "claims",
    "claim",
    "claimed",
    "claiming",
    "so-called",
    "alleged",
    "allegedly",
    "purported",
    "purportedly",
    "supposedly",
    "pretends",
    "pretending",
)
"""Words before a quote, in its sentence, that deny or distance what it says."""

CONDITIONS_BEFORE = (
    "if",
    "unless",
    "only if",
    "provided",
    "as long as",
    "except",
    "although",
    "even though",
    "even if",
)
"""A condition or concession that opens the sentence and that the quote leaves behind."""

_CONDITION_OPENS = re.compile(r"[\"'(]\s*(only if|if|unless|except|provided that|as long as)\b")
_LEAD = re.compile(r"^[\s,;:\-\"'()]*")


def _phrase_at(text: str, phrases: tuple[str, ...]) -> str | None:
    """The longest of `phrases` that `text` begins with, as whole words (case ignored)."""
    lowered = text.lower()
    for phrase in sorted(phrases, key=len, reverse=True):
        if re.match(re.escape(phrase) + r"\b", lowered):
            return phrase
    return None


def _phrase_in(text: str, phrases: tuple[str, ...]) -> str | None:
    lowered = text.lower()
    for phrase in sorted(phrases, key=len, reverse=True):
        if re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", lowered):
            return phrase
    return None


def qualifier_after(after: str) -> str | None:
    """The qualifying word that the rest of the sentence opens with, if any ('if', 'or', ...)."""
    rest = _LEAD.sub("", after)
    found = _phrase_at(rest, QUALIFIERS_AFTER)
    if found:
        return found
    # ", or risk ..." / "; unless ..." further on: a clause break, then a qualifier
    for clause in re.split(r"[,;:]| - ", rest)[1:]:
        found = _phrase_at(
            _LEAD.sub("", clause),
            ("or", "or else", "otherwise", "unless", "except", "only if", "provided", "if"),
        )
        if found:
            return found
    # a condition further on that opens a quotation or an aside: '... and can lose it "if they
    # do not co-operate"' (but not one inside a clause of its own: 'because even if ...')
    opening = _CONDITION_OPENS.search(rest.lower())
    return opening.group(1) if opening else None


def qualifier_before(before: str) -> str | None:
    """A framing or a condition in the part of the sentence before the quote, if any."""
    return _phrase_in(before, FRAMING_BEFORE) or (
        _phrase_at(_LEAD.sub("", before), CONDITIONS_BEFORE)
    )


def cut_words(text: str) -> str:
    """The cut-off words as they would be quoted back to an admin: trimmed of edge punctuation."""
    return text.strip(" ,;:.-").strip()
