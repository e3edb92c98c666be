"""The print shop's file and the office file, read back by code that did not write them.

pikepdf checks boxes, colour operators, the output intent and the fonts; pypdfium2
rasterises pages and finds text; qpdf, pdffonts and Ghostscript (made by others)
must accept the files. None of these tests uses leaflet's own preflight, except the
ones about the build running it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from helpers import LANG, LEAFLET, REPO, Leaflet, find_problem, line_of, page_texts

MM = 72 / 25.4  # points per millimetre
A5 = (148.0, 210.0)
BLEED = 3.0
TOL = 0.1  # mm
RGB_OPERATORS = {"rg", "RG"}


def box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) / MM for v in page.obj[name]]


# --- page boxes ---------------------------------------------------------------------


def test_print_pages_have_trim_bleed_and_slug_with_origin_at_zero(built: Leaflet) -> None:
    with pikepdf.open(built.print_pdf) as pdf:
        assert len(pdf.pages) == 8
        for number, page in enumerate(pdf.pages, start=1):
            media, bleed, trim = (
                box(page, "/MediaBox"),
                box(page, "/BleedBox"),
                box(page, "/TrimBox"),
            )
            assert media[:2] == [0, 0], f"page {number}: MediaBox origin {media[:2]}"
            assert trim[2] - trim[0] == pytest.approx(A5[0], abs=TOL), number
            assert trim[3] - trim[1] == pytest.approx(A5[1], abs=TOL), number
            for inner, outer, sign in ((0, 0, -1), (1, 1, -1), (2, 2, 1), (3, 3, 1)):
                assert bleed[outer] == pytest.approx(trim[inner] + sign * BLEED, abs=TOL), number
                # room for marks outside the bleed, on every side
                assert abs(media[outer] - bleed[outer]) >= 8, (number, media, bleed)
            assert "/Annots" not in page.obj, "links on the printed area are not allowed in PDF/X"


def test_screen_pages_are_plain_a5_at_zero(built: Leaflet) -> None:
    with pikepdf.open(built.pdf) as pdf:
        for page in pdf.pages:
            media = box(page, "/MediaBox")
            assert media[0] == media[1] == 0
            assert media[2] == pytest.approx(A5[0], abs=TOL)
            assert media[3] == pytest.approx(A5[1], abs=TOL)
        assert "/OutputIntents" not in pdf.Root


# --- colour and output intent -------------------------------------------------------


def content_streams(pdf: pikepdf.Pdf) -> list[tuple[str, list[pikepdf.ContentStreamInstruction]]]:
    """Every page's content and every form drawn on it (nested forms too)."""
    found: list[tuple[str, list[pikepdf.ContentStreamInstruction]]] = []
    seen: set[tuple[int, int]] = set()

    def forms(resources: pikepdf.Dictionary | None, where: str) -> None:
        for name, xobject in dict((resources or {}).get("/XObject", {})).items():
            if xobject.get("/Subtype") != "/Form" or xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            found.append((f"{where} {name}", list(pikepdf.parse_content_stream(xobject))))
            forms(xobject.get("/Resources"), f"{where} {name}")

    for number, page in enumerate(pdf.pages, start=1):
        found.append((f"page {number}", list(pikepdf.parse_content_stream(page))))
        forms(page.obj.get("/Resources"), f"page {number}")
    return found


def test_no_rgb_anywhere_in_the_print_file(built: Leaflet) -> None:
    with pikepdf.open(built.print_pdf) as pdf:
        streams = content_streams(pdf)
        assert len(streams) > 8, "the forms (pictures, slug) were not found"
        for where, instructions in streams:
            used = {str(i.operator) for i in instructions}
            assert not used & RGB_OPERATORS, f"RGB colour operators in {where}"
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert obj.get("/ColorSpace") != "/DeviceRGB"
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
                assert "/DeviceRGB" not in repr(obj), f"DeviceRGB in {obj.objgen}"


