"""Reads one content file into one pydantic model, turning every problem into `path:line: message`.

The file is read once (`reader.read`: libyaml, YAML 1.2 core-schema meanings); its nodes keep
the line of every key and item, so a pydantic error location such as `sources.1.quote` is traced
back to the line an admin has to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.content.coverage import language_problems
from bot.content.problems import Problem
from bot.content.reader import Document, read
from bot.content.wording import explain

M = TypeVar("M", bound=BaseModel)


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

    def __init__(
        self,
        document: Document | None = None,
        known: dict[tuple[str | int, ...], int] | None = None,
    ) -> None:
        self._document = document
        self._known = known or {}

    def __call__(self, *loc: str | int) -> int:
        if loc in self._known:
            return self._known[loc]
        return self._document.line(*loc) if self._document is not None else 1

    def keep(self, *locs: tuple[str | int, ...]) -> Lines:
        """The lines of `locs` only, without the parsed file: for checks made after loading
        every file, so that thousands of node trees are not held until then."""
        return Lines(None, {loc: self(*loc) for loc in locs})


def load_model(
    path: Path, shown: str, model: type[M], languages: Mapping[str, str | None] | None = None
) -> tuple[M | None, Lines, list[Problem]]:
    """Read and validate one file: the model (or None), its line finder, and its problems.

    With `languages` (code -> name in English, the languages the content offers), every text
    of the file must be written in each of them and in no other; a file where one is not is
    None, like any other invalid file, so nothing downstream meets a missing language."""
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
        return (
            None,
            lines,
            [Problem(shown, 1, "this file should hold fields (name: value), not a list or text")],
        )
    problems = (
        language_problems(model, data, languages, lines, shown) if languages is not None else []
    )
    try:
        found = model.model_validate(data)
    except ValidationError as exc:
        said = [(e, explain(e, model, data)) for e in exc.errors(include_url=False)]
        # A misspelt field also shows up as the real one missing; the "did you mean" says both.
        guessed = {s.guessed for _, s in said if s.guessed}
        problems += [
            Problem(shown, lines(*e["loc"]), s.message)
            for e, s in said
            if not (e["type"] == "missing" and str(e["loc"][-1]) in guessed)
        ]
        return None, lines, sorted(set(problems))
    if problems:
        return None, lines, sorted(set(problems))
    return found, lines, []
