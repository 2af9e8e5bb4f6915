"""Telegram handlers: thin adapters from updates to the conversation and back.

Every handler has the same shape: find the person's language, ask the conversation for a
screen, show it. Button taps are answered first (Telegram shows a spinner until then), then what
the tap changes is written off the event loop, then the menu message is edited in place; when it
cannot be edited any more, a new message is sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineQueryResultArticle, InputTextMessageContent, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import clock
from bot.checks import load_checked
from bot.conversation import LANGUAGE_SCREENS, Conversation, IndexedLibrary, Screen
from bot.telegram import clearing
from bot.telegram.admin import reload_done, reload_failed, stats
from bot.telegram.context import App, Context
from bot.telegram.keyboards import NO_PREVIEW, markup
from bot.telegram.limiter import NotRepeated

log = logging.getLogger(__name__)

USER_COMMANDS = ("start", *LANGUAGE_SCREENS)
PRIVATE_ONLY = frozenset({"clear"})
"""Commands not offered in groups: /clear deletes a private chat."""
_GONE = ("message to edit not found", "message can't be edited", "message_id_invalid")


def _conv(context: Context) -> Conversation:
    return context.bot_data.conversation


def _lang(update: Update, context: Context) -> str:
    user = update.effective_user
    return _conv(context).language_for(
        user.id if user else None, user.language_code if user else None
    )


async def send(context: Context, chat_id: int, screen: Screen) -> Message:
    return await context.bot.send_message(
        chat_id,
        screen.html,
        parse_mode=ParseMode.HTML,
        reply_markup=markup(screen.buttons),
        link_preview_options=NO_PREVIEW,
    )


async def reply(update: Update, context: Context, screen: Screen) -> None:
    chat = update.effective_chat
    if chat is not None:
        await send(context, chat.id, screen)


# --- commands and messages ----------------------------------------------------------------


async def on_start(update: Update, context: Context) -> None:
    payload = context.args[0] if context.args else None
    await reply(update, context, _conv(context).start(_lang(update, context), payload))


Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def screen_command(screen: Callable[[Conversation, str], Screen]) -> Handler:
    """A command whose reply depends only on the person's language."""

    async def handler(update: Update, context: Context) -> None:
        await reply(update, context, screen(_conv(context), _lang(update, context)))

    return handler


on_unknown_command = screen_command(Conversation.unknown_command)
on_clear_in_group = screen_command(Conversation.clear_private_only)
on_other = screen_command(Conversation.not_text)


async def on_text(update: Update, context: Context) -> None:
    message = update.effective_message
    text = message.text if message and message.text else ""
    await reply(update, context, _conv(context).typed(_lang(update, context), text))


# --- admin --------------------------------------------------------------------------------


def _is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data.settings.admin_ids


async def on_reload(update: Update, context: Context) -> None:
    if not _is_admin(update, context):
        return await on_unknown_command(update, context)
    settings = context.bot_data.settings
    conv = _conv(context)
    old = conv.content.library
    result = await asyncio.to_thread(
        load_checked,
        settings.bot_content_dir,
        settings.bot_seeds_dir,
        clock.today(),
        settings.bot_default_language,
    )
    if result.library is None:
        text = reload_failed(result.problems, old)
    else:
        conv.replace_content(await asyncio.to_thread(IndexedLibrary.build, result.library))
        text = reload_done(old, result.library, [p for p in result.problems if p.warning])
        log.info("content reloaded: version %s", result.library.version)
    await reply(update, context, Screen(text))


async def on_stats(update: Update, context: Context) -> None:
    if not _is_admin(update, context):
        return await on_unknown_command(update, context)
    conv = _conv(context)
    data = await asyncio.to_thread(conv.store.stats)
    await reply(update, context, Screen(stats(data, conv.content.library, clock.today())))


# --- buttons and inline -------------------------------------------------------------------


