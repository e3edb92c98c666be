"""How every command speaks, decided once for all of them (as mkdocs and sqlite-utils do).

* ``-q``/``--quiet``: problems only. What a command says on the way (``built …``,
  ``note: …``, the summary of ``leaflet check``) is left out; problems and the one
  line that says the command stopped are still printed, and the exit status says
  the rest.
* ``-v``/``--verbose``: each step too, with the seconds since the command started, on
  the error stream (so that ``--json`` output stays clean). The stages report their
  steps through the ``leaflet`` logger at DEBUG level (:func:`step`); nothing is shown
  unless ``-v`` is given.
* ``--json`` (on the commands that have it): one JSON document on standard output and
  nothing else there; problems are in it, as the text output prints them.
* What the terminal can show: no escape sequences (the progress line's ``\\r\\x1b[K``)
  unless the stream is a terminal that understands them (not ``TERM=dumb``); no colour
  is used anywhere, so ``NO_COLOR`` holds by construction.
* Plurals: :func:`plural` (``1 A4 sheet``, ``2 A4 sheets``).

The options are added by the ``leaflet`` group to every command it is given
(:func:`add_conventions`), so a command added later follows them without a line of its
own; a command prints through :func:`say` and :func:`problem`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

import click

from ..errors import plural

__all__ = ["Output", "current", "plural", "problem", "say", "step"]

#: The logger the stages report their steps to (``-v`` shows them).
LOG = logging.getLogger("leaflet")


@dataclass
class Output:
    """What this run of the command line may print, and since when it runs."""

    verbosity: int = 0  # -1: problems only (-q); 0: normal; 1: each step too (-v)
    json: bool = False
    #: What the command's ``--json`` document holds besides ``ok`` and ``problems``,
    #: as it stands, for when it stops on a problem: the same keys as when it ends.
    json_so_far: dict[str, object] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    @property
    def quiet(self) -> bool:
        return self.verbosity < 0 or self.json


_KEY = "leaflet.output"


def current() -> Output:
    """The output settings of the command running now (a default one outside click)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Output()
    meta = ctx.find_root().meta
    if _KEY not in meta:
        meta[_KEY] = Output()
    output: Output = meta[_KEY]
    return output


def say(text: str, err: bool = False) -> None:
    """A line a command says on the way: left out with ``-q`` and ``--json``."""
    if not current().quiet:
        click.echo(text, err=err)


def problem(text: str) -> None:
    """A line about a problem: always printed (on the error stream), except under
    ``--json``, where the problems are in the JSON document instead."""
    if not current().json:
        click.echo(text, err=True)


def can_redraw(stream: IO[Any] | None = None) -> bool:
    """Whether ``stream`` (standard error by default) is a terminal that understands the
    escape sequences of a progress line: a tty, and a terminal type other than ``dumb``."""
    stream = stream if stream is not None else sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and os.environ.get("TERM", "") not in ("dumb", "")


def step(message: str, *args: object) -> None:
    """One step of the work, shown with ``-v`` (the stages may call LOG.debug directly)."""
    LOG.debug(message, *args)


class _StepFormatter(logging.Formatter):
    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started

    def format(self, record: logging.LogRecord) -> str:
        from ..errors import shown

        return f"{time.monotonic() - self.started:7.2f} s  {shown(record.getMessage())}"


class _Steps(logging.Handler):
    """Prints each step through click, so that tests and pipes get it like other output."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if not value:
        return
    output = current()
    output.verbosity = 1 if param.name == "verbose" else -1
    if output.verbosity > 0 and not any(isinstance(h, _Steps) for h in LOG.handlers):
        handler = _Steps(logging.DEBUG)
        handler.setFormatter(_StepFormatter(output.started))
        LOG.addHandler(handler)
        LOG.setLevel(logging.DEBUG)
        ctx.call_on_close(lambda: _stop_steps(handler))


def _stop_steps(handler: logging.Handler) -> None:
    LOG.removeHandler(handler)
    LOG.setLevel(logging.NOTSET)


def _set_json(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if value:
        current().json = True


def _verbosity_options() -> list[click.Option]:
    """``-q`` and ``-v``, made anew for each command (an option belongs to one command)."""
    return [
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_verbosity,
            help="Print problems only.",
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_verbosity,
            help="Also print each step, with its time.",
        ),
    ]


FC = TypeVar("FC", bound=Callable[..., Any])


def json_option(
    help_text: str = "Print the result as JSON (problems included).",
) -> Callable[[FC], FC]:
    """The ``--json`` flag: its value is passed to the command, and the output follows it."""
    return click.option(
        "--json", "as_json", is_flag=True, is_eager=True, callback=_json_value, help=help_text
    )


def _json_value(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    _set_json(ctx, param, value)
    return value


def add_conventions(command: click.Command) -> None:
    """Give ``command`` (and every command of a group) ``-q`` and ``-v``."""
    names = {opt for p in command.params for opt in getattr(p, "opts", ())}
    command.params.extend(o for o in _verbosity_options() if not names & set(o.opts))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_conventions(sub)


class ConventionGroup(click.Group):
    """A group whose commands, whenever they are added, follow the conventions above."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        add_conventions(cmd)
        super().add_command(cmd, name)
