"""Layout notes and the room left: one message and one number, wherever they are shown.

A leaflet made by `leaflet new` whose second section asks for a new page: page 2 then
ends early, and the build says so, with the page and what to do. ``leaflet status``,
``leaflet check`` and ``leaflet serve`` show the same note from the manifest, and the
same number of lines of room left as the manifest records.
"""

from __future__ import annotations

import http.client
import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_project, once_per_run, run_cli
from serving import serving

NOTE = re.compile(
    r'page 2 ends \d+% early because section "goer-selv" starts a new page '
    r"\(new_page: yes in leaflet\.yaml\) — write about \d+ lines? more before it, or "
    r"remove new_page: yes"
)


def _make(folder: Path) -> None:
    root = copy_project(folder / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        assert run_cli("--project", root, "new", "pjece").exit_code == 0
        settings = root / "content" / "pjece" / "leaflet.yaml"
        text = settings.read_text("utf-8")
        settings.write_text(
            text.replace(
                "  goer-selv:\n    kind: text\n",
                "  goer-selv:\n    kind: text\n    new_page: yes\n",
            ),
            "utf-8",
        )
        result = run_cli("--project", root, "build", "--leaflet", "pjece")
    assert result.exit_code == 0, result.output
    (folder / "output.txt").write_text(result.output, "utf-8")


@pytest.fixture(scope="module")
def noted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(project, what the build printed), built once per test run."""
    folder = once_per_run(tmp_path_factory, "noted", _make)
    return folder / "project", (folder / "output.txt").read_text("utf-8")


def screen_facts(root: Path) -> dict[str, Any]:
    manifest = json.loads((root / "dist" / "manifest.json").read_text("utf-8"))
    entry = next(f for f in manifest["files"] if f["path"] == "pjece/da/pjece-da.pdf")
    return dict(entry["layout"])


def test_the_build_notes_the_short_page_and_what_to_do(noted: tuple[Path, str]) -> None:
    _, output = noted
    line = next(x for x in output.splitlines() if "layout:" in x)
    assert line.startswith("note: content/pjece/da/goer-selv.yaml: layout: "), line
    assert NOTE.search(line), line


def test_the_manifest_keeps_the_note_and_whole_lines_of_room(noted: tuple[Path, str]) -> None:
    root, _ = noted
    facts = screen_facts(root)
    assert isinstance(facts["room_lines"], int) and facts["room_lines"] >= 0
    note = next(n for n in facts["notes"] if n["page"] == 2)
    assert note["page"] == 2 and note["path"] == "content/pjece/da/goer-selv.yaml"
    assert NOTE.fullmatch(note["message"]), note


def test_status_shows_the_same_note_and_number(noted: tuple[Path, str]) -> None:
    root, _ = noted
    facts = screen_facts(root)
    data = json.loads(run_cli("--project", root, "status", "--json", "--leaflet", "pjece").stdout)
    language = data["leaflets"][0]["languages"][0]
    assert language["room_lines"] == facts["room_lines"]
    assert any(NOTE.search(note) for note in language["layout_notes"])
    table = run_cli("--project", root, "status", "--leaflet", "pjece").stdout
    lines = facts["room_lines"]
    assert f"{lines} line{'' if lines == 1 else 's'}" in table
    assert "layout: content/pjece/da/goer-selv.yaml: page 2 ends" in table


def test_check_shows_the_note_of_the_last_build(noted: tuple[Path, str]) -> None:
    root, _ = noted
    result = run_cli("--project", root, "check", "--leaflet", "pjece")
    assert result.exit_code == 0, result.output  # a note stops nothing
    line = next(x for x in result.stdout.splitlines() if "page 2 ends" in x)
    assert line.startswith("layout (pjece da, from the last build): content/pjece/da/goer-selv")
    assert NOTE.search(line)


def test_serve_shows_the_same_note_and_number(noted: tuple[Path, str]) -> None:
    root, _ = noted
    lines = screen_facts(root)["room_lines"]
    with serving(root) as served:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        try:
            connection.request("GET", "/leaflet/pjece/da/?ui=en")
            page = connection.getresponse().read().decode("utf-8")
            connection.request("GET", "/?ui=en")
            index = connection.getresponse().read().decode("utf-8")
        finally:
            connection.close()
    shown = "1 line" if lines == 1 else f"{lines} lines"
    assert f"Room left: {shown}" in page and f">{shown}<" in index
    assert "Layout notes" in page
    assert NOTE.search(page.replace("&#34;", '"').replace("&quot;", '"')), page


def test_a_note_asks_for_the_lines_that_fill_the_room() -> None:
    """ "write about N lines more": N lines fill the room, to within a fifth of a line
    (a sliver of room asks for no extra line), and never fewer than one."""
    from leaflet.build.notes import _lines

    line = 4.9  # mm of one line of body text
    assert _lines(4 * line, line) == "about 4 lines"
    assert _lines(4.15 * line, line) == "about 4 lines"
    assert _lines(4.3 * line, line) == "about 5 lines"
    assert _lines(0.1 * line, line) == "about 1 line"


def test_the_room_left_is_the_whole_lines_more_text_surely_takes() -> None:
    """2.9 lines of room take 2 more lines, not 3: the number is rounded down (a hair
    under a whole line is the whole line, as measured in floating point)."""
    from leaflet.build.edition import room_lines

    assert [room_lines(x) for x in (2.9, 3.0, 2.9999999, 0.6, -0.4)] == [2, 3, 3, 0, 0]


def test_a_hand_made_page_plan_keeps_its_pages_and_gets_notes(tmp_path: Path) -> None:
    """The real leaflet with the page plan of its printed original: page 3 (one section)
    and page 6 (the QR section) stay as planned, half empty, and the build says so."""
    from helpers import Leaflet

    project = Leaflet(copy_project(tmp_path / "project"))
    project.plan_pages()
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        result = project.build("--lang", "da")
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "layout:" in line]
    assert any(
        line.startswith("note: content/laenderygsmerter/da/aarsager.yaml: layout: page 3 ends ")
        and "move text onto it from the next page (pages: in leaflet.yaml), or write more" in line
        for line in said
    ), said
    assert any("mere-inspiration.yaml: layout: page 6 ends " in line for line in said), said
    assert len(project.pages()) == 8  # the plan is kept


# Who reads a note decides what it may ask: the source's writer may write more or shorten;
# a translator may do neither. Each kind of note, as both would get it, from the rooms and
# heads the planner measures (leaflet/render/spread.py, heads.py) for the real leaflet.

LINE = 5.8  # mm: a line of body text
AREA = 172.0  # mm: the text area of an inside page
#: What a translator must never be asked: more words, fewer words.
ASKS_FOR_WORDS = re.compile(r"\b(write|shorten|add text|more text|room for)\b")


def _edition(lang: str, new_page: str | None = None) -> Any:
    from dataclasses import replace

    from helpers import REPO

    from leaflet import content

    settings = content.load_settings(REPO / "content" / "laenderygsmerter")
    if new_page is not None:
        sections = dict(settings.sections)
        sections[new_page] = replace(sections[new_page], new_page=True)
        settings = replace(settings, sections=sections)
    return content.load_edition(settings, lang)


def _room(
    index: int, band: float, *, gap: float = 0.0, kind: str = "text", foot: bool = False
) -> Any:
    from leaflet.render.spread import PageRoom

    return PageRoom(index, AREA, band * AREA, gap * AREA, 0.0, band * AREA, kind, foot)


def _head(index: int, section: str, last: str, **known: Any) -> Any:
    from leaflet.render.heads import Head

    fields: dict[str, Any] = {
        "starts": True,
        "forced": False,
        "what": None,
        "plural": False,
        "heading": None,
        "need": 0.0,
    }
    fields.update(known)
    return Head(index, section, last=last, **fields)


def _notes(edition: Any, rooms: list[Any], heads: list[Any]) -> list[Any]:
    from leaflet.build import notes

    return notes.flowing(edition, rooms, heads, line_mm=LINE, section_gap_mm=8.0)


#: Each kind of note on a page that ends early or has a gap: (rooms, heads), what the
#: source's note says, and the file it names (a section id; None: leaflet.yaml).
KINDS: dict[str, tuple[Any, str, str | None]] = {
    "group whole, far more than a few lines": (
        lambda: (
            [_room(3, 0.33), _room(4, 0.1), _room(5, 0.0)],
            [
                _head(3, "hverdag", "hverdag"),
                _head(4, "dialog", "dialog", what='section "dialog"', need=150.0),
                _head(5, "mere-inspiration", "mere-inspiration"),
            ],
        ),
        r'page 4 ends 33% early because section "dialog" goes whole to page 5 — write about '
        r"10 lines more before it$",
        "hverdag",
    ),
    "group whole, a few lines": (
        lambda: (
            [_room(3, 0.2), _room(4, 0.1), _room(5, 0.0)],
            [
                _head(3, "hverdag", "hverdag"),
                _head(4, "hverdag", "hverdag", starts=False, what="the list", need=0.25 * AREA),
                _head(5, "dialog", "dialog"),
            ],
        ),
        r"page 4 ends 20% early because the list goes whole to page 5 — shorten the text "
        r"before it by about \d lines?, or shorten it$",
        "hverdag",
    ),
    "a section that asks for a new page": (
        lambda: (
            [_room(3, 0.3), _room(4, 0.1), _room(5, 0.0)],
            [
                _head(3, "hverdag", "hverdag"),
                _head(4, "dialog", "dialog", forced=True),
                _head(5, "mere-inspiration", "mere-inspiration"),
            ],
        ),
        r'page 4 ends 30% early because section "dialog" starts a new page \(new_page: yes '
        r"in leaflet.yaml\) — write about 9 lines more before it, or remove new_page: yes$",
        "dialog",
    ),
    "a new page the planner chose": (
        lambda: (
            [_room(3, 0.3), _room(4, 0.1), _room(5, 0.0)],
            [
                _head(3, "hverdag", "hverdag"),
                _head(4, "mere-inspiration", "mere-inspiration", forced=True),
                _head(5, "tag-kontrol", "tag-kontrol"),
            ],
        ),
        r"page 4 ends 30% early because the text is short for its pages: section "
        r'"mere-inspiration" starts a new page — write about 9 lines more before it$',
        "hverdag",
    ),
    "before the pages for notes": (
        lambda: (
            [_room(3, 0.4), _room(4, 1.0, kind="notes")],
            [_head(3, "hverdag", "tag-kontrol"), _head(4, "", "")],
        ),
        r"page 4 ends 40% early, before the pages for notes: the text is short for its pages "
        r"— write about 12 lines more, or shorten it for fewer pages$",
        "tag-kontrol",
    ),
    "no cause named": (
        lambda: (
            [_room(3, 0.2), _room(4, 0.0)],
            [_head(3, "hverdag", "hverdag"), _head(4, "hverdag", "dialog", starts=False)],
        ),
        r"page 4 ends 20% early — there is room for about 6 lines more on it$",
        "hverdag",
    ),
    "a gap between two things": (
        lambda: (
            [_room(3, 0.0, gap=0.3), _room(4, 0.0)],
            [_head(3, "hverdag", "dialog"), _head(4, "mere-inspiration", "tag-kontrol")],
        ),
        r"page 4 has a blank gap of 30% of its text area between two things — add text "
        r"there, or move a section$",
        "dialog",
    ),
    "room above the QR section": (
        lambda: (
            [_room(3, 0.0), _room(4, 0.0, gap=0.4, foot=True)],
            [_head(3, "hverdag", "dialog"), _head(4, "tag-kontrol", "mere-inspiration")],
        ),
        r"page 5 has 40% of its text area blank above the QR section: there is room for "
        r"about 12 lines more text$",
        "mere-inspiration",
    ),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_source_is_told_what_to_write(kind: str) -> None:
    made, said, where = KINDS[kind]
    rooms, heads = made()
    asked = "dialog" if "asks for a new page" in kind else None
    edition = _edition("da", new_page=asked)
    found = _notes(edition, rooms, heads)
    assert len(found) == 1, found
    assert re.fullmatch(said, found[0].message), found[0].message
    assert found[0].path == edition.settings.words_path("da", where)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_translator_is_never_asked_to_write_more_or_less(kind: str) -> None:
    """The same page in English: what happened, that there is nothing to change in the
    translation, and the file of the leaflet's editor (leaflet.yaml) — never "write" or
    "shorten", which a translator may not do."""
    made, said, _ = KINDS[kind]
    rooms, heads = made()
    asked = "dialog" if "asks for a new page" in kind else None
    edition = _edition("en", new_page=asked)
    found = _notes(edition, rooms, heads)
    assert len(found) == 1, found
    message = found[0].message
    assert not ASKS_FOR_WORDS.search(message), message
    assert "nothing to change in the English text" in message, message
    assert " in English" in message.split(" — ")[0], message  # the note names its language
    assert found[0].path == edition.settings.path  # leaflet.yaml, not the translator's file
    page = re.match(r"page (\d+)", said)
    assert page and message.startswith(f"page {page[1]} "), message
    if asked:
        assert message.endswith("the leaflet's editor could remove new_page: yes"), message
    if "group whole" in kind:
        assert "whole to page 5: it is kept together" in message, message


def test_a_picture_with_its_words_is_not_shortened_by_its_words() -> None:
    """A section drawn as one piece (the dialog: a big picture, one sentence in a box)
    that goes whole to the next page: the source's writer is not told to shorten it."""
    made, _, _ = KINDS["group whole, far more than a few lines"]
    rooms, heads = made()
    message = _notes(_edition("da"), rooms, heads)[0].message
    assert "shorten it" not in message and "write about 10 lines more" in message, message


def test_a_translation_gets_no_note_on_the_page_count() -> None:
    from leaflet.build import notes

    assert notes.page_count(_edition("en"), (4, 3), 8) == []
    assert notes.page_count(_edition("da"), (4, 3), 8)[0].message.startswith(
        "the text is about 3 lines too long for 4 pages"
    )


def test_the_page_count_note_says_the_page_notes_are_the_other_way() -> None:
    """Just over 4 pages, the leaflet has 8, and its pages end early: one note says to
    shorten it (for 4 pages), the others to write more (for 8). The first says which
    they are, so that the two read as a choice, not as a contradiction."""
    from leaflet.build import notes

    edition = _edition("da")
    on_pages = [notes.LayoutNote(page, "…", edition.settings.path) for page in (5, 3, 3)]
    message = notes.page_count(edition, (4, 3), 8, on_pages)[0].message
    assert message.endswith("; or, to keep 8 pages, fill them as the notes on pages 3 and 5 say")
    one = notes.page_count(edition, (4, 3), 8, on_pages[1:])[0].message
    assert one.endswith("as the notes on page 3 say"), one
    alone = notes.page_count(edition, (4, 3), 8, [])[0].message
    assert alone.endswith("to make it a 4-page leaflet"), alone


def test_a_hand_made_plan_tells_the_translator_it_is_the_editor_s() -> None:
    from leaflet.build import notes

    for lang in ("da", "en"):
        edition = _edition(lang)
        note = notes.planned_page(notes._Reader(edition), _room(2, 0.4), "aarsager", line_mm=LINE)
        assert note is not None
        if lang == "da":
            assert "move text onto it from the next page" in note.message, note
            assert note.path == edition.settings.words_path("da", "aarsager")
        else:
            assert not ASKS_FOR_WORDS.search(note.message), note
            assert note.message.startswith(
                "page 3 ends 40% early in English: its sections are "
                "placed by hand (pages: in leaflet.yaml)"
            ), note
            assert note.message.endswith(
                "the leaflet's editor could move a section onto it (pages: in leaflet.yaml)"
            ), note
            assert note.path == edition.settings.path
        assert (
            notes.planned_page(notes._Reader(edition), _room(2, 0.1), "aarsager", line_mm=LINE)
            is None
        )


def _translated(folder: Path) -> None:
    """The real leaflet built in its three translations."""
    root = copy_project(folder / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        result = run_cli("--project", root, "build", "--lang", "en", "--lang", "uk", "--lang", "ar")
    assert result.exit_code == 0, result.output
    (folder / "output.txt").write_text(result.output, "utf-8")


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = once_per_run(tmp_path_factory, "translated", _translated)
    return folder / "project", (folder / "output.txt").read_text("utf-8")


def test_the_real_translations_notes_ask_their_translators_for_nothing(
    translated: tuple[Path, str],
) -> None:
    """The seed's translations run shorter than the Danish before the dialog (a picture
    and a note box, nearly a page tall, kept whole): page 4 ends early in each. The build,
    the manifest and ``leaflet status`` say what happened, that there is nothing to change
    in the translation, at leaflet.yaml — never "write about 10 lines more"."""
    root, output = translated
    said = [line for line in output.splitlines() if "layout:" in line]
    manifest = json.loads((root / "dist" / "manifest.json").read_text("utf-8"))
    status = run_cli("--project", root, "status", "--leaflet", "laenderygsmerter").stdout
    shown = [line.strip() for line in status.splitlines() if "layout:" in line]
    for lang, language in (("en", "English"), ("uk", "Ukrainian"), ("ar", "Arabic")):
        mine = [line for line in said if "page 4 ends" in line and f" in {language} " in line]
        assert len(mine) == 1, said
        assert re.fullmatch(
            r"note: content/laenderygsmerter/leaflet\.yaml: layout: page 4 ends \d+% early in "
            rf'{language} because section "dialog" goes whole to page 5: it is kept together, '
            rf"taller than the room the {language} text leaves on page 4 — nothing to change "
            rf"in the {language} text",
            mine[0],
        ), mine
        entry = next(
            f
            for f in manifest["files"]
            if f["path"] == f"laenderygsmerter/{lang}/laenderygsmerter-{lang}.pdf"
        )
        notes = entry["layout"]["notes"]
        assert any(n["page"] == 4 for n in notes), notes
        for note in notes:
            assert note["path"] == "content/laenderygsmerter/leaflet.yaml", note
            assert f"layout: content/laenderygsmerter/leaflet.yaml: {note['message']}" in shown
    # every note a translator sees: nothing asked of them (Arabic has one on page 3 too:
    # a heading kept with its first lines, the words of the heading spaced as printed)
    assert any("page 3 ends" in line and "Arabic" in line for line in said), said
    assert any("يومية طبيعية" in line for line in said), said
    assert all("nothing to change in the" in line for line in said), said
    assert not any(ASKS_FOR_WORDS.search(line) for line in shown), shown
