"""The content model: a leaflet's shared settings and one language's words, as frozen values.

A leaflet is a folder under ``content/``:

* ``leaflet.yaml`` holds what all languages share: id, title, format, the page plan,
  the kind of each section, pictures, the QR target, sender and document control
  (read by :mod:`leaflet.content.settings`);
* ``<lang>/<section>.yaml`` holds the words of one section in one language, and
  nothing else, so a translator edits only text (read by :mod:`leaflet.content.words`).

The values here are what the later stages get: checked, read-only, each text still
knowing its file and line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..project import SETTINGS_FILE
from .languages import is_rtl, language_folders
from .readability import DEFAULT_TARGET
from .values import (
    DEFAULT_OUTPUT_CONDITION,
    DEFAULT_OUTPUT_CONDITION_TEXT,
    ICC_REGISTRY,
    PRINT_STANDARDS,
    Date,
)
from .yamlfile import Text

# --- the model ----------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    id: str
    icon: Path


@dataclass(frozen=True)
class SectionSettings:
    """What every language shares about one section."""

    id: str
    kind: str
    picture: Path | None = None
    themes: tuple[Theme, ...] = ()
    template: str | None = None  # a template of templates/sections/ other than the kind's
    new_page: bool = False  # pages that flow: start on a new page
    foot: bool = False  # pages that flow: sit at the foot of the last inside page
    #: The back page: what fills it above the sender (notes, qr, pattern, none; None:
    #: the default, see leaflet.render.html.back_fill).
    fill: str | None = None


@dataclass(frozen=True)
class Sender:
    name: str
    department: str | None
    address: str | None
    phone: str | None
    email: str | None
    web: str | None


@dataclass(frozen=True)
class Logo:
    """The brand's logo: an SVG in CMYK, its words for a screen reader, its size on the cover."""

    file: Path
    alt: str
    width_mm: float
    height_mm: float
    place: str  # on the cover: "left", "centre" or "right"

    @property
    def back_width_mm(self) -> float:
        """Its width on the back page, above the sender's name: three quarters."""
        return round(self.width_mm * 0.75, 2)


@dataclass(frozen=True)
class BrandColour:
    """One of the brand's colours, for one role of the house style, and where it was written."""

    role: str  # "band", "text" … (leaflet.content.brand.ROLES)
    variable: str  # the stylesheet's custom property it sets, "--brand-dark" …
    cmyk: tuple[float, float, float, float]
    path: Path
    line: int
    column: int

    @property
    def css(self) -> str:
        return "device-cmyk({})".format(" ".join(f"{v:g}" for v in self.cmyk))


@dataclass(frozen=True)
class BrandFont:
    """One face of the brand's font: its file, weight (400, 700) and style."""

    path: Path
    weight: int
    style: str  # "normal" or "italic"


@dataclass(frozen=True)
class Brand:
    """The brand of a project (``brand:`` in leaflet-project.yaml); empty when it has none."""

    sender: Sender | None = None  # the organisation's name and contact details
    logo: Logo | None = None
    colours: tuple[BrandColour, ...] = ()
    fonts: tuple[BrandFont, ...] = ()
    font_name: str | None = None  # the family name the font files give themselves

    @property
    def name(self) -> str | None:
        return self.sender.name if self.sender else None

    @property
    def font_files(self) -> tuple[Path, ...]:
        """The brand's own font files (drawn with before the theme's)."""
        return tuple(face.path for face in self.fonts)

    def colour(self, role: str) -> BrandColour | None:
        return next((c for c in self.colours if c.role == role), None)


@dataclass(frozen=True)
class DocumentControl:
    version: str
    published: Date
    review: Date


@dataclass(frozen=True)
class PrintSettings:
    """How the print shop's file is made: bleed, marks, PDF standard and colour profile."""

    profile: Path
    bleed_mm: float = 3.0
    marks: bool = True
    standard: str = "PDF/X-4"
    output_condition: str = DEFAULT_OUTPUT_CONDITION
    output_condition_text: str = DEFAULT_OUTPUT_CONDITION_TEXT
    registry: str = ICC_REGISTRY

    @property
    def pdf_variant(self) -> str:
        return PRINT_STANDARDS[self.standard]


@dataclass(frozen=True)
class ReadabilitySettings:
    """``readability:`` in leaflet.yaml: the target, and words that may stay long."""

    target: int = DEFAULT_TARGET  # on the LIX scale (Flesch: 140 − 2 × target)
    long_words: tuple[str, ...] = ()  # never counted as long words (a medicine's name)


