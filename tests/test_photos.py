"""Photos: an RGB PNG and an RGB JPEG in the text, as a camera or a phone makes them,
and a portrait photo on the cover.

The manual says a picture may be a PNG or a JPEG. Built with `leaflet build`, the print
file holds them separated into CMYK (pikepdf reads every image's colour space), its
preflight passes, and they print in their own colours (pypdfium2 rasterises the print
file: the red half of the photo is red, not the cyan of inverted CMYK values). The
screen PDF keeps them in RGB, for screens. A portrait photo on the cover is set within
the room between the band and the sender, which stays on the cover; a picture id written
where a section's picture file is asked for is a message saying what to write.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from helpers import copy_project, find_problem, line_of, run_cli
from PIL import Image

ID = "foto"
RED, BLUE = (205, 35, 40), (30, 70, 190)


def photo(size: tuple[int, int]) -> Image.Image:
    """A picture whose left half is red and right half blue."""
    picture = Image.new("RGB", size, BLUE)
    picture.paste(Image.new("RGB", (size[0] // 2, size[1]), RED), (0, 0))
    return picture


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("photos") / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    folder = root / "content" / ID
    photo((1200, 800)).save(folder / "pictures" / "landskab.png")
    photo((800, 1000)).save(folder / "pictures" / "portraet.jpg", quality=90)
    settings = folder / "leaflet.yaml"
    settings.write_text(
        settings.read_text("utf-8").replace(
            "\npictures:\n",
            "\npictures:\n  landskab: pictures/landskab.png\n  portraet: pictures/portraet.jpg\n",
        ),
        "utf-8",
    )
    cover = "  forside:\n    kind: cover\n"
    text = settings.read_text("utf-8")
    assert cover in text
    settings.write_text(
        text.replace(cover, cover + "    picture: pictures/portraet.jpg\n"), "utf-8"
    )
    words = folder / "da" / "om.yaml"
    words.write_text(
        words.read_text("utf-8")
        + "  - picture:\n      id: landskab\n      alt: Et landskab\n"
        + "  - picture:\n      id: portraet\n      alt: En sygeplejerske\n",
        "utf-8",
    )
    result = run_cli("--project", root, "build", "--leaflet", ID)
    assert result.exit_code == 0, result.output
    return root / "dist" / ID / "da"


def colour_spaces(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as document:
        return [
            str(obj.ColorSpace)
            for obj in document.objects
            if isinstance(obj, pikepdf.Stream)
            and obj.get("/Subtype") == pikepdf.Name.Image
            and "/SMask" not in str(obj.get("/Type", ""))
            and obj.get("/Width", 0) >= 400  # the photos, not a mask or an icon
        ]


def test_the_print_file_has_the_photos_in_cmyk(built: Path) -> None:
    spaces = colour_spaces(built / f"{ID}-da-print.pdf")
    assert len(spaces) >= 2, spaces
    assert set(spaces) == {"/DeviceCMYK"}, spaces


def test_the_photos_print_in_their_own_colours(built: Path) -> None:
    document = pdfium.PdfDocument(str(built / f"{ID}-da-print.pdf"))
    try:
        pages = [
            page.render(scale=40 / 72).to_pil().convert("RGB").get_flattened_data()
            for page in document
        ]
    finally:
        document.close()
    with_photos = 0
    for index, pixels in enumerate(pages):
        red = sum(1 for r, g, b in pixels if r > 150 and g < 90 and b < 100)
        if red < 1000:
            continue  # a page without a photo (the cover's blues are no business here)
        with_photos += 1
        blue = sum(1 for r, g, b in pixels if b > 120 and r < 90 and b > g + 40)
        cyan = sum(1 for r, g, b in pixels if r < 90 and g > 150 and b > 150)
        assert blue > red // 2, (index, red, blue)
        assert cyan < red // 20, f"page {index + 1}: inverted colours, {cyan} cyan pixels"
    assert with_photos == 3, "each photo's red half should be on a page (and the cover's)"


def test_the_screen_pdf_keeps_them_in_rgb(built: Path) -> None:
    assert set(colour_spaces(built / f"{ID}-da.pdf")) == {"/DeviceRGB"}


def test_a_portrait_photo_on_the_cover_leaves_the_sender_on_it(built: Path) -> None:
    document = pdfium.PdfDocument(str(built / f"{ID}-da.pdf"))
    try:
        cover = document[0].get_textpage().get_text_range()
        pictures = [
            [v / 72 * 25.4 for v in obj.get_bounds()]
            for obj in document[0].get_objects(max_depth=4)
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        ]
    finally:
        document.close()
    assert "Region Nordjylland" in cover, cover  # the sender, at the cover's foot
    ((left, bottom, right, top),) = pictures
    assert top - bottom <= 70.5, top - bottom  # kept to the room left, its shape kept
    assert (right - left) / (top - bottom) == pytest.approx(800 / 1000, abs=0.02)


def test_a_picture_id_where_the_file_is_asked_for(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    settings = root / "content" / ID / "leaflet.yaml"
    text = settings.read_text("utf-8")
    settings.write_text(
        text.replace(
            "  forside:\n    kind: cover\n", "  forside:\n    kind: cover\n    picture: eksempel\n"
        ),
        "utf-8",
    )
    result = run_cli("--project", root, "check", "--leaflet", ID)
    find_problem(
        result,
        f"content/{ID}/leaflet.yaml",
        line_of(settings, "picture: eksempel"),
        '"eksempel" is not a file name',
        "picture: pictures/eksempel.svg",
    )


NOTE = """\
heading: Tanker og følelser
body:
  - >-
    Mange bliver bange, triste eller vrede efter en hjertesygdom. Det er helt normalt.
    For de fleste går det over i løbet af nogle måneder. Tal om det med dine pårørende
    eller med din kontaktperson. Varer det ved, kan vi hjælpe dig videre.
  - picture:
      id: portraet
      alt: En sygeplejerske
      caption: Din kontaktperson er en sygeplejerske, som kender dit forløb.
