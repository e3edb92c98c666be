"""``leaflet preflight``: checks on finished PDFs made here with WeasyPrint or pikepdf.

The fixture PDFs are real files, rendered in the test's temporary folder; nothing is
mocked. The tests assert on check ids, statuses and pages, and on the numbers a user
needs in a detail (ppi, point size), not on the full wording.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pikepdf
import pytest
import qrcode
import qrcode.image.svg
from helpers import Leaflet, run_cli
from PIL import Image

from leaflet.preflight import Check, PreflightError, Report, preflight

QR_URL = "https://rn.dk/l%C3%A6nderygsmerter"
A5_PT = (148 / 25.4 * 72, 210 / 25.4 * 72)


def render(tmp_path: Path, body: str, css: str = "", name: str = "doc.pdf") -> Path:
    """A PDF of A5 pages from an HTML body, rendered by WeasyPrint."""
    from weasyprint import HTML

    html = (
        "<!doctype html><html><head><style>"
        "@page { size: 148mm 210mm; margin: 15mm }"
        f"{css}</style></head><body>{body}</body></html>"
    )
    path = tmp_path / name
    HTML(string=html, base_url=str(tmp_path)).write_pdf(path)
    return path


def four_pages(content: str = "x") -> str:
    return "".join(
        f'<p style="break-after: page">{content} {n}</p>' if n < 4 else f"<p>{content} {n}</p>"
        for n in range(1, 5)
    )


def blank(tmp_path: Path, pages: int, name: str = "blank.pdf") -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=A5_PT)
    path = tmp_path / name
    pdf.save(path)
    return path


def check(report: Report, check_id: str) -> Check:
    found = [c for c in report.checks if c.id == check_id]
    assert len(found) == 1, [c.id for c in report.checks]
    return found[0]


# --- colour and output intent -----------------------------------------------------------


def test_rgb_colour_and_no_output_intent_fail(tmp_path: Path) -> None:
    pdf = render(tmp_path, four_pages(), css="p { color: #c00000 }")
    report = preflight(pdf)
    colour = check(report, "colour")
    assert colour.status == "FAIL"
    assert colour.pages == (1, 2, 3, 4)
    assert "RGB" in colour.detail
    assert check(report, "output-intent").status == "FAIL"
    assert check(report, "page-count").status == "PASS"
    assert check(report, "fonts").status == "PASS"
    assert not report.ok


def test_cmyk_colour_passes_but_too_much_ink_fails(tmp_path: Path) -> None:
    body = '<p>fine</p><p style="break-before: page; color: device-cmyk(1 1 1 1)">rich</p>'
    pdf = render(tmp_path, body, css="html { color: device-cmyk(0 0 0 1) }")
    report = preflight(pdf)
    ink = check(report, "ink")
    assert ink.status == "FAIL"
    assert ink.pages == (2,)
    assert "400 %" in ink.detail
    assert check(report, "colour").status == "PASS"


def test_transparency_warns_and_fails_under_pdfx_1a(tmp_path: Path) -> None:
    pdf = render(
        tmp_path, four_pages(), css="html { color: device-cmyk(0 0 0 1) } p { opacity: 0.5 }"
    )
    assert check(preflight(pdf), "transparency").status == "WARN"
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.docinfo["/GTS_PDFXVersion"] = "PDF/X-1a:2003"
        doc.save(pdf)
    transparency = check(preflight(pdf), "transparency")
    assert transparency.status == "FAIL"
    assert 1 in transparency.pages
    assert "PDF/X-1a" in transparency.detail


# --- pages ------------------------------------------------------------------------------


def test_three_pages_fail_the_page_count(tmp_path: Path) -> None:
    report = preflight(blank(tmp_path, 3))
    count = check(report, "page-count")
    assert count.status == "FAIL"
    assert "3 pages" in count.detail
    assert check(preflight(blank(tmp_path, 3), "office"), "page-count").status == "PASS"
    assert check(preflight(blank(tmp_path, 3), "web"), "page-count").status == "PASS"


@pytest.mark.parametrize("version", ["PDF/X-1a:2003", "PDF/X-3:2002"])
def test_transparency_fails_under_every_standard_that_forbids_it(
    tmp_path: Path, version: str
) -> None:
    pdf = render(tmp_path, four_pages(), css="p { opacity: 0.5 }")
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.docinfo["/GTS_PDFXVersion"] = version
        doc.save(pdf)
    assert check(preflight(pdf), "transparency").status == "FAIL"


def test_an_rgb_blending_space_fails_the_colour_check(tmp_path: Path) -> None:
    # Every colour is CMYK, but WeasyPrint blends the half-transparent text in DeviceRGB.
    pdf = render(
        tmp_path, four_pages(), css="html { color: device-cmyk(0 0 0 1) } p { opacity: 0.5 }"
    )
    colour = check(preflight(pdf), "colour")
    assert colour.status == "FAIL"
    assert "blending" in colour.detail


def test_an_encrypted_file_fails_for_print(tmp_path: Path) -> None:
    plain = blank(tmp_path, 4)
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(plain) as doc:
        doc.save(locked, encryption=pikepdf.Encryption(owner="secret", user=""))
    assert check(preflight(locked), "encryption").status == "FAIL"
    assert not [c for c in preflight(plain).checks if c.id == "encryption"]


def test_page_boxes(tmp_path: Path) -> None:
    path = blank(tmp_path, 4)
    boxes = check(preflight(path), "page-boxes")
    assert boxes.status == "FAIL"  # no TrimBox
    assert "TrimBox" in boxes.detail
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.TrimBox = pikepdf.Array([0, 0, *A5_PT])
        pdf.pages[2].obj.MediaBox = pikepdf.Array([-8.5, -8.5, A5_PT[0] + 8.5, A5_PT[1] + 8.5])
        pdf.save(path)
    boxes = check(preflight(path), "page-boxes")
    assert boxes.status == "FAIL"
    assert boxes.pages == (3,)
    assert "negative origin" in boxes.detail
    office = check(preflight(path, "office"), "page-boxes")
    assert office.status == "FAIL"
    assert "A4 landscape" in office.detail


# --- images, text, QR -------------------------------------------------------------------


def test_low_resolution_image_fails_with_its_ppi(tmp_path: Path) -> None:
    png = io.BytesIO()
    Image.new("L", (20, 20), 128).save(png, "PNG")
    data = base64.b64encode(png.getvalue()).decode("ascii")
    body = f'<img src="data:image/png;base64,{data}" style="width: 50mm; height: 50mm">'
    images = check(preflight(render(tmp_path, body)), "images")
    assert images.status == "FAIL"
    assert images.pages == (1,)
    assert "10 ppi" in images.detail  # 20 px over 50 mm


def test_four_point_text_fails(tmp_path: Path) -> None:
    small = check(
        preflight(render(tmp_path, four_pages(), css="p { font-size: 4pt }")), "small-text"
    )
    assert small.status == "FAIL"
    assert small.pages == (1, 2, 3, 4)
    assert "4.0 pt" in small.detail


def test_qr_code_too_small_fails(tmp_path: Path) -> None:
    svg = qrcode.make(
        "https://example.org/a", image_factory=qrcode.image.svg.SvgPathImage, border=4
    ).to_string(encoding="unicode")
    (tmp_path / "qr.svg").write_text(svg, encoding="utf-8")
    pdf = render(tmp_path, '<img src="qr.svg" style="width: 8mm; height: 8mm">')
    qr = check(preflight(pdf), "qr")
    assert qr.status == "FAIL", qr
    assert qr.pages == (1,)
    assert "too small" in qr.detail
    assert "https://example.org/a" in qr.detail


def test_no_qr_code_is_said_but_passes(tmp_path: Path) -> None:
    qr = check(preflight(blank(tmp_path, 4)), "qr")
    assert qr.status == "PASS"
    assert "no QR code" in qr.detail


# --- the real leaflet -------------------------------------------------------------------


def test_the_built_leaflet(built: Leaflet) -> None:
    report = preflight(built.pdf)
    assert [c.id for c in report.checks] == [
        "page-boxes",
        "page-count",
        "fonts",
        "output-intent",
        "colour",
        "transparency",
        "ink",
        "images",
        "qr",
        "small-text",
    ]
    assert check(report, "fonts").status == "PASS"
    assert check(report, "page-count").status == "PASS"
    qr = check(report, "qr")
    assert qr.status == "PASS"
    assert f"'{QR_URL}'" in qr.detail
    assert "estimated" not in qr.detail
    # Until the print variant (PDF/X-4 with an output intent) exists:
    assert check(report, "output-intent").status == "FAIL"
    assert check(report, "small-text").status == "PASS"


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(PreflightError, match="not a PDF"):
        preflight(path)


# --- the command ------------------------------------------------------------------------


def test_cli_table_and_exit_status_1(built: Leaflet) -> None:
    result = run_cli("preflight", built.pdf)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split()[:3] == ["status", "check", "pages"]
    rows = {
        line.split()[1]: line.split()[0]
        for line in lines[2:]
        if line[:4] in ("PASS", "WARN", "FAIL")
    }
    assert rows["output-intent"] == "FAIL"
    assert rows["fonts"] == "PASS"
    assert any(line.startswith("PASS") and "qr" in line and QR_URL in line for line in lines)


def test_cli_json_and_exit_status_0(built: Leaflet, tmp_path: Path) -> None:
    # No project here: preflight must not look for one.
    result = run_cli("--project", tmp_path, "preflight", built.pdf, "--profile", "web", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"file", "profile", "ok", "checks"}
    assert data["profile"] == "web"
    assert data["ok"] is True
    assert [c["id"] for c in data["checks"]] == ["page-count", "fonts", "qr", "small-text"]
    for item in data["checks"]:
        assert set(item) == {"id", "status", "pages", "detail"}
        assert item["status"] in ("PASS", "WARN", "FAIL")
        assert all(isinstance(p, int) for p in item["pages"])


def test_cli_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    result = run_cli("preflight", path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "not a PDF" in result.stderr
    missing = run_cli("preflight", tmp_path / "missing.pdf")
    assert missing.exit_code == 1
    assert len(missing.stderr.strip().splitlines()) == 1, missing.stderr


def test_cli_help_mentions_exit_status() -> None:
    result = run_cli("preflight", "--help")
    assert result.exit_code == 0
    assert "--profile" in result.output
    assert "Exit status" in result.output


def test_inside_form_xobjects_fonts_and_rgb_spaces_are_found(tmp_path: Path) -> None:
    """A Form XObject with a font that is not embedded and an ICC RGB colour space."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A5_PT)
    icc = pikepdf.Stream(pdf, b"not really a profile")
    icc.N = 3
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    form = pikepdf.Stream(pdf, b"/RGB cs 1 0 0 sc BT /F1 12 Tf (hi) Tj ET")
    form.Type = pikepdf.Name.XObject
    form.Subtype = pikepdf.Name.Form
    form.BBox = [0, 0, 100, 100]
    form.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=font),
        ColorSpace=pikepdf.Dictionary(RGB=pikepdf.Array([pikepdf.Name.ICCBased, icc])),
    )
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm1=pdf.make_indirect(form)))
    page.obj.Contents = pdf.make_stream(b"q 0.25 0 0 0.25 0 0 cm /Fm1 Do Q")
    path = tmp_path / "form.pdf"
    pdf.save(path)
    report = preflight(path)
    fonts = check(report, "fonts")
    assert fonts.status == "FAIL"
    assert "Helvetica" in fonts.detail
    colour = check(report, "colour")
    assert colour.status == "FAIL"
    assert colour.pages == (1,)
    assert "ICC RGB" in colour.detail
    small = check(report, "small-text")  # 12 pt scaled to a quarter
    assert small.status == "FAIL"
    assert "3.0 pt" in small.detail
