"""What cannot fit, found from the words alone, before any page is laid out.

Laying pages out takes WeasyPrint about a second for a normal leaflet and minutes for
a words file with thousands of items — minutes spent only to say that it does not fit.
This counts, for each section, the fewest lines its text can take: every paragraph,
list item, step, table row, heading and caption is at least one line, and a long one
at least as many lines as its letters fill at the most letters a line can hold. That
is compared with the lines its pages can hold at the smallest size the text may be set
(the leaflet's ``shrink_to_fit`` floor):

* a hand-made page plan: each page against the sections placed on it;
* pages that flow: the inside pages (``pages: 8``, else the most a leaflet may have,
  :data:`~leaflet.project.MAX_PAGES`) against all of them.

Against a page plan or a page count, only a text that needs more than twice the lines
its pages hold is refused here (:data:`CERTAIN`): the layout says exactly how far a
text runs over, and is quick for a text of about the right length. Against the most
pages a leaflet may have, any excess is refused: laying out more than 64 pages is never
quick. It never refuses a text that would fit: the count leaves out the space between
blocks, pictures and the room headings take above the body size; the letters a line
holds are counted narrower than any real text sets (:data:`CHAR_EM`); the page's text
area and type size are read from the shared stylesheet, and a leaflet that has its own
stylesheet (which may set smaller type) is measured at the smallest text leaflet prints
at all (:data:`~leaflet.project.MIN_TEXT_PT`). What passes here is laid out and measured
exactly, as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, plural
from ..project import A5_HEIGHT_MM, A5_WIDTH_MM, MAX_PAGES, MIN_TEXT_PT, MM_PER_PT
from .blocks import answer_blocks, box_parts, kind_of
from .languages import language_name
from .model import Edition, texts_in

#: The average width of a letter, in em, counted narrow: Noto Sans sets Danish, English
#: or Ukrainian text at about 0.5 em a letter, space included; a line holds no more
#: letters than this width allows.
CHAR_EM = 0.42
#: The house style, as ``styles/leaflet.css`` sets it, for when it cannot be read.
_DEFAULTS = {
    "--size-body": 11.0,
    "--leading": 1.5,
    "--margin-top": 18.0,
    "--margin-side": 16.0,
    "--margin-bottom": 20.0,
}
_PROPERTY = re.compile(
    r"(--size-body|--leading|--margin-top|--margin-side|--margin-bottom)\s*:\s*"
    r"(?:calc\(\s*)?(\d+(?:\.\d+)?)\s*(pt|mm)?"
)
#: How many times what its pages hold a text must need to be refused from the words alone.
CERTAIN = 2.0
#: How much narrower the text of a list item, a box or an answer is (its indent), in mm.
INDENT_MM = 6.0


@dataclass(frozen=True)
class Page:
    """The text area of an inside page, and how big the smallest body text is on it."""

    width_mm: float
    height_mm: float
    body_pt: float
    leading: float

    @property
    def line_mm(self) -> float:
        return self.body_pt * self.leading * MM_PER_PT

    @property
    def lines(self) -> float:
        """The most lines of body text the page holds."""
        return self.height_mm / self.line_mm

    def letters(self, indent_mm: float = 0.0) -> float:
        """The most letters a line holds, ``indent_mm`` narrower than the page."""
        return max(1.0, (self.width_mm - indent_mm) / (self.body_pt * CHAR_EM * MM_PER_PT))


def page_of(stylesheet: Path, own_style: bool, floor: float) -> Page:
    """The text area and smallest body text of a leaflet, from its shared stylesheet.

    ``floor`` is how far the text may shrink; a leaflet with its own stylesheet is
    measured at the smallest text leaflet prints (it may set smaller type than the
    house style), with no margins.
    """
    values = dict(_DEFAULTS)
    try:
        text = stylesheet.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    for name, number, _unit in _PROPERTY.findall(text):
        values.setdefault(name, float(number))
        values[name] = float(number)
    if own_style:
        return Page(A5_WIDTH_MM, A5_HEIGHT_MM, MIN_TEXT_PT, 1.0)
    return Page(
        width_mm=A5_WIDTH_MM - 2 * values["--margin-side"],
        height_mm=A5_HEIGHT_MM - values["--margin-top"] - values["--margin-bottom"],
        body_pt=values["--size-body"] * floor,
        leading=values["--leading"],
    )


@dataclass(frozen=True)
class Longest:
    """The block of a section that takes the most lines."""

    lines: int
    what: str
    line: int | None


def _text_lines(text: Any, page: Page, indent: float = 0.0) -> int:
    return max(1, math.ceil(len(" ".join(str(text).split())) / page.letters(indent)))


def _blocks(blocks: Any, page: Page, indent: float) -> Iterator[tuple[int, str, Any]]:
    """(lines, what it is, the value) of each block of a body, at least."""
    for block in blocks if isinstance(blocks, list | tuple) else ():
        kind = kind_of(block)
        if kind == "paragraph":
            yield _text_lines(block, page, indent), "a paragraph", block
            continue
        value = block[kind] if isinstance(block, Mapping) else None
        if kind in ("list", "steps"):
            items = list(value or ())
            lines = sum(_text_lines(item, page, indent + INDENT_MM) for item in items)
            what = (
                f"a {'list' if kind == 'list' else 'list of steps'} of {plural(len(items), 'item')}"
            )
            yield lines, what, value
        elif kind == "table" and isinstance(value, Mapping):
            rows = [r for r in [value.get("header"), *value.get("rows", ())] if r]
            columns = max((len(r) for r in rows), default=1)
            width = page.width_mm - indent
            lines = sum(
                max((_text_lines(c, page, width - width / columns) for c in row), default=1)
                for row in rows
            )
            yield lines, f"a table of {plural(len(rows), 'row')}", value
        elif kind in ("warning", "note"):
            heading, inner = box_parts(value)
            lines = (1 if heading else 0) + sum(
                n for n, _, _ in _blocks(inner, page, indent + INDENT_MM)
            )
            yield lines, f"a {kind} box", value
        elif kind == "questions":
            lines = 0
            for item in value or ():
                if isinstance(item, Mapping):
                    lines += _text_lines(item.get("question", ""), page, indent)
                    answer = answer_blocks(item.get("answer", ""))
                    lines += sum(n for n, _, _ in _blocks(answer, page, indent))
            yield lines, f"{plural(len(value or ()), 'question')} and answers", value
        elif kind == "key_figure" and isinstance(value, Mapping):
            yield 1 + _text_lines(value.get("text", ""), page, indent), "a key figure", value
        elif kind == "picture" and isinstance(value, Mapping) and "caption" in value:
            yield _text_lines(value["caption"], page, indent), "a picture's caption", value


def _line_of(value: Any) -> int | None:
    """The line of the first text in ``value`` (lists lose their own line when loaded)."""
    found = texts_in(value)
    return found[0].line if found else None


def longest_section(edition: Edition, stylesheet: Path) -> tuple[str, int] | None:
    """The section of ``edition`` whose words take the most lines, and how many at least."""
    settings = edition.settings
    page = page_of(stylesheet, settings.style is not None, settings.shrink_floor)
    counted = [
        (section_lines(section.words, page)[0], sid)
        for sid, section in edition.sections.items()
        if section.kind not in ("cover", "back")
    ]
    if not counted:
        return None
    lines, sid = max(counted)
    return sid, lines


def section_lines(words: Mapping[str, Any], page: Page) -> tuple[int, Longest | None]:
    """The fewest lines a section's words take, and its longest block."""
    lines = _text_lines(words["heading"], page) if "heading" in words else 0
    longest: Longest | None = None
    for count, what, value in _blocks(words.get("body", ()), page, 0.0):
        lines += count
        if longest is None or count > longest.lines:
            longest = Longest(count, what, _line_of(value))
    if isinstance(themes := words.get("themes"), Mapping):
        lines += math.ceil(len(themes) / 4)
    return lines, longest


