"""``leaflet doctor``: whether this machine and this project are ready to make leaflets."""

from __future__ import annotations

import sys

import click


@click.command("doctor")
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check that leaflet can make PDFs here: the system libraries the renderer needs,
    leaflet's own theme, and the project (if this folder is in one).

    Exit status: 0 when leaflet can make PDFs here, 1 when something is missing (it
    says what, and how to install it).
    """
    from .. import __version__, system, theme
    from ..content.projectfile import load_project
    from ..errors import LeafletError
    from ..project import PROJECT_FILE, Project

    ok = True
    click.echo(f"leaflet {__version__} ({system.describe()}, {sys.executable})")
    lacking = system.missing()
    for library in system.LIBRARIES:
        found = library not in lacking
        state = "found" if found else "MISSING" if library.required else "missing (optional)"
        click.echo(f"  {library.name}: {state}")
    required = [library for library in lacking if library.required]
    if required:
        ok = False
        click.echo(system.explain(required), err=True)
    try:
        default = theme.default_theme()
    except theme.NoDefaultTheme as exc:
        ok = False
        click.echo(f"leaflet's theme: {exc}", err=True)
    else:
        count = len(theme.Theme(default).files())
        click.echo(f"leaflet's theme: {count} files in {default}")
    try:
        project = Project.find(ctx.obj["project_dir"])
    except LeafletError:
        click.echo("project: none here (leaflet init FOLDER starts one)")
    else:
        try:
            settings = load_project(project.root)
        except LeafletError as exc:
            ok = False
            click.echo(f"project: {project.root}", err=True)
            for problem in exc.problems:
                click.echo("  " + problem.render(project.root), err=True)
        else:
            made = (
                f"{PROJECT_FILE}, file format {settings.format}, made with leaflet "
                f"{settings.made_with}"
                if settings.file is not None
                else f"no {PROJECT_FILE} yet (leaflet init . adds it)"
            )
            click.echo(f"project: {project.root} ({made})")
            click.echo(f"  brand: {settings.brand.name or 'none'}")
            overrides = project.theme.overrides()
            if overrides:
                changed = sum(o.default_changed for o in overrides)
                click.echo(
                    f"  own theme files: {len(overrides)}"
                    + (f" ({changed} whose default has changed: leaflet check)" if changed else "")
                )
    if not ok:
        sys.exit(1)
    click.echo("leaflet can make PDFs here.")
