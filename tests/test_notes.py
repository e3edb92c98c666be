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
