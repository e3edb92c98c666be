"""What the schema accepts builds, and what only a template can get wrong is named there.

* A table without a header row (the schema allows one) builds, and is tagged as a
  layout a screen reader reads row by row: checked with poppler's ``pdfinfo -struct``,
  the ``pdfua`` checker, preflight's web profile and, for the web page, axe-core.
* Heading order, alt attributes and table headers are checked in the HTML of both
  editions (the screen PDF's and the web page's), and a problem names the template
  file and the section — also the one the screen PDF's own check still finds.
* A problem in a leaflet's style.css is said to be there, not in leaflet.yaml.

Each leaflet here is a small one made with ``leaflet new`` (4 pages).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import Leaflet, edition_files, find_problem, line_of, run_cli

NEW = "tabel"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_leaflet(project: Leaflet) -> Path:
    result = run_cli("--project", project.root, "new", NEW, "--title", "Tabel")
    assert result.exit_code == 0, result.output
    return project.root / "content" / NEW


def build(project: Leaflet, *args: str) -> Any:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        return project.build("--leaflet", NEW, *args)


# --- a table without a header row ------------------------------------------------------


@pytest.fixture(scope="module")
def headerless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new leaflet whose table has no header row, built."""
    from helpers import copy_project

    project = Leaflet(copy_project(tmp_path_factory.mktemp("headerless") / "project"))
    folder = new_leaflet(project)
    edit(folder / "da" / "hjaelp.yaml", "      header: [Hvem, Hvornår, Telefon]\n", "")
    result = build(project)
    assert result.exit_code == 0, result.output
    return project.dist / NEW / "da"


