"""Contrast: each text colour against the background it stands on (WCAG 2.1 AA, 1.4.3).

The shared stylesheet (``styles/leaflet.css``), the brand's colours (the custom
properties they set, from the project file) and a leaflet's own stylesheet (``style:``
in leaflet.yaml) are read with tinycss2, WeasyPrint's own CSS parser, the way the
designer wrote them: colours as ``device-cmyk(…)``, named once as custom properties
(``--ink: device-cmyk(0 0 0 1)``) and used as ``var(--ink)``. Each colour is converted to
its screen colour through the leaflet's colour profile (:mod:`.colours`); the print
and the web page show the same colours, so one check covers both.

Every rule that sets a text colour or a background is a pair: its text colour (its
own, else the one it inherits from the rules its selector names, else the page's) on
its background (its own, else one of the elements its selector says it stands in, else
white paper). Text must have a contrast of 4.5:1, large text (18 pt, or 14 pt bold)
3:1. A rule for something that is not read (a watermark, the dot of a bullet) says so
with a comment in it: ``/* decoration */``. Rules inside at-rules (``@page`` margins,
``@media``) are not checked.

A problem is reported where it can be fixed: at the colour's declaration in the
leaflet's own stylesheet, or at the brand colour's line in the project file, when it
comes from there (a rule, or a custom property that a shared rule uses), else in the
shared stylesheet.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tinycss2

from .. import files
from ..errors import Problem
from .colours import (
    NAMED,
    RGB,
    ScreenColours,
    contrast,
    hex_colour,
    luminance,
    parse_cmyk,
    parse_hex,
)
from .model import BrandColour

#: WCAG 2.1 AA: body text, and large text (18 pt, or 14 pt bold).
BODY_RATIO = 4.5
LARGE_RATIO = 3.0
LARGE_PT = 18.0
LARGE_BOLD_PT = 14.0
PAPER: RGB = (255, 255, 255)
#: Selectors whose text is bold unless a rule says otherwise.
_BOLD_BY_DEFAULT = re.compile(r"^(h[1-6]|th|strong|b)\b")
#: Rules whose custom properties name the leaflet's colours for every element.
_GLOBAL = re.compile(r"^(:root|html|body|\.leaflet[\w-]*)$")
_COMBINATOR = re.compile(r"\s*[>+~]\s*|\s+")
_UNIT_PT = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "pc": 12.0, "in": 72.0}


@dataclass(frozen=True)
class Declared:
    """A declaration as written: its value's tokens and where it is."""

    value: tuple[Any, ...]
    text: str
    path: Path
    line: int
    column: int
    role: str | None = None  # a brand colour's role (band, text …), from the project file


@dataclass(frozen=True)
class Rule:
    """One selector of a style rule, cut into its compound selectors, and what it sets."""

    compounds: tuple[str, ...]
    declarations: dict[str, Declared]
    path: Path
    decoration: bool

    @property
    def subject(self) -> str:
        return self.compounds[-1]


@dataclass(frozen=True)
class Sheets:
    """The rules of the stylesheets in cascade order, and their custom properties."""

    rules: tuple[Rule, ...]
    properties: dict[str, Declared]


@functools.lru_cache(maxsize=32)
def _read(path: Path, stamp: tuple[int, int]) -> tuple[tuple[Rule, ...], tuple[Declared, ...]]:
    """The style rules of one stylesheet and its global custom properties (in order)."""
    del stamp  # only renews the cache when the file changes
    text = files.read_bytes(path, 1_000_000).decode("utf-8-sig", "replace")
    rules: list[Rule] = []
    properties: list[Declared] = []
    for node in tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=True):
        if node.type != "qualified-rule":
            continue
        selectors = [" ".join(s.split()) for s in tinycss2.serialize(node.prelude).split(",")]
        declarations: dict[str, Declared] = {}
        decoration = False
        for item in tinycss2.parse_declaration_list(
            node.content, skip_comments=False, skip_whitespace=True
        ):
            if item.type == "comment" and "decoration" in item.value.lower():
                decoration = True
            elif item.type == "declaration":
                declared = Declared(
                    tuple(t for t in item.value if t.type not in ("whitespace", "comment")),
                    tinycss2.serialize(item.value).strip(),
                    path,
                    item.source_line,
                    item.source_column,
                )
                name = item.name if item.name.startswith("--") else item.lower_name
                declarations[name] = declared
                if name.startswith("--") and any(_GLOBAL.match(s) for s in selectors):
                    properties.append(declared)
                    properties[-1] = Declared(
                        declared.value, name, path, declared.line, declared.column
                    )
        for selector in selectors:
            compounds = tuple(c for c in _COMBINATOR.split(selector) if c)
            if compounds:
                rules.append(Rule(compounds, declarations, path, decoration))
    return tuple(rules), tuple(properties)


