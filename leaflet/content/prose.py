"""What a patient reads in each section, measured: the numbers for check, status and preview.

:func:`texts_read` lists the texts of a section's words in reading order, one entry
per text read as one: the heading, each paragraph, list item, step, table cell,
caption, question and answer, the heading and body of a box, a key figure (its value
and its line together) and each theme label. Not measured: the labels of the back
page (*Version*, *Udgivet*), which name the values beside them, and a picture's
alt text, which is not printed.

:func:`edition_readability` is what a preview calls to show the same numbers as
``leaflet check`` and ``leaflet status``: one :class:`SectionReadability` per section
(LIX or Flesch, its band, the sentences with their lines) and the whole edition's.
:func:`warnings` turns them into the lines ``leaflet check`` prints.

The measuring itself is :mod:`.readability`; here each text is also matched with the
lines of its file, so that a sentence is reported at the line it starts on even in a
paragraph written over several lines after ``>-``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import files
from ..errors import Problem
from .blocks import answer_blocks, box_parts, kind_of
from .model import Edition, ReadabilitySettings
from .readability import LONG_SENTENCE, Counter, Piece, Reading, Sentence, target_for
from .units import without
from .yamlfile import MAX_FILE_BYTES, Text

#: A section with fewer words than this is not held to the target (a title, a short
#: note): too few words for a number that means anything. Its sentences are still
#: checked for length.
MIN_WORDS = 20
#: How many of a hard section's longest sentences a warning names.
LONGEST = 3


# --- the texts a reader reads ------------------------------------------------------------


def texts_read(words: Mapping[str, Any]) -> list[list[Text]]:
    """The texts of a section's words in reading order; each entry is read as one text."""
    units: list[list[Text]] = []
    for key, value in words.items():
        if key == "translation" or str(key).endswith("_label"):
            continue
        if key == "body" and isinstance(value, list | tuple):
            _blocks(value, units)
        else:
            _any(value, units)
    return units


def _any(value: Any, units: list[list[Text]]) -> None:
    if isinstance(value, Text):
        if value.strip():
            units.append([value])
    elif isinstance(value, Mapping):
        for item in value.values():
            _any(item, units)
    elif isinstance(value, list | tuple):
        for item in value:
            _any(item, units)


def _blocks(blocks: Iterable[Any], units: list[list[Text]]) -> None:
    for block in blocks:
        kind = kind_of(block)
        if kind == "paragraph":
            _any(block, units)
            continue
        value = block[kind] if isinstance(block, Mapping) else None
        if kind in ("warning", "note"):
            heading, body = box_parts(value)
            _any(heading, units)
            _blocks(body, units)
        elif kind == "questions" and isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, Mapping):
                    _any(item.get("question"), units)
                    if "answer" in item:
                        _blocks(answer_blocks(item["answer"]), units)
        elif kind == "key_figure" and isinstance(value, Mapping):
            parts = [value.get(k) for k in ("value", "text")]
            unit = [p for p in parts if isinstance(p, Text) and p.strip()]
            if unit:
                units.append(unit)
        elif kind == "picture" and isinstance(value, Mapping):
            _any(value.get("caption"), units)  # the alt text is not printed
        elif kind == "contact" and isinstance(value, Mapping):
            for part in ("name", "hours", "address"):  # not numbers and addresses
                _any(value.get(part), units)
        else:  # list, steps, checklist, table (header and cells), and any kind to come
            _any(value, units)


# --- where each text is written ---------------------------------------------------------


#: A character that is not a space (``str.isspace``), as regular expressions read it.
_SOLID = re.compile(r"\S")


class _Sources:
    """The lines of the files texts come from, each read once."""

    def __init__(self) -> None:
        self.files: dict[Path, list[str]] = {}

    def lines(self, path: Path) -> list[str]:
        if path not in self.files:
            try:
                text = files.read_bytes(path, MAX_FILE_BYTES).decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
            self.files[path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return self.files[path]

    def piece(self, text: Text) -> Piece:
        """``text`` and the line each part of it is on.

        The characters that are not spaces are the same, in the same order, in the
        text and in its lines of the file (YAML only folds the line breaks and the
        indentation), so counting them line by line gives each part's line.
        """
        where = getattr(text, "line", None)
        if where is None:
            return Piece(str(text))
        lines = self.lines(text.path)
        if not 1 <= where <= len(lines):
            return Piece(str(text), ((0, where),))
        opening = lines[where - 1][text.column - 1 : text.column]
        if opening in ("|", ">"):  # a block: the text starts on the next line
            row, column = where + 1, 1
        elif opening in ('"', "'"):
            row, column = where, text.column + 1
        else:
            row, column = where, text.column
        solid = [match.start() for match in _SOLID.finditer(text)]
        pairs: list[tuple[int, int]] = []
        seen = 0
        while seen < len(solid) and row <= len(lines):
            count = len(_SOLID.findall(lines[row - 1], column - 1))
            if count:
                pairs.append((solid[seen], row))
                seen += count
            row, column = row + 1, 1
        return Piece(str(text), tuple(pairs) or ((0, where),))


# --- the numbers -----------------------------------------------------------------------


@dataclass(frozen=True)
class SectionReadability:
    """One section in one language: its reading numbers and its sentences."""

    id: str
    path: Path
    line: int | None  # where its first text is
    reading: Reading
    sentences: tuple[Sentence, ...]

    def longest(self, count: int = LONGEST) -> list[Sentence]:
        """The ``count`` longest sentences, longest first (the earlier of equals first)."""
        return sorted(self.sentences, key=lambda s: -s.words)[:count]

    def long_sentences(self) -> list[Sentence]:
        """The sentences over :data:`LONG_SENTENCE` words, in reading order."""
        return [s for s in self.sentences if s.words > LONG_SENTENCE]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "line": self.line,
            **self.reading.as_dict(),
            "longest_sentences": [s.as_dict() for s in self.longest()],
        }


