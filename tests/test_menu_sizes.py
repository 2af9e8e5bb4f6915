"""Menus too big for one Telegram message are named by `check`, at the topic's line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.checks import MAX_BUTTONS, load_checked, menu_sizes
from bot.content.library import Library

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT / "content" / "topics.yaml"


@pytest.fixture(scope="module")
def library() -> Library:
    result = load_checked(ROOT / "content", ROOT / "seeds", dt.date(2026, 12, 1))
    assert result.library is not None, "\n".join(map(str, result.problems))
    return result.library


def test_the_shipped_menus_fit(library: Library) -> None:
    assert list(menu_sizes(library, TOPICS)) == []
    assert len(library.topics) + 4 <= MAX_BUTTONS


def test_a_menu_over_the_limit_is_a_warning_at_its_topic(library: Library) -> None:
    france = len(library.in_topic("france"))
    problems = list(menu_sizes(library, TOPICS, limit=france + 1))
    lines = TOPICS.read_text(encoding="utf-8").splitlines()
    assert len(problems) == 2, problems
    main, topic = problems
    assert main.warning and topic.warning
    assert main.line == 1 and "the main menu would have" in main.message
    assert lines[topic.line - 1].strip() == "- id: france"
    assert f"the menu of topic 'france' would have {france + 2} buttons" in topic.message
    assert str(topic).startswith(f"{TOPICS}:{topic.line}: warning: ")
