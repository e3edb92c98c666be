"""Placing texts in a translation's words, and counting how far a translation is.

The units themselves (one per text, each with a stable id) and the rule that a copy is
not a translation are :mod:`leaflet.content.units`; they are imported from here too.
The same units are counted by ``leaflet status`` and written by ``leaflet translate
export``, in the same four states (:data:`TEXT_STATES`), so "12 of 40 texts to
translate" means the same in both.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content.units import (
    TRANSLATION,
    Path,
    Unit,
    aligned,
    section_units,
    text_at,
    to_translate,
    unit_id,
    value_at,
)
from ..content.values import is_yes

__all__ = [
    "TEXT_STATES",
    "TRANSLATION",
    "Path",
    "Progress",
    "Record",
    "Unit",
    "aligned",
    "place",
    "plain",
    "progress",
    "recorded",
    "same_shape",
    "section_units",
    "text_at",
    "to_translate",
    "unit_id",
    "value_at",
]

#: The state of one text of a translation, in the words every report uses (status,
#: serve, the exports): no translation yet (or a copy of the source text); translated
#: before its source text changed; translated; translated and checked by a second reader.
TEXT_STATES = ("to translate", "changed", "translated", "reviewed")


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


@dataclass(frozen=True)
class Record:
    """What a translated file's ``translation:`` block says."""

    has_block: bool
    source: str | None = None  # the fingerprint of the source text it was made from
    reviewed: bool = False
    same: frozenset[str] = frozenset()  # unit keys whose text is the same on purpose
    reviewed_by: str | None = None
    reviewed_on: str | None = None


def recorded(words: Mapping[str, Any]) -> Record:
    """The ``translation:`` block of a translated file, read leniently (status reads
    files with problems too)."""
    block = words.get(TRANSLATION)
    if not isinstance(block, Mapping):
        return Record(block is not None)
    source, reviewed, same = block.get("source"), block.get("reviewed"), block.get("same")
    by, on = block.get("reviewed_by"), block.get("reviewed_on")
    return Record(
        True,
        str(source).strip() if isinstance(source, str) else None,
        isinstance(reviewed, str) and is_yes(reviewed),
        frozenset(str(s).strip() for s in same if isinstance(s, str))
        if isinstance(same, list | tuple)
        else frozenset(),
        str(by).strip() if isinstance(by, str) and by.strip() else None,
        str(on).strip() if isinstance(on, str) and on.strip() else None,
    )


@dataclass(frozen=True)
class Progress:
    """How many texts of a section (or more) are in each of :data:`TEXT_STATES`."""

    texts: int  # the units of the source-language file
    to_translate: int  # no translation, or a copy of the source text
    changed: int = 0  # translated, but its source text changed since
    translated: int = 0  # translated, not reviewed
    reviewed: int = 0  # translated and reviewed

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.texts + other.texts,
            self.to_translate + other.to_translate,
            self.changed + other.changed,
            self.translated + other.translated,
            self.reviewed + other.reviewed,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "texts": self.texts,
            "to_translate": self.to_translate,
            "changed": self.changed,
            "translated": self.translated,
            "reviewed": self.reviewed,
        }


def progress(
    units: list[Unit],
    source: Any,
    words: Mapping[str, Any] | None,
    changed: bool = False,
) -> Progress:
    """Count the units of a section in each state; ``words`` is the translation (None: no
    file), ``changed`` says that its source text changed since it was translated."""
    if words is None:
        return Progress(len(units), len(units))
    record = recorded(words)
    todo = len(to_translate(units, source, words, record.same))
    done = len(units) - todo
    if changed:
        return Progress(len(units), todo, changed=done)
    if record.reviewed:
        return Progress(len(units), todo, reviewed=done)
    return Progress(len(units), todo, translated=done)
