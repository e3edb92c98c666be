"""Images: each placed picture has enough pixels for the size it is printed at."""

from __future__ import annotations

from .report import MIN_PPI, POOR_PPI, Check, Status, fold
from .walker import Scan


def check_images(scan: Scan) -> Check:
    """Each placed image has at least 300 ppi at the size it is printed."""
    findings: list[tuple[Status, int | None, str]] = []
    for page, label, width, height, width_mm, height_mm in scan.images:
        ppi = min(width / width_mm, height / height_mm) * 25.4
        if ppi < MIN_PPI - 0.5:
            status: Status = "FAIL" if ppi < POOR_PPI else "WARN"
            findings.append(
                (
                    status,
                    page,
                    f"image {label} ({width} × {height} px placed at {width_mm:.0f} × "
                    f"{height_mm:.0f} mm) is {ppi:.0f} ppi, below {MIN_PPI:.0f} — "
                    "use a larger picture or place it smaller",
                )
            )
    if not scan.images:
        return Check("images", "PASS", (), "no images placed")
    return fold("images", findings, f"all {len(scan.images)} placed images at 300 ppi or more")
