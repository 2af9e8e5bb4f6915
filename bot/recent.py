"""The ids of recent messages in each private chat, so that /clear can delete them.

In memory only, never written anywhere: per chat, the id and arrival time of the last
`PER_CHAT` messages of the last `KEEP` (Telegram lets a bot delete messages only while they are
younger than 48 hours). Nothing else about a message is kept, and a chat with no message
younger than `KEEP` is forgotten entirely. A restart forgets everything, which is why /clear's
summary says that older messages must be deleted by hand.

Ages are measured on the real clock (`time.time`), not on `bot.clock`'s day: Telegram's
48 hours are real hours, whatever day the content is previewed for.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

KEEP = 48 * 3600.0
"""Seconds a message id is kept: Telegram refuses to delete older messages."""
PER_CHAT = 1000
"""Ids kept per chat; a longer conversation keeps its newest."""
SWEEP_EVERY = 60.0
"""Seconds between sweeps that forget chats gone quiet; sweeping is O(chats)."""


class RecentMessages:
    """Message ids per private chat from the last 48 hours (see the module docstring)."""

    def __init__(
        self, keep: float = KEEP, per_chat: int = PER_CHAT, now: Callable[[], float] = time.time
    ) -> None:
        self.keep, self.per_chat, self._now = keep, per_chat, now
        self._chats: dict[int, deque[tuple[float, int]]] = {}
        self._swept = now()

    def add(self, chat_id: int, message_id: int) -> None:
        now = self._now()
        ids = self._chats.get(chat_id)
        if ids is None:
            ids = self._chats[chat_id] = deque(maxlen=self.per_chat)
        ids.append((now, message_id))
        if now - self._swept > SWEEP_EVERY:
            self._sweep(now)

    def take(self, chat_id: int) -> list[int]:
        """The ids still deletable in this chat, oldest first; the chat is forgotten."""
        ids = self._chats.pop(chat_id, deque())
        cutoff = self._now() - self.keep
        return sorted({message_id for at, message_id in ids if at > cutoff})

    def drop(self, chat_id: int, message_id: int) -> None:
        """Forget one id (a message the bot itself deleted)."""
        ids = self._chats.get(chat_id)
        if ids is not None:
            kept = [(at, i) for at, i in ids if i != message_id]
            if kept:
                self._chats[chat_id] = deque(kept, maxlen=self.per_chat)
            else:
                del self._chats[chat_id]

    def __len__(self) -> int:
        """Ids held, in all chats (for tests and the memory benchmark)."""
        return sum(len(ids) for ids in self._chats.values())

    def chats(self) -> int:
        return len(self._chats)

    def _sweep(self, now: float) -> None:
        cutoff = now - self.keep
        for chat_id in [c for c, ids in self._chats.items() if ids[-1][0] <= cutoff]:
            del self._chats[chat_id]
        for ids in self._chats.values():
            while ids and ids[0][0] <= cutoff:
                ids.popleft()
        self._swept = now
