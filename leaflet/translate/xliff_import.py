"""``leaflet translate import``: reading an XLIFF file back, every unit checked first.

The file comes back from an agency's translation tool. Before anything is written,
every ``<file>`` and ``<trans-unit>`` in it is checked, and all problems are
reported at once, each at its line in the XLIFF file and with the unit's id:

* the leaflet (``original``), the source language and the target language are this
  project's, each leaflet and language is in one ``<file>`` only, and the language
  folder is inside the project (not a link leading out);
* every unit id is a text of the leaflet, once, and every text of the leaflet is there;
* each unit's source is still the source text of the leaflet (a file exported before
  the source text changed would put translations of old texts in place of new ones);
* each target has the codes of its source (see :mod:`.inline`), no bold or italic
  that opens and never closes, and only characters the shipped fonts have.

A unit with no target, or an empty one, is not translated yet: it is left as it is.
A unit is reviewed when it is approved (``approved="yes"``, as Weblate and
translate-toolkit write it) or, when the file says nothing of approval, its state is
``signed-off`` or ``final``. A unit with ``extradata="same-as-source"`` is the same as
its source on purpose.

What the files then become is :mod:`.importing`'s part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import content
from ..content import fonts, markup
from ..content.languages import (
    is_language_code,
    language_name,
    normal_tag,
    primary,
    same_language,
    suggested_code,
)
from ..content.projectfile import project_fonts
from ..content.yamlfile import Text
from ..errors import Collector, LeafletError, shows_nothing
from ..project import Project, leads_out
from . import inline, xmlread
from .texts import SectionTexts, leaflet_texts
from .units import Unit
from .xliff_export import PHASE_PREFIX, PHASE_PROCESS, SAME, XLIFF_NAMESPACE
from .xmlread import Element

#: What to do about HTML typed into a translation: the codes are the translator's markup.
_HTML_ADVICE = (
    "remove it, and for bold, italic or a link use the codes of the source text (the "
    "translation tool shows them as tags; copy them from the source)"
)
#: States that say a second reader has checked the translation.
REVIEWED_STATES = ("final", "signed-off")
#: States that say a text still needs work, though it has a translation.
NOT_DONE_STATES = frozenset(
    {
        "new",
        "needs-translation",
        "needs-adaptation",
        "needs-l10n",
        "needs-review-translation",
        "needs-review-adaptation",
        "needs-review-l10n",
    }
)


@dataclass(frozen=True)
class Translated:
    """A unit's translation, checked: its text with markup, and what the file says of it."""

    text: str
    reviewed: bool = False  # approved, or signed-off / final
    not_done: bool = False  # marked as still needing work (needs-translation, fuzzy …)
    same: bool = False  # the same as its source on purpose


def reviewed_of(approved: str | None, state: str | None) -> bool:
    """Whether a unit is reviewed: approved="yes", or — with no approved at all — a state
    that says so (signed-off, final)."""
    if approved is not None:
        return approved.strip().lower() == "yes"
    return state in REVIEWED_STATES


@dataclass(frozen=True)
class LeafletImport:
    """One ``<file>`` of an XLIFF file, checked: a leaflet, a language and every text."""

    settings: content.Settings
    lang: str  # the language folder
    sections: list[SectionTexts]
    texts: Mapping[str, Translated]  # unit id → its translation (none: not translated)
    tag: str = ""  # the target-language as the file has it
    export_id: str | None = None  # which export the file was made by (see .record)
    path: Path | None = None  # the file imported


def _normal(text: str) -> str:
    return " ".join(text.split())


def language_folder(tag: str, settings: content.Settings) -> str | None:
    """The language folder for a BCP 47 tag (``pl``, ``pl-PL``), or None when it is none.

    A folder the leaflet has for that tag (however it is written: ``pl_pl`` is
    ``pl-PL/``) is meant; otherwise the language without its region: a tool may add a
    region (``pl-PL``) to the language it was given (``pl``), and a new language gets a
    folder named like the others (``--lang`` of the import names it otherwise).
    """
    code: str | None = tag.strip()
    if code is None or not is_language_code(code):
        code = suggested_code(tag.strip())  # pl_PL, PL-pl …: the tag as it is written
    if code is None:
        return None
    for folder in settings.languages():
        if normal_tag(folder) == normal_tag(code):
            return folder
    return primary(code)


