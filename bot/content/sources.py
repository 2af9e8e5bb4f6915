"""The source register and quote verification: a quote must occur in its source's text.

Sources arrive as copied from web pages: inline HTML links, markdown links, typographic quotes
and dashes, odd line breaks. An admin copying a sentence will not reproduce those exactly, so both
sides are normalised the same way before comparing; nothing else is forgiven (case matters).
`excerpt` finds a quote the same way and returns it with the sentences around it, for the people
who check that the quote, read in its source, says what the answer says.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz

from bot.content.loader import load_model
from bot.content.model import Source, SourcesFile
from bot.content.problems import Problem
from bot.content.sentences import Passage, find_passage, sentence_spans

HTML_TAG = re.compile(r"<[^>]*>")
"""An HTML tag, as stripped from sources, from rendered cards and for the terminal."""
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"""[.!?]["')\]]?(?=\s)""")
EXCERPT_CONTEXT = 300
"""Characters of source text shown on each side of a quote, before trimming to sentences."""
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
    }
)


def normalise_quote(text: str) -> str:
    """Text as compared for quotes: no tags or link markup, plain quotes and dashes, single
    spaces."""
    return normalise_lines(text).replace("\n", " ")


def normalise_lines(text: str) -> str:
    """`normalise_quote`, except that a run of space holding a line break becomes one newline, so
    that paragraph breaks still end sentences; character for character the same length."""
    text = HTML_TAG.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = html.unescape(text).translate(_TRANSLATE)
    return _SPACE.sub(lambda m: "\n" if "\n" in m.group(0) else " ", text).strip()


def excerpt(text: str, quote: str, context: int = EXCERPT_CONTEXT) -> tuple[str, str, str] | None:
    """(before, quote as found, after) in `text` (a normalised source), or None if it is absent.

    About `context` characters on each side, cut at a sentence boundary where there is one in
    reach, otherwise at a word; a leading/trailing "…" says text was left out.
    """
    needle = normalise_quote(quote)
    start = text.find(needle) if needle else -1
    if start < 0:
        return None
    end = start + len(needle)
    lo, hi = max(0, start - context), min(len(text), end + context)

    before = text[lo:start]
    if lo > 0:
        boundary = _SENTENCE_END.search(before)
        if boundary:
            before = before[boundary.end() :].lstrip()
        else:
            before = before.split(" ", 1)[1] if " " in before else before
        before = "… " + before if before else "… "

    after = text[end:hi]
    if hi < len(text):
        ends = [m.end() for m in _SENTENCE_END.finditer(after)]
        if ends:
            after = after[: ends[-1]]
        else:
            after = after.rsplit(" ", 1)[0] if " " in after else after
        after = after + " …"
    return before, text[start:end], after


@dataclass(frozen=True)
class SourceDoc:
    """A registered source with its text, ready for quote look-ups."""

    meta: Source
    text: str
    lined: str = field(repr=False)
    """The normalised text with its paragraph breaks (see `normalise_lines`)."""

    @cached_property
    def normalised(self) -> str:
        return self.lined.replace("\n", " ")

    @cached_property
    def _sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.lined)

    def contains(self, quote: str) -> bool:
        return normalise_quote(quote) in self.normalised

    def passage(self, quote: str) -> Passage | None:
        """The whole sentence(s) of this source around `quote`, or None if it is not in it."""
        return find_passage(self.lined, self._sentences, normalise_quote(quote))

    def closest(self, quote: str) -> str:
        """Where a quote that is not in the text comes closest, and the first difference."""
        wanted = normalise_quote(quote)
        found = fuzz.partial_ratio_alignment(wanted, self.normalised, score_cutoff=60)
        if found is None or not wanted:
            return "nothing in it comes close; copy the quote exactly from the text"
        spans = [m.span() for m in re.finditer(r"\S+", self.normalised)]
        inside = [
            i for i, (a, b) in enumerate(spans) if b > found.dest_start and a < found.dest_end
        ]
        low, high = max(0, inside[0] - 3), min(len(spans), inside[-1] + 4)
        region = [self.normalised[a:b] for a, b in spans[low:high]]
        theirs = wanted.split()
        matcher = difflib.SequenceMatcher(
            None, [_key(w) for w in region], [_key(w) for w in theirs], autojunk=False
        )
        blocks = [m for m in matcher.get_matching_blocks() if m.size]
        if not blocks:
            return "nothing in it comes close; copy the quote exactly from the text"
        first, last = blocks[0], blocks[-1]
        start = max(0, first.a - first.b)
        end = min(len(region), last.a + last.size + len(theirs) - last.b - last.size)
        passage = region[start:end]
        return f"the closest passage is “{' '.join(passage)}”: {difference(passage, theirs)}"


_PUNCTUATION = "\"'.,;:!?()[]«»"


def _key(word: str) -> str:
    return word.strip(_PUNCTUATION) or word


def difference(source: list[str], quote: list[str]) -> str:
    """The first place where the quote's words differ from the source's, in words."""
    matcher = difflib.SequenceMatcher(
        None, [_key(w) for w in source], [_key(w) for w in quote], autojunk=False
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        has, says = " ".join(source[a1:a2]), " ".join(quote[b1:b2])
        if op == "replace":
            return f"the source has '{has}', the quote has '{says}'"
        if op == "delete":
            return f"the source has '{has}' where the quote has nothing"
        if op == "insert":
            return f"the quote has '{says}', which the source does not"
    for has, says in zip(source, quote, strict=False):
        if has != says:
            return f"the source has '{has}', the quote has '{says}'"
    return "copy it exactly from the text"


@dataclass(frozen=True)
class Register:
    """The readable sources, and which ids the register names at all (None: unreadable)."""

    docs: dict[str, SourceDoc]
    named: frozenset[str] | None


def load_sources(seeds_dir: Path) -> tuple[Register, list[Problem]]:
    """Read seeds/sources.yaml and each source file; check files exist and hashes match."""
    shown = str(seeds_dir / "sources.yaml")
    register, lines, problems = load_model(seeds_dir / "sources.yaml", shown, SourcesFile)
    docs: dict[str, SourceDoc] = {}
    if register is None:
        return Register(docs, None), problems
    named: set[str] = set()
    for index, source in enumerate(register.sources):
        line = lines("sources", index, "id")
        if source.id in named:
            problems.append(Problem(shown, line, f"the source id '{source.id}' is used twice"))
            continue
        named.add(source.id)
        path = seeds_dir / source.file
        try:
            data = path.read_bytes()
        except OSError:
            problems.append(
                Problem(
                    shown,
                    lines("sources", index, "file"),
                    f"source '{source.id}': the file {path} does not exist",
                )
            )
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != source.sha256 and data.strip():
            problems.append(
                Problem(
                    shown,
                    lines("sources", index, "sha256"),
                    f"source '{source.id}': {path} has changed since it was registered "
                    f"(its SHA-256 is now {digest}); check every quote against the new text, "
                    "then update sha256",
                )
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(shown, line, f"source '{source.id}': {path} is not UTF-8 text"))
            continue
        if not text.strip():  # its hash is not the registered one either; that follows from this
            problems.append(
                Problem(
                    shown,
                    lines("sources", index, "file"),
                    f"source '{source.id}': {path} is empty; paste the source's text into it",
                )
            )
            continue
        docs[source.id] = SourceDoc(source, text, normalise_lines(text))
    return Register(docs, frozenset(named)), problems
