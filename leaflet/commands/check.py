"""``leaflet check``: every content file checked, no PDF made."""

from __future__ import annotations

import sys
from typing import Any

import click

from .common import layouts, project_of


@click.command(
    epilog="Exit status: 0 when every file is fine (readability warnings allowed), 1 when "
    "there are problems (each one is printed as file:line:column: what is wrong — what to "
    "do), or readability warnings with --strict, 2 when the command itself was used wrongly."
)
@click.option(
    "--leaflet",
    "leaflets",
    multiple=True,
    metavar="ID",
    help="Check only this leaflet (a folder name in content/). Can be given more than once.",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Check only this language (a folder name such as da). Can be given more than once.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat readability warnings as problems: exit with status 1 when a section is "
    "harder to read than the target or a sentence has more than 25 words.",
)
@click.pass_context
def check(
    ctx: click.Context, leaflets: tuple[str, ...], languages: tuple[str, ...], strict: bool
) -> None:
    """Check every content file, without making any PDF, and list all problems at once.

    It checks what `leaflet build` checks before it makes anything: YAML mistakes,
    keys, kinds of values, pictures, links, the page plan and characters the fonts do
    not have. Whether the text fits on its pages is only known when building.

    The layout notes of the last build (a page that ends early, a big gap, and what
    to do) are shown again at the end; they stop nothing.

    It also measures how easy each section is to read (LIX, or Flesch reading ease
    for English, German, Spanish and Russian) and warns about a section harder than
    the leaflet's target (readability: target: in leaflet.yaml, default LIX 40) and
    about every sentence over 25 words, with their lines (once there are no problems).
    Warnings stop nothing, unless --strict is given.
    """
    from ..content.editions import check_project

    project = project_of(ctx)
    result = check_project(project, leaflets, languages)
    for problem in result.problems:
        click.echo(problem.render(project.root), err=True)
    for warning in result.warnings if not result.problems else []:
        click.echo(warning.render(project.root), err=True)
    for note in result.notes:
        click.echo("note: " + note.render(project.root), err=True)
    if result.words_unchecked:
        click.echo(
            "leaflet check: the words files of "
            + ", ".join(result.words_unchecked)
            + " were only read, not checked, because its leaflet.yaml has problems — fix "
            "those and run leaflet check again",
            err=True,
        )
    if result.problems:
        click.echo(f"leaflet check: {result.summary()} — nothing was built", err=True)
        sys.exit(1)
    click.echo(result.summary())
    _layout_notes(project, leaflets, languages)
    if strict and result.warnings:
        click.echo(
            "leaflet check: --strict counts readability warnings as problems — make the "
            "sections easier to read, or raise readability: target: in leaflet.yaml",
            err=True,
        )
        sys.exit(1)


def _layout_notes(project: Any, leaflets: tuple[str, ...], languages: tuple[str, ...]) -> None:
    """The layout notes the last build recorded (see leaflet/build/notes.py)."""
    from ..translate.status import layout_note_text

    for (leaflet, lang), (facts, current) in sorted(layouts(project, leaflets).items()):
        if languages and lang not in languages:
            continue
        earlier = "" if current else ", an earlier build: build again to see them as they are now"
        for note in facts.get("notes") or ():
            click.echo(
                f"layout ({leaflet} {lang}, from the last build{earlier}): "
                + layout_note_text(note)
            )
