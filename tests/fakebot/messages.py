"""What the fake keeps about each message, and how tests look at it.

A :class:`FakeMessage` is one message in one chat, sent by the bot or by a (fake) user. Tests read
``.text`` (what the user sees), ``.html`` (what the bot sent), ``.buttons`` and the rest; the fake
turns it into Telegram's Message JSON with :meth:`FakeMessage.to_json`.
"""

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Inline button fields that say what a button does, in the order the fake reports them.
_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "login_url",
    "copy_text",
    "callback_game",
    "pay",
)


class Button(NamedTuple):
    """One inline button: its label and its action value (callback_data, url, query...).

    It is a plain tuple, so ``button == ("Back", "m:back")`` works.
    """

    text: str
    action: Any


class Call(NamedTuple):
    """One request the fake received: canonical method name and decoded parameters."""

    method: str
    params: dict[str, Any]


@dataclass
class FakeMessage:
    """A message as the fake stores it."""

    message_id: int
    chat: dict[str, Any]
    date: int
    from_bot: bool
    sender: dict[str, Any] | None  # the User who sent it (None for channel posts)
    kind: str = "text"  # "text", or the media kind: "photo", "sticker", "voice", ...
    text: str = ""  # visible text (the caption, for media)
    html: str = ""  # the text exactly as sent (with tags, for parse_mode=HTML)
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    edit_date: int | None = None
    content: dict[str, Any] = field(default_factory=dict)  # e.g. {"sticker": {...}}

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    @property
    def buttons(self) -> list[list[Button]]:
        """Rows of inline buttons, as (text, action value) pairs."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[_button(raw) for raw in row] for row in rows]

    def to_json(self) -> dict[str, Any]:
        """This message as Telegram's Message object."""
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": dict(self.chat),
        }
        if self.sender is not None:
            message["from"] = dict(self.sender)
        if self.chat.get("type") == "channel":
            message["sender_chat"] = dict(self.chat)
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        if self.kind == "text":
            message["text"] = self.text
            if self.entities:
                message["entities"] = self.entities
        else:
            message.update(self.content)
            if self.text:
                message["caption"] = self.text
                if self.entities:
                    message["caption_entities"] = self.entities
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = self.reply_markup
        return message


def _button(raw: dict[str, Any]) -> Button:
    for key in _ACTIONS:
        if key in raw:
            value = raw[key]
            if isinstance(value, dict):  # web_app / login_url / copy_text carry a url or text
                value = value.get("url", value.get("text", value))
            return Button(raw.get("text", ""), value)
    return Button(raw.get("text", ""), None)
