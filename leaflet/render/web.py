"""The web page of an edition: one self-contained, accessible HTML page for the web site.

``<leaflet>-<lang>-web.html`` holds the same words and pictures as the leaflet, as real
HTML (headings, lists, tables, pictures with their alternative text), in its own
template set: ``templates/web/page.html.j2`` frames the page, and each section is drawn
by ``templates/web/sections/<kind>.html.j2`` where there is one, else by the same
section and block templates as the leaflet (so the words are the same by
construction). ``templates/web/web.css`` is its screen stylesheet.

Self-contained: the stylesheet, the pictures and the fonts are inside the page (fonts
cut down to the letters the page uses), so the file can be uploaded as it is. Screen
colours: the leaflet's colours (the ``--name: device-cmyk(…)`` custom properties of its
stylesheets) are converted once through its colour profile to sRGB
(:mod:`leaflet.content.colours`), and so are the colours of its SVG pictures. It links
to the screen PDF beside it.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import tinycss2
from markupsafe import Markup

from .. import files
from ..content import Edition, Section
from ..content import brand as brand_
from ..content.colours import ScreenColours, hex_colour
from ..content.contrast import brand_declarations, colour_of, read_sheets
from ..content.model import Brand
from ..project import Project
from . import webfonts
from .html import STYLESHEET, draft_words, render_template, section_template, shared_context

WEB_TEMPLATE = "web/page.html.j2"
WEB_STYLESHEET = "templates/web/web.css"
#: Where the fonts' @font-face rules are put once the page's letters are known.
_FONTS_HERE = "/* fonts */"
#: Pictures wider or taller than this many pixels are made smaller for the screen.
MAX_WEB_PIXELS = 1600

#: "Download the leaflet as a PDF", in the languages we know it in (else English).
DOWNLOAD_WORDS = {
    "da": "Hent folderen som PDF",
    "en": "Download the leaflet as a PDF",
    "de": "Das Faltblatt als PDF herunterladen",
    "sv": "Ladda ner foldern som PDF",
    "nb": "Last ned brosjyren som PDF",
    "pl": "Pobierz ulotkę w formacie PDF",
    "uk": "Завантажити листівку у форматі PDF",
    "ru": "Скачать листовку в формате PDF",
    "ar": "تنزيل المطوية بصيغة PDF",
    "tr": "Broşürü PDF olarak indirin",
    "es": "Descargar el folleto en PDF",
    "fr": "Télécharger le dépliant en PDF",
}


@dataclass(frozen=True)
class PdfLink:
    """The screen PDF the page links to: its file name (beside the page) and size."""

    name: str
    pages: int
    size: int


def render_web(edition: Edition, project: Project, pdf: PdfLink) -> str:
    """The web page of ``edition`` (see the module docstring)."""
    settings = edition.settings
    screen = ScreenColours(settings.print.profile)
    sheets = [project.theme.file(STYLESHEET), *([settings.style] if settings.style else [])]
    context = shared_context(edition, project, lambda path: _picture_url(path, screen))
    lang = edition.lang.split("-")[0]
    download = DOWNLOAD_WORDS.get(lang)
    page = render_template(
        project,
        WEB_TEMPLATE,
        context,
        sections=[edition.sections[s] for s in settings.section_ids()],
        web_section=lambda section: web_section_template(project, section),
        pdf=pdf,
        pdf_kb=max(1, round(pdf.size / 1000)),
        download_words=download or DOWNLOAD_WORDS["en"],
        download_lang=None if download else "en",
        web_css=Markup(
            _FONTS_HERE
            + "\n"
            + _palette(sheets, screen, settings.brand)
            + _stylesheet(project, screen)
            + _brand_font(project, settings.brand)
        ),
        draft_label=" · ".join(draft_words(edition.lang)),
    )
    page = _SVG.sub(lambda m: screen.css(m[0]), page)
    return page.replace(_FONTS_HERE, _font_faces(project, page, settings.brand), 1)


def web_section_template(project: Project, section: Section) -> str:
    """The web page's own template for a section's kind, else the leaflet's."""
    own = f"web/sections/{section.kind}.html.j2"
    if section.settings.template is None and f"templates/{own}" in project.theme.listing(
        "templates/web/sections"
    ):
        return own
    return section_template(section)


_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def _palette(sheets: list[Path], screen: ScreenColours, brand: Brand) -> str:
    """The leaflet's colours (the theme's, the brand's, the leaflet's own) as custom
    properties in sRGB: ``--brand: #2da0c6;`` …"""
    read = read_sheets(sheets, brand_declarations(brand.colours))
    lines = []
    for name, declared in read.properties.items():
        colour = colour_of(declared.value, read, screen, declared)
        if colour is not None:
            lines.append(f"  {name}: {hex_colour(colour.rgb)};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def _brand_font(project: Project, brand: Brand) -> str:
    """The brand's font first in the web stylesheet's own list (after that stylesheet)."""
    if not brand.fonts:
        return ""
    font_list = brand_.theme_values(project.theme.file(WEB_STYLESHEET)).get("--font")
    return "\n" + brand_.brand_css(brand, None, font_list, colours=False) + "\n"


def _stylesheet(project: Project, screen: ScreenColours) -> str:
    path = project.theme.file(WEB_STYLESHEET)
    return screen.css(files.read_bytes(path, 1_000_000).decode("utf-8"))


# --- pictures ---------------------------------------------------------------------------


def _picture_url(path: Path, screen: ScreenColours) -> str:
    """A picture as a ``data:`` URL, in screen colours."""
    if path.suffix.lower() == ".svg":
        svg = screen.css(files.read_bytes(path).decode("utf-8"))
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    data, mime = _raster_for_screen(path, screen)
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _raster_for_screen(path: Path, screen: ScreenColours) -> tuple[bytes, str]:
    """A PNG or JPEG in sRGB and at most :data:`MAX_WEB_PIXELS` across."""
    from PIL import Image, ImageCms

    data = files.read_bytes(path)
    with Image.open(io.BytesIO(data)) as image:
        kind = (image.format or "PNG").upper()
        mime = {"JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}.get(
            kind, "image/png"
        )
        if image.mode != "CMYK" and max(image.size) <= MAX_WEB_PIXELS:
            return data, mime
        picture: Any = image
        if image.mode == "CMYK":
            picture = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(str(screen.profile)),
                ImageCms.createProfile("sRGB"),
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                outputMode="RGB",
            )
        picture.thumbnail((MAX_WEB_PIXELS, MAX_WEB_PIXELS))
        out = io.BytesIO()
        if kind == "JPEG":
            picture.convert("RGB").save(out, "JPEG", quality=88)
            return out.getvalue(), "image/jpeg"
        picture.save(out, "PNG", optimize=True)
        return out.getvalue(), "image/png"


