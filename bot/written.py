"""Which language a typed text is written in, so that it is answered in that language.

Script decides Arabic; between English and French, the words only one of them uses (function
words, texting forms, accented letters) decide. Short or mixed text keeps the chat's language:
one word ("Ofpra", "syria") says nothing about the language. Pure functions.
"""

from __future__ import annotations

from bot.language import Languages
from bot.textnorm import SPELLINGS, STOPWORDS, is_arabic, normalise, tokens

MIN_WORDS = 2
"""Fewer words than this keep the chat's language."""
MIN_EVIDENCE = 2
"""Words that only one Latin-script language uses, needed to leave the chat's language."""

_ONLY = {
    "en": (STOPWORDS["en"] | SPELLINGS["en"].keys()) - STOPWORDS["fr"] - SPELLINGS["fr"].keys(),
    "fr": (STOPWORDS["fr"] | SPELLINGS["fr"].keys()) - STOPWORDS["en"] - SPELLINGS["en"].keys(),
}
_FRENCH_LETTERS = frozenset("éèêëàâîïôûùüç")


def written_in(text: str, chat_lang: str, languages: Languages) -> str:
    """The language `text` is written in (one of `languages`, the content's), or `chat_lang`
    when that is not clear."""
    folded = text.casefold()
    words = [word for word in tokens(normalise(text)) if word.isalpha()]
    if len(words) < MIN_WORDS:
        return chat_lang
    arabic = sum(map(is_arabic, words))
    if arabic * 2 > len(words):
        return "ar" if "ar" in languages else chat_lang
    if arabic:
        return chat_lang  # mixed scripts: no clear language
    evidence = {lang: sum(word in only for word in words) for lang, only in _ONLY.items()}
    evidence["fr"] += sum(letter in _FRENCH_LETTERS for letter in folded) > 0
    best = max(evidence, key=evidence.__getitem__)
    other = min(evidence, key=evidence.__getitem__)
    if (
        evidence[best] >= MIN_EVIDENCE
        and evidence[best] >= 2 * evidence[other] + 1
        and best in languages
    ):
        return best
    return chat_lang
