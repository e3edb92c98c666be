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
import re
import shutil
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from . import pictures
from .errors import LeafletError, Problem
from .project import A5_HEIGHT_MM, A5_WIDTH_MM, Project

if TYPE_CHECKING:
    from weasyprint import Document
    from weasyprint.text.fonts import FontConfiguration

PX_PER_MM = 96 / 25.4


def _use_project_fonts(project: Project) -> None:
    """Point fontconfig at the project's fonts (must happen before WeasyPrint loads)."""
    os.environ["FONTCONFIG_FILE"] = str((project.fonts / "fonts.conf").resolve())


@dataclass
class Renderer:
    """Renders HTML of one project; keeps one font configuration across renders."""

    project: Project
    _font_config: FontConfiguration | None = None

    def __post_init__(self) -> None:
        _use_project_fonts(self.project)

    def close(self) -> None:
        """Remove the folder of font copies WeasyPrint made for this renderer, now.

        WeasyPrint removes it when the font configuration is garbage-collected; this
        does it at a known moment. (Worker processes, which exit without collecting,
        have a temporary folder of their own that the main process removes.)
        """
        folder = getattr(self._font_config, "_folder", None)  # WeasyPrint 70 internals
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            self._font_config = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def font_config(self) -> FontConfiguration:
        if self._font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self._font_config = FontConfiguration()
        return self._font_config

    def render(self, html: str, base: Path, source: Path, plan: FitPlan | None) -> Document:
        """Lay out ``html`` as if saved in the folder ``base``.

        ``source`` names the content the HTML came from (for messages); ``plan`` says
        what must fit on each page (None: no such check). Raises :class:`DoesNotFit`
        when a page's text runs past its page.
        """
        from weasyprint import HTML

        fetcher = _sandboxed_fetcher(self.project)
        with _logged_problems(source) as problems:
            document = HTML(string=html, base_url=str(base) + os.sep, url_fetcher=fetcher).render(
                font_config=self.font_config
            )
        if problems:
            raise LeafletError(problems)
        _check_fit(document, source, plan)
        return document

    def check_stylesheet(self, path: Path) -> None:
        """Read a leaflet's own stylesheet as WeasyPrint will; what it ignores is a problem.

        Rendering would report a bad declaration without saying which file it is in;
        read on its own, each problem gets this file and its line and column.
        """
        from weasyprint import CSS

        with _logged_problems(path) as problems:
            CSS(filename=str(path), url_fetcher=_sandboxed_fetcher(self.project))
        if problems:
            raise LeafletError(problems)


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


# --- time limit -------------------------------------------------------------------------


class TimeLimit(BaseException):
    """The time allowed for one edition ran out.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` inside
    WeasyPrint swallows it.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimit` in this block once ``seconds`` have passed (None: no limit).

    Uses the interval timer, so it works in the main thread of a process only; elsewhere
    the block runs without a limit. A timer already running (a caller's own limit) is
    left alone, and wins: replacing it would cancel it.
    """
    usable = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return
    assert seconds is not None

    def stop(signum: int, frame: object) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- logged problems ------------------------------------------------------------------


#: Where WeasyPrint says a CSS problem is: "Ignored `colr: red` at 3:6, unknown property."
_CSS_AT = re.compile(r" at (\d+):(\d+),? ")
_CSS_IGNORED = re.compile(r"^Ignored `(.*)`, (.*?)\.?$")


class _Capture(logging.Handler):
    def __init__(self, source: Path) -> None:
        super().__init__(logging.WARNING)
        self.source = source
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        line = column = None
        text = f"the renderer reported a problem: {message}"
        if self.source.suffix == ".css" and (at := _CSS_AT.search(message)):
            line, column = int(at[1]), int(at[2])
            message = _CSS_AT.sub(", ", message, count=1).replace(", , ", ", ")
            ignored = _CSS_IGNORED.match(message)
            text = (
                f"this CSS cannot be used: {ignored[1]} ({ignored[2]}) — correct it or delete it"
                if ignored
                else f"the renderer reported a problem: {message}"
            )
        problem = Problem(text, self.source, line, column)
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


#: The largest file the renderer may load (fonts are about 0.5 MB, pictures at most 5 MB).
MAX_RESOURCE_BYTES = 20_000_000


def _checked(url: str, response: Any) -> Any:
    """``response`` read into memory, refused if too large or a raster picture too big."""
    from weasyprint.urls import URLFetcherResponse, URLFetchingError

    try:
        data = response.read(MAX_RESOURCE_BYTES + 1)
    finally:
        response.close()
    if len(data) > MAX_RESOURCE_BYTES:
        raise URLFetchingError(f"refused to load {url[:80]}: it is too large")
    if (message := pictures.check_raster_bytes(data)) is not None:
        raise URLFetchingError(f"refused a picture from {url[:80]}: {message}")
    return URLFetcherResponse(response.url, data, response.headers, response.status)


