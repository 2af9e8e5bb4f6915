"""Organisations a person can contact (`content/help.yaml`): the model and its checks.

The file is optional: without it (or with no approved entry) the bot offers no "Where to get
help" screen. Every entry names the organisation's own page where its contact details were
found, and is reviewed like an answer: only approved entries are shown, and past their review
date they carry the 🕓 note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from bot.content.loader import load_model
from bot.content.model import Id, Model, Review, Texts
from bot.content.problems import Problem
from bot.content.review import review_problems
from bot.language import other_names

ALL = "all"
"""In `countries`: the organisation helps people wherever they are."""


def _shaped(pattern: str, words: str) -> Callable[[str], str]:
    """A check that says, in words, how to write the value when it does not match."""

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(f"'{value}' {words}")
        return value

    return check


Country = Annotated[
    str,
    AfterValidator(
        _shaped(
            r"[A-Z]{2}|all", "is not a country code: use two capital letters (FR, DK, ...) or all"
        )
    ),
]
"""A two-letter ISO 3166 country code (FR, DK, ...) or `all`."""
Url = Annotated[
    str,
    AfterValidator(
        _shaped(
            r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?",
            "is not a full web address: write it as it shows in a browser, starting with https://",
        )
    ),
]
Phone = Annotated[
    str,
    AfterValidator(
        _shaped(
            r"\+[1-9][0-9 ]{6,18}[0-9]",
            "is not a phone number in international form: a +, the "
            "country code, then digits and spaces (e.g. +33 1 23 45 67 89)",
        )
    ),
]
Telegram = Annotated[
    str,
    AfterValidator(
        _shaped(
            r"@[A-Za-z][A-Za-z0-9_]{3,31}",
            "is not a Telegram username: an @, then 4 to 32 letters, "
            "digits or _ (e.g. @example_help)",
        )
    ),
]
Email = Annotated[
    str, AfterValidator(_shaped(r"[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", "is not an email address"))
]


class Contact(Model):
    """How to reach an organisation; at least one way. Only what its own pages publish."""

    website: Url | None = None
    telegram: Telegram | None = None
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _one_at_least(self) -> Contact:
        if not (self.website or self.telegram or self.phone or self.email):
            raise ValueError("give at least one way to reach it: website, telegram, phone or email")
        return self

    @property
    def telegram_url(self) -> str | None:
        return f"https://t.me/{self.telegram[1:]}" if self.telegram else None


class Organisation(Model):
    id: Id
    countries: Annotated[list[Country], Field(min_length=1)]
    name: Texts
    offers: Texts
    contact: Contact
    languages: Annotated[list[str], Field(min_length=1)]
    found_at: Url
    """The organisation's own page where these contact details were read, for reviewers."""
    note: str | None = None
    """For reviewers only (never shown to people): e.g. what the organisation must confirm."""
    review: Review

    def serves(self, country: str | None) -> bool:
        return country is not None and (country in self.countries or ALL in self.countries)


class HelpFile(Model):
    organisations: list[Organisation]


def load_help(
    path: Path,
    today: dt.date,
    languages: Mapping[str, str | None],
    own_names: Mapping[str, str] | None = None,
) -> tuple[tuple[Organisation, ...], list[Problem]]:
    """Every entry (drafts too) and the problems; no file means no entries and no problem.
    Texts are in the content's `languages` (code -> name in English); an organisation works in
    languages named in `bot/languages/names.yaml` or `own_names` (code -> name in itself)."""
    if not path.exists():
        return (), []
    shown = str(path)
    found, where, problems = load_model(path, shown, HelpFile, languages)
    known = {**other_names(), **(own_names or {})}
    if found is None:
        return (), problems
    entries: list[Organisation] = []
    seen: set[str] = set()
    for index, org in enumerate(found.organisations):

        def line(*loc: str | int) -> int:
            return where("organisations", index, *loc)

        if org.id in seen:
            problems.append(Problem(shown, line("id"), f"the id '{org.id}' is used twice"))
            continue
        seen.add(org.id)
        for position, code in enumerate(org.languages):
            if code not in known:
                problems.append(
                    Problem(
                        shown,
                        line("languages", position),
                        f"unknown language code '{code}' (known: "
                        f"{', '.join(sorted(known))}); if it is right, describe the language "
                        f"in {path.parent / 'languages' / code / 'language.yaml'} (see "
                        "bot/languages/README.md)",
                    )
                )
        if ALL in org.countries and len(org.countries) > 1:
            problems.append(
                Problem(
                    shown,
                    line("countries"),
                    "'all' already covers every country; list either 'all' or country codes",
                )
            )
        problems += review_problems(
            org.review,
            shown,
            line,
            today,
            hidden="this organisation is not shown to people",
            overdue="check the contact details and set new dates (people see a note that they "
            "may be out of date)",
        )
        entries.append(org)
    return tuple(entries), problems


def ordered(entries: tuple[Organisation, ...], country: str | None) -> list[Organisation]:
    """Approved entries, those serving `country` first, otherwise in the file's order."""
    shown = [e for e in entries if e.review.status == "approved"]
    return sorted(shown, key=lambda e: not e.serves(country))


def flag(countries: list[str]) -> str:
    """🇫🇷 for FR (regional indicator letters), 🌍 for all."""
    if ALL in countries or not countries:
        return "🌍"
    return "".join(
        chr(0x1F1E6 + ord(code[0]) - ord("A")) + chr(0x1F1E6 + ord(code[1]) - ord("A"))
        for code in countries
    )
