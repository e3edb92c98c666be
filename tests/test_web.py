"""The web page of each edition in a real browser: Debian's Chromium, driven by Playwright.

axe-core (npm, pinned in package.json; ``make test`` installs it) is put into each page
and must find no violation. The page's words must be the screen PDF's words as a screen
reader reads them (pdfium's structure tree), it must reflow to a phone's width and at
200 % zoom without scrolling sideways, load nothing from outside itself, and show the
colours the leaflet's profile says its CMYK prints as.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from helpers import LEAFLET, NEW_LEAFLET, REPO, Leaflet, tagged_text
from serving import CHROMIUM, CHROMIUM_ARGS

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PROFILE = REPO / "styles" / "profiles" / "FOGRA39-leaflet.icc"
PAGES = [("seed", lang) for lang in ("da", "en", "uk", "ar")] + [
    ("new", lang) for lang in ("da", "ar")
]

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
    pytest.mark.skipif(
        not AXE.is_file(), reason="axe-core is not installed (make test installs it with npm)"
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium with a fresh profile of its own (nothing from an earlier run)."""
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="leaflet-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


def files(built: Leaflet, made: Path, which: str, lang: str) -> tuple[Path, Path]:
    """(web page, screen PDF) of an edition."""
    if which == "seed":
        folder, name = built.dist / LEAFLET / lang, LEAFLET
    else:
        folder, name = made / "dist" / NEW_LEAFLET / lang, NEW_LEAFLET
    return folder / f"{name}-{lang}-web.html", folder / f"{name}-{lang}.pdf"


