"""The brand: a second organisation's leaflets in its own style, from one project file.

The second brand (tests/fixtures/brand-fjordby: another name, plum and lime in place of
blue and orange, a wide logo, Lato in place of Noto Sans) builds the seed leaflet and a
``leaflet new`` leaflet, each passing preflight. The PDFs are read back with pikepdf (the
logo's paths in the print file's page content, in CMYK; the Figure with its alternative
text in the screen PDF's structure tree) and pypdfium2 (the text), the web page with
Python's own HTML parser. Each rule of the brand is broken once and refused at its line.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import Result
from helpers import NEW_LEAFLET, REPO, find_problem, page_texts, run_cli

from leaflet.project import PROJECT_FILE

FIXTURE = REPO / "tests" / "fixtures" / "brand-fjordby"
SEED = "laenderygsmerter"
CMYK_FILL = re.compile(r'fill="device-cmyk\(([^)]*)\)"')


def make_branded(root: Path) -> Path:
    """The second brand's project with the seed leaflet (its own sender: taken out, so the
    brand's is used) and a leaflet made by `leaflet new`."""
    shutil.copytree(FIXTURE, root)
    shutil.copytree(REPO / "content" / SEED, root / "content" / SEED)
    settings = root / "content" / SEED / "leaflet.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"\nsender:\n(  .*\n)+", "\n", text), encoding="utf-8")
    result = run_cli("--project", root, "new", NEW_LEAFLET, "--title", "Ondt i knæet")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second brand's project, built (Danish only). Read only, please."""
    root = make_branded(tmp_path_factory.mktemp("brand") / "fjordby")
    result = run_cli("--project", root, "build", "--lang", "da")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def spoilable(tmp_path: Path) -> Path:
    return make_branded(tmp_path / "fjordby")


def out(root: Path, leaflet: str, suffix: str = "") -> Path:
    return root / "dist" / leaflet / "da" / f"{leaflet}-da{suffix}"


def logo_fills() -> list[tuple[float, ...]]:
    """The logo's fill colours, in the order its SVG draws them."""
    svg = (FIXTURE / "brand" / "logo.svg").read_text(encoding="utf-8")
    return [tuple(float(v) for v in m.split()) for m in CMYK_FILL.findall(svg)]


def cmyk_fills(pdf: Path, page: int) -> list[tuple[tuple[float, ...], int]]:
    """Each CMYK fill colour set in a page's content, with how many path segments the
    shape drawn in it has."""
    with pikepdf.open(pdf) as document:
        ops = pikepdf.parse_content_stream(document.pages[page])
    fills: list[tuple[tuple[float, ...], int]] = []
    for op in ops:
        name = str(op.operator)
        if name in ("k", "scn") and len(op.operands) == 4:
            fills.append((tuple(round(float(v), 3) for v in op.operands), 0))
        elif name in ("c", "l") and fills:
            fills[-1] = (fills[-1][0], fills[-1][1] + 1)
    return fills


@pytest.mark.parametrize("leaflet", [SEED, NEW_LEAFLET])
def test_both_leaflets_build_in_the_brand_and_pass_preflight(branded: Path, leaflet: str) -> None:
    printed = out(branded, leaflet, "-print.pdf")
    result = run_cli("--project", branded, "preflight", printed)
    assert result.exit_code == 0, result.output
    texts = page_texts(out(branded, leaflet, ".pdf"))
    back = texts[-1]
    for line in ("Fjordby Kommune", "Sundhed og Omsorg", "Havnegade 1, 9999 Fjordby", "fjordby.dk"):
        assert line in back, back
    assert "Region Nordjylland" not in "".join(texts)
    # the sender's phone, e-mail and web address are links on screens: tel: with the
    # country code, mailto:, https:
    with pikepdf.open(out(branded, leaflet, ".pdf")) as pdf:
        links = {
            str(annot.A.URI)
            for annot in pdf.pages[-1].obj.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        }
    assert {"tel:+4599999999", "mailto:sundhed@fjordby.dk", "https://fjordby.dk"} <= links, links
    web = out(branded, leaflet, "-web.html").read_text(encoding="utf-8")
    assert 'href="mailto:sundhed@fjordby.dk"' in web and 'href="tel:+4599999999"' in web


