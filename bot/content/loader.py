"""Reads one YAML file into one pydantic model, turning every problem into `path:line: message`.

ruamel.yaml keeps the line of every key and item, so a pydantic error location such as
`sources.1.quote` can be traced back to the line an admin has to fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor

from bot.content.problems import Problem

M = TypeVar("M", bound=BaseModel)

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "fr": "French"}

# What ruamel says, in words an admin can act on.
_YAML_HINTS = {
    "expected <block end>": "the indentation does not line up with the lines around it",
    "mapping values are not allowed here": "a ': ' appears inside a value; put that value in quotes",
    "found character '\\t'": "a tab is used for indentation; use spaces",
    "could not find expected ':'": "a line is missing its ': ' or a quote is not closed",
    "found unexpected end of stream": "a quote is opened but never closed",
    "while scanning a quoted scalar": "a quote is opened but never closed",
}


class _Constructor(RoundTripConstructor):
    """Keeps dates as text so that pydantic, not the YAML parser, judges them (with a line)."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [Problem(shown, 1, "this file is missing")]
    except UnicodeDecodeError:
        return None, [Problem(shown, 1, "this file is not UTF-8 text; save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot read this file ({exc.strerror})")]


def parse_with_lines(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse keeping the line of every key and item (slow: pure Python); errors as Problems."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel raises many classes; all carry a mark or a message
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        what = next((hint for key, hint in _YAML_HINTS.items()
                     if key in what or key in str(getattr(exc, "context", ""))), what)
        if "duplicate key" in str(exc):
            what = "a field is written twice in the same place: " + str(exc).split('"')[1] \
                if '"' in str(exc) else "a field is written twice in the same place"
        return None, [Problem(shown, line, f"the YAML cannot be read: {what}")]
    if data is None:
        return None, [Problem(shown, 1, "this file is empty")]
    return data, []


def _fast_load(text: str) -> Any:
    """libyaml through PyYAML: about four times faster than ruamel's safe loader, which still
    resolves and constructs in Python. It reads YAML 1.1 (a bare `no` is false), so what it
    gives is trusted only when the model accepts it; anything else is re-read with ruamel."""
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader


class Lines:
    """Line numbers of one file, worked out only when a problem needs one.

    Content is parsed with the C loader, about ten times faster than the round-trip parser
    that keeps positions; a clean file (nearly all of them) never pays for positions.
    """

    def __init__(self, text: str, shown: str, parsed: Any = None) -> None:
        self._text, self._shown, self._parsed = text, shown, parsed

    def __call__(self, *loc: str | int) -> int:
        if self._parsed is None:
            self._parsed, _ = parse_with_lines(self._text, self._shown)
        return line_of(self._parsed, loc)


def line_of(data: Any, loc: tuple[str | int, ...]) -> int:
    """The 1-based line of the deepest part of `loc` that exists in the parsed YAML."""
    node, line = data, 1
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def plain(value: Any) -> Any:
    """ruamel's round-trip types as plain Python (dates stay dates, not timestamps)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
    if isinstance(value, str):
        return str(value)
    return value


def _message(err: dict[str, Any], model: type[BaseModel]) -> str:
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "the file"
    last = loc[-1] if loc else ""
    kind = err["type"]
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(str(last), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else (
            f" (allowed here: {', '.join(known)})" if known else "")
        return f"unknown field '{last}'{hint}"
    if kind == "missing":
        if last in LANGUAGE_NAMES and len(loc) > 1:
            parent = ".".join(str(p) for p in loc[:-1])
            return f"{parent}: the {LANGUAGE_NAMES[str(last)]} ({last}) text is missing"
        return f"the field '{field}' is missing"
    if kind == "string_too_short":
        return f"{field} is empty" if err.get("input") in ("", None) else f"{field} is too short"
    if kind == "too_short" and err.get("ctx", {}).get("min_length") == 1:
        return f"{field} needs at least one entry"
    if kind == "string_pattern_mismatch" and last == "id":
        return f"{field} '{err.get('input')}' may use only lowercase letters, digits and hyphens"
    msg = str(err["msg"]).removeprefix("Value error, ")
    msg = msg.replace("Input should be", "should be")
    return f"{field}: {msg}"


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
        return None, Lines("", shown), problems
    try:
        fast = model.model_validate(_fast_load(text))
        return fast, Lines(text, shown), []
    except Exception:  # noqa: BLE001 - any doubt: the exact (slower) reading decides
        pass
    data, problems = parse_with_lines(text, shown)
    if data is None:
        return None, Lines(text, shown), problems
    lines = Lines(text, shown, data)
    if not isinstance(data, dict):
        return None, lines, [Problem(shown, 1, "this file should hold fields (name: value), "
                                                "not a list or text")]
    try:
        return model.model_validate(plain(data)), lines, []
    except ValidationError as exc:
        errs = exc.errors(include_url=False)
        # A misspelt field also shows up as the real one missing; the "did you mean" says both.
        guessed = {m.split("'")[3] for m in (_message(e, model) for e in errs)
                   if "did you mean" in m}
        found = [Problem(shown, lines(*e["loc"]), _message(e, model)) for e in errs
                 if not (e["type"] == "missing" and str(e["loc"][-1]) in guessed)]
        return None, lines, sorted(set(found))
