"""Layout notes: where the pages fall short of what a designer would sign, and what to do.

A page that ends well before its foot, or a big blank gap on a page, is not an error:
the leaflet is built. But the person who wrote it should know, with the page and what
would help ("page 2 ends 30 % early because the questions go whole to page 3: shorten
the text before them by about 4 lines"). ``leaflet build`` prints these notes, the
manifest keeps them with the screen PDF, and ``leaflet status``, ``leaflet check`` and
``leaflet serve`` show them from there.

The rules (styles/leaflet.css and :mod:`leaflet.render.spread` keep them where they
can): no inside page but the last ends more than :data:`BAND` of its text area early;
no inside page has a blank gap of more than :data:`GAP` between two things. What
belongs together stays together first; these give way, and are noted.

Who reads a note decides what it may ask. The source language's writer may write more
or shorten: the note says by how much. A translator may do neither (a translation says
what the source says, no more and no less), and a translation's pages are the source's
page count, sections and pictures set with its own text: so a translation's note says
what happened and that there is nothing to change in the translation, names
``leaflet.yaml`` (where the leaflet's editor changes what all languages share) and
what the editor could change there, if anything.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import content
from ..render.heads import Head
from ..render.spread import PageRoom, measure_page

#: A page (but the last inside page) may end this much of its text area early.
BAND = 0.15
#: A blank gap between two things on a page may be this much of its text area.
GAP = 0.25
#: Shortening the text before a page break by more lines than this is not advice worth
#: giving: the note says to fill the page instead.
FEW_LINES = 8


@dataclass(frozen=True)
class LayoutNote:
    """One note on the layout of an edition: its page, what to do, and where."""

    page: int | None  # counted from 1, as printed (None: the whole leaflet)
    message: str
    path: Path  # the words file (or folder) to change

    def as_dict(self, root: Path) -> dict[str, Any]:
        try:
            where = self.path.relative_to(root).as_posix()
        except ValueError:
            where = self.path.as_posix()
        return {"page": self.page, "message": self.message, "path": where}


def _lines(mm: float, line_mm: float) -> str:
    count = max(1, math.ceil(mm / line_mm - 0.2))
    return f"about {count} line{'s' if count != 1 else ''}"


def _path(edition: content.Edition, section: str | None) -> Path:
    if section and section in edition.sections:
        return edition.settings.words_path(edition.lang, section)
    return edition.settings.folder / edition.lang


@dataclass(frozen=True)
class _Reader:
    """Who acts on an edition's notes: its writer (the source) or nobody but the
    leaflet's editor (a translation)."""

    edition: content.Edition

    @property
    def translation(self) -> bool:
        return not self.edition.is_source

    @property
    def language(self) -> str:
        return content.language_name(self.edition.lang)

    @property
    def source(self) -> str:
        return content.language_name(self.edition.settings.source_language)

    def early(self, page: int, band: float) -> str:
        where = f" in {self.language}" if self.translation else ""
        return f"page {page} ends {band:.0%} early{where}"

    def nothing(self, editor: str = "") -> str:
        """The end of a translation's note: nothing for the translator, and what the
        leaflet's editor could change (``editor``), if anything."""
        said = f"nothing to change in the {self.language} text"
        return f"{said}; the leaflet's editor could {editor}" if editor else said

    def note(self, page: int | None, message: str, section: str | None) -> LayoutNote:
        """The note, at the file the person who can act on it changes."""
        if self.translation:
            return LayoutNote(page, message, self.edition.settings.path)
        return LayoutNote(page, message, _path(self.edition, section))


