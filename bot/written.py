"""Which language a typed text is written in, so that it is answered in that language.

Script first: the content's only language written in a script (Arabic) is decided by its
letters alone. Among the content's languages that share a script (English, French and any
other Latin one), the words only one of them uses (function words, texting forms) and the
letters only it uses (é, ç for French, from its description) decide. Short or mixed text keeps
the chat's language: one word ("Ofpra", "syria") says nothing about the language. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.content.writing import script_pattern
from bot.language import Language, Languages
from bot.textnorm import SPELLINGS, STOPWORDS, normalise, tokens

MIN_WORDS = 2
"""Fewer words than this keep the chat's language."""
MIN_EVIDENCE = 2
"""Words that only one language of a shared script uses, needed to leave the chat's language."""
NAMES_SCRIPT = "Latin"
"""The script of names found in texts of every language (Ofpra, Damascus, Assad): words in it
are no evidence on their own, and text in it needs word evidence even for a single language."""


def written_in(text: str, chat_lang: str, languages: Languages) -> str:
    """The language `text` is written in (one of `languages`, the content's), or `chat_lang`
    when that is not clear."""
    words = [word for word in tokens(normalise(text)) if word.isalpha()]
    if len(words) < MIN_WORDS:
        return chat_lang
    scripts = _scripts(languages)
    counts = dict.fromkeys(scripts, 0)
    for word in words:
        for name, pattern in scripts.items():
            if pattern.match(word):
                counts[name] += 1
                break
    script = max(counts, key=counts.__getitem__, default=None)
    if script is None or counts[script] * 2 <= len(words):
        return chat_lang
    if script == NAMES_SCRIPT and counts[script] < len(words):
        return chat_lang  # mixed scripts: no clear language
    candidates = _candidates(languages, script)
    if len(candidates) == 1 and script != NAMES_SCRIPT:
        return candidates[0].code
    return _by_words(text, words, candidates) or chat_lang


@lru_cache(maxsize=8)
def _scripts(languages: Languages) -> dict[str, re.Pattern[str]]:
    """The scripts of the content's languages, each with its letters' pattern."""
    found: dict[str, re.Pattern[str]] = {}
    for language in languages:
        pattern = script_pattern(language.script)
        if pattern is not None:
            found.setdefault(language.script, pattern)
    return found


@lru_cache(maxsize=32)
def _candidates(languages: Languages, script: str) -> tuple[Language, ...]:
    return tuple(language for language in languages if language.script == script)


def _by_words(text: str, words: Sequence[str], candidates: Sequence[Language]) -> str | None:
    """The one candidate the words and letters of `text` point to clearly, or None."""
    if not candidates:
        return None
    folded = text.casefold()
    evidence = {
        code: sum(word in only for word in words) + any(letter in folded for letter in letters)
        for code, (only, letters) in _evidence(tuple(candidates)).items()
    }
    ranked = sorted(evidence, key=evidence.__getitem__, reverse=True)
    best = ranked[0]
    runner_up = evidence[ranked[1]] if len(ranked) > 1 else 0
    if evidence[best] >= MIN_EVIDENCE and evidence[best] >= 2 * runner_up + 1:
        return best
    return None


@lru_cache(maxsize=32)
def _evidence(
    candidates: tuple[Language, ...],
) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per candidate: the words (stop words, texting forms) and letters no other one uses."""
    own = {
        c.code: STOPWORDS.get(c.code, frozenset()) | SPELLINGS.get(c.code, {}).keys()
        for c in candidates
    }
    return {
        language.code: (
            frozenset(
                own[language.code].difference(*(own[c.code] for c in candidates if c != language))
            ),
            language.letters.difference(*(c.letters for c in candidates if c != language)),
        )
        for language in candidates
    }
