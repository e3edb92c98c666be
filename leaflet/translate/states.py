"""What ``leaflet status`` reports, as data: each section, language, leaflet and the
project, and the same as JSON (``as_dict``). Computed in :mod:`.status`; read by the
command line, the catalogue (:mod:`.catalogue`) and ``leaflet serve``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import language_name
from ..content.prose import EditionReadability
from ..content.structure import Difference
from ..content.values import Date
from ..errors import Problem
from . import readable
from .units import Progress

#: The state of a language, worst first: no folder; files or keys missing; texts still
#: to translate; translated, but not all reviewed (or changed in the source since);
#: reviewed; the source language itself.
STATES = ("absent", "incomplete", "to translate", "draft", "reviewed", "source")


@dataclass(frozen=True)
class SectionStatus:
    """One section file in one language."""

    id: str
    file: str  # relative to the leaflet folder, e.g. "en/aarsager.yaml"
    #: ok (source) | missing | unreadable | incomplete | changed | to translate | draft |
    #: reviewed
    state: str
    error: str | None = None  # why it cannot be read
    source_fingerprint: str | None = None  # of the current source-language file
    recorded_fingerprint: str | None = None  # what the translation block says
    has_block: bool = False  # the file has a translation: block
    changed: bool | None = None  # None: cannot tell (source language, or unreadable)
    reviewed: bool | None = None  # None: source language, or unreadable
    keys_missing: tuple[str, ...] = ()
    keys_extra: tuple[str, ...] = ()
    unknown_keys: tuple[str, ...] = ()  # extra keys that a section of this kind cannot have
    differences: tuple[Difference, ...] = ()
    #: The texts of the source file, and how many have no translation or a changed source.
    texts: Progress = field(default_factory=lambda: Progress(0, 0))
    #: The texts still to translate: (place in the file, line in it, no text at all).
    untranslated: tuple[tuple[str, int | None, bool], ...] = ()
    reviewed_by: str | None = None
    reviewed_on: str | None = None

    @property
    def readable(self) -> bool:
        return self.state not in ("missing", "unreadable")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "state": self.state,
            "error": self.error,
            "source_fingerprint": self.source_fingerprint,
            "recorded_fingerprint": self.recorded_fingerprint,
            "changed": self.changed,
            "reviewed": self.reviewed,
            "keys_missing": list(self.keys_missing),
            "keys_extra": list(self.keys_extra),
            "differences": [d.as_dict() for d in self.differences],
            "reviewed_by": self.reviewed_by,
            "reviewed_on": self.reviewed_on,
            "texts": self.texts.texts,
            "texts_to_translate": self.texts.to_translate,
            "texts_changed": self.texts.changed,
            "texts_translated": self.texts.translated,
            "texts_reviewed": self.texts.reviewed,
            "to_translate": [
                {"text": key, "line": line, "missing": missing}
                for key, line, missing in self.untranslated
            ],
        }


@dataclass(frozen=True)
class LanguageStatus:
    """One language folder of a leaflet."""

    lang: str
    is_source: bool
    state: str  # one of STATES
    sections: tuple[SectionStatus, ...] = ()
    extra_files: tuple[str, ...] = ()
    #: Lines of body text that still fit on the last inside page, as the last build laid
    #: it out (None: not built), and whether that build is of the files as they are now.
    room_lines: float | None = None
    room_current: bool = False
    #: The layout notes of that build: where its pages fall short, and what to do.
    layout_notes: tuple[str, ...] = ()
    #: The last build stopped because the text does not fit its pages: what it said
    #: (``room_current``: of the words as they are now).
    does_not_fit: str | None = None
    readability: EditionReadability | None = None  # None: absent
    harder: str | None = None  # a translation much harder to read than its source: why

    @property
    def name(self) -> str:
        return language_name(self.lang)

    def counts(self) -> dict[str, int]:
        s = self.sections
        return {
            "sections": len(s),
            "present": sum(x.readable for x in s),
            "missing": sum(x.state == "missing" for x in s),
            "unreadable": sum(x.state == "unreadable" for x in s),
            "keys_missing": sum(len(x.keys_missing) for x in s),
            "keys_extra": sum(len(x.keys_extra) for x in s),
            "differences": sum(len(x.differences) for x in s),
            "changed": sum(x.changed is True for x in s),
            "not_reviewed": sum(x.reviewed is False for x in s),
            "texts": sum(x.texts.texts for x in s),
            "texts_to_translate": sum(x.texts.to_translate for x in s),
            "texts_changed": sum(x.texts.changed for x in s),
            "texts_translated": sum(x.texts.translated for x in s),
            "texts_reviewed": sum(x.texts.reviewed for x in s),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "name": self.name,
            "source": self.is_source,
            "state": self.state,
            "counts": self.counts(),
            "sections": [s.as_dict() for s in self.sections],
            "extra_files": list(self.extra_files),
            "room_lines": self.room_lines,
            "room_current": self.room_current,
            "layout_notes": list(self.layout_notes),
            "does_not_fit": self.does_not_fit,
            "readability": readable.as_dict(self.readability, self.is_source, self.harder),
        }


@dataclass(frozen=True)
class LeafletStatus:
    """Every selected language of one leaflet, the source language first."""

    id: str
    title: str
    folder: str  # relative to the project, e.g. "content/laenderygsmerter"
    source_language: str
    languages: tuple[LanguageStatus, ...] = ()
    review: Date | None = None  # document: review: in leaflet.yaml

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "folder": self.folder,
            "source_language": self.source_language,
            "review": self.review.isoformat() if self.review else None,
            "languages": [lang.as_dict() for lang in self.languages],
        }


@dataclass
class ProjectStatus:
    """The report for the selected leaflets, and problems with their leaflet.yaml."""

    leaflets: list[LeafletStatus] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self, root: Path) -> dict[str, Any]:
        return {
            "leaflets": [leaflet.as_dict() for leaflet in self.leaflets],
            "problems": [_problem_dict(p, root) for p in self.problems],
        }


def _problem_dict(problem: Problem, root: Path) -> dict[str, Any]:
    where = problem.location(root)
    return {
        "file": where.split(":")[0] if problem.path is not None else None,
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
    }
