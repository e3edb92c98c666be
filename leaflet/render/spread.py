"""Room shared out on a page after layout, by moving boxes down: no second layout.

When the next thing has to go to the next page (a group kept whole, a heading kept
with its text, a section that starts a new page), the room it leaves on a page is
shared out as a designer would: more space between sections, a little more around a
box, a table or a picture, a touch more between paragraphs, each gap within a cap so
that no page looks sparse (:data:`GAPS`). Nothing is laid out again: the laid-out
boxes under each gap are moved down (``Box.translate``), and each containing box
grows by what moved inside it. On the last inside page the room goes between its
blocks and above the section at its foot (the QR section), which stays at the foot.

It reads and changes WeasyPrint 70's laid-out box tree (``page._page_box``), as
:mod:`.measure` reads it; the PDF is drawn from that tree afterwards, so the moved
boxes are where the PDF draws them, and each page's links and anchors are gathered
again (``Page(page_box)``) so that they follow.

:func:`room` then measures every inside page as it will be printed: the blank band at
its foot and the largest blank gap between two things, for the layout notes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .measure import PX_PER_MM

#: Kinds of gap: (weight, most extra room in mm). Room is shared out in proportion to
#: the weights until a gap reaches its cap (a heading keeps with what follows: 0).
GAPS = {
    "section": (4.0, 14.0),  # between two sections
    "block": (2.0, 6.0),  # above or below a box, a table, a picture, questions …
    "question": (1.0, 2.5),  # between two questions
    "text": (1.0, 3.0),  # between paragraphs and lists
}
#: Blocks that stand apart from running text (templates/blocks/, templates/sections/).
BLOCKS = frozenset(
    {
        "box",
        "table",
        "picture",
        "key-figure",
        "questions",
        "checklist",
        "contact",
        "themes",
        "qr",
        "qr__words",
        "note__box",
        "note__picture",
    }
)
#: Blocks that keep with what follows them: no room is put after them.
KEEPS_WITH_NEXT = frozenset(
    {"lead-in", "question__q", "box__heading", "block-break", "key-figure--run"}
)
#: Boxes whose blocks are shared room between (their children are looked at too).
CONTAINERS = frozenset(
    {"flow", "flowing", "section--text", "section--themes", "section--qr", "section--note"}
)
#: Sections drawn as one designed piece: alone on a page, they are set in its middle.
DESIGNED = frozenset({"section--qr", "section--note", "section--warning", "section--themes"})
#: The weight of the room above the section at the foot of the last inside page: it
#: takes what the caps leave.
FOOT_WEIGHT = 4.0
HEADINGS = frozenset({"h1", "h2", "h3", "h4"})


@dataclass(frozen=True)
class Gap:
    """A place between two blocks where room may go."""

    y: float  # px: the top of the block below it, as laid out
    weight: float
    cap: float  # px


@dataclass(frozen=True)
class PageRoom:
    """An inside page after its room was shared out (mm)."""

    index: int  # the page's index in the document
    area: float  # the height of the text area
    band: float  # the blank band at the foot of the text area
    gap: float  # the largest blank gap between two things on the page
    shared: float  # the room shared out between its blocks
    free: float  # the room there was to share out (under the last block)
    #: "text"; "notes" (a page for the reader's notes); "foot" (the foot on its own page)
    kind: str = "text"
    foot: bool = False  # the section at the foot (the QR section) is on it


def classes(box: Any) -> frozenset[str]:
    element = getattr(box, "element", None)
    if element is None or "::" in (getattr(box, "element_tag", "") or ""):
        return frozenset()
    return frozenset((element.get("class") or "").split())


def tag(box: Any) -> str:
    return str(getattr(box, "element_tag", "") or "")


def in_flow(box: Any) -> bool:
    name = type(box).__name__
    if name in ("LineBox", "TextBox", "AbsolutePlaceholder") or not hasattr(box, "position_y"):
        return False
    style = getattr(box, "style", None)
    return style is not None and bool(box.is_in_normal_flow())


def top_of(box: Any) -> float:
    return float(box.position_y + (box.margin_top or 0))


def bottom_of(box: Any) -> float:
    return float(top_of(box) + box.border_height())


def flow_root(page: Any) -> Any | None:
    """The ``<main class="flow">`` box on a page, if the page has one."""
    for area in page._page_box.children:
        if type(area).__name__ in ("MarginBox", "FootnoteAreaBox"):
            continue
        stack = [area]
        while stack:
            box = stack.pop()
            if tag(box) == "main" and "flow" in classes(box):
                return box
            if tag(box) in ("html", "body"):
                stack.extend(c for c in box.children if in_flow(c))
    return None


def _foot_area(page: Any) -> Any | None:
    for area in page._page_box.children:
        if type(area).__name__ == "FootnoteAreaBox" and area.children:
            return area
    return None


def _between(container: Any, above: Any, below: Any, extra: dict[str, float]) -> Gap | None:
    """The gap between two blocks of ``container``, or None where no room may go."""
    one, two = classes(above), classes(below)
    if tag(above) in HEADINGS or one & KEEPS_WITH_NEXT or "block-break" in two:
        return None
    if "flow" in classes(container):
        if "flowing" not in one or "flowing" not in two:
            return None
        weight, cap = GAPS["section"]
        if "flowing--continued" in two:  # it goes on from the section before: less room
            weight, cap = GAPS["block"]
        # the planner may have put room above this section already (--extra-gap)
        ident = (below.element.get("id") or "").removeprefix("flow-")
        cap = max(0.0, cap - extra.get(ident, 0.0))
    elif (one | two) & BLOCKS:
        weight, cap = GAPS["block"]
    elif "questions" in classes(container):
        weight, cap = GAPS["question"]
    else:
        weight, cap = GAPS["text"]
    return Gap(top_of(below), weight, cap * PX_PER_MM) if cap > 0 else None


def _section_of(flowing: Any) -> Any:
    return next((c for c in flowing.children if in_flow(c)), flowing)


def _gaps(box: Any, extra: dict[str, float]) -> Iterator[Gap]:
    kids = [c for c in box.children if in_flow(c)]
    for above, below in itertools.pairwise(kids):
        if (gap := _between(box, above, below, extra)) is not None:
            yield gap
    for kid in kids:
        if classes(kid) & CONTAINERS or classes(kid) & {"questions"}:
            yield from _gaps(kid, extra)


def share(room: float, gaps: Sequence[tuple[float, float]]) -> tuple[list[float], float]:
    """``room`` shared out between gaps of (weight, cap): in proportion to the weights,
    none past its cap. Returns what each gets and what is left over."""
    given = [0.0] * len(gaps)
    active = [i for i, (weight, cap) in enumerate(gaps) if weight > 0 and cap > 0]
    left = room
    while left > 1e-6 and active:
        total = sum(gaps[i][0] for i in active)
        step = min((gaps[i][1] - given[i]) / gaps[i][0] for i in active)
        take = min(left / total, step)
        for i in active:
            given[i] += take * gaps[i][0]
        left -= take * total
        active = [i for i in active if gaps[i][1] - given[i] > 1e-6]
    return given, max(0.0, left)


def _down(area: Any, dy: float) -> Any:
    """A rectangle (x, y, width, height, …) of a background, ``dy`` lower."""
    if not isinstance(area, tuple | list) or len(area) < 4:
        return area  # "unused"
    return (area[0], area[1] + dy, *area[2:])


def _move_backgrounds(box: Any, dy: float) -> None:
    """Backgrounds are placed once, after layout (``box.background``): move them too."""
    box = getattr(box, "_box", box)  # an absolutely placed box's placeholder
    background = getattr(box, "background", None)
    if background is not None:
        box.background = background._replace(
            layers=[
                layer._replace(
                    painting_area=_down(layer.painting_area, dy),
                    positioning_area=_down(layer.positioning_area, dy),
                    clipped_boxes=[_down(c, dy) for c in layer.clipped_boxes],
                )
                for layer in background.layers
            ]
        )
    children = box.all_children() if hasattr(box, "all_children") else ()
    for child in children:
        _move_backgrounds(child, dy)


def translate_all(box: Any, dy: float) -> None:
    """Move ``box`` and everything in it ``dy`` px down, backgrounds included."""
    if dy:
        box.translate(0, dy)
        _move_backgrounds(box, dy)


def _grow_background(box: Any, page_box: Any) -> None:
    """Place the background of a box that grew again, with the images it had."""
    from weasyprint.layout.background import layout_box_backgrounds

    background = getattr(box, "background", None)
    if background is None:
        return
    images = {
        str(value): layer.image
        for (kind, value), layer in zip(
            box.style["background_image"], background.layers, strict=False
        )
        if kind == "url"
    }
    layout_box_backgrounds(
        page_box, box, lambda url, **_: images.get(str(url)), layout_children=False
    )


def _shift(box: Any, points: Sequence[tuple[float, float]], limit: float, page_box: Any) -> None:
    """Move ``box`` down by the room of the gaps above it; a box with gaps inside it
    moves its own top and grows, and its children are moved one by one."""

    def moved(y: float) -> float:
        return sum(extra for at, extra in points if at <= y + 0.01)

    top, bottom = top_of(box), bottom_of(box)
    inside = [at for at, _ in points if top + 0.01 < at < bottom - 0.01]
    if not inside or not getattr(box, "children", None):
        translate_all(box, moved(top))
        return
    down, grow = moved(top), moved(bottom) - moved(top)
    box.position_y += down
    if isinstance(box.height, int | float):
        # a box split at the page's foot already reaches the bottom: it does not grow past
        box.height += max(0.0, min(grow, limit - (bottom + down)))
    for child in box.children:
        style = getattr(child, "style", None)
        if style is not None and style["position"] in ("absolute", "fixed"):
            continue
        if hasattr(child, "position_y"):
            _shift(child, points, limit, page_box)
    _grow_background(box, page_box)


def _drawn(box: Any) -> Iterator[tuple[float, float]]:
    """The vertical extents (px) of what is drawn under ``box``: lines, pictures, and
    boxes with a background or a border."""
    for child in getattr(box, "children", None) or ():
        style = getattr(child, "style", None)
        if style is not None and style["position"] in ("absolute", "fixed"):
            continue
        if not hasattr(child, "position_y"):
            continue
        name = type(child).__name__
        if name == "LineBox" or name.endswith("ReplacedBox"):
            if child.margin_height() > 0:
                yield top_of(child), bottom_of(child)
            continue
        if style is not None and (
            style["background_color"].alpha > 0
            or any(
                style[f"border_{side}_width"] and style[f"border_{side}_style"] != "none"
                for side in ("top", "bottom", "left", "right")
            )
        ):
            yield top_of(child), bottom_of(child)
        yield from _drawn(child)


def _text_bottoms(box: Any) -> Iterator[float]:
    """The bottom of every text box under ``box``, markers of list items included."""
    box = getattr(box, "_box", box)
    if type(box).__name__ == "TextBox":
        yield float(box.position_y + box.height)
        return
    for child in getattr(box, "children", None) or ():
        yield from _text_bottoms(child)


def _holes(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The blank stretches between ``spans`` (merged where they overlap)."""
    holes: list[tuple[float, float]] = []
    spans.sort()
    end = None
    for start, stop in spans:
        if end is not None and start > end:
            holes.append((end, start))
        end = stop if end is None else max(end, stop)
    return holes


