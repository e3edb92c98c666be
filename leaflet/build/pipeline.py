"""The pipeline: load → check → HTML → render → write, per leaflet and language.

Everything is read and checked before anything is written. Each output is written
to a temporary file beside its final place and moved there only when it is
complete, so a failed build leaves the last good files as they were. The manifest
(``dist/manifest.json``) lists every output with its page count and checksum.

One edition is made in memory by :mod:`.edition` (here, or in the worker processes
of :mod:`.workers`); this module reads what is stale, hands it out and lands the files.
``leaflet check`` runs the same load and check, and renders nothing
(:func:`leaflet.content.editions.check_project`).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import content
from ..content.editions import load
from ..errors import LeafletError, Problem
from ..project import Project
from ..render.pdf import Renderer
from . import inputs, workers
from .edition import DEFAULT_TIME_LIMIT_S, Made, Notice, make_edition
from .lock import dist_lock
from .manifest import Output, update_manifest, write_atomic


@dataclass
class Result:
    """What a build made and what went wrong."""

    outputs: list[Output]
    problems: list[Problem]
    notices: list[Notice] = field(default_factory=list)
    #: Editions (leaflet, language) whose files were up to date and not built again.
    up_to_date: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def build(
    project: Project,
    leaflets: Sequence[str] = (),
    languages: Sequence[str] = (),
    report: Callable[[Output | Notice], None] | None = None,
    draft_print: bool = False,
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
    waiting: Callable[[], None] | None = None,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> Result:
    """Build the selected leaflets and languages into ``dist/``.

    Content problems stop the build before anything is rendered. A problem found
    while rendering one edition does not stop the others; its old files stay.
    A translation not yet reviewed gets no print file unless ``draft_print``.
    An edition that takes longer than ``time_limit_s`` is stopped and reported.
    Only one build at a time writes into a dist/ folder; ``waiting`` is called if
    this one has to wait for another.

    An edition whose files were made from exactly the inputs it has now is not built
    again (``force`` builds it anyway). With ``jobs`` above 1 the editions are built
    by that many worker processes. ``progress(done, total, label)`` is called as
    editions start.
    """
    pairs = inputs.select(project, leaflets, languages)
    if pairs is None:  # a name that matches nothing: load says which, in its words
        editions = load(project, leaflets, languages)
        pairs = [(e.settings.folder, e.lang) for e in editions]
    result = Result([], [])
    with dist_lock(project, waiting), contextlib.ExitStack() as stack:
        todo, done, made_from = inputs.stale(project, pairs, draft_print, force)
        result.up_to_date = [(folder.name, lang) for folder, lang in done]
        pool = None
        if jobs > 1 and len(todo) > 1:
            # started first: they load while the content is read
            pool = stack.enter_context(workers.pool(project, min(jobs, len(todo))))
        # Only what is built is read and checked: files that are up to date were made
        # from exactly these inputs by this very tool, which checked them then.
        stale = _load_pairs(project, todo)
        for made in _make_all(project, stale, pool, draft_print, time_limit_s, progress):
            result.notices.extend(made.notices)
            if made.problems:
                result.problems.extend(made.problems)
                continue
            try:
                outputs = _land(project, made, made_from[(made.leaflet, made.lang)])
            except OSError as exc:  # a full disk, a folder that cannot be written to …
                result.problems.append(
                    Problem(
                        f"could not write {Path(exc.filename or '').name or 'a file'}: "
                        f"{exc.strerror or exc} — make room or fix the folder, then build "
                        "again (files already there are whole: old or new, never half)",
                        Path(exc.filename) if exc.filename else project.dist,
                    )
                )
                continue
            result.outputs.extend(outputs)
            if report is not None:
                items: list[Output | Notice] = [*outputs, *made.notices]
                for item in items:
                    report(item)
        update_manifest(project, result.outputs)
    return result


def _make_all(
    project: Project,
    editions: Sequence[content.Edition],
    pool: Any,
    draft_print: bool,
    time_limit_s: float | None,
    progress: Callable[[int, int, str], None] | None,
) -> Iterator[Made]:
    """Each edition built, by the worker ``pool`` or else in this process, as each is done."""
    if not editions:
        return
    if pool is not None:
        yield from workers.make_all(pool, editions, draft_print, time_limit_s, progress)
        return
    with Renderer(project) as renderer:
        renderer.load()  # before any edition's time limit starts: loading is not building
        for done, edition in enumerate(editions):
            if progress is not None:
                progress(done, len(editions), f"{edition.settings.id} {edition.lang}")
            yield make_edition(project, edition, renderer, draft_print, time_limit_s)


#: The files an edition can have, after its "<leaflet>-<lang>" stem.
VARIANT_SUFFIXES = ("-print.pdf", "-office.pdf", ".pdf", ".html", "-web.html")


def _land(project: Project, made: Made, key: str) -> list[Output]:
    """Write the files of one edition into dist/, each whole; what the manifest lists.

    A file the edition no longer has (the print file of a translation that went back
    to being a draft) is removed: it no longer matches the words.
    """
    out_dir = project.dist / made.leaflet / made.lang
    names = {file.name for file in made.files}
    for suffix in VARIANT_SUFFIXES:
        name = f"{made.leaflet}-{made.lang}{suffix}"
        if name not in names:
            (out_dir / name).unlink(missing_ok=True)
    outputs = []
    for file in made.files:
        write_atomic(out_dir / file.name, file.data)
        outputs.append(
            Output(
                leaflet=made.leaflet,
                language=made.lang,
                variant=file.variant,
                format=file.format,
                path=(out_dir / file.name).relative_to(project.dist).as_posix(),
                pages=file.pages,
                sha256=hashlib.sha256(file.data).hexdigest(),
                preflight=file.preflight,
                inputs=key,
                layout=file.layout,
            )
        )
    return outputs


def _load_pairs(project: Project, pairs: Sequence[inputs.Pair]) -> list[content.Edition]:
    """The editions of ``pairs``, read and checked; raise with every problem found."""
    by_leaflet: dict[str, list[str]] = {}
    for folder, lang in pairs:
        by_leaflet.setdefault(folder.name, []).append(lang)
    editions: list[content.Edition] = []
    problems: list[Problem] = []
    for leaflet, langs in by_leaflet.items():
        try:
            editions += load(project, [leaflet], langs)
        except LeafletError as exc:
            problems += exc.problems
    if problems:
        raise LeafletError(problems)
    return editions
