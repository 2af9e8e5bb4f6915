"""Every text in every language the content offers, and in no other.

A content file's texts (`Texts`) and examples (`Examples`) are mappings from language codes to
text; which codes they must hold is the content's choice (`content/languages.yaml`), so it is
checked here, once a file has been read into its model, rather than by the model's fields.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from bot.content.model import Examples, Texts
from bot.content.problems import Problem

Loc = tuple[str | int, ...]


def language_problems(
    model: type[BaseModel],
    data: object,
    names: Mapping[str, str | None],
    where: Callable[..., int],
    shown: str,
) -> list[Problem]:
    """Each text of `data` (a file's contents, to be read into `model`) lacking one of the
    languages `names` lists (code -> name in English; None: listed but not usable yet, neither
    required nor refused), and each text or example in a language it does not list, at its
    line. Read from the file's data, not the model, so that a file
    with other errors has its languages checked too."""
    problems = []
    offered = ", ".join(code for code, name in names.items() if name)
    for loc, kind, texts in _texts(model, data, ()):
        label = _label(loc)
        given = [code for code in texts if code not in kind.reserved]
        guessed: set[str] = set()
        for code in given:
            if code in names:
                continue
            guess = difflib.get_close_matches(str(code), [c for c in names if c not in given], n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else f" (it offers {offered})"
            guessed.update(guess)
            problems.append(
                Problem(
                    shown,
                    where(*loc, code),
                    f"{label}: '{code}' is not a language this content offers{hint}; its "
                    "languages are listed in languages.yaml",
                )
            )
        if issubclass(kind, Examples):
            continue  # examples are per language, and a missing list is only a warning
        for code, name in names.items():
            if name and code not in given and code not in guessed:
                problems.append(
                    Problem(
                        shown, where(*loc, code), f"{label}: the {name} ({code}) text is missing"
                    )
                )
    return problems


Shape = tuple[str, Any]
"""Where texts sit in a model, worked out once per model: ("texts", Texts or Examples),
("model", ((field, Shape), ...)), ("list", Shape), ("dict", Shape) or ("any", (Shape, ...))."""


def _texts(
    model: type[BaseModel], data: object, loc: Loc
) -> Iterator[tuple[Loc, type[Texts | Examples], dict[Any, Any]]]:
    """Where `data`, read as `model`, holds texts or examples: each with its location."""
    shape = _model_shape(model)
    if shape is not None:
        yield from _walk(shape, data, loc)


def _walk(
    shape: Shape, data: object, loc: Loc
) -> Iterator[tuple[Loc, type[Texts | Examples], dict[Any, Any]]]:
    kind, inner = shape
    if kind == "texts":
        if isinstance(data, dict):
            yield loc, inner, data
    elif kind == "model":
        if isinstance(data, dict):
            for name, field in inner:
                if name in data:
                    yield from _walk(field, data[name], (*loc, name))
    elif kind == "list":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _walk(inner, item, (*loc, index))
    elif kind == "dict":
        if isinstance(data, dict):
            for key, item in data.items():
                yield from _walk(inner, item, (*loc, key))
    else:
        for each in inner:
            yield from _walk(each, data, loc)


@cache
def _model_shape(model: type[BaseModel]) -> Shape | None:
    fields = tuple(
        (name, shape)
        for name, field in model.model_fields.items()
        if (shape := _shape(field.annotation)) is not None
    )
    return ("model", fields) if fields else None


def _shape(annotation: Any) -> Shape | None:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _shape(args[0])
    if origin in (Union, UnionType):
        shapes = tuple(shape for arg in args if (shape := _shape(arg)) is not None)
        return None if not shapes else shapes[0] if len(shapes) == 1 else ("any", shapes)
    if isinstance(annotation, type) and issubclass(annotation, (Texts, Examples)):
        return ("texts", annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_shape(annotation)
    if origin in (list, tuple) and args:
        inner = _shape(args[0])
        return ("list", inner) if inner is not None else None
    if origin is dict and len(args) == 2:
        inner = _shape(args[1])
        return ("dict", inner) if inner is not None else None
    return None


def _label(loc: Loc) -> str:
    """The field's dotted name after the innermost list entry, as the admin wrote it."""
    named: list[str] = []
    for part in loc:
        if isinstance(part, int):
            named = []
        else:
            named.append(str(part))
    return ".".join(named)
