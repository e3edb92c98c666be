"""Builds spread over machines: ``leaflet build --shard K/N`` and ``leaflet merge``.

A CI system (a GitHub Actions matrix, a GitLab ``parallel:`` job) runs N jobs; job K
runs ``leaflet build --shard K/N`` and keeps its ``dist/``; a last job runs
``leaflet merge`` on the N folders. leaflet schedules nothing itself: the CI system
is the distributed engine, this only decides what each job builds and puts the
pieces together.

* **Each leaflet whole, on one machine**: all its languages, so that every
  translation is held to the page count its source chooses and the contact sheet has
  every language's row.
* **Balanced by editions**: the leaflets with most languages are placed first, each
  on the machine with the fewest editions so far (ties: the lowest number).
* **Stable**: the share depends only on the leaflets' names and their numbers of
  languages, never on the machine, the order folders are listed in or the time, so N
  jobs that never talk to each other agree on it.
* **The same bytes**: each file is made as on one machine, and the merged manifest
  lists the same entries in the same order, so the merged ``dist/`` is byte for byte
  the ``dist/`` of a build on one machine.

A shard's build writes ``dist/shard.json`` (which shard, and its leaflets), so that
the merge can take exactly those leaflets from it and say when a shard is missing.
The merged ``dist/`` has no such file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..errors import LeafletError, Problem
from ..project import MANIFEST_FILE, Project
from . import inputs
from .lock import dist_lock
from .manifest import (
    MAX_MANIFEST_BYTES,
    DoesNotFit,
    Manifest,
    Output,
    commit_all,
    discard,
    heal,
    stage,
    write_atomic,
)

#: The file a shard's build leaves in its dist/, for the merge.
MARKER = "shard.json"
#: The most shards a build can be spread over.
MAX_SHARDS = 1000


@dataclass(frozen=True)
class Shard:
    """Shard ``number`` (from 1) of ``count``."""

    number: int
    count: int

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


def parse_shard(text: str) -> Shard:
    """``K/N`` as a :class:`Shard`; ValueError saying what to write otherwise."""
    number, slash, count = text.strip().partition("/")
    if not slash or not number.isdigit() or not count.isdigit():
        raise ValueError(f'"{text}" is not a shard — write K/N, like 2/3 (the second of three)')
    shard = Shard(int(number), int(count))
    if not 1 <= shard.count <= MAX_SHARDS:
        raise ValueError(f'"{text}": the number of shards must be from 1 to {MAX_SHARDS}')
    if not 1 <= shard.number <= shard.count:
        raise ValueError(f'"{text}": K must be from 1 to {shard.count}, like 1/{shard.count}')
    return shard


def shares(editions: dict[str, int], count: int) -> list[list[str]]:
    """The leaflets (name → number of editions) of each of ``count`` shards, in name order."""
    loads = [0] * count
    found: list[list[str]] = [[] for _ in range(count)]
    for name in sorted(editions, key=lambda n: (-editions[n], n)):
        smallest = min(range(count), key=lambda i: (loads[i], i))
        loads[smallest] += editions[name]
        found[smallest].append(name)
    return [sorted(names) for names in found]


def share(pairs: Sequence[inputs.Pair], shard: Shard) -> list[str]:
    """The names of the leaflets of ``pairs`` (leaflet folder, language) that fall to ``shard``."""
    editions: dict[str, int] = {}
    for folder, _ in pairs:
        editions[folder.name] = editions.get(folder.name, 0) + 1
    return shares(editions, shard.count)[shard.number - 1]


def mark(project: Project, shard: Shard, leaflets: Sequence[str]) -> None:
    """Leave ``dist/shard.json``: this dist/ holds ``shard``, made of ``leaflets``."""
    data = {"shard": shard.number, "of": shard.count, "leaflets": sorted(leaflets)}
    with dist_lock(project):
        write_atomic(project.dist / MARKER, (json.dumps(data, indent=2) + "\n").encode())


def unmark(project: Project) -> None:
    """A build that is not a shard's: its dist/ is no shard's any more."""
    marker = project.dist / MARKER
    if files.is_regular(marker):
        with dist_lock(project):
            marker.unlink(missing_ok=True)


# --- merging -------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One shard's dist/ folder, read and checked."""

    folder: Path
    shard: Shard
    leaflets: tuple[str, ...]
    files: tuple[Output, ...]  # of its leaflets only
    unfit: tuple[DoesNotFit, ...]


def _problem(folder: Path, message: str) -> Problem:
    return Problem(message, folder)