def struct_text(pdf: Path) -> list[tuple[int, str]]:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("poppler's pdfinfo is not installed (apt-get install poppler-utils)")
    out = subprocess.run([tool, "-struct-text", str(pdf)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    found = []
    for line in out.stdout.splitlines():
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("/"):
            kind = stripped if stripped.startswith('"') else stripped.split()[0].rstrip(":")
            found.append(((len(line) - len(stripped)) // 2, kind))
    return found


def test_a_table_without_header_is_tagged_as_a_layout(headerless: Path) -> None:
    tree = struct_text(headerless / f"{NEW}-da.pdf")
    texts = [kind for _, kind in tree]
    cell = texts.index('"Egen læge"')
    # its cell is a paragraph (under its Span) in a row that is a division: no table
    depth = tree[cell][0]
    parents = []
    for level, kind in reversed(tree[:cell]):
        if level < depth:
            parents.append(kind)
            depth = level
    assert parents[:4] == ["Span", "P", "Div", "Div"], parents
    assert "Table" not in parents and "TD" not in parents and "TR" not in parents
    # each row's cells in reading order, row by row (a range such as 8–16 is a span of
    # its own, kept on one line: the text reads on across it)
    read = "".join(kind.strip('"') for kind in texts if kind.startswith('"'))
    cells = ("Egen læge", "Hverdage 8–16", "Lægevagten", "1813")
    places = [read.find(cell) for cell in cells]
    assert -1 not in places and places == sorted(places), (places, read)


def test_a_table_without_header_passes_the_screen_reader_checks(headerless: Path) -> None:
    from pdfua import validate

    pdf = headerless / f"{NEW}-da.pdf"
    result = run_cli("preflight", "--profile", "web", pdf)
    assert result.exit_code == 0, result.output
    findings = validate(str(pdf)).to_dict()["findings"]
    assert [f for f in findings if f["severity"] == "error"] == [], findings
    web = (headerless / f"{NEW}-da-web.html").read_text(encoding="utf-8")
    assert 'class="table table--layout" role="presentation"' in web


def test_a_table_without_header_passes_axe(headerless: Path) -> None:
    from test_web import AXE, described, run_axe

    if not AXE.is_file() or shutil.which("chromium") is None:
        pytest.skip("axe-core or Debian's chromium is not installed (make test installs them)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        try:
            page = browser.new_page()
            page.goto((headerless / f"{NEW}-da-web.html").as_uri())
            result = run_axe(page)
        finally:
            browser.close()
    assert result["violations"] == [], described(result["violations"])


# --- what a template gets wrong, named at the template -------------------------------------


def test_a_heading_skipped_in_a_section_template(project: Leaflet) -> None:
    folder = new_leaflet(project)
    assert build(project).exit_code == 0
    before = edition_files(project.dist)
    template = project.root / "templates" / "sections" / "text.html.j2"
    edit(
        template,
        "<h2>{{ section.words.heading | inline }}</h2>",
        "<h4>{{ section.words.heading | inline }}</h4>",
    )
    (folder / "da" / "om.yaml").write_text(
        (folder / "da" / "om.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    result = build(project)
    message = find_problem(result, project.rel(template), None, 'section "om"', "h4", "h1")
    assert "the printed leaflet" in message and "the web page" in message, message
    assert "leaflet.yaml" not in result.stderr
    assert edition_files(project.dist) == before


def test_a_heading_skipped_in_a_web_template(project: Leaflet) -> None:
    new_leaflet(project)
    web = project.root / "templates" / "web" / "sections" / "text.html.j2"
    web.parent.mkdir(parents=True)
    web.write_text(
        '<section id="section-{{ section.id }}"><h3>{{ section.words.heading | inline }}</h3>'
        '{% include "sections/_body.html.j2" %}</section>\n',
        encoding="utf-8",
    )
    result = build(project)
    message = find_problem(result, project.rel(web), None, "the web page", "h3")
    assert "printed" not in message, message
    assert edition_files(project.dist) == {}


def test_a_picture_without_alt_in_a_block_template(project: Leaflet) -> None:
    new_leaflet(project)
    template = project.root / "templates" / "blocks" / "picture.html.j2"
    text = template.read_text(encoding="utf-8")
    start = text.index(' alt="')
    end = text.index(">", start)
    template.write_text(text[:start] + text[end:], encoding="utf-8")
    result = build(project)
    message = find_problem(result, project.rel(template), None, 'section "hjaelp"', "alt")
    assert "<img>" in message


def test_a_table_without_header_cells_in_a_template(project: Leaflet) -> None:
    new_leaflet(project)
    template = project.root / "templates" / "blocks" / "table.html.j2"
    edit(template, '<th scope="col">', "<td>")
    edit(template, "</th>", "</td>")
    result = build(project)
    find_problem(result, project.rel(template), None, 'section "hjaelp"', "header cells")


def test_the_screen_pdf_check_names_the_template_too(
    project: Leaflet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the HTML check does not see (here: made not to look) the screen PDF's own
    check finds, and names the templates and sections of the page it is on."""
    from leaflet.render import outline

    monkeypatch.setattr(outline, "read", lambda html, page_template: [])
    new_leaflet(project)
    table = project.root / "templates" / "blocks" / "table.html.j2"
    edit(table, '<th scope="col">', "<td>")
    edit(table, "</th>", "</td>")
    result = build(project, "--jobs", "1")
    assert_lines = [line for line in result.stderr.splitlines() if "screen PDF" in line]
    assert result.exit_code == 1 and assert_lines, result.output
    (message,) = assert_lines
    assert "table-headers" in message and '"hjaelp"' in message, message
    assert "templates/sections/text.html.j2" in message, message
    assert "leaflet.yaml" not in message.split(":")[0], message


def test_a_contrast_problem_in_style_css_is_said_to_be_there(project: Leaflet) -> None:
    folder = new_leaflet(project)
    (folder / "style.css").write_text("p { color: device-cmyk(0 0 0 0.2); }\n", "utf-8")
    with (folder / "leaflet.yaml").open("a", encoding="utf-8") as handle:
        handle.write("style: style.css\n")
    result = run_cli("--project", project.root, "check", "--leaflet", NEW)
    css = project.rel(folder / "style.css")
    find_problem(result, css, line_of(folder / "style.css", "color"), "contrast")
    said = [line for line in result.stderr.splitlines() if "only read, not checked" in line]
    assert said and all(f"because {css} has problems" in line for line in said), said
