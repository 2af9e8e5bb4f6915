"""Rate limiting and bounded retries for every Bot API call.

python-telegram-bot's AIORateLimiter keeps under Telegram's flood limits and waits out a 429
(`retry_after`). Telegram also has passing 5xx errors and timeouts; those are retried a few
times with a short back-off. Bad requests and refusals are never retried: they would fail again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

UNTHROTTLED = frozenset({"answerCallbackQuery", "answerInlineQuery"})
"""Answers to a person's own tap or query: Telegram's flood limits count messages sent to chats,
not these, and they must go out at once (a tap spins until answered)."""


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, network_retries: int = 3, backoff: float = 0.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(self, callback: Any, args: Any, kwargs: Any, endpoint: str,
                              data: dict[str, Any], rate_limit_args: Any) -> Any:
        attempt = 0
        while True:
            try:
                if endpoint in UNTHROTTLED:
                    return await callback(*args, **kwargs)
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)
            except (BadRequest, RetryAfter):
                raise
            except NetworkError as error:  # includes timeouts and Telegram's 5xx answers
                if attempt >= self.network_retries:
                    raise
                attempt += 1
                log.warning("%s failed (%s); retry %d of %d", endpoint, type(error).__name__,
                            attempt, self.network_retries)
                await asyncio.sleep(self.backoff * attempt)
