"""Reading one language of a leaflet: its words files, checked against their kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import files
from ..errors import Collector, LeafletError, plural
from . import markup, yamlfile
from .blocks import answer_blocks, box_parts, kind_of
from .kinds import KINDS
from .languages import language_name
from .model import (
    Edition,
    Section,
    SectionSettings,
    Settings,
    Translation,
    Untranslated,
    fingerprint,
    texts_in,
)
from .schema import check
from .structure import differences
from .units import section_units, to_translate, value_at
from .values import check_day, check_picture_id, check_yes_no, is_yes, parse_date
from .yamlfile import Map, Seq, Text


def _plain(value: Any) -> Any:
    """Located values as plain, read-only Python values for the templates."""
    if isinstance(value, Map):
        return MappingProxyType({str(k): _plain(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value  # Text: a str that still knows its file and line


def _check_words(
    section: SectionSettings, words: Any, path: Path, settings: Settings, problems: Collector
) -> None:
    kind = KINDS[section.kind]
    if not isinstance(words, Map):
        line, column = (words.line, words.column) if isinstance(words, Text) else (1, 1)
        problems.add(
            "this file should hold keys with values, like heading: … and body: …",
            path,
            line,
            column,
        )
        return
    check(words, kind.words, problems, f"{path.name}")
    if section.kind == "themes" and isinstance(words.get("themes"), Map):
        labels = words["themes"]
        wanted = [t.id for t in section.themes]
        for theme_id in wanted:
            if theme_id not in labels:
                problems.add(
                    f'the theme "{theme_id}" has no label — add {theme_id}: followed by its '
                    "label under themes:",
                    path,
                    labels.line,
                    labels.column,
                )
        for theme_id in labels:
            if theme_id not in wanted:
                line, column = labels.keys_at[theme_id]
                problems.add(
                    f'"{theme_id}" is not a theme of this section — the themes are: '
                    + ", ".join(wanted),
                    path,
                    line,
                    column,
                )
    _check_blocks(words.get("body"), path, settings, problems)
    for text in texts_in(words):
        for message in markup.problems(text):
            problems.add(message, path, text.line, text.column)
        if "{url}" in text and settings.qr_url is None:
            problems.add(
                "{url} is used, but leaflet.yaml has no qr: web address to print",
                path,
                text.line,
                text.column,
            )


def _check_blocks(body: Any, path: Path, settings: Settings, problems: Collector) -> None:
    """What the schema cannot say of blocks: pictures that exist, alt text, table shape."""
    if not isinstance(body, list):
        return
    for block in body:
        kind = kind_of(block)
        if kind in ("warning", "note"):
            _check_blocks(box_parts(block[kind])[1], path, settings, problems)
        elif kind == "questions" and isinstance(block[kind], list):
            for item in block[kind]:
                if isinstance(item, Map) and "answer" in item:
                    _check_blocks(answer_blocks(item["answer"]), path, settings, problems)
        elif kind == "picture" and isinstance(block[kind], Map):
            _check_picture(block[kind], path, settings, problems)
        elif kind == "table" and isinstance(block[kind], Map):
            _check_table(block[kind], path, problems)


def _check_picture(picture: Map, path: Path, settings: Settings, problems: Collector) -> None:
    picture_id = picture.get("id")
    if isinstance(picture_id, Text) and picture_id not in settings.pictures:
        known = ", ".join(settings.pictures) or "none yet"
        if check_picture_id(picture_id) is None:
            declare = f"declare it under pictures: (like {picture_id}: pictures/{picture_id}.svg)"
        else:  # a path or a file name: the id is what leaflet.yaml gives the picture
            declare = (
                "a picture is shown by the id it has under pictures: in leaflet.yaml (letters "
                "a to z, digits and hyphens, like knae: pictures/knae.svg) — declare it there"
            )
        problems.add(
            f'there is no picture "{picture_id}" in leaflet.yaml — {declare}, or use one of: '
            f"{known}",
            path,
            picture_id.line,
            picture_id.column,
        )
    decorative = picture.get("decorative")
    if isinstance(decorative, Text) and (message := check_yes_no(decorative)) is not None:
        problems.add(f'"decorative": {message}', path, decorative.line, decorative.column)
    elif "alt" not in picture and not (decorative is not None and is_yes(decorative)):
        problems.add(
            "this picture has no alt: text — say in a few words what it shows, for people who "
            "cannot see it (or write decorative: yes if it only decorates)",
            path,
            picture.line,
            picture.column,
        )


def _check_table(table: Map, path: Path, problems: Collector) -> None:
    rows = table.get("rows")
    if not isinstance(rows, list):
        return
    header = table.get("header")
    widths = [len(row) for row in rows if isinstance(row, list)]
    columns = len(header) if isinstance(header, list) else (widths[0] if widths else 0)
    what = "the header has" if isinstance(header, list) else "the first row has"
    for number, row in enumerate(rows, start=1):
        if isinstance(row, Seq) and len(row) != columns:
            problems.add(
                f"row {number} of the table has {plural(len(row), 'cell')}, but {what} "
                f'{columns} — give every row the same number of cells (write an empty cell as "")',
                path,
                row.line,
                row.column,
            )
    if columns > MAX_COLUMNS:
        problems.add(
            f"the table has {columns} columns — an A5 page has room for {MAX_COLUMNS}; split it "
            "into two tables or turn it into a list",
            path,
            table.line,
            table.column,
        )


#: The most columns a table may have on an A5 page.
MAX_COLUMNS = 4


@dataclass(frozen=True)
class SourceWords:
    """A section of the source language, read and checked, as its translations use it."""

    words: Map
    fingerprint: str


#: The source language's sections, read and checked once for all the translations of a
#: leaflet loaded together (see :func:`load_edition`): section id → its words, or None
#: when they cannot be read or have problems (the source language reports those itself).
#: Made anew for each load, so a long-lived process (leaflet serve) sees every edit.
Sources = dict[str, SourceWords | None]


def _source_words(
    section_id: str, settings: Settings, sources: Sources | None
) -> SourceWords | None:
    """The source-language words of ``section_id``, from ``sources`` when they were read
    for another translation already."""
    if sources is not None and section_id in sources:
        return sources[section_id]
    found = None
    source_path = settings.words_path(settings.source_language, section_id)
    try:
        source = yamlfile.load(source_path, within=settings.folder.parent.parent)
    except LeafletError:
        source = None  # the source language reports its own file
    if isinstance(source, Map):
        own = Collector()  # a source file with problems reports them itself; compare with none
        _check_words(settings.sections[section_id], source, source_path, settings, own)
        if not own:
            found = SourceWords(source, fingerprint(source))
    if sources is not None:
        sources[section_id] = found
    return found


def _check_structure(
    words: Map,
    section_id: str,
    settings: Settings,
    problems: Collector,
    sources: Sources | None = None,
) -> SourceWords | None:
    """A translation has the blocks of the source-language file (see :mod:`.structure`).

    Returns the source-language words when they could be read and checked.
    """
    source = _source_words(section_id, settings, sources)
    if source is None:
        return None
    for found in differences(words, source.words, language_name(settings.source_language)):
        problems.add(found.message, words.path, found.line, found.column)
    return source


def _untranslated(
    words: Map, source: Map, section: SectionSettings, translation: Translation, problems: Collector
) -> tuple[Untranslated, ...]:
    """The texts of a translation still to translate (missing, or a copy of the source
    text); a ``same:`` entry that names no text of the file is a problem."""
    units = section_units(section.id, section.kind, source)
    keys = {unit.key for unit in units}
    block = words.get("translation")
    listed = block.get("same") if isinstance(block, Map) else None
    for entry in listed if isinstance(listed, list) else ():
        if isinstance(entry, Text) and entry.strip() not in keys:
            problems.add(
                f'same: lists "{entry}", which is not a text of this file — name a text by its '
                "place, like heading, body/2 or body/6/table/rows/1/2 (`leaflet status` shows "
                "the places of the texts still to translate)",
                words.path,
                entry.line,
                entry.column,
            )
    found = []
    for unit in to_translate(units, source, words, translation.same):
        here = value_at(words, unit.path)
        at = here if isinstance(here, Text) else _parent(words, unit.path)
        found.append(
            Untranslated(unit.key, unit.text, getattr(at, "line", None), not isinstance(here, Text))
        )
    return tuple(found)


def _parent(words: Any, path: tuple[str | int, ...]) -> Any:
    """The nearest value on the way to ``path`` that knows its line."""
    found = words
    for step in range(len(path), 0, -1):
        value = value_at(words, path[:step])
        if getattr(value, "line", None) is not None:
            return value
    return found


def _translation(
    words: Any, lang: str, settings: Settings, path: Path, problems: Collector
) -> Translation | None:
    """The translation block of a words file (source language: there must be none)."""
    if not isinstance(words, Map):
        return None
    block = words.get("translation")
    if lang == settings.source_language:
        if block is not None:
            line, column = words.keys_at["translation"]
            problems.add(
                f"{lang} is the language this leaflet is written in, so its files have no "
                "translation: block — delete it",
                path,
                line,
                column,
            )
        return None
    if not isinstance(block, Map):
        return Translation(source=None, reviewed=False)
    reviewed = block.get("reviewed")
    is_reviewed = reviewed is not None and is_yes(str(reviewed))
    by, on = block.get("reviewed_by"), block.get("reviewed_on")
    day = parse_date(str(on)) if isinstance(on, Text) and check_day(on) is None else None
    if not is_reviewed and (by is not None or on is not None):
        line, column = block.keys_at["reviewed_by" if by is not None else "reviewed_on"]
        problems.add(
            "reviewed_by: and reviewed_on: record who checked the translation and when, but "
            "reviewed: says no — set reviewed: yes once it is checked, or remove them",
            path,
            line,
            column,
        )
    if day is not None and isinstance(on, Text) and day.first_day > date.today():
        problems.add(
            f"reviewed_on: {on} is a day still to come — write the day the translation was checked",
            path,
            on.line,
            on.column,
        )
    same = block.get("same")
    return Translation(
        source=str(block["source"]) if "source" in block else None,
        reviewed=is_reviewed,
        line=words.keys_at["translation"][0],
        same=frozenset(str(s).strip() for s in same if isinstance(s, Text))
        if isinstance(same, list)
        else frozenset(),
        reviewed_by=" ".join(str(by).split()) if isinstance(by, Text) else None,
        reviewed_on=day,
    )


def load_edition(settings: Settings, lang: str, sources: Sources | None = None) -> Edition:
    """Read and check every words file of one language of a leaflet.

    ``sources``: the source language's words as read for the other translations of the
    same load (see :data:`Sources`), filled in as they are read.
    """
    problems = Collector()
    folder = settings.folder / lang
    if not folder.is_dir():
        raise LeafletError.at(
            f'there is no language "{lang}" for this leaflet — the languages are: '
            + ", ".join(settings.languages()),
            settings.path,
        )
    sections: dict[str, Section] = {}
    for section_id in settings.section_ids():
        section = settings.sections[section_id]
        path = settings.words_path(lang, section_id)
        try:
            words = yamlfile.load(path, within=settings.folder.parent.parent)
        except LeafletError as exc:
            if not files.exists_somehow(path):
                problems.add(
                    f'the words for section "{section_id}" are missing — create '
                    f"{lang}/{section_id}.yaml (copy it from another language and "
                    "translate it)",
                    path,
                )
            else:
                problems.extend(exc)
            continue
        before = len(problems.problems)
        _check_words(section, words, path, settings, problems)
        translation = _translation(words, lang, settings, path, problems)
        untranslated: tuple[Untranslated, ...] = ()
        changed_to = None
        if translation is not None and len(problems.problems) == before:
            source = _check_structure(words, section_id, settings, problems, sources)
            if source is not None and isinstance(words, Map):
                untranslated = _untranslated(words, source.words, section, translation, problems)
                now = source.fingerprint
                changed_to = now if translation.source not in (None, now) else None
        if len(problems.problems) == before:
            plain = {k: v for k, v in _plain(words).items() if k != "translation"}
            sections[section_id] = Section(
                section, path, plain, translation, untranslated, changed_to
            )
    for extra in sorted(folder.glob("*.yaml")):
        # Names starting with a dot are an editor's or the system's: .#x.yaml is Emacs's
        # lock file, ._x.yaml macOS's; they are not words.
        if extra.stem not in settings.sections and not extra.name.startswith("."):
            problems.add(
                f'"{extra.name}" belongs to no section of leaflet.yaml — rename it to match '
                "a section, or delete it",
                extra,
            )
    problems.raise_if_any()
    return Edition(settings=settings, lang=lang, sections=MappingProxyType(sections))
