"""Raster pictures (PNG, JPEG, GIF, WebP): their size read from the header, nothing decoded.

A picture with far more pixels than print needs is refused before anything opens
it: :func:`check_raster_bytes` serves the renderer's fetcher, the rest serves the
SVG checks in :mod:`leaflet.content.pictures`.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from .. import files

PAGE_PIXELS = (1819, 2551)
"""A whole A5 page with 3 mm bleed (154 × 216 mm) at 300 dpi, in pixels."""

MAX_PIXELS = 20_000_000
"""The most pixels a raster picture may have: about 4 × a whole page at 300 dpi."""

RASTER_TYPES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
"""The raster pictures that may be embedded, by media type, with Pillow's name."""

WEB_FORMATS = tuple(RASTER_TYPES.values())


def check_raster_bytes(data: bytes) -> str | None:
    """A problem message when ``data`` is a raster picture leaflet should not use.

    Returns a message when ``data`` is a raster picture (recognised by its first
    bytes: PNG, JPEG, GIF or WebP, the formats WeasyPrint draws) with more than
    :data:`MAX_PIXELS` pixels, or one whose header cannot be read. Returns None when
    the picture is fine, and for anything that is not a raster picture at all
    (fonts, style sheets, SVG), so the renderer's URL fetcher can call it on
    everything it loads. Only the header is read: no pixels are decoded.
    """
    if not data.startswith(_RASTER_MAGIC) and not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return None  # not a raster picture: a font, a stylesheet, an SVG …
    return raster_problem(data, "this picture", formats=WEB_FORMATS)


def check_raster_file(path: Path) -> str | None:
    """Why the PNG or JPEG file ``path`` cannot be a picture of a leaflet, or None."""
    try:
        data = files.read_bytes(path, MAX_RASTER_BYTES)
    except files.NotAFile as error:
        return f"it is {error.what} — use the picture file itself"
    except OSError as error:
        return f"it cannot be read ({error.strerror or error}) — check the file"
    if len(data) > MAX_RASTER_BYTES:
        return (
            f"it is over {MAX_RASTER_BYTES // 1_000_000} MB — save it smaller (a whole page "
            "at 300 dpi needs about 2 MB as JPEG)"
        )
    message = raster_problem(data, "it", formats=("PNG", "JPEG"))
    if message == NOT_AN_IMAGE:
        return "it is not a PNG or JPEG picture (the file holds something else) — save it again"
    return message or depth_problem(data)


#: Pillow's modes of 16 (or 32) bits per channel, which WeasyPrint cannot draw at all.
_DEEP_MODES = {"I", "F", "I;16", "I;16B", "I;16L", "I;16N"}


def depth_problem(
    data: bytes, subject: str = "it", formats: Sequence[str] = ("PNG", "JPEG")
) -> str | None:
    """Why the raster ``data`` (its size already checked) cannot be drawn, or None. Only
    the header is read: its mode says how many bits a channel has.

    A 16-bit picture stopped the renderer with "Unknown image mode: I;16", blamed on the
    language folder; it is said here, at the picture's line. (A picture in RGB is
    fine: the print file converts it to CMYK, :mod:`leaflet.prepress.cmyk`.)
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=tuple(formats)) as image:
                mode = image.mode
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None  # raster_problem has said what is wrong with the header
    if mode in _DEEP_MODES:
        return (
            f"{subject} has 16 bits per channel, which the PDF renderer cannot draw — save "
            "it again with 8 bits per channel (in GIMP: Image > Precision > 8 bit integer; "
            "in Photoshop: Image > Mode > 8 Bits/Channel)"
        )
    return None


#: The largest picture file a leaflet may show.
MAX_RASTER_BYTES = 20_000_000

#: The first bytes of PNG, JPEG and GIF files (WebP is RIFF….WEBP).
_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")

NOT_AN_IMAGE = "\0not an image"  # a marker, never shown
TOO_LARGE = (-1, -1)  # a marker: Pillow refused the size without saying it

Outcome = tuple[int, int] | str | None
"""What a raster header says: (width, height); the format's name when the header is
damaged; None when ``data`` is no raster picture of the formats asked for."""


def raster_problem(data: bytes, subject: str, formats: Sequence[str] | None) -> str | None:
    """A message about raster ``data``, None when fine, or :data:`NOT_AN_IMAGE`.

    ``formats``: Pillow's names of the formats to recognise (None: every format that
    Pillow recognises by its first bytes; then data of no such format is fine).
    """
    outcome = raster_outcome(data, formats)
    if outcome is None:
        return NOT_AN_IMAGE if formats is not None else None
    return raster_message(outcome, subject)


def raster_outcome(data: bytes, formats: Sequence[str] | None) -> Outcome:
    """Read the header of ``data`` (see :data:`Outcome`); no pixels are decoded."""
    size = _webp_size(data)  # libwebp allocates the whole canvas when opened: check first
    return size if size is not None else _read_header(data, formats)


def raster_message(outcome: tuple[int, int] | str, subject: str) -> str | None:
    """The problem with a raster picture whose header said ``outcome``, if any."""
    if isinstance(outcome, str):
        return (
            f"{subject} cannot be read as a {outcome} picture (it is damaged or "
            "incomplete) — save it again"
        )
    size = outcome
    if size == TOO_LARGE:
        return (
            f"{subject} has far more pixels than print needs — save it smaller (at most "
            f"{MAX_PIXELS // 1_000_000} million pixels)"
        )
    width, height = size
    if width * height > MAX_PIXELS:
        page_width, page_height = PAGE_PIXELS
        return (
            f"{subject} is {width} × {height} pixels ({width * height / 1_000_000:.0f} million) "
            f"— far more than print needs: a whole A5 page with bleed at 300 dpi is about "
            f"{page_width} × {page_height} pixels; save it smaller (at most "
            f"{MAX_PIXELS // 1_000_000} million pixels)"
        )
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """The canvas size in a WebP header, or None when ``data`` is not WebP."""
    if not (data.startswith(b"RIFF") and data[8:12] == b"WEBP") or len(data) < 30:
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", data, 26)
        return width & 0x3FFF, height & 0x3FFF
    return None


def _read_header(data: bytes, formats: Sequence[str] | None) -> tuple[int, int] | str | None:
    """Width and height from the header of ``data``; the format's name when that is
    damaged; None when no format recognises the first bytes.

    Pillow's openers are called directly: :func:`PIL.Image.open` would warn or raise
    about decompression bombs itself, at its own limit, before leaflet could say how
    large the picture is. Formats without a signature are never guessed.
    """
    if formats is None:
        Image.init()
        names: Sequence[str] = tuple(Image.ID)
    else:
        Image.preinit()
        names = formats
    prefix = data[:16]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        for name in names:
            entry = Image.OPEN.get(name)
            if entry is None:
                continue
            factory, accept = entry
            if accept is None:
                continue
            recognised = accept(prefix)
            if not recognised or isinstance(recognised, str):
                continue
            try:
                with factory(io.BytesIO(data), "") as image:
                    width, height = image.size
            except Image.DecompressionBombError:
                return TOO_LARGE
            except (SyntaxError, IndexError, TypeError, ValueError, struct.error, OSError):
                return name
            return width, height
    return None
