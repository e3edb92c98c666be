"""PNG and JPEG pictures of a leaflet, as a communications officer brings them.

A 16-bit PNG stopped the renderer with "Unknown image mode: I;16", blamed on the
language folder: it is now refused by ``leaflet check`` at the picture's line with what
to do. A CMYK JPEG builds, and its print file passes preflight with the picture in CMYK
(read back with pikepdf). RGB photos are converted for print: tests/test_cmyk.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from helpers import find_problem, run_cli
from PIL import Image

ID = "foto-test"
SETTINGS = f"content/{ID}/leaflet.yaml"
STARTER_PICTURE = "pictures/eksempel.svg"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one new leaflet (leaflet new), whose pictures: show eksempel.svg."""
    root = tmp_path / "project"
    assert run_cli("init", root, "--name", "Region Test").exit_code == 0
    assert run_cli("--project", root, "new", ID).exit_code == 0
    return root


def _use_picture(root: Path, name: str, data: bytes) -> int:
    """Put ``data`` in the leaflet's pictures/ as ``name`` in place of the starter's
    picture; the line of leaflet.yaml that names it."""
    (root / "content" / ID / "pictures" / name).write_bytes(data)
    settings = root / SETTINGS
    text = settings.read_text("utf-8")
    assert STARTER_PICTURE in text
    settings.write_text(text.replace(STARTER_PICTURE, f"pictures/{name}"), "utf-8")
    return text[: text.index(STARTER_PICTURE)].count("\n") + 1


def _saved(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def _photo(mode: str) -> Image.Image:
    return Image.new("RGB", (900, 600), (40, 120, 200)).convert(mode)


def test_a_16_bit_png_is_refused_at_its_line(project: Path) -> None:
    line = _use_picture(project, "dyb.png", _saved(Image.new("I;16", (900, 600), 30000), "PNG"))
    result = run_cli("--project", project, "check")
    find_problem(result, SETTINGS, line, "dyb.png", "16 bits", "8 bits")


def test_a_cmyk_jpeg_builds_and_prints_in_cmyk(project: Path) -> None:
    _use_picture(project, "foto.jpg", _saved(_photo("CMYK"), "JPEG"))
    result = run_cli("--project", project, "build")
    assert result.exit_code == 0, result.output
    printed = project / "dist" / ID / "da" / f"{ID}-da-print.pdf"
    spaces = set()
    with pikepdf.open(printed) as pdf:
        for page in pdf.pages:
            for image in page.get_images().values():
                if image.get("/Width") == 900:
                    spaces.add(str(image.get("/ColorSpace")))
    assert spaces == {"/DeviceCMYK"}, spaces
