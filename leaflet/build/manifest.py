"""dist/manifest.json: every file a build made, with its pages, checksum and inputs.

``files`` lists each file (:class:`Output`): the PDFs and HTML of each edition, the
PNG preview of each of its pages, and each leaflet's contact sheet (language null).
``does_not_fit`` lists the editions whose last build stopped because their text did
not fit (:class:`DoesNotFit`): such an edition gets no new files, so its files in
``files`` are older than its words, and this says so.

Kept light (no renderer, no templates) so that a build with nothing to do can read
and tidy it without loading anything heavy.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..project import MANIFEST_FILE, Project


@dataclass(frozen=True)
class Output:
    """One file in ``dist/``, as listed in the manifest."""

    leaflet: str
    language: str | None  # None: the leaflet's contact sheet, of every language
    variant: str  # "print", "office", "screen", "preview" or "contact-sheet"
    format: str  # "pdf", "html" or "png"
    path: str  # relative to dist/, with forward slashes
    pages: int | None
    sha256: str
    preflight: str | None = None  # print files: "pass" or "warn"
    #: Fingerprint of everything the file was made from (see leaflet/inputs.py).
    inputs: str | None = None
    #: Screen PDFs: how the edition was laid out — "room_lines", the lines of body text
    #: that still fit on the last inside page, and "scale", its text size (1 = normal).
    layout: dict[str, float] | None = None
    #: Previews: the page (from 1) the picture shows.
    page: int | None = None


@dataclass(frozen=True)
class DoesNotFit:
    """An edition whose last build stopped because its text does not fit its pages."""

    leaflet: str
    language: str
    #: Fingerprint of the inputs that did not fit (see leaflet/inputs.py): when it is
    #: not the edition's fingerprint now, the words changed since.
    inputs: str
    #: What the build said, as the command line printed it (file: what — what to do).
    problem: str


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _read(project: Project) -> dict[str, Any]:
    try:
        data = json.loads((project.dist / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_manifest(project: Project) -> list[Output]:
    try:
        return [Output(**entry) for entry in _read(project)["files"]]
    except (KeyError, TypeError):
        return []


def read_does_not_fit(project: Project) -> list[DoesNotFit]:
    """The editions whose last build found that their text does not fit."""
    try:
        return [DoesNotFit(**entry) for entry in _read(project).get("does_not_fit", [])]
    except TypeError:
        return []


def fits_again(project: Project, up_to_date: Sequence[tuple[Path, str]]) -> bool:
    """Whether an edition whose files are up to date is recorded as not fitting."""
    unfit = {(d.leaflet, d.language) for d in read_does_not_fit(project)}
    return any((folder.name, lang) in unfit for folder, lang in up_to_date)


def update_manifest(
    project: Project,
    made: Sequence[Output],
    tried: Collection[tuple[str, str]] = (),
    does_not_fit: Sequence[DoesNotFit] = (),
) -> None:
    """Merge what was just made into the manifest; drop entries whose files are gone.

    An edition with files in ``made`` was built whole: its earlier entries all go (a
    leaflet that lost a page loses that page's preview). ``tried`` are the editions
    this build tried to make, each now either made or in ``does_not_fit`` (or stopped
    by another problem): their earlier ``does_not_fit`` records go.
    """
    built = {(o.leaflet, o.language) for o in made}
    paths = {o.path for o in made}
    kept = [
        o
        for o in read_manifest(project)
        if (o.leaflet, o.language) not in built
        and o.path not in paths
        and (project.dist / o.path).is_file()
    ]
    entries = sorted([*kept, *made], key=lambda o: o.path)
    settled = {*tried, *built}
    unfit = [
        d for d in read_does_not_fit(project) if (d.leaflet, d.language) not in settled
    ] + list(does_not_fit)
    data: dict[str, Any] = {"files": [asdict(o) for o in entries]}
    if unfit:
        data["does_not_fit"] = [
            asdict(d) for d in sorted(unfit, key=lambda d: (d.leaflet, d.language))
        ]
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path = project.dist / MANIFEST_FILE
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == text:
            return  # nothing changed: leave the file (and its date) alone
    write_atomic(path, text.encode("utf-8"))
