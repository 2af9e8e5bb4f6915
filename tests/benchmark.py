"""Performance benchmark: what one update, one content load and one storage write cost.

Run from the project root (not collected by pytest: the name does not start with ``test_``)::

    .venv/bin/python tests/benchmark.py [--json FILE] [--quick] [--only PHASE ...]

Every Bot API call goes to ``CannedRequest``, an in-process transport that answers each method
with pre-encoded valid JSON at once; the bare python-telegram-bot baseline and the real bot use
the same one, so the ratios compare the bot's own work (handlers, conversation, search, storage,
rendering, keyboards, rate limiter) with the library's fixed cost for the same Bot API calls.
CPU time is ``time.process_time_ns`` around ``await app.process_update(update)``; the update is
decoded (``Update.de_json``) before the clock starts. Baseline and bot updates are interleaved one
by one, so drift in the machine's speed affects both alike.

Figures: CPU per update (median, p90, ratio to the baseline) for /start, a menu tap, an answer
tap and a typed question on the shipped content; a typed question on synthetic content (2,000
and 8,000 snippets in three languages, generated here and checked by ``load_checked``); content
load+check and index build time at 500, 2,000 and 8,000 snippets; a language change and a
feedback vote with 1,000 and 100,000 people stored; peak RSS of a fresh process running the bot.
``--quick`` is a smoke run with small sizes and few repetitions; its figures prove nothing
about speed. ``--json FILE`` writes every figure (the smoke test reads it). ``--only memory``
(or updates, load, typed, storage; repeatable) runs only those parts.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import datetime as dt
import gc
import json
import logging
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from aiolimiter import AsyncLimiter  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import (  # noqa: E402
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, RequestData  # noqa: E402

from bot import clock  # noqa: E402
from bot.atomic_storage import AtomicJSONStorage  # noqa: E402
from bot.checks import load_checked  # noqa: E402
from bot.content.library import Library  # noqa: E402
from bot.content.problems import errors  # noqa: E402
from bot.content.sources import load_sources  # noqa: E402
from bot.conversation import Conversation, IndexedLibrary  # noqa: E402
from bot.search import SearchIndex  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage import Store  # noqa: E402
from bot.telegram.app import _post_init, create  # noqa: E402

CONTENT = ROOT / "content"
SEEDS = ROOT / "seeds"
LANGUAGES: tuple[str, ...] = ("en", "ar", "fr")
"""The shipped content's languages: the made-up content is written in them."""
QUESTIONS = ROOT / "tests" / "data" / "questions.yaml"
TOKEN = "123456789:AAHbenchmarkTokenForAnInProcessFakeApi0"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Bench",
    "username": "bench_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
EPOCH = 1_790_000_000


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions of one run."""

    quick: bool
    update_reps: int
    update_warmup: int
    typed_reps: int
    load_sizes: tuple[int, int, int]  # small, medium (the 2 s target), large
    typed_sizes: tuple[int, int]  # the 1.5x target, the growth target
    people: tuple[int, int]
    storage_reps: int
    load_repeats: int
    memory_updates: int


FULL = Plan(
    quick=False,
    update_reps=1500,
    update_warmup=200,
    typed_reps=600,
    load_sizes=(500, 2000, 8000),
    typed_sizes=(2000, 8000),
    people=(1000, 100_000),
    storage_reps=300,
    load_repeats=1,
    memory_updates=300,
)
QUICK = Plan(
    quick=True,
    update_reps=120,
    update_warmup=30,
    typed_reps=80,
    load_sizes=(60, 150, 400),
    typed_sizes=(150, 400),
    people=(100, 2000),
    storage_reps=40,
    load_repeats=1,
    memory_updates=50,
)
PHASES = ("updates", "load", "typed", "storage", "memory")
"""The parts of a run, in order; `--only` picks some."""


# --- the fake network ----------------------------------------------------------------------


def _ok(result: Any) -> bytes:
    return json.dumps({"ok": True, "result": result}).encode()


class CannedRequest(BaseRequest):
    """A Bot API that answers every call at once with canned valid JSON; it counts the calls."""

    _MESSAGE = {
        "message_id": 7,
        "date": EPOCH,
        "from": BOT_USER,
        "text": "ok",
        "chat": {"id": 1001, "type": "private", "first_name": "Person"},
    }
    _ANSWERS = {
        "getMe": _ok(BOT_USER),
        "sendMessage": _ok(_MESSAGE),
        "editMessageText": _ok(_MESSAGE),
        "editMessageReplyMarkup": _ok(_MESSAGE),
    }
    _TRUE = _ok(True)

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.sent: list[RequestData | None] = []
        self.keep = False  # keep request data for checks (off while timing)
        self.answered_ns: int | None = None  # perf_counter_ns when a tap was answered

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        self.calls.append(api_method)
        if api_method == "answerCallbackQuery":
            self.answered_ns = time.perf_counter_ns()
        if self.keep:
            self.sent.append(request_data)
        return 200, self._ANSWERS.get(api_method, self._TRUE)


class ErrorCounter(logging.Handler):
    """A handler that fails is cheap and would flatter the bot: count every error logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}")


# --- updates --------------------------------------------------------------------------------


def _user(uid: int, lang: str) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": "Person", "language_code": lang}


def _chat(uid: int) -> dict[str, Any]:
    return {"id": uid, "type": "private", "first_name": "Person"}


def message_update(n: int, uid: int, lang: str, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": 1000 + n,
        "date": EPOCH + n,
        "chat": _chat(uid),
        "from": _user(uid, lang),
        "text": text,
    }
    command = re.match(r"/\w+", text)
    if command:
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
    return {"update_id": n, "message": message}


def callback_update(n: int, uid: int, lang: str, data: str) -> dict[str, Any]:
    shown = {"message_id": 500, "date": EPOCH, "chat": _chat(uid), "from": BOT_USER, "text": "menu"}
    return {
        "update_id": n,
        "callback_query": {
            "id": str(10_000 + n),
            "from": _user(uid, lang),
            "chat_instance": "42",
            "data": data,
            "message": shown,
        },
    }