class _Checker:
    def __init__(
        self, project: Project, path: Path, lang: str | None = None, po: bool = False
    ) -> None:
        self.project = project
        self.path = path
        self.lang = lang  # the folder to import into, when --lang names it
        self.po = po  # a PO file, turned into XLIFF's elements (see .po_import)
        self.problems = Collector()
        self.files: dict[tuple[str, str], int] = {}  # (leaflet, language) → line of its <file>

    def source_texts(self, original: str) -> dict[str, str]:
        """Unit id → source text of the leaflet ``original`` (empty when it cannot be read)."""
        known = {folder.name: folder for folder in self.project.leaflet_dirs()}
        if original not in known:
            return {}
        try:
            settings = content.load_settings(known[original])
            sections = leaflet_texts(settings, settings.source_language)
        except LeafletError:
            return {}
        return {unit.id: unit.text for section in sections for unit in section.units}

    def _say(self, xliff: str, po: str) -> str:
        return po if self.po else xliff

    def add(self, element: Element, message: str, unit: str | None = None) -> None:
        prefix = f'unit "{unit}": ' if unit is not None else ""
        self.problems.add(prefix + message, self.path, element.line, element.column)

    def document(self, root: Element) -> list[LeafletImport]:
        if root.tag != "xliff":
            self.add(root, f"this is not an XLIFF file (it starts with <{root.tag}>, not <xliff>)")
            return []
        version = root.attrib.get("version", "")
        if version.startswith("2") or root.namespace.endswith(":2.0"):
            self.add(
                root,
                f"this is an XLIFF {version or '2'} file — leaflet reads XLIFF 1.2, the version "
                "it exports; save the file as XLIFF 1.2 in the translation tool",
            )
            return []
        if root.namespace not in ("", XLIFF_NAMESPACE):
            self.add(root, f"this XLIFF file is in an unknown namespace ({root.namespace})")
            return []
        files = root.elements("file")
        if not files:
            self.add(root, "this XLIFF file holds no <file> with texts — is it the right file?")
        return [found for f in files if (found := self.file(f)) is not None]

    def settings(self, element: Element) -> content.Settings | None:
        original = element.attrib.get("original", "")
        known = {folder.name: folder for folder in self.project.leaflet_dirs()}
        if original not in known:
            self.add(
                element,
                f'this file is for the leaflet "{original}" '
                + self._say(f'(original="{original}")', f"(X-Leaflet: {original})")
                + ", which this "
                "project does not have — the leaflets are: " + (", ".join(known) or "none"),
            )
            return None
        try:
            return content.load_settings(known[original])
        except LeafletError as exc:
            self.problems.extend(exc)
            return None

    def languages(self, element: Element, settings: content.Settings) -> str | None:
        source = element.attrib.get("source-language", "")
        ok = True
        if not same_language(source, settings.source_language):
            ok = False
            self.add(
                element,
                f'the source language is "{source}", but the leaflet "{settings.id}" is written '
                f"in {settings.source_language} ({language_name(settings.source_language)}) — "
                "this file was not made from this leaflet's texts; export it again with "
                "`leaflet translate export`",
            )
        target = element.attrib.get("target-language", "")
        lang = language_folder(target, settings) if target else None
        if lang is not None and self.lang is not None:
            if primary(self.lang) != primary(target):
                self.add(
                    element,
                    f'--lang {self.lang} is not the language of this file (target-language="'
                    f'{target}") — give --lang a code of that language, like {target}, or '
                    "leave it out",
                )
                return None
            lang = self.lang
        is_source = lang is not None and same_language(lang, settings.source_language)
        if lang is None or is_source:
            why = (
                self._say("has no target-language", "has no Language: in its header")
                if not target
                else f'has the target language "{target}"'
                + (
                    ", the language the leaflet is written in"
                    if is_source
                    else ", which is not a language code"
                )
            )
            self.add(
                element,
                f"this file {why} — set "
                + self._say(
                    "target-language to the language of the translation "
                    '(like target-language="pl")',
                    "the language of the translation (Language: pl in the header)",
                )
                + " in the translation tool, and save it again",
            )
            return None
        return lang if ok else None

    def file(self, element: Element) -> LeafletImport | None:
        settings = self.settings(element)
        if settings is None:
            return None
        lang = self.languages(element, settings)
        if lang is None:
            return None
        if (out := leads_out(settings.folder / lang, self.project.content)) is not None:
            self.problems.add(out[1], out[0])
            return None
        if (first := self.files.get((settings.id, lang))) is not None:
            self.add(
                element,
                f'this <file> is for the leaflet "{settings.id}" in {language_name(lang)}, like '
                f"the one on line {first} — keep one of them (the translation tool may have "
                "saved the file twice into one)",
            )
            return None
        self.files[settings.id, lang] = element.line
        try:
            sections = leaflet_texts(settings, lang)
        except LeafletError as exc:
            self.problems.extend(exc)
            return None
        units = {unit.id: unit for section in sections for unit in section.units}
        texts: dict[str, Translated] = {}
        seen: dict[str, int] = {}
        for unit_element in element.descendants("trans-unit"):
            uid = unit_element.attrib.get("id")
            if uid is None:
                self.add(
                    unit_element,
                    self._say("this trans-unit has no id", "this entry has no msgctxt")
                    + " — leaflet cannot tell its text",
                )
                continue
            if uid in seen:
                self.add(
                    unit_element,
                    f"this unit is in the file twice (first on line {seen[uid]}) — keep one",
                    uid,
                )
                continue
            seen[uid] = unit_element.line
            if uid not in units:
                self.add(
                    unit_element,
                    "the leaflet has no text with this id — leaflet cannot tell where it goes; "
                    "remove the unit, or export the file again",
                    uid,
                )
                continue
            found = self.unit(unit_element, units[uid], settings, lang)
            if found is not None:
                texts[uid] = found
        missing: dict[str, list[str]] = {}
        for uid, unit in units.items():
            if uid not in seen:
                missing.setdefault(unit.section, []).append(uid)
        for section_id, ids in missing.items():
            self.add(
                element,
                f'the texts {", ".join(ids)} of section "{section_id}" are missing from this file'
                if len(ids) > 1
                else f'the text {ids[0]} of section "{section_id}" is missing from this file',
            )
        tag = element.attrib.get("target-language", "")
        return LeafletImport(settings, lang, sections, texts, tag, _export_id(element), self.path)

    def unit(
        self, element: Element, unit: Unit, settings: content.Settings, lang: str
    ) -> Translated | None:
        uid = unit.id
        source_name = language_name(settings.source_language)
        source = element.first("source")
        read = inline.decode(source, unit.text, self.po) if source is not None else None
        if read is None or read.text is None or _normal(read.text) != _normal(unit.text):
            self.add(
                source or element,
                f"the {source_name} text here is not the {source_name} text of the leaflet now "
                "— it changed after the file was exported; export the file again (the "
                "translation tool's memory carries the translations over) and translate what "
                "changed",
                uid,
            )
            return None
        target = element.first("target")
        empty = target is None or shows_nothing(inline.words_of(target))
        if target is None or (empty and inline.has_words(unit.text)):
            return None  # not translated yet: left as it is
        tagged = target.attrib.get("xml:lang")
        if tagged is not None and primary(tagged) != primary(lang):
            self.add(
                target,
                f'the translation is marked as language "{tagged}", but the file is for {lang} '
                f"({language_name(lang)}) — check that the right translation is here",
                uid,
            )
            return None
        decoded = inline.decode(target, unit.text, self.po)
        for message in decoded.problems:
            self.add(target, message, uid)
        located = Text(inline.words_of(target))
        located.path, located.line, located.column = self.path, target.line, target.column
        characters = Collector()
        fonts.check_texts([located], project_fonts(self.project), characters)
        for problem in characters.problems:
            self.add(target, problem.message, uid)
        if decoded.text is None or characters:
            return None
        found = markup.problems(decoded.text, _HTML_ADVICE)
        for message in found:
            self.add(target, message, uid)
        if found:
            return None
        state = target.attrib.get("state")
        return Translated(
            decoded.text,
            reviewed=reviewed_of(element.attrib.get("approved"), state),
            not_done=state in NOT_DONE_STATES,
            same=element.attrib.get("extradata") == SAME,
        )


def _export_id(element: Element) -> str | None:
    """The id of the export a ``<file>`` was made by, from its header's ``<phase>``."""
    header = element.first("header")
    for phase in header.descendants("phase") if header is not None else ():
        name = phase.attrib.get("phase-name", "")
        if phase.attrib.get("process-name") == PHASE_PROCESS and name.startswith(PHASE_PREFIX):
            return name.removeprefix(PHASE_PREFIX)
    return None


def check_xliff(
    project: Project, path: Path, lang: str | None = None, data: bytes | None = None
) -> list[LeafletImport]:
    """Read and check the XLIFF file at ``path`` (its bytes ``data``, when read already);
    raise with every problem found.

    ``lang`` is the language folder to import into, instead of the one the file's
    target-language gives (see :func:`language_folder`).
    """
    checker = _Checker(project, path, lang)
    root = xmlread.parse(path) if data is None else xmlread.parse_bytes(path, data)
    found = checker.document(root)
    problems = checker.problems.problems
    problems.sort(key=lambda p: (p.path != path, p.line or 0, p.column or 0))
    checker.problems.raise_if_any()
    return found
