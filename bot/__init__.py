"""Advocacy bot: vetted, sourced answers for refugees on Telegram, in English, Arabic and French."""

LANGUAGES: tuple[str, ...] = ("en", "ar", "fr")
"""The languages every piece of content must carry, in the order menus list them."""

RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})
