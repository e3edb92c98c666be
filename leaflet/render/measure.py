"""Measuring a laid-out document: how full each page is, where each section went.

WeasyPrint 70 keeps the laid-out box tree of every page (``page._page_box``, an
internal but stable part of its API for this version). Everything here reads that
tree; nothing renders. Units inside are CSS pixels (96 per inch); results are in
millimetres.

* A block split across pages is one box per page, each pointing at the same HTML
  element; the box on the page it leaves is stretched to the bottom of the text area,
  so heights are measured to the lowest line, picture or empty box inside it.
* Boxes placed with ``position: absolute`` or ``fixed`` (the DRAFT mark) and the page
  margin boxes (page numbers) are not part of the flow and are left out.
* The foot of a page (``float: footnote``: the section that sits at the foot of the
  last inside page) is in the page's footnote area; it counts as used room.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PX_PER_MM = 96 / 25.4


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        style = getattr(child, "style", None)
        if style is not None and style["position"] in ("absolute", "fixed"):
            continue
        yield from _walk(child)


#: The class of a picture in the text (templates/blocks/picture.html.j2): the only
#: pictures whose width follows the layout's picture size (``--picture-scale`` in
#: styles/leaflet.css). A note's picture is the column's width, the QR code and the
#: themes' icons have a size of their own: to the planner they are like text that does
#: not grow.
SCALED_PICTURE = "picture"


def _scaled_pictures(box: Any, inside: bool = False) -> float:
    """px: the height of the pictures in ``box`` that the layout's picture size scales."""
    inside = inside or SCALED_PICTURE in _classes(box)
    if type(box).__name__.endswith("ReplacedBox") and box.element_tag == "img":
        return float(box.margin_height()) if inside else 0.0
    total = 0.0
    for child in getattr(box, "children", None) or ():
        style = getattr(child, "style", None)
        if style is not None and style["position"] in ("absolute", "fixed"):
            continue
        total += _scaled_pictures(child, inside)
    return total


def drawings_on_pages(document: Any) -> dict[int, list[str]]:
    """Page number (from 1) → the SVG pictures (``<img>``, their ``src`` as the HTML
    writes it) drawn on it, in order: text in an SVG is set at the picture's scale, so
    it may come out smaller than any text of the stylesheet."""
    found: dict[int, list[str]] = {}
    for number, page in enumerate(document.pages, start=1):
        for area in _areas(page):
            for box in _walk(area):
                if not type(box).__name__.endswith("ReplacedBox"):
                    continue
                element = getattr(box, "element", None)
                source = (element.get("src") if element is not None else None) or ""
                if source.lower().split("?")[0].endswith(".svg"):
                    found.setdefault(number, [])
                    if source not in found[number]:
                        found[number].append(source)
    return found


def raster_names(document: Any) -> dict[str, str]:
    """The names WeasyPrint gives the raster pictures of ``document`` in the PDF (``i``,
    an id, and 0 or 1: what preflight names them by) → their ``src`` as the HTML writes
    it, so that a message can name the picture's file instead."""
    found: dict[str, str] = {}
    for page in document.pages:
        for area in _areas(page):
            for box in _walk(area):
                image = getattr(box, "replacement", None)
                element = getattr(box, "element", None)
                image_id = getattr(image, "id", None)
                if image_id is None or element is None or not element.get("src"):
                    continue
                for interpolate in (0, 1):
                    found[f"i{image_id}{interpolate}"] = element.get("src")
    return found


def _classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or "::" in (getattr(box, "element_tag", "") or ""):
        return set()
    return set((element.get("class") or "").split())


def _areas(page: Any) -> list[Any]:
    """The page's root box and footnote area, without its margin boxes."""
    return [c for c in page._page_box.children if type(c).__name__ != "MarginBox"]


def _is_leaf(box: Any) -> bool:
    name = type(box).__name__
    return name == "LineBox" or name.endswith("ReplacedBox") or not getattr(box, "children", None)


