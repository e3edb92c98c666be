"""What an import (XLIFF or PO) makes of a language's words files, worked out before writing.

For each section of a checked ``<file>`` (see :mod:`.xliff_import`, :mod:`.po_import`):

* **No translator's work is lost.** A text whose words file changed since the export
  (it holds something else than the project's record of that export says, see
  :mod:`.record`) is not overwritten: it is a conflict, reported at its line in the
  words file with both texts. Without a record of the export, a text that is translated
  and differs from the incoming one is a conflict too. Every other text is written;
  ``overwrite`` replaces the conflicting ones on purpose.
* the translations go where the units' ids say, into the existing file in place
  (comments and wrapping kept, see :mod:`.yamlpatch`), or into a new file, with the
  source text as comments, for a language or section that has none yet; a unit with
  no translation in the file is left as it is;
* the ``translation:`` block gets the fingerprint of today's source text, since the
  import checked that every unit's source is today's; only while a unit is still
  marked as needing work (``needs-translation``, fuzzy …), or has a conflict, does a
  file keep the fingerprint it had, so that ``leaflet status`` still lists it as changed;
* ``reviewed: yes`` when every text of the file came back reviewed (approved, or
  signed-off / final), with the day of the import as ``reviewed_on:`` and who
  reviewed as ``reviewed_by:`` when the command is told; else ``reviewed: no``;
* a text that comes back the same as its source is still to translate, unless it is
  marked as the same on purpose (in the file, or in the words file's ``same:``).

A file whose bytes would stay the same is not written: an import that changes
nothing changes no file, and importing the same file twice gives the same files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..content.languages import language_name, normal_tag
from ..content.units import is_translated, normal
from ..errors import Problem, plural
from ..files import read_bytes
from ..project import Project
from . import record
from .texts import SectionTexts
from .units import TRANSLATION, Unit, place, plain, recorded, same_shape, value_at
from .xliff_import import LeafletImport, Translated
from .yamlpatch import Block, create, update


@dataclass(frozen=True)
class Conflict:
    """A text edited in its words file since the export, that the import would replace."""

    path: Path
    line: int | None
    unit: str
    here: str | None  # what the words file holds now
    incoming: str


@dataclass(frozen=True)
class FileChange:
    """One words file: what it holds now (None: no file yet) and what it will hold."""

    path: Path
    old: bytes | None
    new: bytes
    rewritten: bool  # written anew in the source's shape (it had another shape)
    reviewed: bool
    still_changed: bool  # keeps its old fingerprint: some text is still marked as needing work
    conflicts: tuple[Conflict, ...] = ()
    copies: int = 0  # texts that came back the same as their source, not marked so
    untranslated: int = 0  # texts with no translation in the imported file

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class Plan:
    """What importing one leaflet's ``<file>`` changes in one language folder."""

    leaflet: str
    lang: str
    source_language: str
    folder: Path
    files: list[FileChange]
    texts: int
    new_folder: bool = False  # the language folder is made by this import
    tag: str = ""  # the file's target-language
    has_record: bool = True  # the project remembers the export the file was made by
    notes: list[str] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for f in self.files for c in f.conflicts]

    def report(self, project: Project) -> list[str]:
        """What the import did, for the person who ran it (conflicts are problems,
        reported apart)."""
        written = [f for f in self.files if f.changed]
        folder = project.relative(self.folder).as_posix()
        kept = len(self.conflicts)  # not imported: each is reported as a problem
        lines = [
            f"imported {plural(self.texts - kept, 'text')} into {folder}/: {len(written)} of "
            f"{plural(len(self.files), 'file')} changed"
            + (f"; {plural(kept, 'text')} kept, edited here since the export" if kept else "")
        ]
        if self.new_folder:
            made = f"  {self.lang}/ is a new language folder"
            if self.tag and normal_tag(self.tag) != normal_tag(self.lang):
                made += (
                    f' (the file says target-language="{self.tag}"; to name the folder '
                    f"{self.tag} instead, delete {self.lang}/ and import again with --lang "
                    f"{self.tag})"
                )
            lines.append(made)
        lines += [f"  {note}" for note in self.notes]
        source = language_name(self.source_language)
        for change in self.files:
            name = f"{self.lang}/{change.path.name}"
            if change.changed and change.rewritten:
                lines.append(
                    f"  {name}: written anew in the shape of the source file (its blocks "
                    "differed); comments inside it were not kept"
                )
            if change.still_changed:
                lines.append(
                    f"  {name}: some texts are still marked as needing work in the imported "
                    "file, or were not imported, so `leaflet status` still lists it as changed"
                )
        untranslated = sum(f.untranslated for f in self.files)
        if untranslated:
            lines.append(
                f"  {untranslated} texts have no translation in the file: they are still to "
                "translate"
            )
        copies = sum(f.copies for f in self.files)
        if copies:
            lines.append(
                f"  {copies} texts came back the same as the {source} text: they still count "
                "as to translate (`leaflet status` lists them) — if a text stays the same on "
                "purpose (a name, a number), list it under same: in its file's translation: block"
            )
        drafts = sum(not f.reviewed for f in self.files)
        if drafts:
            lines.append(
                f"  {drafts} of {plural(len(self.files), 'file')} not reviewed — a file is "
                "reviewed when every text in it is approved (signed-off or final) in the "
                "translation tool"
            )
        return lines


