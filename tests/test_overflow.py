"""Text that cannot wrap never runs off the page, and nothing says so when it does.

A heading of one 400-letter word, a 200-character QR address printed beside the code,
a letter with hundreds of stacked accents: each once built with "preflight passed"
and text far past the trim. Now long words break where they must; whatever is still
drawn outside its page's text area stops the build, naming the section and file; a
letter with too many accents is refused at its line; and `leaflet preflight` fails
text outside the trim of any PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_project, line_of, run_cli

from leaflet.project import Project
from leaflet.render.pdf import Renderer, write_pdf

ID = "pjece"


@pytest.fixture
def new(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    return root


def words(root: Path, section: str) -> Path:
    return root / "content" / ID / "da" / f"{section}.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def build(root: Path) -> object:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        return run_cli("--project", root, "build", "--leaflet", ID)


def preflight(pdf: Path, profile: str) -> object:
    return run_cli("preflight", "--profile", profile, pdf)


def test_a_400_letter_word_and_a_long_address_wrap_inside_the_page(new: Path) -> None:
    edit(words(new, "om"), "heading: Hvad handler pjecen om?", "heading: " + "a" * 400)
    settings = new / "content" / ID / "leaflet.yaml"
    edit(
        settings,
        f"qr: https://www.example.dk/{ID}",
        "qr: https://www.example.dk/" + "abcdefghij" * 18,
    )
    result = build(new)
    assert result.exit_code == 0, result.output
    out = new / "dist" / ID / "da"
    for name, profile in ((f"{ID}-da.pdf", "web"), (f"{ID}-da-print.pdf", "print")):
        checked = preflight(out / name, profile)
        assert checked.exit_code == 0, checked.output
        assert "all text inside the trim" in checked.output


def test_text_drawn_outside_the_text_area_stops_the_build_naming_the_section(new: Path) -> None:
    assert build(new).exit_code == 0
    before = {p: p.read_bytes() for p in (new / "dist").rglob("*") if p.is_file()}
    edit(words(new, "om"), "heading: Hvad handler pjecen om?", "heading: " + "a" * 400)
    # a leaflet stylesheet that stops headings from wrapping: the word runs off the page
    folder = new / "content" / ID
    (folder / "style.css").write_text("h2 { white-space: nowrap; }\n", "utf-8")
    edit(
        folder / "leaflet.yaml", "source_language: da\n", "source_language: da\nstyle: style.css\n"
    )
    result = build(new)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = next(
        line for line in result.stderr.splitlines() if "out of the page's text area" in line
    )
    assert message.startswith(f'content/{ID}/da/om.yaml: on page 2 in Danish, the text "aaaa')
    assert '(section "om")' in message
    assert {p: p.read_bytes() for p in (new / "dist").rglob("*") if p.is_file()} == before


def test_a_letter_with_stacked_accents_is_refused_at_its_line(new: Path) -> None:
    path = words(new, "om")
    edit(path, "heading: Hvad handler pjecen om?", "heading: Z" + "\u0301" * 200 + "algo")
    result = run_cli("--project", new, "check", "--leaflet", ID)
    assert result.exit_code == 1
    line = line_of(path, "^heading:")
    expected = f"content/{ID}/da/om.yaml:{line}:10: a letter in this text carries 200 accents"
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    # two accents on a letter (Vietnamese: ệ is e + two marks) are fine
    edit(
        path, "heading: Z" + "\u0301" * 200 + "algo", "heading: Tie\u0323\u0302ng Vie\u0323\u0302t"
    )
    assert run_cli("--project", new, "check", "--leaflet", ID).exit_code == 0


def test_preflight_fails_text_outside_the_trim_of_any_pdf(tmp_path: Path) -> None:
    """A PDF made elsewhere (plain WeasyPrint here) with a word running off its page."""
    project = Project(copy_project(tmp_path / "project"))
    html = (
        "<style>@page { size: 148mm 210mm; margin: 20mm } "
        "p { white-space: nowrap; font: 12pt 'Leaflet Sans' }</style>"
        f"<p>Et ord, der ikke kan brydes: {'x' * 200}</p>"
    )
    with Renderer(project) as renderer:
        document = renderer.render(html, project.root, project.root, None)
        data = write_pdf(document, project.root)
    pdf = tmp_path / "elsewhere.pdf"
    pdf.write_bytes(data)
    for profile in ("web", "print"):
        result = preflight(pdf, profile)
        assert result.exit_code == 1
        row = next(line for line in result.output.splitlines() if "text-in-trim" in line)
        assert row.startswith("FAIL") and "outside the trim" in row and "page 1" in row, row
