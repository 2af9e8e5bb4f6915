"""The one clock: every "today" of the bot, the checker and the review sheet is read here.

Dates decide what people see (a 🕓 note once an answer's review is due) and what `check
--strict` fails on, so they must not depend on the day a test happens to run. The clock reads
the system date unless it is set: `BOT_TODAY=YYYY-MM-DD` (read by the command line, for
previewing how the content will look on a later day) or `set_today` (tests).
"""

from __future__ import annotations

import datetime as dt

__all__ = ["today", "utc_now", "set_today", "fixed_day"]

_fixed: dt.date | None = None


def today() -> dt.date:
    """The day the bot should act on: the set day, or the system's local date."""
    return _fixed if _fixed is not None else dt.date.today()


def utc_now() -> dt.datetime:
    """Now in UTC; on a set day, noon UTC of that day (storage only needs the date from it)."""
    if _fixed is not None:
        return dt.datetime.combine(_fixed, dt.time(12), dt.UTC)
    return dt.datetime.now(dt.UTC)


def set_today(day: dt.date | None) -> None:
    """Act as if it were `day` from now on; None goes back to the system date."""
    global _fixed
    _fixed = day


def fixed_day() -> dt.date | None:
    """The set day, or None when the clock follows the system."""
    return _fixed
