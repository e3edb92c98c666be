"""The QR symbol: one SVG path in pure black (100 % K), ready to place on a page.

The address is first made plain ASCII by the content rules
(:func:`leaflet.content.urls.ascii_url`), so the code reads the same on every phone.
The symbol uses error correction M and the 4-module quiet zone the standard asks for.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from typing import ClassVar

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage

from ..content.urls import QUIET_ZONE, ascii_url

BLACK = "device-cmyk(0 0 0 1)"


class _CmykPathImage(SvgPathImage):  # type: ignore[misc]
    """qrcode's single-path SVG, in pure black ink on a white quiet zone."""

    QR_PATH_STYLE: ClassVar[dict[str, str]] = {**SvgPathImage.QR_PATH_STYLE, "fill": BLACK}
    background = "device-cmyk(0 0 0 0)"


@dataclass(frozen=True)
class QrCode:
    """A QR code ready to place on a page."""

    payload: str  # exactly what the code encodes (ASCII)
    modules: int  # modules across, including the quiet zone
    svg: str  # a standalone SVG document, one path, 1 unit per module

    def module_mm(self, width_mm: float) -> float:
        return width_mm / self.modules

    def titled(self, title: str) -> str:
        """The SVG with ``title`` as its name (alternative text), for a PDF and a web page.

        WeasyPrint tags the symbol as a Figure whose /Alt is the ``<title>``; a browser
        names an ``role="img"`` SVG by it.
        """
        opening = self.svg.index(">") + 1
        head = self.svg[: opening - 1]
        return f'{head} role="img"><title>{escape(title)}</title>{self.svg[opening:]}'


@functools.lru_cache(maxsize=64)
def make(url: str) -> QrCode:
    """The QR code for ``url`` (encoded with :func:`ascii_url` first).

    Kept for the next edition: every language of a leaflet has the same code, and
    making it (with its SVG) takes as long as a tenth of a page's layout.
    """
    payload = ascii_url(url)
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=QUIET_ZONE,
        box_size=10,  # qrcode counts 10 pixels to the millimetre: 1 unit per module
        image_factory=_CmykPathImage,
    )
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    size = code.modules_count + 2 * QUIET_ZONE
    svg = code.make_image().to_string(encoding="unicode")
    # qrcode names its path id="qr-path"; a leaflet may show its code in more than one
    # section, and an id used twice stops the renderer ("Anchor defined twice")
    svg = re.sub(r'\s+id="qr-path"', "", svg)
    svg = re.sub(r' d="[^"]*"', f' d="{runs_path(code.get_matrix())}"', svg, count=1)
    return QrCode(payload=payload, modules=size, svg=svg)


def runs_path(matrix: list[list[bool]]) -> str:
    """The dark modules of ``matrix`` (quiet zone included) as one rectangle per run of
    dark modules in a row.

    qrcode draws each module as a square of its own: about 500 subpaths of five commands
    for a code of 37 modules, drawn again in every PDF, walked by every check of a page
    and rasterised by every preview. Runs cover exactly the same modules with about 200
    (and no hairline seams where two squares meet).
    """
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start},{y}H{x}V{y + 1}H{start}z")
    return "".join(parts)
