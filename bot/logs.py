"""Logging set-up: the bot's own level, and the promise that no token or user id is ever logged.

httpx logs every request URL at INFO, and the URL holds the token; python-telegram-bot logs
request parameters (chat ids) at DEBUG. Both are capped whatever BOT_LOG_LEVEL says, and a
filter scrubs the token and long digit runs (user and chat ids) from every record as a last line.
"""

from __future__ import annotations

import logging
import re
import sys

_LONG_NUMBER = re.compile(r"(?<![\w.])-?\d{6,}(?![\w.])")
QUIET = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "telegram.ext": logging.INFO,
    "apscheduler": logging.WARNING,
    "tornado": logging.WARNING,
}


class Redact(logging.Filter):
    """Replaces the token and anything that looks like a Telegram id in the formatted message."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<secret>")
        return _LONG_NUMBER.sub("<id>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = self.scrub(record.getMessage())
        if record.exc_info:
            message += "\n" + self.scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = message, None
        return True


class BriefTelegramErrors(logging.Filter):
    """An error from Telegram (a rejected token, an unreachable Bot API, flood control) is a
    condition to name, not a bug to trace: above DEBUG its traceback becomes one line.
    python-telegram-bot logs such tracebacks when start-up fails, just before `run` explains the
    same failure in one sentence."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and type(error).__module__.startswith("telegram."):
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args, record.exc_info, record.exc_text = None, None, None
        return True


def configure(level: str, secrets: list[str], stream: object = None) -> None:
    """Route all logging through one redacting handler at `level`."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if level != "DEBUG":
        handler.addFilter(BriefTelegramErrors())
    handler.addFilter(Redact(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    numeric = logging.getLevelName(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, numeric))
