"""Reads YAML text once, with YAML 1.2 core-schema meanings, keeping the line of every part.

libyaml (PyYAML's C parser) builds the node tree, and every node keeps its line; the values are
built from the nodes here, with the YAML 1.2 core schema rather than PyYAML's YAML 1.1 one:
`yes`, `no`, `on`, `off` are words, `010` is ten, `1:30` is text (not ninety) and dates stay
text, so ids such as `2021-05-01-statement` stay ids and the models judge dates with a line.
Syntax errors come back as a line and a sentence an admin can act on, found from libyaml's
marks, not by re-reading messages.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + k for k in ("str", "int", "float", "bool", "null"))
SEQ, MAP = _TAG + "seq", _TAG + "map"


class _CoreResolver(BaseResolver):
    """The implicit types of the YAML 1.2 core schema, and nothing else."""

    yaml_implicit_resolvers: dict[Any, Any] = {}


_CoreResolver.add_implicit_resolver(
    NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_CoreResolver.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # PyYAML built without libyaml: the same nodes, more slowly
    from yaml.composer import Composer as _Composer0
    from yaml.parser import Parser as _Parser0
    from yaml.reader import Reader as _Reader0
    from yaml.scanner import Scanner as _Scanner0

    class _Parser(_Reader0, _Scanner0, _Parser0, _Composer0):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader0.__init__(self, stream)
            _Scanner0.__init__(self)
            _Parser0.__init__(self)
            _Composer0.__init__(self)


class _Composer(_Parser, _CoreResolver):
    """libyaml's parser and composer with the core-schema resolver: nodes with lines."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CoreResolver.__init__(self)


@dataclass(frozen=True)
class Slip:
    """Something wrong in the YAML itself: where, and what to do about it."""

    line: int
    message: str


@dataclass(frozen=True)
class Document:
    """One file read: its values (plain dicts, lists, str, int, float, bool, None) and nodes."""

    value: Any
    node: Node | None
    slips: tuple[Slip, ...] = ()

    def line(self, *loc: str | int) -> int:
        """The 1-based line of the deepest part of `loc` that the file has (1 if none)."""
        node, line = self.node, 1
        for part in loc:
            if isinstance(node, MappingNode):
                found = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, ScalarNode) and k.value == part
                    ),
                    None,
                )
                if found is None:
                    break
                line = found[0].start_mark.line + 1
                node = found[1]
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


def read(text: str) -> Document:
    """Parse `text`; a syntax error gives a Document with no value and one Slip."""
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return Document(None, None, (_explain(exc, text),))
    except yaml.YAMLError as exc:  # no mark: libyaml reports reader errors this way
        return Document(None, None, (Slip(1, f"the YAML cannot be read: {exc}"),))
    finally:
        composer.dispose()
    if node is None:
        return Document(None, None)
    slips: list[Slip] = []
    value = _build(node, slips, set(), False)
    return Document(value, node, tuple(slips))


def _build(node: Node, slips: list[Slip], open_nodes: set[int], in_list: bool) -> Any:
    if isinstance(node, ScalarNode):
        return _scalar(node, slips)
    if id(node) in open_nodes:  # an alias inside itself (&a [*a]): YAML allows it, we cannot
        slips.append(
            Slip(
                node.start_mark.line + 1,
                "this refers to itself with an alias ('*'); write the value out",
            )
        )
        return None
    open_nodes.add(id(node))
    try:
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                slips.append(_tag_slip(node))
            return [_build(item, slips, open_nodes, True) for item in node.value]
        if node.tag != MAP:
            slips.append(_tag_slip(node))
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        twice: list[tuple[str, int]] = []
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                slips.append(
                    Slip(line, "a field name must be a plain word, not a list or a mapping")
                )
                continue
            # Field names and language codes repeat in every file; one string each, not one
            # per use (models keep language codes as the keys of their per-language texts).
            key = sys.intern(key_node.value)
            if key in first_line:
                twice.append((key, line))
                continue
            first_line[key] = line
            result[key] = _build(value_node, slips, open_nodes, False)
        if twice:  # one slip per mapping: a forgotten '- ' repeats every field of an entry
            key, line = twice[0]
            slips.append(Slip(line, _duplicate(key, first_line[key], len(twice) - 1, in_list)))
        return result
    finally:
        open_nodes.discard(id(node))


