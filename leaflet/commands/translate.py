"""``leaflet translate``: start a language, exchange texts with an agency."""

from __future__ import annotations

import click

from ..errors import LeafletError
from .common import ONLY_LEAFLET, language_code, leaflet_folders, project_of
from .xliff import export, import_


@click.group()
def translate() -> None:
    """Start a translation, or exchange texts with a translator (XLIFF or PO)."""


@translate.command("new")
@click.argument("lang", callback=language_code)
@ONLY_LEAFLET
@click.pass_context
def translate_new(ctx: click.Context, lang: str, leaflets: tuple[str, ...]) -> None:
    """Start the language LANG (like en): a folder with one file per section.

    Each file holds the source text twice: as a comment to read, and as the text to
    write the translation over. It builds at once (as a draft), so you can see the
    leaflet while you translate. Nothing is overwritten: if the folder exists, it stops.

    Exit status: 0 when the files were made, 1 when a folder exists or the source
    files have problems, 2 when the command was used wrongly.
    """
    from .. import content
    from ..content.languages import folder_name, language_name
    from ..errors import Collector
    from ..translate.new import prepare_translation, write_translation

    lang = folder_name(lang)  # en-gb → en-GB, as language folders are named
    project = project_of(ctx)
    folders = leaflet_folders(project, leaflets)
    problems = Collector()
    prepared = []  # every leaflet's files are made before any is written
    for folder in folders:
        try:
            settings = content.load_settings(folder)
            prepared.append((settings, prepare_translation(settings, lang, project.content)))
        except LeafletError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    for settings, files in prepared:
        target = write_translation(settings, lang, files)
        click.echo(
            f"made {project.relative(target).as_posix()}/ with {len(files)} files to "
            f"translate from {language_name(settings.source_language)}"
        )
    click.echo(
        f"next: translate the text in those files; `leaflet status --lang {lang}` shows "
        f"what is left, `leaflet build --lang {lang}` makes a draft to look at."
    )


translate.add_command(export)
translate.add_command(import_)
