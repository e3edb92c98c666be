"""QR codes: decoded from the rendered pages by zxing-cpp, and measured."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path
from typing import Any

from .report import (
    MIN_QR_MODULE_MM,
    MIN_QR_WIDTH_MM,
    QR_DPI,
    QR_QUIET_MODULES,
    QR_SEARCH_DPI,
    Check,
    Status,
    fold,
)

_QR_BYTE_CAPACITY_M = (14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412)


def check_qr(path: Path, profile: str, searched: Collection[int] | None = None) -> Check:
    """Decode every QR code from pages rasterised at printer resolution.

    ``searched`` (pages numbered from 1): only these can hold a code — the others draw no
    picture and too few shapes for one (see :meth:`.walker.Scan.may_hold_qr`), and are
    not rasterised. None: every page.
    """
    import pypdfium2 as pdfium
    import zxingcpp

    findings: list[tuple[Status, int | None, str]] = []
    found: list[str] = []
    pages: list[int] = []
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            if searched is not None and index + 1 not in searched:
                continue
            page = document[index]
            codes = _measured_codes(page, zxingcpp)
            page.close()
            for code, dpi in codes:
                number = index + 1
                pages.append(number)
                p = code.position
                corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
                side_px = min(
                    math.dist((a.x, a.y), (b.x, b.y))
                    for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
                )
                symbol_mm = side_px / dpi * 25.4
                extra = code.extra if isinstance(code.extra, dict) else {}
                version_text = str(extra.get("Version", ""))
                estimated = not version_text.isdigit()
                if estimated:
                    length = len(code.bytes)
                    version = next(
                        (v for v, cap in enumerate(_QR_BYTE_CAPACITY_M, 1) if length <= cap), 15
                    )
                else:
                    version = int(version_text)
                modules = 17 + 4 * version
                # zxing gives the corners of the symbol itself, without its quiet zone.
                module_mm = symbol_mm / modules
                whole_mm = module_mm * (modules + 2 * QR_QUIET_MODULES)
                how = " (version estimated from the text length)" if estimated else ""
                found.append(
                    f"{code.text!r}, symbol {symbol_mm:.1f} mm, {whole_mm:.1f} mm with its "
                    f"white margin, module {module_mm:.2f} mm{how}"
                )
                if profile != "web" and whole_mm < MIN_QR_WIDTH_MM - 0.05:
                    findings.append(
                        (
                            "WARN",
                            number,
                            f"QR code {code.text!r} is {whole_mm:.1f} mm across with its "
                            f"4-module white margin (symbol {symbol_mm:.1f} mm), under "
                            f"{MIN_QR_WIDTH_MM:.0f} mm — print it at least "
                            f"{MIN_QR_WIDTH_MM:.0f} mm across, margin included, so phones "
                            "read it at arm's length",
                        )
                    )
                if profile != "web" and module_mm < MIN_QR_MODULE_MM:
                    findings.append(
                        (
                            "FAIL",
                            number,
                            f"QR code {code.text!r} has {module_mm:.2f} mm modules, too small "
                            f"to scan reliably (at least {MIN_QR_MODULE_MM} mm) — print the "
                            f"symbol at least {MIN_QR_MODULE_MM * modules:.0f} mm wide, "
                            "plus its white margin",
                        )
                    )
    finally:
        document.close()
    if not found:
        return Check("qr", "PASS", (), "no QR code found")
    if findings:
        result = fold("qr", findings, "")
        return replace(result, detail=f"{result.detail}; decoded: " + "; ".join(found))
    return Check("qr", "PASS", tuple(sorted(set(pages))), "decoded: " + "; ".join(found))


def _read_qr(image: Any, zxingcpp: Any) -> list[Any]:
    return list(
        zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
    )


def _grey(bitmap: Any) -> Any:
    """A grey pdfium ``bitmap``'s pixels as zxing reads them: its own buffer, rows by
    columns (a Pillow image would be copied whole for zxing, 3 ms a page at 200 dpi)."""
    if bitmap.stride != bitmap.width:
        return bitmap.to_pil()
    return memoryview(bitmap.buffer).cast("B").cast("B", (bitmap.height, bitmap.width))


def _measured_codes(page: Any, zxingcpp: Any) -> list[tuple[Any, float]]:
    """The QR codes on ``page``, found at QR_SEARCH_DPI, each read again at QR_DPI.

    Each code comes with the resolution its corners are in (QR_DPI, or QR_SEARCH_DPI
    if the close-up could not be read).
    """
    bitmap = page.render(scale=QR_SEARCH_DPI / 72, grayscale=True)
    found = _read_qr(_grey(bitmap), zxingcpp)
    bitmap.close()
    width, height = page.get_size()
    measured: list[tuple[Any, float]] = []
    for code in found:
        p = code.position
        xs = [
            c.x * 72 / QR_SEARCH_DPI
            for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        ]
        ys = [
            c.y * 72 / QR_SEARCH_DPI
            for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        ]
        margin = 36.0  # points: room for the quiet zone and for the search's inaccuracy
        left, right = max(0.0, min(xs) - margin), min(width, max(xs) + margin)
        top, bottom = max(0.0, min(ys) - margin), min(height, max(ys) + margin)
        crop = (left, height - bottom, width - right, top)  # cut off: left, bottom, right, top
        bitmap = page.render(scale=QR_DPI / 72, grayscale=True, crop=crop)
        again = [c for c in _read_qr(_grey(bitmap), zxingcpp) if c.text == code.text]
        bitmap.close()
        measured.append((again[0], QR_DPI) if again else (code, QR_SEARCH_DPI))
    return measured


def qr_or_warn(path: Path, profile: str, searched: Collection[int] | None = None) -> Check:
    """check_qr, but a page pdfium cannot rasterise is a WARN, not a crash."""
    try:
        return check_qr(path, profile, searched)
    except Exception as exc:  # pypdfium2 raises its own PdfiumError, among others
        return Check(
            "qr",
            "WARN",
            (),
            f"the pages could not be rasterised to look for QR codes ({exc}) — "
            "check any QR code by hand",
        )
