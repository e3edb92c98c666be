"""Text a stylesheet hides: found in the laid-out pages before anything is written.

A leaflet's own stylesheet may change how the leaflet looks; it must not make words
disappear. ``font-size: 0`` once built a leaflet with whole paragraphs missing and
passed preflight. So after layout every text of the HTML (in the ``<body>``, outside
inline SVG) must be drawn where it can be read, and each text box is checked for what
hides text:

* no box at all (``display: none``, or ``font-size: 0``, which WeasyPrint draws as
  nothing);
* ``visibility: hidden`` or ``collapse``;
* a font size below :data:`~leaflet.project.MIN_TEXT_PT`;
* a transparent colour, or ``opacity`` on it or around it, leaving less than
  :data:`MIN_ALPHA` of it;
* a colour that is nearly the colour behind it (paper-white text on paper), where
  that is a plain background colour: contrast below :data:`MIN_CONTRAST`;
* cut off whole by a box around it with ``overflow: hidden``.

The problem is reported at the leaflet's own stylesheet, at the declaration that does
it where one can be found, else at the words file the text comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tinycss2

from .. import content, files
from ..errors import LeafletError, Problem
from ..project import MIN_TEXT_PT

#: Text with less than this share of its colour left (alpha × opacity) cannot be seen.
MIN_ALPHA = 0.15
#: The WCAG contrast ratio below which text is taken to be the colour behind it
#: (paper-white on paper is 1; 10 % black on white about 1.25; body text needs 4.5).
MIN_CONTRAST = 1.2
_PX_PER_PT = 96 / 72
_SVG = "{http://www.w3.org/2000/svg}"
_MATHML = "{http://www.w3.org/1998/Math/MathML}"


@dataclass(frozen=True)
class Hidden:
    """One text that would not be seen, and why."""

    section: str | None  # the section it is in (from its id="section-…"), if any
    sample: str  # its first words
    why: str  # "it is set in 0.5 pt"
    property: str  # the CSS property that does it: font-size, color, visibility …


# --- colours ------------------------------------------------------------------------


def _rgb(colour: Any) -> tuple[float, float, float] | None:
    """A tinycss2 colour as sRGB (device CMYK converted plainly), or None if unknown."""
    space = getattr(colour, "space", None)
    values = tuple(float(v) for v in getattr(colour, "coordinates", ()))
    if space == "srgb" and len(values) == 3:
        return values[0], values[1], values[2]
    if space == "device-cmyk" and len(values) == 4:
        c, m, y, k = values
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


def _alpha(colour: Any) -> float:
    return float(getattr(colour, "alpha", 1.0))


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(min(max(v, 0.0), 1.0)) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- the walk -------------------------------------------------------------------------

_PAPER = (1.0, 1.0, 1.0)
Rect = tuple[float, float, float, float]


@dataclass
class _Context:
    behind: tuple[float, float, float] | None = _PAPER  # None: a picture, or unknown
    opacity: float = 1.0
    clip: Rect | None = None  # x0, y0, x1, y1 of the boxes that cut off what overflows


@dataclass
class _Found:
    seen: dict[int, int] = field(default_factory=dict)  # id(element) → letters drawn
    boxed: dict[int, Any] = field(default_factory=dict)  # id(element) → its first box
    hidden: dict[int, tuple[str, str]] = field(default_factory=dict)  # → (why, property)


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _padding_rect(box: Any) -> Rect | None:
    try:
        x, y = float(box.padding_box_x()), float(box.padding_box_y())
        return x, y, x + float(box.padding_width()), y + float(box.padding_height())
    except (AttributeError, TypeError):
        return None


def _why(box: Any, context: _Context) -> tuple[str, str] | None:
    """Why the text box ``box`` cannot be seen (what, and the CSS property), or None."""
    style = box.style
    if style["visibility"] != "visible":
        return f"it is set to visibility: {style['visibility']}", "visibility"
    size_pt = float(style["font_size"]) / _PX_PER_PT
    if size_pt < MIN_TEXT_PT - 0.01:
        return f"it is set in {size_pt:.2g} pt, below the {MIN_TEXT_PT:g} pt print allows", (
            "font-size"
        )
    colour = style["color"]
    if _alpha(colour) * context.opacity < MIN_ALPHA:
        if _alpha(colour) < MIN_ALPHA:
            return "its colour is transparent", "color"
        return f"it is faded out (opacity {context.opacity:.2g})", "opacity"
    rgb = _rgb(colour)
    if rgb is not None and context.behind is not None:
        ratio = contrast(rgb, context.behind)
        if ratio < MIN_CONTRAST:
            return "its colour is (nearly) the colour behind it", "color"
    if context.clip is not None:
        x0, y0, x1, y1 = context.clip
        left, top = float(box.position_x), float(box.position_y)
        right, bottom = left + float(box.width), top + float(box.height)
        if right <= x0 or left >= x1 or bottom <= y0 or top >= y1 or x1 <= x0 or y1 <= y0:
            return "it is cut off by a box with overflow: hidden around it", "overflow"
    return None


def _walk(box: Any, context: _Context, found: _Found) -> None:
    style = getattr(box, "style", None)
    element = getattr(box, "element", None)
    tag = str(getattr(box, "element_tag", "") or "")
    if element is not None and "::" not in tag:
        found.boxed.setdefault(id(element), box)
    if style is not None:
        background = style["background_color"]
        if str(background).lower() == "currentcolor":  # WeasyPrint 70 keeps it as a name
            background = style["color"]
        images = [i for i in style["background_image"] if i and i[0] != "none"]
        if images:
            context = _Context(None, context.opacity, context.clip)
        elif _alpha(background) > 0.5 and (rgb := _rgb(background)) is not None:
            context = _Context(rgb, context.opacity, context.clip)
        if float(style["opacity"]) < 1:
            context = _Context(
                context.behind, context.opacity * float(style["opacity"]), context.clip
            )
        if style["overflow"] != "visible" and hasattr(box, "padding_box_x"):
            rect = _padding_rect(box)
            if rect is not None:
                clip = rect if context.clip is None else _intersect(context.clip, rect)
                context = _Context(context.behind, context.opacity, clip)
    if type(box).__name__ == "TextBox" and element is not None and "::" not in tag:
        letters = _letters(getattr(box, "text", ""))
        if letters:
            why = _why(box, context)
            if why is None:
                found.seen[id(element)] = found.seen.get(id(element), 0) + letters
            else:
                found.hidden.setdefault(id(element), why)
    if type(box).__name__.endswith("ReplacedBox"):
        return  # a picture, an inline SVG: its inside is not text boxes
    for child in getattr(box, "children", None) or ():
        _walk(child, context, found)


def _intersect(a: Rect, b: Rect) -> Rect:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _own_text(element: Any) -> str:
    """The text directly inside ``element`` (not inside its child elements)."""
    return " ".join([element.text or "", *(child.tail or "" for child in element)])


def _elements(root: Any) -> Iterator[tuple[Any, str | None]]:
    """Every element in the body outside SVG and MathML, with the section it is in."""

    def visit(element: Any, section: str | None) -> Iterator[tuple[Any, str | None]]:
        if not isinstance(element.tag, str):
            return  # a comment (the section markers) or a processing instruction
        tag = str(element.tag)
        if tag.startswith((_SVG, _MATHML)) or tag in ("head", "script", "style", "template"):
            return
        if element.get("data-optional") == "yes":
            return  # decoration the layout leaves out where there is no room (render/back.py)
        ident = element.get("id") or ""
        if ident.startswith("section-"):
            section = ident.removeprefix("section-")
        yield element, section
        for child in element:
            yield from visit(child, section)

    for child in root:
        if str(child.tag) == "body":
            yield from visit(child, None)


def hidden_text(document: Any) -> list[Hidden]:
    """Every text of a laid-out WeasyPrint ``document`` that would not be seen."""
    found = _Found()
    root = None
    for page in document.pages:
        page_box = page._page_box  # WeasyPrint 70's laid-out box tree (see .measure)
        behind = _rgb(page_box.style["background_color"])
        start = _Context(
            behind if behind and _alpha(page_box.style["background_color"]) else _PAPER
        )
        for child in page_box.children:
            if type(child).__name__ == "MarginBox":
                continue  # page numbers and running heads: made by leaflet's own CSS
            if root is None and getattr(child, "element_tag", None) == "html":
                root = child.element
            _walk(child, start, found)
    if root is None:
        return []
    hidden: list[Hidden] = []
    for element, section in _elements(root):
        text = " ".join(_own_text(element).split())
        if not _letters(text) or found.seen.get(id(element)):
            continue
        why = found.hidden.get(id(element))
        if why is None:
            box = found.boxed.get(id(element))
            why = (
                ("it is set in 0 pt, which draws nothing", "font-size")
                if box is not None and float(box.style["font_size"]) == 0
                else ("it is not drawn at all (display: none)", "display")
            )
        hidden.append(Hidden(section, _sample(text), *why))
    return hidden


def _sample(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# --- the problems ---------------------------------------------------------------------

#: The declarations that can hide text in each way, and values that do it.
_DECLARATIONS = {
    "font-size": ("font-size", "font"),
    "color": ("color",),
    "opacity": ("opacity",),
    "visibility": ("visibility",),
    "display": ("display",),
    "overflow": ("overflow", "overflow-x", "overflow-y", "height", "max-height"),
}


#: Where a cause of hidden text is reported (file, line, column) and what it does.
_Key = tuple[Path, int | None, int | None, str]


def check_visible(document: Any, edition: content.Edition) -> None:
    """Raise with the texts the stylesheets hide in ``document``: one problem per cause."""
    hidden = hidden_text(document)
    if not hidden:
        return
    settings = edition.settings
    causes: dict[_Key, list[Hidden]] = {}
    advice: dict[_Key, str] = {}
    for item in hidden:
        key: _Key
        words = (
            settings.words_path(edition.lang, item.section)
            if item.section is not None and item.section in settings.sections
            else None
        )
        where = _declaration(settings.style, item.property) if settings.style else None
        if settings.style is not None and where is not None:
            key = (settings.style, where[0], where[1], item.why)
            advice[key] = (
                "a leaflet's stylesheet may change how the text looks, not hide it; change or "
                f"delete this {where[2]}"
            )
        else:
            key = (settings.style or words or settings.path, None, None, item.why)
            advice[key] = "the stylesheets or templates hide it; change the rule that does"
        causes.setdefault(key, []).append(item)
    problems = []
    for key, items in causes.items():
        first = items[0]
        words = (
            settings.words_path(edition.lang, first.section).relative_to(settings.folder)
            if first.section is not None and first.section in settings.sections
            else None
        )
        source = f" ({words.as_posix()})" if words else ""
        more = (
            f" and {len(items) - 1} more text{'s' if len(items) > 2 else ''}" if items[1:] else ""
        )
        problems.append(
            Problem(
                f'the text "{first.sample}"{source}{more} would not be seen on the page: '
                f"{first.why} — {advice[key]}",
                *key[:3],
            )
        )
    raise LeafletError(problems)


def _declaration(path: Path, kind: str) -> tuple[int, int, str] | None:
    """Where in the stylesheet ``path`` a declaration of ``kind`` is: line, column, name."""
    try:
        text = files.read_bytes(path, 1_000_000).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    names = _DECLARATIONS.get(kind, ())
    found = [d for d in _declarations(tinycss2.parse_stylesheet(text)) if d.lower_name in names]
    if not found:
        return None
    hiding = [d for d in found if _hides(d.lower_name, tinycss2.serialize(d.value))]
    declaration = (hiding or found)[0]
    return declaration.source_line, declaration.source_column, f"{declaration.name} declaration"


#: Lengths in points, for telling a font size that hides text (body text: 11 pt).
_POINTS = {
    "pt": 1.0,
    "px": 0.75,
    "mm": 72 / 25.4,
    "cm": 72 / 2.54,
    "in": 72.0,
    "pc": 12.0,
    "q": 18 / 25.4,
    "em": 11.0,
    "rem": 11.0,
    "%": 0.11,
    "": 0.0,
}
_LENGTH = re.compile(r"(?<![\w.-])(\d*\.?\d+)(pt|px|mm|cm|in|pc|q|em|rem|%)?(?![\w])", re.I)


def _hides(name: str, value: str) -> bool:
    """Whether the declaration ``name: value`` looks like what hides the text."""
    value = value.strip().lower()
    if name in ("font-size", "font"):
        sizes = [float(n) * _POINTS[(u or "").lower()] for n, u in _LENGTH.findall(value)]
        return any(size < MIN_TEXT_PT for size in sizes[:1])
    if name == "color":
        return bool(
            re.search(
                r"transparent|white|#fff\b|#ffffff|device-cmyk\(\s*0+\s+0+\s+0+\s+0+\s*\)", value
            )
            or re.search(r"/\s*0(\.0+)?\s*\)|,\s*0(\.0+)?\s*\)$", value)
        )
    if name == "opacity":
        return bool(re.fullmatch(r"0*(\.\d+)?%?", value)) and float(value.rstrip("%") or 0) < 0.15
    if name == "visibility":
        return value in ("hidden", "collapse")
    if name == "display":
        return value == "none"
    if name in ("height", "max-height"):
        return bool(re.fullmatch(r"0+(\.0+)?\w*", value))
    return value in ("hidden", "clip")


def _declarations(rules: list[Any]) -> Iterator[Any]:
    for rule in rules:
        if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
            continue
        for node in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if node.type == "declaration":
                yield node
            elif node.type in ("qualified-rule", "at-rule"):
                yield from _declarations([node])
