"""How a designer would judge the printed pages, read from the print PDF alone.

For each inside page, from a raster of the page (pypdfium2) inside its text area: the
blank band at the foot, and the largest blank gap between two things. From the text
(pypdfium2's characters and their boxes): on which page each heading, question,
answer, list item and paragraph of a leaflet stands, so that a test can say whether a
question went to another page than its answer, whether a heading is the last line of
a page, whether a list item or a single line of a paragraph stands alone.

Nothing here uses leaflet's own code: it reads the PDF as a print shop would.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
from corpus import Known

MM = 72 / 25.4
#: The text area of an inside page, in mm from the trim: top, sides, bottom margins.
TOP, SIDE, BOTTOM = 18.0, 16.0, 20.0
PAGE_W, PAGE_H = 148.0, 210.0
AREA = PAGE_H - TOP - BOTTOM
#: The most room between the last line of an answer and the next question: their space
#: (3 mm, and the room above and below the letters in their lines, about 5.5 mm in all)
#: and at most the 2.5 mm more a gap between questions is given when room is shared out.
QUESTIONS_APART_MM = 10.0
#: A raster row with a pixel darker than this (of 255) holds something.
INK = 244
DPI = 60


def _normal(text: str) -> str:
    """Text as compared here: compatibility forms folded (Arabic presentation forms), no
    spaces, no hyphens (a hyphenated word at a line's end), no line breaks; and no lam or
    alef (pdfium reads the lam-alef ligature of Arabic back as alef-lam)."""
    text = unicodedata.normalize("NFKC", text).replace("ى", "ي")
    return _IGNORED.sub("", text)


#: What :func:`_normal` leaves out: spaces, hyphens, marks of direction, parentheses (they
#: turn round in right-to-left text), lam and alef.
_IGNORED = re.compile(
    r"[\s\-\u00ad\u2010\u2011\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufffe\x02()لاأإآ]"
)


#: The heading of a page for the reader's notes, as compared.
NOTES_LABELS = frozenset(_normal(label) for label in ("Noter", "Notes", "ملاحظات"))


@dataclass
class Line:
    top: float  # mm from the top of the trim
    bottom: float
    text: str


@dataclass
class Page:
    number: int  # counted from 1
    band: float = 0.0  # share of the text area blank at its foot
    gap: float = 0.0  # share of the text area: the largest blank gap between two things
    lines: list[Line] = field(default_factory=list)  # text lines in the text area
    text: str = ""  # normalised, in reading order
    starts: list[int] = field(default_factory=list)  # index in ``text`` where each line starts


@dataclass
class Judged:
    pages: list[Page]  # the inside pages
    problems: list[str]


def _raster(page: pdfium.PdfPage, trim: tuple[float, float, float, float]) -> tuple[float, float]:
    """(blank band at the foot, largest gap) of the text area, as shares of its height."""
    left, _, _, top = trim
    image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    width, height = image.size
    px = DPI / 25.4
    page_top_px = (page.get_height() - top) * DPI / 72
    x0 = int((left / MM + SIDE) * px)
    x1 = int((left / MM + PAGE_W - SIDE) * px)
    y0 = int(page_top_px + TOP * px)
    y1 = int(page_top_px + (PAGE_H - BOTTOM) * px)
    pixels = image.load()
    rows = [
        any(pixels[x, y] < INK for x in range(max(0, x0), min(width, x1)))
        for y in range(max(0, y0), min(height, y1))
    ]
    inked = [n for n, ink in enumerate(rows) if ink]
    if not inked:
        return 1.0, 0.0
    band = (len(rows) - 1 - inked[-1]) / len(rows)
    gap = 0
    run = 0
    for ink in rows[inked[0] : inked[-1] + 1]:
        run = 0 if ink else run + 1
        gap = max(gap, run)
    return band, gap / len(rows)


def _lines(page: pdfium.PdfPage, trim: tuple[float, float, float, float]) -> list[Line]:
    """The lines of text inside the text area, top to bottom."""
    left, _, _, top = trim
    textpage = page.get_textpage()
    try:
        lines: list[Line] = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            x0, y0, _, y1 = textpage.get_charbox(index)
            y_top, y_bottom = (top - y1) / MM, (top - y0) / MM
            x = (x0 - left) / MM
            if y_bottom < TOP - 1 or y_top > PAGE_H - BOTTOM + 1 or not SIDE - 2 < x < PAGE_W:
                continue
            middle = (y_top + y_bottom) / 2
            for line in lines:
                if line.top - 0.5 <= middle <= line.bottom + 0.5:
                    line.text += char
                    line.top, line.bottom = min(line.top, y_top), max(line.bottom, y_bottom)
                    break
            else:
                lines.append(Line(y_top, y_bottom, char))
        lines.sort(key=lambda line: line.top)
        return lines
    finally:
        textpage.close()


def read(pdf: Path) -> list[Page]:
    """Every page of a print PDF (with bleed and marks: its TrimBox is the page)."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = []
        for number, page in enumerate(document, start=1):
            trim = page.get_trimbox()
            band, gap = _raster(page, trim)
            found = Page(number, band, gap, _lines(page, trim))
            for line in found.lines:
                found.starts.append(len(found.text))
                found.text += _normal(line.text)
            pages.append(found)
        return pages
    finally:
        document.close()


def _joined(pages: list[Page]) -> tuple[str, list[tuple[int, int, int]]]:
    """All pages' text in one, with (offset, page index, line index) of each line."""
    text, where = "", []
    for index, page in enumerate(pages):
        for line, start in enumerate(page.starts):
            where.append((len(text) + start, index, line))
        text += page.text
    return text, where


def _find(pages: list[Page], needle: str, first: bool = True) -> tuple[int, int] | None:
    """(page index, line index) of the start (or the end) of ``needle`` on the pages."""
    text, where = _joined(pages)
    probe = _normal(needle)
    at = text.find(probe)
    if at < 0:
        return None
    spot = at if first else at + len(probe) - 1
    _, page, line = max(w for w in where if w[0] <= spot)
    return page, line


def judge(pdf: Path, known: Known, band: float = 0.15, gap: float = 0.25) -> Judged:
    """The inside pages of ``pdf`` and what a designer would not sign on them."""
    pages = read(pdf)[1:-1]
    problems: list[str] = []
    for n, page in enumerate(pages):
        last = n == len(pages) - 1
        if page.lines and _normal(page.lines[0].text) in NOTES_LABELS:
            continue  # a page for notes: its lines are drawn in a light tint, on purpose
        if not last and page.band > band:
            problems.append(f"page {page.number}: blank band at the foot {page.band:.0%}")
        if page.gap > gap:
            problems.append(f"page {page.number}: blank gap {page.gap:.0%}")
    for question, answer in known.questions:
        q, a = _find(pages, question), _find(pages, answer)
        end = _find(pages, answer, first=False)
        if q is None or a is None or end is None:
            problems.append(f"not found: {question if q is None else answer}")
        elif q[0] != a[0]:
            problems.append(f"question on page {pages[q[0]].number}, its answer on the next")
        elif a[0] != end[0]:
            problems.append(f"question on page {pages[q[0]].number}, its answer parted")
    for (_, answer), (question, _) in zip(known.questions, known.questions[1:], strict=False):
        # room shared out stays within its cap: two questions one after the other are
        # never set so far apart that the page looks sparse
        end, start = _find(pages, answer, first=False), _find(pages, question)
        if end is None or start is None or end[0] != start[0] or start[1] != end[1] + 1:
            continue
        page = pages[end[0]]
        apart = page.lines[start[1]].top - page.lines[end[1]].bottom
        if apart > QUESTIONS_APART_MM:
            problems.append(f"questions {apart:.0f} mm apart on page {page.number}")
    for heading, after in known.headings:
        h = _find(pages, heading, first=False)
        if h is None:
            problems.append(f"heading not found: {heading}")
            continue
        if h[1] == len(pages[h[0]].lines) - 1:
            problems.append(f"heading last on page {pages[h[0]].number}: {heading}")
        following = _find(pages, after) if after else None
        if following is not None and following[0] != h[0]:
            problems.append(f"heading on page {pages[h[0]].number}, its text on the next")
    for items in known.lists:
        where = [_find(pages, item) for item in items]
        if None in where:
            problems.append(f"list item not found in {items}")
            continue
        on = [w[0] for w in where if w is not None]
        counts = {p: on.count(p) for p in set(on)}
        if len(counts) > 1 and (len(items) <= 6 or min(counts.values()) == 1):
            problems.append(f"list parted on pages {sorted(counts)}: {counts}")
    for paragraph in known.paragraphs:
        start, end = _find(pages, paragraph), _find(pages, paragraph, first=False)
        if start is None or end is None or start[0] == end[0]:
            continue
        at_foot = len(pages[start[0]].lines) - start[1]
        at_head = end[1] + 1
        if at_foot < 2 or at_head < 2:
            problems.append(
                f"a paragraph leaves {min(at_foot, at_head)} line alone on page "
                f"{pages[start[0] if at_foot < 2 else end[0]].number}"
            )
    return Judged(pages, problems)