def measure_page(page: Any, index: int) -> PageRoom:
    """The blank band at the foot of ``page``'s text area, and its largest gap (mm)."""
    box = page._page_box
    top = float(box.content_box_y())
    bottom = top + float(box.height)
    spans: list[tuple[float, float]] = []
    for area in box.children:
        if type(area).__name__ == "MarginBox":
            continue
        spans.extend(_drawn(area))
    spans = [(max(a, top), min(b, bottom)) for a, b in spans if b > top and a < bottom]
    lowest = max((b for _, b in spans), default=top)
    gap = max((b - a for a, b in _holes(spans)), default=0.0)
    return PageRoom(
        index,
        (bottom - top) / PX_PER_MM,
        (bottom - lowest) / PX_PER_MM,
        gap / PX_PER_MM,
        0.0,
        0.0,
    )


def _margin_at_top(flow: Any, top: float) -> float:
    """The margins above the first block of a page, where the page broke before it by
    itself (WeasyPrint 70 keeps them inside nested boxes; CSS drops them)."""
    lead = 0.0
    box = next((c for c in flow.children if in_flow(c)), None)
    if box is None or box.position_y > top + 1:
        return 0.0
    while box is not None and type(box).__name__ != "LineBox":
        lead += float(box.margin_top or 0)
        if box.padding_top or box.border_top_width or not getattr(box, "children", None):
            break
        box = next((c for c in box.children if in_flow(c)), None)
    return lead


