"""The pipeline: load → check → HTML → render → write, per leaflet and language.

Everything is read and checked before anything is written. Each output is written
to a temporary file beside its final place and moved there only when it is
complete, so a failed build leaves the last good files as they were. The manifest
(``dist/manifest.json``) lists every output with its page count and checksum.

``leaflet check`` runs the same load and check, and renders nothing
(:func:`check_project`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import content, fonts, html, inputs, yamlfile
from .errors import Collector, LeafletError, Problem
from .lock import dist_lock
from .manifest import Output, update_manifest, write_atomic
from .pdf import DoesNotFit, FitPlan, PagePlan, Renderer, TimeLimit, time_limit, write_pdf
from .project import MM_PER_PT, Project


@dataclass(frozen=True)
class Notice:
    """Something the person building should know that is not a failure."""

    path: Path
    message: str


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


def output_dir(project: Project, edition: content.Edition) -> Path:
    return project.dist / edition.settings.id / edition.lang


def load(
    project: Project, leaflets: Sequence[str] = (), languages: Sequence[str] = ()
) -> list[content.Edition]:
    """Read and check every selected edition; raise with all problems found."""
    problems = Collector()
    folders = project.leaflet_dirs()
    if leaflets:
        known = {f.name: f for f in folders}
        for name in leaflets:
            if name not in known:
                problems.add(
                    f'there is no leaflet "{name}" — the leaflets are: '
                    + (", ".join(known) or "none"),
                    project.content,
                )
        folders = [known[n] for n in leaflets if n in known]
    elif not folders:
        problems.add(
            "there are no leaflets here — a leaflet is a folder with a leaflet.yaml",
            project.content,
        )
    editions: list[content.Edition] = []
    for folder in folders:
        try:
            settings = content.load_settings(folder)
        except LeafletError as exc:
            problems.extend(exc)
            continue
        available = settings.languages()
        wanted = [lang for lang in available if not languages or lang in languages]
        if languages and not wanted:
            problems.add(
                f"this leaflet has no language {', '.join(languages)} — it has: "
                + ", ".join(available),
                settings.path,
            )
        for lang in wanted:
            try:
                edition = content.load_edition(settings, lang)
            except LeafletError as exc:
                problems.extend(exc)
                continue
            fonts.check_texts(edition.texts(), project.fonts, problems)
            editions.append(edition)
    if problems:
        # A key written without a space after its colon confuses YAML's own message.
        raise LeafletError([yamlfile.explain_colon(p) for p in problems.problems])
    return editions


#: How long one edition (one leaflet in one language, all its files) may take to build.
#: A normal edition takes about two seconds; this stops a pathological one.
DEFAULT_TIME_LIMIT_S = 120.0


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
        workers = None
        if jobs > 1 and len(todo) > 1:
            from . import workers as pool  # started first: they load while content is read

            workers = stack.enter_context(pool.pool(project, min(jobs, len(todo))))
        # Only what is built is read and checked: files that are up to date were made
        # from exactly these inputs by this very tool, which checked them then.
        stale = _load_pairs(project, todo)
        for made in _make_all(project, stale, workers, draft_print, time_limit_s, progress):
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


@dataclass(frozen=True)
class File:
    """One finished file of an edition, not yet written."""

    name: str
    variant: str
    format: str
    data: bytes
    pages: int | None
    preflight: str | None = None


@dataclass(frozen=True)
class Made:
    """What building one edition produced: its files, or the problems that stopped it."""

    leaflet: str
    lang: str
    files: list[File]
    notices: list[Notice]
    problems: list[Problem]


def make_edition(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    draft_print: bool = False,
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
) -> Made:
    """Build one edition in memory; problems (and running out of time) are reported in it."""
    notices: list[Notice] = []
    files: list[File] = []
    problems: list[Problem] = []
    try:
        with time_limit(time_limit_s):
            files = edition_files(project, edition, renderer, notices, draft_print)
    except TimeLimit:
        problems.append(_too_slow(edition, time_limit_s))
    except LeafletError as exc:
        problems.extend(exc.problems)
    return Made(edition.settings.id, edition.lang, files, notices, problems)


def _make_all(
    project: Project,
    editions: Sequence[content.Edition],
    workers: Any,
    draft_print: bool,
    time_limit_s: float | None,
    progress: Callable[[int, int, str], None] | None,
) -> Iterator[Made]:
    """Each edition built, by the ``workers`` pool or else in this process, as each is done."""
    if not editions:
        return
    if workers is not None:
        from .workers import make_all

        yield from make_all(workers, editions, draft_print, time_limit_s, progress)
        return
    with Renderer(project) as renderer:
        for done, edition in enumerate(editions):
            if progress is not None:
                progress(done, len(editions), f"{edition.settings.id} {edition.lang}")
            yield make_edition(project, edition, renderer, draft_print, time_limit_s)


#: The files an edition can have, after its "<leaflet>-<lang>" stem.
VARIANT_SUFFIXES = ("-print.pdf", "-office.pdf", ".pdf", ".html")


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


def _too_slow(edition: content.Edition, seconds: float | None) -> Problem:
    return Problem(
        f"building the {content.language_name(edition.lang)} leaflet took more than "
        f"{seconds:g} seconds and was stopped; its earlier files are unchanged — look for a "
        "very long text or a very large picture (or allow more time with --time-limit)",
        edition.settings.folder / edition.lang,
    )


#: Steps by which a language's text may shrink to fit, down to the leaflet's floor.
SHRINK_STEP = 0.025
#: Body text: 11 pt at a leading of 1.5, in millimetres (for "about N lines").
BODY_LINE_MM = 11 * 1.5 * MM_PER_PT


def edition_files(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    notices: list[Notice],
    draft_print: bool = False,
) -> list[File]:
    """Render one edition once and make its HTML and PDFs, in memory.

    The print file must pass preflight, or this raises and nothing of the edition is
    written: a failure leaves all the last good files of this edition in place.
    """
    from . import impose, printfile

    settings = edition.settings
    out_dir = output_dir(project, edition)
    source = settings.folder / edition.lang
    if settings.style is not None:
        renderer.check_stylesheet(settings.style)
    document_html, document = _render_to_fit(project, edition, renderer, out_dir, notices)
    pages = len(document.pages)
    screen = printfile.finish_screen(write_pdf(document, source))
    office = impose.impose(screen, direction=edition.direction, title=edition.title)
    stem = f"{settings.id}-{edition.lang}"
    files: list[File] = []
    if edition.draft and not draft_print:
        notices.append(
            Notice(
                source,
                f"no print file: this {content.language_name(edition.lang)} translation is not "
                "reviewed yet (its screen and office files say DRAFT) — set reviewed: yes in "
                "its files once a second reader has checked it, or build with --draft-print "
                "for a proof from the printer",
            )
        )
    else:
        print_pdf = _print_file(project, edition, renderer, document, out_dir, source)
        checked = _preflight_print(print_pdf, settings.path)
        files.append(File(f"{stem}-print.pdf", "print", "pdf", print_pdf, pages, checked))
    return [
        *files,
        File(f"{stem}-office.pdf", "office", "pdf", office, pages // 2),
        File(f"{stem}.pdf", "screen", "pdf", screen, pages),
        File(f"{stem}.html", "screen", "html", document_html.encode("utf-8"), None),
    ]


def _render_to_fit(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    out_dir: Path,
    notices: list[Notice],
) -> tuple[str, Any]:
    """The HTML and laid-out document of ``edition``, with text shrunk if it must and may.

    A page whose text runs over is reported at the file of its last section: the text
    that runs over is at the end of the page. When the leaflet allows it
    (shrink_to_fit), the text is made smaller step by step, down to that floor, until
    every page fits; the build says so.
    """
    settings = edition.settings
    source = settings.folder / edition.lang
    plan = FitPlan(
        pages=[
            PagePlan(tuple(page), settings.words_path(edition.lang, page[-1]))
            for page in settings.pages
        ],
        language=content.language_name(edition.lang),
        line_mm=BODY_LINE_MM,
    )
    scale = 1.0
    first: DoesNotFit | None = None
    while True:
        document_html = html.render(edition, project, out_dir, scale)
        try:
            document = renderer.render(
                document_html, out_dir, source, replace(plan, line_mm=BODY_LINE_MM * scale)
            )
        except DoesNotFit as exc:
            first = first or exc
            scale = round(scale - SHRINK_STEP, 4)
            if scale < settings.shrink_floor - 1e-9:
                raise first from None
            continue
        if scale < 1:
            notices.append(
                Notice(
                    source,
                    f"the {plan.language} text is set at {scale:.1%} of the normal size to "
                    f"fit its pages (the leaflet allows down to {settings.shrink_floor:.0%})",
                )
            )
        return document_html, document


def _print_file(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    document: Any,
    out_dir: Path,
    source: Path,
) -> bytes:
    """The print shop's PDF/X file, made from the same render as the others."""
    from . import printfile

    settings = edition.settings
    options = settings.print
    sheet = printfile.Sheet(bleed_mm=options.bleed_mm, marks=options.marks)
    slug = None
    if options.marks:
        slug_html = html.render_slug(
            edition,
            project,
            out_dir,
            media_mm=sheet.media_mm,
            offset_mm=options.bleed_mm + printfile.SLUG_MM,
            slug_mm=printfile.SLUG_MM,
        )
        slug = write_pdf(renderer.render(slug_html, out_dir, source, None), source)
    return printfile.finish_print(
        write_pdf(document, source, options.pdf_variant),
        sheet,
        slug=slug,
        output_condition=options.output_condition,
        output_condition_text=options.output_condition_text,
        registry=options.registry,
        document_key=f"{settings.id}/{edition.lang}/{settings.document.version}",
    )


