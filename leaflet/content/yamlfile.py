"""Read a YAML content file into plain values that remember where they came from.

Content files are written by people in text editors, so this loader is strict
where PyYAML is lenient and lenient where PyYAML is surprising:

* every scalar is read as text: ``no``, ``on``, ``1.10`` and ``08`` stay exactly
  what was typed (PyYAML's default would turn them into ``False``, ``True``,
  ``1.1`` and ``8``);
* a key given twice is an error (PyYAML silently keeps the last one);
* tags such as ``!!python/object`` are refused; nothing in a file can run code;
* aliases are expanded with a limit, so a "billion laughs" file stops at once;
* the file must be UTF-8 (a byte-order mark and CRLF line endings are fine).

Values come back as :class:`Text`, :class:`Seq` and :class:`Map`, which behave as
``str``, ``list`` and ``dict`` and carry the line and column they started at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .. import files
from ..errors import LeafletError, Problem, shown

#: How many values one file may expand to once aliases are followed.
MAX_VALUES = 20_000
#: How deeply values may nest.
MAX_DEPTH = 50
#: The longest text one value (or one line) may hold. A whole A5 page holds about
#: 2,500 characters, so anything near this is a mistake, not a paragraph.
MAX_TEXT_CHARS = 20_000
#: The largest content file leaflet reads; a leaflet's files are a few kilobytes.
MAX_FILE_BYTES = 2_000_000

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class Located:
    """Mixin: where a value starts in its file (1-based line and column)."""

    path: Path
    line: int
    column: int

    def _locate(self, path: Path, node: Node) -> None:
        self.path = path
        self.line = node.start_mark.line + 1
        self.column = node.start_mark.column + 1


class Text(str, Located):
    """A scalar, always text."""


class Seq(list[Any], Located):
    """A sequence of values."""


class Map(dict[str, Any], Located):
    """A mapping with text keys; ``keys_at`` gives where each key was written."""

    keys_at: dict[str, tuple[int, int]]


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LeafletError.at(_not_utf8(data, exc.start), path, line, column) from None
    return text.replace("\r\n", "\n")


#: Where Windows' editors save "Unicode" (UTF-16, with its byte order mark first).
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS_UTF8 = "save it as UTF-8 in your text editor (in Notepad: Save as, Encoding: UTF-8)"


def _not_utf8(data: bytes, at: int) -> str:
    """What to say of a file that is not UTF-8, its first unreadable byte at ``at``:
    UTF-16 and Windows' own encoding (where æ is one byte) are named as such."""
    if data.startswith(_UTF16_MARKS):
        return f"this file is saved as UTF-16 (what Windows calls Unicode) — {_SAVE_AS_UTF8}"
    letter = data[at : at + 1].decode("cp1252", "replace")
    if letter.isalpha():
        return (
            f'this file is saved in an older encoding (Windows-1252 or Latin-1: "{letter}" '
            f"is one byte there, 0x{data[at]:02x}), not UTF-8 — {_SAVE_AS_UTF8}"
        )
    return f"this file is not UTF-8 (byte 0x{data[at]:02x} cannot be read) — {_SAVE_AS_UTF8}"


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    quoted = "while scanning a quoted scalar" in str(exc.context)
    mark = (exc.context_mark if quoted else None) or exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = exc.problem or "unreadable YAML"
    if "'\\t'" in problem or "tab" in problem:
        advice = "a tab character is used for indentation — indent with spaces only"
    elif "mapping values are not allowed" in problem:
        advice = (
            "a colon inside text confuses YAML — put the whole text in double quotes, "
            'like: key: "text: more text"'
        )
    elif quoted:
        advice = "a quote is opened but never closed — add the closing quote"
    elif "expected <block end>" in problem:
        advice = "the indentation of this line does not match the lines above — line it up"
    else:
        advice = f"YAML cannot read this: {problem} — check the line and the one above it"
    return Problem(advice, path, line, column)


