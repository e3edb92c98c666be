"""Checks on a finished PDF, whoever made it: boxes, pages, fonts, colour, images, QR.

``preflight(path, profile)`` opens any PDF (not only one leaflet built) and returns a
:class:`Report`: one :class:`Check` per rule, each PASS, WARN or FAIL with the pages
concerned and one plain-language line saying what is wrong and what to do.

Profiles:

- ``print``: a print shop's rules for a folded A5 leaflet (A5 trim, bleed, a multiple
  of 4 pages, PDF/X-4 basics and output intent, CMYK only, no rich black text, 300 % ink,
  300 ppi, QR module and symbol size).
- ``office``: an A4-landscape file for an office printer (no CMYK, output-intent or
  bleed checks; any page count).
- ``web``: a screen PDF (fonts embedded, QR decodes, text size, page count).

The structure is read with pikepdf; the QR codes are decoded by zxing-cpp from pages
rasterised by pypdfium2. All three are imported only when a check runs, so
``leaflet --help`` stays fast. Nothing here knows how leaflet builds its PDFs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .project import A5_HEIGHT_MM, A5_WIDTH_MM, MM_PER_PT

Status = Literal["PASS", "WARN", "FAIL"]
PROFILES = ("print", "office", "web")

A5_MM = (A5_WIDTH_MM, A5_HEIGHT_MM)
A4_LANDSCAPE_MM = (297.0, 210.0)
SIZE_TOLERANCE_MM = 0.1
BLEED_MM = 3.0
MAX_INK = 300.0
MIN_PPI = 300.0
POOR_PPI = 150.0
#: Pages are searched for QR codes at this resolution: a 0.4 mm module is 3 pixels,
#: which zxing reads (codes with modules under about 0.25 mm may not be found; they
#: fail on paper anyway). Searching whole pages at 600 dpi cost twenty times as much.
QR_SEARCH_DPI = 200
#: Each code found is rendered again at this resolution, alone, to measure it.
QR_DPI = 600
MIN_QR_MODULE_MM = 0.4
MIN_QR_WIDTH_MM = 20.0  # the symbol with its 4-module quiet zone
QR_QUIET_MODULES = 4
RICH_BLACK_K = 0.9
MIN_TEXT_PT = 6.0
_RANK = {"PASS": 0, "WARN": 1, "FAIL": 2}

#: Which checks each profile runs, in report order.
CHECKS: dict[str, tuple[str, ...]] = {
    "print": (
        "page-boxes",
        "page-count",
        "fonts",
        "pdfx",
        "output-intent",
        "colour",
        "black-text",
        "transparency",
        "ink",
        "images",
        "qr",
        "small-text",
    ),
    "office": ("page-boxes", "page-count", "fonts", "images", "qr", "small-text"),
    "web": ("page-count", "fonts", "qr", "small-text"),
}
ALL_CHECKS = CHECKS["print"]


class PreflightError(Exception):
    """The file could not be checked at all (missing, not a PDF, damaged)."""


@dataclass(frozen=True)
class Check:
    """The result of one rule: its id, PASS/WARN/FAIL, the pages concerned and why."""

    id: str
    status: Status
    pages: tuple[int, ...]
    detail: str


@dataclass(frozen=True)
class Report:
    """Every check run on one file under one profile."""

    file: str
    profile: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings are allowed)."""
        return all(c.status != "FAIL" for c in self.checks)

    @property
    def skipped(self) -> tuple[str, ...]:
        """Checks the profile does not run."""
        return tuple(c for c in ALL_CHECKS if c not in CHECKS[self.profile])

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "profile": self.profile,
            "ok": self.ok,
            "checks": [
                {"id": c.id, "status": c.status, "pages": list(c.pages), "detail": c.detail}
                for c in self.checks
            ],
        }


# --- helpers ----------------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: m × n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _matrix(values: Iterable[Any]) -> Matrix:
    nums = [float(v) for v in values]
    if len(nums) != 6:
        return IDENTITY
    return (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5])


