"""/clear in Telegram: note recent message ids, delete them on request, and let the summary go.

Every message the bot sends goes through `RecordingBot._send_message` (python-telegram-bot's one
path for all `send_*` calls), and every message a person sends passes `remember_incoming`, so
the ids /clear needs are noted at two seams, not in each handler. They live in a
`bot.recent.RecentMessages`, in memory only.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, cast

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ExtBot, JobQueue

from bot.recent import RecentMessages
from bot.telegram.context import Context

log = logging.getLogger(__name__)

BATCH = 100
"""Ids per deleteMessages call: Telegram accepts 1-100."""
SUMMARY_SECONDS = 60
"""How long /clear's summary stays before it deletes itself (unless the person keeps it)."""
SUMMARY_JOB = "clear summary"
"""One name for every summary job; the chat is in the job's data, never in a name a log shows."""


class RecordingBot(ExtBot):
    """The application's bot: notes the id of each message it sends to a private chat."""

    def __init__(self, recent: RecentMessages, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._recent = recent

    async def _send_message(self, endpoint: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        result = await super()._send_message(endpoint, data, *args, **kwargs)
        if isinstance(result, Message) and result.chat.type == ChatType.PRIVATE:
            self._recent.add(result.chat.id, result.message_id)
        return result


def recent(context: Context) -> RecentMessages:
    return context.bot_data.recent


async def remember_incoming(update: Update, context: Context) -> None:
    """Runs before every other handler for a new message in a private chat."""
    message = update.message
    if message is not None and message.chat.type == ChatType.PRIVATE:
        recent(context).add(message.chat.id, message.message_id)


async def delete_recent(bot: ExtBot, chat_id: int, ids: list[int]) -> tuple[int, int]:
    """Delete `ids` in batches, one by one where a batch is refused: (deleted, not deleted).

    Telegram skips ids it cannot find in a batch, and a message the person already deleted is
    off their phone either way, so both count as deleted. One log line says what went wrong.
    """
    deleted = failed = 0
    problems: Counter[str] = Counter()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        try:
            await bot.delete_messages(chat_id, batch)
            deleted += len(batch)
            continue
        except BadRequest as error:  # e.g. one message is too old: the others may still go
            problems[f"batch refused: {error.message}"] += 1
        except TelegramError as error:  # rate limit outlasting the retries, network, blocked
            problems[type(error).__name__] += 1
            failed += len(batch)
            continue
        for message_id in batch:
            try:
                await bot.delete_message(chat_id, message_id)
                deleted += 1
            except BadRequest as error:
                if "not found" in error.message.lower():
                    deleted += 1
                else:
                    failed += 1
                    problems[error.message] += 1
            except TelegramError as error:
                failed += 1
                problems[type(error).__name__] += 1
    if problems:
        reasons = "; ".join(f"{what} ×{n}" for what, n in problems.most_common())
        log.info("/clear: %d deleted, %d could not be deleted (%s)", deleted, failed, reasons)
    else:
        log.info("/clear: %d deleted", deleted)
    return deleted, failed


def schedule_removal(job_queue: JobQueue | None, message: Message) -> None:
    if job_queue is not None:
        job_queue.run_once(
            _remove_summary,
            SUMMARY_SECONDS,
            name=SUMMARY_JOB,
            data=(message.chat.id, message.message_id),
        )


def keep(job_queue: JobQueue | None, chat_id: int, message_id: int) -> bool:
    """Cancel the removal of a summary; False if it was not pending (gone, or kept already)."""
    found = False
    for job in job_queue.get_jobs_by_name(SUMMARY_JOB) if job_queue is not None else ():
        if job.data == (chat_id, message_id):
            job.schedule_removal()
            found = True
    return found


async def _remove_summary(context: Context) -> None:
    assert context.job is not None
    chat_id, message_id = cast("tuple[int, int]", context.job.data)
    recent(context).drop(chat_id, message_id)
    try:
        await context.bot.delete_message(chat_id, message_id)
    except TelegramError as error:  # the person deleted it, or blocked the bot, meanwhile
        log.info("/clear summary not deleted: %s", getattr(error, "message", type(error).__name__))
