"""The per-language word lists in `bot/languages/<code>/words.yaml`, read once and normalised.

They are data an admin can extend without touching code: small-talk phrases, and (for the
matcher) stop words, irregular forms, texting spellings and synonyms. Pure after the first read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.language import Language
from bot.textnorm import normalise, tokens


@dataclass(frozen=True)
class WordLists:
    """One language's lists, each entry as a tuple of normalised words."""

    lang: str
    greetings: frozenset[tuple[str, ...]]
    thanks: frozenset[tuple[str, ...]]


def _phrases(raw: Any) -> frozenset[tuple[str, ...]]:
    return frozenset(
        words for entry in (raw or ()) if (words := tuple(tokens(normalise(str(entry)))))
    )


def read(lang: str, text: str) -> WordLists:
    """Parse one language's words.yaml text (a pure function, for tests and the checker)."""
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ValueError(f"the word lists of {lang!r} must be a mapping of list names to lists")
    return WordLists(lang, _phrases(data.get("greetings")), _phrases(data.get("thanks")))


def word_lists(language: Language) -> WordLists:
    """A language's word lists (its words.yaml; empty lists for a language without one)."""
    return _lists_at(language.code, language.words)


@cache
def _lists_at(lang: str, path: Path | None) -> WordLists:
    if path is None or not path.is_file():
        return WordLists(lang, frozenset(), frozenset())
    return read(lang, path.read_text(encoding="utf-8"))
