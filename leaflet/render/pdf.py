"""The render stage: HTML in, a laid-out WeasyPrint document and PDF bytes out.

Everything WeasyPrint does is fenced in here:

* it loads only files from the project's content and brand, the theme (the project's
  templates and styles, else leaflet's default: :mod:`leaflet.theme`) and ``data:``
  URLs, through one fetcher; anything else is refused;
* it draws with the theme's fonts only (``styles/fonts/fonts.conf``) and the brand's;
* anything it logs as a warning or error is a failed build, not a footnote;
* after layout, every page of the plan must have fit on its page (:mod:`.fit`).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .. import files, system
from ..content.raster import check_raster_bytes
from ..errors import LeafletError, Problem
from ..project import Project
from .fit import FitPlan, check_fit
from .stylesheets import ATTRIBUTE, Store, install

if TYPE_CHECKING:
    from weasyprint import Document
    from weasyprint.text.fonts import FontConfiguration


def _use_project_fonts(project: Project) -> None:
    """Point fontconfig at the theme's fonts (must happen before WeasyPrint loads), once
    the libraries WeasyPrint needs are known to be there (else: which, and how to get
    them, rather than an error from deep inside WeasyPrint)."""
    system.require_libraries()
    # fontTools (WeasyPrint subsets fonts with it) warns of harmless oddities in font files,
    # like a creation date of 1970 in Lato's: not the user's problem, and not a file:line.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    os.environ["FONTCONFIG_FILE"] = str(project.theme.file("styles/fonts/fonts.conf").resolve())


@dataclass
class Renderer:
    """Renders HTML of one project; keeps one font configuration across renders."""

    project: Project
    _font_config: FontConfiguration | None = None
    #: The stylesheets parsed for this font configuration (:mod:`.stylesheets`).
    stylesheets: Store = field(default_factory=Store)

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
        self.stylesheets.clear()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(self) -> None:
        """Load WeasyPrint and its libraries now (a second or so, the first time)."""
        self.font_config  # noqa: B018  (creating it imports WeasyPrint and Pango)

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

        install()
        fetcher = _sandboxed_fetcher(self.project)
        setattr(fetcher, ATTRIBUTE, self.stylesheets)
        with _logged_problems(source) as problems:
            document = HTML(string=html, base_url=str(base) + os.sep, url_fetcher=fetcher).render(
                font_config=self.font_config
            )
        if problems:
            raise LeafletError(problems)
        check_fit(document, source, plan)
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

    The streams are left uncompressed: every PDF leaflet makes is finished in
    :mod:`leaflet.prepress`, whose save compresses them (qpdf does it in a sixth of the
    time WeasyPrint takes, to the same size).
    """
    with _logged_problems(source) as problems:
        data: bytes = document.write_pdf(
            pdf_identifier=False, pdf_variant=variant, uncompressed_pdf=True
        )
    if problems:
        raise LeafletError(problems)
    return data


def write_tagged_pdf(document: Document, source: Path) -> bytes:
    """The PDF/UA-1 file of a rendered document: tagged, with what the HTML says of each
    element (see :mod:`.tagging`). Finish it with :mod:`leaflet.prepress.accessible`."""
    from .tagging import tagged

    with tagged(document):
        return write_pdf(document, source, "pdf/ua-1")


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
    left alone, and wins: replacing it would cancel it. Once the time is up the block
    ends with :class:`TimeLimit` even where something inside caught it (WeasyPrint logs
    and skips a picture whose drawing fails, whatever the reason).
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

    fired = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal fired
        if _in_finaliser(frame):
            # Raised in an object's __del__ (the garbage collector runs them at any
            # moment), it would be printed as "Exception ignored" and lost: try again
            # once the finaliser has finished.
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            return
        fired = True
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeLimit:
        raise
    except BaseException:
        if fired:
            raise TimeLimit from None
        raise
    else:
        if fired:
            raise TimeLimit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_finaliser(frame: Any) -> bool:
    """Whether ``frame`` runs inside some object's ``__del__``."""
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


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
    if (message := check_raster_bytes(data)) is not None:
        raise URLFetchingError(f"refused a picture from {url[:80]}: {message}")
    return URLFetcherResponse(response.url, data, response.headers, response.status)


def _sandboxed_fetcher(project: Project) -> Any:
    from weasyprint.urls import URLFetcher, URLFetchingError

    theme = project.theme
    allowed = [p.resolve() for p in (project.content, project.brand, *theme.roots())]

    class SandboxedFetcher(URLFetcher):  # type: ignore[misc]
        """Loads files from the project's own folders, the theme and data: URLs, nothing
        else; a theme file the project lacks is the default theme's."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                path = theme.locate(Path(unquote(urlsplit(url).path)).resolve()).resolve()
                if not any(path.is_relative_to(root) for root in allowed):
                    raise URLFetchingError(
                        f"refused to load {path}: only files inside content/ and brand/ of "
                        "the project and the theme (templates/, styles/) may be used"
                    )
                url = path.as_uri()
                if (what := files.what_it_is(path)) not in (None, "missing"):
                    raise URLFetchingError(f"refused to load {path}: it is {what}")
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
