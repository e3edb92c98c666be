"""Contrast: text colours against their backgrounds, as WCAG 2.1 AA asks (1.4.3).

`leaflet check` reads the stylesheets (the shared one and a leaflet's own) and reports
a pair below 4.5:1 (3:1 for large text) at the line a designer would change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, Leaflet, find_problem, run_cli

from leaflet.content.colours import ScreenColours, contrast, luminance
from leaflet.content.contrast import check_contrast

PROFILE = REPO / "styles" / "profiles" / "FOGRA39-leaflet.icc"
SHARED = REPO / "styles" / "leaflet.css"


def test_contrast_ratios_are_wcags() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
    # #777 on white is the classic "just fails": 4.48:1
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert luminance((255, 255, 255)) == pytest.approx(1)


def test_cmyk_is_converted_through_the_profile() -> None:
    screen = ScreenColours(PROFILE)
    assert screen.rgb((0, 0, 0, 0)) == (255, 255, 255)  # the paper is white on screen
    black = screen.rgb((0, 0, 0, 1))
    assert max(black) < 60 and contrast(black, (255, 255, 255)) > 12  # press black: dark grey
    assert screen.css("fill: device-cmyk(0 0 0 0)") == "fill: #ffffff"
    assert screen.css("device-cmyk(0% 0% 0% 0%)") == "#ffffff"


def test_the_shared_design_passes() -> None:
    assert check_contrast([SHARED], PROFILE) == []


def own_style(project: Leaflet, css: str) -> Path:
    path = project.folder / "style.css"
    path.write_text(css, encoding="utf-8")
    with project.settings_file.open("a", encoding="utf-8") as handle:
        handle.write("style: style.css\n")
    return path


def test_light_grey_body_text_fails_check_at_its_line(project: Leaflet) -> None:
    style = own_style(project, "/* our look */\np {\n  color: device-cmyk(0 0 0 0.3);\n}\n")
    result = run_cli("--project", project.root, "check")
    message = find_problem(result, project.rel(style), 3, "contrast of 1.7:1", "4.5:1")
    assert "darker" in message
    # the build stops on it too, before rendering anything
    built = project.build()
    find_problem(built, project.rel(style), 3, "contrast")
    assert not project.pdf.exists()


def test_a_leaflet_colour_name_made_too_light_is_reported_where_it_is_set(
    project: Leaflet,
) -> None:
    style = own_style(project, ":root {\n  --ink: device-cmyk(0 0 0 0.35);\n}\n")
    result = run_cli("--project", project.root, "check")
    find_problem(result, project.rel(style), 2, "var(--ink)", "4.5:1")


def test_large_text_needs_three_to_one(project: Leaflet) -> None:
    # K 60 % is 3.5:1 on white: enough for a bold 15 pt heading, not for body text
    style = own_style(
        project,
        "h2 {\n  color: device-cmyk(0 0 0 0.6);\n}\n"
        ".back__label {\n  color: device-cmyk(0 0 0 0.6);\n}\n",
    )
    result = run_cli("--project", project.root, "check")
    find_problem(result, project.rel(style), 5, "text in device-cmyk(0 0 0 0.6)", "3.5:1", "4.5:1")
    assert f"{project.rel(style)}:2:" not in result.stderr


def test_a_background_is_checked_against_the_text_on_it(project: Leaflet) -> None:
    style = own_style(project, ".box--note {\n  background: device-cmyk(0 0 0 0.8);\n}\n")
    result = run_cli("--project", project.root, "check")
    find_problem(result, project.rel(style), 2, "on device-cmyk(0 0 0 0.8)")


def test_decoration_says_so_and_is_not_checked(project: Leaflet) -> None:
    own_style(project, ".draft {\n  /* decoration */\n  color: device-cmyk(0 0 0 0.1);\n}\n")
    result = run_cli("--project", project.root, "check")
    assert result.exit_code == 0, result.output


def test_a_background_in_the_text_colour_is_caught(project: Leaflet) -> None:
    """background: currentColor paints the box in the colour of the text on it."""
    style = own_style(project, ".box--note {\n  background: currentColor;\n}\n")
    result = run_cli("--project", project.root, "check")
    find_problem(result, project.rel(style), 2, "on currentColor", "1.0:1")


def test_a_gradient_is_refused_at_its_line_not_an_internal_error(project: Leaflet) -> None:
    """WeasyPrint cannot draw a gradient in CMYK (it crashed): refused before rendering."""
    style = own_style(
        project,
        ".cover__band {\n"
        "  background: linear-gradient(device-cmyk(0 0 0 1), device-cmyk(0 0 0 0.9));\n}\n",
    )
    result = project.build()
    find_problem(result, project.rel(style), 2, "linear-gradient() cannot be printed")
    assert "internal error" not in result.output