def flowing(
    edition: content.Edition,
    rooms: Sequence[PageRoom],
    heads: Sequence[Head],
    *,
    line_mm: float,
    section_gap_mm: float,
) -> list[LayoutNote]:
    """The notes on a flowing edition's inside pages, after their room was shared out."""
    notes: list[LayoutNote] = []
    reader = _Reader(edition)
    text_pages = [r for r in rooms if r.kind == "text"]
    last_index = rooms[-1].index if rooms else -1
    by_index = {h.index: h for h in heads}
    for number, room in enumerate(rooms):
        if room.kind != "text" or room.area <= 0:
            continue
        page = room.index + 1
        head = by_index.get(room.index)
        here = head.last if head else None
        following = rooms[number + 1] if number + 1 < len(rooms) else None
        band = room.band / room.area
        if room.index != last_index and band > BAND:
            ahead = by_index.get(following.index) if following else None
            notes.append(
                _early(
                    reader,
                    room,
                    following,
                    ahead,
                    here,
                    line_mm=line_mm,
                    section_gap_mm=section_gap_mm,
                )
            )
        gap = room.gap / room.area
        if gap > GAP:
            last_text = text_pages[-1].index == room.index if text_pages else False
            notes.append(_gap(reader, room, page, gap, here, room.foot and last_text, line_mm))
    return notes


def _early(
    reader: _Reader,
    room: PageRoom,
    following: PageRoom | None,
    ahead: Head | None,
    here: str | None,
    *,
    line_mm: float,
    section_gap_mm: float,
) -> LayoutNote:
    """The note on a page that ends early, by why it does."""
    page = room.index + 1
    early = reader.early(page, room.band / room.area)
    more = _lines(room.band, line_mm)
    translation = reader.translation
    if following is not None and following.kind == "notes":
        if translation:
            return reader.note(
                page,
                f"{early}, before the pages for notes: the {reader.language} text is shorter "
                f"than the {reader.source} on the same pages — {reader.nothing()}",
                here,
            )
        return reader.note(
            page,
            f"{early}, before the pages for notes: the text is short for its pages — write "
            f"{more} more, or shorten it for fewer pages",
            here,
        )
    if ahead is not None and ahead.forced and ahead.section:
        settings = reader.edition.settings
        asked = ahead.section in settings.sections and settings.sections[ahead.section].new_page
        if asked:
            why = (
                f'because section "{ahead.section}" starts a new page (new_page: yes in '
                "leaflet.yaml)"
            )
            fix = (
                reader.nothing("remove new_page: yes")
                if translation
                else f"write {more} more before it, or remove new_page: yes"
            )
            return reader.note(page, f"{early} {why} — {fix}", ahead.section)
        if translation:
            return reader.note(
                page,
                f"{early} because the {reader.language} text is shorter than the "
                f'{reader.source} on the same pages: section "{ahead.section}" starts a new '
                f"page — {reader.nothing()}",
                here,
            )
        return reader.note(
            page,
            f'{early} because the text is short for its pages: section "{ahead.section}" '
            f"starts a new page — write {more} more before it",
            here,
        )
    if ahead is not None and ahead.need > 0 and (ahead.what or ahead.heading):
        what = ahead.what or f'the heading "{ahead.heading}" with its first lines'
        goes = "go" if ahead.plural else "goes"
        also = " with their heading" if ahead.what and ahead.heading else ""
        if ahead.what and ahead.heading and not ahead.plural:
            also = " with its heading"
        whole = f"{early} because {what} {goes} whole to page {page + 1}{also}"
        if translation:
            return reader.note(
                page,
                f"{whole}: it is kept together, taller than the room the "
                f"{reader.language} text leaves on page {page} — {reader.nothing()}",
                here,
            )
        short = ahead.need + (section_gap_mm if ahead.starts else 0.0) - room.free
        them = "them" if ahead.plural or not ahead.what else "it"
        # a section drawn as one piece (a picture with its words, a box) is not made
        # shorter by shortening its few words
        piece = bool(ahead.what and ahead.what.startswith("section "))
        if short <= FEW_LINES * line_mm:
            fix = f"shorten the text before {them} by {_lines(max(short, line_mm), line_mm)}"
            fix += f", or shorten {them}" if ahead.what and not piece else ""
        else:  # far more than a few lines: fill the page instead
            fix = f"write {more} more before {them}"
            fix += f", or shorten {them} to fit the room left" if ahead.what and not piece else ""
        return reader.note(page, f"{whole} — {fix}", here)
    if translation:
        return reader.note(
            page,
            f"{early}: the {reader.language} text before the page break is shorter than the "
            f"{reader.source} — {reader.nothing()}",
            here,
        )
    return reader.note(page, f"{early} — there is room for {more} more on it", here)