UpdateMaker = Callable[[int], dict[str, Any]]


# --- the applications -----------------------------------------------------------------------

SHORT_HTML = "<b>Hello</b>, this is a short answer &amp; nothing more."


async def _bare_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(
        update.effective_chat.id,
        SHORT_HTML,  # type: ignore[union-attr]
        parse_mode=ParseMode.HTML,
    )


async def _bare_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    await query.message.edit_text(SHORT_HTML, parse_mode=ParseMode.HTML)  # type: ignore[union-attr]


def bare_app(request: CannedRequest) -> Application:
    """python-telegram-bot with nothing of ours: the fixed cost of the same Bot API calls."""
    app = ApplicationBuilder().token(TOKEN).request(request).get_updates_request(request).build()
    app.add_handler(MessageHandler(filters.TEXT, _bare_message))
    app.add_handler(CallbackQueryHandler(_bare_callback))
    return app


def settings_for(data_dir: Path, content_dir: Path = CONTENT, seeds_dir: Path = SEEDS) -> Settings:
    return Settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        BOT_DATA_DIR=str(data_dir),  # type: ignore[call-arg]
        BOT_CONTENT_DIR=str(content_dir),
        BOT_SEEDS_DIR=str(seeds_dir),
        _env_file=None,
    )


def bot_app(library: Library, data_dir: Path, request: CannedRequest) -> Application:
    """The real application, as `python -m bot run` builds it, on an already loaded library."""
    settings = settings_for(data_dir)
    conversation = Conversation(IndexedLibrary.build(library), Store(data_dir), "en", False)
    app = create(settings, conversation, request=request)
    _unthrottle(app)
    return app


def _unthrottle(app: Application) -> None:
    """Keep the bot's rate limiter (its bookkeeping is part of the bot's cost) but raise its
    budget: at thousands of updates a second it would otherwise hold every message to
    Telegram's 30 a second, and its waiting (futures, timers) never happens under normal load."""
    limiter = app.bot.rate_limiter
    assert isinstance(limiter, AIORateLimiter) and limiter._base_limiter is not None
    limiter._base_limiter = AsyncLimiter(max_rate=10**9, time_period=1)


async def start(app: Application, real: bool) -> None:
    await app.initialize()
    if real:
        await _post_init(app)


async def stop(app: Application, real: bool) -> None:
    await app.shutdown()
    if real:
        app.bot_data.conversation.store.close()


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Samples:
    cpu_ns: list[int] = field(default_factory=list)
    wall_ns: list[int] = field(default_factory=list)
    answer_ns: list[int] = field(default_factory=list)  # taps: wall time until answered

    @property
    def answer_median_us(self) -> float:
        return statistics.median(self.answer_ns) / 1000 if self.answer_ns else 0.0

    @property
    def wall_median_us(self) -> float:
        return statistics.median(self.wall_ns) / 1000 if self.wall_ns else 0.0

    @property
    def median_us(self) -> float:
        return statistics.median(self.cpu_ns) / 1000

    @property
    def p90_us(self) -> float:
        ordered = sorted(self.cpu_ns)
        return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))] / 1000


@dataclass
class Case:
    name: str
    app: Application
    request: CannedRequest
    make: UpdateMaker
    calls: tuple[str, ...]
    samples: Samples = field(default_factory=Samples)


async def sanity(cases: Sequence[Case]) -> None:
    """One update per case, request data kept: a broken path must not pass for a fast one."""
    for n, case in enumerate(cases):
        case.request.keep, case.request.sent = True, []
        await case.app.process_update(Update.de_json(case.make(900_000 + n), case.app.bot))
        case.request.keep = False
        texts = [
            d.json_parameters["text"]
            for d in case.request.sent
            if d is not None and "text" in d.json_parameters
        ]
        if "vote" not in case.name:  # a vote changes only the buttons
            assert texts and all(texts), f"{case.name}: sent no text ({case.request.calls})"
        if "answer tap" in case.name:
            assert "📚" in texts[-1] and "⚠️" in texts[-1], f"{case.name}: not a card"
        if case.name.startswith(("/start", "menu")):
            last = case.request.sent[-1]
            assert last is not None and "reply_markup" in last.json_parameters, case.name
        case.request.calls.clear()


async def interleaved(cases: Sequence[Case], reps: int, warmup: int) -> None:
    """Each repetition runs every case once, in turn: drift hits them all alike."""
    await sanity(cases)
    counter = 0
    for rep in range(warmup + reps):
        for case in cases:
            counter += 1
            update = Update.de_json(case.make(counter), case.app.bot)
            case.request.calls.clear()
            case.request.answered_ns = None
            wall, started = time.perf_counter_ns(), time.process_time_ns()
            await case.app.process_update(update)
            spent = time.process_time_ns() - started
            waited = time.perf_counter_ns() - wall
            answered = case.request.answered_ns
            if tuple(case.request.calls) != case.calls:
                raise AssertionError(
                    f"{case.name}: the bot called {case.request.calls}, expected {list(case.calls)}"
                )
            if rep >= warmup:
                case.samples.cpu_ns.append(spent)
                case.samples.wall_ns.append(waited)
                if answered is not None:
                    case.samples.answer_ns.append(answered - wall)


def load_questions() -> list[tuple[str, str]]:
    """(language, text) of the evaluation set: what people really type, in three languages."""
    asks = re.findall(r"- ask: (.+)\n\s+lang: (\w\w)", QUESTIONS.read_text(encoding="utf-8"))
    return [(lang, text.strip().strip('"')) for text, lang in asks]


