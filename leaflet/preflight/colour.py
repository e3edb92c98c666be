"""Colour and ink: no RGB or Lab, no rich black text, transparency, total ink."""

from __future__ import annotations

from dataclasses import replace

from .report import MAX_INK, SMALL_TEXT_PT, Check, fold, pages_text
from .walker import CMYK, Scan


def check_colour(scan: Scan) -> Check:
    """No RGB or Lab colour anywhere: content streams, images, gradients."""
    result = fold(
        "colour", scan.colour, "no RGB or Lab colour found (content, images, gradients scanned)"
    )
    if result.status == "PASS":
        return result
    advice = " — convert to CMYK (in CSS and SVG: device-cmyk colours)"
    return replace(result, detail=result.detail + advice)


def check_black_text(scan: Scan) -> Check:
    """Text is 100 % K, not rich black (K at 90 % or more with C, M or Y added)."""
    if not scan.rich_black:
        return Check("black-text", "PASS", (), "no rich black text")
    pages = sorted({p for p, _ in scan.rich_black})
    colours = list(dict.fromkeys(colour for _, colour in scan.rich_black))
    labels, more = _named(colours)
    word = "page" if len(pages) == 1 else "pages"
    return Check(
        "black-text",
        "WARN",
        tuple(pages),
        f"text on {word} {pages_text(pages)} is rich black ({', '.join(labels)}{more}) — "
        "printers ask for 100 % K text; set black text to device-cmyk(0 0 0 1)",
    )


def _named(colours: list[CMYK]) -> tuple[list[str], str]:
    """The first three colours as "C 90 M 45 Y 20 K 30", and " and N more" for the rest."""
    labels = [
        "C {:.0f} M {:.0f} Y {:.0f} K {:.0f}".format(*(v * 100 for v in colour))
        for colour in colours[:3]
    ]
    return labels, f" and {len(colours) - 3} more" if len(colours) > 3 else ""


def check_small_colour_text(scan: Scan) -> Check:
    """Text under about 12 pt is 100 % K or a colour of at most two plates."""
    if not scan.small_on_plates:
        return Check(
            "text-plates",
            "PASS",
            (),
            f"text under {SMALL_TEXT_PT:g} pt is on one or two plates",
        )
    pages = sorted({p for p, _, _ in scan.small_on_plates})
    colours = list(dict.fromkeys(colour for _, colour, _ in scan.small_on_plates))
    labels, more = _named(colours)
    smallest = min(size for _, _, size in scan.small_on_plates)
    word = "page" if len(pages) == 1 else "pages"
    return Check(
        "text-plates",
        "WARN",
        tuple(pages),
        f"text under {SMALL_TEXT_PT:g} pt (from {smallest:.1f} pt) on {word} {pages_text(pages)} "
        f"is printed on three or four plates ({', '.join(labels)}{more}), which blurs when "
        "the plates are slightly out of register — use 100 % K or a colour of at most two "
        "plates for small text",
    )


def check_transparency(scan: Scan, pdfx: str) -> Check:
    """Transparency is allowed by PDF/X-4 and forbidden by PDF/X-1a."""
    if not scan.transparency:
        return Check("transparency", "PASS", (), "no transparency")
    pages = tuple(sorted({p for p, _ in scan.transparency}))
    kinds = list(dict.fromkeys(m for _, m in scan.transparency))
    what = ", ".join(kinds[:3]) + (f" and {len(kinds) - 3} more" if len(kinds) > 3 else "")
    if pdfx.upper().startswith(("PDF/X-1", "PDF/X-3")):  # both forbid transparency
        return Check(
            "transparency",
            "FAIL",
            pages,
            f"transparency ({what}) in a file that claims {pdfx}, which forbids it — "
            "flatten the transparency or deliver PDF/X-4",
        )
    return Check(
        "transparency",
        "WARN",
        pages,
        f"transparency ({what}) — fine for PDF/X-4, not for printers that ask for PDF/X-1a",
    )


def check_ink(scan: Scan) -> Check:
    """The largest C+M+Y+K of any vector fill or stroke colour."""
    note = "vector colours only; images are not measured"
    if not scan.ink:
        return Check("ink", "PASS", (), f"no CMYK colours set ({note})")
    worst, page = max(scan.ink)
    over = sorted({p for total, p in scan.ink if total > MAX_INK + 0.05})
    if over:
        return Check(
            "ink",
            "FAIL",
            tuple(over),
            f"total ink up to {worst:.0f} % on page {page}, more than {MAX_INK:.0f} % — "
            f"reduce the CMYK values ({note})",
        )
    return Check("ink", "PASS", (), f"total ink at most {worst:.0f} % ({note})")