@dataclass(frozen=True)
class EditionReadability:
    """Every section of a leaflet in one language, and the whole."""

    lang: str
    settings: ReadabilitySettings
    sections: tuple[SectionReadability, ...]

    @property
    def reading(self) -> Reading:
        return Reading.of(self.lang, (s for section in self.sections for s in section.sentences))

    @property
    def target(self) -> float:
        """The target on this language's scale (LIX, or Flesch reading ease)."""
        return target_for(self.reading.measure, self.settings.target)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.reading.as_dict(),
            "target": self.target,
            "sections": [s.as_dict() for s in self.sections],
        }


def measure_sections(
    sections: Iterable[tuple[str, Path, Mapping[str, Any]]],
    lang: str,
    settings: ReadabilitySettings,
) -> EditionReadability:
    """The numbers of (id, file, words) sections in ``lang``."""
    counter = Counter(lang, settings.long_words)
    sources = _Sources()
    measured = []
    for section_id, path, words in sections:
        units = texts_read(words)
        pieces = [[sources.piece(text) for text in unit] for unit in units]
        sentences = counter.sentences(pieces)
        first = next((p.line_at(0) for unit in pieces for p in unit), None)
        measured.append(
            SectionReadability(
                section_id, path, first, Reading.of(lang, sentences), tuple(sentences)
            )
        )
    return EditionReadability(lang, settings, tuple(measured))


def edition_readability(edition: Edition) -> EditionReadability:
    """The readability of every section of ``edition``, in reading order.

    For the preview server: the same numbers ``leaflet check`` warns about and
    ``leaflet status`` shows, per section, with the longest sentences and their lines.
    A translation is measured on what it translates: texts still to translate (copies
    of the source text) are left out.
    """
    return measure_sections(
        (
            (s.id, s.path, without(s.words, [u.key for u in s.untranslated]))
            for s in edition.sections.values()
        ),
        edition.lang,
        edition.settings.readability,
    )


# --- the warnings of leaflet check --------------------------------------------------------


def _lines(sentences: Sequence[Sentence]) -> str:
    shown = [f"{s.line} ({s.words} words)" for s in sentences]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _parts(reading: Reading) -> str:
    """What the value is made of, in words: sentence length and long words or syllables."""
    per_sentence = f"{reading.words / reading.sentences:.0f} words a sentence"
    if reading.syllables is not None:
        return f"{per_sentence}, {reading.syllables / reading.words:.1f} syllables a word"
    return f"{per_sentence}, {100 * reading.long_words / reading.words:.0f} % long words"


def _start(sentence: Sentence, words: int = 5) -> str:
    parts = sentence.text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def warnings(edition: EditionReadability) -> list[Problem]:
    """What ``leaflet check`` says about readability: hard sections, long sentences.

    A section whose value, as shown, is on the hard side of the target gets one
    warning naming its three longest sentences and their lines; every other sentence
    over :data:`LONG_SENTENCE` words gets a warning at its own line.
    """
    found: list[Problem] = []
    target = edition.target
    for section in edition.sections:
        reading = section.reading
        named: list[Sentence] = []
        if reading.words >= MIN_WORDS and reading.misses(edition.settings.target):
            named = section.longest()
            found.append(
                Problem(
                    f"{reading.label()} — the target is {target:g}"
                    f"{'' if reading.measure == 'lix' else ' or more'} ({_parts(reading)}); "
                    + (
                        f"the longest sentence is on line {_lines(named)}"
                        if len(named) == 1
                        else f"the longest sentences are on lines {_lines(named)}"
                    )
                    + ": shorter sentences and shorter, everyday words make it easier to read",
                    section.path,
                    section.line,
                )
            )
        for sentence in section.long_sentences():
            if any(sentence is n for n in named):
                continue
            found.append(
                Problem(
                    f'a sentence of {sentence.words} words ("{_start(sentence)}") — sentences '
                    f"over {LONG_SENTENCE} words are hard to follow; split it",
                    section.path,
                    sentence.line,
                )
            )
    return found
