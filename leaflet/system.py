"""What leaflet needs of the machine besides Python packages: the libraries WeasyPrint
draws text with (Pango, HarfBuzz, fontconfig, GLib's GObject).

pip and pipx install Python packages, not system libraries. On a machine without them
WeasyPrint stops, on import, with an OSError from deep inside its library loader. This
module looks for each library under the names WeasyPrint 70 tries (``weasyprint/text/
ffi.py``) and says which are missing and the command that installs them: ``leaflet
doctor`` prints it, and every command that renders checks it before it starts.
"""

from __future__ import annotations

import ctypes
import functools
import platform
import sys
from dataclasses import dataclass

from .errors import LeafletError


@dataclass(frozen=True)
class Library:
    """A library WeasyPrint loads: what it is, its file names, and who packages it."""

    name: str  # as people know it
    names: tuple[str, ...]  # the names WeasyPrint 70 tries, in its order
    debian: str  # the Debian and Ubuntu package
    required: bool = True  # WeasyPrint cannot start without it


#: The libraries of WeasyPrint 70, with the names its ``ffi.py`` tries (every platform's).
LIBRARIES = (
    Library(
        "GObject (GLib)",
        (
            "libgobject-2.0-0",
            "gobject-2.0-0",
            "gobject-2.0",
            "libgobject-2.0.so.0",
            "libgobject-2.0.0.dylib",
            "libgobject-2.0-0.dll",
        ),
        "libglib2.0-0",
    ),
    Library(
        "Pango",
        (
            "libpango-1.0-0",
            "pango-1.0-0",
            "pango-1.0",
            "libpango-1.0.so.0",
            "libpango-1.0.dylib",
            "libpango-1.0-0.dll",
        ),
        "libpango-1.0-0",
    ),
    Library(
        "HarfBuzz",
        (
            "libharfbuzz-0",
            "harfbuzz",
            "harfbuzz-0.0",
            "libharfbuzz.so.0",
            "libharfbuzz.0.dylib",
            "libharfbuzz-0.dll",
        ),
        "libharfbuzz0b",
    ),
    Library(
        "HarfBuzz subset (smaller fonts in the PDFs)",
        (
            "libharfbuzz-subset-0",
            "harfbuzz-subset",
            "harfbuzz-subset-0.0",
            "libharfbuzz-subset.so.0",
            "libharfbuzz-subset.0.dylib",
            "libharfbuzz-subset-0.dll",
        ),
        "libharfbuzz-subset0",
        required=False,
    ),
    Library(
        "fontconfig",
        (
            "libfontconfig-1",
            "fontconfig-1",
            "fontconfig",
            "libfontconfig.so.1",
            "libfontconfig.1.dylib",
            "libfontconfig-1.dll",
        ),
        "libfontconfig1",
    ),
    Library(
        "Pango FreeType (pangoft2)",
        (
            "libpangoft2-1.0-0",
            "pangoft2-1.0-0",
            "pangoft2-1.0",
            "libpangoft2-1.0.so.0",
            "libpangoft2-1.0.dylib",
            "libpangoft2-1.0-0.dll",
        ),
        "libpangoft2-1.0-0",
    ),
)


def _loads(library: Library) -> bool:
    """Whether the system's loader can load ``library`` under one of its names."""
    for name in library.names:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False


def missing() -> list[Library]:
    """The libraries WeasyPrint needs that cannot be loaded here (optional ones too)."""
    return [library for library in LIBRARIES if not _loads(library)]


def install_command(libraries: list[Library]) -> str:
    """The command that installs ``libraries`` on this kind of machine."""
    if sys.platform == "darwin":
        return "brew install pango   (Homebrew: https://brew.sh; macOS is not tested)"
    if sys.platform.startswith("win"):
        return (
            "leaflet runs on Windows through WSL: install Ubuntu or Debian from the Microsoft "
            "Store (wsl --install), then run leaflet there"
        )
    packages = " ".join(dict.fromkeys(library.debian for library in libraries))
    return f"sudo apt-get install {packages}   (Debian, Ubuntu; other systems: Pango 1.44 or newer)"


def explain(libraries: list[Library]) -> str:
    """One message: which libraries are missing, and how to install them."""
    names = ", ".join(library.name for library in libraries)
    return (
        f"leaflet cannot make PDFs on this machine yet: WeasyPrint, which draws the pages, "
        f"needs system libraries that are not installed ({names}) — install them with: "
        f"{install_command(libraries)}; then run leaflet doctor to check"
    )


@functools.cache
def _checked() -> tuple[Library, ...]:
    return tuple(library for library in missing() if library.required)


def require_libraries() -> None:
    """Stop with :func:`explain`'s message when a library WeasyPrint needs is missing."""
    lacking = _checked()
    if lacking:
        raise LeafletError(explain(list(lacking)))


def describe() -> str:
    """This machine, in a line: the system and Python."""
    system = f"{platform.system() or sys.platform} {platform.release()}"
    return f"{system}, Python {platform.python_version()}"
