"""The HTML review sheet (`python -m bot report`): what the people who vet the content see in it."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from bot.checks import load_checked
from bot.content.library import Library
from bot.content.reader import read
from bot.content.sources import excerpt, normalise_quote
from bot.report import build_report, write_report
from bot.report.unmatched import group_questions
from bot.settings import Settings
from bot.storage import Stats, Store, Typed, Unmatched, Votes
from harness import LANGUAGES, TODAY, Cli

ROOT = Path(__file__).resolve().parents[1]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each <mark>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def escaped(text: str) -> str:
    """Text as the sheet's templates write it (Jinja2 autoescaping; `'` becomes `&#39;`)."""
    return str(escape(text))


def visible_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, snippet_id: str) -> str:
    """The part of the sheet about one snippet."""
    match = re.search(
        rf'<section class="snippet [a-z]+" id="s-{re.escape(snippet_id)}">(.*?)</section>',
        page,
        re.S,
    )
    assert match, f"no section for {snippet_id}"
    return match.group(1)


def settings_for(content: Path, seeds: Path) -> Settings:
    return Settings(BOT_CONTENT_DIR=str(content), BOT_SEEDS_DIR=str(seeds), _env_file=None)  # type: ignore[call-arg]


@pytest.fixture(scope="module")
def library() -> Library:
    result = load_checked(ROOT / "content", ROOT / "seeds", TODAY)
    assert result.library is not None, [str(p) for p in result.problems]
    return result.library


@pytest.fixture(scope="module")
def page(library: Library) -> str:
    return build_report(library, TODAY)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the shipped content and seeds that a test may change."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    return root


def edit_yaml(path: Path, change: object) -> None:
    data = read(path.read_text(encoding="utf-8")).value
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_snippet_and_every_question_in_three_languages(library: Library, page: str) -> None:
    assert library.snippets
    for snippet in library.snippets.values():
        assert f'id="s-{snippet.id}"' in page
        assert f'href="#s-{snippet.id}"' in page, "the table of contents links to it"
        for lang in LANGUAGES:
            assert escaped(snippet.question.get(lang)) in page, (snippet.id, lang)
    for topic in library.topics:
        assert escaped(topic.title.get("en")) in page


def test_arabic_is_laid_out_right_to_left(library: Library, page: str) -> None:
    tags = parse(page).tags
    arabic = [attrs for tag, attrs in tags if attrs.get("lang") == "ar"]
    assert len(arabic) >= 4 * len(library.snippets), "title, question, answer, examples cells"
    assert all(attrs.get("dir") == "rtl" for attrs in arabic)
    cells = re.findall(r'<td lang="ar" dir="rtl">(.*?)</td>', page, re.S)
    for snippet in library.snippets.values():
        question = escaped(snippet.question.get("ar"))
        assert any(question in cell for cell in cells), snippet.id
    assert not any(
        attrs.get("dir") == "rtl"
        for tag, attrs in tags
        if tag == "td" and attrs.get("lang") in ("en", "fr")
    )


def test_every_quote_is_highlighted_inside_its_source_text(library: Library, page: str) -> None:
    marks = set(parse(page).marks)
    for snippet in library.snippets.values():
        for ref in snippet.sources:
            assert normalise_quote(ref.quote) in marks, (snippet.id, ref.quote)
    # each highlight sits in a passage of the source, not alone
    for passage in re.findall(r'<blockquote class="excerpt"[^>]*>(.*?)</blockquote>', page, re.S):
        quote = parse(passage).marks[0]
        assert len(visible_text(passage)) > len(quote) + 40


def test_source_details_are_shown_with_the_outdated_flag(library: Library, page: str) -> None:
    text = visible_text(page)
    for source_id, doc in library.sources.items():
        meta = doc.meta
        assert meta.publisher in text and meta.title in text and source_id in text
        assert f'href="{escaped(meta.url)}"' in page
        assert f"published {meta.published}" in text
    outdated = [i for i in library.sources if library.outdated(i)]
    assert outdated and "national-2025-france-visits" not in outdated
    assert library.changed is not None
    assert f"Outdated: written {library.changed.event.get('en').format(date='2024-12-08')}" in text


