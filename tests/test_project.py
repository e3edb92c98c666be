"""A project of its own: ``leaflet init``, the project file, and the theme it overrides.

A project made by ``leaflet init`` holds no theme files: it is drawn with leaflet's own
(the package's default theme; run from this checkout, the checkout's templates/ and
styles/). A file at the same place in the project replaces the default's, and removing
it brings the default back. The PDFs are read back with pypdfium2 and pikepdf.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

import pikepdf
import pytest
import yaml
from helpers import NEW_LEAFLET, REPO, assert_user_error, find_problem, page_texts, run_cli
from jsonschema import Draft202012Validator

from leaflet.content import jsonschema as published
from leaflet.content.jsonschema import SCHEMAS
from leaflet.content.projectfile import FORMAT, FORMAT_CHANGES
from leaflet.project import PROJECT_FILE
from leaflet.theme import default_theme

COVER = "templates/sections/cover.html.j2"
#: A line of COVER, as leaflet has it.
LOGO_IF = "{% if settings.logo %}"


def init_project(root: Path, *args: str) -> Path:
    result = run_cli("init", root, *args)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``leaflet init`` then ``leaflet new``, built once. Read only, please."""
    root = init_project(tmp_path_factory.mktemp("init") / "my-leaflets", "--name", "Region Test")
    result = run_cli("--project", root, "new", NEW_LEAFLET, "--title", "Ondt i knæet")
    assert result.exit_code == 0, result.output
    result = run_cli("--project", root, "build")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def fresh(initialised: Path, tmp_path: Path) -> Path:
    """A private copy of the built project, free to change and build again."""
    return Path(shutil.copytree(initialised, tmp_path / "copy"))


def screen_pdf(root: Path) -> Path:
    return root / "dist" / NEW_LEAFLET / "da" / f"{NEW_LEAFLET}-da.pdf"


def test_init_makes_a_project_with_no_theme_files(initialised: Path) -> None:
    names = sorted(p.name for p in initialised.iterdir())
    assert names == [".gitignore", ".vscode", "brand", "content", "dist", PROJECT_FILE]
    assert not (initialised / "templates").exists() and not (initialised / "styles").exists()
    written = yaml.safe_load((initialised / PROJECT_FILE).read_text(encoding="utf-8"))
    assert written["brand"] == {"name": "Region Test"}
    assert written["leaflet"]["format"] == 1
    # the brand's name is the sender: leaflet new wrote no sender: of its own
    settings = yaml.safe_load((initialised / "content" / NEW_LEAFLET / "leaflet.yaml").read_text())
    assert "sender" not in settings
    texts = page_texts(screen_pdf(initialised))
    assert "Region Test" in texts[0] and "Region Test" in texts[-1]


def test_the_brand_example_in_a_new_project_file_works_once_uncommented(tmp_path: Path) -> None:
    """The project file `init` writes shows the logo, colours and font as a commented
    example: with its # signs taken away and the files put where it says, it is a brand
    that leaflet takes."""
    root = init_project(tmp_path / "p", "--name", "Region Test")
    path = root / PROJECT_FILE
    text = path.read_text(encoding="utf-8")
    assert "leaflet manual brand" in text
    start = text.index("  # logo:")
    end = text.index("\n\n", start)
    example = "\n".join(line.replace("  # ", "  ", 1) for line in text[start:end].splitlines())
    path.write_text(text[:start] + example + text[end:], encoding="utf-8")
    fixture = REPO / "tests" / "fixtures" / "brand-fjordby" / "brand"
    (root / "brand" / "fonts").mkdir()
    shutil.copy(fixture / "logo.svg", root / "brand" / "logo.svg")
    for face in ("Regular", "Bold"):
        shutil.copy(
            fixture / "fonts" / f"Lato-{face}.ttf", root / f"brand/fonts/YourFont-{face}.ttf"
        )
    written = yaml.safe_load(path.read_text(encoding="utf-8"))["brand"]
    assert set(written) == {"name", "logo", "colours", "fonts"}, written
    result = run_cli("--project", root, "new", NEW_LEAFLET)
    assert result.exit_code == 0, result.output
    result = run_cli("--project", root, "check")
    assert result.exit_code == 0, result.output


def test_check_and_status_of_a_project_without_leaflets_say_how_to_start_one(
    tmp_path: Path,
) -> None:
    root = init_project(tmp_path / "p", "--name", "Region Test")
    for command in ("check", "status"):
        result = run_cli("--project", root, command)
        assert "no leaflets here yet — start one with: leaflet new ID" in result.output, command


