"""The Telegram layer: the only package that imports python-telegram-bot."""