def test_no_rich_black_and_no_colour_above_300_percent(built: Leaflet) -> None:
    # Every fill colour set on the pages: no rich black (C, M or Y under black text),
    # and no colour above 300 % total ink.
    with pikepdf.open(built.print_pdf) as pdf:
        for _, instructions in content_streams(pdf):
            for instruction in instructions:
                if str(instruction.operator) == "k":
                    c, m, y, k = (float(v) for v in instruction.operands)
                    assert c + m + y + k <= 3.0, "total ink above 300 %"
                    assert not (k >= 0.9 and c + m + y > 0), "rich black fill"


def test_output_intent_is_fogra39_with_a_cmyk_profile(built: Leaflet) -> None:
    with pikepdf.open(built.print_pdf) as pdf:
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        header = profile.read_bytes()[:40]
        assert header[12:20] == b"prtrCMYK" and header[36:40] == b"acsp"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
            # PDF/X-4 is named in the XMP only: no copy of an Info key the file lacks
            assert "/GTS_PDFXVersion" not in pdf.docinfo
            assert xmp.get("pdfx:GTS_PDFXVersion") is None
        assert pdf.trailer.get("/ID") is not None, "PDF/X needs a file identifier"
        assert str(pdf.docinfo.get("/Trapped")) == "/False"


def test_the_colour_profile_is_embedded_byte_for_byte_as_its_readme_says(
    built: Leaflet,
) -> None:
    profiles = REPO / "styles" / "profiles"
    data = (profiles / "FOGRA39-leaflet.icc").read_bytes()
    readme = (profiles / "README.md").read_text(encoding="utf-8")
    size, digest = re.search(
        r"\| Size / sha256 \| ([\d ]+) bytes, `([0-9a-f]{64})`", readme
    ).groups()
    assert int(size.replace(" ", "")) == len(data)
    assert digest == hashlib.sha256(data).hexdigest()
    with pikepdf.open(built.print_pdf) as pdf:
        embedded = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    assert embedded == data


def test_every_font_is_embedded(built: Leaflet) -> None:
    for path in (built.print_pdf, built.office_pdf, built.pdf):
        with pikepdf.open(path) as pdf:
            fonts = [
                o
                for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
            ]
            assert fonts, path.name
            for descriptor in fonts:
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                    path.name,
                    str(descriptor.get("/FontName")),
                )


# --- marks, bleed and slug, seen on the raster --------------------------------------


def raster(path: Path, index: int, dpi: int = 300):  # type: ignore[no-untyped-def]
    document = pdfium.PdfDocument(str(path))
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("L"), dpi / 25.4
    finally:
        document.close()


def test_crop_marks_sit_outside_the_bleed_and_the_cover_runs_into_it(built: Leaflet) -> None:
    with pikepdf.open(built.print_pdf) as pdf:
        trim = box(pdf.pages[0], "/TrimBox")
        media = box(pdf.pages[0], "/MediaBox")
    for index in (0, 1):
        image, px = raster(built.print_pdf, index)
        # top-left corner: x, y in mm from the media's top-left corner
        left, top = trim[0], media[3] - trim[3]

        def dark(x_mm: float, y_mm: float, image=image, px=px) -> bool:  # type: ignore[no-untyped-def]
            # the darkest pixel near the spot: a hairline is thinner than a pixel
            x, y = round(x_mm * px), round(y_mm * px)
            return image.crop((x - 2, y - 2, x + 3, y + 3)).getextrema()[0] < 160

        # the horizontal mark runs along the top trim line, left of the bleed …
        assert dark(left - BLEED - 3, top), f"page {index + 1}: no crop mark outside the bleed"
        # … and nothing of it lies inside the bleed on a page with a white edge
        if index == 1:
            assert not dark(left - BLEED / 2, top), "a mark reaches into the bleed"
            assert not dark(left - 1, top - 1)
        else:
            # the cover's band is coloured to the edge, so it fills the bleed too
            assert dark(left - BLEED / 2, top + 5), "the cover band does not run into the bleed"
            assert dark(left + 5, top - BLEED / 2)


