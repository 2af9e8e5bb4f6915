"""The checker reads the rest of the sentence: a quote cut before its condition is a warning.

A quote can be word for word in its source and still not say what the source says: "returnees do
not have access to due process" drops "if they are deemed a threat". For every quote that starts
or stops inside a sentence, the words it leaves out are read; when they qualify it (a condition,
an "or ...", a restriction, a framing that denies it), the checker prints them and asks for the
whole sentence, or for a reviewer's `cut:` reason saying why the rest does not change the answer.

Words that another quote of the same answer covers are not cut: two quotes that together make
the whole sentence are read as one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.content.model import Snippet
from bot.content.problems import Problem
from bot.content.sentences import Passage, cut_words, has_words, qualifier_after, qualifier_before
from bot.content.sources import SourceDoc

ASK = 'quote the whole sentence, or add cut: "<why the rest does not change the answer>"'


def check_cuts(
    snippet: Snippet, docs: Mapping[str, SourceDoc], line: Callable[[int], int], shown: str
) -> list[Problem]:
    """Warnings for the quotes of `snippet` cut before words that qualify them.

    `docs` maps source ids to readable sources; `line(index)` is the line of quote `index`.
    """
    found: list[tuple[int, Passage]] = []
    for index, ref in enumerate(snippet.sources):
        doc = docs.get(ref.source)
        passage = doc.passage(ref.quote) if doc is not None else None
        if passage is not None:
            found.append((index, passage))
    problems = []
    for index, passage in found:
        ref = snippet.sources[index]
        # Other quotes of this answer from the same source, in the same sentence, count as quoted.
        covered = [
            (p.start + len(p.before), p.end - len(p.after))
            for i, p in found
            if i != index
            and snippet.sources[i].source == ref.source
            and p.start < passage.end
            and passage.start < p.end
        ]
        before, after = _uncovered(passage, covered)
        cut_before = qualifier_before(before) if has_words(before) else None
        cut_after = qualifier_after(after) if has_words(after) else None
        if ref.cut is not None:
            if not (has_words(before) or has_words(after)):
                problems.append(
                    Problem(
                        shown,
                        line(index),
                        "this quote is its whole sentence, so "
                        "its cut: reason is not needed; remove "
                        "it",
                        warning=True,
                    )
                )
            continue
        if cut_before:
            problems.append(
                Problem(
                    shown,
                    line(index),
                    f"the quote starts mid-sentence; the source begins "
                    f'"{cut_words(before)}" — {ASK}',
                    warning=True,
                )
            )
        if cut_after:
            problems.append(
                Problem(
                    shown,
                    line(index),
                    f"the quote stops mid-sentence; the source goes on "
                    f'"{cut_words(after)}" — {ASK}',
                    warning=True,
                )
            )
    return problems


def _uncovered(passage: Passage, covered: list[tuple[int, int]]) -> tuple[str, str]:
    """The words of the sentence before and after the quote that no other quote covers (another
    quote counts when it overlaps, or when only spaces and punctuation lie between them)."""
    text, offset = passage.text, passage.start

    def part(a: int, b: int) -> str:
        return text[min(max(a - offset, 0), len(text)) : min(max(b - offset, 0), len(text))]

    lo, hi = passage.start + len(passage.before), passage.end - len(passage.after)
    changed = True
    while changed:
        changed = False
        for c_start, c_end in covered:
            if c_end > hi and (c_start <= hi or not has_words(part(hi, c_start))):
                hi, changed = c_end, True
            if c_start < lo and (c_end >= lo or not has_words(part(c_end, lo))):
                lo, changed = c_start, True
    return part(passage.start, lo), part(hi, passage.end)
