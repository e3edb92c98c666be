"""Saved files → the editions they touch → a build → the open pages told.

A words file touches its own language; anything else in a leaflet's folder
(leaflet.yaml, a picture, its stylesheet) every language of that leaflet; the project's
theme files (templates/, styles/), the project file and brand/ every edition. The
builder then builds those of them whose inputs really changed (the build's own
fingerprints), in this process, with its one renderer.

watchfiles watches them in a thread of its own (inotify: no polling);
the builds run in the main thread, where the build's time limit works.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from ..content.languages import is_language_code, language_folders
from ..errors import LeafletError, Problem
from ..project import Project
from .state import Builder, Pair, State

#: watchfiles: group the events of one save (an editor may write, rename and touch),
#: waiting this long for quiet, in milliseconds; and how often it looks.
QUIET_MS = 50
MAX_WAIT_MS = 400

#: Files an editor writes beside the one it saves: they touch nothing.
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def ignored(path: Path) -> bool:
    """Editors' and the system's own files, which change no edition."""
    name = path.name
    return (
        name.startswith((".", "#"))
        or name.endswith(_IGNORED_SUFFIXES)
        or name == "4913"  # vim's test of whether it may write in the folder
        or any(part.startswith(".") for part in path.parts[-4:-1])
    )


def touched(project: Project, paths: Iterable[Path]) -> set[Pair] | None:
    """The editions ``paths`` can change; None when it is every edition of the project."""
    found: set[Pair] = set()
    content = project.content.resolve()
    for path in paths:
        path = Path(path).resolve()
        if ignored(path):
            continue
        if not path.is_relative_to(content):
            return None  # the theme, the brand: what every edition is made with
        parts = path.relative_to(content).parts
        if not parts:
            return None
        folder = content / parts[0]
        if not folder.is_dir():
            continue  # a leaflet folder that was removed: nothing left to build
        if len(parts) >= 3 and is_language_code(parts[1]) and (folder / parts[1]).is_dir():
            found.add((parts[0], parts[1]))
        else:
            found.update((parts[0], lang) for lang in language_folders(folder))
    return found


def watched(project: Project) -> list[Path]:
    """What the preview server watches: content/, the project's own theme folders, the
    brand's folder and the project file (those there when it starts)."""
    root = project.root
    candidates = [project.content, root / "templates", root / "styles", project.brand]
    found = [p for p in candidates if p.is_dir()]
    return [*found, project.file] if project.file.is_file() else found


def existing(project: Project, editions: Collection[Pair] | None) -> list[Pair]:
    """The editions (all, for None) whose leaflet and language folders are there now."""
    pairs = [
        (folder.name, lang)
        for folder in project.leaflet_dirs()
        for lang in language_folders(folder)
    ]
    return pairs if editions is None else [p for p in pairs if p in editions]


class Watcher:
    """What :func:`watched` lists, in a thread; :meth:`next` waits for the next change."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.stop = threading.Event()
        self.changes: queue.Queue[set[Path]] = queue.Queue()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, name="leaflet-watch", daemon=True)

    def start(self) -> None:
        self.thread.start()
        self.ready.wait(5)

    def _run(self) -> None:
        from watchfiles import watch

        folders = [str(p) for p in watched(self.project)]
        self.ready.set()
        for batch in watch(
            *folders,
            debounce=MAX_WAIT_MS,
            step=QUIET_MS,
            stop_event=self.stop,
            rust_timeout=0,
            raise_interrupt=False,
        ):
            self.changes.put({Path(path) for _, path in batch})

    def next(self) -> set[Path]:
        """Every path changed since the last call, waiting for at least one."""
        paths = self.changes.get()
        while True:
            try:
                paths |= self.changes.get_nowait()
            except queue.Empty:
                return paths

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)


def build_and_tell(
    builder: Builder,
    state: State,
    project: Project,
    editions: Collection[Pair] | None,
    said: Say | None = None,
) -> None:
    """Build ``editions`` (None: all), with the state saying so before and after.

    While another build (a ``leaflet build`` in a terminal) writes into dist/, this
    one waits: the terminal and the page say so, and the wait is not counted as time
    spent building.
    """
    pairs = existing(project, editions)
    state.start(pairs)
    started = time.perf_counter()
    waited = 0.0
    since: float | None = None

    def waiting() -> None:
        nonlocal since
        since = time.perf_counter()
        state.wait_for_other(True)
        if said is not None:
            clock = time.strftime("%H:%M:%S")
            said(
                f"{clock} another build is writing into dist/ (leaflet build?) — waiting for "
                "it to finish before building",
                False,
            )

    def locked() -> None:
        nonlocal since, waited
        if since is not None:
            waited += time.perf_counter() - since
            since = None
            state.wait_for_other(False)

    try:
        outcome = builder.build(pairs if editions is not None else None, waiting, locked)
        problems: list[Problem] = list(outcome.problems)
        built = sorted({(o.leaflet, o.language) for o in outcome.outputs if o.language is not None})
    except LeafletError as exc:
        problems, built = list(exc.problems), []
    state.finish(built, problems, time.perf_counter() - started - waited)
    # The pages are shown; now the contact sheets, which take longer with many languages.
    try:
        state.touch(builder.draw_sheets().problems)
    except LeafletError as exc:
        state.touch(exc.problems)


#: Where the loop says what it did: a line, and whether it is a problem.
Say = Callable[[str, bool], None]


def run(builder: Builder, state: State, project: Project, said: Say) -> None:
    """Build what is out of date, then again after every change, until interrupted."""
    watcher = Watcher(project)
    watcher.start()  # first: what is saved during the first build is not missed
    try:
        build_and_tell(builder, state, project, None, said)
        _say(said, state, project)
        while True:
            paths = watcher.next()
            editions = touched(project, paths)
            if editions is not None and not editions:
                continue
            build_and_tell(builder, state, project, editions, said)
            _say(said, state, project)
    finally:
        watcher.close()


def _say(said: Say, state: State, project: Project) -> None:
    """One line on the terminal for each build: what was built, or the problems."""
    now = state.snapshot()
    clock = time.strftime("%H:%M:%S", time.localtime(now.last_time))
    for problem in now.problems:
        said(problem.render(project.root), True)
    if now.last_what:
        what = ", ".join(f"{leaflet} {lang}" for leaflet, lang in now.last_what)
        said(f"{clock} built {what} in {now.last_seconds:.1f} s", False)
    elif not now.problems:
        said(f"{clock} everything is up to date", False)
    if now.problems:
        count = len(now.problems)
        said(
            f"{clock} {count} problem{'s' if count != 1 else ''} to fix (shown on the page too); "
            "the last good files are kept",
            False,
        )
