"""Translations pinned to the source language they translate.

Each translated text of a snippet (title, question, answer) records a short fingerprint of the
source-language text it was checked against, in the snippet's `translated_from:` block. Only
`python -m bot translations --mark` writes that block, after a translator has checked the texts;
when the source text changes later, the translations it no longer matches are stale. The block
is edited in place in the file's text, so comments and layout elsewhere are kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

from bot.content.model import Snippet, TranslatedField
from bot.content.problems import Problem
from bot.content.reader import read

FIELDS: tuple[TranslatedField, ...] = ("title", "question", "answer")

BLOCK = "translated_from"
_TOP_LEVEL_KEY = re.compile(r"^[^\s#-][^:]*:")


def translations(languages: Sequence[str]) -> tuple[str, ...]:
    """The languages translated from the source language: all but the first the content lists
    (content/languages.yaml), which is the one answers are written in."""
    return tuple(languages[1:])


def fingerprint(text: str) -> str:
    """Eight hex digits of the text's SHA-256, blind to spacing and line breaks alone."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def stale(snippet: Snippet, languages: Sequence[str]) -> tuple[str, ...]:
    """`field.lang` of every translation whose source text changed since it was marked;
    `languages` are the content's, the source language first.

    A snippet without a `translated_from` block has never been marked, and is not tracked.
    """
    if not snippet.translated_from:
        return ()
    found = []
    for name in FIELDS:
        current = fingerprint(getattr(snippet, name).get(languages[0]))
        for lang in translations(languages):
            if snippet.translated_from.get(lang, {}).get(name) != current:
                found.append(f"{name}.{lang}")
    return tuple(found)


class MarkError(ValueError):
    """The file cannot be marked; the message says why, in words."""


def mark(text: str, languages: Sequence[str]) -> str:
    """The snippet file's text with its `translated_from` block recording the current source
    texts; every other line is kept as it was. `languages` are the content's, the source
    language first."""
    source_language = languages[0]
    document = read(text)
    data = document.value
    if document.slips or not isinstance(data, dict):
        raise MarkError(
            document.slips[0].message
            if document.slips
            else "this file does not hold a snippet's fields"
        )
    lines = [f"{BLOCK}:  # written by `python -m bot translations --mark`; do not edit"]
    for lang in translations(languages):
        pins = []
        for name in FIELDS:
            texts = data.get(name)
            source = texts.get(source_language) if isinstance(texts, dict) else None
            target = texts.get(lang) if isinstance(texts, dict) else None
            if not isinstance(source, str) or not isinstance(target, str):
                raise MarkError(
                    f"{name}.{source_language} and {name}.{lang} must both be written "
                    "before the translation can be marked"
                )
            pins.append(f'{name}: "{fingerprint(source)}"')
        lines.append(f"  {lang}: {{{', '.join(pins)}}}")
    block = [line + "\n" for line in lines]
    old = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(old) if line.startswith(f"{BLOCK}:")), None)
    if start is None:
        if old and not old[-1].endswith("\n"):
            old[-1] += "\n"
        return "".join(old + block)
    end = start + 1
    while end < len(old) and not _TOP_LEVEL_KEY.match(old[end]):
        end += 1
    while end > start + 1 and not old[end - 1].strip():  # keep blank lines before the next key
        end -= 1
    return "".join(old[:start] + block + old[end:])


def stale_problems(
    snippet: Snippet, where: Callable[..., int], shown: str, languages: Sequence[str]
) -> list[Problem]:
    """One warning per stale translation, at the line of the translated text."""
    problems = []
    source_language = languages[0]
    for place in stale(snippet, languages):
        name, lang = place.split(".")
        said = (
            f"{place} was checked against an earlier {name}.{source_language}: bring it in "
            f"line with the {source_language} text"
            if lang in snippet.translated_from
            else f"{place} has not been checked against {name}.{source_language} yet (a "
            "language added since): once a translator has checked it"
        )
        problems.append(
            Problem(
                shown,
                where(name, lang),
                f"{said}, then run `python -m bot translations --mark {snippet.id}`",
                warning=True,
            )
        )
    return problems
