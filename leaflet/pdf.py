"""The render stage: HTML in, a laid-out WeasyPrint document and PDF bytes out.

Everything WeasyPrint does is fenced in here:

* it loads only files from the project's own folders (content, templates, styles)
  and ``data:`` URLs, through one fetcher; anything else is refused;
* it draws with the project's fonts only (``styles/fonts/fonts.conf``);
* anything it logs as a warning or error is a failed build, not a footnote;
* after layout, every page of the plan must have fit on its page.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .errors import LeafletError, Problem
from .project import A5_HEIGHT_MM, A5_WIDTH_MM, Project

if TYPE_CHECKING:
    from weasyprint import Document
    from weasyprint.text.fonts import FontConfiguration

PX_PER_MM = 96 / 25.4


def _use_project_fonts(project: Project) -> None:
    """Point fontconfig at the project's fonts (must happen before WeasyPrint loads)."""
    os.environ["FONTCONFIG_FILE"] = str(project.fonts / "fonts.conf")


@dataclass
class Renderer:
    """Renders HTML of one project; keeps one font configuration across renders."""

    project: Project
    _font_config: FontConfiguration | None = None

    def __post_init__(self) -> None:
        _use_project_fonts(self.project)

    @property
    def font_config(self) -> FontConfiguration:
        if self._font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self._font_config = FontConfiguration()
        return self._font_config

    def render(
        self, html: str, base: Path, source: Path, pages: Sequence[tuple[str, Path]]
    ) -> Document:
        """Lay out ``html`` as if saved in the folder ``base``.

        ``source`` names the content the HTML came from (for messages); ``pages``
        gives, for each planned page, a description and the file whose text is on it
        (for the message when a page does not fit).
        """
        from weasyprint import HTML

        fetcher = _sandboxed_fetcher(self.project)
        with _logged_problems(source) as problems:
            document = HTML(string=html, base_url=str(base) + os.sep, url_fetcher=fetcher).render(
                font_config=self.font_config
            )
        if problems:
            raise LeafletError(problems)
        if pages:
            _check_fit(document, source, pages)
        return document


def write_pdf(document: Document, source: Path, variant: str | None = None) -> bytes:
    """The PDF of a rendered document, optionally as a PDF/X ``variant``.

    What WeasyPrint logs is an error. Writing does not lay the pages out again, so
    several files can be written from one render.
    """
    with _logged_problems(source) as problems:
        data: bytes = document.write_pdf(pdf_identifier=False, pdf_variant=variant)
    if problems:
        raise LeafletError(problems)
    return data


# --- logged problems ------------------------------------------------------------------


class _Capture(logging.Handler):
    def __init__(self, source: Path) -> None:
        super().__init__(logging.WARNING)
        self.source = source
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        problem = Problem(f"the renderer reported a problem: {message}", self.source)
        if problem not in self.problems:
            self.problems.append(problem)


@contextmanager
def _logged_problems(source: Path) -> Iterator[list[Problem]]:
    logger = logging.getLogger("weasyprint")
    capture = _Capture(source)
    propagate = logger.propagate
    logger.addHandler(capture)
    logger.propagate = False
    try:
        yield capture.problems
    finally:
        logger.removeHandler(capture)
        logger.propagate = propagate


# --- resources -------------------------------------------------------------------------


def _sandboxed_fetcher(project: Project) -> Any:
    from weasyprint.urls import URLFetcher, URLFetchingError

    allowed = [p.resolve() for p in (project.content, project.templates, project.styles)]

    class SandboxedFetcher(URLFetcher):  # type: ignore[misc]
        """Loads files from the project's own folders and data: URLs, nothing else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in allowed):
                    return super().fetch(url, headers)
                raise URLFetchingError(
                    f"refused to load {path}: only files inside content/, templates/ and "
                    "styles/ of the project may be used"
                )
            raise URLFetchingError(
                f"refused to load {url}: leaflet does not fetch anything from the network — "
                "put the file in the project and refer to it by its path"
            )

    return SandboxedFetcher()


# --- fit ---------------------------------------------------------------------------------


def _check_fit(document: Document, source: Path, pages: Sequence[tuple[str, Path]]) -> None:
    """Every planned page must be one A5 page, with nothing running past its edge."""
    problems: list[Problem] = []
    for page in document.pages:
        width_mm, height_mm = page.width / PX_PER_MM, page.height / PX_PER_MM
        if abs(width_mm - A5_WIDTH_MM) > 0.1 or abs(height_mm - A5_HEIGHT_MM) > 0.1:
            raise LeafletError.at(
                f"pages are {width_mm:.1f} × {height_mm:.1f} mm, not A5 (148 × 210 mm) — "
                "check @page size in the styles",
                source,
            )
    starts = _page_starts(document)
    for index, (description, path) in enumerate(pages):
        first = starts.get(index + 1)
        following = starts.get(index + 2, len(document.pages))
        if first is None:
            continue
        if following - first > 1:
            extra = following - first - 1
            problems.append(
                Problem(
                    f"page {index + 1} ({description}) does not fit on one page: its text "
                    f"runs onto {extra} more page{'s' if extra > 1 else ''} — shorten the "
                    "text or move a section to another page",
                    path,
                )
            )
        else:
            over = _overflow_mm(document.pages[first])
            if over > 0.5:
                problems.append(
                    Problem(
                        f"page {index + 1} ({description}) is {over:.0f} mm too long: "
                        "something runs past the bottom of the page — shorten the text",
                        path,
                    )
                )
    if problems:
        raise LeafletError(problems)
    if len(document.pages) != len(pages):
        raise LeafletError.at(
            f"the leaflet came out with {len(document.pages)} pages instead of the "
            f"{len(pages)} in the page plan",
            source,
        )


def _page_starts(document: Document) -> dict[int, int]:
    """Planned page number → index of the rendered page it starts on."""
    starts: dict[int, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("page-") and anchor[5:].isdigit():
                starts.setdefault(int(anchor[5:]), index)
    return starts


def _overflow_mm(page: Any) -> float:
    """How far the lowest box on ``page`` reaches past the bottom of the sheet."""
    page_box = page._page_box  # WeasyPrint 70 internals: the laid-out box tree
    limit = page_box.margin_height()
    lowest = 0.0

    def walk(box: Any) -> None:
        nonlocal lowest
        if hasattr(box, "position_y") and hasattr(box, "margin_height"):
            bottom = box.position_y + box.margin_height() - (box.margin_bottom or 0)
            lowest = max(lowest, bottom)
        for child in getattr(box, "children", ()):
            walk(child)

    for child in page_box.children:
        if type(child).__name__ != "MarginBox":  # page numbers live outside the page area
            walk(child)
    return max(0.0, float(lowest - limit) / PX_PER_MM)