def _pages_text(pages: Iterable[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    numbers = sorted(set(pages))
    runs: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and (n is None or n != prev + 1):  # type: ignore[operator]
            runs.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(runs)


def _check(check_id: str, findings: list[tuple[Status, int | None, str]], ok: str) -> Check:
    """Fold (status, page, message) findings into one row; ``ok`` is the PASS detail."""
    if not findings:
        return Check(check_id, "PASS", (), ok)
    worst: Status = max((f[0] for f in findings), key=lambda s: _RANK[s])
    pages = tuple(sorted({p for s, p, _ in findings if p is not None and s == worst}))
    messages: dict[str, list[int]] = {}
    for status, page, message in findings:
        if status == worst:
            messages.setdefault(message, [])
            if page is not None:
                messages[message].append(page)
    parts = []
    for message, where in messages.items():
        word = "page" if len(set(where)) == 1 else "pages"
        parts.append(f"{message} ({word} {_pages_text(where)})" if where else message)
    others = sum(1 for f in findings if f[0] != worst)
    detail = "; ".join(parts)
    if others:
        detail += f"; and {others} less serious finding{'s' if others != 1 else ''}"
    return Check(check_id, worst, pages, detail)


def _name(obj: Any) -> str:
    return str(obj) if obj is not None else ""


# --- colour spaces ----------------------------------------------------------------------

_RGB = "RGB"
_CMYK = "CMYK"
_GRAY = "gray"
_LAB = "Lab"
_PATTERN = "pattern"
_SPOT = "spot"
_UNKNOWN = "unknown"


def _space(cs: Any, resources: Any = None, depth: int = 0) -> tuple[str, str]:
    """(kind, label) of a colour space given by name, resource name or array."""
    import pikepdf

    if depth > 8 or cs is None:
        return _UNKNOWN, "unknown"
    if isinstance(cs, pikepdf.Name):
        name = str(cs)
        simple = {
            "/DeviceRGB": (_RGB, "DeviceRGB"),
            "/RGB": (_RGB, "DeviceRGB"),
            "/DeviceCMYK": (_CMYK, "DeviceCMYK"),
            "/CMYK": (_CMYK, "DeviceCMYK"),
            "/DeviceGray": (_GRAY, "DeviceGray"),
            "/G": (_GRAY, "DeviceGray"),
            "/Pattern": (_PATTERN, "Pattern"),
        }
        named = resources.get("/ColorSpace", {}) if resources is not None else {}
        # A resource name wins over the inline-image abbreviations (/RGB, /CMYK, /G).
        own = isinstance(named, pikepdf.Dictionary) and name in named
        if own and not name.startswith("/Device"):
            return _space(named[name], resources, depth + 1)
        if name in simple:
            return simple[name]
        return _UNKNOWN, name.lstrip("/")
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        family = str(cs[0])
        if family == "/ICCBased":
            n = int(cs[1].get("/N", 0))
            return {1: (_GRAY, "ICC gray"), 3: (_RGB, "ICC RGB"), 4: (_CMYK, "ICC CMYK")}.get(
                n, (_UNKNOWN, f"ICC with {n} components")
            )
        if family == "/CalRGB":
            return _RGB, "CalRGB"
        if family == "/CalGray":
            return _GRAY, "CalGray"
        if family == "/Lab":
            return _LAB, "Lab"
        if family in ("/Indexed", "/I") and len(cs) > 1:
            kind, label = _space(cs[1], resources, depth + 1)
            return kind, f"Indexed {label}"
        if family == "/Pattern":
            if len(cs) > 1:
                kind, label = _space(cs[1], resources, depth + 1)
                return kind, f"Pattern over {label}"
            return _PATTERN, "Pattern"
        if family in ("/Separation", "/DeviceN"):
            return _SPOT, family.lstrip("/")
        return _space(cs[0], resources, depth + 1)
    return _UNKNOWN, "unknown"


def _bad_colour(kind: str) -> bool:
    return kind in (_RGB, _LAB)


def _appearances(page: Any) -> list[tuple[Any, Any]]:
    """(annotation, normal appearance stream) for a page's annotations (one per state)."""
    import pikepdf

    found: list[tuple[Any, Any]] = []
    for annot in page.obj.get("/Annots", []):
        appearance = annot.get("/AP", {}).get("/N")
        if isinstance(appearance, pikepdf.Stream):
            found.append((annot, appearance))
        elif isinstance(appearance, pikepdf.Dictionary):
            found.extend((annot, s) for s in appearance.values() if isinstance(s, pikepdf.Stream))
    return found


def _appearance_streams(page: Any) -> list[Any]:
    """The normal appearance streams of a page's annotations (one, or one per state)."""
    return [stream for _, stream in _appearances(page)]


def _rect(value: Any) -> tuple[float, float, float, float] | None:
    """A rectangle array as (x0, y0, x1, y1) with x0 <= x1 and y0 <= y1, or None."""
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _appearance_matrix(annot: Any, stream: Any) -> Matrix:
    """Where an appearance stream lands on the page: its /Matrix, then its box fitted to /Rect."""
    matrix = _matrix(stream.get("/Matrix", IDENTITY))
    rect = _rect(annot.get("/Rect"))
    bbox = _rect(stream.get("/BBox"))
    if rect is None or bbox is None:
        return matrix
    corners = [
        _mul((1.0, 0.0, 0.0, 1.0, x, y), matrix)[4:]
        for x in (bbox[0], bbox[2])
        for y in (bbox[1], bbox[3])
    ]
    x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
    y0, y1 = min(c[1] for c in corners), max(c[1] for c in corners)
    if x1 - x0 < 1e-6 or y1 - y0 < 1e-6:
        return matrix
    sx, sy = (rect[2] - rect[0]) / (x1 - x0), (rect[3] - rect[1]) / (y1 - y0)
    return _mul(matrix, (sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy))


def _transparency_group(scan: _Scan, page: int, group: Any, resources: Any, what: str) -> None:
    """Note a transparency group, and an RGB or Lab space it blends in (PDF/X flags both)."""
    if group is None or _name(group.get("/S")) != "/Transparency":
        return
    scan.transparency.append((page, what))
    if group.get("/CS") is not None:
        kind, label = _space(group.get("/CS"), resources)
        if _bad_colour(kind):
            scan.colour.append(("FAIL", page, f"{label} blending space of {what}"))


# --- walking the content streams --------------------------------------------------------


CMYK = tuple[float, float, float, float]


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: tuple[str, str] = (_GRAY, "DeviceGray")
    stroke: tuple[str, str] = (_GRAY, "DeviceGray")
    font_size: float = 0.0
    render_mode: int = 0
    fill_cmyk: CMYK | None = None  # the fill colour's values while the fill space is CMYK
    leading: float = 0.0

    def copy(self) -> _State:
        return replace(self)


@dataclass
class _Scan:
    """Everything the content-stream walk found, per page."""

    colour: list[tuple[Status, int | None, str]] = field(default_factory=list)
    transparency: list[tuple[int, str]] = field(default_factory=list)
    ink: list[tuple[float, int]] = field(default_factory=list)
    images: list[tuple[int, str, int, int, float, float]] = field(default_factory=list)
    text_sizes: list[tuple[float, int]] = field(default_factory=list)
    text_outside_trim: list[int] = field(default_factory=list)  # a page per text run
    rich_black: list[tuple[int, CMYK]] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)


_TEXT_SHOW = {"Tj", "TJ", "'", '"'}
_FILLING_RENDER_MODES = (0, 2, 4, 6)  # fill, fill + stroke, and the same adding to the clip


def _rich_black(colour: CMYK) -> bool:
    """K at 90 % or more with any cyan, magenta or yellow added."""
    c, m, y, k = colour
    return k >= RICH_BLACK_K - 1e-6 and c + m + y > 0


def _cmyk(args: list[Any]) -> CMYK | None:
    try:
        c, m, y, k = (float(v) for v in args[:4])
    except (TypeError, ValueError):
        return None
    return c, m, y, k


class _Walker:
    """Follows q/Q/cm, colour, text and Do through every content stream of a page."""

    def __init__(
        self, scan: _Scan, page: int, trim: tuple[float, float, float, float] | None = None
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
        for instruction in instructions:
            op = str(instruction.operator)
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
                    state.ctm = _mul(_matrix(args), state.ctm)
                elif op in ("rg", "RG"):
                    self._colour(_RGB, "DeviceRGB", f"{op} (DeviceRGB colour)")
                    if op == "rg":
                        state.fill, state.fill_cmyk = (_RGB, "DeviceRGB"), None
                    else:
                        state.stroke = (_RGB, "DeviceRGB")
                elif op in ("k", "K"):
                    self._ink(args)
                    if op == "k":
                        state.fill, state.fill_cmyk = (_CMYK, "DeviceCMYK"), _cmyk(args)
                    else:
                        state.stroke = (_CMYK, "DeviceCMYK")
                elif op in ("g", "G"):
                    if op == "g":
                        state.fill, state.fill_cmyk = (_GRAY, "DeviceGray"), None
                    else:
                        state.stroke = (_GRAY, "DeviceGray")
                elif op in ("cs", "CS"):
                    space = _space(args[0], resources)
                    if op == "cs":
                        state.fill, state.fill_cmyk = space, None
                        if space[0] == _CMYK:
                            # The initial colour: 0 0 0 1 in DeviceCMYK, all zeros in ICC CMYK.
                            black = 1.0 if space[1] == "DeviceCMYK" else 0.0
                            state.fill_cmyk = (0.0, 0.0, 0.0, black)
                    else:
                        state.stroke = space
                    if _bad_colour(space[0]):
                        self._colour(*space, f"{op} to a {space[1]} colour space")
                elif op in ("sc", "scn", "SC", "SCN"):
                    space = state.fill if op in ("sc", "scn") else state.stroke
                    if space[0] == _CMYK and len(args) >= 4:
                        self._ink(args[:4])
                    if op in ("sc", "scn"):
                        plain = space[0] == _CMYK and len(args) == 4
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
                    tm = _matrix(args)
                elif op in ("Td", "TD") and len(args) == 2:
                    tm = _mul((1.0, 0.0, 0.0, 1.0, float(args[0]), float(args[1])), tm)
                    if op == "TD":
                        state.leading = -float(args[1])
                elif op == "TL" and args:
                    state.leading = float(args[0])
                elif op == "T*":
                    tm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tm)
                elif op == "Tf" and len(args) == 2:
                    state.font_size = float(args[1])
                    self._type3(resources.get("/Font", {}).get(args[0]), depth)
                elif op == "Tr" and args:
                    state.render_mode = int(args[0])
                elif op in _TEXT_SHOW:
                    if op in ("'", '"'):  # these move to the next line first
                        tm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tm)
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
        _, _, c, d, x, y = _mul(tm, state.ctm)
        if self.trim is not None and not _contains(self.trim, (x, y, x, y)):
            # Slug lines and marks in the part cut off: printed, then trimmed away.
            self.scan.text_outside_trim.append(self.page)
            return
        # The height of the glyph box: the y unit vector's length, times the font size.
        size = abs(state.font_size) * math.hypot(c, d)
        self.scan.text_sizes.append((size, self.page))
        fill = state.fill_cmyk
        filled = state.render_mode in _FILLING_RENDER_MODES
        if filled and fill is not None and _rich_black(fill):
            self.scan.rich_black.append((self.page, fill))

    def _type3(self, font: Any, depth: int) -> None:
        """Colours inside the glyph procedures of a Type3 font (once per font)."""
        if font is None or _name(font.get("/Subtype")) != "/Type3":
            return
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
        subtype = _name(xobject.get("/Subtype"))
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
            if smask is not None and _name(smask) != "/None":
                self.scan.transparency.append((self.page, f"image {label} has a soft mask"))
        elif subtype == "/Form":
            _transparency_group(
                self.scan, self.page, xobject.get("/Group"), resources, "a transparency group"
            )
            ctm = _mul(_matrix(xobject.get("/Matrix", IDENTITY)), state.ctm)
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
            kind, space = _space(cs, resources)
            if _bad_colour(kind):
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
        kind, label = _space(shading.get("/ColorSpace"), resources)
        if _bad_colour(kind):
            self.scan.colour.append(("FAIL", self.page, f"{label} shading (gradient)"))

    def _pattern(self, name: Any, resources: Any, state: _State) -> None:
        pattern = resources.get("/Pattern", {}).get(name)
        if pattern is None:
            return
        if int(pattern.get("/PatternType", 0)) == 2:
            self._shading(pattern.get("/Shading"), resources)
        else:
            # A tiling pattern's matrix maps into the default space of the page (or of
            # the form it is used in); the current CTM is an approximation of that.
            matrix = _mul(_matrix(pattern.get("/Matrix", IDENTITY)), state.ctm)
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
        if smask is not None and _name(smask) != "/None":
            self.scan.transparency.append((self.page, "a soft mask"))
        blend = ext.get("/BM")
        if blend is not None:
            modes = [_name(m) for m in blend] if hasattr(blend, "__iter__") else [_name(blend)]
            if not set(modes) <= {"/Normal", "/Compatible"}:
                self.scan.transparency.append((self.page, f"blend mode {modes[0].lstrip('/')}"))


