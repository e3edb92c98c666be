"""The office variant: the leaflet's A5 pages imposed two-up on A4 landscape sheets.

``impose(pdf)`` takes a PDF of single A5 pages (a multiple of 4 of them) and returns a
new PDF of A4 landscape sheet sides (297 × 210 mm) for a duplex office printer. Each side
carries two A5 pages at 100 % scale, side by side; the stack of printed sheets, folded
once in the middle and nested, reads as the leaflet (a saddle-stitched booklet).

Order of the pages
------------------
With N pages (numbered from 1) there are N/4 sheets; sheet ``s`` (from 0, the outermost
sheet first) carries, for a leaflet read left to right::

    front:  left = N − 2s      right = 1 + 2s
    back:   left = 2 + 2s      right = N − 1 − 2s

so 4 pages give the sides [4, 1], [2, 3] and 8 pages [8, 1], [2, 7], [6, 3], [4, 5].
A right-to-left leaflet (Arabic, Farsi, Urdu) binds on the other side: left and right are
swapped on every side, so 8 pages give [1, 8], [7, 2], [3, 6], [5, 4].

The output pages are the sheet sides in print order: sheet 1 front, sheet 1 back, sheet 2
front, sheet 2 back, … Print the file **duplex, "flip on short edge"** (sometimes called
"short-edge binding" or "flip up"): a landscape sheet is turned over about its short
(vertical) edge, like a book's page, so that each back lands behind its front the right
way up. "Flip on long edge" would print every back upside down. Print at 100 % ("actual
size"), not "fit to page"; the file asks PDF viewers for both settings
(``/ViewerPreferences`` ``/Duplex /DuplexFlipShortEdge`` and ``/PrintScaling /None``),
but not every print dialog listens. Then fold the stack once in the middle, keeping the
sheets in the order they came out of the printer, the first sheet outermost.

Two A5 pages are 296 mm wide and an A4 sheet 297 mm, so the pair is centred with 0.5 mm
to spare at each short edge: the fold is then the middle of the sheet (148.5 mm from the
left edge) on both sides, and a back registers with its front after a short-edge flip.

What is placed, and what is not
-------------------------------
Each page is placed as a Form XObject clipped to its TrimBox (else its CropBox, else its
MediaBox), so bleed and anything else outside the trim is cut away. The page's origin may
be anywhere (WeasyPrint puts it at the trim corner, with a negative MediaBox origin when
there is bleed). Link and other annotations are dropped; so are output intents. A short
fold mark (0.5 pt, 35 % black in DeviceCMYK, 5 mm long) is drawn at the fold from the top
and from the bottom edge of every side. The result depends only on the input bytes: the
same input gives a byte-identical file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pikepdf

from ..errors import plural
from ..project import A5_HEIGHT_MM, A5_WIDTH_MM, PT_PER_MM
from .printfile import save

__all__ = ["impose", "sheet_order"]

A5_WIDTH_PT = A5_WIDTH_MM * PT_PER_MM
A5_HEIGHT_PT = A5_HEIGHT_MM * PT_PER_MM
SHEET_WIDTH_PT = 297 * PT_PER_MM
SHEET_HEIGHT_PT = 210 * PT_PER_MM
#: The sheet's MediaBox as written: [0 0 841.89 595.276].
SHEET_MEDIABOX = (Decimal(0), Decimal(0), Decimal("841.89"), Decimal("595.276"))
#: How far a page's trim may be from A5 and still be placed (the preflight's tolerance).
SIZE_TOLERANCE_PT = 0.1 * PT_PER_MM
#: Where the left page starts: the pair of pages (296 mm) centred on the sheet (297 mm).
LEFT_PAGE_X_PT = (SHEET_WIDTH_PT - 2 * A5_WIDTH_PT) / 2
#: The fold: between the two pages, the middle of the sheet.
FOLD_X_PT = LEFT_PAGE_X_PT + A5_WIDTH_PT
FOLD_MARK_LENGTH_PT = 5 * PT_PER_MM
FOLD_MARK_WIDTH_PT = 0.5
#: 35 % black, stroking colour, DeviceCMYK.
FOLD_MARK_COLOUR = "0 0 0 0.35 K"
DIRECTIONS = ("ltr", "rtl")
_INFO_KEYS = ("/Author", "/Subject", "/Keywords", "/Creator", "/Producer")
_DATE_KEYS = ("/CreationDate", "/ModDate")


def sheet_order(pages: int, direction: str = "ltr") -> list[tuple[int, int]]:
    """The (left, right) page numbers, 1-based, of each sheet side in print order.

    ``sheet_order(8)`` is ``[(8, 1), (2, 7), (6, 3), (4, 5)]``: sheet 1 front, sheet 1
    back, sheet 2 front, sheet 2 back. For ``direction="rtl"`` each pair is swapped.
    """
    _check_direction(direction)
    _check_count(pages)
    sides: list[tuple[int, int]] = []
    for s in range(pages // 4):
        sides.append((pages - 2 * s, 1 + 2 * s))  # front
        sides.append((2 + 2 * s, pages - 1 - 2 * s))  # back
    if direction == "rtl":
        sides = [(right, left) for left, right in sides]
    return sides


def impose(pdf: bytes, *, direction: str = "ltr", title: str | None = None) -> bytes:
    """Impose the A5 pages of ``pdf`` two-up on A4 landscape sheet sides, in print order.

    ``direction`` is ``"ltr"`` or ``"rtl"`` (the leaflet binds on the right: Arabic, Farsi,
    Urdu). ``title`` becomes the document title; without it the source's title is kept.
    Print the result duplex, flipped on the short edge, at 100 %; see the module docstring.

    Raises :class:`ValueError` when the direction is unknown, the file cannot be read as a
    PDF, its page count is not a multiple of 4, or a page is not A5.
    """
    _check_direction(direction)
    try:
        source = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as error:
        raise ValueError(f"the leaflet PDF could not be read ({error})") from error
    with source:
        order = sheet_order(len(source.pages), direction)
        trims = [_placed_box(page, number) for number, page in enumerate(source.pages, 1)]
        with pikepdf.new() as out:
            forms = [_form(out, page, trim) for page, trim in zip(source.pages, trims, strict=True)]
            for left, right in order:
                _add_side(
                    out, [(forms[left - 1], trims[left - 1]), (forms[right - 1], trims[right - 1])]
                )
            _copy_metadata(source, out, title)
            # /Duplex in the viewer preferences is a PDF 1.7 key
            return save(out, object_streams=True, min_version=max(str(source.pdf_version), "1.7"))


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(
            f'unknown direction "{direction}" — use "ltr" (left to right) '
            'or "rtl" (right to left: Arabic, Farsi, Urdu)'
        )


def _check_count(pages: int) -> None:
    if pages == 0:
        raise ValueError("the leaflet PDF has no pages")
    if pages % 4:
        raise ValueError(
            f"the leaflet has {plural(pages, 'page')} — a folded leaflet needs a multiple of 4 "
            "(4, 8, 12 …); add or remove pages"
        )


def _inherited(page: pikepdf.Page, key: str) -> Any:
    """``key`` of the page, or of the nearest page-tree node above it that has it."""
    node: Any = page.obj
    for _ in range(64):  # a page tree deeper than this is damaged (or a loop)
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _placed_box(page: pikepdf.Page, number: int) -> tuple[float, float, float, float]:
    """The part of ``page`` that is placed: its TrimBox, else CropBox, else MediaBox.

    Boxes may be inherited from the page tree. The page must not be rotated and the box
    must be A5 portrait. Returned as (left, bottom, right, top).
    """
    rotate = int(_inherited(page, "/Rotate") or 0) % 360
    if rotate:
        raise ValueError(
            f"page {number} is rotated by {rotate}° — the leaflet's pages must be upright A5"
        )
    value: Any = page.trimbox  # pikepdf falls back to the CropBox, then the MediaBox
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        raise ValueError(f"page {number} has no usable page size (MediaBox)")
    x0, y0, x1, y1 = (float(v) for v in value)
    box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    width, height = box[2] - box[0], box[3] - box[1]
    if (
        abs(width - A5_WIDTH_PT) > SIZE_TOLERANCE_PT
        or abs(height - A5_HEIGHT_PT) > SIZE_TOLERANCE_PT
    ):
        raise ValueError(
            f"page {number} is {width / PT_PER_MM:.1f} × {height / PT_PER_MM:.1f} mm, "
            "not A5 (148 × 210 mm) — only A5 pages can be imposed two-up on A4"
        )
    return box


def _form(
    out: pikepdf.Pdf, page: pikepdf.Page, box: tuple[float, float, float, float]
) -> pikepdf.Object:
    """``page`` as a Form XObject of ``out`` whose BBox (its clip) is ``box``."""
    form = page.as_form_xobject(handle_transformations=False)
    form.BBox = pikepdf.Array([_dec(v) for v in box])
    for key in ("/Matrix", "/Metadata", "/PieceInfo", "/StructParents", "/OC"):
        if key in form:
            del form[key]
    return out.copy_foreign(form)


def _add_side(
    out: pikepdf.Pdf,
    placements: Sequence[tuple[pikepdf.Object, tuple[float, float, float, float]]],
) -> None:
    """Add one sheet side with the forms side by side, then the fold marks."""
    xobjects = pikepdf.Dictionary()
    ops: list[str] = []
    for index, (form, box) in enumerate(placements):
        name = f"/Page{index + 1}"
        xobjects[name] = form
        x = LEFT_PAGE_X_PT + index * A5_WIDTH_PT
        # Clip to the trim rectangle on the sheet (the form's BBox clips too), then move
        # the trim's lower-left corner to (x, 0).
        ops += [
            "q",
            f"{_num(x)} 0 {_num(A5_WIDTH_PT)} {_num(A5_HEIGHT_PT)} re W n",
            f"1 0 0 1 {_num(x - box[0])} {_num(-box[1])} cm",
            f"{name} Do",
            "Q",
        ]
    top = SHEET_HEIGHT_PT
    ops += [
        "q",
        f"{FOLD_MARK_COLOUR} {_num(FOLD_MARK_WIDTH_PT)} w 0 J",
        f"{_num(FOLD_X_PT)} {_num(top)} m {_num(FOLD_X_PT)} {_num(top - FOLD_MARK_LENGTH_PT)} l S",
        f"{_num(FOLD_X_PT)} 0 m {_num(FOLD_X_PT)} {_num(FOLD_MARK_LENGTH_PT)} l S",
        "Q",
    ]
    content = out.make_stream(("\n".join(ops) + "\n").encode("ascii"))
    side = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array(SHEET_MEDIABOX),
        Resources=pikepdf.Dictionary(XObject=xobjects),
        Contents=content,
    )
    out.pages.append(pikepdf.Page(side))


def _copy_metadata(source: pikepdf.Pdf, out: pikepdf.Pdf, title: str | None) -> None:
    """Title (given or copied), author and the like, dates and language from ``source``."""
    info: Any = source.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        info = pikepdf.Dictionary()
    if title is not None:
        out.docinfo["/Title"] = pikepdf.String(title)
    elif isinstance(info.get("/Title"), pikepdf.String):
        out.docinfo["/Title"] = pikepdf.String(bytes(info["/Title"]))
    for key in (*_INFO_KEYS, *_DATE_KEYS):
        value = info.get(key)
        if isinstance(value, pikepdf.String):
            out.docinfo[key] = pikepdf.String(bytes(value))
    lang: Any = source.Root.get("/Lang")
    if isinstance(lang, pikepdf.String):
        out.Root.Lang = pikepdf.String(bytes(lang))
    out.Root.ViewerPreferences = pikepdf.Dictionary(
        Duplex=pikepdf.Name.DuplexFlipShortEdge, PrintScaling=pikepdf.Name("/None")
    )


def _dec(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _num(value: float) -> str:
    """A number for a content stream or box: at most 4 decimals, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
