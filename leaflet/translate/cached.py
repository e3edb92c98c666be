"""A language's status, read again only when a file it was read from has changed.

``leaflet serve`` asks for the state of every language after every save, and the
contact sheet after every build; reading every words file of 20 languages takes a
fifth of a second. The status of a language depends on its leaflet.yaml, its own
folder and the source language's folder, so it is kept with the size and time of
every file in them, and read again when any of those differ.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .. import content
from ..project import SETTINGS_FILE
from .states import LanguageStatus
from .status import language_status

_KEPT: dict[tuple[Path, str, bool], tuple[tuple[tuple[str, int, int], ...], LanguageStatus]] = {}
_LOCK = threading.Lock()


def _signature(folders: list[Path], settings_file: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    for path in [settings_file, *(p for f in folders if f.is_dir() for p in sorted(f.iterdir()))]:
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def cached_status(settings: content.Settings, lang: str, measure: bool = True) -> LanguageStatus:
    """:func:`leaflet.translate.status.language_status`, kept while its files are unchanged."""
    folders = [settings.folder / lang, settings.folder / settings.source_language]
    signature = _signature(folders, settings.folder / SETTINGS_FILE)
    key = (settings.folder, lang, measure)
    with _LOCK:
        kept = _KEPT.get(key)
        if kept is not None and kept[0] == signature:
            return kept[1]
    status = language_status(settings, lang, measure)
    with _LOCK:
        _KEPT[key] = (signature, status)
    return status
