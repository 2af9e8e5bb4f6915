"""Screens from the conversation as Telegram objects: inline keyboards and message options.

Keyboards are built and serialised once per distinct keyboard. python-telegram-bot builds each
button through its generic TelegramObject machinery and serialises ``reply_markup`` again on
every call, which cost more than the rest of the Bot API call (README, Performance). The bot
shows the same few menus over and over, and Telegram objects are immutable, so doing it once is
safe.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from bot.callbacks import encode
from bot.conversation import Keyboard

KEYBOARD_CACHE = 1024
"""Distinct keyboards kept: every menu and topic, and the cards in use (a few MB at most)."""


class _Keyboard(InlineKeyboardMarkup):
    """An inline keyboard whose JSON form is computed once, when it is built.

    The dict ``to_dict`` returns is shared: python-telegram-bot only JSON-encodes it.
    """

    __slots__ = ("_json",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Frozen Telegram objects still accept attributes whose name starts with "_".
        self._json = super().to_dict()

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        return self._json if recursive else super().to_dict(recursive=False)


class _NoPreview(LinkPreviewOptions):
    """Link preview options sent with every message, serialised once."""

    __slots__ = ("_json",)

    def __init__(self) -> None:
        super().__init__(is_disabled=True)
        self._json = super().to_dict()

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        return self._json if recursive else super().to_dict(recursive=False)


NO_PREVIEW: LinkPreviewOptions = _NoPreview()
"""Cards link their source; a large preview of the article would bury the answer."""


@lru_cache(maxsize=KEYBOARD_CACHE)
def markup(rows: Keyboard) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return _Keyboard(
        [
            [
                InlineKeyboardButton(b.text, url=b.url)
                if b.url
                else InlineKeyboardButton(b.text, callback_data=encode(b.action))  # type: ignore[arg-type]
                for b in row
            ]
            for row in rows
        ]
    )
