"""The one YAML reader: YAML 1.2 core-schema meanings, the line of every part, plain advice.

PyYAML's own loader reads YAML 1.1, where `010` is eight, `1:30` is ninety, `no` is false and
`2025-02-13` is a date; content files mean what an admin typed.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest

from bot.content.library import load_library
from bot.content.reader import read

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("010", 10),
        ("0o10", 8),
        ("0x10", 16),
        ("-7", -7),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("Yes", "Yes"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("~", None),
        ("null", None),
        ("", None),
        ("2025-02-13", "2025-02-13"),
        ("2025-02-13 10:00:00", "2025-02-13 10:00:00"),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("'010'", "010"),
        ('"no"', "no"),
        ("2021-05-01-statement", "2021-05-01-statement"),
    ],
)
def test_plain_values_have_their_yaml_1_2_core_meaning(text: str, value: object) -> None:
    document = read(f"key: {text}\n")
    assert document.slips == ()
    assert document.value == {"key": value}
    assert type(document.value["key"]) is type(value)


def test_every_key_and_item_knows_its_line() -> None:
    document = read(
        "id: a\nsources:\n  - source: x\n    quote: one\n\n  - source: y\n    quote: two\n"
    )
    assert document.line("id") == 1
    assert document.line("sources", 1) == 6
    assert document.line("sources", 1, "quote") == 7
    assert document.line("sources", 5, "quote") == 2, "the deepest part that exists"
    assert document.line("nothing") == 1


def test_a_duplicate_key_is_a_slip_at_its_second_line() -> None:
    document = read("id: a\norder: 1\ntopic: t\norder: 2\n")
    assert [(s.line, s.message) for s in document.slips] == [
        (4, "'order' is written a second time here, first on line 2; keep one")
    ]


def test_a_self_referencing_alias_is_refused_not_looped() -> None:
    document = read("a: &x [1, *x]\n")
    assert document.slips and "refers to itself" in document.slips[0].message


def test_order_010_is_ten_in_the_library(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "checker" / "base", root)
    path = root / "content" / "snippets" / "visits" / "a-visit.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("topic: visits\n", "topic: visits\norder: 010\n"),
        encoding="utf-8",
    )
    result = load_library(root / "content", root / "seeds", dt.date(2026, 11, 23))
    assert result.library is not None, [str(p) for p in result.problems]
    assert result.library.snippets["a-visit"].order == 10
