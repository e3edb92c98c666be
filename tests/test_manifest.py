"""dist/manifest.json: every file built, with its page count and checksum."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
from helpers import LANG, LEAFLET, Leaflet

LEAFLET_BIN = Path(sys.executable).with_name("leaflet")
KEYS = {"leaflet", "language", "variant", "format", "path", "pages", "sha256", "preflight"}


def entries(project: Leaflet) -> list[dict]:
    data = json.loads(project.manifest.read_text(encoding="utf-8"))
    return data["files"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_lists_every_variant_with_pages_and_checksums(built: Leaflet) -> None:
    files = entries(built)
    ours = [e for e in files if e["leaflet"] == LEAFLET and e["language"] == LANG]
    found = {(e["variant"], e["format"]): e for e in ours if e["variant"] != "preview"}
    assert sorted(found) == [
        ("office", "pdf"),
        ("print", "pdf"),
        ("screen", "html"),
        ("screen", "pdf"),
        ("web", "html"),
    ]
    previews = sorted((e for e in ours if e["variant"] == "preview"), key=lambda e: e["page"])
    assert [(e["format"], e["page"]) for e in previews] == [("png", n) for n in range(1, 9)]
    assert [e["path"] for e in previews] == [
        f"{LEAFLET}/{LANG}/preview/page-{n}.png" for n in range(1, 9)
    ]
    sheets = [e for e in files if e["variant"] == "contact-sheet"]
    assert [(e["leaflet"], e["language"], e["path"]) for e in sheets] == [
        (LEAFLET, None, f"{LEAFLET}/contact-sheet.png")
    ]
    ours += sheets + previews
    for entry in ours:
        assert set(entry) >= KEYS, entry
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), entry
        path = built.dist / entry["path"]
        assert "\\" not in entry["path"] and not Path(entry["path"]).is_absolute()
        assert path.is_file(), entry["path"]
        assert entry["sha256"] == sha256(path), f"checksum of {entry['path']} is stale"
    assert built.dist / found["screen", "pdf"]["path"] == built.pdf
    assert built.dist / found["screen", "html"]["path"] == built.html
    assert built.dist / found["print", "pdf"]["path"] == built.print_pdf
    assert built.dist / found["office", "pdf"]["path"] == built.office_pdf
    assert built.dist / found["web", "html"]["path"] == built.web_html
    # The build ran preflight on the print file, and only on it.
    assert found["print", "pdf"]["preflight"] == "pass"
    assert found["office", "pdf"]["preflight"] is None
    for (variant, _), pages in {
        ("screen", "pdf"): 8,
        ("print", "pdf"): 8,
        ("office", "pdf"): 4,
    }.items():
        path = built.dist / found[variant, "pdf"]["path"]
        with pikepdf.open(path) as document:
            assert found[variant, "pdf"]["pages"] == len(document.pages) == pages, variant


def run_leaflet(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The installed ``leaflet`` command, in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    return subprocess.run(
        [str(LEAFLET_BIN), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_rebuild_in_a_new_process_is_byte_identical(built: Leaflet, built_copy: Leaflet) -> None:
    before = entries(built_copy)
    done = run_leaflet("--project", built_copy.root, "build", "--lang", LANG)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for name in ("pdf", "print_pdf", "office_pdf"):
        again, first = getattr(built_copy, name), getattr(built, name)
        assert again.read_bytes() == first.read_bytes(), f"{again.name} is not reproducible"
    assert built_copy.html.read_bytes() == built.html.read_bytes()
    assert built_copy.web_html.read_bytes() == built.web_html.read_bytes()
    assert entries(built_copy) == before
    assert not [p for p in built_copy.dist.rglob("*") if p.name.endswith(".tmp")]


def test_building_one_leaflet_keeps_the_others_entries(built_copy: Leaflet) -> None:
    # A second leaflet: the same content under another id.
    other = built_copy.root / "content" / "kopi"
    shutil.copytree(built_copy.folder, other)
    settings = other / "leaflet.yaml"
    text = settings.read_text(encoding="utf-8")
    text, count = re.subn(rf"(?m)^id:\s*{LEAFLET}\s*$", "id: kopi", text)
    assert count == 1
    settings.write_text(text, encoding="utf-8")

    def keyed() -> dict[tuple[str, str, str], dict]:
        return {
            (e["leaflet"], e["variant"], e["format"]): e
            for e in entries(built_copy)
            if e["language"] == LANG and e["variant"] != "preview"
        }

    def of(leaflet: str) -> set[tuple[str, str, str]]:
        return {
            (leaflet, "print", "pdf"),
            (leaflet, "office", "pdf"),
            (leaflet, "screen", "pdf"),
            (leaflet, "screen", "html"),
            (leaflet, "web", "html"),
        }

    first = keyed()
    result = built_copy.build("--leaflet", "kopi", "--lang", LANG)
    assert result.exit_code == 0, result.output
    after_kopi = keyed()
    assert set(after_kopi) == of(LEAFLET) | of("kopi")
    for key in of(LEAFLET):
        assert after_kopi[key] == first[key]

    result = built_copy.build("--leaflet", LEAFLET, "--lang", LANG)
    assert result.exit_code == 0, result.output
    again = keyed()
    assert again == after_kopi
    for entry in again.values():
        assert sha256(built_copy.dist / entry["path"]) == entry["sha256"]

    # A file that has gone takes its edition's entries with it at the next build (an
    # edition is listed whole or not at all), and a build of that edition makes it again.
    gone = ("kopi", "screen", "pdf")
    (built_copy.dist / after_kopi[gone]["path"]).unlink()
    result = built_copy.build("--leaflet", LEAFLET)
    assert result.exit_code == 0, result.output
    assert set(keyed()) == of(LEAFLET)
    assert (built_copy.dist / after_kopi[("kopi", "print", "pdf")]["path"]).is_file()
    result = built_copy.build("--leaflet", "kopi", "--lang", LANG)
    assert result.exit_code == 0, result.output
    assert set(keyed()) == of(LEAFLET) | of("kopi")
    assert (built_copy.dist / after_kopi[gone]["path"]).is_file()


def test_the_manifest_is_written_as_json_dumps_writes_it(tmp_path: Path) -> None:
    """Each entry's JSON is made once and joined; the bytes are those of json.dumps."""
    from dataclasses import asdict

    from leaflet.build.manifest import DoesNotFit, Manifest, Output
    from leaflet.project import Project

    outputs = [
        Output("b", "da", "screen", "pdf", "b/da/b-da.pdf", 8, "0" * 64, None, "k", {"x": 1.5}),
        Output("a", None, "contact-sheet", "png", "a/contact-sheet.png", None, "1" * 64),
        Output("a", "uk", "preview", "png", "a/uk/preview/page-1.png", None, "2" * 64, page=1),
    ]
    unfit = [DoesNotFit("a", "uk", "k", "content/a/uk/om.yaml: передбачає — скоротіть")]
    (tmp_path / "dist").mkdir()
    for listed, records in (([], []), (outputs, []), (outputs, unfit)):
        manifest = Manifest(Project(tmp_path), [])
        manifest._write({o.path: o for o in listed}, {(d.leaflet, d.language): d for d in records})
        data: dict[str, object] = {
            "files": [asdict(o) for o in sorted(listed, key=lambda o: o.path)]
        }
        if records:
            data["does_not_fit"] = [asdict(d) for d in records]
        expected = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        assert (tmp_path / "dist" / "manifest.json").read_text(encoding="utf-8") == expected