def test_excerpt_keeps_whole_sentences_around_the_quote() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(60))
    before, found, after = excerpt(text, "number 30 is", context=120)
    assert found == "number 30 is"
    assert before.startswith("… Sentence number") and before.endswith("Sentence ")
    assert after.startswith(" here.") and after.endswith(". …")
    assert len(before) <= 125 and len(after) <= 125
    assert excerpt(text, "Sentence number 0 is", context=50)[0] == "", "nothing before the start"
    assert excerpt(text, "not in the text at all") is None
    source = normalise_quote("He said \u201cyes\u201d \u2013 then <i>left</i>.")
    assert excerpt(source, "said \u201cyes\u201d - then left") == (
        "He ",
        'said "yes" - then left',
        ".",
    )


def test_review_dates_and_overdue_reviews_are_flagged(library: Library) -> None:
    latest_due = max(s.review.review_due for s in library.snippets.values())
    in_time = build_report(library, min(s.review.review_due for s in library.snippets.values()))
    assert "overdue by" not in in_time
    assert "Reviews overdue 0" in visible_text(in_time)

    late = build_report(library, latest_due + dt.timedelta(days=1))
    header = visible_text(late.split("</header>")[0])
    assert f"Reviews overdue {len(library.snippets) + len(library.drafts)}" in header
    for snippet in library.snippets.values():
        text = visible_text(section(late, snippet.id))
        review = snippet.review
        assert f"Reviewed by {review.reviewed_by}" in text
        assert f"Reviewed on {review.reviewed_on.isoformat()}" in text
        days = (latest_due + dt.timedelta(days=1) - review.review_due).days
        assert f"{review.review_due.isoformat()}, overdue by {days} day" in text
        assert "Review overdue" in text
        assert f"{snippet.disclaimer or 'default'}" in text
    assert 'class="late"' in late


def test_drafts_are_included_and_clearly_marked_and_content_is_escaped(site: Path) -> None:
    path = site / "content" / "snippets" / "france" / "france-asylum-suspended.yaml"

    def change(data: dict) -> None:  # type: ignore[type-arg]
        data["review"]["status"] = "draft"
        data["answer"]["en"] = "Tom & Jerry <script>alert(1)</script> said so.\n"

    edit_yaml(path, change)
    result = load_checked(site / "content", site / "seeds", TODAY)
    assert result.library is not None, [str(p) for p in result.problems]
    page = build_report(result.library, TODAY)

    assert '<section class="snippet draft" id="s-france-asylum-suspended">' in page
    assert "Draft, not shown to users" in section(page, "france-asylum-suspended")
    assert "Draft" not in section(page, "france-short-visit")
    assert "Drafts 1" in visible_text(page.split("</header>")[0])
    assert "<script" not in page
    assert "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; said so." in page


def test_the_sheet_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    for outside in ("<script", "<link", "src=", "@import", "url("):
        assert outside not in page
    assert '<meta charset="utf-8">' in page
    assert "@media print" in page


def test_feedback_counts_appear_with_the_current_version_marked(
    library: Library, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    current = library.versions["france-short-visit"]
    with Store(data) as store:
        for up in (True, True, True, False):
            store.record_feedback("france-short-visit", current, up)
        store.record_feedback("france-short-visit", "0ldversn", False)
        store.record_feedback("france-short-visit", "0ldversn", False)
        for _ in range(7):
            store.count_view("france-short-visit")
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}

    out = tmp_path / "report.html"
    code = write_report(settings_for(ROOT / "content", ROOT / "seeds"), out, data, TODAY)
    assert code == 0
    page = out.read_text(encoding="utf-8")
    text = visible_text(section(page, "france-short-visit"))
    assert "Opened 7 times" in text
    assert f"{current} current 3 1" in text
    assert "0ldversn 0 2" in text
    other = visible_text(section(page, "denmark-return-centres"))
    assert (
        "Opened 0 times" in other
        and f"{library.versions['denmark-return-centres']} current 0 0" in other
    )
    header = visible_text(page.split("</header>")[0])
    assert "Answers opened 7" in header and "👍 3 · 👎 3" in header
    after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert after == before, "the report only reads the data folder"


def test_no_counts_without_a_data_folder(page: str) -> None:
    assert "Use and feedback" not in page and "👍" not in page


