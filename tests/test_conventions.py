"""The command line's conventions, the same in every command (as in mkdocs and sqlite-utils).

``-h`` and ``--help``, ``-V``; ``-q`` prints problems only and ``-v`` each step with
its time; ``--json`` on ``build`` and ``check`` carries the problems the text output
prints; exit status 2 for a misused command line, 1 for a problem with the content or
files; plurals; no escape sequences where the terminal cannot show them; and the words
of ``new`` and ``translate new`` say what they do. Every command the group has is
walked, so a command added later is held to the same.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from helpers import Leaflet, copy_project, run_cli

import leaflet
from leaflet.cli import main
from leaflet.content.urls import ascii_url

NEW = "knae"


def commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path of the ``leaflet`` group: ("build",), ("translate", "export") …"""
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


ALL = list(commands())


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Leaflet:
    """A project with a leaflet made by ``leaflet new`` (4 pages), built once."""
    project = Leaflet(copy_project(tmp_path_factory.mktemp("conventions") / "project"))
    result = run_cli("--project", project.root, "new", NEW, "--title", "Knæ")
    assert result.exit_code == 0, result.output
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        built = project.build("--leaflet", NEW)
    assert built.exit_code == 0, built.output
    return project


# --- help and version ------------------------------------------------------------------


@pytest.mark.parametrize("path", [(), *ALL], ids=lambda p: " ".join(p) or "leaflet")
def test_every_command_has_h_q_and_v(path: tuple[str, ...]) -> None:
    short = run_cli(*path, "-h")
    assert short.exit_code == 0, short.output
    assert short.output == run_cli(*path, "--help").output
    assert "Usage:" in short.output
    for option in ("-q, --quiet", "-v, --verbose", "-h, --help"):
        assert option in short.output, (path, short.output)


def test_v_is_the_version() -> None:
    result = run_cli("-V")
    assert result.exit_code == 0
    assert result.output.strip() == f"leaflet, version {leaflet.__version__}"


# --- -q, -v, --json ---------------------------------------------------------------------


def test_quiet_prints_nothing_when_all_is_well(small: Leaflet) -> None:
    for args in (("build", "-q"), ("check", "-q"), ("-q", "status")):
        result = run_cli("--project", small.root, *args, "--leaflet", NEW)
        assert result.exit_code == 0, result.output
        assert result.stdout == "" and result.stderr == "", (args, result.output)


def test_quiet_still_prints_problems(small: Leaflet) -> None:
    broken = small.root / "content" / NEW / "da" / "om.yaml"
    text = broken.read_text(encoding="utf-8")
    try:
        broken.write_text(text.replace("heading:", "heding:", 1), encoding="utf-8")
        result = run_cli("--project", small.root, "-q", "check", "--leaflet", NEW)
    finally:
        broken.write_text(text, encoding="utf-8")
    assert result.exit_code == 1
    assert "heding" in result.stderr and result.stdout == ""


def test_verbose_prints_each_step_with_its_time(small: Leaflet) -> None:
    result = run_cli("--project", small.root, "build", "--leaflet", NEW, "--force", "-v")
    assert result.exit_code == 0, result.output
    steps = [line for line in result.stderr.splitlines() if re.match(r"^\s*\d+\.\d\d s  ", line)]
    said = "\n".join(steps)
    for step in ("read and checked", "laid out", "screen PDF", "web page", "contact sheets"):
        assert step in said, said
    assert re.search(r"laid out \d+\.\d\d s", said), said
    assert "built " in result.stdout  # and what it says anyway


@pytest.mark.parametrize("command", ["check", "build"])
def test_json_has_the_problems_the_text_has(small: Leaflet, command: str) -> None:
    words = small.root / "content" / NEW / "da" / "om.yaml"
    text = words.read_text(encoding="utf-8")
    try:
        words.write_text(text.replace("heading:", "heding:", 1) + "\tx: y\n", encoding="utf-8")
        plain = run_cli("--project", small.root, command, "--leaflet", NEW)
        as_json = run_cli("--project", small.root, command, "--leaflet", NEW, "--json")
    finally:
        words.write_text(text, encoding="utf-8")
    assert plain.exit_code == as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["ok"] is False
    texts = [p["text"] for p in data["problems"]]
    assert texts and all(t in plain.stderr.splitlines() for t in texts), (texts, plain.stderr)
    said = [line for line in plain.stderr.splitlines() if line.startswith("content/")]
    assert said == texts
    for problem in data["problems"]:
        assert problem["file"] == f"content/{NEW}/da/om.yaml"
        assert isinstance(problem["line"], int) and problem["message"] in problem["text"]
    assert as_json.stderr == ""
    if command == "build":  # stopped early, it has the keys of a build that ran (empty)
        assert data["built"] == [] and data["up_to_date"] == 0 and data["warnings"] == []
        assert list(data) == BUILD_KEYS


