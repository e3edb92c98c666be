"""Fit, measured after layout: did every planned page's text stay on its page?

WeasyPrint makes extra pages for content that runs over; these functions read the
laid-out box tree of a rendered document to tell which planned page ran over, and
by how many millimetres (and so, lines).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import LeafletError, Problem
from ..project import A5_HEIGHT_MM, A5_WIDTH_MM

if TYPE_CHECKING:
    from weasyprint import Document

PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class PagePlan:
    """What should fit on one page: its sections, and the words file of the last one."""

    sections: tuple[str, ...]
    path: Path


@dataclass(frozen=True)
class FitPlan:
    """The planned pages of one edition, and how to speak of its language and lines."""

    pages: Sequence[PagePlan]
    language: str  # "English"
    line_mm: float  # the height of one line of body text


class DoesNotFit(LeafletError):
    """Some page's text runs past its page."""


def check_fit(document: Document, source: Path, plan: FitPlan | None) -> None:
    """Every planned page must be one A5 page, with nothing running past its edge."""
    if plan is None:
        return
    for page in document.pages:
        width_mm, height_mm = page.width / PX_PER_MM, page.height / PX_PER_MM
        if abs(width_mm - A5_WIDTH_MM) > 0.1 or abs(height_mm - A5_HEIGHT_MM) > 0.1:
            raise LeafletError.at(
                f"pages are {width_mm:.1f} × {height_mm:.1f} mm, not A5 (148 × 210 mm) — "
                "check @page size in the styles",
                source,
            )
    problems: list[Problem] = []
    starts = _page_starts(document)
    for index, page in enumerate(plan.pages):
        first = starts.get(index + 1)
        following = starts.get(index + 2, len(document.pages))
        if first is None:
            continue
        over = _overflow_mm(document.pages[first])
        if following - first > 1:
            # What runs onto extra pages, less the room the first page left unused
            # (the text broke before it to keep a whole line or paragraph together).
            spill = sum(_used_mm(document.pages[i]) for i in range(first + 1, following))
            over += max(plan.line_mm, spill - _unused_mm(document.pages[first]))
        if over > 0.5:
            lines = max(1, round(over / plan.line_mm))
            several = len(page.sections) > 1
            problems.append(
                Problem(
                    f'section "{page.sections[-1]}" is {over:.0f} mm (about {lines} '
                    f"line{'s' if lines > 1 else ''}) too long for page {index + 1} in "
                    f"{plan.language} — shorten the text by about {lines} "
                    f"line{'s' if lines > 1 else ''}"
                    + (f" (on this page: {', '.join(page.sections)})" if several else ""),
                    page.path,
                )
            )
    if problems:
        raise DoesNotFit(problems)
    if len(document.pages) != len(plan.pages):
        raise LeafletError.at(
            f"the leaflet came out with {len(document.pages)} pages instead of the "
            f"{len(plan.pages)} in the page plan",
            source,
        )


def _page_starts(document: Document) -> dict[int, int]:
    """Planned page number → index of the rendered page it starts on."""
    starts: dict[int, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("page-") and anchor[5:].isdigit():
                starts.setdefault(int(anchor[5:]), index)
    return starts


def _content_boxes(page: Any) -> Iterator[Any]:
    """Every laid-out box of ``page`` outside the margin boxes (page numbers)."""

    def walk(box: Any) -> Iterator[Any]:
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    for child in page._page_box.children:  # WeasyPrint 70 internals: the laid-out box tree
        if type(child).__name__ != "MarginBox":
            yield from walk(child)


def _lowest(page: Any) -> float:
    """The bottom of the lowest line, picture or empty box on ``page``.

    Only boxes without children count: a block split across pages is stretched to
    the bottom of the text area on the page it leaves, whatever it holds.
    """
    lowest = 0.0
    for box in _content_boxes(page):
        if getattr(box, "children", None) and type(box).__name__ != "LineBox":
            continue
        if hasattr(box, "position_y") and hasattr(box, "margin_height"):
            bottom = box.position_y + box.margin_height() - (box.margin_bottom or 0)
            lowest = max(lowest, bottom)
    return float(lowest)


def _overflow_mm(page: Any) -> float:
    """How far the lowest box on ``page`` reaches past the bottom of the sheet."""
    limit = page._page_box.margin_height()
    return max(0.0, float(_lowest(page) - limit) / PX_PER_MM)


def _unused_mm(page: Any) -> float:
    """The room left below the lowest line of ``page``'s text area."""
    box = page._page_box
    bottom = box.content_box_y() + box.height
    return max(0.0, float(bottom - _lowest(page)) / PX_PER_MM)


def _used_mm(page: Any) -> float:
    """How much of an overflow page's text area the runaway text takes."""
    top = page._page_box.content_box_y()
    return max(0.0, float(_lowest(page) - top) / PX_PER_MM)
