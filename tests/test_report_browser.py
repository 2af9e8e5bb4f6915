"""The review sheet as a person sees it: rendered by headless Chromium, to-do list first.

The page itself has no scripts. The test opens a copy with one small probe script added, which
reads what the browser laid out (the to-do list's rendered text, where each of its links lands,
the direction of the Arabic cells) and writes it into the page that `--dump-dom` prints.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.library import load_library
from bot.content.reader import read
from bot.report import write_report
from bot.settings import Settings
from bot.storage import Store
from harness import TODAY

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)"
)
VIEWPORT = (1280, 1000)

PROBE = """<script>
(() => {
  const todo = document.getElementById("todo");
  const links = [...todo.querySelectorAll("a")].map(a => {
    const id = decodeURIComponent(a.hash.slice(1));
    const target = document.getElementById(id);
    const box = target ? target.getBoundingClientRect() : null;
    return {text: a.innerText, id: id, local: a.getAttribute("href").startsWith("#"),
            found: !!target, shown: !!box && box.width > 0 && box.height > 0,
            below: !!box && box.top + window.scrollY > todo.getBoundingClientRect().bottom};
  });
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    todo: todo.innerText,
    todoTop: todo.getBoundingClientRect().top + window.scrollY,
    viewport: window.innerHeight,
    firstBlocks: [...document.querySelectorAll("main > *")].slice(0, 3).map(e => e.id || e.className),
    links: links,
    arabic: [...document.querySelectorAll('td[lang="ar"]')].map(td => getComputedStyle(td).direction),
    asked: [...document.querySelectorAll("#unmatched .asked")].map(e => [e.innerText, getComputedStyle(e).direction]),
  });
  document.body.appendChild(probe);
})();
</script>"""


def edit_yaml(path: Path, change: Any) -> None:
    data = read(path.read_text(encoding="utf-8")).value
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def rendered(page: Path, work: Path) -> dict[str, Any]:
    """What Chromium lays out for `page`, as read by the probe."""
    probed = work / "probed.html"
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    assert CHROMIUM is not None
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            f"--user-data-dir={work / 'profile'}",
            f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}",
            "--dump-dom",
            probed.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"Chromium printed no probe (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A sheet with one item of every kind, written by the real command from real files."""
    work = tmp_path_factory.mktemp("browser")
    site = work / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "seeds", site / "seeds")
    snippets = site / "content" / "snippets"
    today = TODAY + dt.timedelta(days=120)
    edit_yaml(
        snippets / "france" / "france-asylum-suspended.yaml",
        lambda d: d["review"].__setitem__("status", "draft"),
    )
    edit_yaml(
        snippets / "denmark" / "denmark-return-centres.yaml",
        lambda d: d["review"].__setitem__("review_due", today - dt.timedelta(days=3)),
    )
    edit_yaml(
        snippets / "returns" / "returns-law-10.yaml",
        lambda d: d["review"].__setitem__("review_due", today + dt.timedelta(days=12)),
    )
    library = load_library(site / "content", site / "seeds", today).library
    assert library is not None

    noon = dt.datetime.combine(today, dt.time(12), dt.UTC)
    with Store(work / "data", keep_unmatched=True, clock=lambda: noon) as store:
        for up in (True, False, False):
            store.record_feedback("france-short-visit", library.versions["france-short-visit"], up)
        for text in ("can i work in denmark", "Can I work in Denmark?", "بدي جدد الاقامة"):
            store.record_unmatched(text)
    out = work / "sheet.html"
    settings = Settings(
        BOT_CONTENT_DIR=str(site / "content"), BOT_SEEDS_DIR=str(site / "seeds"), _env_file=None
    )  # type: ignore[call-arg]
    assert write_report(settings, out, work / "data", today) == 0
    return rendered(out, work)


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_the_todo_list_is_the_first_thing_on_the_screen(sheet: dict[str, Any]) -> None:
    assert sheet["firstBlocks"][1] == "todo", sheet["firstBlocks"]
    assert sheet["todoTop"] < sheet["viewport"] / 2, (
        "the to-do list starts in the first half screen"
    )
    shown = lines(sheet["todo"])
    assert shown[0] == "To do"
    headings = [line for line in shown if re.match(r"^\d+ ", line)]
    assert headings == [
        "1 review past due",
        "1 review due within 30 days",
        "1 answer with more 👎 than 👍",
        "1 draft, not shown to users",
        "3 questions without an answer, in 2 groups",
    ]


def test_each_item_says_what_to_do(sheet: dict[str, Any]) -> None:
    text = " ".join(lines(sheet["todo"]))
    for advice in (
        "set reviewed_on to the day you checked and a new review_due",
        "Plan these reviews",
        "find what is wrong, unclear or missing, and fix it",
        "set status: approved",
        "add their wording to that answer's examples",
    ):
        assert advice in text
    assert "Return centres denmark-return-centres due" in text and "3 days ago" in text
    assert "Property and Law 10 returns-law-10 due" in text and "in 12 days" in text
    assert "A short visit to Syria and refugee status france-short-visit 👍 1 · 👎 2" in text
    assert "Can I work in Denmark? asked 2 times" in text


def test_every_todo_link_lands_on_a_visible_place_further_down(sheet: dict[str, Any]) -> None:
    links = sheet["links"]
    assert {link["id"] for link in links} >= {
        "s-denmark-return-centres",
        "s-returns-law-10",
        "f-france-short-visit",
        "s-france-asylum-suspended",
        "u-1",
        "unmatched",
    }
    for link in links:
        assert link["local"] and link["found"] and link["shown"] and link["below"], link


def test_arabic_is_laid_out_right_to_left(sheet: dict[str, Any]) -> None:
    assert sheet["arabic"] and set(sheet["arabic"]) == {"rtl"}
    assert ["بدي جدد الاقامة", "rtl"] in sheet["asked"]
    assert ["Can I work in Denmark?", "ltr"] in sheet["asked"]
