"""Where a theme file is found: the project's own copy first, else leaflet's default.

The theme is what every leaflet of a project is drawn with: ``templates/`` (Jinja2 HTML)
and ``styles/`` (the stylesheet, fonts, colour profiles). leaflet carries a default
theme inside the package (``leaflet/default_theme/``, made from this repository's own
``templates/`` and ``styles/`` when the package is built). A project may hold a file at
the same relative path, ``templates/sections/cover.html.j2`` say; then that file is used
instead, and every other file still comes from the default. This is mkdocs'
``custom_dir``: the project's folder is searched first, then the theme's.

This module is the one place that decides it. Every stage asks :class:`Theme` for a
file (``theme.file("styles/leaflet.css")``), a folder to search (the Jinja2 loader), or
the list of files used (the build's fingerprint); none of them knows whether a file
came from the project or the package. A project made by ``leaflet init`` holds no theme
files at all, so a newer leaflet's theme reaches it by itself.

A copy made with ``leaflet theme copy`` starts with a line saying which default it was
copied from (:data:`COPY_MARK`), so ``leaflet check`` can say when that default changed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import files
from .errors import LeafletError

_PACKAGE = Path(__file__).resolve().parent
#: The folders a theme is made of, relative to a project (and to the default theme).
PARTS = ("templates", "styles")
#: What a theme file may not be called: names leaflet and editors leave beside files.
_IGNORED = re.compile(r"(^\.|~$|\.swp$|\.pyc$|^__pycache__$)")


class NoDefaultTheme(LeafletError):
    """This installation of leaflet has no default theme (a broken install)."""


@functools.cache
def default_theme() -> Path:
    """The folder of the default theme, holding ``templates/`` and ``styles/``.

    An installed leaflet has it in the package (``leaflet/default_theme/``). Run from a
    checkout of its source (an editable install, as ``make build`` makes), the theme is
    the checkout's own ``templates/`` and ``styles/``, which the package is built from.
    """
    installed = _PACKAGE / "default_theme"
    if all((installed / part).is_dir() for part in PARTS):
        return installed
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and all(
        (checkout / part).is_dir() for part in PARTS
    ):
        return checkout
    raise NoDefaultTheme(
        f"this installation of leaflet has no default theme ({installed} is missing) — "
        "install leaflet again: pipx reinstall leaflet-press"
    )


def digest(path: Path) -> str:
    """The first 12 hex digits of a file's SHA-256 (what a copy records of its default)."""
    return hashlib.sha256(files.read_bytes(path)).hexdigest()[:12]


#: The first line of a copy made by ``leaflet theme copy``, by the kind of file.
COPY_MARK = "leaflet theme copy of {path}, from the default of leaflet {version} ({digest})"
_COMMENTS = {".j2": ("{#- ", " -#}"), ".css": ("/* ", " */"), ".conf": ("<!-- ", " -->")}
_MARK = re.compile(
    r"leaflet theme copy of (?P<path>\S+), from the default of leaflet (?P<version>\S+) "
    r"\((?P<digest>[0-9a-f]{12})\)"
)


def comment_syntax(relative: str) -> tuple[str, str] | None:
    """How a comment is written in the theme file ``relative`` (None: it cannot hold one)."""
    return _COMMENTS.get(PurePosixPath(relative).suffix.lower())


@dataclass(frozen=True)
class CopyMark:
    """What a project's copy of a theme file says of the default it was copied from."""

    path: str
    version: str
    digest: str


def read_mark(path: Path) -> CopyMark | None:
    """The mark on the first line of a copied theme file, or None when it has none."""
    try:
        head = files.read_bytes(path, 400)[:400].decode("utf-8", "replace")
    except OSError:
        return None
    found = _MARK.search(head.split("\n", 1)[0])
    return CopyMark(found["path"], found["version"], found["digest"]) if found else None


@dataclass(frozen=True)
class Override:
    """A theme file the project has its own copy of."""

    relative: str  # like "templates/sections/cover.html.j2"
    path: Path  # the project's file
    default: Path | None  # leaflet's default at the same place (None: the project's own)
    mark: CopyMark | None  # what the copy says of the default it started from

    @property
    def default_changed(self) -> bool:
        """True when the copy records a default that is no longer leaflet's default."""
        return (
            self.mark is not None
            and self.default is not None
            and digest(self.default) != self.mark.digest
        )


