"""What a preflight run reports, and the limits it checks against, in one place.

A :class:`Report` holds one :class:`Check` per rule, each PASS, WARN or FAIL with the
pages concerned and one plain-language line saying what is wrong and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ..project import A5_HEIGHT_MM, A5_WIDTH_MM

Status = Literal["PASS", "WARN", "FAIL"]
PROFILES = ("print", "office", "web")

A5_MM = (A5_WIDTH_MM, A5_HEIGHT_MM)
A4_LANDSCAPE_MM = (297.0, 210.0)
SIZE_TOLERANCE_MM = 0.1
BLEED_MM = 3.0
MAX_INK = 300.0
MIN_PPI = 300.0
POOR_PPI = 150.0
#: Pages are searched for QR codes at this resolution: a 0.4 mm module is 3 pixels,
#: which zxing reads (codes with modules under about 0.25 mm may not be found; they
#: fail on paper anyway). Searching whole pages at 600 dpi cost twenty times as much.
QR_SEARCH_DPI = 200
#: Each code found is rendered again at this resolution, alone, to measure it.
QR_DPI = 600
#: Filled shapes a page must draw (or a picture) to be searched for a QR code drawn as
#: shapes: its three finder patterns alone are nine outlines, its modules many more.
QR_MIN_SHAPES = 40
MIN_QR_MODULE_MM = 0.4
MIN_QR_WIDTH_MM = 20.0  # the symbol with its 4-module quiet zone
QR_QUIET_MODULES = 4
#: Text under this size on three or four plates blurs when the plates are slightly out
#: of register; printers ask for 100 % K or a colour of at most two plates for it.
SMALL_TEXT_PT = 12.0
RANK = {"PASS": 0, "WARN": 1, "FAIL": 2}

#: Which checks each profile runs, in report order.
CHECKS: dict[str, tuple[str, ...]] = {
    "print": (
        "page-boxes",
        "page-count",
        "fonts",
        "pdfx",
        "output-intent",
        "colour",
        "black-text",
        "text-plates",
        "transparency",
        "ink",
        "images",
        "qr",
        "small-text",
        "text-in-trim",
    ),
    "office": ("page-boxes", "page-count", "fonts", "images", "qr", "small-text", "text-in-trim"),
    "web": (
        "page-count",
        "fonts",
        "fonts-unicode",
        "tagged",
        "language",
        "title",
        "figures-alt",
        "headings",
        "table-headers",
        "qr",
        "small-text",
        "text-in-trim",
    ),
}
#: The checks a screen reader needs (PDF/UA), which the web profile adds.
ACCESSIBILITY_CHECKS = (
    "fonts-unicode",
    "tagged",
    "language",
    "title",
    "figures-alt",
    "headings",
    "table-headers",
)
ALL_CHECKS = CHECKS["print"] + ACCESSIBILITY_CHECKS


class PreflightError(Exception):
    """The file could not be checked at all (missing, not a PDF, damaged)."""


@dataclass(frozen=True)
class Check:
    """The result of one rule: its id, PASS/WARN/FAIL, the pages concerned and why."""

    id: str
    status: Status
    pages: tuple[int, ...]
    detail: str


@dataclass(frozen=True)
class Report:
    """Every check run on one file under one profile."""

    file: str
    profile: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings are allowed)."""
        return all(c.status != "FAIL" for c in self.checks)

    @property
    def skipped(self) -> tuple[str, ...]:
        """Checks the profile does not run."""
        return tuple(c for c in ALL_CHECKS if c not in CHECKS[self.profile])

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "profile": self.profile,
            "ok": self.ok,
            "checks": [
                {"id": c.id, "status": c.status, "pages": list(c.pages), "detail": c.detail}
                for c in self.checks
            ],
        }


def pages_text(pages: Iterable[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    numbers = sorted(set(pages))
    runs: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and (n is None or n != prev + 1):  # type: ignore[operator]
            runs.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(runs)


def fold(check_id: str, findings: list[tuple[Status, int | None, str]], ok: str) -> Check:
    """Fold (status, page, message) findings into one row; ``ok`` is the PASS detail."""
    if not findings:
        return Check(check_id, "PASS", (), ok)
    worst: Status = max((f[0] for f in findings), key=lambda s: RANK[s])
    pages = tuple(sorted({p for s, p, _ in findings if p is not None and s == worst}))
    messages: dict[str, list[int]] = {}
    for status, page, message in findings:
        if status == worst:
            messages.setdefault(message, [])
            if page is not None:
                messages[message].append(page)
    parts = []
    for message, where in messages.items():
        word = "page" if len(set(where)) == 1 else "pages"
        parts.append(f"{message} ({word} {pages_text(where)})" if where else message)
    others = sum(1 for f in findings if f[0] != worst)
    detail = "; ".join(parts)
    if others:
        detail += f"; and {others} less serious finding{'s' if others != 1 else ''}"
    return Check(check_id, worst, pages, detail)


def format_table(report: Report) -> str:
    """The report as a table for the terminal: status, check, pages, detail."""
    rows = [(c.status, c.id, pages_text(c.pages) or "–", c.detail) for c in report.checks]
    width_id = max([len("check"), *(len(r[1]) for r in rows)])
    width_pages = max([len("pages"), *(len(r[2]) for r in rows)])
    lines = [
        f"{report.file} — profile {report.profile}",
        f"{'status':<6}  {'check':<{width_id}}  {'pages':<{width_pages}}  detail",
    ]
    lines += [f"{s:<6}  {i:<{width_id}}  {p:<{width_pages}}  {d}" for s, i, p, d in rows]
    if report.skipped:
        lines.append(f"not checked for the {report.profile} profile: {', '.join(report.skipped)}")
    fails = sum(c.status == "FAIL" for c in report.checks)
    warns = sum(c.status == "WARN" for c in report.checks)
    lines.append(
        "result: "
        + ("ok" if report.ok else "not ok")
        + f" — {fails} failed, {warns} warning{'s' if warns != 1 else ''}"
    )
    return "\n".join(lines)
