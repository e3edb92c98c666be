"""The texts of a section, one unit each with a stable id, and which of them are translated.

A unit is one text of a section's source-language words file: a heading, a paragraph,
a list item, a step, a table cell, a theme label, a picture's alt text or caption, a
question or an answer. Its id is the section and the keys and positions that lead to
the text in the file, counted from 1, e.g. ``aarsager/body/3/list/2`` (the second item
of the list that is the third block of the body). The id stays the same from one export
to the next as long as the source text keeps its shape up to that text.

What is not text is not a unit: picture ids, ``decorative: yes``, empty table cells.

**A copy is not a translation.** A translation's text counts as translated when it
differs from its source text once both are compared in Unicode NFC with runs of white
space as one space (case and punctuation count), or when its file marks it as the same
on purpose (``same:`` in its ``translation:`` block: a name, a number), or when the
source text has no letters to translate (``1813``, ``70 11 31 31``). The same rule is
used by ``leaflet status``, ``leaflet build`` (no print file while texts are still to
translate), ``leaflet serve`` and the exports.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from . import markup
from .blocks import kind_of
from .kinds import KINDS

TRANSLATION = "translation"

#: A place in a words file: keys, and positions in lists (counted from 0).
Path = tuple[str | int, ...]

#: What each key of a words file holds, for the translator.
_KEYS = {
    "title": "the title on the cover (each line break is a line break on the cover)",
    "subtitle": "the subtitle on the cover",
    "heading": "the heading of the section",
    "sender_label": "the label before the sender's name on the back page",
    "version_label": "the label before the version number on the back page",
    "published_label": "the label before the date it was published, on the back page",
    "review_label": "the label before the date of the next review, on the back page",
    "notes_label": "the heading of a page left for the reader's own notes",
}
_BOXES = {"warning": "a warning box", "note": "a note box"}


@dataclass(frozen=True)
class Unit:
    """One text to translate."""

    section: str
    path: Path
    text: str  # the source text as written, without line breaks at its end
    what: str  # what kind of text it is, for the translator

    @property
    def id(self) -> str:
        return unit_id(self.section, self.path)

    @property
    def key(self) -> str:
        """The id within its section (``body/3/list/2``), as ``same:`` lists it."""
        return unit_key(self.path)


def unit_id(section: str, path: Path) -> str:
    """``aarsager/body/3/list/2``: the section, then keys and positions counted from 1."""
    return "/".join([section, *(str(p + 1) if isinstance(p, int) else p for p in path)])


def unit_key(path: Path) -> str:
    """``body/3/list/2``: the keys and positions (counted from 1) within the section."""
    return "/".join(str(p + 1) if isinstance(p, int) else p for p in path)


class _Walk:
    def __init__(self, section: str) -> None:
        self.section = section
        self.units: list[Unit] = []

    def add(self, path: Path, value: Any, what: str) -> None:
        if isinstance(value, str) and value.strip():
            self.units.append(Unit(self.section, path, value.rstrip("\n"), what))

    def blocks(self, blocks: Any, path: Path, where: str) -> None:
        if isinstance(blocks, str):
            self.add(path, blocks, f"the text of {where}")
            return
        if not isinstance(blocks, list | tuple):
            return
        count = len(blocks)
        for index, block in enumerate(blocks):
            at = (*path, index)
            kind = kind_of(block)
            if kind == "paragraph":
                self.add(at, block, f"a paragraph ({where}, block {index + 1} of {count})")
                continue
            if kind == "unknown":
                continue
            self.block(kind, block[kind], (*at, kind), where)

    def block(self, kind: str, value: Any, at: Path, where: str) -> None:
        if kind in ("list", "steps", "checklist") and isinstance(value, list | tuple):
            what = {"list": "a bullet list", "steps": "numbered steps"}.get(kind, "a checklist")
            for number, item in enumerate(value):
                self.add(
                    (*at, number), item, f"item {number + 1} of {len(value)} of {what} ({where})"
                )
        elif kind == "key_figure" and isinstance(value, Mapping):
            self.add((*at, "value"), value.get("value"), 'a key figure, like "4 out of 5"')
            self.add((*at, "text"), value.get("text"), "the line of text with a key figure")
        elif kind == "table" and isinstance(value, Mapping):
            self.table(value, at)
        elif kind == "contact" and isinstance(value, Mapping):
            # the phone number, web and e-mail address stay as they are in every language
            for part, what in (
                ("name", "name"),
                ("hours", "opening hours"),
                ("address", "postal address"),
            ):
                self.add((*at, part), value.get(part), f"the {what} in contact details")
        elif kind == "picture" and isinstance(value, Mapping):
            self.add(
                (*at, "alt"),
                value.get("alt"),
                "the alt text of a picture: what it shows, for people who cannot see it "
                "(not printed; read aloud on the web)",
            )
            self.add((*at, "caption"), value.get("caption"), "the caption under a picture")
        elif kind in _BOXES:
            box = _BOXES[kind]
            if isinstance(value, Mapping):
                self.add((*at, "heading"), value.get("heading"), f"the heading of {box}")
                self.blocks(value.get("body"), (*at, "body"), box)
            else:
                self.blocks(value, at, box)
        elif kind == "questions" and isinstance(value, list | tuple):
            for number, item in enumerate(value):
                if not isinstance(item, Mapping):
                    continue
                self.add(
                    (*at, number, "question"),
                    item.get("question"),
                    f"question {number + 1} of {len(value)}",
                )
                self.blocks(
                    item.get("answer"),
                    (*at, number, "answer"),
                    f"the answer to question {number + 1}",
                )

    def table(self, table: Mapping[str, Any], at: Path) -> None:
        header = table.get("header")
        if isinstance(header, list | tuple):
            for number, cell in enumerate(header):
                self.add(
                    (*at, "header", number),
                    cell,
                    f"the heading of column {number + 1} of {len(header)} of a table",
                )
        rows = table.get("rows")
        if isinstance(rows, list | tuple):
            for row_number, row in enumerate(rows):
                if not isinstance(row, list | tuple):
                    continue
                for number, cell in enumerate(row):
                    self.add(
                        (*at, "rows", row_number, number),
                        cell,
                        f"a table cell: row {row_number + 1} of {len(rows)}, column {number + 1}",
                    )


def section_units(section: str, kind: str, words: Mapping[str, Any]) -> list[Unit]:
    """The units of one section's words, in reading order (the order of the file)."""
    walk = _Walk(section)
    about = KINDS[kind].description
    for key, value in words.items():
        if key == TRANSLATION:
            continue
        if key == "body":
            walk.blocks(value, ("body",), "in the body")
        elif key == "themes" and isinstance(value, Mapping):
            for theme, label in value.items():
                walk.add(
                    ("themes", theme),
                    label,
                    f'the label under the icon of the theme "{theme}" (one or two words)',
                )
        else:
            walk.add((key,), value, _KEYS.get(key, f'the text "{key}" ({about})'))
    return walk.units