def typed_questions(generator: Generator, count: int = 240) -> list[tuple[str, str]]:
    """The evaluation set plus questions made of content words (some unknown, some misspelt), so
    that the word caches see new words as they would with real people."""
    rng = random.Random(7)
    made = []
    for n in range(count):
        lang = LANGUAGES[n % 3]
        words = generator.words(lang, rng.randint(3, 8), rare=int(rng.random() < 0.3))
        if rng.random() < 0.25:  # a typo: two letters swapped in the longest word
            at = max(range(len(words)), key=lambda i: len(words[i]))
            w = words[at]
            if len(w) > 3:
                k = rng.randrange(1, len(w) - 1)
                words[at] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
        made.append((lang, " ".join(words) + ("؟" if lang == "ar" else "?")))
    questions = load_questions() + made
    random.Random(8).shuffle(questions)
    return questions


# --- synthetic content ----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LATIN_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
EXTRA_TOPICS = 15
"""Synthetic topics added to the shipped five: every size has the same 20 topics."""


def _vocabulary(library: Library) -> dict[str, tuple[list[str], list[float]]]:
    """Per language: the words people and the content use, with their frequencies."""
    counts: dict[str, collections.Counter[str]] = {
        lang: collections.Counter() for lang in LANGUAGES
    }
    for snippet in library.snippets.values():
        for lang in LANGUAGES:
            texts = [
                snippet.title.get(lang),
                snippet.question.get(lang),
                snippet.answer.get(lang),
                *snippet.examples.get(lang),
            ]
            for text in texts:
                # Latin names and English titles inside Arabic answers are not Arabic words: a
                # synthetic Arabic title made only of them would be (rightly) refused by check.
                counts[lang].update(
                    w.lower()
                    for w in _WORD.findall(text)
                    if len(w) > 1 and (lang != "ar" or not w.isascii())
                )
    for doc in library.sources.values():  # the seeds are English
        counts["en"].update(w.lower() for w in _WORD.findall(doc.text) if len(w) > 1)
    return {lang: (list(c), [float(v) ** 0.8 for v in c.values()]) for lang, c in counts.items()}


