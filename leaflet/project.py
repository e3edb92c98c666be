"""Where things are in a leaflet project, and the defaults, in one place.

A project is a folder with ``content/`` (one folder per leaflet), ``templates/``
(Jinja2 HTML), ``styles/`` (CSS and fonts) and, after a build, ``dist/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import LeafletError

#: Trim size of a folded A5 leaflet page, in millimetres.
A5_WIDTH_MM = 148.0
A5_HEIGHT_MM = 210.0
#: PDF points (1/72 inch) in a millimetre, and back.
PT_PER_MM = 72 / 25.4
MM_PER_PT = 25.4 / 72
#: The smallest text printers accept (patient material is set far larger: 10–12 pt).
MIN_TEXT_PT = 6.0
#: A folded or saddle-stitched leaflet has a page count that is a multiple of this.
PAGES_PER_SHEET = 4
#: The most pages a leaflet may have, flowing or placed by hand: 16 sheets folded and
#: stapled, about as many as a saddle-stitched booklet holds.
MAX_PAGES = 64

#: The longest file name most file systems allow, in bytes (ext4, NTFS, APFS: 255).
MAX_FILE_NAME_BYTES = 255
#: The longest language tag leaflet takes: RFC 5646 (4.4.1) asks every implementation
#: to handle at least 35 characters.
MAX_LANGUAGE_TAG = 35
#: The longest leaflet or section id. Files are named after them: the longest name made
#: from a leaflet id is a temporary file of its office sheets,
#: ``.<id>-<lang>-office.pdf.<8 letters>.leaflet.tmp``, the id and 69 more bytes with the
#: longest language tag; a round 100 leaves room (tests/test_limits.py builds one).
MAX_ID_LENGTH = 100
#: Names Windows keeps for devices: a file or folder so named (in any case, with any
#: extension: con, NUL.txt) cannot be made or checked out there.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
)


def windows_reserved(name: str) -> bool:
    """Whether Windows keeps ``name`` for a device: ``con``, ``Nul.yaml``, ``com1``."""
    return name.split(".")[0].strip().lower() in WINDOWS_RESERVED


SETTINGS_FILE = "leaflet.yaml"
MANIFEST_FILE = "manifest.json"


def leads_out(path: Path, root: Path) -> tuple[Path, str] | None:
    """(the link, why) when ``path`` is not inside ``root`` once links are followed: a
    folder or file on the way is a link that leads out, so writing there would write
    elsewhere. None when ``path`` stays inside ``root`` (it need not exist yet).
    """
    inside = root.resolve()
    if path.resolve().is_relative_to(inside):
        return None
    link, step = path, root
    if path.is_relative_to(root):
        for part in path.relative_to(root).parts:
            step = step / part
            if step.is_symlink() and not step.resolve().is_relative_to(inside):
                link = step
                break
    shown = root.name or str(root)
    return link, (
        f"this is a link to {link.resolve()}, outside the {shown}/ folder — leaflet writes "
        f"only inside {shown}/: put a real folder (or file) in place of the link, with the "
        "files it should hold"
    )


@dataclass(frozen=True)
class Project:
    """The folders of one leaflet project."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def fonts(self) -> Path:
        return self.styles / "fonts"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    def leaflet_dirs(self) -> list[Path]:
        """Every leaflet folder under ``content/``, in name order."""
        try:
            entries = list(self.content.iterdir())
        except OSError:
            return []
        # Anything at leaflet.yaml counts (a dangling link, a pipe …): reading it says
        # what is wrong, rather than leaving the leaflet out without a word.
        return sorted(p for p in entries if p.is_dir() and os.path.lexists(p / SETTINGS_FILE))

    def relative(self, path: Path) -> Path:
        """``path`` relative to the project root where possible (for messages)."""
        try:
            return path.resolve().relative_to(self.root)
        except ValueError:
            return path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project at ``start`` (default: the current folder) or the nearest parent."""
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "content").is_dir() and (candidate / "templates").is_dir():
                return cls(candidate)
        raise LeafletError(
            f"{here} is not inside a leaflet project: no content/ and templates/ folders "
            "found here or above — run leaflet from the project folder or pass --project."
        )
