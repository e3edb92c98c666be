"""Translations keep the structure: the same blocks, in the same order, of the same shape.

A translation changes words, never layout: it has the blocks of the source
language's file, in the same order, with as many steps, list items, rows and cells.
:func:`differences` compares a translated words file with the source-language file
and says, at the place in the translation, what differs and what to do:

    the Danish text has 5 steps here; this file has 4 — add the missing step or ask
    for the Danish text to change

``leaflet check`` and ``leaflet build`` report these as problems, ``leaflet status``
as differences to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .blocks import answer_blocks, box_parts, kind_of
from .yamlfile import Located

#: What a block is called in messages ("the Danish text has a table here").
_A_BLOCK = {
    "paragraph": "a paragraph",
    "list": "a bullet list",
    "steps": "numbered steps",
    "checklist": "a checklist",
    "contact": "contact details",
    "key_figure": "a key figure",
    "table": "a table",
    "picture": "a picture",
    "questions": "questions and answers",
    "warning": "a warning box",
    "note": "a note box",
}


#: The lines of a contact block, as a message names them.
CONTACT_PARTS = {
    "phone": "phone number",
    "hours": "line of opening hours",
    "address": "postal address",
    "web": "web address",
    "email": "e-mail address",
}


@dataclass(frozen=True)
class Difference:
    """One way a translation's structure differs from the source language's."""

    key: str  # where, as a path: "body[3].steps"
    what: str  # "blocks", "steps", "kind" …
    here: int | str
    source: int | str
    message: str
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "what": self.what, "here": self.here, "source": self.source}


def _where(value: Any, fallback: Any) -> tuple[int | None, int | None]:
    for candidate in (value, fallback):
        if isinstance(candidate, Located):
            return candidate.line, candidate.column
    return None, None


class _Comparison:
    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.found: list[Difference] = []

    def count(self, key: str, singular: str, plural: str, mine: Any, theirs: Any, at: Any) -> bool:
        """Report a different number of items; True when the numbers are equal."""
        here, there = len(mine), len(theirs)
        if here == there:
            return True
        fix = f"add the missing {singular}" if here < there else f"remove the extra {singular}"
        if abs(here - there) > 1:
            fix = f"add the missing {plural}" if here < there else f"remove the extra {plural}"
        noun = singular if there == 1 else plural
        self.found.append(
            Difference(
                key,
                plural,
                here,
                there,
                f"the {self.source_name} text has {there} {noun} here; this file has {here} — "
                f"{fix} or ask for the {self.source_name} text to change",
                *_where(at, mine),
            )
        )
        return False

    def presence(
        self,
        key: str,
        mine: Any,
        theirs: Any,
        subject: str,
        thing: str,
        place: str,
        fix: str,
        at: tuple[int | None, int | None],
    ) -> None:
        """Report a part (a box's heading, a table's header row) that one file has and the
        other lacks."""
        here, there = mine is not None, theirs is not None
        if here == there:
            return
        self.found.append(
            Difference(
                key,
                key.rsplit(".", 1)[-1],
                "yes" if here else "no",
                "yes" if there else "no",
                f"the {self.source_name} {subject} {'has a' if there else 'has no'} {thing}"
                f"{place}; this file's {'has one' if here else 'has none'} — "
                f"{'remove' if here else 'add'} {fix} or ask for the {self.source_name} text "
                "to change",
                *at,
            )
        )

    def body(self, key: str, mine: Any, theirs: Any, at: Any) -> None:
        if not isinstance(mine, list | tuple) or not isinstance(theirs, list | tuple):
            return
        if not self.count(key, "block", "blocks", mine, theirs, at):
            # Say which block is first to differ, so the translator knows where to look.
            for index, (a, b) in enumerate(zip(mine, theirs, strict=False), start=1):
                if kind_of(a) != kind_of(b):
                    self.kind(f"{key}[{index}]", a, b)
                    break
            return
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True), start=1):
            self.block(f"{key}[{index}]", a, b)

    def kind(self, key: str, mine: Any, theirs: Any) -> None:
        here, there = kind_of(mine), kind_of(theirs)
        self.found.append(
            Difference(
                key,
                "kind",
                here,
                there,
                f"the {self.source_name} text has {_A_BLOCK.get(there, there)} here; this file "
                f"has {_A_BLOCK.get(here, here)} — make it {_A_BLOCK.get(there, there)} as in "
                f"the {self.source_name} text, or ask for the {self.source_name} text to change",
                *_where(mine, None),
            )
        )

    def block(self, key: str, mine: Any, theirs: Any) -> None:
        kind = kind_of(theirs)
        if kind_of(mine) != kind:
            self.kind(key, mine, theirs)
            return
        if kind == "paragraph":
            return
        a, b = mine[kind], theirs[kind]
        where = f"{key}.{kind}"
        if kind == "list":
            self.count(where, "list item", "list items", a, b, a)
        elif kind == "steps":
            self.count(where, "step", "steps", a, b, a)
        elif kind == "checklist":
            self.count(where, "item to tick off", "items to tick off", a, b, a)
        elif kind == "contact" and isinstance(a, Mapping) and isinstance(b, Mapping):
            for part, thing in CONTACT_PARTS.items():
                self.presence(
                    f"{where}.{part}",
                    a.get(part),
                    b.get(part),
                    "contact details",
                    thing,
                    "",
                    f"{part}:",
                    _where(a.get(part), a),
                )
        elif kind in ("warning", "note"):
            (heading_a, body_a), (heading_b, body_b) = box_parts(a), box_parts(b)
            if (heading_a is None) != (heading_b is None):
                has = "has a heading" if heading_b is not None else "has no heading"
                self.found.append(
                    Difference(
                        f"{where}.heading",
                        "heading",
                        "yes" if heading_a is not None else "no",
                        "yes" if heading_b is not None else "no",
                        f"the {self.source_name} {kind} box {has} here; this file's "
                        + ("has none" if heading_a is None else "has one")
                        + f" — {'add' if heading_a is None else 'remove'} the heading or ask "
                        f"for the {self.source_name} text to change",
                        *_where(a, mine),
                    )
                )
            self.body(f"{where}.body", body_a, body_b, a)
        elif kind == "table" and isinstance(a, Mapping) and isinstance(b, Mapping):
            self.table(where, a, b)
        elif kind == "picture" and isinstance(a, Mapping) and isinstance(b, Mapping):
            if a.get("id") != b.get("id"):
                self.found.append(
                    Difference(
                        f"{where}.id",
                        "picture",
                        str(a.get("id")),
                        str(b.get("id")),
                        f'the {self.source_name} text shows the picture "{b.get("id")}" here; '
                        f'this file shows "{a.get("id")}" — use id: {b.get("id")}, or ask for '
                        f"the {self.source_name} text to change",
                        *_where(a.get("id"), a),
                    )
                )
        elif kind == "questions" and self.count(where, "question", "questions", a, b, a):
            for index, (qa, qb) in enumerate(zip(a, b, strict=True), start=1):
                if isinstance(qa, Mapping) and isinstance(qb, Mapping):
                    self.body(
                        f"{where}[{index}].answer",
                        answer_blocks(qa.get("answer", "")),
                        answer_blocks(qb.get("answer", "")),
                        qa.get("answer", qa),
                    )

    def table(self, key: str, mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> None:
        header_a, header_b = mine.get("header"), theirs.get("header")
        self.presence(
            f"{key}.header",
            header_a,
            header_b,
            "table",
            "header row",
            "",
            "header:",
            _where(mine, None),
        )
        if isinstance(header_a, list | tuple) and isinstance(header_b, list | tuple):
            self.count(
                f"{key}.header", "column heading", "column headings", header_a, header_b, header_a
            )
        rows_a, rows_b = mine.get("rows", ()), theirs.get("rows", ())
        if not self.count(f"{key}.rows", "row", "rows", rows_a, rows_b, rows_a):
            return
        for index, (row_a, row_b) in enumerate(zip(rows_a, rows_b, strict=True), start=1):
            if isinstance(row_a, list | tuple) and isinstance(row_b, list | tuple):
                self.count(f"{key}.rows[{index}]", "cell", "cells", row_a, row_b, row_a)


def differences(
    words: Mapping[str, Any], source: Mapping[str, Any], source_name: str
) -> list[Difference]:
    """How the structure of a translated words file differs from the source file's.

    ``source_name`` is the source language's name ("Danish"). Keys that one file has
    and the other lacks are not compared here (the schema and ``leaflet status`` speak
    of those); the blocks of every ``body`` are.
    """
    comparison = _Comparison(source_name)
    if "body" in words and "body" in source:
        comparison.body("body", words["body"], source["body"], words["body"])
    return comparison.found
