"""The JSON Schema files that let an editor check content while it is typed.

They are made from the same definitions the loader checks with (``SETTINGS_SCHEMA``,
each kind's ``words`` and the project file's ``PROJECT_SCHEMA`` in
:mod:`leaflet.content`), and published in
``leaflet/content/schemas/``; ``.vscode/settings.json`` tells VS Code's YAML extension which
file each schema is for. After changing a definition, write them again::

    .venv/bin/python -m leaflet.content.jsonschema          # write leaflet/content/schemas/*.json
    .venv/bin/python -m leaflet.content.jsonschema --check  # exit 1 if they are out of date

A test compares the published files with freshly made ones, so they cannot drift.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .kinds import KINDS, SETTINGS_SCHEMA
from .schema import to_json_schema

PROGRAM = "python -m leaflet.content.jsonschema"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def settings_schema() -> dict[str, Any]:
    """The schema of a leaflet's ``leaflet.yaml``."""
    return {
        "$schema": DRAFT,
        "title": "leaflet.yaml",
        **to_json_schema(
            SETTINGS_SCHEMA,
            "The settings every language of a leaflet shares: id, title, page plan, "
            "sections and their kinds, QR address, sender and document control.",
        ),
    }


def words_schema() -> dict[str, Any]:
    """The schema of a words file (``<lang>/<section>.yaml``): the words of any kind.

    Which kind a file is for is written in leaflet.yaml, out of an editor's sight, so
    a words file may be the words of any kind. Kinds with the same words (text, note
    and qr) share one entry.
    """
    grouped: dict[str, list[str]] = {}
    made: dict[str, dict[str, Any]] = {}
    for name, kind in KINDS.items():
        schema = to_json_schema(kind.words)
        key = json.dumps(schema, sort_keys=True)
        grouped.setdefault(key, []).append(name)
        made.setdefault(key, schema)
    options = [
        {"title": f"the words of a section of kind {' or '.join(names)}", **made[key]}
        for key, names in grouped.items()
    ]
    return {
        "$schema": DRAFT,
        "title": "a words file",
        "description": "The words of one section in one language. Which keys it has "
        "depends on the kind of the section, written in leaflet.yaml.",
        "anyOf": options,
    }


def project_schema() -> dict[str, Any]:
    """The schema of a project's ``leaflet-project.yaml``."""
    from .projectfile import PROJECT_SCHEMA

    return {
        "$schema": DRAFT,
        "title": "leaflet-project.yaml",
        **to_json_schema(
            PROJECT_SCHEMA,
            "What every leaflet of a project shares: the leaflet it was made with, and the "
            "brand (who publishes the leaflets, and how they look).",
        ),
    }


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "leaflet.schema.json": settings_schema,
    "words.schema.json": words_schema,
    "project.schema.json": project_schema,
}


def render(schema: dict[str, Any]) -> str:
    """A schema as the text of its published file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cache
def texts() -> dict[str, str]:
    """Each schema file's name → its text, made once: it depends on leaflet's code only."""
    return {name: render(make()) for name, make in SCHEMAS.items()}


def out_of_date(folder: Path = SCHEMA_DIR) -> list[Path]:
    """The published schema files that differ from freshly made ones (or are missing)."""
    stale = []
    for name, text in texts().items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            stale.append(path)
    return stale


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema file into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Write the JSON Schema files for editors from leaflet's definitions.",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file is out of date"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = out_of_date()
        for path in stale:
            print(
                f"{path}: out of date — run python -m leaflet.content.jsonschema", file=sys.stderr
            )
        return 1 if stale else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
