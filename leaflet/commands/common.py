"""What several commands share: finding the project, stopping with problems, options."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import Problem, shown
from ..project import Project

EXIT_HELP = """
Exit status: 0 when everything was built, 1 when there is a problem with the
content or input files (each one is printed as file:line: what is wrong — what to
do), 2 when the command itself was used wrongly, 130 when it was interrupted.
"""

#: What a command that stops says of the files it leaves.
OUTCOME = "earlier files in dist/ were left as they were."


def fail(problems: list[Problem], project: Project | None, outcome: str = OUTCOME) -> None:
    """Print every problem, then one line saying how many and what was left; exit 1."""
    root = project.root if project else None
    for problem in problems:
        click.echo(problem.render(root), err=True)
    count = len(problems)
    click.echo(
        f"leaflet: stopped — {count} problem{'s' if count != 1 else ''} to fix; {outcome}",
        err=True,
    )
    sys.exit(1)


def project_of(ctx: click.Context, outcome: str = OUTCOME) -> Project:
    """The project the command works on (``--project`` or the nearest one up from here).

    ``outcome`` is what is said of the files when a problem stops the command.
    """
    project = Project.find(ctx.obj["project_dir"])
    ctx.obj.update(project=project, outcome=outcome)
    return project


def cores() -> int:
    """The processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def shown_lines(table: str) -> str:
    """A table for the terminal, each line shown safely (see :func:`errors.shown`)."""
    return "\n".join(shown(line) for line in table.split("\n"))


def language_code(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """A click callback: every value given is a language code leaflet can use."""
    from ..translate.status import check_language_code

    codes = value if isinstance(value, tuple) else () if value is None else (value,)
    for code in codes:
        if (message := check_language_code(str(code))) is not None:
            raise click.BadParameter(message, ctx=ctx, param=param)
    return value


def leaflet_folders(project: Project, leaflets: tuple[str, ...]) -> list[Path]:
    """The folders of the leaflets named with ``--leaflet`` (all when none is named)."""
    from ..translate.status import leaflet_folders as folders

    try:
        return folders(project, leaflets)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--leaflet'") from None


def layouts(project: Project, leaflets: tuple[str, ...]) -> Any:
    """What the last build recorded of each edition's layout (the room left on its pages)."""
    from ..build.inputs import layout_facts, select

    return layout_facts(project, select(project, leaflets) or [])


ONLY_LEAFLET = click.option(
    "--leaflet",
    "leaflets",
    multiple=True,
    metavar="ID",
    help="Only this leaflet (a folder name in content/). Can be given more than once.",
)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def unwind_on_sigterm() -> None:
    """Stopped by the system (kill, a CI timeout): unwind like Ctrl-C, removing temporary
    files on the way."""
    import signal

    signal.signal(signal.SIGTERM, _stop)
