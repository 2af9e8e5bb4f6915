"""`python -m bot report --out FILE [--data DIR]`: one HTML review sheet of all content.

For the people who vet the answers: every snippet (approved and drafts) with its three languages
side by side, each quote highlighted inside the source text around it, the source's details, the
review dates (overdue in red), the disclaimer, and, given a data folder, the 👍/👎 counts per
version. `build_report` is pure (library, date and counts in, HTML out); `write_report` does the
loading, the reading of counts and the writing.

The file is self-contained: inline CSS, no scripts, no fonts or images fetched, so it can be
mailed, opened offline and printed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bot import LANGUAGES, RTL_LANGUAGES, clock
from bot.content.library import Library, load_library
from bot.content.model import Snippet
from bot.content.problems import errors
from bot.content.sources import SourceDoc, normalise
from bot.settings import Settings

CONTEXT = 300
"""Characters of source text shown on each side of a quote, before trimming to sentences."""
DUE_SOON_DAYS = 30
_COUNTER_FILES = ("counters.json", "unmatched.json")
_SENTENCE_END = re.compile(r"""[.!?]["')\]]?(?=\s)""")
_LANGUAGE_NAMES = {"en": "English", "ar": "العربية", "fr": "Français"}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# -- quote in context (pure) ---------------------------------------------------------------------

def excerpt(text: str, quote: str, context: int = CONTEXT) -> tuple[str, str, str] | None:
    """(before, quote as found, after) in `text` (a normalised source), or None if it is absent.

    About `context` characters on each side, cut at a sentence boundary where there is one in
    reach, otherwise at a word; a leading/trailing "…" says text was left out.
    """
    needle = normalise(quote)
    start = text.find(needle) if needle else -1
    if start < 0:
        return None
    end = start + len(needle)
    lo, hi = max(0, start - context), min(len(text), end + context)

    before = text[lo:start]
    if lo > 0:
        boundary = _SENTENCE_END.search(before)
        if boundary:
            before = before[boundary.end():].lstrip()
        else:
            before = before.split(" ", 1)[1] if " " in before else before
        before = "… " + before if before else "… "

    after = text[end:hi]
    if hi < len(text):
        ends = [m.end() for m in _SENTENCE_END.finditer(after)]
        if ends:
            after = after[:ends[-1]]
        else:
            after = after.rsplit(" ", 1)[0] if " " in after else after
        after = after + " …"
    return before, text[start:end], after


# -- the sheet (pure) ----------------------------------------------------------------------------

