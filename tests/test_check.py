"""``leaflet check``, and the JSON Schema files editors check content with.

``leaflet check`` reads and checks every content file without rendering, and prints
every problem as ``file:line:column: what is wrong — what to do``. Each test below
breaks a copy of the real leaflet and looks for the exact line and column.

The JSON Schema files in ``leaflet/content/schemas/`` are made from the same definitions as
the checker; the tests make sure they are up to date, accept every shipped file and
reject the same mistakes.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from click.testing import Result
from helpers import LEAFLET, REPO, Leaflet, find_problem, line_of, run_cli
from jsonschema import Draft202012Validator, ValidationError

from leaflet.content import jsonschema as published
from leaflet.content.kinds import KINDS
from leaflet.content.schema import Field, ListT, MapT, OneOfT, TextT, to_json_schema

TEXT_SECTION = "ufarlig"  # kind text, with a heading and a body
SETTINGS = f"content/{LEAFLET}/leaflet.yaml"


def check(project: Leaflet, *args: str) -> Result:
    return run_cli("--project", project.root, "check", *args)


def problems(result: Result) -> list[tuple[str, int | None, int | None, str]]:
    """(file, line, column, message) of every problem printed, in the order printed."""
    found = []
    for text in result.stderr.splitlines():
        m = re.match(r"^(content[^:]*?)(?::(\d+))?(?::(\d+))?: (.*)$", text)
        if m:
            line = int(m[2]) if m[2] else None
            column = int(m[3]) if m[3] else None
            found.append((m[1], line, column, m[4]))
    return found


def find(result: Result, rel: str, line: int, column: int, *needles: str) -> str:
    """The message printed at ``rel:line:column`` that mentions every one of ``needles``."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output
    at = [msg for f, ln, col, msg in problems(result) if (f, ln, col) == (rel, line, column)]
    assert at, f"nothing printed at {rel}:{line}:{column}:\n{result.stderr}"
    for message in at:
        if all(n.lower() in message.lower() for n in needles):
            assert " — " in message, f"no advice in: {message}"
            return message
    raise AssertionError(f"no message at {rel}:{line}:{column} mentions {needles}:\n{at}")


def write(project: Leaflet, section: str, text: str | bytes) -> str:
    """Replace a words file; return its name as the command prints it."""
    path = project.words_file(section)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return project.rel(path)


def original(project: Leaflet, section: str = TEXT_SECTION) -> str:
    return project.words_file(section).read_text(encoding="utf-8")


# --- the command ------------------------------------------------------------------------


def test_real_content_has_no_problems(project: Leaflet) -> None:
    result = check(project)
    assert result.exit_code == 0, result.output
    languages = [d for d in project.folder.iterdir() if d.is_dir() and any(d.glob("*.yaml"))]
    files = 1 + len(project.settings()["sections"]) * len(languages)
    # The seed leaflet is not easy to read everywhere: readability warnings, which stop
    # nothing, one line each on stderr (see test_readability.py).
    warnings = result.stderr.splitlines()
    assert result.stdout == (
        f"checked 1 leaflet, {len(languages)} language{'s' * (len(languages) > 1)}, "
        f"{files} files: no problems, {len(warnings)} readability warnings\n"
    )
    for line in warnings:
        assert re.match(rf"content/{LEAFLET}/\w+/[\w-]+\.yaml:\d+: (LIX|Flesch|a sentence)", line)
    assert not project.dist.exists()


def test_leaflet_and_lang_select(project: Leaflet) -> None:
    result = check(project, "--leaflet", LEAFLET, "--lang", "da")
    assert result.exit_code == 0, result.output
    files = 1 + len(project.settings()["sections"])
    assert result.stdout.startswith(f"checked 1 leaflet, 1 language, {files} files: no problems")
    assert {line.split("/")[2] for line in result.stderr.splitlines()} == {"da"}


def test_unknown_language_is_a_problem(project: Leaflet) -> None:
    result = check(project, "--lang", "fr")  # a language code; the leaflet has no French
    assert result.exit_code == 1
    assert "fr" in result.stderr and "da" in result.stderr
    assert "only read, not checked" not in result.stderr


