"""Telegram's HTML parse mode, as strict as the Bot API server.

This is a line-by-line port of ``parse_html`` and ``decode_html_entity`` from tdlib
(td/telegram/MessageEntity.cpp), the code the Bot API server runs: same accepted tags and
attributes, same error messages, same UTF-8 byte offsets in them, same entities (offsets and
lengths in UTF-16 code units). Two deliberate differences:

* ``strict_ampersands=True`` also rejects an ``&`` that does not start a complete entity such as
  ``&amp;``. Telegram shows such an ``&`` literally, but it means the text was not escaped (and
  ``&lt`` without the semicolon *is* decoded by Telegram), so the fake treats it as the bug it is.
* Link checking is simplified: ``<a href="...">`` always yields a ``text_link`` entity.

:func:`format_text` adds what the server does after parsing: trimming surrounding whitespace.
"""

from dataclasses import dataclass, field
from typing import Any

ParsedEntity = dict[str, Any]

_TAGS = frozenset(
    b"a b strong i em s strike del u ins tg-spoiler tg-emoji span pre code blockquote".split()
)
_SIMPLE = {
    b"i": "italic",
    b"em": "italic",
    b"b": "bold",
    b"strong": "bold",
    b"s": "strikethrough",
    b"strike": "strikethrough",
    b"del": "strikethrough",
    b"u": "underline",
    b"ins": "underline",
    b"tg-spoiler": "spoiler",
    b"span": "spoiler",
}
_NAMED = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
# tdlib's is_space() counts NUL as space, which is how its scanners stop at the end of the text.
_SPACE = frozenset(b" \t\r\n\0\v\f")
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALPHA = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT = frozenset(b"0123456789")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_NAME_STOP = _SPACE | frozenset(b"=>/\"'")
# Sort order of entities with equal offset and length, from tdlib's get_type_priority.
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 10,
    "code": 20,
    "text_link": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_TRIM = " \t\r\n\v\f"


class HtmlError(ValueError):
    """Text Telegram refuses to parse; ``str(error)`` is Telegram's wording."""


@dataclass(frozen=True)
class FormattedText:
    """What a Telegram user sees: plain text plus entities (offsets in UTF-16 code units)."""

    text: str
    entities: list[ParsedEntity] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _decode_entity(data: bytes, pos: int) -> tuple[int, int, bool]:
    """Decode the character reference at ``data[pos] == '&'``.

    Returns (code point or 0 if this is no entity, position after it, whether ';' ended it).
    """
    end = pos + 1
    code = 0
    if data[pos + 1] == ord("#"):
        end += 1
        if data[pos + 2] == ord("x"):
            end += 1
            while data[end] in _HEX:
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
        else:
            while data[end] in _DIGIT:
                code = code * 10 + data[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos, False
    else:
        while data[end] in _ALPHA:
            end += 1
        code = _NAMED.get(data[pos + 1 : end], 0)
        if not code:
            return 0, pos, False
    if data[end] == ord(";"):
        return code, end + 1, True
    return code, end, False


def _entity(kind: str, offset: int, length: int, **extra: Any) -> ParsedEntity:
    return {"type": kind, "offset": offset, "length": length, **extra}


def parse_html(text: str, *, strict_ampersands: bool = False) -> FormattedText:
    """Parse ``text`` with parse_mode=HTML exactly as Telegram does; raise :class:`HtmlError`."""
    try:
        data = text.encode("utf-8") + b"\0"
    except UnicodeEncodeError:
        raise HtmlError("strings must be encoded in UTF-8") from None
    size = len(data) - 1
    out = bytearray()
    entities: list[ParsedEntity] = []
    # Open tags: (name, argument, utf16 offset of the content, byte offset of the content in out)
    stack: list[tuple[bytes, bytes, int, int]] = []
    utf16 = 0
    has_surrogate = False
    i = 0
    while i < size:
        c = data[i]
        if c == ord("&"):
            code, end, closed = _decode_entity(data, i)
            if strict_ampersands and not (code and closed):
                raise HtmlError(
                    f'Bare "&" at byte offset {i}: escape it as "&amp;" '
                    "(stricter than Telegram, which would show it literally)"
                )
            if code:
                has_surrogate |= 0xD800 <= code <= 0xDFFF
                out += chr(code).encode("utf-8", "surrogatepass")
                utf16 += 1 + (code > 0xFFFF)
                i = end
                continue
        if c != ord("<"):
            out.append(c)
            if c & 0xC0 != 0x80:  # first byte of a UTF-8 sequence
                utf16 += 1 + (c >= 0xF0)
            i += 1
            continue

        begin = i
        i += 1
        if data[i] != ord("/"):
            while data[i] not in _SPACE and data[i] != ord(">"):
                i += 1
            if data[i] == 0:
                raise HtmlError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].lower()
            shown = tag.decode("utf-8", "replace")
            if tag not in _TAGS:
                raise HtmlError(f'Unsupported start tag "{shown}" at byte offset {begin}')
            argument = b""
            while data[i] != ord(">"):
                while data[i] != 0 and data[i] in _SPACE:
                    i += 1
                if data[i] == ord(">"):
                    break
                name_begin = i
                while data[i] not in _NAME_STOP:
                    i += 1
                name = data[name_begin:i]
                if not name:
                    raise HtmlError(
                        f'Empty attribute name in the tag "{shown}" at byte offset {begin}'
                    )
                while data[i] != 0 and data[i] in _SPACE:
                    i += 1
                if data[i] != ord("="):
                    if data[i] == 0:
                        raise HtmlError(f'Unclosed start tag "{shown}" at byte offset {begin}')
                    if tag == b"blockquote" and name == b"expandable":
                        argument = b"1"
                    continue
                i += 1
                while data[i] != 0 and data[i] in _SPACE:
                    i += 1
                if data[i] == 0:
                    raise HtmlError(f'Unclosed start tag "{shown}" at byte offset {begin}')
                if data[i] not in b"'\"":
                    token_begin = i
                    while data[i] in _ALNUM or data[i] in b".-":
                        i += 1
                    value = data[token_begin:i].lower()
                    if data[i] not in _SPACE and data[i] != ord(">"):
                        raise HtmlError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:
                    quote = data[i]
                    i += 1
                    buf = bytearray()
                    while data[i] != quote and data[i] != 0:
                        if data[i] == ord("&"):
                            code, end, _ = _decode_entity(data, i)
                            if code:
                                buf += chr(code).encode("utf-8", "surrogatepass")
                                i = end
                                continue
                        buf.append(data[i])
                        i += 1
                    if data[i] == quote:
                        i += 1
                    value = bytes(buf)
                if data[i] == 0:
                    raise HtmlError(f"Unclosed start tag at byte offset {begin}")
                if tag == b"a" and name == b"href":
                    argument = value
                elif tag == b"code" and name == b"class" and value.startswith(b"language-"):
                    argument = value[9:]
                elif tag == b"span" and name == b"class" and value.startswith(b"tg-"):
                    argument = value[3:]
                elif tag == b"tg-emoji" and name == b"emoji-id":
                    argument = value
                elif tag == b"blockquote" and name == b"expandable":
                    argument = b"1"
            if tag == b"span" and argument != b"spoiler":
                raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            stack.append((tag, argument, utf16, len(out)))
            i += 1
            continue

        if not stack:
            raise HtmlError(f"Unexpected end tag at byte offset {begin}")
        while data[i] not in _SPACE and data[i] != ord(">"):
            i += 1
        end_tag = data[begin + 2 : i].lower()
        while data[i] in _SPACE and data[i] != 0:
            i += 1
        if data[i] != ord(">"):
            raise HtmlError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, offset, out_pos = stack.pop()
        if end_tag and end_tag != tag:
            raise HtmlError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag.decode()}>", '
                f'found "</{end_tag.decode("utf-8", "replace")}>"'
            )
        if utf16 > offset:
            _close_entity(entities, tag, argument, offset, utf16 - offset, bytes(out[out_pos:]))
        i += 1

    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0].decode()}"')
    for entity in entities:  # a language only survives on <pre><code class="language-x">
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY[e["type"]]))
    if has_surrogate:
        raise HtmlError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    return FormattedText(out.decode("utf-8"), entities)