def _inherited(page: Any, key: str) -> Any:
    """A page attribute that may be inherited from the page tree (Resources, Rotate)."""
    node = page.obj
    for _ in range(64):
        if node is None:
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _scan(pdf: Any) -> _Scan:
    import pikepdf

    scan = _Scan()
    for number, page in enumerate(pdf.pages, start=1):
        walker = _Walker(scan, number, _box(page, "/TrimBox"))
        resources = _inherited(page, "/Resources") or pikepdf.Dictionary()
        _transparency_group(
            scan, number, page.obj.get("/Group"), resources, "the page is a transparency group"
        )
        if "/Contents" in page.obj:
            walker.walk(page, resources, IDENTITY)
        for annot, stream in _appearances(page):
            matrix = _appearance_matrix(annot, stream)
            walker.walk(stream, stream.get("/Resources", resources), matrix)
    return scan


# --- the checks ---------------------------------------------------------------------------


def _box(page: Any, name: str) -> tuple[float, float, float, float] | None:
    """A page box in points (inherited boxes are resolved by pikepdf's page helpers)."""
    value = page.obj.get(name)
    if value is None and name == "/MediaBox":
        value = page.mediabox
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _mm(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[2] - box[0]) * MM_PER_PT, (box[3] - box[1]) * MM_PER_PT


