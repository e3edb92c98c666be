"""Pages that flow: one layout of the flowing sections, measured.

A leaflet without a hand-made page plan is laid out in one go: the cover, then every
other section flowing from one inside page to the next, then the back page. The
section that asks for it sits at the foot of the last inside page (as a CSS
footnote, so it needs no second layout). From that first layout, :func:`measure`
reads how many inside pages the text takes and how tall each section and each block
of it is, and where a page may break inside it: what :mod:`.plan` needs to choose the
page count and share out the room, and :class:`Layout` is what it chose, given to
the templates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .measure import PX_PER_MM, page_fill, section_blocks

#: Room between two sections (``--section-gap`` in styles/leaflet.css), in mm.
SECTION_GAP_MM = 9.0
#: The height of a writing line on the notes page, and of its heading, in mm.
NOTES_LINE_MM = 8.6
NOTES_HEADING_MM = 20.0


@dataclass(frozen=True)
class Layout:
    """How the flowing sections are set: the planner's choices, given to the templates."""

    scale: float = 1.0
    #: The width of pictures in the text, relative to their normal width.
    pictures: float = 1.0
    #: Sections that start a new page (besides those that ask for it with new_page).
    breaks: frozenset[str] = frozenset()
    #: Extra room above a section, in mm.
    gaps: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: Pages for the reader's own notes, before the back page.
    notes_pages: int = 0
    #: The section at the foot sits at the foot of the notes page (not of the last text page).
    foot_on_notes: bool = False
    #: Writing lines on the notes page.
    notes_lines: int = 15
    #: The section at the foot gets the last inside page to itself.
    foot_alone: bool = False
    #: The section at the foot goes on the back page, above the sender (the inside
    #: pages are full).
    foot_on_back: bool = False


@dataclass(frozen=True)
class Piece:
    """One block of a section, as the planner sees it (mm)."""

    height: float
    pictures: float  # of it, pictures: they do not grow with the type
    after: float  # room between it and the next block
    breakable: bool  # a page may break inside it (text), or not (a box, a picture)
    heading: bool  # it stays with the block after it
    #: Where a page may break inside it (mm from its top), as laid out.
    cuts: tuple[float, ...] = ()
    #: The share of its lines that are full (they get fewer as the type gets smaller).
    full: float = 1.0
    #: It stands apart from running text: a box, a table, a picture, questions …
    natural: bool = False
    #: Of its height, lines of text (the rest is pictures, and margins that stay).
    text: float = 0.0

    def at(self, scale: float, pictures: float) -> Piece:
        """The block with its type scaled: lines get taller by ``scale``, and full lines
        more (or fewer) by ``scale`` again (a short line stays one line); pictures scaled
        by ``pictures``; margins and padding stay."""
        text = self.text * scale ** (1 + self.full)
        shown = self.pictures * pictures
        height = self.height - self.text - self.pictures + text + shown
        ratio = height / self.height if self.height else 1.0
        return replace(
            self,
            height=height,
            pictures=shown,
            text=text,
            after=self.after * scale,
            cuts=tuple(c * ratio for c in self.cuts),
        )


@dataclass(frozen=True)
class Item:
    """A flowing section, or the part of one from a natural point on, as the planner sees
    it. ``id`` is the section's id, or ``<section>#<n>`` for the part that starts with
    block n of its body (the break the templates draw before that block)."""

    id: str
    blocks: tuple[Piece, ...]
    may_start: bool  # it may start a page: a section with a heading, a box, a table …
    forced: bool  # it asked for a new page
    gap: float = SECTION_GAP_MM  # room above it after what comes before

    @property
    def height(self) -> float:
        """mm, unbroken."""
        blocks = self.blocks
        return sum(b.height for b in blocks) + sum(b.after for b in blocks[:-1])

    def at(self, scale: float, pictures: float = 1.0) -> Item:
        """The section with its type scaled (lines get taller and more numerous) and its
        pictures scaled (their height grows with their width)."""
        return replace(self, blocks=tuple(b.at(scale, pictures) for b in self.blocks))


@dataclass(frozen=True)
class Measured:
    """What a layout of the flowing sections measured."""

    pages: int  # pages in all
    inside: int  # inside pages (between the cover and the back page)
    area: float  # mm: the height of an inside page's text area
    foot: float  # mm: the height of the section at the foot, with the room above it
    items: tuple[Item, ...]
    fills: tuple[float, ...]  # how full each inside page is
    last_free_mm: float  # the room left on the last inside page


def measure(
    document: Any,
    *,
    cover: bool,
    back: bool,
    unbreakable: frozenset[str],
    may_start: frozenset[str],
    forced: frozenset[str],
    foot: str | None,
    splittable: frozenset[str] = frozenset(),
) -> Measured:
    """Measure a layout made by the flowing template (sections with ids ``flow-<id>``).

    Sections in ``splittable`` (text sections) may start a page at a natural point
    inside them, too."""
    pages = list(document.pages)
    inside = pages[int(cover) : len(pages) - int(back)]
    fills = [page_fill(page) for page in inside]
    area = fills[0].height_mm if fills else 0.0
    foot_mm = 0.0
    for fill in fills:
        if fill.foot_top is not None:
            foot_mm = (fill.bottom - fill.foot_top) / PX_PER_MM
    items: list[Item] = []
    for sid, blocks in section_blocks(document, "flow-").items():
        if sid == foot or not blocks:
            continue
        pieces = [
            Piece(
                block.height_mm,
                block.pictures / PX_PER_MM,
                block.after / PX_PER_MM,
                block.breakable and sid not in unbreakable,
                block.heading,
                tuple(c / PX_PER_MM for c in block.cuts) if sid not in unbreakable else (),
                block.full,
                block.natural or not block.breakable,
                block.text / PX_PER_MM,
            )
            for block in blocks
        ]
        # A text section may also break before a box, a table, a picture … (not right
        # after its heading): each such point starts a part of its own.
        offset = 1 if blocks[0].heading else 0
        starts = [0] + [
            n
            for n, block in enumerate(blocks)
            if sid in splittable and n > offset and block.natural
        ]
        for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(blocks)], strict=True)):
            first = number == 0
            items.append(
                Item(
                    sid if first else f"{sid}#{start - offset}",
                    tuple(pieces[start:end]),
                    sid in may_start if first else True,
                    sid in forced if first else False,
                    SECTION_GAP_MM if first else pieces[start - 1].after,
                )
            )
    return Measured(
        pages=len(pages),
        inside=len(inside),
        area=area,
        foot=foot_mm,
        items=tuple(items),
        fills=tuple(f.fill for f in fills),
        last_free_mm=fills[-1].free_mm if fills else 0.0,
    )


def total_pages(inside: int, cover: bool, back: bool) -> int:
    """The fewest pages of a folded leaflet (4, 8, 12 …) with ``inside`` pages of text."""
    return max(4, math.ceil((inside + int(cover) + int(back)) / 4) * 4)
