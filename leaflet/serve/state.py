"""What the server knows between builds, and the shape of the builder it is given.

The build stage is not imported here: the command line passes an object with the
shape of :class:`Builder` (``leaflet.build.session.Session``), whose files and records
have the shapes of :class:`FileEntry` and :class:`UnfitEntry` (the manifest's
entries). :class:`State` is shared by the thread that builds and the threads that
answer the browser: each finished build raises its generation, and every open page
waiting in :meth:`State.wait` hears of it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import Problem

#: An edition: (leaflet id, language).
Pair = tuple[str, str]


class FileEntry(Protocol):
    """One file in dist/, as the manifest lists it."""

    @property
    def leaflet(self) -> str: ...
    @property
    def language(self) -> str | None: ...
    @property
    def variant(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def pages(self) -> int | None: ...
    @property
    def sha256(self) -> str: ...
    @property
    def page(self) -> int | None: ...
    @property
    def inputs(self) -> str | None: ...
    @property
    def layout(self) -> Mapping[str, Any] | None:
        """Screen PDFs: how the edition was laid out ("room_lines": room left, in lines)."""
        ...


class UnfitEntry(Protocol):
    """An edition whose last build stopped because its text does not fit."""

    @property
    def leaflet(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def problem(self) -> str: ...


class Outcome(Protocol):
    """What one build did."""

    @property
    def problems(self) -> Sequence[Problem]: ...
    @property
    def outputs(self) -> Sequence[FileEntry]: ...


class Builder(Protocol):
    """A long-lived build of one project: one renderer for every build it makes."""

    def build(
        self,
        editions: Collection[Pair] | None,
        waiting: Callable[[], None] | None = None,
        locked: Callable[[], None] | None = None,
    ) -> Outcome:
        """Build what is out of date among ``editions`` (None: among all of them).

        ``waiting`` is called when another build holds dist/ and this one waits for it;
        ``locked`` each time this one has dist/ to itself and starts.
        """
        ...

    def draw_sheets(self) -> Outcome:
        """Draw the contact sheets the builds left to draw (after their pages are shown)."""
        ...

    def files(self) -> Sequence[FileEntry]:
        """Every file in dist/, from the manifest."""
        ...

    def unfit(self) -> Sequence[UnfitEntry]:
        """The editions whose text did not fit at their last build."""
        ...

    def close(self) -> None:
        """Let go of what the builds kept (the renderer's font files)."""
        ...


@dataclass
class Snapshot:
    """The server's state at one moment, for one page."""

    generation: int
    building: tuple[Pair, ...] | None  # None: not building
    problems: tuple[Problem, ...]
    last: str | None  # what the last build did: "built", "nothing"
    last_what: tuple[Pair, ...]
    last_seconds: float
    last_time: float
    #: Building, but waiting for another build (leaflet build) that writes into dist/.
    waiting: bool = False


@dataclass
class State:
    """Shared by the building thread and the threads that answer the browser."""

    generation: int = 0
    building: tuple[Pair, ...] | None = None
    waiting: bool = False
    problems: tuple[Problem, ...] = ()
    last: str | None = None
    last_what: tuple[Pair, ...] = ()
    last_seconds: float = 0.0
    last_time: float = 0.0
    closed: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def snapshot(self) -> Snapshot:
        with self._changed:
            return Snapshot(
                self.generation,
                self.building,
                self.problems,
                self.last,
                self.last_what,
                self.last_seconds,
                self.last_time,
                self.waiting,
            )

    def start(self, editions: Sequence[Pair]) -> None:
        with self._changed:
            self.building = tuple(editions)
            self.waiting = False
            self._changed.notify_all()

    def wait_for_other(self, waiting: bool) -> None:
        """The build waits for another one to let go of dist/ (True), or waits no more."""
        with self._changed:
            if self.waiting != waiting:
                self.waiting = waiting
                self._changed.notify_all()

    def finish(self, built: Sequence[Pair], problems: Sequence[Problem], seconds: float) -> None:
        with self._changed:
            self.building = None
            self.waiting = False
            self.problems = tuple(problems)
            self.last = "built" if built else "nothing"
            self.last_what = tuple(built)
            self.last_seconds = seconds
            self.last_time = time.time()
            self.generation += 1
            self._changed.notify_all()

    def touch(self, problems: Sequence[Problem] = ()) -> None:
        """Something more is ready (a contact sheet): pages should look again."""
        with self._changed:
            self.problems = (*self.problems, *problems)
            self.generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        """Wake every waiting page: the server is stopping."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait(
        self, generation: int, building: bool, timeout: float, waiting: bool = False
    ) -> Snapshot | None:
        """The state once it differs from ``generation``/``building``/``waiting``; None on
        timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self.closed:
                if (
                    self.generation != generation
                    or (self.building is not None) != building
                    or self.waiting != waiting
                ):
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._changed.wait(left)
        return self.snapshot()
