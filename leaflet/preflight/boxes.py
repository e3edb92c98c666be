"""Page boxes and page count: trim size, bleed, nesting, origin, a multiple of 4."""

from __future__ import annotations

from typing import Any

from ..errors import plural
from ..project import MM_PER_PT
from .pdfobjects import contains, inherited, page_box, size_mm
from .report import A4_LANDSCAPE_MM, A5_MM, BLEED_MM, SIZE_TOLERANCE_MM, Check, Status, fold


def check_page_boxes(pdf: Any, profile: str) -> Check:
    """Trim size, box nesting and the MediaBox origin, page by page."""
    findings: list[tuple[Status, int | None, str]] = []
    want = A5_MM if profile == "print" else A4_LANDSCAPE_MM
    want_text = "A5 148 × 210 mm" if profile == "print" else "A4 landscape 297 × 210 mm"
    for number, page in enumerate(pdf.pages, start=1):
        media = page_box(page, "/MediaBox")
        assert media is not None
        trim = page_box(page, "/TrimBox")
        crop = page_box(page, "/CropBox") or media  # (an inherited CropBox is not looked up)
        bleed = page_box(page, "/BleedBox") or crop
        if media[0] < 0 or media[1] < 0:
            findings.append(
                (
                    "FAIL" if profile == "print" else "WARN",
                    number,
                    "MediaBox has a negative origin — some tools show such pages shifted; "
                    "move the origin to 0,0",
                )
            )
        elif media[0] != 0 or media[1] != 0:
            findings.append(("WARN", number, "MediaBox origin is not at 0,0"))
        if trim is None:
            if profile == "print":
                findings.append(
                    ("FAIL", number, "no TrimBox — the printer cannot tell where to cut; add one")
                )
            trim = crop
        width, height = size_mm(trim)
        rotate = int(inherited(page, "/Rotate") or 0) % 180
        if profile == "office" and rotate:
            width, height = height, width
        if abs(width - want[0]) > SIZE_TOLERANCE_MM or abs(height - want[1]) > SIZE_TOLERANCE_MM:
            findings.append(
                (
                    "FAIL",
                    number,
                    f"page is {width:.1f} × {height:.1f} mm, not {want_text} — "
                    "set the page size in the document",
                )
            )
        if not contains(bleed, trim):
            findings.append(("FAIL", number, "BleedBox does not enclose the TrimBox"))
        if not contains(media, bleed):
            findings.append(("FAIL", number, "MediaBox does not enclose the BleedBox"))
        if profile == "print":
            margin = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2])
            margin = min(margin, bleed[3] - trim[3]) * MM_PER_PT
            if margin < 0.05:
                findings.append(
                    (
                        "WARN",
                        number,
                        "no bleed — colour or pictures that touch the edge need 3 mm bleed; "
                        "fine if nothing runs to the edge",
                    )
                )
            elif margin < BLEED_MM - 0.1:
                findings.append(
                    ("WARN", number, f"bleed is only {margin:.1f} mm — printers ask for 3 mm")
                )
    return fold("page-boxes", findings, f"every page is {want_text}, boxes nested correctly")


def check_page_count(pdf: Any, profile: str) -> Check:
    """A folded leaflet has a multiple of 4 pages; office and web files any number."""
    count = len(pdf.pages)
    if count == 0:
        return Check("page-count", "FAIL", (), "the file has no pages")
    if profile != "print":
        return Check("page-count", "PASS", (), plural(count, "page"))
    if count % 4:
        return Check(
            "page-count",
            "FAIL",
            (),
            f"{plural(count, 'page')} — a folded leaflet needs a multiple of 4 (4, 8, 12 …); "
            "add or remove pages",
        )
    return Check("page-count", "PASS", (), f"{count} pages, a multiple of 4")
