"""The checklist and contact blocks, read back from real PDFs in Danish and Arabic.

`leaflet new` writes both into its placeholder leaflet (built by the session fixture
``made``, in Danish and in Arabic). From the screen PDFs: a box is drawn before each
item of the checklist (on its right in Arabic), the checklist is tagged as a list,
and the phone number and web address are links (tel:, https:) that read left to right
in Arabic too. And what a writer gets wrong is a message with its line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
import yaml
from helpers import NEW_LEAFLET, copy_project, find_problem, line_of, run_cli
from test_blocks import boxes_of, start_of

ID = NEW_LEAFLET
MM = 72 / 25.4


def pdf_of(root: Path, lang: str) -> Path:
    return root / "dist" / ID / lang / f"{ID}-{lang}.pdf"


def block(root: Path, lang: str, section: str, kind: str) -> Any:
    path = root / "content" / ID / lang / f"{section}.yaml"
    body = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)["body"]
    return next(b[kind] for b in body if kind in b)


def squares(pdf: Path, page: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in mm of every drawn path about 4 mm square: the boxes."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for obj in document[page].get_objects(max_depth=6):
            if obj.type != raw.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = (v / MM for v in obj.get_bounds())
            if 3.5 < right - left < 5 and 3.5 < top - bottom < 5:
                found.append((left, bottom, right, top))
        return found
    finally:
        document.close()


def text_column(pdf: Path, page: int) -> tuple[float, float]:
    """(left, right) in mm of the letters drawn in the page's text area (the running
    text's column, whichever side of the page the binding is on)."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = document[page].get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        inside = [b for b in boxes if b[1] > 20 * MM and b[3] < 192 * MM and b[2] > b[0]]
        return min(b[0] for b in inside) / MM, max(b[2] for b in inside) / MM
    finally:
        document.close()


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_each_checklist_item_has_a_box_before_it(made: Path, lang: str) -> None:
    items = block(made, lang, "hjaelp", "checklist")
    pdf = pdf_of(made, lang)
    for item in items:
        # Danish: the start of the item; Arabic: its last word (a number), its left end
        needle = start_of(item) if lang == "da" else item.split()[-1]
        page, text = boxes_of(pdf, needle, whole_word=lang == "ar")
        beside = [
            s
            for s in squares(pdf, page)
            if s[1] < text[3] and text[1] < s[3]  # on the item's line
        ]
        assert len(beside) == 1, (item, beside)
        box = beside[0]
        if lang == "da":
            assert 1 < text[0] - box[2] < 5, "the box is not just before the item, on its left"
        else:
            line = [s for s in squares(pdf, page)]
            assert box[0] > 100, f"the box should hang at the right in Arabic: {box}, {line}"


def test_the_arabic_box_hangs_at_the_columns_edge_as_the_danish_one_does(made: Path) -> None:
    for lang in ("da", "ar"):
        item = block(made, lang, "hjaelp", "checklist")[0]
        pdf = pdf_of(made, lang)
        needle = start_of(item) if lang == "da" else item.split()[-1]
        page, text = boxes_of(pdf, needle, whole_word=lang == "ar")
        (box,) = [s for s in squares(pdf, page) if s[1] < text[3] and text[1] < s[3]]
        left, right = text_column(pdf, page)
        edge = box[0] - left if lang == "da" else right - box[2]
        assert abs(edge) < 0.6, f"{lang}: the box is {edge:.1f} mm inside the column's edge"


