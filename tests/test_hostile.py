"""A catalogue of bad and hostile input: each stops the build with one clear message.

Every case breaks one thing in a copy of the built project and runs ``leaflet build``.
For each: exit status 1, a message naming the file (and line, where there is one)
without a Python trace, the files already in dist/ byte for byte as they were, and
nothing of the file outside the project that the input tried to reach in any output.
The outside file holds a marker text; a leak would put it in a PDF or the HTML.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from helpers import LEAFLET, Leaflet, find_problem, line_of
from test_pictures import data_url, png_header

from leaflet.build.lock import dist_lock
from leaflet.errors import LeafletError
from leaflet.project import Project
from leaflet.render.pdf import Renderer

#: Written into files outside the project; must never reach an output.
SECRET = "OUTSIDE-SECRET-4f9c2a"
WORDS = "ufarlig"  # a text section on page 2
ICON = "pictures/fysisk-aktivitet.svg"


# --- what must hold after every failed build ------------------------------------------


def snapshot(dist: Path) -> dict[str, str]:
    """Every file under dist/ with its checksum."""
    return {
        p.relative_to(dist).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(dist.rglob("*"))
        if p.is_file()
    }


def assert_no_secret(dist: Path) -> None:
    """No output holds the marker: not in the HTML, not in any (decoded) PDF stream."""
    for path in dist.rglob("*"):
        if path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                for obj in pdf.objects:
                    if isinstance(obj, pikepdf.Stream):
                        try:
                            data = obj.read_bytes()
                        except pikepdf.PdfError:
                            data = obj.read_raw_bytes()
                        assert SECRET.encode() not in data, path
        elif path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project, with files content must not be able to use."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (folder / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
        f'<text x="0" y="8">{SECRET}</text></svg>\n',
        encoding="utf-8",
    )
    (folder / "secret.css").write_text(f'h2::after {{ content: "{SECRET}" }}\n', "utf-8")
    return folder


# --- the catalogue ---------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """Where the problem must be reported: a file, and its line (None: the whole file)."""

    path: Path
    line: int | None


@dataclass(frozen=True)
class Case:
    id: str
    #: Breaks the project (given the folder outside it); says where the problem is.
    make: Callable[[Leaflet, Path], Broken]
    #: Words the message must contain.
    needles: tuple[str, ...]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def words_edit(old: str, new: str, line_pattern: str) -> Callable[[Leaflet, Path], Broken]:
    def make(project: Leaflet, outside: Path) -> Broken:
        path = project.words_file(WORDS)
        edit(path, old, new)
        return Broken(path, line_of(path, line_pattern))

    return make


def words_append(text: str, line_pattern: str) -> Callable[[Leaflet, Path], Broken]:
    def make(project: Leaflet, outside: Path) -> Broken:
        path = project.words_file(WORDS)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
        return Broken(path, line_of(path, line_pattern))

    return make


def paragraph(text: str, line_pattern: str) -> Callable[[Leaflet, Path], Broken]:
    """Adds ``text`` as a paragraph of the section (as a quoted YAML string)."""
    return words_append(f"  - {text}\n", line_pattern)


def settings_edit(old: str, new: str, line_pattern: str) -> Callable[[Leaflet, Path], Broken]:
    def make(project: Leaflet, outside: Path) -> Broken:
        edit(project.settings_file, old, new.replace("OUTSIDE", str(outside)))
        return Broken(project.settings_file, line_of(project.settings_file, line_pattern))

    return make


def empty_file(project: Leaflet, outside: Path) -> Broken:
    path = project.words_file(WORDS)
    path.write_text("", encoding="utf-8")
    return Broken(path, 1)


def latin1_file(project: Leaflet, outside: Path) -> Broken:
    path = project.words_file(WORDS)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("–", "-").encode("latin-1"))
    return Broken(path, first_non_ascii(text))


def first_non_ascii(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())


def missing_words_file(project: Leaflet, outside: Path) -> Broken:
    path = project.words_file(WORDS)
    path.unlink()
    return Broken(path, None)


def picture_symlink_out(project: Leaflet, outside: Path) -> Broken:
    link = project.folder / "pictures" / "link.svg"
    link.symlink_to(outside / "secret.svg")
    edit(project.settings_file, "picture: pictures/forside.svg", "picture: pictures/link.svg")
    return Broken(project.settings_file, line_of(project.settings_file, "link.svg"))


def style_with(css: str, line_pattern: str) -> Callable[[Leaflet, Path], Broken]:
    def make(project: Leaflet, outside: Path) -> Broken:
        style = project.folder / "style.css"
        style.write_text(css.replace("OUTSIDE", str(outside)), encoding="utf-8")
        with project.settings_file.open("a", encoding="utf-8") as handle:
            handle.write("style: style.css\n")
        return Broken(style, line_of(style, line_pattern))

    return make


def icon_with(svg: str, line_pattern: str | None) -> Callable[[Leaflet, Path], Broken]:
    def make(project: Leaflet, outside: Path) -> Broken:
        icon = project.folder / ICON
        icon.write_text(svg.replace("OUTSIDE", str(outside)), encoding="utf-8")
        return Broken(icon, line_of(icon, line_pattern) if line_pattern else None)

    return make


def template_edit(old: str, new: str, line_pattern: str) -> Callable[[Leaflet, Path], Broken]:
    def make(project: Leaflet, outside: Path) -> Broken:
        path = project.root / "templates" / "sections" / "text.html.j2"
        edit(path, old, new)
        return Broken(path, line_of(path, line_pattern))

    return make


def python_tag(project: Leaflet, outside: Path) -> Broken:
    path = project.words_file(WORDS)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("heading: ")
    lines[0] = f'heading: !!python/object/apply:os.system ["touch {outside / "pwned"}"]\n'
    path.write_text("".join(lines), encoding="utf-8")
    return Broken(path, 1)


ALIAS_BOMB = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""

BROKEN_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <g>
    <circle cx="5" cy="5" r="4"/>
  </svg>
"""

