"""Reading ``leaflet-project.yaml``: the project's brand and settings, checked.

The project file marks a project (``leaflet init`` writes it) and holds what every
leaflet of the project shares: the version of leaflet and of its file formats it was
made with (``leaflet:``), the brand (``brand:``: who publishes the leaflets, and
how they look; :mod:`.brand`) and what the project decides about review dates
(``review:``; :mod:`.review`). A project setting to come is one more key here: a
:class:`~.schema.Field` in :data:`PROJECT_SCHEMA` and a value in
:class:`ProjectSettings`, checked like every other file (file:line, "did you mean").

A project made before there were project files has none: it is read with no brand
and format 0, and :func:`notes` says how to add the file. A file written for a newer
leaflet (a higher ``format:``) is refused with the command that updates leaflet.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, files
from ..errors import Collector, LeafletError, Problem
from ..project import PROJECT_FILE, Project
from . import brand as brand_
from . import review as review_
from . import yamlfile
from .model import Brand
from .review import ReviewSettings
from .schema import Field, MapT, TextT, check
from .yamlfile import Map

#: The version of the file formats (the project file, leaflet.yaml, words files) this
#: leaflet writes and reads. Raise it when a file written for this leaflet would be read
#: wrongly by an older one, and add to :data:`FORMAT_CHANGES` what an older project
#: has to change.
FORMAT = 1
#: For each older format this leaflet still reads: what changed since, for the message
#: that tells a project to change it. Format 0: a project with no project file.
FORMAT_CHANGES: dict[int, str] = {}
#: What ``brand: name:`` says until someone writes the organisation's name there.
PLACEHOLDER_NAME = "Name of your organisation"


def _check_format(value: str) -> str | None:
    if not value.strip().isdigit():
        return f'"{value}" is not a format number — write the number leaflet init wrote, like 1'
    return None


PROJECT_SCHEMA = MapT(
    {
        "leaflet": Field(
            MapT(
                {
                    "version": Field(
                        TextT("the version of leaflet the project was made with"),
                        required=True,
                        description="the version of leaflet the project was made with, e.g. 0.2.0",
                    ),
                    "format": Field(
                        TextT(check=_check_format, pattern="^[0-9]+$"),
                        required=True,
                        description="the version of leaflet's file formats the project is "
                        "written in, e.g. 1",
                    ),
                }
            ),
            required=True,
            description="the leaflet this project was made with (written by leaflet init)",
        ),
        "brand": Field(brand_.BRAND_SCHEMA, description=brand_.BRAND_DESCRIPTION),
        "review": Field(review_.REVIEW_SCHEMA, description=review_.REVIEW_DESCRIPTION),
    }
)


@dataclass(frozen=True)
class ProjectSettings:
    """``leaflet-project.yaml``, read and checked (or the defaults of a project without)."""

    root: Path
    #: The project file (None: a project made before there were project files).
    file: Path | None = None
    #: The leaflet the project was made with, and the version of its file formats.
    made_with: str | None = None
    format: int = 0
    brand: Brand = field(default_factory=Brand)
    review: ReviewSettings = field(default_factory=ReviewSettings)


def load_project(root: Path) -> ProjectSettings:
    """The project settings of the project at ``root`` (read once while unchanged)."""
    path = root / PROJECT_FILE
    if not files.exists_somehow(path):
        return ProjectSettings(root=root)
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        stamp = (0, 0, 0)
    return _load(root.resolve(), stamp, brand_.stamp(root))


@functools.lru_cache(maxsize=8)
def _load(
    root: Path, stamp: tuple[int, int, int], brand_stamp: tuple[object, ...]
) -> ProjectSettings:
    """The project file read and checked (``stamp``s renew the cache when files change)."""
    del stamp, brand_stamp
    path = root / PROJECT_FILE
    raw = yamlfile.load(path, within=root)
    if not isinstance(raw, Map):
        raise LeafletError.at("this file should hold keys with values", path, 1, 1)
    problems = Collector()
    check(raw, PROJECT_SCHEMA, problems, PROJECT_FILE)
    if problems:
        raise LeafletError(problems.problems)
    made = raw["leaflet"]
    number = int(made["format"])
    if number > FORMAT:
        problems.add(
            f"this project is written for a newer leaflet (file format {number}, made with "
            f"leaflet {made['version']}); this is leaflet {__version__}, which reads format "
            f"{FORMAT} — update leaflet (pipx upgrade leaflet-press, or pip install --upgrade "
            "leaflet-press) and run it again",
            path,
            made["format"].line,
            made["format"].column,
        )
    elif number < FORMAT and number not in FORMAT_CHANGES:
        problems.add(
            f"file format {number} is not one leaflet ever wrote — write {FORMAT}",
            path,
            made["format"].line,
            made["format"].column,
        )
    elif number < FORMAT:
        problems.add(
            f"this project is written in file format {number}; leaflet {__version__} reads "
            f"format {FORMAT}: {FORMAT_CHANGES[number]} — then write format: {FORMAT} here",
            path,
            made["format"].line,
            made["format"].column,
        )
    brand = brand_.read_brand(raw.get("brand"), root, problems)
    problems.raise_if_any()
    return ProjectSettings(
        root=root,
        file=path,
        made_with=str(made["version"]),
        format=number,
        brand=brand,
        review=review_.read_review_settings(raw.get("review")),
    )


def review_settings(root: Path) -> ReviewSettings:
    """The project's review settings (:mod:`.review`); the defaults when its project
    file cannot be read (checking or building the project says why)."""
    try:
        return load_project(root).review
    except LeafletError:
        return ReviewSettings()


def project_fonts(project: Project) -> tuple[Path, ...]:
    """Every font the project draws with: the theme's, then the brand's."""
    brand = load_project(project.root).brand
    theme = [p for p in project.theme.fonts() if files.is_regular(p)]
    return (*theme, *brand.font_files)


def notes(settings: ProjectSettings) -> list[Problem]:
    """What ``leaflet check`` says about the project itself (it stops nothing)."""
    found = []
    if settings.file is None:
        found.append(
            Problem(
                f"this project has no {PROJECT_FILE} (it was made with an older leaflet): it "
                "builds as before, without a brand — to add the file, run: leaflet init . "
                "(it writes only that file and changes nothing else)",
                settings.root,
            )
        )
    elif settings.brand.name == PLACEHOLDER_NAME:
        found.append(
            Problem(
                f'the brand\'s name is still "{PLACEHOLDER_NAME}", which is printed on every '
                "leaflet — write your organisation's name after name: under brand:",
                *brand_.where(settings.brand, "name", settings.file),
            )
        )
    return found
