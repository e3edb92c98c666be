"""Runs where its users are: nothing Linux-only at import, workers that start by spawn
(as on macOS), and the system libraries named, with the command that installs them,
when the machine lacks them (pipx on a bare machine) — never an OSError.

Each runs leaflet for real in a child process: the imports with Linux's own modules and
flags taken away, the builds with ``LEAFLET_START_METHOD=spawn``, the missing library
with the loader finding a broken copy of it first (``LD_LIBRARY_PATH``), as a machine
without it would fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import LEAFLET, Leaflet, page_texts

from leaflet.build import workers

WITHOUT_LINUX = """
import importlib, os, pkgutil, signal, sys
sys.modules["fcntl"] = None  # no such module, as on Windows
for name in ("O_NONBLOCK", "O_NOCTTY", "O_DIRECTORY", "O_CLOEXEC", "sched_getaffinity"):
    if hasattr(os, name):
        delattr(os, name)
for name in ("setitimer", "getitimer", "SIGALRM", "ITIMER_REAL"):
    if hasattr(signal, name):
        delattr(signal, name)
import leaflet
found = [m.name for m in pkgutil.walk_packages(leaflet.__path__, "leaflet.")]
for name in found:
    if name != "leaflet.__main__":
        importlib.import_module(name)
print(len(found), "modules")
"""


def test_nothing_linux_only_is_needed_to_import_leaflet() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", WITHOUT_LINUX],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[0]) > 100, done.stdout


def test_workers_start_by_spawn_where_fork_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEAFLET_START_METHOD", raising=False)
    assert workers.start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")
    monkeypatch.setenv("LEAFLET_START_METHOD", "spawn")
    assert workers.start_method() == "spawn"


def test_a_worker_writes_its_temporary_files_into_the_builds_own_folder(
    project: Leaflet,
) -> None:
    """Each worker's temporary files go to a folder of the build, removed with the
    workers, so that nothing is left behind even by a worker that is killed."""
    import tempfile

    from leaflet.project import Project

    with workers.pool(Project(project.root), 1) as pool:
        where = Path(pool.apply(tempfile.gettempdir))
    assert where.name.startswith("leaflet-") and where != Path(tempfile.gettempdir()), where
    assert not where.exists()


def test_a_parallel_build_with_spawned_workers_makes_the_same_pages(
    built_copy: Leaflet, tmp_path: Path
) -> None:
    """Every language built again by two spawned workers (in a child process, as a user
    on macOS runs it): the same pages as the forked workers made, nothing left behind."""
    before = {p: page_texts(p) for p in sorted(built_copy.dist.rglob(f"{LEAFLET}-*.pdf"))}
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    command = Path(sys.executable).with_name("leaflet")
    done = subprocess.run(
        [str(command), "--project", str(built_copy.root), "build", "--force", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "LEAFLET_START_METHOD": "spawn", "TMPDIR": str(tmp)},
    )
    assert done.returncode == 0, done.stderr
    assert {p: page_texts(p) for p in before} == before
    assert list(tmp.iterdir()) == []


@pytest.fixture
def no_pango(tmp_path: Path) -> dict[str, str]:
    """An environment in which Pango cannot be loaded: the loader finds a file of that name
    that is not a library first, and fails on it as it fails on a machine without one."""
    libs = tmp_path / "libs"
    libs.mkdir()
    for name in ("libpango-1.0.so.0", "libpango-1.0-0", "libpango-1.0.so"):
        (libs / name).write_bytes(b"not a library\n")
    return {**os.environ, "LD_LIBRARY_PATH": str(libs), "LEAFLET_START_METHOD": ""}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH is Linux's")
def test_without_pango_build_says_which_library_and_how_to_install_it(
    project: Leaflet, no_pango: dict[str, str]
) -> None:
    command = str(Path(sys.executable).with_name("leaflet"))
    done = subprocess.run(
        [command, "--project", str(project.root), "build", "--lang", "da"],
        capture_output=True,
        text=True,
        timeout=120,
        env=no_pango,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "OSError" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr
    assert "needs system libraries that are not installed (Pango" in done.stderr, done.stderr
    assert "sudo apt-get install libpango-1.0-0" in done.stderr
    assert not project.dist.exists()
    doctor = subprocess.run(
        [command, "doctor"], capture_output=True, text=True, timeout=120, env=no_pango
    )
    assert doctor.returncode == 1
    assert "  Pango: MISSING" in doctor.stdout
    assert "  fontconfig: found" in doctor.stdout
    assert "sudo apt-get install libpango-1.0-0" in doctor.stderr
    # init (the first command a newcomer runs) makes the project, and says it too
    init = subprocess.run(
        [command, "init", str(project.root.parent / "fresh")],
        capture_output=True,
        text=True,
        timeout=120,
        env=no_pango,
    )
    assert init.returncode == 0, init.stderr
    assert "note: leaflet cannot make PDFs on this machine yet" in init.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH is Linux's")
def test_the_library_check_agrees_with_weasyprint(no_pango: dict[str, str]) -> None:
    """Where leaflet's check finds Pango missing, WeasyPrint itself cannot load: the check
    looks where WeasyPrint looks."""
    done = subprocess.run(
        [sys.executable, "-c", "import weasyprint"],
        capture_output=True,
        text=True,
        timeout=120,
        env=no_pango,
    )
    assert done.returncode != 0
    assert "OSError" in done.stderr and "pango" in done.stderr.lower()


BROKEN_WORKER = """
import sys
from leaflet.build import workers
class Broken:
    def __init__(self, project):
        raise RuntimeError("no renderer in this worker")
workers.Renderer = Broken
from leaflet.cli import main
main(sys.argv[1:], prog_name="leaflet")
"""


def test_a_worker_that_cannot_start_stops_the_build_instead_of_hanging(project: Leaflet) -> None:
    """A pool starts a worker again when its start fails, for ever: the failure is kept
    for the worker's first edition, and the build stops with it."""
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_WORKER, "--project", str(project.root), "build"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "LEAFLET_START_METHOD": "fork"},
    )
    assert done.returncode == 1, done.stderr
    assert "no renderer in this worker" in done.stderr
    assert "Traceback" not in done.stderr
