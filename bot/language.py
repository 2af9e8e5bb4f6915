"""Languages as data: each language described once, in `<code>/language.yaml`, and the list of
languages a content folder offers, in `content/languages.yaml`.

A description says what the code needs to know about a language: its name in itself (for the
language menu) and in English (for admins), its direction, its script (the writing check and
the guess of which language a typed text is in), its Snowball stemmer (or none) and the
typography of a citation. The bot ships descriptions in `bot/languages/<code>/`; a content
folder may add or replace one in `content/languages/<code>/`, so an organisation adds a
language with data only. Its word lists (`words.yaml`) sit next to it. Pure loading and
validation; every problem comes back as `path:line: message`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Literal

import snowballstemmer  # type: ignore[import-untyped]  # ships no type information
from pydantic import Field, field_validator

from bot.content.loader import load_model
from bot.content.model import Model, NonEmpty
from bot.content.problems import Problem
from bot.content.writing import SCRIPT_NAMES

CODE_PATTERN = r"^[a-z]{2,3}$"
"""A language code as Telegram and the content files write it: ISO 639, two or three letters."""
Code = Annotated[str, Field(pattern=CODE_PATTERN)]

SHIPPED = Path(str(resources.files("bot").joinpath("languages")))
"""The descriptions and word lists that come with the code."""

FOLDER = "languages"
"""In a content folder: `languages/<code>/language.yaml` describes a language the code does
not ship (or replaces the shipped description)."""
LIST_FILE = "languages.yaml"
"""In a content folder: the languages it offers, in menu order."""


class Typography(Model):
    """How a citation line is punctuated in the language."""

    title_quotes: tuple[NonEmpty, NonEmpty] = ("“", "”")
    """Around a source's title: "“", "”" in English, "« ", " »" in French."""
    list_comma: NonEmpty = ", "
    """Between the parts of a citation and the names in a list ("، " in Arabic)."""
    colon: NonEmpty = ": "
    """After a label ("Source: ", " : " in French)."""


class Description(Model):
    """One `language.yaml`: what the code needs to know about a language."""

    code: Code
    name: NonEmpty
    """The language's name in itself, as its speakers recognise it: العربية, Français."""
    english_name: NonEmpty
    """Its name in English, for admins' messages: Arabic, French."""
    direction: Literal["ltr", "rtl"] = "ltr"
    script: NonEmpty
    """The script it is written in: a text filed under it mostly in another one is misfiled."""
    stemmer: NonEmpty | None = None
    """A Snowball algorithm (`arabic`, `french`, ...), or none to match whole words only."""
    letters: str = ""
    """Letters its texts use that other languages of its script seldom do (é, ç in French):
    evidence of the language a typed text is written in. Optional."""
    typography: Typography = Typography()

    @field_validator("script")
    @classmethod
    def _known_script(cls, value: str) -> str:
        if value not in SCRIPT_NAMES:
            raise ValueError(
                f"'{value}' is not a script the bot knows; use one of {', '.join(SCRIPT_NAMES)}"
            )
        return value

    @field_validator("stemmer")
    @classmethod
    def _known_stemmer(cls, value: str | None) -> str | None:
        if value is not None and value not in snowballstemmer.algorithms():
            raise ValueError(
                f"'{value}' is not a Snowball stemmer; use one of "
                f"{', '.join(snowballstemmer.algorithms())}, or leave the line out for none"
            )
        return value


@dataclass(frozen=True, eq=False)
class Language:
    """A described language, and where its word lists are (None: it has none). Compared by
    identity (one object per load), so that what is worked out from it can be cached cheaply."""

    description: Description
    words: Path | None = None

    @property
    def code(self) -> str:
        return self.description.code

    @property
    def name(self) -> str:
        return self.description.name

    @property
    def english_name(self) -> str:
        return self.description.english_name

    @property
    def rtl(self) -> bool:
        return self.description.direction == "rtl"

    @property
    def script(self) -> str:
        return self.description.script

    @property
    def stemmer(self) -> str | None:
        return self.description.stemmer

    @property
    def letters(self) -> frozenset[str]:
        return frozenset(self.description.letters.casefold())

    @property
    def typography(self) -> Typography:
        return self.description.typography

    def said(self) -> str:
        """How an admin's message names it: "Turkish (tr)"."""
        return f"{self.english_name} ({self.code})"


class LanguagesFile(Model):
    """`content/languages.yaml`."""

    languages: Annotated[list[Code], Field(min_length=1)]
    """The languages the content offers, in menu order; the first is the one answers are
    written in and translated from."""


