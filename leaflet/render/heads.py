"""What starts each inside page of a flowing leaflet, and what ends it: for the notes.

When a page ends early, the reason is at the top of the next page: a section that
starts a new page, a heading kept with the first lines of its text, or a group that
goes to the next page whole (questions, a table, a picture, a box, a short list).
:func:`heads` reads that from WeasyPrint 70's laid-out box tree, with how much of it
had to go whole (so a note can say how many lines to cut to bring it back).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .measure import PX_PER_MM
from .spread import DESIGNED, bottom_of, classes, flow_root, in_flow, tag, top_of

#: What a block is called in a note, by its class (templates/blocks/): (name, plural).
KINDS = {
    "questions": ("the questions", True),
    "question": ("the question", False),
    "table": ("the table", False),
    "picture": ("the picture", False),
    "box": ("the box", False),
    "key-figure": ("the key figure", False),
    "checklist": ("the checklist", False),
    "contact": ("the contact details", True),
    "list": ("the list", False),
    "steps": ("the steps", True),
    "themes": ("the themes", True),
}
_AVOID = ("avoid", "avoid-page")


@dataclass(frozen=True)
class Head:
    """The first thing on an inside page, and the last section on it."""

    index: int  # the page's index in the document
    section: str | None  # the id of the section it belongs to
    starts: bool  # that section starts at the top of this page
    forced: bool  # …because it starts a new page (new_page, or the planner's choice)
    what: str | None  # "the questions", "the table" … (None: text, a heading)
    plural: bool
    heading: str | None  # the heading it is kept with, if one leads it
    need: float  # mm: how tall what went whole to this page is (with its heading)
    last: str | None  # the id of the last section on the page


def _text(box: Any) -> str:
    if type(box).__name__ == "TextBox":
        return str(box.text)
    children = getattr(box, "children", None) or ()
    # the lines of a heading set on two lines are words apart
    apart = " " if any(type(c).__name__ == "LineBox" for c in children) else ""
    return apart.join(_text(c) for c in children)


def _kind(box: Any) -> tuple[str, bool] | None:
    for name in classes(box):
        if name in KINDS:
            return KINDS[name]
    return None


def inner_classes(flowing: Any) -> frozenset[str]:
    """The classes of the section element inside a ``flowing`` wrapper."""
    kids = _kids(flowing)
    return classes(kids[0]) if kids else frozenset()


def _kids(box: Any) -> list[Any]:
    return [c for c in getattr(box, "children", None) or () if in_flow(c)]


def _with_next(blocks: list[Any], at: int) -> float:
    """px: the bottom of what must stay with the block ``at`` (a heading, a paragraph
    leading into a list): the next block whole if it is kept whole, else two lines."""
    if at + 1 >= len(blocks):
        return bottom_of(blocks[at])
    following = blocks[at + 1]
    if following.style["break_inside"] in _AVOID or not _kids(following):
        return bottom_of(following)
    lines = [b for b in _walk_lines(following)]
    return bottom_of(lines[min(1, len(lines) - 1)]) if lines else bottom_of(following)


def _walk_lines(box: Any) -> list[Any]:
    found = []
    for child in getattr(box, "children", None) or ():
        if type(child).__name__ == "LineBox":
            found.append(child)
        elif in_flow(child):
            found += _walk_lines(child)
    return found


def heads(document: Any, inside: range) -> list[Head]:
    """What starts (and ends) each inside page of ``document`` (indexes ``inside``)."""
    found: list[Head] = []
    seen: set[str] = set()
    for index in inside:
        flow = flow_root(document.pages[index])
        sections = [c for c in _kids(flow) if "flowing" in classes(c)] if flow else []
        if not sections:
            found.append(Head(index, None, False, False, None, False, None, 0.0, None))
            continue
        first = sections[0]
        sid = (first.element.get("id") or "").removeprefix("flow-")
        designed = bool(inner_classes(first) & DESIGNED)
        last = (sections[-1].element.get("id") or "").removeprefix("flow-")
        starts = sid not in seen
        inner = _kids(first)
        blocks = [b for b in _kids(inner[0]) if bottom_of(b) > top_of(b)] if inner else []
        what: tuple[str, bool] | None = None
        heading = None
        need = 0.0
        if blocks:
            lead = 0
            if tag(blocks[0]) in ("h2", "h3") or blocks[0].style["break_after"] in _AVOID:
                heading = " ".join(_text(blocks[0]).split()) or None
                lead = 1
            target = blocks[min(lead, len(blocks) - 1)]
            what = _kind(target)
            whole = target.style["break_inside"] in _AVOID or what is not None
            if lead or whole:
                end = _with_next(blocks, 0) if lead else bottom_of(target)
                if lead and whole:
                    end = bottom_of(target)
                need = (end - top_of(blocks[0])) / PX_PER_MM
        forced = starts and "flowing--new-page" in classes(first)
        if starts and designed and not forced:
            # a section that is one piece (a note with its picture, a warning box …)
            what = (f'section "{sid}"', False)
            heading = None
            need = sum(bottom_of(b) - top_of(b) for b in blocks[:1]) / PX_PER_MM
            if inner:
                need = (bottom_of(inner[0]) - top_of(inner[0])) / PX_PER_MM
        found.append(
            Head(
                index,
                sid,
                starts,
                forced,
                what[0] if what else None,
                what[1] if what else False,
                heading,
                need,
                last,
            )
        )
        seen.update((c.element.get("id") or "").removeprefix("flow-") for c in sections)
    return found
