"""The Bot API 10.0 description as a validator of calls.

:class:`Spec` reads ``tests/data/bot-api-10.0.json`` and checks one call the way the Bot API
server would: known method (names are case-insensitive), required parameters present, types
right (values arrive as form strings, nested objects JSON-encoded), and the limits written in the
field descriptions ("1-4096 characters after entities parsing", "1-64 bytes"), measured after
HTML parsing in UTF-16 code units. A few rules the descriptions state in prose are coded by hand
(:data:`OBJECT_RULES`, :data:`METHOD_RULES`). It also rejects parameters and fields the spec does
not know, which Telegram silently ignores: a misspelt parameter is a bug either way.

Every failure raises :class:`ApiError` carrying a Telegram-shaped description.
"""

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .html import FormattedText, HtmlError, format_text, utf16_len

SPEC_PATH = Path(__file__).resolve().parent.parent / "data" / "bot-api-10.0.json"

_PRIMITIVES = {"Integer", "Float", "Boolean", "String", "InputFile"}
_LIMIT = re.compile(r"(\d+)-(\d+) (characters|bytes)", re.IGNORECASE)
_DISCRIMINATOR = re.compile(r'(?:must be|always) "?([a-z0-9_]+)"?')
_INT = re.compile(r"-?\d+")
_NO_MATCH = 1000  # affinity of a value that is not even the right JSON kind for a type

# Telegram's wording for the limits this bot can hit: field name -> (empty, too long).
_LIMIT_ERRORS = {
    "text": ("message text is empty", "message is too long"),
    "caption": ("message caption is empty", "message caption is too long"),
    "message_text": ("MESSAGE_EMPTY", "MESSAGE_TOO_LONG"),
    "callback_data": ("BUTTON_DATA_INVALID", "BUTTON_DATA_INVALID"),
    "command": ("BOT_COMMAND_INVALID", "BOT_COMMAND_INVALID"),
    "id": ("RESULT_ID_INVALID", "RESULT_ID_INVALID"),
}
_LIMIT_ERROR_OVERRIDES = {
    ("answerCallbackQuery", "text"): ("MESSAGE_EMPTY", "MESSAGE_TOO_LONG"),
    ("BotCommand", "description"): ("BOT_COMMAND_DESCRIPTION_INVALID",) * 2,
}