BUILD_KEYS = ["ok", "built", "up_to_date", "notes", "warnings", "problems"]


def test_json_of_a_build_lists_what_it_built(small: Leaflet) -> None:
    result = run_cli("--project", small.root, "build", "--leaflet", NEW, "--force", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["problems"] == []
    assert list(data) == BUILD_KEYS
    files = {item["file"] for item in data["built"]}
    assert f"dist/{NEW}/da/{NEW}-da-print.pdf" in files
    assert all(Path(small.root / f).is_file() for f in files)


def test_json_of_check_has_the_notes_the_text_has(built_copy: Leaflet) -> None:
    """The brand's placeholder name and the last build's layout notes, which the text
    prints as ``note:`` and ``layout (…):`` lines, are in the JSON document too."""
    brand = built_copy.root / "leaflet-project.yaml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(
        text.replace("name: Region Nordjylland", "name: Name of your organisation"),
        encoding="utf-8",
    )
    args = ("--project", built_copy.root, "check", "--lang", "uk")
    plain, as_json = run_cli(*args), run_cli(*args, "--json")
    assert plain.exit_code == as_json.exit_code == 0, plain.output
    data = json.loads(as_json.stdout)
    said = [line.removeprefix("note: ") for line in plain.output.splitlines()]
    said = [line for line in said if line.startswith(("leaflet-project.yaml", "layout ("))]
    assert len(said) >= 2 and said[-1].startswith("layout ("), plain.output
    assert [n["text"] for n in data["notes"]] == said
    assert as_json.stderr == ""


# --- exit statuses -----------------------------------------------------------------------


LANG_COMMANDS = [
    ("build", "--lang"),
    ("check", "--lang"),
    ("status", "--lang"),
    ("new", "x", "--lang"),
    ("translate", "new"),
    ("translate", "export"),
    ("translate", "import", "file.xlf", "--lang"),
]


@pytest.mark.parametrize("args", LANG_COMMANDS, ids=" ".join)
def test_a_value_that_is_no_language_code_is_misuse(small: Leaflet, args: tuple[str, ...]) -> None:
    result = run_cli("--project", small.root, *args, "x_y!")
    assert result.exit_code == 2, result.output
    assert "not a language code" in result.output


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_an_unknown_option_is_misuse(path: tuple[str, ...]) -> None:
    result = run_cli(*path, "--no-such-option")
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize(
    "args",
    [("build",), ("check",), ("status",), ("translate", "export", "pl")],
    ids=" ".join,
)
def test_a_leaflet_that_is_not_there_is_a_content_problem(
    small: Leaflet, args: tuple[str, ...]
) -> None:
    missing = run_cli("--project", small.root, *args, "--leaflet", "nosuch")
    assert missing.exit_code == 1, missing.output
    assert "nosuch" in missing.stderr and NEW in missing.stderr
    misused = run_cli("--project", small.root, *args, "--leaflet", "../x")
    assert misused.exit_code == 2, misused.output


@pytest.mark.parametrize("command", ["build", "check", "status"])
def test_a_language_the_leaflet_does_not_have_is_a_content_problem(
    small: Leaflet, command: str
) -> None:
    result = run_cli("--project", small.root, command, "--leaflet", NEW, "--lang", "fr")
    assert result.exit_code == 1, result.output
    assert "has no language fr" in result.stderr


# --- words ------------------------------------------------------------------------------


def test_plurals(small: Leaflet) -> None:
    result = run_cli("--project", small.root, "build", "--leaflet", NEW, "--force")
    assert result.exit_code == 0, result.output
    assert "built 1 A4 sheet, both sides" in result.stdout, result.stdout
    assert "1 A4 sheets" not in result.stdout
    again = run_cli("--project", small.root, "build", "--leaflet", NEW)
    assert "1 leaflet language was up to date" in again.stdout, again.stdout
    from leaflet.errors import plural

    assert [plural(n, "A4 sheet") for n in (0, 1, 2)] == [
        "0 A4 sheets",
        "1 A4 sheet",
        "2 A4 sheets",
    ]


def test_new_and_translate_new_say_they_build_nothing(project: Leaflet) -> None:
    made = run_cli("--project", project.root, "new", NEW)
    assert made.exit_code == 0, made.output
    assert "nothing is built yet" in made.stdout and f"leaflet build --leaflet {NEW}" in made.stdout
    translated = run_cli("--project", project.root, "translate", "new", "en", "--leaflet", NEW)
    assert (
        "nothing is built yet" in translated.stdout
        and "leaflet build --lang en" in translated.stdout
    )
    assert not project.dist.exists()
    # the manual as every install has it (a pipx user has no docs/ folder)
    assert "leaflet manual writing" in made.stdout and "docs/" not in made.stdout
    # a name that cannot be used: what was left is said of what new makes, not of dist/
    for args in (("new", "con"), ("translate", "new", "en", "--leaflet", NEW)):
        refused = run_cli("--project", project.root, *args)
        assert refused.exit_code == 1, refused.output
        assert refused.stderr.splitlines()[-1].endswith("nothing was changed."), refused.stderr
    for path in (("new",), ("translate", "new")):
        shown = " ".join(run_cli(*path, "--help").output.split())
        assert "builds at once" not in shown and "makes the files only" in shown, shown
    repo = Path(__file__).resolve().parents[1]
    for page in [repo / "README.md", *sorted((repo / "docs").glob("*.md"))]:
        assert "builds at once" not in page.read_text(encoding="utf-8"), page