# --- fonts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    family: str
    weight: str
    style: str
    path: Path


def _faces(stylesheet: Path, locate: Callable[[Path], Path]) -> list[_Face]:
    """The ``@font-face`` rules of the shared stylesheet (font files found as the theme
    finds them)."""
    stat = stylesheet.stat()
    return [
        _Face(family, weight, style, locate((stylesheet.parent / src).resolve()))
        for family, weight, style, src in _face_rules(stylesheet, stat.st_mtime_ns, stat.st_size)
    ]


@functools.lru_cache(maxsize=8)
def _face_rules(
    stylesheet: Path, mtime_ns: int, size: int
) -> tuple[tuple[str, str, str, str], ...]:
    """(family, weight, style, src) of each ``@font-face`` rule of ``stylesheet``: read
    once while the file is unchanged (tokenising the whole stylesheet took 7 ms of every
    web page)."""
    faces = []
    text = stylesheet.read_text(encoding="utf-8")
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or not rule.content:
            continue
        found: dict[str, str] = {}
        for item in tinycss2.parse_declaration_list(rule.content, True, True):
            if item.type != "declaration":
                continue
            for token in item.value:
                if token.type == "string" and item.lower_name == "font-family":
                    found["family"] = token.value
                elif token.type in ("ident", "number") and item.lower_name in (
                    "font-weight",
                    "font-style",
                ):
                    found[item.lower_name] = str(token.value)
                elif token.type == "url" and item.lower_name == "src":
                    found["src"] = token.value
        if "family" in found and "src" in found:
            faces.append(
                (
                    found["family"],
                    found.get("font-weight", "400"),
                    found.get("font-style", "normal"),
                    found["src"],
                )
            )
    return tuple(faces)


_TAG = re.compile(r"<(style|script)\b.*?</\1>|<[^>]*>", re.DOTALL | re.IGNORECASE)


#: Fonts are cut down to whole blocks of this many code points around the letters used,
#: so that editions in the same script share one cut (made once per process).
BLOCK = 128


def _font_faces(project: Project, page: str, brand: Brand) -> str:
    """@font-face rules, the fonts inside, cut down to the letters the page shows (and the
    rest of their blocks of :data:`BLOCK` code points): the theme's and the brand's."""
    blocks = tuple(sorted({ord(c) // BLOCK for c in unescape(_TAG.sub(" ", page))}))
    faces = _faces(project.theme.file(STYLESHEET), project.theme.locate)
    faces += [_Face(brand_.FAMILY, str(f.weight), f.style, f.path) for f in brand.fonts]
    stamps = tuple(face.path.stat().st_mtime_ns for face in faces)
    return _rules(tuple(faces), stamps, blocks, "<em" in page)


@functools.lru_cache(maxsize=64)
def _rules(
    faces: tuple[_Face, ...], stamps: tuple[int, ...], blocks: tuple[int, ...], italic: bool
) -> str:
    """The @font-face rules for pages of these blocks (kept: every edition in the same
    script has the same, and base64 of the fonts takes a while)."""
    letters = "".join(chr(cp) for b in blocks for cp in range(b * BLOCK, (b + 1) * BLOCK))
    rules = []
    for face, stamp in zip(faces, stamps, strict=True):
        if face.style == "italic" and not italic:
            continue
        font = _subset(face.path, stamp, letters)
        if font is None:
            continue
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f"font-style: {face.style}; font-display: swap; "
            f"src: url(data:font/woff2;base64,{base64.b64encode(font).decode('ascii')}) "
            'format("woff2"); }'
        )
    return "\n".join(rules)


@functools.lru_cache(maxsize=64)
def _subset(path: Path, stamp: int, letters: str) -> bytes | None:
    """The font at ``path`` with only ``letters`` (WOFF2), or None if it has none of them.

    Cut once per font and set of letters: kept in this process, and in leaflet's cache
    folder (:func:`webfonts.cached`) for the other worker processes and later builds.
    """
    del stamp  # only renews the cache when the file changes
    data = path.read_bytes()
    return webfonts.cached(data, letters, lambda: _cut(data, letters))


def _cut(data: bytes, letters: str) -> bytes | None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)
    covered = font.getBestCmap()
    if not any(ord(c) in covered and c.isalpha() for c in letters):
        return None
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # screens of today render without it; a third of the size
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=letters)
    subsetter.subset(font)
    font.flavor = "woff2"  # the subsetter's options do not set it on the font itself
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
