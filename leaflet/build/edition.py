"""One edition (a leaflet in one language) built in memory: its HTML, PDFs and previews.

The same laid-out render gives the screen PDF, the office sheets and the print file;
the print file must pass preflight; the screen PDF gives a PNG preview of each page.
Nothing here writes into dist/: the pipeline (:mod:`leaflet.build.pipeline`) lands
the files, and worker processes (:mod:`leaflet.build.workers`) call
:func:`make_edition` too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from .. import content, files
from ..content import estimate, review
from ..content.projectfile import review_settings
from ..errors import LeafletError, Problem
from ..prepress import accessible, impose, preview, printfile
from ..project import Project
from ..render import html
from ..render.back import fit_back
from ..render.fit import DoesNotFit, FitPlan, PagePlan
from ..render.flow import SECTION_GAP_MM
from ..render.measure import page_fill
from ..render.pdf import Renderer, TimeLimit, time_limit, write_pdf, write_tagged_pdf
from ..render.visible import check_visible
from ..render.web import PdfLink, render_web
from ..steps import Steps
from . import notes, verify
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
        verify.check_outline(project, edition, printed, None, PdfLink(f"{stem}.pdf", 0, 0))
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
        verify.check_inside(edition, document)
        check_visible(document, edition)  # no text hidden by a stylesheet
    with step("screen PDF"):
        screen = accessible.finish_screen(
            write_tagged_pdf(document, source), settings.print.profile
        )
    with step("screen PDF checked"):
        verify.preflight_screen(screen, project, edition, document)
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
            warned: list[str] = []
            checked = verify.preflight_print(print_pdf, settings.path, document, warned)
        notices.extend(
            Notice(settings.path, f"the print file passed preflight with a warning: {said}")
            for said in warned
        )
        files.append(File(f"{stem}-print.pdf", "print", "pdf", print_pdf, pages, checked))
    with step("web page"):
        web = render_web(edition, project, PdfLink(f"{stem}.pdf", pages, len(screen)))
        verify.check_outline(project, edition, document_html, web, None)
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
    written = review.read_review(edition.settings.folder)  # for its line, as warnings say it
    return Notice(
        edition.settings.path,
        f"no print file: this leaflet was due for review by {due.isoformat()}, and this "
        "project makes no print files of leaflets past their review date — have it "
        "reviewed, then set document: review: to the next review date",
        written.line if written is not None else None,
    )


#: How many texts still to translate the build names one by one (status lists them all).
LISTED = 12


def _no_print_file(edition: content.Edition, source: Path) -> list[Notice]:
    """Why a translation gets no print file, and — when texts are still to translate —
    which, at file:line."""
    name = content.language_name(edition.lang)
    todo = edition.untranslated
    changed = [s for s in edition.sections.values() if s.changed_to is not None]
    if changed and not todo:
        return _changed_since(edition, changed)
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


def _changed_since(edition: content.Edition, changed: list[content.Section]) -> list[Notice]:
    """Why a translation whose source text changed since it was translated gets no print
    file: what was checked is not what the source says now. Each file at its
    ``translation:`` block."""
    name = content.language_name(edition.lang)
    source_name = content.language_name(edition.settings.source_language)
    count = len(changed)
    found = [
        Notice(
            edition.settings.folder / edition.lang,
            f"no print file: the {source_name} text of {count} file{'s' if count != 1 else ''} "
            f"changed since this {name} translation was made (its screen and office files say "
            "DRAFT), even where a file says reviewed: yes — update the translation and have "
            "it checked again, or build with --draft-print for a proof from the printer",
        )
    ]
    for section in changed:
        found.append(
            Notice(
                section.path,
                f"the {source_name} text changed since this was translated — compare and "
                f"update, then set source: {section.changed_to} and reviewed: yes once it is "
                "checked again",
                section.translation.line if section.translation is not None else None,
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
        on_pages = notes.flowing(
            edition,
            flowed.rooms,
            flowed.heads,
            line_mm=BODY_LINE_MM * scale,
            section_gap_mm=SECTION_GAP_MM * scale,
        )
        total = len(flowed.document.pages)
        made = [*notes.page_count(edition, flowed.missed, total, on_pages), *on_pages]
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