def test_host_names_are_idna_2008() -> None:
    assert ascii_url("https://faß.de/x") == "https://xn--fa-hia.de/x"
    assert ascii_url("https://Bücher.example/") == "https://xn--bcher-kva.example/"
    assert ascii_url("https://rn.dk/lænderygsmerter") == "https://rn.dk/l%C3%A6nderygsmerter"


# --- what the terminal can show ------------------------------------------------------------


def in_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What ``leaflet args`` writes to a terminal (a pseudo-terminal) with ``env``."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "leaflet", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, **env},
        close_fds=True,
    )
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        out += chunk
    process.wait(30)
    os.close(leader)
    return out


@pytest.mark.parametrize(
    ("env", "escapes"),
    [({"TERM": "xterm"}, True), ({"TERM": "dumb"}, False), ({"TERM": ""}, False)],
    ids=["xterm", "dumb", "no-TERM"],
)
def test_escape_sequences_only_where_the_terminal_shows_them(
    small: Leaflet, env: dict[str, str], escapes: bool
) -> None:
    args = ["--project", str(small.root), "build", "--leaflet", NEW, "--force", "-j", "1"]
    out = in_terminal(args, {**env, "NO_COLOR": "1"})
    assert b"built " in out, out
    assert (b"\x1b[" in out) is escapes, out
    assert not re.search(rb"\x1b\[[0-9;]*m", out)  # no colour, ever (NO_COLOR holds)


BUILD = ("--leaflet", NEW, "--force", "-j", "1")


def test_no_escape_sequences_when_not_a_terminal(small: Leaflet) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "leaflet", "--project", str(small.root), "build", *BUILD],
        capture_output=True,
        env={**os.environ, "TERM": "xterm"},
    )
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout + result.stderr


@pytest.mark.parametrize("args", [("manual", "writing"), ("theme", "list"), ("status",)])
def test_a_reader_that_stops_reading_is_no_internal_error(
    small: Leaflet, args: tuple[str, ...]
) -> None:
    """``leaflet status | head -1``: the pipe is closed before everything is written.
    That is no bug in leaflet: nothing is said, and the exit status is 141, as the shell
    gives a command stopped by a closed pipe."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before leaflet writes its first line
    try:
        result = subprocess.run(
            [sys.executable, "-m", "leaflet", "--project", str(small.root), *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 141


def test_quiet_init_theme_copy_and_merge_print_nothing_when_all_is_well(tmp_path: Path) -> None:
    """-q is problems only in every command, also in those that only say what they did."""
    root = tmp_path / "p"
    for args in (("-q", "init", str(root), "--name", "Fjordby"),):
        result = run_cli(*args)
        assert result.exit_code == 0 and result.output == "", result.output
    assert run_cli("--project", root, "new", "knae").exit_code == 0
    copied = run_cli("--project", root, "theme", "copy", "-q", "styles/leaflet.css")
    assert copied.exit_code == 0 and copied.output == "", copied.output
    marked = run_cli("--project", root, "theme", "mark", "-q", "styles/leaflet.css")
    assert marked.exit_code == 0 and marked.output == "", marked.output
    shards = []
    for k in (1, 2):
        shard = tmp_path / f"shard-{k}"
        shutil.copytree(root, shard)
        built = run_cli("--project", shard, "-q", "build", "--shard", f"{k}/2", "--jobs", "1")
        assert built.exit_code == 0, built.output
        shards.append(str(shard / "dist"))
    merged = run_cli("--project", root, "-q", "merge", *shards)
    assert merged.exit_code == 0 and merged.output == "", merged.output
    assert (root / "dist" / "knae" / "da" / "knae-da.pdf").is_file()


def test_a_broken_pipe_that_is_not_the_reader_is_still_an_internal_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pipe to a worker process that breaks is a bug to report, not a reader gone: only
    a closed standard output is passed over in silence."""
    import leaflet.manual

    def broken() -> list[object]:
        raise BrokenPipeError(32, "Broken pipe")  # as a dead worker's pipe raises it

    monkeypatch.setattr(leaflet.manual, "pages", broken)
    result = run_cli("manual")
    assert result.exit_code == 1, result.output
    assert "internal error (BrokenPipeError" in result.stderr
