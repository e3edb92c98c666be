"""What each edition's files are made from, as one fingerprint: incremental builds.

An edition (one leaflet in one language) is built again only when something it is
made from changed. Its fingerprint covers, byte for byte:

* the leaflet folder: leaflet.yaml, pictures, its own stylesheet and colour profile
  (every file except the other languages' folders),
* its language folder,
* everything every leaflet shares: templates/, styles/ (stylesheet, fonts, profiles),
* the tool itself: its version and its own source files,
* the build options that change the files (``--draft-print``).

Reading a few megabytes of fonts and templates once per build costs milliseconds;
nothing here imports WeasyPrint, so a build with nothing to do stays quick.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import __version__, content
from .project import Project

_TOOL = Path(__file__).resolve().parent


def _files(folder: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Every file under ``folder`` in a stable order, leaving out the ``skip`` folders."""
    skipped = [s.resolve() for s in skip]
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not any(path.resolve().is_relative_to(s) for s in skipped):
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _feed(digest: hashlib._Hash, label: str, root: Path, files: Sequence[Path]) -> None:
    for path in files:
        name = f"{label}/{path.relative_to(root).as_posix()}"
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)


def shared_key(project: Project) -> hashlib._Hash:
    """A digest of what every edition is made with: the tool, templates and styles."""
    digest = hashlib.sha256(f"leaflet {__version__}\0".encode())
    tool = [p for p in _files(_TOOL) if p.suffix in (".py", ".json")]
    _feed(digest, "tool", _TOOL, tool)
    _feed(digest, "templates", project.templates, _files(project.templates))
    _feed(digest, "styles", project.styles, _files(project.styles))
    return digest


def edition_keys(
    project: Project, editions: Sequence[content.Edition], draft_print: bool
) -> dict[tuple[str, str], str]:
    """(leaflet id, language) → the fingerprint of everything that edition is made from."""
    shared = shared_key(project)
    keys = {}
    for edition in editions:
        folder = edition.settings.folder
        others = [folder / lang for lang in edition.settings.languages() if lang != edition.lang]
        digest = shared.copy()
        digest.update(f"draft-print={draft_print}\0".encode())
        _feed(digest, "leaflet", folder, _files(folder, skip=others))
        keys[(edition.settings.id, edition.lang)] = digest.hexdigest()[:16]
    return keys