def _bottom(box: Any) -> float:
    return float(box.position_y + box.margin_height() - (box.margin_bottom or 0))


def lowest(root: Any) -> float | None:
    """The bottom of the lowest line, picture or empty box under ``root``, in px."""
    found = None
    for box in _walk(root):
        if _is_leaf(box) and hasattr(box, "position_y") and box.margin_height() > 0:
            bottom = _bottom(box)
            found = bottom if found is None else max(found, bottom)
    return found


@dataclass(frozen=True)
class PageFill:
    """How much of one page's text area is used."""

    top: float  # px: the top of the text area
    bottom: float  # px: its bottom
    last_line: float | None  # px: the bottom of the lowest line of the flow
    foot_top: float | None  # px: the top of the foot (footnote area), if it holds something

    @property
    def height_mm(self) -> float:
        return (self.bottom - self.top) / PX_PER_MM

    @property
    def fill(self) -> float:
        """The share of the text area used, from its top to the foot of its last line."""
        used = (self.last_line if self.last_line is not None else self.top) - self.top
        if self.foot_top is not None:
            used += self.bottom - self.foot_top
        return max(0.0, used / (self.bottom - self.top))

    @property
    def free_mm(self) -> float:
        """The room left between the last line and the foot (or the bottom)."""
        end = self.foot_top if self.foot_top is not None else self.bottom
        start = self.last_line if self.last_line is not None else self.top
        return max(0.0, (end - start) / PX_PER_MM)


def page_fill(page: Any) -> PageFill:
    box = page._page_box
    top = float(box.content_box_y())
    root, *rest = _areas(page)
    foot_top = None
    for area in rest:
        if type(area).__name__ == "FootnoteAreaBox" and area.children:
            foot_top = float(area.position_y)
    return PageFill(top, top + float(box.height), lowest(root), foot_top)


@dataclass
class Piece:
    """The part of an element on one page."""

    page: int  # index in the document
    top: float  # px, its border-box top
    bottom: float  # px, the bottom of its lowest line


@dataclass
class Element:
    """One element of the HTML (a section), and its pieces on the pages."""

    id: str
    pieces: list[Piece] = field(default_factory=list)


def elements(document: Any, prefix: str) -> dict[str, Element]:
    """Every element whose id starts with ``prefix``, in document order, keyed by the rest."""
    found: dict[str, Element] = {}
    for index, page in enumerate(document.pages):
        for area in _areas(page):
            for box in _walk(area):
                element = getattr(box, "element", None)
                tag = getattr(box, "element_tag", "") or ""
                if element is None or "::" in tag or not hasattr(box, "position_y"):
                    continue
                if type(box).__name__ in ("LineBox", "TextBox"):
                    continue
                ident = element.get("id") or ""
                if not ident.startswith(prefix):
                    continue
                made = found.setdefault(ident[len(prefix) :], Element(ident[len(prefix) :]))
                if made.pieces and made.pieces[-1].page == index:
                    continue  # an anonymous box of the same element on the same page
                bottom = lowest(box)
                top = float(box.position_y + (box.margin_top or 0))
                made.pieces.append(Piece(index, top, bottom if bottom is not None else top))
    return found


@dataclass
class Block:
    """One block of a section (a heading, a paragraph, a list, a box …), as laid out."""

    pieces: list[Piece] = field(default_factory=list)
    pictures: float = 0.0  # px of pictures in the text in it (their size follows the layout)
    breakable: bool = True  # a page may break inside it
    heading: bool = False  # it keeps with the block after it
    after: float = 0.0  # px between it and the next block of its section
    #: A page may start with it: a box, a table, a picture, questions or a key figure.
    natural: bool = False
    #: px from its top where a page may break inside it, as WeasyPrint would (between
    #: lines, list items and questions, as orphans, widows and break-* allow).
    cuts: list[float] = field(default_factory=list)
    #: Of its lines, the share that are full: those get fewer as the type gets smaller,
    #: a short line (a list item of a few words) stays one line.
    full: float = 1.0
    lines: int = 0
    text: float = 0.0  # px: the height of its lines of text

    @property
    def height_mm(self) -> float:
        return sum(p.bottom - p.top for p in self.pieces) / PX_PER_MM


