"""Parallel builds: one long-lived worker process per core.

Each worker imports WeasyPrint and loads the fonts once, then builds edition after
edition with one shared font configuration (WeasyPrint's own advice: it saves time
and keeps memory flat). Workers only make files in memory; the main process writes
them, so a worker that is stopped can never leave a half-written file in dist/.

Workers write their temporary files (WeasyPrint's font copies, the print file being
preflighted) into one private folder, which the main process removes however the
build ends: a pool's workers exit without running WeasyPrint's own clean-up.
"""

from __future__ import annotations

import multiprocessing
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from . import content
from .build import Made, make_edition
from .pdf import Renderer
from .project import Project

_renderer: Renderer | None = None


def _start(root: str, temp: str) -> None:
    """Set up a worker: its own temporary folder, Ctrl-C left to the main process."""
    global _renderer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tempfile.tempdir = temp
    _renderer = Renderer(Project(Path(root)))
    import weasyprint  # noqa: F401  (once per worker, before the first edition)


def _make(task: tuple[str, str, bool, float | None]) -> Made:
    folder, lang, draft_print, time_limit_s = task
    assert _renderer is not None
    settings = content.load_settings(Path(folder))
    edition = content.load_edition(settings, lang)
    return make_edition(_renderer.project, edition, _renderer, draft_print, time_limit_s)


def make_all(
    project: Project,
    editions: Sequence[content.Edition],
    jobs: int,
    draft_print: bool,
    time_limit_s: float | None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Iterator[Made]:
    """Build ``editions`` with ``jobs`` workers; yield each as it is done."""
    temp = tempfile.mkdtemp(prefix="leaflet-")
    tasks = [(str(e.settings.folder), e.lang, draft_print, time_limit_s) for e in editions]
    # fork: the workers start in milliseconds with the loaded content code; WeasyPrint
    # is not imported here, so each worker loads its own fonts.
    pool = multiprocessing.get_context("fork").Pool(
        jobs, initializer=_start, initargs=(str(project.root), temp)
    )
    try:
        if progress is not None:
            progress(0, len(tasks), "")
        for done, made in enumerate(pool.imap_unordered(_make, tasks), start=1):
            if progress is not None:
                progress(done, len(tasks), f"{made.leaflet} {made.lang}")
            yield made
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        pool.join()
        shutil.rmtree(temp, ignore_errors=True)