def test_content_with_an_error_writes_nothing(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "content" / "snippets" / "france" / "france-short-visit.yaml"
    edit_yaml(
        path, lambda data: data["sources"][0].__setitem__("quote", "words the source never said")
    )
    out = tmp_path / "report.html"
    code = write_report(settings_for(site / "content", site / "seeds"), out, None, TODAY)
    assert code == 1
    assert not out.exists()
    captured = capsys.readouterr()
    assert re.search(
        rf"^{re.escape(str(path))}:\d+: this quote is not in the source", captured.out, re.M
    ), captured.out
    assert "No report was written" in captured.err


def test_a_missing_data_folder_is_refused_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-data"
    out = tmp_path / "report.html"
    code = write_report(settings_for(ROOT / "content", ROOT / "seeds"), out, missing, TODAY)
    assert code == 1
    assert not missing.exists() and not out.exists()
    assert str(missing) in capsys.readouterr().err


def test_cli_writes_the_sheet(tmp_path: Path, library: Library, cli: Cli) -> None:
    out = tmp_path / "sheet.html"
    ran = cli("report", "--out", str(out))
    assert ran.code == 0, ran.err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert all(f'id="s-{i}"' in page for i in library.snippets)
    assert str(out) in ran.err


def test_cli_refuses_a_missing_data_folder(tmp_path: Path, cli: Cli) -> None:
    out, missing = tmp_path / "sheet.html", tmp_path / "nope"
    ran = cli("report", "--out", str(out), "--data", str(missing))
    assert ran.code == 1
    assert not out.exists() and not missing.exists()
    assert "does not exist" in ran.err


# -- the to-do list at the top -------------------------------------------------------------------


def todo_part(page: str) -> str:
    match = re.search(r'<nav class="todo" id="todo"[^>]*>(.*?)</nav>', page, re.S)
    assert match, "no to-do list"
    return match.group(1)


def ids_in(page: str) -> set[str]:
    return {attrs["id"] for _, attrs in parse(page).tags if attrs.get("id")}


def test_the_todo_list_comes_first_and_links_to_what_needs_a_person(site: Path) -> None:
    snippets = site / "content" / "snippets"
    today = dt.date(2027, 3, 1)
    edit_yaml(
        snippets / "france" / "france-asylum-suspended.yaml",
        lambda d: d["review"].__setitem__("status", "draft"),
    )
    edit_yaml(
        snippets / "denmark" / "denmark-return-centres.yaml",
        lambda d: d["review"].__setitem__("review_due", dt.date(2027, 2, 19)),
    )
    edit_yaml(
        snippets / "returns" / "returns-law-10.yaml",
        lambda d: d["review"].__setitem__("review_due", dt.date(2027, 3, 31)),
    )
    edit_yaml(
        snippets / "returns" / "returns-detention.yaml",
        lambda d: d["review"].__setitem__("review_due", dt.date(2027, 4, 1)),
    )
    library = load_checked(site / "content", site / "seeds", today).library
    assert library is not None
    version = library.versions["france-short-visit"]
    stats = Stats(
        views={},
        typed=Typed(matched=3, unmatched=2),
        feedback={
            "france-short-visit": {version: Votes(1, 2), "0ldversn": Votes(0, 9)},
            "denmark-how-many": {"0ldversn": Votes(0, 5)},
            "returns-how-many": {library.versions["returns-how-many"]: Votes(2, 2)},
        },
        unmatched=(
            Unmatched("2027-02-27", "can i work in denmark"),
            Unmatched("2027-02-28", "Can I work in Denmark?"),
        ),
    )
    page = build_report(library, today, stats)

    assert page.index('id="todo"') < page.index('class="toc"') < page.index('class="snippet')
    todo = todo_part(page)
    text = visible_text(todo)
    assert "1 review past due" in text
    assert "Return centres denmark-return-centres due 2027-02-19, 10 days ago" in text
    assert "1 review due within 30 days" in text, "30 March is in 30 days; 1 April is not"
    assert "Property and Law 10 returns-law-10 due 2027-03-31, in 30 days" in text
    assert "returns-detention" not in text
    assert "1 draft, not shown to users" in text and "france-asylum-suspended" in text
    assert "1 answer with more 👎 than 👍" in text
    assert "france-short-visit 👍 1 · 👎 2" in text
    assert "denmark-how-many" not in text, "only the current version's votes count"
    assert "returns-how-many" not in text, "as many 👎 as 👍 is not more"
    assert "2 questions without an answer, in 1 group" in text
    assert "Can I work in Denmark? asked 2 times, last 2027-02-28" in text
    # each group says what to do, and every link lands on something in the page
    assert text.count("set reviewed_on") == 2 and "set status: approved" in text
    assert "fix it" in text and "examples" in text
    links = re.findall(r'href="#([^"]+)"', todo)
    assert {
        "s-denmark-return-centres",
        "s-returns-law-10",
        "s-france-asylum-suspended",
        "f-france-short-visit",
        "u-1",
        "unmatched",
    } <= set(links)
    assert set(links) <= ids_in(page)
    assert page.index('id="todo-reviews_overdue"') < page.index('id="todo-reviews_due_soon"')


def test_a_sheet_with_nothing_to_do_says_so(library: Library) -> None:
    earliest = min(s.review.review_due for s in library.snippets.values())
    page = build_report(library, earliest - dt.timedelta(days=31))
    assert visible_text(todo_part(page)).startswith("To do Nothing needs a person today")
    assert "👍" not in page, "without counts, votes are not mentioned"
    late = build_report(library, earliest - dt.timedelta(days=30))
    assert "Nothing needs a person" not in late


# -- questions nobody could answer (BOT_KEEP_UNMATCHED=1) ----------------------------------------


def test_unmatched_questions_are_grouped_by_similarity_newest_first() -> None:
    kept = [
        Unmatched(date, text)
        for date, text in (
            ("2026-11-01", "can i go back to syria for 2 weeks"),
            ("2026-11-02", "how do i renew my residence permit"),
            ("2026-11-03", "بدي زور سوريا"),
            ("2026-11-04", "syria"),
            ("2026-11-05", "Can I go to Syria for two weeks?"),
            ("2026-11-06", "renew residence permit denmark"),
            ("2026-11-07", "بدي زور سوريه"),
            ("2026-11-08", "can i work in germany"),
            ("2026-11-08", "HOW DO I RENEW MY RESIDENCE PERMIT"),
            ("not a date", "ignored"),
            ("2026-11-09", "   "),
        )
    ]
    groups = group_questions(kept)
    shown = [[(w.text, w.count) for w in g.wordings] for g in groups]
    assert shown == [
        [("HOW DO I RENEW MY RESIDENCE PERMIT", 2), ("renew residence permit denmark", 1)],
        [("can i work in germany", 1)],
        [("بدي زور سوريه", 1), ("بدي زور سوريا", 1)],
        [("Can I go to Syria for two weeks?", 1), ("can i go back to syria for 2 weeks", 1)],
        [("syria", 1)],
    ]
    assert [g.count for g in groups] == [3, 1, 2, 2, 1]
    assert groups[0].last == dt.date(2026, 11, 8) and groups[0].first == dt.date(2026, 11, 6)
    assert group_questions([]) == []


def test_report_with_data_lists_unmatched_questions_read_from_a_copy(
    library: Library, tmp_path: Path
) -> None:
    data = tmp_path / "data"

    def day(n: int) -> dt.date:
        return TODAY - dt.timedelta(days=n)

    asked = [
        (dt.datetime.combine(day(ago), dt.time(9), dt.UTC), text)
        for ago, text in (
            (5, "je veux travailler en france"),
            (4, "<b>Tom</b> & Jerry in Denmark?"),
            (3, "can i work in denmark with my permit"),
            (2, "can I work in Denmark with a permit"),
            (1, "بدي جدد الاقامة"),
        )
    ]
    now = [asked[0][0]]
    bot_store = Store(data, keep_unmatched=True, clock=lambda: now[0])  # the bot, still running
    try:
        for when, text in asked:
            now[0] = when
            bot_store.record_unmatched(text)
            bot_store.count_typed(False)
        bot_store.flush()
        before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
        out = tmp_path / "sheet.html"
        code = write_report(settings_for(ROOT / "content", ROOT / "seeds"), out, data, TODAY)
        assert code == 0
        after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
        assert after == before, "the report reads a copy and leaves the bot's folder alone"
    finally:
        bot_store.close()
    page = out.read_text(encoding="utf-8")
    part = re.search(
        r'<section class="appendix unmatched" id="unmatched">(.*?)</section>', page, re.S
    )
    assert part
    text = visible_text(part.group(1))
    assert "5 typed questions found no answer" in text
    groups = re.findall(r'<li id="u-\d+">(.*?)</ul></li>', part.group(1), re.S)
    assert [visible_text(g) for g in groups] == [
        f"1 question {day(1)} بدي جدد الاقامة",
        f"2 questions {day(3)} to {day(2)} can I work in Denmark with a permit "
        "can i work in denmark with my permit",
        f"1 question {day(4)} <b>Tom</b> & Jerry in Denmark?",
        f"1 question {day(5)} je veux travailler en france",
    ]
    assert "&lt;b&gt;Tom&lt;/b&gt; &amp; Jerry" in page and "<b>Tom" not in page
    assert 'dir="auto"' in part.group(1), "Arabic questions read right to left"
    assert "0 answered, 5 without an answer" in visible_text(page.split("</header>")[0])
    assert "5 questions without an answer, in 4 groups" in visible_text(todo_part(page))


def test_report_with_data_but_nothing_kept_says_how_to_keep_questions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store(data).close()
    out = tmp_path / "sheet.html"
    assert write_report(settings_for(ROOT / "content", ROOT / "seeds"), out, data, TODAY) == 0
    page = out.read_text(encoding="utf-8")
    assert (
        "None kept. The bot keeps questions that found no answer only when it runs with "
        "BOT_KEEP_UNMATCHED=1" in visible_text(page)
    )


def test_help_organisations_are_listed_with_where_their_details_were_read(
    library: Library, page: str
) -> None:
    section = page[page.index('id="help"') :]
    assert library.organisations
    for org in library.organisations:
        assert f'id="o-{org.id}"' in section
        assert f'href="{org.found_at}"' in section
        assert html.escape(org.offers.get("ar"), quote=False) in section
        assert html.escape(org.review.reviewed_by) in section
    assert "overdue" not in section
    late = build_report(
        library, max(o.review.review_due for o in library.organisations) + dt.timedelta(days=1)
    )
    assert late[late.index('id="help"') :].count('class="late">overdue') == len(
        library.organisations
    )


def test_help_entries_that_need_a_person_are_on_the_todo_list(library: Library) -> None:
    assert "help.yaml to check" not in todo_part(build_report(library, TODAY))
    first_due = min(o.review.review_due for o in library.organisations)
    late = todo_part(build_report(library, first_due + dt.timedelta(days=1)))
    assert "help.yaml to check" in late
    for org in library.organisations:
        if org.review.review_due == first_due:
            assert f'href="#o-{org.id}"' in late and "overdue, due" in late


def test_every_kind_of_todo_item_has_its_template() -> None:
    from importlib.resources import files

    from bot.report.todo import KINDS

    folder = files("bot.report").joinpath("templates", "todo")
    assert sorted(f"{kind}.html.j2" for kind, _ in KINDS) == sorted(
        p.name for p in folder.iterdir() if p.name.endswith(".html.j2")
    )


def test_stale_translations_are_marked_in_the_answer_table(site: Path) -> None:
    path = site / "content" / "snippets" / "france" / "france-short-visit.yaml"
    edit_yaml(
        path, lambda d: d["answer"].__setitem__("en", d["answer"]["en"] + "\nOne more line.\n")
    )
    library = load_checked(site / "content", site / "seeds", TODAY).library
    assert library is not None
    page = build_report(library, TODAY)
    mark = "translation older than the English"
    rows = dict(
        re.findall(r'<tr class="([a-z]+)">(.*?)</tr>', section(page, "france-short-visit"), re.S)
    )
    cells = re.findall(r"<td lang=\"(\w+)\"[^>]*>(.*?)</td>", rows["answer"], re.S)
    assert [(lang, mark in text) for lang, text in cells] == [
        ("en", False),
        ("ar", True),
        ("fr", True),
    ]
    assert mark not in rows["question"] and mark not in rows["button"]
    assert mark not in section(page, "france-sworn-statement")
    assert "france-short-visit" in visible_text(todo_part(page).split("stale translations")[1])


def test_quotes_cut_on_purpose_are_on_the_todo_list_with_their_reason(site: Path) -> None:
    path = site / "content" / "snippets" / "france" / "france-short-visit.yaml"
    reason = "the rest of the sentence names the ministry, which the answer already says"
    edit_yaml(path, lambda d: d["sources"][0].__setitem__("cut", reason))
    library = load_checked(site / "content", site / "seeds", TODAY).library
    assert library is not None
    page = build_report(library, TODAY)
    todo = todo_part(page)
    text = visible_text(todo)
    quote = library.snippets["france-short-visit"].sources[0].quote
    assert "1 quote cut short on purpose" in text
    assert f"france-short-visit {quote} reason given: {reason}" in text
    assert "Read the whole sentence in the source" in text
    assert 'href="#quotes-france-short-visit"' in todo and 'id="quotes-france-short-visit"' in page
