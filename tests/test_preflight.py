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


def test_qr_codes_are_searched_on_pages_that_can_hold_one(tmp_path: Path) -> None:
    """A page of text is not rasterised; a code as a picture or as shapes is found."""
    from leaflet.preflight.run import qr_pages
    from leaflet.preflight.walker import scan_pages

    svg = qrcode.make(
        "https://example.org/shapes", image_factory=qrcode.image.svg.SvgPathImage, border=4
    ).to_string(encoding="unicode")
    (tmp_path / "qr.svg").write_text(svg, encoding="utf-8")
    png = io.BytesIO()
    qrcode.make("https://example.org/picture", border=4).save(png)
    (tmp_path / "qr.png").write_bytes(png.getvalue())
    body = (
        '<p style="break-after: page">Text only, and a box: <span style="display: '
        'inline-block; width: 20mm; height: 9mm; background: #000"></span></p>'
        '<p style="break-after: page"><img src="qr.svg" style="width: 30mm"></p>'
        '<p><img src="qr.png" style="width: 30mm; image-rendering: pixelated"></p>'
    )
    pdf = render(tmp_path, body)
    with pikepdf.open(pdf) as opened:
        assert qr_pages(3, scan_pages(opened)) == [2, 3]
    qr = check(preflight(pdf), "qr")
    assert qr.pages == (2, 3), qr
    assert "https://example.org/shapes" in qr.detail
    assert "https://example.org/picture" in qr.detail


def test_no_qr_code_is_said_but_passes(tmp_path: Path) -> None:
    qr = check(preflight(blank(tmp_path, 4)), "qr")
    assert qr.status == "PASS"
    assert "no QR code" in qr.detail


# --- the real leaflet -------------------------------------------------------------------


def test_the_built_print_file_passes_every_check(built: Leaflet) -> None:
    report = preflight(built.print_pdf)
    assert [c.id for c in report.checks] == [
        "page-boxes",
        "page-count",
        "fonts",
        "pdfx",
        "output-intent",
        "colour",
        "black-text",
        "text-plates",
        "transparency",
        "ink",
        "images",
        "qr",
        "small-text",
        "text-in-trim",
    ]
    assert check(report, "fonts").status == "PASS"
    assert check(report, "page-count").status == "PASS"
    qr = check(report, "qr")
    assert qr.status == "PASS"
    assert f"'{QR_URL}'" in qr.detail
    assert "estimated" not in qr.detail
    assert "FOGRA39" in check(report, "output-intent").detail
    assert [(c.id, c.status) for c in report.checks if c.status != "PASS"] == []
    assert report.ok


def test_the_screen_and_office_files_pass_their_profiles(built: Leaflet) -> None:
    for path, profile in ((built.pdf, "web"), (built.office_pdf, "office")):
        report = preflight(path, profile)
        assert [(c.id, c.status) for c in report.checks if c.status != "PASS"] == [], profile
    # the screen file is not a print file, and preflight says why
    as_print = preflight(built.pdf, "print")
    assert check(as_print, "output-intent").status == "FAIL"
    assert check(as_print, "pdfx").status == "WARN"


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
    assert [c["id"] for c in data["checks"]] == [
        "page-count",
        "fonts",
        "fonts-unicode",
        "tagged",
        "language",
        "title",
        "figures-alt",
        "headings",
        "table-headers",
        "qr",
        "small-text",
        "text-in-trim",
    ]
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


# --- PDF/X files made with pikepdf --------------------------------------------------------

BLEED_PT = 3 / 25.4 * 72
SLUG_PT = 10 / 25.4 * 72  # room for marks and a slug line beyond the bleed


def icc(device: bytes = b"prtr", space: bytes = b"CMYK", size: int = 2048) -> bytes:
    """Bytes with an ICC profile header (device class, colour space, 'acsp'); no real data."""
    header = bytearray(128)
    header[0:4] = size.to_bytes(4, "big")
    header[12:16] = device
    header[16:20] = space
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    return bytes(header) + bytes(size - 128)