# --- finding and placing texts in another language's words -----------------------------


def value_at(words: Any, path: Path) -> Any:
    """The value at ``path`` in ``words``, or None when there is none there."""
    value = words
    for step in path:
        if isinstance(step, int):
            if not isinstance(value, list | tuple) or step >= len(value):
                return None
            value = value[step]
        else:
            if not isinstance(value, Mapping) or step not in value:
                return None
            value = value[step]
    return value


def text_at(words: Any, path: Path) -> str | None:
    """The text at ``path``, without line breaks at its end; None when there is none."""
    value = value_at(words, path)
    if isinstance(value, str) and value.strip():
        return str(value).rstrip("\n")
    return None


# --- a copy is not a translation ---------------------------------------------------------


def normal(text: str) -> str:
    """``text`` as texts are compared: Unicode NFC, every run of white space one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def has_letters(text: str) -> bool:
    """Whether ``text`` has words to translate: a letter of any script outside its markup
    (a link's words count, its address and ``{url}`` do not)."""
    return any(ch.isalpha() for part in markup.parts(text) for ch in part.text)


def is_translated(text: str, source: str, same: bool = False) -> bool:
    """Whether ``text`` translates ``source`` (see the module's text): it differs from it,
    it is marked as the same on purpose (``same``), or ``source`` has nothing to translate."""
    return same or not has_letters(source) or normal(text) != normal(source)


def aligned(source: Any, words: Any, path: Path) -> bool:
    """Whether the text at ``path`` in ``words`` (a translation) stands where the source's
    does: every list on the way there has as many items in both.

    A paragraph added to or removed from the source moves the later ones, and which
    text of the translation then translates which cannot be told from the files.
    """
    a, b = source, words
    for step in path:
        if isinstance(step, int) and not (
            isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b)
        ):
            return False
        a, b = value_at(a, (step,)), value_at(b, (step,))
    return True


def to_translate(
    units: list[Unit], source: Any, words: Any, same: Collection[str] = ()
) -> list[Unit]:
    """The units that ``words`` (a translation of ``source``) does not translate yet: no
    text at their place, a text at a place the source's lists have moved (see
    :func:`aligned`), or a copy of the source text not in ``same`` (unit keys)."""
    found = []
    for unit in units:
        text = text_at(words, unit.path) if aligned(source, words, unit.path) else None
        if text is None or not is_translated(text, unit.text, unit.key in same):
            found.append(unit)
    return found


def path_of(key: str) -> Path:
    """The place a unit key (``body/3/list/2``) names: keys, and positions from 0."""
    return tuple(int(p) - 1 if p.isdigit() else p for p in key.split("/"))


def without(words: Any, keys: Collection[str]) -> Any:
    """A copy of ``words`` with the texts at ``keys`` left empty: what is measured of a
    translation is what it translates, not the copies of its source text it still holds."""
    if not keys:
        return words
    paths = {path_of(key) for key in keys}

    def walk(value: Any, at: Path) -> Any:
        if at in paths:
            return ""
        if isinstance(value, Mapping):
            return {k: walk(v, (*at, k)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v, (*at, n)) for n, v in enumerate(value)]
        return value

    return walk(words, ())
