"""The built leaflet, read back with libraries that did not write it.

pikepdf reads the PDF's structure, pypdfium2 extracts its text and rasterises its
pages, zxing-cpp decodes the QR code from the raster.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from helpers import Leaflet, page_texts, render_pages

# The text of the printed original (shared/seed/000_800078d3086895fe.txt), kept here so
# the test does not depend on where the shared folder is.
SEED = Path(__file__).parent / "fixtures" / "seed-laenderygsmerter-da.txt"
MM_PER_PT = 25.4 / 72
A5 = (148.0, 210.0)
DPI = 300
QR_URL = "https://rn.dk/l%C3%A6nderygsmerter"
HYPHENS = "-\u2010\u2011\u00ad\ufffe"


# --- helpers ------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Without whitespace and hyphens, so line breaks and hyphenation do not matter, and
    without bullets (a list's bullets are read after its page's text)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\s•" + re.escape(HYPHENS) + "]+", "", text)


def seed_chunks(seed: str) -> list[str]:
    """The seed text cut into sentences, bullet items, headings and paragraph starts."""
    # A hyphen at the end of a line in the seed is where the printed original broke
    # a word: join the word again (a hyphen mid-line, as in "Lænde- eller", stays).
    seed = re.sub(r"-[ \t]*\n[ \t]*", "", seed)
    blocks: list[list[str]] = []
    for line in seed.split("\n"):
        first = line.strip()[:1]
        if not blocks or (first and (first.isupper() or first.isdigit() or first == "•")):
            blocks.append([])
        blocks[-1].append(line)
    chunks = []
    for block in blocks:
        for item in " ".join(block).split("•"):
            chunks.extend(re.split(r"(?<=[.:?!])\s+", item))
    return [" ".join(c.split()) for c in chunks if normalise(c)]


def box_mm(box: pikepdf.Array) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return abs(x1 - x0) * MM_PER_PT, abs(y1 - y0) * MM_PER_PT


# --- fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def texts(built: Leaflet) -> list[str]:
    """Each page's text without its page number (the pages flow: a sentence may run on
    from one page to the next, past the number at the foot)."""
    return [re.sub(r"\s*\b\d{1,2}\s*$", "", text) for text in page_texts(built.pdf)]


@pytest.fixture(scope="module")
def qr_codes(built: Leaflet) -> list[tuple[int, zxingcpp.Barcode]]:
    found = []
    for number, image in enumerate(render_pages(built.pdf, DPI), start=1):
        found.extend((number, code) for code in zxingcpp.read_barcodes(image))
    return found


# --- pages --------------------------------------------------------------------------


def test_page_count_is_eight_and_folds(built: Leaflet) -> None:
    with pikepdf.open(built.pdf) as pdf:
        count = len(pdf.pages)
    assert count == 8
    assert count % 4 == 0


def test_every_page_is_a5(built: Leaflet) -> None:
    with pikepdf.open(built.pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            boxes = {"MediaBox": page.obj.get("/MediaBox")}
            if "/TrimBox" in page.obj:
                boxes["TrimBox"] = page.obj.TrimBox
            assert boxes["MediaBox"] is not None, f"page {number} has no MediaBox"
            for name, box in boxes.items():
                width, height = box_mm(box)
                assert math.isclose(width, A5[0], abs_tol=0.1), (number, name, width)
                assert math.isclose(height, A5[1], abs_tol=0.1), (number, name, height)


# --- text ---------------------------------------------------------------------------


def test_seed_chunks_are_sensible() -> None:
    """The chunking itself: enough pieces, hyphenated line ends joined."""
    chunks = seed_chunks(SEED.read_text(encoding="utf-8"))
    assert len(chunks) > 40
    assert any("rygsmerter kan vare ved" in c for c in chunks)
    assert any(c.startswith("Lænde- eller") for c in chunks)
    assert "Årsager og behandlingsmuligheder" in chunks


def test_every_sentence_of_the_original_is_printed_in_order(texts: list[str]) -> None:
    printed = normalise("".join(texts))
    position = 0
    for index, chunk in enumerate(seed_chunks(SEED.read_text(encoding="utf-8"))):
        wanted = normalise(chunk)
        found = printed.find(wanted, position)
        if found < 0:
            elsewhere = printed.find(wanted)
            where = (
                f"it is printed, but before the previous piece (at {elsewhere}, "
                f"searching from {position})"
                if elsewhere >= 0
                else "it is not in the PDF at all"
            )
            pytest.fail(
                f"seed piece {index + 1} is missing from the PDF text — {where}:\n"
                f"    {chunk}\n"
                f"PDF text around the search position:\n"
                f"    …{printed[max(0, position - 80) : position + 160]}…"
            )
        position = found + len(wanted)


def test_document_language_and_title(built: Leaflet) -> None:
    cover = built.sections_of_kind("cover")[0]
    title = " ".join(built.words(cover)["title"].split())
    with pikepdf.open(built.pdf) as pdf:
        assert str(pdf.Root.get("/Lang")) == "da"
        assert str(pdf.docinfo.get("/Title")) == title


# --- QR code ------------------------------------------------------------------------


def test_exactly_one_qr_code_with_the_ascii_address(
    qr_codes: list[tuple[int, zxingcpp.Barcode]],
) -> None:
    assert len(qr_codes) == 1, [(n, c.format, c.text) for n, c in qr_codes]
    _, code = qr_codes[0]
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == QR_URL
    assert code.bytes == QR_URL.encode("ascii")


def test_qr_code_is_big_enough_to_scan(qr_codes: list[tuple[int, zxingcpp.Barcode]]) -> None:
    assert qr_codes, "no QR code found"
    _, code = qr_codes[0]
    p = code.position
    corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
    sides_px = [
        math.dist((a.x, a.y), (b.x, b.y))
        for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
    ]
    symbol_mm = min(sides_px) / DPI * 25.4
    modules = 17 + 4 * int(code.extra["Version"])  # the symbol, without quiet zone
    # 20 mm with the 4-module quiet zone on each side is the smallest we print.
    minimum = 20.0 * modules / (modules + 8)
    assert symbol_mm >= minimum, f"the QR symbol is {symbol_mm:.1f} mm wide"
    assert symbol_mm / modules >= 0.4, f"modules are {symbol_mm / modules:.2f} mm"


# --- fonts --------------------------------------------------------------------------

# Words Pango adds to a family name for weight, style, stretch and variant.
_STYLE_WORDS = {
    "Thin", "Ultra", "Extra", "Semi", "Light", "Book", "Regular", "Normal", "Medium",
    "Bold", "Heavy", "Oblique", "Italic", "Small", "All", "Petite", "Caps", "Unicase",
    "Title", "Condensed", "Expanded",
}  # fmt: skip


def css_families(root: Path) -> set[str]:
    """The font-family names of the @font-face rules in the project's stylesheet."""
    css = (root / "styles" / "leaflet.css").read_text(encoding="utf-8")
    rules = re.findall(r"@font-face\s*\{(.*?)\}", css, re.S)
    names = set()
    for rule in rules:
        m = re.search(r"font-family\s*:\s*(?:\"([^\"]+)\"|'([^']+)'|([^;]+))", rule)
        assert m, rule
        names.add((m[1] or m[2] or m[3]).strip())
    return names


