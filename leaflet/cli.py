"""The ``leaflet`` command line: the group, how it reports problems, and its commands.

Each command lives in a module of :mod:`leaflet.commands` and holds only wiring; this
module turns what goes wrong into messages (a user's problem: file:line and what to
do, exit 1; a bug: one line and how to report it) and gathers the commands.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .commands.build import build
from .commands.check import check
from .commands.common import EXIT_HELP, OUTCOME, fail
from .commands.doctor import doctor
from .commands.init import init
from .commands.manual import manual
from .commands.merge import merge
from .commands.new import new
from .commands.output import ConventionGroup, add_conventions
from .commands.preflight import preflight
from .commands.serve import serve
from .commands.status import status
from .commands.theme import theme
from .commands.translate import translate
from .errors import LeafletError, shown


class _Group(ConventionGroup):
    """Turns user problems into messages and everything else into one clear line.

    Every command added to it gets the conventions of :mod:`.commands.output` (``-q``,
    ``-v``); ``-h`` and ``-V`` are the group's, and ``-h`` reaches every command through
    the context settings.
    """

    def invoke(self, ctx: click.Context) -> object:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except LeafletError as exc:
            if debug:
                traceback.print_exc()
            obj = ctx.obj if isinstance(ctx.obj, dict) else {}
            fail(exc.problems, obj.get("project"), obj.get("outcome", OUTCOME))
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError as exc:
            if not _stdout_gone():
                _internal_error(exc, debug)
            _reader_gone()
        except KeyboardInterrupt:
            click.echo("leaflet: interrupted — no file in dist/ was left half-written.", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug in leaflet, not a user mistake
            _internal_error(exc, debug)
        return None


def _internal_error(exc: Exception, debug: bool) -> NoReturn:
    """A bug in leaflet: one line and how to report it (the whole trace with --debug)."""
    if debug:
        raise exc
    click.echo(
        f"leaflet: internal error ({type(exc).__name__}: {shown(str(exc))}). This is a "
        "bug in leaflet, not in your content — run again with --debug and report what "
        "it prints.",
        err=True,
    )
    sys.exit(1)


def _stdout_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it (``| head -1``), as
    against another pipe that broke (a worker's): the system flags the first as an
    error on the stream itself."""
    import select

    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        events = poll.poll(0)
    except (AttributeError, OSError, ValueError):  # no real stream (a test's), or no poll
        return False
    return any(event & (select.POLLERR | select.POLLHUP) for _, event in events)


def _reader_gone() -> None:
    """What leaflet printed went into a pipe whose reader has stopped (``leaflet status
    | head -1``): nobody is there to tell, so nothing is said, and the exit status is
    the shell's for a command stopped by a closed pipe (128 + SIGPIPE)."""
    import os

    try:  # the interpreter flushes standard output on the way out: let that go nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(141)


#: ``-h`` as well as ``--help``, for the group and (inherited) every command.
CONTEXT = {"help_option_names": ["-h", "--help"]}

MANUAL = """
The manual, a page for each reader (writing, translating, the print shop, the web
site): `leaflet manual` lists its pages, `leaflet manual writing` shows one.
"""


@click.group(cls=_Group, epilog=EXIT_HELP + MANUAL, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="leaflet")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The project folder (with leaflet-project.yaml and content/). "
    "Default: the current folder or the nearest one above it.",
)
@click.option("--debug", is_flag=True, help="Show the full trace of a problem.")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None, debug: bool) -> None:
    """Turn YAML content into print-ready folded A5 leaflets (PDF).

    A project is a folder with leaflet-project.yaml (the brand: who publishes the
    leaflets, and how they look), made by `leaflet init`. Each leaflet is a folder in
    its content/: leaflet.yaml holds its settings and its sections, and one folder per
    language holds the words. `leaflet new` starts one; `leaflet build` makes the PDFs
    in dist/.
    """
    ctx.obj = {"project_dir": project_dir, "debug": debug}


for _command in (
    init,
    new,
    build,
    serve,
    preflight,
    check,
    status,
    translate,
    theme,
    doctor,
    manual,
    merge,
):
    main.add_command(_command)
add_conventions(main)  # -q and -v on the group too: leaflet -q build
