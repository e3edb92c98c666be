"""The package works alone: the wheel carries everything a build needs.

The wheel is built here as a packager builds it (``python -m build``, offline: with the
setuptools of this environment), then read with zipfile: the house style (templates/,
styles/ with the fonts, the colour profile and their licences) is in it as the default
theme, byte for byte, with the starter and the schemas; the metadata is leaflet-press's.
Then leaflet runs from the unpacked wheel alone — no file of this checkout — in an empty
folder: init, new, build, preflight. ``make package-check`` (a step of .ci/run) goes
further: the sdist too, and each installed with pip into a fresh virtual environment.
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import NEW_LEAFLET, REPO

THEME = "leaflet/default_theme"


def clean_checkout(target: Path) -> Path:
    """The files git tracks, copied to ``target``: a checkout without what earlier builds
    left in this one (build/ and leaflet_press.egg-info/, whose lists of files setuptools
    reads again, would put a file into the package that its configuration leaves out)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # a file deleted in the work tree and not yet committed
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built as a packager builds it: the sdist of a clean checkout first, then
    the wheel from the sdist (so a file MANIFEST.in leaves out is missing from both)."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("the package is built from a git checkout of leaflet")
    source = clean_checkout(tmp_path_factory.mktemp("checkout"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (found,) = out.glob("leaflet_press-*.whl")
    return found


def house_style() -> dict[str, bytes]:
    """Every file of the checkout's templates/ and styles/, by path."""
    return {
        path.relative_to(REPO).as_posix(): path.read_bytes()
        for part in ("templates", "styles")
        for path in sorted((REPO / part).rglob("*"))
        if path.is_file() and not path.name.endswith(("~", ".swp"))
    }


def test_the_wheel_carries_the_house_style_as_its_default_theme(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for relative, data in house_style().items():
            assert f"{THEME}/{relative}" in names, f"{relative} is missing from the wheel"
            assert archive.read(f"{THEME}/{relative}") == data, f"{relative} differs"
        theme = {n for n in names if n.startswith(THEME + "/")}
        assert len(theme) == len(house_style())  # and nothing else
    for needed in (
        f"{THEME}/styles/fonts/OFL.txt",
        f"{THEME}/styles/profiles/LICENSE-FOGRA39L.txt",
        f"{THEME}/styles/profiles/FOGRA39-leaflet.icc",
        "leaflet/content/starter/project/leaflet-project.yaml",
        "leaflet/content/starter/leaflet.yaml",
        "leaflet/content/schemas/project.schema.json",
        "leaflet/serve/templates/edition.html.j2",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("content/", "tests/", "leaflet/tests")) for n in names)


def test_the_wheel_carries_the_manual(wheel: Path) -> None:
    """Every page of docs/, byte for byte, for `leaflet manual` on a machine without the
    source."""
    pages = sorted((REPO / "docs").glob("*.md"))
    assert pages
    with zipfile.ZipFile(wheel) as archive:
        manual = {n for n in archive.namelist() if n.startswith("leaflet/manual/")}
        assert manual == {f"leaflet/manual/{p.name}" for p in pages}
        for page in pages:
            assert archive.read(f"leaflet/manual/{page.name}") == page.read_bytes(), page.name


def test_the_wheel_says_what_a_packager_needs(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(info).decode("utf-8"))
        licences = {n.split("/licenses/", 1)[1] for n in archive.namelist() if "/licenses/" in n}
    assert metadata["Name"] == "leaflet-press"
    assert metadata["License-Expression"] == "MIT"
    assert licences == {"LICENSE", "styles/fonts/OFL.txt", "styles/profiles/LICENSE-FOGRA39L.txt"}
    assert any(
        c.startswith("Operating System :: POSIX :: Linux") for c in metadata.get_all("Classifier")
    )
    runtime = [r for r in metadata.get_all("Requires-Dist") if "extra ==" not in r]
    exact = [r for r in runtime if "==" in r]
    assert exact == ["weasyprint==70.0"], "only WeasyPrint is pinned exactly (its private tagger)"
    assert all("<" in r for r in runtime if r not in exact), runtime


def test_leaflet_runs_from_the_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    """The unpacked wheel first on the path, an empty folder, nothing from this checkout:
    a project, a leaflet, its PDFs, and the print file passes preflight."""
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    work = tmp_path / "work"
    work.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(unpacked),
        "PYTHONSAFEPATH": "1",
        "LEAFLET_START_METHOD": "",
    }

    def leaflet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "leaflet", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import leaflet.theme as t; print(t.default_theme())"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.stdout.strip() == str(unpacked / THEME), where.stderr
    assert leaflet("init", "my-leaflets", cwd=work).returncode == 0
    project = work / "my-leaflets"
    done = leaflet("new", NEW_LEAFLET, cwd=project)
    assert done.returncode == 0, done.stderr
    done = leaflet("build", cwd=project)
    assert done.returncode == 0, done.stderr
    printed = project / "dist" / NEW_LEAFLET / "da" / f"{NEW_LEAFLET}-da-print.pdf"
    done = leaflet("preflight", str(printed), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    done = leaflet("manual", "translating", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Translating")
