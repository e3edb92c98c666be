"""What each export sent out, kept in the project, so that an import loses no edit.

An export (XLIFF or PO) remembers, for every text, what the words file held at that
moment, and the source text it was made from. The record lives in the project, not in
the exported file: a translation tool or a round trip through PO drops what it does not
know, and a record in the project is there whatever comes back. The exported file
carries only the export's id (XLIFF: a ``<phase>`` in its header; PO: the header
``X-Leaflet-Export``), which tools keep.

The records are kept in ``.leaflet/exports/<leaflet>/<language>.json`` under the
project — outside ``content/``, so they change no build's fingerprint, and outside
``dist/``, so they are never published. Keep the folder with the project (in version
control, with ``content/``): an import on another machine then finds it too. The last
:data:`KEEP` exports of each language are kept.

On import (:mod:`.importing`), a text whose words file holds something other than what
the record says was edited after the export: it is not overwritten, but reported as a
conflict. Without a record (an export made elsewhere, an id the tool dropped), a text
that is translated and differs from the incoming one is a conflict too.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import files
from ..project import Project

#: Where the records are, under the project folder.
FOLDER = Path(".leaflet") / "exports"
#: How many exports of one leaflet and language are remembered.
KEEP = 20
#: The largest record file read (a leaflet's record is some tens of kilobytes).
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Sent:
    """One text as it was exported: its source text, and what the words file held
    (None: no text there)."""

    source: str
    held: str | None


@dataclass(frozen=True)
class Export:
    """What one export sent out."""

    id: str
    made: str  # when, ISO 8601
    format: str  # "xliff" or "po"
    texts: dict[str, Sent]  # unit id → what was sent

    def as_dict(self) -> dict[str, Any]:
        return {
            "made": self.made,
            "format": self.format,
            "texts": {
                uid: {"source": sent.source, "held": sent.held} for uid, sent in self.texts.items()
            },
        }


def new_id(now: datetime | None = None) -> str:
    """A new export's id: when it was made, and a few random letters (two exports in one
    second differ)."""
    moment = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{moment}-{secrets.token_hex(3)}"


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def path_of(project: Project, leaflet: str, lang: str) -> Path:
    """The record file of one leaflet's language."""
    return project.root / FOLDER / leaflet / f"{lang}.json"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(files.read_bytes(path, MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    exports = data.get("exports") if isinstance(data, dict) else None
    return exports if isinstance(exports, dict) else {}


def with_export(project: Project, leaflet: str, lang: str, export: Export) -> tuple[Path, bytes]:
    """The record file with ``export`` added (the oldest dropped past :data:`KEEP`):
    its path and new bytes, for the command to write with the exported file."""
    path = path_of(project, leaflet, lang)
    exports = _read(path)
    exports[export.id] = export.as_dict()
    kept = dict(sorted(exports.items(), key=lambda item: str(item[1].get("made", "")))[-KEEP:])
    text = json.dumps(
        {
            "about": "What each `leaflet translate export` sent out, so that an import "
            "overwrites no text edited since. Keep this folder with the project.",
            "exports": kept,
        },
        ensure_ascii=False,
        indent=1,
    )
    return path, (text + "\n").encode("utf-8")


def find(project: Project, leaflet: str, lang: str, export_id: str | None) -> Export | None:
    """The record of the export ``export_id`` of a leaflet's language, or None."""
    if not export_id:
        return None
    found = _read(path_of(project, leaflet, lang)).get(export_id)
    if not isinstance(found, dict) or not isinstance(found.get("texts"), dict):
        return None
    texts = {}
    for uid, sent in found["texts"].items():
        if isinstance(sent, dict) and isinstance(sent.get("source"), str):
            held = sent.get("held")
            texts[str(uid)] = Sent(sent["source"], held if isinstance(held, str) else None)
    return Export(export_id, str(found.get("made", "")), str(found.get("format", "")), texts)