def _close_entity(
    entities: list[ParsedEntity],
    tag: bytes,
    argument: bytes,
    offset: int,
    length: int,
    inner: bytes,
) -> None:
    """Append the entity a closing tag produces (tdlib merges <pre><code> into one entity)."""
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    if tag in _SIMPLE:
        entities.append(_entity(_SIMPLE[tag], offset, length))
    elif tag == b"tg-emoji":
        digits = argument.decode("utf-8", "replace")
        if not digits.lstrip("-").isdigit() or int(digits) == 0 or abs(int(digits)) >= 2**63:
            raise HtmlError("Invalid custom emoji identifier specified")
        entities.append(_entity("custom_emoji", offset, length, custom_emoji_id=digits))
    elif tag == b"a":
        url = (argument or inner).decode("utf-8", "replace")
        if url:
            entities.append(_entity("text_link", offset, length, url=url))
    elif tag == b"pre":
        if same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append(_entity("pre", offset, length))
    elif tag == b"code":
        if same_span and last["type"] == "pre" and argument:
            last["language"] = argument.decode("utf-8", "replace")
        else:
            language = {"language": argument.decode("utf-8", "replace")} if argument else {}
            entities.append(_entity("code", offset, length, **language))
    elif tag == b"blockquote":
        kind = "expandable_blockquote" if argument else "blockquote"
        entities.append(_entity(kind, offset, length))


def format_text(
    text: str, parse_mode: str | None, *, strict_ampersands: bool = False
) -> FormattedText:
    """The message a user would see for ``text`` sent with ``parse_mode`` (None: plain text).

    Like the server it trims surrounding whitespace afterwards, moving entities along.
    Only HTML is modelled; Markdown modes raise :class:`ValueError`.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        parsed = parse_html(text, strict_ampersands=strict_ampersands)
    elif mode == "":
        parsed = FormattedText(text, [])
    else:
        raise ValueError(f"the fake Bot API models parse_mode HTML only, not {parse_mode!r}")
    stripped = parsed.text.lstrip(_TRIM)
    lead = utf16_len(parsed.text) - utf16_len(stripped)
    stripped = stripped.rstrip(_TRIM)
    size = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, entities)
