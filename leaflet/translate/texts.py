"""One leaflet's texts in one language, next to the source texts they translate.

What ``leaflet translate export`` writes and ``leaflet translate import`` checks
against: for every section, the units of the source-language file (see
:mod:`.units`), its fingerprint now, and the translation's words file as it is
(read, not yet checked: an unfinished translation is the usual case here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import content
from ..content import yamlfile
from ..content.units import is_translated
from ..content.yamlfile import Map
from ..errors import Collector, LeafletError
from ..files import exists_somehow
from .units import Record, Unit, aligned, recorded, section_units, text_at


@dataclass(frozen=True)
class SectionTexts:
    """One section: its source units and, when there is one, its translation."""

    id: str
    kind: str
    path: Path  # the translation's words file (it may not exist yet)
    units: tuple[Unit, ...]
    source_words: Mapping[str, Any]  # as read: each text knows its file and line
    fingerprint: str  # of the source-language words now
    words: Map | None  # the translation as read; None when there is no file
    recorded: str | None = None  # the fingerprint its translation: block records
    reviewed: bool = False
    same: frozenset[str] = frozenset()  # texts the same as the source on purpose (unit keys)

    @property
    def changed(self) -> bool:
        """The translation was made from another source text than today's."""
        return self.words is not None and self.recorded != self.fingerprint

    def current(self, unit: Unit) -> str | None:
        """The translation's text at the unit's place (line breaks at its end left out),
        whatever it is: a translation, a copy of the source text, or — when the source's
        lists moved (see :meth:`moved`) — the text of another place. None: no text."""
        return None if self.words is None else text_at(self.words, unit.path)

    def target(self, unit: Unit) -> str | None:
        """The translation of ``unit``: the text at its place, unless that is no
        translation — a copy of the source text (not marked as the same on purpose, see
        :mod:`leaflet.content.units`), or a text at a place the source's lists have moved
        (see :meth:`moved`). None when there is none."""
        text = None if self.moved(unit) else self.current(unit)
        if text is None or not is_translated(text, unit.text, unit.key in self.same):
            return None
        return text

    def is_same(self, unit: Unit) -> bool:
        """Whether the unit's text is marked as the same as its source on purpose."""
        return unit.key in self.same

    def moved(self, unit: Unit) -> bool:
        """Whether the source gained or lost items of a list on the way to ``unit`` since it
        was translated, so the translation's text at its place may translate another."""
        return self.words is not None and not aligned(self.source_words, self.words, unit.path)


def leaflet_texts(settings: content.Settings, lang: str) -> list[SectionTexts]:
    """Every section of the leaflet in reading order, with the translation into ``lang``.

    Raises LeafletError when the source language has problems (``leaflet check``
    shows them) or a words file of ``lang`` cannot be read as YAML.
    """
    source = content.load_edition(settings, settings.source_language)
    problems = Collector()
    found: list[SectionTexts] = []
    for section_id in settings.section_ids():
        section = source.sections[section_id]
        path = settings.words_path(lang, section_id)
        words: Map | None = None
        if exists_somehow(path):
            try:
                loaded = yamlfile.load(path, within=settings.folder.parent.parent)
            except LeafletError as exc:
                problems.extend(exc)
                continue
            if not isinstance(loaded, Map):
                problems.add(
                    "this file should hold keys with values, like heading: … — fix it first "
                    f"(`leaflet check --lang {lang}` shows what is wrong), or delete it",
                    path,
                    getattr(loaded, "line", 1),
                    getattr(loaded, "column", 1),
                )
                continue
            words = loaded
        record = recorded(words) if words is not None else Record(False)
        found.append(
            SectionTexts(
                id=section_id,
                kind=section.kind,
                path=path,
                units=tuple(section_units(section_id, section.kind, section.words)),
                source_words=section.words,
                fingerprint=content.fingerprint(section.words),
                words=words,
                recorded=record.source,
                reviewed=record.reviewed,
                same=record.same,
            )
        )
    problems.raise_if_any()
    return found
