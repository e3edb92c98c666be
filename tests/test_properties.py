"""Property-based tests: whatever is typed into a content file, leaflet never crashes.

A translator can put anything into a file: half-written YAML, a tab, a stray quote,
text pasted from a PDF with control characters in it, a file saved in the wrong
encoding. Hypothesis writes such files by the hundred, and every run of the loader
and of the full build must end in one of two ways: it works, or it stops with a
clear user error (:class:`~leaflet.errors.LeafletError`; through the command line
exit status 1, the problems on stderr, no trace and no "internal error"). It must
never raise anything else, and never hang.

The loader tests write random text, random bytes, random YAML structures and the
real content changed in one place; the build tests put random text into the real
leaflet (its words, and the settings it prints) and build it through the command
line. Each example runs under a time limit, so a hang fails the test with the input
that caused it.

The examples are derandomized and no example database is kept, so every run tries
the same inputs, and Hypothesis's own cache goes to the temporary folder: nothing is
written into the repository. Every example writes into a copy of the project under
pytest's temporary folder and puts the file it changed back afterwards.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from helpers import LANG, LEAFLET, REPO, Leaflet, copy_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from leaflet.content import editions, yamlfile
from leaflet.errors import LeafletError
from leaflet.project import Project

# Hypothesis caches what it learns from the source code in .hypothesis/ of the current
# folder, even with no example database, and does so while pytest collects the tests:
# send that to the temporary folder, not into the repository.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "leaflet-hypothesis")

#: The tests share one copy of the project per module (Hypothesis runs many examples
#: in one test function, so pytest's function-scoped fixtures cannot give each example
#: its own copy); conftest's autouse fixture for FONTCONFIG_FILE is function-scoped too.
COMMON = settings(
    database=None,
    derandomize=True,
    deadline=None,  # a slow example is not a failure; a hung one is (see time_limit)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LOADER = settings(COMMON, max_examples=60)
BUILD = settings(COMMON, max_examples=5)

#: Seconds one example may take before it counts as a hang.
LOADER_LIMIT = 10.0
BUILD_LIMIT = 120.0

#: The words file and the settings file the loader tests write, relative to the leaflet.
WORDS_FILE = f"{LANG}/ufarlig.yaml"
SETTINGS_FILE = "leaflet.yaml"
TARGETS = (WORDS_FILE, SETTINGS_FILE)

# --- what is typed ------------------------------------------------------------------

#: Characters that mean something to YAML, white space, letters from several scripts,
#: emoji and control characters (NUL, escape, next line, line and paragraph separators,
#: a byte-order mark, right-to-left marks, a private-use character).
ALPHABET = (
    ":-#&*!|>'\"{}[],%@`?~=\\/."
    "\t\n\r "
    "abcxyzABC019"
    "æøåÆØÅé"
    "مرحبا"
    "שלום"
    "ሰላም"
    "Привіт"
    "中文"
    "🦄😀"
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0\xad"
    "\u200b\u200e\u200f\u202e\u2028\u2029\ufeff\ue000\ufffd"
)
#: Pieces of YAML, so that random text also reaches aliases, tags, block scalars,
#: directives, flow collections, merge keys and the keys leaflet knows.
YAML_PIECES = (
    "heading: ",
    "body:\n",
    "  - ",
    "- ",
    "  ",
    "\n",
    "\t",
    "list:\n",
    "title: ",
    "id: ",
    "kind: ",
    "pages:\n",
    "sections:\n",
    "translation:\n",
    "themes:\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!python/object/apply:os.system ",
    "!!binary ",
    "!custom ",
    "!!str ",
    "|\n",
    ">-\n",
    "|+2\n",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    ", ",
    "# comment\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "---\n",
    "...\n",
    "? ",
    ": ",
    "heading:text\n",
    "https://rn.dk",
    '"\\x00\\uD800"',
    "\ufeff",
    "\r\n",
)
SCRIPT_TEXT = st.text(alphabet=ALPHABET, max_size=40)
TYPED_TEXT = st.one_of(
    st.text(alphabet=ALPHABET, max_size=300),
    st.lists(st.one_of(st.sampled_from(YAML_PIECES), SCRIPT_TEXT), max_size=40).map("".join),
)

#: Keys leaflet knows (so random structures get past the first check now and then).
KNOWN_KEYS = (
    "heading",
    "body",
    "list",
    "title",
    "subtitle",
    "themes",
    "translation",
    "source",
    "reviewed",
    "id",
    "icon",
    "kind",
    "picture",
    "pages",
    "sections",
    "sender",
    "name",
    "document",
    "version",
    "published",
    "review",
    "qr",
    "print",
    "bleed",
    "profile",
    "shrink_to_fit",
)
#: Values leaflet checks: kinds, dates, addresses, paths, sizes.
KNOWN_VALUES = (
    "text",
    "cover",
    "themes",
    "back",
    "qr",
    "note",
    "ufarlig",
    "laenderygsmerter",
    "da",
    "2026-11-26",
    "2026-02-30",
    "https://rn.dk",
    "javascript:alert(1)",
    "pictures/forside.svg",
    "../../../etc/passwd",
    "/etc/passwd",
    "pictures",
    "3mm",
    "90%",
    "PDF/X-1a",
    "FOGRA39-leaflet.icc",
    "leaflet.yaml",
    "yes",
    "no",
    "{url}",
    "[x](ftp://a)",
    "",
    " ",
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.sampled_from(KNOWN_VALUES),
    SCRIPT_TEXT,
)
KEYS = st.one_of(
    st.sampled_from(KNOWN_KEYS), SCRIPT_TEXT, st.integers(-3, 3), st.booleans(), st.none()
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=30,
)


def nested(depth: int) -> Any:
    """A text inside ``depth`` lists."""
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


def dump(value: Any) -> str:
    """``value`` as YAML, the way a person (or a script) might save it."""
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10**6)


# --- the real content, changed in one place -------------------------------------------


@cache
def real_documents() -> dict[str, Any]:
    """Every file of the real leaflet, as plain PyYAML reads it, by path in the leaflet."""
    folder = REPO / "content" / LEAFLET
    return {
        path.relative_to(folder).as_posix(): yaml.load(
            path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader
        )
        for path in sorted([folder / SETTINGS_FILE, *folder.glob("*/*.yaml")])
    }


def places(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path (keys and indexes) to every value inside ``value``, not ``value`` itself."""
    if isinstance(value, dict | list):
        for key, inner in value.items() if isinstance(value, dict) else enumerate(value):
            yield (*at, key)
            yield from places(inner, (*at, key))


