"""Pydantic models of every content file: what an admin may write, and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64)]
NonEmpty = Annotated[str, Field(min_length=1)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
"""ISO 639: two or three lowercase letters (en, ar, fr, ckb)."""


class Model(BaseModel):
    """Base: unknown fields are errors, so a misspelt field is caught rather than ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


V = TypeVar("V")


class _PerLanguage(Generic[V]):
    """Values written once per language, keyed by language code (`en: ...`, `ar: ...`).

    Which languages every text must have is the content's choice (`content/languages.yaml`),
    checked once the file is read (`bot.content.coverage`), so any key is accepted here. A plain
    slotted object rather than a pydantic model: content holds tens of thousands of these, and a
    model instance carries a dict and a set of its own besides the texts.
    """

    __slots__ = ("_values",)
    _schema: ClassVar[Any]
    """The mapping pydantic validates before it becomes one of these."""
    reserved: ClassVar[frozenset[str]] = frozenset()
    """Keys written beside the languages that are not languages (a disclaimer's `support`)."""

    def __init__(self, values: Mapping[str, V]) -> None:
        self._values = dict(values)

    def languages(self) -> tuple[str, ...]:
        return tuple(self._values)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values == self._values

    def __hash__(self) -> int:
        return hash(tuple(self._values))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls._from_mapping,
            handler.generate_schema(cls._schema),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: dict(value._values)
            ),
        )

    @classmethod
    def _from_mapping(cls, values: dict[str, Any]) -> Any:
        return cls(values)


class Texts(_PerLanguage[str]):
    """One text per language."""

    __slots__ = ()
    _schema = dict[str, NonEmpty]

    def get(self, lang: str) -> str:
        return self._values[lang]


class Examples(_PerLanguage[list[str]]):
    """Other ways people ask a question, per language; they only feed the matcher."""

    __slots__ = ()
    _schema = dict[str, list[NonEmpty]]

    def get(self, lang: str) -> list[str]:
        return self._values.get(lang, [])


_NUMERIC_DAY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def _date_error(message: str) -> PydanticCustomError:
    # Its own error type, so the checker prints the sentence as it is, after the field's name.
    return PydanticCustomError("content_date", message)


def date_parts(value: object, whole: bool) -> tuple[int, int | None, int | None]:
    """Year, month, day of a date written YYYY-MM-DD (or, unless `whole`, YYYY-MM or YYYY)."""
    if isinstance(value, dt.date):
        return value.year, value.month, value.day
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not match or (whole and match.group(3) is None):
        shape = "YYYY-MM-DD" if whole else "YYYY-MM-DD, YYYY-MM or YYYY"
        numeric = _NUMERIC_DAY.fullmatch(text)
        if numeric:
            first, second, year = numeric.groups()
            guess = f"{year}-{int(second):02d}-{int(first):02d}"
            if int(first) <= 12 and int(second) <= 12 and first != second:
                guess += f" or {year}-{int(first):02d}-{int(second):02d}, whichever is meant"
            return _raise(f"is '{text}'; write dates year first, as {shape}: {guess}")
        return _raise(f"is '{text}'; write dates as {shape}")
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if month is not None and not 1 <= month <= 12:
        return _raise(f"is '{text}', but there is no month {month}")
    if day is not None and month is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return _raise(f"is '{text}', but month {month} of {year} has no day {day}")
    return year, month, day


