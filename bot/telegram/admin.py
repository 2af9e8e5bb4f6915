"""Admin replies (/stats, /reload) as HTML, in English: admins are the organisation's staff."""

from __future__ import annotations

import datetime as dt

from bot.content.library import Library
from bot.content.problems import Problem
from bot.content.translations import stale
from bot.render import esc
from bot.storage import Stats

MAX_PROBLEM_LINES = 30


def reload_failed(problems: list[Problem], serving: Library) -> str:
    errors = [p for p in problems if not p.warning]
    lines = [esc(str(p)) for p in errors[:MAX_PROBLEM_LINES]]
    more = len(errors) - len(lines)
    tail = f"\n… and {more} more; run <code>python -m bot check</code> to see all." if more else ""
    return (
        f"❌ <b>Reload failed</b>: {len(errors)} problem(s). Still serving the previous content "
        f"(version <code>{serving.version}</code>).\n\n<code>" + "\n".join(lines) + f"</code>{tail}"
    )


def reload_done(old: Library, new: Library, warnings: list[Problem]) -> str:
    added = sorted(set(new.snippets) - set(old.snippets))
    removed = sorted(set(old.snippets) - set(new.snippets))
    changed = sorted(
        i for i in set(old.snippets) & set(new.snippets) if old.versions[i] != new.versions[i]
    )
    parts = [
        f"✅ <b>Reloaded</b>: version <code>{new.version}</code>, {len(new.snippets)} answers."
    ]
    for label, ids in (("Added", added), ("Removed", removed), ("Changed", changed)):
        parts.append(f"{label}: " + (", ".join(esc(i) for i in ids) if ids else "none"))
    if old.version != new.version and not (added or removed or changed):
        parts.append("(Only topics, interface texts, disclaimers or sources changed.)")
    if warnings:
        parts.append(f"{len(warnings)} warning(s), e.g. {esc(str(warnings[0]))}")
    return "\n".join(parts)


def stats(data: Stats, library: Library, today: dt.date) -> str:
    views = data.views
    lines = [
        f"📊 <b>Statistics</b> (content version <code>{library.version}</code>)",
        f"Typed questions: {data.typed.matched} answered, {data.typed.unmatched} with no answer.",
    ]
    lines.append("\n<b>Views and feedback</b> (👍/👎, all versions):")
    for snippet_id in sorted(library.snippets, key=lambda i: (-views.get(i, 0), i)):
        votes = data.votes(snippet_id)
        lines.append(
            f"• {esc(snippet_id)}: {views.get(snippet_id, 0)} views, {votes.up}👍 {votes.down}👎"
        )
    overdue = sorted(i for i, s in library.snippets.items() if s.review.review_due < today)
    lines.append("\n<b>Reviews overdue</b>: " + (", ".join(esc(i) for i in overdue) or "none"))
    codes = library.languages.codes
    stale_texts = {i: stale(s, codes) for i, s in {**library.drafts, **library.snippets}.items()}
    lines.append(
        f"<b>Stale translations</b>: {sum(map(len, stale_texts.values()))}"
        + "".join(
            f"\n• {esc(i)}: {', '.join(places)}"
            for i, places in sorted(stale_texts.items())
            if places
        )
    )
    if data.unmatched:
        lines.append(f"\n<b>Unmatched questions kept</b> (last 30 days): {len(data.unmatched)}")
        lines += [f"• {esc(u.date)}: {esc(u.text[:120])}" for u in data.unmatched[-10:]]
    return fit(lines)


def fit(lines: list[str], limit: int = 3900) -> str:
    """Whole lines only, so a cut never splits an HTML tag; Telegram allows 4096 characters."""
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > limit:
            kept.append("…")
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)
