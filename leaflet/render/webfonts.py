"""Fonts cut down for the web page, kept on disk: cut once per font and set of letters.

Cutting a font down to the letters a page uses (fontTools, WOFF2) takes about a fifth
of a second, as long as laying out a leaflet. Every edition in the same script needs
the same cut, and so does every worker process of every build, so each cut is kept in
leaflet's cache folder (``$XDG_CACHE_HOME/leaflet/web-fonts``, by default
``~/.cache/leaflet/web-fonts``), named by a digest of the font's bytes, the letters
and the fontTools version: a changed font or a new fontTools makes a new cut. A few
tens of kilobytes each; deleting the folder is always safe.

A cache that cannot be read or written (a read-only home folder) is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

#: What a kept cut starts with (a WOFF2 file), or, for a font with none of the
#: letters, the whole of the file.
_WOFF2 = b"wOF2"
_NONE = b"none"


def folder() -> Path:
    """Where the cuts are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "leaflet" / "web-fonts"


def _key(data: bytes, letters: str) -> str:
    import fontTools

    digest = hashlib.sha256(f"fontTools {fontTools.version}\0".encode())
    digest.update(hashlib.sha256(data).digest())
    digest.update(letters.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def cached(data: bytes, letters: str, cut: Callable[[], bytes | None]) -> bytes | None:
    """The cut of the font ``data`` to ``letters``: from the cache, else ``cut()`` (kept)."""
    path = folder() / f"{_key(data, letters)}.woff2"
    try:
        kept = path.read_bytes()
    except OSError:
        kept = b""
    if kept == _NONE:
        return None
    if kept.startswith(_WOFF2):
        return kept
    made = cut()
    _keep(path, made if made is not None else _NONE)
    return made


def _keep(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all (two processes may write the same cut)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(name, path)
    except OSError:
        Path(name).unlink(missing_ok=True)