def build_report(library: Library, today: dt.date, stats: Mapping[str, Any] | None = None) -> str:
    """The whole review sheet as one HTML document; `stats` is `Store.stats()`, or None."""
    snippets = ordered_snippets(library)
    body = [
        _header(library, today, snippets, stats),
        _contents(library, snippets, today),
        *(_snippet(library, s, today, stats) for s in snippets),
        _disclaimers(library),
        _sources(library, snippets),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Content review sheet, version {esc(library.version)}, {today.isoformat()}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def ordered_snippets(library: Library) -> list[Snippet]:
    """Approved answers and drafts together, in menu order: by topic, then order, then id."""
    everything = {**library.drafts, **library.snippets}
    rank = {t.id: i for i, t in enumerate(library.topics)}
    return sorted(everything.values(), key=lambda s: (rank.get(s.topic, len(rank)), s.order, s.id))


def is_draft(library: Library, snippet: Snippet) -> bool:
    return snippet.id not in library.snippets


def overdue(snippet: Snippet, today: dt.date) -> bool:
    """The same rule as the checker's warning: the due day itself is still in time."""
    return snippet.review.review_due < today


def _due_soon(snippet: Snippet, today: dt.date) -> bool:
    return not overdue(snippet, today) and \
        snippet.review.review_due <= today + dt.timedelta(days=DUE_SOON_DAYS)


def _lang_attrs(lang: str) -> str:
    direction = "rtl" if lang in RTL_LANGUAGES else "ltr"
    return f'lang="{esc(lang)}" dir="{direction}"'


def _anchor(snippet_id: str) -> str:
    return f"s-{snippet_id}"


def _badges(library: Library, snippet: Snippet, today: dt.date) -> str:
    badges = []
    if is_draft(library, snippet):
        badges.append('<span class="badge draft">Draft, not shown to users</span>')
    if overdue(snippet, today):
        badges.append('<span class="badge overdue">Review overdue</span>')
    elif _due_soon(snippet, today):
        badges.append('<span class="badge soon">Review due soon</span>')
    return " ".join(badges)


def _header(library: Library, today: dt.date, snippets: list[Snippet],
            stats: Mapping[str, Any] | None) -> str:
    drafts = sum(is_draft(library, s) for s in snippets)
    late = sum(overdue(s, today) for s in snippets)
    soon = sum(_due_soon(s, today) for s in snippets)
    facts = [
        ("Content version", f"<code>{esc(library.version)}</code>"),
        ("Generated", esc(today.isoformat())),
        ("Topics", str(len(library.topics))),
        ("Approved answers", str(len(snippets) - drafts)),
        ("Drafts", str(drafts)),
        ("Sources", str(len(library.sources))),
        ("Reviews overdue", f'<span class="{"late" if late else "ok"}">{late}</span>'),
        (f"Due within {DUE_SOON_DAYS} days", str(soon)),
    ]
    if stats is not None:
        views = sum(int(n) for n in stats.get("views", {}).values())
        up = down = 0
        for versions in stats.get("feedback", {}).values():
            for counts in versions.values():
                up += int(counts.get("up", 0))
                down += int(counts.get("down", 0))
        typed = stats.get("typed", {})
        facts += [
            ("Answers opened", str(views)),
            ("Feedback", f"👍 {up} · 👎 {down}"),
            ("Typed questions", f"{int(typed.get('matched', 0))} answered, "
                                f"{int(typed.get('unmatched', 0))} without an answer"),
        ]
    items = "".join(f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in facts)
    counts_note = ""
    if stats is not None:
        counted = set(stats.get("views", {})) | set(stats.get("feedback", {}))
        gone = sorted(counted - {s.id for s in snippets})
        if gone:
            counts_note = ("<p class=\"note\">Counts also exist for answers no longer in the "
                           f"content: {esc(', '.join(gone))}.</p>")
    return (
        "<header>\n<h1>Content review sheet</h1>\n"
        f'<dl class="facts">{items}</dl>\n{counts_note}'
        "<p class=\"how\">For each answer: read the three languages side by side, then check that "
        "every highlighted quote, read in its source, says what the answer says. Reviews are due "
        "on the date shown; overdue ones are marked in red.</p>\n</header>"
    )


def _contents(library: Library, snippets: list[Snippet], today: dt.date) -> str:
    parts = ['<nav class="toc">\n<h2>Contents</h2>']
    for topic in library.topics:
        mine = [s for s in snippets if s.topic == topic.id]
        others = " · ".join(f'<span {_lang_attrs(lang)}>{esc(topic.title.get(lang))}</span>'
                            for lang in LANGUAGES if lang != "en")
        parts.append(f'<h3 id="t-{esc(topic.id)}">{esc(topic.emoji)} {esc(topic.title.en)} '
                     f'<span class="sub">{others} · <code>{esc(topic.id)}</code> · '
                     f'{len(mine)} answer(s)</span></h3>')
        if not mine:
            parts.append('<p class="note">No answers in this topic yet.</p>')
            continue
        parts.append("<ol>")
        for snippet in mine:
            parts.append(f'<li><a href="#{esc(_anchor(snippet.id))}">{esc(snippet.title.en)}</a> '
                         f'<code>{esc(snippet.id)}</code> {_badges(library, snippet, today)}</li>')
        parts.append("</ol>")
    parts.append("</nav>")
    return "\n".join(parts)


def _snippet(library: Library, snippet: Snippet, today: dt.date,
             stats: Mapping[str, Any] | None) -> str:
    topic = library.topic(snippet.topic)
    topic_label = f"{topic.emoji} {topic.title.en}" if topic else snippet.topic
    kind = "draft" if is_draft(library, snippet) else "approved"
    meta = [
        ("id", f"<code>{esc(snippet.id)}</code>"),
        ("topic", f'<a href="#t-{esc(snippet.topic)}">{esc(topic_label)}</a>'),
        ("order", esc(snippet.order)),
        ("file", f"<code>{esc(library.paths.get(snippet.id, '?'))}</code>"),
        ("version", f"<code>{esc(library.versions.get(snippet.id, '?'))}</code>"),
    ]
    meta_html = "".join(f"<span><b>{name}</b> {value}</span>" for name, value in meta)
    parts = [
        f'<section class="snippet {kind}" id="{esc(_anchor(snippet.id))}">',
        f'<h2>{esc(snippet.title.en)} {_badges(library, snippet, today)}</h2>',
        f'<p class="meta">{meta_html}</p>',
        _languages(library, snippet),
        _quotes(library, snippet),
        '<div class="foot">',
        _review(snippet, today),
        _disclaimer_used(library, snippet),
    ]
    if stats is not None:
        parts.append(_feedback(library, snippet, stats))
    parts += ["</div>", "</section>"]
    return "\n".join(parts)


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "".join(f"<p>{esc(b)}</p>" for b in blocks)


def _languages(library: Library, snippet: Snippet) -> str:
    def name(lang: str) -> str:
        ui = library.ui.get(lang)
        return ui.language_name if ui else _LANGUAGE_NAMES.get(lang, lang)

    head = "".join(f"<th {_lang_attrs(lang)}>{esc(name(lang))} <code>{esc(lang)}</code></th>"
                   for lang in LANGUAGES)
    rows = [
        ("Button title", lambda lang: esc(snippet.title.get(lang))),
        ("Question", lambda lang: f"<strong>{esc(snippet.question.get(lang))}</strong>"),
        ("Answer", lambda lang: _paragraphs(snippet.answer.get(lang))),
        ("Examples", lambda lang: _examples(snippet.examples.get(lang))),
    ]
    body = "".join(
        f'<tr class="{label.split()[0].lower()}"><th scope="row">{label}</th>'
        + "".join(f"<td {_lang_attrs(lang)}>{cell(lang)}</td>" for lang in LANGUAGES)
        + "</tr>"
        for label, cell in rows
    )
    return (f'<table class="langs"><thead><tr><th class="corner"></th>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _examples(examples: Iterable[str]) -> str:
    items = "".join(f"<li>{esc(e)}</li>" for e in examples)
    return f"<ul>{items}</ul>" if items else '<p class="missing">none</p>'


def _grouped_refs(snippet: Snippet) -> dict[str, list[str]]:
    """Quotes by source, sources in the order the snippet first cites them."""
    groups: dict[str, list[str]] = {}
    for ref in snippet.sources:
        groups.setdefault(ref.source, []).append(ref.quote)
    return groups


def _source_details(doc: SourceDoc | None, source_id: str) -> str:
    if doc is None:
        return (f'<div class="src-head"><code>{esc(source_id)}</code> '
                '<span class="badge overdue">not in the register</span></div>')
    meta = doc.meta
    dates = [f"published {esc(meta.published)}"]
    if meta.written and meta.written != meta.published:
        dates.append(f"written {esc(meta.written)}")
    flag = ('<span class="badge outdated">Outdated: describes Syria before 8 December 2024</span>'
            if meta.outdated else "")
    note = f'<div class="src-note">Note: {esc(meta.note)}</div>' if meta.note else ""
    return (
        '<div class="src-head">'
        f'<span class="publisher">{esc(meta.publisher)}</span>, '
        f'<cite>“{esc(meta.title)}”</cite> '
        f'<span class="kind">{esc(meta.kind)}</span> · {" · ".join(dates)} {flag}'
        f'<div class="src-link"><a href="{esc(meta.url)}">{esc(meta.url)}</a> · '
        f'<code>{esc(source_id)}</code> · file <code>{esc(meta.file)}</code></div>{note}</div>'
    )


def _quotes(library: Library, snippet: Snippet) -> str:
    parts = ['<div class="sources"><h3>Sources and quotes</h3>']
    number = 0
    for source_id, quotes in _grouped_refs(snippet).items():
        doc = library.sources.get(source_id)
        parts.append(f'<div class="source">{_source_details(doc, source_id)}')
        lang = doc.meta.language if doc else "en"
        for quote in quotes:
            number += 1
            found = excerpt(doc.normalised, quote) if doc else None
            if found is None:
                parts.append(f'<blockquote class="excerpt missing" {_lang_attrs(lang)}>'
                             f'<span class="qn">{number}</span><strong>Not found in the source:'
                             f"</strong> <mark>{esc(normalise(quote))}</mark></blockquote>")
                continue
            before, match, after = found
            parts.append(f'<blockquote class="excerpt" {_lang_attrs(lang)}>'
                         f'<span class="qn">{number}</span>{esc(before)}<mark>{esc(match)}</mark>'
                         f"{esc(after)}</blockquote>")
        parts.append("</div>")
    parts.append("</div>")
    return "\n".join(parts)


def _review(snippet: Snippet, today: dt.date) -> str:
    review = snippet.review
    due = esc(review.review_due.isoformat())
    if overdue(snippet, today):
        days = (today - review.review_due).days
        due = f'<span class="late">{due}, overdue by {days} day{"s" if days != 1 else ""}</span>'
    elif _due_soon(snippet, today):
        days = (review.review_due - today).days
        due = f'<span class="soon-text">{due}, in {days} day{"s" if days != 1 else ""}</span>'
    rows = [("Status", f'<span class="status {esc(review.status)}">{esc(review.status)}</span>'),
            ("Reviewed by", esc(review.reviewed_by)),
            ("Reviewed on", esc(review.reviewed_on.isoformat())),
            ("Review due", due)]
    items = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<div class="box"><h4>Review</h4><dl class="pairs">{items}</dl></div>'


def _disclaimer_used(library: Library, snippet: Snippet) -> str:
    key = snippet.disclaimer or "default"
    texts = library.disclaimers.get(key)
    preview = (f'<p class="disc-text">{esc(texts.en)}</p>' if texts
               else '<p class="late">unknown disclaimer</p>')
    chosen = "chosen in the file" if snippet.disclaimer else "none chosen, so the default"
    return (f'<div class="box"><h4>Disclaimer</h4><p><a href="#d-{esc(key)}"><code>{esc(key)}'
            f"</code></a> ({chosen})</p>{preview}</div>")


def _feedback(library: Library, snippet: Snippet, stats: Mapping[str, Any]) -> str:
    views = int(stats.get("views", {}).get(snippet.id, 0))
    versions: dict[str, Mapping[str, int]] = dict(stats.get("feedback", {}).get(snippet.id, {}))
    current = library.versions.get(snippet.id)
    if current is not None:
        versions.setdefault(current, {"up": 0, "down": 0})
    # The current version first, then the others by name: what reviewers judge now comes first.
    order = sorted(versions, key=lambda v: (v != current, v))
    rows = []
    for version in order:
        counts = versions[version]
        label = f"<code>{esc(version)}</code>"
        css = ""
        if version == current:
            label += ' <span class="badge current">current</span>'
            css = ' class="current"'
        rows.append(f"<tr{css}><td>{label}</td><td>{int(counts.get('up', 0))}</td>"
                    f"<td>{int(counts.get('down', 0))}</td></tr>")
    return (f'<div class="box"><h4>Use and feedback</h4><p>Opened <strong>{views}</strong> '
            f'time{"s" if views != 1 else ""}</p><table class="fb"><thead><tr><th>version</th>'
            f'<th title="helpful">👍</th><th title="not helpful">👎</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _disclaimers(library: Library) -> str:
    parts = ['<section class="appendix" id="disclaimers"><h2>Disclaimers</h2>']
    for key, texts in library.disclaimers.items():
        cells = "".join(f"<td {_lang_attrs(lang)}>{esc(texts.get(lang))}</td>" for lang in LANGUAGES)
        parts.append(f'<h3 id="d-{esc(key)}"><code>{esc(key)}</code></h3>'
                     f'<table class="langs plain"><tbody><tr>{cells}</tr></tbody></table>')
    parts.append("</section>")
    return "\n".join(parts)


def _sources(library: Library, snippets: list[Snippet]) -> str:
    parts = ['<section class="appendix" id="sources"><h2>Sources</h2>']
    for source_id, doc in library.sources.items():
        citing = [s for s in snippets if any(r.source == source_id for r in s.sources)]
        links = ", ".join(f'<a href="#{esc(_anchor(s.id))}">{esc(s.id)}</a>' for s in citing)
        parts.append(f'<div class="source">{_source_details(doc, source_id)}'
                     f'<p class="cited">Cited by {len(citing)} answer(s): {links or "none"}</p></div>')
    parts.append("</section>")
    return "\n".join(parts)


# -- the command (I/O) ---------------------------------------------------------------------------

def read_stats(data_dir: Path) -> dict[str, Any]:
    """Counts from the bot's data folder, without touching it.

    The live bot may be running: `Store` clears temporary files and purges old entries when it
    opens, which could race with the bot's own writes. So the counter files are copied (they are
    replaced atomically, so a copy is always whole) and the copy is opened.
    """
    from bot.storage import Store

    with tempfile.TemporaryDirectory(prefix="report-data-") as tmp:
        for name in _COUNTER_FILES:
            if (data_dir / name).is_file():
                shutil.copyfile(data_dir / name, Path(tmp) / name)
        with Store(Path(tmp)) as store:
            return store.stats()


def write_report(settings: Settings, out: Path, data_dir: Path | None,
                 today: dt.date | None = None) -> int:
    """Load and check the content, read the counts if asked, write the sheet; exit code."""
    from bot.storage import StorageError

    today = today or clock.today()
    if data_dir is not None and not data_dir.is_dir():
        print(f"The data folder {data_dir} does not exist; give the folder the bot keeps its data "
              "in (BOT_DATA_DIR), or leave out --data.", file=sys.stderr)
        return 1
    result = load_library(settings.bot_content_dir, settings.bot_seeds_dir, today)
    if result.library is None:
        for problem in errors(result.problems):
            print(problem)
        print(f"The content has {len(errors(result.problems))} error(s); fix them "
              "(`python -m bot check` lists them too). No report was written.", file=sys.stderr)
        return 1
    stats = None
    if data_dir is not None:
        if not (data_dir / "counters.json").is_file():
            print(f"Note: {data_dir} holds no counts yet (no counters.json); every count shows 0.",
                  file=sys.stderr)
        try:
            stats = read_stats(data_dir)
        except (StorageError, OSError) as exc:
            print(f"Could not read the counts in {data_dir}: {exc}", file=sys.stderr)
            return 1
    page = build_report(result.library, today, stats)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"Could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    library = result.library
    print(f"Wrote {out}: {len(library.snippets)} approved answer(s), {len(library.drafts)} "
          f"draft(s), content version {library.version}.", file=sys.stderr)
    return 0


_CSS = """
:root {
  --ink: #1d232b; --muted: #5b6673; --line: #d5dbe3; --paper: #ffffff; --tint: #f5f7fa;
  --accent: #1f5f99; --ok: #1e7a3c; --late: #b3261e; --late-bg: #fde8e6; --soon: #8a5a00;
  --soon-bg: #fff2d6; --draft: #8a5a00; --draft-bg: #fff7e0; --mark: #ffe27a;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--tint); color: var(--ink);
  font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif;
  line-height: 1.5; }
main { max-width: 1380px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.9rem; margin: 0 0 12px; }
h2 { font-size: 1.35rem; margin: 0 0 6px; line-height: 1.3; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
  margin: 0 0 6px; }
a { color: var(--accent); }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85em;
  background: var(--tint); border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; }
header, nav.toc, section { background: var(--paper); border: 1px solid var(--line);
  border-radius: 8px; padding: 20px 24px; margin-bottom: 28px; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
  gap: 10px 18px; margin: 0 0 10px; }
dl.facts div { border-left: 3px solid var(--line); padding-left: 10px; }
dl.facts dt { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em;
  color: var(--muted); }
dl.facts dd { margin: 0; font-size: 1.1rem; font-weight: 600; }
.late { color: var(--late); font-weight: 700; }
.ok { color: var(--ok); }
.soon-text { color: var(--soon); font-weight: 600; }
.how, .note { color: var(--muted); margin: 6px 0 0; }
nav.toc h3 { margin-top: 14px; }
nav.toc .sub { font-weight: normal; color: var(--muted); font-size: .9rem; }
nav.toc ol { margin: 4px 0 0; padding-left: 2em; display: grid;
  grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 2px 48px; }
nav.toc li { margin: 0; }
.badge { display: inline-block; font-size: .72rem; font-weight: 700; letter-spacing: .03em;
  text-transform: uppercase; border-radius: 10px; padding: 1px 8px; vertical-align: middle;
  white-space: nowrap; }
.badge.draft { background: var(--draft-bg); color: var(--draft); border: 1px solid #e5b94e; }
.badge.overdue { background: var(--late-bg); color: var(--late); border: 1px solid #e8a19b; }
.badge.soon { background: var(--soon-bg); color: var(--soon); border: 1px solid #e5b94e; }
.badge.outdated { background: #eeeaf7; color: #55318f; border: 1px solid #c3b4e3;
  text-transform: none; }
.badge.current { background: #e3f1e7; color: var(--ok); border: 1px solid #9fcdaa; }
section.snippet { border-top: 6px solid var(--ok); padding-top: 16px; }
section.snippet.draft { border-top-color: #e5a50a; border-style: dashed; border-top-style: solid;
  background: linear-gradient(var(--draft-bg), var(--paper) 120px); }
.meta { display: flex; flex-wrap: wrap; gap: 4px 18px; color: var(--muted); font-size: .88rem;
  margin: 0 0 14px; }
.meta b { font-weight: 600; color: var(--ink); }
table { border-collapse: collapse; width: 100%; }
table.langs { table-layout: fixed; margin-bottom: 18px; }
table.langs th, table.langs td { border: 1px solid var(--line); padding: 8px 12px;
  vertical-align: top; text-align: start; }
table.langs thead th { background: var(--tint); font-size: .9rem; }
table.langs th.corner, table.langs tbody th { width: 7.5em; background: var(--tint);
  font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table.langs.plain td { border: 0; padding: 4px 12px 4px 0; }
table.langs td p { margin: 0 0 .6em; }
table.langs td p:last-child { margin-bottom: 0; }
table.langs tr.question td { font-size: 1.02rem; }
table.langs tr.examples td { font-size: .9rem; color: #38424d; }
table.langs ul { margin: 0; padding-inline-start: 1.2em; }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Geeza Pro",
  "Traditional Arabic", "Arial", sans-serif; }
td[lang="ar"] { font-size: 1.1rem; line-height: 1.8; }
td[lang="ar"] strong { font-weight: 700; }
.sources h3 { margin-top: 4px; }
.source { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px;
  margin: 0 0 12px; }
.src-head { margin-bottom: 8px; }
.src-head .publisher { font-weight: 600; }
.src-head .kind { font-size: .8rem; color: var(--muted); border: 1px solid var(--line);
  border-radius: 3px; padding: 0 5px; }
.src-link, .src-note, .cited { font-size: .85rem; color: var(--muted); margin: 2px 0 0;
  overflow-wrap: anywhere; }
blockquote.excerpt { position: relative; margin: 8px 0 0; padding: 8px 14px 8px 40px;
  background: #fbfbf8; border-inline-start: 4px solid #c9ced6; font-family: Georgia,
  "DejaVu Serif", "Times New Roman", serif; font-size: .98rem; line-height: 1.6; color: #3a4450; }
blockquote.excerpt[dir="rtl"] { padding: 8px 40px 8px 14px; }
blockquote.excerpt .qn { position: absolute; inset-inline-start: 10px; top: 9px;
  font-family: "DejaVu Sans", Arial, sans-serif; font-size: .75rem; font-weight: 700;
  color: var(--paper); background: #7b8794; border-radius: 50%; width: 1.6em; height: 1.6em;
  line-height: 1.6em; text-align: center; }
mark { background: var(--mark); color: #111; padding: 1px 2px; border-radius: 2px;
  box-shadow: inset 0 -2px 0 #e0a800; -webkit-box-decoration-break: clone;
  box-decoration-break: clone; }
blockquote.excerpt.missing { border-inline-start-color: var(--late); background: var(--late-bg); }
.foot { display: grid; grid-template-columns: 1fr 1.4fr 1fr; gap: 14px; margin-top: 16px; }
.box { background: var(--tint); border-radius: 6px; padding: 10px 14px; }
.box p { margin: 0 0 6px; }
.disc-text { font-size: .85rem; color: var(--muted); }
dl.pairs { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
dl.pairs dt { color: var(--muted); }
dl.pairs dd { margin: 0; }
.status { font-weight: 700; text-transform: uppercase; font-size: .85rem; }
.status.approved { color: var(--ok); }
.status.draft { color: var(--draft); }
table.fb { width: auto; font-size: .9rem; }
table.fb th, table.fb td { border-bottom: 1px solid var(--line); padding: 2px 14px 2px 0;
  text-align: start; }
table.fb tr.current td { font-weight: 700; }
.missing { color: var(--late); }
@media (max-width: 900px) {
  .foot { grid-template-columns: 1fr; }
  nav.toc ol { grid-template-columns: 1fr; }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }  /* three columns need the width */
  html { font-size: 10.5pt; }
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  header, nav.toc, section { border: 0; border-radius: 0; padding: 0; margin: 0 0 10mm; }
  section.snippet { break-before: page; border-top: 4pt solid var(--ok); padding-top: 4mm; }
  section.snippet.draft { border-top-color: #e5a50a; background: none; }
  section.appendix { break-before: page; }
  blockquote.excerpt, .box, .src-head { break-inside: avoid; }
  /* Chromium will not split a table row across pages, so a long answer row would leave half a
     page blank; as grid rows the three columns flow on to the next page instead. */
  table.langs, table.langs thead, table.langs tbody { display: block; }
  table.langs { border-top: 1px solid var(--line); border-inline-start: 1px solid var(--line); }
  table.langs tr { display: grid; grid-template-columns: 6em repeat(3, minmax(0, 1fr)); }
  table.langs.plain tr { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  table.langs th, table.langs td { display: block; width: auto !important; border: 0;
    border-bottom: 1px solid var(--line); border-inline-end: 1px solid var(--line); }
  table.langs.plain { border: 0; }
  table.langs.plain td { border: 0; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
