"""Blocks: what the body of a section is made of.

A section's ``body`` is a list of blocks. A block is plain text (a paragraph) or a
mapping with one key that names its kind (``- steps:``, ``- warning:`` …). Each kind
is one entry in :data:`BLOCKS` (its shape, for the checker and for editors) and one
template, ``templates/blocks/<kind>.html.j2``; a new kind touches those two places
and the README, nothing else.

Boxes (``warning``, ``note``) and answers hold blocks of their own, but no boxes:
a box inside a box is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .contact import email_problem, phone_problem, web_problem
from .schema import Field, ListT, MapT, OneOfT, TextT, Type

TEXT = TextT("text")
PARAGRAPH = TextT("a paragraph")


@dataclass(frozen=True)
class BlockKind:
    """One kind of block: its name (the key), what it is, and the shape of its value."""

    name: str
    description: str
    type: Type


def _items(what: str) -> ListT:
    return ListT(TextT(what), description=f"a list; each {what} on a line of its own, after -")


def _body(
    kinds: Mapping[str, BlockKind], description: str, refused: Mapping[str, str] | None = None
) -> ListT:
    return ListT(
        OneOfT(
            (
                PARAGRAPH,
                MapT(
                    {
                        name: Field(kind.type, description=kind.description)
                        for name, kind in kinds.items()
                    },
                    one_key="block",
                    refused=refused or {},
                ),
            )
        ),
        description=description,
    )


_NOT_INSIDE = {
    "warning": "a warning box cannot stand inside another box or an answer — put it after "
    "this one, as a block of its own",
    "note": "a note box cannot stand inside another box or an answer — put it after this "
    "one, as a block of its own",
    "questions": "questions cannot stand inside a box or an answer — put them after it, as "
    "a block of their own",
    "contact": "contact details cannot stand inside a box or an answer — put them after "
    "it, as a block of their own",
}


_TABLE = MapT(
    {
        "header": Field(
            ListT(TextT("a column heading")), description="the column headings (optional)"
        ),
        "rows": Field(
            ListT(ListT(TextT("a cell", empty_ok=True)), description="each row a list of cells"),
            required=True,
            description='the rows, each a list of cells: - [Sundhedscenter, "1813"]',
        ),
    }
)

_PICTURE = MapT(
    {
        "id": Field(
            TextT("a picture id from pictures: in leaflet.yaml"),
            required=True,
            description="the picture's id, as declared under pictures: in leaflet.yaml",
        ),
        "alt": Field(
            TEXT,
            description="what the picture shows, for people who cannot see it (required, "
            "unless decorative: yes)",
        ),
        "caption": Field(TEXT, description="a caption printed under the picture (optional)"),
        "decorative": Field(
            TextT("yes or no"),
            description="yes when the picture only decorates and says nothing (no alt text)",
        ),
    }
)

#: The blocks that may also stand inside a box or an answer.
_INNER = {
    kind.name: kind
    for kind in (
        BlockKind("list", "a bullet list", _items("list item")),
        BlockKind("steps", "a numbered list of steps, the numbers in the margin", _items("step")),
        BlockKind(
            "key_figure",
            'a highlighted key figure, like "4 ud af 5", with a line of text',
            MapT(
                {
                    "value": Field(TEXT, required=True, description='the figure, e.g. "4 ud af 5"'),
                    "text": Field(TEXT, required=True, description="what the figure says"),
                }
            ),
        ),
        BlockKind(
            "checklist",
            "a list to tick off: a box before each item, for the reader to tick",
            _items("item to tick off"),
        ),
        BlockKind("table", "a table: header (optional) and rows of cells", _TABLE),
        BlockKind("picture", "a picture declared in leaflet.yaml, with its text", _PICTURE),
    )
}

#: The blocks a box or an answer may hold.
INNER_BODY = _body(_INNER, "paragraphs, lists, steps, checklists, tables and pictures", _NOT_INSIDE)

_BOX = OneOfT(
    (
        TextT("the text of the box (one paragraph)"),
        INNER_BODY,
        MapT(
            {
                "heading": Field(TEXT, description="the heading of the box (optional)"),
                "body": Field(INNER_BODY, required=True, description="paragraphs, lists and steps"),
            }
        ),
    ),
    description="a text, a list of paragraphs, or heading: and body:",
)

_CONTACT = MapT(
    {
        "name": Field(TEXT, required=True, description="who to contact: a place or a person"),
        "phone": Field(
            TextT("a phone number", check=phone_problem),
            description='a phone number, as it is printed ("99 99 99 99"); a tel: link on screens',
        ),
        "hours": Field(TEXT, description='when to call or come ("Hverdage kl. 8–15")'),
        "address": Field(
            TEXT, description="the postal address; write it after | to keep its line breaks"
        ),
        "web": Field(
            TextT("a web address", check=web_problem),
            description="a web address, with or without https:// (rn.dk/sundhed)",
        ),
        "email": Field(
            TextT("an e-mail address", check=email_problem),
            description="an e-mail address (navn@rn.dk)",
        ),
    }
)

_QUESTIONS = ListT(
    MapT(
        {
            "question": Field(TEXT, required=True, description="the question"),
            "answer": Field(
                OneOfT((TextT("the answer"), INNER_BODY)),
                required=True,
                description="the answer: a text, or paragraphs and lists",
            ),
        }
    ),
    description="questions, each with question: and answer:",
)

BLOCKS: dict[str, BlockKind] = {
    **_INNER,
    **{
        kind.name: kind
        for kind in (
            BlockKind(
                "warning",
                "a box that warns: its own colour and symbol (see a doctor at once if …)",
                _BOX,
            ),
            BlockKind("note", "a highlighted note, a friendly tip", _BOX),
            BlockKind("questions", "questions and answers", _QUESTIONS),
            BlockKind(
                "contact",
                "who to contact: name, phone, opening hours, postal address, web, e-mail",
                _CONTACT,
            ),
        )
    },
}

#: The body of a section: any blocks.
BODY = _body(BLOCKS, "a list of blocks: paragraphs, and - list:, - steps:, - warning: …")


def kind_of(block: Any) -> str:
    """The kind of a block as written: "paragraph" for text, else its one key."""
    if isinstance(block, str):
        return "paragraph"
    if isinstance(block, Mapping) and len(block) == 1:
        return str(next(iter(block)))
    return "unknown"


def box_parts(value: Any) -> tuple[Any, list[Any]]:
    """(heading or None, body blocks) of a warning or note, in any of its three forms."""
    if isinstance(value, str):
        return None, [value]
    if isinstance(value, Mapping):
        return value.get("heading"), list(value.get("body", ()))
    return None, list(value)


def answer_blocks(value: Any) -> list[Any]:
    """The blocks of an answer, written as one text or as a list of blocks."""
    return [value] if isinstance(value, str) else list(value)
