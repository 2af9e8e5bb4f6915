"""Update builders: what fake users do, queued for the bot's getUpdates.

:class:`UpdateBuilders` is mixed into :class:`fakebot.core.FakeTelegram`; it relies on the
core's lock, chat registry and message store (the ``_`` helpers named in its docstring). Each
``push_*`` builds an Update the way Telegram would (entities for a leading /command, the message a
pressed button belongs to, ids registered so that answering them works) and returns it.
"""

import itertools
import re
import threading
from typing import Any

from .messages import FakeMessage

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
DEFAULT_GROUP_ID = -1001000000001
DEFAULT_CHANNEL_ID = -1002000000002


class UpdateBuilders:
    """``push_*`` methods. The host class provides ``_lock``, ``_chats``, ``_open_callbacks``,
    ``_open_inline_queries``, ``_now()``, ``_new_message_id(chat_id)``, ``_store(message)``,
    ``_find(chat_id, message_id)``, ``_enqueue(update)`` and ``messages(chat_id)``."""

    _lock: threading.RLock
    _chats: dict[int, dict[str, Any]]
    _open_callbacks: set[str]
    _open_inline_queries: set[str]
    _query_ids = itertools.count(4_400_000_000_000_000_001)

    # -- people and chats -----------------------------------------------------------------------

    @staticmethod
    def user(
        id: int,
        first_name: str = "Test",
        language_code: str | None = "en",
        *,
        username: str | None = None,
    ) -> dict[str, Any]:
        """A Telegram User (not a bot). ``language_code=None`` leaves it out, as Telegram may."""
        user: dict[str, Any] = {"id": id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def _open_chat(
        self, user: dict[str, Any], chat_type: str, chat_id: int | None
    ) -> dict[str, Any]:
        """The chat ``user`` writes in; it becomes known to the fake (sending to it works)."""
        if chat_type == "private":
            chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                chat["username"] = user["username"]
        elif chat_type in ("group", "supergroup", "channel"):
            default = DEFAULT_CHANNEL_ID if chat_type == "channel" else DEFAULT_GROUP_ID
            chat = {"id": chat_id or default, "type": chat_type, "title": f"Test {chat_type}"}
        else:
            raise ValueError(f"unknown chat type {chat_type!r}")
        with self._lock:
            return self._chats.setdefault(int(chat["id"]), chat)

    def _incoming(
        self,
        user: dict[str, Any] | None,
        chat: dict[str, Any],
        *,
        kind: str = "text",
        text: str = "",
        entities: list[dict[str, Any]] | None = None,
        **content: Any,
    ) -> FakeMessage:
        """Store a message a user (or channel) sent and return it."""
        with self._lock:
            message = FakeMessage(
                message_id=self._new_message_id(int(chat["id"])),
                chat=chat,
                date=self._now(),
                from_bot=False,
                sender=user,
                kind=kind,
                text=text,
                html=text,
                entities=entities or [],
                content=content,
            )
            return self._store(message)

    # -- messages -------------------------------------------------------------------------------

    def push_message(
        self,
        user: dict[str, Any],
        text: str,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """``user`` sends ``text``; a leading /command gets its bot_command entity."""
        chat = self._open_chat(user, chat_type, chat_id)
        entities = []
        found = _COMMAND.match(text)
        if found:
            entities.append({"type": "bot_command", "offset": 0, "length": found.end()})
        message = self._incoming(user, chat, text=text, entities=entities)
        return self._enqueue({"message": message.to_json()})

    def _push_media(
        self,
        user: dict[str, Any],
        chat_type: str,
        chat_id: int | None,
        kind: str,
        caption: str = "",
        **content: Any,
    ) -> dict[str, Any]:
        chat = self._open_chat(user, chat_type, chat_id)
        message = self._incoming(user, chat, kind=kind, text=caption, **content)
        return self._enqueue({"message": message.to_json()})

    def push_sticker(
        self,
        user: dict[str, Any],
        emoji: str = "👍",
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        sticker = {
            **_file("sticker"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._push_media(user, chat_type, chat_id, "sticker", sticker=sticker)

    def push_photo(
        self,
        user: dict[str, Any],
        caption: str = "",
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        sizes = [{**_file(f"photo{w}"), "width": w, "height": w} for w in (90, 320, 800)]
        return self._push_media(user, chat_type, chat_id, "photo", caption, photo=sizes)

    def push_voice(
        self,
        user: dict[str, Any],
        duration: int = 3,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        voice = {**_file("voice"), "duration": duration, "mime_type": "audio/ogg"}
        return self._push_media(user, chat_type, chat_id, "voice", voice=voice)

    def push_location(
        self,
        user: dict[str, Any],
        latitude: float = 48.8566,
        longitude: float = 2.3522,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        location = {"latitude": latitude, "longitude": longitude}
        return self._push_media(user, chat_type, chat_id, "location", location=location)

    def push_edited_message(
        self, user: dict[str, Any], message_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """``user`` edits their own message ``message_id`` (in their private chat by default)."""
        with self._lock:
            message = self._find(chat_id or user["id"], message_id)
            if message is None or message.from_bot:
                raise LookupError(f"user message {message_id} not found in chat {chat_id}")
            message.text = message.html = text
            message.edit_date = self._now()
            return self._enqueue({"edited_message": message.to_json()})

    def push_channel_post(
        self, text: str, chat_id: int = DEFAULT_CHANNEL_ID, title: str = "Test channel"
    ) -> dict[str, Any]:
        """A post in a channel the bot is in (no ``from``; ``sender_chat`` is the channel)."""
        with self._lock:
            chat = self._chats.setdefault(
                chat_id, {"id": chat_id, "type": "channel", "title": title}
            )
        message = self._incoming(None, chat, text=text)
        return self._enqueue({"channel_post": message.to_json()})

    # -- queries --------------------------------------------------------------------------------

    def push_callback(
        self, user: dict[str, Any], message_id: int, data: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """``user`` presses a button carrying ``data`` on message ``message_id``.

        Any ``data`` is accepted, as a modified client could send it; use
        :meth:`press_button` to press a button that really is on the message.
        """
        with self._lock:
            chat_id = chat_id or user["id"]
            stored = self._find(chat_id, message_id)
            if stored is not None:
                message = stored.to_json()
            else:  # Telegram sends an InaccessibleMessage for messages it cannot show
                chat = self._chats.get(chat_id, {"id": chat_id, "type": "private"})
                message = {"chat": chat, "message_id": message_id, "date": 0}
            query_id = str(next(self._query_ids))
            self._open_callbacks.add(query_id)
            query = {
                "id": query_id,
                "from": user,
                "message": message,
                "chat_instance": str(abs(chat_id) * 7 + 1),
                "data": data,
            }
            return self._enqueue({"callback_query": query})

    def press_button(
        self,
        user: dict[str, Any],
        text: str,
        message_id: int | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Press the callback button labelled ``text`` on a bot message (default: the last)."""
        chat_id = chat_id or user["id"]
        shown = self.messages(chat_id)
        if message_id is not None:
            shown = [m for m in shown if m.message_id == message_id]
        if not shown:
            raise LookupError(f"no bot message {message_id or ''} in chat {chat_id}")
        message = shown[-1]
        for row in message.buttons:
            for button in row:
                if button.text == text and isinstance(button.action, str):
                    return self.push_callback(user, message.message_id, button.action, chat_id)
        labels = [b.text for row in message.buttons for b in row]
        raise LookupError(f"no button {text!r} on message {message.message_id}: {labels}")

    def push_inline_query(
        self, user: dict[str, Any], query: str, chat_type: str = "sender"
    ) -> dict[str, Any]:
        """``user`` types ``@bot query`` in some chat."""
        with self._lock:
            query_id = str(next(self._query_ids))
            self._open_inline_queries.add(query_id)
            inline = {
                "id": query_id,
                "from": user,
                "query": query,
                "offset": "",
                "chat_type": chat_type,
            }
            return self._enqueue({"inline_query": inline})

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw Update (``update_id`` is added when missing)."""
        return self._enqueue(update)


_file_ids = itertools.count(1)


def _file(kind: str) -> dict[str, Any]:
    number = next(_file_ids)
    return {"file_id": f"FAKE-{kind}-{number}", "file_unique_id": f"u{kind}{number}"}