def pdfx_file(
    tmp_path: Path,
    *,
    profile: bytes | None = None,
    intent: dict[str, object] | None = None,
    content: bytes = b"",
    name: str = "x4.pdf",
) -> Path:
    """Four A5 pages with bleed, room for marks, a PDF/X-4 claim and an output intent.

    ``intent`` replaces entries of the output intent (None removes one); ``content`` is
    the first page's content stream, with Helvetica as /F1 (not embedded).
    """
    pdf = pikepdf.new()
    w, h = A5_PT
    off = BLEED_PT + SLUG_PT
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    for _ in range(4):
        pdf.add_blank_page(page_size=(w + 2 * off, h + 2 * off))
        page = pdf.pages[-1].obj
        page.TrimBox = pikepdf.Array([off, off, off + w, off + h])
        page.BleedBox = pikepdf.Array([SLUG_PT, SLUG_PT, off + w + BLEED_PT, off + h + BLEED_PT])
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    stream = pikepdf.Stream(pdf, icc() if profile is None else profile)
    stream.N = 4
    entries: dict[str, object] = {
        "/Type": pikepdf.Name.OutputIntent,
        "/S": pikepdf.Name.GTS_PDFX,
        "/OutputConditionIdentifier": "FOGRA39",
        "/RegistryName": "http://www.color.org",
        "/DestOutputProfile": pdf.make_indirect(stream),
    }
    for key, value in (intent or {}).items():
        if value is None:
            entries.pop(key, None)
        else:
            entries[key] = value
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(entries)])
    pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-4"
    pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"  # how PDF/X-4 (ISO 15930-7) is named
    path = tmp_path / name
    pdf.save(path)
    return path


def test_a_complete_pdfx_4_file_passes_pdfx_and_output_intent(tmp_path: Path) -> None:
    report = preflight(pdfx_file(tmp_path))
    pdfx = check(report, "pdfx")
    assert pdfx.status == "PASS", pdfx
    assert "PDF/X-4" in pdfx.detail
    intent = check(report, "output-intent")
    assert intent.status == "PASS", intent
    assert intent.detail == "PDF/X-4, output intent FOGRA39 (CMYK profile, 2 KB)"
    assert check(report, "page-boxes").status == "PASS"
    assert [c.id for c in preflight(pdfx_file(tmp_path), "office").checks if c.id == "pdfx"] == []


@pytest.mark.parametrize(
    ("profile", "intent", "status", "words"),
    [
        (icc(b"mntr", b"RGB "), {}, "FAIL", "RGB display profile"),
        (icc(b"scnr", b"CMYK"), {}, "FAIL", "device class 'scnr'"),
        (b"not really a profile" * 10, {}, "FAIL", "not an ICC profile"),
        (None, {"/OutputConditionIdentifier": None}, "FAIL", "OutputConditionIdentifier"),
        (None, {"/RegistryName": None}, "WARN", "http://www.color.org"),
    ],
    ids=["rgb-monitor", "cmyk-scanner", "not-icc", "no-identifier", "no-registry"],
)
def test_output_intent_details(
    tmp_path: Path, profile: bytes | None, intent: dict[str, object], status: str, words: str
) -> None:
    result = check(preflight(pdfx_file(tmp_path, profile=profile, intent=intent)), "output-intent")
    assert result.status == status, result
    assert words in result.detail


