"""Rate limiting and bounded retries for every Bot API call, never delivering a message twice.

python-telegram-bot's AIORateLimiter keeps under Telegram's flood limits and waits out a 429
(`retry_after`). Passing network trouble is retried a few times with a short back-off, but only
where a repeat cannot show a person something twice:

- calls that are safe to repeat (reads, edits, answers to a tap or an inline query, settings,
  deletions): a repeat of one that did arrive changes nothing, or is refused harmlessly;
- any call that certainly never reached Telegram (the connection was refused or could not be
  made), or that Telegram answered with a server error (it reports it did not carry it out).

A send whose answer never came (a read timeout, a dropped connection) may have arrived: it is
not repeated, and one warning says so. Bad requests and refusals are never retried.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

UNTHROTTLED = frozenset({"answerCallbackQuery", "answerInlineQuery"})
"""Answers to a person's own tap or query: Telegram's flood limits count messages sent to chats,
not these, and they must go out at once (a tap spins until answered)."""

REPEATABLE = ("get", "edit", "answer", "set", "delete")
"""Method prefixes whose repeat cannot show anything twice: a second edit is "not modified", a
second answer to a tap or query is refused as too old, reads and settings are idempotent."""

NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""httpx failures raised before a request leaves the machine (python-telegram-bot wraps them in
NetworkError or TimedOut and keeps them as the cause)."""

_ALREADY_ANSWERED = ("query is too old", "query id is invalid")


class NotRepeated(NetworkError):
    """A send got no answer and was not repeated: it may or may not have arrived (warned once)."""


def may_have_arrived(error: NetworkError) -> bool:
    """Whether Telegram may have carried out the call that failed with `error`."""
    cause = error.__cause__
    if isinstance(cause, NEVER_SENT):
        return False
    # No cause: Telegram itself answered with a server error, so it did not carry the call out.
    # Any other cause (a read timeout, a dropped connection, a gateway's page) leaves it open.
    return isinstance(error, TimedOut) or cause is not None


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, network_retries: int = 3, backoff: float = 0.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Any,
        args: Any,
        kwargs: Any,
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> Any:
        attempt = 0
        repeatable = endpoint.startswith(REPEATABLE)
        while True:
            try:
                if endpoint in UNTHROTTLED:
                    return await callback(*args, **kwargs)
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest as error:
                if (
                    attempt
                    and endpoint in UNTHROTTLED
                    and any(m in error.message.lower() for m in _ALREADY_ANSWERED)
                ):
                    return True  # the first attempt arrived; only its answer was lost
                raise
            except RetryAfter:
                raise
            except NetworkError as error:  # includes timeouts and Telegram's 5xx answers
                if not repeatable and may_have_arrived(error):
                    log.warning(
                        "%s got no answer (%s); not repeated, because it may have "
                        "arrived and a repeat could show it twice",
                        endpoint,
                        type(error).__name__,
                    )
                    raise NotRepeated(error.message) from error
                if attempt >= self.network_retries:
                    raise
                attempt += 1
                log.warning(
                    "%s failed (%s); retry %d of %d",
                    endpoint,
                    type(error).__name__,
                    attempt,
                    self.network_retries,
                )
                await asyncio.sleep(self.backoff * attempt)
