"""The texts of a leaflet as units to translate, one per text, each with a stable id.

A unit is one text of a section's source-language words file: a heading, a paragraph,
a list item, a step, a table cell, a theme label, a picture's alt text or caption, a
question or an answer. Its id is the section and the keys and positions that lead to
the text in the file, counted from 1, e.g. ``aarsager/body/3/list/2`` (the second item
of the list that is the third block of the body). The id stays the same from one export
to the next as long as the source text keeps its shape up to that text.

What is not text is not a unit: picture ids, ``decorative: yes``, empty table cells.

The same units are counted by ``leaflet status`` and written by ``leaflet translate
export``, so "12 of 40 texts need translation" means the same in both.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content.blocks import kind_of
from ..content.kinds import KINDS
from ..content.values import is_yes

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


def unit_id(section: str, path: Path) -> str:
    """``aarsager/body/3/list/2``: the section, then keys and positions counted from 1."""
    return "/".join([section, *(str(p + 1) if isinstance(p, int) else p for p in path)])


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
            self.add((*at, "name"), value.get("name"), "the name in contact details")
            self.add((*at, "hours"), value.get("hours"), "the opening hours in contact details")
            self.add(
                (*at, "address"), value.get("address"), "the postal address in contact details"
            )
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


def plain(value: Any) -> Any:
    """Loaded or read-only words as plain dicts, lists and str (a copy)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def place(words: Any, path: Path, text: str) -> Any:
    """A copy of plain ``words`` with ``text`` at ``path`` (which must exist)."""
    result = copy.deepcopy(words)
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = text
    return result


def same_shape(a: Any, b: Any) -> bool:
    """Whether two words have the same keys and as many items everywhere (text aside)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        keys_a = {k for k in a if k != TRANSLATION}
        keys_b = {k for k in b if k != TRANSLATION}
        return keys_a == keys_b and all(same_shape(a[k], b[k]) for k in keys_a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_shape(x, y) for x, y in zip(a, b, strict=True))
    return isinstance(a, str) and isinstance(b, str)


# --- how far a translation of a section is ----------------------------------------------


def recorded(words: Mapping[str, Any]) -> tuple[bool, str | None, bool]:
    """(has a block, the recorded source fingerprint, reviewed) of a translated file."""
    block = words.get(TRANSLATION)
    if not isinstance(block, Mapping):
        return block is not None, None, False
    source = block.get("source")
    reviewed = block.get("reviewed")
    return (
        True,
        str(source).strip() if isinstance(source, str) else None,
        isinstance(reviewed, str) and is_yes(reviewed),
    )


@dataclass(frozen=True)
class Progress:
    """How many texts of a section a language has, and how many need work."""

    texts: int  # the units of the source-language file
    to_translate: int  # units with no text in the translation
    changed: int  # units with a text whose source changed since it was translated


def progress(units: list[Unit], words: Mapping[str, Any] | None, changed: bool = False) -> Progress:
    """Count the units of a section that ``words`` (a translation, or None) lacks."""
    have = 0 if words is None else sum(text_at(words, u.path) is not None for u in units)
    return Progress(len(units), len(units) - have, have if changed else 0)
