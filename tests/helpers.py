"""Helpers for the tests: copies of the project, the CLI, and reading its messages."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import yaml
from click.testing import CliRunner, Result
from PIL import Image

from leaflet.cli import main
from leaflet.content import fingerprint, yamlfile
from leaflet.project import PROJECT_FILE

REPO = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("content", "templates", "styles")
LEAFLET = "laenderygsmerter"
LANG = "da"
#: The pages of the printed original of the real leaflet, as a hand-made page plan.
PAGE_PLAN = [
    ["forside"],
    ["ufarlig", "skanning"],
    ["aarsager"],
    ["laer-dine-smerter", "hverdag"],
    ["dialog"],
    ["mere-inspiration"],
    ["tag-kontrol"],
    ["bagside"],
]


def give_page_plan(settings_file: Path, pages: list[list[str]]) -> None:
    """Write ``pages`` into a leaflet.yaml as its hand-made page plan (``pages:``)."""
    block = "pages:\n" + "".join(f"  - [{', '.join(page)}]\n" for page in pages)
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(
        text.replace("\nsections:\n", f"\n{block}\nsections:\n", 1), encoding="utf-8"
    )


#: The leaflet `leaflet new` makes in the session fixture ``made`` (conftest.py).
NEW_LEAFLET = "ondt-i-knaeet"


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, as pdfium extracts it."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def render_pages(pdf: Path, dpi: int) -> list[Image.Image]:
    """Each page rasterised at ``dpi``."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in document]
    finally:
        document.close()


def edition_files(dist: Path) -> dict[Path, bytes]:
    """Every file of every edition in ``dist``, with its bytes.

    Not the manifest nor the contact sheets: a build that stops records why in them
    (a language whose text does not fit is marked), and leaves every edition's files.
    """
    return {
        path: path.read_bytes()
        for path in dist.rglob("*")
        if path.is_file() and path.name not in ("manifest.json", "contact-sheet.png")
    }