def brand_declarations(colours: Iterable[BrandColour]) -> list[Declared]:
    """The brand's colours as the custom properties they set, each where it was written
    (its line in the project file)."""
    made = []
    for colour in colours:
        tokens = tinycss2.parse_component_value_list(colour.css, skip_comments=True)
        value = tuple(t for t in tokens if t.type != "whitespace")
        made.append(
            Declared(value, colour.variable, colour.path, colour.line, colour.column, colour.role)
        )
    return made


def read_sheets(paths: Sequence[Path], brand: Sequence[Declared] = ()) -> Sheets:
    """The rules and custom properties of ``paths``, later files winning; the brand's
    colours (``brand``) come after the first, the theme's stylesheet, as the renderer
    puts them."""
    rules: list[Rule] = []
    properties: dict[str, Declared] = {}
    for index, path in enumerate(paths):
        stat = path.stat()
        found, custom = _read(path.resolve(), (stat.st_mtime_ns, stat.st_size))
        rules.extend(found)
        for declared in custom:
            properties[declared.text] = declared
        if index == 0:
            properties.update((declared.text, declared) for declared in brand)
    return Sheets(tuple(rules), properties)


# --- values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Colour:
    """A resolved colour: on screen, as written, and the declaration that set it last."""

    rgb: RGB
    written: str
    origin: Declared


def _arguments(token: Any) -> list[Any]:
    return [t for t in token.arguments if t.type not in ("whitespace", "comment")]


def colour_of(
    tokens: Iterable[Any], sheets: Sheets, screen: ScreenColours, origin: Declared, depth: int = 0
) -> Colour | None:
    """The first colour in ``tokens`` (a value, or a ``background`` shorthand), or None."""
    if depth > 16:
        return None
    for token in tokens:
        if token.type == "function" and token.lower_name == "var":
            arguments = _arguments(token)
            name = arguments[0].value if arguments and arguments[0].type == "ident" else None
            declared = sheets.properties.get(name) if name else None
            if declared is not None:
                found = colour_of(declared.value, sheets, screen, declared, depth + 1)
                if found is not None:
                    return Colour(found.rgb, f"var({name})", found.origin)
            fallback = arguments[2:] if len(arguments) > 2 else []
            found = colour_of(fallback, sheets, screen, origin, depth + 1)
            if found is not None:
                return found
        elif token.type == "function" and token.lower_name == "device-cmyk":
            cmyk = parse_cmyk(tinycss2.serialize(token.arguments))
            if cmyk is not None:
                return Colour(screen.rgb(cmyk), tinycss2.serialize([token]), origin)
        elif token.type == "function" and token.lower_name in ("rgb", "rgba"):
            numbers = [t for t in _arguments(token) if t.type in ("number", "percentage")]
            if len(numbers) >= 3:
                rgb = tuple(
                    round(t.value * 2.55) if t.type == "percentage" else round(t.value)
                    for t in numbers[:3]
                )
                return Colour((rgb[0], rgb[1], rgb[2]), tinycss2.serialize([token]), origin)
        elif token.type == "hash" and (hashed := parse_hex("#" + token.value)) is not None:
            return Colour(hashed, "#" + token.value, origin)
        elif token.type == "ident" and token.lower_value in NAMED:
            return Colour(NAMED[token.lower_value], token.value, origin)
    return None


def _size_pt(tokens: Iterable[Any], sheets: Sheets, depth: int = 0) -> float | None:
    """A font size in points, from a ``font-size`` or ``font`` value (the scale ignored)."""
    if depth > 16:
        return None
    for token in tokens:
        if token.type == "dimension" and token.lower_unit in _UNIT_PT:
            return float(token.value) * _UNIT_PT[token.lower_unit]
        if token.type == "function" and token.lower_name == "var":
            arguments = _arguments(token)
            declared = sheets.properties.get(arguments[0].value) if arguments else None
            if declared is not None and (size := _size_pt(declared.value, sheets, depth + 1)):
                return size
        elif (
            token.type == "function"
            and token.lower_name == "calc"
            and (size := _size_pt(token.arguments, sheets, depth + 1)) is not None
        ):
            return size
    return None


