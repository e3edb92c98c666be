"""``leaflet translate export`` and ``import`` (XLIFF): wiring only.

The work is in :mod:`leaflet.translate.xliff_export` and :mod:`leaflet.translate.importing`.
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import ONLY_LEAFLET, language_code, layouts, leaflet_folders, project_of
from .output import say


@click.command("export")
@click.argument("lang", callback=language_code)
@ONLY_LEAFLET
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the XLIFF file here (one leaflet only). Default: <leaflet>-<lang>.xlf "
    "in the current folder.",
)
@click.pass_context
def export(ctx: click.Context, lang: str, leaflets: tuple[str, ...], output: Path | None) -> None:
    """Write a leaflet's texts as an XLIFF 1.2 file for a translation agency.

    One file per leaflet, to translate into LANG (like pl), which translation tools
    (Trados, memoQ, Phrase, Crowdin, Weblate, OmegaT …) open. Bold, italic, links
    and {url} are codes a translator cannot break. The texts LANG has are in it,
    marked translated, signed-off (reviewed) or needs-review-translation (the source
    text changed since). Bring the file back with `leaflet translate import`.

    Exit status: 0 when the files were written, 1 when the source texts have
    problems, 2 when the command was used wrongly.
    """
    from ..translate.files import write_all
    from ..translate.xliff_export import NEXT_STEP, export_leaflets

    project = project_of(ctx, "no XLIFF file was written.")
    folders = leaflet_folders(project, leaflets)
    if output is not None and len(folders) != 1:
        raise click.BadParameter(
            "one file is for one leaflet — choose it with --leaflet ID", param_hint="-o"
        )
    made = export_leaflets(folders, lang, layouts(project, leaflets))
    files = {(output or Path(e.file_name)): e for e in made}
    write_all({path: e.xml.encode("utf-8") for path, e in files.items()})
    for path, exported in files.items():
        say(exported.summary(path))
    say(NEXT_STEP)


@click.command("import")
@click.argument("xliff_file", metavar="FILE.xlf", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    callback=language_code,
    metavar="LANG",
    help="The language folder to import into (like pt-BR), when it is not the one the "
    "file's target-language gives: a language not in the leaflet yet gets a folder "
    "without the region (pl-PL goes into pl/) unless --lang names it.",
)
@click.pass_context
def import_(ctx: click.Context, xliff_file: Path, lang: str | None) -> None:
    """Write the translations in an XLIFF file into the words files of its language.

    Everything in the file is checked first: that every text is there and
    translated, with the codes of its source text (bold, italic, links, {url}), made
    from the source text as it is now, in characters the fonts have. Each problem is
    printed with its line in the XLIFF file and the unit's id, and then nothing is
    written. Comments and the translation: block of the words files are kept; a file
    is marked reviewed when every text in it is signed-off or final.

    Exit status: 0 when the translations were imported, 1 when the file has
    problems (nothing was written), 2 when the command was used wrongly.
    """
    from ..translate.importing import prepare_import, write_import

    project = project_of(ctx, "nothing was imported, no words file was changed.")
    plans = prepare_import(project, xliff_file, lang)
    write_import(project, plans)
    for plan in plans:
        say("\n".join(plan.report(project)))
