"""Application wiring: settings, content and storage in; a running python-telegram-bot app out.

`create` builds everything a test or `run` needs (and refuses with one clear sentence when it
cannot); `run` adds logging and starts long polling or a webhook until SIGINT/SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import sys
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest, HTTPXRequest

from bot import clock, logs
from bot.checks import load_checked
from bot.conversation import Conversation, IndexedLibrary
from bot.invocation import program
from bot.recent import RecentMessages
from bot.settings import DEFAULT_LISTEN, DEFAULT_PORT, Settings
from bot.storage import FLUSH_SECONDS, StorageError, Store
from bot.telegram.clearing import RecordingBot
from bot.telegram.context import CONTEXT_TYPES, App, Context
from bot.telegram.handlers import PRIVATE_ONLY, USER_COMMANDS, register
from bot.telegram.limiter import RetryingRateLimiter

log = logging.getLogger(__name__)

TOKEN_SHAPE = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{30,}")


def no_token() -> str:
    return (
        f"TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram, then run "
        f"`TELEGRAM_BOT_TOKEN=<the token> {program()} run` (or put it in a .env file); to try "
        f"the content without Telegram, run `{program()} chat`."
    )


BAD_TOKEN = (
    "TELEGRAM_BOT_TOKEN does not look like a token from @BotFather (digits, a colon, "
    "then letters, e.g. 123456789:AAH...); copy it again from @BotFather."
)


class Refusal(Exception):
    """The bot cannot start; the message is the one sentence to print."""


def open_conversation(settings: Settings) -> Conversation:
    for folder, name, holds in (
        (settings.bot_content_dir, "BOT_CONTENT_DIR", "topics.yaml"),
        (settings.bot_seeds_dir, "BOT_SEEDS_DIR", "sources.yaml"),
    ):
        if not folder.is_dir():  # one sentence, not a list of every file that is then missing
            raise Refusal(
                f"The folder {folder} does not exist: set {name} to the folder that "
                f"holds {holds}, or start the bot from the project folder."
            )
    result = load_checked(
        settings.bot_content_dir,
        settings.bot_seeds_dir,
        clock.today(),
        settings.bot_default_language,
    )
    if result.library is None:
        problems = "\n".join(str(p) for p in result.problems if not p.warning)
        raise Refusal(
            f"The content in {settings.bot_content_dir} has problems, so the bot will "
            f"not serve it; fix these (or run `{program()} check`):\n{problems}"
        )
    try:
        store = Store(settings.bot_data_dir, keep_unmatched=settings.bot_keep_unmatched)
    except StorageError as error:
        raise Refusal(str(error)) from None
    return Conversation(
        IndexedLibrary.build(result.library),
        store,
        settings.bot_default_language,
        settings.bot_keep_unmatched,
    )


def token_refusal(settings: Settings) -> str | None:
    """Why the token cannot be used (missing, or not shaped like one), or None."""
    if not settings.token:
        return no_token()
    if not TOKEN_SHAPE.fullmatch(settings.token):
        return BAD_TOKEN
    return None


def create(
    settings: Settings,
    conversation: Conversation,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
) -> App:
    """The application, with handlers; `request` replaces the network (tests)."""
    refusal = token_refusal(settings)
    if refusal is not None:
        raise Refusal(refusal)
    token = settings.token
    assert token is not None
    api = settings.bot_api_url.rstrip("/")
    recent = RecentMessages()
    # python-telegram-bot's own defaults for the two connection pools.
    bot = RecordingBot(
        recent,
        token,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=updates_request or request or HTTPXRequest(),
        rate_limiter=RetryingRateLimiter(max_retries=3),
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(8)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    app: App = builder.build()
    app.bot_data.recent = recent
    app.bot_data.conversation = conversation
    app.bot_data.settings = settings
    register(app)
    assert app.job_queue is not None  # python-telegram-bot[job-queue] is a dependency
    app.job_queue.run_repeating(
        flush_counters, interval=FLUSH_SECONDS, first=FLUSH_SECONDS, name="flush counters"
    )
    return app


async def flush_counters(context: Context) -> None:
    """Buffered view and typed-question counts to disk, on a timer, so that an idle bot killed
    outright loses at most FLUSH_SECONDS of them; in a thread, so no update waits for the disk."""
    conversation = context.bot_data.conversation
    try:
        await asyncio.to_thread(conversation.store.flush)
    except StorageError as error:  # a full or failing disk: say so, keep serving
        log.warning("could not write the view and question counts: %s", error)


async def _post_init(app: App) -> None:
    conversation = app.bot_data.conversation
    conversation.bot_username = app.bot.username
    private = BotCommandScopeAllPrivateChats()
    library = conversation.content.library
    for lang in library.languages.codes:
        ui = library.ui[lang]
        commands = [BotCommand(c, getattr(ui, f"cmd_{c}")) for c in USER_COMMANDS]
        everywhere = [c for c in commands if c.command not in PRIVATE_ONLY]
        # The default list (no language) is the one people with other Telegram languages see.
        code = None if lang == conversation.default_language else lang
        for language_code in {code, lang}:
            await app.bot.set_my_commands(everywhere, language_code=language_code)
            await app.bot.set_my_commands(commands, scope=private, language_code=language_code)


async def _post_shutdown(app: App) -> None:
    app.bot_data.conversation.store.close()


WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a webhook's secret_token."""


