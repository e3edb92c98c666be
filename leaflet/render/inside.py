"""Nothing drawn outside its page's text area: text that could not wrap is an error.

A word longer than a line (a 400-letter "word", an address with no place to break)
used to run past the edge of the page and be cut off, with the build saying all was
well. Long words now break where they must (``overflow-wrap: anywhere`` in the
styles); this check, on the laid-out box tree, makes sure of it: every line of text
must lie inside the text area of its page (inside pages: within the margins; the
cover and the back page, which have no margins: at least 5 mm inside the trim, the
printer's safety margin). What is outside is reported at the section it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .measure import PX_PER_MM

#: Text on a page without margins must stay this far inside the trim (mm).
SAFETY_MM = 5.0
#: Rounding and the side bearings of glyphs may reach this far past an edge (mm).
TOLERANCE_MM = 0.5


@dataclass(frozen=True)
class Outside:
    """A line of text drawn outside its page's text area."""

    page: int  # counted from 1
    section: str | None  # the id of the section it belongs to
    text: str  # the start of the line
    mm: float  # how far outside


def _boxes(box: Any, section: str | None) -> Iterator[tuple[Any, str | None]]:
    element = getattr(box, "element", None)
    ident = element.get("id") if element is not None else None
    if ident and ident.startswith("section-"):
        section = ident[len("section-") :]
    style = getattr(box, "style", None)
    if style is not None and style["position"] == "fixed":
        return  # the DRAFT mark across every page: a mark, not text of the page
    classes = (element.get("class") or "").split() if element is not None else []
    if "draft-tag" in classes:
        return  # the DRAFT tag, in the top margin on purpose
    yield box, section
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child, section)


def outside(document: Any) -> list[Outside]:
    """Every line of text drawn outside the text area of its page, in page order."""
    found: list[Outside] = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box  # WeasyPrint 70: the laid-out tree of the page
        left = float(page_box.content_box_x())
        right = left + float(page_box.width)
        top = float(page_box.content_box_y())
        bottom = top + float(page_box.height)
        if not page_box.margin_left and not page_box.margin_right:
            inset = SAFETY_MM * PX_PER_MM  # a page without margins: the safety margin
            left, right, top, bottom = left + inset, right - inset, top + inset, bottom - inset
        tolerance = TOLERANCE_MM * PX_PER_MM
        for child in page_box.children:
            if type(child).__name__ == "MarginBox":
                continue  # page numbers, drawn in the margin on purpose
            for box, section in _boxes(child, None):
                if type(box).__name__ != "TextBox" or not getattr(box, "text", "").strip():
                    continue
                x0, y0 = float(box.position_x), float(box.position_y)
                x1, y1 = x0 + float(box.width), y0 + float(box.height)
                over = max(left - x0, x1 - right, top - y0, y1 - bottom)
                if over > tolerance:
                    text = " ".join(box.text.split())
                    found.append(
                        Outside(
                            number,
                            section,
                            text[:40] + ("…" if len(text) > 40 else ""),
                            over / PX_PER_MM,
                        )
                    )
    return found