def _gap(
    reader: _Reader,
    room: PageRoom,
    page: int,
    gap: float,
    here: str | None,
    above_foot: bool,
    line_mm: float,
) -> LayoutNote:
    """The note on a page with a big blank gap between two things."""
    where = f" in {reader.language}" if reader.translation else ""
    if above_foot:
        said = f"page {page} has {gap:.0%} of its text area blank above the QR section{where}"
        if reader.translation:
            return reader.note(
                page,
                f"{said}: the {reader.language} text is shorter than the {reader.source} — "
                f"{reader.nothing()}",
                here,
            )
        return reader.note(
            page, f"{said}: there is room for {_lines(room.gap, line_mm)} more text", here
        )
    said = f"page {page} has a blank gap of {gap:.0%} of its text area between two things{where}"
    if reader.translation:
        return reader.note(
            page, f"{said} — {reader.nothing('move a section (sections: in leaflet.yaml)')}", here
        )
    return reader.note(page, f"{said} — add text there, or move a section", here)


#: Fewer pages are suggested when the text misses them by this many lines or fewer.
SUGGEST_FEWER_LINES = 30


def page_count(
    edition: content.Edition,
    missed: tuple[int, int] | None,
    total: int,
    pages: Sequence[LayoutNote] = (),
) -> list[LayoutNote]:
    """A note when the text just missed a smaller page count (the source language).

    ``pages`` are the notes on its pages at the larger count: they ask for more text
    where this one asks for less, so it says they are the other way, and which."""
    if missed is None or missed[1] > SUGGEST_FEWER_LINES or not edition.is_source:
        return []
    smaller, lines = missed
    floor = edition.settings.shrink_floor
    size = f" (even with the text at {floor:.0%} of its size)" if floor < 1 else ""
    message = (
        f"the text is about {lines} line{'s' if lines != 1 else ''} too long for "
        f"{smaller} pages{size}, so the leaflet has {total} — shorten it by about {lines} "
        f"line{'s' if lines != 1 else ''} to make it a {smaller}-page leaflet"
    )
    numbers = sorted({note.page for note in pages if note.page is not None})
    if numbers:
        listed = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "")
        which = f"page {numbers[0]}" if len(numbers) == 1 else f"pages {listed}{numbers[-1]}"
        message += f"; or, to keep {total} pages, fill them as the notes on {which} say"
    return [LayoutNote(None, message, edition.settings.folder / edition.lang)]


def planned(edition: content.Edition, document: Any, *, line_mm: float) -> list[LayoutNote]:
    """The notes on a leaflet with a hand-made page plan (pages: in leaflet.yaml): it keeps
    its pages; a page that ends early says how much more would fit."""
    notes: list[LayoutNote] = []
    plan = edition.settings.pages
    kinds = {sid: s.kind for sid, s in edition.settings.sections.items()}
    last_inside = max(
        (n for n, page in enumerate(plan) if not {kinds[s] for s in page} & {"cover", "back"}),
        default=-1,
    )
    for number, page in enumerate(plan):
        if number >= len(document.pages) or number == last_inside:
            continue
        if {kinds[s] for s in page} & {"cover", "back", "note"}:
            continue  # designed pages of their own
        room = measure_page(document.pages[number], number)
        note = planned_page(_Reader(edition), room, page[-1], line_mm=line_mm)
        if note is not None:
            notes.append(note)
    return notes


def planned_page(
    reader: _Reader, room: PageRoom, last: str, *, line_mm: float
) -> LayoutNote | None:
    """The note on one page of a hand-made page plan (``last``: its last section)."""
    band = room.band / room.area if room.area else 0.0
    if band <= BAND:
        return None
    page = room.index + 1
    early = reader.early(page, band)
    if reader.translation:
        fix = reader.nothing("move a section onto it (pages: in leaflet.yaml)")
        message = f"{early}: its sections are placed by hand (pages: in leaflet.yaml) — {fix}"
    else:
        message = (
            f"{early}: it has room for {_lines(room.band, line_mm)} more — move text onto it "
            "from the next page (pages: in leaflet.yaml), or write more"
        )
    return reader.note(page, message, last)
