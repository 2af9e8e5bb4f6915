"""Screens from the conversation as Telegram objects: inline keyboards and message options."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from bot.callbacks import encode
from bot.conversation import Keyboard

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
"""Cards link their source; a large preview of the article would bury the answer."""


def markup(rows: Keyboard) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.text, url=b.url) if b.url
         else InlineKeyboardButton(b.text, callback_data=encode(b.action))  # type: ignore[arg-type]
         for b in row]
        for row in rows])
