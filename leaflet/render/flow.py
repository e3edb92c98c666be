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
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .measure import PX_PER_MM, page_fill, section_blocks

#: Room between two sections (``--section-gap`` in styles/leaflet.css), in mm.
SECTION_GAP_MM = 9.0
#: Text may grow up to this scale (11 pt body → 12 pt) to fill room to spare.
GROWTH = (1.0, 1.03, 1.06, 1.09)
#: Pictures may be set this much wider (up to the whole column) to fill room to spare,
PICTURES_LARGER = (1.0, 1.15, 1.33)
#: … or this much narrower to save a sheet.
PICTURES_SMALLER = (1.0, 0.9, 0.8, 0.7, 0.6)
#: The height of a writing line on the notes page, and of its heading, in mm.
NOTES_LINE_MM = 8.6
NOTES_HEADING_MM = 20.0
#: Room lost at each page break inside a section (a paragraph's margin, a line kept
#: with the next for widows and orphans), in mm.
BREAK_LOSS_MM = 4.0
#: The start of a text kept with its heading at the foot of a page: about three lines.
KEEP_WITH_HEADING_MM = 17.0
#: The most extra room put between two sections on one page, in mm.
MAX_EXTRA_GAP_MM = 12.0
#: What a page for notes costs in the plan: as much as a page left 45 % empty, so
#: it is chosen when sharing the room out would leave pages emptier than that.
NOTES_PAGE_COST = 0.45**2
#: The most pages for notes a plan may add (a page, or a spread, for the reader).
MAX_NOTES_PAGES = 2
#: A page this empty or emptier is near-blank: the plan avoids it.
NEAR_BLANK = 0.3
#: Every inside page but the last should be at least this full.
MIN_FILL = 0.75


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

    def at(self, scale: float, pictures: float) -> Piece:
        text = (self.height - self.pictures) * scale**2
        shown = self.pictures * pictures
        return replace(self, height=shown + text, pictures=shown, after=self.after * scale)


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


# --- the plan ------------------------------------------------------------------------------


def simulate(items: Sequence[Item], area: float, foot: float = 0.0) -> list[float]:
    """How full each page is when ``items`` flow from the top of a new page.

    Text breaks anywhere (losing :data:`BREAK_LOSS_MM` at each break); a box or a
    picture that does not fit goes whole to the next page, and so does a heading with
    no room under it for the start of what follows; the foot must fit under the last
    line, or it goes to a page of its own.
    """
    fills: list[float] = []
    y = 0.0
    for item in items:
        blocks = item.blocks
        for index, block in enumerate(blocks):
            gap = (item.gap if index == 0 else blocks[index - 1].after) if y > 0 else 0.0
            need = block.height
            if block.heading and index + 1 < len(blocks):
                follow = blocks[index + 1]
                need += block.after + (
                    min(follow.height, KEEP_WITH_HEADING_MM) if follow.breakable else follow.height
                )
            if y + gap + need <= area:
                y += gap + block.height
            elif block.breakable and y + gap + KEEP_WITH_HEADING_MM <= area:
                rest = y + gap + block.height - area
                while True:
                    fills.append(1.0)
                    rest += BREAK_LOSS_MM
                    if rest <= area:
                        y = rest
                        break
                    rest -= area
            else:
                fills.append(y / area)
                y = block.height
    if foot:
        if y + foot > area:
            fills.append(y / area)
            y = foot
        else:
            y += foot
    return [*fills, y / area]


def _foot_at(m: Measured, factor: float) -> float:
    return m.foot * (1 + (factor - 1) * 0.3)  # the code does not grow; its text does


def predict_pages(m: Measured, factor: float, pictures: float = 1.0) -> int:
    """How many inside pages ``m``'s text takes with type and pictures scaled so."""
    if m.area <= 0:
        return m.inside
    runs: list[list[Item]] = [[]]
    for item in m.items:
        if item.forced and runs[-1]:
            runs.append([])
        runs[-1].append(item.at(factor, pictures))
    pages = [len(simulate(run, m.area)) for run in runs[:-1]]
    return sum(pages) + len(simulate(runs[-1], m.area, _foot_at(m, factor)))


@dataclass(frozen=True)
class _Run:
    start: int  # index of its first item
    end: int  # index after its last item
    fills: tuple[float, ...]
    foot_alone: bool


def _cost(fills: Sequence[float], scaled: bool, ends_before_forced: bool) -> float:
    cost = sum((1 - f) ** 2 for f in fills)
    if min(fills) < NEAR_BLANK:
        cost += 10.0  # a few lines alone on a page: near-blank, and the prediction is rough
    if scaled and max(fills) > 0.97:
        cost += 10.0  # predicted, not measured: a page this full at a new size may not fit
    if ends_before_forced:
        cost -= (1 - fills[-1]) ** 2  # the next section asked for a new page anyway
    return cost


