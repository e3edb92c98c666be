"""Languages: drafts, text that does not fit, shrinking to fit, fonts and direction.

The translations here are made in the test (a copy of the Danish files under another
language code, or the shipped ones), built for real, and read back with pypdfium2
and pikepdf.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp
from helpers import LEAFLET, Leaflet, assert_user_error, edition_files, line_of, page_texts
from test_status import translate_all

from leaflet import content

MM = 72 / 25.4
BODY_LINE_MM = 11 * 1.5 / MM
SHORT = "Kort."  # a paragraph of one short line


def translate(project: Leaflet, lang: str, reviewed: str = "no") -> Path:
    """A 'translation': the Danish words under ``lang``, with the translation block."""
    source = project.folder / "da"
    target = project.folder / lang
    target.mkdir()
    settings = content.load_settings(project.folder)
    edition = content.load_edition(settings, "da")
    for path in sorted(source.glob("*.yaml")):
        print_ = content.fingerprint(edition.sections[path.stem].words)
        block = f"translation:\n  source: {print_}\n  reviewed: {reviewed}\n"
        (target / path.name).write_text(block + path.read_text(encoding="utf-8"), "utf-8")
    return target


def out(project: Leaflet, lang: str, variant: str = "") -> Path:
    suffix = f"-{variant}" if variant else ""
    return project.dist / LEAFLET / lang / f"{LEAFLET}-{lang}{suffix}.pdf"


# --- drafts -----------------------------------------------------------------------


def test_a_draft_says_draft_on_every_page_and_gets_no_print_file(project: Leaflet) -> None:
    translate(project, "pl")
    result = project.build()
    assert result.exit_code == 0, result.output
    # (copies of the Danish: still to translate, so a draft whatever reviewed: says)
    assert re.search(
        r"note: content/laenderygsmerter/pl: no print file: 28 texts of this Polish "
        "translation are still to translate",
        result.output,
    )
    assert "--draft-print" in result.output
    assert not out(project, "pl", "print").exists()
    for text in page_texts(out(project, "pl")):
        assert "SZKIC" in text and "DRAFT" in text
    office = page_texts(out(project, "pl", "office"))
    # each page says it twice (across the page, and in the tag at the top): 4 per side
    assert all(text.count("DRAFT") == 4 for text in office), [t.count("DRAFT") for t in office]
    # the source language is no draft
    for text in page_texts(out(project, "da")):
        assert "DRAFT" not in text and "UDKAST" not in text
    assert out(project, "da", "print").exists()


def test_draft_print_on_request_and_reviewed_has_no_mark(project: Leaflet) -> None:
    translate(project, "de")
    translate_all(project.folder / "de")  # a stand-in German: no copy of the Danish
    result = project.build("--lang", "de", "--draft-print")
    assert result.exit_code == 0, result.output
    assert all("DRAFT" in t for t in page_texts(out(project, "de", "print")))

    for path in (project.folder / "de").glob("*.yaml"):
        path.write_text(path.read_text("utf-8").replace("reviewed: no", "reviewed: yes"), "utf-8")
    result = project.build("--lang", "de")
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output
    for variant in ("", "print", "office"):
        assert not any("DRAFT" in t for t in page_texts(out(project, "de", variant))), variant

    # The Danish changes after the review: what was checked is not what the Danish says now
    danish = project.words_file("ufarlig")
    danish.write_text(danish.read_text("utf-8").replace("4 ud af 5", "Fire ud af fem"), "utf-8")
    result = project.build("--lang", "de")
    assert result.exit_code == 0, result.output
    assert not out(project, "de", "print").exists()
    assert all("DRAFT" in t for t in page_texts(out(project, "de", "")))
    german = project.folder / "de" / "ufarlig.yaml"
    (found,) = re.findall(
        r"de/ufarlig\.yaml:(\d+): the Danish text changed since[^\n]*", result.output
    )
    assert int(found) == line_of(german, "translation:"), result.output
    assert "text of 1 file changed since this German translation was made" in result.output
    new = re.search(r"set source: ([0-9a-f]+)", result.output)
    assert new is not None, result.output
    text = german.read_text("utf-8")
    german.write_text(re.sub(r"source: [0-9a-f]+", f"source: {new[1]}", text, count=1), "utf-8")
    result = project.build("--lang", "de")
    assert result.exit_code == 0 and "note:" not in result.output, result.output
    assert not any("DRAFT" in t for t in page_texts(out(project, "de", "print")))


def test_translation_block_is_not_for_the_source_language(project: Leaflet) -> None:
    path = project.words_file("ufarlig")
    path.write_text(
        "translation:\n  source: 0123456789ab\n  reviewed: no\n" + path.read_text("utf-8")
    )
    result = project.build()
    assert_user_error(result)
    assert (
        "content/laenderygsmerter/da/ufarlig.yaml:1:1: da is the language this leaflet is"
        in result.stderr
    )


# --- text that does not fit ----------------------------------------------------------


def free_space_mm(pdf: Path, page: int) -> float:
    """From the PDF: the room between the lowest body text on ``page`` and the bottom margin."""
    margin = 20 * MM  # --margin-bottom in styles/leaflet.css; the page number sits below it
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = document[page - 1].get_textpage()
        bottoms = [
            text.get_charbox(i)[1]
            for i in range(text.count_chars())
            if text.get_text_range(i, 1).strip()
        ]
    finally:
        document.close()
    return (min(b for b in bottoms if b > margin) - margin) / MM


def add_short_paragraphs(project: Leaflet, section: str, count: int) -> None:
    words = project.words(section)
    words["body"] = [*words["body"], *([SHORT] * count)]
    project.write_words(section, words)


def test_too_long_names_section_file_language_and_how_much(built_copy: Leaflet) -> None:
    project = built_copy
    project.plan_pages()  # a hand-made page plan: each page's text must fit that page
    assert project.build().exit_code == 0
    page = project.page_of("aarsager")
    free = free_space_mm(project.pdf, page)
    before = edition_files(project.dist)
    count = 12  # one line each, plus the space between paragraphs (2.6 mm)
    add_short_paragraphs(project, "aarsager", count)
    # (only Danish: the translations now lack the paragraphs the Danish gained)
    result = project.build("--lang", "da")
    assert_user_error(result)
    rel = project.rel(project.words_file("aarsager"))
    match = re.search(
        rf'^{re.escape(rel)}: section "aarsager" is (\d+) mm \(about (\d+) lines\) too long for '
        rf"page {page} in Danish — shorten the text by about \2 lines$",
        result.stderr,
        re.M,
    )
    assert match, result.stderr
    over, lines = int(match[1]), int(match[2])
    expected = count * (BODY_LINE_MM + 2.6) - 2.6 - free
    assert abs(over - expected) < 7, (over, expected, free)
    assert lines == round(over / BODY_LINE_MM) or abs(lines - over / BODY_LINE_MM) <= 1
    assert edition_files(project.dist) == before, "a failed build changed an edition's files"


def test_other_languages_still_build_when_one_does_not_fit(project: Leaflet) -> None:
    project.plan_pages()
    translate(project, "sv", reviewed="yes")
    words = yaml.safe_load(project.words_file("aarsager", "sv").read_text("utf-8"))
    # longer paragraphs, the same blocks: a translation keeps the structure
    words["body"][0] += " Smerterne kan vare længe, men de går oftest over." * 40
    project.words_file("aarsager", "sv").write_text(
        yaml.safe_dump(words, allow_unicode=True), "utf-8"
    )
    result = project.build()
    assert result.exit_code == 1
    assert 'sv/aarsager.yaml: section "aarsager" is' in result.stderr
    assert "in Swedish" in result.stderr
    assert out(project, "da", "print").exists() and not out(project, "sv").exists()


def test_shrink_to_fit_down_to_the_floor_and_says_so(project: Leaflet) -> None:
    project.plan_pages()
    add_short_paragraphs(project, "hverdag", 2)  # page 4 is full already
    settings = project.settings_file
    settings.write_text(settings.read_text("utf-8") + "\nshrink_to_fit: 90%\n", "utf-8")
    result = project.build("--lang", "da")
    assert result.exit_code == 0, result.output
    said = re.search(r"the Danish text is set at ([\d.]+)% of the normal size", result.output)
    assert said, result.output
    scale = float(said[1]) / 100
    assert 0.9 <= scale < 1
    # nothing set smaller drops below what its colour allows (the back page's heading for
    # notes is in the 4-plate band colour: 12 pt at least)
    assert "preflight passed with warnings" not in result.output, result.output
    # the body text in the PDF is smaller by that factor
    with pikepdf.open(out(project, "da")) as pdf:
        instructions = list(pikepdf.parse_content_stream(pdf.pages[2]))
    # WeasyPrint draws in CSS pixels under a 0.75 scale: font sizes are px, pt = px × 0.75
    assert any(str(i.operator) == "cm" and float(i.operands[0]) == 0.75 for i in instructions)
    sizes = {round(float(i.operands[1]) * 0.75, 2) for i in instructions if str(i.operator) == "Tf"}
    assert 11 not in sizes and any(abs(size - 11 * scale) < 0.05 for size in sizes), (scale, sizes)

    # far too much text: the floor is not enough, and the message is the full-size one
    add_short_paragraphs(project, "hverdag", 30)
    result = project.build("--lang", "da")
    assert_user_error(result)
    assert 'section "hverdag" is' in result.stderr


@pytest.mark.parametrize("value", ["50%", "110%", "ninety"])
def test_bad_shrink_value(project: Leaflet, value: str) -> None:
    settings = project.settings_file
    settings.write_text(settings.read_text("utf-8") + f"\nshrink_to_fit: {value}\n", "utf-8")
    result = project.build()
    assert_user_error(result)
    assert "from 80% to 100%" in result.stderr


# --- fonts ---------------------------------------------------------------------------


def test_every_font_in_every_language_is_ours(built: Leaflet, tmp_path: Path) -> None:
    ours = {
        p.stem.replace("NotoSans", "").split("-")[0]
        for p in (built.root / "styles" / "fonts").glob("*.ttf")
    }
    assert {"", "Arabic", "Ethiopic"} <= ours
    for pdf_path in built.dist.rglob("*.pdf"):
        with pikepdf.open(pdf_path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    name = str(obj.FontName).split("+", 1)[-1]
                    assert name.startswith("Leaflet-"), (pdf_path.name, name)
                    assert "/FontFile2" in obj, (pdf_path.name, name)


def test_the_characters_of_the_fonts_are_those_fonttools_maps() -> None:
    """What check counts as drawable is every code point of each font's own character
    map, as fontTools reads it with the glyphs' names (leaflet reads it without them)."""
    from fontTools.ttLib import TTFont

    from leaflet.content import fonts

    shipped = sorted((Path(content.__file__).parents[2] / "styles" / "fonts").glob("*.ttf"))
    assert len(shipped) >= 8
    for path in shipped:
        with TTFont(path) as font:
            mapped = set(font.getBestCmap())
        assert fonts.coverage([path]) == mapped, path.name
    everything = set().union(*(fonts.coverage([path]) for path in shipped))
    assert fonts.coverage(shipped) == everything
    assert {ord("æ"), ord("ж"), ord("ب"), ord("ሀ")} <= everything