def test_the_project_is_found_from_a_folder_inside_it(
    initialised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(initialised / "content" / NEW_LEAFLET / "da")
    result = run_cli("check")
    assert result.exit_code == 0, result.output


def test_outside_a_project_the_message_says_how_to_start_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for command in (["new", "demo"], ["build"], ["status"], ["translate", "new", "en"]):
        result = run_cli(*command)
        assert_user_error(result)
        assert "not inside a leaflet project" in result.stderr
        assert "leaflet init FOLDER" in result.stderr
        # there is no dist/ here to speak of: nothing was done at all
        assert result.stderr.rstrip().endswith("nothing was changed."), (command, result.stderr)


def test_init_says_the_cd_to_type_and_keeps_quiet_when_asked(tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "my leaflets" / "2027", "--name", "Region Test")
    assert result.exit_code == 0, result.output
    assert f"cd '{tmp_path}/my leaflets/2027'" in result.stdout
    quiet = run_cli("-q", "init", tmp_path / "other", "--name", "Region Test")
    assert quiet.exit_code == 0 and quiet.stdout == "", quiet.output
    assert (tmp_path / "other" / PROJECT_FILE).is_file()


def test_in_the_folder_above_a_project_the_message_says_to_go_into_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """leaflet init my-leaflets, then leaflet new without cd my-leaflets first."""
    init_project(tmp_path / "my leaflets", "--name", "Region Test")
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "demo")
    assert_user_error(result)
    assert "the leaflet project my leaflets/ is in this folder" in result.stderr
    assert "cd 'my leaflets'" in result.stderr
    assert not (tmp_path / "content").exists()


def test_several_projects_in_the_folder_are_named_a_few_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b", "c", "d", "e", "f"):
        (tmp_path / name).mkdir()
        (tmp_path / name / PROJECT_FILE).write_text("leaflet:\n  format: 1\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("status")
    assert_user_error(result)
    assert "6 leaflet projects are in this folder (a/, b/, c/, d/ and 2 more)" in result.stderr
    assert "go into the one you mean first, like this: cd a (or pass --project a)" in (
        result.stderr
    )


def test_init_never_overwrites_a_project(initialised: Path) -> None:
    before = (initialised / PROJECT_FILE).read_bytes()
    result = run_cli("init", initialised, "--name", "Someone Else")
    assert_user_error(result)
    assert "is a leaflet project already" in result.stderr
    assert "dist/" not in result.stderr
    assert (initialised / PROJECT_FILE).read_bytes() == before


def test_an_older_project_is_read_and_init_adds_only_the_project_file(tmp_path: Path) -> None:
    """A project from before project files (content/ and templates/) builds as before;
    check says how to add the file; init . adds it, naming the leaflets' sender."""
    root = tmp_path / "old"
    for part in ("content", "templates"):
        shutil.copytree(REPO / part, root / part)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run_cli("--project", root, "check")
    assert result.exit_code == 0, result.output
    assert f"no {PROJECT_FILE} (it was made with an older leaflet)" in result.stderr
    assert "leaflet init ." in result.stderr
    result = run_cli("init", root)
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in before} == before  # nothing else changed
    written = yaml.safe_load((root / PROJECT_FILE).read_text(encoding="utf-8"))
    assert written["brand"]["name"] == "Region Nordjylland"  # what its leaflets name
    result = run_cli("--project", root, "check")
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr


def test_a_new_project_connects_the_editor_to_this_leaflet_s_schemas(initialised: Path) -> None:
    """VS Code's YAML extension finds, in the project itself, the schema of each file the
    project has (globs as VS Code matches them, from the project's folder), and each file
    leaflet new wrote is valid by it (read by jsonschema, as the extension reads it)."""
    settings = json.loads((initialised / ".vscode" / "settings.json").read_text("utf-8"))
    assert settings["yaml.yamlVersion"] == "1.2" and settings["[yaml]"]["editor.insertSpaces"]
    written = {p.name: p for p in (initialised / ".vscode" / "leaflet").iterdir()}
    assert sorted(written) == sorted(SCHEMAS)
    for name, path in written.items():
        assert path.read_text("utf-8") == (published.SCHEMA_DIR / name).read_text("utf-8")
    files = [
        p.relative_to(initialised)
        for p in initialised.rglob("*.yaml")
        if p.relative_to(initialised).parts[0] in ("content", PROJECT_FILE)
    ]
    assert len(files) > 5
    for path in files:
        rel = PurePosixPath(path.as_posix())
        schemas = [
            schema
            for schema, globs in settings["yaml.schemas"].items()
            if any(rel.match(g) and len(rel.parts) == len(PurePosixPath(g).parts) for g in globs)
        ]
        assert len(schemas) == 1, (rel, schemas)
        schema = json.loads((initialised / schemas[0]).read_text("utf-8"))
        data = yaml.safe_load((initialised / path).read_text("utf-8"))
        problems = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
        assert problems == [], (rel, problems)


