"""Reading content files: exact text, and a clear file:line message for every mistake.

Nothing here renders a PDF: every problem is found while loading, before rendering.
Each error test breaks one file of a copy of the real leaflet and runs the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Leaflet, find_problem, line_of, problem_lines

from leaflet.content import yamlfile
from leaflet.content.editions import load
from leaflet.errors import LeafletError
from leaflet.project import Project

TYPED = {
    "a": "no",
    "b": "on",
    "c": "yes",
    "d": "1.10",
    "e": "08",
    "f": "~",
    "g": "null",
    "h": "2026-01-01",
    "i": "off",
    "j": "0x1F",
    "k": "1e3",
}


def text_section(project: Leaflet) -> str:
    """The first text section with a heading, in page-plan order: the file these tests break."""
    return next(s for s in project.sections_of_kind("text") if "heading" in project.words(s))


# --- values are the text typed ------------------------------------------------------


def test_scalars_stay_exactly_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "values.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in TYPED.items()), encoding="utf-8")
    loaded = yamlfile.load(path)
    assert loaded == TYPED
    assert all(type(v) is not bool and isinstance(v, str) for v in loaded.values())


def test_typed_values_reach_the_leaflet_unchanged(project: Leaflet) -> None:
    settings = project.settings_file
    text = settings.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    version = line_of(settings, r"^\s+version:")
    lines[version - 1] = "  version: 1.10\n"  # unquoted: a float to plain YAML
    settings.write_text("".join(lines), encoding="utf-8")
    section = text_section(project)
    words = project.words(section)
    words["heading"] = "no"
    project.write_words(section, words)
    path = project.words_file(section)
    path.write_text(path.read_text(encoding="utf-8").replace("heading: 'no'", "heading: no"))
    assert "heading: no\n" in path.read_text(encoding="utf-8")

    (edition,) = load(Project(project.root), languages=["da"])
    assert edition.settings.document.version == "1.10"
    assert edition.sections[section].words["heading"] == "no"


def _located(value: object) -> object:
    """A loaded value with the place of every part, to compare two readings of a file."""
    where = (getattr(value, "line", None), getattr(value, "column", None))
    if isinstance(value, dict):
        keys = getattr(value, "keys_at", {})
        return (where, [(k, keys.get(k), _located(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (where, [_located(v) for v in value])
    return (where, type(value).__name__, str(value))


def test_libyaml_reads_every_file_as_the_python_parser_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The C parser (fast) and PyYAML's own give the same values at the same places."""
    repo = Path(__file__).resolve().parents[1]
    starter = repo / "leaflet" / "content" / "starter"  # its leaflet.yaml has @placeholders@,
    # and so does its project file
    words = [p for p in starter.glob("*/*.yaml") if p.parent.name != "project"]
    paths = sorted([*(repo / "content").rglob("*.yaml"), *words])
    assert len(paths) > 40
    fast = [_located(yamlfile.load_text(p, p.read_text(encoding="utf-8"))) for p in paths]
    assert all(yamlfile._compose_fast(p.read_text(encoding="utf-8")) for p in paths[:5])
    monkeypatch.setattr(yamlfile, "_FAST", None)
    slow = [_located(yamlfile.load_text(p, p.read_text(encoding="utf-8"))) for p in paths]
    assert fast == slow


def test_bom_and_crlf_load_fine(project: Leaflet) -> None:
    section = text_section(project)
    path = project.words_file(section)
    expected = project.words(section)  # plain PyYAML on the BOM-less, LF original
    original = path.read_text(encoding="utf-8")
    assert "\r" not in original
    path.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))

    (edition,) = load(Project(project.root), languages=["da"])
    words = edition.sections[section].words
    assert set(words) == set(expected)
    assert str(words["heading"]) == expected["heading"]
    for got in words["body"]:
        assert "\r" not in str(got) and "\ufeff" not in str(got)
    assert [str(p) for p in words["body"] if isinstance(p, str)] == [
        p for p in expected["body"] if isinstance(p, str)
    ]


