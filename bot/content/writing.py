"""How a text is written: on one line where it becomes a button or a heading, and in the script
of the language it is filed under (English pasted into `ar:` is caught before users see it).
"""

from __future__ import annotations

import re

from bot.content.wording import LANGUAGE_NAMES

SCRIPTS: dict[str, str] = {"en": "Latin", "ar": "Arabic", "fr": "Latin"}
"""The script each language is written in; a text mostly in another script is misfiled."""

MIN_SHARE = 0.25
"""Below this share of letters in its language's script, a text is taken to be misfiled."""

SAMPLE = 100
"""Characters looked at: a misfiled text shows it from its start, and answers are long."""

_LETTERS = {
    "Arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"),
    "Latin": re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+"),
}


def one_line(value: str, field: str) -> str | None:
    """Why `value` cannot stand on one line (a button, a heading), or None."""
    text = value.strip()
    if "\n" in text:
        return (
            f"{field} has a line break in it, but it is shown on one line (a button or a "
            "heading): join the lines"
        )
    if "\t" in text:
        return f"{field} has a tab in it; use a space"
    return None


def letters_by_script(text: str) -> dict[str, int]:
    """How many letters (and marks) of `text` each known script has."""
    return {script: sum(map(len, pattern.findall(text))) for script, pattern in _LETTERS.items()}


def wrong_script(value: str, lang: str, field: str) -> str | None:
    """Why `value` looks misfiled under `lang`, or None.

    Texts mix scripts for good reasons (an Arabic answer naming "Example News"), so only a text
    with hardly any letters of its language's script is called misfiled.
    """
    expected = SCRIPTS.get(lang)
    counts = letters_by_script(value[:SAMPLE])
    total = sum(counts.values())
    if expected is None or not total or counts[expected] >= MIN_SHARE * total:
        return None
    found = max(counts, key=lambda s: counts[s])
    name = LANGUAGE_NAMES.get(lang, lang)
    return f"{field} is written in {found} letters, not {expected} ones: put the {name} text here"
