"""The back page's fill, fitted after layout: no more than the page has room for.

What fills the back page above the sender (``fill:`` in leaflet.yaml; the template
``sections/_back-fill.html.j2``) is laid out at its fullest: eighteen lines for notes,
or the QR code. Only after layout is it known how much room the back page has (its own
text, the section at the foot moved there, the sender's lines, a logo). Here, on
WeasyPrint 70's laid-out box tree, the lines that would come within :data:`GAP_MM` of
the sender are taken out, and the fill is left out entirely when fewer than
:data:`MIN_LINES` would stay; the QR code is set in the middle of the room, or left out
when it does not fit. Nothing is laid out again. The fill is decoration
(``aria-hidden``), so what is taken out changes nothing a screen reader reads.
"""

from __future__ import annotations

from typing import Any

from .measure import PX_PER_MM
from .spread import bottom_of, classes, top_of, translate_all

#: Room kept between the fill and the sender, in mm.
GAP_MM = 10.0
#: The fewest lines for notes worth drawing.
MIN_LINES = 4


def _find(box: Any, name: str) -> tuple[Any, Any] | None:
    """(parent, box) of the first box with class ``name`` under ``box``."""
    for child in getattr(box, "children", None) or ():
        if name in classes(child):
            return box, child
        found = _find(child, name)
        if found is not None:
            return found
    return None


def _drop(parent: Any, box: Any) -> None:
    parent.children = [c for c in parent.children if c is not box]


def fit_back(document: Any) -> str | None:
    """Fit the back page's fill to its room; returns what stayed ("notes" with how many
    lines, "qr"), or None when there is no fill or it was left out."""
    if not document.pages:
        return None
    page = document.pages[-1]
    root = page._page_box
    fill = _find(root, "back__fill")
    bottom = _find(root, "back__bottom")
    foot = _find(root, "back__foot")
    if foot is not None and bottom is not None and _find(root, "back__text") is None:
        # the QR section, moved here: in the middle of the room above the sender
        box = foot[1]
        room = top_of(bottom[1]) - GAP_MM * PX_PER_MM - top_of(box)
        height = bottom_of(box) - top_of(box)
        if room > height:
            translate_all(box, (room - height) / 2)
            document.pages[-1] = type(page)(root)
        return None
    if fill is None or bottom is None:
        return None
    parent, box = fill
    limit = top_of(bottom[1]) - GAP_MM * PX_PER_MM
    kept: str | None = None
    if "back__fill--notes" in classes(box):
        lines = _find(box, "back__fill-lines")
        if lines is not None:
            holder = lines[1]
            stay = [c for c in holder.children if bottom_of(c) <= limit]
            if len(stay) >= MIN_LINES:
                holder.children = stay
                kept = f"notes: {len(stay)} lines"
    elif (qr := _find(box, "back__qr")) is not None:
        code = qr[1]
        room = limit - top_of(code)
        height = bottom_of(code) - top_of(code)
        if height <= room:
            translate_all(code, (room - height) / 2)
            kept = "qr"
    if kept is None:
        _drop(parent, box)
    document.pages[-1] = type(page)(root)  # links and anchors where they are now
    return kept