@pytest.mark.parametrize("leaflet", [SEED, NEW_LEAFLET])
def test_the_logo_is_drawn_in_cmyk_paths_on_the_print_file_cover(
    branded: Path, leaflet: str
) -> None:
    """The logo's shapes, in its own order and colours, are paths in page 1's content
    (its name, drawn as letters' outlines, is one path of many curves)."""
    wanted = logo_fills()
    fills = cmyk_fills(out(branded, leaflet, "-print.pdf"), 0)
    colours = [colour for colour, _ in fills]
    starts = [
        i for i in range(len(colours)) if colours[i : i + len(wanted)] == [tuple(w) for w in wanted]
    ]
    assert starts, f"the logo's colours {wanted} are not drawn in order on page 1: {colours}"
    letters = fills[starts[0] + len(wanted) - 2][1]
    assert letters > 100, "the name in the logo is not drawn as paths"
    back = cmyk_fills(out(branded, leaflet, "-print.pdf"), -1)
    assert [c for c, _ in back].count(tuple(wanted[0])) >= 2  # and on the back page


#: The house style's colours for the six roles a brand sets (styles/leaflet.css).
HOUSE_ROLES = {
    (0.9, 0.45, 0.2, 0.3),  # band
    (0.8, 0.0, 0.0, 0.6),  # text
    (0.75, 0.2, 0.15, 0.0),  # lines
    (0.12, 0.02, 0.04, 0.0),  # tint
    (0.0, 0.45, 0.7, 0.0),  # accent
    (0.0, 0.06, 0.12, 0.0),  # accent_tint
    (0.25, 0.05, 0.05, 0.0),  # the hairlines of tables, a third of lines
}


def cmyk_colours(pdf: Path, pages: slice = slice(None)) -> set[tuple[float, ...]]:
    """Every CMYK colour set for filling or stroking on ``pages``, inside their forms too."""
    found: set[tuple[float, ...]] = set()

    def walk(holder: pikepdf.Object, seen: set[tuple[int, int]]) -> None:
        for op in pikepdf.parse_content_stream(holder):
            if str(op.operator) in ("k", "K", "scn", "SCN") and len(op.operands) == 4:
                found.add(tuple(round(float(v), 3) for v in op.operands))
        xobjects = holder.get("/Resources", {}).get("/XObject", {})
        for key in xobjects:
            form = xobjects[key]
            if form.get("/Subtype") == "/Form" and form.objgen not in seen:
                seen.add(form.objgen)
                walk(form, seen)

    with pikepdf.open(pdf) as document:
        for page in document.pages[pages]:
            walk(page.obj, set())
    return found


def test_checklists_contact_icons_and_the_back_pattern_are_in_the_brand_colours(
    spoilable: Path,
) -> None:
    """Nothing a brand sets is drawn in the house style's colour: not the boxes of a
    checklist, the icons of a contact block, the pattern of the back page, nor the
    placeholder picture `leaflet new` puts in a new leaflet."""
    settings = spoilable / "content" / SEED / "leaflet.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "    kind: back\n" in text
    settings.write_text(text.replace("    kind: back\n", "    kind: back\n    fill: pattern\n"))
    result = run_cli("--project", spoilable, "build", "--lang", "da")
    assert result.exit_code == 0, result.output
    # every page of the new leaflet; the seed's back page, which has the pattern (its
    # own pictures inside are the region's, in the house style's colours)
    for leaflet, pages in ((NEW_LEAFLET, slice(None)), (SEED, slice(-1, None))):
        printed = out(spoilable, leaflet, "-print.pdf")
        house = HOUSE_ROLES & cmyk_colours(printed, pages)
        assert not house, f"{leaflet}: in the house style's colours: {sorted(house)}"


def test_the_screen_pdf_tags_the_cover_logo_as_a_figure_with_its_words(branded: Path) -> None:
    with pikepdf.open(out(branded, NEW_LEAFLET, ".pdf")) as pdf:
        figures = []

        def walk(element: pikepdf.Object) -> None:
            if isinstance(element, pikepdf.Dictionary):
                if element.get("/S") == "/Figure":
                    figures.append(str(element.get("/Alt", "")))
                kids = element.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert "Fjordby Kommune" in figures, figures


