"""The shared stylesheet is parsed once per renderer, and every layout behaves as if it
had been parsed anew (leaflet/render/stylesheets.py): the same PDF, an edited file
seen at once, a value that does not resolve reported every time."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from helpers import Leaflet

from leaflet.build import edition as build
from leaflet.content.editions import load
from leaflet.errors import LeafletError
from leaflet.project import Project
from leaflet.render.pdf import Renderer, write_pdf


def _files(project: Project, renderer: Renderer, langs: list[str]) -> dict[str, bytes]:
    out = {}
    for edition in load(project, [], langs):
        for file in build.edition_files(project, edition, renderer, [], draft_print=True):
            out[f"{edition.settings.id}/{edition.lang}/{file.name}"] = file.data
    return out


def test_an_edition_is_byte_for_byte_the_same_from_a_kept_stylesheet(project: Leaflet) -> None:
    """Every file of two editions (one right to left), made by a renderer that parsed the
    stylesheet for an earlier edition, equals the files of a renderer parsing it anew."""
    real = Project(project.root)
    with Renderer(real) as warm:
        _files(real, warm, ["en"])  # parses and keeps the stylesheet
        parsed = warm.stylesheets.parsed
        again = _files(real, warm, ["da", "ar"])
        assert warm.stylesheets.parsed == parsed  # the two editions parsed nothing
    with Renderer(real) as fresh:
        first = _files(real, fresh, ["da"])
    with Renderer(real) as fresh:
        first |= _files(real, fresh, ["ar"])
    assert parsed >= 1 and set(again) == set(first) and len(first) > 10
    assert [name for name in first if first[name] != again[name]] == []


def _sheet(root: Path, text: str) -> str:
    (root / "styles" / "test.css").write_text(text, encoding="utf-8")
    return '<link rel="stylesheet" href="styles/test.css">'


def test_an_edited_stylesheet_is_read_again(project: Leaflet) -> None:
    root = project.root
    with Renderer(Project(root)) as renderer:
        sizes = []
        for colour, size in (("red", 100), ("red", 120), ("blue", 120)):
            link = _sheet(root, f"@page {{ size: {size}mm 100mm }} p {{ color: {colour} }}")
            document = renderer.render(f"{link}<p>x</p>", root, root, None)
            page = document.pages[0]
            sizes.append(round(page.width * 25.4 / 96))
            pdf = pikepdf.open(io.BytesIO(write_pdf(document, root)))
            content = pdf.pages[0].Contents.read_bytes()
            assert (b"1 0 0 rg" in content) == (colour == "red")
        assert sizes == [100, 120, 120]
        assert renderer.stylesheets.parsed == 3


def test_the_page_rules_of_a_kept_sheet_cascade_as_before(project: Leaflet) -> None:
    """A sheet's @page rules keep their place among the document's own (later wins)."""
    root = project.root
    with Renderer(Project(root)) as renderer:
        link = _sheet(root, "@page { size: 100mm 100mm }")
        widths = []
        for _ in range(2):
            for html in (
                f"{link}<p>x</p>",
                f"{link}<style>@page {{ size: 80mm 100mm }}</style><p>x</p>",
                f"<style>@page {{ size: 80mm 100mm }}</style>{link}<p>x</p>",
            ):
                page = renderer.render(html, root, root, None).pages[0]
                widths.append(round(page.width * 25.4 / 96))
        assert widths == [100, 80, 100] * 2
        assert renderer.stylesheets.parsed == 1


def test_a_value_that_does_not_resolve_is_reported_in_every_layout(project: Leaflet) -> None:
    """WeasyPrint reports a var() that does not resolve once per parsed value; a kept
    sheet is told to report it again, so the second layout fails like the first."""
    root = project.root
    link = _sheet(root, "p { margin: var(--gap) }")
    with Renderer(Project(root)) as renderer:
        for _ in range(3):
            with pytest.raises(LeafletError) as caught:
                renderer.render(
                    f"<style>p {{ --gap: nonsense }}</style>{link}<p>x</p>", root, root, None
                )
            assert "margin" in str(caught.value)
        renderer.render(f"<style>p {{ --gap: 2mm }}</style>{link}<p>x</p>", root, root, None)
        assert renderer.stylesheets.parsed == 1


def test_a_sheet_the_renderer_warns_about_is_never_kept(project: Leaflet) -> None:
    root = project.root
    link = _sheet(root, "p { colr: red }")
    with Renderer(Project(root)) as renderer:
        for _ in range(2):
            with pytest.raises(LeafletError) as caught:
                renderer.render(f"{link}<p>x</p>", root, root, None)
            assert "colr" in str(caught.value)
        assert renderer.stylesheets.sheets == {}


def test_the_web_pages_font_faces_follow_an_edited_stylesheet(project: Leaflet) -> None:
    """The web page reads the stylesheet's @font-face rules once while it is unchanged."""
    from leaflet.render import web

    real = Project(project.root)
    stylesheet = real.theme.file(web.STYLESHEET)
    before = web._faces(stylesheet, real.theme.locate)
    assert web._faces(stylesheet, real.theme.locate) == before
    assert {face.family for face in before} >= {"Leaflet Sans"}
    text = stylesheet.read_text(encoding="utf-8")
    added = '@font-face { font-family: "Extra"; src: url(fonts/NotoSans-Regular.ttf); }\n'
    stylesheet.write_text(added + text, encoding="utf-8")
    after = web._faces(stylesheet, real.theme.locate)
    assert [face.family for face in after] == ["Extra", *(face.family for face in before)]


def test_a_renderer_keeps_a_bounded_number_of_sheets(project: Leaflet) -> None:
    """A long-lived renderer (leaflet serve) whose stylesheet is edited again and again
    does not keep every version it parsed."""
    from leaflet.render.stylesheets import MAX_SHEETS

    root = project.root
    with Renderer(Project(root)) as renderer:
        for n in range(MAX_SHEETS * 2 + 1):
            link = _sheet(root, f"p {{ margin: {n}px }}")
            renderer.render(f"{link}<p>x</p>", root, root, None)
            assert len(renderer.stylesheets.sheets) <= MAX_SHEETS
        assert renderer.stylesheets.parsed == MAX_SHEETS * 2 + 1
