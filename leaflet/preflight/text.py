"""Text: nothing drawn too small to read, nothing drawn where it is cut off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..project import MIN_TEXT_PT, MM_PER_PT
from .pdfobjects import page_box
from .report import Check, Status, fold
from .walker import Scan


def check_small_text(scan: Scan) -> Check:
    """No visible text below 6 pt (font size × text matrix × CTM) inside the TrimBox.

    Text that starts outside the TrimBox (slug lines, marks) is cut off, so not measured.
    """
    outside = len(scan.text_outside_trim)
    note = (
        f" ({outside} text run{'s' if outside != 1 else ''} outside the trim, in the part "
        "cut off, not measured)"
        if outside
        else ""
    )
    if not scan.text_sizes:
        what = "no text inside the trim" if outside else "no text drawn with fonts"
        return Check("small-text", "PASS", (), what + note)
    smallest, page = min(scan.text_sizes)
    small = sorted({p for size, p in scan.text_sizes if size < MIN_TEXT_PT - 0.01})
    if small:
        return Check(
            "small-text",
            "FAIL",
            tuple(small),
            f"text as small as {smallest:.1f} pt on page {page}, below {MIN_TEXT_PT:.0f} pt — "
            "make it larger (patient leaflets: body text 10–12 pt)",
        )
    return Check("small-text", "PASS", (), f"smallest text {smallest:.1f} pt{note}")


def check_text_in_trim(pdf: Any, path: Path, profile: str) -> Check:
    """No text drawn outside the trim, where it would be cut off or off the page.

    Each character's box (pypdfium2, from the glyphs drawn) must lie inside the TrimBox
    (or the page, when there is none). In a print file, text beyond the BleedBox is
    the slug line with the marks, outside the printed sheet, and is not counted;
    text between the trim and the bleed would be cut in two.
    """
    import pypdfium2 as pdfium

    findings: list[tuple[Status, int | None, str]] = []
    document = pdfium.PdfDocument(str(path))
    try:
        for number, (page, drawn) in enumerate(zip(pdf.pages, document, strict=True), start=1):
            media = page_box(page, "/MediaBox") or (0.0, 0.0, *drawn.get_size())
            trim = page_box(page, "/TrimBox") or page_box(page, "/CropBox") or media
            bleed = page_box(page, "/BleedBox") if profile == "print" else None
            text = drawn.get_textpage()
            worst, sample = 0.0, ""
            # The text's rectangles (each covers a run of characters on a line) first: a
            # page whose rectangles are all inside is done without a look at each glyph.
            rects = [text.get_rect(i) for i in range(text.count_rects())]
            if all(_placed(rect, media, trim, bleed) <= TRIM_TOLERANCE_PT for rect in rects):
                text.close()
                continue
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if not char.strip():
                    continue
                left, bottom, right, top = text.get_charbox(index)
                # pdfium's boxes are from the page's lower-left corner, as the MediaBox's
                left, right = left + media[0], right + media[0]
                bottom, top = bottom + media[1], top + media[1]
                if bleed is not None and (
                    right <= bleed[0] or left >= bleed[2] or top <= bleed[1] or bottom >= bleed[3]
                ):
                    continue  # the slug, beside the marks: never printed on the sheet
                over = max(trim[0] - left, right - trim[2], trim[1] - bottom, top - trim[3])
                if over > TRIM_TOLERANCE_PT and over > worst:
                    worst = over
                    sample = text.get_text_range(max(0, index - 10), 24).replace("\n", " ")
            text.close()
            if worst:
                findings.append(
                    (
                        "FAIL",
                        number,
                        f"text runs {worst * MM_PER_PT:.0f} mm outside the trim "
                        f'("{sample.strip()}") — it would be cut off; make the text fit its page',
                    )
                )
    finally:
        document.close()
    return fold("text-in-trim", findings, "all text inside the trim")


def _placed(
    box: tuple[float, float, float, float],
    media: tuple[float, float, float, float],
    trim: tuple[float, float, float, float],
    bleed: tuple[float, float, float, float] | None,
) -> float:
    """How far a box of pdfium's runs past the trim (0 or less: inside; beyond the
    bleed, in the slug, counts as inside: it is never printed on the sheet)."""
    left, bottom, right, top = box
    left, right = left + media[0], right + media[0]
    bottom, top = bottom + media[1], top + media[1]
    if bleed is not None and (
        right <= bleed[0] or left >= bleed[2] or top <= bleed[1] or bottom >= bleed[3]
    ):
        return 0.0
    return max(trim[0] - left, right - trim[2], trim[1] - bottom, top - trim[3])


#: Glyph boxes may reach this far past the trim (a quarter of a millimetre), in points.
TRIM_TOLERANCE_PT = 0.7
