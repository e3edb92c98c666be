"""QR codes: the address made ASCII, drawn as one black vector path, and readable."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdfium2 as pdfium
import pytest
import zxingcpp
from helpers import copy_project, run_cli

from leaflet.content import urls
from leaflet.render import qr

SVG = "{http://www.w3.org/2000/svg}"
DPI = 300


# --- ascii_url --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://rn.dk/lænderygsmerter", "https://rn.dk/l%C3%A6nderygsmerter"),
        # The classic IDNA example (RFC 3492 punycode of "bücher").
        ("https://bücher.de/", "https://xn--bcher-kva.de/"),
        (
            "https://example.dk/s?q=ø&n=1#afsnit-å",
            "https://example.dk/s?q=%C3%B8&n=1#afsnit-%C3%A5",
        ),
        ("https://rn.dk/l%C3%A6nderygsmerter", "https://rn.dk/l%C3%A6nderygsmerter"),
        ("https://rn.dk/a%20b?x=%2F", "https://rn.dk/a%20b?x=%2F"),
        ("http://rn.dk/", "http://rn.dk/"),
        ("HTTPS://RN.dk/Æ", "https://rn.dk/%C3%86"),
        ("https://rn.dk:8443/side", "https://rn.dk:8443/side"),
        ("  https://rn.dk/side  ", "https://rn.dk/side"),
    ],
)
def test_ascii_url(url: str, expected: str) -> None:
    result = urls.ascii_url(url)
    assert result == expected
    assert result.isascii()


def test_idn_host_is_punycode() -> None:
    result = urls.ascii_url("https://rødovre.dk/borger")
    host = urlsplit(result).hostname
    assert host is not None and host.startswith("xn--") and host.endswith(".dk")
    assert host.isascii()
    assert host.encode("ascii").decode("idna") == "rødovre.dk"
    assert urlsplit(result).path == "/borger"


def test_ascii_url_keeps_the_meaning() -> None:
    url = "https://example.dk/sø/side?navn=Ærø&x=1#del-ø"
    result = urlsplit(urls.ascii_url(url))
    original = urlsplit(url)
    assert unquote(result.path) == original.path
    assert unquote(result.query) == original.query
    assert unquote(result.fragment) == original.fragment


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "mailto:info@rn.dk",
        "ftp://rn.dk/fil",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "rn.dk/lænderygsmerter",
        "//rn.dk/side",
        "https:///side",
        "https://rn.dk/læn dery gsmerter",
        "https://rn.dk/side\tto",
        "",
    ],
)
def test_ascii_url_refuses(url: str) -> None:
    with pytest.raises(urls.UrlProblem):
        urls.ascii_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.\u0435xample.dk/ryg",  # a Cyrillic е among Latin letters
        "https://r\u0578.dk/side",  # an Armenian ո where a Latin n looks the same
        "https://\u0440\u0430y\u0440\u0430l.com/",  # Cyrillic р а with a Latin y and l
        "https://xn--xample-2of.dk/",  # the first one as browsers write it
    ],
)
def test_a_host_name_mixing_alphabets_is_refused(url: str) -> None:
    # It printed as www.example.dk and its QR code led to another domain.
    with pytest.raises(urls.UrlProblem, match=r"mixes .* letters") as refused:
        urls.ascii_url(url)
    assert "type the address again" in str(refused.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://sundhed.r\u00e5dhus.dk/",
        "https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/",
        "https://\u30e4\u30d5\u30fcabc.jp/",
        "https://\u03b1\u03b2\u03b3.gr/",
    ],
)
def test_a_host_name_in_one_alphabet_is_fine(url: str) -> None:
    assert urls.ascii_url(url).startswith("https://")


def test_ascii_url_refuses_a_bad_port_as_a_url_problem() -> None:
    with pytest.raises(urls.UrlProblem):
        urls.ascii_url("https://rn.dk:99999/side")


def test_ascii_url_keeps_ipv6_brackets() -> None:
    assert urls.ascii_url("https://[2001:db8::1]:8080/side") == "https://[2001:db8::1]:8080/side"


# --- make -----------------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def fill_of(element: ET.Element) -> str | None:
    style = dict(
        part.split(":", 1) for part in (element.get("style") or "").split(";") if ":" in part
    )
    value = style.get("fill", element.get("fill"))
    return " ".join(value.split()) if value else None


def test_make_draws_one_black_vector_path() -> None:
    code = qr.make("https://rn.dk/lænderygsmerter")
    root = parse(code.svg)
    assert root.tag == f"{SVG}svg"
    everything = list(root.iter())
    tags = {e.tag.removeprefix(SVG) for e in everything}
    assert "image" not in tags and "foreignObject" not in tags
    assert not any("data:" in v for e in everything for v in e.attrib.values())
    paths = [e for e in everything if e.tag == f"{SVG}path"]
    assert len(paths) == 1
    assert len(paths[0].get("d", "")) > 100
    assert fill_of(paths[0]) == "device-cmyk(0 0 0 1)"
    assert code.payload == "https://rn.dk/l%C3%A6nderygsmerter"


@pytest.mark.parametrize(
    "url", ["https://rn.dk/lænderygsmerter", "https://example.dk/" + "a" * 120]
)
def test_the_path_covers_exactly_the_dark_modules_in_runs(url: str) -> None:
    """Read the path back, rectangle by rectangle: every dark module of the symbol (as
    qrcode lays it out, quiet zone included) once, no light one, each row's runs whole."""
    import qrcode
    import qrcode.constants

    code = qr.make(url)
    matrix = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    matrix.add_data(code.payload, optimize=0)
    matrix.make(fit=True)
    modules = matrix.get_matrix()
    dark = {(x, y) for y, row in enumerate(modules) for x, on in enumerate(row) if on}
    path = parse(code.svg).find(f"{SVG}path")
    assert path is not None
    covered: list[tuple[int, int]] = []
    runs = re.findall(r"M(\d+),(\d+)H(\d+)V(\d+)H(\d+)z", path.get("d", ""))
    assert "".join(f"M{a},{b}H{c}V{d}H{e}z" for a, b, c, d, e in runs) == path.get("d")
    for start, y, end, below, back in ((int(v) for v in run) for run in runs):
        assert below == y + 1 and back == start < end
        covered += [(x, y) for x in range(start, end)]
        assert (start - 1, y) not in dark and (end, y) not in dark  # a run is whole
    assert sorted(covered) == sorted(dark) and len(covered) == len(set(covered))
    assert len(runs) < 0.7 * len(dark)  # fewer shapes than squares: what it is for
    assert len(modules) == code.modules


