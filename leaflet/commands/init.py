"""``leaflet init``: a new project folder, ready for ``leaflet new``."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from . import output
from .common import NOTHING_CHANGED


@click.command("init")
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, path_type=Path), metavar="[FOLDER]"
)
@click.option(
    "--name",
    metavar="TEXT",
    help="The organisation that publishes the leaflets, printed on each (you can change it "
    "later in leaflet-project.yaml).",
)
@click.option(
    "--editor",
    is_flag=True,
    help="In a project made already: write again the files that let VS Code check "
    "leaflet.yaml and the words files while you type (after installing a newer leaflet).",
)
@click.pass_context
def init(ctx: click.Context, folder: Path, name: str | None, editor: bool) -> None:
    """Start a leaflet project in FOLDER (default: this folder): leaflet-project.yaml
    with the brand (the organisation's name, later its logo, colours and fonts),
    content/ for the leaflets and brand/ for the logo and fonts.

    No templates or stylesheets are copied: the leaflets are drawn with leaflet's own
    design, which comes with each new version of leaflet. (leaflet theme copy starts
    your own version of one of its files.)

    It also writes .vscode/: with it, Visual Studio Code (and its YAML extension)
    underlines a misspelt key while you type and says what each key is for.

    In a folder with leaflets made by an older leaflet, it adds only the project file
    (and .gitignore and .vscode/ where there are none). Nothing is ever overwritten,
    except the editor's own files by --editor.

    Exit status: 0 when the project was made, 1 when it cannot be made here, 2 when the
    command was used wrongly.
    """
    from .. import system
    from ..content import newproject
    from ..content.projectfile import PLACEHOLDER_NAME

    ctx.obj.update(outcome=NOTHING_CHANGED)
    shown = click.format_filename(folder)
    if editor:
        if name is not None:
            raise click.UsageError("--name and --editor cannot be used together", ctx=ctx)
        refreshed = newproject.refresh_editor(folder.absolute())
        output.say(f"wrote {', '.join(refreshed)} in {shown}/")
        return
    made = newproject.prepare(folder.absolute(), name)
    newproject.write(made)
    listed = sorted({path.split("/")[0] + ("/" if "/" in path else "") for path in made.files})
    written = ", ".join([*listed, *(f"{part}/" for part in made.folders)])
    output.say(f"made the leaflet project {shown}/ ({written})")
    if made.name == PLACEHOLDER_NAME:
        output.say(
            f'the organisation is "{made.name}" for now: write its name after name: in '
            f"{shown}/leaflet-project.yaml (or run init with --name)"
        )
    output.say("next:")
    step = 1
    if folder != Path("."):
        output.say(f"  {step}. cd {shlex.quote(shown)}")
        step += 1
    if made.existing:
        output.say(f"  {step}. leaflet check, then leaflet build")
    else:
        output.say(f"  {step}. leaflet new ID   (a first leaflet, like: leaflet new ondt-i-knaeet)")
        output.say(f"  {step + 1}. leaflet build, then look at the PDFs in dist/")
    lacking = [library for library in system.missing() if library.required]
    if lacking:
        output.problem("note: " + system.explain(lacking))