def _rare_words(rng: random.Random, lang: str, count: int) -> list[str]:
    """Names and rare words, the long tail a bigger library brings."""
    words: set[str] = set()
    while len(words) < count:
        if lang == "ar":
            words.add("".join(rng.choice(_ARABIC_LETTERS) for _ in range(rng.randint(4, 7))))
        else:
            words.add("".join(rng.choice(_LATIN_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _quotes(seeds_dir: Path, rng: random.Random, per_source: int) -> list[tuple[str, str]]:
    """(source id, quote): word runs copied from the seed texts, each checked to be found."""
    register, problems = load_sources(seeds_dir)
    assert not errors(problems), problems
    found: list[tuple[str, str]] = []
    for source_id, doc in sorted(register.docs.items()):
        words = doc.normalised.split(" ")
        made = 0
        while made < per_source:
            size = rng.randint(6, 14)
            at = rng.randrange(0, len(words) - size)
            quote = " ".join(words[at : at + size])
            if len(quote) >= 20 and doc.contains(quote) and not re.search(r"[<>&\[\]]", quote):
                found.append((source_id, quote))
                made += 1
    return found


def _y(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Generator:
    """Writes a content folder of `n` snippets: the shipped ones plus synthetic ones."""

    def __init__(self, library: Library, seed: int = 20261123) -> None:
        self.library = library
        self.vocab = _vocabulary(library)
        self.rng = random.Random(seed)
        self.quotes = _quotes(SEEDS, self.rng, per_source=200)
        self.rare = {lang: _rare_words(self.rng, lang, 6000) for lang in LANGUAGES}

    def words(self, lang: str, k: int, rare: int = 0, n_rare: int = 6000) -> list[str]:
        words, weights = self.vocab[lang]
        picked = self.rng.choices(words, weights, k=k)
        for _ in range(rare):
            picked.insert(
                self.rng.randrange(len(picked) + 1), self.rare[lang][self.rng.randrange(n_rare)]
            )
        return picked

    def sentence(
        self, lang: str, low: int, high: int, end: str = ".", rare: int = 0, n_rare: int = 6000
    ) -> str:
        text = " ".join(self.words(lang, self.rng.randint(low, high), rare, n_rare))
        text = text[0].upper() + text[1:]
        return text + (
            "؟" if end == "?" and lang == "ar" else " ?" if end == "?" and lang == "fr" else end
        )

    def title(self, lang: str, n_rare: int) -> str:
        words = self.words(lang, self.rng.randint(3, 5), rare=1, n_rare=n_rare)
        while len(" ".join(words)) > 45 and len(words) > 1:
            words.pop()
        text = " ".join(words)[:45]
        return text[0].upper() + text[1:]

    def write(self, root: Path, n: int) -> tuple[Path, Path]:
        content, seeds = root / "content", root / "seeds"
        if content.exists():
            shutil.rmtree(root)
        shutil.copytree(SEEDS, seeds)
        content.mkdir(parents=True)
        shutil.copytree(CONTENT / "ui", content / "ui")
        shutil.copy(CONTENT / "disclaimers.yaml", content / "disclaimers.yaml")
        shutil.copy(CONTENT / "context.yaml", content / "context.yaml")
        shutil.copy(CONTENT / "languages.yaml", content / "languages.yaml")
        topics = [t.id for t in self.library.topics]
        lines = [(CONTENT / "topics.yaml").read_text(encoding="utf-8").rstrip("\n"), ""]
        for index in range(EXTRA_TOPICS):
            topic = f"extra-{index + 1:02d}"
            topics.append(topic)
            lines += [f"  - id: {topic}", '    emoji: "📌"', "    title:"]
            lines += [
                f"      {lang}: {_y(' '.join(self.words(lang, 2)).capitalize())}"
                for lang in LANGUAGES
            ]
            lines.append("")
        (content / "topics.yaml").write_text("\n".join(lines), encoding="utf-8")
        for topic in topics:
            (content / "snippets" / topic).mkdir(parents=True)
        shipped = sorted((CONTENT / "snippets").glob("*/*.yaml"))
        for path in shipped:
            shutil.copy(path, content / "snippets" / path.parent.name / path.name)
        n_rare = max(100, min(6000, n // 2))  # more content, more distinct names
        today = clock.today()
        for index in range(max(0, n - len(shipped))):
            topic = topics[index % len(topics)]
            snippet_id = f"{topic}-s{index:05d}"
            (content / "snippets" / topic / f"{snippet_id}.yaml").write_text(
                self.snippet(snippet_id, topic, index, n_rare, today), encoding="utf-8"
            )
        return content, seeds

    def snippet(self, snippet_id: str, topic: str, index: int, n_rare: int, today: dt.date) -> str:
        rng = self.rng
        out = [f"id: {snippet_id}", f"topic: {topic}", f"order: {index % 50}", "title:"]
        out += [f"  {lang}: {_y(self.title(lang, n_rare))}" for lang in LANGUAGES]
        out.append("question:")
        out += [
            f"  {lang}: {_y(self.sentence(lang, 7, 13, '?', rare=1, n_rare=n_rare))}"
            for lang in LANGUAGES
        ]
        out.append("answer:")
        for lang in LANGUAGES:
            sentences = [self.sentence(lang, 10, 18) for _ in range(rng.randint(3, 5))]
            paragraphs = " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:])
            out.append(f"  {lang}: {_y(paragraphs)}")
        out.append("examples:")
        for lang in LANGUAGES:
            examples = [
                self.sentence(lang, 3, 8, "", rare=int(rng.random() < 0.3), n_rare=n_rare).lower()
                for _ in range(rng.randint(3, 6))
            ]
            out.append(f"  {lang}: [{', '.join(_y(e) for e in examples)}]")
        out.append("sources:")
        for source_id, quote in rng.sample(self.quotes, rng.randint(1, 2)):
            out += [f"  - source: {source_id}", f"    quote: {_y(quote)}"]
        reviewed = today - dt.timedelta(days=rng.randint(1, 60))
        out += [
            "review:",
            "  status: approved",
            "  reviewed_by: content team",
            f"  reviewed_on: {reviewed.isoformat()}",
            f"  review_due: {(reviewed + dt.timedelta(days=180)).isoformat()}",
        ]
        if rng.random() < 0.3:
            out.append("disclaimer: legal")
        return "\n".join(out) + "\n"


def checked_load(content: Path, seeds: Path, expected: int) -> tuple[Library, int]:
    """load_checked, asserting no errors and every snippet served; returns the warning count."""
    result = load_checked(content, seeds, clock.today())
    problems = errors(result.problems)
    assert not problems, "synthetic content has errors:\n" + "\n".join(map(str, problems[:10]))
    assert result.library is not None and len(result.library.snippets) == expected, (
        expected,
        None if result.library is None else len(result.library.snippets),
    )
    return result.library, len(result.problems)


# --- figures --------------------------------------------------------------------------------


@dataclass
class Figure:
    key: str
    label: str
    value: float
    unit: str
    p90: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    extra: dict[str, float] = field(default_factory=dict)
    shown: str = ""


class Report:
    def __init__(self) -> None:
        self.figures: dict[str, Figure] = {}

    def add(self, figure: Figure) -> Figure:
        self.figures[figure.key] = figure
        return figure

    def update_row(
        self,
        key: str,
        label: str,
        samples: Samples,
        base: Samples | None,
        limit: float | None,
        **extra: float,
    ) -> Figure:
        ratio = samples.median_us / base.median_us if base is not None else None
        passed = None if limit is None or ratio is None else ratio <= limit
        return self.add(
            Figure(
                key,
                label,
                samples.median_us,
                "µs CPU",
                samples.p90_us,
                ratio,
                f"≤ {limit}x" if limit else "",
                passed,
                {"wall_median_us": samples.wall_median_us, **extra},
            )
        )


def _fmt(figure: Figure) -> list[str]:
    if figure.unit == "µs CPU":
        value, p90 = f"{figure.value:,.0f} µs", f"{figure.p90:,.0f} µs" if figure.p90 else ""
    elif figure.shown:
        value, p90 = figure.shown, ""
    else:
        value, p90 = f"{figure.value:,.3g} {figure.unit}", ""
    ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else ""
    result = "" if figure.passed is None else ("PASS" if figure.passed else "**FAIL**")
    return [figure.label, value, p90, ratio, figure.target, result]


NOTES = (
    "CPU = time.process_time around `await app.process_update(update)` (update decoded "
    "before); bot and bare-handler updates interleaved one by one; median and p90.",
    "Both apps use the same in-process CannedRequest (canned valid JSON, no network, no spec "
    "checks). The bot keeps its rate limiter, its budget raised so that thousands of updates a "
    "second are not held to Telegram's 30 messages a second.",
    "Typed questions: the evaluation set (tests/data/questions.yaml) plus 240 questions made of "
    "content words in three languages, some misspelt, some with unknown words.",
    "Synthetic content: the 20 shipped snippets plus generated ones in 20 topics; quotes copied "
    "from the seed texts; load_checked reports no errors (asserted).",
    "Storage: people prefilled through Store.set_language with file writes deferred (each shard "
    "written once at the end, without fsync); the measured writes are real, fsync included. "
    "The person's shard is read first, as the bot does in the same update.",
    "Memory: VmHWM (peak RSS) of a fresh process that loads the content and runs 4 kinds of "
    "update; it includes the interpreter and libraries (see the bare app's figure).",
)


def markdown(report: Report, machine: dict[str, Any]) -> str:
    lines = [
        f"Machine: {machine['cores']} cores ({machine['cpu']}), Python {machine['python']}, "
        f"python-telegram-bot {machine['ptb']}, {machine['platform']}; load average "
        f"{machine['load_average_at_start']:.1f} at start, "
        f"{machine['load_average_1min']:.1f} at end"
        + (
            " — QUICK smoke run: sizes and repetitions too small to judge speed"
            if machine["quick"]
            else ""
        ),
        "",
        "| Figure | Median | p90 | Ratio | Target | Result |",
        "|---|---:|---:|---:|---|---|",
    ]
    lines += ["| " + " | ".join(_fmt(f)) + " |" for f in report.figures.values()]
    lines += ["", "Notes:"] + [f"- {note}" for note in NOTES]
    return "\n".join(lines)


# --- phases ---------------------------------------------------------------------------------


async def phase_updates(
    plan: Plan, library: Library, questions: list[tuple[str, str]], work: Path, report: Report
) -> None:
    """Baseline handlers against /start, menu tap, answer tap and typed text on shipped content."""
    bare_req, bot_req = CannedRequest(), CannedRequest()
    bare = bare_app(bare_req)
    real = bot_app(library, work / "data-shipped", bot_req)
    await start(bare, False)
    await start(real, True)
    langs = LANGUAGES
    topics = [t.id for t in library.topics]
    snippet_ids = sorted(library.snippets)
    uid = lambda n: 2000 + n % 97  # noqa: E731 - a few dozen people, as in real traffic

    def vote(n: int) -> str:
        snippet_id = snippet_ids[n % len(snippet_ids)]
        return f"f:{'ud'[n % 2]}:{snippet_id}:{library.versions[snippet_id]}"

    cases = [
        Case(
            "baseline message",
            bare,
            bare_req,
            lambda n: message_update(n, uid(n), langs[n % 3], "hello"),
            ("sendMessage",),
        ),
        Case(
            "baseline callback",
            bare,
            bare_req,
            lambda n: callback_update(n, uid(n), langs[n % 3], "m"),
            ("answerCallbackQuery", "editMessageText"),
        ),
        Case(
            "/start",
            real,
            bot_req,
            lambda n: message_update(n, uid(n), langs[n % 3], "/start"),
            ("sendMessage",),
        ),
        Case(
            "menu tap",
            real,
            bot_req,
            lambda n: callback_update(n, uid(n), langs[n % 3], f"t:{topics[n % len(topics)]}"),
            ("answerCallbackQuery", "editMessageText"),
        ),
        Case(
            "answer tap",
            real,
            bot_req,
            lambda n: callback_update(
                n, uid(n), langs[n % 3], f"s:{snippet_ids[n % len(snippet_ids)]}"
            ),
            ("answerCallbackQuery", "editMessageText"),
        ),
        Case(
            "typed question",
            real,
            bot_req,
            lambda n: message_update(n, uid(n), *questions[n % len(questions)]),
            ("sendMessage",),
        ),
        # Taps that write (fsync included) before the bot confirms them in the chat.
        Case(
            "vote tap",
            real,
            bot_req,
            lambda n: callback_update(n, uid(n), langs[n % 3], vote(n)),
            ("answerCallbackQuery", "editMessageReplyMarkup"),
        ),
        Case(
            "language tap",
            real,
            bot_req,
            lambda n: callback_update(n, uid(n), langs[n % 3], f"l:{langs[n % 3]}"),
            ("answerCallbackQuery", "editMessageText"),
        ),
    ]
    await interleaved(cases, plan.update_reps, plan.update_warmup)
    await stop(bare, False)
    await stop(real, True)
    msg, cb = cases[0].samples, cases[1].samples
    report.update_row("baseline.message", "Baseline: bare handler, 1 sendMessage", msg, None, None)
    report.update_row(
        "baseline.callback",
        "Baseline: bare handler, answerCallbackQuery + editMessageText",
        cb,
        None,
        None,
    )
    report.update_row("bot.start", "Bot: /start (shipped content)", cases[2].samples, msg, 1.3)
    report.update_row("bot.menu_tap", "Bot: menu tap, topic", cases[3].samples, cb, 1.3)
    report.update_row("bot.answer_tap", "Bot: answer tap, card", cases[4].samples, cb, 1.3)
    report.update_row(
        "bot.typed_shipped",
        f"Bot: typed question ({len(library.snippets)} shipped snippets)",
        cases[5].samples,
        msg,
        None,
    )
    report.update_row(
        "bot.vote_tap", "Bot: 👍/👎 tap (written, fsynced)", cases[6].samples, cb, None
    )
    report.update_row(
        "bot.language_tap", "Bot: language tap (written, fsynced)", cases[7].samples, cb, None
    )
    for key, label, case in (
        ("baseline", "bare handler", cases[1]),
        ("menu_tap", "menu tap", cases[3]),
        ("answer_tap", "answer tap", cases[4]),
        ("vote_tap", "👍/👎 tap", cases[6]),
        ("language_tap", "language tap", cases[7]),
    ):
        answered = case.samples.answer_median_us
        report.add(
            Figure(
                f"tap_to_answer.{key}",
                f"Tap to answer (wall): {label}",
                answered,
                "µs wall",
                ratio=None if key == "baseline" else answered / cb.answer_median_us,
                shown=f"{answered:,.0f} µs",
            )
        )


async def phase_typed(
    plan: Plan,
    libraries: dict[int, Library],
    questions: list[tuple[str, str]],
    work: Path,
    report: Report,
) -> None:
    """Typed questions against big libraries, the bare handler interleaved as the yardstick."""
    bare_req = CannedRequest()
    bare = bare_app(bare_req)
    await start(bare, False)
    base_case = Case(
        "baseline message",
        bare,
        bare_req,
        lambda n: message_update(n, 3000 + n % 97, "en", "hello"),
        ("sendMessage",),
    )
    cases = [base_case]
    apps = []
    for size in plan.typed_sizes:
        request = CannedRequest()
        app = bot_app(libraries[size], work / f"data-typed-{size}", request)
        await start(app, True)
        apps.append(app)
        cases.append(
            Case(
                f"typed {size}",
                app,
                request,
                lambda n: message_update(n, 3000 + n % 97, *questions[n % len(questions)]),
                ("sendMessage",),
            )
        )
    outcomes = _typed_outcomes(apps[-1], questions)
    await interleaved(cases, plan.typed_reps, max(20, plan.update_warmup // 4))
    for app in apps:
        await stop(app, True)
    await stop(bare, False)
    small, large = plan.typed_sizes
    base = base_case.samples
    report.update_row(
        "baseline.message_typed_phase",
        "Baseline: bare handler, 1 sendMessage (typed-question run)",
        base,
        None,
        None,
    )
    report.update_row(
        "typed.small",
        f"Bot: typed question, {small:,} snippets",
        cases[1].samples,
        base,
        1.5,
        snippets=small,
    )
    report.update_row(
        "typed.large",
        f"Bot: typed question, {large:,} snippets",
        cases[2].samples,
        base,
        None,
        snippets=large,
        **outcomes,
    )
    growth = cases[2].samples.median_us / cases[1].samples.median_us
    report.add(
        Figure(
            "typed.growth",
            f"Typed question growth, {small:,} → {large:,} snippets",
            growth,
            "x",
            ratio=growth,
            target="≤ 1.5x",
            passed=growth <= 1.5,
            shown=f"{growth:.2f}x",
        )
    )


def _typed_outcomes(app: Application, questions: list[tuple[str, str]]) -> dict[str, float]:
    """How the evaluation questions come out on the biggest library (an answer, choices, none)."""
    index = app.bot_data.conversation.content.index
    kinds = collections.Counter(index.search(text, lang).kind for lang, text in questions)
    return {f"outcome_{k}": float(kinds.get(k, 0)) for k in ("answer", "choices", "none")}


def phase_load(
    plan: Plan,
    generator: Generator,
    work: Path,
    report: Report,
) -> dict[int, Library]:
    """load_checked (parse, validate, verify quotes, render every card) and SearchIndex build."""
    kept: dict[int, Library] = {}
    per_snippet: dict[int, float] = {}
    names = ("small", "medium", "large")
    for name, size in zip(names, plan.load_sizes):
        content, seeds = generator.write(work / f"content-{size}", size)
        runs = []
        for _ in range(plan.load_repeats):
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            library, warnings = checked_load(content, seeds, size)
            load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
            wall, cpu = time.perf_counter(), time.process_time()
            SearchIndex.from_library(library)
            runs.append(
                (load_wall, load_cpu, time.perf_counter() - wall, time.process_time() - cpu)
            )
        load_wall, load_cpu, index_wall, index_cpu = min(runs)
        if size in plan.typed_sizes:
            kept[size] = library
        per_snippet[size] = load_cpu / size  # CPU: wall depends on what else the machine runs
        target = "< 2 s" if name == "medium" else ""
        report.add(
            Figure(
                f"load.{name}",
                f"Content load+check, {size:,} snippets (wall / CPU)",
                load_wall,
                "s",
                target=target,
                passed=(load_wall < 2.0) if name == "medium" else None,
                extra={"snippets": size, "cpu_s": load_cpu, "warnings": warnings + 0.0},
                shown=f"{load_wall:.2f} s / {load_cpu:.2f} s",
            )
        )
        report.add(
            Figure(
                f"index.{name}",
                f"SearchIndex build, {size:,} snippets (wall / CPU)",
                index_wall,
                "s",
                extra={"snippets": size, "cpu_s": index_cpu},
                shown=f"{index_wall:.2f} s / {index_cpu:.2f} s",
            )
        )
        report.add(
            Figure(
                f"startup.{name}",
                f"Load+check+index, {size:,} snippets (wall), per snippet",
                load_wall + index_wall,
                "s",
                extra={"snippets": size},
                shown=f"{load_wall + index_wall:.2f} s, "
                f"{(load_wall + index_wall) / size * 1000:.2f} ms",
            )
        )
        del library
    small, medium, large = plan.load_sizes
    linear = per_snippet[large] / per_snippet[medium]
    report.add(
        Figure(
            "load.linearity",
            f"Load+check CPU per snippet, {large:,} vs {medium:,} snippets",
            linear,
            "x",
            ratio=linear,
            target="≤ 1.3x (roughly linear)",
            passed=linear <= 1.3,
            shown=f"{linear:.2f}x",
        )
    )
    return kept


@contextlib.contextmanager
def _deferred_writes() -> Iterator[dict[AtomicJSONStorage, Any]]:
    """Store writes kept in memory until the block ends, then each file written once.

    Only TinyDB's public Storage interface (read/write) is wrapped, so whatever format the
    store uses, the files hold exactly what its own methods produced.
    """
    pending: dict[AtomicJSONStorage, Any] = {}
    read, write = AtomicJSONStorage.read, AtomicJSONStorage.write

    def deferred_read(self: AtomicJSONStorage) -> Any:
        return pending[self] if self in pending else read(self)

    def deferred_write(self: AtomicJSONStorage, data: Any) -> None:
        pending[self] = data

    AtomicJSONStorage.read = deferred_read  # type: ignore[method-assign]
    AtomicJSONStorage.write = deferred_write  # type: ignore[method-assign]
    try:
        yield pending
    finally:
        AtomicJSONStorage.read, AtomicJSONStorage.write = read, write  # type: ignore[method-assign]
    fsync = os.fsync
    os.fsync = lambda fd: None  # the prefill need not survive a power cut; measured writes do
    try:
        for storage, data in pending.items():
            write(storage, data)
    finally:
        os.fsync = fsync


def _prefill_people(data_dir: Path, people: int) -> None:
    """Store.set_language for every person, its file writes deferred (see `_deferred_writes`):
    100,000 real calls would each fsync a whole-shard rewrite, which takes minutes."""
    store = Store(data_dir)
    with _deferred_writes():
        for uid in range(1, people + 1):
            store.set_language(uid, "en")
    store.close()
    check = Store(data_dir)  # a fresh store (a restarted bot) reads back what was written
    assert check.get_language(1) == "en" and check.get_language(people) == "en"
    check.close()


@dataclass
class _People:
    """One store and what the benchmark knows of it."""

    name: str
    people: int
    store: Store
    rng: random.Random
    current: dict[int, str] = field(default_factory=dict)
    times: dict[str, tuple[list[int], list[int]]] = field(
        default_factory=lambda: {"set_language": ([], []), "feedback": ([], [])}
    )

    def timed(self, what: str, call: Callable[[], None], keep: bool) -> None:
        wall, cpu = time.perf_counter_ns(), time.process_time_ns()
        call()
        spent_cpu, spent_wall = time.process_time_ns() - cpu, time.perf_counter_ns() - wall
        if keep:
            self.times[what][0].append(spent_cpu)
            self.times[what][1].append(spent_wall)


def phase_storage(plan: Plan, library: Library, work: Path, report: Report) -> None:
    """A language change and a feedback vote, with few and with many people stored; the two
    stores take turns, write by write, so the machine's drift hits both alike."""
    snippet_ids = sorted(library.snippets)
    stores = []
    for name, people in zip(("small", "large"), plan.people):
        data_dir = work / f"data-people-{people}"
        _prefill_people(data_dir, people)
        stores.append(_People(name, people, Store(data_dir), random.Random(people)))
    for rep in range(plan.storage_reps + 10):
        for s in stores:
            uid = s.rng.randint(1, s.people)
            # The bot reads the person's language in the same update, so the shard is warm.
            old = s.current.get(uid) or s.store.get_language(uid) or "en"
            new = "fr" if old != "fr" else "ar"
            s.timed("set_language", lambda: s.store.set_language(uid, new), rep >= 10)
            s.current[uid] = new
            snippet_id = s.rng.choice(snippet_ids)
            up = s.rng.random() < 0.7
            s.timed(
                "feedback",
                lambda: s.store.record_feedback(snippet_id, library.versions[snippet_id], up),
                rep >= 10,
            )
    medians: dict[tuple[str, str], float] = {}
    for s in stores:
        s.store.close()
        for what, (cpu_ns, wall_ns) in s.times.items():
            cpu, wall = Samples(cpu_ns), Samples(wall_ns)
            medians[(s.name, what)] = cpu.median_us
            label = (
                "Storage: language change (Store.set_language)"
                if what == "set_language"
                else "Storage: feedback vote (record_feedback)"
            )
            report.add(
                Figure(
                    f"storage.{s.name}.{what}",
                    f"{label}, {s.people:,} people — CPU (wall, with fsync)",
                    cpu.median_us,
                    "µs",
                    cpu.p90_us,
                    extra={
                        "people": s.people,
                        "wall_median_us": wall.median_us,
                        "wall_p90_us": wall.p90_us,
                    },
                    shown=f"{cpu.median_us:,.0f} µs ({wall.median_us:,.0f} µs)",
                )
            )
    small, large = plan.people
    for what in ("set_language", "feedback"):
        ratio = medians[("large", what)] / medians[("small", what)]
        report.add(
            Figure(
                f"storage.growth.{what}",
                f"Storage {what.replace('_', ' ')} CPU, {large:,} vs {small:,} people",
                ratio,
                "x",
                ratio=ratio,
                target="≤ 1.5x",
                passed=ratio <= 1.5,
                shown=f"{ratio:.2f}x",
            )
        )


def _probe(kind: str, content: Path, seeds: Path, updates: int) -> subprocess.Popen[str]:
    """Start the memory probe in a fresh interpreter (see `memory_probe`)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--memory-probe",
        kind,
        "--content",
        str(content),
        "--seeds",
        str(seeds),
        "--updates",
        str(updates),
    ]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )


def _probe_result(process: subprocess.Popen[str]) -> dict[str, float]:
    out, err = process.communicate(timeout=1200)
    if process.returncode != 0:
        raise RuntimeError(f"memory probe {process.args} failed:\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1])


MEMORY_SHIPPED_MB = 80
MEMORY_LARGE_MB = 200
"""Peak RSS targets: the shipped content, and the largest generated content (8,000 snippets in
three languages in the full run)."""


def phase_memory(plan: Plan, generator: Generator, work: Path, report: Report) -> None:
    """Peak RSS of fresh processes running the bot. The probes run side by side: memory, unlike
    time, does not suffer from sharing the CPU."""
    large = plan.load_sizes[-1]
    content, seeds = work / f"content-{large}" / "content", work / f"content-{large}" / "seeds"
    if not content.exists():
        content, seeds = generator.write(work / f"content-{large}", large)
    cases = (
        ("bare", "bare", CONTENT, SEEDS),
        ("shipped", "bot", CONTENT, SEEDS),
        ("large", "bot", content, seeds),
    )
    started = {name: _probe(kind, c, s, plan.memory_updates) for name, kind, c, s in cases}
    results = {name: _probe_result(process) for name, process in started.items()}
    labels = {
        "bare": "Memory: bare python-telegram-bot app (reference)",
        "shipped": "Memory: bot, shipped content",
        "large": f"Memory: bot, {large:,} snippets",
    }
    # Absolute targets: what a small server (512 MB, shared with the system) can give the bot.
    limits = {"shipped": MEMORY_SHIPPED_MB, "large": MEMORY_LARGE_MB}
    for name, *_ in cases:
        r = results[name]
        limit = limits.get(name)
        report.add(
            Figure(
                f"memory.{name}",
                labels[name] + " — peak RSS (after imports → after load+index)",
                r["peak_rss_mb"],
                "MB",
                extra=r,
                target=f"≤ {limit} MB" if limit else "",
                passed=r["peak_rss_mb"] <= limit if limit else None,
                shown=f"{r['peak_rss_mb']:.0f} MB ({r['imported_rss_mb']:.0f} → "
                f"{r['loaded_rss_mb']:.0f} MB)",
            )
        )
    ratio = results["large"]["peak_rss_mb"] / results["shipped"]["peak_rss_mb"]
    report.add(
        Figure(
            "memory.growth",
            f"Peak RSS, {large:,} snippets vs shipped content",
            ratio,
            "x",
            ratio=ratio,
            shown=f"{ratio:.2f}x",
        )
    )


def memory_probe(kind: str, content: Path, seeds: Path, updates: int) -> None:
    """The child process: load, build, then run the bot (or the bare app) through `updates`
    updates of each kind; prints RSS after imports, after loading, and the peak."""

    async def drive() -> None:
        imported = _rss_mb()[1]
        with tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
            request = CannedRequest()
            if kind == "bare":
                app = bare_app(request)
                ids: list[str] = []
                topics: list[str] = []
            else:
                result = load_checked(content, seeds, clock.today())
                assert result.library is not None, [str(p) for p in result.problems[:5]]
                app = bot_app(result.library, Path(tmp), request)
                del result
                library = app.bot_data.conversation.content.library
                ids, topics = sorted(library.snippets), [t.id for t in library.topics]
            gc.collect()
            loaded = _rss_mb()[1]
            await start(app, kind != "bare")
            questions = load_questions()
            for n in range(updates):
                lang = LANGUAGES[n % 3]
                for update in (
                    message_update(4 * n, 5000 + n, lang, "/start"),
                    callback_update(
                        4 * n + 1, 5000 + n, lang, f"t:{topics[n % len(topics)]}" if topics else "m"
                    ),
                    callback_update(
                        4 * n + 2, 5000 + n, lang, f"s:{ids[n % len(ids)]}" if ids else "m"
                    ),
                    message_update(4 * n + 3, 5000 + n, *questions[n % len(questions)]),
                ):
                    await app.process_update(Update.de_json(update, app.bot))
            gc.collect()
            peak, current = _rss_mb()
            await stop(app, kind != "bare")
            print(
                json.dumps(
                    {
                        "peak_rss_mb": peak,
                        "current_rss_mb": current,
                        "imported_rss_mb": imported,
                        "loaded_rss_mb": loaded,
                    }
                )
            )

    asyncio.run(drive())


def _rss_mb() -> tuple[float, float]:
    """(peak, current) resident set size of this process, in MB.

    VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so a child forked from the big
    benchmark process would report the parent's peak.
    """
    try:
        status = dict(
            line.split(":", 1)
            for line in Path("/proc/self/status").read_text().splitlines()
            if ":" in line
        )
        return int(status["VmHWM"].split()[0]) / 1024, int(status["VmRSS"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak


# --- main -----------------------------------------------------------------------------------


def machine(quick: bool) -> dict[str, Any]:
    import telegram

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count() or 0,
        "usable_cores": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 0,
        "cpu": cpu,
        "python": platform.python_version(),
        "ptb": telegram.__version__,
        "platform": platform.platform(terse=True),
        "quick": quick,
        "load_average_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (small sizes)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--only",
        action="append",
        choices=PHASES,
        metavar="PHASE",
        help=f"run only this phase ({', '.join(PHASES)}); repeat for several. "
        "typed runs load too, as it needs the libraries load builds",
    )
    parser.add_argument("--memory-probe", choices=("bare", "bot"), help=argparse.SUPPRESS)
    parser.add_argument("--content", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seeds", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--updates", type=int, default=300, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # The same day as the command line's (BOT_TODAY, when set; the tests set it).
    clock.set_today(Settings(_env_file=None).bot_today)  # type: ignore[call-arg]
    if args.memory_probe:
        memory_probe(args.memory_probe, args.content, args.seeds, args.updates)
        return 0

    plan = QUICK if args.quick else FULL
    only = set(args.only or PHASES)
    if "typed" in only:
        only.add("load")
    errors_seen = ErrorCounter()
    logging.getLogger().addHandler(errors_seen)
    report = Report()
    began = time.perf_counter()
    load_at_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    shipped = load_checked(CONTENT, SEEDS, clock.today())
    assert shipped.library is not None, [str(p) for p in shipped.problems]
    library = shipped.library
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)

        def step(what: str) -> None:
            print(f"[{time.perf_counter() - began:6.1f} s] {what}", file=sys.stderr, flush=True)

        generator = Generator(library) if only - {"storage"} else None
        questions = typed_questions(generator) if generator and only & {"updates", "typed"} else []
        if "updates" in only:
            step("updates on the shipped content")
            asyncio.run(phase_updates(plan, library, questions, work, report))
        if "load" in only:
            step("generating and loading synthetic content")
            assert generator is not None
            libraries = phase_load(plan, generator, work, report)
            if "typed" in only:
                step("typed questions on synthetic content")
                asyncio.run(phase_typed(plan, libraries, questions, work, report))
            del libraries
            gc.collect()
        if "storage" in only:
            step("storage")
            phase_storage(plan, library, work, report)
        if "memory" in only:
            step("memory (fresh processes)")
            assert generator is not None
            phase_memory(plan, generator, work, report)
        step("done")
    assert not errors_seen.records, "the bot logged problems:\n" + "\n".join(
        errors_seen.records[:10]
    )
    info = machine(plan.quick)
    info["load_average_at_start"] = load_at_start
    info["seconds"] = round(time.perf_counter() - began, 1)
    print(markdown(report, info))
    if "baseline.message" in report.figures:
        print(
            f"\nBaseline's absolute cost: {report.figures['baseline.message'].value:,.0f} µs "
            f"CPU per message update (1 sendMessage), "
            f"{report.figures['baseline.callback'].value:,.0f} µs per callback update "
            "(answerCallbackQuery + editMessageText)."
        )
    print(f"Run took {info['seconds']} s ({', '.join(p for p in PHASES if p in only)}).")
    failed = [f.label for f in report.figures.values() if f.passed is False]
    print(
        f"Targets: {sum(f.passed is True for f in report.figures.values())} pass, "
        f"{len(failed)} fail" + (": " + "; ".join(failed) if failed else ".")
    )
    if args.json:
        figures = {
            key: {k: v for k, v in asdict(f).items() if k != "shown"}
            for key, f in report.figures.items()
        }
        saved = {"machine": info, "plan": asdict(plan), "notes": NOTES, "figures": figures}
        args.json.write_text(json.dumps(saved, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
