"""QR codes: a web address made safe for every phone, drawn as a vector path.

A QR code's default character set is ISO-8859-1 and phones guess differently at
anything else, so the address is first turned into plain ASCII the way RFC 3987
says (UTF-8 percent-encoding of the path, IDNA for the host): the code then reads
the same everywhere. The code itself is one SVG path in pure black (100 % K),
error correction M, with the 4-module quiet zone the standard asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import quote, urlsplit, urlunsplit

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage

#: Smallest width of the printed code including its quiet zone, in millimetres.
MIN_SIZE_MM = 20.0
#: Smallest module (one black square) a phone reads reliably from paper.
MIN_MODULE_MM = 0.4
QUIET_ZONE = 4
#: The printed width of the code with its quiet zone (``.qr__code`` in styles/leaflet.css).
PRINTED_MM = 40.0
BLACK = "device-cmyk(0 0 0 1)"

# Characters left as they are in each part; everything else is UTF-8 percent-encoded.
_SAFE_PATH = "/!$&'()*+,;=:@-._~%"
_SAFE_QUERY = _SAFE_PATH + "?"


class _CmykPathImage(SvgPathImage):  # type: ignore[misc]
    """qrcode's single-path SVG, in pure black ink on a white quiet zone."""

    QR_PATH_STYLE: ClassVar[dict[str, str]] = {**SvgPathImage.QR_PATH_STYLE, "fill": BLACK}
    background = "device-cmyk(0 0 0 0)"


class UrlProblem(ValueError):
    """The address cannot be used as a QR target."""


def ascii_url(url: str) -> str:
    """``url`` as plain ASCII: IDNA host, UTF-8 percent-encoded path, query and fragment.

    >>> ascii_url("https://rn.dk/lænderygsmerter")
    'https://rn.dk/l%C3%A6nderygsmerter'
    """
    text = url.strip()
    if re.search(r"\s", text):
        raise UrlProblem(f'the address "{url}" contains a space — remove it or write %20')
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:  # a bracket or port that cannot be read
        raise UrlProblem(f'"{url}" is not a valid web address ({exc})') from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UrlProblem(f'"{url}" is not a web address — it must start with https:// (or http://)')
    host = parts.hostname
    if not host:
        raise UrlProblem(f'"{url}" has no host name — write it like https://example.dk/page')
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise UrlProblem(f'the host name "{host}" in "{url}" is not valid') from None
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host  # IPv6 keeps brackets
    if port is not None:
        netloc += f":{port}"
    if parts.username:
        raise UrlProblem(f'"{url}" contains a user name — leave it out of a printed address')
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_SAFE_PATH),
            quote(parts.query, safe=_SAFE_QUERY),
            quote(parts.fragment, safe=_SAFE_QUERY),
        )
    )


@dataclass(frozen=True)
class QrCode:
    """A QR code ready to place on a page."""

    payload: str  # exactly what the code encodes (ASCII)
    modules: int  # modules across, including the quiet zone
    svg: str  # a standalone SVG document, one path, 1 unit per module

    def module_mm(self, width_mm: float) -> float:
        return width_mm / self.modules


def make(url: str) -> QrCode:
    """The QR code for ``url`` (encoded with :func:`ascii_url` first)."""
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
    return QrCode(payload=payload, modules=size, svg=svg)


def scan_problem(url: str) -> str | None:
    """Why the code for ``url`` would be too dense to scan at its printed size, or None.

    A longer address needs more, smaller squares; at :data:`PRINTED_MM` across, a phone
    needs each square to be at least :data:`MIN_MODULE_MM` wide.
    """
    payload = ascii_url(url)
    advice = (
        "use a shorter address, for example a short link on your own web site that "
        "leads to this page"
    )
    largest = int(PRINTED_MM / MIN_MODULE_MM)
    if len(payload) > 1000:  # far beyond anything that fits; do not even try
        return f"the address is {len(payload):,} characters long, too long for a QR code — {advice}"
    code = make(url)
    if code.modules > largest:
        return (
            f"the address is {len(payload)} characters long, so its QR code needs "
            f"{code.modules} squares across, each {code.module_mm(PRINTED_MM):.3f} mm wide at "
            f"the printed {PRINTED_MM:.0f} mm; phones need at least {MIN_MODULE_MM} mm — {advice}"
        )
    return None
