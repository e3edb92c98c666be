"""``leaflet check``: every content file checked, no PDF made."""

from __future__ import annotations

import sys
from typing import Any

import click

from . import output
from .common import ONLY_LANGUAGE, ONLY_LEAFLET, echo_json, layouts, problems_json, project_of


@click.command(
    epilog="Exit status: 0 when every file is fine (readability warnings allowed), 1 when "
    "there are problems (each one is printed as file:line:column: what is wrong — what to "
    "do), or readability warnings with --strict, 2 when the command itself was used wrongly."
)
@ONLY_LEAFLET
@ONLY_LANGUAGE
@click.option(
    "--strict",
    is_flag=True,
    help="Treat readability warnings as problems: exit with status 1 when a section is "
    "harder to read than the target or a sentence has more than 25 words.",
)
@output.json_option("Print the problems, readability warnings and notes as JSON.")
@click.pass_context
def check(
    ctx: click.Context,
    leaflets: tuple[str, ...],
    languages: tuple[str, ...],
    strict: bool,
    as_json: bool,
) -> None:
    """Check every content file, without making any PDF, and list all problems at once.

    It checks what `leaflet build` checks before it makes anything: YAML mistakes,
    keys, kinds of values, pictures, links, the page plan and characters the fonts do
    not have, and text far too long for the pages it can have. Whether the rest fits
    exactly is known when building.

    The layout notes of the last build (a page that ends early, a big gap, and what
    to do) are shown again at the end; they stop nothing.

    It also measures how easy each section is to read (LIX, or Flesch reading ease
    for English, German, Spanish and Russian) and warns about a section harder than
    the leaflet's target (readability: target: in leaflet.yaml, default LIX 40) and
    about every sentence over 25 words, with their lines (once there are no problems).
    Warnings stop nothing, unless --strict is given.
    """
    from ..content.editions import check_project
    from ..steps import timed

    project = project_of(ctx)
    with timed("read and checked every file, measured readability"):
        result = check_project(project, leaflets, languages)
    warnings = result.warnings if not result.problems else []
    failed = bool(result.problems) or (strict and bool(warnings))
    unchecked = [
        f"leaflet check: the words files of {name} were only read, not checked, because "
        + " and ".join(
            project.relative(path).as_posix() for path in result.unchecked_because.get(name, [])
        )
        + " "
        + ("has" if len(result.unchecked_because.get(name, [])) == 1 else "have")
        + " problems — fix those and run leaflet check again"
        for name in result.words_unchecked
    ]
    if as_json:
        layout = [] if result.problems else _layout_notes(project, leaflets, languages)
        echo_json(
            {
                "ok": not failed,
                "summary": result.summary(),
                "problems": problems_json(result.problems, project.root),
                "warnings": problems_json(warnings, project.root),
                "notes": problems_json(result.notes, project.root)
                + [{"leaflet": x, "language": lang, "text": text} for x, lang, text in layout],
                "words_unchecked": result.words_unchecked,
            }
        )
        sys.exit(1 if failed else 0)
    for problem in result.problems:
        output.problem(problem.render(project.root))
    if not output.current().quiet or strict:
        for warning in warnings:
            click.echo(warning.render(project.root), err=True)
    for note in result.notes:
        output.say("note: " + note.render(project.root), err=True)
    for line in unchecked:
        output.problem(line)
    if result.problems:
        output.problem(f"leaflet check: {result.summary()} — nothing was built")
        sys.exit(1)
    output.say(result.summary())
    for _, _, text in _layout_notes(project, leaflets, languages):
        output.say(text)
    if strict and warnings:
        output.problem(
            "leaflet check: --strict counts readability warnings as problems — make the "
            "sections easier to read, or raise readability: target: in leaflet.yaml"
        )
        sys.exit(1)


def _layout_notes(
    project: Any, leaflets: tuple[str, ...], languages: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    """The layout notes the last build recorded (see leaflet/build/notes.py): leaflet,
    language and the line that says it."""
    from ..translate.status import layout_note_text

    found: list[tuple[str, str, str]] = []
    for (leaflet, lang), (facts, current) in sorted(layouts(project, leaflets).items()):
        if languages and lang not in languages:
            continue
        earlier = "" if current else ", an earlier build: build again to see them as they are now"
        found.extend(
            (
                leaflet,
                lang,
                f"layout ({leaflet} {lang}, from the last build{earlier}): "
                + layout_note_text(note),
            )
            for note in facts.get("notes") or ()
        )
    return found
