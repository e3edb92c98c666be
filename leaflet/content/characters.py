"""Characters that may not be in content text, found before anything is rendered.

* Control characters (a NUL, an ESC …) are left over from copying out of another
  program; they print as nothing, or as a box.
* The bidirectional embedding, override and isolate controls (U+202A–U+202E,
  U+2066–U+2069) change the order letters are printed in: a right-to-left override
  inside a Danish heading prints its words backwards. The direction of a language's
  text comes from the language; the marks translators do need stay allowed: the
  left-to-right and right-to-left marks (U+200E, U+200F), the Arabic letter mark
  (U+061C) and the zero-width joiner and non-joiner (U+200D, U+200C).

Each problem is reported at the line and column of the character itself where it is
written as it is (not as an escape such as ``"\\u202e"``), else where its text starts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .. import files
from ..errors import Collector
from .yamlfile import MAX_FILE_BYTES, Text

#: Characters that are never drawn but are fine in text: line breaks, soft hyphens, joiners.
INVISIBLE = {"\n", "\r", "\t", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}

#: The bidirectional controls that reorder text (embeddings, overrides, isolates).
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


class _Places:
    """Where a character of a text is in its file (each file read once)."""

    def __init__(self) -> None:
        self.lines: dict[Path, list[str] | None] = {}

    def find(self, text: Text, char: str) -> tuple[int, int]:
        lines = self.lines.get(text.path, ())
        if lines == ():
            try:
                data = files.read_bytes(text.path, MAX_FILE_BYTES)
                lines = data.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
            except (OSError, UnicodeDecodeError):
                lines = None
            self.lines[text.path] = lines
        if lines:
            for index in range(text.line - 1, len(lines)):
                start = text.column - 1 if index == text.line - 1 else 0
                column = lines[index].find(char, start)
                if column >= 0:
                    return index + 1, column + 1
        return text.line, text.column


def check_characters(texts: Iterable[Text], problems: Collector) -> None:
    """Add a problem for each control character and reordering control in ``texts``."""
    places = _Places()
    for text in texts:
        for char in sorted(set(text)):
            if unicodedata.category(char) == "Cc" and char not in INVISIBLE:
                problems.add(
                    f"the text holds an invisible control character (U+{ord(char):04X}), often "
                    "left over from copying out of another program — delete it",
                    text.path,
                    *places.find(text, char),
                )
            elif char in BIDI_CONTROLS:
                problems.add(
                    f"the text holds {_name(char)}, an invisible character that changes the "
                    "order its letters are printed in (words can come out backwards) — delete "
                    "it; a language's own direction is set by its language code, and where a "
                    "mark is needed, U+200E and U+200F (left-to-right and right-to-left mark) "
                    "are allowed",
                    text.path,
                    *places.find(text, char),
                )