def run_options_refusal(
    settings: Settings, webhook_url: str | None, listen: str | None, port: int | None
) -> str | None:
    """Why `run` cannot start with these settings and options (one sentence), checked before
    anything touches the network or the data folder; None when they are fine."""
    refusal = token_refusal(settings)
    if refusal is not None:
        return refusal
    api = urlparse(settings.bot_api_url)
    if api.scheme not in ("https", "http") or not api.netloc:
        return (
            f"BOT_API_URL must be a full address starting with https:// (for example "
            f"https://api.telegram.org), not '{settings.bot_api_url}'."
        )
    if webhook_url is None:
        if listen is not None or port is not None:
            return (
                "--listen and --port only apply to webhook mode: add --webhook-url "
                "https://your.domain/path, or leave them out for long polling."
            )
        return None
    url = urlparse(webhook_url)
    # A self-hosted Bot API server (--local) may call plain http; Telegram's own only https.
    schemes = ("https",) if api.hostname == "api.telegram.org" else ("https", "http")
    if url.scheme not in schemes or not url.hostname:
        return (
            f"--webhook-url must be a public https:// address that Telegram can call, for "
            f"example https://bot.example.org/telegram, not '{webhook_url}'."
        )
    if port is not None and not 1 <= port <= 65535:
        return f"--port must be a port number from 1 to 65535, not {port}."
    secret = settings.bot_webhook_secret
    if secret is not None and not WEBHOOK_SECRET.fullmatch(secret.get_secret_value()):
        return (
            "BOT_WEBHOOK_SECRET must be 1 to 256 characters, each a letter A-Z or a-z, a "
            "digit, '_' or '-' (Telegram refuses anything else)."
        )
    return None


def run(
    settings: Settings,
    webhook_url: str | None = None,
    listen: str | None = None,
    port: int | None = None,
) -> int:
    token = settings.token
    logs.configure(
        settings.bot_log_level,
        [
            token or "",
            settings.bot_webhook_secret.get_secret_value() if settings.bot_webhook_secret else "",
        ],
    )
    listen_on = listen if listen is not None else DEFAULT_LISTEN
    port_on = port if port is not None else DEFAULT_PORT
    try:
        refusal = run_options_refusal(settings, webhook_url, listen, port)
        if refusal is not None:
            raise Refusal(refusal)
        conversation = open_conversation(settings)
        app = create(settings, conversation)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    try:
        if webhook_url:
            secret = (
                settings.bot_webhook_secret.get_secret_value()
                if settings.bot_webhook_secret
                else secrets.token_urlsafe(32)
            )  # no secret set: make one, never run open
            path = urlparse(webhook_url).path.lstrip("/")
            log.info("starting webhook on %s:%d", listen_on, port_on)
            app.run_webhook(
                listen=listen_on,
                port=port_on,
                url_path=path,
                webhook_url=webhook_url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            log.info("starting long polling against %s", settings.bot_api_url)
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        print(
            "Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather (/mybots → API "
            "Token) and set it again.",
            file=sys.stderr,
        )
        return 1
    except NetworkError as error:
        print(
            f"The bot could not reach the Bot API at {settings.bot_api_url} "
            f"({type(error).__name__}); check the network or BOT_API_URL.",
            file=sys.stderr,
        )
        return 1
    except TelegramError as error:
        print(f"Telegram refused to start the bot: {error}", file=sys.stderr)
        return 1
    finally:
        conversation.store.close()
    log.info("stopped")
    return 0
