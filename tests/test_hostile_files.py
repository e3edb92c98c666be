"""The hostile catalogue, continued: files that are not files, links, and dist/ itself.

A content folder holds whatever editors, copies and mistakes leave there: named pipes,
sockets, devices, links that lead nowhere or round in a loop, an editor's lock file
(``.#leaflet.yaml``, a link to nowhere), links out of the project. Where leaflet
expects a file, each is one clear message naming it (exit 1); anywhere else it is left
alone. Never a hang — a pipe opened for reading waits forever — and never a trace.
After each: dist/ byte for byte as it was, its manifest true, no temporary files.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
    temp_files,
)

SECRET = "OUTSIDE-SECRET-7d1e0b"
WORDS = "ufarlig"


class Hang(Exception):
    """A build took far longer than any should: it was waiting on something."""


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail a test whose build hangs, instead of hanging the test run."""

    def hung(signum: int, frame: object) -> None:
        raise Hang("the build hung (reading a pipe or a device?)")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project with a words file and a folder of them: not to be read."""
    folder = tmp_path / "outside"
    (folder / "lang").mkdir(parents=True)
    for path in (folder / "secret.yaml", folder / "lang" / f"{WORDS}.yaml"):
        path.write_text(f"heading: {SECRET}\nbody:\n  - {SECRET}\n", encoding="utf-8")
    return folder


# --- ways of being something other than a file ---------------------------------------


def fifo(path: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    here = Path.cwd()
    os.chdir(path.parent)  # a socket's path may be at most 108 bytes: bind its name only
    try:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(path.name)  # the socket file stays when it is closed
    finally:
        os.chdir(here)


def device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # like /dev/zero
    except (PermissionError, OSError):
        pytest.skip("this machine does not let the tests make a device file")


def dangling(path: Path) -> None:
    path.symlink_to(path.parent / "there-is-no-such-file")


def loop(path: Path) -> None:
    other = path.with_name(path.name + ".other")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def replace_with(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def replace(path: Path) -> None:
        if path.is_dir():
            import shutil

            shutil.rmtree(path)
        else:
            path.unlink()
        make(path)

    return replace


# --- where leaflet expects a file: one message naming it ----------------------------


@dataclass(frozen=True)
class Case:
    id: str
    #: Breaks the project; returns (the file the message names, its line or None).
    make: Callable[[Leaflet, Path], tuple[Path, int | None]]
    needles: tuple[str, ...]
    #: The manifest must drop entries it can no longer vouch for (a file is not one).
    tidied: bool = False


def words_file(kind: Callable[[Path], None]) -> Callable[[Leaflet, Path], tuple[Path, None]]:
    def make(project: Leaflet, outside: Path) -> tuple[Path, None]:
        path = project.words_file(WORDS)
        replace_with(kind)(path)
        return path, None

    return make


def settings_file(kind: Callable[[Path], None]) -> Callable[[Leaflet, Path], tuple[Path, None]]:
    def make(project: Leaflet, outside: Path) -> tuple[Path, None]:
        replace_with(kind)(project.settings_file)
        return project.settings_file, None

    return make


def picture(kind: Callable[[Path], None]) -> Callable[[Leaflet, Path], tuple[Path, int]]:
    def make(project: Leaflet, outside: Path) -> tuple[Path, int]:
        replace_with(kind)(project.folder / "pictures" / "forside.svg")
        return project.settings_file, line_of(project.settings_file, "forside.svg")

    return make


def stylesheet(kind: Callable[[Path], None]) -> Callable[[Leaflet, Path], tuple[Path, int]]:
    def make(project: Leaflet, outside: Path) -> tuple[Path, int]:
        kind(project.folder / "style.css")
        with project.settings_file.open("a", encoding="utf-8") as handle:
            handle.write("style: style.css\n")
        return project.settings_file, line_of(project.settings_file, "^style:")

    return make


def words_link_out(project: Leaflet, outside: Path) -> tuple[Path, None]:
    path = project.words_file(WORDS)
    path.unlink()
    path.symlink_to(outside / "secret.yaml")
    return path, None


def language_link_out(project: Leaflet, outside: Path) -> tuple[Path, None]:
    path = project.folder / "pl"
    path.symlink_to(outside / "lang", target_is_directory=True)
    return path, None


def leaflet_link_out(project: Leaflet, outside: Path) -> tuple[Path, None]:
    """The whole leaflet folder moved out and linked back: it was called a language
    folder leading out, at an absolute path inside the outside folder."""
    moved = outside / "moved"
    project.folder.rename(moved)
    (moved / "da" / f"{WORDS}.yaml").write_text(
        f"heading: {SECRET}\nbody:\n  - {SECRET}\n", encoding="utf-8"
    )
    project.folder.symlink_to(moved, target_is_directory=True)
    return project.folder, None


def manifest_as(kind: Callable[[Path], None]) -> Callable[[Leaflet, Path], tuple[Path, None]]:
    def make(project: Leaflet, outside: Path) -> tuple[Path, None]:
        replace_with(kind)(project.manifest)
        return project.manifest, None

    return make


def folder(path: Path) -> None:
    path.mkdir()


def output_is_a_folder(project: Leaflet, outside: Path) -> tuple[Path, None]:
    # The Danish text changed, so the Danish files are made again: one has a folder in
    # its place. Nothing of the edition changes (every file is written out first).
    edit_heading(project)
    replace_with(folder)(project.pdf)
    (project.pdf / "keep").write_text("a file in the folder\n", encoding="utf-8")
    return project.pdf, None


def edit_heading(project: Leaflet) -> None:
    path = project.words_file(WORDS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("heading: ", "heading: Ændret – ", 1), encoding="utf-8")


CASES = [
    Case("words-file-is-a-fifo", words_file(fifo), ("named pipe",)),
    Case("words-file-is-a-socket", words_file(unix_socket), ("socket",)),
    Case("words-file-is-a-device", words_file(device), ("device",)),
    Case("words-file-is-a-dangling-link", words_file(dangling), ("link to", "does not exist")),
    Case("words-file-is-a-loop-of-links", words_file(loop), ("loop of links",)),
    Case("words-file-is-a-folder", words_file(folder), ("folder",)),
    Case("words-file-links-out", words_link_out, ("outside the project",)),
    Case("language-folder-links-out", language_link_out, ("outside the project",)),
    Case("leaflet-folder-links-out", leaflet_link_out, ("leaflet folder", "outside the project")),
    Case("leaflet-yaml-is-a-fifo", settings_file(fifo), ("named pipe",)),
    Case("leaflet-yaml-is-a-dangling-link", settings_file(dangling), ("does not exist",)),
    Case("picture-is-a-fifo", picture(fifo), ("forside.svg", "named pipe")),
    Case("picture-is-a-loop-of-links", picture(loop), ("forside.svg", "loop of links")),
    Case("stylesheet-is-a-fifo", stylesheet(fifo), ("style.css", "named pipe")),
    Case("manifest-is-a-folder", manifest_as(folder), ("manifest.json", "folder")),
    Case("manifest-is-a-fifo", manifest_as(fifo), ("manifest.json", "named pipe")),
    Case(
        "an-output-file-is-a-folder",
        output_is_a_folder,
        ("could not write", "folder"),
        tidied=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_not_a_file_where_a_file_belongs_is_one_clear_message(
    case: Case, built_copy: Leaflet, outside: Path
) -> None:
    path, line = case.make(built_copy, outside)
    before = snapshot(built_copy.dist)

    result = built_copy.build("--lang", "da")

    find_problem(result, built_copy.rel(path), line, *case.needles)
    assert SECRET not in result.output
    if case.tidied:  # the manifest, and the contact sheet drawn from it, drop the edition
        derived = ("manifest.json", f"{LEAFLET}/contact-sheet.png")
        after = snapshot(built_copy.dist)
        assert {k: v for k, v in after.items() if k not in derived} == {
            k: v for k, v in before.items() if k not in derived
        }
        assert LEAFLET + "/da/" not in built_copy.manifest.read_text(encoding="utf-8")
    assert_lost_nothing(built_copy, snapshot(built_copy.dist) if case.tidied else before)
    if "manifest" not in case.id and "output" not in case.id:
        checked = run_cli("--project", built_copy.root, "check", "--lang", "da")
        find_problem(checked, built_copy.rel(path), line, *case.needles)
        assert SECRET not in checked.output


def test_dist_that_is_a_file_is_one_clear_message(built_copy: Leaflet) -> None:
    import shutil

    shutil.rmtree(built_copy.dist)
    built_copy.dist.write_text("not a folder\n", encoding="utf-8")
    result = built_copy.build("--lang", "da")
    find_problem(result, "dist", None, "dist is a file", "move it away")
    assert built_copy.dist.read_text(encoding="utf-8") == "not a folder\n"
    assert temp_files(built_copy.root) == []


# --- anywhere else in a leaflet folder: left alone, never opened --------------------


LEFT_ALONE: list[tuple[str, Callable[[Leaflet], None]]] = [
    ("fifo-in-the-leaflet-folder", lambda p: fifo(p.folder / "noter")),
    ("fifo-among-the-pictures", lambda p: fifo(p.folder / "pictures" / "ny.svg")),
    ("socket-in-a-language-folder", lambda p: unix_socket(p.folder / "da" / "editor.sock")),
    ("emacs-lock-of-leaflet-yaml", lambda p: dangling(p.folder / ".#leaflet.yaml")),
    ("emacs-lock-of-a-words-file", lambda p: dangling(p.folder / "da" / f".#{WORDS}.yaml")),
    ("loop-of-links-in-the-leaflet-folder", lambda p: loop(p.folder / "gammel")),
    ("folder-linked-into-itself", lambda p: (p.folder / "pictures" / "op").symlink_to("..")),
    ("dangling-link-among-the-pictures", lambda p: dangling(p.folder / "pictures" / "væk.svg")),
    ("an-output-file-is-a-fifo", lambda p: replace_with(fifo)(p.pdf)),
]


@pytest.mark.parametrize("make", [m for _, m in LEFT_ALONE], ids=[i for i, _ in LEFT_ALONE])
def test_special_files_elsewhere_are_left_alone(
    make: Callable[[Leaflet], None], built_copy: Leaflet
) -> None:
    make(built_copy)

    checked = run_cli("--project", built_copy.root, "check")
    assert checked.exit_code == 0, checked.output
    result = built_copy.build("--lang", "da")  # reads every file's fingerprint
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    forced = built_copy.build("--lang", "da", "--force")  # reads and renders everything
    assert forced.exit_code == 0, forced.output
    assert built_copy.pdf.is_file()  # an output that was a pipe is a PDF again
    assert_manifest_true(built_copy.dist)
    assert temp_files(built_copy.root) == []


# --- a picture's name in another Unicode form ----------------------------------------


def test_a_picture_named_in_another_unicode_form_is_found(built_copy: Leaflet) -> None:
    """leaflet.yaml says "bølge-å.svg" as typed (NFC); the file's name is NFD (macOS)."""
    typed = "pictures/bølge-å.svg"
    on_disk = unicodedata.normalize("NFD", "bølge-å.svg")
    assert on_disk != "bølge-å.svg"
    (built_copy.folder / "pictures" / "forside.svg").rename(
        built_copy.folder / "pictures" / on_disk
    )
    text = built_copy.settings_file.read_text(encoding="utf-8")
    built_copy.settings_file.write_text(
        text.replace("pictures/forside.svg", typed), encoding="utf-8"
    )

    result = built_copy.build("--lang", "da")

    assert result.exit_code == 0, result.output
    html = built_copy.html.read_text(encoding="utf-8")
    assert "forside.svg" not in html and "lge-" in html  # the picture, by its own name
    assert page_texts(built_copy.pdf)[0].strip()
    assert_manifest_true(built_copy.dist)


