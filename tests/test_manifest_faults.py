"""dist/manifest.json tells the truth whatever stops a build, and the next build heals.

Three ways of stopping a build, each at many points:

* the steps of landing two languages' files (every rename, of a file or of the
  manifest, every removal, and every fourth of the steps that write temporary files)
  are made to fail in turn: with Ctrl-C (KeyboardInterrupt), with a full disk
  (ENOSPC), and with SIGKILL, which leaves no chance to clean up (the landing runs in
  a forked process that kills itself there);
* real builds, stopped by real signals while they write;
* a real full disk: dist/ on a tmpfs a little larger than what is in it.

After each: every manifest entry matches the bytes of its file, every file is whole
(its old bytes or its new), the message of a full disk names the file, and the next
build leaves no temporary file and lists every file again.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    LEAFLET,
    Leaflet,
    assert_manifest_true,
    snapshot,
    temp_files,
)

from leaflet.build import inputs, pipeline
from leaflet.build.edition import Made, make_edition
from leaflet.build.manifest import heal, write_problem
from leaflet.build.sheets import SHEET_NAME, draw_sheets
from leaflet.content.editions import load
from leaflet.project import Project
from leaflet.render.pdf import Renderer

LANGS = ("da", "en")
WORDS = "ufarlig"


def change_words(project: Leaflet, langs: tuple[str, ...] = LANGS) -> None:
    """Change a heading in each language, so that every file of theirs is made anew."""
    for lang in langs:
        path = project.words_file(WORDS, lang)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("heading: ", "heading: Ny – ", 1), encoding="utf-8")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_every_file_whole(dist: Path, old: dict[str, str], new: dict[str, str]) -> None:
    """Each file is as it was or as the build made it: never half, never anything else."""
    for path, checksum in snapshot(dist).items():
        if path == "manifest.json" or path.endswith(".tmp"):
            continue
        assert checksum in (old.get(path), new.get(path)), path


# --- every step of landing, failed in turn --------------------------------------------


class Landing:
    """Two languages' files made in memory, to land again and again into a fresh dist/."""

    def __init__(self, project: Leaflet) -> None:
        self.project = project
        self.root = Project(project.root)
        self.pristine = project.root / "dist-as-built"
        shutil.copytree(project.dist, self.pristine)
        change_words(project)
        editions = load(self.root, [LEAFLET], list(LANGS))
        with Renderer(self.root) as renderer:
            self.made: list[Made] = [make_edition(self.root, e, renderer) for e in editions]
        pairs = [(project.folder, lang) for lang in LANGS]
        self.keys = inputs.edition_keys(self.root, pairs, False)
        self.old = snapshot(self.pristine)
        # What a landing that nothing stops makes: the editions' files and the contact
        # sheet, drawn from the new previews (every file the manifest will list)
        self.land()
        self.new = {p: c for p, c in snapshot(project.dist).items() if p != "manifest.json"}
        self.reset()

    def reset(self) -> None:
        """dist/ as built: the folders of the languages landed, the contact sheet and the
        manifest."""
        dist = self.project.dist
        for lang in LANGS:
            shutil.rmtree(dist / LEAFLET / lang)
            shutil.copytree(self.pristine / LEAFLET / lang, dist / LEAFLET / lang)
        shutil.copy2(self.pristine / LEAFLET / SHEET_NAME, dist / LEAFLET / SHEET_NAME)
        shutil.copy2(self.pristine / "manifest.json", dist / "manifest.json")

    def land(self) -> None:
        """What the pipeline does once the editions are made: land their files, settle
        the manifest, draw the contact sheet."""
        manifest = heal(self.root)
        for made in self.made:
            pipeline._land(self.root, made, self.keys[(made.leaflet, made.lang)], manifest)
        manifest.settle([(m.leaflet, m.lang) for m in self.made], [])
        draw_sheets(self.root, {LEAFLET}, manifest)
        manifest.flush()  # as the build does at its end


#: The calls through which landing changes the disk; each is a point to fail at.
STEPS = ("mkstemp", "fdopen", "fsync", "chmod", "replace", "unlink")
#: The files put in place by ``os.replace`` while :func:`failing_at` was active.
REPLACED: list[Path] = []


