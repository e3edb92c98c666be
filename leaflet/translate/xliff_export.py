"""``leaflet translate export``: a leaflet's texts as an XLIFF 1.2 file for an agency.

One ``<file>`` per leaflet, one ``<group>`` per section in reading order, and one
``<trans-unit>`` per text (see :mod:`.units` for what a text is and how its id is
made). Markup is written as inline codes (see :mod:`.inline`), so a translation
tool shows it as tags that cannot be mistyped. Each unit has a note saying which
section it is in and what kind of text it is.

When the language already exists, each text that it has goes in as the
``<target>``, with the state the fingerprints of ``leaflet status`` give it:
``translated`` when the source text is the same as when it was translated,
``signed-off`` when a second reader has checked it too (``reviewed: yes``), and
``needs-review-translation`` when the source text changed since. A text the
language does not have gets no target; nor does a text where the source gained or
lost items of a list (blocks, list items …) on the way to it since it was
translated, since which translation belongs to it cannot be told: a note says so,
with the text the translation has at that place. The codes of a target carry the ids of the
source's codes they stand for, in whatever order the translation has them (see
:func:`.inline.numbered`).

The file is made in memory; the command line writes it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .. import content
from ..content.kinds import KINDS
from ..content.languages import language_name, same_language
from ..errors import Collector, LeafletError, plural
from .inline import codes, foreign, to_xliff
from .status import Layouts, check_language_code
from .texts import SectionTexts, leaflet_texts
from .units import Progress, Unit, progress, text_at, value_at

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
#: What to do with an exported file.
NEXT_STEP = (
    "next: send the file to the translator; bring the translation back with "
    "`leaflet translate import FILE.xlf`"
)
#: A note's author, so a tool (and an import) can tell leaflet's notes from others.
NOTE_FROM = "leaflet"


@dataclass(frozen=True)
class Exported:
    """One leaflet's XLIFF file, and what is in it."""

    leaflet: str
    lang: str
    source_language: str
    xml: str
    progress: Progress  # every text, how many have no translation, how many changed

    @property
    def file_name(self) -> str:
        return f"{self.leaflet}-{self.lang}.xlf"

    def summary(self, path: Path) -> str:
        """What was written, in the words of ``leaflet status``."""
        p = self.progress
        done = p.texts - p.to_translate - p.changed
        return (
            f"wrote {path}: {plural(p.texts, 'text')} of {self.leaflet} for "
            f"{language_name(self.lang)} "
            f"— {p.to_translate} to translate, {p.changed} changed in "
            f"{language_name(self.source_language)} since translated, {done} translated"
        )


def _xml_problem(text: str) -> str | None:
    """Why ``text`` cannot go into an XML file (a control character), or None."""
    for char in text:
        code = ord(char)
        if code in (0x9, 0xA, 0xD):
            continue
        if code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            return (
                f"the text holds an invisible control character (U+{code:04X}) that an XLIFF "
                "file cannot carry — delete it (`leaflet check` finds these too)"
            )
    return None


def state_of(section: SectionTexts, target: str | None) -> str | None:
    """The XLIFF state of a unit's target: None when there is no target."""
    if target is None:
        return None
    if section.changed:
        return "needs-review-translation"
    return "signed-off" if section.reviewed else "translated"


def room(settings: content.Settings, lang: str, layouts: Layouts) -> tuple[str, str] | None:
    """(a sentence for the file, a short one for each text) on the room the pages have
    left, as the last build of ``lang`` (else of the source language) measured it."""
    source = settings.source_language
    for whose in (lang, source):
        facts, current = layouts.get((settings.id, whose), ({}, False))
        if (lines := facts.get("room_lines")) is not None:
            break
    else:
        return None
    count = math.floor(lines)
    more = f"about {count} more line{'' if count == 1 else 's'} of text" if count else "no more"
    spare = f"room for {more}" if count else "no room for more lines of text"
    name, earlier = language_name(whose), "" if current else " (an earlier build)"
    short = f"Room left: {more} on the last inside page of the {name} leaflet{earlier}."
    if whose == lang:
        long = f"When the {name} leaflet was last built{earlier}, its last inside page had {spare}."
    else:
        long = (
            f"The {language_name(lang)} leaflet has not been built yet; the last inside page "
            f"of the {name} leaflet has {spare}{earlier}. Translations are often longer."
        )
    advice = " Every page must fit: keep the translation about as long as the source text."
    return long + advice, short


def _notes(
    unit: Unit, settings: content.Settings, lang: str, short: str | None, target: str | None
) -> list[str]:
    notes = [f'Section "{unit.section}": {unit.what}.']
    if short is not None and unit.path[-1] != "alt":  # alt text is not printed
        notes.append(short)
    for code in codes(unit.text):
        if code.kind == "link":
            notes.append(
                f'The link "{code.text}" leads to {code.href}: translate its words; the '
                "address stays as it is."
            )
        elif code.kind == "url":
            notes.append(
                f"The placeholder {{url}} is printed as the web address {settings.qr_url}."
            )
    if any(code.kind == "newline" for code in codes(unit.text)):
        notes.append(
            "Each line break code is a line break on the page: use as many as the text "
            f"needs in {language_name(lang)}, where it reads well."
        )
    source = language_name(settings.source_language)
    for code in foreign(target, unit.text) if target is not None else ():
        what = {"strong": "bold", "em": "italic", "link": "link", "url": "{url}"}[code.kind]
        where = f"a link to {code.href}" if code.kind == "link" else f"a {what} code"
        notes.append(
            f'The translation has {where} (id="{code.id}") that the {source} text does not '
            f"have: the import refuses it — use the codes of the {source} text."
        )
    return notes


