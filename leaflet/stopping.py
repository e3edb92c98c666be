"""Ctrl-C and SIGTERM, never lost: a build that is told to stop, stops.

Python turns SIGINT into KeyboardInterrupt wherever the main thread is. Raised inside
an object's ``__del__`` (the garbage collector runs them at any moment) or inside a
callback from C code, the exception is printed as "Exception ignored" and lost, and the
build would run to its end. :func:`install` makes both signals set a flag as well as
raise; :func:`check` raises again wherever a stage can safely stop (before and after
each edition, before anything is landed), so a lost KeyboardInterrupt is raised there.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

_asked = threading.Event()


def _stop(signum: int, frame: Any) -> None:
    _asked.set()
    raise KeyboardInterrupt


def install() -> None:
    """Ctrl-C (SIGINT) and a stop from the system (SIGTERM: kill, a CI timeout) both
    unwind the build like Ctrl-C, removing temporary files on the way. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        return
    _asked.clear()
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)


def check() -> None:
    """Raise KeyboardInterrupt if a stop was asked for (and perhaps lost on the way)."""
    if _asked.is_set():
        raise KeyboardInterrupt