# --- mistakes ---------------------------------------------------------------------------


def break_words(project: Leaflet, text: str | bytes) -> tuple[Path, str]:
    """Replace the words of the first text section; return its path and CLI name."""
    path = project.words_file(text_section(project))
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path, project.rel(path)


def test_duplicate_key(project: Leaflet) -> None:
    path = project.words_file(text_section(project))
    original = path.read_text(encoding="utf-8")
    assert original.endswith("\n")
    first = line_of(path, r"^heading:")
    path, rel = break_words(project, original + "heading: Igen\n")
    second = len(original.splitlines()) + 1

    message = find_problem(project.build(), rel, second, "heading")
    assert f"line {first}" in message or f":{first}" in message, message


def test_unknown_key_suggests_the_right_one(project: Leaflet) -> None:
    path = project.words_file(text_section(project))
    original = path.read_text(encoding="utf-8")
    line = line_of(path, r"^heading:")
    path, rel = break_words(project, original.replace("heading:", "heding:", 1))

    message = find_problem(project.build(), rel, line, "heding", "did you mean")
    assert '"heading"' in message


def test_missing_required_key(project: Leaflet) -> None:
    _, rel = break_words(project, "heading: Kun en overskrift\n")
    result = project.build()
    find_problem(result, rel, {None, 1}, "body", "missing")


def test_a_list_where_text_is_wanted(project: Leaflet) -> None:
    original = project.words_file(text_section(project)).read_text(encoding="utf-8")
    body = original[original.index("body:") :]
    _, rel = break_words(project, "heading:\n  - en\n  - to\n" + body)
    message = find_problem(project.build(), rel, {1, 2}, "heading")
    assert "text" in message and "list" in message, message


def test_python_tags_are_refused(project: Leaflet, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    _, rel = break_words(
        project,
        f"heading: !!python/object/apply:os.system ['touch {marker}']\nbody:\n  - tekst\n",
    )
    result = project.build()
    find_problem(result, rel, 1, "tag")
    assert not marker.exists()


def test_alias_bomb_fails_fast(project: Leaflet) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    _, rel = break_words(project, "\n".join(lines) + "\nheading: x\nbody:\n  - x\n")

    result = project.build()

    # stopped by the expansion limit (fast by construction), not by running out of memory
    problems = [m for _, m in problem_lines(result, rel)]
    assert result.exit_code == 1 and problems, result.output
    assert any(f"expands to more than {yamlfile.MAX_VALUES} values" in m for m in problems), (
        problems
    )
    assert "Traceback" not in result.output


def test_a_merge_key_is_named_as_one_with_what_to_do(tmp_path: Path) -> None:
    # "<<: *base" was reported as an unknown key "<<", listing the keys allowed.
    path = tmp_path / "om.yaml"
    path.write_text(
        "base: &base\n  heading: Om\nsection:\n  <<: *base\n  body: [x]\n", encoding="utf-8"
    )
    with pytest.raises(LeafletError) as stopped:
        yamlfile.load(path)
    (problem,) = stopped.value.problems
    assert (problem.line, problem.column) == (4, 3)
    assert "merge key" in problem.message and "write the keys out" in problem.message


@pytest.mark.parametrize(
    ("data", "needles", "where"),
    [
        ("heading: Om ryggen\n".encode("utf-16"), ("UTF-16", "Encoding: UTF-8"), (1, 1)),
        (
            "heading: Om\nbody:\n  - Ondt i ryggen, også\n".encode("cp1252"),
            ('"å"', "0xe5"),
            (3, 23),
        ),
        (b"heading: Om\n\x81\n", ("not UTF-8", "0x81"), (2, 1)),
    ],
    ids=["utf-16", "windows-1252", "other"],
)
def test_a_file_in_another_encoding_is_named_with_what_to_do(
    tmp_path: Path, data: bytes, needles: tuple[str, ...], where: tuple[int, int]
) -> None:
    # UTF-16 (Notepad's "Unicode") and Windows-1252 both said only "byte 0x.. cannot be read".
    path = tmp_path / "om.yaml"
    path.write_bytes(data)
    with pytest.raises(LeafletError) as stopped:
        yamlfile.load(path)
    (problem,) = stopped.value.problems
    assert (problem.line, problem.column) == where
    assert all(needle in problem.message for needle in needles), problem.message


def test_tab_indentation(project: Leaflet) -> None:
    path = project.words_file(text_section(project))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("  - "))
    lines[index] = "\t" + lines[index][2:]
    path, rel = break_words(project, "".join(lines))
    find_problem(project.build(), rel, index + 1, "tab")


