"""Pages that flow: the page count is chosen, pages are full, room is shared out.

Every leaflet here is made with `leaflet new` (no page plan: its sections flow) and
then lengthened or shortened; the PDFs are read back with pypdfium2 (how far down
each page its text and drawings reach) and zxing-cpp (the QR code).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp
from helpers import REPO, Leaflet, copy_project, run_cli

MM = 72 / 25.4
AREA_TOP, AREA_BOTTOM = 210 - 18, 20  # the text area of an inside page, mm from the bottom
SENTENCES = [
    "Smerter i knæet er almindelige og går oftest over af sig selv i løbet af nogle uger.",
    "Knæet tåler at blive brugt, også når det gør lidt ondt, og bevægelse holder det smidigt.",
    "Det er normalt, at knæet er lidt hævet eller stift om morgenen, når du står op.",
    "Tal med din læge, hvis smerterne ikke bliver mindre efter et par uger med øvelser.",
]


def paragraph(n: int, sentences: int = 5) -> str:
    return " ".join(SENTENCES[(n + i) % len(SENTENCES)] for i in range(sentences))


def new_leaflet(root: Path, name: str = "pjece") -> Path:
    result = run_cli("--project", root, "new", name, "--title", "Ondt i knæet")
    assert result.exit_code == 0, result.output
    return root / "content" / name


def add_text_sections(folder: Path, count: int, paragraphs: int = 3) -> None:
    """``count`` more text sections of ``paragraphs`` paragraphs, before the QR section."""
    settings = (folder / "leaflet.yaml").read_text("utf-8")
    extra = "".join(f"  tekst-{n}:\n    kind: text\n" for n in range(count))
    settings = settings.replace("  laes-mere:\n", extra + "  laes-mere:\n")
    (folder / "leaflet.yaml").write_text(settings, "utf-8")
    for n in range(count):
        words = {
            "heading": f"Afsnit nummer {n + 1}",
            "body": [paragraph(n + p) for p in range(paragraphs)],
        }
        (folder / "da" / f"tekst-{n}.yaml").write_text(
            yaml.safe_dump(words, allow_unicode=True), "utf-8"
        )


def build(root: Path, *args: str) -> Any:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        return run_cli("--project", root, "build", *args)


def screen_pdf(root: Path, name: str = "pjece", lang: str = "da") -> Path:
    return root / "dist" / name / lang / f"{name}-{lang}.pdf"


def fills(pdf: Path) -> list[float]:
    """How full each inside page is: from the top of the text area to the lowest text,
    picture or drawing inside it (page numbers and DRAFT marks are outside it or behind)."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for page in list(document)[1:-1]:
            lowest = AREA_TOP
            for obj in page.get_objects():
                left, bottom, right, top = (v / MM for v in obj.get_bounds())
                if top <= AREA_BOTTOM or bottom >= AREA_TOP or right - left > 140:
                    continue  # the page number below the area; a background behind the page
                lowest = min(lowest, max(bottom, AREA_BOTTOM))
            found.append((AREA_TOP - lowest) / (AREA_TOP - AREA_BOTTOM))
        return found
    finally:
        document.close()


