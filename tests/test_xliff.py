"""``leaflet translate export`` and ``import``: XLIFF 1.2 out to an agency and back in.

The exported file is read with translate-toolkit (an implementation of XLIFF that is
not leaflet's) and filled in through it, as a translation tool would; what comes back
is imported, checked and built into a PDF that is read with pypdfium2.
"""

from __future__ import annotations

import ctypes
import datetime
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from click.testing import Result
from helpers import LEAFLET, Leaflet, line_of, run_cli
from lxml import etree
from translate.storage import xliff
from translate.storage.placeables import StringElem

from leaflet.errors import LeafletError
from leaflet.translate import xmlread
from leaflet.translate.xmlread import MAX_DEPTH

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
POLISH = str.maketrans("aeoszcnlAEOSZCNL", "ąęóśźćńłĄĘÓŚŹĆŃŁ")


def polish(text: str) -> str:
    """A stand-in translation as long as the text: Polish letters for Latin ones."""
    return text.translate(POLISH)


def export(project: Leaflet, lang: str, *args: str) -> tuple[Result, Path]:
    out = project.root / f"{lang}.xlf"
    result = run_cli("--project", project.root, "translate", "export", lang, "-o", out, *args)
    return result, out


def import_(project: Leaflet, path: Path) -> Result:
    return run_cli("--project", project.root, "translate", "import", path)


