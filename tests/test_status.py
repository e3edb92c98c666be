"""``leaflet status`` and ``leaflet translate new``, on real files in copies of the project."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from helpers import LEAFLET, Leaflet, run_cli

from leaflet import content
from leaflet.content.writer import emit_map, render_scalar
from leaflet.translate.status import LANGUAGE_NAMES

NEW = "kl"  # Greenlandic: a language code no leaflet here has yet


def status(project: Leaflet, *args: str) -> Result:
    return run_cli("--project", project.root, "status", *args)


def status_json(project: Leaflet, *args: str) -> dict[str, Any]:
    result = status(project, "--json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def language(data: dict[str, Any], lang: str = NEW) -> dict[str, Any]:
    (leaflet,) = [item for item in data["leaflets"] if item["id"] == LEAFLET]
    (found,) = [item for item in leaflet["languages"] if item["lang"] == lang]
    return found


def section(data: dict[str, Any], section_id: str, lang: str = NEW) -> dict[str, Any]:
    (found,) = [s for s in language(data, lang)["sections"] if s["id"] == section_id]
    return found


def new_language(project: Leaflet, lang: str = NEW) -> Result:
    result = run_cli("--project", project.root, "translate", "new", lang)
    assert result.exit_code == 0, result.output
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def started(project: Leaflet) -> Leaflet:
    """The project with a new language NEW started by `translate new`: copies of the Danish."""
    new_language(project)
    return project


def translate_all(folder: Path) -> None:
    """Give every text of every file in ``folder`` a stand-in translation (the text and
    " (kl)"), keeping the keys, picture ids and translation: block."""

    def texts(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: v if k in ("id", "translation") else texts(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [texts(v, key) for v in value]
        return value + " (kl)" if value.strip() else value

    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        block = data.pop("translation")
        head = f"translation:\n  source: {block['source']}\n  reviewed: {block['reviewed']}\n"
        body = yaml.safe_dump(texts(data), allow_unicode=True, sort_keys=False)
        path.write_text(head + body, "utf-8")


@pytest.fixture
def translated(started: Leaflet) -> Leaflet:
    """The project with a new language NEW started by `translate new`, and every text
    translated (a stand-in: the Danish text and " (kl)")."""
    translate_all(started.folder / NEW)
    return started


# --- translate new -------------------------------------------------------------------------


def test_new_language_is_a_draft_that_loads_and_builds(started: Leaflet) -> None:
    translated = started
    settings = content.load_settings(translated.folder)
    source = content.load_edition(settings, "da")
    edition = content.load_edition(settings, NEW)  # raises on any problem
    assert edition.draft
    assert list(edition.sections) == list(source.sections)
    for section_id, made in edition.sections.items():
        assert dict(made.words) == dict(source.sections[section_id].words), section_id
        assert made.translation is not None
        assert made.translation.source == content.fingerprint(source.sections[section_id].words)
        assert made.translation.reviewed is False

    text = status(translated, "--lang", NEW)
    assert text.exit_code == 0, text.output
    row = next(line for line in text.stdout.splitlines() if line.strip().startswith(NEW))
    # A copy of the Danish is not a translation: every text is still to translate, and
    # nothing is measured for readability (it would be the Danish text's).
    expected = ["to", "translate", "–", "10/10", "ok", "0", "10", "28", "of", "28", "–"]
    assert row.split()[2:] == expected, row
    assert "changed since" not in text.stdout
    assert f"{NEW}/aarsager.yaml:21: heading: still the Danish text — translate it" in text.stdout
    assert "28 of 28 texts to translate" in text.stdout

    built = translated.build("--lang", NEW)
    assert built.exit_code == 0, built.output
    assert (translated.dist / LEAFLET / NEW / f"{LEAFLET}-{NEW}.pdf").is_file()


def test_new_file_shows_source_as_comments_and_explains(started: Leaflet) -> None:
    translated = started
    text = translated.words_file("aarsager", NEW).read_text(encoding="utf-8")
    assert "# Danish: Årsager og behandlingsmuligheder\nheading: Årsager" in text
    assert "reviewed: yes only after a second" in text
    assert "**strong**" in text and "{url}" in text
    assert "reviewed: no" in text
    # the source text of every value is there as a comment
    assert "  # Danish: For nogle kan følgende muligheder være smertelindrende:" in text


def test_new_language_twice_refuses_and_keeps_files(started: Leaflet) -> None:
    translated = started
    path = translated.words_file("aarsager", NEW)
    edit(path, "heading: Årsager og behandlingsmuligheder", "heading: Causes")
    before = path.read_text(encoding="utf-8")
    result = run_cli("--project", translated.root, "translate", "new", NEW)
    assert result.exit_code == 1, result.output
    assert f"content/{LEAFLET}/{NEW}" in result.stderr
    assert "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == before
    assert not list(translated.folder.glob(".*"))  # no staging folder left behind


def test_new_language_refuses_a_link_and_writes_nothing_outside(
    project: Leaflet, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    link = project.folder / NEW
    for target in (outside, tmp_path / "nothing-here"):  # a folder elsewhere; a broken link
        link.symlink_to(target, target_is_directory=True)
        result = run_cli("--project", project.root, "translate", "new", NEW)
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[0] == (  # the link named as itself, not its target
            f"{project.rel(link)}: this is a link to {target}, outside the content/ folder — "
            "leaflet writes "
            "only inside content/: put a real folder (or file) in place of the link, with the "
            "files it should hold"
        )
        link.unlink()
    assert list(outside.iterdir()) == [] and not (tmp_path / "nothing-here").exists()
    # A leaflet folder that is itself a link out of the project.
    moved = tmp_path / "elsewhere"
    project.folder.rename(moved)
    project.folder.symlink_to(moved, target_is_directory=True)
    result = run_cli("--project", project.root, "translate", "new", NEW)
    assert result.exit_code == 1, result.output
    assert f"{project.rel(project.folder)}: this is a link to {moved}, outside" in result.stderr
    assert not (moved / NEW).exists() and not list(moved.glob(".*"))
    # A link that stays inside content/ is a folder that exists already.
    project.folder.unlink()
    moved.rename(project.folder)
    link.symlink_to(project.folder / "en", target_is_directory=True)
    result = run_cli("--project", project.root, "translate", "new", NEW)
    assert result.exit_code == 1, result.output
    assert "a link named " + NEW + "/ already exists — nothing was changed" in result.stderr


@pytest.mark.parametrize("code", ["EN", "english", "e n", "../da"])
def test_new_language_refuses_a_bad_code(project: Leaflet, code: str) -> None:
    result = run_cli("--project", project.root, "translate", "new", code)
    assert result.exit_code == 2, result.output
    assert "not a language code" in result.output
    assert not (project.folder / code).exists()


@pytest.mark.parametrize(
    ("code", "meant"),
    [
        ("english", "English is en"),
        ("Danish", "Danish is da"),
        ("dansk", "dansk (Danish) is da"),
        ("dk", "its language is da"),
    ],
)
def test_a_language_name_or_country_code_says_which_code_to_write(
    project: Leaflet, code: str, meant: str
) -> None:
    result = run_cli("--project", project.root, "translate", "new", code)
    assert result.exit_code == 2, result.output
    assert meant in result.output
    assert not (project.folder / code).exists()


def test_source_language_cannot_be_started_again(project: Leaflet) -> None:
    result = run_cli("--project", project.root, "translate", "new", "da")
    assert result.exit_code == 1
    assert "already exists" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "1.10",
        "08",
        "a: b",
        "#hashtag",
        "- not a list",
        "> not folded",
        "|pipe",
        "@at",
        "`tick`",
        "%percent",
        "**vigtigt**: læs dette",
        "*vigtigt*",
        "[rn.dk](https://rn.dk) og {url}",
        'it\'s a "quoted" word',
        'back\\slash and "quotes": too',
        "   leading and trailing   ",
        "two  spaces  " * 12 + "end",
        "ord " * 60 + "slut",
        "line\u2028separator in a long text " * 5,
        "tab\tinside " * 10,
        "Til dig, der\nhar smerter i\nlænderyggen\n",
        "no newline at end\nsecond line",
        "  indented first line\nsecond",
        "two trailing newlines\n\n",
        "\nleading newline",
        "",
    ],
)
def test_written_values_read_back_exactly(text: str) -> None:
    for indent in (2, 4, 8):
        lines = render_scalar(text, indent, indent)
        document = "\n".join(["key: " + lines[0], *lines[1:]]) + "\n"
        assert yaml.load(document, Loader=yaml.BaseLoader) == {"key": text}, document


LONG = (
    "Medicinen virker kun, så længe du tager den. De fleste slags medicin holder op med at "
    "virke efter et til to døgn, hvis du glemmer at tage den."
)


@pytest.mark.parametrize(
    "item",
    [
        {"note": LONG},
        {"warning": {"heading": "Ring 112, hvis du", "body": [{"list": [LONG]}]}},
        {"picture": {"id": "eksempel", "alt": LONG}},
        {"questions": [{"question": "Hvad så?", "answer": LONG}]},
    ],
    ids=["note", "warning", "picture", "questions"],
)
def test_a_block_after_a_folded_paragraph_keeps_its_comment_out_of_it(
    item: dict[str, Any],
) -> None:
    """The source-text comment above a block (``- note: …``) goes at the dash, where it
    ends the folded paragraph before it; indented further it would be read as more of
    that paragraph's text."""
    words = {"heading": "Hvorfor?", "body": [LONG, item, item]}
    lines: list[str] = []
    emit_map(words, 0, "Danish", lines)
    document = "\n".join(lines) + "\n"
    assert yaml.load(document, Loader=yaml.BaseLoader) == words, document