def _contains(outer: tuple[float, ...], inner: tuple[float, ...], tol: float = 0.01) -> bool:
    return (
        outer[0] <= inner[0] + tol
        and outer[1] <= inner[1] + tol
        and outer[2] >= inner[2] - tol
        and outer[3] >= inner[3] - tol
    )


def check_page_boxes(pdf: Any, profile: str) -> Check:
    """Trim size, box nesting and the MediaBox origin, page by page."""
    findings: list[tuple[Status, int | None, str]] = []
    want = A5_MM if profile == "print" else A4_LANDSCAPE_MM
    want_text = "A5 148 × 210 mm" if profile == "print" else "A4 landscape 297 × 210 mm"
    for number, page in enumerate(pdf.pages, start=1):
        media = _box(page, "/MediaBox")
        assert media is not None
        trim = _box(page, "/TrimBox")
        crop = _box(page, "/CropBox") or media  # (an inherited CropBox is not looked up)
        bleed = _box(page, "/BleedBox") or crop
        if media[0] < 0 or media[1] < 0:
            findings.append(
                (
                    "FAIL" if profile == "print" else "WARN",
                    number,
                    "MediaBox has a negative origin — some tools show such pages shifted; "
                    "move the origin to 0,0",
                )
            )
        elif media[0] != 0 or media[1] != 0:
            findings.append(("WARN", number, "MediaBox origin is not at 0,0"))
        if trim is None:
            if profile == "print":
                findings.append(
                    ("FAIL", number, "no TrimBox — the printer cannot tell where to cut; add one")
                )
            trim = crop
        width, height = _mm(trim)
        rotate = int(_inherited(page, "/Rotate") or 0) % 180
        if profile == "office" and rotate:
            width, height = height, width
        if abs(width - want[0]) > SIZE_TOLERANCE_MM or abs(height - want[1]) > SIZE_TOLERANCE_MM:
            findings.append(
                (
                    "FAIL",
                    number,
                    f"page is {width:.1f} × {height:.1f} mm, not {want_text} — "
                    "set the page size in the document",
                )
            )
        if not _contains(bleed, trim):
            findings.append(("FAIL", number, "BleedBox does not enclose the TrimBox"))
        if not _contains(media, bleed):
            findings.append(("FAIL", number, "MediaBox does not enclose the BleedBox"))
        if profile == "print":
            margin = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2])
            margin = min(margin, bleed[3] - trim[3]) * MM_PER_PT
            if margin < 0.05:
                findings.append(
                    (
                        "WARN",
                        number,
                        "no bleed — colour or pictures that touch the edge need 3 mm bleed; "
                        "fine if nothing runs to the edge",
                    )
                )
            elif margin < BLEED_MM - 0.1:
                findings.append(
                    ("WARN", number, f"bleed is only {margin:.1f} mm — printers ask for 3 mm")
                )
    return _check("page-boxes", findings, f"every page is {want_text}, boxes nested correctly")


def check_page_count(pdf: Any, profile: str) -> Check:
    """A folded leaflet has a multiple of 4 pages; office and web files any number."""
    count = len(pdf.pages)
    if count == 0:
        return Check("page-count", "FAIL", (), "the file has no pages")
    if profile != "print":
        return Check("page-count", "PASS", (), f"{count} pages")
    if count % 4:
        return Check(
            "page-count",
            "FAIL",
            (),
            f"{count} pages — a folded leaflet needs a multiple of 4 (4, 8, 12 …); "
            "add or remove pages",
        )
    return Check("page-count", "PASS", (), f"{count} pages, a multiple of 4")


