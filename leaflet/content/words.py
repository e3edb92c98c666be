"""Reading one language of a leaflet: its words files, checked against their kinds."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import Collector, LeafletError
from . import markup, yamlfile
from .kinds import KINDS
from .model import Edition, Section, SectionSettings, Settings, Translation, texts_in
from .schema import check
from .values import is_yes
from .yamlfile import Map, Text


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
    return Translation(
        source=str(block["source"]) if "source" in block else None,
        reviewed=reviewed is not None and is_yes(str(reviewed)),
        line=words.keys_at["translation"][0],
    )


def load_edition(settings: Settings, lang: str) -> Edition:
    """Read and check every words file of one language of a leaflet."""
    problems = Collector()
    folder = settings.folder / lang
    if not folder.is_dir():
        raise LeafletError.at(
            f'there is no language "{lang}" for this leaflet — the languages are: '
            + ", ".join(settings.languages()),
            settings.path,
        )
    sections: dict[str, Section] = {}
    for page in settings.pages:
        for section_id in page:
            section = settings.sections[section_id]
            path = settings.words_path(lang, section_id)
            try:
                words = yamlfile.load(path)
            except LeafletError as exc:
                if not path.exists():
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
            if len(problems.problems) == before:
                plain = {k: v for k, v in _plain(words).items() if k != "translation"}
                sections[section_id] = Section(section, path, plain, translation)
    for extra in sorted(folder.glob("*.yaml")):
        if extra.stem not in settings.sections:
            problems.add(
                f'"{extra.name}" belongs to no section of leaflet.yaml — rename it to match '
                "a section, or delete it",
                extra,
            )
    problems.raise_if_any()
    return Edition(settings=settings, lang=lang, sections=MappingProxyType(sections))
