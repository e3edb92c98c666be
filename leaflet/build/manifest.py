"""dist/manifest.json: every file a build made, with its pages, checksum and inputs.

Kept light (no renderer, no templates) so that a build with nothing to do can read
and tidy it without loading anything heavy.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..project import MANIFEST_FILE, Project


@dataclass(frozen=True)
class Output:
    """One file in ``dist/``, as listed in the manifest."""

    leaflet: str
    language: str
    variant: str
    format: str  # "pdf" or "html"
    path: str  # relative to dist/, with forward slashes
    pages: int | None
    sha256: str
    preflight: str | None = None  # print files: "pass" or "warn"
    #: Fingerprint of everything the file was made from (see leaflet/inputs.py).
    inputs: str | None = None
    #: Screen PDFs: how the edition was laid out — "room_lines", the lines of body text
    #: that still fit on the last inside page, and "scale", its text size (1 = normal).
    layout: dict[str, float] | None = None


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


def read_manifest(project: Project) -> list[Output]:
    path = project.dist / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Output(**entry) for entry in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def update_manifest(project: Project, made: Sequence[Output]) -> None:
    """Merge what was just made into the manifest; drop entries whose files are gone."""
    fresh = {(o.leaflet, o.language, o.variant, o.format): o for o in made}
    kept = [
        o
        for o in read_manifest(project)
        if (o.leaflet, o.language, o.variant, o.format) not in fresh
        and (project.dist / o.path).is_file()
    ]
    entries = sorted([*kept, *fresh.values()], key=lambda o: o.path)
    data = {"files": [asdict(o) for o in entries]}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path = project.dist / MANIFEST_FILE
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == text:
            return  # nothing changed: leave the file (and its date) alone
    write_atomic(path, text.encode("utf-8"))