def test_the_web_page_shows_the_logo_with_its_words(branded: Path) -> None:
    found: list[dict[str, str | None]] = []

    class Images(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img" and "cover__logo" in (dict(attrs).get("class") or ""):
                found.append(dict(attrs))

    page = out(branded, NEW_LEAFLET, "-web.html").read_text(encoding="utf-8")
    Images().feed(page)
    assert len(found) == 1 and found[0]["alt"] == "Fjordby Kommune"
    assert (found[0]["src"] or "").startswith("data:image/svg+xml;base64,")
    assert "Leaflet Brand" in page and "font/woff2" in page  # the brand's font, inside


def test_check_says_which_letters_the_brand_font_lacks(spoilable: Path) -> None:
    result = run_cli("--project", spoilable, "check", "--leaflet", SEED)
    assert result.exit_code == 0, result.output
    assert (
        f"note: content/{SEED}/ar: the brand's font (Lato) has no Arabic letters" in result.stderr
    )
    assert "Noto Sans" in result.stderr


def test_a_brand_font_lacking_letters_of_its_script_is_refused_at_their_first_use(
    spoilable: Path,
) -> None:
    """A bold face without æ ø å set them in Noto Sans inside words set in the brand's
    font, and check only noted that it had "no Latin letters". The Arabic text, set
    whole in Noto Sans Arabic, is still only a note."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = spoilable / "brand" / "fonts" / "Lato-Bold.ttf"
    with TTFont(path) as font:
        keep = [c for c in font.getBestCmap() if chr(c) not in "æøåÆØÅ"]
        cutter = subset.Subsetter()
        cutter.populate(unicodes=keep)
        cutter.subset(font)
        font.save(path)
    result = run_cli("--project", spoilable, "check", "--leaflet", SEED)
    assert result.exit_code == 1, result.output
    said = [
        (at, message)
        for lang in ("da", "en")
        for at, message in problem_lines_of(result, f"content/{SEED}/{lang}/")
    ]
    assert [m for _, m in said if "Lato-Bold.ttf has no" in m], result.stderr
    danish = next(m for _, m in said if "Danish text uses" in m)
    assert "å" in danish and "æ" in danish and "ø" in danish and "in the middle of words" in danish
    # the letters of leaflet.yaml's shared texts are said once, not once per language
    shared = [m for m in result.stderr.splitlines() if m.startswith(f"content/{SEED}/leaflet.yaml")]
    assert len(shared) <= 1 and all("this text uses" in m for m in shared), shared
    assert "Arabic" not in result.stderr.split("note:")[0]  # Arabic is set whole in Noto


def problem_lines_of(result: Result, prefix: str) -> list[tuple[str, str]]:
    """(file:line, message) of the problems printed for files starting with ``prefix``."""
    found = []
    for text in result.stderr.splitlines():
        where, _, message = text.partition(": ")
        if where.startswith(prefix):
            found.append((where, message))
    return found


def _set(root: Path, old: str, new: str) -> int:
    """Replace ``old`` with ``new`` in the project file; the line it is on."""
    path = root / PROJECT_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "needles"),
    [
        ("band: C20 M90 Y15 K45", "band: C10 M25 Y10 K0", ("contrast of", "WCAG AA")),
        ("text: M95 K50", "text: C60 M95 Y20 K30", ("4 printing plates", "at most two")),
        # what the print file's preflight calls rich black text, refused before building
        ("text: M95 K50", "text: C30 M30 K100", ("rich black", "K100 alone")),
        ("band: C20 M90 Y15 K45", "band: C90 M90 Y80 K60", ("320 % ink",)),
        ("accent: C40 M0 Y90 K0", "accent: '#a3c644'", ("colour for screens (RGB)", "C90 M45")),
        ("accent: C40 M0 Y90 K0", "accent: #a3c644", ('"#a3c644" was not read', "quotes")),
        ("width: 52mm", "width: 90mm", ("25 mm tall", "at most 20 mm")),
        ("logo.svg", "../logo.svg", ("not in the project's brand/ folder",)),
        ("logo.svg", "logo.png", ("must be an SVG file", "ask your designer")),
        ("Lato-Bold.ttf", "Lato-Bold.woff2", ("must be a TTF or OTF file", "web fonts")),
    ],
    ids=[
        "contrast",
        "plates",
        "rich-black",
        "ink",
        "rgb",
        "rgb-unquoted",
        "logo-too-tall",
        "logo-outside",
        "logo-png",
        "font-woff2",
    ],
)
def test_a_brand_value_that_cannot_print_is_refused_at_its_line(
    spoilable: Path, old: str, new: str, needles: tuple[str, ...]
) -> None:
    line = _set(spoilable, old, new)
    result = run_cli("--project", spoilable, "build", "--lang", "da")
    find_problem(result, PROJECT_FILE, line, *needles)
    assert not (spoilable / "dist").exists()


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "accent: C40 M0 Y90 K0",
            "accent: C30 M85 K5",
            (
                "black (#",
                "on the brand's accent colour (#",
                "make the brand's accent colour lighter",
            ),
        ),
        (
            "band: C20 M90 Y15 K45",
            "band: C40 M10 Y30",
            ("in the brand's band colour (#", "make the brand's band colour darker"),
        ),
    ],
    ids=["background-too-dark", "text-too-light"],
)
def test_a_brand_colour_of_too_little_contrast_is_named_by_its_role(
    spoilable: Path, old: str, new: str, said: tuple[str, ...]
) -> None:
    """An IT department reads the project file, not the stylesheet: the message names the
    brand's roles (not the stylesheet's custom properties) and which way to change it."""
    line = _set(spoilable, old, new)
    result = run_cli("--project", spoilable, "check")
    message = find_problem(result, PROJECT_FILE, line, "WCAG AA", *said)
    assert "var(--" not in message, message


def test_a_logo_in_screen_colours_is_refused_at_its_lines(spoilable: Path) -> None:
    logo = spoilable / "brand" / "logo.svg"
    text = logo.read_text(encoding="utf-8")
    text = text.replace('fill="device-cmyk(0.4 0 0.9 0)"', 'fill="#a3c644"', 1)
    text = text.replace('<circle cx="37"', '<circle stroke="none" cx="37"').replace(
        '<circle stroke="none" cx="37" cy="17" r="5" fill="device-cmyk(0.4 0 0.9 0)"/>',
        '<circle cx="37" cy="17" r="5"/>',
    )
    logo.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    rgb = next(n for n, line in enumerate(lines, 1) if "#a3c644" in line)
    unfilled = next(n for n, line in enumerate(lines, 1) if '<circle cx="37"' in line)
    result = run_cli("--project", spoilable, "check")
    find_problem(result, "brand/logo.svg", rgb, '"#a3c644" is a colour for screens', "CMYK")
    find_problem(result, "brand/logo.svg", unfilled, "no fill colour", "RGB")


def test_a_logo_with_text_not_turned_into_shapes_is_refused_at_its_line(tmp_path: Path) -> None:
    """Text in a logo would be set in whatever font the building machine has."""
    from leaflet.content.logo import check_logo

    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" '
        'fill="device-cmyk(0 0 0 1)">\n'
        '  <rect width="40" height="40" fill="device-cmyk(1 0.2 0.6 0.3)"/>\n'
        '  <text x="50" y="30">Lyngbjerg <tspan font-weight="bold">Kommune</tspan></text>\n'
        "</svg>\n",
        encoding="utf-8",
    )
    problems, aspect = check_logo(logo)
    assert aspect == 0.25
    assert [(p.line, p.column) for p in problems] == [(3, 3)], problems
    assert "Object to Path" in problems[0].message and "font" in problems[0].message


def test_shapes_drawn_by_use_take_its_fill_and_clip_paths_are_not_drawn(tmp_path: Path) -> None:
    """A clip path's circle and a <defs> shape shown by a filled <use> were refused as
    "drawn in the renderer's black": neither is painted in its own fill. A kept shape
    shown by a <use> without a fill, or a <symbol>'s, still is."""
    from leaflet.content.logo import check_logo

    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 200 60">\n'
        '<defs><clipPath id="c"><circle cx="30" cy="30" r="28"/></clipPath>\n'
        '  <g id="pair"><path id="leaf" d="M0 0 L20 0 L20 20 Z"/></g>\n'
        '  <path id="unused" d="M0 0 L5 5 Z"/>\n'
        '  <path id="bare" d="M0 0 L9 9 Z"/></defs>\n'
        '<symbol id="s"><rect width="5" height="5"/></symbol>\n'
        '<rect width="60" height="60" fill="device-cmyk(1 0 0 0)" clip-path="url(#c)"/>\n'
        '<use href="#leaf" x="80" fill="device-cmyk(0 0 0 1)"/>\n'
        '<use xlink:href="#pair" x="120" fill="device-cmyk(0.2 0.9 0.15 0.45)"/>\n'
        '<use href="#bare"/><use href="#s"/>\n'
        "</svg>\n",
        encoding="utf-8",
    )
    problems, _ = check_logo(logo)
    assert [(p.line, p.column) for p in problems] == [(5, 3), (6, 16)], problems
    assert all("no fill colour" in p.message for p in problems)


