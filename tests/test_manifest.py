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
KEYS = {"leaflet", "language", "variant", "format", "path", "pages", "sha256"}


def entries(project: Leaflet) -> list[dict]:
    data = json.loads(project.manifest.read_text(encoding="utf-8"))
    return data["files"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_lists_the_pdf_and_the_html(built: Leaflet) -> None:
    files = entries(built)
    ours = [e for e in files if e["leaflet"] == LEAFLET and e["language"] == LANG]
    assert sorted(e["format"] for e in ours) == ["html", "pdf"]
    for entry in ours:
        assert set(entry) >= KEYS, entry
        assert entry["variant"] and isinstance(entry["variant"], str)
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), entry
        path = built.dist / entry["path"]
        assert "\\" not in entry["path"] and not Path(entry["path"]).is_absolute()
        assert path.is_file(), entry["path"]
        assert entry["sha256"] == sha256(path), f"checksum of {entry['path']} is stale"
    pdf = next(e for e in ours if e["format"] == "pdf")
    html = next(e for e in ours if e["format"] == "html")
    assert built.dist / pdf["path"] == built.pdf
    assert built.dist / html["path"] == built.html
    with pikepdf.open(built.pdf) as document:
        assert pdf["pages"] == len(document.pages) == 8


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
    assert built_copy.pdf.read_bytes() == built.pdf.read_bytes(), "the PDF is not reproducible"
    assert built_copy.html.read_bytes() == built.html.read_bytes()
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

    first = {(e["leaflet"], e["format"]): e for e in entries(built_copy)}
    result = built_copy.build("--leaflet", "kopi")
    assert result.exit_code == 0, result.output
    after_kopi = {(e["leaflet"], e["format"]): e for e in entries(built_copy)}
    assert set(after_kopi) == {
        (LEAFLET, "pdf"),
        (LEAFLET, "html"),
        ("kopi", "pdf"),
        ("kopi", "html"),
    }
    assert after_kopi[(LEAFLET, "pdf")] == first[(LEAFLET, "pdf")]
    assert after_kopi[(LEAFLET, "html")] == first[(LEAFLET, "html")]

    result = built_copy.build("--leaflet", LEAFLET, "--lang", LANG)
    assert result.exit_code == 0, result.output
    again = {(e["leaflet"], e["format"]): e for e in entries(built_copy)}
    assert again == after_kopi
    for entry in again.values():
        assert sha256(built_copy.dist / entry["path"]) == entry["sha256"]

    # An entry whose file has gone is dropped at the next build.
    (built_copy.dist / after_kopi[("kopi", "pdf")]["path"]).unlink()
    result = built_copy.build("--leaflet", LEAFLET)
    assert result.exit_code == 0, result.output
    final = {(e["leaflet"], e["format"]) for e in entries(built_copy)}
    assert final == {(LEAFLET, "pdf"), (LEAFLET, "html"), ("kopi", "html")}