def _fonts(pdf: Any) -> Iterator[tuple[int, Any]]:
    """(page, font) for every font reachable from each page's resources."""
    import pikepdf

    for number, page in enumerate(pdf.pages, start=1):
        seen: set[tuple[int, int]] = set()
        pending: list[Any] = [_inherited(page, "/Resources")]
        pending.extend(stream.get("/Resources") for stream in _appearance_streams(page))
        while pending:
            resources = pending.pop()
            if not isinstance(resources, pikepdf.Dictionary):
                continue
            if resources.objgen != (0, 0):
                if resources.objgen in seen:
                    continue
                seen.add(resources.objgen)
            for font in dict(resources.get("/Font", {})).values():
                yield number, font
                if _name(font.get("/Subtype")) == "/Type3":
                    pending.append(font.get("/Resources"))
            for xobject in dict(resources.get("/XObject", {})).values():
                if _name(xobject.get("/Subtype")) == "/Form":
                    pending.append(xobject.get("/Resources"))
            for pattern in dict(resources.get("/Pattern", {})).values():
                pending.append(pattern.get("/Resources"))


def check_fonts(pdf: Any) -> Check:
    """Every font has its font program embedded (Type3 fonts are drawn, so they are fine)."""
    findings: list[tuple[Status, int | None, str]] = []
    count = 0
    for number, font in _fonts(pdf):
        count += 1
        subtype = _name(font.get("/Subtype"))
        if subtype == "/Type3":
            continue
        parts = list(font.get("/DescendantFonts", [])) if subtype == "/Type0" else [font]
        for part in parts:
            name = _name(part.get("/BaseFont", font.get("/BaseFont"))).lstrip("/")
            descriptor = part.get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                findings.append(
                    (
                        "FAIL",
                        number,
                        f"font {name or '(unnamed)'} is not embedded — "
                        "export again with all fonts embedded",
                    )
                )
    if count == 0:
        return Check("fonts", "PASS", (), "no fonts (no text, or text drawn as outlines)")
    return _check("fonts", findings, f"all fonts embedded ({count} font uses on the pages checked)")


def _pdfx_version(pdf: Any) -> str:
    """The PDF/X version the document claims (info dictionary or XMP), or ""."""
    version = (
        _name(pdf.docinfo.get("/GTS_PDFXVersion")) if "/GTS_PDFXVersion" in pdf.docinfo else ""
    )
    if version:
        return version
    m = re.search(r"GTS_PDFXVersion\s*(?:=\s*[\"']|>)\s*(PDF/X-[^<\"']+)", _xmp(pdf))
    return m[1].strip() if m else ""


def _xmp(pdf: Any) -> str:
    """The document's XMP metadata as text, or "" when it has none or it cannot be read."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return ""
    try:
        return str(metadata.read_bytes().decode("utf-8", "replace"))
    except Exception:
        return ""


_ICC_CLASSES = {
    "scnr": "input (scanner or camera)",
    "mntr": "display",
    "prtr": "output (printer)",
    "link": "device link",
    "spac": "colour space conversion",
    "abst": "abstract",
    "nmcl": "named colour",
}


def _icc_header(data: bytes) -> tuple[str, str] | None:
    """(device class, colour space) from an ICC profile's header, or None if not ICC."""
    if len(data) < 128 or data[36:40] != b"acsp":
        return None
    return data[12:16].decode("latin-1"), data[16:20].decode("latin-1")


def check_output_intent(pdf: Any) -> Check:
    """A PDF/X output intent: an ICC CMYK printer profile, a condition and a registry."""
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if _name(i.get("/S")) == "/GTS_PDFX"]
    if not intents:
        return Check(
            "output-intent",
            "FAIL",
            (),
            "no PDF/X output intent — the file does not say which press condition its CMYK "
            "is for; export as PDF/X-4 with a CMYK profile (FOGRA39 or FOGRA51 for coated paper)",
        )
    intent = intents[0]
    profile = intent.get("/DestOutputProfile")
    condition = _name(intent.get("/OutputConditionIdentifier"))
    findings: list[tuple[Status, int | None, str]] = []
    advice = "use a CMYK press profile such as FOGRA39 or FOGRA51"
    size = 0
    if profile is None:
        findings.append(
            (
                "FAIL",
                None,
                f"the output intent ({condition or 'unnamed'}) has no ICC profile — embed the "
                "CMYK profile of the press condition",
            )
        )
    else:
        components = int(profile.get("/N", 0))
        if components != 4:
            findings.append(
                (
                    "FAIL",
                    None,
                    f"the output intent profile has {components} components, not 4 (CMYK) — "
                    + advice,
                )
            )
        try:
            data = bytes(profile.read_bytes())
        except Exception as exc:  # pikepdf raises its own errors for broken streams
            data = b""
            findings.append(("FAIL", None, f"the output intent profile cannot be read ({exc})"))
        size = len(data)
        header = _icc_header(data)
        if data and header is None:
            findings.append(
                ("FAIL", None, "the output intent profile is not an ICC profile — " + advice)
            )
        elif header is not None and header != ("prtr", "CMYK"):
            device, space = header
            kind = _ICC_CLASSES.get(device, "unknown")
            findings.append(
                (
                    "FAIL",
                    None,
                    f"the output intent profile is a {space.strip() or '?'} {kind} profile "
                    f"(colour space '{space.strip()}', device class '{device.strip()}'), "
                    "not a CMYK printer profile — " + advice,
                )
            )
    if not condition:
        findings.append(
            (
                "FAIL",
                None,
                "the output intent has no OutputConditionIdentifier — name the press "
                "condition (for example FOGRA39)",
            )
        )
    if not _name(intent.get("/RegistryName")):
        findings.append(
            (
                "WARN",
                None,
                f"output intent {condition or '(unnamed)'} has no RegistryName — printers' "
                "preflight tools look for RegistryName, e.g. http://www.color.org; add it",
            )
        )
    version = _pdfx_version(pdf)
    ok = (
        f"{version + ', ' if version else ''}output intent {condition} "
        f"(CMYK profile, {size / 1024:.0f} KB)"
    )
    return _check("output-intent", findings, ok)


