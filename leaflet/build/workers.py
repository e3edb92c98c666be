"""Parallel builds: one long-lived worker process per core.

Each worker imports WeasyPrint and loads the fonts once, then builds edition after
edition with one shared font configuration (WeasyPrint's own advice: it saves time
and keeps memory flat). Workers only make files in memory; the main process writes
them, so a worker that is stopped can never leave a half-written file in dist/. They
are given the editions as soon as they start (:func:`submit`), while the main process
still reads and checks the content; what they make lands only once every check passed.

Workers write their temporary files (WeasyPrint's font copies, the print file being
preflighted) into one private folder, which the main process removes however the
build ends: a pool's workers exit without running WeasyPrint's own clean-up.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import content, system
from ..project import Project
from ..render import html
from ..render.pdf import Renderer
from .edition import Made, make_edition

_renderer: Renderer | None = None
#: Why this worker could not start (reported with its first edition).
_failed: Exception | None = None

#: A worker is replaced by a fresh one after this many editions. WeasyPrint's memory
#: grows by about 0.05 MB a render even with one shared font configuration (plain
#: WeasyPrint as much as leaflet: benchmarks/README.md); an edition is two or three
#: renders, so a worker stays within about 8 MB of where it started, for about 2 %
#: more time (a new worker loads WeasyPrint again).
EDITIONS_PER_WORKER = 50


def start_method() -> str:
    """How worker processes start: ``fork`` on Linux, where they start in milliseconds
    with the content code already loaded, else ``spawn`` (macOS: forking a process that
    has loaded system frameworks is not safe there). ``LEAFLET_START_METHOD=spawn``
    chooses spawn on Linux too (the tests run the parallel builds both ways)."""
    chosen = os.environ.get("LEAFLET_START_METHOD", "")
    if chosen in multiprocessing.get_all_start_methods():
        return chosen
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _start(root: str, temp: str) -> None:
    """Set up a worker: its own temporary folder, Ctrl-C left to the main process.

    It loads WeasyPrint and the project's fonts at once, while the main process is
    still reading and checking the content.
    """
    global _renderer, _failed
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool stops its workers with it
    tempfile.tempdir = temp
    project = Project(Path(root))
    try:
        _renderer = Renderer(project)
    except Exception as exc:
        # Raised here, the pool would start the worker again, and again, for ever: the
        # first edition it is given reports it instead.
        _failed = exc
        return
    stylesheet = html.relative_url(project.theme.file(html.STYLESHEET), project.root)
    with contextlib.suppress(Exception):  # a warm-up: real problems show in real renders
        _renderer.render(
            f'<link rel="stylesheet" href="{stylesheet}"><p>leaflet</p>',
            project.root,
            project.root,
            None,
        )


def _make(task: tuple[str, str, bool, float | None, int | None]) -> Made:
    folder, lang, draft_print, time_limit_s, source_pages = task
    if _renderer is None:
        raise _failed or RuntimeError("a worker was given an edition before it started")
    settings = content.load_settings(Path(folder))
    edition = content.load_edition(settings, lang)
    return make_edition(
        _renderer.project, edition, _renderer, draft_print, time_limit_s, source_pages
    )


@contextmanager
def pool(project: Project, jobs: int) -> Iterator[Any]:
    """``jobs`` workers for ``project``, started now; stopped and cleaned up on leaving."""
    system.require_libraries()  # here: a worker that cannot start would be started again
    temp = tempfile.mkdtemp(prefix="leaflet-")
    # WeasyPrint is not imported here, so each worker loads its own (forked or spawned).
    workers = multiprocessing.get_context(start_method()).Pool(
        jobs,
        initializer=_start,
        initargs=(str(project.root), temp),
        maxtasksperchild=EDITIONS_PER_WORKER,
    )
    try:
        yield workers
        workers.close()
        workers.join()
    finally:
        _stop(workers)
        shutil.rmtree(temp, ignore_errors=True)


#: How long a worker has to stop after SIGTERM before it is killed.
STOP_GRACE_S = 3.0


def _stop(workers: Any) -> None:
    """Stop every worker, for certain: the pool's terminate(), and SIGKILL for a worker
    still there after :data:`STOP_GRACE_S`.

    terminate() sends SIGTERM and waits for each worker. A worker forked a moment before
    has the main process's handler for SIGTERM until its start-up replaces it, and Python
    clears a signal that comes in that moment: that worker lived on, waiting for a lock
    the pool holds, and the pool waited for it for ever (a build stopped by a content
    problem just after its workers were started never ended). Killed before terminate()
    instead, a worker could die holding that lock, which terminate() then waits for; so
    the kill comes from a watcher, after terminate() has begun. Workers only make files
    in memory, and their temporary folder is removed by the caller.
    """
    from multiprocessing.connection import wait

    processes = [p for p in getattr(workers, "_pool", ()) if p.exitcode is None]

    def watch() -> None:
        sentinels = {p.sentinel: p for p in processes}
        deadline = time.monotonic() + STOP_GRACE_S
        while sentinels and time.monotonic() < deadline:
            for ended in wait(list(sentinels), timeout=deadline - time.monotonic()):
                sentinels.pop(ended)
        for process in sentinels.values():
            with contextlib.suppress(OSError, ValueError):
                process.kill()

    watcher = threading.Thread(target=watch, name="leaflet-stop-workers", daemon=True)
    watcher.start()
    workers.terminate()
    workers.join()
    watcher.join(STOP_GRACE_S + 1)


@dataclass
class Submitted:
    """Editions handed to the workers (:func:`submit`), built as soon as they are free."""

    results: Iterator[Made]
    total: int


def submit(
    workers: Any,
    editions: Sequence[tuple[Path, str]],
    draft_print: bool,
    time_limit_s: float | None,
    source_pages: Mapping[Path, int] | None = None,
) -> Submitted:
    """Hand ``editions`` (leaflet folder, language) to the ``workers`` of :func:`pool`
    now: each starts on one as soon as it has loaded WeasyPrint. What they make stays in
    memory until :func:`make_all` takes it. ``source_pages``: each leaflet's source page
    count where an earlier build made from the same inputs knows it."""
    known = source_pages or {}
    tasks = [
        (str(folder), lang, draft_print, time_limit_s, known.get(folder))
        for folder, lang in editions
    ]
    return Submitted(workers.imap_unordered(_make, tasks), len(tasks))


def make_all(
    submitted: Submitted, progress: Callable[[int, int, str], None] | None = None
) -> Iterator[Made]:
    """Each edition :func:`submit` handed out, as it is done."""
    if progress is not None:
        progress(0, submitted.total, "")
    for done, made in enumerate(submitted.results, start=1):
        if progress is not None:
            progress(done, submitted.total, f"{made.leaflet} {made.lang}")
        yield made