def page_count(pdf: Path) -> int:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def test_text_that_fits_four_pages_gets_four_and_fills_them(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    new_leaflet(root)
    result = build(root, "--leaflet", "pjece")
    assert result.exit_code == 0, result.output
    pdf = screen_pdf(root)
    assert page_count(pdf) == 4
    assert fills(pdf)[0] >= 0.75, fills(pdf)
    # the QR code, at the foot of the last inside page or on the back page, decodes
    document = pdfium.PdfDocument(str(pdf))
    try:
        codes = [
            c.text
            for page in list(document)[2:]
            for c in zxingcpp.read_barcodes(page.render(scale=4).to_pil())
        ]
    finally:
        document.close()
    assert codes == ["https://www.example.dk/pjece"]


def test_longer_text_gets_eight_pages_every_inside_page_but_the_last_75_percent_full(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "project")
    folder = new_leaflet(root)
    add_text_sections(folder, 3, paragraphs=4)
    result = build(root, "--leaflet", "pjece")
    assert result.exit_code == 0, result.output
    pdf = screen_pdf(root)
    assert page_count(pdf) == 8
    found = fills(pdf)
    assert all(fill >= 0.75 for fill in found[:-1]), found
    assert "Afsnit nummer 3" in "".join(texts(pdf))


def test_a_little_more_than_four_pages_gets_eight_with_no_blank_page(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    folder = new_leaflet(root)
    add_text_sections(folder, 1, paragraphs=3)  # about half a page more than fits on four
    result = build(root, "--leaflet", "pjece")
    assert result.exit_code == 0, result.output
    pdf = screen_pdf(root)
    assert page_count(pdf) == 8
    pages = texts(pdf)[1:-1]
    found = fills(pdf)
    for number, (text, fill) in enumerate(zip(pages, found, strict=True), start=2):
        notes = text.strip().startswith("Noter")  # a page for notes: its heading and lines
        assert notes or len(text.split()) >= 3, f"page {number} is blank"
        assert notes or fill >= 0.3, f"page {number} is near-blank ({fill:.0%}): {text[:80]!r}"
    notes_pages = [n for n, text in enumerate(pages, start=2) if text.strip().startswith("Noter")]
    assert len(notes_pages) <= 2  # a page for notes, or a spread, not padding


def test_pages_eight_fixes_the_count(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    folder = new_leaflet(root)
    settings = folder / "leaflet.yaml"
    settings.write_text(
        settings.read_text("utf-8").replace("sections:\n", "pages: 8\n\nsections:\n", 1), "utf-8"
    )
    result = build(root, "--leaflet", "pjece")
    assert result.exit_code == 0, result.output
    assert page_count(screen_pdf(root)) == 8


def translate(root: Path, lang: str, longer: int = 0) -> Path:
    """A translation with the Danish words (reviewed), its first text section made longer."""
    result = run_cli("--project", root, "translate", "new", lang, "--leaflet", "pjece")
    assert result.exit_code == 0, result.output
    folder = root / "content" / "pjece" / lang
    path = folder / "om.yaml"
    words = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    words["translation"]["reviewed"] = "yes"
    words["body"][0] += " " + " ".join(paragraph(n) for n in range(longer))
    path.write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    for other in folder.glob("*.yaml"):
        text = other.read_text("utf-8").replace("reviewed: no", "reviewed: yes")
        other.write_text(text, "utf-8")
    return folder


def test_a_translation_gets_the_source_count_or_says_how_many_lines_to_cut(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    new_leaflet(root)
    translate(root, "uk")
    assert build(root, "--leaflet", "pjece").exit_code == 0
    assert page_count(screen_pdf(root, lang="uk")) == 4
    before = {p: p.read_bytes() for p in (root / "dist" / "pjece" / "uk").rglob("*") if p.is_file()}
    path = root / "content" / "pjece" / "uk" / "om.yaml"
    words = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    words["body"][0] += " " + " ".join(paragraph(n) for n in range(8))
    path.write_text(yaml.safe_dump(words, allow_unicode=True), "utf-8")
    result = build(root, "--leaflet", "pjece")
    assert result.exit_code == 1, result.output
    message = [line for line in result.stderr.splitlines() if "Ukrainian text needs about" in line]
    assert message, result.stderr
    assert "lines more than the 4 pages of the Danish leaflet" in message[0]
    assert (
        "shorten it by about" in message[0]
        and 'the last section on the last inside page is "' in message[0]
    )
    assert message[0].startswith("content/pjece/uk/")
    assert "Traceback" not in result.output
    after = {p: p.read_bytes() for p in (root / "dist" / "pjece" / "uk").rglob("*") if p.is_file()}
    assert after == before  # the PDFs and the page previews
    assert page_count(screen_pdf(root)) == 4  # the Danish was built all the same


def test_status_shows_the_room_left_in_lines(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    new_leaflet(root)
    assert build(root, "--leaflet", "pjece").exit_code == 0
    result = run_cli("--project", root, "status", "--leaflet", "pjece", "--json")
    data = json.loads(result.stdout)
    language = data["leaflets"][0]["languages"][0]
    assert language["room_current"] is True
    assert 0 <= language["room_lines"] < 30
    manifest = json.loads((root / "dist" / "manifest.json").read_text("utf-8"))
    screen = next(f for f in manifest["files"] if f["path"] == "pjece/da/pjece-da.pdf")
    assert screen["layout"]["room_lines"] == language["room_lines"]
    table = run_cli("--project", root, "status", "--leaflet", "pjece").stdout
    assert f"{int(language['room_lines'])} line" in table


def test_text_set_smaller_keeps_the_qr_section_inside_when_it_fits_there(tmp_path: Path) -> None:
    """A leaflet of a newcomer's (tests/fixtures/medicin: a checklist, contact details, a
    table, questions, a warning) fits 8 pages only with its text set smaller. At that
    size its QR section fits at the foot of the last inside page, where leaflet.yaml puts
    it: it is not moved to the back page (which left the last inside page three quarters
    empty, and the back page without its lines for notes)."""
    from leaflet import content
    from leaflet.build import layout as flowing
    from leaflet.project import Project
    from leaflet.render.pdf import Renderer

    root = copy_project(tmp_path / "project")
    shutil.copytree(REPO / "tests" / "fixtures" / "medicin", root / "content" / "medicin")
    project = Project(root)
    edition = content.load_edition(content.load_settings(project.content / "medicin"), "da")
    out = project.dist / "medicin" / "da"
    out.mkdir(parents=True)
    with Renderer(project) as renderer:
        laid = flowing.render_flowing(project, edition, renderer, out)
        assert laid.layout.scale < 1 and laid.measured.pages == 8  # the case: set smaller
        assert not laid.layout.foot_on_back, laid.layout
        assert len(laid.document.pages) == 8


def _line_box(pdf: Path, words: str) -> tuple[int, float, float]:
    """(page index, top, bottom) in points of the line on which ``words`` start."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            text = document[index].get_textpage()
            searcher = text.search(words)
            found = searcher.get_next()
            if found:
                first, count = found
                boxes = [text.get_charbox(first + i) for i in range(count)]
                return index, max(b[3] for b in boxes), min(b[1] for b in boxes)
    finally:
        document.close()
    raise AssertionError(f"{words!r} is not in {pdf}")


def test_a_section_without_a_heading_goes_on_at_a_paragraphs_distance(built: Leaflet) -> None:
    """The seed's "laer-dine-smerter" has no heading: it continues "Årsager og
    behandlingsmuligheder" after its list, nearer than a new section with a heading
    stands from the text before it."""
    pdf = built.pdf
    page, _, list_bottom = _line_box(pdf, "så du også kan gøre dem i perioder med smerter.")
    same, next_top, _ = _line_box(pdf, "Når du har lænde- eller rygsmerter")
    assert same == page
    continued = list_bottom - next_top
    page, _, text_bottom = _line_box(pdf, "er årsagerne til smerterne ufarlige.")
    same, heading_top, _ = _line_box(pdf, "Der er sjældent behov")
    assert same == page
    assert continued < 0.6 * (text_bottom - heading_top), (continued, text_bottom - heading_top)
