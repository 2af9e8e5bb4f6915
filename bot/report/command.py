"""The `report` command's I/O: load and check the content, read the counts, write the sheet."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from bot.checks import load_or_explain
from bot.report.sheet import build_report
from bot.settings import Settings
from bot.storage import StorageError, read_stats


def write_report(settings: Settings, out: Path, data_dir: Path | None, today: dt.date) -> int:
    """Write the sheet as of `today` (which reviews are due); the exit code."""
    if data_dir is not None and not data_dir.is_dir():
        print(
            f"The data folder {data_dir} does not exist; give the folder the bot keeps its data "
            "in (BOT_DATA_DIR), or leave out --data.",
            file=sys.stderr,
        )
        return 1
    library = load_or_explain(
        settings.bot_content_dir, settings.bot_seeds_dir, today, "No report was written."
    )
    if library is None:
        return 1
    stats = None
    if data_dir is not None:
        try:
            # From a copy: the bot may be running and writing to this folder.
            stats = read_stats(
                data_dir, clock=lambda: dt.datetime.combine(today, dt.time(12), dt.UTC)
            )
        except (StorageError, OSError) as exc:
            print(f"Could not read the counts in {data_dir}: {exc}", file=sys.stderr)
            return 1
        if not (
            stats.views
            or stats.feedback
            or stats.typed.matched
            or stats.typed.unmatched
            or stats.unmatched
        ):
            print(f"Note: {data_dir} holds no counts yet; every count shows 0.", file=sys.stderr)
    page = build_report(library, today, stats)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"Could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {out}: {len(library.snippets)} approved answer(s), {len(library.drafts)} "
        f"draft(s), content version {library.version}.",
        file=sys.stderr,
    )
    return 0
