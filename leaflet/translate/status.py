"""How far each translation is: ``leaflet status``.

A translated words file starts with a ``translation:`` block that records the
fingerprint of the source-language text it was made from and whether a second
reader has checked it (see :data:`leaflet.content.kinds.TRANSLATION_FIELD`). From that,
and from comparing each file's keys with the source-language file, this module
tells for every language of a leaflet:

* which section files are missing or cannot be read;
* which keys are missing or extra compared with the source-language file, and where
  the blocks differ (:mod:`leaflet.content.structure`: the same messages as
  ``leaflet check``);
* which sections' source text changed since they were translated;
* which sections are not reviewed yet, and who reviewed the others and when;
* how many texts are in each state (:data:`.units.TEXT_STATES`): to translate (no
  translation, or still a copy of the source text, listed at file:line), changed in the
  source since translated, translated, reviewed — counted as ``leaflet translate
  export`` counts its units, see :mod:`.units`;
* how easy each language is to read (:mod:`leaflet.translate.readable`).

Status never stops at a broken words file: it reports it and goes on. Only a
``leaflet.yaml`` that cannot be read stops a leaflet's report.

Starting a language is :mod:`leaflet.translate.new`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import content, files
from ..content import structure, yamlfile
from ..content.kinds import KINDS
from ..content.languages import check_language_code as _check_code
from ..content.languages import folder_problems
from ..content.structure import Difference
from ..content.units import without
from ..content.yamlfile import Map, Text
from ..errors import LeafletError, Problem
from ..project import Project
from . import readable
from .states import LanguageStatus, LeafletStatus, ProjectStatus, SectionStatus
from .units import (
    TRANSLATION,
    Progress,
    Unit,
    progress,
    recorded,
    section_units,
    to_translate,
    value_at,
)

# One table of language names for every message: content's.
LANGUAGE_NAMES = content.LANGUAGE_NAMES
language_name = content.language_name


def check_language_code(code: str) -> str | None:
    """Why ``code`` cannot be a language folder, or None when it can."""
    return _check_code(code)


# --- reading files without stopping ---------------------------------------------------


@dataclass(frozen=True)
class _Read:
    words: Map | None  # None when missing or unreadable
    error: str | None = None  # why it cannot be read
    missing: bool = False


def _read(path: Path) -> _Read:
    if not files.exists_somehow(path):
        return _Read(None, missing=True)
    try:
        words = yamlfile.load(path, within=path.parent.parent.parent.parent)
    except LeafletError as exc:
        first = exc.problems[0]
        where = f"line {first.line}: " if first.line is not None else ""
        return _Read(None, error=f"{where}{first.message}")
    if not isinstance(words, Map):
        line = getattr(words, "line", 1)
        return _Read(
            None, error=f"line {line}: this file should hold keys with values, like heading: …"
        )
    return _Read(words)


def compare(
    words: Mapping[str, Any], source: Mapping[str, Any] | None, kind: str, source_name: str
) -> tuple[list[str], list[str], list[str], list[Difference]]:
    """Keys missing, keys extra, unknown keys and differing counts of a translated file.

    Compared with the source-language file; when that cannot be read, with what the
    section's kind requires and allows.
    """
    schema = KINDS[kind].words.fields
    allowed = [k for k in schema if k != TRANSLATION]
    if source is not None:
        reference = [k for k in source if k != TRANSLATION]
    else:
        reference = [k for k, spec in schema.items() if spec.required and k != TRANSLATION]
    have = [k for k in words if k != TRANSLATION]
    missing = [k for k in reference if k not in words]
    extra = [k for k in have if k not in reference and (source is not None or k not in allowed)]
    unknown = [k for k in extra if k not in allowed]
    differences: list[Difference] = []
    if source is None:
        return missing, extra, unknown, differences
    themes, source_themes = words.get("themes"), source.get("themes")
    if isinstance(themes, Mapping) and isinstance(source_themes, Mapping):
        missing += [f"themes.{k}" for k in source_themes if k not in themes]
        extra += [f"themes.{k}" for k in themes if k not in source_themes]
    differences = structure.differences(words, source, source_name)
    return missing, extra, unknown, differences


def _section_status(
    settings: content.Settings, lang: str, section_id: str, source: _Read, read: _Read
) -> SectionStatus:
    kind = settings.sections[section_id].kind
    file = f"{lang}/{section_id}.yaml"
    # The texts to translate, counted as `leaflet translate export` counts its units.
    units = section_units(section_id, kind, source.words) if source.words is not None else []
    if read.missing or read.words is None:
        none = Progress(0, 0) if lang == settings.source_language else progress(units, None, None)
        if read.missing:
            return SectionStatus(section_id, file, "missing", texts=none)
        return SectionStatus(section_id, file, "unreadable", error=read.error, texts=none)
    words = read.words
    if lang == settings.source_language:
        return SectionStatus(
            section_id,
            file,
            "ok",
            source_fingerprint=content.fingerprint(words),
            texts=Progress(len(section_units(section_id, kind, words)), 0),
        )
    record = recorded(words)
    has_block, recorded_fp, reviewed = record.has_block, record.source, record.reviewed
    current = content.fingerprint(source.words) if source.words is not None else None
    changed = None if current is None else recorded_fp != current
    source_name = language_name(settings.source_language)
    missing, extra, unknown, differences = compare(words, source.words, kind, source_name)
    texts = progress(units, source.words, words, bool(changed))
    todo = to_translate(units, source.words, words, record.same)
    if missing:
        state = "incomplete"
    elif changed:
        state = "changed"
    elif todo:
        state = "to translate"
    elif not reviewed:
        state = "draft"
    else:
        state = "reviewed"
    return SectionStatus(
        section_id,
        file,
        state,
        source_fingerprint=current,
        recorded_fingerprint=recorded_fp,
        has_block=has_block,
        changed=changed,
        reviewed=reviewed,
        keys_missing=tuple(missing),
        keys_extra=tuple(extra),
        unknown_keys=tuple(unknown),
        differences=tuple(differences),
        texts=texts,
        untranslated=tuple(_where(words, unit) for unit in todo),
        reviewed_by=record.reviewed_by if reviewed else None,
        reviewed_on=record.reviewed_on if reviewed else None,
    )


def _where(words: Map, unit: Unit) -> tuple[str, int | None, bool]:
    """(the text's place, its line in ``words``, whether there is no text at all)."""
    found = value_at(words, unit.path)
    if isinstance(found, Text):
        return unit.key, found.line, False
    for step in range(len(unit.path) - 1, 0, -1):
        parent = value_at(words, unit.path[:step])
        if getattr(parent, "line", None) is not None:
            return unit.key, parent.line, True
    return unit.key, None, True


def section_ids(settings: content.Settings) -> list[str]:
    """Section ids in page-plan order."""
    return settings.section_ids()


def language_status(settings: content.Settings, lang: str, measure: bool = True) -> LanguageStatus:
    """How far one language of a leaflet is (how easy it is to read too, unless not
    ``measure``: a contact sheet needs only the state)."""
    is_source = lang == settings.source_language
    folder = settings.folder / lang
    if not folder.is_dir():
        return LanguageStatus(lang, is_source, "absent")
    ids = section_ids(settings)
    sources = {sid: _read(settings.words_path(settings.source_language, sid)) for sid in ids}
    reads = sources if is_source else {sid: _read(settings.words_path(lang, sid)) for sid in ids}
    sections = tuple(_section_status(settings, lang, sid, sources[sid], reads[sid]) for sid in ids)
    extra_files = tuple(
        f"{lang}/{p.name}"
        for p in sorted(folder.glob("*.yaml"))
        if p.stem not in ids and not p.name.startswith(".")
    )
    if any(not s.readable or s.keys_missing for s in sections):
        state = "incomplete"
    elif is_source:
        state = "source"
    elif any(s.texts.to_translate for s in sections):
        state = "to translate"
    elif all(s.state == "reviewed" for s in sections):
        state = "reviewed"
    else:
        state = "draft"
    if not measure:
        return LanguageStatus(lang, is_source, state, sections, extra_files)
    # Measured on what is translated: copies of the source text are not the language's.
    todo = {s.id: [key for key, _, _ in s.untranslated] for s in sections}
    measured = readable.measure(
        settings, lang, {sid: without(r.words, todo[sid]) for sid, r in reads.items()}
    )
    return LanguageStatus(lang, is_source, state, sections, extra_files, readability=measured)


#: What the last build recorded of each edition's layout: (leaflet id, language) →
#: (facts, made from the files as they are now). See leaflet.build.inputs.layout_facts.
Layouts = Mapping[tuple[str, str], tuple[Mapping[str, Any], bool]]


def leaflet_status(
    project: Project,
    settings: content.Settings,
    languages: Sequence[str] = (),
    layouts: Layouts | None = None,
) -> LeafletStatus:
    """The status of the selected languages (default: all, source first) of a leaflet."""
    source = settings.source_language
    if languages:
        wanted = list(dict.fromkeys(languages))
    else:
        wanted = [source, *(lang for lang in settings.languages() if lang != source)]
    found = {
        lang: _with_room(language_status(settings, lang), settings.id, layouts) for lang in wanted
    }
    measured = (found.get(source) or language_status(settings, source)).readability
    for lang in wanted:
        if lang != source:
            note = readable.harder_note(found[lang].readability, measured, language_name(source))
            found[lang] = replace(found[lang], harder=note)
    return LeafletStatus(
        id=settings.id,
        title=settings.title,
        folder=project.relative(settings.folder).as_posix(),
        source_language=source,
        languages=tuple(found.values()),
        review=settings.document.review,
    )


def _with_room(status: LanguageStatus, leaflet: str, layouts: Layouts | None) -> LanguageStatus:
    facts, current = (layouts or {}).get((leaflet, status.lang), ({}, False))
    if (stopped := facts.get("does_not_fit")) is not None:
        # the room and notes of the build before are not what the words need now
        return replace(status, room_current=current, does_not_fit=str(stopped))
    room = facts.get("room_lines")
    if room is None:
        return status
    notes = tuple(layout_note_text(note) for note in facts.get("notes") or ())
    return replace(status, room_lines=room, room_current=current, layout_notes=notes)


def layout_note_text(note: Any) -> str:
    """A layout note from the manifest as one line: "file: page 2 ends … — do this"."""
    if not isinstance(note, Mapping):
        return str(note)
    return f"{note.get('path', '')}: {note.get('message', '')}"


def leaflet_folders(project: Project, leaflets: Sequence[str]) -> list[Path]:
    """The selected leaflet folders (default: all); raises ValueError for an unknown id."""
    folders = project.leaflet_dirs()
    if not leaflets:
        return folders
    known = {f.name: f for f in folders}
    unknown = [name for name in leaflets if name not in known]
    if unknown:
        raise ValueError(
            f'there is no leaflet "{unknown[0]}" — the leaflets are: '
            + (", ".join(known) or "none")
        )
    return [known[name] for name in dict.fromkeys(leaflets)]


def project_status(
    project: Project,
    leaflets: Sequence[str] = (),
    languages: Sequence[str] = (),
    layouts: Layouts | None = None,
) -> ProjectStatus:
    """The status of every selected leaflet; a broken leaflet.yaml is a problem, not a stop."""
    report = ProjectStatus()
    for folder in leaflet_folders(project, leaflets):
        report.problems.extend(folder_problems(folder))
        try:
            settings = content.load_settings(folder)
        except LeafletError as exc:
            report.problems.extend(exc.problems)
            continue
        available = settings.languages()
        for lang in languages:
            if lang not in available:
                # Its row says "absent"; that a language asked for is not there is a
                # problem with the content, as in leaflet check and leaflet build (exit 1).
                report.problems.append(
                    Problem(
                        f"this leaflet has no language {lang} — it has: "
                        + ", ".join(available)
                        + f" (leaflet translate new {lang} starts it)",
                        settings.path,
                    )
                )
        report.leaflets.append(leaflet_status(project, settings, languages, layouts))
    return report
