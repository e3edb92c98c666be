"""The pipeline: load → check → HTML → render → write, per leaflet and language.

Everything is read and checked before anything is written. Each output is written
to a temporary file beside its final place and moved there only when it is
complete, so a failed build leaves the last good files as they were. The manifest
(``dist/manifest.json``) lists every output with its page count and checksum, and
is true at every moment (see :mod:`.manifest` for the order that keeps it so).

One edition is made in memory by :mod:`.edition` (here, or in the worker processes
of :mod:`.workers`); this module reads what is stale, hands it out and lands the files.
``leaflet check`` runs the same load and check, and renders nothing
(:func:`leaflet.content.editions.check_project`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import content, stopping
from ..content.editions import load
from ..content.languages import folder_problems
from ..errors import LeafletError, Problem
from ..prepress import preview
from ..project import Project
from ..render.pdf import Renderer
from ..steps import LOG, timed
from . import inputs, workers
from .edition import DEFAULT_TIME_LIMIT_S, PREVIEW_FOLDER, Made, Notice, make_edition
from .lock import dist_lock
from .manifest import (
    DoesNotFit,
    Manifest,
    Output,
    commit_all,
    discard,
    heal,
    stage,
    write_problem,
)
from .sheets import draw_sheets
from .temp import build_temp


@dataclass
class Result:
    """What a build made and what went wrong."""

    outputs: list[Output]
    problems: list[Problem]
    notices: list[Notice] = field(default_factory=list)
    #: Editions (leaflet, language) whose files were up to date and not built again.
    up_to_date: list[tuple[str, str]] = field(default_factory=list)
    #: Leaflets whose contact sheet is still to be drawn (see :func:`redraw_sheets`).
    sheets_due: set[str] = field(default_factory=set)

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
    renderer: Renderer | None = None,
    contact_sheets: bool = True,
    locked: Callable[[], None] | None = None,
) -> Result:
    """Build the selected leaflets and languages into ``dist/``.

    Content problems stop the build before anything is rendered. A problem found
    while rendering one edition does not stop the others; its old files stay.
    A translation not yet reviewed gets no print file unless ``draft_print``.
    An edition that takes longer than ``time_limit_s`` is stopped and reported.
    Only one build at a time writes into a dist/ folder; ``waiting`` is called if
    this one has to wait for another, ``locked`` once it has the folder to itself.

    An edition whose files were made from exactly the inputs it has now is not built
    again (``force`` builds it anyway). With ``jobs`` above 1 the editions are built
    by that many worker processes. ``progress(done, total, label)`` is called as
    editions start.
    """
    pairs = inputs.select(project, leaflets, languages)
    if pairs is None:  # a name that matches nothing: load says which, in its words
        editions = load(project, leaflets, languages)
        pairs = [(e.settings.folder, e.lang) for e in editions]
    # Folders that look like languages and are not, or lead out of the project: said
    # even when every language there is up to date (nothing else would read them).
    misnamed = [p for folder in dict.fromkeys(f for f, _ in pairs) for p in folder_problems(folder)]
    if misnamed:
        raise LeafletError(misnamed)
    result = Result([], [])
    with dist_lock(project, waiting), contextlib.ExitStack() as stack:
        if locked is not None:
            locked()
        try:
            manifest = heal(project)  # what a stopped build left is removed first
        except OSError as exc:
            result.problems.append(write_problem(exc, project))
            return result
        if renderer is None:
            # Every temporary file of this build in one folder of its own, removed at the
            # end (and by the next build, if this one is killed). A renderer handed in
            # lives longer than the build (leaflet serve): its font copies stay its own.
            stack.enter_context(build_temp(project))
        with timed("found what is out of date"):
            todo, done, made_from = inputs.stale(project, pairs, draft_print, force)
        result.up_to_date = [(folder.name, lang) for folder, lang in done]
        todo = _source_first(todo)
        source_pages = _source_pages(project, manifest, todo, made_from, draft_print)
        submitted = None
        if jobs > 1 and len(todo) > 1:
            pool = stack.enter_context(workers.pool(project, min(jobs, len(todo))))
            # Handed out at once: the workers load WeasyPrint and make the first
            # editions, in memory, while this process reads and checks the content.
            # Nothing lands before every check has passed; a problem stops the workers
            # and drops what they made.
            submitted = workers.submit(pool, todo, draft_print, time_limit_s, source_pages)
        # Only what is built is read and checked: files that are up to date were made
        # from exactly these inputs by this very tool, which checked them then.
        count = f"{len(todo)} leaflet language{'' if len(todo) == 1 else 's'}"
        with timed(f"read and checked the content of {count}"):
            checked = _load_pairs(project, todo)
        # The workers read each edition again; this process keeps only which, so that
        # its memory does not grow with the catalogue.
        stale: Sequence[content.Edition] = checked if submitted is None else ()
        del checked
        tried: list[tuple[str, str]] = []
        unfit: list[DoesNotFit] = []
        # A leaflet's contact sheet is drawn as soon as its last language is in, while
        # the workers build the others (a catalogue's sheets are not left to the end).
        remaining = Counter(folder.name for folder, _ in todo)
        try:
            for made in _make_all(
                project,
                stale,
                submitted,
                draft_print,
                time_limit_s,
                progress,
                renderer,
                source_pages,
            ):
                stopping.check()  # a Ctrl-C lost inside the renderer stops here, before landing
                tried.append((made.leaflet, made.lang))
                LOG.debug(
                    "%s %s: %s%s",
                    made.leaflet,
                    made.lang,
                    ", ".join(f"{what} {seconds:.2f} s" for what, seconds in made.steps),
                    " — stopped" if made.problems else "",
                )
                key = made_from[(made.leaflet, made.lang)]
                _receive(project, made, key, manifest, result, unfit, report)
                remaining[made.leaflet] -= 1
                if contact_sheets and not remaining[made.leaflet]:
                    mine = [pair for pair in tried if pair[0] == made.leaflet]
                    _settle(project, manifest, result, mine, unfit)
                    result.sheets_due = {made.leaflet}
                    _draw_sheets(project, result, manifest)
            stopping.check()
            # A language whose words are back to those its files were made from fits again.
            fit_again = [pair for pair in result.up_to_date if pair in manifest.unfit]
            _settle(project, manifest, result, [*tried, *fit_again], unfit)
            # every language's row, with the last good pages of those that failed
            drawn = set() if not contact_sheets else {leaflet for leaflet, _ in tried}
            result.sheets_due = {leaflet for leaflet, _ in [*tried, *fit_again]} - drawn
            stopping.check()
            if contact_sheets:
                with timed("contact sheets"):
                    _draw_sheets(project, result, manifest)
        finally:
            with contextlib.suppress(OSError):  # what was landed is listed
                manifest.flush()
    stopping.check()  # stopped while the sheets were drawn: say so (exit status 130)
    return result


def _receive(
    project: Project,
    made: Made,
    key: str,
    manifest: Manifest,
    result: Result,
    unfit: list[DoesNotFit],
    report: Callable[[Output | Notice], None] | None,
) -> None:
    """One edition made: its files landed and reported, or its problems kept."""
    result.notices.extend(made.notices)
    if made.problems:
        result.problems.extend(made.problems)
        if made.does_not_fit:
            unfit.append(_unfit(project, made, key))
        return
    try:
        outputs = _land(project, made, key, manifest)
    except OSError as exc:  # a full disk, a folder that cannot be written to …
        result.problems.append(write_problem(exc, project))
        return
    result.outputs.extend(outputs)
    if report is not None:
        items: list[Output | Notice] = [*outputs, *made.notices]
        for item in items:
            report(item)


def _settle(
    project: Project,
    manifest: Manifest,
    result: Result,
    tried: Sequence[tuple[str, str]],
    unfit: Sequence[DoesNotFit],
) -> None:
    """The records of not fitting of the editions ``tried``, as this build found them."""
    editions = set(tried)
    found = [d for d in unfit if (d.leaflet, d.language) in editions]
    try:
        manifest.settle(tried, found)
    except OSError as exc:
        result.problems.append(write_problem(exc, project))


def redraw_sheets(project: Project, result: Result) -> None:
    """Draw the contact sheets a build made with ``contact_sheets=False`` left to draw."""
    if result.sheets_due:
        with dist_lock(project):
            manifest = Manifest.load(project)
            try:
                _draw_sheets(project, result, manifest)
            finally:
                with contextlib.suppress(OSError):
                    manifest.flush()


def _draw_sheets(project: Project, result: Result, manifest: Manifest) -> None:
    """The contact sheets due, each written and listed in the order that keeps the
    manifest true (see :mod:`.manifest`)."""
    try:
        sheets = draw_sheets(project, result.sheets_due, manifest)
    except OSError as exc:
        result.problems.append(write_problem(exc, project))
    else:
        result.outputs.extend(sheets)
    result.sheets_due = set()


def _unfit(project: Project, made: Made, key: str) -> DoesNotFit:
    problem = "\n".join(p.render(project.root) for p in made.problems)
    return DoesNotFit(made.leaflet, made.lang, key, problem)


def _make_all(
    project: Project,
    editions: Sequence[content.Edition],
    submitted: workers.Submitted | None,
    draft_print: bool,
    time_limit_s: float | None,
    progress: Callable[[int, int, str], None] | None,
    renderer: Renderer | None = None,
    source_pages: Mapping[Path, int] | None = None,
) -> Iterator[Made]:
    """Each edition built, by the workers it was ``submitted`` to or else in this
    process, as each is done."""
    known = source_pages or {}
    if submitted is not None:
        yield from workers.make_all(submitted, progress)
        return
    if not editions:
        return
    with contextlib.ExitStack() as stack:
        if renderer is None:
            renderer = stack.enter_context(Renderer(project))
        with timed("loaded the renderer"):
            renderer.load()  # before any edition's time limit starts: loading is not building
        for done, edition in enumerate(editions):
            stopping.check()
            if progress is not None:
                progress(done, len(editions), f"{edition.settings.id} {edition.lang}")
            pages = known.get(edition.settings.folder)
            yield make_edition(project, edition, renderer, draft_print, time_limit_s, pages)


def _source_pages(
    project: Project,
    manifest: Manifest,
    todo: Sequence[inputs.Pair],
    made_from: Mapping[tuple[str, str], str],
    draft_print: bool,
) -> dict[Path, int]:
    """Each leaflet's source page count, where the manifest lists the source language's
    screen PDF as made from exactly the inputs it has now: the same inputs lay out the
    same pages, so its translations need not lay the source out again to learn it."""
    sources = {f: inputs.source_language(f) for f in dict.fromkeys(f for f, _ in todo)}
    wanted = [(f, lang) for f, lang in sources.items() if lang is not None and (f / lang).is_dir()]
    missing = [(f, lang) for f, lang in wanted if (f.name, lang) not in made_from]
    keys = {**made_from, **(inputs.edition_keys(project, missing, draft_print) if missing else {})}
    screens = {
        (o.leaflet, o.language): o
        for o in manifest.entries.values()
        if o.variant == "screen" and o.format == "pdf"
    }
    found = {}
    for folder, lang in wanted:
        entry = screens.get((folder.name, lang))
        if entry is not None and entry.pages and entry.inputs == keys.get((folder.name, lang)):
            found[folder] = entry.pages
    return found


def _source_first(pairs: Sequence[inputs.Pair]) -> list[inputs.Pair]:
    """``pairs`` by leaflet, each leaflet's source language first (its layout chooses the
    page count its translations are held to), then in the order given."""
    leaflets = {folder: n for n, folder in enumerate(dict.fromkeys(f for f, _ in pairs))}
    sources = {folder: inputs.source_language(folder) for folder in leaflets}
    return sorted(pairs, key=lambda pair: (leaflets[pair[0]], pair[1] != sources[pair[0]]))


#: The files an edition can have, after its "<leaflet>-<lang>" stem.
VARIANT_SUFFIXES = ("-print.pdf", "-office.pdf", ".pdf", ".html", "-web.html")


def _land(project: Project, made: Made, key: str, manifest: Manifest) -> list[Output]:
    """Write the files of one edition into dist/, each whole; what the manifest lists.

    Every file is written out before any is replaced, so a full disk changes nothing;
    the manifest forgets the edition while its files are replaced and lists them again
    once all are there (see :mod:`.manifest`): stopped anywhere, it lists no file
    wrongly. A file the edition no longer has (the print file of a translation that
    went back to being a draft, the preview of a page it lost) is removed: it no longer
    matches the words.
    """
    out_dir = project.dist / made.leaflet / made.lang
    names = {file.name for file in made.files}
    stem = f"{made.leaflet}-{made.lang}"
    staged: list[tuple[Path, Path]] = []
    try:
        for file in made.files:
            staged.append((stage(out_dir / file.name, file.data), out_dir / file.name))
        for _, target in staged:
            if target.is_dir() and not target.is_symlink():
                raise OSError(errno.EISDIR, "a folder is in the way", str(target))
        manifest.forget_edition(made.leaflet, made.lang)
        # Stopped from here on, the edition stays unlisted, and the next build makes it.
        for suffix in VARIANT_SUFFIXES:
            if f"{stem}{suffix}" not in names:
                (out_dir / f"{stem}{suffix}").unlink(missing_ok=True)
        for picture in (out_dir / PREVIEW_FOLDER).glob("page-*.png"):  # a page fewer now
            if f"{PREVIEW_FOLDER}/{picture.name}" not in names:
                picture.unlink(missing_ok=True)
        commit_all(staged)
    finally:
        discard(staged)
    outputs = []
    for file in made.files:
        if file.thumbnail is not None:  # the contact sheet need not decode the PNG
            preview.remember(preview.Preview(file.data, *file.thumbnail))
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
                page=file.page,
            )
        )
    manifest.record(outputs)  # all at once: an edition is listed whole or not at all
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
        # The project file's problems come with every leaflet: say each once.
        raise LeafletError(dict.fromkeys(problems))
    return editions