@pytest.mark.parametrize(
    ("typed", "needles"),
    [
        ("Pictures/Forside.SVG", ()),  # found on Windows and macOS, not on Linux
        ("pictures/f\u043erside.svg", ("U+043E CYRILLIC SMALL LETTER O",)),
    ],
    ids=["capitals", "cyrillic-o"],
)
def test_a_picture_named_with_other_capitals_or_lookalikes_is_pointed_to(
    project: Leaflet, typed: str, needles: tuple[str, ...]
) -> None:
    # It said only "does not exist — check the spelling", of a name that looks the same.
    text = project.settings_file.read_text(encoding="utf-8")
    project.settings_file.write_text(text.replace("pictures/forside.svg", typed), encoding="utf-8")
    line = line_of(project.settings_file, typed)
    result = run_cli("--project", project.root, "check", "--lang", "da")
    find_problem(
        result,
        project.rel(project.settings_file),
        line,
        'but "pictures/forside.svg" does',
        "exactly as it is",
        *needles,
    )


def test_a_reference_inside_a_picture_in_another_form_says_why(built_copy: Leaflet) -> None:
    """An SVG's own reference is followed by the renderer as typed: the message says why."""
    pictures = built_copy.folder / "pictures"
    (pictures / unicodedata.normalize("NFD", "så.svg")).write_text(
        (pictures / "soevnvaner.svg").read_text(encoding="utf-8"), encoding="utf-8"
    )
    icon = pictures / "fysisk-aktivitet.svg"
    icon.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
        '  <image href="så.svg" width="10" height="10"/>\n'
        "</svg>\n",
        encoding="utf-8",
    )
    before = snapshot(built_copy.dist)

    result = built_copy.build("--lang", "da")

    find_problem(result, built_copy.rel(icon), 2, "så.svg", "Unicode form", "type the name again")
    assert_lost_nothing(built_copy, before)


