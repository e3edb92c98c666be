"""Fast builds: nothing is built twice, workers make the same files, start-up stays light.

An edition (one leaflet in one language) is built again only when something it is
made from changed; these tests change one thing at a time and look at which files
were written again (by their modification time and checksum). Builds with several
workers must make byte-for-byte the same files as a build with one.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import LEAFLET, Leaflet

LANGS = ("da", "en", "ar", "uk")


def stamps(project: Leaflet) -> dict[str, int]:
    """Every output file in dist/ with its modification time (nanoseconds)."""
    return {
        p.relative_to(project.dist).as_posix(): p.stat().st_mtime_ns
        for p in sorted(project.dist.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def rebuilt(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """The languages whose files were written again (the contact sheet is the leaflet's)."""
    return {
        path.split("/")[1]
        for path, ns in after.items()
        if path.count("/") >= 2 and before.get(path) != ns
    }


def test_a_build_with_nothing_changed_builds_nothing(built_copy: Leaflet) -> None:
    before = stamps(built_copy)
    result = built_copy.build()
    assert result.exit_code == 0, result.output
    assert "4 leaflet languages were up to date" in result.output
    assert not re.search(r"^built ", result.output, re.M)
    assert stamps(built_copy) == before


def test_a_changed_section_rebuilds_only_its_language(built_copy: Leaflet) -> None:
    before = stamps(built_copy)
    words = built_copy.words_file("hverdag", "en")
    words.write_text(words.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    result = built_copy.build()
    assert result.exit_code == 0, result.output
    assert rebuilt(before, stamps(built_copy)) == {"en"}
    assert "3 leaflet languages were up to date" in result.output


@pytest.mark.parametrize(
    ("linked", "said"),
    [
        ("content/{leaflet}/en/hverdag.yaml", ("outside the project", "hverdag.yaml")),
        ("leaflet-project.yaml", ("outside the project", "leaflet-project.yaml")),
        ("content/{leaflet}/pictures", ("outside the leaflet folder",)),
    ],
)
def test_a_file_or_folder_replaced_by_a_link_out_with_the_same_bytes_is_checked(
    built_copy: Leaflet, tmp_path: Path, linked: str, said: tuple[str, ...]
) -> None:
    """A words file, the project file or pictures/ moved out of the project and linked
    back has the same bytes, so the build said "up to date" and never ran the check that
    refuses a link out of the project (leaflet check and --force refused it)."""
    inside = built_copy.root / linked.format(leaflet=LEAFLET)
    outside = tmp_path / f"out-{inside.name}"
    inside.rename(outside)
    inside.symlink_to(outside, target_is_directory=outside.is_dir())
    before = stamps(built_copy)
    result = built_copy.build()
    assert result.exit_code == 1, result.output
    for words in said:
        assert words in result.stderr, result.stderr
    assert stamps(built_copy) == before


@pytest.mark.parametrize(
    "shared",
    ["templates/sections/text.html.j2", "styles/leaflet.css", "content/{leaflet}/leaflet.yaml"],
)
def test_a_change_everyone_shares_rebuilds_every_language(built_copy: Leaflet, shared: str) -> None:
    before = stamps(built_copy)
    path = built_copy.root / shared.format(leaflet=LEAFLET)
    comment = (
        "{# changed #}\n"
        if path.suffix == ".j2"
        else ("/* changed */\n" if path.suffix == ".css" else "# changed\n")
    )
    path.write_text(path.read_text(encoding="utf-8") + comment, encoding="utf-8")
    result = built_copy.build()
    assert result.exit_code == 0, result.output
    assert rebuilt(before, stamps(built_copy)) == set(LANGS)


def test_a_changed_picture_rebuilds_every_language(built_copy: Leaflet) -> None:
    before = stamps(built_copy)
    picture = built_copy.folder / "pictures" / "dialog.svg"
    picture.write_text(picture.read_text(encoding="utf-8") + "<!-- changed -->\n", "utf-8")
    assert built_copy.build().exit_code == 0
    assert rebuilt(before, stamps(built_copy)) == set(LANGS)


def test_force_rebuilds_everything(built_copy: Leaflet) -> None:
    before = stamps(built_copy)
    result = built_copy.build("--force", "--lang", "da", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert rebuilt(before, stamps(built_copy)) == {"da", "en"}


def test_a_deleted_or_edited_output_is_made_again(built_copy: Leaflet) -> None:
    built_copy.pdf.unlink()
    other = built_copy.dist / LEAFLET / "uk" / f"{LEAFLET}-uk-office.pdf"
    other.write_bytes(other.read_bytes() + b"\n% edited by hand\n")
    before = stamps(built_copy)
    result = built_copy.build()
    assert result.exit_code == 0, result.output
    assert built_copy.pdf.is_file()
    assert rebuilt(before, stamps(built_copy)) == {"da", "uk"}
    manifest = json.loads(built_copy.manifest.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (built_copy.dist / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_draft_print_is_part_of_what_a_file_is_made_from(built_copy: Leaflet) -> None:
    before = stamps(built_copy)
    result = built_copy.build("--draft-print", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert rebuilt(before, stamps(built_copy)) == {"en"}
    assert (built_copy.dist / LEAFLET / "en" / f"{LEAFLET}-en-print.pdf").is_file()


def test_a_print_file_that_no_longer_matches_is_removed(built_copy: Leaflet) -> None:
    """A proof print file of a draft goes when it is built without --draft-print."""
    proof = built_copy.dist / LEAFLET / "en" / f"{LEAFLET}-en-print.pdf"
    assert built_copy.build("--draft-print", "--lang", "en").exit_code == 0
    assert proof.is_file()
    result = built_copy.build("--lang", "en")
    assert result.exit_code == 0, result.output
    assert not proof.exists()
    assert "print" not in {
        e["variant"]
        for e in json.loads(built_copy.manifest.read_text())["files"]
        if e["language"] == "en"
    }
    again = built_copy.build("--lang", "en")
    assert "1 leaflet language was up to date" in again.output


def checksums(dist: Path) -> dict[str, str]:
    return {
        p.relative_to(dist).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(dist.rglob("*"))
        if p.is_file() and not p.name.startswith(".") and p.name != "manifest.json"
    }


def test_workers_make_the_same_files_as_one_process(built: Leaflet, built_copy: Leaflet) -> None:
    """The session build used one worker per core; one process must make the same bytes."""
    result = built_copy.build("--force", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert checksums(built_copy.dist) == checksums(built.dist)
    # per language 4 files and 8 previews, da a print file too, and the contact sheet
    assert len(checksums(built.dist)) == 4 * (4 + 8) + 1 + 1


def test_a_content_problem_stops_the_workers_and_nothing_lands(built_copy: Leaflet) -> None:
    """The workers start on the editions while the content is checked; a problem the
    check finds stops them, and not one file (nor the manifest) changes."""
    words = built_copy.words_file("ufarlig", "uk")
    words.write_text(words.read_text(encoding="utf-8") + "\nno_such_key: 1\n", "utf-8")
    manifest = built_copy.manifest.read_bytes()
    before = stamps(built_copy)
    result = built_copy.build("--force", "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert "no_such_key" in result.output and "uk/ufarlig.yaml" in result.output
    assert stamps(built_copy) == before
    assert built_copy.manifest.read_bytes() == manifest


def _modules_after(*args: str) -> set[str]:
    """The modules loaded by running the leaflet command with ``args`` in a fresh Python."""
    code = (
        "import sys\n"
        "from leaflet.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return set(done.stderr.split())


HEAVY = {"weasyprint", "pikepdf", "pypdfium2", "zxingcpp", "fontTools", "PIL"}


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"], ["--version"]])
def test_help_imports_nothing_heavy(command: list[str]) -> None:
    loaded = _modules_after(*command)
    assert not HEAVY & loaded, HEAVY & loaded
    assert "jinja2" not in loaded and "yaml" not in loaded


@pytest.mark.parametrize("command", [["check"], ["status"], ["build"]])
def test_commands_that_render_nothing_do_not_load_the_renderer(
    built_copy: Leaflet, command: list[str]
) -> None:
    """check and status never render; build with nothing to do renders nothing either."""
    loaded = _modules_after("--project", str(built_copy.root), *command)
    assert "weasyprint" not in loaded
    assert "pikepdf" not in loaded


def test_progress_line_on_a_terminal_and_none_otherwise(
    built_copy: Leaflet, capsys: pytest.CaptureFixture[str]
) -> None:
    from leaflet.commands.build import _Progress

    bar = _Progress()
    bar(1, 4, "laenderygsmerter en")
    bar.clear()
    shown = capsys.readouterr().err
    # (click drops the "erase line" code when the output is not a terminal, as here)
    assert "1/4 laenderygsmerter en" in shown and shown.startswith("\r") and shown.endswith("\r")
    # Not a terminal (as in CI and in this test's runner): no progress line at all.
    result = built_copy.build("--force", "--lang", "da")
    assert result.exit_code == 0 and "\r" not in result.output
