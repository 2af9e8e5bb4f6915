"""`python -m bot chat`: the same conversation in a terminal, offline, for admins to preview.

Buttons are numbered; type a number to press one, a /command, or any question. Nothing is kept:
the preview uses a throw-away data folder so it does not touch the live bot's counters.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bot.callbacks import encode
from bot.checks import load_or_explain
from bot.content.sources import HTML_TAG
from bot.conversation import LANGUAGE_SCREENS, Conversation, IndexedLibrary, Screen
from bot.settings import Settings
from bot.storage import Store

BANNER = "Offline preview. Type a question, a /command, or a button's number; /quit ends."
"""Shown when the language's UI file has no `chat_banner` of its own."""
USER_ID = 1  # the one person in a terminal preview; hashed like anyone else, in a temp folder
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>')
_BOLD = re.compile(r"</?b>")
_QUOTE_BLOCK = re.compile(r"<blockquote[^>]*>(.*?)</blockquote>", re.S)


def to_terminal(message_html: str) -> str:
    """Telegram HTML as readable plain text: links keep their address, marks are dropped,
    quoted blocks are indented behind a bar."""
    text = _QUOTE_BLOCK.sub(
        lambda m: "\n".join("  │ " + line for line in m.group(1).split("\n")), message_html
    )
    text = _BOLD.sub("*", text)
    text = _LINK.sub(lambda m: f"{m.group(2)} [{m.group(1)}]", text)
    return html.unescape(HTML_TAG.sub("", text)).replace("\u200f", "")


class Terminal:
    def __init__(self, conversation: Conversation, lang: str, out: TextIO) -> None:
        self.conversation = conversation
        self.lang = lang
        self.out = out
        self.buttons: list[str] = []

    def show(self, screen: Screen, only_buttons: bool = False) -> None:
        if not only_buttons:
            print("\n" + to_terminal(screen.html), file=self.out)
        self.buttons = []
        for row in screen.buttons:
            labels = []
            for button in row:
                self.buttons.append(encode(button.action) if button.action else "")
                link = f" <{button.url}>" if button.url else ""
                labels.append(f"[{len(self.buttons)}] {button.text}{link}")
            print("   ".join(labels), file=self.out)

    def handle(self, line: str) -> bool:
        """One line typed by the admin; False when the chat should end."""
        line = line.strip()
        conv = self.conversation
        if line in ("/quit", "/exit", "/q"):
            return False
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            data = self.buttons[int(line) - 1]
            tap = conv.tap(USER_ID, self.lang, data)
            if tap.write is not None:
                tap.write()
            self.lang = conv.language_for(USER_ID, self.lang)
            if tap.toast:
                print(f"(pop-up: {tap.toast})", file=self.out)
            if tap.effect == "clear":
                print(
                    "(In Telegram, the bot would now delete this chat's messages from the last "
                    "48 hours and show what it deleted.)",
                    file=self.out,
                )
            if tap.screen is not None:
                self.show(tap.screen, tap.only_buttons)
            return True
        if line.startswith("/"):
            command, _, argument = line[1:].partition(" ")
            command = command.lower()
            if command == "start":
                self.show(conv.start(self.lang, argument or None))
            else:
                screen = LANGUAGE_SCREENS.get(command, Conversation.unknown_command)
                self.show(screen(conv, self.lang))
            return True
        if line:
            self.show(conv.typed(self.lang, line))
        return True


def chat(
    settings: Settings,
    lang: str | None = None,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    # The streams of the moment (not of import time), so that `main(argv)` run in process
    # reads and writes what the caller has put in place.
    stdin = stdin if stdin is not None else sys.stdin
    out = out if out is not None else sys.stdout
    library = load_or_explain(
        settings.bot_content_dir,
        settings.bot_seeds_dir,
        default_language=settings.bot_default_language,
    )
    if library is None:
        return 1
    if lang is not None and lang not in library.languages:
        print(
            f"--lang {lang}: this content offers {', '.join(library.languages.codes)}",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="bot-chat-") as folder:
        store = Store(Path(folder))
        # keep_unmatched as the bot has it, so /privacy reads as it does on Telegram.
        conversation = Conversation(
            IndexedLibrary.build(library),
            store,
            settings.bot_default_language,
            keep_unmatched=settings.bot_keep_unmatched,
            bot_username="your_bot",
        )
        terminal = Terminal(conversation, lang or settings.bot_default_language, out)
        try:
            print(library.ui[terminal.lang].chat_banner or BANNER, file=out, flush=True)
            terminal.show(conversation.start(terminal.lang))
            for line in stdin:
                if not terminal.handle(line):
                    break
        except KeyboardInterrupt:  # Ctrl-C ends the preview like /quit
            print(file=out)
        finally:
            store.close()
    return 0
