"""Limits said up front, and text that shows nothing counted as empty.

A name, a count or a page number outside what can be built is refused at its line by
``leaflet check`` (and ``leaflet new``), with the limit in the message; what cannot fit
its pages is found from the words before any page is laid out; a text made only of
characters that cannot be seen is an empty text everywhere a text is needed.
Everything here runs ``leaflet check`` or ``leaflet new``, except one build that
proves the longest file names fit and one that proves the estimate stops a build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import (
    Leaflet,
    assert_user_error,
    edition_files,
    find_problem,
    line_of,
    problem_lines,
    run_cli,
)

from leaflet.project import MAX_FILE_NAME_BYTES, MAX_ID_LENGTH, MAX_LANGUAGE_TAG, MAX_PAGES

NEW = "ondt"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_leaflet(project: Leaflet, name: str = NEW) -> Path:
    result = run_cli("--project", project.root, "new", name, "--title", "Ondt i knæet")
    assert result.exit_code == 0, result.output
    return project.root / "content" / name


def check(project: Leaflet, *args: str) -> object:
    return run_cli("--project", project.root, "check", *args)


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [MAX_ID_LENGTH + 1, 240, 255, 300])
def test_a_leaflet_id_too_long_for_its_file_names_is_refused(project: Leaflet, length: int) -> None:
    name = "a" * length
    result = run_cli("--project", project.root, "new", name)
    assert_user_error(result)
    assert f"at most {MAX_ID_LENGTH}" in result.stderr and "255" in result.stderr
    assert not (project.root / "content" / name[:200]).exists()
    assert sorted(p.name for p in (project.root / "content").iterdir()) == ["laenderygsmerter"]


def test_the_longest_file_names_fit(project: Leaflet) -> None:
    """An id of the longest length and a language tag of the longest length build: every
    file (and the temporary files beside them) fits in a file name."""
    name = "k" * MAX_ID_LENGTH
    lang = "en-x-abcdefgh-ijklmnop-qrstuvwx-yz1"
    assert len(lang) == MAX_LANGUAGE_TAG
    new_leaflet(project, name)
    made = run_cli("--project", project.root, "translate", "new", lang, "--leaflet", name)
    assert made.exit_code == 0, made.output
    result = project.build("--leaflet", name, "--lang", lang)
    assert result.exit_code == 0, result.output
    out = project.dist / name / lang
    office = out / f"{name}-{lang}-office.pdf"
    assert office.is_file()
    # the longest name made: the office file's temporary twin (see build/manifest.py)
    longest = f".{office.name}.abcdefgh.leaflet.tmp"
    assert len(longest.encode()) <= MAX_FILE_NAME_BYTES
    assert all(len(p.name.encode()) <= MAX_FILE_NAME_BYTES for p in project.dist.rglob("*"))


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9", "NUL", "Con"])
def test_names_windows_keeps_for_devices_are_refused(project: Leaflet, name: str) -> None:
    result = run_cli("--project", project.root, "new", name)
    assert_user_error(result)
    assert "Windows" in result.stderr, result.stderr
    assert not any(p.name.lower() == name.lower() for p in (project.root / "content").iterdir())


def test_a_section_named_as_a_device_is_refused_at_its_line(project: Leaflet) -> None:
    folder = new_leaflet(project)
    settings = folder / "leaflet.yaml"
    edit(settings, "  hjaelp:\n", "  aux:\n")
    (folder / "da" / "hjaelp.yaml").rename(folder / "da" / "aux.yaml")
    result = check(project, "--leaflet", NEW)
    message = find_problem(result, project.rel(settings), line_of(settings, r"^  aux:"), "aux")
    assert "Windows" in message


def test_a_language_code_windows_keeps_is_a_misused_command(project: Leaflet) -> None:
    new_leaflet(project)
    result = run_cli("--project", project.root, "translate", "new", "nul", "--leaflet", NEW)
    assert result.exit_code == 2, result.output
    assert "Windows" in result.output
    assert not (project.root / "content" / NEW / "nul").exists()


# --- counts and page numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "needles"),
    [
        ("400", ("400", f"at most {MAX_PAGES}")),
        ("68", ("68", f"at most {MAX_PAGES}")),
        ("0", ("multiple of 4",)),
        ("10", ("multiple of 4", f"up to {MAX_PAGES}")),
    ],
)
def test_a_page_count_outside_what_can_be_built(
    project: Leaflet, pages: str, needles: tuple[str, ...]
) -> None:
    folder = new_leaflet(project)
    settings = folder / "leaflet.yaml"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(f"pages: {pages}\n")
    result = check(project, "--leaflet", NEW)
    message = find_problem(result, project.rel(settings), line_of(settings, r"^pages:"), *needles)
    if pages == "400":
        assert "multiple" not in message, message  # 400 is a multiple of 4: say the limit


def test_the_page_limit_itself_is_a_page_count(project: Leaflet) -> None:
    """pages: 64 is the most a leaflet may have, not one too many."""
    folder = new_leaflet(project)
    settings = folder / "leaflet.yaml"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(f"pages: {MAX_PAGES}\n")
    result = check(project, "--leaflet", NEW)
    at = line_of(settings, r"^pages:")
    said = [m for line, m in problem_lines(result, project.rel(settings)) if line == at]
    assert said == [], said


def with_page_plan(project: Leaflet, pages: list[list[str]]) -> Path:
    """A new leaflet whose sections are placed by hand on ``pages``; its leaflet.yaml."""
    folder = new_leaflet(project)
    settings = folder / "leaflet.yaml"
    text = settings.read_text(encoding="utf-8").replace("    foot_of_last_page: yes\n", "")
    plan = "".join(f"  - [{', '.join(page)}]\n" for page in pages)
    settings.write_text(text + f"pages:\n{plan}", encoding="utf-8")
    return settings


PLAN = [["forside"], ["om", "goer-selv"], ["hjaelp", "laes-mere"], ["bagside"]]


def test_a_page_plan_longer_than_a_leaflet_can_be(project: Leaflet) -> None:
    # pages that name a section again: refused for that too, and the count is said
    extra = [["om"]] * (MAX_PAGES + 4 - len(PLAN))
    settings = with_page_plan(project, [*PLAN[:-1], *extra, PLAN[-1]])
    result = check(project, "--leaflet", NEW)
    start = line_of(settings, r"^pages:")
    message = find_problem(
        result, project.rel(settings), {start, start + 1}, f"at most {MAX_PAGES}"
    )
    assert str(MAX_PAGES + 4) in message


@pytest.mark.parametrize(
    ("date", "needles"),
    [
        ("2026-02-30", ("February 2026 has 28 days",)),
        ("2026-04-31", ("April 2026 has 30 days",)),
        ("2026-13", ("no month 13",)),
    ],
)
def test_a_date_the_calendar_does_not_have(project: Leaflet, date: str, needles: tuple) -> None:
    settings = project.settings_file
    text = settings.read_text(encoding="utf-8")
    published = line_of(settings, r"^\s+published:")
    old = text.splitlines()[published - 1]
    edit(settings, old, old.split(":")[0] + f": {date}")
    result = check(project)
    message = find_problem(result, project.rel(settings), published, *needles)
    assert "YYYY-MM" not in message, message  # not told to use the form it already has


def test_a_picture_id_that_is_a_path_gets_no_path_for_an_id(project: Leaflet) -> None:
    folder = new_leaflet(project)
    words = folder / "da" / "hjaelp.yaml"
    edit(words, "id: eksempel", "id: ../x")
    result = check(project, "--leaflet", NEW)
    message = find_problem(result, project.rel(words), line_of(words, r"id: \.\./x"), "../x")
    assert "pictures/../x" not in message and "eksempel" in message, message


# --- what cannot fit, from the words --------------------------------------------------------


def long_list(folder: Path, items: int) -> Path:
    words = folder / "da" / "hjaelp.yaml"
    listed = "".join(f"      - Punkt nummer {n} i en lang liste\n" for n in range(items))
    edit(words, "body:\n", "body:\n  - list:\n" + listed)
    return words


def test_ten_thousand_items_are_refused_from_the_words(project: Leaflet) -> None:
    folder = new_leaflet(project)
    original = (folder / "da" / "hjaelp.yaml").read_text(encoding="utf-8")
    words = long_list(folder, 10_000)
    result = check(project, "--leaflet", NEW)
    message = find_problem(result, project.rel(words), None, "10,000 items", "line 4")
    assert f"the {MAX_PAGES} pages a leaflet can have" in message
    assert "shorten it by at least" in message and "before any page was laid out" in message
    built = project.build("--leaflet", NEW)
    assert find_problem(built, project.rel(words), None, "before any page was laid out")
    assert not (project.dist / NEW / "da").exists()
    # Laying out 64 pages is never quick: a text a little over what they hold (here 1.3
    # times) is refused from the words too, not only one twice as long.
    need, most = (
        int(re.search(pattern, message)[1].replace(",", ""))  # type: ignore[index]
        for pattern in (r"needs at least ([\d,]+) lines", r"at most about ([\d,]+)")
    )
    items = round(1.3 * most / (need / 10_000))
    words.write_text(original, encoding="utf-8")
    long_list(folder, items)
    again = check(project, "--leaflet", NEW)
    message = find_problem(again, project.rel(words), None, f"{items:,} items")
    assert "before any page was laid out" in message


def test_a_fixed_page_count_is_held_to_from_the_words(built_copy: Leaflet) -> None:
    """Five hundred items on a leaflet of 4 pages: said at once; the last good files stay."""
    project = built_copy
    folder = new_leaflet(project)
    first = project.build("--leaflet", NEW)
    assert first.exit_code == 0, first.output
    before = edition_files(project.dist)
    with (folder / "leaflet.yaml").open("a", encoding="utf-8") as handle:
        handle.write("pages: 4\n")
    words = long_list(folder, 500)
    result = project.build("--leaflet", NEW)
    message = find_problem(result, project.rel(words), None, "pages: 4", "500 items")
    assert "before any page was laid out" in message
    assert edition_files(project.dist) == before


def test_a_page_of_a_page_plan_is_held_to_from_the_words(project: Leaflet) -> None:
    with_page_plan(project, PLAN)
    words = project.root / "content" / NEW / "da" / "om.yaml"
    listed = "".join(f"  - Sætning nummer {n}, skrevet for at fylde.\n" for n in range(200))
    with words.open("a", encoding="utf-8") as handle:
        handle.write(listed)
    result = check(project, "--leaflet", NEW)
    message = find_problem(result, project.rel(words), None, "page 2 of the page plan")
    assert "om" in message and "far too long" in message


def test_the_estimate_refuses_nothing_that_fits(built: Leaflet, made: Path) -> None:
    """Every leaflet the suite builds passes the estimate: it is a lower bound."""
    from leaflet import content
    from leaflet.content.estimate import does_not_fit

    for root in (built.root, made):
        for folder in sorted((root / "content").iterdir()):
            settings = content.load_settings(folder)
            for lang in settings.languages():
                edition = content.load_edition(settings, lang)
                assert does_not_fit(edition, root / "styles" / "leaflet.css") == []


# --- text that shows nothing -------------------------------------------------------------


ALT = "alt: Beskriv kort, hvad billedet viser, for dem, der ikke kan se det"


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (ALT, 'alt: "\\u200B"', "alt"),
        (ALT, 'alt: "\\u00A0\\u2060"', "alt"),
        ("heading: Her kan du få hjælp", 'heading: "\\u200B\\u200B"', "heading"),
        ("caption: En billedtekst (kan udelades).", 'caption: "**\\u2060**"', "caption"),
        ("header: [Hvem, Hvornår, Telefon]", 'header: [Hvem, "\\u200D", Telefon]', "header"),
    ],
)
def test_text_of_invisible_characters_is_empty(
    project: Leaflet, old: str, new: str, what: str
) -> None:
    folder = new_leaflet(project)
    words = folder / "da" / "hjaelp.yaml"
    edit(words, old, new)
    result = check(project, "--leaflet", NEW)
    line = line_of(words, "^" + r"\s*" + new.split(":")[0].strip())
    message = find_problem(result, project.rel(words), line, "shows nothing", "U+")
    assert what in message, message


def test_preflight_calls_no_invisible_text_alternative_text(built: Leaflet, tmp_path: Path) -> None:
    pdf = tmp_path / "screen.pdf"
    shutil.copy(built.pdf, pdf)
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        figures = [
            e
            for e in _elements(doc.Root.StructTreeRoot)
            if e.get("/S") == "/Figure" and "/Alt" in e
        ]
        assert figures
        figures[0].Alt = pikepdf.String("\u200b")
        figures[-1].Alt = pikepdf.String("\u00a0\u2060")
        doc.save(pdf)
    result = run_cli("preflight", "--profile", "web", pdf)
    assert result.exit_code == 1, result.output
    row = next(line for line in result.stdout.splitlines() if "figures-alt" in line)
    assert row.startswith("FAIL"), row
    assert "alternative text" in row


def _elements(node: pikepdf.Object) -> list[pikepdf.Object]:
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    found = []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            found.extend(_elements(kid))
    return found


def test_a_flowing_leaflet_longer_than_the_page_limit_is_stopped_with_the_lines_to_cut(
    project: Leaflet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text the estimate lets through (it is a lower bound) that the layout puts on more
    pages than a leaflet may have: stopped with the lines to cut. Here the limit is made
    4 pages, and a leaflet that needs 8 stands in for one that needs 68."""
    from test_flow import add_text_sections

    from leaflet.build import layout

    folder = new_leaflet(project)
    add_text_sections(folder, 3, paragraphs=4)
    monkeypatch.setattr(layout, "MAX_PAGES", 4)
    result = project.build("--leaflet", NEW, "--jobs", "1")
    assert_user_error(result)
    (message,) = [line for line in result.stderr.splitlines() if "4 pages it can have" in line]
    assert message.startswith(project.rel(folder / "da") + "/"), message  # its words file
    assert re.search(r"needs about \d+ lines? more", message), message
    assert not (project.dist / NEW / "da").exists()
