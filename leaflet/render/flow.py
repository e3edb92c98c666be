"""Pages that flow: the page count, and room shared out as a designer would.

A leaflet without a hand-made page plan is laid out in one go: the cover, then every
other section flowing from one inside page to the next, then the back page. The
section that asks for it sits at the foot of the last inside page (as a CSS
footnote, so it needs no second layout). From that first layout, :func:`measure`
reads how many inside pages the text takes and how tall each section is.

A folded leaflet has 4, 8, 12 … pages. When the text fills the inside pages of the
count it gets, the first layout is final. When it needs a little more than a smaller
count and so gets the larger one, :func:`plan` shares the spare room out, from the
measurements alone: sections start on new pages at natural points (where they have
a heading), the room left on a page with several sections goes between them, the
type may grow a little (up to 12 pt), and a page for the reader's own notes may be
added before the back page. It tries every such choice (a small dynamic programme)
and takes the one whose pages are most evenly full; one more layout sets it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .measure import PX_PER_MM, elements, page_fill

#: Room between two sections (``--section-gap`` in styles/leaflet.css), in mm.
SECTION_GAP_MM = 9.0
#: Text may grow up to this scale (11 pt body → 12 pt) to fill room to spare.
GROWTH = (1.0, 1.03, 1.06, 1.09)
#: Room lost at each page break inside a section (a paragraph's margin, a line kept
#: with the next for widows and orphans), in mm.
BREAK_LOSS_MM = 4.0
#: The most extra room put between two sections on one page, in mm.
MAX_EXTRA_GAP_MM = 12.0
#: What a page for notes costs in the plan: as much as a page left 45 % empty, so
#: it is chosen when sharing the room out would leave pages emptier than that.
NOTES_PAGE_COST = 0.45**2
#: A page this empty or emptier is near-blank: the plan avoids it.
NEAR_BLANK = 0.3
#: Every inside page but the last should be at least this full.
MIN_FILL = 0.75


@dataclass(frozen=True)
class Layout:
    """How the flowing sections are set: the planner's choices, given to the templates."""

    scale: float = 1.0
    #: Sections that start a new page (besides those that ask for it with new_page).
    breaks: frozenset[str] = frozenset()
    #: Extra room above a section, in mm.
    gaps: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: Pages for the reader's own notes, before the back page.
    notes_pages: int = 0
    #: The section at the foot gets the last inside page to itself.
    foot_alone: bool = False


@dataclass(frozen=True)
class Item:
    """One flowing section, as the planner sees it."""

    id: str
    height: float  # mm, unbroken, at the scale measured
    pictures: float  # mm of it that are pictures (they do not grow with the type)
    breakable: bool  # a page may break inside it (text), or not (a box)
    may_start: bool  # it may start a page: it has a heading, or is a box
    forced: bool  # it asked for a new page

    def at(self, scale: float) -> Item:
        """Its height with the type scaled: lines get taller and more numerous."""
        text = (self.height - self.pictures) * scale**2
        return Item(
            self.id,
            self.pictures + text,
            self.pictures,
            self.breakable,
            self.may_start,
            self.forced,
        )


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
) -> Measured:
    """Measure a layout made by the flowing template (sections with ids ``flow-<id>``)."""
    pages = list(document.pages)
    inside = pages[int(cover) : len(pages) - int(back)]
    fills = [page_fill(page) for page in inside]
    area = fills[0].height_mm if fills else 0.0
    foot_mm = 0.0
    for fill in fills:
        if fill.foot_top is not None:
            foot_mm = (fill.bottom - fill.foot_top) / PX_PER_MM
    items = tuple(
        Item(
            element.id,
            element.height_mm,
            element.pictures_mm,
            element.id not in unbreakable,
            element.id in may_start,
            element.id in forced,
        )
        for element in elements(document, "flow-").values()
        if element.id != foot
    )
    return Measured(
        pages=len(pages),
        inside=len(inside),
        area=area,
        foot=foot_mm,
        items=items,
        fills=tuple(f.fill for f in fills),
        last_free_mm=fills[-1].free_mm if fills else 0.0,
    )


def total_pages(inside: int, cover: bool, back: bool) -> int:
    """The fewest pages of a folded leaflet (4, 8, 12 …) with ``inside`` pages of text."""
    return max(4, math.ceil((inside + int(cover) + int(back)) / 4) * 4)


# --- the plan ------------------------------------------------------------------------------


def simulate(items: Sequence[Item], area: float, foot: float = 0.0) -> list[float]:
    """How full each page is when ``items`` flow from the top of a new page.

    Text breaks anywhere (losing :data:`BREAK_LOSS_MM` at each break); a box that does
    not fit goes whole to the next page; the foot must fit under the last line, or
    it goes to a page of its own.
    """
    fills: list[float] = []
    y = 0.0
    for item in items:
        gap = SECTION_GAP_MM if y > 0 else 0.0
        if y + gap + item.height <= area:
            y += gap + item.height
        elif item.breakable:
            rest = y + gap + item.height - area
            while True:
                fills.append(1.0)
                rest += BREAK_LOSS_MM
                if rest <= area:
                    y = rest
                    break
                rest -= area
        else:
            fills.append(y / area)
            y = item.height
    if foot:
        if y + foot > area:
            fills.append(y / area)
            y = foot
        else:
            y += foot
    return [*fills, y / area]


