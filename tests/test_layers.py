"""The one-way dependencies the design promises: content below rendering, Telegram at the top."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


ABOVE_CONTENT = (
    "bot.render",
    "bot.checks",
    "bot.callbacks",
    "bot.search",
    "bot.conversation",
    "bot.storage",
    "bot.telegram",
    "bot.terminal",
    "bot.report",
    "bot.cli",
    "bot.evaluation",
)


def test_content_imports_nothing_above_it() -> None:
    for path in (BOT / "content").glob("*.py"):
        above = {name for name in _imports(path) if name.startswith(ABOVE_CONTENT)}
        assert not above, f"{path.name} imports {above}: content must not depend on them"


def test_only_the_telegram_layer_imports_telegram() -> None:
    for path in BOT.rglob("*.py"):
        if "telegram" in path.relative_to(BOT).parts[:-1]:
            continue
        assert not {n for n in _imports(path) if n == "telegram" or n.startswith("telegram.")}, (
            f"{path.relative_to(BOT)} imports python-telegram-bot"
        )