def _annotations_in_print_area(pdf: Any) -> list[tuple[int, str]]:
    """(page, subtype) of visible annotations over the BleedBox (or TrimBox, or page)."""
    found: list[tuple[int, str]] = []
    for number, page in enumerate(pdf.pages, start=1):
        area = _box(page, "/BleedBox") or _box(page, "/TrimBox") or _box(page, "/MediaBox")
        assert area is not None
        for annot in page.obj.get("/Annots", []):
            subtype = _name(annot.get("/Subtype")).lstrip("/") or "unknown"
            if subtype in ("PrinterMark", "TrapNet"):
                continue
            try:
                hidden = bool(int(annot.get("/F", 0)) & 2)
            except (TypeError, ValueError):
                hidden = False
            rect = _rect(annot.get("/Rect"))
            if hidden or rect is None:
                continue
            overlaps = (
                rect[0] < area[2] and rect[2] > area[0] and rect[1] < area[3] and rect[3] > area[1]
            )
            if overlaps:
                found.append((number, subtype))
    return found


def _trapped(pdf: Any) -> str:
    """The Trapped value: the Info entry (True, False, Unknown …), else XMP pdf:Trapped."""
    if "/Trapped" in pdf.docinfo:
        return str(pdf.docinfo["/Trapped"]).lstrip("/")
    m = re.search(r"pdf:Trapped\s*(?:=\s*[\"']|>)\s*([A-Za-z]+)", _xmp(pdf))
    return m[1] if m else ""


def check_pdfx(pdf: Any) -> Check:
    """The file claims PDF/X, and has what PDF/X asks of every file: ID, TrimBox, Trapped."""
    version = _pdfx_version(pdf)
    findings: list[tuple[Status, int | None, str]] = []
    if not version:
        findings.append(
            (
                "WARN",
                None,
                "the file does not claim PDF/X — a print shop usually asks for PDF/X-4; "
                "export the print file as PDF/X-4",
            )
        )
    else:
        if "/ID" not in pdf.trailer:
            findings.append(
                (
                    "FAIL",
                    None,
                    "PDF/X requires a file identifier (ID) and this file has none — "
                    "export it again as PDF/X",
                )
            )
        for number, page in enumerate(pdf.pages, start=1):
            if "/TrimBox" not in page.obj:
                findings.append(
                    ("FAIL", number, "no TrimBox — PDF/X requires one on every page; add it")
                )
        trapped = _trapped(pdf)
        if trapped not in ("True", "False"):
            findings.append(
                (
                    "WARN",
                    None,
                    f"Trapped is {trapped or 'not set'} — PDF/X needs it set to True or False "
                    "in the document information; set it to False unless the file was trapped",
                )
            )
    annotations = _annotations_in_print_area(pdf)
    for number, subtype in annotations:
        what = "link annotations" if subtype == "Link" else f"{subtype} annotations"
        findings.append(
            (
                "WARN",
                number,
                f"{what} inside the page area — PDF/X forbids them; "
                "remove links from the print file",
            )
        )
    ok = f"claims {version}; has a file identifier, a TrimBox on every page and Trapped set"
    return _check("pdfx", findings, ok)


def check_colour(scan: _Scan) -> Check:
    """No RGB or Lab colour anywhere: content streams, images, gradients."""
    result = _check(
        "colour", scan.colour, "no RGB or Lab colour found (content, images, gradients scanned)"
    )
    if result.status == "PASS":
        return result
    advice = " — convert to CMYK (in CSS and SVG: device-cmyk colours)"
    return replace(result, detail=result.detail + advice)


def check_black_text(scan: _Scan) -> Check:
    """Text is 100 % K, not rich black (K at 90 % or more with C, M or Y added)."""
    if not scan.rich_black:
        return Check("black-text", "PASS", (), "no rich black text")
    pages = sorted({p for p, _ in scan.rich_black})
    colours = list(dict.fromkeys(colour for _, colour in scan.rich_black))
    labels = [
        "C {:.0f} M {:.0f} Y {:.0f} K {:.0f}".format(*(v * 100 for v in colour))
        for colour in colours[:3]
    ]
    more = f" and {len(colours) - 3} more" if len(colours) > 3 else ""
    word = "page" if len(pages) == 1 else "pages"
    return Check(
        "black-text",
        "WARN",
        tuple(pages),
        f"text on {word} {_pages_text(pages)} is rich black ({', '.join(labels)}{more}) — "
        "printers ask for 100 % K text; set black text to device-cmyk(0 0 0 1)",
    )


def check_transparency(scan: _Scan, pdfx: str) -> Check:
    """Transparency is allowed by PDF/X-4 and forbidden by PDF/X-1a."""
    if not scan.transparency:
        return Check("transparency", "PASS", (), "no transparency")
    pages = tuple(sorted({p for p, _ in scan.transparency}))
    kinds = list(dict.fromkeys(m for _, m in scan.transparency))
    what = ", ".join(kinds[:3]) + (f" and {len(kinds) - 3} more" if len(kinds) > 3 else "")
    if pdfx.upper().startswith(("PDF/X-1", "PDF/X-3")):  # both forbid transparency
        return Check(
            "transparency",
            "FAIL",
            pages,
            f"transparency ({what}) in a file that claims {pdfx}, which forbids it — "
            "flatten the transparency or deliver PDF/X-4",
        )
    return Check(
        "transparency",
        "WARN",
        pages,
        f"transparency ({what}) — fine for PDF/X-4, not for printers that ask for PDF/X-1a",
    )


