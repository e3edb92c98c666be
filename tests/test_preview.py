"""Page previews and the contact sheet: one PNG per page, one sheet per leaflet.

The previews are compared with the screen PDF rasterised here; the contact sheet is
read as a picture: its rows and thumbnails are found by their shapes (pages are
white rectangles of A5 proportions on the sheet's grey), not by where leaflet meant
to put them.
"""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path

import pytest
from helpers import LEAFLET, Leaflet, render_pages, run_cli
from PIL import Image, ImageChops

from leaflet.prepress import preview

LANGS = ["da", "ar", "en", "uk"]  # the source language first, then by name
A5 = 148 / 210


def previews(project: Leaflet, lang: str) -> list[Path]:
    folder = project.dist / LEAFLET / lang / "preview"
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))


def test_reading_order_is_the_cover_the_spreads_and_the_back() -> None:
    assert preview.reading_spreads(8) == [(1,), (2, 3), (4, 5), (6, 7), (8,)]
    assert preview.reading_spreads(4) == [(1,), (2, 3), (4,)]
    assert preview.reading_spreads(8, "rtl") == [(1,), (3, 2), (5, 4), (7, 6), (8,)]
    assert preview.reading_spreads(1) == [(1,)]
    assert preview.reading_spreads(0) == []


@pytest.mark.parametrize("size", [(1, 1), (37, 130), (583, 64), (300, 1000)])
def test_a_png_holds_exactly_the_pixels(size: tuple[int, int]) -> None:
    """Read back by Pillow, a PNG written a band of rows at a time has every pixel (sizes
    around the band: one row, a band and a part, exactly a band, many bands)."""
    import io
    import random

    picker = random.Random(size[0] * 7919 + size[1])
    image = Image.frombytes("RGB", size, picker.randbytes(size[0] * size[1] * 3))
    image.paste((255, 255, 255), (0, 0, size[0] // 2, size[1] // 3))  # flat, as pages are
    data = preview.png(image)
    with Image.open(io.BytesIO(data)) as back:
        assert back.format == "PNG" and back.mode == "RGB" and back.size == size
        assert back.tobytes() == image.tobytes()


@pytest.mark.parametrize("lang", LANGS)
def test_one_preview_per_page_showing_that_page(built: Leaflet, lang: str) -> None:
    screen = built.dist / LEAFLET / lang / f"{LEAFLET}-{lang}.pdf"
    pages = render_pages(screen, 100)
    found = previews(built, lang)
    assert [p.name for p in found] == [f"page-{n}.png" for n in range(1, len(pages) + 1)]
    for number, (path, page) in enumerate(zip(found, pages, strict=True), start=1):
        with Image.open(path) as image:
            assert image.format == "PNG" and image.mode == "RGB"
            # A5 at 100 dpi: 583 × 827 pixels
            assert abs(image.width - 583) <= 1 and abs(image.height - 827) <= 1, image.size
            # pixel for pixel the page as pdfium draws it (pdfium draws straight into the
            # PNG's rows: a row out of place or a filter byte left over would show here)
            assert image.size == page.size
            shown = image.convert("RGB")
        difference = ImageChops.difference(shown, page.convert("RGB"))
        assert difference.getbbox() is None, (
            f"preview {number} of {lang} is not its page: it differs in {difference.getbbox()}"
        )


def test_the_manifest_lists_each_preview_with_its_page(built: Leaflet) -> None:
    entries = json.loads(built.manifest.read_text(encoding="utf-8"))["files"]
    for lang in LANGS:
        listed = sorted(
            (e["page"], e["path"])
            for e in entries
            if e["language"] == lang and e["variant"] == "preview"
        )
        assert listed == [
            (n, f"{LEAFLET}/{lang}/preview/{p.name}")
            for n, p in enumerate(previews(built, lang), start=1)
        ]


# --- reading the contact sheet as a picture ------------------------------------------


def blobs(image: Image.Image, step: int = 3) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of the regions that are not background."""
    small = image.convert("RGB").reduce(step)
    width, height = small.size
    pixels = small.load()
    assert pixels is not None
    background = preview.BACKGROUND

    def foreground(x: int, y: int) -> bool:
        r, g, b = pixels[x, y]  # type: ignore[misc]
        return max(abs(r - background[0]), abs(g - background[1]), abs(b - background[2])) > 6

    seen = bytearray(width * height)
    found = []
    for y in range(height):
        for x in range(width):
            if seen[y * width + x] or not foreground(x, y):
                continue
            queue = deque([(x, y)])
            seen[y * width + x] = 1
            left, top, right, bottom = x, y, x, y
            while queue:
                cx, cy = queue.popleft()
                left, right = min(left, cx), max(right, cx)
                top, bottom = min(top, cy), max(bottom, cy)
                for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                    inside = 0 <= nx < width and 0 <= ny < height
                    if inside and not seen[ny * width + nx] and foreground(nx, ny):
                        seen[ny * width + nx] = 1
                        queue.append((nx, ny))
            found.append((left * step, top * step, (right + 1) * step, (bottom + 1) * step))
    return found


def sheet_rows(path: Path) -> list[list[tuple[int, int, int, int]]]:
    """The page-shaped regions of a contact sheet, grouped in rows, left to right."""
    with Image.open(path) as image:
        regions = blobs(image)
    tallest = max(bottom - top for _, top, _, bottom in regions)
    pages = [r for r in regions if (r[3] - r[1]) > 0.8 * tallest]
    rows: list[list[tuple[int, int, int, int]]] = []
    for region in sorted(pages, key=lambda r: (r[1], r[0])):
        if rows and abs(rows[-1][0][1] - region[1]) < tallest / 2:
            rows[-1].append(region)
        else:
            rows.append([region])
    return [sorted(row) for row in rows]


def pages_in(region: tuple[int, int, int, int]) -> int:
    """How many A5 pages side by side a region is: 1 for a single page, 2 for a spread."""
    left, top, right, bottom = region
    return round((right - left) / ((bottom - top) * A5))


def colour_in(path: Path, box: tuple[int, int, int, int], colour: tuple[int, int, int]) -> int:
    """How many pixels in ``box`` are (nearly) ``colour``."""
    with Image.open(path) as image:
        data = image.convert("RGB").crop(box).tobytes()
    return sum(
        1
        for i in range(0, len(data), 3)
        if max(abs(data[i + k] - colour[k]) for k in range(3)) < 12
    )


def test_the_contact_sheet_has_a_row_per_language_and_every_page(built: Leaflet) -> None:
    sheet = built.dist / LEAFLET / "contact-sheet.png"
    rows = sheet_rows(sheet)
    assert len(rows) == len(LANGS)
    for row in rows:
        # the cover alone, three spreads, the back alone: 8 pages in 5 pieces
        assert [pages_in(region) for region in row] == [1, 2, 2, 2, 1]


def test_drafts_are_marked_in_the_margin_and_the_source_is_not(built: Leaflet) -> None:
    sheet = built.dist / LEAFLET / "contact-sheet.png"
    rows = sheet_rows(sheet)
    _, draft_colour = preview.MARKS["draft"]
    for lang, row in zip(LANGS, rows, strict=True):
        first_page_left, top, _, bottom = row[0]
        margin = (0, top, first_page_left, bottom)
        marked = colour_in(sheet, margin, draft_colour)
        if lang == "da":
            assert marked == 0, "the Danish row is marked as a draft"
        else:
            assert marked > 500, f"the {lang} row has no DRAFT mark"


def test_a_language_that_does_not_fit_is_marked_and_keeps_its_pages(
    built_copy: Leaflet,
) -> None:
    project = built_copy
    project.plan_pages()  # a hand-made page plan: the longer text cannot flow on
    assert project.build().exit_code == 0
    before = {p.name: p.read_bytes() for p in previews(project, "en")}
    words = project.words_file("aarsager", "en")
    original = words.read_text(encoding="utf-8")
    longer = original.replace("    causes. ", "    causes. " + "Much more to say here. " * 60, 1)
    assert longer != original
    words.write_text(longer, encoding="utf-8")
    result = project.build("--lang", "en")
    assert result.exit_code == 1, result.output

    manifest = json.loads(project.manifest.read_text(encoding="utf-8"))
    assert [(d["leaflet"], d["language"]) for d in manifest["does_not_fit"]] == [(LEAFLET, "en")]
    assert "content/laenderygsmerter/en/" in manifest["does_not_fit"][0]["problem"]
    assert {p.name: p.read_bytes() for p in previews(project, "en")} == before
    # leaflet status says so too, with what the build said (it said "room 9 lines?":
    # the room of the build before, as if the longer text had that room still)
    said = run_cli("--project", project.root, "status", "--leaflet", LEAFLET).output
    row = next(line for line in said.splitlines() if line.strip().startswith("en "))
    assert row.rstrip().endswith("does not fit"), said
    assert "lines" not in row, row
    assert "does not fit: content/laenderygsmerter/en/" in said, said
    sheet = project.dist / LEAFLET / "contact-sheet.png"
    rows = sheet_rows(sheet)
    assert len(rows) == len(LANGS), "the row of the language that does not fit is gone"
    _, unfit_colour = preview.MARKS["does-not-fit"]
    for lang, row in zip(LANGS, rows, strict=True):
        margin = (0, row[0][1], row[0][0], row[0][3])
        marked = colour_in(sheet, margin, unfit_colour)
        assert (marked > 500) == (lang == "en"), (lang, marked)

    words.write_text(original, encoding="utf-8")
    result = project.build("--lang", "en")
    assert result.exit_code == 0, result.output
    manifest = json.loads(project.manifest.read_text(encoding="utf-8"))
    assert "does_not_fit" not in manifest
    said = run_cli("--project", project.root, "status", "--leaflet", LEAFLET).output
    assert "does not fit" not in said, said
    row = sheet_rows(sheet)[LANGS.index("en")]
    assert colour_in(sheet, (0, row[0][1], row[0][0], row[0][3]), unfit_colour) == 0
