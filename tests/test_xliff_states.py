"""What translators can trust: a copy is not a translation, no edit is lost, CAT tools
read the state, PO as a second format, the review recorded.

translate-toolkit (the library Weblate and Pootle are built on) is the independent
reader and writer: its ``pocount`` counts must match ``leaflet status``, files it
changes and saves must import, and every exported XLIFF file must validate against the
XLIFF 1.2 strict schema (kept in tests/fixtures/xliff-1.2, validated with no network).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import polib
import pytest
from helpers import LEAFLET, Leaflet, page_texts, run_cli
from lxml import etree
from test_xliff import XLIFF_NS, edit, export, fill, import_, polish, store, unit_id, words_files
from translate.storage import po as ttk_po
from translate.tools.pocount import calcstats

SCHEMAS = Path(__file__).parent / "fixtures" / "xliff-1.2"


def status_of(project: Leaflet, lang: str) -> dict[str, Any]:
    result = run_cli("--project", project.root, "status", "--json", "--lang", lang)
    assert result.exit_code == 0, result.output
    (found,) = json.loads(result.stdout)["leaflets"][0]["languages"]
    return found


class _Local(etree.Resolver):
    """The XML namespace's schema from the fixtures: never fetched."""

    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        if Path(url).parent == SCHEMAS:  # the schema itself
            return None
        raise AssertionError(f"the schema asks for {url}, which is not kept here")


def strict_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_Local())
    tree = etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser)
    return etree.XMLSchema(tree)


def assert_valid(path: Path) -> None:
    schema = strict_schema()
    document = etree.parse(str(path), etree.XMLParser(no_network=True))
    assert schema.validate(document), schema.error_log


# --- a copy is not a translation -----------------------------------------------------------


def test_a_copy_is_to_translate_everywhere_and_gets_no_print_file(project: Leaflet) -> None:
    assert run_cli("--project", project.root, "translate", "new", "pl").exit_code == 0
    pl = project.folder / "pl"
    for path in pl.glob("*.yaml"):  # even marked reviewed, a copy is not a translation
        edit(path, "reviewed: no", "reviewed: yes")
    lang = status_of(project, "pl")
    assert lang["state"] == "to translate"
    assert (lang["counts"]["texts"], lang["counts"]["texts_to_translate"]) == (28, 28)
    assert lang["readability"]["value"] is None  # nothing of it is Polish yet
    text = run_cli("--project", project.root, "status", "--lang", "pl").stdout
    assert "pl/aarsager.yaml:21: heading: still the Danish text — translate it" in text

    result, out = export(project, "pl")
    assert result.exit_code == 0, result.output
    assert "— 28 to translate, 0 changed in Danish since translated, 0 translated" in result.stdout
    assert all(u.target in (None, "") for u in store(out).units)
    assert calcstats(str(out))["untranslated"] == 28

    built = project.build("--lang", "pl")
    assert built.exit_code == 0, built.output
    assert not (project.dist / LEAFLET / "pl" / f"{LEAFLET}-pl-print.pdf").exists()
    assert "no print file: 28 texts of this Polish translation are still to translate" in (
        built.stdout
    )
    where = f"content/{LEAFLET}/pl/aarsager.yaml:21: heading: still the Danish text"
    assert f"note: {where} — translate it" in built.stdout
    proof = project.build("--lang", "pl", "--draft-print")
    assert proof.exit_code == 0, proof.output
    print_pdf = project.dist / LEAFLET / "pl" / f"{LEAFLET}-pl-print.pdf"
    assert "DRAFT" in "".join(page_texts(print_pdf))

    # One text translated: one fewer to translate.
    edit(pl / "aarsager.yaml", "heading: Årsager og", "heading: Przyczyny i")
    assert status_of(project, "pl")["counts"]["texts_to_translate"] == 27
    # A copy stays a copy when its letters are in another Unicode form (å as a and a
    # combining ring, as some editors and macOS file names write it) or its words are
    # spaced otherwise: compared after NFC and with white space collapsed.
    heading = "heading: Få hjælp til at opretholde så normal en hverdag som muligt"
    decomposed = unicodedata.normalize("NFD", heading)
    assert decomposed != heading
    edit(pl / "hverdag.yaml", heading, decomposed)
    assert status_of(project, "pl")["counts"]["texts_to_translate"] == 27
    edit(pl / "hverdag.yaml", decomposed, heading.replace(" til at ", "  til   at "))
    assert status_of(project, "pl")["counts"]["texts_to_translate"] == 27


