"""Settings: every knob of the bot, read once from the environment (and a `.env` file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.language import code_shape

DEFAULT_LISTEN = "127.0.0.1"
"""Where `run --webhook-url` listens unless --listen says otherwise (behind a reverse proxy)."""
DEFAULT_PORT = 8443
"""The port `run --webhook-url` listens on unless --port says otherwise."""


class Settings(BaseSettings):
    """The settings table of README.md; names are a contract with the people who deploy the bot."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    bot_api_url: str = Field(default="https://api.telegram.org", alias="BOT_API_URL")
    bot_admin_ids: str = Field(default="", alias="BOT_ADMIN_IDS")
    bot_content_dir: Path = Field(default=Path("content"), alias="BOT_CONTENT_DIR")
    bot_seeds_dir: Path = Field(default=Path("seeds"), alias="BOT_SEEDS_DIR")
    bot_data_dir: Path = Field(default=Path("data"), alias="BOT_DATA_DIR")
    bot_default_language: str = Field(default="en", alias="BOT_DEFAULT_LANGUAGE")
    bot_webhook_secret: SecretStr | None = Field(default=None, alias="BOT_WEBHOOK_SECRET")
    bot_log_level: str = Field(default="INFO", alias="BOT_LOG_LEVEL")
    bot_keep_unmatched: bool = Field(default=False, alias="BOT_KEEP_UNMATCHED")
    bot_today: dt.date | None = Field(default=None, alias="BOT_TODAY")

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _trimmed(cls, value: object) -> object:
        # A token pasted with a trailing space or newline is the same token.
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("bot_default_language")
    @classmethod
    def _language_code(cls, value: str) -> str:
        # Whether the content offers it is known only once the content is loaded (run, chat,
        # /reload and check say so); here, only that it is shaped like a language code.
        value = value.strip()
        if not code_shape(value):
            raise ValueError(
                f"{value!r} is not a language code: two or three lowercase letters, such as en"
            )
        return value

    @field_validator("bot_log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value

    @field_validator("bot_admin_ids")
    @classmethod
    def _admin_ids(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip() and not part.strip().lstrip("-").isdigit():
                raise ValueError(f"{part.strip()!r} is not a Telegram user id (digits only)")
        return value

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(p) for p in self.bot_admin_ids.split(",") if p.strip())

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None
