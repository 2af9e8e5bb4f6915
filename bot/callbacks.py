"""Button data: what each inline button carries back, encoded within Telegram's 64 bytes.

Pure and Telegram-free so that the content checker can prove every id fits before it ships.
Anything that does not decode (a forged or stale button) becomes None, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.content.library import VERSION_LENGTH

MAX_BYTES = 64
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class MainMenu:
    pass


@dataclass(frozen=True, slots=True)
class OpenTopic:
    topic: str


@dataclass(frozen=True, slots=True)
class OpenSnippet:
    snippet: str


@dataclass(frozen=True, slots=True)
class Vote:
    snippet: str
    version: str
    up: bool


@dataclass(frozen=True, slots=True)
class SetLanguage:
    lang: str


@dataclass(frozen=True, slots=True)
class Forget:
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ClearChat:
    """/clear: None asks for confirmation, True clears the chat, False cancels."""

    confirmed: bool | None


@dataclass(frozen=True, slots=True)
class KeepSummary:
    """Keep /clear's summary instead of letting it delete itself."""


@dataclass(frozen=True, slots=True)
class Support:
    """The "Where to get help" screen, opened from a card (its country's organisations first,
    and Back to it) or from the main menu (None)."""

    snippet: str | None = None


Action = (
    MainMenu
    | OpenTopic
    | OpenSnippet
    | Vote
    | SetLanguage
    | Forget
    | ClearChat
    | KeepSummary
    | Support
)


def encode(action: Action) -> str:
    match action:
        case MainMenu():
            return "m"
        case OpenTopic(topic):
            return f"t:{topic}"
        case OpenSnippet(snippet):
            return f"s:{snippet}"
        case Vote(snippet, version, up):
            return f"f:{'u' if up else 'd'}:{snippet}:{version}"
        case SetLanguage(lang):
            return f"l:{lang}"
        case Forget(confirmed):
            return f"x:{'y' if confirmed else 'n'}"
        case ClearChat(confirmed):
            return "c" if confirmed is None else f"c:{'y' if confirmed else 'n'}"
        case KeepSummary():
            return "k"
        case Support(snippet):
            return f"h:{snippet}" if snippet else "h"
    raise TypeError(f"not a button action: {action!r}")


def decode(data: str | None) -> Action | None:
    """The action a button carries, or None for anything this bot did not make."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    kind, _, rest = data.partition(":")
    if kind == "m" and not rest:
        return MainMenu()
    if kind == "t" and _ID.fullmatch(rest):
        return OpenTopic(rest)
    if kind == "s" and _ID.fullmatch(rest):
        return OpenSnippet(rest)
    if kind == "l" and _LANGUAGE.fullmatch(rest):  # whether it is offered: the conversation's
        return SetLanguage(rest)
    if kind == "x" and rest in ("y", "n"):
        return Forget(rest == "y")
    if data == "c" or (kind == "c" and rest in ("y", "n")):
        return ClearChat(None if data == "c" else rest == "y")
    if data == "k":
        return KeepSummary()
    if kind == "h":
        if data == "h":
            return Support()
        if _ID.fullmatch(rest):
            return Support(rest)
    if kind == "f":
        direction, _, tail = rest.partition(":")
        snippet, _, version = tail.rpartition(":")
        if (
            direction in ("u", "d")
            and _ID.fullmatch(snippet)
            and re.fullmatch(r"[0-9a-f]{8}", version)
        ):
            return Vote(snippet, version, direction == "u")
    return None


def longest_for_snippet(snippet_id: str) -> int:
    """Bytes of the longest button data that names this snippet (the feedback vote)."""
    return len(encode(Vote(snippet_id, "0" * VERSION_LENGTH, up=True)).encode("utf-8"))