def test_a_character_no_font_has_names_file_line_and_character(project: Leaflet) -> None:
    translate(project, "ko")
    path = project.words_file("ufarlig", "ko")
    text = path.read_text("utf-8").replace("heading:", "heading: 요통 —", 1)
    path.write_text(text, "utf-8")
    result = project.build()
    assert_user_error(result)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "요통" in t)
    assert re.search(rf"ko/ufarlig\.yaml:{line}:\d+: the character \"요\" \(U\+C694", result.stderr)
    shutil.rmtree(project.folder / "ko")


# --- right to left ---------------------------------------------------------------------


def char_boxes(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(character, left, bottom, right, top) of every visible character on ``page``."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = document[page - 1].get_textpage()
        return [
            (text.get_text_range(i, 1), *text.get_charbox(i))
            for i in range(text.count_chars())
            if text.get_text_range(i, 1).strip()
        ]
    finally:
        document.close()


def test_arabic_reads_right_to_left(built: Leaflet) -> None:
    pdf = built.dist / LEAFLET / "ar" / f"{LEAFLET}-ar.pdf"
    width_mm = 148
    # page 2: the heading and the paragraphs hang from the right margin (16 mm)
    boxes = char_boxes(pdf, 2)
    arabic = [b for b in boxes if "\u0600" <= b[0] <= "\u06ff"]
    assert len(arabic) > 200
    rights = [b[3] / MM for b in arabic]
    lefts = [b[1] / MM for b in arabic]
    assert max(rights) == pytest.approx(width_mm - 16, abs=1.5), (
        "text does not end at the right margin"
    )
    assert min(lefts) > 16 - 0.5
    # lines start on the right: for each line, many lines end exactly at the right margin,
    # while their left ends are ragged
    right_aligned = sum(1 for r in rights if abs(r - (width_mm - 16)) < 1)
    left_aligned = sum(1 for left in lefts if abs(left - 16) < 1)
    assert right_aligned > 3 * left_aligned

    # page 7: the row of themes runs from right to left in the order of leaflet.yaml
    words = yaml.safe_load((built.folder / "ar" / "tag-kontrol.yaml").read_text("utf-8"))
    themes = [t["id"] for t in built.settings()["sections"]["tag-kontrol"]["themes"]]
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = document[6].get_textpage()
        centres = []
        for theme in themes:
            label = " ".join(words["themes"][theme].split())
            search = text.search(label.split()[0])
            found = search.get_next()
            assert found, label
            index, _ = found
            box = text.get_charbox(index)
            centres.append((box[0] + box[2]) / 2)
    finally:
        document.close()
    assert centres == sorted(centres, reverse=True), "the first theme is not on the right"


def test_arabic_office_sheets_bind_on_the_other_side(built: Leaflet) -> None:
    screen = built.dist / LEAFLET / "ar" / f"{LEAFLET}-ar.pdf"
    office = built.dist / LEAFLET / "ar" / f"{LEAFLET}-ar-office.pdf"
    pages = [" ".join(t.split())[:40] for t in page_texts(screen)]
    document = pdfium.PdfDocument(str(office))
    try:
        seen = []
        for side in document:
            width, height = side.get_size()
            text = side.get_textpage()
            halves = []
            for x0, x1 in ((0, width / 2), (width / 2, width)):
                found = " ".join(text.get_text_bounded(x0, 0, x1, height).split())
                halves.append(next(n for n, p in enumerate(pages, 1) if found.startswith(p)))
            seen.append(halves)
    finally:
        document.close()
    assert seen == [[1, 8], [7, 2], [3, 6], [5, 4]]


def test_tigrinya_is_drawn_with_the_shipped_ethiopic_font(project: Leaflet) -> None:
    translate(project, "ti")
    path = project.words_file("ufarlig", "ti")
    path.write_text(path.read_text("utf-8").replace("heading:", "heading: ቃንዛ ሕቖ —", 1), "utf-8")
    result = project.build("--lang", "ti")
    assert result.exit_code == 0, result.output
    pdf_path = out(project, "ti")
    assert "ቃንዛ ሕቖ" in page_texts(pdf_path)[1]
    with pikepdf.open(pdf_path) as pdf:
        names = {
            str(o.FontName).split("+", 1)[-1]
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
        }
    assert any("Ethiopic" in name for name in names), names


def test_arabic_qr_code_and_back_page_stay_on_the_page(built: Leaflet) -> None:
    """Right-to-left once pushed the QR code out of its box and the dates off page 8."""
    pdf = built.dist / LEAFLET / "ar" / f"{LEAFLET}-ar.pdf"
    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[5].render(scale=300 / 72).to_pil()
        width = document[7].get_width()
    finally:
        document.close()
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == ["https://rn.dk/l%C3%A6nderygsmerter"]
    boxes = char_boxes(pdf, 8)
    text = "".join(b[0] for b in boxes)
    assert "26نوفمبر2026" in text  # the date as Arabic writes it (2026-11-26)
    assert all(b[1] >= 0 and b[3] <= width for b in boxes), "text runs off the page"


def test_the_address_in_arabic_text_reads_left_to_right(built: Leaflet) -> None:
    pdf = built.dist / LEAFLET / "ar" / f"{LEAFLET}-ar.pdf"
    # the paragraph, not the caption under the code: the top 80 mm of the page
    top = (210 - 80) * MM
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = document[5].get_textpage()
        # loose boxes span the font's whole height, so a line's characters share a bottom
        chars = [
            (text.get_text_range(i, 1), *text.get_charbox(i, loose=True))
            for i in range(text.count_chars())
        ]
    finally:
        document.close()
    boxes = [b for b in chars if b[0] in "https://rn.dk/lænderygsmerter" and b[2] > top]
    # group into lines by height on the page (centres closer than 5 pt: one line), then
    # read each line from left to right: the address must come out whole and in order
    lines: list[list[tuple[str, float, float, float, float]]] = []
    for box in sorted(boxes, key=lambda b: -(b[2] + b[4])):
        if lines and abs((lines[-1][0][2] + lines[-1][0][4]) - (box[2] + box[4])) < 10:
            lines[-1].append(box)
        else:
            lines.append([box])
    read = ["".join(b[0] for b in sorted(line, key=lambda b: b[1])) for line in lines]
    assert any("https://rn.dk/lænderygsmerter" in line for line in read), read
