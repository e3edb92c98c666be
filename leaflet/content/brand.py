"""The brand: who publishes a project's leaflets, and how they look (``brand:`` in the
project file).

An organisation gives its name and contact details once (each leaflet's ``sender:``
changes them for that leaflet).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Collector
from .blocks import TEXT
from .model import Brand, Sender
from .schema import Field, MapT
from .yamlfile import Map, Text

BRAND_DESCRIPTION = (
    "who publishes the leaflets: the organisation's name and contact details, printed on "
    "every leaflet (a leaflet's own sender: changes them for that leaflet)"
)
#: The contact details, in the order they are printed.
CONTACT_KEYS = ("department", "address", "phone", "email", "web")

BRAND_SCHEMA = MapT(
    {
        "name": Field(TEXT, required=True, description="the organisation's name"),
        "department": Field(TEXT, description="a department or unit, under the name"),
        "address": Field(TEXT, description="the postal address, on one line"),
        "phone": Field(TEXT),
        "email": Field(TEXT),
        "web": Field(TEXT, description="the web site, e.g. rn.dk"),
    },
    description=BRAND_DESCRIPTION,
)


def read_brand(raw: Map | None, root: Path, problems: Collector) -> Brand:
    """The checked ``brand:`` of a project file (already checked against the schema)."""
    del root, problems
    if raw is None:
        return Brand()
    return Brand(sender=sender_of(raw))


def sender_of(raw: Map) -> Sender:
    """A :class:`Sender` from a map with ``name:`` and the contact keys."""
    return Sender(raw["name"], *(raw.get(key) for key in CONTACT_KEYS))


def merged_sender(brand: Brand, own: Map | None) -> Sender | None:
    """The sender of a leaflet: its own ``sender:`` over the brand's.

    A ``sender:`` with a ``name:`` is another sender: nothing of the brand's contact
    details is used. Without a name it changes or adds only the keys it has
    (``department:``, ``phone:`` …) to the brand's. None: there is no name anywhere.
    """
    if own is not None and "name" in own:
        return sender_of(own)
    base = brand.sender
    if base is None:
        return None
    if own is None:
        return base
    values = {key: own.get(key, getattr(base, key)) for key in CONTACT_KEYS}
    return Sender(base.name, **values)


def where(
    brand: Brand, key: str, fallback: Path | None
) -> tuple[Path | None, int | None, int | None]:
    """Where a brand value was written (for a message), else the project file."""
    value = getattr(brand.sender, key, None) if brand.sender else None
    if isinstance(value, Text):
        return value.path, value.line, value.column
    return fallback, None, None


def stamp(root: Path) -> tuple[object, ...]:
    """What changes when a file in the project's brand/ folder changes (for caches)."""
    folder = root / "brand"
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return ()
    found: list[object] = []
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            continue
        found.append((entry.name, info.st_mtime_ns, info.st_size))
    return tuple(found)
