"""Running a profile's checks on one PDF file."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import files
from ..steps import LOG
from .accessible import (
    check_figures_alt,
    check_fonts_unicode,
    check_headings,
    check_language,
    check_table_headers,
    check_tagged,
    check_title,
)
from .boxes import check_page_boxes, check_page_count
from .colour import (
    check_black_text,
    check_colour,
    check_ink,
    check_small_colour_text,
    check_transparency,
)
from .fonts import check_fonts
from .images import check_images
from .pdfx import check_output_intent, check_pdfx, pdfx_version
from .qr import qr_or_warn
from .report import CHECKS, PROFILES, QR_MIN_SHAPES, Check, PreflightError, Report
from .text import check_small_text, check_text_in_trim
from .walker import Scan, scan_pages

#: Each check and its time, for ``leaflet -v preflight`` (a build says its own steps).
STEPS = LOG.getChild("preflight")


def qr_pages(count: int, scan: Scan) -> list[int]:
    """The pages that can hold a QR code: a picture, or at least QR_MIN_SHAPES shapes.

    A QR code is at least 21 × 21 modules, three finder patterns of two rings and a
    square each: drawn as shapes, it is dozens of them, whether one per module, one per
    run of modules or its outlines traced. A page of text and a few boxes (or crop
    marks, which are stroked, not filled) cannot hold one, and is not rasterised.
    """
    return [page for page in range(1, count + 1) if scan.may_hold_qr(page, QR_MIN_SHAPES)]


def preflight(path: Path, profile: str = "print", only: Sequence[str] | None = None) -> Report:
    """Run the profile's checks on the PDF at ``path`` (``only``: just these of them).

    Raises :class:`PreflightError` when the file is missing, not a PDF or too damaged
    to open; every other finding is a check in the report.
    """
    if profile not in PROFILES:
        raise PreflightError(f"unknown profile {profile!r} — use one of {', '.join(PROFILES)}")
    import pikepdf

    what = files.what_it_is(path)
    if what == "missing":
        raise PreflightError(f"{path}: no such file — check the name and the folder")
    if what is not None:
        raise PreflightError(f"{path}: this is {what} — give the PDF file itself")
    try:
        head = files.read_bytes(path, 1024)
    except OSError as exc:
        raise PreflightError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if b"%PDF-" not in head[:1024]:
        raise PreflightError(f"{path}: not a PDF file (it does not start with %PDF-)")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise PreflightError(f"{path}: the PDF is password-protected — {exc}") from exc
    except (pikepdf.PdfError, OSError) as exc:
        raise PreflightError(f"{path}: cannot be read as a PDF ({exc})") from exc
    if len(pdf.pages) == 0:
        pdf.close()
        raise PreflightError(f"{path}: the PDF has no pages — there is nothing to check")
    try:
        import pypdfium2 as pdfium

        pdfium.PdfDocument(str(path)).close()  # the rasteriser the QR and text checks use
    except Exception as exc:  # pypdfium2 raises its own PdfiumError
        pdf.close()
        raise PreflightError(f"{path}: cannot be read as a PDF ({exc})") from exc
    wanted = [c for c in CHECKS[profile] if only is None or c in only]
    with pdf:
        scanned: list[Scan] = []

        def scan() -> Scan:
            if not scanned:  # one pass over the content streams, for the checks that need it
                scanned.append(scan_pages(pdf))
            return scanned[0]

        runs: dict[str, Callable[[], Check]] = {
            "page-boxes": lambda: check_page_boxes(pdf, profile),
            "page-count": lambda: check_page_count(pdf, profile),
            "fonts": lambda: check_fonts(pdf),
            "pdfx": lambda: check_pdfx(pdf),
            "output-intent": lambda: check_output_intent(pdf),
            "colour": lambda: check_colour(scan()),
            "black-text": lambda: check_black_text(scan()),
            "text-plates": lambda: check_small_colour_text(scan()),
            "transparency": lambda: check_transparency(scan(), pdfx_version(pdf)),
            "ink": lambda: check_ink(scan()),
            "images": lambda: check_images(scan()),
            "qr": lambda: qr_or_warn(path, profile, qr_pages(len(pdf.pages), scan())),
            "small-text": lambda: check_small_text(scan()),
            "text-in-trim": lambda: check_text_in_trim(pdf, path, profile),
            "fonts-unicode": lambda: check_fonts_unicode(pdf),
            "tagged": lambda: check_tagged(pdf),
            "language": lambda: check_language(pdf),
            "title": lambda: check_title(pdf),
            "figures-alt": lambda: check_figures_alt(pdf),
            "headings": lambda: check_headings(pdf),
            "table-headers": lambda: check_table_headers(pdf),
        }
        checks = []
        for name in wanted:
            started = time.monotonic()
            checks.append(runs[name]())
            STEPS.debug("%s (%.2f s)", name, time.monotonic() - started)
        if profile == "print" and pdf.is_encrypted:
            checks.append(
                Check(
                    "encryption",
                    "FAIL",
                    (),
                    "the file is encrypted — PDF/X forbids encryption and print shops "
                    "cannot process it; save it again without a password or restrictions",
                )
            )
    unreadable = scanned[0].unreadable if scanned else []
    if unreadable:
        page, message = unreadable[0]
        checks.append(
            Check(
                "content-streams",
                "WARN",
                tuple(sorted({p for p, _ in unreadable})),
                f"{len(unreadable)} content-stream parts could not be read (first, page "
                f"{page}: {message}); the checks above may have missed something there",
            )
        )
    return Report(str(path), profile, tuple(checks))