async def on_tap(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    conv = _conv(context)
    result = conv.tap(query.from_user.id, _lang(update, context), query.data)
    message = query.message
    chat_id = message.chat.id if message is not None else query.from_user.id
    if result.effect == "keep" and (
        message is None or not clearing.keep(context.job_queue, chat_id, message.message_id)
    ):
        result = conv.tap(query.from_user.id, _lang(update, context), None)  # gone or kept
    try:
        await query.answer(result.toast)
    except BadRequest as error:
        # A tap that waited too long (a slow network, a restart) can no longer be answered;
        # the person still pressed the button, so they still get the screen they asked for.
        if "query is too old" not in error.message.lower():
            raise
        log.info("a button tap arrived too late to answer; showing its screen anyway")
    if result.write is not None:
        # Answered first, so the button stops spinning; written in a thread, so a slow disk
        # holds up only this person; shown after, so the chat never confirms what is not kept.
        await asyncio.to_thread(result.write)
    if result.effect == "clear":
        return await _clear(update, context, chat_id)
    if result.screen is None:
        return
    # Sent inline (no message), or inaccessible: PTB gives a Message dated 0, not an
    # InaccessibleMessage, so the date is what tells.
    if not isinstance(message, Message) or not message.is_accessible:
        if not result.only_buttons:
            await send(context, chat_id, result.screen)
        return
    try:
        if result.only_buttons:
            await message.edit_reply_markup(markup(result.screen.buttons))
        else:
            await message.edit_text(
                result.screen.html,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(result.screen.buttons),
                link_preview_options=NO_PREVIEW,
            )
    except BadRequest as error:
        text = error.message.lower()
        if "not modified" in text:
            return  # the same menu tapped twice: nothing to change, nothing wrong
        if any(gone in text for gone in _GONE):
            if not result.only_buttons:  # a vote on a gone card was counted; nothing to show
                await send(context, chat_id, result.screen)
            return
        raise


async def _clear(update: Update, context: Context, chat_id: int) -> None:
    """Delete what this private chat holds from the last 48 hours, then say what was done."""
    conv, lang = _conv(context), _lang(update, context)
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await send(context, chat_id, conv.clear_private_only(lang))
        return
    ids = clearing.recent(context).take(chat_id)
    deleted, failed = await clearing.delete_recent(context.bot, chat_id, ids)
    summary = await send(context, chat_id, conv.clear_summary(lang, deleted, failed))
    clearing.schedule_removal(context.job_queue, summary)


async def on_inline(update: Update, context: Context) -> None:
    query = update.inline_query
    assert query is not None
    answers = _conv(context).inline(_lang(update, context), query.query)
    results = [
        InlineQueryResultArticle(
            id=a.snippet_id,
            title=a.title,
            description=a.description,
            input_message_content=InputTextMessageContent(
                a.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
            ),
        )
        for a in answers
    ]
    await query.answer(results, cache_time=60, is_personal=True)


# --- errors -------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """One log line, never the update (it holds ids and text), never a crash."""
    error = context.error
    kind = type(update).__name__ if update is not None else "no update"
    if isinstance(error, NotRepeated):
        return  # the limiter has said why, once
    if isinstance(error, Forbidden):
        log.info("a person has blocked the bot or left the chat; nothing sent")
        return
    if isinstance(error, BadRequest) and "query is too old" in error.message.lower():
        log.info("a button tap arrived too late to answer")
        return
    log.error("error while handling %s: %s: %s", kind, type(error).__name__, error)


def register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    fresh = filters.UpdateType.MESSAGE
    # Noted before any handler answers (group -1 runs first), so /clear can delete it later.
    app.add_handler(MessageHandler(fresh & private, clearing.remember_incoming), group=-1)
    # Button taps are most of the traffic and only this handler takes them: checked first, they
    # skip the message handlers' checks.
    app.add_handler(CallbackQueryHandler(on_tap))
    # Typed questions next: no command handler can take a message without a leading command,
    # so checking them first only costs time.
    # An edited question is asked again; an edited sticker or a moving live location is not.
    app.add_handler(
        MessageHandler(
            private & filters.TEXT & ~filters.COMMAND & (fresh | filters.UpdateType.EDITED_MESSAGE),
            on_text,
        )
    )
    app.add_handler(CommandHandler("start", on_start, filters=fresh))
    for name, screen in LANGUAGE_SCREENS.items():
        where = fresh & private if name in PRIVATE_ONLY else fresh
        app.add_handler(CommandHandler(name, screen_command(screen), filters=where))
    app.add_handler(CommandHandler(sorted(PRIVATE_ONLY), on_clear_in_group, filters=fresh))
    app.add_handler(CommandHandler("reload", on_reload, filters=fresh))
    app.add_handler(CommandHandler("stats", on_stats, filters=fresh))
    app.add_handler(MessageHandler(private & filters.COMMAND & fresh, on_unknown_command))
    app.add_handler(
        MessageHandler(private & fresh & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other)
    )
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_error_handler(on_error)


__all__ = ["register", "USER_COMMANDS"]
