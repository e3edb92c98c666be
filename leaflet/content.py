"""Content: YAML files in, frozen values out, with every problem found at once.

A leaflet is a folder under ``content/``:

* ``leaflet.yaml`` holds what all languages share: id, title, format, the page plan,
  the kind of each section, pictures, the QR target, sender and document control;
* ``<lang>/<section>.yaml`` holds the words of one section in one language, and
  nothing else, so a translator edits only text.

Loading checks everything it can (keys, kinds of values, pictures, links, the page
plan) and reports every problem with its file and line before anything is rendered.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import css, markup, pictures, qr, yamlfile
from .errors import Collector, LeafletError
from .project import LANGUAGE_CODE, PAGES_PER_SHEET, SETTINGS_FILE, language_folders
from .schema import Field, ListT, MapT, OneOfT, TextT, check
from .yamlfile import Map, Text

#: Languages written right to left (ISO 639-1/-3 codes).
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "yi", "dv", "sd", "ug"})
#: A language folder name: an ISO 639 code, with an optional region or script.
_SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FORMATS = ("a5-folded",)

#: English names of languages, for messages ("too long for page 3 in English").
LANGUAGE_NAMES = {
    "da": "Danish",
    "en": "English",
    "ar": "Arabic",
    "uk": "Ukrainian",
    "pl": "Polish",
    "so": "Somali",
    "fa": "Farsi",
    "tr": "Turkish",
    "ur": "Urdu",
    "ti": "Tigrinya",
    "am": "Amharic",
    "de": "German",
    "sv": "Swedish",
    "nb": "Norwegian",
    "ro": "Romanian",
    "ru": "Russian",
    "es": "Spanish",
    "fr": "French",
}


def language_name(lang: str) -> str:
    """ "English" for en; the code itself for a language without a name here."""
    return LANGUAGE_NAMES.get(lang.split("-")[0], lang)


#: PDF standards a print file can follow, as written in leaflet.yaml → WeasyPrint's name.
PRINT_STANDARDS = {"PDF/X-4": "pdf/x-4", "PDF/X-1a": "pdf/x-1a"}
DEFAULT_PROFILE = "FOGRA39-leaflet.icc"  # in styles/profiles/
DEFAULT_OUTPUT_CONDITION = "FOGRA39"
DEFAULT_OUTPUT_CONDITION_TEXT = "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39)"
ICC_REGISTRY = "http://www.color.org"
MAX_BLEED_MM = 5.0
_YES = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


def is_yes(value: str) -> bool:
    """True for yes/true/on (any case); False for anything else."""
    return _YES.get(value.strip().lower(), False)


_LENGTH_MM = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(mm)?\s*$")


# --- checks on single values --------------------------------------------------------


def _check_url(value: str) -> str | None:
    try:
        return qr.scan_problem(value)
    except qr.UrlProblem as exc:
        return str(exc)


def _check_date(value: str) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return f'"{value}" is not a date — write it as YYYY-MM-DD, like 2026-11-26'
    return None


def _check_id(value: str) -> str | None:
    if not _SECTION_ID.match(value):
        return (
            f'"{value}" is not a usable name — use lower-case letters a to z, digits and '
            "hyphens, like laer-dine-smerter"
        )
    return None


def _check_format(value: str) -> str | None:
    if value not in FORMATS:
        return f'"{value}" is not a format leaflet knows — use one of: {", ".join(FORMATS)}'
    return None


def _check_language(value: str) -> str | None:
    if not LANGUAGE_CODE.match(value):
        return f'"{value}" is not a language code — use a code like da, en or ar'
    return None


def _check_bleed(value: str) -> str | None:
    match = _LENGTH_MM.match(value)
    if not match or float(match[1].replace(",", ".")) > MAX_BLEED_MM:
        return (
            f'"{value}" is not a bleed leaflet can use — write a length in millimetres from '
            f"0 to {MAX_BLEED_MM:.0f}, like 3mm"
        )
    return None


_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")
MIN_SHRINK = 80.0


def _check_shrink(value: str) -> str | None:
    match = _PERCENT.match(value)
    if not match or not MIN_SHRINK <= float(match[1].replace(",", ".")) <= 100:
        return (
            f'"{value}" is not a size leaflet can shrink text to — write a percentage from '
            f"{MIN_SHRINK:.0f}% to 100%, like 90%"
        )
    return None


def _check_yes_no(value: str) -> str | None:
    if value.lower() not in _YES:
        return f'"{value}" is neither yes nor no — write yes or no'
    return None


def _check_standard(value: str) -> str | None:
    if value not in PRINT_STANDARDS:
        return (
            f'"{value}" is not a print standard leaflet makes — use {" or ".join(PRINT_STANDARDS)}'
        )
    return None


TEXT = TextT("text")
PARAGRAPHS = ListT(
    OneOfT(
        (
            TextT("a paragraph"),
            MapT({"list": Field(ListT(TextT("a list item")), required=True)}),
        )
    ),
    description="a list of paragraphs; a bullet list is written as `- list:` followed by items",
)


# --- the kinds of section -----------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of section: what its settings and its words may contain."""

    name: str
    description: str
    settings: Mapping[str, Field]
    words: MapT


