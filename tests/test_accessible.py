"""The screen PDF as a screen reader gets it: PDF/UA-1, checked by tools that did not make it.

* ``pdfua`` (an independent PDF/UA-1 checker built on pikepdf) must find nothing, with
  every one of its rules run, on every language's screen PDF of the seed leaflet and
  of a leaflet made by `leaflet new` (Danish, and Arabic);
* poppler's ``pdfinfo -struct`` must show the structure in reading order (in Arabic too);
* the structure tree read with pikepdf: alt text, headings, table headers, languages,
  artifacts, no press colour;
* the text a screen reader gets (pdfium's structure tree) is the leaflet's text, in
  reading order, right to left too, without page numbers or DRAFT marks;
* leaflet refuses, loudly, a WeasyPrint whose private tagger it does not know.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from helpers import LEAFLET, NEW_LEAFLET, REPO, Leaflet, page_texts, run_cli, tagged_text

SEED_LANGS = ("da", "en", "uk", "ar")
NEW_LANGS = ("da", "ar")
PROFILE = REPO / "styles" / "profiles" / "FOGRA39-leaflet.icc"


def seed_pdf(built: Leaflet, lang: str) -> Path:
    return built.dist / LEAFLET / lang / f"{LEAFLET}-{lang}.pdf"


def new_pdf(made: Path, lang: str) -> Path:
    return made / "dist" / NEW_LEAFLET / lang / f"{NEW_LEAFLET}-{lang}.pdf"


EDITIONS = [("seed", lang) for lang in SEED_LANGS] + [("new", lang) for lang in NEW_LANGS]


@pytest.fixture(params=EDITIONS, ids=[f"{which}-{lang}" for which, lang in EDITIONS])
def screen_pdf(request: pytest.FixtureRequest, built: Leaflet, made: Path) -> Path:
    which, lang = request.param
    return seed_pdf(built, lang) if which == "seed" else new_pdf(made, lang)


def words(folder: Path, lang: str, section: str) -> dict[str, Any]:
    text = (folder / lang / f"{section}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


# --- the pdfua checker ----------------------------------------------------------------


@pytest.fixture
def pdfua_checker(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``pdfua.validate``, with its rule UA-14-001 (empty headings) made to run.

    pdfua 0.1.3 asks every /K for ``is_integer``; pikepdf raises ValueError (not
    AttributeError) for that on an array, so the rule stops and is counted as skipped.
    """
    import pdfua.rules.structure as structure
    from pdfua import validate

    original = structure.as_integer

    def as_integer(value: object) -> int | None:
        if isinstance(value, pikepdf.Array | pikepdf.Dictionary):
            return None
        return original(value)

    monkeypatch.setattr(structure, "as_integer", as_integer)
    return validate


def test_pdfua_finds_nothing_and_runs_every_rule(screen_pdf: Path, pdfua_checker: Any) -> None:
    report = pdfua_checker(str(screen_pdf)).to_dict()
    findings = [
        f"{f['rule_id']} {f['severity']} {f['location']}: {f['message']}"
        for f in report["findings"]
    ]
    assert findings == [], "\n".join(findings)
    assert report["summary"]["rules_skipped"] == 0, report["skipped"]
    assert report["summary"]["rules_run"] == 12
    assert report["exit_code"] == 0


def test_pdfua_without_the_patch_skips_a_rule_and_sees_an_untagged_file(built: Leaflet) -> None:
    """The checker can fail: it finds the untagged office file's faults; and the skip the
    patch above works around is real (if pdfua fixes it, drop the patch)."""
    from pdfua import validate

    unpatched = validate(str(built.pdf)).to_dict()
    assert [s["rule_id"] for s in unpatched["skipped"]] == ["UA-14-001"]
    office = validate(str(built.office_pdf)).to_dict()
    assert office["summary"]["errors"] >= 2
    assert {"UA-01-005", "UA-01-002"} <= {f["rule_id"] for f in office["findings"]}


# --- poppler: the structure in reading order -------------------------------------------


@pytest.fixture(scope="module")
def poppler() -> str:
    found = shutil.which("pdfinfo")
    if found is None:
        pytest.skip("poppler's pdfinfo is not installed (apt-get install poppler-utils)")
    return found


