"""What every handler reaches through `context.bot_data`, typed with python-telegram-bot's
`ContextTypes` instead of a string-keyed dict."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.conversation import Conversation
from bot.recent import RecentMessages
from bot.settings import Settings


class BotData:
    """Set once by `bot.telegram.app.create`, before any update arrives.

    python-telegram-bot makes this object itself, with no arguments, so the fields have no
    defaults: reading one before `create` sets it is a bug and raises AttributeError.
    """

    conversation: Conversation
    settings: Settings
    recent: RecentMessages
    """Ids of the last hours' messages per private chat, for /clear; in memory only."""


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
"""The `context` argument of every handler."""

# Any for the bot: the application's bot is a subclass of ExtBot (bot.telegram.clearing).
App = Application[Any, Context, dict[Any, Any], dict[Any, Any], BotData, Any]
"""The application, built with `CONTEXT_TYPES`."""

CONTEXT_TYPES = ContextTypes(bot_data=BotData)
