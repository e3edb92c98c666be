"""A small declarative schema for content files, and the checker that applies it.

The same definitions drive the checks at load time (with file, line and column in
every message) and can be turned into JSON Schema for editors, so the two never
drift apart.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import Collector, LeafletError, Problem
from .yamlfile import Located, Map, Seq, Text

if TYPE_CHECKING:
    from .content import Edition
    from .project import Project

#: Checks a text value; returns a message when it is wrong, None when it is fine.
TextCheck = Callable[[str], str | None]


@dataclass(frozen=True)
class TextT:
    """A scalar. ``check`` may refine it (a URL, a date …)."""

    description: str = ""
    check: TextCheck | None = None
    pattern: str | None = None  # for JSON Schema only; ``check`` does the real work


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

#: ``key:value`` at the start of a line (or of a list item): a key with no space after its
#: colon, which YAML reads as one piece of text. ``https://`` is not a key.
_COLON_NO_SPACE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[^\W\d][\w-]*):(?!//)(?=\S)")


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
        if isinstance(schema, MapT) and isinstance(value, Text) and ":" in value:
            written = _COLON_NO_SPACE.match(value)
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
        if not value.strip():
            problems.add(
                f"{what} is empty — write the text or remove the key",
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
    if schema.values is not None:
        for key, item in value.items():
            check(item, schema.values, problems, f'"{key}"')
        return
    for key, item in value.items():
        if key not in schema.fields:
            line, column = value.keys_at[key]
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
        made = {"type": list(JSON_TEXT_TYPES), "minLength": 1}
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
    else:
        # The options differ in the kind of value (text, list, keys), so at most one can
        # match: anyOf says the same as oneOf, and editors report it more clearly.
        made = {"anyOf": [to_json_schema(option) for option in t.options]}
    about = description or t.description
    return {"description": about, **made} if about else made


# --- checking a whole project: ``leaflet check`` -----------------------------------------

#: Messages about YAML that a key written without a space after its colon can cause.
_COLON_SYMPTOMS = (
    "colon inside text",
    "could not find expected ':'",
    "<document start>",
    "does not match the lines above",
    "should hold keys with values",
)


def _is_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def explain_colon(problem: Problem) -> Problem:
    """``problem``, or a clearer one when a missing space after a colon caused it.

    ``heading:Text`` is one piece of text to YAML, not a key and its value. What YAML
    then says is about a later line ("could not find expected ':'") or about the whole
    file ("should hold keys with values"), so this looks for the line that caused it.
    """
    if problem.path is None or problem.line is None:
        return problem
    if not any(symptom in problem.message for symptom in _COLON_SYMPTOMS):
        return problem
    try:
        lines = problem.path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return problem
    if "should hold keys with values" in problem.message:
        # The whole file is one text: the first line that is not blank or a comment.
        order = list(range(problem.line - 1, len(lines)))
    else:
        # YAML notices at this line or a later one; look back past blank lines and comments.
        order = list(range(min(problem.line, len(lines)) - 1, -1, -1))
    for number, index in enumerate(order):
        line = lines[index]
        if _is_blank(line):
            continue
        if (found := _COLON_NO_SPACE.match(line)) is not None:
            key, rest = found["key"], line[found.end("key") + 1 :].rstrip()
            return Problem(
                f'there is no space after the colon in "{key}:{rest}", so YAML reads it as '
                f"text, not as a key — put a space after the colon: {key}: {rest}",
                problem.path,
                index + 1,
                found.start("key") + 1,
            )
        if number > 0:
            break  # the nearest written line does not have it: something else is wrong
    return problem


def _texts(value: Any) -> list[Text]:
    """Every text in a loaded file, in the order written."""
    if isinstance(value, Text):
        return [value]
    if isinstance(value, Map):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, Seq):
        return [t for v in value for t in _texts(v)]
    return []


@dataclass(frozen=True)
class CheckResult:
    """What ``leaflet check`` found: every problem, sorted, and what was checked."""

    problems: list[Problem]
    leaflets: int
    languages: int
    files: int
    #: Leaflets whose leaflet.yaml has problems: their words were only read, not checked.
    words_unchecked: list[str]

    def summary(self) -> str:
        def count(n: int, what: str) -> str:
            return f"{n} {what}{'' if n == 1 else 's'}"

        if not self.problems:
            return (
                f"checked {count(self.leaflets, 'leaflet')}, "
                f"{count(self.languages, 'language')}, {count(self.files, 'file')}: no problems"
            )
        files = len({p.path for p in self.problems if p.path is not None})
        return f"{count(len(self.problems), 'problem')} in {count(files, 'file')}"


def check_project(
    project: Project, leaflets: Sequence[str] = (), languages: Sequence[str] = ()
) -> CheckResult:
    """Check every content file of the selected leaflets and languages; render nothing.

    This is what ``leaflet build`` checks before it renders (the loader and the font
    check), so content that passes here builds. When a leaflet.yaml has problems the
    words files cannot be checked against their kinds, but each is still read, so
    YAML mistakes in them are reported in the same run.
    """
    from . import build, content, fonts, yamlfile

    problems: list[Problem] = []
    editions: list[Edition] = []
    try:
        editions = build.load(project, leaflets, languages)
    except LeafletError as exc:
        problems.extend(exc.problems)
    # An edition with a problem in one file is not checked for characters the fonts
    # lack, and a leaflet whose leaflet.yaml has a problem not at all: read each words
    # file on its own too, so that every problem is in this one report.
    unchecked: list[str] = []
    folders = [f for f in project.leaflet_dirs() if not leaflets or f.name in leaflets]
    for folder in folders if problems else []:
        try:
            content.load_settings(folder)  # a few milliseconds: just the one file again
        except LeafletError:
            unchecked.append(folder.name)
        for words in sorted(folder.glob("*/*.yaml")):
            if languages and words.parent.name not in languages:
                continue
            try:
                loaded = yamlfile.load(words)
            except LeafletError as exc:
                problems.extend(exc.problems)
                continue
            collected = Collector()
            fonts.check_texts(_texts(loaded), project.fonts, collected)
            problems.extend(collected.problems)
    found = sorted(
        dict.fromkeys(explain_colon(p) for p in problems),
        key=lambda p: (str(p.path or ""), p.line or 0, p.column or 0),
    )
    settings = {e.settings.id: e.settings for e in editions}
    return CheckResult(
        problems=found,
        leaflets=len(settings),
        languages=len({e.lang for e in editions}),
        files=len(settings) + sum(len(e.sections) for e in editions),
        words_unchecked=unchecked,
    )
