"""Advocacy bot: vetted, sourced answers for refugees on Telegram, in the languages its content
offers (`content/languages.yaml`; each language described in `bot/languages/<code>/`)."""