def test_a_deleted_translation_file_is_reported(project: Leaflet) -> None:
    missing = project.words_file("ufarlig", "en")
    missing.unlink()
    result = check(project, "--lang", "en")
    assert result.exit_code == 1, result.output
    message = find_problem(result, project.rel(missing), None, "ufarlig", "missing")
    assert "en/ufarlig.yaml" in message
    assert "nothing was built" in result.stderr


def test_usage_error_and_help() -> None:
    assert run_cli("check", "--no-such-option").exit_code == 2
    shown = run_cli("check", "--help")
    assert shown.exit_code == 0
    text = " ".join(shown.output.split())
    assert "--leaflet" in text and "--lang" in text
    assert "Exit status: 0" in text and "1 when" in text and "2 when" in text


def test_check_renders_nothing(project: Leaflet) -> None:
    """No WeasyPrint, not even imported: checking is quick and works without Pango."""
    code = (
        "import sys\n"
        "from leaflet.cli import main\n"
        "try:\n"
        f"    main(['--project', {str(project.root)!r}, 'check'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint was imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "no problems" in done.stdout


# --- each kind of mistake, at its line and column ----------------------------------------


def test_tab_for_indentation(project: Leaflet) -> None:
    lines = original(project).splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("  - "))
    lines[index] = "\t" + lines[index][2:]
    rel = write(project, TEXT_SECTION, "".join(lines))
    find(check(project), rel, index + 1, 1, "tab", "spaces")


def test_no_space_after_the_colon_of_the_first_key(project: Leaflet) -> None:
    rel = write(project, TEXT_SECTION, original(project).replace("heading: ", "heading:", 1))
    message = find(check(project), rel, 1, 1, "put a space after the colon")
    assert "heading: Smerter" in message


def test_no_space_after_the_colon_in_a_one_line_file(project: Leaflet) -> None:
    # PyYAML reads this file as one text, "heading:Tekst", not as a key with a value.
    rel = write(project, TEXT_SECTION, "# Overskrift\nheading:Tekst\n")
    message = find(check(project), rel, 2, 1, "put a space after the colon")
    assert "heading: Tekst" in message


def test_no_space_after_the_colon_of_a_later_key(project: Leaflet) -> None:
    text = original(project) + "\n# igen\nsubtitle:Tekst\n"
    rel = write(project, TEXT_SECTION, text)
    line = len(text.splitlines())
    find(check(project), rel, line, 1, "put a space after the colon", "subtitle: Tekst")


def test_no_space_after_the_colon_in_leaflet_yaml(project: Leaflet) -> None:
    path = project.settings_file
    line = line_of(path, r"^  web: ")
    path.write_text(
        path.read_text(encoding="utf-8").replace("  web: ", "  web:", 1), encoding="utf-8"
    )
    find(check(project), SETTINGS, line, 3, "put a space after the colon", "web: rn.dk")


def test_a_colon_inside_text_is_still_a_colon_inside_text(project: Leaflet) -> None:
    rel = write(project, TEXT_SECTION, "heading: Husk: ro\nbody:\n  - tekst\n")
    find(check(project), rel, 1, 14, "double quotes")


def test_unknown_key_suggests_the_right_one(project: Leaflet) -> None:
    rel = write(project, TEXT_SECTION, original(project).replace("heading:", "heding:", 1))
    message = find(check(project), rel, 1, 1, '"heding"', "did you mean")
    assert '"heading"' in message


def test_missing_required_key(project: Leaflet) -> None:
    rel = write(project, TEXT_SECTION, "heading: Kun en overskrift\n")
    find(check(project), rel, 1, 1, '"body" is missing', "add body:")


def test_duplicate_key(project: Leaflet) -> None:
    text = original(project) + "heading: Igen\n"
    rel = write(project, TEXT_SECTION, text)
    find(check(project), rel, len(text.splitlines()), 1, "given twice", "first on line 1")


def test_a_list_where_text_is_wanted(project: Leaflet) -> None:
    rel = write(project, TEXT_SECTION, "heading:\n  - en\n  - to\nbody:\n  - tekst\n")
    find(check(project), rel, 2, 3, '"heading" should be text, not a list')


def test_text_where_a_list_is_wanted(project: Leaflet) -> None:
    rel = write(project, TEXT_SECTION, "heading: Overskrift\nbody: bare tekst\n")
    find(check(project), rel, 2, 7, '"body" should be a list, not text', "starting with -")


