"""What stays whole: a table's columns are as wide as their words, a phone number or a
range is never split over two lines, and key figures one after another stay together.

A training plan, as a hospital writes one: four columns, the first holding short words
(``Man``, ``Tir``), the last ranges (``1–2``, ``7–12``), the others longer text. Built
with `leaflet build` and read back with pypdfium2, each is drawn whole, on one line (the
body's ``overflow-wrap: anywhere`` let the table take any letter as a place to break
when it shared out the widths, so a column came out one or two letters wide: "Ma" over
"n"; and a range broke after its dash, "1–" over "2"). A paragraph with a phone number
written a dozen times, at every place on the line, has it whole each time ("70" at the
end of one line and "11 07 07" at the start of the next, before).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from helpers import copy_project, page_texts, run_cli

ID = "plan"
TABLE = """\
  - table:
      header: [Dag, Aktivitet, Hvor tit og hvor længe, Uge]
      rows:
        - [Man, Gåture og let cykling hjemme, "5 dage om ugen, 10–15 minutter", 1–2]
        - [Tir, Holdtræning på sygehuset, "2 gange om ugen, 60 minutter", 3–6]
        - [Ons, Holdtræning i sundhedscentret, "2 gange om ugen, 60 minutter", 7–12]
"""
PHONE = "70 11 07 07"
PHONES = "  - " + " ".join(f"Ring {'i' * n} på {PHONE}." for n in range(12)) + "\n"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("tables") / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    words = root / "content" / ID / "da" / "om.yaml"
    words.write_text(words.read_text("utf-8") + TABLE + PHONES, "utf-8")
    result = run_cli("--project", root, "build", "--leaflet", ID)
    assert result.exit_code == 0, result.output
    return root / "dist" / ID / "da" / f"{ID}-da.pdf"


def lines_of(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [
            line.strip()
            for page in document
            for line in page.get_textpage().get_text_range().splitlines()
        ]
    finally:
        document.close()


@pytest.mark.parametrize("word", ["Dag", "Man", "Tir", "Ons", "1–2", "3–6", "7–12"])
def test_a_short_word_in_a_column_is_drawn_whole(pdf: Path, word: str) -> None:
    lines = lines_of(pdf)
    assert any(word in line.split() for line in lines), [
        line for line in lines if line[:1] in "DMTO1237"
    ]


def test_a_phone_number_is_never_split_over_two_lines(pdf: Path) -> None:
    lines = lines_of(pdf)
    assert sum(line.count(PHONE) for line in lines) == 12, [
        line for line in lines if "Ring" in line or line.startswith(("07", "11"))
    ]


FIGURE = "  - key_figure:\n      value: {}\n      text: {}\n"
FIGURES = (("26 %", "færre dør af hjertesygdom"), ("12 uger", "varer et forløb"))
FIGURES += (("2 ud af 3", "føler sig mere trygge"),)


def test_key_figures_one_after_another_stay_on_one_page(tmp_path: Path) -> None:
    """Three key figures after a long paragraph, where the page ends after the first: they
    go together to the next page (the first stayed behind, alone at the foot)."""
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    sentence = "Hjerterehabilitering hjælper dig med at komme godt videre i hverdagen."
    text = "heading: Rehabilitering virker\nbody:\n  - " + " ".join([sentence] * 65) + "\n"
    text += "".join(FIGURE.format(value, line) for value, line in FIGURES)
    (root / "content" / ID / "da" / "om.yaml").write_text(text, "utf-8")
    result = run_cli("--project", root, "build", "--leaflet", ID)
    assert result.exit_code == 0, result.output
    document = pdfium.PdfDocument(str(root / "dist" / ID / "da" / f"{ID}-da.pdf"))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    where = [next(n for n, page in enumerate(pages, 1) if value in page) for value, _ in FIGURES]
    assert len(set(where)) == 1, f"the key figures are on pages {where}"
    # as one group: their lines of text start one below the other
    starts = [left_of(root / "dist" / ID / "da" / f"{ID}-da.pdf", line) for _, line in FIGURES]
    assert max(starts) - min(starts) < 0.5, f"the texts start at {starts} mm"


def left_of(pdf: Path, needle: str) -> float:
    """mm from the page's left edge where ``needle`` is first drawn."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            text = page.get_textpage()
            hit = text.search(needle, match_case=True).get_next()
            if hit is not None:
                return float(text.get_charbox(hit[0])[0]) / 72 * 25.4
    finally:
        document.close()
    raise AssertionError(f"{needle!r} is not in {pdf}")


@pytest.mark.parametrize("sentences", [6, 9, 12])
def test_the_invitation_to_scan_stays_with_its_code(tmp_path: Path, sentences: int) -> None:
    """A short leaflet whose QR section follows the text (not at the foot of a page):
    where its code has no room left on page 2, its heading and "Skan koden …" went
    with it to page 3; they stayed on page 2, asking the reader to scan a code that
    was overleaf."""
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    folder = root / "content" / ID
    settings = folder / "leaflet.yaml"
    text = settings.read_text("utf-8")
    settings.write_text(
        text[: text.index("sections:\n")]
        + "sections:\n  forside:\n    kind: cover\n  om:\n    kind: text\n"
        + "  laes-mere:\n    kind: qr\n  bagside:\n    kind: back\n",
        "utf-8",
    )
    for gone in ("goer-selv", "hjaelp"):
        (folder / "da" / f"{gone}.yaml").unlink()
    sentence = (
        "Du kan blive vaccineret hos din egen læge eller på et apotek i nærheden af dit hjem."
    )
    (folder / "da" / "om.yaml").write_text(
        "heading: Influenzavaccination er gratis for dig\nbody:\n  - "
        + " ".join([sentence] * sentences)
        + "\n",
        "utf-8",
    )
    (folder / "da" / "laes-mere.yaml").write_text(
        "heading: Find et sted at blive vaccineret\nbody:\n"
        "  - Skan koden og se en liste over apoteker og lægehuse i dit område.\n",
        "utf-8",
    )
    result = run_cli("--project", root, "build", "--leaflet", ID)
    assert result.exit_code == 0, result.output
    pages = [
        text.replace("\u200b", "").replace("\r\n", "")
        for text in page_texts(root / "dist" / ID / "da" / f"{ID}-da.pdf")
    ]
    words = [n for n, page in enumerate(pages, 1) if "Skan koden" in page]
    code = [n for n, page in enumerate(pages, 1) if f"https://www.example.dk/{ID}" in page]
    assert words == code, f"the invitation is on page {words}, the code on page {code}"
