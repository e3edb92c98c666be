"""Two facing pages evened out: the short one takes the last lines of the page before.

When what comes next has to go whole to the next page (a note with its big picture, a
heading kept with its first paragraph), the page it leaves can end a third early while
the page before it is full: sharing the room out (:mod:`.spread`) cannot fill a page
of three paragraphs. A designer evens the two out: the page before gives its last lines
to the short page, which then opens with them.

:func:`even_out` finds where: for an inside page less than :data:`SHORT` full, the
last section on the page before it that does not open that page. The planner puts
room above that section (``Layout.gaps``: as much as sharing out would give the gap
there, :data:`.spread.GAPS`), so that its last lines go over to the short
page, and the short page gains them and the room between sections too. One more
layout, kept when it measures better; the page before stays full to its foot, with a
wider gap between two sections (which sharing out would have put there anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .measure import PX_PER_MM, page_fill
from .spread import GAPS, classes, flow_root, has_heading, in_flow, top_of

#: An inside page (but the last) less full than this, before its room is shared out,
#: takes lines from the page before it.
SHORT = 0.85
#: …when the page before it is at least this full (its last lines are at its foot).
FULL = 0.9
#: The short page is not predicted fuller than this: the prediction may be a line out.
FULLEST = 0.95
#: Room above a section is worth a layout from this many mm.
LEAST_MM = 4.0
#: mm: the section pushed down starts at least this much, and the room put above it,
#: above the foot of its page: its heading keeps with its first lines, which would go
#: over with it (and leave the page before short instead).
HEAD_ROOM = 25.0


@dataclass(frozen=True)
class Move:
    """Room above ``section`` (mm), so that its last lines go to page ``page``."""

    section: str
    extra_mm: float
    page: int  # the document's index of the short page
    before: tuple[float, float]  # the two pages' fills as laid out
    after: tuple[float, float]  # …as predicted


def _kids(box: Any) -> list[Any]:
    return [c for c in getattr(box, "children", None) or () if in_flow(c)]


def _flowing(page: Any) -> list[Any]:
    root = flow_root(page)
    return [c for c in _kids(root) if "flowing" in classes(c)] if root is not None else []


def even_out(
    document: Any,
    inside: Sequence[int],
    fills: Sequence[float],
    *,
    area_mm: float,
    gap_mm: float,
    extra: dict[str, float],
) -> Move | None:
    """Where to put room so that a short inside page takes the last lines of the page
    before it, or None. ``inside``: the document's indexes of the inside pages with
    text, ``fills`` how full each is; ``gap_mm``: the room between two sections;
    ``extra``: the room the planner put above sections already."""
    best: Move | None = None
    for number in range(1, len(inside) - 1):  # never the last page with text
        here, before = inside[number], inside[number - 1]
        fill, prev_fill = fills[number], fills[number - 1]
        if fill >= SHORT or prev_fill < FULL or area_mm <= 0:
            continue
        sections = _flowing(document.pages[here])
        if not sections or "flowing--new-page" in classes(sections[0]):
            continue  # it starts a page on purpose: nothing may come before it
        previous = _flowing(document.pages[before])
        if len(previous) < 2:
            continue  # room above the first section of a page would be lost at its top
        sid = (previous[-1].element.get("id") or "").removeprefix("flow-")
        # the short page gains the lines and, when a new section opened it, the room
        # between sections above that one
        opened = (sections[0].element.get("id") or "") != previous[-1].element.get("id")
        gained = gap_mm if opened else 0.0
        room = (FULLEST - fill) * area_mm - gained
        # as much as sharing out would put there: less above a section that goes on
        # from the one before without a heading (it reads as one text)
        cap = GAPS["section" if has_heading(previous[-1]) else "block"][1]
        more = min(cap - extra.get(sid, 0.0), room)
        foot = page_fill(document.pages[before]).bottom
        if more < LEAST_MM or (foot - top_of(previous[-1])) / PX_PER_MM < more + HEAD_ROOM:
            continue
        after = (prev_fill, fill + (more + gained) / area_mm)
        if best is None or after[1] - fill > best.after[1] - best.before[1]:
            best = Move(sid, round(more, 1), here, (prev_fill, fill), after)
    return best
