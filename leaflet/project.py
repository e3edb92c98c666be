"""Where things are in a leaflet project, and the defaults, in one place.

A project is a folder marked by its project file, ``leaflet-project.yaml`` (as
``mkdocs.yml`` marks a site; ``leaflet init`` writes it), with ``content/`` (one folder
per leaflet), ``brand/`` (the logo and fonts the project file names) and, after a
build, ``dist/``. It may hold ``templates/`` and ``styles/`` files of its own, which
replace leaflet's default theme file by file (:mod:`leaflet.theme`).

A folder made before project files existed (``content/`` and ``templates/``, no project
file) is still found, and read as a project with no brand; ``leaflet check`` says how to
add the file.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from .errors import LeafletError
from .theme import Theme

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
#: The file that marks a project and holds its brand and settings.
PROJECT_FILE = "leaflet-project.yaml"
#: The folder of the files the brand names (logo, fonts).
BRAND_FOLDER = "brand"


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


#: How many of the projects in a folder a message names (the rest are counted).
SHOWN_PROJECTS = 4


@dataclass(frozen=True)
class Project:
    """The folders of one leaflet project."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def file(self) -> Path:
        """The project file (it may be missing in a project made before there was one)."""
        return self.root / PROJECT_FILE

    @property
    def brand(self) -> Path:
        return self.root / BRAND_FOLDER

    @property
    def theme(self) -> Theme:
        """Where templates and styles are found: the project's own, else the default."""
        return Theme(self.root)

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
        """The project at ``start`` (default: the current folder) or the nearest parent:
        the nearest folder with a project file, or else (a project made before there
        were project files) with ``content/`` and ``templates/``."""
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if os.path.lexists(candidate / PROJECT_FILE):
                return cls(candidate)
        for candidate in (here, *here.parents):
            if (candidate / "content").is_dir() and (candidate / "templates").is_dir():
                return cls(candidate)
        below = _projects_below(here)
        if below:  # leaflet init FOLDER, and then no cd FOLDER
            go = shlex.quote(below[0])
            if len(below) == 1:
                raise LeafletError(
                    f"{here} is not inside a leaflet project, but the leaflet project "
                    f"{below[0]}/ is in this folder — go into it first: cd {go} (or pass "
                    f"--project {go})"
                )
            shown = ", ".join(f"{name}/" for name in below[:SHOWN_PROJECTS])
            more = len(below) - SHOWN_PROJECTS
            shown += f" and {more} more" if more > 0 else ""
            raise LeafletError(
                f"{here} is not inside a leaflet project, but {len(below)} leaflet projects "
                f"are in this folder ({shown}) — go into the one you mean first, like this: "
                f"cd {go} (or pass --project {go})"
            )
        raise LeafletError(
            f"{here} is not inside a leaflet project: there is no {PROJECT_FILE} here or in "
            "a folder above — start one with: leaflet init FOLDER (then cd FOLDER), or run "
            "leaflet from the project folder, or pass --project FOLDER."
        )


def _projects_below(folder: Path, most: int = 200) -> list[str]:
    """The folders right inside ``folder`` that are leaflet projects (a few hundred looked
    at, at most: a home folder can be large)."""
    found: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for number, entry in enumerate(entries):
                if number >= most:
                    break
                try:
                    if entry.is_dir() and os.path.lexists(Path(entry.path) / PROJECT_FILE):
                        found.append(entry.name)
                except OSError:
                    continue
    except OSError:
        return []
    return sorted(found)
