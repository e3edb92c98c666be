"""``leaflet status``: every leaflet's review date, how far each translation is, the room left."""

from __future__ import annotations

import sys

import click

from . import output
from .common import (
    NOTHING_CHANGED,
    ONLY_LANGUAGE,
    ONLY_LEAFLET,
    echo_json,
    layouts,
    leaflet_folders,
    project_of,
    shown_lines,
)


@click.command()
@ONLY_LEAFLET
@ONLY_LANGUAGE
@output.json_option("Print the report as JSON.")
@click.option(
    "--due",
    is_flag=True,
    help="Only the leaflets whose review date has passed or comes soon (within the "
    "days the project sets, 60 by default), as one table. Exit status 1 when a "
    "leaflet is past its review date: for a scheduled job that tells the team.",
)
@click.pass_context
def status(
    ctx: click.Context,
    leaflets: tuple[str, ...],
    languages: tuple[str, ...],
    as_json: bool,
    due: bool,
) -> None:
    """Show every leaflet's review date, then how far each translation is: a row per
    language, then what to do, by file.

    \b
    review  overdue       the review date has passed (a month, like 2026-11, is
                          due by its last day)
            due           the review date comes within 60 days (or the days set
                          as due_soon_days: under review: in leaflet-project.yaml)
    state   reviewed      every file is checked by a second reader and up to date
            draft         some file is not reviewed, or its source text changed
            to translate  texts are still to translate (a copy of the source
                          text is not a translation): each is listed at file:line
            incomplete    files or keys are missing, or a file cannot be read
            source        the language the leaflet is written in
            absent        no folder for the language asked for with --lang

    The first table lists every leaflet, what needs action first: past its review
    date, due soon, then those with a translation furthest from done.

    Beside the state: how easy the language is to read (LIX, or Flesch reading ease
    for English, German, Spanish and Russian; `leaflet check` says where it is hard).
    A translation much harder to read than its source is pointed out.

    Exit status: 0 when the report was made (even if translations are unfinished),
    1 when a leaflet.yaml cannot be read or a leaflet or language named is not there,
    or with --due when something needs action (a leaflet is past its review date),
    2 when the command was used wrongly.
    """
    from datetime import date

    from ..content.projectfile import review_settings
    from ..steps import timed
    from ..translate.catalogue import catalogue, format_catalogue, summary
    from ..translate.report import format_table
    from ..translate.states import ProjectStatus
    from ..translate.status import project_status

    project = project_of(ctx, NOTHING_CHANGED)
    leaflet_folders(project, leaflets)
    with timed("read every language's files and the last build's layout"):
        facts = layouts(project, leaflets)
        report = project_status(project, leaflets, languages, facts)
    settings, today = review_settings(project.root), date.today()
    entries = catalogue(report, settings, facts, today)
    order = {e.id: n for n, e in enumerate(entries)}
    report.leaflets.sort(key=lambda x: order.get(x.id, len(order)))
    if due:
        entries = [e for e in entries if e.needs_review]
        wanted = {e.id for e in entries}
        report = ProjectStatus([x for x in report.leaflets if x.id in wanted], report.problems)
    if as_json:
        data = {
            "today": today.isoformat(),
            "days_ahead": settings.days_ahead,
            "catalogue": [e.as_dict() for e in entries],
            **report.as_dict(project.root),
        }
        echo_json(data)
    elif due:
        if entries:
            output.say(shown_lines(format_catalogue(entries, settings, today)) + "\n")
        output.say(summary(entries, settings))
    elif report.leaflets or not report.problems:
        if entries:
            output.say(shown_lines(format_catalogue(entries, settings, today)) + "\n")
        output.say(shown_lines(format_table(report)))
        if entries:
            output.say("\n" + summary(entries, settings))
    for problem in report.problems:
        output.problem(problem.render(project.root))
    overdue = [e for e in entries if e.review is not None and e.review.state == "overdue"]
    if due and overdue and output.current().quiet:
        # -q prints problems only, and this one is why --due exits 1: say which leaflets
        output.problem(
            "leaflet status: "
            + summary(overdue, settings)
            + ": "
            + ", ".join(f"{e.id} ({e.folder})" for e in overdue)
        )
    sys.exit(1 if report.problems or (due and overdue) else 0)
