"""What each edition's files are made from, as one fingerprint: incremental builds.

An edition (one leaflet in one language) is built again only when something it is
made from changed. Its fingerprint covers, byte for byte:

* the leaflet folder: leaflet.yaml, pictures, its own stylesheet and colour profile
  (every file except the other languages' folders),
* its language folder, and for a translation the source language's folder (the page
  count and the blocks it must keep come from there),
* everything every leaflet shares: the theme's files as this project finds them (its
  own templates/ and styles/ files, else leaflet's default: stylesheet, fonts,
  profiles), the project file and the brand's files (logo, fonts),
* the tool itself: its version and its own source files,
* the build options that change the files (``--draft-print``),
* whether the project refuses the leaflet's print file today, past its review date
  (:mod:`leaflet.content.review`).

Reading a few megabytes of fonts and templates once per build costs milliseconds;
nothing here imports WeasyPrint, so a build with nothing to do stays quick.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__, files
from ..content import review as reviews
from ..content.languages import language_folders
from ..content.projectfile import review_settings
from ..project import SETTINGS_FILE, Project
from .manifest import Output, read_does_not_fit, read_manifest

_TOOL = Path(__file__).resolve().parents[1]  # the leaflet package, every stage

#: One edition: its leaflet folder and its language.
Pair = tuple[Path, str]


def _files(folder: Path) -> list[Path]:
    """Every regular file under ``folder``, in a stable order (no pipes, no loops of links)."""
    return files.regular_files(folder)


def _feed(digest: Any, label: str, root: Path, paths: Sequence[Path]) -> None:
    _feed_named(digest, label, {path.relative_to(root).as_posix(): path for path in paths})


def _feed_named(digest: Any, label: str, named: dict[str, Path]) -> None:
    for name, path in named.items():
        try:
            data = files.read_bytes(path)
        except OSError:  # gone or replaced since it was listed: the build reads it again
            data = b"\0unreadable"
        digest.update(f"{label}/{name}\0{len(data)}\0".encode())
        digest.update(data)
        _feed_links(digest, path)


def _feed_links(digest: Any, path: Path) -> None:
    """Where ``path`` and the folders it is in lead, for those that are links: a file (or
    a folder it is in, like pictures/) replaced by a link to the same bytes elsewhere is
    a change — the build's check refuses a link out of the project, and must run to say so.
    """
    for part in (path, *path.parents):
        with contextlib.suppress(OSError):  # OSError: not a link
            digest.update(b"\0link\0" + os.fsencode(os.readlink(part)))


_REVIEW_BLOCK = re.compile(rb"^review:.*?(?=^[^\s#]|\Z)", re.MULTILINE | re.DOTALL)


def _without_review(data: bytes) -> bytes:
    """The project file without its ``review:`` block: what it says of review dates
    changes no file (a leaflet whose print file it refuses has that in its own key), so
    changing it builds nothing again."""
    return _REVIEW_BLOCK.sub(b"", data)


def shared_key(project: Project) -> Any:
    """A digest of what every edition is made with: the tool, the theme as this project
    sees it (each file the project's own or the default's), the project file (but its
    review dates' settings) and the brand's files."""
    digest = hashlib.sha256(f"leaflet {__version__}\0".encode())
    tool = [p for p in _files(_TOOL) if p.suffix in (".py", ".json")]
    _feed(digest, "tool", _TOOL, tool)
    _feed_named(digest, "theme", project.theme.files())
    if files.is_regular(project.file):
        try:
            data = _without_review(files.read_bytes(project.file))
        except OSError:  # gone or replaced since it was listed: the build reads it again
            data = b"\0unreadable"
        digest.update(f"project\0{len(data)}\0".encode())
        digest.update(data)
        _feed_links(digest, project.file)
    _feed(digest, "brand", project.root, _files(project.brand))
    return digest


def edition_keys(
    project: Project, pairs: Sequence[Pair], draft_print: bool
) -> dict[tuple[str, str], str]:
    """(leaflet id, language) → the fingerprint of everything that edition is made from."""
    return keys_for(project, pairs, (draft_print,))[draft_print]


def keys_for(
    project: Project, pairs: Sequence[Pair], options: Sequence[bool]
) -> dict[bool, dict[tuple[str, str], str]]:
    """:func:`edition_keys` for each of ``options`` (``--draft-print`` or not), with
    every file read once."""
    shared = shared_key(project)
    review = review_settings(project.root)
    common: dict[Path, Any] = {}  # leaflet folder → digest of all but its languages
    keys: dict[bool, dict[tuple[str, str], str]] = {option: {} for option in options}
    for folder, lang in pairs:
        if folder not in common:
            languages = set(language_folders(folder))
            digest = shared.copy()
            for child in sorted(folder.iterdir()):
                if child.is_dir() and child.name in languages:
                    continue
                if child.is_dir():
                    _feed(digest, "leaflet", folder, _files(child))
                elif files.is_regular(child):
                    _feed(digest, "leaflet", folder, [child])
            if _print_refused(folder, review):
                # Past its review date the leaflet gets no print file, without any file
                # changing: the day it becomes overdue, its editions are built again.
                digest.update(b"print refused: past its review date\0")
            common[folder] = digest
        digest = common[folder].copy()
        _feed(digest, "leaflet", folder, _files(folder / lang))
        source = source_language(folder)
        if source is not None and source != lang and (folder / source).is_dir():
            # A translation is made from its source too: the page count the source
            # chooses, and the structure its blocks must keep.
            _feed(digest, "source", folder, _files(folder / source))
        for option in options:  # the build options that change the files, last
            made = digest.copy()
            made.update(f"draft-print={option}\0".encode())
            keys[option][(folder.name, lang)] = made.hexdigest()[:16]
    return keys


def _print_refused(folder: Path, settings: reviews.ReviewSettings) -> bool:
    """Whether the project refuses the leaflet's print file today (past its review date)."""
    if not settings.refuse_overdue_print:
        return False  # the review date is only read when it decides anything
    written = reviews.read_review(folder)
    return written is not None and reviews.print_refused(written.date, settings)


_SOURCE_LANGUAGE = re.compile(r"^source_language:\s*[\"']?([A-Za-z0-9-]+)", re.MULTILINE)


def source_language(folder: Path) -> str | None:
    """The source language leaflet.yaml names (read without loading it), or None."""
    try:
        text = files.read_bytes(folder / SETTINGS_FILE, 2_000_000).decode("utf-8", "replace")
    except OSError:
        return None
    found = _SOURCE_LANGUAGE.search(text)
    return found[1] if found else None


def select(
    project: Project, leaflets: Sequence[str] = (), languages: Sequence[str] = ()
) -> list[Pair] | None:
    """The editions a build of these leaflets and languages covers, from the folders alone.

    None when a name matches nothing (or there is nothing): the full load says what is
    wrong, in its own words.
    """
    folders = {f.name: f for f in project.leaflet_dirs()}
    if any(name not in folders for name in leaflets) or not folders:
        return None
    chosen = [folders[n] for n in leaflets] if leaflets else list(folders.values())
    pairs = [
        (folder, lang)
        for folder in chosen
        for lang in language_folders(folder)
        if not languages or lang in languages
    ]
    if any(not any(lang == wanted for _, lang in pairs) for wanted in languages) or not pairs:
        return None
    return pairs


def up_to_date(outputs: Sequence[Output], key: str) -> bool:
    """Whether an edition's files (``outputs``, its manifest entries) were made from
    exactly ``key``.

    That each file in dist/ still has the bytes its entry lists is checked by
    :func:`leaflet.build.manifest.heal`, which every build runs first, under the same
    lock: every file is read once.
    """
    return bool(outputs) and all(o.inputs == key for o in outputs)


def stale(
    project: Project, pairs: Sequence[Pair], draft_print: bool, force: bool = False
) -> tuple[list[Pair], list[Pair], dict[tuple[str, str], str]]:
    """The editions to build, those up to date, and every edition's fingerprint.

    The manifest must have been healed just now (:func:`leaflet.build.manifest.heal`).
    """
    keys = edition_keys(project, pairs, draft_print)
    by_edition: dict[tuple[str, str | None], list[Output]] = {}
    for output in read_manifest(project):
        by_edition.setdefault((output.leaflet, output.language), []).append(output)
    todo, done = [], []
    for folder, lang in pairs:
        key = keys[(folder.name, lang)]
        if not force and up_to_date(by_edition.get((folder.name, lang), []), key):
            done.append((folder, lang))
        else:
            todo.append((folder, lang))
    return todo, done, keys


def layout_facts(
    project: Project, pairs: Sequence[Pair]
) -> dict[tuple[str, str], tuple[dict[str, Any], bool]]:
    """(leaflet id, language) → what the last build recorded of its layout (see
    ``Output.layout``) and its pages, and whether that build was made from the files
    as they are now. An edition whose last build stopped because its text did not fit
    has ``does_not_fit``: what that build said (its files are of an earlier build), and
    it is "as they are now" when the words that did not fit are still the same."""
    entries = {
        (o.leaflet, o.language): o
        for o in read_manifest(project)
        if o.variant == "screen" and o.format == "pdf" and o.layout is not None
    }
    unfit = {(d.leaflet, d.language): d for d in read_does_not_fit(project)}
    if not entries and not unfit:
        return {}
    current = keys_for(project, pairs, (False, True))
    found = {}
    for folder, lang in pairs:
        pair = (folder.name, lang)
        entry = entries.get(pair)
        facts: dict[str, Any] = {}
        fresh = False
        if entry is not None and entry.layout is not None:
            fresh = any(keys[pair] == entry.inputs for keys in current.values())
            facts = dict(entry.layout)
            if entry.pages is not None:
                facts["pages"] = entry.pages
        if (stopped := unfit.get(pair)) is not None:
            facts["does_not_fit"] = stopped.problem
            fresh = any(keys[pair] == stopped.inputs for keys in current.values())
        if facts:
            found[pair] = (facts, fresh)
    return found
