"""Renders a snippet as the Telegram HTML card a person sees: question, answer, 🕓, 📚, 📎, ⚠️.

Everything taken from content is escaped here, once, so no content can break Telegram's HTML
parser. Cards in a right-to-left language (Arabic) get right-to-left marks so that Latin names,
numbers and links inside them do not flip the paragraph's direction. Direction and citation
typography come from each language's description (`bot.language`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.content.help import flag as country_flag
from bot.content.help import ordered
from bot.content.library import Library
from bot.content.model import PartialDate, SituationChange, Snippet, Texts, UIStrings
from bot.content.sources import HTML_TAG, SourceDoc
from bot.language import Languages

MAX_MESSAGE = 4096
RLM = "\u200f"
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9 .,'’()\-]*[A-Za-z0-9)]|[A-Za-z]")


@dataclass(frozen=True)
class CardContext:
    """What a card needs besides its snippet: interface texts, sources and disclaimers."""

    ui: Mapping[str, UIStrings]
    sources: Mapping[str, SourceDoc]
    disclaimers: Mapping[str, Texts]
    languages: Languages
    """The content's languages: direction and typography of each."""
    changed: SituationChange | None = None
    """The day the situation changed: sources written before it get a 🕓 note."""

    @classmethod
    def of(cls, library: Library) -> CardContext:
        return cls(
            library.ui, library.sources, library.disclaimers, library.languages, library.changed
        )

    def outdated(self, source_id: str) -> bool:
        doc = self.sources.get(source_id)
        return bool(doc and self.changed and self.changed.outdated(doc.meta))


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def rtl(text: str, right_to_left: bool) -> str:
    """Plain text made to read right to left in an RTL language (no-op otherwise).

    Each line starts with a right-to-left mark so a line opening with a Latin word or a digit is
    still laid out RTL, and each Latin run is followed by one so punctuation after it stays put.
    """
    if not right_to_left:
        return text
    fixed = _LATIN_RUN.sub(lambda m: m.group(0) + RLM, text)
    return "\n".join(RLM + line if line.strip() else line for line in fixed.split("\n"))


def paragraph(text: str, right_to_left: bool) -> str:
    """Escaped, direction-marked content text, trailing blank space dropped."""
    return esc(rtl(text.strip(), right_to_left))


def visible_length(message_html: str) -> int:
    """Length as Telegram counts it: after entity parsing, in UTF-16 code units."""
    text = html.unescape(HTML_TAG.sub("", message_html))
    return len(text.encode("utf-16-le")) // 2


def date_notes(context: CardContext, snippet: Snippet, lang: str, today: dt.date) -> list[str]:
    """The one 🕓 paragraph (or none): review overdue, and when the sources written before the
    situation changed were written, all their dates in one sentence."""
    ui = context.ui[lang]
    notes: list[str] = []
    if today > snippet.review.review_due:
        due = PartialDate.parse(snippet.review.review_due)
        notes.append(ui.review_overdue.format(date=due.format(ui.months)))
    old = [
        d.format(ui.months)
        for d in sorted(
            {
                context.sources[ref.source].meta.written_on
                for ref in snippet.sources
                if context.outdated(ref.source)
            }
        )
    ]
    if old and context.changed is not None:
        when = PartialDate.parse(context.changed.date).format(ui.months)
        changed = context.changed.event.get(lang).format(date=when)
        if len(old) == 1:
            notes.append(ui.source_old.format(date=old[0], changed=changed))
        else:
            dates = old[0]
            for date in old[1:]:
                dates = ui.list_and.format(first=dates, last=date)
            notes.append(ui.sources_old.format(dates=dates, changed=changed))
    return ["🕓 " + paragraph(" ".join(notes), context.languages[lang].rtl)] if notes else []


def citation(context: CardContext, snippet: Snippet, lang: str) -> str:
    """The 📚 paragraph: publisher, linked title, kind and publication date of each source."""
    ui = context.ui[lang]
    way = context.languages[lang].rtl
    marks = context.languages[lang].typography
    open_q, close_q = marks.title_quotes
    seen: list[str] = []
    for ref in snippet.sources:
        if ref.source not in seen and ref.source in context.sources:
            seen.append(ref.source)
    lines = []
    for source_id in seen:
        meta = context.sources[source_id].meta
        date = ui.published.format(date=meta.published.format(ui.months))
        link = f'<a href="{html.escape(meta.url, quote=True)}">{esc(meta.title)}</a>'
        mark = RLM if way else ""
        comma = marks.list_comma
        publisher = paragraph(meta.publisher_in(lang), way)
        lines.append(
            f"{publisher}{comma}{open_q}{link}{close_q}{mark} "
            f"({esc(ui.kind(meta.kind))}){comma}{paragraph(date, way)}."
        )
    colon = marks.colon
    if len(lines) == 1:
        return f"📚 {esc(ui.source_label)}{colon}{lines[0]}"
    return f"📚 {esc(ui.sources_label)}{colon.rstrip()}\n" + "\n".join(
        f"• {line}" for line in lines
    )