#: Classes of the blocks a page may start with, inside a section (templates/blocks/).
NATURAL_STARTS = frozenset(
    {"box", "table", "picture", "questions", "key-figure", "checklist", "contact"}
)


def _style(box: Any, name: str) -> Any:
    style = getattr(box, "style", None)
    return style[name] if style is not None else None


_AVOID = ("avoid", "avoid-page")


def _breaks(box: Any, side: str) -> list[str]:
    """The break-before (or -after) values that meet at a box's edge, down its first (or
    last) children, as WeasyPrint 70 reads them (``block_level_page_break``)."""
    values = []
    while box is not None and hasattr(box, "style") and type(box).__name__ != "LineBox":
        values.append(box.style[f"break_{side}"])
        kids = _flow_kids(box)
        box = (kids[-1] if side == "after" else kids[0]) if kids else None
    return values


def _flow_kids(box: Any) -> list[Any]:
    return [
        c
        for c in getattr(box, "children", None) or ()
        if hasattr(c, "position_y")
        and type(c).__name__ not in ("TextBox", "AbsolutePlaceholder")
        and _style(c, "position") not in ("absolute", "fixed")
        and _style(c, "float") in (None, "none")
    ]


def _cuts(box: Any, top: float) -> list[float]:
    """px below ``top`` where a page may break inside ``box``."""
    if _style(box, "break_inside") in _AVOID or type(box).__name__.endswith("ReplacedBox"):
        return []
    kids = _flow_kids(box)
    if kids and all(type(k).__name__ == "LineBox" for k in kids):
        orphans, widows = box.style["orphans"], box.style["widows"]
        return [
            _bottom(line) - top
            for n, line in enumerate(kids, start=1)
            if n >= orphans and len(kids) - n >= widows
        ]
    if type(box).__name__ not in ("BlockBox", "ListItemBox") and not kids:
        return []
    found: list[float] = []
    for n, kid in enumerate(kids):
        if type(kid).__name__ == "LineBox":
            continue
        found += _cuts(kid, top)
        if n + 1 < len(kids):
            meeting = [*_breaks(kid, "after"), *_breaks(kids[n + 1], "before")]
            if not any(value in _AVOID for value in meeting):
                found.append(_bottom(kid) - top)
    return found


def _lines(box: Any) -> tuple[int, int, float]:
    """(lines, full lines, their height in px) of the text under ``box``."""
    count = full = 0
    height = 0.0
    for parent in _walk(box):
        for line in getattr(parent, "children", None) or ():
            if type(line).__name__ != "LineBox" or not line.children:
                continue
            count += 1
            height += float(line.height)
            right = max(c.position_x + c.margin_width() for c in line.children)
            left = min(c.position_x for c in line.children)
            full += right - left > 0.8 * float(parent.width)
    return count, full, height


def _block_children(box: Any) -> list[Any]:
    """The blocks a flowing section is made of: the in-flow children of its section
    element (inside the ``flowing`` wrapper), or the section itself when it is one box.

    Decided by the HTML, not by what is on a page: the part of a section on the page it
    runs on to has the same blocks as on the page it starts on.
    """
    kids = _flow_kids(box)
    if "flowing" in ((box.element.get("class") or "").split()) and kids:
        box = kids[0]
    if _style(box, "break_inside") in _AVOID:
        return [box]
    return [k for k in _flow_kids(box) if type(k).__name__ != "LineBox"] or [box]