def test_make_refuses_a_bad_address() -> None:
    with pytest.raises(urls.UrlProblem):
        qr.make("javascript:alert(1)")


def decode_svg(svg: str, width_mm: float = 40.0) -> list[zxingcpp.Barcode]:
    """Lay the SVG out with WeasyPrint, rasterise at 300 dpi, decode with zxing-cpp."""
    from weasyprint import HTML

    page = (
        "<!DOCTYPE html><html><head><style>@page { size: 60mm 60mm; margin: 10mm } "
        f"svg {{ display: block; width: {width_mm}mm; height: {width_mm}mm }}</style></head>"
        f"<body>{svg}</body></html>"
    )
    data = HTML(string=page).write_pdf()
    document = pdfium.PdfDocument(data)
    try:
        page_ = document[0]
        bitmap = page_.render(scale=DPI / 72)
        image = bitmap.to_pil()
        bitmap.close()
        page_.close()
    finally:
        document.close()
    return zxingcpp.read_barcodes(image)


@pytest.mark.parametrize(
    "url",
    [
        "https://rn.dk/lænderygsmerter",
        "https://rødovre.dk/borger/sundhed?emne=ryg&sprog=da#råd",
    ],
)
def test_the_code_reads_back_as_the_ascii_address(url: str) -> None:
    code = qr.make(url)
    found = decode_svg(code.svg)
    assert len(found) == 1
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode
    assert found[0].text == code.payload == urls.ascii_url(url)
    assert found[0].bytes == code.payload.encode("ascii")
    # The module count covers the symbol (17 + 4 × version) and the 4-module quiet zone.
    assert code.modules == 17 + 4 * int(found[0].extra["Version"]) + 2 * 4
    assert found[0].ec_level in ("M", "Q", "H")


def test_the_printed_width_the_density_check_assumes_is_the_stylesheets() -> None:
    """urls.scan_problem judges density at urls.PRINTED_MM; the stylesheet must print it so."""
    import re
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "styles" / "leaflet.css").read_text("utf-8")
    rule = re.search(r"\.qr__code\s*\{[^}]*?width:\s*([\d.]+)mm", css)
    assert rule is not None
    assert float(rule[1]) == urls.PRINTED_MM


@pytest.mark.parametrize("length", [100, 450])
def test_an_address_phones_can_read_at_40_mm_is_fine(length: int) -> None:
    assert urls.scan_problem("https://rn.dk/" + "a" * length) is None


def test_an_address_too_long_to_scan_at_40_mm_is_refused() -> None:
    message = urls.scan_problem("https://rn.dk/" + "a" * 600)
    assert message is not None and "squares across" in message and "0.4 mm" in message
    assert qr.make("https://rn.dk/" + "a" * 600).module_mm(urls.PRINTED_MM) < urls.MIN_MODULE_MM


# --- the printed address ------------------------------------------------------------------

LONG = "https://www.regionsyddanmark.dk/før-din-operation"


def test_the_printed_address_breaks_after_a_slash_or_before_a_dot(tmp_path: Path) -> None:
    """Under the code (at the foot of the last inside page, 40 mm wide), a long address
    breaks where a reader sees the parts of an address: it read "www.regionsyddanmar"
    over "k.dk/før-din-operation"."""
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", "pjece").exit_code == 0
    settings = root / "content" / "pjece" / "leaflet.yaml"
    text = settings.read_text("utf-8").replace("https://www.example.dk/pjece", LONG)
    settings.write_text(text, "utf-8")
    words = root / "content" / "pjece" / "da" / "laes-mere.yaml"  # no {url} in the text
    words.write_text(words.read_text("utf-8").replace("{url}", "vores hjemmeside"), "utf-8")
    result = run_cli("--project", root, "build", "--leaflet", "pjece")
    assert result.exit_code == 0, result.output
    pdf = root / "dist" / "pjece" / "da" / "pjece-da.pdf"
    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    found = 0
    for page in pages:
        lines = [line.strip().replace("\u200b", "") for line in page.splitlines()]
        for start, line in enumerate(lines):
            if not line.startswith("https://"):
                continue
            parts = [line]
            while "".join(parts) != LONG and len(parts) < 6:
                parts.append(lines[start + len(parts)])
            assert "".join(parts) == LONG, parts
            for before, after in itertools.pairwise(parts):
                assert before.endswith("/") or after.startswith((".", "-")), parts
            found += 1
    assert found == 1, pages
