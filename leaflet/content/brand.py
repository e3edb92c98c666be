"""The brand: who publishes a project's leaflets, and how they look (``brand:`` in the
project file), given once, the way Canva's brand kit holds them.

* the organisation's name and contact details (each leaflet's ``sender:`` changes them
  for that leaflet: :func:`merged_sender`);
* its logo (``logo:``, an SVG in CMYK in the project's ``brand/`` folder, checked by
  :mod:`.logo`), on the cover and the back page, at the width and place given here;
* its colours, for the roles the house style uses them in (:data:`ROLES`): each is the
  stylesheet's custom property for that role, so a brand changes every place the
  role is used and nothing else. Each must print (CMYK, at most 300 % ink; small text in
  black or at most two plates) and is checked for contrast with the stylesheet's
  rules (:mod:`.contrast`), each problem at its line here;
* its font (``fonts:``, files in ``brand/``): the text is set in it, and a letter it
  lacks (another script) in the bundled Noto Sans, which ``leaflet check`` says.

:func:`brand_css` writes what the renderer adds after the theme's stylesheet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tinycss2

from .. import files
from ..errors import Collector
from ..project import BRAND_FOLDER
from . import fonts as fonts_
from . import logo as logo_
from . import pictures
from .blocks import TEXT
from .colours import parse_cmyk, plates, rich_black
from .model import Brand, BrandColour, BrandFont, Logo, Sender
from .schema import Field, MapT, TextT
from .values import LENGTH_MM
from .yamlfile import Map, Text

BRAND_DESCRIPTION = (
    "who publishes the leaflets, and how they look: the organisation's name and contact "
    "details (a leaflet's own sender: changes them for that leaflet), its logo, colours "
    "and font"
)
#: The contact details, in the order they are printed.
CONTACT_KEYS = ("department", "address", "phone", "email", "web")


@dataclass(frozen=True)
class Role:
    """A role a brand colour plays in the house style: the custom property that sets it."""

    property: str
    description: str
    small_text: bool = False  # set as text under 12 pt: black, or at most two plates


#: The brand colours, by the role they play (styles/leaflet.css's custom properties).
ROLES = {
    "band": Role(
        "--brand-dark",
        "the cover's band (the title is white on it), headings and large figures",
    ),
    "text": Role(
        "--brand-text",
        "coloured text under 12 pt (labels, table headings, the sender's name) and thin "
        "lines: black, or a colour of at most two plates, which stays sharp in print",
        small_text=True,
    ),
    "lines": Role("--brand", "rules and frames in the brand colour, and the cover's waves"),
    "tint": Role("--tint", "a light background behind text (the box round the QR code)"),
    "accent": Role(
        "--warm", "the accent: bullets, the edge under the cover's band, the frame of a note"
    ),
    "accent_tint": Role("--warm-tint", "the light background of a note"),
}
#: How much of the brand's lines colour its hairlines take (the house style's are a third).
HAIRLINE_SHARE = 1 / 3
#: Printers' limit for the sum of the four inks anywhere (PRINT.md).
MAX_INK = 3.0
#: The logo's height on the cover at most: it stands beneath the cover's picture.
MAX_LOGO_HEIGHT_MM = 20.0
MAX_LOGO_WIDTH_MM = 90.0
DEFAULT_LOGO_WIDTH_MM = 30.0
PLACES = ("left", "centre", "right")
#: The faces of the brand's font, with the weight and style each is.
FACES = {
    "regular": (400, "normal"),
    "bold": (700, "normal"),
    "italic": (400, "italic"),
    "bold_italic": (700, "italic"),
}
#: The family name the brand's font has in the stylesheets.
FAMILY = "Leaflet Brand"

#: A brand manual's way: C90 M45 Y20 K30 (a letter may be left out when it is 0: M95 K50),
#: or as InDesign and Illustrator name a CMYK swatch: C=90 M=45 Y=20 K=30.
_INK = re.compile(r"([cmyk])\s*[=:]?\s*(\d+(?:[.,]\d+)?)\s*%?", re.IGNORECASE)
#: A spot colour's name: a print file of leaflet's is in the four process inks.
_SPOT = re.compile(r"^\s*(pantone|pms|hks|ral)\b", re.IGNORECASE)
_BETWEEN = re.compile(r"^[\s,/]*$")
_DEVICE_CMYK = re.compile(r"^\s*device-cmyk\(([^()]*)\)\s*$", re.IGNORECASE)
_SCREEN = re.compile(r"^\s*(#[0-9a-f]{3,8}|rgba?\(|hsla?\(|[a-z]+\s*$)", re.IGNORECASE)


def parse_colour(text: str) -> tuple[float, float, float, float] | str:
    """The CMYK of a brand colour as written (``C90 M45 Y20 K30``, or CSS's
    ``device-cmyk(0.9 0.45 0.2 0.3)``), or the sentence saying what is wrong."""
    inks = _INK.findall(text)
    letters = "".join(letter.upper() for letter, _ in inks)
    if inks and _BETWEEN.match(_INK.sub(" ", text)) and _in_order(letters):
        values = {letter.upper(): float(v.replace(",", ".")) for letter, v in inks}
        if any(v > 100 for v in values.values()):
            return f'"{text}" has a value over 100 % — each of C, M, Y and K is 0 to 100'
        c, m, y, k = (values.get(letter, 0.0) / 100 for letter in "CMYK")
        return (c, m, y, k)
    if (found := _DEVICE_CMYK.match(text)) is not None and (
        cmyk := parse_cmyk(found[1])
    ) is not None:
        return cmyk
    if inks and _BETWEEN.match(_INK.sub(" ", text)):
        return (
            f'"{text}" names each of C, M, Y and K at most once and in that order — like '
            "C90 M45 Y20 K30"
        )
    if _SPOT.match(text):
        return (
            f'"{text}" is a spot colour, a fifth ink, and a leaflet is printed in the four '
            "process inks — write the CMYK values the brand manual gives beside it, like "
            "C90 M45 Y20 K30"
        )
    if _SCREEN.match(text):
        return (
            f'"{text}" is a colour for screens (RGB), and a leaflet is printed in CMYK — '
            "write the CMYK values of your brand manual, like C90 M45 Y20 K30"
        )
    return (
        f'"{text}" is not a colour leaflet can print — write the CMYK values of your brand '
        "manual, like C90 M45 Y20 K30"
    )


def _in_order(letters: str) -> bool:
    """C, M, Y and K each at most once, in that order (M95 K50, C80 K60 …)."""
    return (
        bool(letters)
        and letters == "".join(c for c in "CMYK" if c in letters)
        and len(set(letters)) == len(letters)
    )


def _check_colour(value: str) -> str | None:
    found = parse_colour(value)
    return found if isinstance(found, str) else None


def _check_length(value: str) -> str | None:
    found = LENGTH_MM.match(value)
    if not found or not 5 <= float(found[1].replace(",", ".")) <= MAX_LOGO_WIDTH_MM:
        return (
            f'"{value}" is not a width leaflet can use — write millimetres from 5 to '
            f"{MAX_LOGO_WIDTH_MM:.0f}, like 30mm"
        )
    return None


def _check_place(value: str) -> str | None:
    if value.strip().lower() not in (*PLACES, "center"):
        return f'"{value}" is not a place on the cover — write left, centre or right'
    return None


_FILE = TextT("a file in the project's brand/ folder, like brand/logo.svg")

BRAND_SCHEMA = MapT(
    {
        "name": Field(TEXT, required=True, description="the organisation's name"),
        "department": Field(TEXT, description="a department or unit, under the name"),
        "address": Field(
            TEXT, description="the postal address; write it after | to keep its line breaks"
        ),
        "phone": Field(TEXT),
        "email": Field(TEXT),
        "web": Field(TEXT, description="the web site, e.g. rn.dk"),
        "logo": Field(
            MapT(
                {
                    "file": Field(
                        _FILE, required=True, description="an SVG in CMYK, like brand/logo.svg"
                    ),
                    "alt": Field(
                        TEXT,
                        description="what a screen reader says for the logo (default: the name)",
                    ),
                    "width": Field(
                        TextT(check=_check_length),
                        description="its width on the cover, like 30mm (the back page shows "
                        "it at three quarters)",
                    ),
                    "place": Field(
                        TextT(check=_check_place),
                        description="where it stands at the foot of the cover: left, centre "
                        "or right (default left)",
                    ),
                }
            ),
            description="the logo on the cover and the back page (in place of the name on "
            "the cover)",
        ),
        "colours": Field(
            MapT(
                {
                    role: Field(TextT(check=_check_colour), description=spec.description)
                    for role, spec in ROLES.items()
                }
            ),
            description="the brand's colours in CMYK, like C90 M45 Y20 K30, each for a role "
            "of the design (those left out keep the house style's)",
        ),
        "fonts": Field(
            MapT(
                {
                    face: Field(
                        _FILE,
                        required=face in ("regular", "bold"),
                        description=f"the {face.replace('_', ' ')} font file (.ttf or .otf)",
                    )
                    for face in FACES
                }
            ),
            description="the brand's font: its files in brand/ (under a licence that lets it "
            "be embedded, like the SIL Open Font License); letters it lacks are printed in "
            "the bundled Noto Sans",
        ),
    },
    description=BRAND_DESCRIPTION,
)


def read_brand(raw: Map | None, root: Path, problems: Collector) -> Brand:
    """The checked ``brand:`` of a project file (already checked against the schema)."""
    if raw is None:
        return Brand()
    colours = _colours(raw.get("colours"), problems)
    faces, family = _fonts(raw.get("fonts"), root, problems)
    return Brand(
        sender=sender_of(raw),
        logo=_logo(raw.get("logo"), raw, root, problems),
        colours=colours,
        fonts=faces,
        font_name=family,
    )


def _colours(raw: Map | None, problems: Collector) -> tuple[BrandColour, ...]:
    made: list[BrandColour] = []
    for role, value in (raw or {}).items():
        cmyk = parse_colour(value)
        if isinstance(cmyk, str):
            continue  # reported by the schema
        where = (value.path, value.line, value.column)
        written = " ".join(f"{'CMYK'[i]}{round(v * 100):g}" for i, v in enumerate(cmyk))
        if sum(cmyk) > MAX_INK + 1e-9:
            problems.add(
                f"{role}: {written} is {round(sum(cmyk) * 100)} % ink in all, more than the "
                f"{MAX_INK * 100:.0f} % printers allow — take some cyan, magenta and yellow "
                "out and let black carry the dark",
                *where,
            )
        elif ROLES[role].small_text and rich_black(cmyk):
            problems.add(
                f"{role}: {written} is rich black (black with cyan, magenta or yellow "
                "added), which print shops refuse for text: it blurs when the plates are "
                "slightly out of register — write K100 alone for black, or a colour of at "
                "most two plates (like C80 K60)",
                *where,
            )
        elif ROLES[role].small_text and plates(cmyk) > 2:
            problems.add(
                f"{role}: {written} is on {plates(cmyk)} printing plates, and small coloured text "
                "on three or four plates blurs when they are slightly out of register — use a "
                "colour of at most two plates (like C80 K60), or black",
                *where,
            )
        made.append(BrandColour(role, ROLES[role].property, cmyk, *where))
        if role == "lines":  # hairlines (tables, lines for notes): a light shade of it
            c, m, y, k = (round(v * HAIRLINE_SHARE, 3) for v in cmyk)
            made.append(BrandColour("hairlines", "--rule", (c, m, y, k), *where))
    return tuple(made)


#: What to do when a brand file is of the wrong kind, by what it is.
_WANTED = {
    "logo": "a logo for print is drawn in shapes, not pixels: ask your designer for it as "
    "an SVG in CMYK (a PNG or JPEG cannot be printed sharp at every size, nor checked for "
    "its colours)",
    "font": "use the font's TrueType or OpenType files (.ttf, .otf), as Google Fonts and "
    "Debian's fonts-* packages have them; web fonts (.woff, .woff2) are for web pages",
}


def brand_file(
    value: Text, root: Path, what: str, suffixes: tuple[str, ...], problems: Collector
) -> Path | None:
    """The file ``value`` names in the project's brand/ folder, or None (and a problem)."""
    where = (value.path, value.line, value.column)
    folder = root / BRAND_FOLDER
    found, _ = files.find_typed(root, value)
    candidate = files.resolved(found if found is not None else root / value)
    if candidate is None or not files.inside(candidate, folder):
        problems.add(
            f'the {what} "{value}" is not in the project\'s {BRAND_FOLDER}/ folder — put the '
            f"file there and write its path from the project folder, like {BRAND_FOLDER}/"
            f"{Path(value).name or 'logo.svg'}",
            *where,
        )
        return None
    if candidate.suffix.lower() not in suffixes:
        kinds = " or ".join(s.lstrip(".").upper() for s in suffixes)
        article = "an" if kinds[0] in "AEFHILMNORSX" else "a"  # as the letter is said
        problems.add(
            f'the {what} "{value}" must be {article} {kinds} file — {_WANTED[what]}', *where
        )
        return None
    if (kind := files.what_it_is(candidate)) is not None:
        problems.add(
            f'the {what} "{value}" does not exist — check the spelling or add the file'
            if kind == "missing"
            else f'the {what} "{value}" is {kind} — use the file itself',
            *where,
        )
        return None
    return candidate


