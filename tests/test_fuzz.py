"""Fuzzing the real application with generated updates: odd text in every script, forged
buttons, commands with garbage, media, groups, channels, and update kinds the bot never asked
for. The properties are what a person would notice:

* nothing crashes (the error handler never sees an error, nothing is logged at ERROR);
* every call the bot makes is one Telegram accepts (``fake.spec_errors == []``);
* every message a person sends in a private chat gets a reply in that chat, every button tap is
  answered, every inline query is answered; group chatter and channels get silence.

The generator is ``random.Random(seed)``: the seed is printed and is in every assertion message,
so ``FUZZ_SEED=<seed> pytest tests/test_fuzz.py`` replays a failure exactly. ``FUZZ_UPDATES``
changes the count (default 10,000).
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.content.reader import read
from fakebot import BOT_USERNAME, utf16_len
from harness import Harness

SEED = int(os.environ.get("FUZZ_SEED", "20261123"))
# CI runs a thousand updates; `FUZZ_UPDATES=10000` runs the long soak before a release.
UPDATES = int(os.environ.get("FUZZ_UPDATES", "1000"))
QUESTIONS = Path(__file__).parent / "data" / "questions.yaml"

GROUPS = {-1001000000001: "supergroup", -1001234567890: "supergroup", -4012345678: "group"}
CHANNEL = -1002000000002
LANGUAGE_CODES = [
    "en",
    "ar",
    "fr",
    "de",
    "fa",
    "ku",
    "ar-SY",
    "fr-CA",
    "en-GB",
    "tr",
    "uk",
    "zz",
    "x-klingon",
    "AR",
    None,
    None,
]
NAMES = ["Amal", "عمر", "Zoë", "李", "👩‍👩‍👧", "<b>Ali</b>", "&amp;", "\u202eevil", "A" * 64]

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàéèçôüœß"
ARABIC = (
    "".join(chr(c) for c in range(0x0621, 0x064B))
    + "٠١٢٣٤٥٦٧٨٩"
    + "".join(chr(c) for c in range(0x064B, 0x0653))
    + "؟،"
)
CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 400)) + "ぁあいうえお한국어"
OTHER = "Привет मानव ελληνικά 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 e\u0301\u0308 ﷽"
EMOJI = ["😀", "👍", "🇸🇾", "🇫🇷", "🇩🇰", "👨‍👩‍👧", "❤️", "🏳️‍🌈", "🕓", "📚", "⚠️", "☰", "«"]
MARKS = [
    "\u200f",
    "\u200e",
    "\u202b",
    "\u202e",
    "\u202c",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "\u061c",
]
HTML_BITS = [
    "<b>",
    "</b>",
    "&amp;",
    "&",
    "<script>alert(1)</script>",
    "&lt;",
    "&gt;",
    "</i>",
    '<a href="javascript:alert(1)">x</a>',
    "<",
    ">",
    "&#x27;",
    "&nbsp;",
    " <3 ",
    "<tg-spoiler>",
    "<pre><code>",
    "<!--",
    "]]>",
    "{bot_username}",
    "{topic}",
    "%s",
]
PUNCT = " .,?!؟،-_/\\\"'`*~|{}[]()#@:;\n\t"
COMMANDS = [
    "start",
    "menu",
    "help",
    "language",
    "privacy",
    "forget",
    "stats",
    "reload",
    "frobnicate",
    "START",
    "Start",
    "start_",
    "s",
    "q" * 32,
]
ADDRESSEES = ["", "", "", f"@{BOT_USERNAME}", "@otherbot", f"@{BOT_USERNAME.upper()}"]

REPLIES = ("sendMessage", "editMessageText", "editMessageReplyMarkup")


@dataclass
class Expect:
    """What must follow one update: a reply in a chat, silence in a chat, or an answered query."""

    reply_in: int | None = None
    silent_in: int | None = None
    callback: str | None = None
    inline: str | None = None


Generated = tuple[str, dict[str, Any], Expect]


class Fuzzer:
    """Seeded generator of updates, pushed through the fake so that ids and chats stay real."""

    def __init__(self, bot: Harness, rng: random.Random, admin: int) -> None:
        self.bot, self.fake, self.rng = bot, bot.fake, rng
        library = bot.conversation.content.library
        self.snippet_ids = sorted(library.snippets)
        self.topic_ids = [t.id for t in library.topics]
        self.versions = dict(library.versions)
        questions = [q["ask"] for q in read(QUESTIONS.read_text(encoding="utf-8")).value]
        for snippet in library.snippets.values():
            for lang in ("en", "ar", "fr"):
                questions.append(snippet.question.get(lang))
                questions.extend(snippet.examples.get(lang))
        self.questions = questions
        ids = rng.sample(range(1_000_000, 9_999_999_999), 400)
        self.users = [
            self.fake.user(
                i,
                rng.choice(NAMES),
                rng.choice(LANGUAGE_CODES),
                username=rng.choice([None, f"u{i}"]),
            )
            for i in ids
        ]
        self.users.append(self.fake.user(admin, "Admin", "en"))
        self.plain_messages: dict[int, list[int]] = {}  # chat -> ids of plain texts sent
        self.met: set[int] = set()  # people the bot has a private chat with
        self.kinds: list[tuple[int, Callable[[], Generated]]] = [
            (26, self.private_text),
            (16, self.private_command),
            (14, self.tap_shown_button),
            (6, self.forged_tap),
            (3, self.tap_missing_message),
            (6, self.inline_query),
            (7, self.private_media),
            (4, self.edited_message),
            (9, self.group_update),
            (3, self.channel_update),
            (6, self.unrequested_kind),
        ]
        self.weights = [w for w, _ in self.kinds]

    def next(self) -> Generated:
        ((_, make),) = self.rng.choices(self.kinds, self.weights)
        return make()

    # -- text -----------------------------------------------------------------------------

    def chunk(self) -> str:
        rng = self.rng
        pool = rng.choice(
            [
                "latin",
                "arabic",
                "cjk",
                "other",
                "emoji",
                "marks",
                "html",
                "punct",
                "digits",
                "question",
            ]
        )
        if pool == "question":
            return rng.choice(self.questions)
        if pool == "emoji":
            return "".join(rng.choices(EMOJI, k=rng.randint(1, 4)))
        if pool == "marks":
            return "".join(rng.choices(MARKS, k=rng.randint(1, 3)))
        if pool == "html":
            return rng.choice(HTML_BITS)
        alphabet = {
            "latin": LATIN,
            "arabic": ARABIC,
            "cjk": CJK,
            "other": OTHER,
            "punct": PUNCT,
            "digits": "0123456789٠١٢٣",
        }[pool]
        return "".join(rng.choices(alphabet, k=rng.randint(1, 12)))

    def text(self, limit: int = 4096) -> str:
        rng = self.rng
        shape = rng.random()
        if shape < 0.25:  # a real question, sometimes disguised
            text = rng.choice(self.questions)
            if rng.random() < 0.5:
                at = rng.randint(0, len(text))
                text = text[:at] + rng.choice(MARKS + HTML_BITS + EMOJI) + text[at:]
            if rng.random() < 0.3:
                text = text.upper() if rng.random() < 0.5 else text.lower()
        elif shape < 0.32:  # huge
            text = " ".join(self.chunk() for _ in range(rng.randint(300, 1500)))
        else:
            text = rng.choice(["", " "]).join(self.chunk() for _ in range(rng.randint(1, 12)))
        text = fit_utf16(text.strip(), limit)
        # Telegram refuses empty messages; one that is only spaces never arrives.
        return text if text.strip() else rng.choice(EMOJI + MARKS + ["?"])

    def user(self) -> dict[str, Any]:
        return self.rng.choice(self.users)

    def ensure_chat(self, user: dict[str, Any]) -> None:
        """Buttons only exist in chats with the bot: the person has written to it before."""
        if user["id"] not in self.met:
            self.fake.push_message(user, "/start")
            self.met.add(user["id"])

    # -- private chats --------------------------------------------------------------------

    def private_text(self) -> Generated:
        user = self.user()
        update = self.fake.push_message(user, self.text())
        message = update["message"]
        if "entities" not in message:
            self.plain_messages.setdefault(user["id"], []).append(message["message_id"])
        self.met.add(user["id"])
        return "private text", update, Expect(reply_in=user["id"])

    def command(self) -> str:
        rng = self.rng
        name = "/" + rng.choice(COMMANDS) + rng.choice(ADDRESSEES)
        argument = rng.choice(
            [
                "",
                "",
                "",
                lambda: rng.choice(self.snippet_ids),
                lambda: rng.choice(self.snippet_ids).upper(),
                lambda: "s:" + rng.choice(self.topic_ids),
                lambda: " ".join(self.chunk() for _ in range(rng.randint(1, 4))),
                lambda: "x y",
                lambda: "a" * rng.randint(60, 4000),
                lambda: rng.choice(MARKS) * 3,
                lambda: "de fr",
                lambda: rng.choice(["ar", "en", "fr", "zz"]),
            ]
        )
        if callable(argument):
            argument = argument()
        return fit_utf16(f"{name} {argument}".strip(), 4096)

    def private_command(self) -> Generated:
        user = self.user()
        self.met.add(user["id"])
        update = self.fake.push_message(user, self.command())
        return "private command", update, Expect(reply_in=user["id"])

    def private_media(self) -> Generated:
        user, rng = self.user(), self.rng
        self.met.add(user["id"])
        kind = rng.choice(["sticker", "photo", "voice", "location", "dice", "contact", "document"])
        if kind == "photo":
            caption = self.text(1024) if rng.random() < 0.5 else ""
            update = self.fake.push_photo(user, caption=caption)
        elif kind == "voice":
            update = self.fake.push_voice(user, duration=rng.randint(1, 3600))
        elif kind == "location":
            update = self.fake.push_location(user, rng.uniform(-90, 90), rng.uniform(-180, 180))
        else:
            update = self.fake.push_sticker(user, emoji=rng.choice(EMOJI))
            if kind != "sticker":  # other kinds the fake has no builder for, in the same frame
                message = update["message"]
                del message["sticker"]
                message[kind] = {
                    "dice": {"emoji": "🎲", "value": rng.randint(1, 6)},
                    "contact": {"phone_number": "+33 6 00 00 00 00", "first_name": "Ali"},
                    "document": {
                        "file_id": "FAKE-doc",
                        "file_unique_id": "udoc",
                        "file_name": self.text(60),
                        "mime_type": "application/pdf",
                    },
                }[kind]
        return f"private {kind}", update, Expect(reply_in=user["id"])

    def edited_message(self) -> Generated:
        candidates = [uid for uid, ids in self.plain_messages.items() if ids]
        if not candidates:
            return self.private_text()
        uid = self.rng.choice(candidates)
        user = next(u for u in self.users if u["id"] == uid)
        message_id = self.rng.choice(self.plain_messages[uid])
        update = self.fake.push_edited_message(user, message_id, self.text())
        return "edited text", update, Expect(reply_in=uid)

    # -- buttons --------------------------------------------------------------------------

    def tap_shown_button(self) -> Generated:
        rng = self.rng
        chats = [u for u in self.users if u["id"] in self.met]
        if rng.random() < 0.15:
            chat_id, user = rng.choice(list(GROUPS)), self.user()
        elif chats:
            user = rng.choice(chats)
            chat_id = user["id"]
        else:
            return self.private_command()
        shown = [
            (m.message_id, b.action)
            for m in self.fake.messages(chat_id)[-3:]
            for row in m.buttons
            for b in row
            if isinstance(b.action, str)
        ]
        if not shown:
            return self.private_command()
        message_id, data = rng.choice(shown)
        update = self.fake.push_callback(user, message_id, data, chat_id=chat_id)
        return "tap", update, Expect(callback=update["callback_query"]["id"])

    def forged_data(self) -> str | None:
        rng = self.rng
        snippet = rng.choice(self.snippet_ids)
        choices: list[Callable[[], str | None]] = [
            lambda: "".join(chr(rng.randint(1, 0x2FF)) for _ in range(rng.randint(1, 64))),
            lambda: "s:" + rng.choice(["no-such-answer", snippet + "-x", snippet.upper(), ""]),
            lambda: "t:" + rng.choice(["nowhere", "FRANCE", "france/../x", " france"]),
            lambda: f"f:u:{snippet}:{rng.choice(['deadbeef', 'XYZ', self.versions[snippet]])}",
            lambda: f"f:z:{snippet}:{self.versions[snippet]}",
            lambda: "l:" + rng.choice(["de", "", "EN", "ar:x", "fr "]),
            lambda: "x:" + rng.choice(["maybe", "", "y:y", "Y"]),
            lambda: "s:" + "a" * rng.randint(62, 200),
            lambda: "m:" + self.text(40),
            lambda: self.text(64),
            lambda: "m" * rng.randint(65, 300),
            lambda: None,  # no data at all (a game button)
        ]
        return rng.choice(choices)()

    def forged_tap(self) -> Generated:
        user = self.user()
        self.ensure_chat(user)
        shown = self.fake.messages(user["id"])
        message_id = shown[-1].message_id if shown else 10**6
        data = self.forged_data()
        update = self.fake.push_callback(user, message_id, data or "m", chat_id=user["id"])
        if data is None:
            del update["callback_query"]["data"]
            update["callback_query"]["game_short_name"] = "game"
        return "forged tap", update, Expect(callback=update["callback_query"]["id"])

    def tap_missing_message(self) -> Generated:
        rng = self.rng
        user = rng.choice([u for u in self.users if u["id"] in self.met] or self.users)
        self.ensure_chat(user)
        data = rng.choice(
            [
                "m",
                "t:" + rng.choice(self.topic_ids),
                "s:" + rng.choice(self.snippet_ids),
                "l:ar",
                "x:n",
            ]
        )
        update = self.fake.push_callback(user, rng.randint(10_000, 10**9), data)
        query = update["callback_query"]
        if rng.random() < 0.3:  # a tap on a message sent inline (no message, an inline id)
            del query["message"]
            query["inline_message_id"] = "AgAAA" + str(rng.randint(0, 10**9))
        return "tap on a missing message", update, Expect(callback=query["id"])

    def inline_query(self) -> Generated:
        rng = self.rng
        query = rng.choice(
            [
                "",
                lambda: self.text(256),
                lambda: rng.choice(self.questions)[:256],
                lambda: "a" * 256,
                lambda: rng.choice(MARKS),
            ]
        )
        query = query() if callable(query) else query
        update = self.fake.push_inline_query(
            self.user(), query, rng.choice(["sender", "private", "group", "supergroup", "channel"])
        )
        return "inline query", update, Expect(inline=update["inline_query"]["id"])

    # -- groups, channels and the rest ----------------------------------------------------

    def group_update(self) -> Generated:
        rng = self.rng
        chat_id = rng.choice(list(GROUPS))
        chat_type = GROUPS[chat_id]
        user = self.user()
        roll = rng.random()
        if roll < 0.35:
            update = self.fake.push_message(user, self.command(), chat_type, chat_id)
            return "group command", update, Expect()
        if roll < 0.75:
            text = self.text()
            if text.startswith("/"):
                text = "x" + text
            update = self.fake.push_message(user, text, chat_type, chat_id)
            return "group chatter", update, Expect(silent_in=chat_id)
        if roll < 0.9:
            update = self.fake.push_sticker(user, chat_type=chat_type, chat_id=chat_id)
            return "group sticker", update, Expect(silent_in=chat_id)
        update = self.fake.push_message(user, "joined", chat_type, chat_id)
        message = update["message"]
        del message["text"]
        if rng.random() < 0.5:
            message["new_chat_members"] = [user]
        else:
            message["left_chat_member"] = user
        return "group service message", update, Expect(silent_in=chat_id)

    def channel_update(self) -> Generated:
        update = self.fake.push_channel_post(self.rng.choice(["/start", self.text()]), CHANNEL)
        if self.rng.random() < 0.3:
            update = {
                "update_id": update["update_id"],
                "edited_channel_post": {**update["channel_post"], "edit_date": 1},
            }
        return "channel post", update, Expect(silent_in=CHANNEL)

    def unrequested_kind(self) -> Generated:
        """Update kinds no handler asked for; most have no sender at all."""
        rng, user = self.rng, self.user()
        now = int(time.time())
        group = {"id": -1001000000001, "type": "supergroup", "title": "Test supergroup"}
        private = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        bot_user = {
            k: v
            for k, v in self.fake.bot.items()
            if k in ("id", "is_bot", "first_name", "username")
        }
        option = {"persistent_id": "o1", "text": self.text(100), "voter_count": 0}
        kinds: dict[str, Callable[[], dict[str, Any]]] = {
            "poll": lambda: {
                "id": str(rng.randint(1, 10**12)),
                "question": self.text(300),
                "options": [option, {**option, "persistent_id": "o2"}],
                "total_voter_count": 0,
                "is_closed": rng.random() < 0.5,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
            },
            "poll_answer": lambda: {
                "poll_id": "1",
                "user": user,
                "option_ids": [0],
                "option_persistent_ids": ["o1"],
            },
            "message_reaction": lambda: {
                "chat": rng.choice([group, private]),
                "message_id": rng.randint(1, 99),
                "user": user,
                "date": now,
                "old_reaction": [],
                "new_reaction": [{"type": "emoji", "emoji": "👍"}],
            },
            "message_reaction_count": lambda: {
                "chat": group,
                "message_id": 1,
                "date": now,
                "reactions": [{"type": {"type": "emoji", "emoji": "🔥"}, "total_count": 3}],
            },
            "my_chat_member": lambda: {
                "chat": private,
                "from": user,
                "date": now,
                "old_chat_member": {"status": "member", "user": bot_user},
                "new_chat_member": {"status": "kicked", "user": bot_user, "until_date": 0},
            },
            "chat_member": lambda: {
                "chat": group,
                "from": user,
                "date": now,
                "old_chat_member": {"status": "left", "user": user},
                "new_chat_member": {"status": "member", "user": user},
            },
            "chat_join_request": lambda: {
                "chat": group,
                "from": user,
                "user_chat_id": user["id"],
                "date": now,
            },
            "chosen_inline_result": lambda: {
                "result_id": rng.choice(self.snippet_ids),
                "from": user,
                "query": self.text(256),
            },
            "removed_chat_boost": lambda: {
                "chat": {"id": CHANNEL, "type": "channel", "title": "Test channel"},
                "boost_id": "b1",
                "remove_date": now,
                "source": {"source": "gift_code", "user": user},
            },
        }
        kind = rng.choice(sorted(kinds))
        update = {"update_id": self.fake.next_update_id, kind: kinds[kind]()}
        self.fake.spec.check_value(update, "Update")  # a shape Telegram really sends
        return f"unrequested {kind}", self.fake.push_update(update), Expect()


def fit_utf16(text: str, limit: int) -> str:
    """At most `limit` UTF-16 code units, Telegram's measure of a message's length."""
    if utf16_len(text) <= limit:
        return text
    kept, size = [], 0
    for char in text:
        size += 2 if ord(char) > 0xFFFF else 1
        if size > limit:
            break
        kept.append(char)
    return "".join(kept)


def brief(update: dict[str, Any]) -> str:
    return json.dumps(update, ensure_ascii=False)[:700]


async def test_fuzz(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    print(f"\nfuzz seed: {SEED} (FUZZ_SEED={SEED} to replay); updates: {UPDATES}")
    rng = random.Random(SEED)
    admin = rng.randint(1_000_000, 9_999_999)
    async with Harness(tmp_path / "data", admin_ids=str(admin)) as bot:
        # Telegram's flood limits (30 messages a second, 20 a minute per group) are the real
        # limiter's job and are tested elsewhere; here they would only make the run take hours.
        limiter = bot.app.bot.rate_limiter
        assert hasattr(limiter, "_base_limiter") and hasattr(limiter, "_group_max_rate"), (
            "AIORateLimiter changed; switch its limits off some other way"
        )
        limiter._base_limiter = None
        limiter._group_max_rate = 0
        errors: list[BaseException] = []

        async def record(update: object, context: Any) -> None:
            errors.append(context.error)

        bot.app.add_error_handler(record)
        fuzzer = Fuzzer(bot, rng, admin)
        fake = bot.fake
        kinds: Counter[str] = Counter()
        started = time.monotonic()
        for number in range(1, UPDATES + 1):
            kind, update, expect = fuzzer.next()
            kinds[kind] += 1
            where = f"[FUZZ_SEED={SEED}] update #{number} ({kind}): {brief(update)}"
            seen = len(fake.calls)
            try:
                await bot.deliver(update)
            except Exception as error:  # noqa: BLE001 - reported with the seed, then re-raised
                raise AssertionError(f"{where}\nraised {error!r}") from error
            assert not errors, f"{where}\nthe error handler got {errors!r}"
            assert fake.spec_errors == [], f"{where}\nTelegram would reject: {fake.spec_errors}"
            fresh = fake.calls[seen:]
            to = {(c.method, int(c.params.get("chat_id", 0))) for c in fresh}
            if expect.reply_in is not None:
                assert any((m, expect.reply_in) in to for m in REPLIES), (
                    f"{where}\nno reply in the person's chat; calls: {sorted(to)}"
                )
            if expect.silent_in is not None:
                assert not any(chat == expect.silent_in for _, chat in to), (
                    f"{where}\nthe bot spoke in a chat it should ignore: {sorted(to)}"
                )
            if expect.callback is not None:
                assert expect.callback in fake.callback_answers, f"{where}\ntap not answered"
            if expect.inline is not None:
                assert expect.inline in fake.inline_answers, f"{where}\nquery not answered"
        took = time.monotonic() - started
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged == [], f"[FUZZ_SEED={SEED}] logged at ERROR: {logged[:5]}"
    people = len(fuzzer.met)
    print(
        f"fuzzed {UPDATES} updates in {took:.1f} s ({UPDATES / took:.0f}/s), {people} people "
        f"in private chats, {len(fake.calls)} Bot API calls; seed {SEED}"
    )
    print("kinds:", ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