def _strip_file_id(path: Path) -> None:
    """Blank out the trailer's /ID (same length, so the cross-reference offsets hold)."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = path.read_bytes()
    start = data.rindex(b"/ID [")
    end = data.index(b"]", start) + 1
    path.write_bytes(data[:start] + b" " * (end - start) + data[end:])


def test_pdfx_basics(tmp_path: Path) -> None:
    no_id = pdfx_file(tmp_path, name="no-id.pdf")
    _strip_file_id(no_id)
    with pikepdf.open(no_id) as pdf:
        assert "/ID" not in pdf.trailer
    pdfx = check(preflight(no_id), "pdfx")
    assert pdfx.status == "FAIL"
    assert "file identifier" in pdfx.detail

    trapped = pdfx_file(tmp_path, name="trapped.pdf")
    with pikepdf.open(trapped, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Trapped"] = pikepdf.Name.Unknown
        del pdf.pages[2].obj["/TrimBox"]
        pdf.save(trapped)
    pdfx = check(preflight(trapped), "pdfx")
    assert pdfx.status == "FAIL"
    assert pdfx.pages == (3,)
    assert "TrimBox" in pdfx.detail
    assert "1 less serious finding" in pdfx.detail  # Trapped Unknown
    with pikepdf.open(trapped, allow_overwriting_input=True) as pdf:
        pdf.pages[2].obj.TrimBox = pdf.pages[0].obj.TrimBox
        pdf.save(trapped)
    pdfx = check(preflight(trapped), "pdfx")
    assert pdfx.status == "WARN"
    assert "Trapped is Unknown" in pdfx.detail

    unclaimed = render(tmp_path, four_pages())
    pdfx = check(preflight(unclaimed), "pdfx")
    assert pdfx.status == "WARN"
    assert "does not claim PDF/X" in pdfx.detail


def xmp_set(path: Path, **properties: str | None) -> None:
    """Set (or, with None, delete) XMP properties of the file at ``path``: pdfx__X is
    pdfx:X (a document information key's copy), pdfxid__X is pdfxid:X."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            for key, value in properties.items():
                name = key.replace("__", ":")
                if value is None:
                    del xmp[name]
                else:
                    xmp[name] = value
        pdf.save(path)


def test_the_xmp_says_only_what_the_pdfx_version_defines(tmp_path: Path) -> None:
    x4 = pdfx_file(tmp_path)
    assert check(preflight(x4), "pdfx").status == "PASS"
    # the XMP copy of an Info key the file does not have (WeasyPrint wrote it in X-4)
    with pikepdf.open(x4, allow_overwriting_input=True) as pdf:
        del pdf.docinfo["/GTS_PDFXVersion"]
        pdf.save(x4)
    assert check(preflight(x4), "pdfx").status == "PASS"  # named by pdfxid: alone
    xmp_set(x4, pdfx__GTS_PDFXVersion="PDF/X-4")
    pdfx = check(preflight(x4), "pdfx")
    assert pdfx.status == "WARN" and "pdfx:GTS_PDFXVersion" in pdfx.detail, pdfx
    # PDF/X-4 named in the Info only: the standard names it in the XMP
    xmp_set(x4, pdfx__GTS_PDFXVersion=None, pdfxid__GTS_PDFXVersion=None)
    with pikepdf.open(x4, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-4"
        pdf.save(x4)
    pdfx = check(preflight(x4), "pdfx")
    assert pdfx.status == "FAIL" and "pdfxid:GTS_PDFXVersion" in pdfx.detail, pdfx
    # PDF/X-1a with PDF/X-4's schema in its XMP (WeasyPrint wrote pdfxid:part="1")
    x1a = pdfx_file(tmp_path, name="x1a.pdf")
    with pikepdf.open(x1a, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-1a:2003"
        pdf.save(x1a)
    xmp_set(x1a, pdfxid__GTS_PDFXVersion=None, pdfx__GTS_PDFXVersion="PDF/X-1a:2003")
    assert check(preflight(x1a), "pdfx").status == "PASS"
    xmp_set(x1a, pdfxid__part="1")
    pdfx = check(preflight(x1a), "pdfx")
    assert pdfx.status == "WARN" and "pdfxid:" in pdfx.detail, pdfx


def test_link_annotations_inside_the_page_area_warn(tmp_path: Path) -> None:
    path = pdfx_file(tmp_path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        off = BLEED_PT + SLUG_PT

        def annot(subtype: str, rect: list[float], flags: int = 4) -> pikepdf.Dictionary:
            return pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name("/" + subtype),
                Rect=pikepdf.Array(rect),
                F=flags,
            )

        inside = [off + 20, off + 20, off + 80, off + 30]
        slug = [1, 1, SLUG_PT - 1, SLUG_PT - 1]  # beyond the bleed
        pdf.pages[0].obj.Annots = pikepdf.Array(
            [annot("PrinterMark", inside), annot("Link", inside, flags=2), annot("Link", slug)]
        )
        pdf.save(path)
    assert check(preflight(path), "pdfx").status == "PASS"
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[1].obj.Annots = pikepdf.Array([annot("Link", inside)])
        pdf.save(path)
    pdfx = check(preflight(path), "pdfx")
    assert pdfx.status == "WARN"
    assert pdfx.pages == (2,)
    assert "link annotations inside the page area" in pdfx.detail


# --- black text, small text outside the trim ------------------------------------------


def test_rich_black_text_warns_and_100_k_text_passes(tmp_path: Path) -> None:
    body = (
        "<p>pure black</p>"
        '<p style="break-before: page; color: device-cmyk(0.6 0.4 0.4 1)">rich</p>'
        '<p style="break-before: page; color: device-cmyk(0.3 0.3 0.3 0.85)">dark grey</p>'
        '<p style="break-before: page">pure black again</p>'
    )
    report = preflight(render(tmp_path, body, css="html { color: device-cmyk(0 0 0 1) }"))
    black = check(report, "black-text")
    assert black.status == "WARN", black
    assert black.pages == (2,)
    assert "C 60 M 40 Y 40 K 100" in black.detail
    assert "100 % K" in black.detail
    assert "black-text" not in [c.id for c in preflight(render(tmp_path, body), "office").checks]


def test_rich_black_follows_fill_colour_render_mode_and_forms(tmp_path: Path) -> None:
    text = b"BT /F1 12 Tf 100 200 Td (x) Tj ET "
    stroked = b"0.5 0.5 0.5 1 k 1 Tr " + text  # outline only: the fill colour is not used
    assert check(preflight(pdfx_file(tmp_path, content=stroked)), "black-text").status == "PASS"
    pure = b"0.5 0.5 0.5 1 k 0 0 0 1 k " + text + b"/DeviceCMYK cs " + text
    assert check(preflight(pdfx_file(tmp_path, content=pure)), "black-text").status == "PASS"
    stroke_only = b"0 0 0 1 k 0.5 0.5 0.5 1 K 2 Tr " + text  # fill and stroke, fill is 100 % K
    assert check(preflight(pdfx_file(tmp_path, content=stroke_only)), "black-text").status == (
        "PASS"
    )
    # The colour is set outside a form and the text drawn inside it: forms inherit it.
    path = pdfx_file(tmp_path, content=b"q 0.2 0.2 0.2 0.95 k /Fm1 Do Q")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        form = pikepdf.Stream(pdf, text)
        form.Type = pikepdf.Name.XObject
        form.Subtype = pikepdf.Name.Form
        form.BBox = [0, 0, 500, 500]
        page = pdf.pages[0].obj
        form.Resources = page.Resources
        page.Resources = pikepdf.Dictionary(
            Font=page.Resources.Font, XObject=pikepdf.Dictionary(Fm1=pdf.make_indirect(form))
        )
        pdf.save(path)
    black = check(preflight(path), "black-text")
    assert black.status == "WARN", black
    assert "C 20 M 20 Y 20 K 95" in black.detail


def test_small_text_outside_the_trim_is_not_measured(tmp_path: Path) -> None:
    # A 4 pt slug line in the margin beyond the bleed, in registration-like 4 × 100 %.
    slug = b"1 1 1 1 k BT /F1 4 Tf 5 5 Td (job 42, FOGRA39) Tj ET "
    report = preflight(pdfx_file(tmp_path, content=slug))
    small = check(report, "small-text")
    assert small.status == "PASS", small
    assert "outside the trim" in small.detail
    assert check(report, "black-text").status == "PASS"
    inside = slug + b"0 0 0 1 k BT /F1 4 Tf 1 0 0 1 100 200 Tm (too small) Tj ET"
    small = check(preflight(pdfx_file(tmp_path, content=inside)), "small-text")
    assert small.status == "FAIL"
    assert "4.0 pt" in small.detail
    # The same origin counts when the file has no TrimBox to tell what is cut off.
    path = pdfx_file(tmp_path, content=slug)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            del page.obj["/TrimBox"]
        pdf.save(path)
    assert check(preflight(path), "small-text").status == "FAIL"


def test_text_lines_moved_with_leading_are_placed(tmp_path: Path) -> None:
    # Slug lines below the trim stay outside it as T* moves them down; with a negative
    # leading T* moves the line up into the trim, where it is measured.
    content = b"BT /F1 4 Tf 12 TL 100 5 Td (slug) Tj 0 -1 Td T* (slug) Tj ET"
    assert check(preflight(pdfx_file(tmp_path, content=content)), "small-text").status == "PASS"
    content = b"BT /F1 4 Tf -40 TL 100 5 Td (slug) Tj T* T* (in the trim) Tj ET"
    assert check(preflight(pdfx_file(tmp_path, content=content)), "small-text").status == "FAIL"


# --- QR width, MediaBox origin ----------------------------------------------------------


def test_qr_code_under_20_mm_with_its_margin_warns(tmp_path: Path) -> None:
    svg = qrcode.make(
        "https://example.org/a", image_factory=qrcode.image.svg.SvgPathImage, border=4
    ).to_string(encoding="unicode")
    (tmp_path / "qr.svg").write_text(svg, encoding="utf-8")
    # Version 2: 25 modules and 2 × 4 of margin, so 16 mm makes 0.48 mm modules.
    pdf = render(tmp_path, '<img src="qr.svg" style="width: 16mm; height: 16mm">')
    qr = check(preflight(pdf), "qr")
    assert qr.status == "WARN", qr
    assert qr.pages == (1,)
    assert "16.0 mm across with its 4-module white margin" in qr.detail
    assert "symbol 12.1 mm" in qr.detail  # zxing measures the symbol alone
    assert "https://example.org/a" in qr.detail
    pdf = render(tmp_path, '<img src="qr.svg" style="width: 22mm; height: 22mm">', name="b.pdf")
    qr = check(preflight(pdf), "qr")
    assert qr.status == "PASS", qr
    assert "22.0 mm with its white margin" in qr.detail


def test_a_negative_media_box_origin_fails_for_print_and_warns_for_office(
    tmp_path: Path,
) -> None:
    w, h = (297 / 25.4 * 72, 210 / 25.4 * 72)
    pdf = pikepdf.new()
    for _ in range(4):
        pdf.add_blank_page(page_size=(w, h))
        pdf.pages[-1].obj.MediaBox = pikepdf.Array([-8.5, -8.5, w + 8.5, h + 8.5])
        pdf.pages[-1].obj.TrimBox = pikepdf.Array([0, 0, w, h])
    path = tmp_path / "a4.pdf"
    pdf.save(path)
    office = check(preflight(path, "office"), "page-boxes")
    assert office.status == "WARN", office
    assert "negative origin" in office.detail
    boxes = check(preflight(path), "page-boxes")
    assert boxes.status == "FAIL"
    assert "negative origin" in boxes.detail


def test_a_pdf_without_pages_is_one_clear_message(tmp_path: Path) -> None:
    """pikepdf opens such a file, pdfium does not: it once ended in an internal error."""
    path = tmp_path / "empty.pdf"
    pikepdf.new().save(path)
    for profile in ("print", "web"):
        result = run_cli("preflight", "--profile", profile, path)
        assert result.exit_code == 1
        assert "the PDF has no pages" in result.output + result.stderr
        assert "internal error" not in result.output + result.stderr


@pytest.mark.parametrize("numbers", [3, 4], ids=["damaged", "whole"])
def test_a_cmyk_gradient_with_three_numbers_a_colour_fails(tmp_path: Path, numbers: int) -> None:
    """WeasyPrint 70 wrote a logo's CMYK gradient as DeviceCMYK with three numbers a
    colour (black taken as transparency): it printed pale and preflight passed it."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A5_PT)
    stops = [[0, 0.9, 0.2, 0.1][:numbers], [1, 0.5, 0, 0][:numbers]]
    function = pikepdf.Dictionary(FunctionType=3, Domain=[0, 1], Bounds=[], Encode=[0, 1])
    function.Functions = [
        pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], N=1, C0=stops[0], C1=stops[1])
    ]
    shading = pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceCMYK, Coords=[0, 0, 100, 0], Function=function
    )
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Shading=pikepdf.Dictionary(Sh0=shading))
    page.obj.Contents = pdf.make_stream(b"q 0 0 100 100 re W n /Sh0 sh Q")
    path = tmp_path / "gradient.pdf"
    pdf.save(path)
    colour = check(preflight(path), "colour")
    if numbers == 4:
        assert colour.status == "PASS", colour.detail
    else:
        assert colour.status == "FAIL" and colour.pages == (1,)
        assert "3 numbers where DeviceCMYK needs 4" in colour.detail