def test_unclosed_quote(project: Leaflet) -> None:
    path = project.words_file(text_section(project))
    original = path.read_text(encoding="utf-8")
    line = line_of(path, r"^heading:")
    broken = original.replace("heading: ", 'heading: "', 1)
    path, rel = break_words(project, broken)
    find_problem(project.build(), rel, line, "quote")


@pytest.mark.parametrize(
    ("written", "needles"),
    [
        ("heading: #1 tip", ('"#1 tip" was not read', 'double quotes: "#1 tip"')),
        ("heading: # to write later", ("is empty — write the text",)),
    ],
    ids=["value-read-as-comment", "a-comment-as-meant"],
)
def test_a_value_after_a_hash_is_a_comment_and_says_so(
    project: Leaflet, written: str, needles: tuple[str, ...]
) -> None:
    """``band: #00664f`` or ``heading: #1 tip`` is empty to YAML: the message says why."""
    path = project.words_file(text_section(project))
    line = line_of(path, r"^heading:")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = written + "\n"
    _, rel = break_words(project, "".join(lines))
    find_problem(project.build(), rel, line, *needles)


def test_latin1_file(project: Leaflet) -> None:
    path = project.words_file(text_section(project))
    original = path.read_text(encoding="utf-8")
    data = original.encode("latin-1", errors="replace")
    first = next(i for i, byte in enumerate(data) if byte >= 0x80)
    line = data[:first].count(b"\n") + 1
    path, rel = break_words(project, data)
    find_problem(project.build(), rel, line, "utf-8")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("an empty file", ""),
        ("a colon without a space", "heading:Overskrift\nbody:\n  - tekst\n"),
    ],
)
def test_other_unreadable_files_name_the_file(project: Leaflet, name: str, text: str) -> None:
    _, rel = break_words(project, text)
    result = project.build()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert any(line.startswith(f"{rel}:") for line in result.stderr.splitlines()), (
        name,
        result.stderr,
    )


def test_a_file_far_larger_than_content_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("body:\n" + "  - kort linje\n" * 200_000, encoding="utf-8")  # 3.0 MB

    def parsed(*args: object) -> None:
        raise AssertionError("the file reached the YAML parser")

    monkeypatch.setattr(yamlfile, "load_text", parsed)
    with pytest.raises(yamlfile.LeafletError) as caught:
        yamlfile.load(path)
    assert "3.0 MB" in str(caught.value) and "right file" in str(caught.value)


def test_a_long_text_over_several_lines_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text("heading: x\nbody:\n  - >-\n" + "    ord ord ord\n" * 3000, "utf-8")
    with pytest.raises(yamlfile.LeafletError) as caught:
        yamlfile.load(path)
    problem = caught.value.problems[0]
    assert problem.line == 3 and "characters long" in problem.message  # the - >- line


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("rygsmærter", "like rygsmaerter"),
        ("Ryg Smerter", "like ryg-smerter"),
        ("Ondt i knæet!", "like ondt-i-knaeet"),
        ("r\u0443g", "U+0443 CYRILLIC SMALL LETTER U, not a Latin letter"),
    ],
)
def test_a_name_that_cannot_be_an_id_gets_the_one_it_could_be(typed: str, said: str) -> None:
    # Each said only "use lower-case letters a to z … like laer-dine-smerter"; a Cyrillic
    # у that looks like a Latin y is named (spelling it out would give "r-g").
    from leaflet.content.values import check_id

    message = check_id(typed)
    assert message is not None and said in message, message
