"""Writing several files so that a failure leaves none of them half-written.

Each file is first written in full next to its place, under a temporary name; only
when all of them are, each is moved into place. Anything going wrong before that
removes the temporary files and leaves every file as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every ``path: data``; folders are made as needed."""
    staged: list[tuple[str, Path]] = []
    made: list[Path] = []  # folders made here, removed again if anything fails
    try:
        for path, data in files.items():
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True)
                made.append(path.parent)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((temp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
    except BaseException:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        raise
    for temp, path in staged:
        os.replace(temp, path)
