"""Photos: an RGB PNG and an RGB JPEG in the text, as a camera or a phone makes them.

The manual says a picture may be a PNG or a JPEG. Built with `leaflet build`, the print
file holds them separated into CMYK (pikepdf reads every image's colour space), its
preflight passes, and they print in their own colours (pypdfium2 rasterises the print
file: the red half of the photo is red, not the cyan of inverted CMYK values). The
screen PDF keeps them in RGB, for screens.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from helpers import copy_project, run_cli
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
    assert len(spaces) == 2, spaces
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
    assert with_photos == 2, "each photo's red half should be on a page"


def test_the_screen_pdf_keeps_them_in_rgb(built: Path) -> None:
    assert set(colour_spaces(built / f"{ID}-da.pdf")) == {"/DeviceRGB"}
