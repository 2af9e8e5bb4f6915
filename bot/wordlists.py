"""The per-language word lists in `bot/languages/<code>/words.yaml`, read once and normalised.

They are data an admin can extend without touching code: small-talk phrases, and (for the
matcher) stop words, irregular forms, texting spellings and synonyms. Pure after the first read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.language import Language
from bot.textnorm import normalise, tokens, words_file


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


def word_lists(language: Language) -> WordLists:
    """A language's word lists (its words.yaml; empty lists for a language without one)."""
    return _lists_at(language.code, language.words)


@cache
def _lists_at(lang: str, path: Path | None) -> WordLists:
    data = words_file(path)
    return WordLists(lang, _phrases(data.get("greetings")), _phrases(data.get("thanks")))