def test_new_language_of_a_paragraph_then_a_note(project: Leaflet) -> None:
    """A paragraph that folds over lines, then a note: what a leaflet often has."""
    project.write_words("aarsager", {**project.words("aarsager"), "body": [LONG, {"note": LONG}]})
    new_language(project)
    assert project.words_file("aarsager", NEW).is_file()


# --- status ---------------------------------------------------------------------------------


def test_changed_source_is_listed_but_rewrapping_is_not(translated: Leaflet) -> None:
    danish = translated.words_file("aarsager")
    edit(danish, "blanding af årsager. Det er ofte", "blanding af grunde. Det er ofte")
    # only the wrapping of ufarlig changes: the same words, other line breaks
    edit(
        translated.words_file("ufarlig"),
        "i ryggen på et tidspunkt i deres liv.\n    Lænde-",
        "i ryggen på et\n    tidspunkt i deres liv. Lænde-",
    )
    data = status_json(translated, "--lang", NEW)
    changed = section(data, "aarsager")
    assert changed["changed"] is True
    assert changed["state"] == "changed"
    assert changed["source_fingerprint"] != changed["recorded_fingerprint"]
    assert section(data, "ufarlig")["changed"] is False
    assert language(data)["counts"]["changed"] == 1
    assert language(data)["state"] == "draft"
    assert language(data)["counts"]["texts_changed"] == 5  # the texts of aarsager

    text = status(translated, "--lang", NEW).stdout
    assert (
        f"{NEW}/aarsager.yaml: the Danish text changed since this was translated — compare "
        f"and update, then set source: {changed['source_fingerprint']}"
    ) in text
    assert f"{NEW}/ufarlig.yaml: the Danish" not in text