_KIND_FIELD = Field(TextT("the kind of section"), required=True)
_FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")


def _check_fingerprint(value: str) -> str | None:
    if not _FINGERPRINT.match(value):
        return (
            f'"{value}" is not a fingerprint leaflet wrote — copy it from `leaflet status` or '
            "start the file again with `leaflet translate new`"
        )
    return None


#: In a translated words file: which source text it was translated from, and whether
#: a second reader has checked it. Not allowed in the source language's files.
TRANSLATION_FIELD = Field(
    MapT(
        {
            "source": Field(
                TextT(check=_check_fingerprint, pattern="^[0-9a-f]{12}$"),
                required=True,
                description="fingerprint of the source-language text this was translated from",
            ),
            "reviewed": Field(
                TextT(check=_check_yes_no),
                required=True,
                description="yes once a second reader has checked the translation, else no",
            ),
        }
    ),
    description="translations only: what it was translated from, and whether it is reviewed",
)
_PICTURE_FIELD = Field(TextT("a picture file, relative to the leaflet folder"))
_THEMES_FIELD = Field(
    ListT(
        MapT(
            {
                "id": Field(TextT(check=_check_id), required=True),
                "icon": Field(TextT("an SVG file, relative to the leaflet folder"), required=True),
            }
        )
    ),
    required=True,
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "cover",
            "the front page: the title, and a picture",
            {"kind": _KIND_FIELD, "picture": _PICTURE_FIELD},
            MapT(
                {
                    "title": Field(TEXT, required=True, description="the title on the cover"),
                    "subtitle": Field(TEXT),
                }
            ),
        ),
        Kind(
            "text",
            "a heading (optional) and paragraphs and bullet lists",
            {"kind": _KIND_FIELD},
            MapT(
                {
                    "heading": Field(TEXT),
                    "body": Field(PARAGRAPHS, required=True, description="a list of paragraphs"),
                }
            ),
        ),
        Kind(
            "note",
            "a highlighted note that stands out from the text, with a picture (optional)",
            {"kind": _KIND_FIELD, "picture": _PICTURE_FIELD},
            MapT(
                {
                    "heading": Field(TEXT),
                    "body": Field(PARAGRAPHS, required=True, description="a list of paragraphs"),
                }
            ),
        ),
        Kind(
            "qr",
            "an invitation to read more, with the QR code and the printed web address",
            {"kind": _KIND_FIELD},
            MapT(
                {
                    "heading": Field(TEXT),
                    "body": Field(PARAGRAPHS, required=True, description="a list of paragraphs"),
                }
            ),
        ),
        Kind(
            "themes",
            "a heading, paragraphs and a row of themes, each with an icon",
            {"kind": _KIND_FIELD, "themes": _THEMES_FIELD},
            MapT(
                {
                    "heading": Field(TEXT),
                    "body": Field(PARAGRAPHS),
                    "themes": Field(
                        MapT(values=TEXT),
                        required=True,
                        description="one label for each theme id in leaflet.yaml",
                    ),
                }
            ),
        ),
        Kind(
            "back",
            "the back page: sender and document control",
            {"kind": _KIND_FIELD},
            MapT(
                {
                    "body": Field(PARAGRAPHS),
                    "sender_label": Field(TEXT, required=True, description='e.g. "Udgivet af"'),
                    "version_label": Field(TEXT, required=True, description='e.g. "Version"'),
                    "published_label": Field(TEXT, required=True, description='e.g. "Udgivet"'),
                    "review_label": Field(
                        TEXT, required=True, description='e.g. "Revideres senest"'
                    ),
                }
            ),
        ),
    )
}