@dataclass(frozen=True)
class Theme:
    """The theme of the project at ``root``: its own files first, then the default's."""

    root: Path

    @property
    def default(self) -> Path:
        return default_theme()

    def file(self, relative: str) -> Path:
        """The theme file at ``relative`` (``styles/leaflet.css``): the project's when it
        has anything at that path (even a broken link, which reading then reports),
        else the default theme's (which may not exist: reading reports that too)."""
        own = self.root / relative
        if files.exists_somehow(own):
            return own
        return self.default / relative

    def locate(self, path: Path) -> Path:
        """``path`` as the theme finds it: a path into the project's ``templates/`` or
        ``styles/`` that the project lacks is the default theme's file at the same
        place (a project's stylesheet naming ``fonts/NotoSans-Bold.ttf`` beside it);
        any other path is itself."""
        root = self.root.resolve()
        for part in PARTS:
            if path.is_relative_to(root / part):
                return self.file(path.relative_to(root).as_posix())
        return path

    def folders(self, part: str) -> list[Path]:
        """Where to look for the files of one part, in order (the Jinja2 search path)."""
        return [folder for folder in (self.root / part, self.default / part) if folder.is_dir()]

    def roots(self) -> list[Path]:
        """Every folder theme files are read from (the renderer may load from these)."""
        return [folder for part in PARTS for folder in self.folders(part)]

    def listing(self, under: str) -> dict[str, Path]:
        """Every theme file under the folder ``under`` (``templates/sections``), by its
        relative path, the project's copy winning; in name order."""
        found: dict[str, Path] = {}
        for base in (self.root, self.default):
            folder = base / under
            if not folder.is_dir():
                continue
            for path in files.regular_files(folder):
                relative = path.relative_to(base).as_posix()
                if any(_IGNORED.search(part) for part in PurePosixPath(relative).parts):
                    continue
                found.setdefault(relative, path)
        return dict(sorted(found.items()))

    def fonts(self) -> list[Path]:
        """The font files of the theme (``styles/fonts/*.ttf`` and ``.otf``)."""
        return [
            path
            for relative, path in self.listing("styles/fonts").items()
            if relative.lower().endswith((".ttf", ".otf"))
            and PurePosixPath(relative).parent == PurePosixPath("styles/fonts")
        ]

    def files(self) -> dict[str, Path]:
        """Every file of the theme this project is drawn with, by relative path."""
        found: dict[str, Path] = {}
        for part in PARTS:
            found.update(self.listing(part))
        return found

    def overrides(self) -> list[Override]:
        """The project's own theme files, each with the default it replaces (if any)."""
        made = []
        default = self.default
        if default.resolve() == self.root.resolve():
            return []  # the source checkout: its files are the default
        for relative, path in self.files().items():
            if not path.is_relative_to(self.root):
                continue
            candidate = default / relative
            made.append(
                Override(
                    relative,
                    path,
                    candidate if files.is_regular(candidate) else None,
                    read_mark(path),
                )
            )
        return made


def is_theme_path(relative: str) -> bool:
    """True when ``relative`` (a path from the project root) is inside a theme part."""
    parts = PurePosixPath(relative.replace(os.sep, "/")).parts
    return bool(parts) and parts[0] in PARTS and ".." not in parts


# --- copying a default file into a project -----------------------------------------------


class ThemeFileProblem(ValueError):
    """A theme file cannot be copied, compared or marked (the message says why)."""


def default_file(relative: str) -> Path:
    """leaflet's default theme file at ``relative``; ThemeFileProblem when there is none."""
    relative = PurePosixPath(relative.replace(os.sep, "/")).as_posix()
    if not is_theme_path(relative):
        raise ThemeFileProblem(
            f'"{relative}" is not a theme file — theme files are in templates/ and styles/, '
            "like templates/sections/cover.html.j2 (leaflet theme list shows them all)"
        )
    path = default_theme() / relative
    if not files.is_regular(path):
        raise ThemeFileProblem(
            f'leaflet\'s theme has no file "{relative}" — leaflet theme list shows them all'
        )
    return path


def marked_copy(relative: str, version: str) -> bytes:
    """The default file at ``relative`` as a project's copy: its first line says which
    default it was copied from (:data:`COPY_MARK`), the rest is the default itself."""
    source = default_file(relative)
    syntax = comment_syntax(relative)
    if syntax is None:
        raise ThemeFileProblem(
            f'"{relative}" is not a file to change by hand (only templates, .html.j2, and '
            "stylesheets, .css, are copied) — fonts belong in brand: in the project file"
        )
    mark = COPY_MARK.format(path=relative, version=version, digest=digest(source))
    return f"{syntax[0]}{mark}{syntax[1]}\n".encode() + files.read_bytes(source)


def without_mark(data: bytes) -> bytes:
    """A copy's bytes without its first line when that is the copy mark."""
    first, newline, rest = data.partition(b"\n")
    if newline and _MARK.search(first.decode("utf-8", "replace")):
        return rest
    return data


def remarked(path: Path, relative: str, version: str) -> bytes:
    """The project's copy ``path`` with its mark saying it follows today's default."""
    syntax = comment_syntax(relative)
    source = default_file(relative)
    if syntax is None:
        raise ThemeFileProblem(f'"{relative}" is not a file leaflet marks')
    mark = COPY_MARK.format(path=relative, version=version, digest=digest(source))
    return f"{syntax[0]}{mark}{syntax[1]}\n".encode() + without_mark(files.read_bytes(path))
