"""What an XLIFF import makes of a language's words files, worked out before writing.

For each section of a checked XLIFF ``<file>`` (see :mod:`.xliff_import`):

* the translations go where the units' ids say, into the existing file in place
  (comments and wrapping kept, see :mod:`.yamlpatch`), or into a new file, with the
  source text as comments, for a language or section that has none yet;
* the ``translation:`` block gets the fingerprint of today's source text, since the
  import checked that every unit's source is today's; only while a unit is still
  marked as needing work (``needs-review-translation``, ``new`` …) does a file keep
  the fingerprint it had, so that ``leaflet status`` still lists it as changed;
* ``reviewed: yes`` when every unit of the file is ``final`` or ``signed-off``,
  else ``reviewed: no``.

A file whose bytes would stay the same is not written: an import that changes
nothing changes no file, and importing the same file twice gives the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.languages import language_name, normal_tag
from ..errors import plural
from ..files import read_bytes
from ..project import Project
from .files import write_all
from .texts import SectionTexts
from .units import TRANSLATION, place, plain, same_shape, value_at
from .xliff_import import REVIEWED_STATES, LeafletImport, Translated, check_xliff
from .yamlpatch import Block, create, update

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
class FileChange:
    """One words file: what it holds now (None: no file yet) and what it will hold."""

    path: Path
    old: bytes | None
    new: bytes
    rewritten: bool  # written anew in the source's shape (it had another shape)
    reviewed: bool
    still_changed: bool  # keeps its old fingerprint: some text is still marked as needing work

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class Plan:
    """What importing one leaflet's ``<file>`` changes in one language folder."""

    leaflet: str
    lang: str
    folder: Path
    files: list[FileChange]
    texts: int
    new_folder: bool = False  # the language folder is made by this import
    tag: str = ""  # the file's target-language

    def report(self, project: Project) -> list[str]:
        """What the import did, for the person who ran it."""
        written = [f for f in self.files if f.changed]
        folder = project.relative(self.folder).as_posix()
        lines = [
            f"imported {plural(self.texts, 'text')} into {folder}/: {len(written)} of "
            f"{plural(len(self.files), 'file')} changed"
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
        for change in self.files:
            name = f"{self.lang}/{change.path.name}"
            if change.changed and change.rewritten:
                lines.append(
                    f"  {name}: written anew in the shape of the source file (its blocks "
                    "differed); comments inside it were not kept"
                )
            if change.still_changed:
                lines.append(
                    f"  {name}: some texts are still marked as needing work in the XLIFF "
                    "file, so `leaflet status` still lists it as changed"
                )
        drafts = sum(not f.reviewed for f in self.files)
        if drafts:
            lines.append(
                f"  {drafts} of {plural(len(self.files), 'file')} not reviewed — a file is "
                "reviewed when every text in it is signed-off or final in the translation tool"
            )
        return lines


def _header(lang: str, source_lang: str, section: str) -> list[str]:
    name, source = language_name(lang), language_name(source_lang)
    label = f"{name} ({lang})" if name != lang else f'The "{lang}"'
    return [
        f'# {label} words for the section "{section}", translated from '
        f"{source_lang}/{section}.yaml",
        "# and imported from an XLIFF file with `leaflet translate import`.",
        "#",
        f'# Each "# {source}:" comment shows the {source} text. To change a translation here,',
        "# keep the words before the colons, the dashes (-) and the spaces at the start of",
        "# each line as they are. Leave source: below as it is; reviewed: yes means a second",
        "# reader has checked the translation.",
    ]


def _section(section: SectionTexts, found: LeafletImport) -> FileChange:
    source_words = plain(section.source_words)
    existing = None
    if section.words is not None:
        existing = plain(section.words)
        existing.pop(TRANSLATION, None)
    base = existing if existing is not None and same_shape(existing, source_words) else source_words
    words = base
    states: list[str | None] = []
    for unit in section.units:
        translated: Translated = found.texts[unit.id]
        before = value_at(base, unit.path)
        tail = before[len(before.rstrip("\n")) :] if isinstance(before, str) else ""
        words = place(words, unit.path, translated.text + tail)
        states.append(translated.state)
    reviewed = bool(states) and all(state in REVIEWED_STATES for state in states)
    still = section.recorded is not None and any(state in NOT_DONE_STATES for state in states)
    block = Block(section.recorded if still and section.recorded else section.fingerprint, reviewed)
    source_name = language_name(found.settings.source_language)
    if section.words is None:
        header = _header(found.lang, found.settings.source_language, section.id)
        text = create(section.path, header, words, block, source_name, source_words)
        return FileChange(section.path, None, text.encode("utf-8"), False, reviewed, still)
    old = read_bytes(section.path)
    made = update(section.path, old.decode("utf-8"), words, block, source_name, source_words)
    return FileChange(section.path, old, made.text.encode("utf-8"), made.rewritten, reviewed, still)


def plan_import(found: LeafletImport) -> Plan:
    """The words files of one checked leaflet import, worked out in memory."""
    folder = found.settings.folder / found.lang
    return Plan(
        leaflet=found.settings.id,
        lang=found.lang,
        folder=folder,
        files=[_section(section, found) for section in found.sections],
        texts=len(found.texts),
        new_folder=not folder.is_dir(),
        tag=found.tag,
    )


def prepare_import(project: Project, path: Path, lang: str | None = None) -> list[Plan]:
    """Check the XLIFF file at ``path`` and work out every file it changes; write nothing.

    ``lang`` names the language folder instead of the file's target-language. Raises
    LeafletError with every problem found.
    """
    return [plan_import(found) for found in check_xliff(project, path, lang)]


def write_import(project: Project, plans: list[Plan]) -> None:
    """Write the files that change (all of them, or none: see :mod:`.files`), only inside
    the project's content/ folder."""
    write_all({f.path: f.new for plan in plans for f in plan.files if f.changed}, project.content)
