"""The screen PDF's text reads back as the words, with two independent extractors.

poppler's ``pdftotext`` and pdfium (pypdfium2) read the text layer as copy-paste,
search and many screen readers do. The words are the oracle:

* Danish: a word hyphenated at the end of a line is found in the *print* file (which
  has no tags) as "vold‐" at a line end and "somme" after it; in the screen PDF both
  extractors must read "voldsomme", and no line may end in a hyphen that is not typed.
* Arabic: every word of the Arabic words files with a lam-alef (لا, لأ, لإ, لآ), which
  WeasyPrint draws as one ligature glyph, must read back in its order; compared after
  NFKC (the ligature may read as its presentation form, U+FEFB) and without vowel
  marks (see test_vowel_marks… for what the extractors do with those).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from helpers import LEAFLET, Leaflet, page_texts, tagged_text

HYPHEN = "\u2010"  # what WeasyPrint draws at a line end (hyphenate-character)


def pdftotext(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("poppler's pdftotext is not installed (apt-get install poppler-utils)")
    return subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdfium_text(pdf: Path) -> str:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def hyphenated_words(print_pdf: Path) -> list[str]:
    """The words broken at a line end, read from the print file (no tags, no ActualText)."""
    text = "\n".join(page_texts(print_pdf))
    return [a + b for a, b in re.findall(rf"(\w+){HYPHEN}\s*\r?\n\s*(\w+)", text)]


@pytest.mark.parametrize("extract", [pdftotext, pdfium_text], ids=["pdftotext", "pdfium"])
def test_hyphenated_words_read_whole(built: Leaflet, extract: object) -> None:
    words = hyphenated_words(built.print_pdf)
    assert len(words) >= 5, words  # the Danish seed breaks eight words at line ends
    text = extract(built.pdf)  # type: ignore[operator]
    found = set(re.findall(r"\w+", text))
    assert [w for w in words if w not in found] == [], text
    assert not re.search(rf"\w{HYPHEN}\s*\n", text), "a line of the screen PDF ends in a hyphen"


def test_hyphenated_words_read_whole_through_the_tags(built: Leaflet) -> None:
    """As a screen reader reads: the structure tree's text (pdfium), once each — also a
    line that ends a broken word and is broken again at its own end."""
    text = "\n".join(page_texts(built.print_pdf))
    pairs = re.findall(rf"(\w+){HYPHEN}\s*\r?\n\s*(\w+)", text)
    assert len(pairs) >= 5, pairs  # else the loop below would ask nothing
    read = " ".join(" ".join(tagged_text(built.pdf)).split())
    for head, tail in pairs:
        assert head + tail in read, (head, tail)
        assert f"{head}{tail} {tail}" not in read, f"{tail} is read twice"
    assert HYPHEN not in read


def arabic_words(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return {w for w in re.findall(r"\w+", text) if any("\u0600" <= c <= "\u06ff" for c in w)}


LAM_ALEF = ("لا", "لأ", "لإ", "لآ")


def strings(value: object) -> list[str]:
    """Every text of a loaded words file (not its comments, which are not printed)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "translation" for t in strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in strings(v)]
    return []


@pytest.mark.parametrize("extract", [pdftotext, pdfium_text], ids=["pdftotext", "pdfium"])
def test_arabic_ligatures_read_in_order(built: Leaflet, extract: object) -> None:
    source = " ".join(
        " ".join(strings(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)))
        for path in sorted((built.folder / "ar").glob("*.yaml"))
    )
    wanted = {w for w in arabic_words(source) if any(pair in w for pair in LAM_ALEF)}
    assert len(wanted) >= 20, wanted
    pdf = built.dist / LEAFLET / "ar" / f"{LEAFLET}-ar.pdf"
    found = arabic_words(extract(pdf))  # type: ignore[operator]
    missing = sorted(wanted - found)
    assert missing == [], missing
    # nor read backwards: alef before lam where the words have lam before alef
    backwards = {w.replace("لا", "ال") for w in wanted if "لا" in w and len(w) >= 4} - arabic_words(
        source
    )
    assert not backwards & found, sorted(backwards & found)


def test_arabic_reads_word_for_word_through_the_tags(built: Leaflet) -> None:
    """As a screen reader reads the Arabic leaflet (the tags' ActualText, in reading
    order): every word is a word of its words files, none run together where a line of
    a paragraph ends."""
    source = set()
    for path in sorted((built.folder / "ar").glob("*.yaml")):
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        source |= arabic_words(" ".join(strings(loaded)))
    # and the names of the months, in the dates leaflet writes (babel's Arabic)
    from leaflet.content.values import Date
    from leaflet.render.dates import format_date

    source |= arabic_words(" ".join(format_date(Date(2026, m, 1), "ar") for m in range(1, 13)))
    pdf = built.dist / LEAFLET / "ar" / f"{LEAFLET}-ar.pdf"
    read = arabic_words(" ".join(tagged_text(pdf)))
    assert len(read & source) > 100, sorted(read)[:20]
    assert sorted(read - source) == []