def spread_page(document: Any, index: int, *, last: bool, extra: dict[str, float]) -> PageRoom:
    """Share the room under the last block of one inside page out between its blocks
    (see the module). ``extra``: the room the planner put above sections (mm)."""
    page = document.pages[index]
    flow = flow_root(page)
    foot = _foot_area(page)
    box = page._page_box
    bottom = float(box.content_box_y() + box.height)
    limit = float(foot.position_y + (foot.margin_top or 0)) if foot is not None else bottom
    measured = measure_page(page, index)
    if flow is None:
        return measured
    for kind, name in (("notes", "notes-page"), ("foot", "foot-page")):
        if any(name in classes(c) for c in flow.children):
            return replace(measured, kind=kind, foot=foot is not None)
    if foot is not None:
        measured = replace(measured, foot=True)
    if lead := _margin_at_top(flow, float(box.content_box_y())):
        for child in flow.children:
            if in_flow(child):
                translate_all(child, -lead)
    lowest = max((b for _, b in _drawn(flow)), default=None)
    if lowest is not None:  # a list's bullet reaches a little below its line
        lowest = max(lowest, max(_text_bottoms(flow), default=lowest))
    if lowest is None or (last and foot is None):
        return measured
    free = max(0.0, limit - lowest)
    gaps = [g for g in _gaps(flow, extra) if g.y < lowest]
    weights = [(g.weight, g.cap) for g in gaps]
    if last:
        weights.append((FOOT_WEIGHT, float("inf")))  # the rest stays above the foot
    given, left = share(free, weights)
    points = [(g.y, room) for g, room in zip(gaps, given, strict=False) if room > 0.01]
    sections = [c for c in flow.children if in_flow(c) and "flowing" in classes(c)]
    alone = sections[0] if len(sections) == 1 else None
    if not last and alone is not None and classes(_section_of(alone)) & DESIGNED:
        # a section that is one designed piece (the QR section, a note) alone on its
        # page: set in the middle of the page, as a poster is, not left at the top
        points.insert(0, (top_of(alone), left / 2))
    if points:
        for child in box.children:
            if type(child).__name__ not in ("MarginBox", "FootnoteAreaBox"):
                _shift(child, points, bottom, box)
        # the page's links, anchors and bookmarks, gathered again where they are now
        page = document.pages[index] = type(page)(box)
    shared = sum(room for _, room in points)
    after = measure_page(page, index)
    return replace(after, shared=shared / PX_PER_MM, free=free / PX_PER_MM, foot=foot is not None)


def spread(document: Any, inside: range, extra: dict[str, float]) -> list[PageRoom]:
    """Share out the room of every inside page (indexes ``inside`` of ``document``'s
    pages); the last of them only above its foot. Returns each page's room after."""
    last = inside[-1] if len(inside) else -1
    return [spread_page(document, i, last=i == last, extra=extra) for i in inside]