def _raise(message: str) -> tuple[int, int | None, int | None]:
    raise _date_error(message)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; never padded with an invented day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        return cls(*date_parts(value, whole=False))

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def last_day(self) -> dt.date:
        """The latest day this date may mean ('2024-12' may be 31 December 2024)."""
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def format(self, months: list[str]) -> str:
        """Human form in a language, given its month names: '13 February 2025', 'March 2021'."""
        if self.month is None:
            return str(self.year)
        month = months[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"


class Source(Model):
    """One entry of seeds/sources.yaml: a source document and how to cite it."""

    id: Id
    publisher: NonEmpty
    publisher_translated: dict[LanguageCode, NonEmpty] = {}
    """The publisher's description in other languages, for cards in those languages."""
    title: NonEmpty
    kind: Literal["news", "opinion", "statement"]
    published: PartialDate
    written: PartialDate | None = None
    note: str | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    language: LanguageCode
    """The language the document is written in (any language, offered by the content or not)."""
    file: NonEmpty
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

    @model_validator(mode="before")
    @classmethod
    def _no_outdated_flag(cls, data: object) -> object:
        if isinstance(data, dict) and "outdated" in data:
            raise ValueError(
                "'outdated' is no longer set by hand: a source written before the "
                "date in content/context.yaml (situation_changed) is outdated; "
                "remove this line"
            )
        return data

    @field_validator("published", "written", mode="before")
    @classmethod
    def _date(cls, value: object) -> PartialDate | None:
        return None if value is None else PartialDate.parse(value)

    def publisher_in(self, lang: str) -> str:
        """How a card in `lang` names the publisher: its translation, else as registered."""
        return next(
            (text for key, text in self.publisher_translated.items() if key == lang), self.publisher
        )

    @property
    def written_on(self) -> PartialDate:
        """When the text was written: what a reader needs to judge whether it is still true."""
        return self.written or self.published


class SourcesFile(Model):
    sources: list[Source]


class SituationChange(Model):
    """The date after which the situation the sources describe changed, and how to say so."""

    date: dt.date
    event: Texts
    """What happened, in each language, with {date} where the date goes."""

    def outdated(self, source: Source) -> bool:
        """A source written (as far as its date tells) before the change."""
        return source.written_on.last_day() < self.date


class ContextFile(Model):
    """content/context.yaml: facts about the world that every answer is read against."""

    situation_changed: SituationChange


class Topic(Model):
    id: Id
    emoji: NonEmpty
    title: Texts
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    """The country its answers are about (ISO code): "Where to get help" lists it first."""


class TopicsFile(Model):
    topics: Annotated[list[Topic], Field(min_length=1)]


class Disclaimer(Texts):
    """A disclaimer's text per language, and `support: true` when the text sends people to
    advice: cards with it get the "Where to get help" button."""

    __slots__ = ("support",)
    _schema = dict[str, NonEmpty | bool]
    reserved = frozenset({"support"})

    def __init__(self, values: Mapping[str, str], support: bool = False) -> None:
        super().__init__(values)
        self.support = support

    @classmethod
    def _from_mapping(cls, values: dict[str, Any]) -> Any:
        support = values.pop("support", False)
        if not isinstance(support, bool):
            raise PydanticCustomError("content_support", "support must be true or false")
        flags = [code for code, text in values.items() if not isinstance(text, str)]
        if flags:
            raise PydanticCustomError("content_text", "{code}: must be text", {"code": flags[0]})
        return cls(values, support)


class DisclaimersFile(Model):
    disclaimers: dict[Id, Disclaimer]


class SourceRef(Model):
    """A citation: which source, and the verbatim words of it that back the answer."""

    source: NonEmpty
    quote: Annotated[str, Field(min_length=10)]
    cut: Annotated[str, Field(min_length=10)] | None = None
    """A reviewer's sentence on why the words the quote leaves out of its sentence do not change
    the answer; asked for by the checker only where those words qualify the quote."""


class Review(Model):
    status: Literal["draft", "approved"]
    reviewed_by: NonEmpty
    reviewed_on: dt.date
    review_due: dt.date

    @field_validator("reviewed_on", "review_due", mode="before")
    @classmethod
    def _day(cls, value: object) -> dt.date:
        year, month, day = date_parts(value, whole=True)
        return dt.date(year, month or 1, day or 1)


TranslatedField = Literal["title", "question", "answer"]
"""The texts of a snippet that are translated; examples are written per language instead."""


class Snippet(Model):
    """One vetted answer, all its languages inside."""

    id: Id
    topic: NonEmpty
    order: int = 100
    """Place in its topic's menu, smallest first; ties are listed by id."""
    title: Texts
    question: Texts
    answer: Texts
    examples: Examples = Examples({})
    sources: Annotated[list[SourceRef], Field(min_length=1)]
    review: Review
    disclaimer: str | None = None
    translated_from: dict[
        str, dict[TranslatedField, Annotated[str, Field(pattern=r"^[0-9a-f]{8}$")]]
    ] = {}
    """Written by `translations --mark`: a fingerprint of the English each translation renders."""
    related: list[Id] = []
    """Answers that qualify or complete this one, shown as "See also" buttons (at most three)."""


class UIStrings(Model):
    """Every interface string in one language; the field list is the list of keys admins keep."""

    language_name: NonEmpty
    welcome: NonEmpty
    menu_title: NonEmpty
    topic_title: NonEmpty
    back: NonEmpty
    main_menu: NonEmpty
    help: NonEmpty
    language_prompt: NonEmpty
    language_set: NonEmpty
    privacy: NonEmpty
    privacy_unmatched: NonEmpty
    forget_confirm: NonEmpty
    forget_yes: NonEmpty
    forget_no: NonEmpty
    forget_done: NonEmpty
    forget_cancelled: NonEmpty
    no_match: NonEmpty
    several_matches: NonEmpty
    greeting_reply: NonEmpty
    thanks_reply: NonEmpty
    keep_language: Annotated[str, Field(min_length=1, max_length=40)]
    unknown_command: NonEmpty
    not_text: NonEmpty
    unknown_snippet: NonEmpty
    stale_button: Annotated[str, Field(min_length=1, max_length=200)]
    review_overdue: NonEmpty
    source_old: NonEmpty
    sources_old: NonEmpty
    list_and: NonEmpty
    source_label: NonEmpty
    sources_label: NonEmpty
    own_words_label: NonEmpty
    own_words_label_several: NonEmpty
    kind_news: NonEmpty
    kind_opinion: NonEmpty
    kind_statement: NonEmpty
    published: NonEmpty
    feedback_thanks: Annotated[str, Field(min_length=1, max_length=200)]
    see_also: NonEmpty
    cmd_start: Annotated[str, Field(min_length=1, max_length=256)]
    cmd_menu: Annotated[str, Field(min_length=1, max_length=256)]
    cmd_help: Annotated[str, Field(min_length=1, max_length=256)]
    cmd_language: Annotated[str, Field(min_length=1, max_length=256)]
    cmd_privacy: Annotated[str, Field(min_length=1, max_length=256)]
    cmd_forget: Annotated[str, Field(min_length=1, max_length=256)]
    cmd_clear: Annotated[str, Field(min_length=1, max_length=256)]
    cmd_support: Annotated[str, Field(min_length=1, max_length=256)]
    clear_button: NonEmpty
    clear_confirm: NonEmpty
    clear_yes: NonEmpty
    clear_no: NonEmpty
    clear_cancelled: NonEmpty
    clear_done: NonEmpty
    clear_failed: NonEmpty
    clear_rest: NonEmpty
    clear_keep: NonEmpty
    clear_kept: Annotated[str, Field(min_length=1, max_length=200)]
    clear_private_only: NonEmpty
    support_button: NonEmpty
    support_title: NonEmpty
    support_languages: NonEmpty
    support_overdue: NonEmpty
    support_none: NonEmpty
    support_disclaimer: NonEmpty
    months: Annotated[list[NonEmpty], Field(min_length=12, max_length=12)]
    chat_banner: str | None = None
    """The first line of `python -m bot chat` in this language (English when absent)."""

    def kind(self, kind: str) -> str:
        return getattr(self, f"kind_{kind}")


PLACEHOLDERS: dict[str, frozenset[str]] = {
    "topic_title": frozenset({"topic"}),
    "help": frozenset({"bot_username"}),
    "review_overdue": frozenset({"date"}),
    "source_old": frozenset({"date", "changed"}),
    "sources_old": frozenset({"dates", "changed"}),
    "list_and": frozenset({"first", "last"}),
    "published": frozenset({"date"}),
    "see_also": frozenset({"title"}),
    "clear_done": frozenset({"count"}),
    "clear_failed": frozenset({"count"}),
    "support_languages": frozenset({"languages"}),
    "support_overdue": frozenset({"date"}),
}
"""Placeholders the code fills in; every language must use exactly these, and only where listed."""