def _header(lang: str, source_lang: str, section: str) -> list[str]:
    name, source = language_name(lang), language_name(source_lang)
    label = f"{name} ({lang})" if name != lang else f'The "{lang}"'
    return [
        f'# {label} words for the section "{section}", translated from '
        f"{source_lang}/{section}.yaml",
        "# and imported with `leaflet translate import`.",
        "#",
        f'# Each "# {source}:" comment shows the {source} text. To change a translation here,',
        "# keep the words before the colons, the dashes (-) and the spaces at the start of",
        "# each line as they are. Leave source: below as it is; reviewed: yes means a second",
        "# reader has checked the translation.",
    ]


def _same(a: str | None, b: str | None) -> bool:
    return (a is None) == (b is None) and (a is None or normal(a) == normal(b or ""))


def _conflict(
    section: SectionTexts, unit: Unit, incoming: Translated, sent: record.Export | None
) -> bool:
    """Whether writing ``incoming`` would replace a text edited since the export."""
    here = section.current(unit)
    if _same(here, incoming.text):
        return False
    if not section.moved(unit) and section.target(unit) is None:
        # nothing here, or a copy of the source text (what an import or leaflet translate
        # new writes as a start): no translator's work to lose
        return False
    if sent is not None and unit.id in sent.texts:
        return not _same(here, sent.texts[unit.id].held)
    return section.target(unit) is not None  # no record: a translation would be lost


@dataclass(frozen=True)
class Options:
    """How an import goes: replace conflicting texts, and who reviewed."""

    overwrite: bool = False
    reviewed_by: str | None = None
    today: str = field(default_factory=lambda: date.today().isoformat())


def _section(
    section: SectionTexts, found: LeafletImport, sent: record.Export | None, options: Options
) -> FileChange:
    source_words = plain(section.source_words)
    existing = None
    if section.words is not None:
        existing = plain(section.words)
        existing.pop(TRANSLATION, None)
    shaped = existing is not None and same_shape(existing, source_words)
    base: Any = existing if shaped else source_words
    words = base
    conflicts: list[Conflict] = []
    same = set(section.same)
    states: list[Translated] = []
    copies = untranslated = 0
    for unit in section.units:
        incoming = found.texts.get(unit.id)
        before = value_at(base, unit.path)
        tail = before[len(before.rstrip("\n")) :] if isinstance(before, str) else ""
        if incoming is None:
            untranslated += 1
            if not shaped and (here := section.current(unit)) is not None:
                words = place(words, unit.path, here + tail)  # kept, in the new shape
            continue
        if not options.overwrite and _conflict(section, unit, incoming, sent):
            located = value_at(section.words, unit.path) if section.words is not None else None
            conflicts.append(
                Conflict(
                    section.path,
                    getattr(located, "line", None),
                    unit.id,
                    section.current(unit),
                    incoming.text,
                )
            )
            if not shaped and (here := section.current(unit)) is not None:
                words = place(words, unit.path, here + tail)
            continue
        words = place(words, unit.path, incoming.text + tail)
        states.append(incoming)
        if incoming.same and normal(incoming.text) == normal(unit.text):
            same.add(unit.key)
        elif normal(incoming.text) != normal(unit.text):
            same.discard(unit.key)
        if not is_translated(incoming.text, unit.text, unit.key in same):
            copies += 1
    done = not conflicts and not untranslated and not copies
    reviewed = bool(states) and done and all(t.reviewed for t in states)
    still = section.recorded is not None and (
        any(t.not_done for t in states) or (bool(conflicts) and section.changed)
    )
    old_record = recorded(section.words) if section.words is not None else None
    if reviewed and old_record is not None and old_record.reviewed and not section.changed:
        by, on = old_record.reviewed_by, old_record.reviewed_on  # reviewed before: as it was
        by = options.reviewed_by or by
    elif reviewed:
        by, on = options.reviewed_by, options.today
    else:
        by = on = None
    keys = [unit.key for unit in section.units if unit.key in same]
    block = Block(
        section.recorded if still and section.recorded else section.fingerprint,
        reviewed,
        by,
        on,
        tuple(keys),
    )
    source_name = language_name(found.settings.source_language)
    kept = (tuple(conflicts), copies, untranslated)
    if section.words is None:
        header = _header(found.lang, found.settings.source_language, section.id)
        text = create(section.path, header, words, block, source_name, source_words)
        return FileChange(section.path, None, text.encode("utf-8"), False, reviewed, still, *kept)
    old = read_bytes(section.path)
    made = update(section.path, old.decode("utf-8"), words, block, source_name, source_words)
    new = made.text.encode("utf-8")
    return FileChange(section.path, old, new, made.rewritten, reviewed, still, *kept)