def test_a_text_the_same_on_purpose_is_marked_and_survives_round_trips(project: Leaflet) -> None:
    """en/bagside.yaml lists version_label under same: ("Version" is English too)."""
    en = status_of(project, "en")
    assert en["counts"]["texts_to_translate"] == 0
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    units = {unit_id(u): u for u in store(out).units}
    assert units["bagside/version_label"].xmlelement.get("extradata") == "same-as-source"
    assert units["bagside/version_label"].target == "Version"
    assert_valid(out)
    # Without the mark, the same text is a copy: to translate.
    bagside = project.words_file("bagside", "en")
    marked = bagside.read_text(encoding="utf-8")
    edit(bagside, "  same:\n    - version_label", "")
    assert status_of(project, "en")["counts"]["texts_to_translate"] == 1
    # The file exported with the mark brings it back.
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "same:\n    - version_label" in bagside.read_text(encoding="utf-8")
    assert status_of(project, "en")["counts"]["texts_to_translate"] == 0
    # And through PO: the flag ignore-same.
    bagside.write_text(marked, encoding="utf-8")
    po_out = project.root / "en.po"
    made = run_cli("--project", project.root, "translate", "export", "en", "-o", po_out)
    assert made.exit_code == 0, made.output
    entry = polib.pofile(str(po_out)).find("bagside/version_label", by="msgctxt")
    assert entry is not None and "ignore-same" in entry.flags
    edit(bagside, "  same:\n    - version_label", "")
    assert import_(project, po_out).exit_code == 0
    assert status_of(project, "en")["counts"]["texts_to_translate"] == 0


# --- state as CAT tools read it ----------------------------------------------------------


def _mixed_english(project: Leaflet) -> None:
    """English with texts in every state: reviewed files, a changed Danish text, a copy
    of the Danish text."""
    for section in ("ufarlig", "skanning", "aarsager"):
        edit(project.words_file(section, "en"), "reviewed: no", "reviewed: yes")
    edit(project.words_file("skanning"), "MR-skannet", "MR-skannet eller CT-skannet")
    edit(
        project.words_file("hverdag", "en"),
        "heading: Get help to keep your daily life as normal as possible",
        "heading: Få hjælp til at opretholde så normal en hverdag som muligt",
    )


def test_pocount_counts_what_status_counts(project: Leaflet) -> None:
    _mixed_english(project)
    counts = status_of(project, "en")["counts"]
    texts = (
        counts["texts_to_translate"],
        counts["texts_changed"],
        counts["texts_translated"],
        counts["texts_reviewed"],
    )
    assert all(texts) and sum(texts) == counts["texts"] == 28, counts
    todo, changed, translated, reviewed = texts

    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    assert_valid(out)
    stats = calcstats(str(out))
    assert stats["total"] == 28
    assert stats["untranslated"] == todo
    assert stats["translated"] == reviewed  # approved="yes": translated for translate-toolkit
    assert stats["fuzzy"] == changed + translated  # a target not approved
    extended = {k: v["units"] for k, v in stats["extended"].items()}
    assert extended == {
        "empty": todo,
        "needs-work": changed,
        "unreviewed": translated,
        "final": reviewed,
    }

    po_out = project.root / "en.po"
    made = run_cli("--project", project.root, "translate", "export", "en", "-o", po_out)
    assert made.exit_code == 0, made.output
    stats = calcstats(str(po_out))
    assert (stats["total"], stats["untranslated"], stats["fuzzy"]) == (28, todo, changed)
    assert stats["translated"] == translated + reviewed  # PO has no approval