def predict_pages(m: Measured, factor: float) -> int:
    """How many inside pages the text of ``m`` takes with its type scaled by ``factor``."""
    if m.area <= 0:
        return m.inside
    items = [item.at(factor) for item in m.items]
    foot = m.foot * (1 + (factor - 1) * 0.3)
    runs: list[list[Item]] = [[]]
    for item in items:
        if item.forced and runs[-1]:
            runs.append([])
        runs[-1].append(item)
    pages = [len(simulate(run, m.area)) for run in runs[:-1]]
    return sum(pages) + len(simulate(runs[-1], m.area, foot))


@dataclass(frozen=True)
class _Run:
    start: int  # index of its first item
    end: int  # index after its last item
    fills: tuple[float, ...]
    foot_alone: bool


def _cost(fills: Sequence[float], scaled: bool, ends_before_forced: bool) -> float:
    cost = sum((1 - f) ** 2 for f in fills)
    if fills[-1] < NEAR_BLANK:
        cost += 10.0  # a few lines alone on a page: near-blank, and the prediction is rough
    if scaled and max(fills) > 0.97:
        cost += 10.0  # predicted, not measured: a page this full at a new size may not fit
    if ends_before_forced:
        cost -= (1 - fills[-1]) ** 2  # the next section asked for a new page anyway
    return cost


def _plan_at(
    m: Measured, inside_pages: int, scale: float, notes_allowed: bool, base: float
) -> tuple[float, Layout] | None:
    factor = scale / base
    items = [item.at(factor) for item in m.items]
    n, area = len(items), m.area
    foot = m.foot * (1 + (factor - 1) * 0.3)  # the code does not grow; its text does
    if n == 0 or area <= 0:
        return None
    infinite = float("inf")
    best = [[infinite] * (inside_pages + 1) for _ in range(n + 1)]
    back: list[list[_Run | None]] = [[None] * (inside_pages + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        if i and not (items[i].may_start or items[i].forced):
            continue
        for p in range(inside_pages):
            if best[i][p] == infinite:
                continue
            for j in range(i + 1, n + 1):
                if items[j - 1].forced and j - 1 > i:
                    break  # a section that asked for a new page cannot be inside this run
                if j < n and not (items[j].may_start or items[j].forced):
                    continue
                options = [(simulate(items[i:j], area, foot if j == n else 0.0), False)]
                if j == n and foot:
                    options.append(([*simulate(items[i:j], area), foot / area], True))
                for fills, alone in options:
                    pages = len(fills)
                    if p + pages > inside_pages:
                        continue
                    cost = best[i][p] + _cost(fills, factor != 1.0, j < n and items[j].forced)
                    if cost < best[j][p + pages]:
                        best[j][p + pages] = cost
                        back[j][p + pages] = _Run(i, j, tuple(fills), alone)
    choices: list[tuple[float, int]] = []
    for notes in (0, 1) if notes_allowed else (0,):
        pages = inside_pages - notes
        if pages > 0 and best[n][pages] < infinite:
            choices.append((best[n][pages] + notes * NOTES_PAGE_COST, notes))
    if not choices:
        return None
    cost, notes = min(choices)
    runs: list[_Run] = []
    j, p = n, inside_pages - notes
    while j:
        run = back[j][p]
        assert run is not None
        runs.append(run)
        j, p = run.start, p - len(run.fills)
    runs.reverse()
    breaks = frozenset(items[run.start].id for run in runs if run.start > 0)
    gaps: dict[str, float] = {}
    for run in runs:
        count = run.end - run.start
        one_page = len(run.fills) == 1 or (run.foot_alone and len(run.fills) == 2)
        if one_page and count > 1:
            slack = (1 - run.fills[0]) * area
            each = min(MAX_EXTRA_GAP_MM, 0.8 * slack / (count - 1))
            for item in items[run.start + 1 : run.end]:
                gaps[item.id] = round(each, 1)
    layout = Layout(
        scale=scale,
        breaks=breaks,
        gaps=MappingProxyType(gaps),
        notes_pages=notes,
        foot_alone=runs[-1].foot_alone,
    )
    return cost, layout


def plan(
    m: Measured,
    inside_pages: int,
    *,
    notes_allowed: bool,
    scales: Sequence[float] = GROWTH,
    base: float = 1.0,
) -> Layout | None:
    """The layout that fills exactly ``inside_pages`` most evenly, or None if none does.

    ``m`` was measured with the type at ``base``; each scale of ``scales`` is tried
    (the dynamic programme is cheap), and on equal cost the larger type wins:
    patients read it more easily.
    """
    found = [made for s in scales if (made := _plan_at(m, inside_pages, s, notes_allowed, base))]
    if not found:
        return None
    return min(found, key=lambda made: (round(made[0], 1), -made[1].scale))[1]
