"""The office variant: A5 pages imposed two-up on A4 landscape, read back independently.

The input PDFs are rendered for real by WeasyPrint (each page shows "P<n>" in big type);
the output is checked with pikepdf (structure, boxes, content operators) and pypdfium2
(text positions and pixels), never with the imposition code's own helpers.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from leaflet.prepress.impose import impose, sheet_order

FONTS = Path(__file__).resolve().parents[1] / "styles" / "fonts"
FONT_URL = (FONTS / "NotoSans-Regular.ttf").as_uri()
MM = 72 / 25.4
SHEET_W, SHEET_H = 297 * MM, 210 * MM
A5_W, A5_H = 148 * MM, 210 * MM
MIDDLE = SHEET_W / 2
ORANGE = "device-cmyk(0 0.5 1 0)"

LTR = {
    4: [(4, 1), (2, 3)],
    8: [(8, 1), (2, 7), (6, 3), (4, 5)],
    12: [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)],
}
RTL = {
    4: [(1, 4), (3, 2)],
    8: [(1, 8), (7, 2), (3, 6), (5, 4)],
}


@cache
def leaflet_pdf(pages: int, bled: frozenset[int] = frozenset(), link: bool = False) -> bytes:
    """A real N-page A5 PDF; pages in ``bled`` get 3 mm bleed and an orange background."""
    html = [
        "<html><head><title>Source title</title>",
        '<meta name="dcterms.created" content="2024-05-06T07:08:09Z">',
        "<style>",
        f"@font-face {{ font-family: 'Leaflet Sans'; src: url({FONT_URL}) }}",
        "@page { size: 148mm 210mm; margin: 0 }",
        f"@page bled {{ bleed: 3mm; background: {ORANGE} }}",
        "body { margin: 0; font-family: 'Leaflet Sans'; color: device-cmyk(0 0 0 1) }",
        "section { height: 210mm; break-after: page; text-align: center }",
        "section.bled { page: bled }",
        "p { margin: 0; padding-top: 85mm; font-size: 48pt }",
        "</style></head><body>",
    ]
    for number in range(1, pages + 1):
        css_class = ' class="bled"' if number in bled else ""
        html.append(f"<section{css_class}><p>P{number}</p>")
        if link:
            html.append('<a href="https://example.org/">a link</a>')
        html.append("</section>")
    html.append("</body></html>")
    with pytest.MonkeyPatch.context() as mp:
        # fontconfig reads this when WeasyPrint is first imported
        mp.setenv("FONTCONFIG_FILE", str(FONTS / "fonts.conf"))
        from weasyprint import HTML

        pdf: bytes = HTML(string="\n".join(html), base_url=str(FONTS) + "/").write_pdf()
    return pdf


@cache
def imposed(pages: int, direction: str = "ltr", bled: frozenset[int] = frozenset()) -> bytes:
    return impose(leaflet_pdf(pages, bled), direction=direction)


@pytest.fixture
def pdfium_doc() -> Iterator[Any]:
    """Opens PDFs with pypdfium2 and closes them after the test."""
    opened: list[Any] = []

    def open_(data: bytes) -> Any:
        opened.append(pdfium.PdfDocument(data))
        return opened[-1]

    yield open_
    for document in reversed(opened):
        document.close()


def halves(document: Any) -> list[tuple[str, str]]:
    """The text on the left and on the right half of each sheet side, as pdfium sees it."""
    result = []
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        left = text.get_text_bounded(0, 0, width / 2, height).strip()
        right = text.get_text_bounded(width / 2, 0, width, height).strip()
        result.append((left, right))
    return result


def operators(stream: pikepdf.Object) -> list[tuple[list[Any], str]]:
    return [
        (list(instruction.operands), str(instruction.operator))
        for instruction in pikepdf.parse_content_stream(stream)
    ]


# --- the order --------------------------------------------------------------------------


@pytest.mark.parametrize("pages", sorted(LTR))
def test_sheet_order_ltr_table(pages: int) -> None:
    assert sheet_order(pages) == LTR[pages]


@pytest.mark.parametrize("pages", sorted(RTL))
def test_sheet_order_rtl_table(pages: int) -> None:
    assert sheet_order(pages, "rtl") == RTL[pages]


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_sheet_order_folds_into_a_booklet(direction: str) -> None:
    """Physically: a front half and the back half behind it are one leaf, p then p + 1."""
    for pages in range(4, 44, 4):
        sides = sheet_order(pages, direction)
        assert sorted(p for side in sides for p in side) == list(range(1, pages + 1))
        for front, back in zip(sides[0::2], sides[1::2], strict=True):
            # short-edge flip: the left half of the back is behind the right half of the front
            if direction == "ltr":
                assert (front[1] + 1, front[0] - 1) == back  # recto, then its verso
            else:
                assert (front[1] - 1, front[0] + 1) == back
            # the outer leaf of the fold holds the first and last pages of the sheet
            assert sum(front) == sum(back) == pages + 1


# --- the imposed PDF, read back ------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "direction", "expected"),
    [(4, "ltr", LTR[4]), (8, "ltr", LTR[8]), (4, "rtl", RTL[4]), (8, "rtl", RTL[8])],
)
def test_pages_land_on_the_right_halves(
    pages: int, direction: str, expected: list[tuple[int, int]], pdfium_doc: Any
) -> None:
    document = pdfium_doc(imposed(pages, direction))
    assert halves(document) == [(f"P{left}", f"P{right}") for left, right in expected]


@pytest.mark.parametrize("pages", [4, 8])
def test_sheets_are_a4_landscape_with_two_forms_and_no_rgb(pages: int) -> None:
    with pikepdf.open(io.BytesIO(imposed(pages))) as pdf:
        assert len(pdf.pages) == pages // 2
        for page in pdf.pages:
            box = [float(v) for v in page.obj.MediaBox]
            assert box == pytest.approx([0, 0, 841.89, 595.28], abs=0.1)
            assert "/Annots" not in page.obj
            resources = page.obj.Resources
            assert set(resources.keys()) == {"/XObject"}  # no fonts, no colour spaces added
            forms = list(resources.XObject.values())
            assert len(forms) == 2
            assert all(form.Subtype == "/Form" for form in forms)
            content = page.obj.Contents.read_bytes()
            assert b"DeviceRGB" not in content
            ops = [op for _, op in operators(page.obj)]
            assert not {"rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS", "g", "G"} & set(ops)
            assert ops.count("Do") == 2
        assert "/OutputIntents" not in pdf.Root


def test_pages_are_placed_at_full_size_side_by_side(pdfium_doc: Any) -> None:
    """The same glyph sits at the same spot of its A5 page before and after imposing."""
    source = pdfium_doc(leaflet_pdf(4))
    sheet = pdfium_doc(imposed(4))
    first = source[0].get_textpage().get_charbox(0)  # "P" of P1, in A5 page space
    placed = sheet[0].get_textpage()  # sheet 1 front: P4 left, P1 right
    p1 = next(i for i in range(placed.count_chars()) if placed.get_charbox(i)[0] > MIDDLE)
    left_edge = MIDDLE  # the right page starts at the fold
    got = placed.get_charbox(p1)
    assert got[0] - left_edge == pytest.approx(first[0], abs=0.05)
    assert got[1] == pytest.approx(first[1], abs=0.05)
    assert got[2] - got[0] == pytest.approx(first[2] - first[0], abs=0.05)  # 100 % scale


def test_fold_marks_are_light_cmyk_lines_at_the_fold() -> None:
    with pikepdf.open(io.BytesIO(imposed(8))) as pdf:
        for page in pdf.pages:
            ops = operators(page.obj)
            strokes = [operands for operands, op in ops if op == "K"]
            assert [[float(v) for v in s] for s in strokes] == [[0, 0, 0, 0.35]]
            widths = [float(operands[0]) for operands, op in ops if op == "w"]
            assert widths == [0.5]
            moves = [[float(v) for v in operands] for operands, op in ops if op in ("m", "l")]
            assert len(moves) == 4
            assert all(x == pytest.approx(MIDDLE, abs=0.01) for x, _ in moves)
            ys = sorted(y for _, y in moves)
            expected = [0, 5 * MM, SHEET_H - 5 * MM, SHEET_H]
            assert ys == pytest.approx(expected, abs=0.01)
            assert sum(op == "S" for _, op in ops) == 2


def _white(pixel: tuple[int, ...]) -> bool:
    return min(pixel[:3]) >= 250


def _orange(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 200 and 100 < pixel[1] < 200 and pixel[2] < 100


def _column(image: Image.Image, x: int) -> list[tuple[int, ...]]:
    # leave out the fold marks at the top and bottom (5 mm ≈ 14 px at 72 dpi)
    return [image.getpixel((x, y)) for y in range(20, image.height - 20)]  # type: ignore[misc]


def test_bleed_is_clipped_at_the_fold_and_the_edges(pdfium_doc: Any) -> None:
    """4 pages, P4 and P3 bled orange: [P4|P1] and [P2|P3]; P1 and P2 are white."""
    source = leaflet_pdf(4, frozenset({3, 4}))
    with pikepdf.open(io.BytesIO(source)) as pdf:  # the bleed really is there
        bled = pdf.pages[3].obj
        assert float(bled.MediaBox[0]) < float(bled.TrimBox[0]) - 8
    document = pdfium_doc(imposed(4, "ltr", frozenset({3, 4})))
    front, back = (page.render(scale=1).to_pil().convert("RGB") for page in document)
    fold = int(MIDDLE)  # 420.9 pt: pixel 420 straddles the fold
    # front: orange P4 on the left stays left of the fold, white P1 stays white
    assert all(map(_orange, _column(front, fold - 2)))
    assert all(map(_white, _column(front, fold + 1)))
    assert all(map(_white, _column(front, 0)))  # the 0.5 mm strip outside the left page
    # back: orange P3 on the right stays right of the fold
    assert all(map(_white, _column(back, fold - 2)))
    assert all(map(_orange, _column(back, fold + 1)))
    assert all(map(_white, _column(back, back.width - 1)))


@pytest.mark.parametrize("keep", ["/TrimBox", "/CropBox"])
def test_page_origin_anywhere(keep: str, pdfium_doc: Any) -> None:
    """Pages whose MediaBox starts at a negative origin land where origin-0 pages do."""
    dx, dy = -20.0, -30.0
    with pikepdf.open(io.BytesIO(leaflet_pdf(4))) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            page.contents_add(pdf.make_stream(f"1 0 0 1 {dx} {dy} cm\n".encode()), prepend=True)
            page.obj.MediaBox = pikepdf.Array([x0 + dx - 10, y0 + dy - 10, x1 + dx + 10, y1 + dy])
            page.obj[keep] = pikepdf.Array([x0 + dx, y0 + dy, x1 + dx, y1 + dy])
            if keep != "/TrimBox" and "/TrimBox" in page.obj:
                del page.obj["/TrimBox"]
        buffer = io.BytesIO()
        pdf.save(buffer)
    shifted = pdfium_doc(impose(buffer.getvalue()))
    plain = pdfium_doc(imposed(4))
    assert halves(shifted) == halves(plain)
    for a, b in zip(shifted, plain, strict=True):
        ta, tb = a.get_textpage(), b.get_textpage()
        assert ta.count_chars() == tb.count_chars()
        for i in range(ta.count_chars()):
            assert ta.get_charbox(i) == pytest.approx(tb.get_charbox(i), abs=0.01)


# --- metadata, links, determinism, errors ---------------------------------------------------


def test_links_are_dropped() -> None:
    source = leaflet_pdf(4, link=True)
    with pikepdf.open(io.BytesIO(source)) as pdf:
        assert any("/Annots" in page.obj for page in pdf.pages)
    with pikepdf.open(io.BytesIO(impose(source))) as pdf:
        assert not any("/Annots" in page.obj for page in pdf.pages)


def test_metadata_title_dates_and_duplex_hint() -> None:
    source = leaflet_pdf(4)
    with pikepdf.open(io.BytesIO(source)) as pdf:
        created = str(pdf.docinfo["/CreationDate"])
    with pikepdf.open(io.BytesIO(impose(source))) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Source title"
        assert str(pdf.docinfo["/CreationDate"]) == created
        assert str(pdf.docinfo["/Producer"]).startswith("WeasyPrint")
        assert pdf.Root.ViewerPreferences.Duplex == "/DuplexFlipShortEdge"
    with pikepdf.open(io.BytesIO(impose(source, title="Lænderygsmerter – kontor"))) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Lænderygsmerter – kontor"


def test_same_input_gives_identical_bytes() -> None:
    source = leaflet_pdf(8, frozenset({1}))
    first = impose(source, direction="rtl", title="T")
    assert impose(source, direction="rtl", title="T") == first
    assert impose(bytes(source), direction="rtl", title="T") == first


def test_page_count_not_a_multiple_of_4_is_refused() -> None:
    with pytest.raises(ValueError, match=r"6 pages .* multiple of 4"):
        impose(leaflet_pdf(6))


def test_unknown_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="direction"):
        impose(leaflet_pdf(4), direction="up")


def test_pages_that_are_not_a5_are_refused() -> None:
    with pikepdf.new() as pdf:
        for _ in range(4):
            pdf.add_blank_page(page_size=(595.276, 841.89))  # A4 portrait
        buffer = io.BytesIO()
        pdf.save(buffer)
    with pytest.raises(ValueError, match=r"page 1 is 210\.0 × 297\.0 mm, not A5"):
        impose(buffer.getvalue())
