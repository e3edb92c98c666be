"""Pictures of the pages for screens: a PNG of each page, and a leaflet's contact sheet.

:func:`page_pngs` rasterises a screen PDF with pdfium, about 100 dpi (an A5 page is
583 × 827 pixels), in RGB: a screen shows the CMYK colours well enough, and the files
are for looking at, not for printing. :func:`contact_sheet` puts every language of a
leaflet on one picture, a row each, the pages in the order a reader meets them
(:func:`reading_spreads`: the cover alone, then the spreads as the leaflet opens, then
the back), with what the row's language is waiting for in the margin: DRAFT, out of
date, does not fit.

Both depend only on their input: the same pages give byte-identical PNG files (on one
machine: ISA-L's deflate may pick other matches on another processor, never other pixels).
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

#: Resolution of the page previews.
PREVIEW_DPI = 100
#: ISA-L's deflate level of the PNG files (0 to 3). Its level 2 compresses a page in a
#: sixth of the time of zlib's fastest level (1), and the files are 15 % larger; its
#: level 3 takes four times as long for files no smaller.
PNG_LEVEL = 2

#: The colours of the contact sheet (RGB). Tests look for these.
BACKGROUND = (236, 238, 241)
INK = (31, 41, 55)
MUTED = (99, 110, 124)
PAGE_EDGE = (176, 182, 190)
#: The mark of each state, and its colour.
MARKS = {
    "draft": ("DRAFT", (196, 43, 28)),
    "to-translate": ("TO TRANSLATE", (196, 43, 28)),
    "out-of-date": ("OUT OF DATE", (176, 108, 0)),
    "does-not-fit": ("DOES NOT FIT", (120, 32, 140)),
}

#: The height of a page on the contact sheet, in pixels.
THUMB_HEIGHT = 210
MARGIN = 40
LABEL_WIDTH = 260
GAP = 22  # between spreads
ROW_GAP = 34
HEADER = 96


@dataclass(frozen=True)
class Preview:
    """One page's preview, and the same page at the contact sheet's size."""

    png: bytes
    thumbnail: bytes  # raw RGB pixels, THUMB_HEIGHT high
    thumbnail_width: int


def page_pngs(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[Preview]:
    """Each page of ``pdf`` as a PNG at ``dpi``, in RGB, with its thumbnail.

    The thumbnail is made here, from the pixels at hand, so that drawing the contact
    sheet (in the main process, after every language is built) decodes no PNG.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pictures = []
        for page in document:
            pictures.append(_page_preview(page, dpi))
            page.close()
        return pictures
    finally:
        document.close()


def _page_preview(page: Any, dpi: int) -> Preview:
    """One pdfium page as a :class:`Preview`, its pixels copied once (for the thumbnail).

    pdfium draws the page straight into the rows of the PNG (:class:`_Scanlines`): what
    is compressed is the buffer pdfium drew into, not a copy made by Pillow and another
    framed row by row.
    """
    rows = _Scanlines()
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, bitmap_maker=rows.bitmap)
    try:
        width, height, stride = rows.width, rows.height, rows.stride
        image = Image.frombuffer("RGB", (width, height), rows.data, "raw", "RGB", stride, 1)
        thumb = _shrink(image)
        # after each row, the filter type of the next: 0, the row as it is
        rows.data[width * 3 :: stride] = bytes(height)
        compressor = _compressor()
        with memoryview(rows.data) as pixels:
            idat = compressor.compress(b"\0")  # the first row's
            idat += compressor.compress(pixels[: stride * height - 1])
        idat += compressor.flush()
        return Preview(_png_file(width, height, idat), thumb.tobytes(), thumb.width)
    finally:
        bitmap.close()


