"""The content-stream walker: one pass over every page, noting what the checks need.

It follows q/Q/cm, colour, text and Do through every content stream of a page,
its forms, patterns, Type3 glyphs and annotation appearances, and records colours,
transparency, ink, placed images and text sizes in a :class:`Scan`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..content.colours import plates, rich_black
from .pdfobjects import (
    CMYK_SPACE,
    GRAY,
    IDENTITY,
    RGB,
    Matrix,
    appearance_matrix,
    appearances,
    as_matrix,
    bad_colour,
    colour_space,
    contains,
    inherited,
    mul,
    name_of,
    page_box,
)
from .report import SMALL_TEXT_PT, Status

#: How many numbers a colour has in each kind of colour space.
_COMPONENTS = {CMYK_SPACE: 4, RGB: 3, GRAY: 1}


def _function_outputs(function: Any, depth: int = 0) -> set[int]:
    """How many numbers the exponential functions (type 2) under a shading's function
    give: the lengths of their C0 and C1 (a stitching function, type 3, is followed)."""
    import pikepdf

    if function is None or depth > 8:
        return set()
    if isinstance(function, pikepdf.Array):
        return {len(function)} if len(function) > 1 else _function_outputs(function[0], depth + 1)
    if not isinstance(function, pikepdf.Dictionary | pikepdf.Stream):
        return set()
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        return {len(function.get(key, [0.0] if key == "/C0" else [1.0])) for key in ("/C0", "/C1")}
    if kind == 3:
        found: set[int] = set()
        for part in function.get("/Functions", []):
            found |= _function_outputs(part, depth + 1)
        return found
    return set()


def transparency_group(scan: Scan, page: int, group: Any, resources: Any, what: str) -> None:
    """Note a transparency group, and an RGB or Lab space it blends in (PDF/X flags both)."""
    if group is None or name_of(group.get("/S")) != "/Transparency":
        return
    scan.transparency.append((page, what))
    if group.get("/CS") is not None:
        kind, label = colour_space(group.get("/CS"), resources)
        if bad_colour(kind):
            scan.colour.append(("FAIL", page, f"{label} blending space of {what}"))


# --- walking the content streams --------------------------------------------------------


CMYK = tuple[float, float, float, float]


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: tuple[str, str] = (GRAY, "DeviceGray")
    stroke: tuple[str, str] = (GRAY, "DeviceGray")
    font_size: float = 0.0
    render_mode: int = 0
    fill_cmyk: CMYK | None = None  # the fill colour's values while the fill space is CMYK
    leading: float = 0.0

    def copy(self) -> _State:
        return replace(self)


@dataclass
class Scan:
    """Everything the content-stream walk found, per page."""

    colour: list[tuple[Status, int | None, str]] = field(default_factory=list)
    transparency: list[tuple[int, str]] = field(default_factory=list)
    ink: list[tuple[float, int]] = field(default_factory=list)
    images: list[tuple[int, str, int, int, float, float]] = field(default_factory=list)
    text_sizes: list[tuple[float, int]] = field(default_factory=list)
    text_outside_trim: list[int] = field(default_factory=list)  # a page per text run
    rich_black: list[tuple[int, CMYK]] = field(default_factory=list)
    #: Text under SMALL_TEXT_PT filled in a CMYK colour of three or four plates.
    small_on_plates: list[tuple[int, CMYK, float]] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    #: Filled shapes (subpaths: m and re) drawn on each page, and the pages with text in
    #: a Type3 font (its glyphs are shapes): where a QR code drawn as shapes can be.
    filled_shapes: dict[int, int] = field(default_factory=dict)
    type3_pages: set[int] = field(default_factory=set)

    def may_hold_qr(self, page: int, min_shapes: int) -> bool:
        """Whether ``page`` draws a picture, or enough filled shapes, to hold a QR code."""
        return (
            self.filled_shapes.get(page, 0) >= min_shapes
            or page in self.type3_pages
            or any(image[0] == page for image in self.images)
        )


_TEXT_SHOW = {"Tj", "TJ", "'", '"'}
_SUBPATH = {"m", "re"}
_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_NO_FILL = {"S", "s", "n"}
#: Operators that change nothing the walk notes: passed over at once (most of a
#: drawing's operators are these).
# fmt: off
_PASSED = frozenset((
    "l", "c", "v", "y", "h", "w", "J", "j", "M", "d", "ri", "i", "W", "W*",
    "ET", "EMC", "BMC", "BDC", "MP", "DP", "Tc", "Tw", "Tz", "Ts", "d0", "d1",
))
# fmt: on
_FILLING_RENDER_MODES = (0, 2, 4, 6)  # fill, fill + stroke, and the same adding to the clip


def _cmyk(args: list[Any]) -> CMYK | None:
    try:
        c, m, y, k = (float(v) for v in args[:4])
    except (TypeError, ValueError):
        return None
    return c, m, y, k


class _Walker:
    """Follows q/Q/cm, colour, text and Do through every content stream of a page."""

    def __init__(
        self, scan: Scan, page: int, trim: tuple[float, float, float, float] | None = None
    ) -> None:
        self.scan = scan
        self.page = page
        self.trim = trim  # text whose origin lies outside it is not measured
        self.active: set[tuple[int, int]] = set()  # guards against cyclic forms
        self.type3_done: set[tuple[int, int]] = set()

    def walk(
        self,
        stream: Any,
        resources: Any,
        ctm: Matrix,
        depth: int = 0,
        inherited: _State | None = None,
    ) -> None:
        """Walk one content stream; ``inherited`` is the graphics state a form starts with."""
        import pikepdf

        if depth > 24:
            return
        key = stream.objgen if isinstance(stream, pikepdf.Object) else (0, 0)
        if key != (0, 0):
            if key in self.active:
                return
            self.active.add(key)
        try:
            instructions = pikepdf.parse_content_stream(stream)
        except Exception as exc:
            self.scan.unreadable.append((self.page, f"{type(exc).__name__}: {exc}"))
            self.active.discard(key)
            return
        if resources is None:
            resources = pikepdf.Dictionary()
        state = replace(inherited, ctm=ctm) if inherited is not None else _State(ctm=ctm)
        stack: list[_State] = []
        tm: Matrix = IDENTITY
        subpaths = 0  # of the path being built
        for instruction in instructions:
            op = str(instruction.operator)
            if op in _PASSED:
                continue
            if op in _SUBPATH:
                subpaths += 1
                continue
            if op in _FILL:
                shapes = self.scan.filled_shapes
                shapes[self.page] = shapes.get(self.page, 0) + subpaths
                subpaths = 0
                continue
            if op in _NO_FILL:
                subpaths = 0
                continue
            if op == "INLINE IMAGE":
                self._inline_image(instruction, state, resources)
                continue
            args = list(instruction.operands)
            try:
                if op == "q":
                    stack.append(state.copy())
                elif op == "Q":
                    if stack:
                        state = stack.pop()
                elif op == "cm":
                    state.ctm = mul(as_matrix(args), state.ctm)
                elif op in ("rg", "RG"):
                    self._colour(RGB, "DeviceRGB", f"{op} (DeviceRGB colour)")
                    if op == "rg":
                        state.fill, state.fill_cmyk = (RGB, "DeviceRGB"), None
                    else:
                        state.stroke = (RGB, "DeviceRGB")
                elif op in ("k", "K"):
                    self._ink(args)
                    if op == "k":
                        state.fill, state.fill_cmyk = (CMYK_SPACE, "DeviceCMYK"), _cmyk(args)
                    else:
                        state.stroke = (CMYK_SPACE, "DeviceCMYK")
                elif op in ("g", "G"):
                    if op == "g":
                        state.fill, state.fill_cmyk = (GRAY, "DeviceGray"), None
                    else:
                        state.stroke = (GRAY, "DeviceGray")
                elif op in ("cs", "CS"):
                    space = colour_space(args[0], resources)
                    if op == "cs":
                        state.fill, state.fill_cmyk = space, None
                        if space[0] == CMYK_SPACE:
                            # The initial colour: 0 0 0 1 in DeviceCMYK, all zeros in ICC CMYK.
                            black = 1.0 if space[1] == "DeviceCMYK" else 0.0
                            state.fill_cmyk = (0.0, 0.0, 0.0, black)
                    else:
                        state.stroke = space
                    if bad_colour(space[0]):
                        self._colour(*space, f"{op} to a {space[1]} colour space")
                elif op in ("sc", "scn", "SC", "SCN"):
                    space = state.fill if op in ("sc", "scn") else state.stroke
                    if space[0] == CMYK_SPACE and len(args) >= 4:
                        self._ink(args[:4])
                    if op in ("sc", "scn"):
                        plain = space[0] == CMYK_SPACE and len(args) == 4
                        state.fill_cmyk = _cmyk(args) if plain else None
                    if args and isinstance(args[-1], pikepdf.Name):
                        self._pattern(args[-1], resources, state)
                elif op == "sh" and args:
                    shading = resources.get("/Shading", {}).get(args[0])
                    self._shading(shading, resources)
                elif op == "gs" and args:
                    ext = resources.get("/ExtGState", {}).get(args[0])
                    self._ext_gstate(ext, str(args[0]))
                elif op == "BT":
                    tm = IDENTITY
                elif op == "Tm":
                    tm = as_matrix(args)
                elif op in ("Td", "TD") and len(args) == 2:
                    tm = mul((1.0, 0.0, 0.0, 1.0, float(args[0]), float(args[1])), tm)
                    if op == "TD":
                        state.leading = -float(args[1])
                elif op == "TL" and args:
                    state.leading = float(args[0])
                elif op == "T*":
                    tm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tm)
                elif op == "Tf" and len(args) == 2:
                    state.font_size = float(args[1])
                    self._type3(resources.get("/Font", {}).get(args[0]), depth)
                elif op == "Tr" and args:
                    state.render_mode = int(args[0])
                elif op in _TEXT_SHOW:
                    if op in ("'", '"'):  # these move to the next line first
                        tm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tm)
                    self._text(state, tm)
                elif op == "Do" and args:
                    xobject = resources.get("/XObject", {}).get(args[0])
                    self._do(xobject, str(args[0]), state, resources, depth)
            except (ValueError, TypeError, IndexError, AttributeError, KeyError) as exc:
                self.scan.unreadable.append((self.page, f"{op}: {exc}"))
        self.active.discard(key)

    # --- what the operators do --------------------------------------------------------

    def _colour(self, kind: str, label: str, how: str) -> None:
        self.scan.colour.append(("FAIL", self.page, f"{label} colour used ({how.split()[0]})"))

    def _ink(self, args: list[Any]) -> None:
        try:
            total = sum(float(v) for v in args[:4]) * 100
        except (TypeError, ValueError):
            return
        self.scan.ink.append((total, self.page))

    def _text(self, state: _State, tm: Matrix) -> None:
        if state.render_mode in (3, 7):  # invisible text (an OCR layer, say)
            return
        _, _, c, d, x, y = mul(tm, state.ctm)
        if self.trim is not None and not contains(self.trim, (x, y, x, y)):
            # Slug lines and marks in the part cut off: printed, then trimmed away.
            self.scan.text_outside_trim.append(self.page)
            return
        # The height of the glyph box: the y unit vector's length, times the font size.
        size = abs(state.font_size) * math.hypot(c, d)
        self.scan.text_sizes.append((size, self.page))
        fill = state.fill_cmyk
        filled = state.render_mode in _FILLING_RENDER_MODES
        if filled and fill is not None and rich_black(fill):
            self.scan.rich_black.append((self.page, fill))
        elif filled and fill is not None and size < SMALL_TEXT_PT - 0.01 and plates(fill) > 2:
            self.scan.small_on_plates.append((self.page, fill, size))

    def _type3(self, font: Any, depth: int) -> None:
        """Colours inside the glyph procedures of a Type3 font (once per font)."""
        if font is None or name_of(font.get("/Subtype")) != "/Type3":
            return
        self.scan.type3_pages.add(self.page)
        key = font.objgen
        if key in self.type3_done:
            return
        self.type3_done.add(key)
        resources = font.get("/Resources")
        for proc in dict(font.get("/CharProcs", {})).values():
            self.walk(proc, resources, IDENTITY, depth + 1)

    def _do(self, xobject: Any, name: str, state: _State, resources: Any, depth: int) -> None:
        if xobject is None:
            return
        subtype = name_of(xobject.get("/Subtype"))
        label = name.lstrip("/")
        if subtype == "/Image":
            self._image(
                label,
                int(xobject.get("/Width", 0)),
                int(xobject.get("/Height", 0)),
                xobject.get("/ColorSpace"),
                state.ctm,
                bool(xobject.get("/ImageMask", False)),
                resources,
            )
            smask = xobject.get("/SMask")
            if smask is not None and name_of(smask) != "/None":
                self.scan.transparency.append((self.page, f"image {label} has a soft mask"))
        elif subtype == "/Form":
            transparency_group(
                self.scan, self.page, xobject.get("/Group"), resources, "a transparency group"
            )
            ctm = mul(as_matrix(xobject.get("/Matrix", IDENTITY)), state.ctm)
            self.walk(xobject, xobject.get("/Resources", resources), ctm, depth + 1, state)

    def _inline_image(self, instruction: Any, state: _State, resources: Any) -> None:
        try:
            image = instruction.iimage
            cs = image.obj.get("/CS", image.obj.get("/ColorSpace"))
            mask = bool(image.obj.get("/IM", image.obj.get("/ImageMask", False)))
            width, height = int(image.width), int(image.height)
        except Exception as exc:
            self.scan.unreadable.append((self.page, f"inline image: {exc}"))
            return
        self._image("inline image", width, height, cs, state.ctm, mask, resources)

    def _image(
        self,
        label: str,
        width: int,
        height: int,
        cs: Any,
        ctm: Matrix,
        mask: bool,
        resources: Any,
    ) -> None:
        if not mask and cs is not None:
            kind, space = colour_space(cs, resources)
            if bad_colour(kind):
                self.scan.colour.append(("FAIL", self.page, f"{space} image ({label})"))
        a, b, c, d, _, _ = ctm
        width_in = math.hypot(a, b) / 72
        height_in = math.hypot(c, d) / 72
        if width_in > 0 and height_in > 0 and width and height:
            self.scan.images.append(
                (self.page, label, width, height, width_in * 25.4, height_in * 25.4)
            )

    def _shading(self, shading: Any, resources: Any) -> None:
        if shading is None:
            return
        kind, label = colour_space(shading.get("/ColorSpace"), resources)
        if bad_colour(kind):
            self.scan.colour.append(("FAIL", self.page, f"{label} shading (gradient)"))
        wanted = _COMPONENTS.get(kind)
        given = _function_outputs(shading.get("/Function"))
        if wanted is not None and given and given != {wanted}:
            # WeasyPrint 70 writes a CMYK gradient's colours as three numbers (black
            # taken as transparency): a damaged gradient prints pale or not at all.
            numbers = " or ".join(str(n) for n in sorted(given))
            self.scan.colour.append(
                (
                    "FAIL",
                    self.page,
                    f"{label} shading (gradient) whose colours have {numbers} numbers where "
                    f"{label} needs {wanted} — a damaged gradient prints wrongly; give the "
                    "shape a flat colour",
                )
            )

    def _pattern(self, name: Any, resources: Any, state: _State) -> None:
        pattern = resources.get("/Pattern", {}).get(name)
        if pattern is None:
            return
        if int(pattern.get("/PatternType", 0)) == 2:
            self._shading(pattern.get("/Shading"), resources)
        else:
            # A tiling pattern's matrix maps into the default space of the page (or of
            # the form it is used in); the current CTM is an approximation of that.
            matrix = mul(as_matrix(pattern.get("/Matrix", IDENTITY)), state.ctm)
            self.walk(pattern, pattern.get("/Resources"), matrix, 1)
        ext = pattern.get("/ExtGState")
        if ext is not None:
            self._ext_gstate(ext, "pattern")

    def _ext_gstate(self, ext: Any, label: str) -> None:
        if ext is None:
            return
        for key in ("/CA", "/ca"):
            if key in ext and float(ext[key]) < 1:
                self.scan.transparency.append(
                    (self.page, f"opacity {float(ext[key]):g} ({key.lstrip('/')})")
                )
        smask = ext.get("/SMask")
        if smask is not None and name_of(smask) != "/None":
            self.scan.transparency.append((self.page, "a soft mask"))
        blend = ext.get("/BM")
        if blend is not None:
            modes = [name_of(m) for m in blend] if hasattr(blend, "__iter__") else [name_of(blend)]
            if not set(modes) <= {"/Normal", "/Compatible"}:
                self.scan.transparency.append((self.page, f"blend mode {modes[0].lstrip('/')}"))


def scan_pages(pdf: Any) -> Scan:
    import pikepdf

    scan = Scan()
    for number, page in enumerate(pdf.pages, start=1):
        walker = _Walker(scan, number, page_box(page, "/TrimBox"))
        resources = inherited(page, "/Resources") or pikepdf.Dictionary()
        transparency_group(
            scan, number, page.obj.get("/Group"), resources, "the page is a transparency group"
        )
        if "/Contents" in page.obj:
            walker.walk(page, resources, IDENTITY)
        for annot, stream in appearances(page):
            matrix = appearance_matrix(annot, stream)
            walker.walk(stream, stream.get("/Resources", resources), matrix)
    return scan