"""


def test_a_portrait_photo_in_a_note_leaves_the_text_its_size(tmp_path: Path) -> None:
    """A note is never split, so what is in it must fit a page: a portrait photo in it,
    110 mm high like one in the text, made the whole leaflet's text 91 % of its size and
    every picture 60 % of its width to fit it. In a box a picture is at most 60 mm high."""
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    folder = root / "content" / ID
    photo((800, 1000)).save(folder / "pictures" / "portraet.jpg", quality=90)
    settings = folder / "leaflet.yaml"
    text = settings.read_text("utf-8").replace(
        "\npictures:\n", "\npictures:\n  portraet: pictures/portraet.jpg\n"
    )
    settings.write_text(
        text.replace("  hjaelp:\n", "  tanker:\n    kind: note\n  hjaelp:\n"), "utf-8"
    )
    (folder / "da" / "tanker.yaml").write_text(NOTE, "utf-8")
    result = run_cli("--project", root, "build", "--leaflet", ID)
    assert result.exit_code == 0, result.output
    assert "of the normal size" not in result.output, result.output
    document = pdfium.PdfDocument(str(root / "dist" / ID / "da" / f"{ID}-da.pdf"))
    try:
        heights = [
            (obj.get_bounds()[3] - obj.get_bounds()[1]) / 72 * 25.4
            for page in document
            for obj in page.get_objects(max_depth=4)
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        ]
    finally:
        document.close()
    assert heights and max(heights) <= 60.5, heights


TINY_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200">'
    '<rect width="400" height="200" fill="device-cmyk(0.1 0 0 0)"/>'
    '<text x="10" y="190" font-size="5" fill="device-cmyk(0 0 0 1)">Hjertet pumper blod</text>'
    "</svg>\n"
)


def test_text_too_small_in_a_picture_names_the_picture(tmp_path: Path) -> None:
    """Text in an SVG is set at the picture's scale: 5 units in a drawing 400 wide, set
    about 90 mm wide, is 3 pt. Preflight finds it on the page; the build says which
    picture it is in (it said only "text as small as 3.1 pt on page 2")."""
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    (root / "content" / ID / "pictures" / "eksempel.svg").write_text(TINY_TEXT, "utf-8")
    result = run_cli("--project", root, "build", "--leaflet", ID)
    message = find_problem(result, f"content/{ID}/leaflet.yaml", None, "small-text")
    assert 'the picture "pictures/eksempel.svg" has text of its own' in message, message
