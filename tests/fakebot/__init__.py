"""An offline fake of the Telegram Bot API (10.0) for this project's tests.

It answers the bot the way Telegram would, and is stricter where Telegram would silently accept a
bug: every call is checked against the Bot API description in ``tests/data/bot-api-10.0.json``
(unknown methods and parameters, types, length limits after HTML parsing, button and command
rules), HTML is parsed exactly as Telegram parses it (plus: a bare ``&`` is an error), and
``spec_errors`` collects every violation, so a test ends with ``assert fake.spec_errors == []``.

In process, with python-telegram-bot::

    fake = FakeTelegram()
    bot = telegram.Bot(
        fake.token, request=FakeRequest(fake), get_updates_request=FakeRequest(fake)
    )
    # or: ApplicationBuilder().token(fake.token).request(FakeRequest(fake))
    #         .get_updates_request(FakeRequest(fake)).build()
    alice = fake.user(1001, "Alice", "ar")
    fake.push_message(alice, "/start")                # queued for getUpdates
    ...                                               # let the bot poll and answer
    menu = fake.last_message(alice["id"])
    assert menu.text.startswith("Welcome") and menu.buttons[0][0].text == "France"
    fake.press_button(alice, "France")                # a callback query on that message
    assert fake.spec_errors == []

Over HTTP, for end-to-end runs of ``python -m bot run``::

    with FakeBotAPIServer(fake) as server:            # BOT_API_URL=server.url
        ...

Faults: ``fake.fail_next("sendMessage", 429, retry_after=3)``, ``fake.fail_next("*", 502)``,
``fake.timeout_next("editMessageText")`` (lost before Telegram carried it out),
``fake.lose_response_next("sendMessage")`` (carried out, then the answer is lost),
``fake.refuse_next("sendMessage")`` (connection refused, never sent), ``fake.block(chat_id)``.
"""

from .core import (
    BOT_ID,
    BOT_USERNAME,
    CANT_DELETE,
    DEFAULT_TOKEN,
    DELETE_NOT_FOUND,
    DELETE_WINDOW,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    FakeTelegram,
)
from .html import FormattedText, HtmlError, format_text, parse_html, utf16_len
from .messages import Button, Call, FakeMessage
from .spec import ApiError, Spec, UploadedFile, load_spec
from .transport import FakeBotAPIServer, FakeRequest, split_url

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "CANT_DELETE",
    "DEFAULT_TOKEN",
    "DELETE_NOT_FOUND",
    "DELETE_WINDOW",
    "NOT_MODIFIED",
    "QUERY_TOO_OLD",
    "ApiError",
    "Button",
    "Call",
    "FakeBotAPIServer",
    "FakeMessage",
    "FakeRequest",
    "FakeTelegram",
    "FormattedText",
    "HtmlError",
    "Spec",
    "UploadedFile",
    "format_text",
    "load_spec",
    "parse_html",
    "split_url",
    "utf16_len",
]
