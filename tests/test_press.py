"""What an independent print check looks at: identification, resources, plates, bookmarks.

The print files are read back with pikepdf (and qpdf, where installed), not with
leaflet's own preflight: the PDF/X identification keys as the standard and established
producers write them (no ``GTS_PDFXConformance`` but on PDF/X-1a:2001), no Lab or
ICC-based colour spaces left in the resources of a PDF/X-1a file, small text on at most
two plates; and the first bookmark reads as the cover title does.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from helpers import Leaflet
from test_preflight import check, render
from test_print import set_print

from leaflet.preflight import preflight

TITLE = "Til dig, der har smerter i lænderyggen"


def colour_spaces(pdf: pikepdf.Pdf) -> list[str]:
    """The family of every colour space defined in any resource dictionary of the file."""
    found = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Resources" in obj:
            spaces = obj.Resources.get("/ColorSpace", {})
            for value in dict(spaces).values():
                family = value[0] if isinstance(value, pikepdf.Array) else value
                found.append(str(family))
    for page in pdf.pages:
        for value in dict(page.obj.get("/Resources", {}).get("/ColorSpace", {})).values():
            found.append(str(value[0] if isinstance(value, pikepdf.Array) else value))
    return found


def xmp(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def x1a(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers import copy_project

    project = Leaflet(copy_project(tmp_path_factory.mktemp("x1a") / "project"))
    set_print(project, "  standard: PDF/X-1a\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        result = project.build("--lang", "da")
    assert result.exit_code == 0, result.output
    return project.print_pdf


def test_pdf_x1a_is_identified_as_the_standard_says(x1a: Path) -> None:
    with pikepdf.open(x1a) as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1a:2003"
        assert "/GTS_PDFXConformance" not in pdf.docinfo
        assert "GTS_PDFXConformance" not in xmp(pdf)
        assert str(pdf.docinfo["/Trapped"]) == "/False"
        assert pdf.pdf_version == "1.4"
        # PDF/X-1a is named in the Info only; ISO 15930-4 knows no pdfxid: schema
        text = xmp(pdf)
        assert "pdfxid:part" not in text and "pdfxid:GTS_PDFXVersion" not in text, text


def test_pdf_x1a_defines_no_lab_or_icc_colour_spaces(x1a: Path) -> None:
    with pikepdf.open(x1a) as pdf:
        spaces = colour_spaces(pdf)
    assert not {"/Lab", "/ICCBased", "/CalRGB", "/CalGray"} & set(spaces), spaces
    report = preflight(x1a)
    assert check(report, "pdfx").status == "PASS", check(report, "pdfx")
    assert report.ok


def test_pdf_x4_is_identified_in_its_xmp_without_a_conformance_key(built: Leaflet) -> None:
    with pikepdf.open(built.print_pdf) as pdf:
        text = xmp(pdf)
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in text
        # no XMP mirror of a document information key PDF/X-4 does not have
        assert "pdfx:GTS_PDFXVersion" not in text and "/GTS_PDFXVersion" not in pdf.docinfo
        assert "GTS_PDFXConformance" not in text
        assert "/GTS_PDFXConformance" not in pdf.docinfo
        assert "/Lab" not in colour_spaces(pdf)  # nothing paints with Lab: not defined


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_print_files_without_their_unused_colour_spaces_are_sound(
    built: Leaflet, x1a: Path
) -> None:
    for path in (built.print_pdf, x1a):
        done = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_preflight_warns_of_the_conformance_key_and_colour_spaces_in_x1a(
    x1a: Path, tmp_path: Path
) -> None:
    """As WeasyPrint writes PDF/X-1a by itself: both findings, as a strict checker has them."""
    path = tmp_path / "raw-x1a.pdf"
    with pikepdf.open(x1a) as pdf:
        pdf.docinfo["/GTS_PDFXConformance"] = "PDF/X-1a:2003"
        lab = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])
        pdf.pages[0].obj.Resources.ColorSpace = pikepdf.Dictionary({"/lab-d50": lab})
        pdf.save(path)
    pdfx = check(preflight(path), "pdfx")
    assert pdfx.status == "WARN"
    assert "GTS_PDFXConformance" in pdfx.detail and "PDF/X-1a:2001" in pdfx.detail
    assert "Lab colour space" in pdfx.detail


# --- small text on at most two plates ------------------------------------------------


def text_colours(pdf: pikepdf.Pdf) -> list[tuple[float, tuple[float, ...]]]:
    """(size in pt, CMYK fill) of every text shown, read from the content streams."""
    found: list[tuple[float, tuple[float, ...]]] = []

    def walk(stream: Any, resources: Any, scale: float, depth: int = 0) -> None:
        fill: tuple[float, ...] = (0, 0, 0, 1)
        size, text_scale, stack = 0.0, 1.0, []
        for instruction in pikepdf.parse_content_stream(stream):
            op, args = str(instruction.operator), [*instruction.operands]
            if op == "q":
                stack.append((scale, fill))
            elif op == "Q" and stack:
                scale, fill = stack.pop()
            elif op == "cm":
                a, b, c, d = (float(v) for v in args[:4])
                scale *= math.sqrt(abs(a * d - b * c))
            elif op in ("k", "scn", "sc") and len(args) == 4:
                fill = tuple(float(v) for v in args)
            elif op in ("g", "rg"):
                fill = (0, 0, 0, 1 - float(args[0])) if op == "g" else (9, 9, 9, 9)
            elif op == "Tf":
                size = float(args[1])
            elif op == "Tm":
                a, b, c, d = (float(v) for v in args[:4])
                text_scale = math.sqrt(abs(a * d - b * c))
            elif op in ("Tj", "TJ", "'", '"'):
                found.append((size * text_scale * scale, fill))
            elif op == "Do" and depth < 8:
                form = resources.get("/XObject", {}).get(args[0])
                if form is not None and form.get("/Subtype") == "/Form":
                    walk(form, form.get("/Resources", resources), scale, depth + 1)

    for page in pdf.pages:
        walk(page, page.obj.get("/Resources", pikepdf.Dictionary()), 1.0)
    return found


def test_leaflets_own_small_text_is_on_at_most_two_plates(built: Leaflet) -> None:
    with pikepdf.open(built.print_pdf) as pdf:
        shown = text_colours(pdf)
    small = [(size, fill) for size, fill in shown if size < 11.99]
    assert small, "the leaflet has text under 12 pt"
    for size, fill in small:
        plates = sum(1 for v in fill if v >= 0.01)
        assert plates <= 2, (round(size, 1), fill)
    assert any(fill == (0.8, 0, 0, 0.6) for _, fill in small)  # the two-plate brand colour
    assert check(preflight(built.print_pdf), "text-plates").status == "PASS"


@pytest.mark.parametrize(
    ("css", "status"),
    [
        ("p { font-size: 11pt; color: device-cmyk(0.9 0.45 0.2 0.3) }", "WARN"),
        ("p { font-size: 9pt; color: device-cmyk(0.75 0.2 0.15 0) }", "WARN"),
        ("p { font-size: 11pt; color: device-cmyk(0.8 0 0 0.6) }", "PASS"),
        ("p { font-size: 11pt; color: device-cmyk(0 0 0 1) }", "PASS"),
        ("p { font-size: 15pt; color: device-cmyk(0.9 0.45 0.2 0.3) }", "PASS"),
    ],
    ids=["11pt-four-plates", "9pt-three-plates", "11pt-two-plates", "11pt-black", "15pt-four"],
)
def test_preflight_warns_of_small_text_on_three_or_four_plates(
    tmp_path: Path, css: str, status: str
) -> None:
    plates = check(preflight(render(tmp_path, "<p>Region Nordjylland</p>", css=css)), "text-plates")
    assert plates.status == status, plates
    if status == "WARN":
        assert "at most two plates" in plates.detail and "out of register" in plates.detail


# --- the first bookmark --------------------------------------------------------------


def test_the_first_bookmark_keeps_the_spaces_at_the_titles_line_breaks(built: Leaflet) -> None:
    for path in (built.pdf, built.print_pdf):
        with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
            assert outline.root, path
            assert str(outline.root[0].title) == TITLE, path