def test_slug_line_names_leaflet_language_version_and_page(built: Leaflet) -> None:
    texts = page_texts(built.print_pdf)
    version = built.settings()["document"]["version"]
    for number, text in enumerate(texts, start=1):
        line = " ".join(text.split())
        assert f"{LEAFLET} · {LANG} · version {version}" in line
        assert f"page {number} of {len(texts)}" in line
    # the slug is outside the trim: the trimmed page does not show it
    document = pdfium.PdfDocument(str(built.print_pdf))
    try:
        with pikepdf.open(built.print_pdf) as pdf:
            x0, y0, x1, y1 = (float(v) for v in pdf.pages[2].obj.TrimBox)
        inside = document[2].get_textpage().get_text_bounded(x0, y0, x1, y1)
        assert "page 3 of" not in inside
    finally:
        document.close()


# --- office imposition ------------------------------------------------------------


def first_words(text: str) -> str:
    return " ".join(text.split())[:60]


def test_office_sheets_fold_into_reading_order(built: Leaflet) -> None:
    pages = [first_words(t) for t in page_texts(built.pdf)]
    document = pdfium.PdfDocument(str(built.office_pdf))
    try:
        assert len(document) == 4
        seen = []
        for side in document:
            width, height = side.get_size()
            assert (width / MM, height / MM) == (
                pytest.approx(297, abs=TOL),
                pytest.approx(210, abs=TOL),
            )
            text = side.get_textpage()
            halves = []
            for x0, x1 in ((0, width / 2), (width / 2, width)):
                words = first_words(text.get_text_bounded(x0, 0, x1, height))
                halves.append(
                    next(n for n, p in enumerate(pages, 1) if p and words.startswith(p[:40]))
                )
            seen.append(halves)
    finally:
        document.close()
    # a nested booklet of two sheets, printed duplex and folded once
    assert seen == [[8, 1], [2, 7], [6, 3], [4, 5]]


# --- reproducible -------------------------------------------------------------------


def test_print_file_has_no_clock_time_or_random_id(built: Leaflet) -> None:
    data = built.print_pdf.read_bytes()
    published = built.settings()["document"]["published"]
    with pikepdf.open(built.print_pdf) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:" + published.replace("-", ""))
        with pdf.open_metadata() as xmp:
            assert str(xmp.get("xmp:MetadataDate", "")).startswith(published)
    assert b"xmp.did:" in data


# --- settings ----------------------------------------------------------------------


def set_print(project: Leaflet, block: str) -> None:
    text = project.settings_file.read_text(encoding="utf-8")
    project.settings_file.write_text(text + "\nprint:\n" + block, encoding="utf-8")


def test_bleed_and_marks_can_be_set_per_leaflet(project: Leaflet) -> None:
    set_print(project, "  bleed: 5mm\n  marks: no\n")
    result = project.build()
    assert result.exit_code == 0, result.output
    with pikepdf.open(project.print_pdf) as pdf:
        page = pdf.pages[0]
        media, bleed, trim = box(page, "/MediaBox"), box(page, "/BleedBox"), box(page, "/TrimBox")
        assert media == pytest.approx(bleed, abs=TOL), "without marks there is no slug"
        assert trim[0] - bleed[0] == pytest.approx(5, abs=TOL)
    assert "page 1 of" not in page_texts(project.print_pdf)[0]


def test_pdf_x1a_on_request(project: Leaflet) -> None:
    set_print(project, "  standard: PDF/X-1a\n")
    result = project.build()
    assert result.exit_code == 0, result.output
    with pikepdf.open(project.print_pdf) as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1a:2003"
        assert pdf.pdf_version == "1.4"
        # named in the document information, copied into the XMP; no PDF/X-4 schema
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfx:GTS_PDFXVersion") == "PDF/X-1a:2003"
            assert xmp.get("pdfxid:GTS_PDFXVersion") is None
        assert b"pdfxid:" not in pdf.Root.Metadata.read_bytes()
        groups = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Transparency"
        ]
        assert not groups, "PDF/X-1a allows no transparency"