@st.composite
def mutated_content(draw: st.DrawFn) -> tuple[str, str]:
    """A real file of the leaflet with one value replaced, deleted or added; as YAML."""
    documents = real_documents()
    name = draw(st.sampled_from(sorted(documents)))
    document = copy.deepcopy(documents[name])
    *parent_at, key = draw(st.sampled_from(list(places(document))))
    parent = document
    for step in parent_at:
        parent = parent[step]
    action = draw(st.sampled_from(("replace", "delete", "add")))
    if action == "replace":
        parent[key] = draw(STRUCTURES)
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, dict):
        parent[draw(KEYS)] = draw(STRUCTURES)
    else:
        parent.insert(key, draw(STRUCTURES))
    return name, dump(document)


# --- running the loader ---------------------------------------------------------------


class Hung(Exception):
    """An example ran longer than its time limit: leaflet hung (or nearly)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hung` in the code running when ``seconds`` have passed."""

    def stop(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def restored(path: Path) -> Iterator[Path]:
    """``path`` gets its present bytes back after the block, whatever the block wrote."""
    before = path.read_bytes()
    try:
        yield path
    finally:
        path.write_bytes(before)


@contextmanager
def written(path: Path, data: bytes) -> Iterator[Path]:
    """``path`` holds ``data`` inside the block, and its old bytes again after it."""
    with restored(path):
        path.write_bytes(data)
        yield path


def loads_or_stops_cleanly(load: Callable[[], object]) -> LeafletError | None:
    """Run ``load``: it may return, or raise LeafletError whose problems each name a file.

    Returns the error (None when it loaded). Any other exception fails the test.
    """
    with time_limit(LOADER_LIMIT):
        try:
            load()
        except LeafletError as exc:
            assert exc.problems, "a LeafletError without a problem"
            for problem in exc.problems:
                assert problem.path is not None, problem
                assert problem.message.strip(), problem
            return exc
    return None


def load_everything(project: Project, path: Path, lang: str = LANG) -> None:
    """Load ``path`` and the leaflet around it the ways the commands do; check each outcome.

    The file on its own (yamlfile.load); the settings and the words of ``lang`` with the
    font check, as ``leaflet build`` loads them (build.load: content.load_settings,
    content.load_edition, fonts.check_texts); and ``leaflet check`` (build.check_project),
    which must never raise, and must find problems exactly when build.load stops.
    """
    loads_or_stops_cleanly(lambda: yamlfile.load(path))
    stopped = loads_or_stops_cleanly(lambda: editions.load(project, languages=(lang,)))
    with time_limit(LOADER_LIMIT):
        checked = editions.check_project(project, languages=(lang,))
    assert bool(checked.problems) == (stopped is not None), (checked.problems, stopped)
    for problem in checked.problems:
        assert problem.render(project.root).strip()


@pytest.fixture(scope="module")
def loader_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the project for the loader tests; each example restores what it wrote."""
    return Project(copy_project(tmp_path_factory.mktemp("properties") / "project"))


# --- 1. random text and random bytes ------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
@LOADER
@given(text=TYPED_TEXT)
@example(text="heading:Smerter\nbody:\n  - tekst\n")
@example(text="a: &a [*a, *a]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n")
@example(text="- " * 60 + "x\n")
@example(text="x: !!python/object/apply:os.system [echo hi]\n")
def test_random_text_loads_or_stops_cleanly(
    loader_project: Project, target: str, text: str
) -> None:
    """Any text as a words file or as leaflet.yaml: loaded, or a LeafletError naming the file."""
    path = loader_project.content / LEAFLET / target
    with written(path, text.encode("utf-8")):
        load_everything(loader_project, path)


@pytest.mark.parametrize("target", TARGETS)
@settings(LOADER, max_examples=30)
@given(data=st.binary(max_size=300))
@example(data=b"heading: \xe6\xf8\xe5\n")  # Latin-1, as an old editor saves it
@example(data="heading: æøå\n".encode("utf-16"))
@example(data=b"\xef\xbb\xbfheading: x\r\nbody:\r\n  - y\r\n")
@example(data=b"\xef\xbb\xbf")
def test_random_bytes_load_or_stop_cleanly(
    loader_project: Project, target: str, data: bytes
) -> None:
    """Any bytes (not UTF-8, a lone BOM, NUL …) as a file: loaded, or a clear LeafletError."""
    path = loader_project.content / LEAFLET / target
    with written(path, data):
        load_everything(loader_project, path)


# --- 2. random structures -------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
@LOADER
@given(value=STRUCTURES)
@example(value={"heading": None, "body": [{"list": [[]]}]})
@example(value={1: "a", "1": "b"})
@example(value=nested(yamlfile.MAX_DEPTH + 5))
def test_random_structures_load_or_stop_cleanly(
    loader_project: Project, target: str, value: Any
) -> None:
    """Any YAML structure as a words file or as leaflet.yaml: loaded, or a clear LeafletError."""
    path = loader_project.content / LEAFLET / target
    with written(path, dump(value).encode("utf-8")):
        load_everything(loader_project, path)


@LOADER
@given(change=mutated_content())
def test_real_content_changed_in_one_place_loads_or_stops_cleanly(
    loader_project: Project, change: tuple[str, str]
) -> None:
    """The real leaflet with one value replaced, deleted or added, in leaflet.yaml or any
    words file (translations too): it loads, or stops with a clear LeafletError."""
    name, text = change
    path = loader_project.content / LEAFLET / name
    lang = name.split("/")[0] if "/" in name else LANG
    with written(path, text.encode("utf-8")):
        load_everything(loader_project, path, lang)


# --- 3. the full build, through the command line --------------------------------------

#: What a writer may put into a paragraph: the inline markup signs, HTML, links good and
#: bad, very long words, many line breaks, right-to-left text and marks, and characters
#: that no shipped font has (Hebrew, Chinese, emoji, private use, control characters).
PARAGRAPH_PIECES = (
    "**",
    "*",
    "***",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "{url}",
    "<",
    ">",
    "&",
    '"',
    "'",
    "&amp;",
    "<b>fed</b>",
    "<script>alert(1)</script>",
    "**fed**",
    "*kursiv*",
    "[rn.dk](https://rn.dk)",
    "[skriv](mailto:a@rn.dk)",
    "[x](javascript:alert(1))",
    "\n",
    "\n" * 40,
    " ",
    "\t",
    "ord ",
    "smerter i lænderyggen ",
    "x" * 400,
    "Lændehvirvelsøjlebevægelighedsundersøgelsesresultaterne",
    "مرحبا بالعالم ",
    "\u200f",
    "\u202e",
    "ሰላም ",
    "Привіт ",
    "שלום",
    "中文",
    "🦄",
    "\ue000",
    "\x00",
    "\x07",
    "\u00ad",
    "\u200b",
)
#: Characters the shipped fonts have (so a build gets as far as laying out the pages):
#: markup signs, Latin, Greek, Cyrillic, Arabic and Ethiopic letters, right-to-left and
#: zero-width marks, line and paragraph separators, and U+0000, which the fonts map.
PRINTABLE = (
    "*[](){}<>&\"'`#:-_.,;!?/\\|%@~^= \n\t"
    "abcxyzABC019æøåÆØÅé"
    "Γειά"
    "Привіт"
    "مرحبا"
    "ሰላም"
    "\x00\xa0\xad\u200b\u200e\u200f\u202e\u2028\u2029\ufeff\ufffd"
)
PARAGRAPH = st.lists(
    st.one_of(
        st.sampled_from(PARAGRAPH_PIECES), st.text(alphabet=PRINTABLE, min_size=1, max_size=12)
    ),
    min_size=1,
    max_size=25,
).map("".join)


@st.composite
def changed_words(draw: st.DrawFn) -> tuple[str, tuple[Any, ...], str]:
    """A section, the place of one of its Danish texts (a heading, a paragraph, a list
    item, a label, the cover title) and a text to put there."""
    documents = real_documents()
    sections = sorted(name for name in documents if name.startswith(f"{LANG}/"))
    name = draw(st.sampled_from(sections))
    document = documents[name]

    def text_at(at: tuple[Any, ...]) -> bool:
        value = document
        for step in at:
            value = value[step]
        return isinstance(value, str)

    texts = [at for at in places(document) if text_at(at)]
    return Path(name).stem, draw(st.sampled_from(texts)), draw(PARAGRAPH)


def dist_files(project: Leaflet) -> dict[str, bytes]:
    """Every file in dist/ with its bytes, by path in dist/.

    The manifest's list of files, not its record of editions that do not fit, and
    no contact sheet: a build that stops may record (and show) why.
    """
    found = {
        p.relative_to(project.dist).as_posix(): p.read_bytes()
        for p in sorted(project.dist.rglob("*"))
        if p.is_file() and p.name not in ("manifest.json", "contact-sheet.png")
    }
    if project.manifest.is_file():
        files = json.loads(project.manifest.read_text(encoding="utf-8"))["files"]
        editions = [f for f in files if f["variant"] != "contact-sheet"]
        found["manifest.json"] = json.dumps(editions).encode()
    return found


def assert_built_or_stopped_cleanly(
    project: Leaflet, result: Result, before: dict[str, bytes]
) -> None:
    """Exit 0; or exit 1 with the problems on stderr and dist/ exactly as it was."""
    assert "Traceback" not in result.output, result.output
    assert "internal error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    if result.exit_code == 1:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        problems = [line for line in lines if not line.startswith("leaflet: stopped")]
        assert problems, f"stopped without saying why:\n{result.stderr}"
        assert lines[-1].startswith("leaflet: stopped"), result.stderr
        assert dist_files(project) == before, "a build that stopped changed dist/"
    else:
        assert project.pdf.is_file() and project.print_pdf.is_file(), result.output


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Leaflet]:
    """A copy of the project with the Danish leaflet built once; examples build over it."""
    project = Leaflet(copy_project(tmp_path_factory.mktemp("properties-built") / "project"))
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        result = project.build("--lang", LANG)
        assert result.exit_code == 0, result.output
        yield project
    shutil.rmtree(project.root / "dist", ignore_errors=True)


@BUILD
@given(change=changed_words())
@example(
    change=(
        "ufarlig",
        ("body", 0),
        "**fed** *kursiv* 5 < 10 & 10 > 5 [rn.dk](https://rn.dk) {url} \"' ** [ ( {",
    )
)
@example(change=("ufarlig", ("body", 1), "Lænde" * 200))  # one word wider than the page
@example(change=("aarsager", ("body", 0), "linje\n" * 60))
@example(change=("dialog", ("heading",), "مرحبا \u202e بالعالم ሰላም Привіт"))
@example(change=("forside", ("title",), "smerter 🦄 \x00"))
@example(change=("bagside", ("sender_label",), ""))
def test_changed_text_builds_or_stops_cleanly(
    built_project: Leaflet, change: tuple[str, tuple[Any, ...], str]
) -> None:
    """Any text in place of a heading, paragraph, list item or label of the real leaflet:
    `leaflet build` makes the PDFs, or stops with exit status 1 and its problems, and
    leaves every file in dist/ byte for byte as it was."""
    section, (*parent_at, key), text = change
    words = built_project.words(section)
    parent = words
    for step in parent_at:
        parent = parent[step]
    parent[key] = text
    path = built_project.words_file(section)
    before = dist_files(built_project)
    with restored(path), time_limit(BUILD_LIMIT):
        built_project.write_words(section, words)
        result = built_project.build("--lang", LANG)
    assert_built_or_stopped_cleanly(built_project, result, before)


#: Settings that are printed on the leaflet (the back page, the slug, the QR code) or
#: written into the PDFs' metadata.
PRINTED_SETTINGS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("qr",),
    ("sender", "name"),
    ("sender", "department"),
    ("sender", "address"),
    ("sender", "phone"),
    ("sender", "email"),
    ("sender", "web"),
    ("document", "version"),
)


@BUILD
@given(
    where=st.sampled_from(PRINTED_SETTINGS),
    text=st.one_of(PARAGRAPH, PARAGRAPH.map("https://rn.dk/".__add__)),
)
@example(where=("document", "version"), text="1/2\\3 <&> \"' \u202e \x00")
@example(where=("qr",), text="https://rn.dk/" + "lænderyg/" * 40)
def test_changed_setting_builds_or_stops_cleanly(
    built_project: Leaflet, where: tuple[str, ...], text: str
) -> None:
    """Any text as a setting that is printed (sender, version, title, QR address) in
    leaflet.yaml: the build works, or stops with exit status 1 and leaves dist/ as it was."""
    settings_yaml = built_project.settings()
    parent = settings_yaml
    for step in where[:-1]:
        parent = parent.setdefault(step, {})
    parent[where[-1]] = text
    path = built_project.settings_file
    before = dist_files(built_project)
    with restored(path), time_limit(BUILD_LIMIT):
        path.write_text(dump(settings_yaml), encoding="utf-8")
        result = built_project.build("--lang", LANG)
    assert_built_or_stopped_cleanly(built_project, result, before)