def structure(poppler: str, pdf: Path, with_text: bool = False) -> list[tuple[int, str]]:
    """(depth, line) of ``pdfinfo -struct[-text]``: element types, or quoted texts."""
    flag = "-struct-text" if with_text else "-struct"
    out = subprocess.run([poppler, flag, str(pdf)], capture_output=True, text=True, check=True)
    found = []
    for line in out.stdout.splitlines():
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("/"):  # not an attribute line (/BBox …)
            kind = stripped if stripped.startswith('"') else stripped.split()[0].rstrip(":")
            found.append(((len(line) - len(stripped)) // 2, kind))
    return found


def skeleton(tree: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The elements without the Spans of text lines (their count follows the wrapping)."""
    return [(d, t) for d, t in tree if t not in ("Span",) and not t.startswith('"')]


def test_pdfinfo_shows_headings_and_blocks_in_reading_order(built: Leaflet, poppler: str) -> None:
    tree = structure(poppler, built.pdf, with_text=True)
    # The headings, each with its text, in the order of the page plan.
    headings = []
    for index, (depth, kind) in enumerate(tree):
        if re.fullmatch(r"H[1-6]", kind):
            lines = []
            for inner_depth, text in tree[index + 1 :]:
                if inner_depth <= depth:
                    break
                if text.startswith('"'):
                    lines.append(text.strip('"'))
            headings.append((kind, " ".join(lines)))
    sections = list(built.settings()["sections"])
    expected = [("H1", " ".join(words(built.folder, "da", "forside")["title"].split()))]
    for section in sections:
        heading = words(built.folder, "da", section).get("heading")
        if heading:
            expected.append(("H2", " ".join(heading.split())))
    assert [k for k, _ in headings] == [k for k, _ in expected]
    for (_, got), (_, wanted) in zip(headings, expected, strict=True):
        assert re.sub(r"[\s‐-]", "", got) == re.sub(r"[\s‐-]", "", wanted)
    kinds = [t for _, t in tree]
    # the bullet list with its labels, the QR code as a figure with its caption, the
    # back page's document control as a table with row headers
    assert "L" in kinds and "Lbl" in kinds and "LBody" in kinds
    figure = kinds.index("Figure")
    assert "Caption" in kinds[figure:]
    assert kinds.index("H1") < kinds.index("L") < figure < kinds.index("Table")
    assert kinds.count("TH") == 3 and kinds.count("TD") == 3


def merged(tree: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The tree with each run of siblings of one type made one: where the pages break
    differs between two languages (their pages flow), an element split over two pages
    is two elements in one and one in the other."""

    def nodes(at: int, depth: int) -> tuple[list[tuple[str, list]], int]:
        found: list[tuple[str, list]] = []
        while at < len(tree) and tree[at][0] == depth:
            kids, after = nodes(at + 1, depth + 1)
            if found and found[-1][0] == tree[at][1]:
                found[-1][1].extend(kids)
            else:
                found.append((tree[at][1], kids))
            at = after
        for index, (kind, kids) in enumerate(found):
            found[index] = (kind, _merge_runs(kids))
        return found, at

    def flat(found: list[tuple[str, list]], depth: int) -> list[tuple[int, str]]:
        return [row for kind, kids in found for row in [(depth, kind), *flat(kids, depth + 1)]]

    top, _ = nodes(0, tree[0][0] if tree else 0)
    return flat(top, tree[0][0] if tree else 0)


def _merge_runs(found: list[tuple[str, list]]) -> list[tuple[str, list]]:
    runs: list[tuple[str, list]] = []
    for kind, kids in found:
        if runs and runs[-1][0] == kind:
            runs[-1][1].extend(kids)
        else:
            runs.append((kind, list(kids)))
    return [(kind, _merge_runs(kids)) for kind, kids in runs]


def test_arabic_structure_is_the_danish_one_in_reading_order(
    built: Leaflet, made: Path, poppler: str
) -> None:
    """Right to left changes how the pages look, not the order a screen reader reads."""
    for danish, arabic in (
        (seed_pdf(built, "da"), seed_pdf(built, "ar")),
        (new_pdf(made, "da"), new_pdf(made, "ar")),
    ):
        theirs, ours = structure(poppler, arabic), structure(poppler, danish)
        assert merged(skeleton(theirs)) == merged(skeleton(ours))


def test_new_leaflet_blocks_are_tagged_as_what_they_are(made: Path, poppler: str) -> None:
    kinds = [t for _, t in skeleton(structure(poppler, new_pdf(made, "da")))]
    text = " ".join(kinds)
    # steps and bullets: lists with labels; boxes: sections with their heading (H3);
    # the table with column headers; the picture: a figure with its caption
    assert text.count("L LI Lbl LBody LI Lbl LBody") >= 2
    assert "H3" in kinds and kinds.index("H2") < kinds.index("H3")
    assert "Table THead TR TH TH TH TBody TR TD TD TD" in text
    assert "Figure Caption" in text


# --- the structure tree, read with pikepdf ------------------------------------------------


def elements(node: Any) -> Iterator[Any]:
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def test_figures_headings_tables_and_languages(screen_pdf: Path) -> None:
    lang = screen_pdf.parent.name
    with pikepdf.open(screen_pdf) as pdf:
        root = pdf.Root
        assert str(root.Lang) == lang
        assert bool(root.MarkInfo.Marked) and bool(root.ViewerPreferences.DisplayDocTitle)
        assert "/OutputIntents" not in root
        assert 'pdfuaid:part="1"' in root.Metadata.read_bytes().decode()
        tree = list(elements(root.StructTreeRoot))
        kinds = [str(e.S) for e in tree]
        figures = [e for e in tree if e.S == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
        # every figure's box lies on the A5 page, in points
        for figure in figures:
            x0, y0, x1, y1 = (float(v) for v in figure.A.BBox)
            assert 0 <= x0 < x1 <= 420 and 0 <= y0 < y1 <= 596, list(figure.A.BBox)
        levels = [int(k[2]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
        headers = [e for e in tree if e.S == "/TH"]
        assert headers and all(str(h.A.Scope) in ("/Row", "/Column") for h in headers)
        assert root.StructTreeRoot.RoleMap.Warning == "/Sect"
        assert root.StructTreeRoot.RoleMap.Aside == "/Sect"
        # The sender is written in the source language, and says so in a translation.
        marked = {str(e.Lang) for e in tree if "/Lang" in e}
        assert marked == (set() if lang == "da" else {"da"})


def test_page_numbers_and_draft_marks_are_artifacts(built: Leaflet) -> None:
    for lang in SEED_LANGS:
        pdf = seed_pdf(built, lang)
        shown, read = page_texts(pdf), tagged_text(pdf)
        with pikepdf.open(pdf) as document:
            # nothing in the parent tree points outside the tree
            reachable = {e.objgen for e in elements(document.Root.StructTreeRoot)}
            nums = document.Root.StructTreeRoot.ParentTree.Nums
            for index in range(1, len(nums), 2):
                entry = nums[index]
                for parent in entry if isinstance(entry, pikepdf.Array) else [entry]:
                    if isinstance(parent, pikepdf.Dictionary) and "/S" in parent:
                        assert parent.objgen in reachable
            artifacts = b"/Artifact BMC" in document.pages[1].Contents.read_bytes()
        assert artifacts
        assert re.search(r"(^|\s)2\s*$", shown[1]), "page 2's number is on the page"
        assert not re.search(r"(^|\s)2\s*$", read[1]), "but not read as text"
        draft = lang != "da"
        assert ("DRAFT" in "".join(shown)) is draft
        assert "DRAFT" not in "".join(read)
        with pikepdf.open(pdf) as document:
            title = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp(document), re.S)
            assert title is not None
            assert ("DRAFT" in title[1]) is draft, "a draft says so in its title"


def xmp(document: Any) -> str:
    return str(document.Root.Metadata.read_bytes().decode())


def test_decorative_pictures_are_not_figures(built: Leaflet, made: Path) -> None:
    """The seed's cover, note and theme pictures are decoration: only the QR code is a
    figure. The new leaflet's picture block has alt text: it is a figure too."""
    with pikepdf.open(seed_pdf(built, "da")) as pdf:
        figures = [e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["https://rn.dk/lænderygsmerter"]
    hjaelp = words(made / "content" / NEW_LEAFLET, "da", "hjaelp")
    alt = next(b["picture"]["alt"] for b in hjaelp["body"] if "picture" in b)
    with pikepdf.open(new_pdf(made, "da")) as pdf:
        figures = [e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert sorted(str(f.Alt) for f in figures) == sorted(
            [alt, "https://www.example.dk/ondt-i-knaeet"]
        )


def test_arabic_text_is_read_in_reading_order(built: Leaflet) -> None:
    """WeasyPrint draws Arabic glyphs in visual order; /ActualText gives the words."""
    title = " ".join(words(built.folder, "ar", "forside")["title"].split())
    pdf = seed_pdf(built, "ar")
    with pikepdf.open(pdf) as document:
        heading = next(e for e in elements(document.Root.StructTreeRoot) if e.S == "/H1")
        actual = [str(span.ActualText) for span in elements(heading) if "/ActualText" in span]
    assert " ".join(" ".join(actual).split()) == title
    # pdfium reads the same through the structure tree, and now through the text of the
    # page too: its ligatures map to their letters in an order extractors keep
    # (tests/test_text_layer.py reads every such word with pdftotext and pdfium)
    read = tagged_text(pdf)[0]
    assert " ".join(read.split()).startswith(title)
    assert title.split()[0] in read
    visual = unicodedata.normalize("NFKC", page_texts(pdf)[0])
    assert unicodedata.normalize("NFKC", title) in " ".join(visual.split())


def test_screen_colours_are_the_print_colours_through_the_profile(built: Leaflet) -> None:
    """No CMYK and no press profile in the screen file: each colour is the sRGB its CMYK
    prints as (converted here with LittleCMS directly, not with leaflet's code)."""
    from PIL import Image, ImageCms

    transform = ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(PROFILE)),
        ImageCms.createProfile("sRGB"),
        "CMYK",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    band = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in (0.9, 0.45, 0.2, 0.3)))
    expected = [
        round(v / 255, 4) for v in ImageCms.applyTransform(band, transform).getpixel((0, 0))
    ]
    with pikepdf.open(built.pdf) as pdf:
        colours = set()
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                assert str(operator) not in ("k", "K"), "CMYK colour in the screen PDF"
                if str(operator) in ("cs", "CS"):
                    assert str(operands[0]) != "/DeviceCMYK"
                if str(operator) in ("scn", "sc", "rg") and len(operands) == 3:
                    colours.add(tuple(round(float(v), 4) for v in operands))
        assert tuple(expected) in colours, "the cover band is not the brand colour as printed"
        for obj in pdf.objects:
            assert not (isinstance(obj, pikepdf.Array) and len(obj) and obj[0] == "/ICCBased")
            if isinstance(obj, pikepdf.Stream) and obj.get("/N") == 4:
                pytest.fail("a CMYK colour profile is embedded in the screen PDF")
    assert len(built.pdf.read_bytes()) < 90_000, "the screen PDF still carries a profile"


def test_bookmarks_are_the_headings_with_their_spaces(built: Leaflet) -> None:
    with pikepdf.open(built.pdf) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles[0] == "Til dig, der har smerter i lænderyggen"


# --- preflight --profile web ---------------------------------------------------------


def test_preflight_web_passes_the_screen_pdfs_and_fails_the_untagged_office_file(
    built: Leaflet,
) -> None:
    result = run_cli("preflight", "--profile", "web", built.pdf)
    assert result.exit_code == 0, result.output
    for check in ("tagged", "language", "title", "figures-alt", "headings", "table-headers"):
        assert re.search(rf"^PASS\s+{check}\b", result.output, re.M), result.output
    assert re.search(r"^PASS\s+fonts-unicode\b", result.output, re.M)
    office = run_cli("preflight", "--profile", "web", built.office_pdf)
    assert office.exit_code == 1
    for check in ("tagged", "title", "figures-alt", "headings"):
        assert re.search(rf"^FAIL\s+{check}\b", office.output, re.M), office.output


def broken(source: Path, tmp_path: Path, change: Any) -> Path:
    """A copy of ``source`` with ``change(pdf)`` made to it."""
    with pikepdf.open(source) as pdf:
        change(pdf)
        out = tmp_path / "broken.pdf"
        pdf.save(out)
    return out


def _figure(pdf: Any) -> Any:
    return next(e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/Figure")


def _first(pdf: Any, kind: str) -> Any:
    return next(e for e in elements(pdf.Root.StructTreeRoot) if kind == e.S)


def _drop_scope(pdf: Any) -> None:
    for element in elements(pdf.Root.StructTreeRoot):
        if element.S == "/TH":
            del element.A["/Scope"]
        if element.S == "/TD":
            del element.A["/Headers"]


def _drop_unicode(pdf: Any) -> None:
    for font in pdf.pages[0].Resources.Font.values():
        del font["/ToUnicode"]


def _untagged_text(pdf: Any) -> None:
    page = pdf.pages[1]
    font = next(iter(page.Resources.Font.keys()))
    page.contents_add(pdf.make_stream(f"BT {font} 11 Tf 50 50 Td <0001> Tj ET".encode()))


@pytest.mark.parametrize(
    ("check", "change", "message"),
    [
        ("figures-alt", lambda pdf: _figure(pdf).__delitem__("/Alt"), "no alternative text"),
        ("headings", lambda pdf: setattr(_first(pdf, "/H2"), "S", pikepdf.Name.H4), "skips"),
        ("language", lambda pdf: pdf.Root.__delitem__("/Lang"), "no language"),
        ("title", lambda pdf: pdf.Root.__delitem__("/ViewerPreferences"), "file name"),
        ("table-headers", _drop_scope, "do not say what they head"),
        ("fonts-unicode", _drop_unicode, "no Unicode map"),
        ("tagged", _untagged_text, "outside the tags"),
    ],
)
def test_preflight_web_fails_what_a_screen_reader_would_miss(
    built: Leaflet, tmp_path: Path, check: str, change: Any, message: str
) -> None:
    result = run_cli("preflight", "--profile", "web", broken(built.pdf, tmp_path, change))
    assert result.exit_code == 1, result.output
    rows = result.output.splitlines()
    line = next((row for row in rows if re.match(rf"FAIL\s+{check}\b", row)), None)
    assert line is not None and message in line, result.output


# --- WeasyPrint's private tagger: pinned and guarded ---------------------------------------


def test_the_tagger_is_weasyprint_70s_and_pinned() -> None:
    import weasyprint

    from leaflet.render.tagging import WEASYPRINT_VERSION, check_tagger

    check_tagger()  # raises if weasyprint.pdf.tags._build_box_tree is not the one we know
    assert weasyprint.__version__ == WEASYPRINT_VERSION
    pins = (REPO / "pyproject.toml").read_text("utf-8")
    assert f'"weasyprint=={WEASYPRINT_VERSION}"' in pins


def test_a_different_weasyprint_stops_the_tagged_write_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import weasyprint
    from weasyprint.pdf import tags

    from leaflet.render.tagging import TaggerChanged, tagged

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with (
        pytest.raises(TaggerChanged, match=r"WeasyPrint 71\.0.*tests/test_accessible\.py"),
        tagged(),
    ):
        pass
    monkeypatch.undo()

    def changed(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any) -> Any:
        return iter(())

    monkeypatch.setattr(tags, "_build_box_tree", changed)
    with pytest.raises(TaggerChanged, match="_build_box_tree"), tagged():
        pass


def test_the_hook_is_in_place_only_while_writing(built: Leaflet) -> None:
    from weasyprint import HTML
    from weasyprint.pdf import tags

    from leaflet.render.tagging import tagged

    original = tags._build_box_tree
    html = (
        '<html lang="da"><title>t</title><p lang="en">English</p>'
        '<p aria-hidden="true">hidden</p><img alt="" src="data:image/png;base64,'
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==">'
        '<table><tr><th scope="row">a</th><td>b</td></tr></table></html>'
    )
    with tagged():
        assert tags._build_box_tree is not original
        data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert tags._build_box_tree is original
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot))
        assert [str(e.Lang) for e in tree if "/Lang" in e] == ["en"]
        assert not [e for e in tree if e.S == "/Figure"], "a decorative picture is no figure"
        assert [str(e.A.Scope) for e in tree if e.S == "/TH"] == ["/Row"]
    plain = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        assert not [e for e in elements(pdf.Root.StructTreeRoot) if "/Lang" in e]