def test_missing_file_and_keys_extra_keys_and_counts(started: Leaflet) -> None:
    translated = started
    translated.words_file("skanning", NEW).unlink()
    edit(translated.words_file("hverdag", NEW), "\nheading:", "\noverskrift:")
    edit(translated.words_file("tag-kontrol", NEW), "  soevnvaner: Sunde søvnvaner\n", "")
    dialog = translated.words_file("dialog", NEW)
    dialog.write_text(dialog.read_text(encoding="utf-8") + "  - Et ekstra afsnit.\n", "utf-8")
    edit(translated.words_file("aarsager", NEW), "      - fysisk aktivitet", "      - fysisk")

    data = status_json(translated, "--lang", NEW)
    lang = language(data)
    assert lang["state"] == "incomplete"
    assert section(data, "skanning")["state"] == "missing"
    assert section(data, "hverdag")["keys_missing"] == ["heading"]
    assert section(data, "hverdag")["keys_extra"] == ["overskrift"]
    assert section(data, "tag-kontrol")["keys_missing"] == ["themes.soevnvaner"]
    assert section(data, "dialog")["differences"] == [
        {"key": "body", "what": "blocks", "here": 2, "source": 1}
    ]
    assert section(data, "aarsager")["differences"] == []  # same number of items
    counts = lang["counts"]
    assert (counts["missing"], counts["keys_missing"], counts["keys_extra"]) == (1, 2, 1)

    text = status(translated, "--lang", NEW).stdout
    assert f"{NEW}/skanning.yaml: missing" in text
    assert f"{NEW}/hverdag.yaml: heading: is missing — the Danish file has it" in text
    assert f"{NEW}/hverdag.yaml: overskrift: is not a key leaflet knows here" in text
    assert f'{NEW}/tag-kontrol.yaml: the label for "soevnvaner" under themes: is missing' in text
    assert re.search(
        rf"{NEW}/dialog.yaml:\d+: the Danish text has 1 block here; this file has 2 — remove "
        "the extra block or ask for the Danish text to change",
        text,
    )
    assert re.search(r"incomplete  LIX \d+ (easy|medium|hard) +9/10", text), text


def test_fewer_list_items_and_no_translation_block(started: Leaflet) -> None:
    translated = started
    path = translated.words_file("aarsager", NEW)
    edit(path, "      - fysisk aktivitet eller træning, som fx gåture og øvelser\n", "")
    ufarlig = translated.words_file("ufarlig", NEW)
    text = ufarlig.read_text(encoding="utf-8")
    ufarlig.write_text(text[text.index("\nheading:") + 1 :], encoding="utf-8")  # no block at all

    data = status_json(translated, "--lang", NEW)
    assert section(data, "aarsager")["differences"] == [
        {"key": "body[3].list", "what": "list items", "here": 1, "source": 2}
    ]
    assert section(data, "ufarlig")["changed"] is True
    assert section(data, "ufarlig")["recorded_fingerprint"] is None
    text = status(translated, "--lang", NEW).stdout
    assert (
        ": the Danish text has 2 list items here; this file has 1 — add the missing list item "
        "or ask for the Danish text to change"
    ) in text
    assert f"{NEW}/ufarlig.yaml: cannot tell which Danish text" in text