def run_axe(page: Any) -> dict[str, Any]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async () => {
            const r = await axe.run(document);
            const brief = (list) => list.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}));
            return {violations: brief(r.violations), incomplete: brief(r.incomplete),
                    passes: r.passes.map(v => v.id), version: axe.version};
        }"""
    )
    return result


def described(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:3])
        for v in violations
    )


@pytest.mark.parametrize(("which", "lang"), PAGES)
def test_axe_finds_no_violations(
    built: Leaflet, made: Path, tab: Any, which: str, lang: str
) -> None:
    web, _ = files(built, made, which, lang)
    tab.goto(web.as_uri())
    result = run_axe(tab)
    assert result["version"] == "4.14.1"
    assert result["violations"] == [], described(result["violations"])
    # it really looked: at the contrast, the pictures, the headings, the language
    for rule in ("color-contrast", "image-alt", "heading-order", "html-lang-valid", "list"):
        assert rule in result["passes"], f"axe did not check {rule}"
    assert tab.evaluate("document.documentElement.lang") == lang
    assert tab.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")


def test_axe_sees_a_picture_without_alt_text_and_grey_text(
    built: Leaflet, made: Path, tab: Any
) -> None:
    """The check above can fail: the same page, broken in the browser, has violations."""
    web, _ = files(built, made, "new", "da")
    tab.goto(web.as_uri())
    tab.evaluate(
        """() => {
            document.querySelector("figure.picture img").removeAttribute("alt");
            document.querySelector("article p").style.color = "#bbb";
        }"""
    )
    found = {v["id"] for v in run_axe(tab)["violations"]}
    assert {"image-alt", "color-contrast"} <= found, found


#: Hyphens, and pdfium's mark (U+0002) for a hyphen at the end of a line.
HYPHENS = "-\u2010\u2011\u00ad\u0002"


def normalise(text: str) -> str:
    """Without whitespace and hyphens: line breaks and hyphenation do not matter."""
    return re.sub(r"[\s" + re.escape(HYPHENS) + "]+", "", unicodedata.normalize("NFC", text))


@pytest.mark.parametrize(("which", "lang"), PAGES)
def test_the_page_has_the_words_of_the_pdf_in_the_same_order(
    built: Leaflet, made: Path, tab: Any, which: str, lang: str
) -> None:
    web, pdf = files(built, made, which, lang)
    tab.goto(web.as_uri())
    shown = tab.evaluate("document.querySelector('article').innerText")
    # The bullets and step numbers are list markers on the page, labels (Lbl) in the PDF.
    read = " ".join(tagged_text(pdf, without=("Lbl",)))
    assert normalise(shown) == normalise(read)
    # …one label for each item that has a marker
    items = tab.evaluate(
        "document.querySelectorAll('article li:not(.theme):not(.checklist > li)').length"
    )
    with pikepdf.open(pdf) as document:
        labels = sum(
            1
            for e in document.objects
            if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/Lbl"
        )
    assert items == labels > 0
    # and the page says what only the web page says outside the leaflet's words
    link = tab.evaluate("document.querySelector('.masthead a').getAttribute('href')")
    assert link == pdf.name and (web.parent / link).is_file()
    notice = tab.evaluate("document.querySelector('.draft-notice')?.innerText ?? ''")
    draft = (which == "seed" and lang != "da") or (which == "new" and lang == "ar")
    assert ("DRAFT" in notice) is draft


#: 200 % zoom lays a page out as in a window half as wide; 400 % as on a phone.
@pytest.mark.parametrize("width", [640, 320], ids=["200 % zoom", "400 % zoom or a phone"])
def test_it_reflows_without_scrolling_sideways(built: Leaflet, browser: Any, width: int) -> None:
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    text = "parseFloat(getComputedStyle(document.querySelector('.section--text p')).fontSize)"
    try:
        for lang in ("da", "ar"):
            page.goto((built.dist / LEAFLET / lang / f"{LEAFLET}-{lang}-web.html").as_uri())
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{lang}: {scroll} px wide in a {width} px window"
            assert page.evaluate(text) >= 18
        # on a wide screen the lines stay short enough to read: about 70 characters
        page.set_viewport_size({"width": 1600, "height": 800})
        page.goto(built.web_html.as_uri())
        measure = page.evaluate(
            "document.querySelector('.section--text p').getBoundingClientRect().width"
        )
        assert measure / page.evaluate(text) < 40, "lines too long to read comfortably"
    finally:
        page.close()


def test_it_loads_nothing_from_outside_itself(built: Leaflet, tab: Any) -> None:
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(built.web_html.as_uri())
    tab.wait_for_load_state("load")
    outside = [u for u in requested if u != built.web_html.as_uri() and not u.startswith("data:")]
    assert outside == []
    html = built.web_html.read_text("utf-8")
    assert not re.search(
        r"""\b(?:src|href)=["'](?!data:|#|laenderygsmerter-da\.pdf|https?://rn\.dk)""", html
    )
    assert "device-cmyk" not in html, "a CMYK colour the browser cannot show"
    # the fonts are inside, and used
    family = tab.evaluate("getComputedStyle(document.querySelector('h2')).fontFamily")
    assert family.startswith('"Leaflet Sans"')
    assert tab.evaluate("document.fonts.check('700 16px \"Leaflet Sans\"')")
    assert tab.evaluate(
        "[...document.fonts].some(f => f.family.includes('Leaflet Sans') && f.status === 'loaded')"
    )


def test_colours_are_the_brand_cmyk_through_the_leaflets_profile(built: Leaflet, tab: Any) -> None:
    """Converted with LittleCMS directly here, not with leaflet's code."""
    from PIL import Image, ImageCms

    transform = ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(PROFILE)),
        ImageCms.createProfile("sRGB"),
        "CMYK",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )

    def screen(c: float, m: float, y: float, k: float) -> str:
        pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in (c, m, y, k)))
        red, green, blue = ImageCms.applyTransform(pixel, transform).getpixel((0, 0))
        return f"rgb({red}, {green}, {blue})"

    tab.goto(built.web_html.as_uri())
    style = "(s) => getComputedStyle(document.querySelector(s))"
    assert tab.evaluate(f"({style})('h2').color") == screen(0.9, 0.45, 0.2, 0.3)
    assert tab.evaluate(f"({style})('.cover__band').backgroundColor") == screen(0.9, 0.45, 0.2, 0.3)
    assert tab.evaluate(f"({style})('.section--text p').color") == screen(0, 0, 0, 1)
