"""Reading PDF objects with pikepdf: page boxes, matrices, colour spaces, annotations.

The small vocabulary every family of checks shares. pikepdf is imported where it is
used, so importing this costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..project import MM_PER_PT

# --- helpers ----------------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m: Matrix, n: Matrix) -> Matrix:
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


def as_matrix(values: Iterable[Any]) -> Matrix:
    nums = [float(v) for v in values]
    if len(nums) != 6:
        return IDENTITY
    return (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5])


def name_of(obj: Any) -> str:
    return str(obj) if obj is not None else ""


# --- colour spaces ----------------------------------------------------------------------

RGB = "RGB"
CMYK_SPACE = "CMYK"
GRAY = "gray"
LAB = "Lab"
PATTERN = "pattern"
SPOT = "spot"
UNKNOWN = "unknown"


def colour_space(cs: Any, resources: Any = None, depth: int = 0) -> tuple[str, str]:
    """(kind, label) of a colour space given by name, resource name or array."""
    import pikepdf

    if depth > 8 or cs is None:
        return UNKNOWN, "unknown"
    if isinstance(cs, pikepdf.Name):
        name = str(cs)
        simple = {
            "/DeviceRGB": (RGB, "DeviceRGB"),
            "/RGB": (RGB, "DeviceRGB"),
            "/DeviceCMYK": (CMYK_SPACE, "DeviceCMYK"),
            "/CMYK": (CMYK_SPACE, "DeviceCMYK"),
            "/DeviceGray": (GRAY, "DeviceGray"),
            "/G": (GRAY, "DeviceGray"),
            "/Pattern": (PATTERN, "Pattern"),
        }
        named = resources.get("/ColorSpace", {}) if resources is not None else {}
        # A resource name wins over the inline-image abbreviations (/RGB, /CMYK, /G).
        own = isinstance(named, pikepdf.Dictionary) and name in named
        if own and not name.startswith("/Device"):
            return colour_space(named[name], resources, depth + 1)
        if name in simple:
            return simple[name]
        return UNKNOWN, name.lstrip("/")
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        family = str(cs[0])
        if family == "/ICCBased":
            n = int(cs[1].get("/N", 0))
            return {1: (GRAY, "ICC gray"), 3: (RGB, "ICC RGB"), 4: (CMYK_SPACE, "ICC CMYK")}.get(
                n, (UNKNOWN, f"ICC with {n} components")
            )
        if family == "/CalRGB":
            return RGB, "CalRGB"
        if family == "/CalGray":
            return GRAY, "CalGray"
        if family == "/Lab":
            return LAB, "Lab"
        if family in ("/Indexed", "/I") and len(cs) > 1:
            kind, label = colour_space(cs[1], resources, depth + 1)
            return kind, f"Indexed {label}"
        if family == "/Pattern":
            if len(cs) > 1:
                kind, label = colour_space(cs[1], resources, depth + 1)
                return kind, f"Pattern over {label}"
            return PATTERN, "Pattern"
        if family in ("/Separation", "/DeviceN"):
            return SPOT, family.lstrip("/")
        return colour_space(cs[0], resources, depth + 1)
    return UNKNOWN, "unknown"


def bad_colour(kind: str) -> bool:
    return kind in (RGB, LAB)


def appearances(page: Any) -> list[tuple[Any, Any]]:
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


def appearance_streams(page: Any) -> list[Any]:
    """The normal appearance streams of a page's annotations (one, or one per state)."""
    return [stream for _, stream in appearances(page)]


def as_rect(value: Any) -> tuple[float, float, float, float] | None:
    """A rectangle array as (x0, y0, x1, y1) with x0 <= x1 and y0 <= y1, or None."""
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def appearance_matrix(annot: Any, stream: Any) -> Matrix:
    """Where an appearance stream lands on the page: its /Matrix, then its box fitted to /Rect."""
    matrix = as_matrix(stream.get("/Matrix", IDENTITY))
    rect = as_rect(annot.get("/Rect"))
    bbox = as_rect(stream.get("/BBox"))
    if rect is None or bbox is None:
        return matrix
    corners = [
        mul((1.0, 0.0, 0.0, 1.0, x, y), matrix)[4:]
        for x in (bbox[0], bbox[2])
        for y in (bbox[1], bbox[3])
    ]
    x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
    y0, y1 = min(c[1] for c in corners), max(c[1] for c in corners)
    if x1 - x0 < 1e-6 or y1 - y0 < 1e-6:
        return matrix
    sx, sy = (rect[2] - rect[0]) / (x1 - x0), (rect[3] - rect[1]) / (y1 - y0)
    return mul(matrix, (sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy))


def inherited(page: Any, key: str) -> Any:
    """A page attribute that may be inherited from the page tree (Resources, Rotate)."""
    node = page.obj
    for _ in range(64):
        if node is None:
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def page_box(page: Any, name: str) -> tuple[float, float, float, float] | None:
    """A page box in points (inherited boxes are resolved by pikepdf's page helpers)."""
    value = page.obj.get(name)
    if value is None and name == "/MediaBox":
        value = page.mediabox
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def size_mm(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[2] - box[0]) * MM_PER_PT, (box[3] - box[1]) * MM_PER_PT


def contains(outer: tuple[float, ...], inner: tuple[float, ...], tol: float = 0.01) -> bool:
    return (
        outer[0] <= inner[0] + tol
        and outer[1] <= inner[1] + tol
        and outer[2] >= inner[2] - tol
        and outer[3] >= inner[3] - tol
    )


def xmp_text(pdf: Any) -> str:
    """The document's XMP metadata as text, or "" when it has none or it cannot be read."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return ""
    try:
        return str(metadata.read_bytes().decode("utf-8", "replace"))
    except Exception:
        return ""