def _bold(tokens: Iterable[Any]) -> bool | None:
    for token in tokens:
        if token.type == "number" and token.is_integer:
            return bool(token.int_value >= 600)
        if token.type == "ident" and token.lower_value in ("bold", "bolder"):
            return True
        if token.type == "ident" and token.lower_value in ("normal", "lighter"):
            return False
    return None


# --- pairs ------------------------------------------------------------------------------


def _applying(sheets: Sheets, compounds: tuple[str, ...]) -> Iterable[tuple[int, Rule]]:
    """Rules that style the subject of ``compounds`` or an element it stands in, innermost
    first, each with how far out it is (0: the subject itself); later rules first."""
    for depth in range(len(compounds) - 1, -1, -1):
        compound = compounds[depth]
        for rule in reversed(sheets.rules):
            if rule.subject == compound and _within(rule.compounds[:-1], compounds[:depth]):
                yield len(compounds) - 1 - depth, rule


def _within(needed: tuple[str, ...], have: tuple[str, ...]) -> bool:
    """Whether the ancestors ``needed`` appear, in order, among ``have``."""
    position = 0
    for compound in needed:
        try:
            position = have.index(compound, position) + 1
        except ValueError:
            return False
    return True


def _root(sheets: Sheets, names: Sequence[str]) -> Declared | None:
    for rule in reversed(sheets.rules):
        if _GLOBAL.match(rule.subject) and len(rule.compounds) == 1:
            for name in names:
                if name in rule.declarations:
                    return rule.declarations[name]
    return None


def _find(
    sheets: Sheets, compounds: tuple[str, ...], names: Sequence[str], inherit: bool = True
) -> Declared | None:
    for _, rule in _applying(sheets, compounds):
        for name in names:
            if name in rule.declarations:
                return rule.declarations[name]
    return _root(sheets, names) if inherit else None


def check_contrast(
    stylesheets: Sequence[Path],
    profile: Path,
    own: Path | None = None,
    brand: Sequence[Declared] = (),
) -> list[Problem]:
    """Every text/background pair below WCAG AA in ``stylesheets`` (in cascade order),
    with colours converted through ``profile``. ``own`` is the leaflet's own stylesheet:
    a colour it sets is reported there; ``brand`` are the brand's colours, each reported
    at its line in the project file.

    Kept while the files are unchanged: most leaflets of a catalogue share the project's
    stylesheet, brand and profile, so a catalogue's check works it out once.
    """
    stamps = tuple(_stamp(p) for p in (*stylesheets, profile))
    where = tuple((d.text, str(d.path), d.line, d.column) for d in brand)
    key = (tuple(stylesheets), profile, own, stamps, where)
    kept = _CONTRAST.get(key)
    if kept is None:
        if len(_CONTRAST) >= 32:
            _CONTRAST.clear()
        kept = _CONTRAST[key] = _check_contrast(stylesheets, profile, own, brand)
    return list(kept)


#: What :func:`check_contrast` found, by its files (and their sizes and times) and brand.
_CONTRAST: dict[tuple[Any, ...], tuple[Problem, ...]] = {}


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)


def _check_contrast(
    stylesheets: Sequence[Path], profile: Path, own: Path | None, brand: Sequence[Declared]
) -> tuple[Problem, ...]:
    sheets = read_sheets(stylesheets, brand)
    screen = ScreenColours(profile)
    problems: dict[tuple[Path, int, int], Problem] = {}
    for rule in sheets.rules:
        if rule.decoration or not (
            {"color", "background", "background-color"} & rule.declarations.keys()
        ):
            continue
        found = _pair(sheets, screen, rule)
        if found is None:
            continue
        text, background, ratio, needed, large = found
        if ratio >= needed - 1e-9:
            continue
        where = _blame(rule, (text, background), {own, *(b.path for b in brand)})
        what = "large text" if large else "text"
        selector = " ".join(rule.compounds)
        advice = "make the text darker or the background lighter"
        if where.role is not None:  # at a brand colour's line: said in the brand's words
            said = f"{what} in {_brand_words(text)} on {_brand_words(background)}"
            selector = f"where leaflet's design uses them: {selector}"
            text_darker = luminance(text.rgb) <= luminance(background.rgb)
            darker = text_darker if where is text.origin else not text_darker
            advice = f"make the brand's {where.role} colour {'darker' if darker else 'lighter'}"
        else:
            said = f"{what} in {_describe(text)} on {_describe(background)}"
        problems.setdefault(
            (where.path, where.line, where.column),
            Problem(
                f"{said} has a contrast of "
                f"{ratio:.1f}:1, below the {needed:g}:1 that WCAG AA asks for "
                f"({selector}) — {advice}, "
                "so that people who see less well can read it",
                where.path,
                where.line,
                where.column,
            ),
        )
    return tuple(sorted(problems.values(), key=lambda p: (str(p.path), p.line or 0, p.column or 0)))


