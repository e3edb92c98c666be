"""``leaflet status``: how far each translation is, and the room left."""

from __future__ import annotations

import sys

import click

from .common import ONLY_LEAFLET, language_code, layouts, leaflet_folders, project_of, shown_lines


@click.command()
@ONLY_LEAFLET
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    callback=language_code,
    help="Only this language (a folder name such as en). Can be given more than once.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def status(
    ctx: click.Context, leaflets: tuple[str, ...], languages: tuple[str, ...], as_json: bool
) -> None:
    """Show how far each translation is: a row per language, then what to do, by file.

    \b
    state  reviewed      every file is checked by a second reader and up to date
           draft         some file is not reviewed, or its source text changed
           to translate  texts are still to translate (a copy of the source
                         text is not a translation): each is listed at file:line
           incomplete    files or keys are missing, or a file cannot be read
           source        the language the leaflet is written in

    Beside the state: how easy the language is to read (LIX, or Flesch reading ease
    for English, German, Spanish and Russian; `leaflet check` says where it is hard).
    A translation much harder to read than its source is pointed out.

    Exit status: 0 when the report was made (even if translations are unfinished),
    1 when a leaflet.yaml cannot be read, 2 when the command was used wrongly.
    """
    import json

    from ..translate.report import format_table
    from ..translate.status import project_status

    project = project_of(ctx)
    leaflet_folders(project, leaflets)
    report = project_status(project, leaflets, languages, layouts(project, leaflets))
    if as_json:
        click.echo(json.dumps(report.as_dict(project.root), ensure_ascii=False, indent=2))
    elif report.leaflets or not report.problems:
        click.echo(shown_lines(format_table(report)))
    for problem in report.problems:
        click.echo(problem.render(project.root), err=True)
    sys.exit(1 if report.problems else 0)
