"""One edition (a leaflet in one language) built in memory: its HTML, PDFs and previews.

The same laid-out render gives the screen PDF, the office sheets and the print file;
the print file must pass preflight; the screen PDF gives a PNG preview of each page.
Nothing here writes into dist/: the pipeline (:mod:`leaflet.build.pipeline`) lands
the files, and worker processes (:mod:`leaflet.build.workers`) call
:func:`make_edition` too.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from .. import content, files
from ..content import estimate, review
from ..content.projectfile import review_settings
from ..errors import LeafletError, Problem
from ..preflight import preflight as run_preflight
from ..preflight.report import ACCESSIBILITY_CHECKS
from ..prepress import accessible, impose, preview, printfile
from ..project import Project
from ..render import html, outline
from ..render.back import fit_back
from ..render.fit import DoesNotFit, FitPlan, PagePlan
from ..render.flow import SECTION_GAP_MM
from ..render.inside import outside
from ..render.measure import elements as measure_elements
from ..render.measure import page_fill
from ..render.pdf import Renderer, TimeLimit, time_limit, write_pdf, write_tagged_pdf
from ..render.visible import check_visible
from ..render.web import WEB_TEMPLATE, PdfLink, render_web
from ..steps import Steps
from . import notes
from .layout import BODY_LINE_MM, SHRINK_STEP, known_count, render_flowing, source_count
from .notes import LayoutNote


@dataclass(frozen=True)
class Notice:
    """Something the person building should know that is not a failure."""

    path: Path
    message: str
    line: int | None = None


def output_dir(project: Project, edition: content.Edition) -> Path:
    return project.dist / edition.settings.id / edition.lang


#: The folder of an edition's page previews (``page-1.png`` …), beside its PDFs.
PREVIEW_FOLDER = "preview"


#: How long one edition (one leaflet in one language, all its files) may take to build.
#: A normal edition takes about two seconds; this stops a pathological one.
DEFAULT_TIME_LIMIT_S = 120.0


@dataclass(frozen=True)
class File:
    """One finished file of an edition, not yet written."""

    name: str
    variant: str
    format: str
    data: bytes
    pages: int | None
    preflight: str | None = None
    layout: dict[str, Any] | None = None
    page: int | None = None  # previews: the page the picture shows
    #: previews: the page at the contact sheet's size (raw RGB pixels, and their width)
    thumbnail: tuple[bytes, int] | None = None


@dataclass(frozen=True)
class Made:
    """What building one edition produced: its files, or the problems that stopped it."""

    leaflet: str
    lang: str
    files: list[File]
    notices: list[Notice]
    problems: list[Problem]
    #: The problems are that its text does not fit its pages (and nothing else).
    does_not_fit: bool = False
    #: What building it took, step by step, in seconds (``leaflet -v build`` shows it).
    steps: tuple[tuple[str, float], ...] = ()


def make_edition(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    draft_print: bool = False,
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
    source_pages: int | None = None,
) -> Made:
    """Build one edition in memory; problems (and running out of time) are reported in it.

    ``source_pages``: the page count its source language was laid out on by an earlier
    build made from the same inputs (see :func:`.layout.known_count`), if known.
    """
    notices: list[Notice] = []
    files: list[File] = []
    problems: list[Problem] = []
    unfit = False
    steps = Steps()
    try:
        with time_limit(time_limit_s):
            if source_pages is not None and not edition.is_source:
                known_count(project, edition.settings, source_pages)
            files = edition_files(project, edition, renderer, notices, draft_print, steps)
    except TimeLimit:
        problems.append(_too_slow(project, edition, time_limit_s))
    except DoesNotFit as exc:
        problems.extend(exc.problems)
        unfit = True
    except LeafletError as exc:
        problems.extend(exc.problems)
    return Made(
        edition.settings.id, edition.lang, files, notices, problems, unfit, tuple(steps.done)
    )


def _too_slow(project: Project, edition: content.Edition, seconds: float | None) -> Problem:
    """Ran out of time: said at the words file with the most text, and how much it has."""
    longest = estimate.longest_section(edition, project.theme.file(html.STYLESHEET))
    path = edition.settings.folder / edition.lang
    where = "look for a very long text or a very large picture"
    if longest is not None:
        section, lines = longest
        path = edition.settings.words_path(edition.lang, section)
        where = (
            f'the longest text is the section "{section}" (at least {lines:,} lines) — shorten '
            "it, or look for a very large picture"
        )
    return Problem(
        f"building the {content.language_name(edition.lang)} leaflet took more than "
        f"{seconds:g} seconds and was stopped; its earlier files are unchanged — {where} "
        "(or allow more time with --time-limit)",
        path,
    )


def edition_files(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    notices: list[Notice],
    draft_print: bool = False,
    steps: Steps | None = None,
) -> list[File]:
    """Render one edition once and make its HTML, its PDFs and its web page, in memory.

    The print file must pass preflight, and the screen PDF preflight's accessibility
    checks, or this raises and nothing of the edition is written: a failure leaves all
    the last good files of this edition in place.
    """
    settings = edition.settings
    out_dir = output_dir(project, edition)
    source = settings.folder / edition.lang
    step = steps if steps is not None else Steps()
    if settings.style is not None:
        renderer.check_stylesheet(settings.style)
    stem = f"{settings.id}-{edition.lang}"
    with step("checked the HTML for what a screen reader needs"):
        # before any layout: a template's problem is said at the template, not as the
        # layout problem it may also make (a heading set in a style the page lacks)
        printed = html.render(edition, project, out_dir)
        _check_outline(project, edition, printed, None, PdfLink(f"{stem}.pdf", 0, 0))
    with step("estimated the lines"):
        count = None
        if settings.flows and not edition.is_source and settings.page_count is None:
            count = source_count(project, settings, renderer)  # laid out once, and kept
        unfit = estimate.does_not_fit(edition, project.theme.file(html.STYLESHEET), count)
    if unfit:  # certain from the words alone: no layout of minutes to say so
        raise DoesNotFit(unfit)
    with step("laid out"):
        laid = _render_to_fit(project, edition, renderer, out_dir, notices)
    document_html, document = laid.html, laid.document
    fit_back(document)  # the back page's fill: no more than its room
    pages = len(document.pages)
    with step("checked that every text is seen"):
        _check_inside(edition, document)
        check_visible(document, edition)  # no text hidden by a stylesheet
    with step("screen PDF"):
        screen = accessible.finish_screen(
            write_tagged_pdf(document, source), settings.print.profile
        )
    with step("screen PDF checked"):
        _preflight_screen(screen, project, edition, document)
    with step("office sheets"):
        office = impose.impose(screen, direction=edition.direction, title=edition.title)
    files: list[File] = []
    if edition.draft and not draft_print:
        notices += _no_print_file(edition, source)
    elif (refused := _past_review(project, edition)) is not None:
        notices.append(refused)
    else:
        with step("print file"):
            print_pdf = _print_file(project, edition, renderer, document, out_dir, source)
        with step("print file preflight"):
            checked = _preflight_print(print_pdf, settings.path)
        files.append(File(f"{stem}-print.pdf", "print", "pdf", print_pdf, pages, checked))
    with step("web page"):
        web = render_web(edition, project, PdfLink(f"{stem}.pdf", pages, len(screen)))
        _check_outline(project, edition, document_html, web, None)
    with step("page previews"):
        previews = [
            File(
                f"{PREVIEW_FOLDER}/page-{number}.png",
                "preview",
                "png",
                made.png,
                None,
                page=number,
                thumbnail=(made.thumbnail, made.thumbnail_width),
            )
            for number, made in enumerate(preview.page_pngs(screen), start=1)
        ]
    return [
        *files,
        File(f"{stem}-office.pdf", "office", "pdf", office, pages // 2),
        File(f"{stem}.pdf", "screen", "pdf", screen, pages, layout=laid.facts(project.root)),
        File(f"{stem}.html", "screen", "html", document_html.encode("utf-8"), None),
        File(f"{stem}-web.html", "web", "html", web.encode("utf-8"), None),
        *previews,
    ]


def _past_review(project: Project, edition: content.Edition) -> Notice | None:
    """Why the edition gets no print file: past its review date, where the project
    refuses print files of such leaflets (see :mod:`leaflet.content.review`)."""
    settings = review_settings(project.root)
    if not review.print_refused(edition.settings.document.review, settings):
        return None
    due = review.due_day(edition.settings.document.review)
    return Notice(
        edition.settings.path,
        f"no print file: this leaflet was due for review by {due.isoformat()}, and this "
        "project makes no print files of leaflets past their review date — have it "
        "reviewed, then set document: review: to the next review date",
    )


#: How many texts still to translate the build names one by one (status lists them all).
LISTED = 12


def _no_print_file(edition: content.Edition, source: Path) -> list[Notice]:
    """Why a translation gets no print file, and — when texts are still to translate —
    which, at file:line."""
    name = content.language_name(edition.lang)
    todo = edition.untranslated
    if not todo:
        return [
            Notice(
                source,
                f"no print file: this {name} translation is not reviewed yet (its screen and "
                "office files say DRAFT) — set reviewed: yes in its files once a second reader "
                "has checked it, or build with --draft-print for a proof from the printer",
            )
        ]
    source_name = content.language_name(edition.settings.source_language)
    found = [
        Notice(
            source,
            f"no print file: {len(todo)} text{'s' if len(todo) != 1 else ''} of this {name} "
            f"translation {'are' if len(todo) != 1 else 'is'} still to translate (its screen "
            "and office files say DRAFT), even where a file says reviewed: yes — translate "
            f"them (a text that stays the same on purpose, like a name or a number, is listed "
            "under same: in its file's translation: block), or build with --draft-print for a "
            "proof from the printer",
        )
    ]
    for section, text in todo[:LISTED]:
        what = f"no {name} text here yet" if text.missing else f"still the {source_name} text"
        found.append(Notice(section.path, f"{text.key}: {what} — translate it", text.line))
    if len(todo) > LISTED:
        found.append(
            Notice(
                source,
                f"… and {len(todo) - LISTED} more — `leaflet status --lang {edition.lang}` "
                "lists them all",
            )
        )
    return found


class Laid(NamedTuple):
    """An edition laid out: its HTML, the document, and the size its text is set at."""

    html: str
    document: Any
    scale: float
    room_lines: float  # lines of body text that still fit on the last inside page
    notes: tuple[LayoutNote, ...] = ()  # where the pages fall short, and what to do

    def facts(self, root: Path) -> dict[str, Any]:
        """What the manifest records of the layout (see :class:`.manifest.Output`): the room
        left as whole lines (the one number status, serve and XLIFF show), the text size,
        and the layout notes."""
        return {
            "room_lines": room_lines(self.room_lines),
            "scale": round(self.scale, 4),
            "notes": [note.as_dict(root) for note in self.notes],
        }


def room_lines(lines: float) -> int:
    """Room left as whole lines of body text: what more text can surely take."""
    return max(0, int(lines + 1e-6))


def _render_to_fit(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    out_dir: Path,
    notices: list[Notice],
) -> Laid:
    """The HTML and laid-out document of ``edition``, with text shrunk if it must and may.

    A page whose text runs over is reported at the file of its last section: the text
    that runs over is at the end of the page. When the leaflet allows it
    (shrink_to_fit), the text is made smaller step by step, down to that floor, until
    every page fits; the build says so.
    """
    settings = edition.settings
    source = settings.folder / edition.lang
    if settings.flows:
        flowed = render_flowing(project, edition, renderer, out_dir)
        scale = flowed.layout.scale
        if scale < 1:
            notices.append(_shrunk(edition, scale))
        made = [
            *notes.page_count(edition, flowed.missed, len(flowed.document.pages)),
            *notes.flowing(
                edition,
                flowed.rooms,
                flowed.heads,
                line_mm=BODY_LINE_MM * scale,
                section_gap_mm=SECTION_GAP_MM * scale,
            ),
        ]
        notices.extend(_noted(made))
        return Laid(flowed.html, flowed.document, scale, flowed.room_lines, tuple(made))
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
            notices.append(_shrunk(edition, scale))
        pages = list(document.pages)
        last_inside = page_fill(pages[-2] if len(pages) > 2 else pages[-1])
        made = notes.planned(edition, document, line_mm=BODY_LINE_MM * scale)
        notices.extend(_noted(made))
        return Laid(
            document_html,
            document,
            scale,
            last_inside.free_mm / (BODY_LINE_MM * scale),
            tuple(made),
        )


def _noted(made: list[LayoutNote]) -> list[Notice]:
    """Layout notes as the build prints them."""
    return [Notice(note.path, f"layout: {note.message}") for note in made]


def _check_outline(
    project: Project,
    edition: content.Edition,
    printed: str,
    web: str | None,
    link: PdfLink | None,
) -> None:
    """What a screen reader needs of both editions' HTML, at the template that draws it
    (headings in order, alt attributes, table headers: :mod:`leaflet.render.outline`).

    Called with the printed leaflet's HTML before its PDFs are made (``web`` None): when
    that has a finding, the web page is made to be read too (``link``: the PDF it would
    link to), so that one message says what both have.
    """
    if web is None:
        if not outline.read(printed, html.BASE_TEMPLATE):
            return
        assert link is not None
        web = render_web(edition, project, link)
    found = outline.problems(
        {
            "the printed leaflet (and its screen PDF)": (printed, html.BASE_TEMPLATE),
            "the web page": (web, WEB_TEMPLATE),
        },
        lambda template: project.theme.file(f"templates/{template}"),
        lambda section: project.relative(
            edition.settings.words_path(edition.lang, section)
        ).as_posix(),
    )
    if found:
        raise LeafletError(found)


def _check_inside(edition: content.Edition, document: Any) -> None:
    """Nothing may be drawn outside its page's text area (see :mod:`leaflet.render.inside`)."""
    found = outside(document)
    if not found:
        return
    settings = edition.settings
    problems = []
    for place in found[:10]:
        section = place.section if place.section in edition.sections else None
        path = (
            settings.words_path(edition.lang, section)
            if section
            else settings.folder / edition.lang
        )
        problems.append(
            Problem(
                f"on page {place.page} in {content.language_name(edition.lang)}, the text "
                f'"{place.text}" runs {place.mm:.0f} mm out of the page\'s text area'
                + (f' (section "{section}")' if section else "")
                + " — is a word too long to break, or are there too many accents on a letter? "
                "Shorten it, or put spaces or hyphens in it",
                path,
            )
        )
    raise LeafletError(problems)