def _runs(
    items: Sequence[Item], pages: int, area: float, foot: float, scaled: bool
) -> tuple[float, list[_Run]] | None:
    """The cheapest split of ``items`` into runs, each from a new page, on ``pages`` pages.

    A run starts at a section that may start a page (or asked to); ``foot`` goes under
    the last run, or on a page of its own after it.
    """
    n = len(items)
    infinite = float("inf")
    best = [[infinite] * (pages + 1) for _ in range(n + 1)]
    back: list[list[_Run | None]] = [[None] * (pages + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        if i and not (items[i].may_start or items[i].forced):
            continue
        for p in range(pages):
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
                    if p + len(fills) > pages:
                        continue
                    cost = best[i][p] + _cost(fills, scaled, j < n and items[j].forced)
                    if cost < best[j][p + len(fills)]:
                        best[j][p + len(fills)] = cost
                        back[j][p + len(fills)] = _Run(i, j, tuple(fills), alone)
    if best[n][pages] == infinite:
        return None
    runs: list[_Run] = []
    j, p = n, pages
    while j:
        run = back[j][p]
        assert run is not None
        runs.append(run)
        j, p = run.start, p - len(run.fills)
    runs.reverse()
    return best[n][pages], runs


def _layout(items: Sequence[Item], runs: Sequence[_Run], area: float, **chosen: Any) -> Layout:
    """The layout of a plan: its breaks, and the room of one-page runs between sections."""
    gaps: dict[str, float] = {}
    for run in runs:
        count = run.end - run.start
        one_page = len(run.fills) == 1 or (run.foot_alone and len(run.fills) == 2)
        if one_page and count > 1:
            slack = (1 - run.fills[0]) * area
            each = min(MAX_EXTRA_GAP_MM, 0.8 * slack / (count - 1))
            for item in items[run.start + 1 : run.end]:
                if "#" not in item.id:  # room goes between sections, not inside one
                    gaps[item.id] = round(each, 1)
    return Layout(
        breaks=frozenset(items[run.start].id for run in runs if run.start > 0),
        gaps=MappingProxyType(gaps),
        foot_alone=runs[-1].foot_alone,
        **chosen,
    )


def _plan_at(
    m: Measured, inside_pages: int, scale: float, pictures: float, base: Layout, notes: bool
) -> tuple[float, Layout] | None:
    factor, picture_factor = scale / base.scale, pictures / base.pictures
    items = [item.at(factor, picture_factor) for item in m.items]
    area, foot = m.area, _foot_at(m, factor)
    scaled = factor != 1.0 or picture_factor != 1.0
    if not items or area <= 0:
        return None
    chosen = {"scale": scale, "pictures": pictures, "foot_on_back": base.foot_on_back}
    found: list[tuple[float, Layout]] = []
    made = _runs(items, inside_pages, area, foot, scaled)
    if made is not None:
        found.append((made[0], _layout(items, made[1], area, **chosen)))
    for pages in range(1, MAX_NOTES_PAGES + 1) if notes else ():
        # Pages for notes before the back page; the section at the foot sits at the foot
        # of the last one. Each one more costs more: one is purposeful, three are padding.
        if inside_pages - pages < 1:
            break
        made = _runs(items, inside_pages - pages, area, 0.0, scaled)
        lines = int((area - NOTES_HEADING_MM - foot) // NOTES_LINE_MM) if foot else 15
        if made is not None and lines >= 5:
            layout = _layout(
                items,
                made[1],
                area,
                notes_pages=pages,
                foot_on_notes=bool(foot),
                notes_lines=lines,
                **chosen,
            )
            found.append((made[0] + NOTES_PAGE_COST * pages**2, layout))
    return min(found, key=lambda f: f[0]) if found else None


def plan(
    m: Measured,
    inside_pages: int,
    *,
    notes_allowed: bool,
    scales: Sequence[float] = GROWTH,
    pictures: Sequence[float] = PICTURES_LARGER,
    base: Layout | None = None,
) -> Layout | None:
    """The layout that fills exactly ``inside_pages`` most evenly, or None if none does.

    ``m`` was measured as ``base`` set it (type and picture sizes); every size of
    ``scales`` and ``pictures`` is tried (the dynamic programme is cheap). On equal
    cost larger type wins, then larger pictures: patients read them more easily.
    """
    base = base or Layout()
    found = [
        made
        for s in scales
        for p in pictures
        if (made := _plan_at(m, inside_pages, s, p, base, notes_allowed))
    ]
    if not found:
        return None
    return min(found, key=lambda made: (round(made[0], 1), -made[1].scale, -made[1].pictures))[1]


def fitting_sizes(
    m: Measured, inside_pages: int, floor: float, base: Layout | None = None, back: bool = True
) -> list[Layout]:
    """Layouts to try, best first, for text that needs to fit ``inside_pages``: the section
    at the foot on the back page (``back``: there is one), then pictures narrower, then
    the type smaller, down to ``floor``.

    The first is the first the measurements predict to fit; the rest follow in case the
    prediction was too kind.
    """
    base = base or Layout()
    steps = [s for s in (round(1 - 0.025 * n, 4) for n in range(1, 40)) if s > floor + 1e-9]
    sizes = [(1.0, p) for p in PICTURES_SMALLER]
    sizes += [(s, PICTURES_SMALLER[-1]) for s in [*steps, round(floor, 4)] if s < 1]
    moves = (False, True) if back and m.foot else (False,)
    candidates = [Layout(scale=s, pictures=p, foot_on_back=b) for s, p in sizes for b in moves]
    candidates = [c for c in candidates if c != base]

    def pages(layout: Layout) -> int:
        factor, pictures = layout.scale / base.scale, layout.pictures / base.pictures
        if not layout.foot_on_back:
            return predict_pages(m, factor, pictures)
        return predict_pages(replace(m, foot=0.0), factor, pictures)

    fits = [c for c in candidates if pages(c) <= inside_pages]
    if not fits:
        return candidates[-1:]
    return candidates[candidates.index(fits[0]) :]
