"""The command line: `python -m bot run | check | chat | report | eval | translations` (also the
`advocacy-bot` script).

A thin `main(argv)`: parse, call one function, return an exit code. Exit codes: 0 fine,
1 problems found or the bot refused to start, 2 the command itself was mistyped.
"""

from __future__ import annotations

import argparse
import sys
import time
from importlib import metadata
from pathlib import Path

from pydantic import ValidationError

from bot import clock
from bot.invocation import program
from bot.settings import DEFAULT_LISTEN, DEFAULT_PORT, Settings


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = first["loc"][0] if first["loc"] else "a setting"
        raise SystemExit(
            f"The setting {name} is not valid: {first['msg']}. Fix it in the "
            "environment or the .env file."
        ) from None


def _version() -> str:
    try:
        return metadata.version("advocacy-bot")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _language_code(value: str) -> str:
    """A language's code (en, ar, tr); whether the content offers it is checked on loading."""
    from bot.language import code_shape

    if not code_shape(value):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a language code: two or three lowercase letters, such as en"
        )
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program(),
        description="Vetted, sourced answers for refugees on Telegram: run the "
        "bot, check and preview content.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser(
        "run",
        help="run the bot on Telegram (long polling, or a webhook)",
        description="Run the bot on Telegram. It needs the token from @BotFather in "
        "TELEGRAM_BOT_TOKEN (in the environment or a .env file); without "
        "--webhook-url it uses long polling.",
    )
    run.add_argument(
        "--webhook-url", help="public https:// address Telegram should call (webhook mode)"
    )
    run.add_argument(
        "--listen",
        default=None,
        help=f"address to listen on (webhook mode; default {DEFAULT_LISTEN})",
    )
    run.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port to listen on (webhook mode; default {DEFAULT_PORT})",
    )
    check = sub.add_parser("check", help="check seeds/ and content/; one line per problem")
    check.add_argument(
        "--strict", action="store_true", help="warnings (e.g. review overdue) fail too"
    )
    chat = sub.add_parser("chat", help="try the conversation in this terminal, offline")
    chat.add_argument("--lang", type=_language_code, help="language to start in (its code)")
    report = sub.add_parser("report", help="write an HTML review sheet of all content")
    report.add_argument("--out", required=True, type=Path, help="the HTML file to write")
    report.add_argument(
        "--data",
        type=Path,
        help="the bot's data folder: include its counts and "
        "the questions nobody could answer (read from a copy; the bot may run)",
    )
    evaluate = sub.add_parser(
        "eval",
        help="run a file of typed questions against the content; "
        "print hit@1, hit@3, the no-card rate and each miss",
    )
    evaluate.add_argument("file", type=Path, help="YAML list of {ask, lang, answer}")
    evaluate.add_argument(
        "--lang", type=_language_code, help="only the questions of this language (its code)"
    )
    evaluate.add_argument(
        "--min-top3",
        type=float,
        metavar="P",
        help="exit 1 unless each language finds at least P%% of its answers "
        "in the first three offered (0-100)",
    )
    translations = sub.add_parser(
        "translations",
        help="record that the translations of answers match their current text in the "
        "first language of content/languages.yaml (after a translator has checked them)",
    )
    which = translations.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--mark", metavar="ID", help="the id of the answer whose translations were checked"
    )
    which.add_argument("--all", action="store_true", help="every answer in content/snippets/")
    return parser


