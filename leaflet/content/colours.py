"""Colours: the CMYK a leaflet is printed in, and the screen colours (sRGB) it becomes.

Leaflets are designed in CMYK (``device-cmyk(c m y k)`` in the stylesheets and the SVG
pictures). A screen shows sRGB. Each CMYK colour is converted once, through the
leaflet's own colour profile (the press profile of its print file) to sRGB, with
LittleCMS (Pillow's ImageCms), relative colorimetric: the paper is white on screen and
every colour is the one the print will have, not a guess. The screen PDF, the web page
and the contrast check (:mod:`.contrast`) all use the same conversion, so what is
checked is what is shown.

Contrast is measured as WCAG 2.1 defines it (relative luminance of sRGB).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

CMYK = tuple[float, float, float, float]
RGB = tuple[int, int, int]

#: ``device-cmyk(0 0.45 0.7 0)`` or ``device-cmyk(0% 45% 70% 0%)``, as CSS and SVG write it.
DEVICE_CMYK = re.compile(r"device-cmyk\(\s*([^()]*?)\s*\)", re.IGNORECASE)
_NUMBER = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(%?)$")


def parse_cmyk(arguments: str) -> CMYK | None:
    """The four components of ``device-cmyk(…)``'s ``arguments`` (0 to 1), or None."""
    parts = arguments.replace(",", " ").split()
    if len(parts) != 4:
        return None
    values = []
    for part in parts:
        match = _NUMBER.match(part)
        if match is None:
            return None
        value = float(match[1]) / (100 if match[2] else 1)
        values.append(min(max(value, 0.0), 1.0))
    return values[0], values[1], values[2], values[3]


#: A plate carries a colour from this much ink on (1 %).
PLATE_MIN = 0.01
#: Black from this much K on is "black" to a printer; with any cyan, magenta or yellow
#: added it is rich black, which printers refuse for text.
RICH_BLACK_K = 0.9


def plates(cmyk: CMYK) -> int:
    """On how many printing plates a CMYK colour is (a plate carrying at least 1 %).

    The brand's colours (:mod:`.brand`) and the preflight of a finished PDF
    (:mod:`leaflet.preflight.walker`) count plates the same way, by this function.
    """
    return sum(1 for value in cmyk if value >= PLATE_MIN)


def rich_black(cmyk: CMYK) -> bool:
    """K at 90 % or more with any cyan, magenta or yellow added (what preflight warns
    of in text, and the brand refuses for its text colour)."""
    c, m, y, k = cmyk
    return k >= RICH_BLACK_K - 1e-6 and c + m + y > 0


def hex_colour(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@functools.lru_cache(maxsize=8)
def _transform(profile: Path, stamp: tuple[int, int]) -> Any:
    """The LittleCMS transform from ``profile`` (CMYK) to sRGB; ``stamp`` renews the cache."""
    from PIL import ImageCms

    return ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(str(profile)),
        ImageCms.createProfile("sRGB"),
        "CMYK",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )


class ScreenColours:
    """CMYK → sRGB through one colour profile, each colour converted once."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile.resolve()
        stat = self.profile.stat()
        self._transform = _transform(self.profile, (stat.st_mtime_ns, stat.st_size))
        self._cache: dict[tuple[int, int, int, int], RGB] = {}

    def rgb(self, cmyk: CMYK) -> RGB:
        """The sRGB colour (0–255) that ``cmyk`` prints as."""
        key = (
            round(cmyk[0] * 255),
            round(cmyk[1] * 255),
            round(cmyk[2] * 255),
            round(cmyk[3] * 255),
        )
        found = self._cache.get(key)
        if found is None:
            from PIL import Image, ImageCms

            pixel = ImageCms.applyTransform(Image.new("CMYK", (1, 1), key), self._transform)
            assert pixel is not None
            red, green, blue = pixel.getpixel((0, 0))  # type: ignore[misc]
            found = self._cache[key] = (int(red), int(green), int(blue))
        return found

    def hex(self, cmyk: CMYK) -> str:
        return hex_colour(self.rgb(cmyk))

    def css(self, text: str) -> str:
        """``text`` (CSS or SVG) with every ``device-cmyk(…)`` written as its screen colour."""

        def screen(match: re.Match[str]) -> str:
            cmyk = parse_cmyk(match[1])
            return match[0] if cmyk is None else self.hex(cmyk)

        return DEVICE_CMYK.sub(screen, text)


# --- contrast (WCAG 2.1, 1.4.3) -----------------------------------------------------------


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG's relative luminance of an sRGB colour: 0 for black, 1 for white."""
    red, green, blue = (_linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: RGB, second: RGB) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


#: CSS colour names a stylesheet may use for plain white and black.
NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse_hex(text: str) -> RGB | None:
    match = _HEX.match(text)
    if match is None:
        return None
    digits = match[1]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
