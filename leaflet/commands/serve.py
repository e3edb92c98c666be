"""``leaflet serve``: the pages in a browser, built again as files are saved."""

from __future__ import annotations

import sys

import click

from . import output
from .common import project_of, unwind_on_sigterm


@click.command(epilog="Exit status: 0 when stopped with Ctrl-C, 1 when no port is free.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, help="The port; 0: any.")
@click.option(
    "--open/--no-open",
    "open_browser",
    default=None,
    help="Open it in a browser. Default: yes when run in a terminal.",
)
@click.pass_context
def serve(ctx: click.Context, port: int, open_browser: bool | None) -> None:
    """Show the leaflets in a web browser (http://127.0.0.1:8000/, this computer only)
    and build again what each saved file touches; open pages update by themselves, a
    problem is shown on the page and the last good pages stay. Stop with Ctrl-C."""
    from ..build.session import Session
    from ..serve.app import serve as run_server

    project = project_of(ctx)
    unwind_on_sigterm()
    opening = sys.stdout.isatty() if open_browser is None else open_browser
    run_server(
        project,
        Session(project),
        port,
        lambda line, err: output.problem(line) if err else output.say(line),
        opening,
        announce=click.echo,  # the address, even with -q: serve is no use without it
    )