def _moved_note(settings: content.Settings, lang: str, section: SectionTexts, unit: Unit) -> str:
    source, name = language_name(settings.source_language), language_name(lang)
    earlier = text_at(section.words, unit.path) if section.words is not None else None
    return (
        f"The {source} text of this section has gained or lost blocks since it was "
        f"translated, so leaflet cannot tell which text of the earlier {name} translation "
        "translates this one, and gives none: translate it (a translation memory may have "
        "it). "
        + (
            f"At this place the earlier {name} translation has: “{earlier}”"
            if earlier is not None
            else f"The {name} translation has no text at this place."
        )
    )


def _note(text: str, pad: str) -> str:
    return f"{pad}<note from={quoteattr(NOTE_FROM)}>{escape(text)}</note>"


def _header_note(settings: content.Settings, lang: str, room: str | None) -> str:
    source, target = language_name(settings.source_language), language_name(lang)
    return (
        f'The {source} texts of the leaflet "{settings.title}" ({settings.id}), to translate '
        f"into {target}. Keep the codes: a bold, italic or link code goes around the words "
        f"that are bold, italic or a link in {target}; the {{url}} placeholder becomes the "
        "web address of the leaflet. Texts marked needs-review-translation were translated "
        f"before the {source} text changed: check them against the new text. Mark a text "
        "signed-off or final only once a second reader has checked it."
        + (" " + room if room else "")
    )


def export_leaflet(
    settings: content.Settings, lang: str, layouts: Layouts | None = None
) -> Exported:
    """The XLIFF 1.2 file of one leaflet for the language ``lang`` (new or existing).

    ``layouts`` is what the last build recorded (see :data:`.status.Layouts`): the room
    left on the pages goes into the notes when it is known.
    """
    if (message := check_language_code(lang)) is not None:
        raise LeafletError.at(message, None)
    if same_language(lang, settings.source_language):
        raise LeafletError.at(
            f"{lang} is the language this leaflet is written in — export the language to "
            "translate into, like `leaflet translate export pl`",
            settings.path,
        )
    sections = leaflet_texts(settings, lang)
    problems = Collector()
    long, short = room(settings, lang, layouts or {}) or (None, None)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}">',
        f'  <file original={quoteattr(settings.id)} datatype="plaintext" '
        f'source-language="{settings.source_language}" target-language="{lang}">',
        "    <header>",
        '      <tool tool-id="leaflet" tool-name="leaflet"/>',
        _note(_header_note(settings, lang, long), "      "),
        "    </header>",
        "    <body>",
    ]
    counted = Progress(0, 0, 0)
    for section in sections:
        lines.append(f"      <group id={quoteattr(section.id)} resname={quoteattr(section.id)}>")
        lines.append(
            _note(f'Section "{section.id}": {KINDS[section.kind].description}.', "        ")
        )
        for unit in section.units:
            target = section.target(unit)
            for text, where in ((unit.text, section.source_words), (target, section.words)):
                if text is not None and (message := _xml_problem(text)) is not None:
                    located = value_at(where, unit.path)
                    problems.add(
                        message,
                        getattr(located, "path", None),
                        getattr(located, "line", None),
                        getattr(located, "column", None),
                    )
            lines.append(
                f"        <trans-unit id={quoteattr(unit.id)} resname={quoteattr(unit.id)} "
                'xml:space="preserve">'
            )
            lines.append(f"          <source>{to_xliff(unit.text)}</source>")
            state = state_of(section, target)
            if target is not None:
                xml = to_xliff(target, unit.text)
                lines.append(f'          <target state="{state}">{xml}</target>')
            notes = _notes(unit, settings, lang, short, target)
            if section.moved(unit):
                notes.append(_moved_note(settings, lang, section, unit))
            lines += [_note(note, "          ") for note in notes]
            lines.append("        </trans-unit>")
        lines.append("      </group>")
        made = progress(list(section.units), section.words, section.changed)
        counted = Progress(
            counted.texts + made.texts,
            counted.to_translate + made.to_translate,
            counted.changed + made.changed,
        )
    lines += ["    </body>", "  </file>", "</xliff>"]
    problems.raise_if_any()
    return Exported(settings.id, lang, settings.source_language, "\n".join(lines) + "\n", counted)


def export_leaflets(
    folders: Sequence[Path], lang: str, layouts: Layouts | None = None
) -> list[Exported]:
    """The XLIFF file of each leaflet folder; raises with the problems of all of them."""
    problems = Collector()
    made = []
    for folder in folders:
        try:
            made.append(export_leaflet(content.load_settings(folder), lang, layouts))
        except LeafletError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    return made