def test_export_validates_and_notes_are_the_developers(project: Leaflet) -> None:
    _mixed_english(project)
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    assert_valid(out)
    unit = next(u for u in store(out).units if unit_id(u) == "ufarlig/heading")
    assert 'Section "ufarlig"' in unit.getnotes("developer")
    # xliff2po keeps them, as the comments a PO editor shows
    from translate.convert import xliff2po

    po_path = project.root / "via-xliff2po.po"
    with out.open("rb") as source, po_path.open("wb") as target:
        xliff2po.convertxliff(source, target, None)
    converted = ttk_po.pofile.parsefile(str(po_path))
    notes = [u.getnotes("developer") for u in converted.units]
    assert any('Section "ufarlig": the heading of the section.' in n for n in notes), notes[:3]


def test_a_file_changed_by_translate_toolkit_and_approved_only_imports_as_reviewed(
    project: Leaflet,
) -> None:
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    found = store(out)
    for unit in found.units:
        if unit_id(unit).startswith("ufarlig/"):
            unit.target = str(unit.target) + " (checked)"
            target = unit.xmlelement.find(f"{{{XLIFF_NS}}}target")
            target.attrib.pop("state", None)  # as Weblate may leave it: approved only
            unit.markapproved(True)
    out.write_bytes(bytes(found))
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    ufarlig = project.words_file("ufarlig", "en").read_text(encoding="utf-8")
    assert "  reviewed: yes\n" in ufarlig and "(checked)" in ufarlig
    assert f"  reviewed_on: {datetime.date.today().isoformat()}" in ufarlig
    assert "  reviewed: no\n" in project.words_file("skanning", "en").read_text(encoding="utf-8")


# --- no translator's work is lost --------------------------------------------------------


def test_an_edit_made_after_the_export_is_kept_and_reported(project: Leaflet) -> None:
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    skanning = project.words_file("skanning", "en")
    edit(skanning, "heading: You rarely need a scan", "heading: A scan is rarely needed")
    fill(
        out,
        change=lambda s: s.upper(),
        only=lambda uid: uid in ("skanning/heading", "ufarlig/heading"),
        from_target=True,
    )
    result = import_(project, out)
    assert result.exit_code == 1, result.output
    line = (
        skanning.read_text(encoding="utf-8").splitlines().index("heading: A scan is rarely needed")
    )
    assert result.stderr.splitlines()[0] == (
        f"content/{LEAFLET}/en/skanning.yaml:{line + 1}: skanning/heading: changed here since "
        "the export, so it was kept — this file has “A scan is rarely needed”, the imported "
        "file has “YOU RARELY NEED A SCAN”; merge them by hand, or import again with "
        "--overwrite to take the imported text"
    )
    assert "heading: A scan is rarely needed" in skanning.read_text(encoding="utf-8")
    ufarlig = project.words_file("ufarlig", "en").read_text(encoding="utf-8")
    assert "LOWER BACK PAIN IS USUALLY" in ufarlig.upper() and "heading: LOWER" in ufarlig
    again = run_cli("--project", project.root, "translate", "import", out, "--overwrite")
    assert again.exit_code == 0, again.output
    assert "heading: YOU RARELY NEED A SCAN" in skanning.read_text(encoding="utf-8")
    # the kept text was not imported, and the summary counts it so
    counted = re.compile(r"^imported (\d+) texts")
    every = int(counted.findall(again.stdout)[0])
    assert result.stdout.startswith(f"imported {every - 1} texts"), result.stdout
    assert "; 1 text kept, edited here since the export" in result.stdout.splitlines()[0]


def test_a_copy_of_the_source_text_is_no_edit_to_keep(project: Leaflet) -> None:
    """A new language exported, the agency's first file back with no translations (an
    import writes the Danish text into the new folder as a start), then their finished
    file of the same export: every text is imported. The Danish copies were leaflet's
    own start, not a translator's edit; each was kept and called "changed here since the
    export", and nothing could be imported without --overwrite."""
    result, out = export(project, "pl")
    assert result.exit_code == 0, result.output
    empty = import_(project, out)
    assert empty.exit_code == 0, empty.output
    assert "have no translation in the file" in empty.stdout, empty.stdout
    fill(out)
    result = import_(project, out)
    assert result.exit_code == 0, result.output
    assert "changed here since the export" not in result.output, result.output
    skanning = project.words_file("skanning", "pl").read_text(encoding="utf-8")
    assert polish("You rarely need a scan") not in skanning  # the Danish, in Polish letters
    assert "heading: " + polish(plain_heading(project.words_file("skanning", "da"))) in skanning, (
        skanning
    )