def test_editor_files_of_an_older_leaflet_get_a_note_and_are_written_again(fresh: Path) -> None:
    own = fresh / ".vscode" / "settings.json"
    own.write_text('{"editor.fontSize": 15}\n', encoding="utf-8")  # the project's own settings
    stale = fresh / ".vscode" / "leaflet" / "words.schema.json"
    stale.write_text(stale.read_text("utf-8").replace('"heading"', '"overskrift"'), "utf-8")
    result = run_cli("--project", fresh, "check")
    assert result.exit_code == 0, result.output
    assert ".vscode/leaflet/words.schema.json: the editor's descriptions" in result.stderr
    assert "leaflet init --editor" in result.stderr
    result = run_cli("init", fresh, "--editor")
    assert result.exit_code == 0, result.output
    assert stale.read_bytes() == (published.SCHEMA_DIR / "words.schema.json").read_bytes()
    assert own.read_text("utf-8") == '{"editor.fontSize": 15}\n'  # never overwritten
    result = run_cli("--project", fresh, "check")
    assert result.exit_code == 0 and "note:" not in result.stderr, result.output
    # not a project: said, nothing written
    elsewhere = fresh / "content"
    result = run_cli("init", elsewhere, "--editor")
    assert_user_error(result)
    assert "this is not a leaflet project" in result.stderr
    assert not (elsewhere / ".vscode").exists()


@pytest.mark.parametrize("written", [FORMAT + 1, 7])
def test_a_project_file_for_a_newer_leaflet_is_refused_with_what_to_do(
    fresh: Path, written: int
) -> None:
    path = fresh / PROJECT_FILE
    text = path.read_text()
    path.write_text(text.replace(f"format: {FORMAT}", f"format: {written}"), encoding="utf-8")
    result = run_cli("--project", fresh, "build")
    message = find_problem(result, PROJECT_FILE, 9, "newer leaflet", f"file format {written}")
    assert "pipx upgrade leaflet-press" in message


def test_a_file_format_leaflet_never_wrote_is_refused(fresh: Path) -> None:
    path = fresh / PROJECT_FILE
    older = min(FORMAT_CHANGES, default=FORMAT) - 1  # older than any format there was
    path.write_text(path.read_text().replace(f"format: {FORMAT}", f"format: {older}"), "utf-8")
    result = run_cli("--project", fresh, "check")
    find_problem(result, PROJECT_FILE, 9, f"file format {older} is not one leaflet ever wrote")


def test_an_unknown_key_in_the_project_file_is_named_at_its_line(fresh: Path) -> None:
    path = fresh / PROJECT_FILE
    path.write_text(path.read_text() + "  adress: Niels Bohrs Vej 30\n", encoding="utf-8")
    before = screen_pdf(fresh).read_bytes()
    result = run_cli("--project", fresh, "build")
    lines = path.read_text().count("\n")
    find_problem(result, PROJECT_FILE, lines, 'unknown key "adress"', 'did you mean "address"')
    assert screen_pdf(fresh).read_bytes() == before


def test_a_leaflet_sender_changes_the_brand_details_for_that_leaflet(fresh: Path) -> None:
    settings = fresh / "content" / NEW_LEAFLET / "leaflet.yaml"
    with settings.open("a", encoding="utf-8") as out:
        out.write("sender:\n  department: Rygcentret\n")
    result = run_cli("--project", fresh, "build")
    assert result.exit_code == 0, result.output
    back = page_texts(screen_pdf(fresh))[-1]
    assert "Region Test" in back and "Rygcentret" in back  # the brand's name kept
    text = settings.read_text(encoding="utf-8").replace(
        "  department: Rygcentret\n", "  name: Aalborg Kommune\n"
    )
    settings.write_text(text, encoding="utf-8")
    assert run_cli("--project", fresh, "build").exit_code == 0
    back = page_texts(screen_pdf(fresh))[-1]
    assert "Aalborg Kommune" in back and "Region Test" not in back


