"""Writing words files: YAML text that reads back as exactly the text it was made from.

Used wherever leaflet writes words files for people to edit (a new translation, a
new leaflet): each value gets the plainest YAML form that round-trips (checked by
reading it back), long texts are folded at 80 columns, and a comment can go above
each value (the source text, for a translator).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping
from typing import Any

import yaml

WIDTH = 80  # wrap generated files at this column
#: Keys whose values are structure, not words (a picture's id): no source text above them.
STRUCTURE_KEYS = frozenset({"id:", "decorative:"})


def _printable(text: str) -> bool:
    """Whether ``text`` (without its line breaks) can be written in a YAML block scalar."""
    for ch in text:
        if ch in "\n\t":
            continue
        if ch in "\x85\u2028\u2029\ufeff" or unicodedata.category(ch) in ("Cc", "Cs"):
            return False
    return True


def _single_line(text: str) -> str | None:
    """``text`` as a one-line YAML scalar (plain or quoted), or None."""
    out = yaml.safe_dump(str(text), allow_unicode=True, width=10**9)
    out = out.removesuffix("\n...\n").removesuffix("\n")
    return None if "\n" in out else out


def _double_quoted(text: str) -> str:
    out = yaml.safe_dump(str(text), allow_unicode=True, width=10**9, default_style='"')
    return out.removesuffix("\n...\n").removesuffix("\n")


def _folded(text: str, indent: int) -> list[str] | None:
    """``text`` (one line) as a ``>-`` block, wrapped at the width; None when unsafe."""
    if not text or text != text.strip() or not _printable(text) or "\n" in text:
        return None
    lines: list[str] = []
    line = ""
    # Break only at a single space between two non-spaces: folding turns it back into one.
    for word in re.split(r"(?<=\S) (?=\S)", text):
        if line and indent + len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return [">-", *(" " * indent + part for part in lines)]


def _literal(text: str, indent: int) -> list[str] | None:
    """Text with line breaks as a ``|`` block; None when unsafe."""
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    first = next((line for line in body.split("\n") if line), "")
    if not first or first[0] in " \t" or not _printable(text):
        return None
    chomp = {0: "|-", 1: "|"}.get(trailing, "|+")
    lines = [" " * indent + line if line else "" for line in body.split("\n")]
    return [chomp, *lines, *([""] * (trailing - 1 if trailing > 1 else 0))]


def _round_trips(rendered: list[str], text: str) -> bool:
    document = "\n".join(["x: " + rendered[0], *rendered[1:]]) + "\n"
    try:
        loaded = yaml.load(document, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("x") == text


def render_scalar(text: str, indent: int, start: int) -> list[str]:
    """``text`` as YAML: the first line goes after ``key: `` (at column ``start``), the
    others are indented by ``indent`` spaces. Every form is checked by reading it back."""
    candidates: list[list[str] | None] = []
    one = _single_line(text)
    if one is not None and one.startswith("'") and "\\" not in _double_quoted(text):
        one = _double_quoted(text)  # double quotes, as the README teaches
    if "\n" in text:
        candidates.append(_literal(text, indent))
    elif one is not None and start + len(one) <= WIDTH:
        candidates.append([one])
    else:
        candidates += [_folded(text, indent), [one] if one is not None else None]
    for rendered in candidates:
        if rendered is not None and _round_trips(rendered, text):
            return rendered
    return [_double_quoted(text)]


def comment_lines(text: str, indent: int, source_name: str) -> list[str]:
    """The source text as comment lines above a value."""
    pad = " " * indent + "# "
    width = max(WIDTH - len(pad), 30)
    paragraphs = text.rstrip("\n").split("\n")
    lines: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        label = f"{source_name}: " if number == 0 else ""
        wrapped = textwrap.wrap(label + paragraph, width=width, break_long_words=False) or [
            label.rstrip()
        ]
        lines += [(pad + part).rstrip() for part in wrapped]
    return lines


def _key(key: str) -> str:
    return _single_line(key) or _double_quoted(key)


def flow_scalar(text: str) -> str:
    """``text`` as a one-line scalar that may stand inside ``[…]`` (a table row)."""
    one = _single_line(text)
    if one is not None and not one.startswith(("'", '"')) and not any(c in one for c in ",[]{}"):
        try:
            if yaml.load(f"[{one}]", Loader=yaml.BaseLoader) == [text]:
                return one
        except yaml.YAMLError:
            pass
    return _double_quoted(text)


#: Comments repeat the value itself (a new translation starts as the source text).
SAME = object()


def _part(comments: Any, key: str | int) -> Any:
    """The comment text (or structure) for ``key`` of a value whose comments are given."""
    if comments is SAME or comments is None:
        return comments
    if isinstance(key, str) and isinstance(comments, Mapping):
        return comments.get(key)
    if isinstance(key, int) and isinstance(comments, list | tuple) and key < len(comments):
        return comments[key]
    return None


def _emit_value(
    prefix: str,
    value: Any,
    indent: int,
    source_name: str,
    lines: list[str],
    pad: str,
    comments: Any = SAME,
) -> None:
    """Write ``prefix`` (``key:`` or ``-``) and ``value`` at ``pad``; nested at ``indent``."""
    if isinstance(value, str):
        comment = value if comments is SAME else comments
        if isinstance(comment, str) and prefix not in STRUCTURE_KEYS:
            lines += comment_lines(comment, len(pad), source_name)
        first, *rest = render_scalar(value, indent, len(pad) + len(prefix) + 1)
        lines.append(f"{pad}{prefix} {first}")
        lines += rest
    elif isinstance(value, Mapping):
        if prefix == "-":
            nested: list[str] = []
            emit_map(value, indent, source_name, nested, comments)
            at = next(i for i, line in enumerate(nested) if not line.lstrip().startswith("#"))
            # The comment above the item stands at its dash: indented as far as the text of
            # a folded paragraph just before it, YAML would read it as more of that text.
            nested[:at] = [f"{pad}{line.lstrip()}" for line in nested[:at]]
            nested[at] = f"{pad}- {nested[at][indent:]}"
            lines += nested
        else:
            lines.append(f"{pad}{prefix}")
            emit_map(value, indent, source_name, lines, comments)
    else:
        lines.append(f"{pad}{prefix}")
        for number, item in enumerate(value):
            _emit_value(
                "-", item, indent + 2, source_name, lines, " " * indent, _part(comments, number)
            )


def emit_map(
    words: Mapping[str, Any],
    indent: int,
    source_name: str,
    lines: list[str],
    comments: Any = SAME,
) -> None:
    """Append ``words`` as YAML lines at ``indent``.

    Above each text goes a comment ``# <source_name>: …``: the text itself (the
    default, :data:`SAME`), the text at the same place in ``comments`` (the source
    text above its translation), or none when ``comments`` is None.
    """
    for key, value in words.items():
        _emit_value(
            f"{_key(key)}:",
            value,
            indent + 2,
            source_name,
            lines,
            " " * indent,
            _part(comments, key),
        )