def card(context: CardContext, snippet: Snippet, lang: str, today: dt.date) -> str:
    """The whole answer card in Telegram HTML."""
    disclaimer = context.disclaimers[snippet.disclaimer or "default"].get(lang)
    way = context.languages[lang].rtl
    parts = [
        f"<b>{paragraph(snippet.question.get(lang), way)}</b>",
        paragraph(snippet.answer.get(lang), way),
        *date_notes(context, snippet, lang, today),
        citation(context, snippet, lang),
        *own_words(context, snippet, lang),
        "⚠️ " + paragraph(disclaimer, way),
    ]
    return "\n\n".join(parts)


_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


def own_words(context: CardContext, snippet: Snippet, lang: str) -> list[str]:
    """The 📎 paragraph: the whole source sentence around each quote, the quoted words in bold,
    in an expandable blockquote (one or two lines until tapped); grouped by source when several.

    Quotes that share a sentence are shown in it once; the text is the source's own, in its own
    language, so it is never direction-marked.
    """
    ui = context.ui[lang]
    groups: dict[str, list[tuple[int, int, list[tuple[int, int]]]]] = {}
    for ref in snippet.sources:
        doc = context.sources.get(ref.source)
        found = doc.passage(ref.quote) if doc is not None else None
        if found is None:
            continue
        stop = found.end - len(found.after)
        spans = groups.setdefault(ref.source, [])
        spans.append((found.start, found.end, [(stop - len(found.quote), stop)]))
    if not groups:
        return []
    blocks = []
    for source_id, spans in groups.items():
        text = context.sources[source_id].normalised
        lines = (
            [
                f"<i>{esc(_PARENTHESIS.sub('', context.sources[source_id].meta.publisher))}, "
                f"{context.sources[source_id].meta.written_on.year}</i>"
            ]
            if len(groups) > 1
            else []
        )
        for start, end, bold in _merged(spans):
            shown, at = [], start
            for q_start, q_end in bold:
                shown += [esc(text[at:q_start]), f"<b>{esc(text[q_start:q_end])}</b>"]
                at = q_end
            lines.append("".join(shown) + esc(text[at:end]))
        blocks.append("\n".join(lines))
    heading = ui.own_words_label if len(groups) == 1 else ui.own_words_label_several
    return [
        f"📎 {paragraph(heading, context.languages[lang].rtl)}\n<blockquote expandable>"
        + "\n".join(blocks)
        + "</blockquote>"
    ]


def _merged(
    spans: list[tuple[int, int, list[tuple[int, int]]]],
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Passages in source order; overlapping or adjacent ones joined, their bold ranges too."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end, bold in sorted(spans):
        if out and start <= out[-1][1] + 1:
            last = out.pop()
            start, end, bold = last[0], max(last[1], end), last[2] + bold
        out.append((start, end, bold))
    result = []
    for start, end, bold in out:
        ranges: list[tuple[int, int]] = []
        for q_start, q_end in sorted(bold):
            if ranges and q_start <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], max(ranges[-1][1], q_end))
            else:
                ranges.append((q_start, q_end))
        result.append((start, end, ranges))
    return result


def support_text(
    library: Library, lang: str, country: str | None, today: dt.date, drafts: bool = False
) -> str:
    """The "Where to get help" screen: organisations serving `country` first (approved ones,
    or every entry with `drafts`, for the length check), then the disclaimer."""
    ui = library.ui[lang]
    language = library.languages[lang]
    way = language.rtl
    entries = list(library.organisations) if drafts else ordered(library.organisations, country)
    parts = [f"🆘 <b>{esc(ui.support_title)}</b>"]
    for org in entries:
        names = language.typography.list_comma.join(map(library.language_name, org.languages))
        lines = [
            f"<b>{country_flag(org.countries)} {paragraph(org.name.get(lang), way)}</b>",
            paragraph(org.offers.get(lang), way),
            paragraph(ui.support_languages.format(languages=names), way),
        ]
        lines += [
            paragraph(f"{mark} {value}", way)
            for mark, value in (("☎️", org.contact.phone), ("✉️", org.contact.email))
            if value
        ]
        if today > org.review.review_due:
            due = PartialDate.parse(org.review.review_due).format(ui.months)
            lines.append("🕓 " + paragraph(ui.support_overdue.format(date=due), way))
        parts.append("\n".join(lines))
    parts.append("⚠️ " + paragraph(ui.support_disclaimer, way))
    return "\n\n".join(parts)
