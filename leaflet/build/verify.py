"""What an edition's files must pass before they may land in dist/.

Each check raises :class:`~leaflet.errors.LeafletError` with problems that name what
to change: what a screen reader needs, at the template that draws it (before the PDFs
are made); nothing drawn outside its page's text area; the print file's preflight; and
the screen PDF's tags (preflight's web checks). :mod:`.edition` calls them in that
order, on files made in memory.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import content
from ..errors import LeafletError, Problem
from ..preflight import preflight as run_preflight
from ..preflight.report import ACCESSIBILITY_CHECKS
from ..project import Project
from ..render import html, outline
from ..render.inside import outside
from ..render.measure import drawings_on_pages, raster_names
from ..render.measure import elements as measure_elements
from ..render.web import WEB_TEMPLATE, PdfLink, render_web


def check_outline(
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


def check_inside(edition: content.Edition, document: Any) -> None:
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


#: A picture as preflight names it: by its name in the PDF.
_IMAGE_NAME = re.compile(r"\bimage (i[0-9a-f]{32}[01])\b")


#: The warnings of the print file's preflight that the writer can act on (a picture
#: with too few pixels): said by the build. The others are the print shop's business,
#: and ``leaflet preflight`` shows them.
WARNINGS_TO_SAY = ("images",)


def preflight_print(
    data: bytes, settings_path: Path, document: Any = None, warned: list[str] | None = None
) -> str:
    """Run preflight on the print file before it replaces the last good one.

    Returns "pass" or "warn"; raises with one problem per failed check, and adds what
    each warning of :data:`WARNINGS_TO_SAY` says to ``warned``. With the laid-out
    ``document``, a picture is named by its file, and text too small on a page that
    shows an SVG picture names the picture: the stylesheet sets no text that small, the
    picture's own text does.
    """
    drawings = drawings_on_pages(document) if document is not None else {}
    rasters = raster_names(document) if document is not None else {}

    def detail(check: Any) -> str:
        named = [s for page in check.pages for s in drawings.get(page, ())]
        if check.id != "small-text" or not named:
            # a picture by its file, not by the name WeasyPrint gave it in the PDF
            return _IMAGE_NAME.sub(
                lambda m: (
                    f'the picture "{"/".join(Path(rasters[m[1]]).parts[-2:])}"'
                    if m[1] in rasters
                    else m[0]
                ),
                str(check.detail),
            )
        files = ", ".join(f'"{"/".join(Path(s).parts[-2:])}"' for s in dict.fromkeys(named))
        return (
            str(check.detail).split(" — ")[0]
            + f" — on that page, the picture {files} has text of its own, set as small as "
            "the picture is: make the text larger in the picture (or the picture wider, "
            "with fewer words in it)"
        )

    return _preflight(
        data, settings_path, "print", None, "the print file failed preflight", detail, warned
    )


def preflight_screen(
    data: bytes, project: Project, edition: content.Edition, document: Any
) -> None:
    """The screen PDF must have what a screen reader needs (preflight's web checks).

    The HTML was checked at its templates already (:func:`check_outline`); what still
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
    data: bytes,
    settings_path: Path,
    profile: str,
    only: tuple[str, ...] | None,
    failed_what: str,
    detail: Callable[[Any], str] = lambda check: str(check.detail),
    warned: list[str] | None = None,
) -> str:
    """Run preflight on ``data``: "pass" or "warn"; raises with one problem per failed check
    (``detail``: what it says of a check); ``warned`` gets what the warnings of
    :data:`WARNINGS_TO_SAY` say."""
    report = _report(data, profile, only)
    if warned is not None:
        warned.extend(
            detail(c) for c in report.checks if c.status == "WARN" and c.id in WARNINGS_TO_SAY
        )
    failed = [c for c in report.checks if c.status == "FAIL"]
    if failed:
        raise LeafletError(
            [
                Problem(
                    f"{failed_what} ({c.id}"
                    + (f", pages {', '.join(map(str, c.pages))}" if c.pages else "")
                    + f"): {detail(c)}",
                    settings_path,
                )
                for c in failed
            ]
        )
    return "warn" if any(c.status == "WARN" for c in report.checks) else "pass"
