"""The hostile catalogue, continued: words, names and styles that mislead.

Text that reverses itself, YAML nested hundreds of levels deep, keys holding control or
invisible characters, language folders that are not language codes, a stylesheet that
makes words disappear, time limits that are not numbers. Each stops with one clear
message naming the file (exit 1; exit 2 for an option used wrongly), no trace; dist/
byte for byte as it was, its manifest true, no temporary files.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from helpers import (
    LEAFLET,
    Leaflet,
    assert_lost_nothing,
    assert_manifest_true,
    find_problem,
    line_of,
    page_texts,
    run_cli,
    snapshot,
)

WORDS = "ufarlig"


def set_heading(project: Leaflet, heading: str, lang: str = "da") -> Path:
    path = project.words_file(WORDS, lang)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = line_of(path, "^heading: ") - 1
    lines[number] = f"heading: {heading}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return path


# --- characters that turn text round ------------------------------------------------

BIDI = [
    "\u202a",  # LEFT-TO-RIGHT EMBEDDING
    "\u202b",  # RIGHT-TO-LEFT EMBEDDING
    "\u202c",  # POP DIRECTIONAL FORMATTING
    "\u202d",  # LEFT-TO-RIGHT OVERRIDE
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u2067",  # RIGHT-TO-LEFT ISOLATE
    "\u2068",  # FIRST STRONG ISOLATE
    "\u2069",  # POP DIRECTIONAL ISOLATE
]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidi_controls_are_refused_at_their_column_by_name(built_copy: Leaflet, char: str) -> None:
    before = snapshot(built_copy.dist)
    path = set_heading(built_copy, f"Til dig {char}der har ondt")
    column = len("heading: Til dig ") + 1

    result = built_copy.build("--lang", "da")

    message = find_problem(result, built_copy.rel(path), 1, unicodedata.name(char))
    assert f"{built_copy.rel(path)}:1:{column}: " in result.stderr
    assert f"U+{ord(char):04X}" in message and "backwards" in message
    assert char not in result.output  # named, never printed: it would turn the line round
    assert_lost_nothing(built_copy, before)
    checked = run_cli("--project", built_copy.root, "check", "--lang", "da")
    find_problem(checked, built_copy.rel(path), 1, unicodedata.name(char))


def test_the_marks_translators_need_are_allowed(built_copy: Leaflet) -> None:
    # LRM, RLM, the Arabic letter mark, ZWNJ (Farsi writes it inside words) and ZWJ.
    path = set_heading(built_copy, '"\u200fمرحبا\u200e rn.dk \u061c پیش\u200cنویس \u200d"', "ar")
    result = built_copy.build("--lang", "ar")
    assert result.exit_code == 0, result.output
    assert "پیش" in page_texts(built_copy.dist / LEAFLET / "ar" / f"{LEAFLET}-ar.pdf")[1]
    assert path.is_file()


# --- YAML nested deeper than content ever is ------------------------------------------

DEEP = {
    "flow-lists": "heading: " + "[" * 400 + "]" * 400 + "\n",
    "flow-maps": "heading: " + "{a: " * 400 + "x" + "}" * 400 + "\n",
    "block-maps": "".join("  " * i + f"k{i}:\n" for i in range(400)) + "  " * 400 + "x\n",
    "block-lists": "".join("  " * i + "-\n" for i in range(400)) + "  " * 400 + "x\n",
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_yaml_nested_hundreds_of_levels_deep_is_one_message(built_copy: Leaflet, text: str) -> None:
    before = snapshot(built_copy.dist)
    path = built_copy.words_file(WORDS)
    path.write_text(text, encoding="utf-8")

    result = built_copy.build("--lang", "da")

    find_problem(result, built_copy.rel(path), set(range(1, 60)), "nested more than", "levels")
    assert_lost_nothing(built_copy, before)


# --- what a message quotes is shown safely -------------------------------------------


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("head\\e[2Jing", "<U+001B ESCAPE>[2J"),  # YAML's \e is ESC: it would clear the terminal
        ("heading\u200b", "<U+200B ZERO WIDTH SPACE>"),  # looks like "heading"
        ("heading\u202e", "<U+202E RIGHT-TO-LEFT OVERRIDE>"),
        ("head\u00a0ing", "<U+00A0 NO-BREAK SPACE>"),
    ],
    ids=["escape", "zero-width-space", "rtl-override", "no-break-space"],
)
def test_keys_are_echoed_with_their_hidden_characters_named(
    built_copy: Leaflet, key: str, shown: str
) -> None:
    before = snapshot(built_copy.dist)
    path = built_copy.words_file(WORDS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("heading: ", f'"{key}": ', 1), encoding="utf-8")

    result = built_copy.build("--lang", "da")

    message = find_problem(result, built_copy.rel(path), 1, shown)
    assert all(c.isprintable() for c in result.output.replace("\n", ""))
    if "\\e" not in key:  # an invisible character in a known key: say so, not "did you mean"
        assert "cannot be seen" in message and 'not the key "heading"' in message
    assert_lost_nothing(built_copy, before)


def test_a_control_character_yaml_refuses_is_named_at_its_place(built_copy: Leaflet) -> None:
    before = snapshot(built_copy.dist)
    path = built_copy.words_file(WORDS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("heading: ", "heading: Til\x1b[2J dig ", 1), encoding="utf-8")
    result = built_copy.build("--lang", "da")
    find_problem(result, built_copy.rel(path), 1, "U+001B ESCAPE", "delete it")
    assert f"{built_copy.rel(path)}:1:13:" in result.stderr
    assert "\x1b" not in result.output
    assert_lost_nothing(built_copy, before)


# --- language folders that are not language codes ----------------------------------


@pytest.mark.parametrize(
    ("name", "fix"),
    [("DA", '"da"'), ("en_GB", '"en-GB"'), ("..da", '"da"'), ("dansk-gammel", "en-GB")],
)
def test_a_folder_that_is_not_a_language_code_is_reported_with_the_fix(
    built_copy: Leaflet, name: str, fix: str
) -> None:
    shutil.copytree(built_copy.folder / "da", built_copy.folder / name)
    before = snapshot(built_copy.dist)
    needles = (f'"{name}"', "not named with a language code", fix)

    for command in (("build",), ("build", "--lang", "da"), ("check",), ("status",)):
        result = run_cli("--project", built_copy.root, *command)
        find_problem(result, built_copy.rel(built_copy.folder / name), None, *needles)
    assert_lost_nothing(built_copy, before)


def test_an_en_gb_folder_builds(built_copy: Leaflet) -> None:
    shutil.copytree(built_copy.folder / "en", built_copy.folder / "en-GB")
    result = built_copy.build("--lang", "en-GB")
    assert result.exit_code == 0, result.output
    pdf = built_copy.dist / LEAFLET / "en-GB" / f"{LEAFLET}-en-GB.pdf"
    assert "November 2026" in page_texts(pdf)[-1]  # British English dates
    status = run_cli("--project", built_copy.root, "status", "--lang", "en-GB")
    assert status.exit_code == 0, status.output
    assert_manifest_true(built_copy.dist)


def test_a_new_language_typed_in_lower_case_gets_its_usual_folder(project: Leaflet) -> None:
    result = run_cli("--project", project.root, "translate", "new", "en-gb")
    assert result.exit_code == 0, result.output
    assert (project.folder / "en-GB").is_dir() and not (project.folder / "en-gb").exists()


@pytest.mark.parametrize("code", ["EN", "en_GB", "english", "xx"])
def test_a_language_option_that_is_no_code_is_a_usage_error(project: Leaflet, code: str) -> None:
    result = run_cli("--project", project.root, "translate", "new", code)
    assert result.exit_code == 2, result.output
    assert "not a language code" in result.output


# --- options that are not numbers ----------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e400", "0", "-5", "abc", "100000"])
def test_a_time_limit_that_is_no_usable_number_is_a_usage_error(
    built_copy: Leaflet, value: str
) -> None:
    before = snapshot(built_copy.dist)
    result = built_copy.build("--force", "--time-limit", value)
    assert result.exit_code == 2, result.output
    assert "--time-limit" in result.output and "Traceback" not in result.output
    assert_lost_nothing(built_copy, before)


# --- a stylesheet that hides text -----------------------------------------------------

HIDING = {
    "font-size-0": ".section--text p {\n  font-size: 0;\n}\n",
    "tiny-font": "h2 { color: device-cmyk(0 0 0 1) }\n.section--text p {\n  font-size: 2pt;\n}\n",
    "paper-coloured": ".section--text p {\n  color: device-cmyk(0 0 0 0);\n}\n",
    "transparent": ".section--text p {\n  color: transparent;\n}\n",
    "visibility-hidden": ".section--text h2 {\n  visibility: hidden;\n}\n",
    "display-none": ".section--text p {\n  display: none;\n}\n",
    "opacity-0": ".section--text {\n  opacity: 0;\n}\n",
    "clipped-away": ".section--text {\n  height: 0; overflow: hidden;\n}\n",
}
PROPERTY = {"tiny-font": "font-size", "paper-coloured": "color", "transparent": "color"}


@pytest.mark.parametrize("css", HIDING.values(), ids=HIDING.keys())
def test_a_stylesheet_that_hides_text_stops_the_build(built_copy: Leaflet, css: str) -> None:
    before = snapshot(built_copy.dist)
    style = built_copy.folder / "style.css"
    style.write_text(css, encoding="utf-8")
    with built_copy.settings_file.open("a", encoding="utf-8") as handle:
        handle.write("style: style.css\n")
    name = next(i for i, c in HIDING.items() if c == css)
    declaration = PROPERTY.get(name) or css.split("{")[1].split(":")[0].strip()

    result = built_copy.build("--lang", "da")

    # Paper-white text is found before rendering, by the contrast check of the stylesheets
    # (WCAG); everything else once the pages are laid out.
    needle = "contrast" if name == "paper-coloured" else "would not be seen"
    message = find_problem(
        result, built_copy.rel(style), line_of(style, rf"^\s*{declaration}:"), needle
    )
    if needle != "contrast":
        assert "da/" in message and ".yaml" in message  # where the hidden text comes from
    assert_lost_nothing(built_copy, before)


def test_text_the_shared_styles_hide_is_reported_at_its_words(built_copy: Leaflet) -> None:
    """Hidden by the project's stylesheet (no leaflet stylesheet): named at the words."""
    shared = built_copy.root / "styles" / "leaflet.css"
    shared.write_text(
        shared.read_text(encoding="utf-8") + "\n.back__label { font-size: 0; }\n", "utf-8"
    )
    before = snapshot(built_copy.dist)
    result = built_copy.build("--lang", "da")
    find_problem(
        result, built_copy.rel(built_copy.words_file("bagside")), None, "would not be seen", "0 pt"
    )
    assert_lost_nothing(built_copy, before)


# --- preflight counts text drawn below 6 pt, size 0 too ------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"0 0 0 1 k BT /F1 0 Tf 100 200 Td (size zero) Tj ET",
        b"0 0 0 1 k BT /F1 12 Tf 0 0 0 0 100 200 Tm (squashed to nothing) Tj ET",
        b"0 0 0 1 k BT /F1 12 Tf 100 200 Td (fine) Tj ET q 0.1 0 0 0.1 0 0 cm "
        b"BT /F1 12 Tf 1000 2000 Td (1.2 pt) Tj ET Q",
    ],
    ids=["font-size-0", "zero-matrix", "scaled-down"],
)
def test_preflight_fails_text_below_6_pt_including_size_0(tmp_path: Path, content: bytes) -> None:
    from test_preflight import check, pdfx_file

    from leaflet.preflight import preflight

    small = check(preflight(pdfx_file(tmp_path, content=content)), "small-text")
    assert small.status == "FAIL", small
    assert "below 6 pt" in small.detail
