"""The manual on this computer: its pages travel with leaflet, so `leaflet manual` can
show them to someone who installed it with pipx and never saw its source.

The pages are the Markdown files of the source's ``docs/`` (the same ones ``make docs``
turns into a web site). Building the package copies them into it as
``leaflet/manual/`` (setup.py); run from a checkout of the source, they are read from
its ``docs/`` folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Page:
    """One page of the manual: its name (the file name without .md), title and file."""

    name: str
    title: str
    path: Path


def folder() -> Path | None:
    """Where the manual's pages are, or None when this installation has none."""
    for candidate in (_PACKAGE / "manual", _PACKAGE.parent / "docs"):
        if (candidate / "index.md").is_file():
            return candidate
    return None


def pages() -> list[Page]:
    """Every page, the home page first, then by name."""
    where = folder()
    if where is None:
        return []
    found = []
    for path in sorted(where.glob("*.md"), key=lambda p: (p.stem != "index", p.stem)):
        first = path.read_text(encoding="utf-8").lstrip().split("\n", 1)[0]
        found.append(Page(path.stem, first.lstrip("# ").strip() or path.stem, path))
    return found