def _scalar(node: ScalarNode, slips: list[Slip]) -> Any:
    tag, text = node.tag, node.value
    if tag == STR:
        return text
    if tag == INT:
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text[2:], 16) if text.startswith("0x") else int(text)
    if tag == FLOAT:
        lowered = text.lower()
        if lowered.endswith(".inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        return math.nan if lowered == ".nan" else float(text)
    if tag == BOOL:
        return text.lower() == "true"
    if tag == NULL:
        return None
    slips.append(_tag_slip(node))
    return text


def _tag_slip(node: Node) -> Slip:
    return Slip(
        node.start_mark.line + 1,
        f"the tag '{node.tag}' is not used in content files; "
        "remove it (put the value in quotes if it is text)",
    )


def _duplicate(key: str, first: int, more: int, in_list: bool) -> str:
    also = f" (and {more} more field{'s' if more > 1 else ''} after it)" if more else ""
    if in_list:
        return (
            f"'{key}' is written a second time in one entry{also}, first on line {first}: "
            "if a new entry starts here, begin this line with '- ' like the entries above"
        )
    return f"'{key}' is written a second time here{also}, first on line {first}; keep one"


def _explain(exc: yaml.MarkedYAMLError, text: str) -> Slip:
    """libyaml's error as a line and advice, worked out from its marks and the text there."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    column = mark.column if mark is not None else 0

    def say(message: str, at: int = line) -> Slip:
        return Slip(at, f"the YAML cannot be read: {message}")

    # A quote left open runs on to the next quote mark, lines later, and the error shows there.
    unclosed = _unclosed_quote(lines[:line])
    if (
        unclosed is None
        and context == "while scanning a quoted scalar"
        and exc.context_mark is not None
    ):
        opened = exc.context_mark
        start = lines[opened.line] if opened.line < len(lines) else ""
        unclosed = (opened.line + 1, start[opened.column] if opened.column < len(start) else '"')
    if unclosed is not None:
        at, quote = unclosed
        escape = '\\"' if quote == '"' else "''"
        return say(
            f"the {quote} opened on this line is not closed on it; close it at the end of "
            f"the text (write {escape} for a {quote} inside it)",
            at,
        )
    if problem == "found character that cannot start any token":
        char = here[column] if column < len(here) else ""
        if char == "\t":
            return say("a tab is used for indentation; use spaces")
        return say(f"a value cannot start with '{char}'; put the whole value in quotes")
    if problem.startswith("mapping values are not allowed"):
        above = _line_above(lines, line)
        if above is not None and _indent(here) > _indent(above) and ": " in above.strip() + " ":
            return say(
                f"this line is indented {_indent(here)} spaces and the line above "
                f"{_indent(above)}: fields of one block must line up exactly"
            )
        return say("a ': ' appears inside a value; put the whole value in quotes")
    if problem == "did not find expected key" or problem.startswith("expected <block end>"):
        return say("the indentation does not line up with the lines around it")
    if problem == "did not find expected '-' indicator":
        return say(
            "this line does not line up with the list above it; each entry starts "
            "with '- ' at the same indentation as the others"
        )
    if problem.startswith("did not find expected ',' or"):
        closer = problem[-2]
        opened_at = exc.context_mark.line + 1 if exc.context_mark is not None else line
        return say(
            f"the '{'[' if closer == ']' else '{'}' opened here is not closed with "
            f"'{closer}' (or an item in it needs quotes)",
            opened_at,
        )
    if problem.startswith("found undefined alias"):
        return say("a value starting with '*' must be in quotes")
    if "expected a single document" in context + problem:
        return say("'---' starts a second document; a content file holds one")
    return say(problem or context or "unknown error")


def _unclosed_quote(lines: list[str]) -> tuple[int, str] | None:
    """The first line (1-based) where a quoted value opens and does not close, and its quote."""
    for number, text in enumerate(lines, 1):
        quote, previous, index = "", " ", 0
        while index < len(text):
            char = text[index]
            if quote == '"' and char == "\\":
                index += 2
                continue
            if quote and char == quote:
                if quote == "'" and text[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                quote = ""
            elif not quote and char in "\"'" and previous in " [{,":
                quote = char
            elif not quote and char == "#" and previous == " ":
                break
            previous = char if not char.isspace() or quote else " "
            if not quote and char in ":-" and text[index + 1 : index + 2] in (" ", ""):
                previous = " "
            index += 1
        if quote:
            return number, quote
    return None


def _line_above(lines: list[str], line: int) -> str | None:
    for text in reversed(lines[: line - 1]):
        if text.strip() and not text.lstrip().startswith("#"):
            return text
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))