def _preflight_print(data: bytes, settings_path: Path) -> str:
    """Run preflight on the print file before it replaces the last good one.

    Returns "pass" or "warn"; raises with one problem per failed check.
    """
    from . import preflight

    fd, temp = tempfile.mkstemp(prefix="leaflet-", suffix=".check.pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        report = preflight.preflight(Path(temp), "print")
    finally:
        Path(temp).unlink(missing_ok=True)
    failed = [c for c in report.checks if c.status == "FAIL"]
    if failed:
        raise LeafletError(
            [
                Problem(
                    f"the print file failed preflight ({c.id}"
                    + (f", pages {', '.join(map(str, c.pages))}" if c.pages else "")
                    + f"): {c.detail}",
                    settings_path,
                )
                for c in failed
            ]
        )
    return "warn" if any(c.status == "WARN" for c in report.checks) else "pass"


# --- leaflet check: every content file, nothing rendered -------------------------------


@dataclass(frozen=True)
class CheckResult:
    """What ``leaflet check`` found: every problem, sorted, and what was checked."""

    problems: list[Problem]
    leaflets: int
    languages: int
    files: int
    #: Leaflets whose leaflet.yaml has problems: their words were only read, not checked.
    words_unchecked: list[str]

    def summary(self) -> str:
        def count(n: int, what: str) -> str:
            return f"{n} {what}{'' if n == 1 else 's'}"

        if not self.problems:
            return (
                f"checked {count(self.leaflets, 'leaflet')}, "
                f"{count(self.languages, 'language')}, {count(self.files, 'file')}: no problems"
            )
        files = len({p.path for p in self.problems if p.path is not None})
        return f"{count(len(self.problems), 'problem')} in {count(files, 'file')}"


def check_project(
    project: Project, leaflets: Sequence[str] = (), languages: Sequence[str] = ()
) -> CheckResult:
    """Check every content file of the selected leaflets and languages; render nothing.

    This is what ``leaflet build`` checks before it renders (the loader and the font
    check), so content that passes here builds. When a leaflet.yaml has problems the
    words files cannot be checked against their kinds, but each is still read, so
    YAML mistakes in them are reported in the same run.
    """
    problems: list[Problem] = []
    editions: list[content.Edition] = []
    try:
        editions = load(project, leaflets, languages)
    except LeafletError as exc:
        problems.extend(exc.problems)
    # An edition with a problem in one file is not checked for characters the fonts
    # lack, and a leaflet whose leaflet.yaml has a problem not at all: read each words
    # file on its own too, so that every problem is in this one report.
    unchecked: list[str] = []
    folders = [f for f in project.leaflet_dirs() if not leaflets or f.name in leaflets]
    for folder in folders if problems else []:
        try:
            content.load_settings(folder)  # a few milliseconds: just the one file again
        except LeafletError:
            unchecked.append(folder.name)
        for words in sorted(folder.glob("*/*.yaml")):
            if languages and words.parent.name not in languages:
                continue
            try:
                loaded = yamlfile.load(words)
            except LeafletError as exc:
                problems.extend(exc.problems)
                continue
            collected = Collector()
            fonts.check_texts(content.texts_in(loaded), project.fonts, collected)
            problems.extend(collected.problems)
    found = sorted(
        dict.fromkeys(yamlfile.explain_colon(p) for p in problems),
        key=lambda p: (str(p.path or ""), p.line or 0, p.column or 0),
    )
    settings = {e.settings.id: e.settings for e in editions}
    return CheckResult(
        problems=found,
        leaflets=len(settings),
        languages=len({e.lang for e in editions}),
        files=len(settings) + sum(len(e.sections) for e in editions),
        words_unchecked=unchecked,
    )