def test_overriding_a_template_changes_the_output_and_removing_it_restores_it(
    fresh: Path,
) -> None:
    assert "OUR OWN COVER" not in page_texts(screen_pdf(fresh))[0]
    result = run_cli("--project", fresh, "theme", "copy", COVER)
    assert result.exit_code == 0, result.output
    own = fresh / COVER
    text = own.read_text(encoding="utf-8")
    assert text.startswith("{#- leaflet theme copy of templates/sections/cover.html.j2")
    assert text.split("\n", 1)[1] == (default_theme() / COVER).read_text(encoding="utf-8")
    own.write_text(
        text.replace(
            '<div class="cover__words">', '<div class="cover__words"><p>OUR OWN COVER</p>'
        ),
        encoding="utf-8",
    )
    result = run_cli("--project", fresh, "build")
    assert result.exit_code == 0, result.output
    assert "OUR OWN COVER" in page_texts(screen_pdf(fresh))[0]
    own.unlink()
    result = run_cli("--project", fresh, "build")
    assert result.exit_code == 0, result.output
    assert "OUR OWN COVER" not in page_texts(screen_pdf(fresh))[0]


def test_a_stylesheet_copy_still_finds_the_default_fonts(fresh: Path) -> None:
    """The project's styles/leaflet.css names fonts/… beside it, which the project does
    not have: they are the default theme's, and the PDF embeds them."""
    result = run_cli("--project", fresh, "theme", "copy", "styles/leaflet.css")
    assert result.exit_code == 0, result.output
    own = fresh / "styles" / "leaflet.css"
    own.write_text(
        own.read_text().replace("--size-title: calc(30pt", "--size-title: calc(24pt"), "utf-8"
    )
    result = run_cli("--project", fresh, "build")
    assert result.exit_code == 0, result.output
    assert not (fresh / "styles" / "fonts").exists()
    with pikepdf.open(screen_pdf(fresh)) as pdf:
        fonts = {
            str(font.get("/BaseFont", ""))
            for page in pdf.pages
            for font in page.Resources.get("/Font", {}).values()
        }
    assert any(name.endswith("+Leaflet-Sans-Bold") for name in fonts), fonts


def test_check_says_when_the_default_of_a_copy_has_changed(fresh: Path) -> None:
    assert run_cli("--project", fresh, "theme", "copy", COVER).exit_code == 0
    own = fresh / COVER
    first, rest = own.read_text(encoding="utf-8").split("\n", 1)
    digest = first.rsplit("(", 1)[1][:12]
    # as if it had been copied from another (older) default than today's
    own.write_text(first.replace(digest, "0123456789ab") + "\n" + rest, encoding="utf-8")
    result = run_cli("--project", fresh, "check")
    assert result.exit_code == 0, result.output
    assert (
        f"note: {COVER}:1: leaflet's default of this file has changed since it was copied"
        in result.stderr
    )
    assert f"leaflet theme diff {COVER}" in result.stderr
    listed = run_cli("--project", fresh, "theme", "list")
    assert f"{COVER}  (the project's copy; leaflet's default has changed since)" in listed.stdout
    # theme diff: leaflet's file first, the project's second, the copy's mark left out
    own.write_text(own.read_text("utf-8").replace(LOGO_IF, LOGO_IF + "{# ours #}", 1), "utf-8")
    shown = run_cli("--project", fresh, "theme", "diff", COVER)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith(f"--- leaflet's {COVER}\n+++ the project's {COVER}\n")
    changed = [
        line
        for line in shown.stdout.splitlines()
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]
    assert changed == [f"-{LOGO_IF}", f"+{LOGO_IF}{{# ours #}}"], changed
    assert run_cli("--project", fresh, "theme", "mark", COVER).exit_code == 0
    result = run_cli("--project", fresh, "check")
    assert "note:" not in result.stderr, result.stderr


def test_theme_copy_refuses_what_is_not_a_theme_file(fresh: Path) -> None:
    for path, words in [
        ("content/x.yaml", "is not a theme file"),
        ("templates/nothing.html.j2", "leaflet's theme has no file"),
        ("styles/fonts/NotoSans-Regular.ttf", "not a file to change by hand"),
    ]:
        result = run_cli("--project", fresh, "theme", "copy", path)
        assert_user_error(result)
        assert words in result.stderr
    assert not (fresh / "templates").exists() and not (fresh / "styles").exists()


def test_the_fingerprint_covers_the_theme_the_project_uses(fresh: Path) -> None:
    """A build with nothing changed makes nothing; a new override makes every edition again."""
    result = run_cli("--project", fresh, "build")
    assert "up to date" in result.output, result.output
    os.makedirs(fresh / "templates", exist_ok=True)
    assert run_cli("--project", fresh, "theme", "copy", "templates/web/web.css").exit_code == 0
    result = run_cli("--project", fresh, "build")
    assert result.exit_code == 0, result.output
    assert "up to date" not in result.output, result.output