class _Scanlines:
    """A page's pixels as a PNG holds them: rows of RGB bytes, a filter byte between them.

    pypdfium2 calls :meth:`bitmap` for the bitmap to draw into: one whose rows are a byte
    longer than their pixels (the stride), so that the byte after each row is free for
    the PNG filter type of the next one. (pdfium may write into that padding: the filter
    bytes are set after it has drawn.) The first row's filter byte goes to the compressor
    first, and the last row's padding is left out.
    """

    def __init__(self) -> None:
        self.data = bytearray()
        self.width = self.height = self.stride = 0

    def bitmap(self, width: int, height: int, format: int, rev_byteorder: bool) -> Any:
        import ctypes

        import pypdfium2 as pdfium

        if format != pdfium.raw.FPDFBitmap_BGR:  # 3 bytes a pixel; RGB by rev_byteorder
            raise ValueError(f"pdfium chose bitmap format {format}, not BGR")
        self.width, self.height, self.stride = width, height, width * 3 + 1
        self.data = bytearray(self.stride * height)
        buffer = (ctypes.c_ubyte * len(self.data)).from_buffer(self.data)
        return pdfium.PdfBitmap.new_native(
            width, height, format, rev_byteorder, buffer=buffer, stride=self.stride
        )


def _shrink(image: Image.Image) -> Image.Image:
    width = round(image.width * THUMB_HEIGHT / image.height)
    return image.resize((width, THUMB_HEIGHT), Image.Resampling.BOX)


def remember(preview: Preview) -> None:
    """Keep ``preview``'s thumbnail for :func:`contact_sheet` (by its PNG's digest)."""
    size = (preview.thumbnail_width, THUMB_HEIGHT)
    _keep(hashlib.sha256(preview.png).digest(), Image.frombytes("RGB", size, preview.thumbnail))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _compressor() -> Any:
    """A deflate stream of ISA-L at :data:`PNG_LEVEL` (zlib's format, as PNG wants)."""
    from isal import isal_zlib

    return isal_zlib.compressobj(PNG_LEVEL)


def _png_file(width: int, height: int, idat: bytes) -> bytes:
    """The PNG file of an 8-bit RGB picture whose compressed rows are ``idat``."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def png(image: Image.Image) -> bytes:
    """An RGB ``image`` as PNG bytes, with nothing in them but the pixels.

    Written here rather than by Pillow: Pillow tries every PNG filter on every row,
    which takes twice as long as the rest of making a preview. Pages are mostly flat
    colour, so rows unfiltered and compressed fast make files no larger. The rows go to
    the compressor a band at a time, each after its 0 byte (no filter), without a framed
    copy of the whole picture (a contact sheet of 20 languages is 26 MB of pixels;
    framing it first took as long as compressing it).
    """
    width, height = image.size
    stride = width * 3
    pixels = image.tobytes()
    compressor = _compressor()
    parts = []
    for top in range(0, height, _BAND):
        rows = range(top, min(top + _BAND, height))
        band = b"".join(b"\0" + pixels[y * stride : (y + 1) * stride] for y in rows)
        parts.append(compressor.compress(band))
    parts.append(compressor.flush())
    return _png_file(width, height, b"".join(parts))


#: Rows handed to the compressor at a time by :func:`png`.
_BAND = 64


def reading_spreads(pages: int, direction: str = "ltr") -> list[tuple[int, ...]]:
    """The pages (from 1) as a reader meets them: the cover, the spreads, the back.

    Eight pages give (1), (2, 3), (4, 5), (6, 7), (8). Each spread is listed as it lies
    open, left page first, so a right-to-left leaflet's spreads are (3, 2), (5, 4) ….
    """
    if pages <= 0:
        return []
    groups: list[tuple[int, ...]] = [(1,)]
    number = 2
    while number < pages:
        pair = (number, number + 1) if number + 1 < pages else (number,)
        groups.append(pair)
        number += len(pair)
    if pages > 1:
        groups.append((pages,))
    return [tuple(reversed(g)) if direction == "rtl" else g for g in groups]


@dataclass(frozen=True)
class SheetRow:
    """One language on the contact sheet."""

    lang: str
    name: str  # "Danish"
    note: str  # a second line under the name: "source language", "translation"
    marks: tuple[str, ...]  # keys of MARKS
    pages: Sequence[bytes]  # the PNG of each page; none when it was never built
    direction: str = "ltr"


#: The fonts of a contact sheet: regular and bold (Noto Sans, from the theme).
SheetFonts = tuple[Path, Path]


@lru_cache(maxsize=16)
def _font(fonts: SheetFonts, bold: bool, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Noto Sans from the theme's fonts; Pillow's own font if they cannot be read."""
    try:
        return ImageFont.truetype(str(fonts[1] if bold else fonts[0]), size)
    except OSError:
        return ImageFont.load_default(size)


