"""What several commands share: finding the project, stopping with problems, options."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import Problem, shown
from ..project import Project
from . import output

EXIT_HELP = """
Exit status: 0 when everything was built, 1 when there is a problem with the
content or input files (each one is printed as file:line: what is wrong — what to
do), 2 when the command itself was used wrongly, 130 when it was interrupted.
"""

#: What a command that stops says of the files it leaves.
OUTCOME = "earlier files in dist/ were left as they were."
#: What a command that writes nothing in dist/ (or stops before it starts) says.
NOTHING_CHANGED = "nothing was changed."


def fail(problems: list[Problem], project: Project | None, outcome: str = OUTCOME) -> None:
    """Print every problem, then one line saying how many and what was left; exit 1.

    Under ``--json`` the problems are one JSON document on standard output instead.
    """
    root = project.root if project else None
    if output.current().json:
        so_far = output.current().json_so_far
        echo_json({"ok": False, **so_far, "problems": problems_json(problems, root)})
        sys.exit(1)
    for found in problems:
        output.problem(found.render(root))
    count = output.plural(len(problems), "problem")
    output.problem(f"leaflet: stopped — {count} to fix; {outcome}")
    sys.exit(1)


def problems_json(problems: list[Problem], root: Path | None) -> list[dict[str, object]]:
    """Problems as ``--json`` gives them: where (file relative to the project, line,
    column), what, and the line the text output prints for it."""
    return [
        {
            "file": p.file(root),
            "line": p.line,
            "column": p.column,
            "message": p.message,
            "text": p.render(root),
        }
        for p in problems
    ]


def echo_json(document: object) -> None:
    """``document`` as JSON on standard output (non-ASCII as it is, indented)."""
    import json

    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def project_of(ctx: click.Context, outcome: str = OUTCOME) -> Project:
    """The project the command works on (``--project`` or the nearest one up from here).

    ``outcome`` is what is said of the files when a problem stops the command.
    """
    ctx.obj.update(outcome=NOTHING_CHANGED)  # no project found: nothing was done at all
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
    """A click callback: every value given is a language code leaflet can use, written as
    its folder is named (``en-gb`` → ``en-GB``). A value that is no language code is a
    misused command line (exit status 2); a language a leaflet lacks is a problem with the
    content, which the command reports (1)."""
    from ..content.languages import folder_name
    from ..translate.status import check_language_code

    codes = value if isinstance(value, tuple) else () if value is None else (value,)
    for code in codes:
        if (message := check_language_code(str(code))) is not None:
            raise click.BadParameter(message, ctx=ctx, param=param)
    named = tuple(folder_name(str(code)) for code in codes)
    return named if isinstance(value, tuple) else (named[0] if named else value)


def leaflet_id(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """A click callback: every value given could name a leaflet (a folder name of
    letters, digits and hyphens). Whether there is such a leaflet is the content's
    business (exit status 1, with the leaflets there are); a value that cannot be a
    name at all is a misused command line (2)."""
    from ..content.values import check_id

    names = value if isinstance(value, tuple) else () if value is None else (value,)
    for name in names:
        if (message := check_id(str(name))) is not None:
            raise click.BadParameter(
                message.replace("like laer-dine-smerter", "like laenderygsmerter"),
                ctx=ctx,
                param=param,
            )
    return value


def leaflet_folders(project: Project, leaflets: tuple[str, ...]) -> list[Path]:
    """The folders of the leaflets named with ``--leaflet`` (all when none is named).

    A name with no leaflet is a problem with the content (exit status 1), as in every
    command: the message lists the leaflets there are.
    """
    from ..errors import LeafletError
    from ..translate.status import leaflet_folders as folders

    try:
        return folders(project, leaflets)
    except ValueError as exc:
        raise LeafletError.at(str(exc), project.content) from None


def layouts(project: Project, leaflets: tuple[str, ...]) -> Any:
    """What the last build recorded of each edition's layout (the room left on its pages)."""
    from ..build.inputs import layout_facts, select

    return layout_facts(project, select(project, leaflets) or [])


ONLY_LEAFLET = click.option(
    "--leaflet",
    "leaflets",
    multiple=True,
    metavar="ID",
    callback=leaflet_id,
    help="Only this leaflet (a folder name in content/). Can be given more than once.",
)

ONLY_LANGUAGE = click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    callback=language_code,
    help="Only this language (a folder name such as da or en-GB). Can be given more than once.",
)


def unwind_on_sigterm() -> None:
    """Stopped by the system (kill, a CI timeout) or Ctrl-C: unwind, removing temporary
    files on the way, and never go on to the end (see :mod:`leaflet.stopping`)."""
    from .. import stopping

    stopping.install()