@contextmanager
def failing_at(point: int, fault: Callable[[str], None]) -> Iterator[list[str]]:
    """Make the ``point``-th call of :data:`STEPS` fail with ``fault`` (0: none fails).

    Yields the names of the calls made; ``failing_at.replaced`` lists the files that
    ``os.replace`` put in place.
    """
    calls: list[str] = []
    REPLACED.clear()
    originals: dict[str, Any] = {
        "mkstemp": tempfile.mkstemp,
        "fdopen": os.fdopen,
        "fsync": os.fsync,
        "chmod": os.chmod,
        "replace": os.replace,
        "unlink": os.unlink,
    }

    def wrap(name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            mode = str(args[1] if len(args) > 1 else kwargs.get("mode", "r"))
            if name == "fdopen" and not set(mode) & set("wa+"):
                return originals[name](*args, **kwargs)  # reading changes nothing
            calls.append(name)
            if name == "replace":
                REPLACED.append(Path(args[1]))
            if len(calls) == point:
                fault(name)
            return originals[name](*args, **kwargs)

        return call

    tempfile.mkstemp = wrap("mkstemp")  # type: ignore[assignment]
    for name in STEPS[1:]:
        setattr(os, name, wrap(name))
    try:
        yield calls
    finally:
        tempfile.mkstemp = originals["mkstemp"]
        for name in STEPS[1:]:
            setattr(os, name, originals[name])


@pytest.fixture
def landing(built_copy: Leaflet) -> Landing:
    return Landing(built_copy)


def points(landing: Landing) -> list[int]:
    """The steps of landing the two languages to fail at, counted from 1.

    Every rename and removal (where the files and the manifest change), and every
    fourth of the steps that write temporary files (a failure there changes nothing,
    wherever it happens).
    """
    landing.reset()
    with failing_at(0, lambda name: None) as calls:
        landing.land()
    dist = landing.project.dist
    listed = {e["path"] for e in assert_manifest_true(dist)}
    landed = {p.relative_to(dist).as_posix() for p in REPLACED}
    # every file the manifest lists for what was landed is put in place by a step that
    # is failed below: the editions' files, their previews, the contact sheet
    changed = {p for p in listed if p.split("/")[1] in LANGS or p.endswith(SHEET_NAME)}
    assert f"{LEAFLET}/{SHEET_NAME}" in changed
    assert changed <= landed, sorted(changed - landed)
    assert "manifest.json" in landed
    landing.reset()
    assert len(calls) > 40, calls  # files staged, manifests written, files renamed …
    return [
        n
        for n, name in enumerate(calls, start=1)
        if name in ("replace", "unlink") or n % 4 == 0 or n == len(calls)
    ]


def interrupt(name: str) -> None:
    raise KeyboardInterrupt


def disk_full(name: str) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_stopped_by_ctrl_c_or_a_full_disk_at_every_step(landing: Landing) -> None:
    dist = landing.project.dist
    for fault, caught in ((interrupt, KeyboardInterrupt), (disk_full, OSError)):
        for point in points(landing):
            landing.reset()
            stopped: BaseException | None = None
            try:
                with failing_at(point, fault):
                    landing.land()
            except caught as exc:
                stopped = exc
            where = f"{fault.__name__} at step {point}"
            assert_manifest_true(dist), where
            assert_every_file_whole(dist, landing.old, landing.new)
            assert temp_files(landing.project.root) == [], where  # cleaned up on the way out
            if stopped is None:  # a step whose failure does not matter (syncing a folder)
                assert set(landing.new) <= {e["path"] for e in assert_manifest_true(dist)}
            elif isinstance(stopped, OSError):
                problem = write_problem(stopped, Project(landing.project.root))
                assert problem.path is not None and problem.path.is_relative_to(dist), where
                assert "No space left on device" in problem.message
                assert not problem.path.name.endswith(".tmp"), where


def test_killed_at_every_step_and_healed_by_the_next_build(landing: Landing) -> None:
    """SIGKILL: nothing runs after it. The manifest is true all the same; the next build
    removes what was left and lists every file again."""
    dist = landing.project.dist
    chosen = points(landing)

    def kill(name: str) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def killed_at(point: int) -> None:
        landing.reset()
        pid = os.fork()
        if pid == 0:  # the child lands, and dies at the point
            try:
                with failing_at(point, kill):
                    landing.land()
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, point

    for point in chosen:
        killed_at(point)
        assert_manifest_true(dist), f"killed at step {point}"
        assert_every_file_whole(dist, landing.old, landing.new)
        heal(Project(landing.project.root))
        assert not [p for p in dist.rglob("*") if p.name.endswith(".tmp")], point
        assert_manifest_true(dist)

    killed_at(chosen[len(chosen) // 2])  # halfway through: one language landed, the other not
    result = landing.project.build("--lang", "da", "--lang", "en")
    assert result.exit_code == 0, result.output
    listed = {e["path"] for e in assert_manifest_true(dist)}
    assert set(landing.new) <= listed  # every file of both languages is listed again
    assert temp_files(landing.project.root) == []


# --- real builds, stopped by real signals ---------------------------------------------


def _leaflet(project: Leaflet, tmp: Path, *args: str) -> subprocess.Popen[str]:
    command = Path(sys.executable).with_name("leaflet")
    return subprocess.Popen(
        [str(command), "--project", str(project.root), "build", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["sigkill", "ctrl-c"])
def test_a_real_build_stopped_while_it_writes(
    built_copy: Leaflet, tmp_path: Path, stop: signal.Signals
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    dist = built_copy.dist
    old = snapshot(dist)
    change_words(built_copy, ("da", "en", "uk", "ar"))
    started = time.time()
    process = _leaflet(built_copy, tmp, "--jobs", "1")
    deadline = time.monotonic() + 90
    landed: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        landed = [p for p in dist.rglob("*.pdf") if p.stat().st_mtime > started]
        if landed:  # the first language is landing: stop it now
            process.send_signal(stop)
            break
        time.sleep(0.002)
    process.communicate(timeout=60)
    assert landed, "the build never wrote a file"
    assert_manifest_true(dist)
    for path, checksum in snapshot(dist).items():
        if path != "manifest.json" and not path.endswith(".tmp") and checksum != old.get(path):
            assert path.split("/")[1] in ("da", "en", "uk", "ar")  # a new file, whole

    healed = _leaflet(built_copy, tmp)
    _out, err = healed.communicate(timeout=120)
    assert healed.returncode == 0, err
    entries = assert_manifest_true(dist)
    assert {e["language"] for e in entries} - {None} == {"da", "en", "uk", "ar"}
    assert len(entries) == len([p for p in snapshot(dist) if p != "manifest.json"])
    assert not [p for p in dist.rglob("*") if p.name.endswith(".tmp")]
    assert list(tmp.iterdir()) == []


# --- a real full disk -----------------------------------------------------------------


@pytest.fixture
def small_disk(built_copy: Leaflet) -> Iterator[Callable[[int], None]]:
    """dist/ on a tmpfs; calling the result sets how many bytes are free on it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    saved = built_copy.root / "dist-saved"
    built_copy.dist.rename(saved)
    built_copy.dist.mkdir()
    used = sum(-(-p.stat().st_size // 4096) * 4096 for p in saved.rglob("*") if p.is_file())

    def resize(free: int) -> None:
        if not os.path.ismount(built_copy.dist):
            options = f"size={used + free}"
            mount = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(built_copy.dist)]
            if subprocess.run(mount, capture_output=True).returncode != 0:
                pytest.skip("this machine does not let the tests mount a tmpfs")
            shutil.copytree(saved, built_copy.dist, dirs_exist_ok=True)
        else:
            options = f"remount,size={used + free}"
            subprocess.run(["mount", "-o", options, str(built_copy.dist)], check=True)

    try:
        yield resize
    finally:
        mounted = os.path.ismount(built_copy.dist)
        if mounted and subprocess.run(["umount", str(built_copy.dist)]).returncode != 0:
            subprocess.run(["umount", "-l", str(built_copy.dist)])


@pytest.mark.parametrize("free_kb", [40, 260], ids=["first-file", "a-later-file"])
def test_a_full_disk_changes_nothing_and_names_the_file(
    built_copy: Leaflet, small_disk: Callable[[int], None], free_kb: int
) -> None:
    small_disk(free_kb * 1024)
    before = snapshot(built_copy.dist)
    change_words(built_copy)

    result = built_copy.build("--lang", "da", "--lang", "en")

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "No space left on device" in result.stderr
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith(f"dist/{LEAFLET}/"), line  # the file it could not write
        assert ".tmp" not in line.split(":")[0]
    after = snapshot(built_copy.dist)
    import json

    print(json.dumps(json.loads((built_copy.dist / "manifest.json").read_text()), indent=1)[:3000])
    assert after == before  # every file of an edition is written first
    assert_manifest_true(built_copy.dist)
    assert temp_files(built_copy.root) == []

    small_disk(64 * 1024 * 1024)  # room made: the next build lands it all
    result = built_copy.build("--lang", "da", "--lang", "en")
    assert result.exit_code == 0, result.output
    listed = {e["language"] for e in assert_manifest_true(built_copy.dist)}
    assert listed >= set(LANGS)