def _logo(raw: Map | None, brand: Map, root: Path, problems: Collector) -> Logo | None:
    if raw is None:
        return None
    path = brand_file(raw["file"], root, "logo", (".svg",), problems)
    if path is None:
        return None
    found = pictures.check_svg(path, root / BRAND_FOLDER)
    if not found:
        found, aspect = logo_.check_logo(path)
    problems.problems.extend(found)
    if found:
        return None
    assert aspect is not None  # else a problem above
    width_text = raw.get("width")
    width = DEFAULT_LOGO_WIDTH_MM
    if width_text is not None and (match := LENGTH_MM.match(width_text)) is not None:
        width = float(match[1].replace(",", "."))
    height = round(width * aspect, 2)
    if height > MAX_LOGO_HEIGHT_MM + 1e-9:
        where = width_text or raw["file"]
        problems.add(
            f"at {width:g} mm wide the logo is {height:.0f} mm tall, and at most "
            f"{MAX_LOGO_HEIGHT_MM:.0f} mm fits at the foot of the cover — make it narrower "
            f"(width: {MAX_LOGO_HEIGHT_MM / aspect:.0f}mm at most)",
            where.path,
            where.line,
            where.column,
        )
        return None
    place = str(raw.get("place", "left")).strip().lower().replace("center", "centre")
    return Logo(path, str(raw.get("alt", brand["name"])), width, height, place)