@dataclass(frozen=True)
class Settings:
    """A leaflet's ``leaflet.yaml``: everything all its languages share."""

    folder: Path
    id: str
    title: str
    source_language: str
    format: str
    qr_url: str | None
    sender: Sender
    document: DocumentControl
    #: The hand-made page plan (each page a tuple of section ids); empty when the
    #: sections flow from page to page.
    pages: tuple[tuple[str, ...], ...]
    sections: Mapping[str, SectionSettings]  # in the order listed under sections:
    print: PrintSettings
    shrink_floor: float = 1.0  # the smallest text scale a language may get to fit
    style: Path | None = None  # the leaflet's own CSS, after styles/leaflet.css
    page_count: int | None = None  # pages: 8 — the count fixed by hand (pages that flow)
    pictures: Mapping[str, Path] = field(default_factory=dict)  # id → file, for - picture:
    readability: ReadabilitySettings = ReadabilitySettings()
    #: The project's brand (leaflet-project.yaml): logo, colours and fonts.
    brand: Brand = field(default_factory=lambda: Brand())
    #: The logo on this leaflet: the brand's, unless the leaflet names another sender.
    logo: Logo | None = None

    @property
    def flows(self) -> bool:
        """True when the sections flow from page to page (no hand-made page plan)."""
        return not self.pages

    def section_ids(self) -> list[str]:
        """Every section id in reading order: page by page, or as listed when flowing."""
        if self.pages:
            return [section_id for page in self.pages for section_id in page]
        kinds = {sid: section.kind for sid, section in self.sections.items()}
        return sorted(self.sections, key=lambda sid: {"cover": 0, "back": 2}.get(kinds[sid], 1))

    @property
    def path(self) -> Path:
        return self.folder / SETTINGS_FILE

    def languages(self) -> list[str]:
        """The language folders of this leaflet, source language first."""
        found = language_folders(self.folder)
        return sorted(found, key=lambda lang: lang != self.source_language)

    def words_path(self, lang: str, section: str) -> Path:
        return self.folder / lang / f"{section}.yaml"


@dataclass(frozen=True)
class Translation:
    """The ``translation:`` block of a translated words file."""

    source: str | None  # fingerprint of the source text it was translated from
    reviewed: bool
    line: int | None = None  # where the block is (None: the file has none)
    same: frozenset[str] = frozenset()  # texts the same as the source on purpose (unit keys)
    reviewed_by: str | None = None  # who checked it
    reviewed_on: Date | None = None  # the day it was checked


@dataclass(frozen=True)
class Untranslated:
    """A text of a translation that is not translated yet: missing, or a copy of its
    source text (see :mod:`leaflet.content.units`)."""

    key: str  # its place in the file: "heading", "body/3/list/2"
    source: str  # the source text
    line: int | None  # where it is in the translation's file (or its parent, when missing)
    missing: bool = False


@dataclass(frozen=True)
class Section:
    """One section in one language: its shared settings and its words."""

    settings: SectionSettings
    path: Path
    words: Mapping[str, Any]
    translation: Translation | None = None  # None in the source language
    untranslated: tuple[Untranslated, ...] = ()  # texts still to translate (translations)
    #: the source text's fingerprint now, when it differs from the one the translation
    #: records (the source changed since this was translated); None when it is the same
    changed_to: str | None = None

    @property
    def id(self) -> str:
        return self.settings.id

    @property
    def kind(self) -> str:
        return self.settings.kind


@dataclass(frozen=True)
class Edition:
    """A leaflet in one language, ready for the templates."""

    settings: Settings
    lang: str
    sections: Mapping[str, Section]

    @property
    def direction(self) -> str:
        return "rtl" if is_rtl(self.lang) else "ltr"

    @property
    def is_source(self) -> bool:
        return self.lang == self.settings.source_language

    @property
    def draft(self) -> bool:
        """A translation with any section not marked reviewed, any text still to
        translate (a copy of the source text is not a translation), or any section whose
        source text changed since it was translated (what was checked is not what the
        source says now)."""
        return any(
            s.translation is not None
            and (not s.translation.reviewed or s.untranslated or s.changed_to is not None)
            for s in self.sections.values()
        )

    @property
    def untranslated(self) -> list[tuple[Section, Untranslated]]:
        """Every text still to translate, section by section in reading order."""
        return [(s, u) for s in self.sections.values() for u in s.untranslated]

    @property
    def reviewed_on(self) -> Date | None:
        """The day the whole translation was checked: the latest ``reviewed_on:`` of its
        files, when every file is reviewed and records its day; else None."""
        days = [s.translation.reviewed_on for s in self.sections.values() if s.translation]
        if not days or self.draft or any(d is None for d in days):
            return None
        return max((d for d in days if d is not None), key=lambda d: d.first_day)

    @property
    def title(self) -> str:
        """The printed title (from the cover), on one line."""
        for section in self.sections.values():
            if section.kind == "cover":
                return " ".join(str(section.words["title"]).split())
        return self.settings.title

    def texts(self) -> list[Text]:
        """Every text printed in this edition: its words and the shared settings."""
        settings = self.settings
        shared = [*vars(settings.sender).values(), settings.document.version, settings.qr_url]
        return texts_in([s.words for s in self.sections.values()]) + texts_in(shared)


def fingerprint(words: Mapping[str, Any]) -> str:
    """A short fingerprint of a section's words, blind to line wrapping in the YAML.

    Translated files record the fingerprint of the source text they were made from,
    so a later change to the source shows up as "changed since translated".
    """

    def canonical(value: Any) -> Any:
        if isinstance(value, str):
            return " ".join(value.split())
        if isinstance(value, Mapping):
            return {str(k): canonical(v) for k, v in value.items() if k != "translation"}
        if isinstance(value, list | tuple):
            return [canonical(v) for v in value]
        return value

    text = json.dumps(canonical(words), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def texts_in(value: Any) -> list[Text]:
    """Every text in ``value`` (a loaded file or part of one), with its place."""
    if isinstance(value, Text):
        return [value]
    if isinstance(value, Mapping):
        return [t for v in value.values() for t in texts_in(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in texts_in(v)]
    return []
