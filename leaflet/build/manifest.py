"""dist/manifest.json: every file a build made, with its pages, checksum and inputs.

``files`` lists each file (:class:`Output`): the PDFs and HTML of each edition, the
PNG preview of each of its pages, and each leaflet's contact sheet (language null).
``does_not_fit`` lists the editions whose last build stopped because their text did
not fit (:class:`DoesNotFit`): such an edition gets no new files, so its files in
``files`` are older than its words, and this says so.

The manifest tells the truth at every moment, whatever stops a build (Ctrl-C, a
signal, a full disk, a crash, SIGKILL): every entry matches the bytes of its file.
That holds because of the order things are done in, not because anything gets to run
at the end:

1. every new file of an edition is written in full to a temporary file beside its
   place (a full disk stops the edition here, before anything has changed);
2. the edition's entries are taken out of the manifest (written whole, atomically);
3. each temporary file is renamed over the old file, which is whole before and after;
4. the entries of the files now there are put back, all at once.

Stopped anywhere in between, the manifest lists fewer files than dist/ holds, never
a wrong checksum. The next build heals what is left: it removes temporary files a
stopped build left behind, drops entries whose files are gone or changed, and builds
again every edition whose files are not listed (see :mod:`leaflet.build.inputs`).

Kept light (no renderer, no templates) so that a build with nothing to do can read
and tidy it without loading anything heavy.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .. import files
from ..errors import LeafletError, Problem
from ..project import MANIFEST_FILE, Project
from .temp import temp_folder

#: Temporary files are named ".<name>.<random>" + this, beside the file they become.
TEMP_SUFFIX = ".leaflet.tmp"
_TEMP_NAME = re.compile(r"^\..+" + re.escape(TEMP_SUFFIX) + "$")
#: The largest manifest read (ours is a few hundred bytes per file).
MAX_MANIFEST_BYTES = 50_000_000
#: Entries recorded are written within this many seconds, or within this many times
#: as long as the last write took (so writing costs at most a hundredth of the time).
FLUSH_S = 2.0
FLUSH_COST = 100


@dataclass(frozen=True)
class Output:
    """One file in ``dist/``, as listed in the manifest."""

    leaflet: str
    language: str | None  # None: the leaflet's contact sheet, of every language
    variant: str  # "print", "office", "screen", "preview" or "contact-sheet"
    format: str  # "pdf", "html" or "png"
    path: str  # relative to dist/, with forward slashes
    pages: int | None
    sha256: str
    preflight: str | None = None  # print files: "pass" or "warn"
    #: Fingerprint of everything the file was made from (see leaflet/inputs.py).
    inputs: str | None = None
    #: Screen PDFs: how the edition was laid out — "room_lines", the whole lines of body
    #: text that still fit on the last inside page (the one number every command shows),
    #: "scale", its text size (1 = normal), and "notes", the layout notes of the build
    #: (page, message, path: see leaflet/build/notes.py).
    layout: dict[str, Any] | None = None
    #: Previews: the page (from 1) the picture shows.
    page: int | None = None


@dataclass(frozen=True)
class DoesNotFit:
    """An edition whose last build stopped because its text does not fit its pages."""

    leaflet: str
    language: str
    #: Fingerprint of the inputs that did not fit (see leaflet/inputs.py): when it is
    #: not the edition's fingerprint now, the words changed since.
    inputs: str
    #: What the build said, as the command line printed it (file: what — what to do).
    problem: str


def _failed(path: Path, exc: OSError) -> OSError:
    """``exc`` as a failure to write ``path`` (a full disk names no file by itself)."""
    made = OSError(exc.errno, exc.strerror or str(exc), str(path))
    made.__cause__ = exc
    return made


def stage(path: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``path``, on disk; :func:`commit` puts it there.

    Any OSError raised names ``path`` (not the temporary file), also for a full disk.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise _failed(path, exc) from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _failed(path, exc) from None
        raise
    return temp


def commit(temp: Path, path: Path) -> None:
    """Move the staged file ``temp`` over ``path``: readers see the old file or the new."""
    try:
        os.replace(temp, path)
    except OSError as exc:
        raise _failed(path, exc) from None
    _sync_folder(path.parent)


def commit_all(staged: list[tuple[Path, Path]]) -> None:
    """:func:`commit` each staged ``(temp, path)`` in order, taking it off ``staged`` once
    it is in place: stopped part way, what is left are temporaries for :func:`discard`."""
    while staged:
        commit(*staged[0])
        staged.pop(0)


def discard(staged: list[tuple[Path, Path]]) -> None:
    """Remove the temporaries of ``staged`` files that were not put in place."""
    for temp, _ in staged:
        temp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    Any OSError raised names ``path`` (not the temporary file), also for a full disk.
    """
    temp = stage(path, data)
    try:
        commit(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` last through a power cut (where the system allows it)."""
    if not hasattr(os, "O_DIRECTORY"):
        return  # a folder cannot be opened to sync it here (Windows)
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _inside_dist(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in path


def _read(project: Project) -> dict[str, Any]:
    try:
        data = json.loads(files.read_bytes(project.dist / MANIFEST_FILE, MAX_MANIFEST_BYTES))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_manifest(project: Project) -> list[Output]:
    """The entries of dist/manifest.json; none when it is missing or unreadable."""
    try:
        entries = [Output(**entry) for entry in _read(project)["files"]]
    except (KeyError, TypeError):
        return []
    return [o for o in entries if isinstance(o.path, str) and _inside_dist(o.path)]


def read_does_not_fit(project: Project) -> list[DoesNotFit]:
    """The editions whose last build found that their text does not fit."""
    try:
        return [DoesNotFit(**entry) for entry in _read(project).get("does_not_fit", [])]
    except (TypeError, AttributeError):
        return []


def fits_again(project: Project, up_to_date: Sequence[tuple[Path, str]]) -> bool:
    """Whether an edition whose files are up to date is recorded as not fitting."""
    unfit = {(d.leaflet, d.language) for d in read_does_not_fit(project)}
    return any((folder.name, lang) in unfit for folder, lang in up_to_date)


def matches(project: Project, output: Output) -> bool:
    """Whether the file of ``output`` is in dist/ with exactly the listed bytes."""
    try:
        data = files.read_bytes(project.dist / output.path)
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == output.sha256


class Manifest:
    """The manifest of one build, kept in memory and written whole at each change.

    Only one build at a time writes into a dist/ folder (:mod:`.lock`), so what is in
    memory is what is on disk. A write that fails leaves both as they were.
    """

    def __init__(
        self, project: Project, entries: Iterable[Output], unfit: Iterable[DoesNotFit] = ()
    ) -> None:
        self.project = project
        self.entries = {o.path: o for o in entries}
        self.unfit = {(d.leaflet, d.language): d for d in unfit}
        #: Entries recorded since the file was last written (their files are in dist/).
        self.dirty = False
        self._written_at = time.monotonic()
        self._write_seconds = 0.0
        self._texts: dict[str, tuple[Output, str]] = {}  # each entry's JSON, made once

    @classmethod
    def load(cls, project: Project) -> Manifest:
        return cls(project, read_manifest(project), read_does_not_fit(project))

    def _write(self, entries: dict[str, Output], unfit: dict[tuple[str, str], DoesNotFit]) -> None:
        start = time.monotonic()
        text = self._text(entries, unfit)
        write_atomic(self.project.dist / MANIFEST_FILE, text.encode("utf-8"))
        self.entries, self.unfit, self.dirty = entries, unfit, False
        self._written_at = time.monotonic()
        self._write_seconds = self._written_at - start

    def _entry(self, output: Output) -> str:
        kept = self._texts.get(output.path)
        if kept is None or (kept[0] is not output and kept[0] != output):
            kept = (output, _entry_text(output))
            self._texts[output.path] = kept
        return kept[1]

    def _text(self, entries: dict[str, Output], unfit: dict[tuple[str, str], DoesNotFit]) -> str:
        """The manifest as ``json.dumps(…, indent=2)`` writes it, from each entry's JSON
        made once (a catalogue's manifest has tens of thousands)."""
        files = ",\n".join(self._entry(entries[path]) for path in sorted(entries))
        text = '{\n  "files": ' + (f"[\n{files}\n  ]" if entries else "[]")
        if unfit:
            records = [asdict(d) for _, d in sorted(unfit.items())]
            rows = json.dumps(records, indent=2, ensure_ascii=False)
            text += ',\n  "does_not_fit": ' + rows.replace("\n", "\n  ")
        return text + "\n}\n"

    def flush(self) -> None:
        """Write what was recorded and not yet written."""
        if self.dirty:
            self._write(self.entries, self.unfit)

    def forget(self, paths: Collection[str]) -> None:
        """Take the entries of ``paths`` out, before their files are replaced or removed."""
        kept = {path: o for path, o in self.entries.items() if path not in paths}
        if len(kept) != len(self.entries):
            self._write(kept, self.unfit)

    def forget_edition(self, leaflet: str, language: str | None) -> None:
        """Take out every entry of one edition (or of a leaflet's contact sheet: None)."""
        self.forget(
            {p for p, o in self.entries.items() if (o.leaflet, o.language) == (leaflet, language)}
        )

    def record(self, outputs: Iterable[Output]) -> None:
        """List ``outputs``, whose files are now in dist/.

        The file is written at once when the last write is a while ago, else with the
        next write (:meth:`flush` at the latest): a catalogue's manifest is megabytes,
        and writing it for every edition would cost more than building. Until then the
        file lists fewer editions than dist/ holds, which is always true of it.
        """
        entries = dict(self.entries)
        entries.update((o.path, o) for o in outputs)
        if entries == self.entries:
            return
        waited = time.monotonic() - self._written_at
        if waited >= max(FLUSH_S, FLUSH_COST * self._write_seconds):
            self._write(entries, self.unfit)
        else:
            self.entries, self.dirty = entries, True

    def settle(
        self, tried: Collection[tuple[str, str]], does_not_fit: Sequence[DoesNotFit] = ()
    ) -> None:
        """The editions this build tried are made or in ``does_not_fit`` now: their earlier
        records of not fitting go, and the new ones are kept."""
        unfit = {key: d for key, d in self.unfit.items() if key not in tried}
        unfit.update(((d.leaflet, d.language), d) for d in does_not_fit)
        if unfit != self.unfit:
            self._write(self.entries, unfit)

    def tidy(self) -> None:
        """Drop the editions any of whose files are gone or not what their entry says.

        A build keeps every entry true; this heals a manifest that something else
        changed (a file deleted or edited by hand, a manifest from an older leaflet).
        An edition is listed whole or not at all, so that one not listed is built again.
        """
        wrong = {
            (o.leaflet, o.language) for o in self.entries.values() if not matches(self.project, o)
        }
        kept = {path: o for path, o in self.entries.items() if (o.leaflet, o.language) not in wrong}
        if kept != self.entries:
            self._write(kept, self.unfit)


def _entry_text(output: Output) -> str:
    """One entry as it stands in the manifest's list (indented by four spaces)."""
    text = json.dumps(dict(vars(output)), indent=2, ensure_ascii=False)
    return "    " + text.replace("\n", "\n    ")


def update_manifest(
    project: Project,
    made: Sequence[Output],
    tried: Collection[tuple[str, str]] = (),
    does_not_fit: Sequence[DoesNotFit] = (),
) -> None:
    """Merge what was just made (its files already in dist/) into the manifest, tidied.

    For a caller outside a build's own landing; a build itself lists what it lands
    through :class:`Manifest` in the order that keeps every entry true.
    """
    manifest = Manifest.load(project)
    manifest.tidy()
    manifest.record(made)
    manifest.settle(tried, does_not_fit)
    manifest.flush()


# --- before a build writes: dist/ as it must be, and what a stopped build left -------


def dist_problem(project: Project) -> Problem | None:
    """Why nothing can be written into dist/ (a file where the folder goes …), or None."""
    dist = project.dist
    if files.exists_somehow(dist) and not dist.is_dir():
        what = files.what_it_is(dist) or "a file"
        return Problem(
            f"dist is {what.removesuffix(', not a file')} where leaflet puts the files it builds "
            "— move it away or delete it, then build again",
            dist,
        )
    manifest = dist / MANIFEST_FILE
    kind = files.what_it_is(manifest) if files.exists_somehow(manifest) else None
    if kind is not None:
        return Problem(
            f"{MANIFEST_FILE} is {kind}, where leaflet keeps its list of the files it built "
            "— move it away or delete it, then build again",
            manifest,
        )
    return None


def heal(project: Project) -> Manifest:
    """dist/ made ready for a build to write into, and its manifest as it stands.

    The caller holds the dist/ lock, so whatever temporary files are in dist/ and in
    the project's temporary folder (:mod:`.temp`) were left by a build that was
    stopped; they are removed, and the manifest loses the entries whose files are gone
    or changed. Raises LeafletError when dist/ cannot be used
    (a file where the folder goes …), OSError when the manifest cannot be written.
    """
    problem = dist_problem(project)
    if problem is not None:
        raise LeafletError(problem)
    shutil.rmtree(temp_folder(project), ignore_errors=True)  # what a killed build left
    if project.dist.is_dir():
        for path in files.regular_files(project.dist):
            if _TEMP_NAME.match(path.name):
                path.unlink(missing_ok=True)
    manifest = Manifest.load(project)
    manifest.tidy()
    return manifest


def write_problem(exc: OSError, project: Project) -> Problem:
    """A file in dist/ that could not be written, as a problem naming that file."""
    return Problem(
        f"could not write this file: {exc.strerror or exc} — make room or fix the folder, "
        "then build again (files already there are whole: old or new, never half)",
        Path(exc.filename) if exc.filename else project.dist,
    )