def _shrunk(edition: content.Edition, scale: float) -> Notice:
    """The notice that a language's text was set smaller to fit its pages."""
    return Notice(
        edition.settings.folder / edition.lang,
        f"the {content.language_name(edition.lang)} text is set at {scale:.1%} of the normal "
        f"size to fit its pages (the leaflet allows down to {edition.settings.shrink_floor:.0%})",
    )


def _print_file(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    document: Any,
    out_dir: Path,
    source: Path,
) -> bytes:
    """The print shop's PDF/X file, made from the same render as the others."""
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
            page_count=len(document.pages),
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
        profile=files.read_bytes(options.profile),
    )


def _preflight_print(data: bytes, settings_path: Path) -> str:
    """Run preflight on the print file before it replaces the last good one.

    Returns "pass" or "warn"; raises with one problem per failed check.
    """
    return _preflight(data, settings_path, "print", None, "the print file failed preflight")


def _preflight_screen(
    data: bytes, project: Project, edition: content.Edition, document: Any
) -> None:
    """The screen PDF must have what a screen reader needs (preflight's web checks).

    The HTML was checked at its templates already (:func:`_check_outline`); what still
    fails here is in the tags, and only a template can cause that: the problem names
    the templates of the sections on the pages where it is, and those sections.
    """
    failed = _failed_checks(data, "web", ACCESSIBILITY_CHECKS)
    if not failed:
        return
    on_page = _sections_on_pages(document)
    problems = []
    for check in failed:
        sections = [
            s for page in check.pages for s in on_page.get(page, ()) if s in edition.sections
        ]
        sections = list(dict.fromkeys(sections))
        templates = sorted({html.section_template(edition.sections[s]) for s in sections})
        where = (
            f" — drawn by {', '.join('templates/' + t for t in templates)} for the "
            f"section{'s' if len(sections) != 1 else ''} " + ", ".join(f'"{s}"' for s in sections)
            if sections
            else ""
        )
        problems.append(
            Problem(
                "the screen PDF is not accessible — a template draws something without what "
                f"a screen reader needs ({check.id}"
                + (f", page{'s' if len(check.pages) != 1 else ''} " if check.pages else "")
                + ", ".join(map(str, check.pages))
                + f"): {check.detail}{where}; change the template",
                project.theme.file(f"templates/{templates[0]}")
                if len(templates) == 1
                else project.root / "templates",
            )
        )
    raise LeafletError(problems)


