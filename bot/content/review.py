"""Review fields as problems: the same rules for every reviewed entry (answers, help entries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.content.model import Review
from bot.content.problems import Problem


def review_problems(
    review: Review,
    shown: str,
    line: Callable[..., int],
    today: dt.date,
    *,
    hidden: str,
    overdue: str,
) -> list[Problem]:
    """A draft (warning: `hidden` says what people miss), a review past due (warning: `overdue`
    says what to do), and a review dated in the future (error)."""
    problems: list[Problem] = []
    if review.status != "approved":
        problems.append(
            Problem(
                shown,
                line("review", "status"),
                f"status is '{review.status}': {hidden}",
                warning=True,
            )
        )
    if review.review_due < today:
        problems.append(
            Problem(
                shown,
                line("review", "review_due"),
                f"the review was due on {review.review_due}: {overdue}",
                warning=True,
            )
        )
    if review.reviewed_on > today:
        problems.append(
            Problem(
                shown,
                line("review", "reviewed_on"),
                f"reviewed_on {review.reviewed_on} is in the future",
            )
        )
    return problems
