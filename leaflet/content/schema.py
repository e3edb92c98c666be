"""A small declarative schema for content files, and the checker that applies it.

The same definitions drive the checks at load time (with file, line and column in
every message) and can be turned into JSON Schema for editors, so the two never
drift apart.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Collector, is_unseen, shown
from . import markup
from .yamlfile import COLON_NO_SPACE, Located, Map, Seq, Text

#: Checks a text value; returns a message when it is wrong, None when it is fine.
TextCheck = Callable[[str], str | None]


@dataclass(frozen=True)
class TextT:
    """A scalar. ``check`` may refine it (a URL, a date …)."""

    description: str = ""
    check: TextCheck | None = None
    pattern: str | None = None  # for JSON Schema only; ``check`` does the real work
    empty_ok: bool = False  # an empty text is allowed (a table cell left blank)


@dataclass(frozen=True)
class ListT:
    """A list of values of one type."""

    item: Type
    description: str = ""
    min_items: int = 1


@dataclass(frozen=True)
class Field:
    """One key of a mapping."""

    type: Type
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class MapT:
    """A mapping with known keys, or (``values``) any keys with one type of value."""

    fields: Mapping[str, Field] = field(default_factory=dict)
    values: Type | None = None
    description: str = ""
    #: Exactly one of the keys (a block: ``- steps: …``), named in messages as this.
    one_key: str = ""
    #: Keys known elsewhere that may not stand here, with the message saying why.
    refused: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OneOfT:
    """Either of several types, told apart by the kind of YAML value (text, list, map)."""

    options: tuple[Type, ...]
    description: str = ""


Type = TextT | ListT | MapT | OneOfT

_KIND_NAMES = {TextT: "text", ListT: "a list", MapT: "keys with values"}

#: What to do when a value is of the wrong kind, by the kind wanted.
_KIND_ADVICE = {
    "text": " — write the text after the colon (or on the lines below after >-), "
    "with no - or key: in front of it",
    "a list": " — write each item on a line of its own, starting with - ",
    "keys with values": " — write a key and its value on each line, like key: value",
}


def _kind_of(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "keys with values"


def _where(value: Any, fallback: Located) -> tuple[int, int]:
    if isinstance(value, Located):
        return value.line, value.column
    return fallback.line, fallback.column


def _comment_in_place(value: Text) -> str | None:
    """The comment written where an empty value stands (``band: #00664f``: YAML reads
    ``#00664f`` as a comment), or None."""
    if value:
        return None
    try:
        with open(value.path, encoding="utf-8-sig", errors="replace") as file:
            for number, line in enumerate(file, start=1):
                if number == value.line:
                    rest = line[value.column - 1 :].strip()
                    # "# a note" is a comment as meant; "#00664f" was meant as the value
                    return rest if rest[:1] == "#" and rest[1:2] not in ("", " ") else None
    except OSError:
        pass
    return None


def check(value: Any, schema: Type, problems: Collector, what: str = "this value") -> None:
    """Check ``value`` against ``schema``, adding a problem for everything wrong."""
    assert isinstance(value, Located)
    path = value.path
    if isinstance(schema, OneOfT):
        for option in schema.options:
            if _KIND_NAMES[type(option)] == _kind_of(value):
                check(value, option, problems, what)
                return
        wanted = " or ".join(_KIND_NAMES[type(o)] for o in schema.options)
        problems.add(
            f"{what} should be {wanted}, not {_kind_of(value)}", path, value.line, value.column
        )
        return
    wanted = _KIND_NAMES[type(schema)]
    if _kind_of(value) != wanted:
        if isinstance(value, Text) and not value.strip() and not isinstance(schema, TextT):
            # "body:" with nothing after it: YAML reads an empty text
            problems.add(
                f"{what} is empty — write {wanted} under it"
                + (
                    ", each item on a line of its own starting with - "
                    if wanted == "a list"
                    else ""
                ),
                path,
                value.line,
                value.column,
            )
            return
        if isinstance(schema, MapT) and isinstance(value, Text) and ":" in value:
            written = COLON_NO_SPACE.match(value)
            if written is not None:
                hint = (
                    f" — put a space after the colon: {written['key']}: "
                    f"{value[written.end('key') + 1 :]}"
                )
            else:
                hint = " — is a space missing after a colon? Write key: value"
        else:
            hint = _KIND_ADVICE[wanted]
        problems.add(
            f"{what} should be {wanted}, not {_kind_of(value)}{hint}",
            path,
            value.line,
            value.column,
        )
        return
    if isinstance(schema, TextT):
        assert isinstance(value, Text)
        blank = markup.shows_nothing(value)
        if blank and schema.empty_ok:
            return
        if blank and (comment := _comment_in_place(value)) is not None:
            problems.add(
                f"{what} is empty: YAML reads everything from a # after a space as a comment, "
                f'so "{comment}" was not read — put it in double quotes: "{comment}"',
                path,
                value.line,
                value.column,
            )
        elif blank:
            unseen = sorted({c for c in value if is_unseen(c)} - {" "})
            problems.add(
                f"{what} is empty — write the text"
                + (" or remove it" if what.startswith("item ") else " or remove the key")
                if not unseen
                else f"{what} shows nothing: it holds only characters that cannot be seen ("
                + ", ".join(shown(c) for c in unseen[:3])
                + ") — write the text"
                + (" or remove it" if what.startswith("item ") else " or remove the key"),
                path,
                value.line,
                value.column,
            )
        elif schema.check is not None and (message := schema.check(value)) is not None:
            problems.add(f"{what}: {message}", path, value.line, value.column)
    elif isinstance(schema, ListT):
        assert isinstance(value, Seq)
        if len(value) < schema.min_items:
            problems.add(
                f"{what} is an empty list — add at least {schema.min_items} item",
                path,
                value.line,
                value.column,
            )
        for index, item in enumerate(value, start=1):
            check(item, schema.item, problems, f"item {index} of {what}")
    else:
        assert isinstance(value, Map)
        _check_map(value, schema, problems, what)


def _check_map(value: Map, schema: MapT, problems: Collector, what: str) -> None:
    path = value.path
    if schema.one_key and len(value) != 1:
        keys = ", ".join(value)
        problems.add(
            f"{what} should be one {schema.one_key}, with one key like - steps: or - table:, "
            f"but it has {len(value)} ({keys}) — start each {schema.one_key} on a line of its "
            "own with -"
            if value
            else f"{what} is empty — write a {schema.one_key}, like - list: followed by items",
            path,
            value.line,
            value.column,
        )
        if not value:
            return
    if schema.values is not None:
        for key, item in value.items():
            check(item, schema.values, problems, f'"{key}"')
        return
    for key, item in value.items():
        if key in schema.refused:
            line, column = value.keys_at[key]
            problems.add(schema.refused[key], path, line, column)
            continue
        if key not in schema.fields:
            line, column = value.keys_at[key]
            seen = "".join(c for c in key if not is_unseen(c))
            if seen != key and seen in schema.fields:
                hidden = ", ".join(dict.fromkeys(shown(c) for c in key if is_unseen(c)))
                problems.add(
                    f'the key "{key}" holds a character that cannot be seen ({hidden}), so it is '
                    f'not the key "{seen}" — delete the key and type it again: {seen}:',
                    path,
                    line,
                    column,
                )
                continue
            known = sorted(schema.fields)
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if close:
                advice = f'did you mean "{close[0]}"?'
            else:
                advice = "the keys allowed here are " + ", ".join(f'"{k}"' for k in known)
            problems.add(f'unknown key "{key}" — {advice}', path, line, column)
            continue
        check(item, schema.fields[key].type, problems, f'"{key}"')
    for key, spec in schema.fields.items():
        if spec.required and key not in value:
            problems.add(
                f'the key "{key}" is missing from {what} — add {key}: followed by '
                f"{spec.description or _KIND_NAMES[type(spec.type)]}",
                path,
                value.line,
                value.column,
            )


# --- JSON Schema for editors --------------------------------------------------------

#: What leaflet reads as text may reach an editor as another JSON type. leaflet reads every
#: scalar as the text typed (``version: 1.0``, ``marks: yes``, ``published: 2026-11-26``),
#: but an editor's YAML extension (VS Code's, which reads YAML 1.2) turns ``1.0`` into a
#: number and ``true`` into a boolean, and would then underline a value leaflet is happy
#: with. So text may be a string, a number or a boolean here; the patterns still apply to
#: strings, and ``leaflet check`` has the last word on every value. null is not allowed:
#: ``heading:`` with nothing after it is an empty text, which leaflet refuses too.
JSON_TEXT_TYPES = ("string", "number", "boolean")


def to_json_schema(t: Type, description: str = "") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``t``, for editors that check YAML as it is typed.

    ``description`` (a field's) replaces the type's own. The result accepts what
    :func:`check` accepts as far as JSON Schema can say it; checks written in Python
    (URLs, dates, the page plan, pictures) are left to ``leaflet check``.
    """
    made: dict[str, Any]
    if isinstance(t, TextT):
        made = {"type": list(JSON_TEXT_TYPES)}
        if not t.empty_ok:
            made["minLength"] = 1
        if t.pattern is not None:
            made["pattern"] = t.pattern
    elif isinstance(t, ListT):
        made = {"type": "array", "items": to_json_schema(t.item)}
        if t.min_items:
            made["minItems"] = t.min_items
    elif isinstance(t, MapT):
        if t.values is not None:
            made = {"type": "object", "additionalProperties": to_json_schema(t.values)}
        else:
            made = {
                "type": "object",
                "properties": {
                    key: to_json_schema(spec.type, spec.description)
                    for key, spec in t.fields.items()
                },
                "additionalProperties": False,
            }
            required = [key for key, spec in t.fields.items() if spec.required]
            if required:
                made["required"] = required
            if t.one_key:
                made["minProperties"] = made["maxProperties"] = 1
    else:
        # The options differ in the kind of value (text, list, keys), so at most one can
        # match: anyOf says the same as oneOf, and editors report it more clearly.
        made = {"anyOf": [to_json_schema(option) for option in t.options]}
    about = description or t.description
    return {"description": about, **made} if about else made