def test_no_output_holds_a_temporary_name_after_a_build(built_copy: Leaflet) -> None:
    """Temporary files a stopped build left (in dist/ and its temp folder) go at the next."""
    from leaflet.build.temp import temp_folder
    from leaflet.project import Project

    left = built_copy.out_dir / f".{LEAFLET}-da.pdf.k2j3h4.leaflet.tmp"
    left.write_bytes(b"%PDF- half a file")
    folder = temp_folder(Project(built_copy.root))
    folder.mkdir()
    (folder / "weasyprint-x").mkdir()

    result = built_copy.build("--lang", "da")

    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert temp_files(built_copy.root) == []
    assert_manifest_true(built_copy.dist)


@pytest.mark.parametrize("kind", [fifo, dangling, loop], ids=["fifo", "dangling-link", "loop"])
def test_preflight_of_something_that_is_not_a_file(
    tmp_path: Path, kind: Callable[[Path], None]
) -> None:
    path = tmp_path / "leaflet.pdf"
    kind(path)
    result = run_cli("preflight", path)
    assert result.exit_code == 1, result.output
    assert str(path) in result.stderr and "Traceback" not in result.output
    assert any(word in result.stderr for word in ("named pipe", "does not exist", "loop"))


def test_a_leaflet_folder_without_its_leaflet_yaml_is_named(built_copy: Leaflet) -> None:
    # The folder was left out without a word: check said "no problems", the build "up to
    # date", and --leaflet with its name "there is no leaflet".
    lost = built_copy.root / "content" / "tabt"
    (lost / "da").mkdir(parents=True)
    (lost / "da" / "om.yaml").write_text("heading: Om\n", encoding="utf-8")
    (built_copy.root / "content" / "billeder").mkdir()  # no YAML: not meant as a leaflet
    for args in (("check",), ("build",)):
        result = run_cli("--project", built_copy.root, *args)
        assert result.exit_code == 0, result.output
        said = [
            line
            for line in result.stderr.splitlines()
            if "content/tabt" in line or "billeder" in line
        ]
        assert len(said) == 1 and said[0].startswith(("note: ", "warning: ")), result.stderr
        assert "content/tabt: this folder has no leaflet.yaml" in said[0]
    named = run_cli("--project", built_copy.root, "build", "--leaflet", "tabt")
    find_problem(named, "content/tabt", None, "no leaflet.yaml", "id: tabt")