def _fonts(
    raw: Map | None, root: Path, problems: Collector
) -> tuple[tuple[BrandFont, ...], str | None]:
    if raw is None:
        return (), None
    faces: list[BrandFont] = []
    family = None
    for face, (weight, style) in FACES.items():
        value = raw.get(face)
        if value is None:
            continue
        path = brand_file(value, root, "font", fonts_.FONT_SUFFIXES, problems)
        if path is None:
            continue
        name, problem = fonts_.read_font(path)
        if problem is not None:
            problems.add(f'the font "{value}" {problem}', value.path, value.line, value.column)
            continue
        family = family or name
        faces.append(BrandFont(path, weight, style))
    return tuple(faces), family


def sender_of(raw: Map) -> Sender:
    """A :class:`Sender` from a map with ``name:`` and the contact keys."""
    return Sender(raw["name"], *(raw.get(key) for key in CONTACT_KEYS))


def merged_sender(brand: Brand, own: Map | None) -> Sender | None:
    """The sender of a leaflet: its own ``sender:`` over the brand's.

    A ``sender:`` with a ``name:`` is another sender: nothing of the brand's contact
    details is used. Without a name it changes or adds only the keys it has
    (``department:``, ``phone:`` …) to the brand's. None: there is no name anywhere.
    """
    if own is not None and "name" in own:
        return sender_of(own)
    base = brand.sender
    if base is None:
        return None
    if own is None:
        return base
    values = {key: own.get(key, getattr(base, key)) for key in CONTACT_KEYS}
    return Sender(base.name, **values)


