"""Starting a project: ``leaflet init``.

A new project is a folder with the project file (``leaflet-project.yaml``: the version
of leaflet it was made with, and the brand), an empty ``content/`` for the leaflets
``leaflet new`` makes, ``brand/`` for the logo and fonts the brand may name, a
``.gitignore`` that keeps the built files out of version control, and the files that
let VS Code check content while it is typed (:mod:`.editor`). It holds no theme
files: the theme comes from leaflet itself, so a newer leaflet's theme reaches it.

A folder made before there were project files (``content/`` with leaflets in it) gets
the project file, with the organisation its leaflets name as their sender (and the
``.gitignore`` and the editor's files, where it has none).
"""

from __future__ import annotations

import collections
import os
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, files
from ..errors import LeafletError
from ..project import BRAND_FOLDER, PROJECT_FILE, SETTINGS_FILE
from . import yamlfile
from .editor import editor_files
from .projectfile import FORMAT, PLACEHOLDER_NAME
from .writer import render_scalar
from .yamlfile import Map

STARTER = Path(__file__).resolve().parent / "starter" / "project"
GITIGNORE = "# What leaflet builds: made again by leaflet build\ndist/\n"


@dataclass(frozen=True)
class NewProject:
    """The files of a new project, made but not yet written: path (in its folder) → bytes."""

    folder: Path
    files: dict[str, bytes]
    folders: tuple[str, ...]  # empty folders to make
    name: str  # the organisation named in the brand
    existing: bool  # leaflets were there already (only the project file is added)


def prepare(folder: Path, name: str | None) -> NewProject:
    """The files of a project in ``folder``; raises LeafletError when it cannot be made."""
    if os.path.lexists(folder / PROJECT_FILE):
        raise LeafletError.at(
            f"this is a leaflet project already ({PROJECT_FILE} is there) — nothing was "
            "changed; make leaflets in it with leaflet new",
            folder / PROJECT_FILE,
        )
    if os.path.lexists(folder) and not folder.is_dir():
        raise LeafletError.at(
            "this is a file, not a folder — choose another name for the project", folder
        )
    leaflets = _leaflets(folder)
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise LeafletError.at("--name is empty — give the organisation's name", folder)
    chosen = name or _most_named(leaflets) or PLACEHOLDER_NAME
    text = (STARTER / PROJECT_FILE).read_text(encoding="utf-8")
    text = text.replace("@version@", __version__).replace("@format@", str(FORMAT))
    text = text.replace("@name@", "\n".join(render_scalar(chosen, 4, 8)))
    made = {PROJECT_FILE: text.encode("utf-8")}
    if not os.path.lexists(folder / ".gitignore"):
        made[".gitignore"] = GITIGNORE.encode("utf-8")
    for path, data in editor_files(folder).items():
        if not os.path.lexists(folder / path):
            made[path] = data
    wanted = [part for part in ("content", BRAND_FOLDER) if not os.path.lexists(folder / part)]
    return NewProject(folder, made, tuple(wanted), chosen, existing=bool(leaflets))


def _leaflets(folder: Path) -> list[Path]:
    """The leaflet folders already in ``folder``'s content/ (an older project)."""
    content = folder / "content"
    if not content.is_dir():
        return []
    return sorted(p.parent for p in content.glob(f"*/{SETTINGS_FILE}") if files.is_regular(p))


def _most_named(leaflets: list[Path]) -> str | None:
    """The sender most of the leaflets name (an older project's organisation), if any."""
    names: collections.Counter[str] = collections.Counter()
    for leaflet in leaflets:
        try:
            raw = yamlfile.load(leaflet / SETTINGS_FILE, within=leaflet.parent.parent)
        except LeafletError:
            continue
        sender = raw.get("sender") if isinstance(raw, Map) else None
        if isinstance(sender, Map) and isinstance(sender.get("name"), str):
            names[" ".join(sender["name"].split())] += 1
    return names.most_common(1)[0][0] if names else None


def write(new: NewProject) -> None:
    """Make the folders and write the files; the project file last, so that a folder is
    never marked as a project before it is whole."""
    new.folder.mkdir(parents=True, exist_ok=True)
    for part in new.folders:
        (new.folder / part).mkdir(exist_ok=True)
    for name, data in sorted(new.files.items(), key=lambda item: item[0] == PROJECT_FILE):
        path = new.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.new-{os.getpid()}")
        temp.write_bytes(data)
        if os.path.lexists(path):  # made meanwhile: never overwrite
            temp.unlink()
            raise LeafletError.at(f"{name} appeared while this ran — nothing was overwritten", path)
        temp.rename(path)


def refresh_editor(folder: Path) -> list[str]:
    """Write the editor's files into the project in ``folder`` again (``leaflet init
    --editor``): the schema files always, the settings file where there is none. Returns
    what was written."""
    if not os.path.lexists(folder / PROJECT_FILE):
        raise LeafletError.at(
            f"this is not a leaflet project ({PROJECT_FILE} is not here) — go into the "
            "project's folder, or make one with leaflet init",
            folder,
        )
    made = editor_files(folder)
    for name, data in made.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.new-{os.getpid()}")
        temp.write_bytes(data)
        os.replace(temp, path)
    return sorted(made)
