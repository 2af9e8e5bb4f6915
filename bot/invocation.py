"""How the command line was started, so that messages and usage lines quote it back exactly:
`advocacy-bot`, `.venv/bin/python -m bot`, or `python -m bot`."""

from __future__ import annotations

import sys
from pathlib import Path


def program() -> str:
    """The command as the person typed it (a virtual environment's Python by its path)."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if name and name != "__main__.py" and not name.endswith(".py") and name != "-c":
        return name
    python = Path(sys.executable)
    try:
        shown = str(python.relative_to(Path.cwd()))
    except ValueError:
        shown = "python"
    return f"{shown} -m bot"
