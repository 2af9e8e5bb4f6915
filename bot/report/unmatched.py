"""Typed questions nobody could answer, grouped by similarity for the people who write answers.

The bot keeps them only with `BOT_KEEP_UNMATCHED=1`, as text and a date, with nothing about who
asked (see `bot.storage`). Near-identical wordings ("can i go to syria for 2 weeks", "Can I go to
Syria for two weeks?") form one group, so an admin sees at a glance which answer or which
`examples` are missing, and how often people asked. Pure: kept questions in, groups out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.storage import Unmatched
from bot.textnorm import normalise, tokens

SIMILAR = 70.0
"""Two wordings are alike at this score or above (0-100, the mean of rapidfuzz's token-set and
token-sort ratios). The token-set ratio alone calls "syria" identical to every longer question
that contains the word; the token-sort ratio pulls such pairs down, while reworded questions
with the same words keep a high score on both."""


@dataclass(frozen=True)
class Wording:
    """One way a question was written (compared after normalisation), and how often."""

    text: str
    """The newest spelling of it, as typed."""
    count: int
    last: dt.date


@dataclass(frozen=True)
class QuestionGroup:
    """Questions alike enough to need the same answer; wordings newest first."""

    wordings: tuple[Wording, ...]

    @property
    def count(self) -> int:
        return sum(w.count for w in self.wordings)

    @property
    def last(self) -> dt.date:
        return max(w.last for w in self.wordings)

    @property
    def first(self) -> dt.date:
        return min(w.last for w in self.wordings)


def _key(text: str) -> str:
    return " ".join(tokens(normalise(text))) or text.strip().casefold()


def _score(a: str, b: str) -> float:
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


@dataclass
class _Tally:
    text: str
    count: int
    last: dt.date


def group_questions(kept: Iterable[Unmatched], threshold: float = SIMILAR) -> list[QuestionGroup]:
    """Group kept questions (`Stats.unmatched`, oldest first, as the store returns them).

    Newest group first; each wording joins the group of the most similar newer wording, or
    starts a group of its own."""
    dated: list[tuple[dt.date, int, str]] = []
    for position, entry in enumerate(kept):
        text = entry.text.strip()
        try:
            day = dt.date.fromisoformat(entry.date)
        except ValueError:
            continue  # not written by this bot; nothing sensible to show
        if text:
            dated.append((day, position, text))
    tallies: dict[str, _Tally] = {}
    for day, _, text in sorted(dated, reverse=True):  # newest first; same day: latest kept first
        tally = tallies.setdefault(_key(text), _Tally(text, 0, day))
        tally.count += 1
        tally.last = max(tally.last, day)

    keys = list(tallies)  # newest first: the order of each wording's latest occurrence
    group_of: list[int] = []
    groups: list[list[str]] = []
    for index, key in enumerate(keys):
        best, best_score = -1, -1.0
        # The token-set ratio is never below the token-sort ratio, so their mean can reach the
        # threshold only where the token-set ratio does: a fast first cut, done in C.
        for _, _, earlier in process.extract(
            key, keys[:index], scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None
        ):
            score = _score(key, keys[earlier])
            if score >= threshold and (score, -earlier) > (best_score, -best):
                best, best_score = earlier, score
        if best < 0:
            group_of.append(len(groups))
            groups.append([key])
        else:
            group_of.append(group_of[best])
            groups[group_of[best]].append(key)

    return [
        QuestionGroup(
            tuple(Wording(tallies[k].text, tallies[k].count, tallies[k].last) for k in group)
        )
        for group in groups
    ]