def where(
    brand: Brand, key: str, fallback: Path | None
) -> tuple[Path | None, int | None, int | None]:
    """Where a brand value was written (for a message), else the project file."""
    value = getattr(brand.sender, key, None) if brand.sender else None
    if isinstance(value, Text):
        return value.path, value.line, value.column
    return fallback, None, None


def stamp(root: Path) -> tuple[object, ...]:
    """What changes when a file in the project's brand/ folder changes (for caches)."""
    found: list[object] = []
    for path in files.regular_files(root / BRAND_FOLDER):
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(found)


# --- what the renderer adds after the theme's stylesheet ----------------------------------


def brand_css(
    brand: Brand, url: Callable[[Path], str] | None, font_list: str | None, colours: bool = True
) -> str:
    """The brand as CSS: its font's faces (when ``url`` turns a file into the address
    the page uses), its colours (``colours``) and its font as the stylesheet's custom
    properties. ``font_list`` is the theme's own ``--font``: the brand's font goes first."""
    lines = []
    for face in brand.fonts:
        if url is None:
            break
        lines.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {face.weight}; '
            f"font-style: {face.style}; src: url({url(face.path)}); }}"
        )
    declarations = [f"{c.variable}: {c.css};" for c in brand.colours] if colours else []
    if brand.fonts and font_list:
        declarations.append(f'--font: "{FAMILY}", {font_list};')
    if declarations:
        lines.append(":root { " + " ".join(declarations) + " }")
    return "\n".join(lines)


CMYK = tuple[float, float, float, float]


def mix(first: CMYK, second: CMYK, share: float) -> str:
    """``share`` of ``first`` and the rest of ``second``, as CSS (for shades of the brand)."""
    values = [round(a * share + b * (1 - share), 3) for a, b in zip(first, second, strict=True)]
    return "device-cmyk({})".format(" ".join(f"{v:g}" for v in values))


def theme_values(stylesheet: Path) -> dict[str, str]:
    """The custom properties the theme's stylesheet sets for every element, as CSS text."""
    from .contrast import read_sheets

    sheets = read_sheets([stylesheet])
    return {name: tinycss2.serialize(d.value) for name, d in sheets.properties.items()}


def role_colours(brand: Brand, stylesheet: Path) -> dict[str, CMYK]:
    """Each role's colour: the brand's, else the theme stylesheet's."""
    found: dict[str, CMYK] = {}
    values = theme_values(stylesheet)
    for role, spec in ROLES.items():
        own = brand.colour(role)
        if own is not None:
            found[role] = own.cmyk
        elif (match := _DEVICE_CMYK.match(values.get(spec.property, ""))) is not None:
            cmyk = parse_cmyk(match[1])
            if cmyk is not None:
                found[role] = cmyk
    return found
