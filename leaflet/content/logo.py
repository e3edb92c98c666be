"""The brand's logo, checked as print needs it: vector shapes in CMYK, and its proportions.

A logo is an SVG file, checked first like every picture (:func:`.pictures.check_svg`:
no scripts, no links out, well-formed). Then every colour in it must print as it is: a
colour written for screens (``#005eb8``, ``rgb(…)``, ``blue``) reaches the print file as
RGB and fails the printer's check, and a shape with no fill colour at all is drawn in
the renderer's default black, which is RGB too. So each is refused at its line, with the
fix: ``device-cmyk(c m y k)``, the colour as the brand manual gives it in CMYK. A
raster picture inside (``<image>``) is refused: a logo is drawn in shapes. So is text
(``<text>``): it would be set in whatever font the building computer has.

:func:`check_logo` also reads the logo's proportions (its ``viewBox``), from which the
brand's ``width:`` gives its height on the cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import tinycss2

from .. import files
from ..errors import Problem
from .colours import parse_cmyk
from .pictures import MAX_PICTURE_BYTES

#: The properties that hold a colour in SVG (as attributes, or in style="…").
COLOUR_PROPERTIES = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
#: Elements that are filled (in the default black, when nothing says otherwise).
FILLED = {"path", "rect", "circle", "ellipse", "polygon", "polyline", "text"}
_KEYWORDS = {"none", "transparent", "inherit"}
#: Elements whose content is drawn only where a <use> shows it.
_KEEPERS = {"defs", "symbol"}
_DEVICE_CMYK = re.compile(r"^device-cmyk\(([^()]*)\)$", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")

_ASK = (
    "a print file needs CMYK — ask for the logo in CMYK, or write each colour as "
    'device-cmyk(c m y k) with the values of the brand manual, like fill="device-cmyk(0 0 0 1)" '
    "for black"
)


@dataclass
class _Scan:
    path: Path
    problems: list[Problem] = field(default_factory=list)
    filled: list[bool] = field(default_factory=lambda: [False])
    style_fills: bool = False
    in_style: bool = False
    in_text: int = 0  # inside how many <text> elements
    style_text: str = ""
    style_at: tuple[int, int] = (1, 1)
    aspect: float | None = None
    unfilled: list[tuple[int, int]] = field(default_factory=list)
    # Shapes kept for <use> (in <defs> or <symbol>) are drawn with the fill of the <use>
    # that shows them; a <clipPath>'s shapes are never drawn at all.
    kept: list[str | None] = field(default_factory=list)  # ids of the open kept elements
    clipping: int = 0  # inside how many <clipPath> elements
    kept_unfilled: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)
    uses: list[tuple[str, bool, int, int]] = field(default_factory=list)  # id, filled, where

    def add(self, message: str, line: int, column: int) -> None:
        self.problems.append(Problem(message, self.path, line, column))

    def colour(self, value: str, line: int, column: int) -> None:
        """A colour value as written; a problem when it would not print in CMYK."""
        text = " ".join(value.split())
        lowered = text.lower()
        if not text or lowered in _KEYWORDS or lowered.startswith("url("):
            return
        found = _DEVICE_CMYK.match(text)
        if found and parse_cmyk(found[1]) is not None:
            return
        if lowered == "currentcolor":
            self.add(
                "the logo uses currentColor, the colour of the text around it, which is not a "
                "print colour — write the colour itself: " + _ASK,
                line,
                column,
            )
            return
        self.add(
            f'the logo\'s colour "{text}" is a colour for screens (RGB) — {_ASK}', line, column
        )


def _declarations(text: str) -> list[tuple[str, str, int, int]]:
    """(property, value, line, column) of a list of CSS declarations."""
    found = []
    for item in tinycss2.parse_declaration_list(text, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            found.append(
                (
                    item.lower_name,
                    tinycss2.serialize(item.value).strip(),
                    item.source_line,
                    item.source_column,
                )
            )
    return found


def _aspect(attributes: dict[str, str]) -> float | None:
    """Height over width, from the viewBox (else the width and height) of ``<svg>``."""
    box = [float(n) for n in _NUMBER.findall(attributes.get("viewBox", ""))]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        return box[3] / box[2]
    sizes = [_NUMBER.match(attributes.get(key, "").strip()) for key in ("width", "height")]
    if all(sizes) and not any(attributes[k].strip().endswith("%") for k in ("width", "height")):
        width, height = (float(m[0]) for m in sizes if m)
        if width > 0 and height > 0:
            return height / width
    return None


def check_logo(path: Path) -> tuple[list[Problem], float | None]:
    """The problems that keep the SVG ``path`` from printing as a logo, and its height
    over its width (None when it does not say). The SVG must have passed
    :func:`.pictures.check_svg` already."""
    scan = _Scan(path)
    try:
        data = files.read_bytes(path, MAX_PICTURE_BYTES)
    except OSError as exc:
        return [Problem(f"the logo cannot be read: {exc.strerror or exc}", path)], None
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        local = name.rsplit(" ", 1)[-1]
        plain = {key.rsplit(" ", 1)[-1]: value for key, value in attributes.items()}
        if len(scan.filled) == 1 and local == "svg":
            scan.aspect = _aspect(plain)
        filled = scan.filled[-1] or "fill" in plain
        for prop in COLOUR_PROPERTIES:
            if prop in plain:
                scan.colour(plain[prop], line, column)
        for prop, value, _, _ in _declarations(plain.get("style", "")):
            if prop in COLOUR_PROPERTIES:
                scan.colour(value, line, column)
            filled = filled or prop == "fill"
        if local == "image":
            scan.add(
                "the logo holds a raster picture (<image>), whose colours leaflet cannot "
                "check for print — a logo must be drawn in shapes (vector), in CMYK",
                line,
                column,
            )
        if local == "text" and not scan.in_text:
            scan.add(
                "the logo holds text (<text>), which would be drawn in whatever font the "
                "computer that builds has, not the logo's own — turn the text into shapes in "
                "your drawing program (Inkscape: Path > Object to Path; Illustrator: Type > "
                "Create Outlines), or ask for the logo with its text as outlines",
                line,
                column,
            )
        if local == "text":
            scan.in_text += 1
        if local == "style":
            scan.in_style, scan.style_text, scan.style_at = True, "", (line, column)
        if local in _KEEPERS or scan.kept:
            scan.kept.append(plain.get("id"))
        if local == "clipPath":
            scan.clipping += 1
        if local == "use":
            target = plain.get("href", "")
            if target.startswith("#"):
                scan.uses.append((target[1:], filled, line, column))
        if local in FILLED and not filled and not scan.clipping:
            if scan.kept:
                ids = tuple(i for i in scan.kept if i)
                scan.kept_unfilled.append((line, column, ids))
            else:
                scan.unfilled.append((line, column))
        scan.filled.append(filled)

    def end(name: str) -> None:
        scan.filled.pop()
        if scan.kept:
            scan.kept.pop()
        if name.rsplit(" ", 1)[-1] == "clipPath":
            scan.clipping -= 1
        if name.rsplit(" ", 1)[-1] == "text":
            scan.in_text -= 1
        if name.rsplit(" ", 1)[-1] == "style" and scan.in_style:
            scan.in_style = False
            _style_element(scan)

    def text(data: str) -> None:
        if scan.in_style:
            scan.style_text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError:  # check_svg reports it, at its line
        return scan.problems, scan.aspect
    unfilled_uses = {target for target, filled, _, _ in scan.uses if not filled}
    for line, column, ids in scan.kept_unfilled:
        if unfilled_uses.intersection(ids):  # shown by a <use> without a fill
            scan.unfilled.append((line, column))
    if not scan.style_fills:
        for line, column in sorted(scan.unfilled):
            scan.add(
                "this shape of the logo has no fill colour, so it is drawn in the renderer's "
                "black, which is RGB — give it (or the <svg>) a fill in CMYK, like "
                'fill="device-cmyk(0 0 0 1)"',
                line,
                column,
            )
    if scan.aspect is None:
        scan.add(
            "the logo does not say its proportions — give its <svg> a viewBox (a drawing "
            'program does, like viewBox="0 0 200 60")',
            1,
            1,
        )
    return scan.problems, scan.aspect


def _style_element(scan: _Scan) -> None:
    """The colours of a ``<style>`` element (lines counted from the element's start)."""
    first_line, _ = scan.style_at
    rules = tinycss2.parse_stylesheet(scan.style_text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        for prop, value, line, column in _declarations(tinycss2.serialize(rule.content)):
            del line, column  # relative to the serialised block, not the file
            if prop in COLOUR_PROPERTIES:
                scan.colour(value, first_line + rule.source_line - 1, rule.source_column)
            if prop == "fill":
                scan.style_fills = True
