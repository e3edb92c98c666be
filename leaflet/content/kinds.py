"""The schema of a leaflet: each kind of section, and what leaflet.yaml may hold.

One definition serves the checker (:func:`leaflet.content.schema.check`) and the
JSON Schema files for editors (:mod:`leaflet.content.jsonschema`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from .blocks import BODY, TEXT
from .contact import email_problem, phone_problem, web_problem
from .schema import Field, ListT, MapT, OneOfT, TextT
from .values import (
    check_back_fill,
    check_bleed,
    check_date,
    check_day,
    check_fingerprint,
    check_format,
    check_id,
    check_language,
    check_page_count,
    check_picture_id,
    check_shrink,
    check_standard,
    check_target,
    check_url,
    check_yes_no,
)

_BLOCKS_TEXT = "a list of blocks: paragraphs, and - list:, - steps:, - warning: …"


# --- the kinds of section -----------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of section: what its settings and its words may contain."""

    name: str
    description: str
    settings: Mapping[str, Field]
    words: MapT


_KIND_FIELD = Field(TextT("the kind of section"), required=True)
#: In a translated words file: which source text it was translated from, and whether
#: a second reader has checked it. Not allowed in the source language's files.
TRANSLATION_FIELD = Field(
    MapT(
        {
            "source": Field(
                TextT(check=check_fingerprint, pattern="^[0-9a-f]{12}$"),
                required=True,
                description="fingerprint of the source-language text this was translated from",
            ),
            "reviewed": Field(
                TextT(check=check_yes_no),
                required=True,
                description="yes once a second reader has checked the translation, else no",
            ),
            "reviewed_by": Field(
                TextT("who checked the translation"),
                description="who checked the translation, e.g. Anna Kowalska (with reviewed: yes)",
            ),
            "reviewed_on": Field(
                TextT(check=check_day),
                description="the day the translation was checked, YYYY-MM-DD (with reviewed: yes)",
            ),
            "same": Field(
                ListT(TextT("a text of this file, like version_label or body/6/table/rows/1/2")),
                description="texts that are the same as the source text on purpose (a name, a "
                "number), by their place in the file: heading, body/2, body/6/table/rows/1/2",
            ),
        }
    ),
    description="translations only: what it was translated from, and whether it is reviewed",
)
_PICTURE_FIELD = Field(TextT("a picture file, relative to the leaflet folder"))
#: Where a section goes when the pages flow (a leaflet.yaml without a page plan).
_FLOW_FIELDS = {
    "new_page": Field(
        TextT(check=check_yes_no),
        description="yes: the section starts on a new page (pages that flow only)",
    ),
    "foot_of_last_page": Field(
        TextT(check=check_yes_no),
        description="yes: the section sits at the foot of the last inside page, like an "
        "invitation to read more with the QR code (pages that flow only)",
    ),
}
_THEMES_FIELD = Field(
    ListT(
        MapT(
            {
                "id": Field(TextT(check=check_picture_id), required=True),
                "icon": Field(TextT("an SVG file, relative to the leaflet folder"), required=True),
            }
        )
    ),
    required=True,
)

#: What fills the back page above the sender, where it has room.
_FILL_FIELD = Field(
    TextT("notes, qr, pattern or none", check=check_back_fill),
    description="what fills the back page above the sender, where it has room: notes "
    "(lines to write notes on; the default), qr (the QR code again), pattern (the brand's "
    "pattern) or none",
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
                    "body": Field(BODY, required=True, description=_BLOCKS_TEXT),
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
                    "body": Field(BODY, required=True, description=_BLOCKS_TEXT),
                }
            ),
        ),
        Kind(
            "warning",
            "a section that warns, drawn as a warning box (see a doctor at once if …)",
            {"kind": _KIND_FIELD},
            MapT(
                {
                    "heading": Field(TEXT),
                    "body": Field(BODY, required=True, description=_BLOCKS_TEXT),
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
                    "body": Field(BODY, required=True, description=_BLOCKS_TEXT),
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
                    "body": Field(BODY, description=_BLOCKS_TEXT),
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
            {"kind": _KIND_FIELD, "fill": _FILL_FIELD},
            MapT(
                {
                    "body": Field(BODY, description=_BLOCKS_TEXT),
                    "sender_label": Field(TEXT, required=True, description='e.g. "Udgivet af"'),
                    "version_label": Field(TEXT, required=True, description='e.g. "Version"'),
                    "published_label": Field(TEXT, required=True, description='e.g. "Udgivet"'),
                    "review_label": Field(
                        TEXT, required=True, description='e.g. "Revideres senest"'
                    ),
                    "translation_reviewed_label": Field(
                        TEXT,
                        description="in a translation, the label before the day the "
                        'translation was checked (reviewed_on:), e.g. "Oversættelse gennemlæst"',
                    ),
                    "notes_label": Field(
                        TEXT,
                        description="the heading of a page for the reader's own notes, e.g. "
                        '"Noter" (used when a leaflet has a page to spare)',
                    ),
                }
            ),
        ),
    )
}

