"""Steps of the work, for ``-v``: what each stage did and how long it took.

The stages report through the ``leaflet`` logger at DEBUG level, which shows nothing
unless the command line is given ``-v`` (see :mod:`leaflet.commands.output`). An
edition built in a worker process times its steps in a :class:`Steps` and hands them
back with its files, so the main process can report them as its own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

LOG = logging.getLogger("leaflet")


@contextmanager
def timed(what: str) -> Iterator[None]:
    """Log ``what`` took so long, once the block is done (when it ends without error)."""
    start = time.monotonic()
    yield
    LOG.debug("%s (%.2f s)", what, time.monotonic() - start)


class Steps:
    """The steps of one piece of work and their seconds, in order."""

    def __init__(self) -> None:
        self.done: list[tuple[str, float]] = []

    @contextmanager
    def __call__(self, what: str) -> Iterator[None]:
        start = time.monotonic()
        yield
        self.done.append((what, time.monotonic() - start))

    def said(self) -> str:
        """``laid out 0.84 s, screen PDF 0.21 s, …``"""
        return ", ".join(f"{what} {seconds:.2f} s" for what, seconds in self.done)