@dataclass(frozen=True, eq=False)
class Languages:
    """The languages a content folder offers, in menu order, and each one's description
    (compared by identity, as `Language` is)."""

    offered: tuple[Language, ...]
    listed: tuple[str, ...] = ()
    """Every code content/languages.yaml lists, those that cannot be used (no description, or
    a broken one, which is said where it is) too."""

    def __iter__(self) -> Iterator[Language]:
        return iter(self.offered)

    def __len__(self) -> int:
        return len(self.offered)

    def __contains__(self, code: object) -> bool:
        return any(language.code == code for language in self.offered)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.offered)

    @property
    def source(self) -> Language:
        """The language answers are written in, and translated from: the first one."""
        return self.offered[0]

    def get(self, code: str) -> Language | None:
        return next((language for language in self.offered if language.code == code), None)

    def __getitem__(self, code: str) -> Language:
        found = self.get(code)
        if found is None:
            raise KeyError(code)
        return found

    def names(self) -> dict[str, str | None]:
        """Code -> name in English of each language every text must have; None for a listed
        language that cannot be used yet, whose texts are neither required nor refused."""
        return {
            **dict.fromkeys(self.listed),
            **{language.code: language.english_name for language in self.offered},
        }


def describe(code: str, content_dir: Path | None = None) -> tuple[Language | None, list[Problem]]:
    """The description of `code`: the content folder's own, else the shipped one. None (and
    no problem) when neither has one; a broken file is None and its problems."""
    folders = [content_dir / FOLDER / code] if content_dir is not None else []
    folders.append(SHIPPED / code)
    for folder in folders:
        path = folder / "language.yaml"
        if not path.is_file():
            continue
        shown = _shown(path)
        found, where, problems = load_model(path, shown, Description)
        if found is not None and found.code != code:
            problems.append(
                Problem(
                    shown,
                    where("code"),
                    f"code is '{found.code}' but the file is in the folder '{code}'; "
                    "they must be the same",
                )
            )
        if problems or found is None:
            return None, problems
        words = next(
            (f / "words.yaml" for f in folders if (f / "words.yaml").is_file()),
            None,
        )
        return Language(found, words), []
    return None, []


@cache
def shipped(code: str) -> Language:
    """A description that comes with the code (for tools that work without content)."""
    found, problems = describe(code)
    if found is None:
        raise LookupError(f"the bot ships no valid description of '{code}': {problems}")
    return found


def load_languages(content_dir: Path) -> tuple[Languages | None, list[Problem]]:
    """`content/languages.yaml` and the description of each language it lists; None when none
    of them can be used. Each code must be described and listed once."""
    path = content_dir / LIST_FILE
    shown = str(path)
    if not path.is_file():
        return None, [
            Problem(
                shown,
                1,
                "this file is missing: it lists the languages the content offers, in menu "
                "order, the one answers are written in first, e.g. `languages: [en, ar, fr]`",
            )
        ]
    listed, where, problems = load_model(path, shown, LanguagesFile)
    if listed is None:
        return None, problems
    offered: list[Language] = []
    for index, code in enumerate(listed.languages):
        line = where("languages", index)
        if code in (language.code for language in offered):
            problems.append(Problem(shown, line, f"'{code}' is listed twice"))
            continue
        language, found = describe(code, content_dir)
        problems += found
        if language is not None:
            offered.append(language)
        elif not found:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"no description of the language '{code}': the bot ships "
                    f"{', '.join(known_codes())}; for another language write "
                    f"{content_dir / FOLDER / code / 'language.yaml'} (see "
                    "bot/languages/README.md)",
                )
            )
    if not offered:
        return None, problems
    return Languages(tuple(offered), tuple(dict.fromkeys(listed.languages))), problems


def known_codes(content_dir: Path | None = None) -> tuple[str, ...]:
    """Every code with a description, shipped or (with `content_dir`) the content's own."""
    roots: Iterable[Path] = (SHIPPED, *([content_dir / FOLDER] if content_dir else []))
    return tuple(
        sorted(
            {
                folder.name
                for root in roots
                if root.is_dir()
                for folder in root.iterdir()
                if (folder / "language.yaml").is_file()
            }
        )
    )


def described_names(content_dir: Path) -> dict[str, str]:
    """Code -> name in itself of every language described, shipped or by the content (offered
    or not): the languages an organisation in help.yaml may say it works in, besides those of
    `other_names()`. A broken description names nothing (`check` says why
    once the language is offered)."""
    return {
        code: language.name
        for code in known_codes(content_dir)
        if (language := describe(code, content_dir)[0]) is not None
    }


class NamesFile(Model):
    """`bot/languages/names.yaml`: languages known by name only."""

    names: dict[Code, NonEmpty]


@cache
def other_names() -> Mapping[str, str]:
    """Code -> name in itself of languages the bot knows by name only (`names.yaml`): those an
    organisation in help.yaml may work in without the bot speaking them."""
    path = SHIPPED / "names.yaml"
    found, _, problems = load_model(path, _shown(path), NamesFile)
    if found is None:  # a shipped file: broken only by a change that the tests catch
        raise ValueError("\n".join(str(problem) for problem in problems))
    return MappingProxyType(found.names)


def _shown(path: Path) -> str:
    """A shipped file by its place in the project (bot/languages/...), a content file as given."""
    try:
        return str(Path("bot") / FOLDER / path.relative_to(SHIPPED))
    except ValueError:
        return str(path)


def code_shape(value: str) -> bool:
    return re.fullmatch(CODE_PATTERN, value) is not None
