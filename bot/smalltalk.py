"""Greetings and thanks: small talk gets a friendly reply in its own language, never a search.

A message is small talk when its words, read in order, are nothing but phrases from one
language's `greetings` and `thanks` lists ("hi", "merci beaucoup", "مرحبا كيفك", "hello thanks").
Anything else, even "hi, can I visit Syria?", is a question. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.language import Languages
from bot.textnorm import normalise, tokens
from bot.wordlists import word_lists

_LONGEST = 6
"""Words in the longest phrase looked for; small talk longer than a few phrases is a question."""
_MAX_WORDS = 12


@dataclass(frozen=True)
class SmallTalk:
    kind: Literal["greeting", "thanks"]
    lang: str


def _covered(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> bool:
    """Whether `words` are phrases of `phrases`, one after another, and nothing else."""
    reach = [True] + [False] * len(words)
    for start in range(len(words)):
        if reach[start]:
            for end in range(start + 1, min(len(words), start + _LONGEST) + 1):
                if tuple(words[start:end]) in phrases:
                    reach[end] = True
    return reach[-1]


def small_talk(text: str, chat_lang: str, languages: Languages) -> SmallTalk | None:
    """The kind and language (one of `languages`, the content's) of a small-talk message, or
    None for anything else. A phrase that several languages share ("hello", "salam") is read
    in the chat's language first."""
    words = tokens(normalise(text))
    if not words or len(words) > _MAX_WORDS or not any(w.isalpha() for w in words):
        return None
    order = sorted(languages, key=lambda language: language.code != chat_lang)
    for language in order:
        lists = word_lists(language)
        if not _covered(words, lists.greetings | lists.thanks):
            continue
        # Thanks when any phrase is thanks ("hi, thanks!" thanks); a greeting otherwise.
        thanked = any(
            tuple(words[i:j]) in lists.thanks
            for i in range(len(words))
            for j in range(i + 1, len(words) + 1)
        )
        return SmallTalk("thanks" if thanked else "greeting", language.code)
    return None