#: Thumbnails made, by the digest of their page's PNG: a long-lived process (leaflet
#: serve) draws the sheet again after each change, and most pages have not changed.
_THUMBNAILS: dict[bytes, Image.Image] = {}
_MAX_THUMBNAILS = 400  # about 50 MB


def _thumbnail(data: bytes) -> Image.Image:
    """A page's PNG at the contact sheet's size."""
    key = hashlib.sha256(data).digest()
    if (found := _THUMBNAILS.get(key)) is not None:
        return found
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return _keep(key, _shrink(image.convert("RGB")))


def _keep(key: bytes, thumb: Image.Image) -> Image.Image:
    if len(_THUMBNAILS) >= _MAX_THUMBNAILS:
        _THUMBNAILS.clear()
    _THUMBNAILS[key] = thumb
    return thumb


def _row_width(row: SheetRow, page_width: int) -> int:
    groups = reading_spreads(len(row.pages), row.direction)
    return sum(len(g) * page_width for g in groups) + GAP * max(0, len(groups) - 1)


def contact_sheet(title: str, subtitle: str, rows: Sequence[SheetRow], fonts: SheetFonts) -> bytes:
    """Every row's pages in reading order, the language and its marks in the margin.

    ``fonts`` are Noto Sans regular and bold (the theme's styles/fonts/).
    """
    page_width = round(THUMB_HEIGHT * 148 / 210)
    widest = max((_row_width(row, page_width) for row in rows), default=4 * page_width)
    width = MARGIN + LABEL_WIDTH + widest + MARGIN
    row_height = THUMB_HEIGHT + 22  # the page numbers under the pages
    height = HEADER + len(rows) * (row_height + ROW_GAP) + MARGIN - ROW_GAP // 2
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((MARGIN, 26), title, font=_font(fonts, True, 26), fill=INK)
    draw.text((MARGIN, 62), subtitle, font=_font(fonts, False, 15), fill=MUTED)
    top = HEADER
    for row in rows:
        _draw_label(draw, row, fonts, top)
        x = MARGIN + LABEL_WIDTH
        if not row.pages:
            draw.rectangle((x, top, x + page_width, top + THUMB_HEIGHT), outline=PAGE_EDGE, width=1)
            draw.text(
                (x + 12, top + THUMB_HEIGHT // 2 - 10),
                "not built yet",
                font=_font(fonts, False, 14),
                fill=MUTED,
            )
        for group in reading_spreads(len(row.pages), row.direction):
            for number in group:
                thumb = _thumbnail(row.pages[number - 1])
                sheet.paste(thumb, (x, top))
                draw.rectangle(
                    (x, top, x + thumb.width - 1, top + THUMB_HEIGHT - 1), outline=PAGE_EDGE
                )
                label = str(number)
                size = draw.textlength(label, font=_font(fonts, False, 12))
                draw.text(
                    (x + (thumb.width - size) / 2, top + THUMB_HEIGHT + 4),
                    label,
                    font=_font(fonts, False, 12),
                    fill=MUTED,
                )
                x += thumb.width
            if len(group) == 2:  # the fold
                fold = x - page_width
                draw.line((fold, top, fold, top + THUMB_HEIGHT - 1), fill=PAGE_EDGE, width=1)
            x += GAP
        top += row_height + ROW_GAP
    return png(sheet)


def _draw_label(draw: ImageDraw.ImageDraw, row: SheetRow, fonts: SheetFonts, top: int) -> None:
    """The language code, its name, and a badge for each mark, in the left margin."""
    x = MARGIN
    draw.text((x, top - 4), row.lang, font=_font(fonts, True, 34), fill=INK)
    draw.text((x, top + 44), row.name, font=_font(fonts, True, 16), fill=INK)
    draw.text((x, top + 66), row.note, font=_font(fonts, False, 13), fill=MUTED)
    y = top + 100
    badge = _font(fonts, True, 13)
    for key in row.marks:
        text, colour = MARKS[key]
        length = draw.textlength(text, font=badge)
        draw.rounded_rectangle((x, y, x + length + 20, y + 26), radius=5, fill=colour)
        draw.text((x + 10, y + 4), text, font=badge, fill=(255, 255, 255))
        y += 34
