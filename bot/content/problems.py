"""Problem: one thing wrong in a content file, printed as `path:line: message` for an admin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]
