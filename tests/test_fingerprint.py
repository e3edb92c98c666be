"""Every kind of input an edition is made from is in its fingerprint.

An edition is built again only when its fingerprint (leaflet/build/inputs.py) changes,
so an input the fingerprint leaves out is a change that never reaches the PDFs. Each
case here changes one input, of every kind there is, and asks the fingerprints directly
(no build): the editions made from it get a new one, the others keep theirs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import LEAFLET, REPO, Leaflet

from leaflet.build import inputs
from leaflet.project import Project

LANGS = ("da", "en", "ar", "uk")
EVERY = frozenset(LANGS)


def keys(project: Leaflet, draft_print: bool = False) -> dict[str, str]:
    pairs = [(project.folder, lang) for lang in LANGS]
    found = inputs.edition_keys(Project(project.root), pairs, draft_print)
    return {lang: found[(LEAFLET, lang)] for lang in LANGS}


def changed(project: Leaflet, change: Callable[[], None]) -> set[str]:
    before = keys(project)
    change()
    after = keys(project)
    return {lang for lang in LANGS if before[lang] != after[lang]}


def append(path: Path, data: bytes) -> Callable[[], None]:
    return lambda: path.write_bytes(path.read_bytes() + data)


def shared_files() -> list[str]:
    """Every file of templates/ and styles/ (the house style every edition is drawn with)."""
    return sorted(
        p.relative_to(REPO).as_posix()
        for part in ("templates", "styles")
        for p in (REPO / part).rglob("*")
        if p.is_file()
    )


@pytest.mark.parametrize("shared", shared_files())
def test_every_template_style_font_and_profile(project: Leaflet, shared: str) -> None:
    assert changed(project, append(project.root / shared, b"\n")) == EVERY


def test_a_new_template_file(project: Leaflet) -> None:
    web = project.root / "templates" / "web" / "sections" / "text.html.j2"
    web.parent.mkdir(parents=True)
    assert changed(project, lambda: web.write_text("<section></section>\n")) == EVERY


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("leaflet.yaml", EVERY),
        ("pictures/{picture}", EVERY),
        ("da/ufarlig.yaml", EVERY),  # the source: translations keep its count and blocks
        ("en/ufarlig.yaml", {"en"}),
        ("ar/ufarlig.yaml", {"ar"}),
    ],
)
def test_every_file_of_the_leaflet(project: Leaflet, where: str, expected: set[str]) -> None:
    picture = next((project.folder / "pictures").iterdir()).name
    path = project.folder / where.format(picture=picture)
    assert changed(project, append(path, b"\n")) == expected


def test_the_leaflets_own_stylesheet(project: Leaflet) -> None:
    style = project.folder / "style.css"
    style.write_text("p { letter-spacing: 0.01em; }\n", encoding="utf-8")
    settings = project.settings_file
    settings.write_text(settings.read_text(encoding="utf-8") + "style: style.css\n", "utf-8")
    assert changed(project, append(style, b"h2 { letter-spacing: 0.02em; }\n")) == EVERY


def test_the_leaflets_own_colour_profile(project: Leaflet) -> None:
    profile = project.folder / "printer.icc"
    shutil.copy(REPO / "styles" / "profiles" / "FOGRA39-leaflet.icc", profile)
    assert changed(project, append(profile, b"\0")) == EVERY


def test_the_tool_itself(project: Leaflet, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tool = tmp_path / "leaflet"
    shutil.copytree(REPO / "leaflet", tool, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "_TOOL", tool)
    assert changed(project, append(tool / "render" / "html.py", b"\n")) == EVERY
    assert changed(project, append(tool / "content" / "schemas" / "words.schema.json", b" ")) == (
        EVERY
    )
    assert changed(project, lambda: monkeypatch.setattr(inputs, "__version__", "99.0")) == EVERY


def test_draft_print(project: Leaflet) -> None:
    assert keys(project, draft_print=True) != keys(project, draft_print=False)


def test_nothing_else_changes_a_fingerprint(project: Leaflet) -> None:
    """Outside what editions are made from (dist/, another leaflet), nothing counts."""
    (project.root / "dist").mkdir()
    other = project.root / "content" / "andet"
    other.mkdir()
    assert changed(project, lambda: (other / "leaflet.yaml").write_text("id: andet\n")) == set()
    assert changed(project, lambda: (project.root / "dist" / "x.pdf").write_bytes(b"%")) == set()
