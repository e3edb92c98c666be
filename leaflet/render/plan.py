"""The plan: the page count, and room shared out as a designer would.

A folded leaflet has 4, 8, 12 … pages. When the text fills the inside pages of the
count it gets, the first layout is final. When it needs a little more than a smaller
count and so gets the larger one, :func:`plan` shares the spare room out, from the
measurements alone (:func:`leaflet.render.flow.measure`): sections start on new pages
at natural points (where they have a heading), the room left on a page with several
sections goes between them, the type may grow a little (up to 12 pt), and a page for
the reader's own notes may be added before the back page. It tries every such choice
(a small dynamic programme) and takes the one whose pages are most evenly full; one
more layout sets it. When the text needs fewer pages than it takes,
:func:`fitting_sizes` says which narrower pictures or smaller type to try.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from .flow import NOTES_HEADING_MM, NOTES_LINE_MM, Item, Layout, Measured, Piece
from .spread import GAPS

#: Text may grow up to this scale (11 pt body → 12 pt) to fill room to spare.
GROWTH = (1.0, 1.03, 1.06, 1.09)
#: Pictures may be set this much wider (up to the whole column) to fill room to spare,
PICTURES_LARGER = (1.0, 1.15, 1.33)
#: … or this much narrower to save a sheet.
PICTURES_SMALLER = (1.0, 0.9, 0.8, 0.7, 0.6)
#: What a page for notes costs in the plan: as much as a page left 45 % empty, so
#: it is chosen when sharing the room out would leave pages emptier than that.
NOTES_PAGE_COST = 0.45**2
#: The most pages for notes a plan may add (a page, or a spread, for the reader).
MAX_NOTES_PAGES = 3
#: What a new page inside a section (before a box, a table …) costs in the plan, over
#: one between sections.
PART_BREAK_COST = 0.1
#: A page this empty or emptier is near-blank: the plan avoids it.
NEAR_BLANK = 0.3
#: Every inside page but the last should be at least this full.
MIN_FILL = 0.75


@dataclass(frozen=True)
class Sheet:
    """One page as the planner predicts it: how full, and how much room the gaps on it
    may take when the room left is shared out (:mod:`.spread`), both as shares."""

    fill: float
    spare: float = 0.0


def _gap_cap(item: Item, index: int, block: Piece) -> float:
    """The most extra room the gap above ``block`` may take when room is shared out."""
    if index == 0:
        return GAPS["section"][1]
    before = item.blocks[index - 1]
    if before.heading:
        return 0.0
    return GAPS["block"][1] if block.natural or before.natural else GAPS["text"][1]


def sheets(items: Sequence[Item], area: float, foot: float = 0.0) -> list[Sheet]:
    """How each page comes out when ``items`` flow from the top of a new page.

    Text breaks where WeasyPrint may break it (the block's measured cuts: between lines
    as orphans and widows allow, between list items and questions); a block without a
    cut that fits goes whole to the next page, and so does a heading (or a paragraph
    that leads into a list) with no room under it for the start of what follows; the
    foot must fit under the last line, or it goes to a page of its own.
    """
    made: list[Sheet] = []
    y = spare = 0.0

    def turn() -> None:
        nonlocal y, spare
        made.append(Sheet(y / area, spare / area))
        y = spare = 0.0

    for item in items:
        blocks = item.blocks
        for index, block in enumerate(blocks):
            gap = (item.gap if index == 0 else blocks[index - 1].after) if y > 0 else 0.0
            need = block.height
            if block.heading and index + 1 < len(blocks):
                follow = blocks[index + 1]
                first = follow.cuts[0] if follow.breakable and follow.cuts else follow.height
                need += block.after + first
            if y + gap + need <= area:
                spare += _gap_cap(item, index, block) if y > 0 else 0.0
                y += gap + block.height
                continue
            cuts = block.cuts if block.breakable and not block.heading else ()
            if y > 0 and not any(c <= area - y - gap for c in cuts):
                turn()
                gap = 0.0
            if y > 0:
                spare += _gap_cap(item, index, block)
            top, done = y + gap, 0.0
            while block.height - done > area - top:
                fitting = [c for c in cuts if done < c <= done + area - top]
                # nothing fits (a block taller than a page): it is cut at the page's foot
                cut = max(fitting) if fitting else done + area - top
                y = top + cut - done
                turn()
                top, done = 0.0, cut
            y = top + block.height - done
    if foot:
        if y + foot > area:
            turn()
        y += foot
    return [*made, Sheet(y / area, spare / area)]


def simulate(items: Sequence[Item], area: float, foot: float = 0.0) -> list[float]:
    """How full each page is when ``items`` flow from the top of a new page."""
    return [sheet.fill for sheet in sheets(items, area, foot)]


def _foot_at(m: Measured, factor: float) -> float:
    return m.foot * (1 + (factor - 1) * 0.3)  # the code does not grow; its text does


def predict_pages(m: Measured, factor: float, pictures: float = 1.0, margin: float = 0.0) -> int:
    """How many inside pages ``m``'s text takes with type and pictures scaled so; with a
    ``margin``, a page predicted fuller than 1 - margin counts as running over (the
    prediction at a new size is a few millimetres out, either way)."""
    if m.area <= 0:
        return m.inside
    runs: list[list[Item]] = [[]]
    for item in m.items:
        if item.forced and runs[-1]:
            runs.append([])
        runs[-1].append(item.at(factor, pictures))
    count = 0
    for n, run in enumerate(runs):
        fills = simulate(run, m.area, _foot_at(m, factor) if n == len(runs) - 1 else 0.0)
        count += len(fills) + int(max(fills) > 1 - margin)
    return count


@dataclass(frozen=True)
class _Run:
    start: int  # index of its first item
    end: int  # index after its last item
    fills: tuple[Sheet, ...]
    foot_alone: bool


def _cost(pages: Sequence[Sheet], scaled: bool, last: bool, before_forced: bool) -> float:
    """What a run of pages costs: the room on each that sharing out cannot take (a band
    at its foot, or a gap), squared, so that pages evenly full win; near-blank pages and
    guesses at a new size that come out nearly full cost more. ``last``: the run ends
    on the last inside page, without a foot, where room at the foot is no fault."""
    cost = 0.0
    for n, page in enumerate(pages):
        left = max(0.0, 1 - page.fill - page.spare)
        final = last and n == len(pages) - 1
        cost += left**2 * (0.25 if final else 1.0)
        if page.fill < NEAR_BLANK and not final:
            cost += 10.0  # a few lines alone on a page: near-blank, and the prediction is rough
    if scaled and max(page.fill for page in pages) > 0.97:
        cost += 10.0  # predicted, not measured: a page this full at a new size may not fit
    if before_forced:
        cost -= max(0.0, 1 - pages[-1].fill - pages[-1].spare) ** 2  # it asked for that
    return cost


def _runs(
    items: Sequence[Item],
    pages: int,
    area: float,
    foot: float,
    scaled: bool,
    more_after: bool = False,
    laid: dict[tuple[int, int, float, bool], tuple[tuple[Sheet, ...], float]] | None = None,
) -> tuple[float, list[_Run]] | None:
    """The cheapest split of ``items`` into runs, each from a new page, on ``pages`` pages.

    A run starts at a section that may start a page (or asked to); ``foot`` goes under
    the last run, or on a page of its own after it. ``more_after``: pages for notes
    follow, so the last page of text is not the last inside page. ``laid`` keeps each
    run's pages (:func:`sheets`) and cost once found, for every call on these items.
    """
    n = len(items)
    infinite = float("inf")
    laid = {} if laid is None else laid

    def run_of(i: int, j: int, foot_mm: float, final: bool) -> tuple[tuple[Sheet, ...], float]:
        """The pages of items i…j-1 from a new page, and what they cost."""
        key = (i, j, foot_mm, final)
        if key not in laid:
            made = tuple(sheets(items[i:j], area, foot_mm))
            laid[key] = made, _cost(made, scaled, final, j < n and items[j].forced)
        return laid[key]

    best = [[infinite] * (pages + 1) for _ in range(n + 1)]
    back: list[list[_Run | None]] = [[None] * (pages + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        if i and not (items[i].may_start or items[i].forced):
            continue
        # The runs from item i and what each costs do not depend on the page it starts
        # on: found once, then tried from every page.
        ends: list[tuple[int, list[tuple[tuple[Sheet, ...], bool, float]]]] = []
        for j in range(i + 1, n + 1):
            if items[j - 1].forced and j - 1 > i:
                break  # a section that asked for a new page cannot be inside this run
            if j < n and not (items[j].may_start or items[j].forced):
                continue
            final = j == n and not foot and not more_after
            made, cost = run_of(i, j, foot if j == n else 0.0, final)
            options = [(made, False, cost)]
            if j == n and foot:
                made, _ = run_of(i, j, 0.0, False)
                apart = (*made, Sheet(foot / area))  # the foot on a page of its own
                options.append((apart, True, _cost(apart, scaled, final, False)))
            ends.append((j, options))
        part = bool(i) and "#" in items[i].id
        for p in range(pages):
            if best[i][p] == infinite:
                continue
            for j, options in ends:
                for made, alone, run_cost in options:
                    if p + len(made) > pages:
                        continue
                    cost = best[i][p] + run_cost
                    if part:
                        cost += PART_BREAK_COST  # a designer breaks between sections first
                    if cost < best[j][p + len(made)]:
                        best[j][p + len(made)] = cost
                        back[j][p + len(made)] = _Run(i, j, made, alone)
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


def _layout(items: Sequence[Item], runs: Sequence[_Run], **chosen: Any) -> Layout:
    """The layout of a plan: the sections (or parts) that start a page. The room left on
    each page is shared out after layout (:mod:`.spread`)."""
    return Layout(
        breaks=frozenset(items[run.start].id for run in runs if run.start > 0),
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
    laid: dict[tuple[int, int, float, bool], tuple[tuple[Sheet, ...], float]] = {}
    made = _runs(items, inside_pages, area, foot, scaled, laid=laid)
    if made is not None:
        found.append((made[0], _layout(items, made[1], **chosen)))
    for pages in range(1, MAX_NOTES_PAGES + 1) if notes else ():
        # Pages for notes before the back page; the section at the foot sits at the foot
        # of the last one. Each one more costs more: one is purposeful, three are padding.
        if inside_pages - pages < 1:
            break
        made = _runs(items, inside_pages - pages, area, 0.0, scaled, more_after=True, laid=laid)
        lines = int((area - NOTES_HEADING_MM - foot) // NOTES_LINE_MM) if foot else 15
        if made is not None and lines >= 5:
            layout = _layout(
                items,
                made[1],
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
        margin = 0.03 if (factor, pictures) != (1.0, 1.0) else 0.0
        return predict_pages(
            replace(m, foot=0.0) if layout.foot_on_back else m, factor, pictures, margin
        )

    fits = [c for c in candidates if pages(c) <= inside_pages]
    if not fits:
        return candidates[-1:]
    return candidates[candidates.index(fits[0]) :]
