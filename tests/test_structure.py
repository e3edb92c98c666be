"""Translations keep the structure: each kind of difference, its message and its line.

A leaflet made with `leaflet new` gets an English translation (`translate new`), which
is then changed the way a translator might by mistake; `leaflet check` must report
each difference at its line in the English file, with the fix, and `leaflet status`
must say the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import copy_project, line_of, run_cli

ID = "pjece"


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", ID).exit_code == 0
    assert run_cli("--project", root, "translate", "new", "en", "--leaflet", ID).exit_code == 0
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), "utf-8")


def words(root: Path, section: str) -> Path:
    return root / "content" / ID / "en" / f"{section}.yaml"


def rewrite(path: Path, change: Callable[[Any], None]) -> None:
    """Load a words file with plain PyYAML, change its structure, write it back."""
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    change(data["body"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def block(body: list[Any], kind: str) -> Any:
    return next(b[kind] for b in body if isinstance(b, dict) and kind in b)


DANISH_FIX = "or ask for the Danish text to change"
CASES = {
    "fewer steps": (
        "goer-selv",
        lambda body: block(body, "steps").pop(),
        r"^  - Trin i rækkefølge",
        "the Danish text has 3 steps here; this file has 2 — add the missing step " + DANISH_FIX,
    ),
    "more list items": (
        "goer-selv",
        lambda body: block(body, "list").append("et tredje punkt"),
        r"^  - en liste med punkter",
        "the Danish text has 2 list items here; this file has 3 — remove the extra list item "
        + DANISH_FIX,
    ),
    "another kind": (
        "om",
        lambda body: body.__setitem__(1, "Et tal, der skal skille sig ud."),
        r"^- Et tal, der skal skille sig ud\.",
        "the Danish text has a key figure here; this file has a paragraph — make it a key figure "
        "as in the Danish text, " + DANISH_FIX,
    ),
    "a row less": (
        "hjaelp",
        lambda body: block(body, "table")["rows"].pop(),
        r"^    - - Egen læge",
        "the Danish text has 2 rows here; this file has 1 — add the missing row " + DANISH_FIX,
    ),
    "a column less": (
        "hjaelp",
        lambda body: [
            row.pop() for row in [block(body, "table")["header"], *block(body, "table")["rows"]]
        ],
        r"^    - Hvem",
        "the Danish text has 3 column headings here; this file has 2 — add the missing column "
        "heading " + DANISH_FIX,
    ),
    "a box without its heading": (
        "goer-selv",
        lambda body: block(body, "warning").pop("heading"),
        r"^    body:",
        "the Danish warning box has a heading here; this file's has none — add the heading "
        + DANISH_FIX,
    ),
    "a table without its header row": (
        "hjaelp",
        lambda body: block(body, "table").pop("header"),
        r"^    rows:",
        "the Danish table has a header row; this file's has none — add header: " + DANISH_FIX,
    ),
    "another picture": (
        "hjaelp",
        lambda body: block(body, "picture").__setitem__("id", "andet"),
        r"^    id: andet",
        'the Danish text shows the picture "eksempel" here; this file shows "andet" — use '
        "id: eksempel, " + DANISH_FIX,
    ),
    "a block more": (
        "om",
        lambda body: body.insert(1, "Et afsnit mere."),
        r"^- .?Skriv en kort indledning",
        "the Danish text has 2 blocks here; this file has 3 — remove the extra block " + DANISH_FIX,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_difference_is_reported_at_its_line(translated: Path, case: str) -> None:
    section, change, at, message = CASES[case]
    settings = translated / "content" / ID / "leaflet.yaml"
    edit(
        settings,
        "  eksempel: pictures/eksempel.svg\n",
        "  eksempel: pictures/eksempel.svg\n  andet: pictures/eksempel.svg\n",
    )
    path = words(translated, section)
    rewrite(path, change)
    line = line_of(path, at)
    result = run_cli("--project", translated, "check", "--leaflet", ID)
    assert result.exit_code == 1, result.output
    expected = f"content/{ID}/en/{section}.yaml:{line}:"
    lines = [
        text.split(": ", 1)[1] for text in result.stderr.splitlines() if text.startswith(expected)
    ]
    assert message in lines, result.stderr
    status = run_cli("--project", translated, "status", "--leaflet", ID, "--lang", "en").stdout
    assert f"en/{section}.yaml:{line}: {message}" in status


def test_a_translation_with_the_same_structure_passes(translated: Path) -> None:
    result = run_cli("--project", translated, "check", "--leaflet", ID)
    assert result.exit_code == 0, result.output


def test_a_broken_source_file_is_reported_once_not_in_every_translation(translated: Path) -> None:
    danish = translated / "content" / ID / "da" / "goer-selv.yaml"
    edit(danish, "  - steps:\n", "  - stpes:\n")
    result = run_cli("--project", translated, "check", "--leaflet", ID)
    assert result.exit_code == 1
    assert 'unknown key "stpes" — did you mean "steps"?' in result.stderr
    assert "en/goer-selv.yaml" not in result.stderr


def test_every_translation_is_compared_with_the_source_as_it_is_now(translated: Path) -> None:
    """The source's words are read once for all the translations of a check; a process
    that checks again (leaflet serve) reads them again: an edit to the Danish text is
    seen by every translation at once, and so is its undoing."""
    assert (
        run_cli("--project", translated, "translate", "new", "de", "--leaflet", ID).exit_code == 0
    )
    assert run_cli("--project", translated, "check", "--leaflet", ID).exit_code == 0
    danish = translated / "content" / ID / "da" / "goer-selv.yaml"
    original = danish.read_text("utf-8")
    edit(
        danish,
        "      - Skriv det sidste trin.\n",
        "      - Skriv det sidste trin.\n      - Et trin mere.\n",
    )
    result = run_cli("--project", translated, "check", "--leaflet", ID)
    assert result.exit_code == 1
    message = "the Danish text has 4 steps here; this file has 3 — add the missing step"
    for lang in ("en", "de"):
        reported = [
            line for line in result.stderr.splitlines() if line.startswith(f"content/{ID}/{lang}/")
        ]
        assert any(f"{lang}/goer-selv.yaml:" in line and message in line for line in reported), (
            lang,
            result.stderr,
        )
    danish.write_text(original, "utf-8")
    assert run_cli("--project", translated, "check", "--leaflet", ID).exit_code == 0
