"""Readability in ``leaflet status``: each language's numbers beside its state.

A translation is measured with its own language's index (LIX, or Flesch reading ease;
see :mod:`leaflet.content.readability`), so a translation and its source can be told
apart only on one scale: Flesch is put on the LIX scale for the comparison. A
translation that is :data:`HARDER` LIX points (or more) harder than its source is
worth a look, and status says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..content.model import Settings
from ..content.prose import MIN_WORDS, EditionReadability, measure_sections
from ..content.readability import on_lix_scale
from ..content.yamlfile import Map

#: How much harder (in LIX points; 10 Flesch points) a translation may be than its source
#: before status points it out.
HARDER = 5


def measure(settings: Settings, lang: str, words: Mapping[str, Map | None]) -> EditionReadability:
    """The readability of the readable section files (id → words) of ``lang``."""
    return measure_sections(
        (
            (section_id, Path(settings.words_path(lang, section_id)), found)
            for section_id, found in words.items()
            if found is not None
        ),
        lang,
        settings.readability,
    )


def measured(readability: EditionReadability | None) -> bool:
    """Whether a language has words enough for its number to mean anything: a new
    translation whose only translated text is a number ("1813") has not (see
    :data:`leaflet.content.prose.MIN_WORDS`)."""
    return (
        readability is not None
        and readability.reading.value is not None
        and readability.reading.words >= MIN_WORDS
    )


def cell(readability: EditionReadability | None) -> str:
    """The table's cell: "LIX 41 medium", "Flesch 71 easy", or "–" (too few words)."""
    if readability is None or not measured(readability):
        return "–"
    return readability.reading.label().replace("(", "").replace(")", "")


def as_dict(
    readability: EditionReadability | None, is_source: bool, harder: str | None
) -> dict[str, Any] | None:
    """The numbers for ``leaflet status --json``, and whether a translation is much harder."""
    if readability is None:
        return None
    return {
        **readability.as_dict(),
        "harder_than_source": None if is_source else harder is not None,
    }


def harder_note(
    readability: EditionReadability | None, source: EditionReadability | None, source_name: str
) -> str | None:
    """A line for a translation much harder to read than its source, else None."""
    if readability is None or source is None or not measured(readability):
        return None
    mine, theirs = readability.reading, source.reading
    if mine.value is None or theirs.value is None:
        return None
    gap = on_lix_scale(mine.measure, mine.value) - on_lix_scale(theirs.measure, theirs.value)
    if gap < HARDER:
        return None
    lang = readability.lang
    return (
        f"{lang}/: harder to read than the {source_name}: {cell(readability)}, the "
        f"{source_name} {cell(source)} — `leaflet check --lang {lang}` shows the hardest "
        "sections and the longest sentences"
    )