def read_piece(folder: Path) -> Piece:
    """A shard's dist/ (or a folder holding one), read; raises with what is wrong."""
    if not (folder / MARKER).exists() and (folder / "dist" / MARKER).exists():
        folder = folder / "dist"
    if not folder.is_dir():
        raise LeafletError(
            _problem(
                folder,
                "there is no such folder — give the folders that `leaflet build --shard K/N` "
                "made (each shard's dist/, copied here whole)",
            )
        )
    try:
        marker = json.loads(files.read_bytes(folder / MARKER, 10_000_000))
        shard = Shard(int(marker["shard"]), int(marker["of"]))
        leaflets = tuple(str(name) for name in marker["leaflets"])
    except (OSError, ValueError, KeyError, TypeError):
        raise LeafletError(
            _problem(
                folder,
                f"this is not the dist/ folder of a shard's build: it has no readable "
                f"{MARKER} — give the folders that `leaflet build --shard K/N` made",
            )
        ) from None
    if not leaflets and not (folder / MANIFEST_FILE).exists():
        # an empty share (more shards than leaflets) built nothing, so it has no manifest
        return Piece(folder, shard, leaflets, (), ())
    try:
        data = json.loads(files.read_bytes(folder / MANIFEST_FILE, MAX_MANIFEST_BYTES))
        entries = [Output(**entry) for entry in data["files"]]
        unfit = [DoesNotFit(**entry) for entry in data.get("does_not_fit", [])]
    except (OSError, ValueError, KeyError, TypeError):
        raise LeafletError(
            _problem(
                folder,
                f"the {MANIFEST_FILE} of shard {shard} cannot be read — build that shard again",
            )
        ) from None
    mine = set(leaflets)
    listed = tuple(o for o in entries if o.leaflet in mine)
    problems = []
    for output in listed:
        path = folder / output.path
        if not _inside(output.path) or not _matches(path, output.sha256):
            problems.append(
                _problem(
                    path,
                    f"shard {shard}: this file is missing or not the one its manifest lists "
                    "— the shard's folder was not copied whole; build that shard again",
                )
            )
    if problems:
        raise LeafletError(problems)
    return Piece(folder, shard, leaflets, listed, tuple(d for d in unfit if d.leaflet in mine))


def _inside(path: str) -> bool:
    return ".." not in Path(path).parts and not Path(path).is_absolute()


def _matches(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(files.read_bytes(path)).hexdigest() == sha256
    except OSError:
        return False


def check_pieces(pieces: Sequence[Piece]) -> None:
    """Every shard of one build, each once; raise with what is missing or doubled."""
    problems = []
    counts = {p.shard.count for p in pieces}
    if len(counts) > 1:
        problems.append(
            Problem(
                "these folders come from builds spread over different numbers of shards ("
                + ", ".join(f"{p.folder}: {p.shard}" for p in pieces)
                + ") — merge the shards of one build"
            )
        )
    else:
        count = counts.pop()
        seen: dict[int, Path] = {}
        for piece in pieces:
            if piece.shard.number in seen:
                problems.append(
                    _problem(
                        piece.folder,
                        f"shard {piece.shard} is given twice (also {seen[piece.shard.number]}) "
                        "— give each shard's folder once",
                    )
                )
            seen[piece.shard.number] = piece.folder
        missing = [n for n in range(1, count + 1) if n not in seen]
        if missing:
            problems.append(
                Problem(
                    "shard"
                    + ("s " if len(missing) > 1 else " ")
                    + ", ".join(f"{n}/{count}" for n in missing)
                    + (" are" if len(missing) > 1 else " is")
                    + " missing — every shard's dist/ folder is needed (did a CI job fail, or "
                    "its files not get passed on?)"
                )
            )
    owners: dict[str, Piece] = {}
    for piece in pieces:
        for leaflet in piece.leaflets:
            if leaflet in owners and owners[leaflet].shard != piece.shard:
                problems.append(
                    _problem(
                        piece.folder,
                        f'the leaflet "{leaflet}" was built by shard {owners[leaflet].shard} '
                        f"and by shard {piece.shard} — were the shards built from different "
                        "content? Build them again from one commit",
                    )
                )
            owners[leaflet] = piece
    if problems:
        raise LeafletError(problems)


def merge(project: Project, folders: Sequence[Path]) -> list[Piece]:
    """Put the shards' files into the project's dist/, each leaflet whole, and list them.

    Everything is read and checked first. Then, leaflet by leaflet, as a build does:
    the new files are written beside their places, the leaflet leaves the manifest,
    the files are moved in (files of that leaflet that the shard does not have are
    removed), and the leaflet is listed again: the manifest is true at every moment.
    """
    pieces = [read_piece(folder) for folder in folders]
    check_pieces(pieces)
    with dist_lock(project):
        manifest = heal(project)
        (project.dist / MARKER).unlink(missing_ok=True)
        for piece in pieces:
            for leaflet in piece.leaflets:
                _land(project, piece, leaflet, manifest)
        merged = {leaflet for piece in pieces for leaflet in piece.leaflets}
        unfit = [d for piece in pieces for d in piece.unfit]
        tried = [(d.leaflet, d.language) for d in manifest.unfit.values() if d.leaflet in merged]
        tried += [(o.leaflet, o.language) for p in pieces for o in p.files if o.language]
        manifest.settle(set(tried), unfit)
        manifest.flush()
    return pieces


def _land(project: Project, piece: Piece, leaflet: str, manifest: Manifest) -> None:
    outputs = [o for o in piece.files if o.leaflet == leaflet]
    staged: list[tuple[Path, Path]] = []
    try:
        for output in outputs:
            data = files.read_bytes(piece.folder / output.path)
            target = project.dist / output.path
            staged.append((stage(target, data), target))
        old = [o for o in manifest.entries.values() if o.leaflet == leaflet]
        manifest.forget({o.path for o in old})
        new = {o.path for o in outputs}
        for output in old:
            if output.path not in new:
                (project.dist / output.path).unlink(missing_ok=True)
        commit_all(staged)
    finally:
        discard(staged)
    manifest.record(outputs)