class _Converter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: Node, message: str) -> LeafletError:
        return LeafletError.at(
            message, self.path, node.start_mark.line + 1, node.start_mark.column + 1
        )

    def convert(self, node: Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(
                node,
                f"this file expands to more than {MAX_VALUES} values (repeated aliases?) — "
                "write the text out instead of using & and * references",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"values are nested more than {MAX_DEPTH} levels deep")
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(
                node,
                f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in "
                "content — remove it; content files hold only text, lists and keys",
            )
        if id(node) in self.active:
            raise self.fail(node, "this value refers to itself through an alias — remove the *")
        self.active.add(id(node))
        try:
            return self._convert(node, depth)
        finally:
            self.active.discard(id(node))

    def _convert(self, node: Node, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            if len(node.value) > MAX_TEXT_CHARS:
                raise self.fail(node, _too_long(len(node.value)))
            text = Text(node.value)
            text._locate(self.path, node)
            return text
        if isinstance(node, SequenceNode):
            seq = Seq(self.convert(item, depth + 1) for item in node.value)
            seq._locate(self.path, node)
            return seq
        assert isinstance(node, MappingNode)
        mapping = Map()
        mapping._locate(self.path, node)
        mapping.keys_at = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a key must be a plain word, not a list or mapping")
            key = key_node.value
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key == "<<" and not key_node.style:  # plain, as YAML reads a merge key
                # YAML's merge key copies another mapping's keys in; leaflet's files are
                # read as written, so "<<" was reported as an unknown key of that name.
                raise self.fail(
                    key_node,
                    "<< (a merge key) copies keys from another place in the file, which "
                    "leaflet does not do — write the keys out here, under this one",
                )
            if key in mapping.keys_at:
                first = mapping.keys_at[key][0]
                raise self.fail(
                    key_node,
                    f'the key "{key}" is given twice (first on line {first}) — '
                    "keep one and delete the other, or the first would be lost",
                )
            mapping.keys_at[key] = where
            mapping[key] = self.convert(value_node, depth + 1)
        return mapping


class _Loader(yaml.BaseLoader):
    """PyYAML's loader, stopping at :data:`MAX_DEPTH` levels of nesting while it composes.

    PyYAML composes nested values by recursion, so a file nested a few hundred levels
    deep would end in a RecursionError before any check of ours could see it.
    """

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooDeep(mark.line + 1, mark.column + 1)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


def _too_deep(path: Path, line: int | None, column: int | None) -> LeafletError:
    return LeafletError.at(
        f"values are nested more than {MAX_DEPTH} levels deep here — content needs a few "
        "levels at most; check the indentation and the [ ] and { } brackets",
        path,
        line,
        column,
    )


#: libyaml (in C) composes a file ten times as fast as PyYAML's Python parser, and
#: gives the same nodes with the same places. It is used for files whose nesting is
#: plainly shallow; anything it stops at is read again by the Python parser, whose
#: messages (and depth limit) are the ones leaflet explains.
_FAST = getattr(yaml, "CBaseLoader", None)
_DEEP = re.compile(r"[\[{]|^ {24,}\S", re.MULTILINE)


def _compose_fast(source: str) -> Node | None:
    """The node tree by libyaml, or None when the Python parser must read it."""
    if _FAST is None or len(_DEEP.findall(source)) > MAX_DEPTH // 2:
        return None
    loader = _FAST(source)
    try:
        node: Node | None = loader.get_single_node()
        return node
    except Exception:  # every problem is said by the Python parser, in its words
        return None
    finally:
        loader.dispose()


def load_text(path: Path, source: str) -> Any:
    """Parse YAML source that was read from ``path``."""
    fast = _compose_fast(source)
    if fast is not None:
        return _Converter(path).convert(fast)
    loader: _Loader | None = None
    try:
        loader = _Loader(source)
        node = loader.get_single_node()
    except _TooDeep as exc:
        raise _too_deep(path, exc.line, exc.column) from None
    except RecursionError:  # nesting in a form the depth count above does not see
        raise _too_deep(path, None, None) from None
    except yaml.MarkedYAMLError as exc:
        raise LeafletError(_syntax_problem(path, exc)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        before = source[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        raise LeafletError.at(
            f"this file holds the control character {shown(chr(exc.character))[1:-1]}, which "
            "cannot be in a text file (often left over from copying out of another program) "
            "— delete it",
            path,
            line,
            column,
        ) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise LeafletError.at(f"YAML cannot read this file: {reason}", path) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise LeafletError.at("this file is empty — it needs at least one key", path, 1, 1)
    return _Converter(path).convert(node)


def _too_long(chars: int) -> str:
    return (
        f"this text is {chars:,} characters long — a whole leaflet page holds about 2,500; "
        f"shorten it (leaflet reads at most {MAX_TEXT_CHARS:,} characters in one text)"
    )


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


def load(path: Path, within: Path | None = None) -> Any:
    """Read and parse one YAML file.

    Only a regular file is read (a named pipe, a device or a dangling link is refused
    without being opened), and with ``within``, only one that lies inside that folder
    after following links: a link out of the project is refused before anything of it
    is read. A file far larger than content ever is, or a line longer than any page
    holds, is refused before YAML parses it (parsing megabytes of YAML takes many
    seconds).
    """
    target = files.resolved(path) if within is not None else None  # None too for a loop
    if target is not None and within is not None and not files.inside(target, within):
        link = files.link_out(path, within)
        raise LeafletError.at(
            f"this is a link to {files.resolved(link) or link}, outside the project — leaflet "
            "reads no files from elsewhere on the computer; copy the file itself here",
            link,
        )
    try:
        data = files.read_bytes(path, 10 * MAX_FILE_BYTES)
    except files.NotAFile as exc:
        raise LeafletError.at(
            f"this is {exc.what} — leaflet reads only ordinary files here; replace it with "
            "the text file itself",
            path,
        ) from None
    except FileNotFoundError:
        raise LeafletError.at("this file is missing", path) from None
    except OSError as exc:
        raise LeafletError.at(f"this file cannot be read: {exc.strerror}", path) from None
    if len(data) > 10 * MAX_FILE_BYTES:  # not even decoded
        raise LeafletError.at(_file_too_big(len(data)), path)
    text = _decode(path, data)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_TEXT_CHARS:
            raise LeafletError.at(_too_long(len(line)), path, number, 1)
    if len(data) > MAX_FILE_BYTES:
        raise LeafletError.at(_file_too_big(len(data)), path)
    return load_text(path, text)


def _file_too_big(size: int) -> str:
    return (
        f"this file is {_size(size)} — leaflet reads content files up to "
        f"{_size(MAX_FILE_BYTES)} (a leaflet's files are a few KB); is it the right file?"
    )


# --- a key without a space after its colon -----------------------------------------

#: ``key:value`` at the start of a line (or of a list item): a key with no space after its
#: colon, which YAML reads as one piece of text. ``https://`` is not a key.
COLON_NO_SPACE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[^\W\d][\w-]*):(?!//)(?=\S)")


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
        data = files.read_bytes(problem.path, MAX_FILE_BYTES)
        lines = data.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
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
        if (found := COLON_NO_SPACE.match(line)) is not None:
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