def does_not_fit(
    edition: Edition, stylesheet: Path, source_pages: int | None = None
) -> list[Problem]:
    """The sections of ``edition`` that cannot fit their pages, found from their words.

    ``source_pages``: the page count the source language chose, which a translation of
    a leaflet whose pages flow is held to (None: not known; then the most pages a
    leaflet can have). Empty when nothing is known not to fit (then only laying the
    pages out can tell).
    """
    settings = edition.settings
    page = page_of(stylesheet, settings.style is not None, settings.shrink_floor)
    language = language_name(edition.lang)
    measured = {
        sid: section_lines(section.words, page)
        for sid, section in edition.sections.items()
        if section.kind not in ("cover", "back")
    }
    if not measured:
        return []
    capacity = int(page.lines)
    if not settings.flows:
        return [
            problem
            for number, ids in enumerate(settings.pages, start=1)
            if (
                problem := _over(
                    [s for s in ids if s in measured],
                    capacity,
                    edition,
                    page,
                    measured,
                    f"page {number} of the page plan holds",
                    language,
                )
            )
            is not None
        ]
    kinds = [s.kind for s in settings.sections.values()]
    total = settings.page_count or source_pages or MAX_PAGES
    inside = total - ("cover" in kinds) - ("back" in kinds)
    if settings.page_count:
        against = f"the {total} pages set in leaflet.yaml (pages: {total}) hold"
    elif source_pages and not edition.is_source:
        source = language_name(settings.source_language)
        against = f"the {total} pages of the {source} leaflet hold"
    else:
        against = f"the {MAX_PAGES} pages a leaflet can have hold"
    certain = CERTAIN if total < MAX_PAGES else 1.0  # 64 pages are never laid out quickly
    found = _over(
        list(measured), capacity * inside, edition, page, measured, against, language, certain
    )
    return [found] if found is not None else []


def _over(
    ids: list[str],
    capacity: int,
    edition: Edition,
    page: Page,
    measured: Mapping[str, tuple[int, Longest | None]],
    against: str,
    language: str,
    certain: float = CERTAIN,
) -> Problem | None:
    """The problem when the sections ``ids`` need more than ``certain`` × ``capacity``.

    A text up to :data:`CERTAIN` times what its pages hold is left to the layout, which
    is quick for it and says exactly by how many millimetres and lines each page runs
    over; beyond that, the layout would only take long to say the same.
    """
    need = sum(measured[s][0] for s in ids)
    if need <= capacity * certain:
        return None
    biggest = max(ids, key=lambda s: measured[s][0])
    lines, longest = measured[biggest]
    where = ""
    if longest is not None:
        at = f" at line {longest.line}" if longest.line else ""
        where = f": {longest.what}{at}"
    return Problem(
        f"the {language} text is far too long: it needs at least {need:,} lines, but "
        f"{against} at most about {capacity:,}, even at the smallest size the text may be "
        "set — shorten it by "
        f'at least {need - capacity:,} lines; most are in the section "{biggest}" (at least '
        f"{lines:,}){where} (found from the words, before any page was laid out)",
        edition.settings.words_path(edition.lang, biggest),
    )