def mark_translations(settings: Settings, snippet_id: str | None) -> int:
    """Rewrite the `translated_from` block of one answer's file (or of every answer's)."""
    from bot.content.reader import read
    from bot.content.translations import MarkError, mark
    from bot.language import load_languages

    languages, problems = load_languages(settings.bot_content_dir)
    if languages is None or any(not p.warning for p in problems):
        for problem in problems:
            print(problem)
        return 1
    marked = 0
    failed = False
    for path in sorted((settings.bot_content_dir / "snippets").glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        if snippet_id is not None:
            value = read(text).value
            if path.stem != snippet_id and not (
                isinstance(value, dict) and value.get("id") == snippet_id
            ):
                continue
        try:
            new = mark(text, languages.codes)
        except MarkError as exc:
            print(f"{path}:1: not marked: {exc}", file=sys.stderr)
            failed = True
            continue
        if new != text:
            path.write_text(new, encoding="utf-8")
        marked += 1
    if snippet_id is not None and not marked and not failed:
        print(
            f"There is no answer with the id '{snippet_id}' in "
            f"{settings.bot_content_dir / 'snippets'}.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Marked the translations of {marked} answer(s) as checked against their "
        f"{languages.source.english_name} text.",
        file=sys.stderr,
    )
    return 1 if failed else 0


def run_eval(settings: Settings, file: Path, lang: str | None, min_top3: float | None) -> int:
    from bot.checks import load_or_explain
    from bot.evaluation import (
        QuestionFileError,
        evaluate,
        labels_of,
        load_questions,
        report,
        respond,
    )
    from bot.search import SearchIndex

    if min_top3 is not None and not 0 <= min_top3 <= 100:
        print(f"--min-top3 is a percentage from 0 to 100, not {min_top3:g}", file=sys.stderr)
        return 2
    library = load_or_explain(settings.bot_content_dir, settings.bot_seeds_dir, clock.today())
    if library is None:
        return 1
    if lang is not None and lang not in library.languages:
        print(
            f"--lang {lang}: this content offers {', '.join(library.languages.codes)}",
            file=sys.stderr,
        )
        return 2
    try:
        questions = load_questions(file, labels_of(library), library.languages.codes)
    except QuestionFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    questions = [q for q in questions if lang is None or q.lang == lang]
    if not questions:
        print(f"{file}: no questions in {lang}", file=sys.stderr)
        return 2
    index = SearchIndex.from_library(library)
    table = report(
        evaluate(questions, lambda text, code: respond(index, text, code)),
        sys.stdout,
        library.languages.codes,
    )
    if min_top3 is not None:
        short = [f for f in table if f.questions and 100 * f.hit3 < min_top3]
        for f in short:
            print(
                f"{f.lang}: {100 * f.hit3:.1f}% in the first three, below --min-top3 {min_top3:g}%",
                file=sys.stderr,
            )
        return 1 if short else 0
    return 0


def check(settings: Settings, strict: bool) -> int:
    from bot.checks import load_checked

    started = time.perf_counter()
    result = load_checked(
        settings.bot_content_dir,
        settings.bot_seeds_dir,
        clock.today(),
        settings.bot_default_language,
    )
    elapsed = time.perf_counter() - started
    for problem in result.problems:
        print(problem)
    failing = [p for p in result.problems if strict or not p.warning]
    warnings = sum(p.warning for p in result.problems)
    errors = len(result.problems) - warnings
    summary = (
        f"{result.files} snippet files checked in {elapsed:.2f} s: "
        f"{errors} error(s), {warnings} warning(s)"
    )
    print(summary, file=sys.stderr)
    return 1 if failing else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings()
    clock.set_today(settings.bot_today)
    if args.command == "check":
        return check(settings, args.strict)
    if args.command == "translations":
        return mark_translations(settings, None if args.all else args.mark)
    if args.command == "run":
        from bot.telegram.app import run

        return run(settings, webhook_url=args.webhook_url, listen=args.listen, port=args.port)
    if args.command == "chat":
        from bot.terminal import chat

        return chat(settings, lang=args.lang)
    if args.command == "report":
        from bot.report import write_report

        return write_report(settings, out=args.out, data_dir=args.data, today=clock.today())
    # argparse accepts no command but those above and eval (an unknown one exits with 2 there).
    return run_eval(settings, args.file, args.lang, args.min_top3)
