"""Checks on a finished PDF, whoever made it: boxes, pages, fonts, colour, images, QR.

``preflight(path, profile)`` opens any PDF (not only one leaflet built) and returns a
:class:`Report`: one :class:`Check` per rule, each PASS, WARN or FAIL with the pages
concerned and one plain-language line saying what is wrong and what to do.

Profiles:

- ``print``: a print shop's rules for a folded A5 leaflet (A5 trim, bleed, a multiple
  of 4 pages, PDF/X-4 basics and output intent, CMYK only, no rich black text, 300 % ink,
  300 ppi, QR module and symbol size).
- ``office``: an A4-landscape file for an office printer (no CMYK, output-intent or
  bleed checks; any page count).
- ``web``: a screen PDF (fonts embedded, QR decodes, text size, page count) and what a
  screen reader needs: tags, language, title, alt text, heading order, table headers,
  fonts with Unicode maps (:mod:`.accessible`).

The structure is read with pikepdf; the QR codes are decoded by zxing-cpp from pages
rasterised by pypdfium2. All three are imported only when a check runs, so
``leaflet --help`` stays fast. Nothing here knows how leaflet builds its PDFs.

The modules: :mod:`.report` (the report and the limits), :mod:`.pdfobjects` and
:mod:`.walker` (reading the file: objects, and one pass over the content streams),
then one module per family of checks: :mod:`.boxes`, :mod:`.fonts`, :mod:`.pdfx`,
:mod:`.colour`, :mod:`.images`, :mod:`.qr`, :mod:`.text`, :mod:`.accessible`; :mod:`.run`
runs a profile.
"""

from __future__ import annotations

from .report import CHECKS, PROFILES, Check, PreflightError, Report, format_table
from .run import preflight

__all__ = ["CHECKS", "PROFILES", "Check", "PreflightError", "Report", "format_table", "preflight"]