CASES = [
    Case(
        "unclosed-quote",
        words_edit("heading: ", 'heading: "', "^heading"),
        ("quote",),
    ),
    Case("tab-indentation", words_edit("  - >-", "\t- >-", "^\t- "), ("tab",)),
    Case(
        "no-space-after-colon",
        words_edit("heading: ", "heading:", "^heading"),
        ("no space after the colon",),
    ),
    Case("duplicate-key", words_append("heading: igen\n", "^heading: igen"), ("twice",)),
    Case("unknown-key", words_append("heding: x\n", "^heding"), ("heding", "did you mean")),
    Case(
        "wrong-kind-of-value",
        words_edit("heading: ", "heading:\n  - en\n  - ", "^  - en$"),
        ("heading",),
    ),
    Case("empty-file", empty_file, ("empty",)),
    Case("latin-1", latin1_file, ("UTF-8",)),
    Case("missing-section-file", missing_words_file, ("missing",)),
    Case(
        "missing-picture",
        settings_edit("pictures/forside.svg", "pictures/findes-ikke.svg", "findes-ikke"),
        ("does not exist",),
    ),
    Case(
        "picture-path-up-and-out",
        settings_edit("pictures/forside.svg", "../../../../etc/passwd", "etc/passwd"),
        ("outside the leaflet folder",),
    ),
    Case(
        "picture-absolute-path",
        settings_edit("pictures/forside.svg", "OUTSIDE/secret.svg", "secret.svg"),
        ("outside the leaflet folder",),
    ),
    Case("picture-symlink-out", picture_symlink_out, ("outside the leaflet folder",)),
    Case(
        "script-in-paragraph",
        paragraph('"Se <script>alert(1)</script> her"', "<script>"),
        ("contains HTML", "<script>"),
    ),
    Case(
        "img-file-url-in-paragraph",
        paragraph("'<img src=\"file:///etc/passwd\">'", "<img"),
        ("contains HTML", "<img"),
    ),
    Case(
        "control-character-in-text",
        paragraph('"Tekst med et usynligt tegn: \\0 her"', "usynligt"),
        ("control character", "U+0000"),
    ),
    Case(
        "javascript-link-in-text",
        paragraph("Se [her](javascript:alert(1)) for mere.", "javascript"),
        ('"javascript:alert(1)"', "https://"),
    ),
    Case(
        "css-url-to-http",
        style_with(
            ".page { color: device-cmyk(0 0 0 1); }\n"
            "h2 { background: url(http://example.com/x.png); }\n",
            "http:",
        ),
        ("url(http://example.com/x.png)", "network"),
    ),
    Case(
        "css-url-to-outside-file",
        style_with('h2 { background: url("OUTSIDE/secret.svg"); }\n', "secret"),
        ("outside the project",),
    ),
    Case(
        "css-import",
        style_with('@import "OUTSIDE/secret.css";\n', "@import"),
        ("@import",),
    ),
    Case(
        "css-bad-declaration",
        style_with(".page {\n  colr: device-cmyk(0 0 0 1);\n}\n", "colr"),
        ("colr", "unknown property"),
    ),
    Case("python-tag", python_tag, ("!!python/object/apply",)),
    Case(
        "billion-laughs",
        lambda project, outside: (
            project.words_file(WORDS).write_text(ALIAS_BOMB, encoding="utf-8"),
            Broken(project.words_file(WORDS), 1),
        )[1],
        ("aliases",),
    ),
    Case(
        "five-megabyte-paragraph",
        paragraph("x" * 5_000_000, "^  - xxxx"),
        ("characters long", "shorten it"),
    ),
    Case(
        "qr-javascript",
        settings_edit("qr: https://rn.dk/lænderygsmerter", "qr: javascript:alert(1)", "^qr:"),
        ("not a web address",),
    ),
    Case(
        "qr-without-scheme",
        settings_edit("qr: https://rn.dk/lænderygsmerter", "qr: rn.dk/lænderygsmerter", "^qr:"),
        ("https://",),
    ),
    Case(
        "qr-too-long-to-scan",
        settings_edit(
            "qr: https://rn.dk/lænderygsmerter",
            "qr: https://rn.dk/lænderygsmerter?"
            + "&".join(f"felt{i}=vaerdi{i}" for i in range(60)),
            "^qr:",
        ),
        ("squares across", "shorter address"),
    ),
    Case("broken-svg-icon", icon_with(BROKEN_SVG, "</svg>"), ("SVG",)),
    Case(
        "svg-icon-reads-outside-file",
        icon_with(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' viewBox="0 0 10 10">\n'
            '  <image xlink:href="file://OUTSIDE/secret.svg" width="10" height="10"/>\n'
            "</svg>\n",
            "<image",
        ),
        ("elsewhere on the computer",),
    ),
    Case(
        "svg-icon-with-a-huge-photo",
        icon_with(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
            f'  <image href="{data_url(png_header(30000, 30000))}" width="10" height="10"/>\n'
            "</svg>\n",
            "<image",
        ),
        ("30000 × 30000 pixels", "smaller"),
    ),
    Case(
        "css-huge-picture",
        style_with(f'h2 {{ background: url("{data_url(png_header(30000, 30000))}"); }}\n', "h2"),
        ("30000 × 30000 pixels",),
    ),
    Case(
        "unknown-template",
        settings_edit(
            "  ufarlig:\n    kind: text\n",
            "  ufarlig:\n    kind: text\n    template: findes-ikke\n",
            "findes-ikke",
        ),
        ('no template "findes-ikke"',),
    ),
    Case(
        "template-syntax-error",
        template_edit("{% include", "{% if %}\n{% include", "{% if %}"),
        ("template error",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_stops_with_a_clear_message_and_loses_nothing(
    case: Case, built_copy: Leaflet, outside: Path
) -> None:
    before = snapshot(built_copy.dist)
    broken = case.make(built_copy, outside)

    result = built_copy.build("--lang", "da")

    find_problem(result, built_copy.rel(broken.path), broken.line, *case.needles)
    assert snapshot(built_copy.dist) == before, "dist/ changed"
    assert_no_secret(built_copy.dist)
    assert not (outside / "pwned").exists()


def test_the_unbroken_copy_builds(built_copy: Leaflet) -> None:
    """So each failure above is its case's doing."""
    result = built_copy.build("--lang", "da")
    assert result.exit_code == 0, result.output


# --- time, interruption, concurrency, temporary files ----------------------------------


def test_a_build_that_takes_too_long_is_stopped(built_copy: Leaflet) -> None:
    before = snapshot(built_copy.dist)
    result = built_copy.build("--lang", "da", "--force", "--time-limit", "0.2")
    assert result.exit_code == 1, result.output
    # said at the words file with the most text, with how much it has
    (said,) = [line for line in result.stderr.splitlines() if "took more than" in line]
    match = re.match(rf"^{built_copy.rel(built_copy.folder / 'da')}/([a-z-]+)\.yaml: ", said)
    assert match, said
    assert f'the longest text is the section "{match[1]}"' in said
    assert "took more than 0.2 seconds" in said and "--time-limit" in said
    assert snapshot(built_copy.dist) == before


def _leaflet_process(project: Leaflet, tmp: Path, *args: str) -> subprocess.Popen[str]:
    command = Path(sys.executable).with_name("leaflet")
    return subprocess.Popen(
        [str(command), "--project", str(project.root), "build", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )


def test_a_build_leaves_no_temporary_files(built_copy: Leaflet, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    done = _leaflet_process(built_copy, tmp, "--force")
    _out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert list(tmp.iterdir()) == []
    assert not list(built_copy.dist.rglob(".*"))


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "workers"])
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_a_stopped_build_loses_nothing_and_leaves_nothing(
    built_copy: Leaflet, tmp_path: Path, stop: signal.Signals, jobs: str
) -> None:
    """Stopped while WeasyPrint renders (its font copies exist): old files stay, no leftovers."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    before = snapshot(built_copy.dist)
    # Every language built again (--force), the Danish text changed so its files would
    # differ if written; with workers, their font copies are in a folder of their own.
    edit(built_copy.words_file(WORDS), "heading: ", "heading: Ændret – ")
    process = _leaflet_process(built_copy, tmp, "--force", "--jobs", jobs)
    deadline = time.monotonic() + 60
    while not any(tmp.rglob("weasyprint-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert any(tmp.rglob("weasyprint-*")), "the build never started rendering"
    # Four languages take seconds: it is still building when it is told to stop, and a
    # stop that Python loses (raised in a finaliser) is raised again before anything
    # lands (leaflet/stopping.py), so the exit status is certain.
    assert process.poll() is None, process.communicate()
    process.send_signal(stop)
    out, err = process.communicate(timeout=60)

    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert "interrupted" in err
    assert list(tmp.iterdir()) == []
    assert snapshot(built_copy.dist) == before


class Finalised:
    """An object whose finaliser gets a Ctrl-C, which Python prints and loses."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, while in a finaliser
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the handler runs here, between bytecodes
            pass


def test_a_ctrl_c_python_loses_in_a_finaliser_still_stops_the_build(
    built_copy: Leaflet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C raised while the garbage collector runs an object's __del__ is printed as
    "Exception ignored" and lost; the build must stop all the same (exit status 130),
    before it lands anything."""
    from leaflet.build import pipeline

    before = snapshot(built_copy.dist)
    edit(built_copy.words_file(WORDS), "heading: ", "heading: Ændret – ")
    original = pipeline.make_edition

    lost: list[type[BaseException] | None] = []

    def make_edition(*args: object, **kwargs: object) -> object:
        made = original(*args, **kwargs)  # type: ignore[arg-type]
        Finalised()  # collected at once: the KeyboardInterrupt is raised and lost
        return made

    monkeypatch.setattr(sys, "unraisablehook", lambda raised: lost.append(raised.exc_type))
    monkeypatch.setattr(pipeline, "make_edition", make_edition)
    result = built_copy.build("--lang", "da", "--force", "--jobs", "1")
    assert lost == [KeyboardInterrupt]  # Python printed it as "Exception ignored" …
    assert result.exit_code == 130, result.output  # … and the build stopped all the same
    assert "interrupted" in result.stderr
    assert snapshot(built_copy.dist) == before


def test_a_ctrl_c_lost_as_the_manifest_is_written_last_still_stops_the_build(
    built_copy: Leaflet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last step of a build, after every file landed and the contact sheets were
    drawn: a Ctrl-C lost there is still said (exit status 130), with the files landed."""
    from leaflet.build.manifest import Manifest

    edit(built_copy.words_file(WORDS), "heading: ", "heading: Ændret – ")
    original = Manifest.flush
    lost: list[type[BaseException] | None] = []

    def flush(self: Manifest) -> None:
        original(self)
        Finalised()

    monkeypatch.setattr(sys, "unraisablehook", lambda raised: lost.append(raised.exc_type))
    monkeypatch.setattr(Manifest, "flush", flush)
    result = built_copy.build("--lang", "da", "--jobs", "1")
    assert lost == [KeyboardInterrupt], lost
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr


def test_a_second_build_waits_for_the_first(built_copy: Leaflet, tmp_path: Path) -> None:
    """While one build holds dist/, another waits, says so, and finishes after it."""
    with dist_lock(Project(built_copy.root)):
        process = _leaflet_process(built_copy, tmp_path, "--lang", "da", "--force")
        time.sleep(3)  # long enough to have built da, were it not waiting
        assert process.poll() is None, process.communicate()
        mtime = built_copy.pdf.stat().st_mtime
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert out.count("waiting for it to finish") == 1, out  # said once, not at every try
    assert built_copy.pdf.stat().st_mtime > mtime


def test_two_builds_at_once_both_land(project: Leaflet, tmp_path: Path) -> None:
    """Two builds into one dist/ at the same time: every file whole, the manifest has both."""
    first = _leaflet_process(project, tmp_path, "--lang", "da")
    second = _leaflet_process(project, tmp_path, "--lang", "en")
    for process in (first, second):
        _out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    manifest = (project.dist / "manifest.json").read_text(encoding="utf-8")
    for lang in ("da", "en"):
        assert f'"{LEAFLET}/{lang}/{LEAFLET}-{lang}.pdf"' in manifest
        with pikepdf.open(project.dist / LEAFLET / lang / f"{LEAFLET}-{lang}.pdf") as pdf:
            assert len(pdf.pages) == 8
    assert not re.search(r"\.tmp", " ".join(p.name for p in project.dist.rglob("*")))


def test_the_renderer_refuses_a_huge_picture_on_its_own(project: Leaflet) -> None:
    """The fetcher checks what it loads, also what no check before rendering saw."""
    renderer = Renderer(Project(project.root))
    html = f'<p>x</p><img src="{data_url(png_header(30000, 30000))}">'
    with pytest.raises(LeafletError) as caught:
        renderer.render(html, project.folder, project.folder / "da", None)
    assert "30000 × 30000 pixels" in str(caught.value)
    renderer.close()


def test_the_renderer_refuses_files_outside_and_the_network(
    project: Leaflet, outside: Path
) -> None:
    renderer = Renderer(Project(project.root))
    for src in ((outside / "secret.svg").as_uri(), "https://example.com/x.png"):
        with pytest.raises(LeafletError) as caught:
            renderer.render(f'<img src="{src}">', project.folder, project.folder / "da", None)
        assert "refused" in str(caught.value)
    renderer.close()


def test_a_file_that_cannot_be_written_is_a_clear_problem(built_copy: Leaflet) -> None:
    """A full disk or an unwritable folder: a message, exit 1, no half-written file."""
    out_dir = built_copy.dist / LEAFLET / "en"
    shutil.rmtree(out_dir)
    out_dir.write_text("a file where the folder should be\n", encoding="utf-8")
    before = snapshot(built_copy.dist)
    edit(built_copy.words_file(WORDS, "en"), "heading: ", "heading: Changed – ")
    edit(built_copy.words_file(WORDS, "da"), "heading: ", "heading: Ændret – ")

    result = built_copy.build("--lang", "en", "--lang", "da")

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "could not write" in result.stderr and "make room" in result.stderr
    after = snapshot(built_copy.dist)
    assert after[f"{LEAFLET}/en"] == before[f"{LEAFLET}/en"]  # the stray file, untouched
    assert after[f"{LEAFLET}/da/{LEAFLET}-da.pdf"] != before[f"{LEAFLET}/da/{LEAFLET}-da.pdf"]
    assert not [p for p in built_copy.dist.rglob("*.tmp")]


def test_a_callers_own_timer_is_left_running() -> None:
    """time_limit inside a caller's own timer does not cancel it (it would, replaced)."""
    from leaflet.render.pdf import time_limit

    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with time_limit(0.01):
            time.sleep(0.05)  # would raise TimeLimit had the inner limit been set
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 20
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_workers_stopped_at_once_are_stopped_for_certain(
    project: Leaflet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build stopped (by a content problem) just after its workers were forked: a worker
    may miss the pool's SIGTERM (Python clears a signal that comes before its start-up
    replaced the main process's handler) and wait for ever for the lock the stopping
    pool holds. Here every worker ignores SIGTERM, as such a worker does, and is still
    starting when the pool stops; the pool must stop them all the same."""
    import contextlib
    import multiprocessing
    import threading

    from leaflet.build import workers

    def deaf(root: str, temp: str) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(1)  # still starting when the pool stops: it holds the lock of the work

    monkeypatch.setattr(workers, "_start", deaf)
    monkeypatch.setattr(workers, "start_method", lambda: "fork")
    stopped = threading.Event()

    def build_stopped_at_once() -> None:
        with contextlib.suppress(LeafletError), workers.pool(Project(project.root), 2):
            raise LeafletError("a content problem, found while the workers start")
        stopped.set()

    thread = threading.Thread(target=build_stopped_at_once, daemon=True)
    thread.start()
    thread.join(60)
    left = multiprocessing.active_children()
    for child in left:  # never leave one behind, whatever happened
        child.kill()
    assert stopped.is_set(), "the pool waited for ever for a worker that missed SIGTERM"
