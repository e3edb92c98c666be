"""What an export sends to a translator, whatever the file format (XLIFF or PO).

For one leaflet and one language: every text (unit, see :mod:`.units`) in reading order,
its state in the words of ``leaflet status`` (:data:`.units.TEXT_STATES`), the
translation the language has for it (none for a text still to translate: a copy of the
source text is not a translation), whether it is marked as the same as its source on
purpose, and the notes a translator reads beside it. :mod:`.xliff_export` and
:mod:`.po_export` write it; :mod:`.record` keeps what the words files held.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import content
from ..content.kinds import KINDS
from ..content.languages import language_name, same_language
from ..errors import Collector, LeafletError, plural
from ..project import Project
from . import record
from .inline import codes, foreign
from .status import Layouts, check_language_code
from .texts import SectionTexts, leaflet_texts
from .units import Progress, Unit, progress, text_at, value_at


@dataclass(frozen=True)
class OutText:
    """One text as it goes out."""

    unit: Unit
    state: str  # one of TEXT_STATES
    target: str | None  # the translation sent with it; None: to translate
    same: bool  # marked as the same as its source on purpose
    notes: tuple[str, ...]
    line: int | None = None  # where the source text is in its file


@dataclass(frozen=True)
class OutSection:
    id: str
    note: str
    texts: tuple[OutText, ...]


@dataclass(frozen=True)
class Outgoing:
    """One leaflet's texts for one language, ready to be written in a format."""

    settings: content.Settings
    lang: str
    sections: tuple[OutSection, ...]
    header: str  # the note for the whole file
    progress: Progress
    export: record.Export  # what the words files held: kept in the project

    @property
    def leaflet(self) -> str:
        return self.settings.id

    @property
    def source_language(self) -> str:
        return self.settings.source_language


def _xml_problem(text: str) -> str | None:
    """Why ``text`` cannot go into an exchange file (a control character), or None."""
    for char in text:
        code = ord(char)
        if code in (0x9, 0xA, 0xD):
            continue
        if code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            return (
                f"the text holds an invisible control character (U+{code:04X}) that an XLIFF "
                "or PO file cannot carry — delete it (`leaflet check` finds these too)"
            )
    return None


def state_of(section: SectionTexts, target: str | None) -> str:
    """A text's state (:data:`.units.TEXT_STATES`) from its translation and its file."""
    if target is None:
        return "to translate"
    if section.changed:
        return "changed"
    return "reviewed" if section.reviewed else "translated"


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
            "Each line break is a line break on the page: use as many as the text "
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


def _header_note(settings: content.Settings, lang: str, room: str | None) -> str:
    source, target = language_name(settings.source_language), language_name(lang)
    return (
        f'The {source} texts of the leaflet "{settings.title}" ({settings.id}), to translate '
        f"into {target}. Keep the codes: a bold, italic or link code goes around the words "
        f"that are bold, italic or a link in {target}; the {{url}} placeholder becomes the "
        "web address of the leaflet. A text with no translation is to translate (a copy of "
        f"the {source} text does not count as one). Texts marked as needing translation "
        f"(fuzzy) were translated before the {source} text changed: check them against the "
        "new text. Mark a text approved (signed-off or final) only once a second reader "
        "has checked it." + (" " + room if room else "")
    )


def outgoing(
    settings: content.Settings,
    lang: str,
    layouts: Layouts | None = None,
    export_format: str = "xliff",
) -> Outgoing:
    """What goes out for one leaflet in ``lang`` (new or existing); raises LeafletError
    for an unusable language or source texts with problems."""
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
    out: list[OutSection] = []
    counted = Progress(0, 0)
    sent: dict[str, record.Sent] = {}
    for section in sections:
        texts = []
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
            notes = _notes(unit, settings, lang, short, target)
            if section.moved(unit):
                notes.append(_moved_note(settings, lang, section, unit))
            same = target is not None and section.is_same(unit)
            if same:
                notes.append(
                    f"This text stays the same in {language_name(lang)} on purpose (a name, a "
                    "number): keep it as it is."
                )
            state = state_of(section, target)
            line = getattr(value_at(section.source_words, unit.path), "line", None)
            texts.append(OutText(unit, state, target, same, tuple(notes), line))
            sent[unit.id] = record.Sent(unit.text, section.current(unit))
        description = KINDS[section.kind].description
        out.append(OutSection(section.id, f'Section "{section.id}": {description}.', tuple(texts)))
        counted += progress(
            list(section.units), section.source_words, section.words, section.changed
        )
    problems.raise_if_any()
    export = record.Export(record.new_id(), record.now_iso(), export_format, sent)
    return Outgoing(settings, lang, tuple(out), _header_note(settings, lang, long), counted, export)


def summary(made: Outgoing, path: object) -> str:
    """What was written, in the words of ``leaflet status``."""
    p = made.progress
    return (
        f"wrote {path}: {plural(p.texts, 'text')} of {made.leaflet} for "
        f"{language_name(made.lang)} "
        f"— {p.to_translate} to translate, {p.changed} changed in "
        f"{language_name(made.source_language)} since translated, {p.translated} translated, "
        f"{p.reviewed} reviewed"
    )


def record_file(project: Project, made: Outgoing) -> tuple[Path, bytes]:
    """The project's record of this export (see :mod:`.record`): its path and bytes."""
    return record.with_export(project, made.leaflet, made.lang, made.export)


def all_outgoing(
    folders: Sequence[Path], lang: str, layouts: Layouts | None, export_format: str
) -> list[Outgoing]:
    """What goes out for each leaflet folder; raises with the problems of all of them."""
    problems = Collector()
    made = []
    for folder in folders:
        try:
            settings = content.load_settings(folder)
            made.append(outgoing(settings, lang, layouts, export_format))
        except LeafletError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    return made