#: Any section may be drawn by another template than its kind's own.
TEMPLATE_FIELD = Field(
    TextT(check=check_id),
    description="draw this section with templates/sections/<name>.html.j2 instead of its "
    "kind's own template",
)

# Every kind's words file may say what it was translated from; every section between
# the cover and the back page may say where it goes when the pages flow.
KINDS = {
    name: replace(
        kind,
        settings={
            **kind.settings,
            "template": TEMPLATE_FIELD,
            **({} if name in ("cover", "back") else _FLOW_FIELDS),
        },
        words=replace(kind.words, fields={**kind.words.fields, "translation": TRANSLATION_FIELD}),
    )
    for name, kind in KINDS.items()
}

SETTINGS_SCHEMA = MapT(
    {
        "id": Field(TextT(check=check_id), required=True, description="the leaflet's id"),
        "title": Field(TEXT, required=True, description="a working title for lists"),
        "source_language": Field(TextT(check=check_language), required=True, description="e.g. da"),
        "format": Field(TextT(check=check_format)),
        "qr": Field(TextT("the web address the QR code leads to", check=check_url)),
        "sender": Field(
            MapT(
                {
                    "name": Field(
                        TEXT,
                        description="who publishes the leaflet, when it is not the brand's "
                        "organisation (then none of the brand's contact details is used)",
                    ),
                    "department": Field(TEXT),
                    "address": Field(TEXT),
                    "phone": Field(
                        TextT("a phone number", check=phone_problem),
                        description="a link on screens (tel:)",
                    ),
                    "email": Field(
                        TextT("an e-mail address", check=email_problem),
                        description="a link on screens (mailto:)",
                    ),
                    "web": Field(
                        TextT("a web address", check=web_problem),
                        description="with or without https://; a link on screens",
                    ),
                }
            ),
            description="who publishes the leaflet: the brand's name and contact details "
            "(leaflet-project.yaml) unless this says otherwise — with name: another sender, "
            "without it only the keys given (department:, phone: …) change",
        ),
        "document": Field(
            MapT(
                {
                    "version": Field(TEXT, required=True, description='e.g. "1.0"'),
                    "published": Field(
                        TextT(check=check_date),
                        required=True,
                        description="a month (YYYY-MM) or a day (YYYY-MM-DD)",
                    ),
                    "review": Field(
                        TextT(check=check_date),
                        required=True,
                        description="a month (YYYY-MM) or a day (YYYY-MM-DD)",
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
                        TextT(check=check_bleed),
                        description="how far colour runs past the cut edge, e.g. 3mm",
                    ),
                    "marks": Field(
                        TextT(check=check_yes_no),
                        description="crop marks and a slug line outside the bleed: yes or no",
                    ),
                    "standard": Field(
                        TextT(check=check_standard), description="PDF/X-4 or PDF/X-1a"
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
            TextT(check=check_shrink),
            description="how small text may get when a language needs more room, e.g. 90% "
            "(default 100%: never)",
        ),
        "readability": Field(
            MapT(
                {
                    "target": Field(
                        TextT(check=check_target, pattern="^[0-9]+$"),
                        description="the hardest a section may be, as LIX (default 40; under "
                        "35 is easy, 45 and above hard); languages measured with Flesch "
                        "reading ease get 140 − 2 × target (40 → 60)",
                    ),
                    "long_words": Field(
                        ListT(TextT("a word that must stay long, like a medicine's name")),
                        description="words that are not counted as long words (and the words "
                        "that begin with them: paracetamol also covers paracetamolen)",
                    ),
                }
            ),
            description="how easy to read the text should be: leaflet check warns about "
            "sections harder than target: and sentences over 25 words",
        ),
        "pages": Field(
            OneOfT(
                (
                    TextT("the number of pages: 4, 8, 12 …", check=check_page_count),
                    ListT(ListT(TextT(check=check_id), min_items=1)),
                )
            ),
            description="leave it out and the sections flow from page to page, on as few "
            "pages as they need; a number (8) fixes the count; a list of pages, each a list "
            "of section ids, places every section by hand",
        ),
        "pictures": Field(
            MapT(values=TextT("a picture file (SVG, PNG or JPEG), relative to the leaflet folder")),
            description="the pictures the words files show with - picture:, each an id and "
            "its file, e.g. knae: pictures/knae.svg",
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