def _sections_on_pages(document: Any) -> dict[int, list[str]]:
    """Page number (from 1) → the sections with something on it, in order."""
    on_page: dict[int, list[str]] = {}
    for section, element in measure_elements(document, "section-").items():
        for piece in element.pieces:
            on_page.setdefault(piece.page + 1, []).append(section)
    return on_page


def _failed_checks(data: bytes, profile: str, only: tuple[str, ...] | None) -> list[Any]:
    """The checks of preflight's ``profile`` that ``data`` fails."""
    return [c for c in _report(data, profile, only).checks if c.status == "FAIL"]


def _report(data: bytes, profile: str, only: tuple[str, ...] | None) -> Any:
    """Preflight's report on ``data`` (written to a temporary file for it). Its checks'
    own steps are not said: the build says its own (see :mod:`leaflet.steps`)."""
    fd, temp = tempfile.mkstemp(prefix="leaflet-", suffix=".check.pdf")
    checks = logging.getLogger("leaflet.preflight")
    level = checks.level
    checks.setLevel(logging.INFO)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return run_preflight(Path(temp), profile, only)
    finally:
        checks.setLevel(level)
        Path(temp).unlink(missing_ok=True)


def _preflight(
    data: bytes, settings_path: Path, profile: str, only: tuple[str, ...] | None, failed_what: str
) -> str:
    """Run preflight on ``data``: "pass" or "warn"; raises with one problem per failed check."""
    report = _report(data, profile, only)
    failed = [c for c in report.checks if c.status == "FAIL"]
    if failed:
        raise LeafletError(
            [
                Problem(
                    f"{failed_what} ({c.id}"
                    + (f", pages {', '.join(map(str, c.pages))}" if c.pages else "")
                    + f"): {c.detail}",
                    settings_path,
                )
                for c in failed
            ]
        )
    return "warn" if any(c.status == "WARN" for c in report.checks) else "pass"