def copy_project(dest: Path) -> Path:
    """A fresh copy of the project's sources (no dist/) in ``dest``: the project file,
    content/, and the house style as the project's own templates/ and styles/."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        shutil.copytree(
            REPO / part, dest / part, ignore=shutil.ignore_patterns("*.swp", "*~", ".#*")
        )
    shutil.copy2(REPO / PROJECT_FILE, dest / PROJECT_FILE)
    return dest


def run_cli(*args: str | Path) -> Result:
    """Run the ``leaflet`` command in-process; the result has separate stdout/stderr."""
    return CliRunner().invoke(main, [str(a) for a in args])


@dataclass(frozen=True)
class Leaflet:
    """A project folder with the real leaflet, and where its files are."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root / "content" / LEAFLET

    @property
    def settings_file(self) -> Path:
        return self.folder / "leaflet.yaml"

    def words_file(self, section: str, lang: str = LANG) -> Path:
        return self.folder / lang / f"{section}.yaml"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def out_dir(self) -> Path:
        return self.dist / LEAFLET / LANG

    @property
    def pdf(self) -> Path:
        return self.out_dir / f"{LEAFLET}-{LANG}.pdf"

    @property
    def print_pdf(self) -> Path:
        return self.out_dir / f"{LEAFLET}-{LANG}-print.pdf"

    @property
    def office_pdf(self) -> Path:
        return self.out_dir / f"{LEAFLET}-{LANG}-office.pdf"

    @property
    def html(self) -> Path:
        return self.out_dir / f"{LEAFLET}-{LANG}.html"

    @property
    def web_html(self) -> Path:
        return self.out_dir / f"{LEAFLET}-{LANG}-web.html"

    @property
    def manifest(self) -> Path:
        return self.dist / "manifest.json"

    def rel(self, path: Path) -> str:
        """``path`` as the CLI prints it: relative to the project, forward slashes."""
        return path.relative_to(self.root).as_posix()

    def build(self, *args: str) -> Result:
        return run_cli("--project", self.root, "build", *args)

    # --- reading the content with plain PyYAML (independent of leaflet's loader) ----

    def settings(self) -> dict:
        return yaml.load(self.settings_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def words(self, section: str) -> dict:
        text = self.words_file(section).read_text(encoding="utf-8")
        return yaml.load(text, Loader=yaml.BaseLoader)

    def write_words(self, section: str, words: dict) -> Path:
        path = self.words_file(section)
        path.write_text(
            yaml.safe_dump(words, allow_unicode=True, sort_keys=False, width=10**6),
            encoding="utf-8",
        )
        return path

    def pages(self) -> list[list[str]]:
        """The hand-made page plan (see :meth:`plan_pages`)."""
        return self.settings()["pages"]

    def plan_pages(self, pages: list[list[str]] | None = None) -> None:
        """Give the leaflet a hand-made page plan (``pages:`` in leaflet.yaml): ``pages``,
        or :data:`PAGE_PLAN`, the pages of the printed original. The real leaflet's pages
        flow; tests of what a page plan does use this."""
        give_page_plan(self.settings_file, pages or PAGE_PLAN)

    def sections_of_kind(self, kind: str) -> list[str]:
        """Section ids of this kind, in reading order."""
        return [s for s, v in self.settings()["sections"].items() if v["kind"] == kind]

    def page_of(self, section: str) -> int:
        for number, page in enumerate(self.pages(), start=1):
            if section in page:
                return number
        raise AssertionError(f"{section} is on no page")


def line_of(path: Path, pattern: str) -> int:
    """The 1-based number of the first line of ``path`` matching the regex ``pattern``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"no line matching {pattern!r} in {path}")


def problem_lines(result: Result, rel_path: str) -> list[tuple[int | None, str]]:
    """(line, message) of every problem the CLI printed for ``rel_path``."""
    found = []
    for text in result.stderr.splitlines():
        m = re.match(rf"^{re.escape(rel_path)}(?::(\d+))?(?::\d+)?: (.*)$", text)
        if m:
            found.append((int(m[1]) if m[1] else None, m[2]))
    return found


def assert_user_error(result: Result) -> None:
    """A content problem: exit status 1, a message, and no Python trace."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output, result.output
    assert result.stderr.strip(), "no message was printed"


def find_problem(result: Result, rel_path: str, line: int | set[int] | None, *needles: str) -> str:
    """The message printed for ``rel_path`` at ``line`` (one of ``line``; None: no line)."""
    assert_user_error(result)
    lines: set[int | None] = {line} if not isinstance(line, set) else set(line)
    candidates = [msg for at, msg in problem_lines(result, rel_path) if at in lines]
    assert candidates, (
        f"expected a problem at {rel_path}:{sorted(lines)}, the command printed:\n" + result.stderr
    )
    for message in candidates:
        if all(n.lower() in message.lower() for n in needles):
            return message
    raise AssertionError(
        f"no message at {rel_path}:{sorted(lines)} mentions {needles}:\n{result.stderr}"
    )


ARABIC = ["نص", "تجريبي", "للقراءة", "من", "اليمين", "إلى", "اليسار", "في", "النشرة", "الصحية"]


def arabize(folder: Path) -> None:
    """Replace every text of the Arabic files by Arabic words; keep ids, keys and {url}."""
    count = iter(range(10_000))

    def words(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            if key == "table":  # numbers, so each cell can be found on the page
                return {
                    k: [cells(v) for v in rows] if k == "rows" else cells(rows)
                    for k, rows in value.items()
                }
            kept = ("id", "translation", "phone", "web", "email")  # numbers and addresses
            return {k: v if k in kept else words(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [words(v, key) for v in value]
        n = next(count)
        if key == "value":  # a key figure: a few signs, set large on one line
            return f"{ARABIC[n % len(ARABIC)]} {100 + n}"
        text = " ".join(ARABIC[(n + i) % len(ARABIC)] for i in range(2 + n % 4)) + f" {100 + n}"
        return text + " {url}" if "{url}" in value else text

    def cells(row: list[str]) -> list[str]:
        return [str(700 + next(count)) for _ in row]

    for path in sorted((folder / "ar").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        source = yamlfile.load(folder / "da" / path.name)
        translated = {k: words(v, k) for k, v in data.items() if k != "translation"}
        block = {"translation": {"source": fingerprint(source), "reviewed": "no"}}
        path.write_text(yaml.safe_dump({**block, **translated}, allow_unicode=True), "utf-8")


def tagged_text(pdf: Path, without: tuple[str, ...] = ()) -> list[str]:
    """The text of each page as a screen reader gets it: the structure tree in order, each
    element's /ActualText where it has one, else the text of its marked content; not the
    text of elements of the types ``without`` (like "Lbl", the bullets and numbers).

    Read with pdfium's structure-tree API, independently of WeasyPrint and pikepdf; text
    that is an artifact (page numbers, DRAFT marks) belongs to no element, so it is not
    in it.
    """
    import ctypes

    import pypdfium2.raw as raw

    def utf16(getter: Any, *args: Any) -> str:
        size = getter(*args, None, 0)
        if size <= 2:
            return ""
        buffer = ctypes.create_string_buffer(size)
        getter(*args, ctypes.cast(buffer, getter.argtypes[len(args)]), size)
        return buffer.raw[: size - 2].decode("utf-16-le")

    document = pdfium.PdfDocument(str(pdf))
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            by_mcid: dict[int, str] = {}
            for obj in page.get_objects(max_depth=4):
                if obj.type == raw.FPDF_PAGEOBJ_TEXT:
                    mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
                    text = utf16(raw.FPDFTextObj_GetText, obj.raw, textpage.raw)
                    by_mcid[mcid] = by_mcid.get(mcid, "") + text
            parts: list[str] = []

            def walk(element: Any, parts: list[str] = parts, by_mcid: dict = by_mcid) -> None:
                if without and utf16(raw.FPDF_StructElement_GetType, element) in without:
                    return
                actual = utf16(raw.FPDF_StructElement_GetActualText, element)
                if actual:
                    parts.append(actual)
                    return
                for index in range(raw.FPDF_StructElement_CountChildren(element)):
                    child = raw.FPDF_StructElement_GetChildAtIndex(element, index)
                    if child:
                        walk(child)
                    else:
                        mcid = raw.FPDF_StructElement_GetChildMarkedContentID(element, index)
                        if mcid >= 0:  # not a link annotation (-1)
                            parts.append(by_mcid.get(mcid, ""))

            tree = raw.FPDF_StructTree_GetForPage(page.raw)
            try:
                for index in range(raw.FPDF_StructTree_CountChildren(tree)):
                    walk(raw.FPDF_StructTree_GetChildAtIndex(tree, index))
            finally:
                raw.FPDF_StructTree_Close(tree)
                textpage.close()
            pages.append(" ".join(parts))
    finally:
        document.close()
    return pages


# --- what must hold after every build, failed or stopped -----------------------------


def snapshot(dist: Path) -> dict[str, str]:
    """Every file under dist/ with its checksum."""
    import hashlib

    if not dist.is_dir():
        return {}
    return {
        p.relative_to(dist).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(dist.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def assert_manifest_true(dist: Path) -> list[dict]:
    """Every entry of dist/manifest.json matches the bytes of its file; the entries."""
    import hashlib
    import json

    path = dist / "manifest.json"
    if not path.is_file():  # missing, or something else in its place: it claims nothing
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))["files"]
    for entry in entries:
        data = (dist / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    return entries


def temp_files(root: Path) -> list[Path]:
    """Temporary files in the project's dist/, and the temporary folder of its builds."""
    from leaflet.build.temp import temp_folder
    from leaflet.project import Project

    dist = root / "dist"
    left = [p for p in dist.rglob("*") if p.name.endswith(".tmp")] if dist.is_dir() else []
    folder = temp_folder(Project(root))
    return left + ([folder] if folder.exists() else [])


def assert_lost_nothing(project: Leaflet, before: dict[str, str]) -> None:
    """dist/ byte for byte as ``before``, its manifest true, no temporary files left."""
    assert snapshot(project.dist) == before, "dist/ changed"
    assert_manifest_true(project.dist)
    assert temp_files(project.root) == []


def once_per_run(factory: Any, name: str, make: Any) -> Path:
    """A folder ``name`` made by ``make(folder)`` once per test run, shared by the
    processes that pytest-xdist runs the tests in (the others wait for it, and reuse it).
    Returns the folder."""
    import fcntl
    import os

    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by every worker of this run, and only this run
    folder = base / name
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".done").exists():
            if folder.exists():
                shutil.rmtree(folder)  # a half-made one from a worker that failed
            folder.mkdir(parents=True)
            make(folder)
            (folder / ".done").write_text("", encoding="utf-8")
    return folder
