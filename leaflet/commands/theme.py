"""``leaflet theme``: the theme's files; a copy of one to change; what changed since."""

from __future__ import annotations

import difflib
import sys

import click

from . import output
from .common import project_of

_KEEP = "nothing was changed."


@click.group("theme")
def theme() -> None:
    """The design leaflets are drawn with: templates (HTML) and styles (CSS, fonts).

    leaflet comes with its own. A project can replace any file of it with its own at
    the same place (templates/sections/cover.html.j2 …): copy the default file out with
    leaflet theme copy and change the copy. leaflet check says when leaflet's own file
    changes in a newer version, so the copy can take the change.

    For a logo, colours and fonts, use the brand in leaflet-project.yaml instead: it
    needs no copy, and stays right when leaflet's design changes.
    """


@theme.command("list")
@click.pass_context
def list_files(ctx: click.Context) -> None:
    """Every file of the theme, and which the project has its own copy of."""
    project = project_of(ctx, _KEEP)
    own = {o.relative: o for o in project.theme.overrides()}
    for relative in project.theme.files():
        override = own.get(relative)
        if override is None:
            click.echo(relative)
        elif override.default is None:
            click.echo(f"{relative}  (the project's own file)")
        elif override.default_changed:
            click.echo(f"{relative}  (the project's copy; leaflet's default has changed since)")
        else:
            click.echo(f"{relative}  (the project's copy)")


@theme.command("copy")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.pass_context
def copy(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Copy leaflet's own file at PATH (like templates/sections/cover.html.j2) into the
    project, to change it there. Its first line says which version it was copied from;
    leave it, so leaflet check can say when leaflet's own file changes.

    An existing file is never overwritten. Delete the copy to use leaflet's own again.
    """
    from .. import __version__
    from ..errors import LeafletError, Problem
    from ..theme import ThemeFileProblem, marked_copy

    project = project_of(ctx, _KEEP)
    made: dict[str, bytes] = {}
    problems = []
    for relative in paths:
        target = project.root / relative
        try:
            data = marked_copy(relative, __version__)
        except ThemeFileProblem as exc:
            problems.append(Problem(str(exc)))
            continue
        if target.exists() or target.is_symlink():
            problems.append(
                Problem("the project has this file already — it was left as it is", target)
            )
            continue
        made[relative] = data
    if problems:
        raise LeafletError(problems)
    for relative, data in made.items():
        target = project.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        output.say(f"copied {relative} — change it there; leaflet build uses it from now on")


@theme.command("diff")
@click.argument("path", metavar="PATH")
@click.pass_context
def diff(ctx: click.Context, path: str) -> None:
    """How the project's copy of PATH differs from leaflet's own file today."""
    from ..errors import LeafletError
    from ..theme import ThemeFileProblem, default_file, without_mark

    project = project_of(ctx, _KEEP)
    try:
        default = default_file(path)
    except ThemeFileProblem as exc:
        raise LeafletError(str(exc)) from None
    own = project.root / path
    if not own.is_file():
        raise LeafletError.at("the project has no copy of this file", own)
    lines = difflib.unified_diff(
        default.read_text(encoding="utf-8").splitlines(keepends=True),
        without_mark(own.read_bytes()).decode("utf-8").splitlines(keepends=True),
        fromfile=f"leaflet's {path}",
        tofile=f"the project's {path}",
    )
    sys.stdout.writelines(lines)


@theme.command("mark")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.pass_context
def mark(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Record that the project's copy of PATH has taken what it needs from leaflet's
    own file as it is today (leaflet check stops saying that it changed)."""
    from .. import __version__
    from ..errors import LeafletError
    from ..theme import ThemeFileProblem, remarked

    project = project_of(ctx, _KEEP)
    for relative in paths:
        own = project.root / relative
        if not own.is_file():
            raise LeafletError.at("the project has no copy of this file", own)
        try:
            data = remarked(own, relative, __version__)
        except ThemeFileProblem as exc:
            raise LeafletError(str(exc)) from None
        own.write_bytes(data)
        output.say(f"marked {relative} as following leaflet {__version__}'s own file")
