"""``leaflet translate export`` and ``import`` (XLIFF or PO): wiring only.

The work is in :mod:`leaflet.translate.outgoing` (with :mod:`~leaflet.translate.xliff_export`
and :mod:`~leaflet.translate.po_export`) and :mod:`leaflet.translate.importing`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import plural
from .common import ONLY_LEAFLET, language_code, layouts, leaflet_folders, project_of
from .output import problem, say

#: The exchange formats: the file's suffix for each.
FORMATS = {"xliff": ".xlf", "po": ".po"}


@click.command("export")
@click.argument("lang", callback=language_code)
@ONLY_LEAFLET
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the file here (one leaflet only). Default: <leaflet>-<lang>.xlf (or .po) "
    "in the current folder.",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="xliff (the default; for agencies' tools: Trados, memoQ, Phrase …) or po (gettext, "
    "for Weblate, Pootle, Poedit). Default: from the name given with -o, else xliff.",
)
@click.pass_context
def export(
    ctx: click.Context,
    lang: str,
    leaflets: tuple[str, ...],
    output: Path | None,
    file_format: str | None,
) -> None:
    """Write a leaflet's texts as an XLIFF 1.2 (or PO) file for a translator.

    One file per leaflet, to translate into LANG (like pl). Bold, italic, links and
    {url} are codes (placeholders in PO) a translator cannot break. The texts LANG
    has are in it as translations, marked translated, reviewed (approved) or — when
    the source text changed since — as needing work; a text still to translate (or
    only copied from the source text) has none. The project keeps a record of what
    each words file held, so that the import keeps any edit made meanwhile. Bring the
    file back with `leaflet translate import`.

    Exit status: 0 when the files were written, 1 when the source texts have
    problems, 2 when the command was used wrongly.
    """
    from ..translate.files import write_all
    from ..translate.outgoing import all_outgoing, record_file, summary
    from ..translate.po_export import po_file
    from ..translate.xliff_export import NEXT_STEP, xliff_file

    project = project_of(ctx, "no file was written.")
    folders = leaflet_folders(project, leaflets)
    if output is not None and len(folders) != 1:
        raise click.BadParameter(
            "one file is for one leaflet — choose it with --leaflet ID", param_hint="-o"
        )
    chosen = file_format or ("po" if output is not None and output.suffix == ".po" else "xliff")
    made = all_outgoing(folders, lang, layouts(project, leaflets), chosen)
    write = po_file if chosen == "po" else xliff_file
    files = {(output or Path(f"{m.leaflet}-{m.lang}{FORMATS[chosen]}")): m for m in made}
    data: dict[Path, bytes] = {path: write(m).encode("utf-8") for path, m in files.items()}
    for m in made:
        where, kept = record_file(project, m)
        data[where] = kept
    write_all(data)
    for path, m in files.items():
        say(summary(m, path))
    say(NEXT_STEP)


@click.command("import")
@click.argument("exchange_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    callback=language_code,
    metavar="LANG",
    help="The language folder to import into (like pt-BR), when it is not the one the "
    "file's target language gives: a language not in the leaflet yet gets a folder "
    "without the region (pl-PL goes into pl/) unless --lang names it.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace texts edited in the words files since the export with the file's "
    "(without it, they are kept and reported).",
)
@click.option(
    "--reviewed-by",
    metavar="NAME",
    help="Who reviewed the translation: recorded as reviewed_by: in each file the import "
    "marks reviewed (with today as reviewed_on:).",
)
@click.pass_context
def import_(
    ctx: click.Context,
    exchange_file: Path,
    lang: str | None,
    overwrite: bool,
    reviewed_by: str | None,
) -> None:
    """Write the translations in an XLIFF or PO file into the words files of its language.

    Everything in the file is checked first: made from the source text as it is now,
    with the codes of each source text (bold, italic, links, {url}), no ** or * left
    open, in characters the fonts have. Each problem is printed with its line in the
    file and the unit's id, and then nothing is written.

    A text edited in its words file since the export is not overwritten: it is
    reported at its line with both texts (exit status 1), and every other text is
    written. Comments and the translation: block of the words files are kept; a file
    is marked reviewed when every text in it is approved (signed-off or final).

    Exit status: 0 when the translations were imported, 1 when the file has
    problems (nothing was written) or texts were kept because they were edited since
    the export (the others were written), 2 when the command was used wrongly.
    """
    from ..translate.importing import Options, conflict_problems, prepare_import, write_import

    project = project_of(ctx, "nothing was imported, no words file was changed.")
    options = Options(
        overwrite=overwrite, reviewed_by=" ".join((reviewed_by or "").split()) or None
    )
    plans = prepare_import(project, exchange_file, lang, options)
    write_import(project, plans)
    for plan in plans:
        say("\n".join(plan.report(project)))
    conflicts = conflict_problems(plans)
    for found in conflicts:
        problem(found.render(project.root))
    if conflicts:
        count = len(conflicts)
        problem(
            f"leaflet: {plural(count, 'text')} kept, edited since the export — every other "
            "text was imported"
        )
        sys.exit(1)