def test_a_font_whose_licence_forbids_embedding_is_refused(spoilable: Path) -> None:
    from fontTools.ttLib import TTFont

    path = spoilable / "brand" / "fonts" / "Lato-Bold.ttf"
    with TTFont(path) as font:
        font["OS/2"].fsType = 0x0002  # restricted licence embedding
        font.save(path)
    line = _set(spoilable, "bold: brand/fonts/Lato-Bold.ttf", "bold: brand/fonts/Lato-Bold.ttf")
    result = run_cli("--project", spoilable, "check")
    find_problem(result, PROJECT_FILE, line, "may not be embedded in a PDF")


def test_a_variable_font_is_refused_at_its_line(spoilable: Path) -> None:
    """WeasyPrint prints a variable font at its default instance: given as bold:, the
    headings came out in the regular weight and nothing said so."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._f_v_a_r import Axis

    path = spoilable / "brand" / "fonts" / "Lato-Bold.ttf"
    with TTFont(path) as font:
        axis = Axis()
        axis.axisTag, axis.axisNameID = "wght", 256
        axis.minValue, axis.defaultValue, axis.maxValue = 100, 400, 900
        fvar = newTable("fvar")
        fvar.axes, fvar.instances = [axis], []
        font["fvar"] = fvar
        font.save(path)
    line = _set(spoilable, "bold: brand/fonts/Lato-Bold.ttf", "bold: brand/fonts/Lato-Bold.ttf")
    result = run_cli("--project", spoilable, "check")
    find_problem(result, PROJECT_FILE, line, "is a variable font", "static files")


def test_a_change_to_the_brand_builds_every_leaflet_again(spoilable: Path) -> None:
    assert run_cli("--project", spoilable, "build", "--lang", "da").exit_code == 0
    again = run_cli("--project", spoilable, "build", "--lang", "da")
    assert "up to date" in again.output
    logo = spoilable / "brand" / "logo.svg"
    logo.write_text(logo.read_text().replace("0.2 0.9 0.15 0.45", "0.2 0.9 0.15 0.5"), "utf-8")
    result = run_cli("--project", spoilable, "build", "--lang", "da")
    assert result.exit_code == 0, result.output
    assert "up to date" not in result.output


def test_colours_are_read_as_a_brand_manual_writes_them() -> None:
    from leaflet.content.brand import parse_colour

    assert parse_colour("C90 M45 Y20 K30") == (0.9, 0.45, 0.2, 0.3)
    assert parse_colour("M95 K50") == (0.0, 0.95, 0.0, 0.5)
    assert parse_colour("device-cmyk(0.2 0.9 0.15 0.45)") == (0.2, 0.9, 0.15, 0.45)
    assert "in that order" in str(parse_colour("M95 C50"))
    assert "over 100 %" in str(parse_colour("C90 K130"))
    assert "colour for screens (RGB)" in str(parse_colour("#005eb8"))
    # InDesign's and Illustrator's swatch names; a spot colour is said to be one
    assert parse_colour("C=90 M=45 Y=20 K=30") == (0.9, 0.45, 0.2, 0.3)
    assert parse_colour("C: 90 M: 45 Y: 20 K: 30") == (0.9, 0.45, 0.2, 0.3)
    for spot in ("Pantone 2945 C", "PMS 2945", "HKS 43 K"):
        assert "spot colour" in str(parse_colour(spot)), spot


def test_check_reminds_to_check_a_font_that_does_not_say_it_is_open(spoilable: Path) -> None:
    from fontTools.ttLib import TTFont

    path = spoilable / "brand" / "fonts" / "Lato-Italic.ttf"
    with TTFont(path) as font:
        for record in font["name"].names:
            if record.nameID in (13, 14):
                record.string = "All rights reserved."
        font.save(path)
    result = run_cli("--project", spoilable, "check", "--leaflet", NEW_LEAFLET)
    assert result.exit_code == 0, result.output
    assert (
        "note: brand/fonts/Lato-Italic.ttf: leaflet cannot see that the font Lato-Italic.ttf "
        "is under the SIL Open Font License" in result.stderr
    )
    assert "Lato-Regular.ttf: leaflet cannot see" not in result.stderr


def stroke_colours(pdf: Path) -> set[tuple[float, ...]]:
    """Every CMYK stroke colour set in the content of the PDF's pages."""
    found: set[tuple[float, ...]] = set()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for op in pikepdf.parse_content_stream(page):
                if str(op.operator) in ("K", "SCN") and len(op.operands) == 4:
                    found.add(tuple(round(float(v), 3) for v in op.operands))
    return found


