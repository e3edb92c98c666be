"""Pictures in RGB reach the print file in CMYK, converted with its colour profile.

A leaflet made with ``leaflet init`` and ``leaflet new`` gets three pictures as people
bring them: a camera's JPEG (RGB, with an sRGB profile of its own), a PNG drawn on a
screen (RGB with transparency) and a PNG with a palette. The print file is read back
with pikepdf: every picture is DeviceCMYK, the transparency is kept, the colours are
what the FOGRA39 profile makes of them, within the paper's total ink, and the photo is
still a JPEG; pypdfium2 draws the print page with the photo's red as red (a CMYK JPEG's
inks read the wrong way round would be cyan). The screen PDF keeps RGB.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from helpers import run_cli
from PIL import Image, ImageCms, ImageDraw

NAME = "foto"
RED, BLACK, BLUE, GREEN = (230, 20, 30), (0, 0, 0), (0, 90, 200), (40, 160, 60)
#: FOGRA39's total ink limit: 330 %, as 0–255 per ink.
TOTAL_INK = 3.30 * 255


def _photo() -> bytes:
    """A camera's JPEG: red on the left, black on the right, with an sRGB profile."""
    image = Image.new("RGB", (1200, 800), RED)
    ImageDraw.Draw(image).rectangle((600, 0, 1199, 799), fill=BLACK)
    out = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(out, format="JPEG", quality=95, icc_profile=srgb)
    return out.getvalue()


