"""The fonts a project draws with, and the check that content uses only what they can draw.

Rendering uses the theme's fonts (``styles/fonts/``, see ``styles/fonts/fonts.conf``) and
the brand's, and nothing else. A character that none of them has would print as an
empty box, so it is found before rendering and reported with its file and line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from ..errors import Collector
from .characters import BIDI_CONTROLS, INVISIBLE, check_characters
from .yamlfile import Text

FONT_SUFFIXES = (".ttf", ".otf")
#: fsType bits of a font's OS/2 table that forbid embedding it in a PDF: "restricted
#: licence embedding", and "bitmap embedding only".
_NO_EMBEDDING = 0x0002 | 0x0200
#: What the name table of a font under the SIL Open Font License says (IDs 13 and 14).
_OPEN_LICENCE = ("open font license", "scripts.sil.org/ofl", "openfontlicense.org")


def read_font(path: Path) -> tuple[str | None, str | None]:
    """(the font's family name, None), or (None, why it cannot be used): it must be a
    TrueType or OpenType font whose licence lets it be embedded, with Latin letters, and
    not a variable font (printed at its default weight only)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
            fs_type = font["OS/2"].fsType if "OS/2" in font else 0
            family = font["name"].getBestFamilyName() if "name" in font else None
            variable = "fvar" in font
    except (TTLibError, OSError, KeyError, AssertionError, ValueError):
        return None, (
            "cannot be read as a font — use the TrueType (.ttf) or OpenType (.otf) file itself"
        )
    if fs_type & _NO_EMBEDDING:
        return None, (
            "may not be embedded in a PDF: its maker marked its licence as restricted "
            "(fsType) — use another font, or ask its maker for one you may embed"
        )
    if variable:
        # WeasyPrint embeds a variable font's outlines at its default instance: bold
        # headings given the same file as bold: were printed in the regular weight.
        return None, (
            "is a variable font (one file for every weight), which the PDF renderer prints "
            "only at its default weight: bold text would come out regular — use the font's "
            "static files, one for each weight (Google Fonts has them in the static/ folder: "
            "Family-Regular.ttf, Family-Bold.ttf …)"
        )
    if not all(ord(c) in cmap for c in "aAzZ09"):
        return None, "has no Latin letters and digits — use the text font of your brand"
    return family or path.stem, None


def open_licence(path: Path) -> bool:
    """Whether the font says, in its name table, that it is under the SIL Open Font License."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            said = " ".join(
                str(record.toUnicode())
                for record in font["name"].names
                if record.nameID in (13, 14)
            ).lower()
    except Exception:  # unreadable: read_font says so
        return False
    return any(words in said for words in _OPEN_LICENCE)


@cache
def _coverage(files: tuple[Path, ...], stamp: tuple[int, ...]) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # loaded only when a build checks text

    del stamp  # only renews the cache when a file changes
    covered: set[int] = set()
    for file in files:
        with TTFont(file, lazy=True) as font:
            # Only the code points are wanted, not the glyphs' names: numbered names
            # spare reading the name of every glyph from the 'post' table (half the time)
            font.setGlyphOrder([f"glyph{gid}" for gid in range(font["maxp"].numGlyphs)])
            covered.update(font.getBestCmap())
    return frozenset(covered)


def coverage(fonts: Sequence[Path]) -> frozenset[int]:
    """Every code point that at least one of the font files ``fonts`` can draw."""
    stamp = []
    for path in fonts:
        try:
            stamp.append(path.stat().st_mtime_ns)
        except OSError:
            stamp.append(0)
    return _coverage(tuple(fonts), tuple(stamp))


#: The most accents (combining marks) one letter may carry; Vietnamese uses two, a few
#: scripts three. Hundreds, stacked, are drawn far above the line and off the page.
MAX_MARKS = 4


def _is_mark(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me")


def _stacked(text: str) -> int | None:
    """The number of marks on the most loaded letter of ``text``, when over MAX_MARKS."""
    if not any(_is_mark(char) for char in set(text)):
        return None  # most texts: no mark at all, found without a look at every letter
    most = run = 0
    for char in text:
        run = run + 1 if _is_mark(char) else 0
        most = max(most, run)
    return most if most > MAX_MARKS else None


def check_texts(texts: Iterable[Text], fonts: Sequence[Path], problems: Collector) -> None:
    """Add a problem for each character in ``texts`` that no shipped font has, and for
    each that may not be in content at all (see :mod:`.characters`), and for a letter
    with so many accents stacked on it that they would be drawn off the page."""
    texts = list(texts)
    check_characters(texts, problems)
    covered = coverage(fonts)
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
        missing = sorted(
            c
            for c in set(text)
            if c not in INVISIBLE
            and ord(c) not in covered
            and unicodedata.category(c) != "Cc"
            and c not in BIDI_CONTROLS
        )
        for char in missing:
            name = unicodedata.name(char, "unnamed character")
            problems.add(
                f'the character "{char}" (U+{ord(char):04X} {name}) is in none of the fonts '
                "leaflet draws with (styles/fonts/ and the brand's) — replace it, or add a "
                "font that has it",
                text.path,
                text.line,
                text.column,
            )


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name (LATIN, ARABIC …)."""
    return unicodedata.name(char, "OTHER").split()[0]


def partly_covered(texts: Iterable[Text], face: Path) -> dict[str, Text]:
    """The letters of ``texts`` that the font file ``face`` lacks although it has other
    letters of their script (å, æ, ø in a font with a to z), each with the first text
    that uses it. Such a letter is drawn from the next font in the middle of a word
    set in the brand's: the words look patched. A script the font lacks altogether
    (Arabic in a Latin font) is set whole in the bundled font, which reads well."""
    covered = coverage([face])
    has = {_script(chr(c)) for c in covered if chr(c).isalpha()}
    found: dict[str, Text] = {}
    for text in texts:
        for char in set(text):
            if (
                char.isalpha()
                and ord(char) not in covered
                and char not in found
                and _script(char) in has
            ):
                found[char] = text
    return found
