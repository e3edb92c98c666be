"""``leaflet preflight``: a print shop's checks on any finished PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import shown
from . import output
from .common import echo_json, shown_lines


@click.command()
@click.argument("pdf_file", metavar="FILE.pdf", type=click.Path(path_type=Path))
@click.option(
    "--profile",
    type=click.Choice(["print", "office", "web"]),
    default="print",
    show_default=True,
    help="print: a print shop's rules for folded A5; office: A4 sheets; web: a screen PDF, "
    "and what a screen reader needs.",
)
@output.json_option("Print the report as JSON.")
def preflight(pdf_file: Path, profile: str, as_json: bool) -> None:
    """Check a finished PDF (any PDF, no project needed) and print one row per check.

    Exit status: 0 when no check failed (warnings allowed), 1 when a check failed or
    the file could not be read, 2 when the command was used wrongly.
    """
    from dataclasses import replace

    from ..preflight import PreflightError, format_table
    from ..preflight import preflight as run_preflight

    try:
        report = run_preflight(pdf_file, profile)
    except PreflightError as exc:
        if as_json:
            echo_json({"file": str(pdf_file), "ok": False, "error": str(exc)})
        else:
            output.problem(f"leaflet: {shown(str(exc))}")
        sys.exit(1)
    if as_json:
        echo_json(report.as_dict())
    elif output.current().quiet:  # -q: the checks that failed or warn, nothing else
        found = tuple(c for c in report.checks if c.status != "PASS")
        if found:
            output.problem(shown_lines(format_table(replace(report, checks=found))))
    else:
        click.echo(shown_lines(format_table(report)))
    sys.exit(0 if report.ok else 1)