def plan_import(project: Project, found: LeafletImport, options: Options) -> Plan:
    """The words files of one checked leaflet import, worked out in memory."""
    folder = found.settings.folder / found.lang
    sent = record.find(project, found.settings.id, found.lang, found.export_id)
    notes = []
    if sent is None and not options.overwrite:
        notes.append(
            "this project has no record of the export this file was made by "
            + ("(the file names none)" if not found.export_id else f"({found.export_id})")
            + ", so a text translated here that differs from the file's is kept and "
            "reported, not replaced"
        )
    return Plan(
        leaflet=found.settings.id,
        lang=found.lang,
        source_language=found.settings.source_language,
        folder=folder,
        files=[_section(section, found, sent, options) for section in found.sections],
        texts=len(found.texts),
        new_folder=not folder.is_dir(),
        tag=found.tag,
        has_record=sent is not None,
        notes=notes,
    )


def check_file(project: Project, path: Path, lang: str | None = None) -> list[LeafletImport]:
    """Read and check an XLIFF or PO file (told apart by its name, else by its first
    character); raise with every problem found."""
    from . import po_import, xliff_import, xmlread

    data = xmlread.read(path)
    suffix = path.suffix.lower()
    is_po = suffix in (".po", ".pot") or (
        suffix not in (".xlf", ".xliff")
        and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    )
    if is_po:
        return po_import.check_po(project, path, data, lang)
    return xliff_import.check_xliff(project, path, lang, data)


def prepare_import(
    project: Project, path: Path, lang: str | None = None, options: Options | None = None
) -> list[Plan]:
    """Check the file at ``path`` and work out every file it changes; write nothing.

    ``lang`` names the language folder instead of the file's target-language. Raises
    LeafletError with every problem found in the file (conflicts are not problems of
    the file: they are in the plans).
    """
    return [
        plan_import(project, found, options or Options())
        for found in check_file(project, path, lang)
    ]


def write_import(project: Project, plans: list[Plan]) -> None:
    """Write the files that change (all of them, or none: see :mod:`.files`), only inside
    the project's content/ folder. A folder that cannot be written to is a problem that
    names it."""
    from ..errors import LeafletError
    from .files import write_all

    changes = {f.path: f.new for plan in plans for f in plan.files if f.changed}
    try:
        write_all(changes, project.content)
    except PermissionError as exc:
        where = Path(exc.filename) if exc.filename else next(iter(changes), project.content)
        folder = where if where.is_dir() else where.parent
        raise LeafletError.at(
            "leaflet may not write into this folder, so nothing was imported — make it "
            f"writable for you (for example `chmod u+w {project.relative(folder).as_posix()}` "
            "and the files in it), or import as a user who may write there",
            folder,
        ) from None
    except OSError as exc:
        raise LeafletError.at(
            f"the words files could not be written ({exc.strerror or exc}), so nothing was "
            "imported — free some space or fix the folder, then import again",
            next(iter(changes), project.content).parent,
        ) from None


def conflict_problems(plans: list[Plan]) -> list[Problem]:
    """Each conflict as a problem at its line in the words file, with both texts."""
    found = []
    for plan in plans:
        for conflict in plan.conflicts:
            here = "no text" if conflict.here is None else f"“{conflict.here}”"
            found.append(
                Problem(
                    f"{conflict.unit}: changed here since the export, so it was kept — this "
                    f"file has {here}, the imported file has “{conflict.incoming}”; merge them "
                    "by hand, or import again with --overwrite to take the imported text",
                    conflict.path,
                    conflict.line,
                )
            )
    return found
