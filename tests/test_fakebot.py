"""Tests of the fake Bot API itself (tests/fakebot), driven by a real telegram.Bot.

Every scenario runs twice: through the in-process transport (FakeRequest) and over HTTP
(FakeBotAPIServer, with PTB configured as the bot is: base_url=f"{BOT_API_URL}/bot").
"""

import asyncio
import contextlib
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from fakebot import (
    BOT_ID,
    BOT_USERNAME,
    DELETE_WINDOW,
    FakeBotAPIServer,
    FakeRequest,
    FakeTelegram,
    HtmlError,
    parse_html,
    utf16_len,
)

TRANSPORTS = ["in-process", "http"]
ALICE = 1001

Scenario = Callable[[FakeTelegram, Bot], Awaitable[None]]


@contextlib.asynccontextmanager
async def connected(
    fake: FakeTelegram, transport: str, read_timeout: float = 5.0
) -> AsyncIterator[Bot]:
    """A telegram.Bot talking to ``fake`` through ``transport``."""
    if transport == "in-process":
        bot = Bot(fake.token, request=FakeRequest(fake), get_updates_request=FakeRequest(fake))
        async with bot:
            yield bot
        return
    with FakeBotAPIServer(fake, timeout_delay=0.6) as server:
        bot_api_url = server.url  # what BOT_API_URL would be
        bot = Bot(
            fake.token,
            base_url=f"{bot_api_url}/bot",
            request=HTTPXRequest(read_timeout=read_timeout),
            get_updates_request=HTTPXRequest(read_timeout=read_timeout),
        )
        async with bot:
            yield bot


def run(transport: str, scenario: Scenario, fake: FakeTelegram | None = None) -> FakeTelegram:
    """Run ``scenario`` against a fresh fake (Alice has written to the bot); return the fake."""
    fake = fake or FakeTelegram()
    fake.push_message(fake.user(ALICE, "Alice", "ar"), "/start")

    async def main() -> None:
        async with connected(fake, transport) as bot:
            await scenario(fake, bot)

    asyncio.run(main())
    return fake


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


# -- getMe and sending ----------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_get_me_describes_the_test_bot(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        me = await bot.get_me()
        assert (me.id, me.username, me.is_bot) == (BOT_ID, BOT_USERNAME, True)
        assert me.supports_inline_queries and me.can_join_groups

    fake = run(transport, scenario)
    assert fake.spec_errors == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_valid_html_is_sent_and_shown_as_text(transport: str) -> None:
    html = '<b>Visit</b> &amp; return: <a href="https://example.org/a?x=1&amp;y=2">source</a> 📚'

    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        sent = await bot.send_message(
            ALICE, html, parse_mode="HTML", reply_markup=keyboard([("Back", "m:back")])
        )
        assert sent.text == "Visit & return: source 📚"
        assert sent.from_user.id == BOT_ID and sent.chat.id == ALICE
        assert [(e.type, e.offset, e.length) for e in sent.entities] == [
            ("bold", 0, 5),
            ("text_link", 16, 6),
        ]
        assert sent.entities[1].url == "https://example.org/a?x=1&y=2"
        assert sent.reply_markup.inline_keyboard[0][0].callback_data == "m:back"

    fake = run(transport, scenario)
    shown = fake.last_message(ALICE)
    assert shown is not None
    assert (shown.text, shown.html, shown.parse_mode) == ("Visit & return: source 📚", html, "HTML")
    assert shown.buttons == [[("Back", "m:back")]]
    assert shown.message_id == 2  # Alice's /start was message 1 in the same chat
    assert fake.spec_errors == []


