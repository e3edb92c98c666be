"""The fonts leaflet ships, and the check that content uses only what they can draw.

Rendering uses the fonts in ``styles/fonts/`` and nothing else (see
``styles/fonts/fonts.conf``). A character that none of them has would print as an
empty box, so it is found before rendering and reported with its file and line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..errors import Collector
from .yamlfile import Text

FONT_SUFFIXES = (".ttf", ".otf")
# Characters that are never drawn as glyphs: line breaks, soft hyphens, joiners.
_INVISIBLE = {"\n", "\r", "\t", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def font_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


@cache
def _coverage(files: tuple[Path, ...]) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # loaded only when a build checks text

    covered: set[int] = set()
    for file in files:
        with TTFont(file, lazy=True) as font:
            covered.update(font.getBestCmap())
    return frozenset(covered)


def coverage(folder: Path) -> frozenset[int]:
    """Every code point that at least one font in ``folder`` can draw."""
    return _coverage(tuple(font_files(folder)))


#: The most accents (combining marks) one letter may carry; Vietnamese uses two, a few
#: scripts three. Hundreds, stacked, are drawn far above the line and off the page.
MAX_MARKS = 4


def _is_mark(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me")


def _stacked(text: str) -> int | None:
    """The number of marks on the most loaded letter of ``text``, when over MAX_MARKS."""
    most = run = 0
    for char in text:
        run = run + 1 if _is_mark(char) else 0
        most = max(most, run)
    return most if most > MAX_MARKS else None


def check_texts(texts: Iterable[Text], folder: Path, problems: Collector) -> None:
    """Add a problem for each character in ``texts`` that no shipped font has, and for
    a letter with so many accents stacked on it that they would be drawn off the page."""
    covered = coverage(folder)
    for text in texts:
        if (count := _stacked(text)) is not None:
            problems.add(
                f"a letter in this text carries {count} accents (combining marks) stacked on "
                f"top of each other — a letter has at most {MAX_MARKS}; delete the extra marks "
                "(they often come from copying text that was made to look broken)",
                text.path,
                text.line,
                text.column,
            )
        control = sorted({c for c in text if unicodedata.category(c) == "Cc"} - _INVISIBLE)
        for char in control:
            problems.add(
                f"the text holds an invisible control character (U+{ord(char):04X}), often "
                "left over from copying out of another program — delete it",
                text.path,
                text.line,
                text.column,
            )
        missing = sorted(
            {c for c in text if c not in _INVISIBLE and ord(c) not in covered} - set(control)
        )
        for char in missing:
            name = unicodedata.name(char, "unnamed character")
            problems.add(
                f'the character "{char}" (U+{ord(char):04X} {name}) is in none of the fonts '
                "in styles/fonts/ — replace it, or add a font that has it",
                text.path,
                text.line,
                text.column,
            )