def words_files(project: Leaflet) -> dict[str, bytes]:
    """Every words file of the leaflet, every language: name → bytes."""
    return {
        p.relative_to(project.folder).as_posix(): p.read_bytes()
        for p in sorted(project.folder.glob("*/*.yaml"))
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def store(path: Path) -> xliff.xlifffile:
    return xliff.xlifffile.parsestring(path.read_bytes())


def unit_id(unit: Any) -> str:
    return str(unit.getid()).split("\x04", 1)[1]  # translate-toolkit puts the file in front


def mapped(elem: StringElem, change: Callable[[str], str]) -> StringElem:
    """A copy of rich text with ``change`` applied to its words, codes kept."""
    new = elem.copy()

    def walk(node: StringElem) -> None:
        node.sub = [change(s) if isinstance(s, str) else s for s in node.sub]
        for s in node.sub:
            if isinstance(s, StringElem):
                walk(s)

    walk(new)
    return new


def fill(
    path: Path,
    change: Callable[[str], str] = polish,
    state: str = "translated",
    only: Callable[[str], bool] = lambda uid: True,
    from_target: bool = False,
) -> None:
    """Fill every target (of the units ``only`` picks) through translate-toolkit: the
    source text (or the target there is) with ``change`` applied to its words."""
    found = store(path)
    for unit in found.units:
        if unit.isheader() or not only(unit_id(unit)):
            continue
        start = unit.rich_target if from_target and unit.target else unit.rich_source
        unit.rich_target = [mapped(e, change) for e in start]
        unit.xmlelement.find(f"{{{XLIFF_NS}}}target").set("state", state)
    path.write_bytes(bytes(found))


def set_states(path: Path, state: str, only: Callable[[str], bool]) -> None:
    """Set the state of the targets (of the units ``only`` picks) as a tool would; a
    signed-off or final one is approved too, as translate-toolkit and Weblate write it."""
    found = store(path)
    for unit in found.units:
        target = unit.xmlelement.find(f"{{{XLIFF_NS}}}target")
        if not unit.isheader() and only(unit_id(unit)) and target is not None:
            target.set("state", state)
            unit.markapproved(state in ("signed-off", "final"))
    path.write_bytes(bytes(found))


def texts_mapped(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` applied to every text (not to keys)."""
    if isinstance(value, dict):
        return {k: texts_mapped(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [texts_mapped(v, change) for v in value]
    return change(value)


def plain_words(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


# --- a section with every kind of block --------------------------------------------------

EVERY_BLOCK = """\
heading: Få hjælp
body:
  - Et afsnit med **fed** tekst, *kursiv* og [et link](https://rn.dk/hjaelp) og {url}.
  - list: [et punkt, et andet punkt]
  - steps: [første skridt, andet skridt]
  - warning:
      heading: Søg læge
      body: [Hvis du får feber.]
  - note: Husk at drikke vand.
  - table:
      header: [Sted, Telefon]
      rows:
        - [Sundhedscenter, "1813"]
        - [Apotek, ""]
  - picture: {id: knae, alt: Et knæ, caption: Sådan ser det ud}
  - questions:
      - question: Hvad gør jeg?
        answer: Du venter.
      - question: Og så?
        answer:
          - Du ringer.
          - list: [til lægen]
  - key_figure: {value: 4 ud af 5, text: får det bedre}
"""

EVERY_BLOCK_IDS = [
    "hverdag/heading",
    "hverdag/body/1",
    "hverdag/body/2/list/1",
    "hverdag/body/2/list/2",
    "hverdag/body/3/steps/1",
    "hverdag/body/3/steps/2",
    "hverdag/body/4/warning/heading",
    "hverdag/body/4/warning/body/1",
    "hverdag/body/5/note",
    "hverdag/body/6/table/header/1",
    "hverdag/body/6/table/header/2",
    "hverdag/body/6/table/rows/1/1",
    "hverdag/body/6/table/rows/1/2",
    "hverdag/body/6/table/rows/2/1",
    "hverdag/body/7/picture/alt",
    "hverdag/body/7/picture/caption",
    "hverdag/body/8/questions/1/question",
    "hverdag/body/8/questions/1/answer",
    "hverdag/body/8/questions/2/question",
    "hverdag/body/8/questions/2/answer/1",
    "hverdag/body/8/questions/2/answer/2/list/1",
    "hverdag/body/9/key_figure/value",
    "hverdag/body/9/key_figure/text",
]


@pytest.fixture
def every_block(project: Leaflet) -> Leaflet:
    """The project with a Danish section that has one of every kind of block."""
    project.words_file("hverdag").write_text(EVERY_BLOCK, encoding="utf-8")
    with project.settings_file.open("a", encoding="utf-8") as f:
        f.write("\npictures:\n  knae: pictures/dialog.svg\n")
    return project


def without_markup(text: str) -> str:
    """What translate-toolkit gives as a unit's plain source: the words, codes left out."""
    text = re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*", lambda m: m[1] or m[2], text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.replace("{url}", "").replace("\n", "")


def test_translate_toolkit_reads_every_text_with_its_codes(every_block: Leaflet) -> None:
    result, out = export(every_block, "pl")
    assert result.exit_code == 0, result.output
    found = store(out)
    assert found.getsourcelanguage() == "da"
    assert found.gettargetlanguage() == "pl"
    units = {unit_id(u): u for u in found.units if not u.isheader()}
    ids = list(units)
    assert [i for i in ids if i.startswith("hverdag/")] == EVERY_BLOCK_IDS
    assert ids[0] == "forside/title" and ids[-1] == "bagside/review_label"
    # every source is the Danish text; nothing has a target in a new language
    danish = plain_words(every_block.words_file("hverdag"))
    body = danish["body"]
    expect = {
        "hverdag/heading": danish["heading"],
        "hverdag/body/1": body[0],
        "hverdag/body/2/list/2": "et andet punkt",
        "hverdag/body/4/warning/body/1": "Hvis du får feber.",
        "hverdag/body/6/table/rows/1/2": "1813",
        "hverdag/body/7/picture/alt": "Et knæ",
        "hverdag/body/8/questions/2/answer/2/list/1": "til lægen",
        "hverdag/body/9/key_figure/value": "4 ud af 5",
    }
    for uid, text in expect.items():
        assert units[uid].source == without_markup(text), uid
    for section in ("ufarlig", "aarsager", "tag-kontrol"):
        for path, unit in units.items():
            if path.startswith(section + "/"):
                assert unit.target in (None, ""), path
    # the markup is inline codes: paired for bold, italic and the link; placeholders
    codes = [
        (type(e).__name__, e.xml_attrib.get("ctype"), str(e))
        for e in units["hverdag/body/1"].rich_source[0].sub
        if type(e).__name__ != "StringElem"
    ]
    assert codes == [("G", "bold", "fed"), ("G", "italic", "kursiv"), ("G", "link", "et link"),
                     ("X", "x-url", "")]  # fmt: skip
    title = [type(e).__name__ for e in units["forside/title"].rich_source[0].sub]
    assert title == ["StringElem", "X", "StringElem", "X", "StringElem"]
    assert "https://rn.dk/hjaelp" not in out.read_text(encoding="utf-8").split("<source>")[1]
    # notes for the translator: the section and what kind of text it is
    assert 'Section "hverdag"' in units["hverdag/body/2/list/1"].getnotes()
    assert "item 1 of 2 of a bullet list" in units["hverdag/body/2/list/1"].getnotes()
    assert "row 1 of 2, column 2" in units["hverdag/body/6/table/rows/1/2"].getnotes()
    assert "leads to https://rn.dk/hjaelp" in units["hverdag/body/1"].getnotes()
    assert not any("Room left" in u.getnotes() for u in units.values())  # nothing built yet
    # grouped by section, in reading order
    tree = etree.parse(str(out))
    groups = tree.findall(f".//{{{XLIFF_NS}}}group")
    assert [g.get("id") for g in groups][:3] == ["forside", "ufarlig", "skanning"]
    for group in groups:
        for unit in group.findall(f"{{{XLIFF_NS}}}trans-unit"):
            assert unit.get("id").startswith(group.get("id") + "/")


def test_every_block_comes_back_in_place(every_block: Leaflet) -> None:
    result, out = export(every_block, "pl")
    assert result.exit_code == 0, result.output
    fill(out)
    result = import_(every_block, out)
    assert result.exit_code == 0, result.output
    expected = texts_mapped(plain_words(every_block.words_file("hverdag")), polish)
    # what is not text stays as it is: the picture id, the empty cell, the link, {url}
    expected["body"][6]["picture"]["id"] = "knae"
    expected["body"][0] = (
        polish("Et afsnit med **fed** tekst, *kursiv* og [et link]")
        + "(https://rn.dk/hjaelp)"
        + polish(" og ")
        + "{url}."
    )
    got = plain_words(every_block.folder / "pl" / "hverdag.yaml")
    assert got.pop("translation")["reviewed"] == "no"
    assert got == expected
    check = run_cli("--project", every_block.root, "check", "--lang", "pl")
    assert check.exit_code == 0, check.output


def test_notes_say_how_much_room_the_last_build_left(built_copy: Leaflet) -> None:
    manifest = json.loads(built_copy.manifest.read_text(encoding="utf-8"))
    room = {
        entry["language"]: math.floor(entry["layout"]["room_lines"])
        for entry in manifest["files"]
        if entry["variant"] == "screen" and entry["format"] == "pdf"
    }
    for lang, whose in (("en", "English"), ("pl", "Danish")):
        result, out = export(built_copy, lang)
        assert result.exit_code == 0, result.output
        count = room[lang if lang == "en" else "da"]
        expected = (
            f"Room left: about {count} more line{'' if count == 1 else 's'} of text on the last "
            f"inside page of the {whose} leaflet."
        )
        for unit in store(out).units:
            assert expected in unit.getnotes(), (unit_id(unit), unit.getnotes())
    header = out.read_text(encoding="utf-8").split("</header>")[0]
    assert "The Polish leaflet has not been built yet; the last inside page of the Danish" in (
        header
    )


# --- the round trip: export, translate, import, build ------------------------------------


def link_targets(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    found = []
    try:
        for page in document:
            position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
            while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
                action = pdfium_c.FPDFLink_GetAction(link)
                size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
                buffer = ctypes.create_string_buffer(size)
                pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
                found.append(buffer.value.decode())
    finally:
        document.close()
    return found


def fonts_of(pdf: Path, words: str) -> list[str]:
    """The font of the first character of ``words`` wherever they are on a page."""
    document = pdfium.PdfDocument(str(pdf))
    found = []
    try:
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            at = text.find(words)
            if at < 0:
                continue
            size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, at, None, 0, None)
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, at, buffer, size, None)
            found.append(buffer.value.decode())
    finally:
        document.close()
    return found


def squeezed(pdf: Path) -> str:
    """All the text of a PDF with no spaces, line breaks or hyphens: words as printed."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return re.sub(r"[\s\-\u00ad\x02]", "", text)


def test_polish_round_trip_builds_with_markup_intact(project: Leaflet) -> None:
    project.plan_pages()  # the original's pages: each phrase looked for stays on one line
    ufarlig = project.words_file("ufarlig")
    edit(ufarlig, "4 ud af 5 personer", "**4 ud af 5 personer**")
    edit(ufarlig, "I langt de fleste tilfælde", "I *langt* de fleste tilfælde")
    edit(
        project.words_file("dialog"),
        "et vigtigt skridt",
        "[et vigtigt skridt](https://rn.dk/dialog)",
    )
    result, out = export(project, "pl")
    assert result.exit_code == 0, result.output
    assert "28 texts of laenderygsmerter for Polish — 28 to translate" in result.stdout
    fill(out)

    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"imported 28 texts into content/{LEAFLET}/pl/: 10 of 10 files changed\n"
    )
    assert (project.folder / "pl" / "ufarlig.yaml").is_file()
    assert run_cli("--project", project.root, "check", "--lang", "pl").exit_code == 0
    built = project.build("--lang", "pl", "--draft-print")
    assert built.exit_code == 0, built.output

    pdf = project.dist / LEAFLET / "pl" / f"{LEAFLET}-pl.pdf"
    text = squeezed(pdf)
    for words in (
        polish("Smerter i lænderyggen er oftest en ufarlig tilstand"),
        polish("Tag kontrol over dine smerter"),
        polish("Sunde søvnvaner"),
        "rn.dk/lænderygsmerter",  # {url}, printed as the address
    ):
        assert words.replace(" ", "") in text, words
    bold = polish("4 ud af 5 personer")
    assert fonts_of(pdf, bold) and all(f.endswith("-Bold") for f in fonts_of(pdf, bold))
    italic = fonts_of(pdf, polish("langt de"))
    assert italic and all(f.endswith("-Italic") for f in italic), italic
    assert not any(f.endswith("-Bold") for f in fonts_of(pdf, polish("vil opleve")))
    links = link_targets(pdf)
    assert "https://rn.dk/dialog" in links
    assert "https://rn.dk/l%C3%A6nderygsmerter" in links
    pl_words = project.folder / "pl" / "dialog.yaml"
    assert "](https://rn.dk/dialog)" in pl_words.read_text(encoding="utf-8")
    assert "DRAFT" in text  # nothing was marked signed-off, so it is a draft

    before = words_files(project)
    again = import_(project, out)  # a good import can be repeated: the same files
    assert again.exit_code == 0, again.output
    assert "0 of 10 files changed" in again.stdout
    assert words_files(project) == before


def test_unchanged_languages_come_back_byte_identical(project: Leaflet) -> None:
    before = words_files(project)
    for lang in ("en", "uk", "ar"):
        result, out = export(project, lang)
        assert result.exit_code == 0, result.output
        result = import_(project, out)
        assert result.exit_code == 0, result.output
        assert "0 of 10 files changed" in result.stdout, result.stdout
    assert words_files(project) == before


DA_LINKS = "Læs **mere** på [sundhed.dk](https://sundhed.dk) og *især* på [rn.dk](https://rn.dk)."
EN_LINKS = (
    "Read *especially* [rn.dk](https://rn.dk), and **more** on [sundhed.dk](https://sundhed.dk)."
)


def _in_other_order(project: Leaflet, english: str = EN_LINKS) -> None:
    """Bold, italic and two links in Danish; the English has them in another order."""
    for lang, old, new in (
        ("da", "Der er sjældent behov for at blive skannet", DA_LINKS),
        ("en", "You rarely need a scan", english),
    ):
        edit(project.words_file("skanning", lang), f"heading: {old}", f"heading: {new}")


def test_codes_in_another_word_order_come_back_where_they_were(project: Leaflet) -> None:
    """Each code of a translation carries the id of the source's code it stands for."""
    _in_other_order(project)
    before = words_files(project)
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    (target,) = re.findall(r'<target state="[^"]+">Read .*</target>', out.read_text("utf-8"))
    assert re.findall(r'<g id="(\d)" ctype="(\w+)">([^<]+)</g>', target) == [
        ("3", "italic", "especially"),
        ("4", "link", "rn.dk"),
        ("1", "bold", "more"),
        ("2", "link", "sundhed.dk"),
    ]
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "0 of 10 files changed" in result.stdout
    assert words_files(project) == before
    # A file numbered in the translation's order (as leaflet once wrote it): refused.
    renumbered = target.replace('id="3" ctype="italic"', 'id="1" ctype="italic"')
    renumbered = renumbered.replace('id="1" ctype="bold"', 'id="3" ctype="bold"')
    change_unit(out, "skanning/heading", target, renumbered)
    result = import_(project, out)
    assert result.exit_code == 1
    at = where(out, "<target", '<trans-unit id="skanning/heading"')
    assert (
        f'{at}: unit "skanning/heading": '
        'the code id="1" is marked as italic (ctype="italic"), but the bold code (g id="1") '
        'around "mere" has that id in the source text — the codes were mixed up; use the '
        "codes as the source text has them, or export the file again"
    ) in result.stderr.splitlines()
    assert 'the code id="3" is marked as bold (ctype="bold")' in result.stderr
    assert words_files(project) == before


def test_a_link_the_source_does_not_have_is_pointed_out(project: Leaflet) -> None:
    _in_other_order(project, EN_LINKS.replace("(https://rn.dk)", "(https://rn.dk/en)"))
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '<g id="5" ctype="link">rn.dk</g>' in text
    assert (
        'The translation has a link to https://rn.dk/en (id="5") that the Danish text does '
        "not have: the import refuses it — use the codes of the Danish text."
    ) in text
    result = import_(project, out)
    assert result.exit_code == 1
    assert 'the link code (g id="4") for the link to https://rn.dk is missing' in result.stderr
    assert 'the translation has a code the source text does not have (g id="5")' in result.stderr


def test_reviewed_and_changed_texts_come_back_byte_identical(project: Leaflet) -> None:
    for path in (project.folder / "en").glob("*.yaml"):
        edit(path, "reviewed: no", "reviewed: yes")
    edit(project.words_file("skanning"), "MR-skannet", "MR-skannet eller CT-skannet")
    before = words_files(project)
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    assert "28 texts of laenderygsmerter for English — 0 to translate, 2 changed in" in (
        result.stdout
    )
    units = {unit_id(u): u for u in store(out).units}
    states = {
        uid: u.xmlelement.find(f"{{{XLIFF_NS}}}target").get("state") for uid, u in units.items()
    }
    assert states["skanning/body/1"] == "needs-translation"  # Weblate: needs editing
    assert states["skanning/heading"] == "needs-translation"
    assert states["ufarlig/heading"] == "signed-off"
    assert units["ufarlig/heading"].isapproved()  # approved="yes": reviewed, for every tool
    assert not units["skanning/heading"].isapproved()
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "en/skanning.yaml: some texts are still marked as needing work" in result.stdout
    # The reviewed files are as they were; the changed one is no longer reviewed: its
    # texts are not signed-off, so its fingerprint and texts stay and reviewed is no.
    after = words_files(project)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"en/skanning.yaml"}
    assert after["en/skanning.yaml"] == before["en/skanning.yaml"].replace(
        b"reviewed: yes", b"reviewed: no"
    )
    status = json.loads(run_cli("--project", project.root, "status", "--json").stdout)
    (english,) = [lang for lang in status["leaflets"][0]["languages"] if lang["lang"] == "en"]
    assert english["counts"]["changed"] == 1


def test_import_keeps_comments_and_marks_reviewed_only_when_every_text_is_final(
    project: Leaflet,
) -> None:
    aarsager = project.words_file("aarsager", "en")
    text = aarsager.read_text(encoding="utf-8")
    text = "# Checked with the clinic, May 2026.\n" + text.replace(
        "  - list:\n", "  # the list of options\n  - list:\n"
    )
    aarsager.write_text(text, encoding="utf-8")
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    fill(
        out,
        change=lambda s: s.replace("Causes and treatment options", "Causes, and what helps"),
        state="final",
        only=lambda uid: uid.startswith("aarsager/"),
        from_target=True,
    )
    set_states(out, "signed-off", lambda uid: uid.startswith("ufarlig/"))
    set_states(out, "translated", lambda uid: uid == "ufarlig/body/2")
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "1 of 10 files changed" in result.stdout
    after = aarsager.read_text(encoding="utf-8")
    # Only the block (reviewed, and the day of the import as the day of the review) and
    # the changed text differ: every comment and the wrapping stay.
    today = datetime.date.today().isoformat()
    expected = text.replace("  reviewed: no\n", f"  reviewed: yes\n  reviewed_on: {today}\n")
    expected = expected.replace(
        "heading: Causes and treatment options", "heading: Causes, and what helps"
    )
    assert after == expected
    assert "  reviewed: no" in project.words_file("ufarlig", "en").read_text(encoding="utf-8")


def test_the_danish_comments_of_translate_new_follow_the_danish(project: Leaflet) -> None:
    assert run_cli("--project", project.root, "translate", "new", "pl").exit_code == 0
    edit(project.words_file("aarsager"), "Årsager og", "Årsager til smerter og")
    polish_file = project.words_file("aarsager", "pl")
    before = polish_file.read_text(encoding="utf-8").splitlines()
    result, out = export(project, "pl")
    assert result.exit_code == 0, result.output
    fill(out, only=lambda uid: uid == "aarsager/heading")
    set_states(out, "translated", lambda uid: uid.startswith("aarsager/"))  # all checked
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    after = polish_file.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed[1:] == [
        ("# Danish: Årsager og behandlingsmuligheder", "# Danish: Årsager til smerter og "
         "behandlingsmuligheder"),
        ("heading: Årsager og behandlingsmuligheder",
         "heading: " + polish("Årsager til smerter og behandlingsmuligheder")),
    ]  # fmt: skip
    assert changed[0][0].startswith("  source: ")  # the fingerprint of the new Danish


def test_a_new_paragraph_in_danish_is_added_to_the_translation(project: Leaflet) -> None:
    danish = project.words_file("aarsager")
    danish.write_text(
        danish.read_text(encoding="utf-8") + "  - Tal med din læge om det.\n", encoding="utf-8"
    )
    english = project.words_file("aarsager", "en")
    english.write_text("# Our English text.\n" + english.read_text("utf-8"), "utf-8")
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    # The body's texts moved: they are to translate (no translation is offered for them),
    # as status counts them too; the heading is changed in Danish since translated.
    assert "— 5 to translate, 1 changed in Danish" in result.stdout
    # The English body has a block less than the Danish: which English paragraph
    # translates which Danish one cannot be told, so none of the body is offered as a
    # translation, and a note says why; the heading is where it was.
    units = {unit_id(u): u for u in store(out).units if not u.isheader()}
    for uid, unit in units.items():
        assert (unit.target is None) == uid.startswith("aarsager/body/"), uid
    notes = units["aarsager/body/2"].getnotes()
    assert (
        "The Danish text of this section has gained or lost blocks since it was translated"
    ) in notes
    assert "At this place the earlier English translation has:" in notes
    assert (
        "The English translation has no text at this place" in units["aarsager/body/4"].getnotes()
    )
    fill(
        out,
        change=lambda s: "Talk to your doctor about it." if s.startswith("Tal med") else polish(s),
        only=lambda uid: uid.startswith("aarsager/"),
    )
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "en/aarsager.yaml: written anew in the shape of the source file" in result.stdout
    words = plain_words(english)
    assert words["body"][3] == "Talk to your doctor about it."
    assert english.read_text(encoding="utf-8").startswith("# Our English text.\ntranslation:")
    assert run_cli("--project", project.root, "check", "--lang", "en").exit_code == 0
    status = json.loads(run_cli("--project", project.root, "status", "--json").stdout)
    (en,) = [lang for lang in status["leaflets"][0]["languages"] if lang["lang"] == "en"]
    (section,) = [s for s in en["sections"] if s["id"] == "aarsager"]
    assert section["changed"] is False and section["texts_to_translate"] == 0


def test_status_counts_texts_as_the_export_does(project: Leaflet) -> None:
    (project.folder / "en" / "dialog.yaml").unlink()
    edit(project.words_file("skanning"), "MR-skannet", "MR-skannet eller CT-skannet")
    english = project.words_file("aarsager", "en")
    words = plain_words(english)
    del words["heading"]
    english.write_text(yaml.safe_dump(words, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result, _ = export(project, "en")
    assert result.exit_code == 0, result.output
    assert "28 texts of laenderygsmerter for English — 2 to translate, 2 changed" in result.stdout
    status = run_cli("--project", project.root, "status", "--lang", "en")
    row = next(line for line in status.stdout.splitlines() if line.strip().startswith("en "))
    assert row.split()[-4:-1] == ["2", "of", "28"], row
    assert "2 of 28 texts to translate and 2 changed in Danish since translated" in (status.stdout)
    counts = json.loads(run_cli("--project", project.root, "status", "--json").stdout)
    (en,) = [x for x in counts["leaflets"][0]["languages"] if x["lang"] == "en"]
    assert (en["counts"]["texts"], en["counts"]["texts_to_translate"]) == (28, 2)
    assert en["counts"]["texts_changed"] == 2


def test_a_leaflet_written_with_a_region_imports_its_own_file(project: Leaflet) -> None:
    """A leaflet in en-US: the file says source-language="en-US" (a tool may write en_us)."""
    made = run_cli("--project", project.root, "new", "us-leaflet", "--lang", "en-US")
    assert made.exit_code == 0, made.output
    out = project.root / "da.xlf"
    args = ("--project", project.root, "translate", "export", "da", "--leaflet", "us-leaflet")
    result = run_cli(*args, "-o", out)
    assert result.exit_code == 0, result.output
    fill(out)
    edit(out, 'source-language="en-US"', 'source-language="en_us"')
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    # the placeholder leaflet: 41 texts (its checklist and contact details among them)
    assert result.stdout.startswith("imported 41 texts into content/us-leaflet/da/")
    assert (project.root / "content" / "us-leaflet" / "da" / "forside.yaml").is_file()
    again = run_cli(*args[:-3], "en-us", "--leaflet", "us-leaflet")
    assert again.exit_code == 1
    # the code as the folder is named (en-US), however it was typed
    assert "en-US is the language this leaflet is written in" in again.stderr


def test_a_new_language_with_a_region_gets_the_language_folder(project: Leaflet) -> None:
    """target-language="pl-PL" makes pl/ unless --lang says otherwise; the import says so."""
    result, out = export(project, "pl")
    assert result.exit_code == 0, result.output
    fill(out)
    edit(out, 'target-language="pl"', 'target-language="pl-PL"')
    wrong = run_cli("--project", project.root, "translate", "import", out, "--lang", "de")
    assert wrong.exit_code == 1
    assert wrong.stderr.splitlines()[0] == (
        f'{out.name}:3:3: --lang de is not the language of this file (target-language="pl-PL") '
        "— give --lang a code of that language, like pl-PL, or leave it out"
    )
    assert not (project.folder / "pl").exists() and not (project.folder / "de").exists()
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "imported 28 texts into content/laenderygsmerter/pl/: 10 of 10 files changed",
        '  pl/ is a new language folder (the file says target-language="pl-PL"; to name the '
        "folder pl-PL instead, delete pl/ and import again with --lang pl-PL)",
    ]
    assert not (project.folder / "pl-PL").exists()
    shutil.rmtree(project.folder / "pl")
    result = run_cli("--project", project.root, "translate", "import", out, "--lang", "pl-PL")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "imported 28 texts into content/laenderygsmerter/pl-PL/: 10 of 10 files changed",
        "  pl-PL/ is a new language folder",
    ]
    assert sorted(p.name for p in (project.folder / "pl-PL").glob("*.yaml")) == sorted(
        p.name for p in (project.folder / "da").glob("*.yaml")
    )
    # Imported again, the file goes into the folder there is, and no new one is made.
    again = import_(project, out)
    assert again.exit_code == 0, again.output
    assert "new language folder" not in again.stdout
    assert "content/laenderygsmerter/pl-PL/: 0 of 10 files changed" in again.stdout


# --- import problems: each with its message, and no file changed --------------------------


@pytest.fixture
def english(project: Leaflet) -> tuple[Leaflet, Path]:
    """The project with bold text in Danish and English, and English exported to en.xlf."""
    edit(project.words_file("ufarlig"), "4 ud af 5 personer", "**4 ud af 5 personer**")
    edit(project.words_file("ufarlig", "en"), "4 out of 5 people", "**4 out of 5 people**")
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    return project, out


def where(path: Path, pattern: str, after: str | None = None) -> str:
    """``en.xlf:LINE:COLUMN`` of the first match of ``pattern`` (after the line of ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = line_of(path, re.escape(after)) if after else 0
    for number in range(start, len(lines)):
        if (at := lines[number].find(pattern)) >= 0:
            return f"{path.name}:{number + 1}:{at + 1}"
    raise AssertionError(f"{pattern!r} not in {path}")


def change_unit(path: Path, uid: str, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f'<trans-unit id="{uid}"')
    end = text.index("</trans-unit>", start)
    part = text[start:end]
    assert old in part, (old, part)
    path.write_text(text[:start] + part.replace(old, new, 1) + text[end:], encoding="utf-8")


URL = '<x id="1" ctype="x-url" equiv-text="{url}"/>'
BOLD = '<g id="1" ctype="bold">4 out of 5 people</g>'

PROBLEMS: dict[str, tuple[Callable[[Leaflet, Path], None], list[tuple[str, str, str]]]] = {
    "unknown unit": (
        lambda p, x: change_unit(
            x, "skanning/heading", 'id="skanning/heading"', 'id="skanning/title"'
        ),
        [
            (
                "<file ",
                "",
                'the text skanning/heading of section "skanning" is missing from this file',
            ),
            (
                '<trans-unit id="skanning/title"',
                "",
                'unit "skanning/title": the leaflet has no text with this id — leaflet cannot '
                "tell where it goes; remove the unit, or export the file again",
            ),
        ],
    ),
    "missing placeholder": (
        lambda p, x: change_unit(x, "mere-inspiration/body/1", f"at {URL}</target>", "</target>"),
        [
            (
                "<target",
                '<trans-unit id="mere-inspiration/body/1"',
                'unit "mere-inspiration/body/1": the {url} placeholder (x id="1") is missing from '
                "the translation — put it back where the web address belongs",
            )
        ],
    ),
    "extra code": (
        lambda p, x: change_unit(
            x, "skanning/heading", "need a scan</target>", 'need <x id="2"/>a scan</target>'
        ),
        [
            (
                "<target",
                '<trans-unit id="skanning/heading"',
                'unit "skanning/heading": the translation has a code the source text does not '
                'have (x id="2") — remove it, or use the codes of the source text',
            )
        ],
    ),
    "unbalanced codes": (
        lambda p, x: change_unit(
            x, "ufarlig/body/1", BOLD, '<bpt id="1">**</bpt>4 out of 5 people'
        ),
        [
            (
                "<target",
                '<trans-unit id="ufarlig/body/1"',
                'unit "ufarlig/body/1": the codes are not balanced: the start code id="1" is not '
                "closed where it should be — every start code needs its end code after it, with "
                "no other code crossing them",
            )
        ],
    ),
    "wrong target language": (
        lambda p, x: edit(x, 'target-language="en"', 'target-language="da"'),
        [
            (
                "<file ",
                "",
                'this file has the target language "da", the language the leaflet is written '
                "in — set target-language to the language of the translation (like "
                'target-language="pl") in the translation tool, and save it again',
            )
        ],
    ),
    "source changed since the export": (
        lambda p, x: edit(p.words_file("skanning"), "MR-skannet", "CT-skannet"),
        [
            (
                "<source>",
                '<trans-unit id="skanning/body/1"',
                'unit "skanning/body/1": the Danish text here is not the Danish text of the '
                "leaflet now — it changed after the file was exported; export the file again "
                "(the translation tool's memory carries the translations over) and translate "
                "what changed",
            )
        ],
    ),
    "character no font has": (
        lambda p, x: change_unit(x, "skanning/heading", "a scan", "a 漢 scan"),
        [
            (
                "<target",
                '<trans-unit id="skanning/heading"',
                'unit "skanning/heading": the character "漢" (U+6F22 CJK UNIFIED IDEOGRAPH-6F22) '
                "is in none of the fonts leaflet draws with (styles/fonts/ and the brand's) — "
                "replace it, or add a font that has it",
            )
        ],
    ),
    "HTML typed as text": (
        lambda p, x: change_unit(x, "skanning/heading", "a scan", "a &lt;b&gt;scan&lt;/b&gt;"),
        [
            (
                "<target",
                '<trans-unit id="skanning/heading"',
                'unit "skanning/heading": the text contains HTML ("<b>"), which would be printed '
                "as it is typed — remove it, and for bold, italic or a link use the codes of "
                "the source text (the translation tool shows them as tags; copy them from the "
                "source)",
            )
        ],
    ),
    "bold code twice": (
        lambda p, x: change_unit(x, "ufarlig/body/1", "</target>", f" {BOLD}</target>"),
        [
            (
                "<target",
                '<trans-unit id="ufarlig/body/1"',
                'unit "ufarlig/body/1": the bold code (g id="1") around "4 ud af 5 personer" is '
                "in the translation 2 times — use it once",
            )
        ],
    ),
}


def test_what_other_tools_write_is_read_too(english: tuple[Leaflet, Path]) -> None:
    """Segment markers, <bpt>/<ept> for <g>, <ph> for <x/>, wrapped lines: all the same."""
    project, out = english
    change_unit(
        out,
        "ufarlig/body/1",
        f'">{BOLD}',
        '">\n  <mrk mtype="seg" mid="1"><bpt id="1">&lt;b&gt;</bpt>4 out of 5 people'
        '<ept id="1">&lt;/b&gt;</ept></mrk><mrk mtype="seg" mid="2">',
    )
    change_unit(out, "ufarlig/body/1", "</target>", "</mrk>\n</target>")
    change_unit(out, "mere-inspiration/body/1", URL, '<ph id="1">{url}</ph>')
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "0 of 10 files changed" in result.stdout  # the same texts as before


def test_attributes_of_another_namespace_are_not_leaflets(
    english: tuple[Leaflet, Path],
) -> None:
    """A tool's own attributes, in its own namespace: o:id is not the code's id."""
    project, out = english
    change_unit(
        out,
        "ufarlig/body/1",
        BOLD,
        BOLD.replace('ctype="bold"', 'ctype="bold" xmlns:o="urn:x-tool" o:id="7" o:ctype="lb"'),
    )
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "0 of 10 files changed" in result.stdout


@pytest.mark.parametrize("case", list(PROBLEMS))
def test_each_import_problem_is_reported_and_nothing_is_written(
    english: tuple[Leaflet, Path], case: str
) -> None:
    project, out = english
    spoil, expected = PROBLEMS[case]
    spoil(project, out)
    before = words_files(project)
    result = import_(project, out)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    wanted = [f"{where(out, pattern, after)}: {message}" for pattern, after, message in expected]
    assert lines[:-1] == wanted
    count = len(wanted)
    assert lines[-1] == (
        f"leaflet: stopped — {count} problem{'s' if count > 1 else ''} to fix; nothing was "
        "imported, no words file was changed."
    )
    assert "Traceback" not in result.output
    assert words_files(project) == before


def test_every_problem_is_reported_at_once(english: tuple[Leaflet, Path]) -> None:
    project, out = english
    for case in ("missing placeholder", "extra code", "character no font has"):
        PROBLEMS[case][0](project, out)
    before = words_files(project)
    result = import_(project, out)
    assert result.exit_code == 1
    assert "leaflet: stopped — 3 problems to fix" in result.stderr
    for uid in ("mere-inspiration/body/1",):
        assert f'unit "{uid}"' in result.stderr
    assert result.stderr.count('unit "skanning/heading"') == 2
    assert words_files(project) == before


LINKED_OUT = (
    "this is a link to {target}, outside the content/ folder — leaflet writes only inside "
    "content/: put a real folder (or file) in place of the link, with the files it should hold"
)


def test_import_writes_nothing_through_a_link_out_of_the_project(
    english: tuple[Leaflet, Path], tmp_path: Path
) -> None:
    project, out = english
    change_unit(out, "skanning/heading", "a scan", "a scan at all")
    outside = tmp_path / "outside"
    (project.folder / "en").rename(outside)
    (project.folder / "en").symlink_to(outside, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    result = import_(project, out)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        f"{project.rel(project.folder / 'en')}: " + LINKED_OUT.format(target=outside)
    )
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    # A words file that is a link out: the same, and no other file is written either.
    (project.folder / "en").unlink()
    outside.rename(project.folder / "en")
    linked = project.words_file("skanning", "en")
    linked.rename(tmp_path / "skanning.yaml")
    linked.symlink_to(tmp_path / "skanning.yaml")
    change_unit(out, "ufarlig/heading", "</target>", " (really)</target>")
    before = words_files(project)
    result = import_(project, out)
    assert result.exit_code == 1, result.output
    # Refused already when the file is read (words are not read through a link out).
    assert result.stderr.splitlines()[0].startswith(
        f"{project.rel(linked)}: this is a link to {tmp_path / 'skanning.yaml'}, outside the "
    )
    assert words_files(project) == before


DOCTYPE = (
    b'<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN"\n'
    b'  "http://www.oasis-open.org/committees/xliff/documents/xliff.dtd">'
)


def test_a_document_type_without_declarations_is_read(english: tuple[Leaflet, Path]) -> None:
    """Some tools name the XLIFF DTD; it declares nothing in the file, and is not fetched."""
    project, out = english
    text = out.read_bytes()
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    assert text.startswith(declaration)
    out.write_bytes(declaration + DOCTYPE + b"\n" + text[len(declaration) :])
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "0 of 10 files changed" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"<xliff version='1.2'><file",
            "en.xlf:1:22: this is not a readable XML file (unclosed token) — is it the XLIFF "
            "file the translation tool saved? Save it again as XLIFF 1.2",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<xliff/>',
            "en.xlf:2: the file's document type (<!DOCTYPE … [ … ]>) makes declarations of its "
            "own, which an XLIFF file does not need and leaflet does not read — save it again "
            "from the translation tool as XLIFF 1.2, or remove the <!DOCTYPE …> line",
        ),
        (
            b'<?xml version="1.0"?>\n' + DOCTYPE + b"\n<xliff>\n<file>a&nbsp;b</file></xliff>",
            "en.xlf:5:8: the file uses the entity &nbsp;, which only its document type "
            "(<!DOCTYPE …>) could say the meaning of, and leaflet does not read that — write "
            "the character itself (save the file again from the translation tool as XLIFF 1.2)",
        ),
        (
            b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>',
            "en.xlf:1:1: this is an XLIFF 2.0 file — leaflet reads XLIFF 1.2, the version it "
            "exports; save the file as XLIFF 1.2 in the translation tool",
        ),
    ],
)
def test_a_file_that_is_not_xliff_1_2(project: Leaflet, content: bytes, message: str) -> None:
    path = project.root / "en.xlf"
    path.write_bytes(content)
    before = words_files(project)
    result = import_(project, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert words_files(project) == before


def test_a_leaflet_twice_in_one_file_is_refused(english: tuple[Leaflet, Path]) -> None:
    """Two <file> elements for the same leaflet and language: which one is meant?"""
    project, out = english
    text = out.read_text(encoding="utf-8")
    start, end = text.index("  <file "), text.index("</file>") + len("</file>\n")
    first = text[start:end]
    second = first.replace("a scan", "another scan")
    out.write_text(text[:end] + second + text[end:], encoding="utf-8")
    before = words_files(project)
    result = import_(project, out)
    assert result.exit_code == 1, result.output
    line = text[:end].count("\n") + 1
    assert result.stderr.splitlines()[0] == (
        f'en.xlf:{line}:3: this <file> is for the leaflet "{LEAFLET}" in English, like the '
        "one on line 3 — keep one of them (the translation tool may have saved the file twice "
        "into one)"
    )
    assert words_files(project) == before


HEAD = (
    f'<xliff version="1.2" xmlns="{XLIFF_NS}"><file original="{LEAFLET}" '
    'source-language="da" target-language="en"><body>\n'
)


@pytest.mark.parametrize(
    ("tag", "deep"),
    [
        ("group", "<group>" * 1000 + "</group>" * 1000),
        (
            "mrk",
            '<trans-unit id="skanning/heading"><source>x</source><target>'
            + "<mrk>" * 1000
            + "x"
            + "</mrk>" * 1000
            + "</target></trans-unit>",
        ),
    ],
    ids=["groups", "markers"],
)
def test_elements_nested_too_deep_are_refused(project: Leaflet, tag: str, deep: str) -> None:
    path = project.root / "en.xlf"
    path.write_text(HEAD + deep + "\n</body></file></xliff>", encoding="utf-8")
    result = import_(project, path)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        f"en.xlf:2: this file has elements nested more than {MAX_DEPTH} deep (<{tag}> inside "
        f"<{tag}> …), far more than an XLIFF file needs — is it the file the "
        "translation tool saved? Save it again as XLIFF 1.2"
    )


def test_only_a_regular_file_is_read_and_never_more_than_the_limit(
    project: Leaflet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device or a pipe is not opened at all (reading /dev/zero would never end, opening
    a pipe would wait for a writer); a file that says it is empty is read only so far."""
    fifo = tmp_path / "pipe.xlf"
    os.mkfifo(fifo)
    for special in (Path("/dev/zero"), fifo):
        command = ["--project", str(project.root), "translate", "import", str(special)]
        done = subprocess.run(
            [sys.executable, "-m", "leaflet", *command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines()[0] == (
            f"{special}: this is not a file but a device or a pipe — give the XLIFF file "
            "the translation tool saved"
        )
    # /proc files say they are empty (st_size 0) however much they hold.
    monkeypatch.setattr(xmlread, "MAX_XML_BYTES", 100)
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0 and len(status.read_bytes()) > 100
    with pytest.raises(LeafletError, match=r"is larger than .* MB — an XLIFF file of a leaflet"):
        xmlread.parse(status)


# --- the command line --------------------------------------------------------------------


def test_export_writes_next_to_you_and_refuses_the_source_language(
    project: Leaflet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("--project", project.root, "translate", "export", "pl")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{LEAFLET}-pl.xlf").is_file()
    assert result.stdout.startswith(f"wrote {LEAFLET}-pl.xlf: 28 texts")
    source = run_cli("--project", project.root, "translate", "export", "da")
    assert source.exit_code == 1
    assert "da is the language this leaflet is written in" in source.stderr
    bad = run_cli("--project", project.root, "translate", "export", "Polish")
    assert bad.exit_code == 2 and "not a language code" in bad.output
    for command in ("export", "import"):
        helped = run_cli("translate", command, "--help")
        assert helped.exit_code == 0 and "XLIFF" in helped.stdout