def collect_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every font in every resource dictionary reachable from the pages."""
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = {}
    seen: set[tuple[int, int]] = set()

    def visit(resources: object) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        key = resources.objgen
        if key != (0, 0):
            if key in seen:
                return
            seen.add(key)
        for font in dict(resources.get("/Font", {})).values():
            fonts[font.objgen if font.objgen != (0, 0) else (id(font), 0)] = font
            if font.get("/Subtype") == "/Type3":
                visit(font.get("/Resources"))
        for xobject in dict(resources.get("/XObject", {})).values():
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))
        for pattern in dict(resources.get("/Pattern", {})).values():
            visit(pattern.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
        for annot in page.obj.get("/Annots", []):
            for stream in dict(annot.get("/AP", {})).values():
                if isinstance(stream, pikepdf.Stream):
                    visit(stream.get("/Resources"))
    return list(fonts.values())


def test_the_css_declares_font_families(built: Leaflet) -> None:
    assert css_families(built.root), "no @font-face rule found in styles/leaflet.css"


def test_every_font_is_embedded_and_one_of_ours(built: Leaflet) -> None:
    declared = css_families(built.root)
    allowed = {f.replace(" ", "-") for f in declared} | {f.replace(" ", "") for f in declared}
    with pikepdf.open(built.pdf) as pdf:
        fonts = collect_fonts(pdf)
        assert fonts, "the PDF has no fonts at all"
        for font in fonts:
            subtype = str(font.get("/Subtype"))
            name = str(font.get("/BaseFont", font.get("/Name", "")))
            if subtype == "/Type3":
                assert "/CharProcs" in font, f"Type3 font {name} has no glyphs"
                parts = [font]
            elif subtype == "/Type0":
                parts = [font, *font.DescendantFonts]
            else:
                parts = [font]
            for part in parts:
                if str(part.get("/Subtype")) in ("/Type0", "/Type3"):
                    continue
                descriptor = part.get("/FontDescriptor")
                assert descriptor is not None, f"{name}: no FontDescriptor"
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                    f"{name} is not embedded"
                )
            if not name:
                continue
            plain = re.sub(r"^/?(?:[A-Z]{6}\+)?", "", name)
            family = next(
                (f for f in sorted(allowed, key=len, reverse=True) if plain.startswith(f)), None
            )
            assert family is not None, f"{plain} is not a font of styles/leaflet.css {allowed}"
            rest = [w for w in re.split(r"[-\s]+", plain[len(family) :]) if w]
            assert set(rest) <= _STYLE_WORDS, f"{plain} is not a font of styles/leaflet.css"


# --- HTML ---------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_beside_the_pdf_has_the_language(built: Leaflet) -> None:
    assert built.html.is_file()
    parser = _Elements()
    parser.feed(built.html.read_text(encoding="utf-8"))
    html = [attrs for tag, attrs in parser.tags if tag == "html"]
    assert html and html[0].get("lang") == "da"


def test_html_renders_again_on_its_own(
    built: Leaflet,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Plain WeasyPrint, another working folder: relative URLs find the styles and fonts."""
    from weasyprint import HTML

    monkeypatch.chdir(tmp_path)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = HTML(filename=str(built.html)).render()
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not problems, problems
    with pikepdf.open(built.pdf) as pdf:
        assert len(document.pages) == len(pdf.pages)
    # The fonts of the stylesheet were found (no fallback to a system font).
    rerendered = tmp_path / "again.pdf"
    document.write_pdf(rerendered)
    with pikepdf.open(rerendered) as pdf:
        names = {re.sub(r"^/[A-Z]{6}\+", "", str(f.BaseFont)) for f in collect_fonts(pdf)}
    families = {f.replace(" ", "-") for f in css_families(built.root)}
    assert names and all(any(n.startswith(f) for f in families) for n in names), names
