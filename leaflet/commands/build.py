"""``leaflet build``: every leaflet and language into dist/, only what changed."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..errors import Problem, shown
from ..project import Project
from . import output
from .common import (
    EXIT_HELP,
    ONLY_LANGUAGE,
    ONLY_LEAFLET,
    cores,
    echo_json,
    fail,
    problems_json,
    project_of,
    unwind_on_sigterm,
)
from .options import Seconds, ShardOption

if TYPE_CHECKING:
    from ..build.shards import Shard


def _say_up_to_date(count: int) -> None:
    output.say(
        f"{output.plural(count, 'leaflet language')} {'was' if count == 1 else 'were'} up to "
        "date and not built again (leaflet build --force builds everything)"
    )


def built_words(variant: str, pages: int | None) -> str:
    """What a built PDF is, as ``built …`` says it: ``8 pages for the print shop``."""
    count = pages or 0
    return {
        "print": f"{output.plural(count, 'page')} for the print shop",
        "office": f"{output.plural(count // 2, 'A4 sheet')}, both sides, for an office printer",
        "screen": f"{output.plural(count, 'page')} for screens",
    }.get(variant, output.plural(count, "page"))


def _share(
    project: Project, leaflets: tuple[str, ...], languages: tuple[str, ...], shard: Shard
) -> tuple[str, ...] | None:
    """The leaflets that fall to ``shard``, said in one line (for the CI job's log); None
    when a name matches nothing (the build says which)."""
    from ..build.inputs import select
    from ..build.shards import share

    pairs = select(project, leaflets, languages)
    if pairs is None:
        return None
    mine = tuple(share(pairs, shard))
    editions = sum(folder.name in mine for folder, _ in pairs)
    total = len({folder for folder, _ in pairs})
    output.say(
        f"shard {shard}: {len(mine)} of {total} leaflets, {editions} of {len(pairs)} leaflet "
        "languages" + ("" if mine else " — nothing to build here (more shards than leaflets)")
    )
    return mine


def _overdue(
    project: Project, leaflets: tuple[str, ...], languages: tuple[str, ...]
) -> list[Problem]:
    """A warning for each leaflet built (or up to date) that is past its review date, and
    (building every leaflet) for each folder in content/ with words but no leaflet.yaml:
    printed after the build, or under ``--json`` listed in its ``warnings``."""
    from ..build.inputs import select
    from ..content import review
    from ..content.catalogue import not_leaflets
    from ..content.projectfile import review_settings

    pairs = select(project, leaflets, languages) or []
    folders = list(dict.fromkeys(folder for folder, _ in pairs))
    warnings = review.overdue_warnings(folders, review_settings(project.root))
    if not leaflets:
        warnings += not_leaflets(project)
    for warning in warnings:
        output.problem("warning: " + warning.render(project.root))
    return warnings


#: What ``--json`` says when there is nothing to warn of and no problem.
_NONE: dict[str, list[object]] = {"warnings": [], "problems": []}


class _Progress:
    """One line on the terminal: a bar, how many of how many, and the leaflet at hand."""

    WIDTH = 24

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int, label: str) -> None:
        filled = self.WIDTH * done // max(total, 1)
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        click.echo(f"\r\x1b[K{bar} {done}/{total} {shown(label)}", nl=False, err=True)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False, err=True)
            self.shown = False


@click.command(epilog=EXIT_HELP)
@ONLY_LEAFLET
@ONLY_LANGUAGE
@click.option(
    "--draft-print",
    is_flag=True,
    help="Also make print files of translations not yet reviewed (with DRAFT on every "
    "page), for a proof. Without it, a draft gets no print file.",
)
@click.option(
    "--time-limit",
    "time_limit",
    type=Seconds(),
    default=120,
    show_default=True,
    metavar="SECONDS",
    help="Stop a leaflet's language that takes longer than this to build (normally it "
    "takes a few seconds) and report it; its earlier files stay. A number of seconds "
    "above 0, at most 86400 (a day).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Build N leaflet languages at a time, each in a process of its own. "
    "Default: one per processor core.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Build everything again, also the files that are up to date.",
)
@click.option(
    "--shard",
    type=ShardOption(),
    metavar="K/N",
    help="Build only the K-th of N shares of the leaflets, for a CI system that runs N "
    "jobs at once; `leaflet merge` joins their dist/ folders. Each leaflet is built "
    "whole, with all its languages (so not with --lang); the shares are balanced by "
    "leaflet languages and are the same on every machine.",
)
@output.json_option("Print what was built and every problem as JSON, instead of lines of text.")
@click.pass_context
def build(
    ctx: click.Context,
    leaflets: tuple[str, ...],
    languages: tuple[str, ...],
    draft_print: bool,
    time_limit: float,
    jobs: int | None,
    force: bool,
    shard: Shard | None,
    as_json: bool,
) -> None:
    """Build the leaflets into dist/<leaflet>/<language>/, for each language:

    \b
      <leaflet>-<lang>-print.pdf   for the print shop: PDF/X-4, CMYK, 3 mm bleed,
                                   crop marks; checked with preflight first
      <leaflet>-<lang>-office.pdf  for an office printer: A4 sheets, print on both
                                   sides, "flip on short edge", fold in the middle
      <leaflet>-<lang>.pdf         for screens and the web site: PDF/UA-1 (and .html)
      <leaflet>-<lang>-web.html    the web page: the same words, one accessible file

    Everything is checked before anything is written. If a problem is found, it is printed
    with its file and line, and the files already in dist/ stay as they were. Files made
    from exactly the content, templates and styles they have now are not made again.
    """
    if shard is not None and languages:
        # a merge replaces each of a shard's leaflets whole: the languages left out
        # would be taken out of the merged dist/
        raise click.UsageError(
            "--lang cannot be used with --shard: a shard builds every language of its "
            "leaflets, so that `leaflet merge` can put each leaflet in whole",
            ctx=ctx,
        )
    project = project_of(ctx)
    notes: list[dict[str, object]] = []
    # stopped on a problem, --json still has every key (the notes said until then)
    output.current().json_so_far = {"built": [], "up_to_date": 0, "notes": notes, "warnings": []}

    def report(item: object) -> None:
        from ..build.edition import Notice
        from ..build.manifest import Output

        if isinstance(item, Notice):
            note = Problem(item.message, item.path, item.line)
            notes.extend(problems_json([note], project.root))
            output.say("note: " + note.render(project.root))
            return
        assert isinstance(item, Output)
        if item.format != "pdf":
            return
        checked = {"pass": ", preflight passed", "warn": ", preflight passed with warnings"}
        output.say(
            f"built {built_words(item.variant, item.pages)}"
            f"{checked.get(item.preflight or '', '')}  dist/{item.path}"
        )

    def waiting() -> None:
        output.say("leaflet: another build is writing into dist/ — waiting for it to finish")

    unwind_on_sigterm()
    from ..build import shards
    from ..build.quick import nothing_to_do

    shards.unmark(project)  # a shard's dist/ is marked once it is whole
    mine = _share(project, leaflets, languages, shard) if shard is not None else None
    if shard is not None and mine is not None:
        leaflets = mine
        if not mine:
            shards.mark(project, shard, mine)
            if as_json:
                echo_json({"ok": True, "built": [], "up_to_date": 0, "notes": [], **_NONE})
            return

    done = None if force else nothing_to_do(project, leaflets, languages, draft_print, waiting)
    if done is not None:
        warnings = _overdue(project, leaflets, languages)
        if as_json:
            echo_json(
                {
                    "ok": True,
                    "built": [],
                    "up_to_date": done,
                    "notes": [],
                    "warnings": problems_json(warnings, project.root),
                    "problems": [],
                }
            )
        _say_up_to_date(done)
        if shard is not None:
            shards.mark(project, shard, leaflets)
        return
    from ..build.pipeline import build as run_build

    bar = _Progress() if output.can_redraw() and not output.current().quiet else None

    def reported(item: object) -> None:
        if bar is not None:
            bar.clear()
        report(item)

    result = run_build(
        project,
        leaflets,
        languages,
        report=reported,
        draft_print=draft_print,
        time_limit_s=time_limit,
        waiting=waiting,
        jobs=jobs or cores(),
        force=force,
        progress=bar,
    )
    if bar is not None:
        bar.clear()
    if not as_json and result.up_to_date:
        _say_up_to_date(len(result.up_to_date))
    warnings = _overdue(project, leaflets, languages)
    if as_json:
        echo_json(
            {
                "ok": result.ok,
                "built": [
                    {
                        "file": f"dist/{o.path}",
                        "leaflet": o.leaflet,
                        "language": o.language,
                        "variant": o.variant,
                        "format": o.format,
                        "pages": o.pages,
                        "preflight": o.preflight,
                    }
                    for o in result.outputs
                ],
                "up_to_date": len(result.up_to_date),
                "notes": notes,
                "warnings": problems_json(warnings, project.root),
                "problems": problems_json(result.problems, project.root),
            }
        )
        if result.ok and shard is not None:
            shards.mark(project, shard, leaflets)
        sys.exit(0 if result.ok else 1)
    if not result.ok:
        fail(result.problems, project)
    if shard is not None:
        shards.mark(project, shard, leaflets)
