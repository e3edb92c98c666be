"""One temporary folder per build, named after the project, emptied by the next build.

Everything a build puts in the system's temporary folder goes into one folder of its
own: WeasyPrint's copies of the fonts, the print file being preflighted, the worker
processes' files. It is removed when the build ends however it ends — and when it
cannot be (the build was killed with SIGKILL, the machine lost power), the next build
of the same project finds it by its name and removes it first. The dist/ lock is held
meanwhile, so no other build of the project is using it.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..project import Project


def temp_folder(project: Project) -> Path:
    """Where the builds of ``project`` keep their temporary files."""
    key = hashlib.sha256(str(project.root.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"leaflet-build-{key}"


@contextmanager
def build_temp(project: Project) -> Iterator[Path]:
    """The build's temporary folder, made the default for ``tempfile`` while it runs."""
    folder = temp_folder(project)
    shutil.rmtree(folder, ignore_errors=True)  # what a killed build left
    folder.mkdir(mode=0o700)
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(folder, ignore_errors=True)
