"""The ``leaflet`` command: help, exit statuses, and what reaches the page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import (
    LANG,
    LEAFLET,
    REPO,
    Leaflet,
    assert_user_error,
    edition_files,
    find_problem,
    line_of,
    page_texts,
    run_cli,
)

import leaflet

# --- help, version, usage ---------------------------------------------------------------


def mentions_exit_statuses(text: str) -> bool:
    lowered = " ".join(text.lower().split())
    return "exit status" in lowered and all(
        re.search(rf"\b{code}\b", lowered) for code in ("0", "1", "2")
    )


def test_help() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "build" in result.output
    assert "--project" in result.output
    assert mentions_exit_statuses(result.output), result.output


def test_build_help() -> None:
    result = run_cli("build", "--help")
    assert result.exit_code == 0
    assert "--lang" in result.output
    assert "--leaflet" in result.output
    assert mentions_exit_statuses(result.output), result.output


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert leaflet.__version__ in result.output
    assert re.search(r"\d+\.\d+", leaflet.__version__)


@pytest.mark.parametrize("args", [["--no-such-option"], ["build", "--no-such-option"]])
def test_unknown_option_is_a_usage_error(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert "no-such-option" in result.output


def test_unknown_leaflet_lists_the_leaflets(project: Leaflet) -> None:
    result = project.build("--leaflet", "nope")
    assert_user_error(result)
    assert "nope" in result.stderr
    leaflets = [
        p.name for p in (project.root / "content").iterdir() if (p / "leaflet.yaml").is_file()
    ]
    assert leaflets
    for name in leaflets:
        assert name in result.stderr
    assert not project.dist.exists()


def test_unknown_language_names_the_languages(project: Leaflet) -> None:
    result = project.build("--lang", "fr")  # a language code, but not one this leaflet has
    assert_user_error(result)
    assert "fr" in result.stderr and "da" in result.stderr


# --- the page plan ------------------------------------------------------------------


def set_page_plan(project: Leaflet, pages: list[list[str]]) -> tuple[int, int]:
    """Rewrite the ``pages:`` block of leaflet.yaml; return its first and last line."""
    path = project.settings_file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = line_of(path, r"^pages:") - 1
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-"):
        end += 1
    block = ["pages:\n", *(f"  - [{', '.join(page)}]\n" for page in pages), "\n"]
    path.write_text("".join(lines[:start] + block + lines[end:]), encoding="utf-8")
    return start + 1, start + 1 + len(pages)


def test_page_count_must_be_a_multiple_of_four(project: Leaflet) -> None:
    project.plan_pages()
    pages = project.pages()
    assert len(pages) == 8
    merged = [*pages[:-3], pages[-3] + pages[-2], pages[-1]]  # every section still placed
    first, last = set_page_plan(project, merged)
    assert len(project.pages()) == 7

    result = project.build()
    message = find_problem(
        result, project.rel(project.settings_file), set(range(first, last + 1)), "4"
    )
    assert "7" in message and "multiple" in message, message
    assert not project.dist.exists()


# --- a page that does not fit ---------------------------------------------------------


def test_text_too_long_for_its_page_keeps_the_last_good_output(built_copy: Leaflet) -> None:
    project = built_copy
    project.plan_pages()  # a hand-made page plan: a page's text must fit that page
    assert project.build().exit_code == 0
    before = {p: p.read_bytes() for p in project.dist.rglob("*") if p.is_file()}
    assert project.pdf in before and project.manifest in before
    edition_files_before = edition_files(project.dist)

    section = project.sections_of_kind("text")[0]
    words = project.words(section)
    paragraph = next(p for p in words["body"] if isinstance(p, str))
    words["body"][words["body"].index(paragraph)] = " ".join([paragraph] * 15)
    project.write_words(section, words)

    result = project.build()
    assert_user_error(result)
    page = project.page_of(section)
    said = [line for line in result.stderr.splitlines() if re.search(rf"\bpage {page}\b", line)]
    assert said, result.stderr
    assert any(re.search(r"does not fit|too long", line) for line in said), said

    after = {p: p.read_bytes() for p in project.dist.rglob("*") if p.is_file()}
    assert after.keys() == before.keys(), "files appeared in or vanished from dist/"
    # Every file of every language is as it was; the manifest records that the text
    # does not fit (and the contact sheet shows it: tests/test_preview.py).
    assert edition_files(project.dist) == edition_files_before
    records = json.loads(project.manifest.read_text(encoding="utf-8"))["does_not_fit"]
    assert [(r["leaflet"], r["language"]) for r in records] == [(LEAFLET, LANG)]
    assert records[0]["problem"] in result.stderr
    assert not [p for p in project.dist.rglob("*") if p.name.endswith(".tmp")]


# --- the QR address ---------------------------------------------------------------------


def set_qr(project: Leaflet, value: str) -> int:
    path = project.settings_file
    line = line_of(path, r"^qr:")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = f"qr: {value}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return line


def test_javascript_qr_target_is_refused(project: Leaflet) -> None:
    line = set_qr(project, "javascript:alert(1)")
    result = project.build()
    find_problem(result, project.rel(project.settings_file), line, "javascript:alert(1)")
    assert not project.dist.exists()


@pytest.mark.parametrize("address", ["https://rn.dk:99999/side", "https://[::1/side"])
def test_malformed_qr_address_is_a_content_problem(project: Leaflet, address: str) -> None:
    line = set_qr(project, address)
    result = project.build()
    find_problem(result, project.rel(project.settings_file), line)


# --- characters the fonts do not have ---------------------------------------------------


def test_character_missing_from_the_fonts(project: Leaflet) -> None:
    section = project.sections_of_kind("text")[0]
    words = project.words(section)
    words["heading"] = "Smerter 中"
    words["body"][0] = "Glad 😀 igen"
    path = project.write_words(section, words)
    heading = line_of(path, "中")
    paragraph = line_of(path, "😀")

    result = project.build()
    find_problem(result, project.rel(path), heading, "中")
    find_problem(result, project.rel(path), paragraph, "😀")
    assert not project.dist.exists()


def test_character_missing_from_the_fonts_in_leaflet_yaml(project: Leaflet) -> None:
    path = project.settings_file
    line = line_of(path, r"^\s+version:")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = '  version: "1.0 中"\n'
    path.write_text("".join(lines), encoding="utf-8")
    result = project.build()
    find_problem(result, project.rel(path), line, "中")


# --- markup: what is allowed, and what is printed as typed ---------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in ("br", "img", "meta", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in set(self.stack):
            self.text.setdefault(tag, []).append(data)


def squeeze(text: str) -> str:
    return re.sub(r"[\s\u2010\u00ad-]+", "", text)


def test_signs_in_text_are_printed_and_markup_becomes_elements(project: Leaflet) -> None:
    section = project.sections_of_kind("text")[0]
    words = project.words(section)
    index = next(i for i, p in enumerate(words["body"]) if isinstance(p, str))
    words["body"][index] = "Kort: 5 < 10 og 7 > 3 og **fed tekst** & *skrå* <3."
    project.write_words(section, words)

    result = project.build()
    assert result.exit_code == 0, result.output

    parser = _Collect()
    parser.feed(project.html.read_text(encoding="utf-8"))
    body = "".join(parser.text.get("body", []))
    assert "5 < 10 og 7 > 3" in body
    assert "fed tekst" in "".join(parser.text.get("strong", []))
    assert "skrå" in "".join(parser.text.get("em", []))
    assert "**" not in body

    printed = squeeze("".join(page_texts(project.pdf)))
    assert squeeze("Kort: 5 < 10 og 7 > 3 og fed tekst & skrå <3.") in printed
    assert "**" not in printed


@pytest.mark.parametrize(
    "html", ["<script>alert(1)</script>", '<img src="file:///etc/passwd">', "<b>fed</b>"]
)
def test_html_in_text_is_refused_not_printed(project: Leaflet, html: str) -> None:
    section = project.sections_of_kind("text")[0]
    words = project.words(section)
    words["body"].append(f"Kort: {html} og mere.")
    path = project.write_words(section, words)
    line = line_of(path, re.escape(html[:4]))

    result = project.build()
    find_problem(result, project.rel(path), line, "contains HTML", html.split(">")[0])
    assert not project.dist.joinpath(LEAFLET).exists()


def test_javascript_link_is_refused(project: Leaflet) -> None:
    section = project.sections_of_kind("text")[0]
    words = project.words(section)
    words["body"].append("Se [her](javascript:alert(1)) for mere.")
    path = project.write_words(section, words)
    line = line_of(path, re.escape("[her](javascript:"))

    result = project.build()
    find_problem(result, project.rel(path), line, "javascript")
    assert not project.dist.exists()


# --- the installed command, in a process of its own ---------------------------------------


def test_installed_command_reports_a_problem_without_a_trace(project: Leaflet) -> None:
    section = project.sections_of_kind("text")[0]
    path = project.words_file(section)
    path.write_text(path.read_text(encoding="utf-8") + "body:\n  - igen\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines()) - 1

    command = Path(sys.executable).with_name("leaflet")
    assert command.is_file()
    done = subprocess.run(
        [str(command), "--project", str(project.root), "build"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(rf"^{re.escape(project.rel(path))}:{line}:", done.stderr, re.M), done.stderr


def test_the_manual_is_one_command_away() -> None:
    """`leaflet --help` names `leaflet manual`; it lists every page of docs/ and shows
    one; a page that does not exist is a misused command line (exit 2) with the list."""
    assert "leaflet manual" in " ".join(run_cli("--help").output.split())
    listed = run_cli("manual")
    assert listed.exit_code == 0, listed.output
    for page in sorted((REPO / "docs").glob("*.md")):
        assert f"  {page.stem} " in listed.output, page.stem
    assert str(REPO / "docs") in listed.output
    shown = run_cli("manual", "print-shop")
    assert shown.exit_code == 0
    assert shown.output == (REPO / "docs" / "print-shop.md").read_text(encoding="utf-8")
    wrong = run_cli("manual", "nope")
    assert wrong.exit_code == 2
    assert "there is no page 'nope'" in wrong.output and "writing" in wrong.output
