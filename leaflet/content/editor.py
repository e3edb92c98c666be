"""A project's files for the editor: what lets VS Code check content while it is typed.

``leaflet init`` writes them, and ``leaflet init --editor`` writes them again into a
project that has them out of date (a newer leaflet knows more keys) or has none:

* ``.vscode/leaflet/*.schema.json``: the JSON Schema files of this leaflet
  (:mod:`.jsonschema`), copied into the project so that the editor finds them on every
  machine the project is cloned to, whatever the path leaflet is installed at;
* ``.vscode/settings.json``: which schema is for which file (for Red Hat's YAML
  extension), and YAML indented with spaces, saved as UTF-8. A settings file of the
  project's own is never overwritten: it is left as it is, and the lines to add are
  in the manual (docs/checking.md).

``leaflet check`` notes schema files that are not this leaflet's
(:func:`editor_notes`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

from .. import __version__
from ..errors import Problem
from ..project import PROJECT_FILE, SETTINGS_FILE, Project
from .jsonschema import out_of_date, texts

#: Where the schema files go, in the project.
FOLDER = PurePosixPath(".vscode/leaflet")
SETTINGS = PurePosixPath(".vscode/settings.json")
#: Each schema, and the files it is for (as VS Code's globs, from the project's folder).
FOR_FILES = {
    "leaflet.schema.json": [f"content/*/{SETTINGS_FILE}"],
    "words.schema.json": ["content/*/*/*.yaml"],
    "project.schema.json": [PROJECT_FILE],
}


def settings() -> dict[str, object]:
    """The VS Code settings of a new project."""
    return {
        "yaml.yamlVersion": "1.2",
        "yaml.validate": True,
        "yaml.schemas": {f"./{FOLDER / name}": globs for name, globs in FOR_FILES.items()},
        "[yaml]": {
            "editor.insertSpaces": True,
            "editor.tabSize": 2,
            "editor.detectIndentation": False,
            "files.encoding": "utf8",
        },
    }


def editor_files(folder: Path) -> dict[str, bytes]:
    """The editor's files for the project in ``folder``: path (in it) → bytes. The settings
    file only where the project has none."""
    made = {str(FOLDER / name): text.encode("utf-8") for name, text in texts().items()}
    if not os.path.lexists(folder / SETTINGS):
        text = json.dumps(settings(), indent=2, ensure_ascii=False) + "\n"
        made[str(SETTINGS)] = text.encode("utf-8")
    return made


def editor_notes(project: Project) -> list[Problem]:
    """A note when the project's schema files are not this leaflet's (a project made by
    an older one): the editor would underline keys that are right, or miss new ones."""
    folder = project.root / FOLDER
    if not folder.is_dir():
        return []
    stale = out_of_date(folder)
    if not stale:
        return []
    return [
        Problem(
            f"the editor's descriptions of what a file may hold are not leaflet "
            f"{__version__}'s — write them again: leaflet init --editor",
            stale[0],
        )
    ]