def section_blocks(document: Any, prefix: str) -> dict[str, list[Block]]:
    """The blocks of every element whose id starts with ``prefix``, in order, by the rest.

    A block split across pages has one piece per page; ``after`` is the room between a
    block and the next, as laid out where both are on one page.
    """
    found: dict[str, dict[int, Block]] = {}
    last: dict[str, tuple[int, Any]] = {}  # section → (page, box) of its previous block
    for index, page in enumerate(document.pages):
        for area in _areas(page):
            for box in _walk(area):
                element = getattr(box, "element", None)
                tag = getattr(box, "element_tag", "") or ""
                if element is None or "::" in tag or type(box).__name__ in ("LineBox", "TextBox"):
                    continue
                ident = element.get("id") or ""
                if not ident.startswith(prefix) or not hasattr(box, "position_y"):
                    continue
                key = ident[len(prefix) :]
                blocks = found.setdefault(key, {})
                for child in _block_children(box):
                    made = blocks.setdefault(
                        id(child.element),
                        Block(
                            breakable=_style(child, "break_inside") not in _AVOID
                            and child.element_tag not in ("h1", "h2", "h3", "h4"),
                            heading=child.element_tag in ("h1", "h2", "h3", "h4")
                            or _style(child, "break_after") in _AVOID,
                            natural=bool(
                                set((child.element.get("class") or "").split()) & NATURAL_STARTS
                            ),
                        ),
                    )
                    if made.pieces and made.pieces[-1].page == index:
                        continue
                    top = float(child.position_y + (child.margin_top or 0))
                    bottom = lowest(child)
                    if bottom is None:
                        bottom = top
                    done = sum(p.bottom - p.top for p in made.pieces)
                    if made.pieces:  # it was split: there, a page did break
                        made.cuts.append(done)
                    made.cuts += [done + c for c in _cuts(child, top) if 0 < c < bottom - top]
                    lines, full, text = _lines(child)
                    made.lines += lines
                    made.text += text
                    made.full = (made.full * (made.lines - lines) + full) / max(1, made.lines)
                    made.pieces.append(Piece(index, top, bottom))
                    made.pictures += _scaled_pictures(child)
                    made.after = float(child.margin_bottom or 0)
                    previous = last.get(key)
                    if previous is not None and previous[0] == index:
                        before = blocks[id(previous[1].element)]
                        before.after = max(0.0, top - before.pieces[-1].bottom)
                    last[key] = (index, child)
    return {key: list(blocks.values()) for key, blocks in found.items()}


#: Classes of what is kept whole on a page when it fits there, and may be split when it
#: does not (templates/blocks/, styles/leaflet.css).
GROUPS = frozenset({"group", "question"})


def split_unsplittable(document: Any) -> list[tuple[str, int, str | None]]:
    """Boxes that asked not to be split (``break-inside: avoid``) and still were.

    WeasyPrint splits such a box when it is taller than a page, and sometimes when it
    cannot keep it whole otherwise. Returns (the element as tag.class, the first page
    number, the id of the section it is in) for each. A group kept whole only when it
    fits on a page (a short list, a few questions, a question with its answer: see
    :data:`GROUPS`) may be split, and is not returned.
    """
    seen: dict[int, tuple[str, set[int], str | None]] = {}

    def walk(box: Any, index: int, section: str | None) -> None:
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None else None
        if ident and ident.startswith("section-"):
            section = ident[len("section-") :]
        style = getattr(box, "style", None)
        tag = getattr(box, "element_tag", "") or ""
        if (
            style is not None
            and element is not None
            and "::" not in tag
            and tag not in ("html", "body")
            and style["break_inside"] in ("avoid", "avoid-page")
            and not set((element.get("class") or "").split()) & GROUPS
        ):
            label = f"{tag}.{(element.get('class') or '').split(' ')[0]}"
            seen.setdefault(id(element), (label, set(), section))[1].add(index)
        for child in getattr(box, "children", None) or ():
            child_style = getattr(child, "style", None)
            if child_style is not None and child_style["position"] in ("absolute", "fixed"):
                continue
            walk(child, index, section)

    for index, page in enumerate(document.pages):
        for area in _areas(page):
            walk(area, index, None)
    return [
        (label, min(pages) + 1, section)
        for label, pages, section in seen.values()
        if len(pages) > 1
    ]