def check_ink(scan: _Scan) -> Check:
    """The largest C+M+Y+K of any vector fill or stroke colour."""
    note = "vector colours only; images are not measured"
    if not scan.ink:
        return Check("ink", "PASS", (), f"no CMYK colours set ({note})")
    worst, page = max(scan.ink)
    over = sorted({p for total, p in scan.ink if total > MAX_INK + 0.05})
    if over:
        return Check(
            "ink",
            "FAIL",
            tuple(over),
            f"total ink up to {worst:.0f} % on page {page}, more than {MAX_INK:.0f} % — "
            f"reduce the CMYK values ({note})",
        )
    return Check("ink", "PASS", (), f"total ink at most {worst:.0f} % ({note})")


def check_images(scan: _Scan) -> Check:
    """Each placed image has at least 300 ppi at the size it is printed."""
    findings: list[tuple[Status, int | None, str]] = []
    for page, label, width, height, width_mm, height_mm in scan.images:
        ppi = min(width / width_mm, height / height_mm) * 25.4
        if ppi < MIN_PPI - 0.5:
            status: Status = "FAIL" if ppi < POOR_PPI else "WARN"
            findings.append(
                (
                    status,
                    page,
                    f"image {label} ({width} × {height} px placed at {width_mm:.0f} × "
                    f"{height_mm:.0f} mm) is {ppi:.0f} ppi, below {MIN_PPI:.0f} — "
                    "use a larger picture or place it smaller",
                )
            )
    if not scan.images:
        return Check("images", "PASS", (), "no images placed")
    return _check("images", findings, f"all {len(scan.images)} placed images at 300 ppi or more")


_QR_BYTE_CAPACITY_M = (14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412)


def check_qr(path: Path, profile: str) -> Check:
    """Decode every QR code from pages rasterised at printer resolution."""
    import pypdfium2 as pdfium
    import zxingcpp

    findings: list[tuple[Status, int | None, str]] = []
    found: list[str] = []
    pages: list[int] = []
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            codes = _measured_codes(page, zxingcpp)
            page.close()
            for code, dpi in codes:
                number = index + 1
                pages.append(number)
                p = code.position
                corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
                side_px = min(
                    math.dist((a.x, a.y), (b.x, b.y))
                    for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
                )
                symbol_mm = side_px / dpi * 25.4
                extra = code.extra if isinstance(code.extra, dict) else {}
                version_text = str(extra.get("Version", ""))
                estimated = not version_text.isdigit()
                if estimated:
                    length = len(code.bytes)
                    version = next(
                        (v for v, cap in enumerate(_QR_BYTE_CAPACITY_M, 1) if length <= cap), 15
                    )
                else:
                    version = int(version_text)
                modules = 17 + 4 * version
                # zxing gives the corners of the symbol itself, without its quiet zone.
                module_mm = symbol_mm / modules
                whole_mm = module_mm * (modules + 2 * QR_QUIET_MODULES)
                how = " (version estimated from the text length)" if estimated else ""
                found.append(
                    f"{code.text!r}, symbol {symbol_mm:.1f} mm, {whole_mm:.1f} mm with its "
                    f"white margin, module {module_mm:.2f} mm{how}"
                )
                if profile != "web" and whole_mm < MIN_QR_WIDTH_MM - 0.05:
                    findings.append(
                        (
                            "WARN",
                            number,
                            f"QR code {code.text!r} is {whole_mm:.1f} mm across with its "
                            f"4-module white margin (symbol {symbol_mm:.1f} mm), under "
                            f"{MIN_QR_WIDTH_MM:.0f} mm — print it at least "
                            f"{MIN_QR_WIDTH_MM:.0f} mm across, margin included, so phones "
                            "read it at arm's length",
                        )
                    )
                if profile != "web" and module_mm < MIN_QR_MODULE_MM:
                    findings.append(
                        (
                            "FAIL",
                            number,
                            f"QR code {code.text!r} has {module_mm:.2f} mm modules, too small "
                            f"to scan reliably (at least {MIN_QR_MODULE_MM} mm) — print the "
                            f"symbol at least {MIN_QR_MODULE_MM * modules:.0f} mm wide, "
                            "plus its white margin",
                        )
                    )
    finally:
        document.close()
    if not found:
        return Check("qr", "PASS", (), "no QR code found")
    if findings:
        result = _check("qr", findings, "")
        return replace(result, detail=f"{result.detail}; decoded: " + "; ".join(found))
    return Check("qr", "PASS", tuple(sorted(set(pages))), "decoded: " + "; ".join(found))


def _read_qr(image: Any, zxingcpp: Any) -> list[Any]:
    return list(
        zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
    )


def _measured_codes(page: Any, zxingcpp: Any) -> list[tuple[Any, float]]:
    """The QR codes on ``page``, found at QR_SEARCH_DPI, each read again at QR_DPI.

    Each code comes with the resolution its corners are in (QR_DPI, or QR_SEARCH_DPI
    if the close-up could not be read).
    """
    bitmap = page.render(scale=QR_SEARCH_DPI / 72, grayscale=True)
    found = _read_qr(bitmap.to_pil(), zxingcpp)
    bitmap.close()
    width, height = page.get_size()
    measured: list[tuple[Any, float]] = []
    for code in found:
        p = code.position
        xs = [
            c.x * 72 / QR_SEARCH_DPI
            for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        ]
        ys = [
            c.y * 72 / QR_SEARCH_DPI
            for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        ]
        margin = 36.0  # points: room for the quiet zone and for the search's inaccuracy
        left, right = max(0.0, min(xs) - margin), min(width, max(xs) + margin)
        top, bottom = max(0.0, min(ys) - margin), min(height, max(ys) + margin)
        crop = (left, height - bottom, width - right, top)  # cut off: left, bottom, right, top
        bitmap = page.render(scale=QR_DPI / 72, grayscale=True, crop=crop)
        again = [c for c in _read_qr(bitmap.to_pil(), zxingcpp) if c.text == code.text]
        bitmap.close()
        measured.append((again[0], QR_DPI) if again else (code, QR_SEARCH_DPI))
    return measured