#: Any section may be drawn by another template than its kind's own.
TEMPLATE_FIELD = Field(
    TextT(check=_check_id),
    description="draw this section with templates/sections/<name>.html.j2 instead of its "
    "kind's own template",
)

# Every kind's words file may say what it was translated from.
KINDS = {
    name: replace(
        kind,
        settings={**kind.settings, "template": TEMPLATE_FIELD},
        words=replace(kind.words, fields={**kind.words.fields, "translation": TRANSLATION_FIELD}),
    )
    for name, kind in KINDS.items()
}

SETTINGS_SCHEMA = MapT(
    {
        "id": Field(TextT(check=_check_id), required=True, description="the leaflet's id"),
        "title": Field(TEXT, required=True, description="a working title for lists"),
        "source_language": Field(
            TextT(check=_check_language), required=True, description="e.g. da"
        ),
        "format": Field(TextT(check=_check_format)),
        "qr": Field(TextT("the web address the QR code leads to", check=_check_url)),
        "sender": Field(
            MapT(
                {
                    "name": Field(TEXT, required=True, description="who publishes the leaflet"),
                    "department": Field(TEXT),
                    "address": Field(TEXT),
                    "phone": Field(TEXT),
                    "email": Field(TEXT),
                    "web": Field(TEXT),
                }
            ),
            required=True,
            description="name (and address, phone, web) of who publishes the leaflet",
        ),
        "document": Field(
            MapT(
                {
                    "version": Field(TEXT, required=True, description='e.g. "1.0"'),
                    "published": Field(
                        TextT(check=_check_date), required=True, description="YYYY-MM-DD"
                    ),
                    "review": Field(
                        TextT(check=_check_date), required=True, description="YYYY-MM-DD"
                    ),
                }
            ),
            required=True,
            description="version, published and review dates",
        ),
        "print": Field(
            MapT(
                {
                    "bleed": Field(
                        TextT(check=_check_bleed),
                        description="how far colour runs past the cut edge, e.g. 3mm",
                    ),
                    "marks": Field(
                        TextT(check=_check_yes_no),
                        description="crop marks and a slug line outside the bleed: yes or no",
                    ),
                    "standard": Field(
                        TextT(check=_check_standard), description="PDF/X-4 or PDF/X-1a"
                    ),
                    "profile": Field(
                        TEXT,
                        description="a CMYK ICC profile file from the printer, e.g. "
                        "PSOcoated_v3.icc (in the leaflet folder or styles/profiles/)",
                    ),
                    "output_condition": Field(
                        TEXT, description="the profile's printing condition, e.g. FOGRA51"
                    ),
                    "output_condition_text": Field(
                        TEXT, description="the printing condition in words"
                    ),
                }
            ),
            description="settings for the print shop's file (all optional)",
        ),
        "style": Field(
            TextT("a CSS file in the leaflet folder"),
            description="a CSS file in the leaflet folder with changes to the design of this "
            "leaflet, e.g. style.css (it may use files inside the project only)",
        ),
        "shrink_to_fit": Field(
            TextT(check=_check_shrink),
            description="how small text may get when a language needs more room, e.g. 90% "
            "(default 100%: never)",
        ),
        "pages": Field(
            ListT(ListT(TextT(check=_check_id), min_items=1)),
            required=True,
            description="a list of pages, each a list of section ids",
        ),
        "sections": Field(
            # Any key some kind allows; which keys each kind allows is checked below.
            MapT(
                values=MapT(
                    {
                        key: Field(spec.type, required=key == "kind")
                        for kind in KINDS.values()
                        for key, spec in kind.settings.items()
                    }
                )
            ),
            required=True,
            description="each section id with its kind",
        ),
    }
)


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


