"""Pydantic's validation errors as one plain sentence each, saying what to write instead.

An entry of a list is named by its id (or its source), never by a zero-based index, and the
sentence names the field as the admin wrote it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

_SINGULAR = {"sources": "source", "topics": "topic", "related": "related answer"}
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Said:
    """One validation error in words, and the field it guessed was meant (a misspelling)."""

    message: str
    guessed: str | None = None


def explain(err: Any, model: type[BaseModel], data: Any) -> Said:
    """`err` (one of `ValidationError.errors()`) about `data`, read into `model`, in words."""
    loc = tuple(err["loc"])
    kind, value = err["type"], err.get("input")
    last = loc[-1] if loc else ""
    field, entry = _field(loc, data)
    label = f"{entry}: {field}" if entry and field else (entry or field or "the file")
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(str(last), known, n=1, cutoff=0.6)
        hint = (
            f" (did you mean '{guess[0]}'?)"
            if guess
            else (f" (allowed here: {', '.join(known)})" if known else "")
        )
        where = f" in {entry}" if entry else ""
        return Said(f"unknown field '{last}'{where}{hint}", guess[0] if guess else None)
    if kind == "missing":
        return Said(
            f"{entry}: the field '{last}' is missing"
            if entry
            else f"the field '{field}' is missing"
        )
    if loc and loc[0] == "translated_from" and kind != "extra_forbidden":
        return Said(
            "translated_from is written by `python -m bot translations --mark`, not by "
            "hand: run that command after checking the translations"
        )
    if last == "sha256" and kind in ("string_pattern_mismatch", "string_type"):
        return Said(f"{label} {_sha256(value, _item(loc, data))}")
    if last == "url" and kind in ("string_pattern_mismatch", "string_type"):
        return Said(f"{label} {_url(value)}")
    if last == "id" and kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        return Said(
            f"the id '{value}' is {len(str(value))} characters; use at most {limit} "
            "(ids travel inside every button, so shorter is better)"
        )
    if last == "id" and kind == "string_pattern_mismatch":
        return Said(f"{label} '{value}' may use only lowercase letters, digits and hyphens")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        ordering = " (smaller numbers come first in the menu)" if last == "order" else ""
        return Said(f"{label} must be a whole number such as 10{ordering}, not '{value}'")
    if kind == "string_type":
        if value is None:
            return Said(f"{label} is empty")
        if isinstance(value, (dict, list)):
            return Said(f"{label} should be one text, not a list or fields")
        return Said(f"{label} should be text: put {_yaml_scalar(value)} in quotes")
    if kind == "string_too_short":
        if value in ("", None):
            return Said(f"{label} is empty")
        return Said(
            f"{label} is too short (at least {err.get('ctx', {}).get('min_length')} characters)"
        )
    if kind == "too_short" and err.get("ctx", {}).get("min_length") == 1:
        return Said(f"{label} needs at least one entry")
    if kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        return Said(f"{label} should be {allowed}, not '{value}'")
    if kind in ("bool_type", "bool_parsing"):
        return Said(f"{label} should be true or false, not '{value}'")
    if kind == "list_type":
        return Said(f"{label} should be a list: [first, second] or one '- ' line per entry")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return Said(f"{label} should hold fields (name: value), not '{value}'")
    if kind == "content_date":  # raised by the models' own date reading, already in words
        return Said(f"{label} {err['msg']}")
    if kind.startswith("date") or kind.startswith("datetime"):
        return Said(f"{label} is '{value}'; write dates as YYYY-MM-DD")
    message = str(err["msg"]).removeprefix("Value error, ").replace("Input should be", "should be")
    return Said(f"{label}: {message}")


def _field(loc: tuple[Any, ...], data: Any) -> tuple[str, str]:
    """The field's dotted name after the innermost named entry, and that entry's name."""
    field: list[str] = []
    entry = ""
    node = data
    for index, part in enumerate(loc):
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            name = str(loc[index - 1]) if index else ""
            entry = _entry_name(_SINGULAR.get(name, name or "entry"), part, item)
            field = []
            node = item
            continue
        field.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(field), entry


def _entry_name(kind: str, index: int, item: Any) -> str:
    if isinstance(item, dict):
        if isinstance(item.get("id"), str) and item["id"]:
            return f"{kind} '{item['id']}'"
        if isinstance(item.get("source"), str) and item["source"]:
            return f"{kind} {index + 1} ('{item['source']}')"
    if isinstance(item, str) and item:
        return f"{kind} '{item}'"
    return f"{kind} {index + 1}"


def _item(loc: tuple[Any, ...], data: Any) -> Any:
    node = data
    for part in loc[:-1]:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
        elif isinstance(node, dict):
            node = node.get(part)
    return node


def _sha256(value: Any, item: Any) -> str:
    file = item.get("file") if isinstance(item, dict) else None
    command = f"run `sha256sum seeds/{file}`" if isinstance(file, str) else "run `sha256sum` on it"
    text = str(value).strip() if value is not None else ""
    if _HEX64.fullmatch(text) and text != text.lower():
        return f"must be in lower case: {text.lower()}"
    found = _HEX64.match(text)
    if found and text[64:].strip():
        return (
            f"has a file name after the hash; write only the 64-character hash, "
            f"{found.group().lower()}"
        )
    if re.fullmatch(r"[0-9a-fA-F]+", text):
        return (
            f"is {len(text)} characters but a SHA-256 hash has 64; {command} and copy all "
            "of what it prints before the file name"
        )
    shown = f"'{text}'" if text else "empty"
    return (
        f"is not filled in ({shown}); {command} and copy the 64 letters and digits it "
        "prints before the file name"
    )


def _url(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    if not text:
        return "is empty; copy the source's full address from the browser"
    if any(c.isspace() for c in text):
        return f"'{text}' has a space in it; copy the address exactly from the browser"
    if "://" not in text:
        return (
            f"'{text}' is not a full web address; write it with https:// in front: "
            f"https://{text.removeprefix('//')}"
        )
    return f"'{text}' is not a web address; copy one starting with https:// from the browser"


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