def _drawing() -> bytes:
    """A PNG with transparency: a blue card with a see-through corner."""
    image = Image.new("RGBA", (900, 600), (*BLUE, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 299, 199), fill=(0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _palette() -> bytes:
    image = Image.new("RGB", (800, 500), GREEN).convert("P", palette=Image.Palette.ADAPTIVE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cmyk") / "project"
    assert run_cli("init", root, "--name", "Region Test").exit_code == 0
    assert run_cli("--project", root, "new", NAME).exit_code == 0
    folder = root / "content" / NAME
    pictures = {"photo": ("foto.jpg", _photo()), "drawing": ("tegning.png", _drawing())}
    pictures["palette"] = ("palet.png", _palette())
    settings = yaml.safe_load((folder / "leaflet.yaml").read_text("utf-8"))
    for key, (file, data) in pictures.items():
        (folder / "pictures" / file).write_bytes(data)
        settings["pictures"][key] = f"pictures/{file}"
    (folder / "leaflet.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    words_file = folder / "da" / "hjaelp.yaml"
    words = yaml.safe_load(words_file.read_text("utf-8"))
    words["body"] = [{"picture": {"id": key, "alt": f"Et billede ({key})"}} for key in pictures] + [
        b for b in words["body"] if "picture" not in b and "table" not in b
    ]
    words_file.write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    result = run_cli("--project", root, "build", "--leaflet", NAME)
    assert result.exit_code == 0, result.output
    assert "print shop, preflight passed" in result.stdout, result.output
    return root


def _pictures(pdf: Path) -> list[tuple[str, Image.Image, bool]]:
    """Each picture of ``pdf`` (not soft masks): its colour space, pixels, transparency."""
    with pikepdf.open(pdf) as doc:
        masks = {
            obj.SMask.objgen
            for obj in doc.objects
            if isinstance(obj, pikepdf.Stream) and "/SMask" in obj
        }
        found = []
        for obj in doc.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != "/Image":
                continue
            if obj.objgen in masks:
                continue
            space = obj.ColorSpace
            name = str(space[0] if isinstance(space, pikepdf.Array) else space)
            found.append(
                (name, pikepdf.PdfImage(obj).as_pil_image(apply_mask=False), "/SMask" in obj)
            )
        return found


def _print_pdf(root: Path) -> Path:
    return root / "dist" / NAME / "da" / f"{NAME}-da-print.pdf"


def test_every_picture_of_the_print_file_is_cmyk_and_keeps_its_transparency(
    project: Path,
) -> None:
    pictures = _pictures(_print_pdf(project))
    assert len(pictures) == 3
    assert {name for name, _, _ in pictures} == {"/DeviceCMYK"}
    assert [masked for _, _, masked in pictures].count(True) == 1  # the drawing's
    with pikepdf.open(_print_pdf(project)) as doc:
        filters = {
            (int(obj.Width), int(obj.Height)): str(obj.Filter)
            for obj in doc.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        }
    assert filters[(1200, 800)] == "/DCTDecode"  # the photo is a JPEG still
    assert filters[(900, 600)] == "/FlateDecode"


def test_the_photo_prints_red_where_it_is_red(project: Path) -> None:
    document = pdfium.PdfDocument(str(_print_pdf(project)))
    try:
        pages = [page.render(scale=30 / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()
    counts = []
    for page in pages:
        red = cyan = 0
        for r, g, b in page.get_flattened_data():  # type: ignore[misc]
            red += r > 180 and g < 90 and b < 90
            cyan += r < 90 and g > 140 and b > 140
        counts.append((red, cyan))
    # the page with the photo (the cover's band is the brand's blue-green: not looked at)
    red, cyan = max(counts)
    assert red > 500, counts  # the photo's red half
    assert cyan < red // 20, counts


def test_the_colours_are_the_profile_s_within_the_paper_s_total_ink(project: Path) -> None:
    def at(image: Image.Image, x: float, y: float) -> tuple[int, ...]:
        pixel = image.getpixel((int(x * image.width), int(y * image.height)))
        assert isinstance(pixel, tuple)
        return pixel

    by_size = {image.size: image for _, image, _ in _pictures(_print_pdf(project))}
    photo, card = by_size[(1200, 800)], by_size[(900, 600)]
    c, m, y, k = at(photo, 0.25, 0.5)  # red: magenta and yellow, little cyan
    assert c < 0.15 * 255 and m > 0.85 * 255 and y > 0.75 * 255, (c, m, y, k)
    black = at(photo, 0.75, 0.5)  # black: much black ink, never more ink than the paper takes
    assert black[3] > 0.8 * 255 and sum(black) <= TOTAL_INK + 3, black
    for image in (photo, card):
        assert max(sum(p) for p in image.get_flattened_data()) <= TOTAL_INK + 3  # type: ignore[arg-type]
    c, m, y, k = at(card, 0.75, 0.75)  # blue: cyan and some magenta, no yellow
    assert c > 0.8 * 255 and y < 0.1 * 255, (c, m, y, k)
    c, m, y, k = at(by_size[(800, 500)], 0.5, 0.5)  # green (a palette): cyan and yellow
    assert c > 0.6 * 255 and y > 0.8 * 255 and m < 0.25 * 255, (c, m, y, k)


def test_the_screen_pdf_keeps_the_pictures_own_colours(project: Path) -> None:
    screen = project / "dist" / NAME / "da" / f"{NAME}-da.pdf"
    spaces = {name for name, _, _ in _pictures(screen)}
    assert "/DeviceCMYK" not in spaces and spaces <= {"/DeviceRGB", "/ICCBased", "/Indexed"}


def test_a_picture_too_small_for_print_is_named_by_its_file(tmp_path: Path) -> None:
    """Preflight names a picture by its name in the PDF (i and 33 hex digits); the
    build's message names the file the writer put in pictures/: when the print file is
    refused (far too few pixels), and when it is made with a warning (a few too few)."""
    root = tmp_path / "project"
    assert run_cli("init", root, "--name", "Region Test").exit_code == 0
    assert run_cli("--project", root, "new", NAME).exit_code == 0
    folder = root / "content" / NAME
    Image.new("RGB", (200, 130), BLUE).save(folder / "pictures" / "lille.png")  # web-sized
    settings = folder / "leaflet.yaml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace(".svg\n", ".svg\n  lille: pictures/lille.png\n", 1), "utf-8")
    words = folder / "da" / "hjaelp.yaml"
    text = words.read_text("utf-8")
    words.write_text(text.replace("      id: eksempel\n", "      id: lille\n", 1), "utf-8")
    result = run_cli("--project", root, "build", "--leaflet", NAME)
    assert result.exit_code == 1, result.output
    assert 'the picture "pictures/lille.png" (200 × 130 px placed at' in result.stderr
    assert "ppi, below 300" in result.stderr
    assert not re.search(r"\bi[0-9a-f]{33}\b", result.stderr), result.stderr
    # a little under 300 ppi: built, and the build says which picture, by its file
    Image.new("RGB", (600, 400), BLUE).save(folder / "pictures" / "lille.png")
    result = run_cli("--project", root, "build", "--leaflet", NAME)
    assert result.exit_code == 0, result.output
    assert "preflight passed with warnings" in result.stdout
    note = next(line for line in result.stdout.splitlines() if "pictures/lille.png" in line)
    assert note.startswith(f"note: content/{NAME}/leaflet.yaml: the print file passed "), note
    assert "(600 × 400 px placed at" in note and "below 300" in note, note