@dataclass(frozen=True)
class Sender:
    name: str
    department: str | None
    address: str | None
    phone: str | None
    email: str | None
    web: str | None


@dataclass(frozen=True)
class DocumentControl:
    version: str
    published: date
    review: date


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
    pages: tuple[tuple[str, ...], ...]
    sections: Mapping[str, SectionSettings]
    print: PrintSettings
    shrink_floor: float = 1.0  # the smallest text scale a language may get to fit
    style: Path | None = None  # the leaflet's own CSS, after styles/leaflet.css

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


@dataclass(frozen=True)
class Section:
    """One section in one language: its shared settings and its words."""

    settings: SectionSettings
    path: Path
    words: Mapping[str, Any]
    translation: Translation | None = None  # None in the source language

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
        return "rtl" if self.lang.split("-")[0] in RTL_LANGUAGES else "ltr"

    @property
    def is_source(self) -> bool:
        return self.lang == self.settings.source_language

    @property
    def draft(self) -> bool:
        """A translation with any section not marked reviewed."""
        return any(
            s.translation is not None and not s.translation.reviewed for s in self.sections.values()
        )

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


# --- loading ------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Located values as plain, read-only Python values for the templates."""
    if isinstance(value, Map):
        return MappingProxyType({str(k): _plain(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value  # Text: a str that still knows its file and line


def _picture(
    raw: Map, key: str, folder: Path, problems: Collector, allowed: tuple[str, ...] = (".svg",)
) -> Path | None:
    value = raw.get(key)
    if value is None:
        return None
    assert isinstance(value, Text)
    candidate = (folder / value).resolve()
    where = (value.path, value.line, value.column)
    if not candidate.is_relative_to(folder.resolve()):
        problems.add(
            f'the picture "{value}" is outside the leaflet folder — keep pictures in '
            f"{folder.name}/pictures/ and write the path from the leaflet folder",
            *where,
        )
        return None
    if candidate.suffix.lower() not in allowed:
        problems.add(f'the picture "{value}" must be an SVG file ({", ".join(allowed)})', *where)
        return None
    if not candidate.is_file():
        problems.add(
            f'the picture "{value}" does not exist — check the spelling or add the file',
            *where,
        )
        return None
    found = pictures.check_svg(candidate, folder)
    problems.problems.extend(found[:MAX_PICTURE_PROBLEMS])
    if len(found) > MAX_PICTURE_PROBLEMS:
        problems.add(
            f"… and {len(found) - MAX_PICTURE_PROBLEMS} more problems in this picture",
            candidate,
        )
    return None if found else candidate


#: A broken or hostile picture can have a problem on every element; show this many.
MAX_PICTURE_PROBLEMS = 20


def _section_settings(
    section_id: str, raw: Map, folder: Path, problems: Collector
) -> SectionSettings | None:
    kind_name = raw.get("kind")
    if kind_name is None:
        return None  # already reported as a missing key
    kind = KINDS.get(str(kind_name))
    if kind is None:
        assert isinstance(kind_name, Text)
        problems.add(
            f'"{kind_name}" is not a kind of section — use one of: ' + ", ".join(KINDS),
            kind_name.path,
            kind_name.line,
            kind_name.column,
        )
        return None
    before = len(problems.problems)
    check(raw, MapT(kind.settings), problems, f'section "{section_id}"')
    if len(problems.problems) > before:
        return None
    themes: list[Theme] = []
    for item in raw.get("themes", []):
        icon = _picture(item, "icon", folder, problems)
        if icon is not None:
            themes.append(Theme(str(item["id"]), icon))
    return SectionSettings(
        id=section_id,
        kind=kind.name,
        picture=_picture(raw, "picture", folder, problems),
        themes=tuple(themes),
        template=_template(raw.get("template"), folder, problems),
    )


def _style(value: Text | None, folder: Path, problems: Collector) -> Path | None:
    """The leaflet's own stylesheet: a .css file in its folder, using project files only."""
    if value is None:
        return None
    where = (value.path, value.line, value.column)
    candidate = (folder / value).resolve()
    if not candidate.is_relative_to(folder.resolve()):
        problems.add(
            f'the stylesheet "{value}" is outside the leaflet folder — put it in '
            f"{folder.name}/ and write its name, like style.css",
            *where,
        )
        return None
    if candidate.suffix.lower() != ".css":
        problems.add(f'the stylesheet "{value}" must be a .css file', *where)
        return None
    if not candidate.is_file():
        problems.add(
            f'the stylesheet "{value}" does not exist — check the spelling or add the file',
            *where,
        )
        return None
    project = folder.parent.parent
    found = css.check_stylesheet(
        candidate, [project / "content", project / "templates", project / "styles"]
    )
    problems.problems.extend(found)
    return None if found else candidate


def _template(value: Text | None, folder: Path, problems: Collector) -> str | None:
    """The name of a section template that exists in the project's templates/sections/."""
    if value is None:
        return None
    sections = folder.parent.parent / "templates" / "sections"
    if not (sections / f"{value}.html.j2").is_file():
        known = sorted(
            p.name.removesuffix(".html.j2")
            for p in sections.glob("*.html.j2")
            if not p.name.startswith("_")
        )
        problems.add(
            f'there is no template "{value}" (templates/sections/{value}.html.j2) — use one of: '
            + ", ".join(known),
            value.path,
            value.line,
            value.column,
        )
        return None
    return str(value)


def load_settings(folder: Path) -> Settings:
    """Read and check ``leaflet.yaml`` of the leaflet in ``folder``."""
    path = folder / SETTINGS_FILE
    raw = yamlfile.load(path)
    problems = Collector()
    if not isinstance(raw, Map):
        raise LeafletError.at("this file should hold keys with values", path, 1, 1)
    check(raw, SETTINGS_SCHEMA, problems, "leaflet.yaml")
    if problems:
        raise LeafletError(problems.problems)
    if raw["id"] != folder.name:
        problems.add(
            f'the id "{raw["id"]}" differs from the folder name "{folder.name}" — '
            "make them the same",
            path,
            raw["id"].line,
            raw["id"].column,
        )
    sections: dict[str, SectionSettings] = {}
    for section_id, section_raw in raw["sections"].items():
        line, column = raw["sections"].keys_at[section_id]
        if (message := _check_id(section_id)) is not None:
            problems.add(f"section {message}", path, line, column)
            continue
        made = _section_settings(section_id, section_raw, folder, problems)
        if made is not None:
            sections[section_id] = made
    _check_page_plan(raw, problems)
    if raw.get("qr") is None and any(s.kind == "qr" for s in sections.values()):
        problems.add(
            'a section of kind "qr" needs a web address — add qr: https://… to leaflet.yaml',
            path,
            raw.line,
            raw.column,
        )
    print_settings = _print_settings(raw, folder, problems)
    style = _style(raw.get("style"), folder, problems)
    problems.raise_if_any()
    assert print_settings is not None
    sender = raw["sender"]
    document = raw["document"]
    return Settings(
        folder=folder,
        id=str(raw["id"]),
        title=str(raw["title"]),
        source_language=str(raw["source_language"]),
        format=str(raw.get("format", FORMATS[0])),
        qr_url=raw.get("qr"),
        sender=Sender(
            name=sender["name"],
            department=sender.get("department"),
            address=sender.get("address"),
            phone=sender.get("phone"),
            email=sender.get("email"),
            web=sender.get("web"),
        ),
        document=DocumentControl(
            version=document["version"],
            published=date.fromisoformat(document["published"]),
            review=date.fromisoformat(document["review"]),
        ),
        pages=tuple(tuple(str(s) for s in page) for page in raw["pages"]),
        sections=MappingProxyType(sections),
        print=print_settings,
        shrink_floor=_shrink_floor(raw.get("shrink_to_fit")),
        style=style,
    )


def _shrink_floor(value: Text | None) -> float:
    if value is None:
        return 1.0
    match = _PERCENT.match(value)
    assert match is not None  # checked by the schema
    return float(match[1].replace(",", ".")) / 100


def _print_settings(raw: Map, folder: Path, problems: Collector) -> PrintSettings | None:
    """The ``print:`` block, with defaults; the colour profile must be a CMYK output profile."""
    block = raw.get("print")
    values: Map = block if isinstance(block, Map) else Map()
    styles = folder.parent.parent / "styles"
    value = values.get("profile")
    if value is None:
        profile = styles / "profiles" / DEFAULT_PROFILE
        where: tuple[Path, int | None, int | None] = (raw.path, None, None)
    else:
        where = (value.path, value.line, value.column)
        profile = next(
            (
                c
                for c in (folder / value, styles / "profiles" / value)
                if c.resolve().is_relative_to(folder.parent.parent.resolve()) and c.is_file()
            ),
            folder / value,
        )
        if values.get("output_condition") is None:
            problems.add(
                "with your own colour profile, say which printing condition it is for — add "
                "output_condition: (for example FOGRA51 for PSO Coated v3) under print:",
                *where,
            )
    if not profile.is_file():
        problems.add(
            f'the colour profile "{profile.name}" does not exist — put the .icc file in the '
            "leaflet folder or in styles/profiles/ and check the name",
            *where,
        )
        return None
    if (message := _icc_problem(profile)) is not None:
        problems.add(f'the colour profile "{profile.name}" {message}', *where)
        return None
    made = PrintSettings(profile=profile.resolve())
    bleed = values.get("bleed")
    if bleed is not None:
        match = _LENGTH_MM.match(bleed)
        assert match is not None  # checked by the schema
        made = replace(made, bleed_mm=float(match[1].replace(",", ".")))
    if (marks := values.get("marks")) is not None:
        made = replace(made, marks=is_yes(marks))
    if (standard := values.get("standard")) is not None:
        made = replace(made, standard=str(standard))
    if (condition := values.get("output_condition")) is not None:
        text = values.get("output_condition_text", condition)
        made = replace(made, output_condition=str(condition), output_condition_text=str(text))
    return made


def _icc_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a print output intent, or None when it can."""
    header = path.read_bytes()[:128]
    if len(header) < 128 or header[36:40] != b"acsp":
        return "is not an ICC colour profile — ask the printer for their .icc file"
    if header[16:20] != b"CMYK":
        space = header[16:20].decode("ascii", "replace").strip()
        return f"is for {space} colour, not CMYK — a print file needs the printer's CMYK profile"
    if header[12:16] != b"prtr":
        return "is not an output (printer) profile — ask the printer for their press profile"
    return None


def _check_page_plan(raw: Map, problems: Collector) -> None:
    path = raw.path
    pages = raw["pages"]
    declared = raw["sections"]
    placed: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for item in page:
            if item not in declared:
                problems.add(
                    f'page {number} names the section "{item}", which is not listed under '
                    "sections: — add it there or fix the name",
                    path,
                    item.line,
                    item.column,
                )
            elif item in placed:
                problems.add(
                    f'the section "{item}" is on page {placed[item]} and again on page '
                    f"{number} — a section goes on one page only",
                    path,
                    item.line,
                    item.column,
                )
            else:
                placed[item] = number
    for section_id in declared:
        if section_id not in placed:
            line, column = declared.keys_at[section_id]
            problems.add(
                f'the section "{section_id}" is on no page — add it to pages: or remove it',
                path,
                line,
                column,
            )
    if len(pages) % PAGES_PER_SHEET:
        problems.add(
            f"the page plan has {len(pages)} pages — a folded leaflet needs a multiple of "
            f"{PAGES_PER_SHEET} (4, 8, 12 …); add or remove pages",
            path,
            pages.line,
            pages.column,
        )


def _check_words(
    section: SectionSettings, words: Any, path: Path, settings: Settings, problems: Collector
) -> None:
    kind = KINDS[section.kind]
    if not isinstance(words, Map):
        line, column = (words.line, words.column) if isinstance(words, Text) else (1, 1)
        problems.add(
            "this file should hold keys with values, like heading: … and body: …",
            path,
            line,
            column,
        )
        return
    check(words, kind.words, problems, f"{path.name}")
    if section.kind == "themes" and isinstance(words.get("themes"), Map):
        labels = words["themes"]
        wanted = [t.id for t in section.themes]
        for theme_id in wanted:
            if theme_id not in labels:
                problems.add(
                    f'the theme "{theme_id}" has no label — add {theme_id}: followed by its '
                    "label under themes:",
                    path,
                    labels.line,
                    labels.column,
                )
        for theme_id in labels:
            if theme_id not in wanted:
                line, column = labels.keys_at[theme_id]
                problems.add(
                    f'"{theme_id}" is not a theme of this section — the themes are: '
                    + ", ".join(wanted),
                    path,
                    line,
                    column,
                )
    for text in texts_in(words):
        for message in markup.problems(text):
            problems.add(message, path, text.line, text.column)
        if "{url}" in text and settings.qr_url is None:
            problems.add(
                "{url} is used, but leaflet.yaml has no qr: web address to print",
                path,
                text.line,
                text.column,
            )


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


def _translation(
    words: Any, lang: str, settings: Settings, path: Path, problems: Collector
) -> Translation | None:
    """The translation block of a words file (source language: there must be none)."""
    if not isinstance(words, Map):
        return None
    block = words.get("translation")
    if lang == settings.source_language:
        if block is not None:
            line, column = words.keys_at["translation"]
            problems.add(
                f"{lang} is the language this leaflet is written in, so its files have no "
                "translation: block — delete it",
                path,
                line,
                column,
            )
        return None
    if not isinstance(block, Map):
        return Translation(source=None, reviewed=False)
    reviewed = block.get("reviewed")
    return Translation(
        source=str(block["source"]) if "source" in block else None,
        reviewed=reviewed is not None and is_yes(str(reviewed)),
        line=words.keys_at["translation"][0],
    )


def texts_in(value: Any) -> list[Text]:
    """Every text in ``value`` (a loaded file or part of one), with its place."""
    if isinstance(value, Text):
        return [value]
    if isinstance(value, Mapping):
        return [t for v in value.values() for t in texts_in(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in texts_in(v)]
    return []


def load_edition(settings: Settings, lang: str) -> Edition:
    """Read and check every words file of one language of a leaflet."""
    problems = Collector()
    folder = settings.folder / lang
    if not folder.is_dir():
        raise LeafletError.at(
            f'there is no language "{lang}" for this leaflet — the languages are: '
            + ", ".join(settings.languages()),
            settings.path,
        )
    sections: dict[str, Section] = {}
    for page in settings.pages:
        for section_id in page:
            section = settings.sections[section_id]
            path = settings.words_path(lang, section_id)
            try:
                words = yamlfile.load(path)
            except LeafletError as exc:
                if not path.exists():
                    problems.add(
                        f'the words for section "{section_id}" are missing — create '
                        f"{lang}/{section_id}.yaml (copy it from another language and "
                        "translate it)",
                        path,
                    )
                else:
                    problems.extend(exc)
                continue
            before = len(problems.problems)
            _check_words(section, words, path, settings, problems)
            translation = _translation(words, lang, settings, path, problems)
            if len(problems.problems) == before:
                plain = {k: v for k, v in _plain(words).items() if k != "translation"}
                sections[section_id] = Section(section, path, plain, translation)
    for extra in sorted(folder.glob("*.yaml")):
        if extra.stem not in settings.sections:
            problems.add(
                f'"{extra.name}" belongs to no section of leaflet.yaml — rename it to match '
                "a section, or delete it",
                extra,
            )
    problems.raise_if_any()
    return Edition(settings=settings, lang=lang, sections=MappingProxyType(sections))
