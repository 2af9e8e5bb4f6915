"""How a text is written: on one line where it becomes a button or a heading, and in the script
of the language it is filed under (English pasted into `ar:` is caught before users see it).
"""

from __future__ import annotations

import re

MIN_SHARE = 0.25
"""Below this share of letters in its language's script, a text is taken to be misfiled."""

SAMPLE = 100
"""Characters looked at: a misfiled text shows it from its start, and answers are long."""

_LETTERS = {
    "Arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"),
    "Latin": re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+"),
    "Cyrillic": re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]+"),
    "Greek": re.compile("[\u0370-\u03ff\u1f00-\u1fff]+"),
    "Hebrew": re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]+"),
    "Armenian": re.compile("[\u0530-\u058f]+"),
    "Georgian": re.compile("[\u10a0-\u10ff\u2d00-\u2d2f]+"),
    "Ethiopic": re.compile("[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]+"),
    "Devanagari": re.compile("[\u0900-\u097f\ua8e0-\ua8ff]+"),
    "Bengali": re.compile("[\u0980-\u09ff]+"),
    "Tamil": re.compile("[\u0b80-\u0bff]+"),
    "Thai": re.compile("[\u0e00-\u0e7f]+"),
    "Myanmar": re.compile("[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]+"),
    "Han": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"),
}

SCRIPT_NAMES: tuple[str, ...] = tuple(_LETTERS)
"""The scripts a language description may name."""


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


def script_pattern(script: str) -> re.Pattern[str] | None:
    """Runs of letters of `script` (None for a script the bot does not know)."""
    return _LETTERS.get(script)


def in_script(word: str, script: str) -> bool:
    """Whether a word begins with a letter of `script` (the matcher's test of a whole word)."""
    pattern = _LETTERS.get(script)
    return pattern is not None and pattern.match(word) is not None


def script_in(text: str, script: str) -> bool:
    """Whether any letter of `text` is in `script`."""
    pattern = _LETTERS.get(script)
    return pattern is not None and pattern.search(text) is not None


def letters_by_script(text: str) -> dict[str, int]:
    """How many letters (and marks) of `text` each known script has."""
    return {script: sum(map(len, pattern.findall(text))) for script, pattern in _LETTERS.items()}


def wrong_script(value: str, script: str, name: str, field: str) -> str | None:
    """Why `value` looks misfiled under a language written in `script` (`name` in English), or
    None.

    Texts mix scripts for good reasons (an Arabic answer naming "Example News"), so only a text
    with hardly any letters of its language's script is called misfiled.
    """
    counts = letters_by_script(value[:SAMPLE])
    total = sum(counts.values())
    if script not in counts or not total or counts[script] >= MIN_SHARE * total:
        return None
    found = max(counts, key=lambda s: counts[s])
    return f"{field} is written in {found} letters, not {script} ones: put the {name} text here"
