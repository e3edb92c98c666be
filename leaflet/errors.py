"""One family of exceptions for problems a user can fix.

Every problem carries the file it is about and, where known, the line and column,
so the command line can print it as ``path:line:column: what is wrong — what to do``.
Problems are collected rather than raised one at a time wherever that is possible,
so a translator sees every mistake in one run.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: Names of the control characters (Unicode gives them none).
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}


@cache
def _unseen(char: str) -> str | None:
    """How to show ``char`` when it is a control character or cannot be seen, else None."""
    category = unicodedata.category(char)
    if char == " " or category not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"):
        return None
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "")
    return f"<U+{ord(char):04X}{' ' + name if name else ''}>"


def is_unseen(char: str) -> bool:
    """True for a character that prints as nothing, or as a plain space, or acts on the
    terminal: control characters, format characters (zero-width, direction marks),
    spaces other than the plain one."""
    return _unseen(char) is not None


#: Characters outside the format (Cf) and space categories that draw nothing: Unicode's
#: other default-ignorable code points (the combining grapheme joiner, Hangul fillers,
#: Khmer inherent vowels, Mongolian and other variation selectors) and the blank braille
#: pattern, which fonts draw as an empty cell.
_BLANK = frozenset(
    (
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0),
        *range(0x180B, 0x1810),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    )
)


@cache
def _draws_nothing(char: str) -> bool:
    if char.isspace() or ord(char) in _BLANK:
        return True
    return unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def shows_nothing(text: str) -> bool:
    """True when ``text`` puts nothing on the page: it is empty, or made only of spaces
    and characters that cannot be seen (U+200B ZERO WIDTH SPACE, a no-break space with a
    word joiner, direction marks …). Such a text counts as empty everywhere a text is
    needed: an alt text of only a zero-width space says nothing to a screen reader."""
    return all(_draws_nothing(char) for char in text)


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with the word it counts, in the singular for one: ``1 A4 sheet``,
    ``2 A4 sheets`` (``many`` for a plural not made with s)."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def shown(text: str) -> str:
    """``text`` safe to print: control characters escaped, invisible characters named.

    An ESC in a key would clear the terminal, a right-to-left override would turn the
    rest of the line round, and a zero-width space would make "heading" look right:
    each is shown by its code and name instead, like ``<U+200B ZERO WIDTH SPACE>``.
    """
    if text.isascii() and text.isprintable():
        return text
    return "".join(_unseen(char) or char for char in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None

    def file(self, relative_to: Path | None = None) -> str | None:
        """The file the problem is in, relative to the project where it is inside it."""
        if self.path is None:
            return None
        path = self.path
        if relative_to is not None:
            # The folder resolved, not the file: a link is named as itself, not its target.
            with contextlib.suppress(ValueError, OSError, RuntimeError):
                where = path.parent.resolve() / path.name if path.name else path.resolve()
                path = where.relative_to(relative_to.resolve())
        return str(path)

    def location(self, relative_to: Path | None = None) -> str:
        """The ``path:line:column`` prefix, with the path relative to the project."""
        text = self.file(relative_to)
        if text is None:
            return ""
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def render(self, relative_to: Path | None = None) -> str:
        """The problem as one line for the terminal."""
        where = shown(self.location(relative_to))
        message = shown(self.message)
        return f"{where}: {message}" if where else message


class LeafletError(Exception):
    """A problem with content, settings or input files that the user can fix."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    @classmethod
    def at(
        cls, message: str, path: Path | None, line: int | None = None, column: int | None = None
    ) -> LeafletError:
        """A single problem at one place."""
        return cls(Problem(message, path, line, column))


class Collector:
    """Gathers problems so that all of them can be reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, message: str, path: Path | None, line: int | None = None, column: int | None = None
    ) -> None:
        self.problems.append(Problem(message, path, line, column))

    def extend(self, error: LeafletError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise LeafletError(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)