def _qr_or_warn(path: Path, profile: str) -> Check:
    """check_qr, but a page pdfium cannot rasterise is a WARN, not a crash."""
    try:
        return check_qr(path, profile)
    except Exception as exc:  # pypdfium2 raises its own PdfiumError, among others
        return Check(
            "qr",
            "WARN",
            (),
            f"the pages could not be rasterised to look for QR codes ({exc}) — "
            "check any QR code by hand",
        )


def check_small_text(scan: _Scan) -> Check:
    """No visible text below 6 pt (font size × text matrix × CTM) inside the TrimBox.

    Text that starts outside the TrimBox (slug lines, marks) is cut off, so not measured.
    """
    outside = len(scan.text_outside_trim)
    note = (
        f" ({outside} text run{'s' if outside != 1 else ''} outside the trim, in the part "
        "cut off, not measured)"
        if outside
        else ""
    )
    if not scan.text_sizes:
        what = "no text inside the trim" if outside else "no text drawn with fonts"
        return Check("small-text", "PASS", (), what + note)
    smallest, page = min(scan.text_sizes)
    small = sorted({p for size, p in scan.text_sizes if size < MIN_TEXT_PT - 0.01})
    if small:
        return Check(
            "small-text",
            "FAIL",
            tuple(small),
            f"text as small as {smallest:.1f} pt on page {page}, below {MIN_TEXT_PT:.0f} pt — "
            "make it larger (patient leaflets: body text 10–12 pt)",
        )
    return Check("small-text", "PASS", (), f"smallest text {smallest:.1f} pt{note}")


# --- the whole run ----------------------------------------------------------------------


def preflight(path: Path, profile: str = "print") -> Report:
    """Run the profile's checks on the PDF at ``path``.

    Raises :class:`PreflightError` when the file is missing, not a PDF or too damaged
    to open; every other finding is a check in the report.
    """
    if profile not in PROFILES:
        raise PreflightError(f"unknown profile {profile!r} — use one of {', '.join(PROFILES)}")
    import pikepdf

    if not path.is_file():
        raise PreflightError(f"{path}: no such file — check the name and the folder")
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise PreflightError(f"{path}: not a PDF file (it does not start with %PDF-)")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise PreflightError(f"{path}: the PDF is password-protected — {exc}") from exc
    except (pikepdf.PdfError, OSError) as exc:
        raise PreflightError(f"{path}: cannot be read as a PDF ({exc})") from exc
    wanted = CHECKS[profile]
    with pdf:
        scan = _scan(pdf)
        runs: dict[str, Callable[[], Check]] = {
            "page-boxes": lambda: check_page_boxes(pdf, profile),
            "page-count": lambda: check_page_count(pdf, profile),
            "fonts": lambda: check_fonts(pdf),
            "pdfx": lambda: check_pdfx(pdf),
            "output-intent": lambda: check_output_intent(pdf),
            "colour": lambda: check_colour(scan),
            "black-text": lambda: check_black_text(scan),
            "transparency": lambda: check_transparency(scan, _pdfx_version(pdf)),
            "ink": lambda: check_ink(scan),
            "images": lambda: check_images(scan),
            "qr": lambda: _qr_or_warn(path, profile),
            "small-text": lambda: check_small_text(scan),
        }
        checks = [runs[c]() for c in wanted]
        if profile == "print" and pdf.is_encrypted:
            checks.append(
                Check(
                    "encryption",
                    "FAIL",
                    (),
                    "the file is encrypted — PDF/X forbids encryption and print shops "
                    "cannot process it; save it again without a password or restrictions",
                )
            )
    if scan.unreadable:
        page, message = scan.unreadable[0]
        checks.append(
            Check(
                "content-streams",
                "WARN",
                tuple(sorted({p for p, _ in scan.unreadable})),
                f"{len(scan.unreadable)} content-stream parts could not be read (first, page "
                f"{page}: {message}); the checks above may have missed something there",
            )
        )
    return Report(str(path), profile, tuple(checks))


def format_table(report: Report) -> str:
    """The report as a table for the terminal: status, check, pages, detail."""
    rows = [(c.status, c.id, _pages_text(c.pages) or "–", c.detail) for c in report.checks]
    width_id = max([len("check"), *(len(r[1]) for r in rows)])
    width_pages = max([len("pages"), *(len(r[2]) for r in rows)])
    lines = [
        f"{report.file} — profile {report.profile}",
        f"{'status':<6}  {'check':<{width_id}}  {'pages':<{width_pages}}  detail",
    ]
    lines += [f"{s:<6}  {i:<{width_id}}  {p:<{width_pages}}  {d}" for s, i, p, d in rows]
    if report.skipped:
        lines.append(f"not checked for the {report.profile} profile: {', '.join(report.skipped)}")
    fails = sum(c.status == "FAIL" for c in report.checks)
    warns = sum(c.status == "WARN" for c in report.checks)
    lines.append(
        "result: "
        + ("ok" if report.ok else "not ok")
        + f" — {fails} failed, {warns} warning{'s' if warns != 1 else ''}"
    )
    return "\n".join(lines)
