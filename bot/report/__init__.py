"""`python -m bot report --out FILE [--data DIR]`: one HTML review sheet of all content.

For the people who vet the answers. `sheet` builds the page (pure) from `templates/`; `todo`
decides what goes in the to-do list at its top; `unmatched` groups the typed questions nobody
could answer; `command` loads, reads the counts and writes the file.
"""

from bot.report.command import write_report
from bot.report.sheet import build_report

__all__ = ["build_report", "write_report"]