class ApiError(Exception):
    """A Bot API error response: HTTP status, description, optional ResponseParameters."""

    def __init__(
        self, code: int, description: str, parameters: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = dict(parameters or {})

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends with this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


@dataclass(frozen=True)
class UploadedFile:
    """A file sent as a multipart part (its content is not kept, only its size)."""

    name: str
    filename: str | None
    size: int
    mime_type: str | None = None


@dataclass(frozen=True)
class Field:
    """One parameter of a method or field of a type, as the spec describes it."""

    name: str
    types: tuple[str, ...]
    required: bool
    limit: tuple[int, int, str] | None  # (min, max, "characters" | "bytes")
    after_parsing: bool  # the limit applies to the text after entity parsing

    @classmethod
    def from_spec(cls, raw: Mapping[str, Any]) -> "Field":
        description = raw.get("description", "")
        found = _LIMIT.search(description) if raw["types"] == ["String"] else None
        limit = (int(found[1]), int(found[2]), found[3].lower()) if found else None
        return cls(
            name=raw["name"],
            types=tuple(raw["types"]),
            required=raw["required"],
            limit=limit,
            # message_text is parsed too, though its description does not say so.
            after_parsing="after entities parsing" in description or raw["name"] == "message_text",
        )


@dataclass(frozen=True)
class TypeDef:
    """An object type: its fields, or the subtypes it stands for."""

    name: str
    fields: dict[str, Field]
    subtypes: tuple[str, ...]
    discriminator: tuple[str, str] | None  # ("type", "article") for InlineQueryResultArticle


class Spec:
    """Methods and types of one Bot API version, and the checks of a call against them."""

    def __init__(self, path: Path = SPEC_PATH, *, strict_ampersands: bool = True) -> None:
        raw = json.loads(path.read_text(encoding="utf-8"))
        self.version: str = raw["version"]
        self.strict_ampersands = strict_ampersands
        self.methods: dict[str, dict[str, Field]] = {
            name: {f["name"]: Field.from_spec(f) for f in m.get("fields", [])}
            for name, m in raw["methods"].items()
        }
        self.returns: dict[str, tuple[str, ...]] = {
            name: tuple(m.get("returns", [])) for name, m in raw["methods"].items()
        }
        self._by_lower = {name.lower(): name for name in self.methods}
        self.types: dict[str, TypeDef] = {}
        for name, t in raw["types"].items():
            fields = {f["name"]: Field.from_spec(f) for f in t.get("fields", [])}
            discriminator = None
            if t.get("subtype_of") and t.get("fields"):
                first = t["fields"][0]
                found = _DISCRIMINATOR.search(first.get("description", ""))
                if found:
                    discriminator = (first["name"], found[1])
            self.types[name] = TypeDef(name, fields, tuple(t.get("subtypes", [])), discriminator)

    # -- public API ---------------------------------------------------------------------------

    def method(self, name: str) -> str | None:
        """The canonical (camelCase) name of a method, or None if there is no such method."""
        return self._by_lower.get(name.lower())

    def decode(self, method: str, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Turn wire values (form strings, JSON-encoded objects) into JSON values.

        ``method`` must be canonical. Tolerant: what cannot be decoded stays as it came, for
        :meth:`check_call` to reject. ``None`` values are dropped, as absent.
        """
        fields = self.methods[method]
        return {
            name: _from_wire(value, fields[name].types) if name in fields else value
            for name, value in raw.items()
            if value is not None
        }

    def check_call(self, method: str, params: Mapping[str, Any]) -> None:
        """Validate one decoded call; raise :class:`ApiError` on the first problem, as Telegram
        does."""
        fields = self.methods[method]
        for name in params:
            if name not in fields:
                raise bad_request(f'unknown parameter "{name}" for method {method}')
        self._check_fields(params, fields, method, "")
        rule = METHOD_RULES.get(method)
        if rule:
            rule(params)

    def check_value(self, value: Any, type_name: str, path: str = "") -> None:
        """Validate a decoded value (e.g. an Update the fake builds) against a spec type."""
        self._check(value, (type_name,), path or type_name, "")

    def format(self, text: str, parse_mode: str | None) -> FormattedText:
        """Visible text of a string parameter, with the fake's HTML strictness."""
        try:
            return format_text(text, parse_mode, strict_ampersands=self.strict_ampersands)
        except HtmlError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        except ValueError as error:
            raise bad_request(str(error)) from None

    # -- checks -------------------------------------------------------------------------------

    def _check_fields(
        self, values: Mapping[str, Any], fields: Mapping[str, Field], owner: str, path: str
    ) -> None:
        for name in values:
            if name not in fields:
                raise bad_request(f'unknown field "{path}{name}" in {owner}')
        # parse_mode first: the text limits depend on it.
        for field in sorted(fields.values(), key=lambda f: not f.name.endswith("parse_mode")):
            value = values.get(field.name)
            if value is None:
                if field.required:
                    what = "message text" if field.name == "text" else f"{path}{field.name}"
                    raise bad_request(f"{what} is empty")
                continue
            self._check(value, field.types, f"{path}{field.name}", owner)
            if field.name.endswith("parse_mode") and value.lower() not in (
                "",
                "html",
                "markdown",
                "markdownv2",
            ):
                raise bad_request("unsupported parse_mode")
            if field.limit is not None:
                self._check_limit(value, field, values, fields, owner)
        rule = OBJECT_RULES.get(owner)
        if rule:
            rule(values, path)

    def _check_limit(
        self,
        value: str,
        field: Field,
        values: Mapping[str, Any],
        fields: Mapping[str, Field],
        owner: str,
    ) -> None:
        low, high, unit = field.limit  # type: ignore[misc]
        if field.after_parsing:
            sibling = f"{field.name}_parse_mode"
            mode = values.get(sibling if sibling in fields else "parse_mode")
            value = self.format(value, mode).text
        size = len(value.encode("utf-8")) if unit == "bytes" else utf16_len(value)
        if low <= size <= high:
            return
        empty, too_long = _LIMIT_ERROR_OVERRIDES.get(
            (owner, field.name), _LIMIT_ERRORS.get(field.name, (None, None))
        )
        message = too_long if size > high else empty
        if message is None:
            message = f"{field.name} must be {low}-{high} {unit}, not {size}"
        raise bad_request(message)

    def _check(self, value: Any, types: tuple[str, ...], path: str, owner: str) -> None:
        """Pass if ``value`` matches one of ``types``; else raise the most relevant error."""
        failures: list[tuple[int, ApiError]] = []
        for type_name in types:
            try:
                self._check_one(value, type_name, path)
                return
            except ApiError as error:
                failures.append((self._affinity(value, type_name), error))
        affinity, error = min(failures, key=lambda item: item[0])
        if affinity >= _NO_MATCH:
            raise bad_request(f'field "{path}" must be of type {" or ".join(types)}')
        raise error

    def _check_one(self, value: Any, type_name: str, path: str) -> None:
        mismatch = bad_request(f'field "{path}" must be of type {type_name}')
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise mismatch
            for index, item in enumerate(value):
                self._check(item, (type_name[len("Array of ") :],), f"{path}[{index}]", "")
        elif type_name in _PRIMITIVES:
            if not _is_primitive(value, type_name):
                raise mismatch
        elif not isinstance(value, dict):
            raise mismatch
        else:
            self._check_object(value, self.types[type_name], path)

    def _check_object(self, value: dict[str, Any], typedef: TypeDef, path: str) -> None:
        if typedef.subtypes:
            candidates = [self.types[name] for name in typedef.subtypes]
            chosen = [t for t in candidates if _discriminated(value, t)]
            if not chosen:
                raise bad_request(f'unsupported {typedef.name} in field "{path}"')
            failures = []
            for subtype in chosen:
                try:
                    self._check_object(value, subtype, path)
                    return
                except ApiError as error:
                    failures.append((self._affinity(value, subtype.name), error))
            raise min(failures, key=lambda item: item[0])[1]
        self._check_fields(value, typedef.fields, typedef.name, f"{path}.")

    def _affinity(self, value: Any, type_name: str) -> int:
        """How far ``value`` is from the shape of ``type_name`` (0: it is meant to be one)."""
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return _NO_MATCH
            return self._affinity(value[0], type_name[len("Array of ") :]) if value else 0
        if type_name in _PRIMITIVES:
            return 0 if _is_primitive(value, type_name) else _NO_MATCH
        if not isinstance(value, dict):
            return _NO_MATCH
        typedef = self.types[type_name]
        if typedef.subtypes:
            return min(self._affinity(value, name) for name in typedef.subtypes)
        unknown = sum(1 for key in value if key not in typedef.fields)
        missing = sum(1 for f in typedef.fields.values() if f.required and f.name not in value)
        return unknown + missing


def _is_primitive(value: Any, type_name: str) -> bool:
    if type_name == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "Boolean":
        return isinstance(value, bool)
    if type_name == "String":
        return isinstance(value, str)
    return isinstance(value, UploadedFile)  # InputFile


def _discriminated(value: Mapping[str, Any], typedef: TypeDef) -> bool:
    if typedef.discriminator is None:
        return True
    key, expected = typedef.discriminator
    return value.get(key) == expected


def _from_wire(value: Any, types: tuple[str, ...]) -> Any:
    """Turn a form-field string into the JSON value the parameter's types call for."""
    if not isinstance(value, str):
        return value
    if "Integer" in types and _INT.fullmatch(value):
        return int(value)
    if "Float" in types:
        try:
            return float(value)
        except ValueError:
            pass
    if "Boolean" in types and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if any(t not in _PRIMITIVES for t in types) and value.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            pass  # stays a string; the type check reports it
    return value


# -- rules stated in prose --------------------------------------------------------------------

_BUTTON_PLAIN_FIELDS = {"text", "icon_custom_emoji_id", "style"}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def _inline_button(button: Mapping[str, Any], path: str) -> None:
    """ "Exactly one of the fields other than text, icon_custom_emoji_id, and style"."""
    if not button.get("text"):
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [key for key in button if key not in _BUTTON_PLAIN_FIELDS]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            f"can't parse inline keyboard button: {path.rstrip('.')} has {', '.join(actions)}; "
            "exactly one of them must be used"
        )


def _bot_command(command: Mapping[str, Any], path: str) -> None:
    """ "1-32 characters. Can contain only lowercase English letters, digits and underscores"."""
    if not _COMMAND.fullmatch(command["command"]):
        raise bad_request("BOT_COMMAND_INVALID")


def _answer_inline_query(params: Mapping[str, Any]) -> None:
    results = params["results"]
    if len(results) > 50:
        raise bad_request("RESULTS_TOO_MUCH")
    ids = [result["id"] for result in results]
    if len(set(ids)) != len(ids):
        raise bad_request("RESULT_ID_DUPLICATE")


def _set_my_commands(params: Mapping[str, Any]) -> None:
    if len(params["commands"]) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")


def _delete_messages(params: Mapping[str, Any]) -> None:
    """ "A JSON-serialized list of 1-100 identifiers of messages to delete"."""
    if not 1 <= len(params["message_ids"]) <= 100:
        raise bad_request("message_ids must hold 1-100 message identifiers")


OBJECT_RULES: dict[str, Callable[[Mapping[str, Any], str], None]] = {
    "InlineKeyboardButton": _inline_button,
    "BotCommand": _bot_command,
}
METHOD_RULES: dict[str, Callable[[Mapping[str, Any]], None]] = {
    "answerInlineQuery": _answer_inline_query,
    "setMyCommands": _set_my_commands,
    "deleteMessages": _delete_messages,
}


@functools.cache
def load_spec(path: Path = SPEC_PATH, strict_ampersands: bool = True) -> Spec:
    """The spec, read once per process (it is immutable)."""
    return Spec(path, strict_ampersands=strict_ampersands)
