"""Pages a designer would sign, on leaflets of every shape (tests/corpus.py).

The corpus (fifteen leaflets whose pages flow: short, long, many questions, long answers, tables,
pictures, steps and checklists, contact details, a long translation, an Arabic one, and
shapes made to be hard) is built once, with the real command, into print files. Each
print file is then read back as a print shop would (tests/pagemeasure.py: pypdfium2's
characters and a raster of each page, nothing of leaflet's own):

* nothing parted that belongs together: no question on another page than its answer,
  no heading as the last line of a page or away from its text, no short list parted,
  no single item of a list or single line of a paragraph alone at a page's head or foot;
* no inside page but the last ends more than 15 % of its text area early, and no
  inside page has a blank gap of more than 25 % — or the build's layout note for that
  page says why and what to do (test_notes.py: how status, check and serve show it).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from corpus import Shape, shapes, write
from helpers import REPO, once_per_run, run_cli
from pagemeasure import Judged, judge

BUILT: dict[str, float] = {}


def _make(folder: Path) -> None:
    """Every shape checked as ``leaflet check`` does, then laid out and written as its
    print file, in this process, the way ``leaflet build`` makes them (without the
    other files of a build and preflight, which other tests cover): each edition once."""
    from leaflet.build import edition as build
    from leaflet.content.editions import load
    from leaflet.project import Project
    from leaflet.render.back import fit_back
    from leaflet.render.pdf import Renderer

    root = folder / "project"
    for part in ("templates", "styles"):
        shutil.copytree(REPO / part, root / part)
    write(root, shapes())
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        assert run_cli("--project", root, "check").exit_code == 0
    start = time.perf_counter()
    project = Project(root)
    notes: dict[str, list[dict[str, Any]]] = {}
    with Renderer(project) as renderer:
        # the source language first: it chooses the page count its translations get
        for edition in sorted(load(project), key=lambda e: not e.is_source):
            out_dir = build.output_dir(project, edition)
            source = edition.settings.folder / edition.lang
            laid = build._render_to_fit(project, edition, renderer, out_dir, [])
            fit_back(laid.document)
            data = build._print_file(project, edition, renderer, laid.document, out_dir, source)
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / f"{edition.settings.id}-{edition.lang}-print.pdf").write_bytes(data)
            notes[f"{edition.settings.id}/{edition.lang}"] = [n.as_dict(root) for n in laid.notes]
    seconds = time.perf_counter() - start
    (folder / "notes.json").write_text(json.dumps({"notes": notes, "seconds": seconds}), "utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Shape]]:
    """The corpus, built once per test run (see :func:`_make`)."""
    folder = once_per_run(tmp_path_factory, "corpus", _make)
    made = json.loads((folder / "notes.json").read_text("utf-8"))
    BUILT["seconds"] = made["seconds"]
    for key, found in made["notes"].items():
        leaflet, lang = key.split("/")
        NOTES[(leaflet, lang)] = found
    return folder / "project", shapes()


#: The layout notes of each edition, as the manifest keeps them.
NOTES: dict[tuple[str, str], list[dict[str, Any]]] = {}


@pytest.fixture(scope="module")
def judged(corpus: tuple[Path, list[Shape]]) -> dict[tuple[str, str], Judged]:
    """Each edition's print file, judged once for all the tests below."""
    root, made = corpus
    start = time.perf_counter()
    found = {}
    for shape in made:
        for lang, known in shape.known.items():
            pdf = root / "dist" / shape.name / lang / f"{shape.name}-{lang}-print.pdf"
            found[(shape.name, lang)] = judge(pdf, known)
    BUILT["judged"] = time.perf_counter() - start
    return found


def notes(root: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    return NOTES


KEEP_TOGETHER = ("its answer", "heading", "list parted", "alone on page", "not found")
#: Room shared out past a gap's cap: no note excuses it.
SPARSE = ("apart on page",)


def test_the_corpus_has_every_shape(corpus: tuple[Path, list[Shape]]) -> None:
    _, made = corpus
    editions = [(s.name, lang) for s in made for lang in s.words]
    assert len(made) >= 12
    assert ("arabic", "ar") in editions and ("long-translation", "en") in editions
    print(f"\ncorpus: {len(editions)} editions built in {BUILT['seconds']:.1f} s")


def test_nothing_parted_that_belongs_together(judged: dict[tuple[str, str], Judged]) -> None:
    parted = {
        edition: [p for p in j.problems if any(k in p for k in KEEP_TOGETHER)]
        for edition, j in judged.items()
    }
    assert not {e: p for e, p in parted.items() if p}, parted
    print(f"\nread back in {BUILT['judged']:.1f} s")


def test_room_is_shared_out_within_the_caps(judged: dict[tuple[str, str], Judged]) -> None:
    sparse = {
        edition: [p for p in j.problems if any(k in p for k in SPARSE)]
        for edition, j in judged.items()
    }
    assert not {e: p for e, p in sparse.items() if p}, sparse


def test_pages_are_full_or_a_note_says_why(
    corpus: tuple[Path, list[Shape]], judged: dict[tuple[str, str], Judged]
) -> None:
    root, _ = corpus
    said = notes(root)
    unexplained = {}
    noted = 0
    for edition, result in judged.items():
        pages = {n["page"] for n in said[edition]}
        short = [
            p
            for p in result.problems
            if p.startswith("page ") and int(re.match(r"page (\d+)", p)[1]) not in pages  # type: ignore[index]
        ]
        noted += sum(p.startswith("page ") for p in result.problems) - len(short)
        if short:
            unexplained[edition] = (short, said[edition])
    assert not unexplained, unexplained
    print(f"\n{noted} short pages or gaps, each with its note")


def test_held_out_leaflet_is_four_pages_a_designer_would_sign(
    corpus: tuple[Path, list[Shape]], judged: dict[tuple[str, str], Judged]
) -> None:
    """The leaflet of issue 24: a key figure, a short text, a five-point checklist, three
    questions and answers, the QR section, the back page — on 4 pages, every page full
    or noted, and the back page not left empty above the sender."""
    root, _ = corpus
    result = judged[("held-out", "da")]
    assert len(result.pages) == 2, "4 pages: the cover, two inside pages, the back page"
    assert result.problems == [], result.problems
    assert notes(root)[("held-out", "da")] == []
    # the three questions together, on one page
    texts = [page.text for page in result.pages]
    pages = {n for n, text in enumerate(texts) for q in ("1?", "2?", "3?") if q in text}
    assert len(pages) == 1, pages


def test_a_section_on_a_new_page_has_its_note(corpus: tuple[Path, list[Shape]]) -> None:
    root, _ = corpus
    found = [n["message"] for n in notes(root)[("table-after-short", "da")]]
    assert any("starts a new page (new_page: yes in leaflet.yaml)" in m for m in found), found