def test_tick_boxes_icons_and_hairlines_are_drawn_in_the_brands_colours(
    branded: Path,
) -> None:
    """The checklist's boxes and the contact block's icons of the `leaflet new` leaflet
    take the brand's text colour (M95 K50), the table's hairlines a third of its lines
    colour (C10 M75 Y10 K5), not the house style's blues."""
    strokes = stroke_colours(out(branded, NEW_LEAFLET, "-print.pdf"))
    assert (0.0, 0.95, 0.0, 0.5) in strokes, strokes
    assert (0.033, 0.25, 0.033, 0.017) in strokes, strokes
    assert (0.8, 0.0, 0.0, 0.6) not in strokes, strokes
    assert (0.25, 0.05, 0.05, 0.0) not in strokes, strokes


def test_the_back_pages_pattern_is_in_the_brands_colours(spoilable: Path) -> None:
    settings = spoilable / "content" / NEW_LEAFLET / "leaflet.yaml"
    text = settings.read_text("utf-8")
    # no QR section and no text of the back page's own: the back page has room for it
    text = text.replace("  laes-mere:\n    kind: qr\n    foot_of_last_page: yes\n", "")
    (spoilable / "content" / NEW_LEAFLET / "da" / "laes-mere.yaml").unlink()
    back = spoilable / "content" / NEW_LEAFLET / "da" / "bagside.yaml"
    back.write_text(back.read_text("utf-8").split("body:")[0], "utf-8")
    text = text.replace(
        "  bagside:\n    kind: back\n", "  bagside:\n    kind: back\n    fill: pattern\n"
    )
    settings.write_text(text, "utf-8")
    result = run_cli("--project", spoilable, "build", "--leaflet", NEW_LEAFLET, "--lang", "da")
    assert result.exit_code == 0, result.output
    document = pdfium.PdfDocument(str(out(spoilable, NEW_LEAFLET, ".pdf")))
    try:
        image = document[len(document) - 1].render(scale=50 / 72).to_pil().convert("RGB")
    finally:
        document.close()
    top = image.crop((0, 0, image.width, image.height // 5))
    pixels = list(top.get_flattened_data())
    plum = sum(1 for r, g, b in pixels if r > b + 20 and r > g + 40)  # the band, C20 M90 Y15 K45
    blue = sum(1 for r, g, b in pixels if b > r + 40)  # the house style's band
    assert plum > 0.5 * len(pixels) and blue == 0, (plum, blue, len(pixels))