@pytest.mark.parametrize(
    ("html", "telegram_says"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Q&A", 'Bare "&" at byte offset 1'),
        ("é <p>", 'Unsupported start tag "p" at byte offset 3'),  # offsets count UTF-8 bytes
    ],
)
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_invalid_html_is_a_bad_request(transport: str, html: str, telegram_says: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        with pytest.raises(BadRequest, match="(?i)an't parse entities") as caught:
            await bot.send_message(ALICE, html, parse_mode="HTML")
        assert telegram_says.lower() in str(caught.value).lower()

    fake = run(transport, scenario)
    assert fake.messages(ALICE) == []
    assert len(fake.spec_errors) == 1 and telegram_says in fake.spec_errors[0]


def test_html_telegram_accepts_parses_like_telegram() -> None:
    parsed = parse_html(
        '<pre><code class="language-python">x = 1</code></pre>'
        "<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>"
        '<span class="tg-spoiler">t</span>&#128218;&#x41;&quot;'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert parsed.text == 'x = 1qst📚A"👍'
    assert [(e["type"], e["offset"], e["length"]) for e in parsed.entities] == [
        ("pre", 0, 5),
        ("expandable_blockquote", 5, 1),
        ("spoiler", 6, 1),
        ("spoiler", 7, 1),
        ("custom_emoji", 12, 2),  # 📚 and 👍 are two UTF-16 code units each
    ]
    assert parsed.entities[0]["language"] == "python"
    # Telegram itself shows a bare "&" literally; only the fake's strict mode refuses it.
    assert parse_html("Q&A &nbsp; &lt").text == "Q&A &nbsp; <"
    with pytest.raises(HtmlError, match="(?i)Bare"):
        parse_html("Q&A", strict_ampersands=True)
    assert utf16_len("📚a") == 3


# -- limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_text_limit_counts_visible_utf16_units(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        await bot.send_message(ALICE, "a" * 4096)
        await bot.send_message(ALICE, "📚" * 2048)  # 4096 UTF-16 code units
        escaped = "&amp;" * 4096  # 20480 characters of HTML, 4096 visible
        sent = await bot.send_message(ALICE, f"<b>{escaped}</b>", parse_mode="HTML")
        assert sent.text == "&" * 4096
        for too_long in ("a" * 4097, "📚" * 2048 + "a"):
            with pytest.raises(BadRequest, match="(?i)Message is too long"):
                await bot.send_message(ALICE, too_long)
        with pytest.raises(BadRequest, match="(?i)Message is too long"):
            await bot.send_message(ALICE, f"<i>{escaped}!</i>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)text is empty"):
            await bot.send_message(ALICE, "<b> </b>", parse_mode="HTML")

    fake = run(transport, scenario)
    assert len(fake.messages(ALICE)) == 3
    assert len(fake.spec_errors) == 4


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_callback_data_limit_is_64_bytes(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        await bot.send_message(ALICE, "ok", reply_markup=keyboard([("A", "x" * 64)]))
        await bot.send_message(ALICE, "ok", reply_markup=keyboard([("A", "ع" * 32)]))  # 64 bytes
        for data in ("x" * 65, "ع" * 33):
            with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
                await bot.send_message(ALICE, "no", reply_markup=keyboard([("A", data)]))

    fake = run(transport, scenario)
    assert [m.text for m in fake.messages(ALICE)] == ["ok", "ok"]
    assert len(fake.spec_errors) == 2


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_unknown_parameters_and_buttons_without_action_are_rejected(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        with pytest.raises(BadRequest, match='(?i)unknown parameter "colour"'):
            await bot.send_message(ALICE, "hi", api_kwargs={"colour": "red"})
        with pytest.raises(BadRequest, match="(?i)Text buttons are unallowed"):
            await bot.send_message(
                ALICE, "hi", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A")]])
            )

    fake = run(transport, scenario)
    assert len(fake.spec_errors) == 2 and fake.messages(ALICE) == []


def test_spec_checks_types_and_nested_objects() -> None:
    fake = FakeTelegram()
    fake.push_message(fake.user(ALICE), "hi")
    status, body = fake.handle(
        "sendMessage",
        {
            "chat_id": ALICE,
            "text": "x",
            "reply_markup": {
                "inline_keyboard": [[{"text": "A", "callback_data": "a", "url": "https://e.org"}]]
            },
        },
    )
    assert status == 400 and "exactly one" in body["description"]
    status, body = fake.handle("sendMessage", {"chat_id": [ALICE], "text": "x"})
    assert (status, body["description"]) == (
        400,
        'Bad Request: field "chat_id" must be of type Integer or String',
    )
    status, body = fake.handle("sendMessage", {"chat_id": ALICE, "text": "x", "parse_mode": "md"})
    assert (status, body["description"]) == (400, "Bad Request: unsupported parse_mode")
    status, body = fake.handle(
        "sendMessage", {"chat_id": ALICE, "text": "*x*", "parse_mode": "MarkdownV2"}
    )
    assert status == 400 and "models parse_mode HTML only" in body["description"]
    status, body = fake.handle("sendmessage", {"chat_id": str(ALICE), "text": "case"})
    assert status == 200 and body["result"]["text"] == "case"  # names are case-insensitive
    status, body = fake.handle("sendMessages", {"chat_id": ALICE, "text": "x"})
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert len(fake.spec_errors) == 5


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_uploads_and_captions(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        sent = await bot.send_photo(ALICE, b"\x89PNG fake", caption="<i>Map</i>", parse_mode="HTML")
        assert sent.caption == "Map" and sent.caption_entities[0].type == "italic"
        with pytest.raises(BadRequest, match="(?i)caption is too long"):
            await bot.send_photo(ALICE, b"\x89PNG fake", caption="c" * 1025)

    fake = run(transport, scenario)
    upload = fake.calls_to("sendPhoto")[0]["photo"]
    assert upload.size == len(b"\x89PNG fake") and upload.filename
    (photo,) = fake.messages(ALICE)
    assert (photo.kind, photo.text, photo.html) == ("photo", "Map", "<i>Map</i>")


def test_server_accepts_json_bodies_and_query_strings() -> None:
    fake = FakeTelegram()
    fake.push_message(fake.user(ALICE), "/start")

    def call(url: str, body: bytes | None = None) -> tuple[int, dict[str, object]]:
        headers = {"Content-Type": "application/json"}
        try:
            with urllib.request.urlopen(urllib.request.Request(url, body, headers)) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    with FakeBotAPIServer(fake) as server:
        root = f"{server.url}/bot{fake.token}"
        payload = {
            "chat_id": ALICE,
            "text": "<b>hi</b>",
            "parse_mode": "HTML",
            "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
        }
        status, body = call(f"{root}/sendMessage", json.dumps(payload).encode())
        assert status == 200 and body["result"]["text"] == "hi"
        status, body = call(f"{root}/getMe?unused=1")
        assert (status, body["description"]) == (
            400,
            'Bad Request: unknown parameter "unused" for method getMe',
        )
        assert call(f"{server.url}/bot1:wrong/getMe")[0] == 401
        assert call(f"{server.url}/favicon.ico")[0] == 404
    assert fake.last_message(ALICE).buttons == [[("A", "a")]]


# -- edits and queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_edit_to_identical_content_is_not_modified(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        menu = keyboard([("France", "t:france")])
        sent = await bot.send_message(ALICE, "<b>Menu</b>", parse_mode="HTML", reply_markup=menu)
        with pytest.raises(BadRequest, match="(?i)Message is not modified"):
            await bot.edit_message_text(
                "<b>Menu</b>", ALICE, sent.message_id, parse_mode="HTML", reply_markup=menu
            )
        with pytest.raises(BadRequest, match="(?i)Message is not modified"):
            await bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=menu)
        # Different formatting is a modification; so is dropping the keyboard.
        await bot.edit_message_text("Menu", ALICE, sent.message_id, reply_markup=menu)
        edited = await bot.edit_message_text("Menu", ALICE, sent.message_id)
        assert edited.reply_markup is None and edited.edit_date is not None
        with pytest.raises(BadRequest, match="(?i)Message to edit not found"):
            await bot.edit_message_text("Menu", ALICE, 999)
        assert await bot.delete_message(ALICE, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)Message to delete not found"):
            await bot.delete_message(ALICE, sent.message_id)

    fake = run(transport, scenario)
    assert fake.messages(ALICE) == []
    assert fake.spec_errors == []  # state errors are Telegram's answers, not bot bugs


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_delete_messages_skips_missing_ids_and_refuses_after_48_hours(transport: str) -> None:
    now = [1_800_000_000.0]
    fake = FakeTelegram(clock=lambda: now[0])

    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        old = await bot.send_message(ALICE, "old")
        now[0] += DELETE_WINDOW - 60
        fresh = [await bot.send_message(ALICE, f"new {i}") for i in range(3)]
        yours = fake.push_message(fake.user(ALICE, "Alice", "ar"), "my question")
        mine = yours["message"]["message_id"]
        # Skipped, as Telegram documents: ids that are not there.
        assert await bot.delete_messages(ALICE, [fresh[0].message_id, 999])
        now[0] += 60  # `old` is now 48 hours old
        with pytest.raises(BadRequest, match="(?i)message can't be deleted"):
            await bot.delete_messages(ALICE, [old.message_id, fresh[1].message_id])
        assert [m.text for m in fake.messages(ALICE)] == ["old", "new 1", "new 2"]
        with pytest.raises(BadRequest, match="(?i)message can't be deleted"):
            await bot.delete_message(ALICE, old.message_id)
        assert await bot.delete_message(ALICE, mine), "a bot deletes incoming private messages"
        with pytest.raises(BadRequest, match="(?i)message to delete not found"):
            await bot.delete_message(ALICE, mine)
        assert await bot.delete_messages(ALICE, [fresh[1].message_id, fresh[2].message_id])
        assert [m.text for m in fake.history(ALICE)] == ["/start", "old"]
        with pytest.raises(BadRequest):
            await bot.delete_messages(ALICE, list(range(1, 102)))

    fake = run(transport, scenario, fake)
    assert fake.spec_errors == [
        "deleteMessages: Bad Request: message_ids must hold 1-100 message identifiers"
    ]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_bot_deletes_only_its_own_messages_in_a_group(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        update = fake.push_message(fake.user(ALICE, "Alice", "en"), "hello", chat_type="group")
        group = update["message"]["chat"]["id"]
        sent = await bot.send_message(group, "hi")
        with pytest.raises(BadRequest, match="(?i)message can't be deleted"):
            await bot.delete_message(group, update["message"]["message_id"])
        assert await bot.delete_message(group, sent.message_id)

    assert run(transport, scenario).spec_errors == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_callback_query_can_be_answered_once(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        alice = fake.user(ALICE, "Alice", "ar")
        sent = await bot.send_message(ALICE, "Menu", reply_markup=keyboard([("France", "t:fr")]))
        update = fake.press_button(alice, "France")
        query = update["callback_query"]
        assert query["data"] == "t:fr" and query["message"]["message_id"] == sent.message_id
        assert await bot.answer_callback_query(query["id"], text="Opening…")
        with pytest.raises(BadRequest, match="(?i)Query is too old"):
            await bot.answer_callback_query(query["id"])
        with pytest.raises(BadRequest, match="(?i)Query is too old"):
            await bot.answer_callback_query("123456789")
        with pytest.raises(BadRequest, match="(?i)message_too_long"):
            fresh = fake.push_callback(alice, sent.message_id, "t:fr")["callback_query"]["id"]
            await bot.answer_callback_query(fresh, text="x" * 201)

    fake = run(transport, scenario)
    assert [a.get("text") for a in fake.callback_answers.values()] == ["Opening…"]
    assert len(fake.spec_errors) == 1


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_inline_answers_are_checked(transport: str) -> None:
    from telegram import InlineQueryResultArticle, InputTextMessageContent

    def article(i: int, text: str = "<b>Answer</b>") -> InlineQueryResultArticle:
        content = InputTextMessageContent(text, parse_mode="HTML")
        return InlineQueryResultArticle(f"id{i}", f"Title {i}", content)

    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        alice = fake.user(ALICE)
        query_id = fake.push_inline_query(alice, "syria")["inline_query"]["id"]
        with pytest.raises(BadRequest, match="(?i)results_too_much"):
            await bot.answer_inline_query(query_id, [article(i) for i in range(51)])
        with pytest.raises(BadRequest, match="(?i)result_id_duplicate"):
            await bot.answer_inline_query(query_id, [article(1), article(1)])
        with pytest.raises(BadRequest, match="(?i)message_too_long"):
            await bot.answer_inline_query(query_id, [article(1, "x" * 4097)])
        with pytest.raises(BadRequest, match="(?i)an't parse entities"):
            await bot.answer_inline_query(query_id, [article(1, "<b>x")])
        assert await bot.answer_inline_query(query_id, [article(i) for i in range(50)])

    fake = run(transport, scenario)
    (answer,) = fake.inline_answers.values()
    assert len(answer["results"]) == 50
    assert answer["results"][0]["input_message_content"]["message_text"] == "<b>Answer</b>"
    assert len(fake.spec_errors) == 4


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_commands_are_checked_and_stored_per_language(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        assert await bot.set_my_commands([("start", "Begin"), ("menu", "Topics")])
        assert await bot.set_my_commands([("start", "ابدأ")], language_code="ar")
        for bad in [("Start", "Begin"), ("start", ""), ("s" * 33, "x")]:
            with pytest.raises(BadRequest, match="(?i)bot_command"):
                await bot.set_my_commands([bad])
        got = await bot.get_my_commands(language_code="ar")
        assert [(c.command, c.description) for c in got] == [("start", "ابدأ")]

    fake = run(transport, scenario)
    assert fake.commands() == [("start", "Begin"), ("menu", "Topics")]
    assert len(fake.spec_errors) == 3


# -- faults ---------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_injected_faults_surface_as_ptb_errors(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        fake.fail_next("sendMessage", 429, retry_after=3)
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ALICE, "hi")
        retry = caught.value.retry_after
        assert (retry.total_seconds() if isinstance(retry, timedelta) else retry) == 3
        await bot.send_message(ALICE, "after the flood")
        fake.fail_next("*", 502, times=2)
        for _ in range(2):
            with pytest.raises(Exception, match="(?i)Bad Gateway"):
                await bot.get_me()
        fake.block(ALICE)
        with pytest.raises(Forbidden, match="(?i)blocked by the user"):
            await bot.send_message(ALICE, "anyone there?")

    fake = run(transport, scenario)
    assert [m.text for m in fake.messages(ALICE)] == ["after the flood"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_injected_timeout_raises_timed_out_and_loses_the_call(transport: str) -> None:
    fake = FakeTelegram()
    fake.push_message(fake.user(ALICE), "/start")

    async def main() -> None:
        async with connected(fake, transport, read_timeout=0.2) as bot:
            fake.timeout_next("sendMessage")
            with pytest.raises(TimedOut):
                await bot.send_message(ALICE, "lost")
            await bot.send_message(ALICE, "delivered")

    asyncio.run(main())
    assert fake.timed_out == ["sendMessage"]
    assert [m.text for m in fake.messages(ALICE)] == ["delivered"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_lost_response_carries_out_the_call_then_times_out(transport: str) -> None:
    fake = FakeTelegram()
    fake.push_message(fake.user(ALICE), "/start")
    causes: list[type[BaseException]] = []

    async def main() -> None:
        async with connected(fake, transport, read_timeout=0.2) as bot:
            fake.lose_response_next("sendMessage")
            with pytest.raises(TimedOut) as lost:
                await bot.send_message(ALICE, "arrived, answer lost")
            causes.append(type(lost.value.__cause__))
            await bot.send_message(ALICE, "second")

    asyncio.run(main())
    assert fake.lost_responses == ["sendMessage"]
    assert [m.text for m in fake.messages(ALICE)] == ["arrived, answer lost", "second"]
    # What python-telegram-bot's own HTTPXRequest raises, over HTTP and in process alike.
    assert causes == [httpx.ReadTimeout]


def test_refused_connection_never_reaches_the_fake() -> None:
    fake = FakeTelegram()
    fake.push_message(fake.user(ALICE), "/start")

    async def main() -> None:
        async with connected(fake, "in-process") as bot:
            fake.refuse_next("sendMessage")
            with pytest.raises(NetworkError) as refused:
                await bot.send_message(ALICE, "never sent")
            assert isinstance(refused.value.__cause__, httpx.ConnectError)
            assert not isinstance(refused.value, TimedOut)

    asyncio.run(main())
    assert fake.refused == ["sendMessage"] and fake.messages(ALICE) == []
    assert not fake.calls_to("sendMessage")


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wrong_token_is_unauthorized(transport: str) -> None:
    fake = FakeTelegram()
    other = FakeTelegram(token="42:another-token")

    async def main() -> None:
        async with contextlib.AsyncExitStack() as stack:
            if transport == "in-process":
                bot = Bot(fake.token, request=FakeRequest(other))
            else:
                server = stack.enter_context(FakeBotAPIServer(other))
                bot = Bot(fake.token, base_url=server.base_url)
            with pytest.raises(InvalidToken):
                await bot.get_me()

    asyncio.run(main())
    assert other.calls == []


# -- updates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_get_updates_delivers_pushed_updates_and_honours_offset(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        alice = fake.user(ALICE)
        fake.push_message(alice, "hello")
        fake.push_sticker(alice)
        updates = await bot.get_updates()
        assert [u.message.text for u in updates] == ["/start", "hello", None]
        assert updates[0].message.entities[0].type == "bot_command"
        assert updates[2].message.sticker.emoji == "👍"
        again = await bot.get_updates(offset=updates[1].update_id)  # confirms the first
        assert [u.update_id for u in again] == [u.update_id for u in updates[1:]]
        assert await bot.get_updates(offset=updates[-1].update_id + 1) == ()
        assert fake.pending_updates == []

        # A long poll returns as soon as an update arrives, and waits at most poll_cap.
        # A sleeping thread, not threading.Timer: a timed wait would hang under libfaketime.
        threading.Thread(
            target=lambda: (time.sleep(0.1), fake.push_message(alice, "late")), daemon=True
        ).start()
        late = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=30)
        assert [u.message.text for u in late] == ["late"]
        started = time.monotonic()
        assert await bot.get_updates(offset=late[0].update_id + 1, timeout=30) == ()
        assert time.monotonic() - started < 2

        # allowed_updates filters what is delivered.
        fake.push_inline_query(alice, "q")
        fake.push_message(alice, "text")
        kept = await bot.get_updates(offset=late[0].update_id + 1, allowed_updates=["message"])
        assert [u.message.text for u in kept] == ["text"]

    fake = run(transport, scenario)
    assert fake.spec_errors == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_webhook_state_and_conflict_with_polling(transport: str) -> None:
    async def scenario(fake: FakeTelegram, bot: Bot) -> None:
        assert await bot.set_webhook("https://bot.example.org/hook", secret_token="s3cret")
        assert (await bot.get_webhook_info()).url == "https://bot.example.org/hook"
        with pytest.raises(Exception, match="(?i)webhook is active"):
            await bot.get_updates()
        assert await bot.delete_webhook(drop_pending_updates=True)
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == ("", 0)

    run(transport, scenario)


def test_every_builder_makes_a_spec_valid_update() -> None:
    fake = FakeTelegram()
    alice = fake.user(ALICE, "Alice", "ar", username="alice")
    sent = fake.push_message(alice, "/start@advocacy_test_bot france-visit")
    assert sent["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 24}]
    fake.handle(
        "sendMessage",
        {
            "chat_id": ALICE,
            "text": "Menu",
            "reply_markup": {"inline_keyboard": [[{"text": "France", "callback_data": "t:fr"}]]},
        },
    )
    updates = [
        sent,
        fake.push_message(alice, "hi all", chat_type="group"),
        fake.push_callback(alice, 2, "t:fr"),
        fake.push_callback(alice, 99, "t:gone"),  # an InaccessibleMessage
        fake.push_inline_query(alice, "syria"),
        fake.push_sticker(alice),
        fake.push_photo(alice, caption="my paper"),
        fake.push_voice(alice),
        fake.push_location(alice),
        fake.push_edited_message(alice, 1, "/start"),
        fake.push_channel_post("news"),
        fake.push_update({"message": sent["message"]}),
    ]
    for update in updates:
        fake.spec.check_value(update, "Update")
        assert Update.de_json(update, None) is not None
    ids = [u["update_id"] for u in updates]
    assert ids == sorted(set(ids)) and fake.next_update_id == ids[-1] + 1
    assert fake.spec_errors == []


def test_messages_are_numbered_per_chat_and_unknown_chats_are_not_found() -> None:
    fake = FakeTelegram()
    alice, bob = fake.user(1), fake.user(2)
    fake.push_message(alice, "a")
    fake.push_message(bob, "b")
    assert fake.handle("sendMessage", {"chat_id": 1, "text": "x"})[1]["result"]["message_id"] == 2
    assert fake.handle("sendMessage", {"chat_id": 2, "text": "y"})[1]["result"]["message_id"] == 2
    status, body = fake.handle("sendMessage", {"chat_id": 3, "text": "z"})
    assert (status, body["description"]) == (400, "Bad Request: chat not found")


# -- a whole Application --------------------------------------------------------------------------


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_html(
        "<b>Welcome</b>", reply_markup=keyboard([("France", "t:fr")])
    )


async def _topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer()
    await update.callback_query.edit_message_text("France: <i>questions</i>", parse_mode="HTML")


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_an_application_polls_the_fake(transport: str) -> None:
    fake = FakeTelegram()
    alice = fake.user(ALICE, "Alice", "ar")

    async def main() -> None:
        async with contextlib.AsyncExitStack() as stack:
            builder = ApplicationBuilder().token(fake.token)
            if transport == "in-process":
                builder = builder.request(FakeRequest(fake)).get_updates_request(FakeRequest(fake))
            else:
                server = stack.enter_context(FakeBotAPIServer(fake))
                builder = builder.base_url(f"{server.url}/bot")
            app: Application = builder.build()
            app.add_handler(CommandHandler("start", _start))
            app.add_handler(CallbackQueryHandler(_topic))
            await stack.enter_async_context(app)
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=1)
            try:
                fake.push_message(alice, "/start")
                await fake.wait_until(lambda: fake.last_message(ALICE) is not None)
                assert fake.last_message(ALICE).buttons == [[("France", "t:fr")]]
                fake.press_button(alice, "France")
                await fake.wait_until(lambda: fake.last_message(ALICE).text != "Welcome")
            finally:
                await app.updater.stop()
                await app.stop()

    asyncio.run(main())
    (menu,) = fake.messages(ALICE)
    assert (menu.text, menu.buttons) == ("France: questions", [])
    assert len(fake.callback_answers) == 1
    assert fake.spec_errors == []