def test_the_checklist_is_a_list_in_the_screen_pdf(made: Path) -> None:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("poppler's pdfinfo is not installed (apt-get install poppler-utils)")
    items = block(made, "da", "hjaelp", "checklist")
    out = subprocess.run(
        [pdfinfo, "-struct-text", str(pdf_of(made, "da"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # an L whose items are LI > LBody with the items' text, and no label (the box is
    # decoration, an artifact)
    lists = re.split(r"\n\s*L\b", out)
    found = [part for part in lists if all(start_of(i) in part for i in items)]
    assert found, out[:2000]
    checklist = found[0].split("\n  L")[0]
    assert checklist.count("LI") >= len(items) and "LBody" in checklist
    assert "Lbl" not in checklist.split(start_of(items[-1]))[0]


def links(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as document:
        return [
            str(annot.A.URI)
            for page in document.pages
            for annot in page.obj.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        ]


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_phone_and_web_address_are_links(made: Path, lang: str) -> None:
    contact = block(made, lang, "bagside", "contact")
    found = links(pdf_of(made, lang))
    assert "tel:12345678" in found, found
    assert "https://www.example.dk/kontakt" in found, found
    assert contact["phone"] == "12 34 56 78"  # numbers and addresses are not translated
    web = (made / "dist" / ID / lang / f"{ID}-{lang}-web.html").read_text("utf-8")
    assert 'href="tel:12345678"' in web and 'href="https://www.example.dk/kontakt"' in web
    assert '<ul class="checklist' in web


def test_the_phone_number_reads_left_to_right_in_arabic(made: Path) -> None:
    pdf = pdf_of(made, "ar")
    page, first = boxes_of(pdf, "12", whole_word=True)
    _, last = boxes_of(pdf, "78", whole_word=True, after=(page, first[3] + 1))
    assert first[0] < last[0], "the phone number's digits are in the wrong order"


def test_each_contact_line_starts_where_its_next_lines_do(made: Path) -> None:
    """The text of a contact line starts one icon and its gap (7.6 mm) in from the
    name, where the line's own next lines start: no space is set after the icon (the
    icon's template ended in a line break, which pushed every first line 1 mm in)."""
    pdf = pdf_of(made, "da")
    contact = block(made, "da", "bagside", "contact")
    page, name = boxes_of(pdf, start_of(contact["name"]))
    for text in (contact["phone"], contact["hours"], contact["web"]):
        _, (left, *_) = boxes_of(pdf, start_of(text), after=(page, name[3]))
        # (letters start a little inside their boxes: 7.3 mm; with the space, 8.6)
        assert left - name[0] == pytest.approx(7.6, abs=0.5), (text, left - name[0])


# --- what a writer gets wrong -------------------------------------------------------------


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    return root


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("phone", "ring til os", "is not a phone number"),
        ("web", "www example dk", "contains a space"),
        ("email", "post.example.dk", "is not an e-mail address"),
    ],
)
def test_a_wrong_phone_web_or_email_is_a_message_at_its_line(
    fresh: Path, key: str, value: str, says: str
) -> None:
    path = fresh / "content" / ID / "da" / "bagside.yaml"
    text = path.read_text("utf-8")
    if f"      {key}:" in text:
        text = re.sub(rf"(?m)^      {key}: .*$", f"      {key}: {value}", text)
    else:
        text = text.replace("      hours:", f"      {key}: {value}\n      hours:", 1)
    path.write_text(text, "utf-8")
    result = run_cli("--project", fresh, "check")
    rel = path.relative_to(fresh).as_posix()
    find_problem(result, rel, line_of(path, rf"^      {key}:"), says)


def test_a_translation_keeps_the_checklist_and_the_contact_lines(fresh: Path) -> None:
    assert run_cli("--project", fresh, "translate", "new", "en", "--leaflet", ID).exit_code == 0
    folder = fresh / "content" / ID / "en"
    goer = folder / "hjaelp.yaml"
    goer.write_text(
        goer.read_text("utf-8").replace("  - checklist:\n", "  - checklist:\n      - one more\n"),
        "utf-8",
    )
    help_ = folder / "bagside.yaml"
    help_.write_text(re.sub(r"(?m)^      phone: .*\n", "", help_.read_text("utf-8")), "utf-8")
    result = run_cli("--project", fresh, "check")
    find_problem(
        result,
        goer.relative_to(fresh).as_posix(),
        line_of(goer, r"^      - one more"),
        "the Danish text has 2 items to tick off here; this file has 3",
    )
    find_problem(
        result,
        help_.relative_to(fresh).as_posix(),
        line_of(help_, r"^      name:"),
        "the Danish contact details has a phone number",
        "add phone:",
    )