def _sandboxed_fetcher(project: Project) -> Any:
    from weasyprint.urls import URLFetcher, URLFetchingError

    allowed = [p.resolve() for p in (project.content, project.templates, project.styles)]

    class SandboxedFetcher(URLFetcher):  # type: ignore[misc]
        """Loads files from the project's own folders and data: URLs, nothing else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in allowed):
                    raise URLFetchingError(
                        f"refused to load {path}: only files inside content/, templates/ and "
                        "styles/ of the project may be used"
                    )
                if path.is_file() and path.stat().st_size > MAX_RESOURCE_BYTES:
                    raise URLFetchingError(
                        f"refused to load {path}: it is over {MAX_RESOURCE_BYTES // 10**6} MB"
                    )
            elif scheme != "data":
                raise URLFetchingError(
                    f"refused to load {url}: leaflet does not fetch anything from the network "
                    "— put the file in the project and refer to it by its path"
                )
            return _checked(url, super().fetch(url, headers))

    return SandboxedFetcher()


# --- fit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PagePlan:
    """What should fit on one page: its sections, and the words file of the last one."""

    sections: tuple[str, ...]
    path: Path


@dataclass(frozen=True)
class FitPlan:
    """The planned pages of one edition, and how to speak of its language and lines."""

    pages: Sequence[PagePlan]
    language: str  # "English"
    line_mm: float  # the height of one line of body text


class DoesNotFit(LeafletError):
    """Some page's text runs past its page."""


def _check_fit(document: Document, source: Path, plan: FitPlan | None) -> None:
    """Every planned page must be one A5 page, with nothing running past its edge."""
    if plan is None:
        return
    for page in document.pages:
        width_mm, height_mm = page.width / PX_PER_MM, page.height / PX_PER_MM
        if abs(width_mm - A5_WIDTH_MM) > 0.1 or abs(height_mm - A5_HEIGHT_MM) > 0.1:
            raise LeafletError.at(
                f"pages are {width_mm:.1f} × {height_mm:.1f} mm, not A5 (148 × 210 mm) — "
                "check @page size in the styles",
                source,
            )
    problems: list[Problem] = []
    starts = _page_starts(document)
    for index, page in enumerate(plan.pages):
        first = starts.get(index + 1)
        following = starts.get(index + 2, len(document.pages))
        if first is None:
            continue
        over = _overflow_mm(document.pages[first])
        if following - first > 1:
            # What runs onto extra pages, less the room the first page left unused
            # (the text broke before it to keep a whole line or paragraph together).
            spill = sum(_used_mm(document.pages[i]) for i in range(first + 1, following))
            over += max(plan.line_mm, spill - _unused_mm(document.pages[first]))
        if over > 0.5:
            lines = max(1, round(over / plan.line_mm))
            several = len(page.sections) > 1
            problems.append(
                Problem(
                    f'section "{page.sections[-1]}" is {over:.0f} mm (about {lines} '
                    f"line{'s' if lines > 1 else ''}) too long for page {index + 1} in "
                    f"{plan.language} — shorten the text by about {lines} "
                    f"line{'s' if lines > 1 else ''}"
                    + (f" (on this page: {', '.join(page.sections)})" if several else ""),
                    page.path,
                )
            )
    if problems:
        raise DoesNotFit(problems)
    if len(document.pages) != len(plan.pages):
        raise LeafletError.at(
            f"the leaflet came out with {len(document.pages)} pages instead of the "
            f"{len(plan.pages)} in the page plan",
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


def _content_boxes(page: Any) -> Iterator[Any]:
    """Every laid-out box of ``page`` outside the margin boxes (page numbers)."""

    def walk(box: Any) -> Iterator[Any]:
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    for child in page._page_box.children:  # WeasyPrint 70 internals: the laid-out box tree
        if type(child).__name__ != "MarginBox":
            yield from walk(child)


def _lowest(page: Any) -> float:
    """The bottom of the lowest line, picture or empty box on ``page``.

    Only boxes without children count: a block split across pages is stretched to
    the bottom of the text area on the page it leaves, whatever it holds.
    """
    lowest = 0.0
    for box in _content_boxes(page):
        if getattr(box, "children", None) and type(box).__name__ != "LineBox":
            continue
        if hasattr(box, "position_y") and hasattr(box, "margin_height"):
            bottom = box.position_y + box.margin_height() - (box.margin_bottom or 0)
            lowest = max(lowest, bottom)
    return float(lowest)


def _overflow_mm(page: Any) -> float:
    """How far the lowest box on ``page`` reaches past the bottom of the sheet."""
    limit = page._page_box.margin_height()
    return max(0.0, float(_lowest(page) - limit) / PX_PER_MM)


def _unused_mm(page: Any) -> float:
    """The room left below the lowest line of ``page``'s text area."""
    box = page._page_box
    bottom = box.content_box_y() + box.height
    return max(0.0, float(bottom - _lowest(page)) / PX_PER_MM)


def _used_mm(page: Any) -> float:
    """How much of an overflow page's text area the runaway text takes."""
    top = page._page_box.content_box_y()
    return max(0.0, float(_lowest(page) - top) / PX_PER_MM)
