"""``leaflet preflight``: a print shop's checks on any finished PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import shown
from .common import shown_lines


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
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def preflight(pdf_file: Path, profile: str, as_json: bool) -> None:
    """Check a finished PDF (any PDF, no project needed) and print one row per check.

    Exit status: 0 when no check failed (warnings allowed), 1 when a check failed or
    the file could not be read, 2 when the command was used wrongly.
    """
    import json

    from ..preflight import PreflightError, format_table
    from ..preflight import preflight as run_preflight

    try:
        report = run_preflight(pdf_file, profile)
    except PreflightError as exc:
        click.echo(f"leaflet: {shown(str(exc))}", err=True)
        sys.exit(1)
    click.echo(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
        if as_json
        else shown_lines(format_table(report))
    )
    sys.exit(0 if report.ok else 1)
