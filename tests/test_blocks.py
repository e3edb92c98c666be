"""Blocks, read back from real PDFs: a leaflet made with `leaflet new`, in Danish and Arabic.

`leaflet new` writes a leaflet that shows every kind of block. It is built as it comes
(Danish), and translated into Arabic (every text replaced by Arabic words, the
structure kept) to see the blocks mirrored right to left. The PDFs are read back
with pypdfium2: the texts in order, the step numbers before the steps, the table's
columns lined up (and running right to left in Arabic), the warning in its colour
with its symbol.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
from helpers import NEW_LEAFLET, copy_project, run_cli

from leaflet.content import new as starter
from leaflet.errors import LeafletError
from leaflet.project import Project

ID = NEW_LEAFLET  # built by the session fixture `made` (conftest.py)
MM = 72 / 25.4


def pdf_of(root: Path, lang: str) -> Path:
    return root / "dist" / ID / lang / f"{ID}-{lang}.pdf"


def squash(text: str) -> str:
    """Text without spaces, line breaks and hyphens, so wrapped and hyphenated lines compare."""
    return re.sub(r"[\s\-\u00ad\u2010\ufffe\u0002]", "", text)


def texts_in_order(words: Any) -> list[str]:
    """Every printed text of a words file, in reading order (not ids, not keys)."""
    if isinstance(words, dict):
        return [
            t
            for k, v in words.items()
            if k not in ("id", "translation", "alt")  # alt text is for those who cannot see
            for t in texts_in_order(v)
        ]
    if isinstance(words, list):
        return [t for v in words for t in texts_in_order(v)]
    return [words]


def danish(root: Path, section: str) -> Any:
    text = (root / "content" / ID / "da" / f"{section}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


SECTIONS = ["om", "goer-selv", "hjaelp", "laes-mere"]


def test_the_new_leaflet_builds_on_four_pages_and_passes_preflight(made: Path) -> None:
    result = run_cli("preflight", made / "dist" / ID / "da" / f"{ID}-da-print.pdf")
    assert result.exit_code == 0, result.output
    assert "page-count     –      4 pages, a multiple of 4" in result.output


def start_of(text: str) -> str:
    """The first words of ``text`` (up to 20 characters): where a search can find it."""
    words = text.replace("{url}", "").split()
    found = words[0]
    for word in words[1:]:
        if len(found) + 1 + len(word) > 20:
            break
        found += " " + word
    return found


def test_every_block_text_is_printed_in_order(made: Path) -> None:
    pdf = pdf_of(made, "da")
    previous = (0, 1000.0)
    kinds = set()
    for section in SECTIONS:
        words = danish(made, section)
        kinds |= {next(iter(b)) for b in words["body"] if isinstance(b, dict)}
        for text in texts_in_order(words):
            # reading order: page by page, top to bottom (side by side: the same row)
            page, (_, _, _, top) = boxes_of(pdf, start_of(text), after=previous)
            previous = (page, top)
    # the contact details are at the top of the back page (the last), above the sender
    back = danish(made, "bagside")["body"]
    kinds |= {next(iter(b)) for b in back if isinstance(b, dict)}
    with pdfium.PdfDocument(str(pdf)) as document:
        previous = (len(document) - 1, 1000.0)
    for text in texts_in_order(back):
        page, (_, _, _, top) = boxes_of(pdf, start_of(text), after=previous)
        previous = (page, top)
    assert kinds >= {
        "key_figure",
        "steps",
        "list",
        "note",
        "warning",
        "table",
        "picture",
        "questions",
        "checklist",
        "contact",
    }


def test_each_step_has_its_number_before_it(made: Path) -> None:
    """What is drawn in the margin on a step's first line, left of its text, is its number
    (asked of that very place: "1." elsewhere on the page, as in "version 1.0", is not it)."""
    steps = next(b["steps"] for b in danish(made, "goer-selv")["body"] if "steps" in b)
    pdf = pdf_of(made, "da")
    for number, step in enumerate(steps, start=1):
        page, (left, bottom, _, top) = boxes_of(pdf, start_of(step))
        document = pdfium.PdfDocument(str(pdf))
        try:
            textpage = document[page].get_textpage()
            line = (bottom + 0.5) * MM, (top - 0.5) * MM
            margin = textpage.get_text_bounded(0, line[0], (left - 0.3) * MM, line[1])
        finally:
            document.close()
        assert margin.strip() == f"{number}.", (step, margin)


def boxes_of(
    pdf: Path, needle: str, after: tuple[int, float] = (0, 1000.0), whole_word: bool = False
) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, (left, bottom, right, top) in mm) of the first place ``needle`` is
    drawn at or after ``after`` (page index, top in mm) in reading order."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index, page in enumerate(document):
            if index < after[0]:
                continue
            text = page.get_textpage()
            searcher = text.search(needle, match_case=True, match_whole_word=whole_word)
            while (hit := searcher.get_next()) is not None:
                start, count = hit
                boxes = [text.get_charbox(i) for i in range(start, start + count)]
                top = max(b[3] for b in boxes) / MM
                if index == after[0] and top > after[1] + 3:
                    continue  # above where we are: an earlier use of the same words
                left = min(b[0] for b in boxes) / MM
                bottom = min(b[1] for b in boxes) / MM
                return index, (left, bottom, max(b[2] for b in boxes) / MM, top)
    finally:
        document.close()
    raise AssertionError(f"{needle!r} is not in {pdf.name} after {after}")


def table_of(root: Path, lang: str) -> dict[str, Any]:
    path = root / "content" / ID / lang / "hjaelp.yaml"
    body = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)["body"]
    return next(b["table"] for b in body if "table" in b)


def test_table_cells_of_a_column_line_up(made: Path) -> None:
    table = table_of(made, "da")
    pdf = pdf_of(made, "da")
    for column in range(len(table["header"])):
        cells = [table["header"][column], *(row[column] for row in table["rows"])]
        lefts = [boxes_of(pdf, cell)[1][0] for cell in cells]
        assert max(lefts) - min(lefts) < 0.5, (column, cells, lefts)
    firsts = [boxes_of(pdf, cell)[1][0] for cell in table["header"]]
    assert firsts == sorted(firsts), "the columns run left to right in Danish"


def test_arabic_table_columns_run_right_to_left(made: Path) -> None:
    table = table_of(made, "ar")
    pdf = pdf_of(made, "ar")
    rights = []
    for column in range(len(table["header"])):
        cells = [table["header"][column], *(row[column] for row in table["rows"])]
        edges = [boxes_of(pdf, cell)[1][2] for cell in cells]
        assert max(edges) - min(edges) < 1.0, (column, edges)  # aligned on the right
        rights.append(edges[0])
    assert rights == sorted(rights, reverse=True), f"the first column is not on the right: {rights}"


def test_arabic_step_numbers_and_warning_symbol_are_on_the_right(made: Path) -> None:
    body = yaml.load(
        (made / "content" / ID / "ar" / "goer-selv.yaml").read_text("utf-8"), Loader=yaml.BaseLoader
    )["body"]
    steps = next(b["steps"] for b in body if "steps" in b)
    pdf = pdf_of(made, "ar")
    for number, step in enumerate(steps, start=1):
        # the number at the end of each Arabic step is its left end on the page
        page, end = boxes_of(pdf, step.split()[-1], whole_word=True)
        # drawn right to left, the label "1." is stored as it is seen: ".1"
        label_page, label = boxes_of(pdf, f".{number}", after=(page, end[3] + 1))
        assert label_page == page and label[1] < end[3] and end[1] < label[3], step
        assert label[0] > end[2] + 10, "the step number should hang at the right in Arabic"
    warning = next(b["warning"] for b in body if "warning" in b)
    page, heading = boxes_of(pdf, warning["heading"].split()[-1], whole_word=True)
    image = render(pdf, page)
    rows = (heading[3] + 3, heading[1] - 5)
    # the symbol sits in the box's right corner (the text column ends 16 mm from the edge)
    assert alert_pixels(image, 118, 128, *rows) > 30, "no warning symbol at the right"
    assert alert_pixels(image, 20, 30, *rows) < 5, "the warning symbol is still at the left"


def render(pdf: Path, page: int, dpi: int = 150) -> Any:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def alert_pixels(
    image: Any, left_mm: float, right_mm: float, top_mm: float, bottom_mm: float
) -> int:
    """Pixels of the warning's red (C0 M85 Y80 K0 on screen) in a region given in mm
    (PDF coordinates: from the bottom of the page)."""
    width, height = image.size
    scale = width / 148
    box = (
        int(max(0, left_mm) * scale),
        int(max(0, height - top_mm * scale)),
        int(min(148, right_mm) * scale),
        int(min(height, height - bottom_mm * scale)),
    )
    data = image.crop(box).tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for r, g, b in pixels if r > 200 and g < 120 and b < 120)


def test_the_warning_is_drawn_in_its_colour_with_its_symbol(made: Path) -> None:
    body = danish(made, "goer-selv")["body"]
    warning = next(b["warning"] for b in body if "warning" in b)
    note = next(b["note"] for b in body if "note" in b)
    pdf = pdf_of(made, "da")
    page, heading = boxes_of(pdf, warning["heading"])
    image = render(pdf, page)
    # the symbol, left of the heading, and the heading itself are in the warning's red
    assert alert_pixels(image, heading[0] - 12, heading[0], heading[3] + 2, heading[1] - 6) > 30
    assert alert_pixels(image, heading[0], heading[2], heading[3], heading[1]) > 20
    # the note, a friendly tip, has none of it
    note_page, note_box = boxes_of(pdf, note.split()[0])
    assert alert_pixels(render(pdf, note_page), 10, 138, note_box[3] + 4, note_box[1] - 4) < 10


def test_picture_alt_text_is_in_the_html(made: Path) -> None:
    html = (made / "dist" / ID / "da" / f"{ID}-da.html").read_text("utf-8")
    picture = next(b["picture"] for b in danish(made, "hjaelp")["body"] if "picture" in b)
    assert f'alt="{picture["alt"]}"' in html
    assert picture["caption"] in html


def test_new_refuses_a_name_that_exists_or_cannot_be_a_folder(made: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", "ny").exit_code == 0
    again = run_cli("--project", root, "new", "ny")
    assert again.exit_code == 1 and "content/ny/ exists already" in again.stderr
    for name in ("Ny Pjece", "../ud", "æble"):
        result = run_cli("--project", root, "new", name)
        assert result.exit_code == 1, name
        assert "Traceback" not in result.output
        assert "letters a to z" in result.stderr, result.stderr
    assert sorted(p.name for p in (root / "content").iterdir()) == ["laenderygsmerter", "ny"]


def test_new_points_to_the_manual_as_installed_not_to_the_repository(tmp_path: Path) -> None:
    """Where leaflet was installed with pipx there is no docs/ folder: what `new` says
    to read is a page `leaflet manual` shows."""
    root = copy_project(tmp_path / "project")
    result = run_cli("--project", root, "new", "ny")
    assert result.exit_code == 0, result.output
    assert "docs/" not in result.output
    pages = re.findall(r"`leaflet manual (\w[\w-]*)`", result.output)
    assert pages == ["writing"], result.output
    assert run_cli("manual", pages[0]).exit_code == 0


def test_new_writes_nothing_through_a_link(tmp_path: Path) -> None:
    """A link named like the new leaflet, made before or while it is prepared, is refused."""
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    link = root / "content" / "ny"
    link.symlink_to(outside, target_is_directory=True)  # broken: leads to nothing yet
    result = run_cli("--project", root, "new", "ny")
    assert result.exit_code == 1 and "content/ny/ exists already" in result.stderr
    link.unlink()
    prepared = starter.prepare(Project(root), "ny", "da", None)
    link.symlink_to(outside, target_is_directory=True)
    with pytest.raises(LeafletError, match="content/ny/ exists already"):
        starter.write(prepared)
    assert not outside.exists()
    assert sorted(p.name for p in (root / "content").iterdir()) == ["laenderygsmerter", "ny"]


def test_new_in_another_language_gets_english_placeholders_marked(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    result = run_cli("--project", root, "new", "pjece", "--lang", "uk")
    assert result.exit_code == 0, result.output
    assert "placeholder text in English" in result.output
    first = (root / "content" / "pjece" / "uk" / "om.yaml").read_text("utf-8")
    assert first.startswith("# Placeholder text in English: write the Ukrainian text in its place.")
    assert "source_language: uk" in (root / "content" / "pjece" / "leaflet.yaml").read_text("utf-8")
    check = run_cli("--project", root, "check", "--leaflet", "pjece")
    assert check.exit_code == 0, check.output