def plain_heading(path: Path) -> str:
    line = next(
        x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("heading:")
    )
    return line.removeprefix("heading:").strip()


def test_without_a_record_a_translation_is_not_replaced(project: Leaflet) -> None:
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    shutil.rmtree(project.root / ".leaflet")  # exported elsewhere, say
    fill(out, change=lambda s: s.upper(), only=lambda u: u == "skanning/heading", from_target=True)
    before = words_files(project)
    result = import_(project, out)
    assert result.exit_code == 1, result.output
    assert "this project has no record of the export this file was made by" in result.stdout
    assert "skanning/heading: changed here since the export, so it was kept" in result.stderr
    assert words_files(project) == before


def test_a_folder_that_cannot_be_written_is_named(
    project: Leaflet, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, out = export(project, "en")
    assert result.exit_code == 0, result.output
    fill(out, change=lambda s: s + "!", only=lambda u: u == "skanning/heading", from_target=True)
    folder = project.folder / "en"
    if os.geteuid() == 0:  # root writes anywhere: the system's refusal, as it comes
        import tempfile

        def refused(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(13, "Permission denied", str(kwargs.get("dir", folder)))

        monkeypatch.setattr(tempfile, "mkstemp", refused)
    else:
        folder.chmod(0o555)
    try:
        result = import_(project, out)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert result.stderr.splitlines()[0].startswith(
        f"content/{LEAFLET}/en: leaflet may not write into this folder, so nothing was imported"
    )


# --- PO as a second exchange format -------------------------------------------------------

_PLACEHOLDER = re.compile(r"(</?[bia]\d+>|\{url\})")


def _polish_po(text: str) -> str:
    return "".join(p if _PLACEHOLDER.fullmatch(p) else polish(p) for p in _PLACEHOLDER.split(text))


def test_po_round_trip_with_placeholders(project: Leaflet) -> None:
    edit(project.words_file("ufarlig"), "4 ud af 5 personer", "**4 ud af 5 personer**")
    po_out = project.root / "pl.po"
    made = run_cli("--project", project.root, "translate", "export", "pl", "-o", po_out)
    assert made.exit_code == 0, made.output
    po = polib.pofile(str(po_out))
    assert po.metadata["Language"] == "pl" and po.metadata["X-Leaflet"] == LEAFLET
    entry = po.find("ufarlig/body/1", by="msgctxt")
    assert entry is not None and entry.msgid.startswith("<b1>4 ud af 5 personer</b1>")
    assert 'placeholders:"<b1>":"</b1>"' in entry.flags
    assert 'Section "ufarlig"' in entry.comment
    url = po.find("mere-inspiration/body/1", by="msgctxt")
    assert url is not None and "{url}" in url.msgid
    # translate-toolkit reads it too, and counts it
    assert calcstats(str(po_out))["untranslated"] == 28
    for entry in po:
        entry.msgstr = _polish_po(entry.msgid)
    po.save(str(po_out))
    result = import_(project, po_out)
    assert result.exit_code == 0, result.output
    assert status_of(project, "pl")["counts"]["texts_to_translate"] == 0
    ufarlig = project.words_file("ufarlig", "pl").read_text(encoding="utf-8")
    assert "**" + polish("4 ud af 5 personer") + "**" in ufarlig
    assert run_cli("--project", project.root, "check", "--lang", "pl").exit_code == 0
    # reviewed is a flag: a file is reviewed when every entry has it, and an entry that is
    # also fuzzy (Weblate's "needs editing") is not reviewed
    ufarlig_pl = project.words_file("ufarlig", "pl")
    po = polib.pofile(str(po_out))
    mine = [e for e in po if e.msgctxt.startswith("ufarlig/")]
    for entry in mine:
        entry.flags.append("reviewed")
    mine[0].flags.append("fuzzy")
    po.save(str(po_out))
    assert import_(project, po_out).exit_code == 0
    assert "  reviewed: no\n" in ufarlig_pl.read_text(encoding="utf-8")
    mine[0].flags.remove("fuzzy")
    po.save(str(po_out))
    assert import_(project, po_out).exit_code == 0
    assert "  reviewed: yes\n" in ufarlig_pl.read_text(encoding="utf-8")
    # a placeholder lost in the translation: refused at the entry's line, in PO's words
    po = polib.pofile(str(po_out))
    entry = po.find("ufarlig/body/1", by="msgctxt")
    entry.msgstr = entry.msgstr.replace("</b1>", "")
    po.save(str(po_out))
    before = words_files(project)
    result = import_(project, po_out)
    assert result.exit_code == 1
    assert 'unit "ufarlig/body/1": the placeholders are not balanced' in result.stderr
    assert re.match(r"pl\.po:\d+:1: ", result.stderr)
    assert words_files(project) == before


# --- unbalanced markup, the review record ---------------------------------------------------


def test_bold_that_never_closes_is_reported(project: Leaflet) -> None:
    edit(project.words_file("dialog", "en"), "important step", "**important step")
    result = run_cli("--project", project.root, "check", "--lang", "en")
    assert result.exit_code == 1
    assert re.search(
        r"en/dialog\.yaml:\d+:\d+: \"\*\*\" in \".*important st\" starts bold text that is "
        r"never closed",
        result.stderr,
    ), result.stderr
    edit(project.words_file("dialog", "en"), "**important step", "important step")
    result, out = export(project, "en")
    fill(out, change=lambda s: s.replace("You rarely", "**You rarely"), from_target=True,
         only=lambda u: u == "skanning/heading")  # fmt: skip
    result = import_(project, out)
    assert result.exit_code == 1
    assert 'unit "skanning/heading": "**" in "**You rarely n" starts bold text' in result.stderr


def test_the_review_is_recorded_shown_and_printed(project: Leaflet) -> None:
    for path in (project.folder / "en").glob("*.yaml"):
        edit(
            path,
            "reviewed: no",
            "reviewed: yes\n  reviewed_by: Anna Berg\n  reviewed_on: 2026-11-20",
        )
    text = run_cli("--project", project.root, "status", "--lang", "en").stdout
    assert "reviewed by Anna Berg on 2026-11-20: every file" in text
    assert status_of(project, "en")["state"] == "reviewed"
    edit(
        project.words_file("bagside"),
        "review_label:",
        "translation_reviewed_label: Oversat\nreview_label:",
    )
    edit(
        project.words_file("bagside", "en"),
        "review_label:",
        "translation_reviewed_label: Translation checked\nreview_label:",
    )
    edit(project.words_file("bagside", "en"), "source: 625615499a2b", "source: " + _fp(project))
    # files reviewed on different days: the translation was checked on the last of them
    edit(project.words_file("skanning", "en"), "reviewed_on: 2026-11-20", "reviewed_on: 2026-11-24")
    built = project.build("--lang", "en")
    assert built.exit_code == 0, built.output
    pdf = project.dist / LEAFLET / "en" / f"{LEAFLET}-en.pdf"
    back = page_texts(pdf)[-1]
    assert "Translation checked" in back and "24 November 2026" in back, back
    assert _reviewed_on(project) == "2026-11-24"
    # a text of it back to the Danish: a draft, whose review date is not printed
    heading = "heading: Få hjælp til at opretholde så normal en hverdag som muligt"
    hverdag = project.words_file("hverdag", "en")
    english = next(line for line in hverdag.read_text("utf-8").splitlines() if "heading:" in line)
    edit(hverdag, english, heading)
    assert _reviewed_on(project) is None
    edit(hverdag, heading, english)
    # reviewed: no with a record of a review is a contradiction, at its line
    edit(project.words_file("ufarlig", "en"), "reviewed: yes", "reviewed: no")
    check = run_cli("--project", project.root, "check", "--lang", "en")
    assert check.exit_code == 1
    assert "en/ufarlig.yaml:4:3: reviewed_by: and reviewed_on: record who checked" in check.stderr


def _reviewed_on(project: Leaflet) -> str | None:
    """The review date the back page of the English edition would print (None: none)."""
    from leaflet import content

    edition = content.load_edition(content.load_settings(project.folder), "en")
    return edition.reviewed_on.isoformat() if edition.reviewed_on is not None else None


def _fp(project: Leaflet) -> str:
    from leaflet.content import fingerprint, yamlfile

    return fingerprint(yamlfile.load(project.words_file("bagside")))