def _blame(rule: Rule, colours: tuple[Colour, Colour], own: set[Path | None]) -> Declared:
    """Where to fix a pair: a colour the leaflet's own stylesheet or the brand set (a
    custom property a shared rule uses, or its own rule), else the colour this rule
    declares."""
    for colour in colours:
        if colour.origin.path in own and colour.origin.line:
            return colour.origin
    for name in ("color", "background-color", "background"):
        if name in rule.declarations:
            return rule.declarations[name]
    raise AssertionError("a checked rule sets a colour")


def _describe(colour: Colour) -> str:
    return f"{colour.written} ({hex_colour(colour.rgb)} on screen)"


#: The house style's own colours, as a brand's messages name them.
_THEME_WORDS = {"--ink": "black", "--ink-soft": "dark grey", "--paper": "white"}


def _brand_words(colour: Colour) -> str:
    """A colour as the project file's reader knows it: the brand's role (``the brand's
    accent_tint``), or what it is (black, white)."""
    on_screen = f"{hex_colour(colour.rgb)} on screen"
    if colour.origin.role is not None:
        return f"the brand's {colour.origin.role} colour ({on_screen})"
    name = colour.written.removeprefix("var(").removesuffix(")")
    if name in _THEME_WORDS:
        return f"{_THEME_WORDS[name]} ({on_screen})"
    return _describe(colour)


def _painted(tokens: Iterable[Any]) -> bool:
    """A background of a gradient or a picture, whose colour one value cannot say."""
    return any(
        (t.type == "function" and (t.lower_name.endswith("gradient") or t.lower_name == "url"))
        or t.type == "url"
        for t in tokens
    )


def _current_colour(tokens: Iterable[Any]) -> bool:
    return any(t.type == "ident" and t.lower_value == "currentcolor" for t in tokens)


def _pair(
    sheets: Sheets, screen: ScreenColours, rule: Rule
) -> tuple[Colour, Colour, float, float, bool] | None:
    """(text, background, ratio, ratio needed, large) for the element ``rule`` styles."""
    compounds = rule.compounds
    text_declared = rule.declarations.get("color") or _find(sheets, compounds, ("color",))
    if text_declared is None:
        return None
    text = colour_of(text_declared.value, sheets, screen, text_declared)
    background_declared = None
    for name in ("background-color", "background"):
        if name in rule.declarations:
            background_declared = rule.declarations[name]
            break
    else:
        background_declared = _find(sheets, compounds, ("background-color", "background"))
    if background_declared is not None and _painted(background_declared.value):
        return None  # a gradient or a picture behind the text: the layout check sees it
    background = (
        colour_of(background_declared.value, sheets, screen, background_declared)
        if background_declared is not None
        else None
    )
    if text is None:
        return None
    if background_declared is not None and _current_colour(background_declared.value):
        # background: currentColor paints the box in its text's own colour
        background = Colour(text.rgb, "currentColor", background_declared)
    if background is None:
        paper = Declared((), "white paper", rule.path, 0, 0)
        background = Colour(PAPER, "white", paper)
    size_declared = _find(sheets, compounds, ("font-size", "font"))
    size = _size_pt(size_declared.value, sheets) if size_declared is not None else None
    weight_declared = _find(sheets, compounds, ("font-weight", "font"), inherit=False)
    bold = _bold(weight_declared.value) if weight_declared is not None else None
    if bold is None:
        bold = bool(_BOLD_BY_DEFAULT.match(rule.subject))
    size = size or 11.0
    large = size >= LARGE_PT - 1e-6 or (bold and size >= LARGE_BOLD_PT - 1e-6)
    needed = LARGE_RATIO if large else BODY_RATIO
    return text, background, contrast(text.rgb, background.rgb), needed, large
