"""Reads one content file into one pydantic model, turning every problem into `path:line: message`.

The file is read once (`reader.read`: libyaml, YAML 1.2 core-schema meanings); its nodes keep
the line of every key and item, so a pydantic error location such as `sources.1.quote` is traced
back to the line an admin has to fix.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.content.problems import Problem
from bot.content.reader import Document, read

M = TypeVar("M", bound=BaseModel)

LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "fr": "French"}


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [Problem(shown, 1, "this file is missing")]
    except UnicodeDecodeError:
        return None, [Problem(shown, 1, "this file is not UTF-8 text; save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot read this file ({exc.strerror})")]


class Lines:
    """The line of any part of one file, by its location: `lines("sources", 0, "quote")`."""

    def __init__(self, document: Document | None = None) -> None:
        self._document = document

    def __call__(self, *loc: str | int) -> int:
        return self._document.line(*loc) if self._document is not None else 1


@dataclass(frozen=True)
class _Said:
    """One validation error in words, and the field it guessed was meant (a misspelling)."""

    message: str
    guessed: str | None = None


def _message(err: Any, model: type[BaseModel]) -> _Said:
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "the file"
    last = loc[-1] if loc else ""
    kind = err["type"]
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(str(last), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else (
            f" (allowed here: {', '.join(known)})" if known else "")
        return _Said(f"unknown field '{last}'{hint}", guess[0] if guess else None)
    if kind == "missing":
        if last in LANGUAGE_NAMES and len(loc) > 1:
            parent = ".".join(str(p) for p in loc[:-1])
            return _Said(f"{parent}: the {LANGUAGE_NAMES[str(last)]} ({last}) text is missing")
        return _Said(f"the field '{field}' is missing")
    if kind == "string_too_short":
        return _Said(f"{field} is empty" if err.get("input") in ("", None)
                     else f"{field} is too short")
    if kind == "too_short" and err.get("ctx", {}).get("min_length") == 1:
        return _Said(f"{field} needs at least one entry")
    if kind == "string_pattern_mismatch" and last == "id":
        return _Said(f"{field} '{err.get('input')}' may use only lowercase letters, digits and "
                     "hyphens")
    msg = str(err["msg"]).removeprefix("Value error, ")
    msg = msg.replace("Input should be", "should be")
    return _Said(f"{field}: {msg}")


def _known_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Field names valid at `loc`, for 'did you mean'."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}).keys())


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def load_model(path: Path, shown: str, model: type[M]) -> tuple[M | None, Lines, list[Problem]]:
    """Read and validate one file: the model (or None), its line finder, and its problems."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, Lines(), problems
    document = read(text)
    lines = Lines(document)
    if document.slips:
        return None, lines, [Problem(shown, s.line, s.message) for s in document.slips]
    data = document.value
    if data is None:
        return None, lines, [Problem(shown, 1, "this file is empty")]
    if not isinstance(data, dict):
        return None, lines, [Problem(shown, 1, "this file should hold fields (name: value), "
                                                "not a list or text")]
    try:
        return model.model_validate(data), lines, []
    except ValidationError as exc:
        said = [(e, _message(e, model)) for e in exc.errors(include_url=False)]
        # A misspelt field also shows up as the real one missing; the "did you mean" says both.
        guessed = {s.guessed for _, s in said if s.guessed}
        found = [Problem(shown, lines(*e["loc"]), s.message) for e, s in said
                 if not (e["type"] == "missing" and str(e["loc"][-1]) in guessed)]
        return None, lines, sorted(set(found))
