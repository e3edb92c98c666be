"""Starting a translation: ``leaflet translate new``.

:func:`start_translation` writes a new language folder in which every file builds at
once (as a draft): each value is the source text, with the source text also as a
comment above it, so a translator overwrites the values in place.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import content
from ..content import yamlfile
from ..content.languages import folder_name, language_name
from ..content.writer import emit_map
from ..errors import Collector, LeafletError
from ..project import leads_out
from .status import check_language_code, section_ids
from .units import TRANSLATION, plain


def translation_file(
    words: Mapping[str, Any], source_fingerprint: str, lang: str, source_lang: str, section: str
) -> str:
    """A new words file for ``lang``: the source text as values and as comments."""
    name, source_name = language_name(lang), language_name(source_lang)
    label = f"{name} ({lang})" if name != lang else f'The "{lang}"'
    header = f"""\
# {label} words for the section "{section}", translated from {source_lang}/{section}.yaml.
#
# How to translate this file:
# - Each "# {source_name}:" comment shows the {source_name} text. Under it, the same text is
#   copied as a start: write your translation over it, in its place.
# - Keep the words before the colons (like heading:, body:, steps:) exactly as they are,
#   keep the dashes (-) and the spaces at the start of each line, and keep a picture's
#   id: as it is (translate its alt: and caption:).
# - Keep the markup: **strong**, *emphasis*, [link text](https://…) (translate the link
#   text, not the address) and {{url}} (it becomes the web address of the QR code).
# - After >- a text may run over several lines: the lines are joined into one.
#   After | each line break stays a line break on the page.
# - Text on the same line as its key: put it in double quotes if it contains ": ".
# - Leave source: below as it is. Change reviewed: no to reviewed: yes only after a second
#   reader has checked the translation.
"""
    lines = [
        header.rstrip("\n"),
        f"{TRANSLATION}:",
        f"  source: {source_fingerprint}",
        "  reviewed: no",
        "",
    ]
    body: list[str] = []
    emit_map({k: v for k, v in words.items() if k != TRANSLATION}, 0, source_name, body)
    return "\n".join(lines + body) + "\n"


def prepare_translation(settings: content.Settings, lang: str, within: Path) -> dict[str, str]:
    """The files of a new language ``lang``: file name → text; nothing is written.

    Raises LeafletError for an invalid code, an existing folder (or a link in its
    place), a folder that would be outside ``within`` (the project's content/ folder)
    once links are followed, or source files with problems. Every file is read back to
    check that its values are the source text.
    """
    if (message := check_language_code(lang)) is not None:
        raise LeafletError.at(message, None)
    lang = folder_name(lang)  # en-gb → en-GB/, as language folders are named
    target = settings.folder / lang
    if (out := leads_out(target, within)) is not None:
        raise LeafletError.at(out[1], out[0])
    if target.exists() or target.is_symlink():
        raise LeafletError.at(_exists(lang, target), target)
    source = content.load_edition(settings, settings.source_language)
    files: dict[str, str] = {}
    problems = Collector()
    for section_id in section_ids(settings):
        section = source.sections[section_id]
        fp = content.fingerprint(section.words)
        text = translation_file(section.words, fp, lang, settings.source_language, section_id)
        loaded = yamlfile.load_text(settings.words_path(lang, section_id), text)
        back = {k: v for k, v in plain(loaded).items() if k != TRANSLATION}
        if back != plain(section.words) or content.fingerprint(loaded) != fp:
            problems.add(  # a bug in the writer; never write a file that reads back wrong
                f"leaflet could not write {lang}/{section_id}.yaml so that it reads back as "
                "the source text — please report this",
                section.path,
            )
        files[f"{section_id}.yaml"] = text
    problems.raise_if_any()
    return files


def write_translation(settings: content.Settings, lang: str, files: Mapping[str, str]) -> Path:
    """Write prepared files into ``<leaflet>/<lang>/`` at once (all or nothing)."""
    lang = folder_name(lang)
    target = settings.folder / lang
    staging = settings.folder / f".{lang}-new-{os.getpid()}"
    staging.mkdir()
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        if target.exists() or target.is_symlink():
            raise LeafletError.at(_exists(lang, target), target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _exists(lang: str, target: Path) -> str:
    what = "a link named" if target.is_symlink() else "the folder"
    return (
        f"{what} {lang}/ already exists — nothing was changed; `leaflet status --lang {lang}` "
        "shows how far it is (delete it to start again)"
    )


def start_translation(settings: content.Settings, lang: str, within: Path) -> tuple[Path, int]:
    """Create ``<leaflet>/<lang>/`` with one file per section; (the folder, files made)."""
    files = prepare_translation(settings, lang, within)
    return write_translation(settings, lang, files), len(files)