def test_all_reviewed(translated: Leaflet) -> None:
    for path in (translated.folder / NEW).glob("*.yaml"):
        edit(path, "\n  reviewed: no", "\n  reviewed: yes")
    data = status_json(translated, "--lang", NEW)
    assert language(data)["state"] == "reviewed"
    assert language(data)["counts"]["not_reviewed"] == 0
    text = status(translated, "--lang", NEW).stdout
    row = next(line for line in text.splitlines() if line.strip().startswith(NEW))
    assert row.split()[2] == "reviewed"
    assert "not reviewed yet" not in text and "none of the" not in text

    # a Danish change makes it a draft again
    edit(translated.words_file("dialog"), "vigtigt skridt", "stort skridt")
    assert language(status_json(translated, "--lang", NEW))["state"] == "draft"


def test_broken_file_is_reported_and_the_rest_shown(translated: Leaflet) -> None:
    broken = translated.words_file("dialog", NEW)
    broken.write_text("body:\n  - Dialog: det er godt\n   forkert: indrykning\n", "utf-8")
    result = status(translated)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{NEW}/dialog.yaml: cannot be read (line " in out
    assert "da  Danish" in out and "source" in out
    assert f"{NEW}  {NEW}" in out and "incomplete" in out
    data = status_json(translated)
    assert section(data, "dialog")["state"] == "unreadable"
    assert section(data, "dialog")["error"].startswith("line ")
    assert section(data, "aarsager")["state"] == "draft"
    assert language(data, "da")["state"] == "source"


def test_json_structure(translated: Leaflet) -> None:
    data = status_json(translated)
    assert set(data) == {"today", "days_ahead", "catalogue", "leaflets", "problems"}
    assert data["problems"] == []
    (leaflet,) = data["leaflets"]
    assert set(leaflet) == {"id", "title", "folder", "source_language", "review", "languages"}
    assert leaflet["review"] == "2028-11-26"
    assert leaflet["folder"] == f"content/{LEAFLET}"
    assert leaflet["languages"][0]["lang"] == "da"
    assert leaflet["languages"][0]["source"] is True
    lang = language(data)
    assert set(lang) == {
        "lang",
        "name",
        "source",
        "state",
        "counts",
        "sections",
        "extra_files",
        "room_lines",
        "room_current",
        "layout_notes",
        "does_not_fit",
        "readability",
    }
    assert set(lang["counts"]) == {
        "sections",
        "present",
        "missing",
        "unreadable",
        "keys_missing",
        "keys_extra",
        "differences",
        "changed",
        "not_reviewed",
        "texts",
        "texts_to_translate",
        "texts_changed",
        "texts_translated",
        "texts_reviewed",
    }
    assert set(lang["sections"][0]) == {
        "id",
        "file",
        "state",
        "error",
        "source_fingerprint",
        "recorded_fingerprint",
        "changed",
        "reviewed",
        "keys_missing",
        "keys_extra",
        "differences",
        "texts",
        "texts_to_translate",
        "texts_changed",
        "texts_translated",
        "texts_reviewed",
        "to_translate",
        "reviewed_by",
        "reviewed_on",
    }
    assert lang["sections"][0]["file"] == f"{NEW}/forside.yaml"
    assert [s["id"] for s in lang["sections"]][:2] == ["forside", "ufarlig"]


def test_status_options(project: Leaflet) -> None:
    # a value that is no language code or no name is a misused command line (2); a
    # leaflet or language the project does not have is a problem with the content (1)
    assert status(project, "--lang", "E N").exit_code == 2
    assert status(project, "--leaflet", "../x").exit_code == 2
    assert status(project, "--leaflet", "nosuch").exit_code == 1
    absent = json.loads(status(project, "--json", "--lang", "pl").stdout)
    assert language(absent, "pl")["state"] == "absent"
    assert any("has no language pl" in p["message"] for p in absent["problems"])
    shown = status(project, "--lang", "pl")
    assert shown.exit_code == 1
    assert "leaflet translate new pl" in shown.stdout
    assert "has no language pl" in shown.stderr
    assert LANGUAGE_NAMES["pl"] == "Polish"


def test_broken_leaflet_yaml_is_exit_1(project: Leaflet) -> None:
    edit(project.settings_file, "source_language: da", "source_language: [da")
    result = status(project)
    assert result.exit_code == 1, result.output
    assert "leaflet.yaml:" in result.stderr
