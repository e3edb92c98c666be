"""Writing several files at once: all of them, or — as far as the filesystem allows — none.

What :func:`write_all` guarantees:

* **No file is ever half-written.** Each file is first written in full (and synced to
  disk) next to its place under a temporary name, then moved into place with one
  atomic rename: a reader sees the old file or the new one, never a part of either.
* **A failure before the renames changes nothing**: the temporary files, and every
  folder made for the new files, are removed again.
* **A failure during the renames is undone**: before renaming, a second name (a hard
  link) is kept for each file that is replaced; if a rename fails, the files already
  replaced get their old contents back, the new files that had no old one are
  removed, and so are the folders made.
* What it cannot promise: if the machine itself stops in the middle of the renames
  (a crash, a power cut), some files can be new and others old — each of them whole.
  A failure while undoing (the disk failing too) is not undone either.

A file that is replaced keeps its permissions; a new file gets ``rw-r--r--``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import Collector
from ..project import leads_out

#: The permissions of a new file.
NEW_FILE_MODE = 0o644


def write_all(files: Mapping[Path, bytes], within: Path | None = None) -> None:
    """Write every ``path: data``; folders are made as needed (see the module's text).

    With ``within``, nothing is written unless every path is inside that folder once
    links are followed (a language folder that is a link out of the project is refused).
    """
    if within is not None:
        problems = Collector()
        for path in files:
            if (out := leads_out(path, within)) is not None:
                problems.add(out[1], out[0])
        problems.raise_if_any()
    staged: list[tuple[Path, Path]] = []  # (temporary file, its place)
    made: list[Path] = []  # folders made here, outermost first
    try:
        for path, data in files.items():
            made += _make_folders(path.parent)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(temp), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                mode = NEW_FILE_MODE
            os.chmod(temp, mode)
    except BaseException:
        _remove(staged, made)
        raise
    _replace(staged, made)


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; those made, outermost
    first."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    try:
        for step in reversed(missing):
            step.mkdir()
            made.append(step)
    except BaseException:
        for step in reversed(made):
            step.rmdir()
        raise
    return made


def _remove(staged: list[tuple[Path, Path]], made: list[Path]) -> None:
    """Remove temporary files and the folders made (only if they are empty again)."""
    for temp, _ in staged:
        temp.unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _replace(staged: list[tuple[Path, Path]], made: list[Path]) -> None:
    """Move every staged file into place; if one fails, put back what was there."""
    kept: dict[Path, Path] = {}  # a file's place → a second name for its old contents
    done: list[Path] = []
    try:
        for temp, path in staged:
            if path.is_file():
                keep = temp.with_name(temp.name[: -len(".tmp")] + ".old")
                try:
                    os.link(path, keep)
                except OSError:  # a filesystem without hard links: a copy will do
                    shutil.copy2(path, keep)
                kept[path] = keep
        for temp, path in staged:
            os.replace(temp, path)
            done.append(path)
    except BaseException:
        for path in reversed(done):
            if path in kept:
                os.replace(kept.pop(path), path)
            else:
                path.unlink(missing_ok=True)
        for keep in kept.values():
            keep.unlink(missing_ok=True)
        _remove(staged, made)
        raise
    for keep in kept.values():
        keep.unlink(missing_ok=True)
