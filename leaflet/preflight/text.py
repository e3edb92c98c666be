"""Text: nothing drawn too small to read."""

from __future__ import annotations

from ..project import MIN_TEXT_PT
from .report import Check
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
