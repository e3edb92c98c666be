"""``leaflet translate``: start a language, exchange texts with an agency."""

from __future__ import annotations

import click

from ..errors import LeafletError
from . import output
from .common import NOTHING_CHANGED, ONLY_LEAFLET, language_code, leaflet_folders, project_of
from .output import ConventionGroup
from .xliff import export, import_


@click.group(cls=ConventionGroup)
def translate() -> None:
    """Start a translation, or exchange texts with a translator (XLIFF or PO)."""


@translate.command("new")
@click.argument("lang", callback=language_code)
@ONLY_LEAFLET
@click.pass_context
def translate_new(ctx: click.Context, lang: str, leaflets: tuple[str, ...]) -> None:
    """Start the language LANG (like en): a folder with one file per section.

    Each file holds the source text twice: as a comment to read, and as the text to
    write the translation over. It makes the files only: `leaflet build --lang LANG`
    then makes a draft to look at while you translate (or keep `leaflet serve` open).
    Nothing is overwritten: if the folder exists, it stops.

    Exit status: 0 when the files were made, 1 when a folder exists or the source
    files have problems, 2 when the command was used wrongly.
    """
    from .. import content
    from ..content.languages import folder_name, language_name
    from ..errors import Collector
    from ..steps import timed
    from ..translate.new import prepare_translation, write_translation

    lang = folder_name(lang)  # en-gb → en-GB, as language folders are named
    project = project_of(ctx, NOTHING_CHANGED)
    folders = leaflet_folders(project, leaflets)
    problems = Collector()
    prepared = []  # every leaflet's files are made before any is written
    for folder in folders:
        try:
            settings = content.load_settings(folder)
            with timed(f"read {settings.id} and made its {lang} files"):
                made = prepare_translation(settings, lang, project.content)
            prepared.append((settings, made))
        except LeafletError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    for settings, files in prepared:
        target = write_translation(settings, lang, files)
        output.say(
            f"made {project.relative(target).as_posix()}/ with "
            f"{output.plural(len(files), 'file')} to translate from "
            f"{language_name(settings.source_language)}; nothing is built yet"
        )
    output.say(
        f"next: `leaflet build --lang {lang}` makes a draft to look at; translate the text in "
        f"those files; `leaflet status --lang {lang}` shows what is left."
    )


translate.add_command(export)
translate.add_command(import_)