def test_unclosed_quote(project: Leaflet) -> None:
    rel = write(project, TEXT_SECTION, 'heading: "Overskrift\nbody:\n  - tekst\n')
    find(check(project), rel, 1, 10, "quote")


def test_latin1_file(project: Leaflet) -> None:
    data = original(project).encode("latin-1", errors="replace")
    first = next(i for i, byte in enumerate(data) if byte >= 0x80)
    line = data[:first].count(b"\n") + 1
    column = first - (data.rfind(b"\n", 0, first) + 1) + 1
    rel = write(project, TEXT_SECTION, data)
    find(check(project), rel, line, column, "not UTF-8", "save it as UTF-8")


def test_bom_and_crlf_are_fine(project: Leaflet) -> None:
    text = original(project).replace("\n", "\r\n")
    write(project, TEXT_SECTION, b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = check(project)
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_all_problems_in_one_run_sorted_by_file_and_line(project: Leaflet) -> None:
    back = project.words_file("bagside").read_text(encoding="utf-8")
    write(project, "bagside", back.replace("version_label:", "versoin_label:"))
    write(project, TEXT_SECTION, "heading: 中\nbody:\n  - tekst\n  - list: nej\n")
    write(project, "skanning", original(project, "skanning").replace("heading: ", "heading:"))
    result = check(project)
    assert result.exit_code == 1
    found = problems(result)
    where = [(f, ln, col) for f, ln, col, _ in found]
    assert where == sorted(where, key=lambda w: (w[0], w[1] or 0, w[2] or 0))
    files = {f for f, *_ in found}
    assert files == {
        f"content/{LEAFLET}/da/bagside.yaml",
        f"content/{LEAFLET}/da/{TEXT_SECTION}.yaml",
        f"content/{LEAFLET}/da/skanning.yaml",
    }, result.stderr
    messages = " | ".join(m for *_, m in found)
    for needle in ('"versoin_label"', '"version_label" is missing', "中", "should be a list"):
        assert needle in messages, result.stderr
    assert f"{len(found)} problems in 3 files" in result.stderr


def test_words_are_still_read_when_leaflet_yaml_is_wrong(project: Leaflet) -> None:
    path = project.settings_file
    line = line_of(path, r"^source_language:")
    path.write_text(
        path.read_text(encoding="utf-8").replace("source_language:", "source_lang:"),
        encoding="utf-8",
    )
    rel = write(project, TEXT_SECTION, original(project).replace("heading: ", "heading:", 1))
    result = check(project)
    find(result, SETTINGS, line, 1, "did you mean", '"source_language"')
    find(result, rel, 1, 1, "put a space after the colon")
    assert "only read, not checked" in result.stderr


# --- the JSON Schema files ---------------------------------------------------------------


class Yaml12Loader(yaml.SafeLoader):
    """Reads plain scalars as YAML 1.2's core schema does, like VS Code's YAML extension.

    PyYAML follows YAML 1.1: ``yes`` and ``no`` become booleans and ``2026-11-26`` a
    date. In YAML 1.2 they are text; ``true``/``false`` are booleans, ``1.0`` and ``08``
    numbers and ``~``/``null``/nothing null. That is what an editor checks against the
    schema, so the schema must accept it for every file leaflet accepts.
    """


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _int12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    return int(value, 0) if value[:2] in ("0o", "0x") else int(value, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)


def yaml12(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass: no tags run code


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((published.SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def errors(name: str, value: Any) -> list[str]:
    """Every message, with those of each option of an anyOf (the kinds of words file)."""

    def messages(error: ValidationError) -> list[str]:
        return [error.message] + [m for sub in error.context or [] for m in messages(sub)]

    return [m for e in validator(name).iter_errors(value) for m in messages(e)]


SHIPPED = sorted((REPO / "content").glob("*/leaflet.yaml")) + sorted(
    (REPO / "content").glob("*/*/*.yaml")
)


def schema_for(path: Path) -> str:
    return "leaflet.schema.json" if path.name == "leaflet.yaml" else "words.schema.json"


def test_published_schemas_are_up_to_date() -> None:
    stale = published.out_of_date()
    assert not stale, (
        f"{stale} differ from the definitions — run python -m leaflet.content.jsonschema"
    )


def test_published_schemas_are_valid_draft_2020_12() -> None:
    for name in published.SCHEMAS:
        schema = json.loads((published.SCHEMA_DIR / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_shipped_file_validates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # As an editor reads it (YAML 1.2), and as leaflet reads it (every value text).
    assert errors(schema_for(path), yaml12(text)) == []
    assert errors(schema_for(path), yaml.load(text, Loader=yaml.BaseLoader)) == []


def test_text_that_an_editor_reads_as_a_number_or_boolean_is_fine() -> None:
    words = yaml12("heading: true\nbody:\n  - 1.0\n  - yes\n  - 2026-11-26\n  - 08\n")
    assert words["heading"] is True and words["body"][0] == 1.0
    assert errors("words.schema.json", words) == []


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("words", "heding: Overskrift\nbody:\n  - tekst\n", "heding"),
        ("words", "heading: Kun en overskrift\n", "body"),
        ("words", "heading:\n  - en\nbody:\n  - tekst\n", "type"),
        ("words", "heading:\nbody:\n  - tekst\n", "None"),  # empty: leaflet refuses it too
        ("words", "body: []\n", "non-empty"),
        ("words", "body:\n  - list: nej\n", "type"),
        ("words", "body: [x]\ntranslation:\n  source: abc\n  reviewed: yes\n", "abc"),
        ("leaflet", "id: x\n", "required"),
        ("leaflet", "sender:\n  name: R\n  webb: rn.dk\n", "webb"),
        ("leaflet", "pages: [forside]\n", "type"),
    ],
)
def test_json_schema_rejects_mistakes(name: str, text: str, needle: str) -> None:
    found = errors(f"{name}.schema.json", yaml12(text))
    assert found, f"the {name} schema accepts {text!r}"
    assert any(needle in message for message in found), found


def test_leaflet_schema_rejects_each_mistake_in_the_real_file() -> None:
    settings = yaml12((REPO / SETTINGS).read_text(encoding="utf-8"))
    assert errors("leaflet.schema.json", settings) == []
    typo = {**settings, "titel": settings["title"]}
    assert any("titel" in m for m in errors("leaflet.schema.json", typo))
    missing = {k: v for k, v in settings.items() if k != "source_language"}
    assert any("source_language" in m for m in errors("leaflet.schema.json", missing))
    wrong = {**settings, "sender": "Region Nordjylland"}
    assert any("object" in m for m in errors("leaflet.schema.json", wrong))


def test_every_kind_is_in_the_words_schema() -> None:
    schema = json.loads((published.SCHEMA_DIR / "words.schema.json").read_text("utf-8"))
    titles = " ".join(option["title"] for option in schema["anyOf"])
    for kind in KINDS:
        assert re.search(rf"\b{kind}\b", titles), kind
    for option in schema["anyOf"]:
        assert "translation" in option["properties"]


def test_to_json_schema() -> None:
    assert to_json_schema(TextT("a word", pattern="^a+$")) == {
        "description": "a word",
        "type": ["string", "number", "boolean"],
        "minLength": 1,
        "pattern": "^a+$",
    }
    assert to_json_schema(ListT(TextT(), min_items=2)) == {
        "type": "array",
        "items": {"type": ["string", "number", "boolean"], "minLength": 1},
        "minItems": 2,
    }
    made = to_json_schema(
        MapT(
            {"a": Field(TextT(), required=True, description="A"), "b": Field(MapT(values=TextT()))}
        )
    )
    assert made["required"] == ["a"] and made["additionalProperties"] is False
    assert made["properties"]["a"]["description"] == "A"
    assert made["properties"]["b"]["additionalProperties"]["type"][0] == "string"
    either = to_json_schema(OneOfT((TextT(), ListT(TextT()))))
    assert [o["type"] for o in either["anyOf"]][1] == "array"


def test_vscode_uses_the_published_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert settings.get("yaml.yamlVersion") == "1.2"
    by_file: dict[str, str] = {}
    for schema, globs in mapping.items():
        assert (REPO / schema).is_file(), schema
        for path in SHIPPED:
            rel = PurePosixPath(path.relative_to(REPO).as_posix())
            if any(rel.match(g) and len(rel.parts) == len(PurePosixPath(g).parts) for g in globs):
                assert rel.as_posix() not in by_file, f"{rel} has two schemas"
                by_file[rel.as_posix()] = Path(schema).name
    assert by_file == {path.relative_to(REPO).as_posix(): schema_for(path) for path in SHIPPED}, (
        by_file
    )
