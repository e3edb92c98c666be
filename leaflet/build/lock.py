"""One build at a time writes into a dist/ folder.

A second build started while one runs waits for it (and says so) rather than mixing
its files and manifest with the other's. The lock is taken on the project folder
itself, through filelock's portable lock on an open descriptor (``flock`` on Linux and
macOS), so it needs no file of its own and creates no dist/ before there is anything
to put in it; it goes with the process, even when that is killed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from filelock import lock_descriptor

from ..errors import LeafletError
from ..project import Project

#: How long a build waits for another build that is writing into the same dist/.
LOCK_WAIT_S = 600.0


@contextmanager
def dist_lock(project: Project, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the dist/ folder for this build: a second build waits until this one is done.

    Each file is replaced whole in any case; the lock keeps two builds from mixing
    their files and their manifest updates.
    """
    handle = os.open(project.root, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        told = False
        while not lock_descriptor(handle, blocking=False):
            if not told and waiting is not None:
                waiting()
            told = True
            if time.monotonic() > deadline:
                raise LeafletError.at(
                    f"another leaflet build has been writing into this folder for "
                    f"{LOCK_WAIT_S / 60:.0f} minutes — wait for it to finish or stop it",
                    project.root,
                )
            time.sleep(0.1)
        yield
    finally:
        os.close(handle)  # releases the lock
