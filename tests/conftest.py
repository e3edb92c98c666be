"""Shared fixtures: a copy of the project in a temporary folder, built for real.

Nothing here writes into the repository: every build happens in a copy of
content/, templates/ and styles/ under pytest's temporary folder. The real leaflet
is built once per session and shared by the tests that only read its output, and so
is a leaflet made by `leaflet new` (in Danish, and translated into Arabic).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import NEW_LEAFLET, Leaflet, arabize, copy_project, run_cli


@pytest.fixture(autouse=True)
def _restore_fontconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    """leaflet points FONTCONFIG_FILE at the project it renders; undo that after a test."""
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Leaflet]:
    """The real leaflet, built once in a copy of the project. Read only, please."""
    project = Leaflet(copy_project(tmp_path_factory.mktemp("built") / "project"))
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        result = project.build()
    assert result.exit_code == 0, result.output
    assert project.pdf.is_file(), result.output
    yield project


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project with a leaflet made by `leaflet new`, in Danish and Arabic, built.

    Read only, please. The Arabic words are made up (:func:`helpers.arabize`) and not
    reviewed, so the Arabic edition is a draft.
    """
    root = copy_project(tmp_path_factory.mktemp("new") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        result = run_cli("--project", root, "new", NEW_LEAFLET, "--title", "Ondt i knæet")
        assert result.exit_code == 0, result.output
        result = run_cli("--project", root, "translate", "new", "ar", "--leaflet", NEW_LEAFLET)
        assert result.exit_code == 0, result.output
        arabize(root / "content" / NEW_LEAFLET)
        result = run_cli("--project", root, "build", "--leaflet", NEW_LEAFLET)
        assert result.exit_code == 0, result.output
    yield root


@pytest.fixture
def project(tmp_path: Path) -> Leaflet:
    """A fresh, unbuilt copy of the project, free to break."""
    return Leaflet(copy_project(tmp_path / "project"))


@pytest.fixture
def built_copy(built: Leaflet, tmp_path: Path) -> Leaflet:
    """A private copy of the built project (with its dist/), free to break and rebuild."""
    dest = tmp_path / "built-copy"
    shutil.copytree(built.root, dest)
    return Leaflet(dest)