@pytest.mark.parametrize(
    ("block", "needle"),
    [
        ("  bleed: 9mm\n", "from 0 to 5"),
        ("  marks: perhaps\n", "yes or no"),
        ("  standard: PDF/X-3\n", "PDF/X-4 or PDF/X-1a"),
        ("  profile: missing.icc\n  output_condition: FOGRA51\n", "does not exist"),
        ("  profile: FOGRA39-leaflet.icc\n", "output_condition"),
    ],
)
def test_bad_print_settings_name_the_line(project: Leaflet, block: str, needle: str) -> None:
    set_print(project, block)
    key = block.split(":")[0].strip()
    result = project.build()
    find_problem(
        result,
        project.rel(project.settings_file),
        line_of(project.settings_file, rf"^  {key}:"),
        needle,
    )
    assert not project.dist.exists()


def test_a_profile_that_is_not_cmyk_is_refused(project: Leaflet) -> None:
    import weasyprint

    srgb = Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc"
    shutil.copy(srgb, project.folder / "srgb.icc")
    set_print(project, "  profile: srgb.icc\n  output_condition: sRGB\n")
    result = project.build()
    find_problem(
        result,
        project.rel(project.settings_file),
        line_of(project.settings_file, r"^  profile:"),
        "not CMYK",
    )


def test_the_printers_own_profile_and_condition_reach_the_file(project: Leaflet) -> None:
    shutil.copy(
        project.root / "styles" / "profiles" / "FOGRA39-leaflet.icc", project.folder / "printer.icc"
    )
    set_print(
        project,
        "  profile: printer.icc\n  output_condition: FOGRA51\n"
        "  output_condition_text: PSO Coated v3\n",
    )
    result = project.build()
    assert result.exit_code == 0, result.output
    with pikepdf.open(project.print_pdf) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "FOGRA51"
        assert str(intent.OutputCondition) == "PSO Coated v3"


# --- the build runs preflight --------------------------------------------------------


def test_a_print_file_that_fails_preflight_is_not_written(built_copy: Leaflet) -> None:
    before = built_copy.print_pdf.read_bytes()
    picture = built_copy.folder / "pictures" / "dialog.svg"
    svg = picture.read_text(encoding="utf-8")
    # an RGB colour, as a designer's tool would write it
    picture.write_text(
        svg.replace("</svg>", '<rect width="5" height="5" fill="#ff0000"/></svg>'), encoding="utf-8"
    )
    result = built_copy.build()
    message = find_problem(
        result, built_copy.rel(built_copy.settings_file), None, "preflight", "colour"
    )
    assert "RGB" in message
    assert built_copy.print_pdf.read_bytes() == before, "the last good print file was replaced"
    assert not [p for p in built_copy.out_dir.iterdir() if p.name.startswith(".")]


# --- tools made by others --------------------------------------------------------


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed (Debian: qpdf, poppler-utils, ghostscript)")
    return found


@pytest.mark.parametrize("name", ["print_pdf", "office_pdf", "pdf"])
def test_qpdf_finds_no_damage(built: Leaflet, name: str) -> None:
    done = subprocess.run(
        [need("qpdf"), "--check", getattr(built, name)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


@pytest.mark.parametrize("name", ["print_pdf", "office_pdf"])
def test_pdffonts_says_every_font_is_embedded(built: Leaflet, name: str) -> None:
    done = subprocess.run(
        [need("pdffonts"), getattr(built, name)], capture_output=True, text=True, check=True
    )
    rows = done.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        emb = re.split(r"\s+", row.strip())[-5]
        assert emb == "yes", row


def test_ghostscript_renders_cmyk_with_ink_only_where_expected(built: Leaflet) -> None:
    done = subprocess.run(
        [
            need("gs"),
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=inkcov",
            "-r72",
            "-o",
            "-",
            built.print_pdf,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "error" not in done.stdout.lower()
    coverage = [
        [float(v) for v in line.split()[:4]]
        for line in done.stdout.splitlines()
        if line.strip().endswith("OK")
    ]
    assert len(coverage) == 8
    # page 4 is text only: black ink, and the brand colour of one heading
    c, m, y, k = coverage[3]
    assert k > 0.005 and k > c and k > m and k > y
