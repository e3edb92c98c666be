"""What a build already knows is not laid out again: a translation is held to its source
language's page count, which the manifest records for a source built from the same
inputs (leaflet/build/pipeline.py, ``_source_pages``). Layouts are counted, not timed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pypdfium2 as pdfium
import pytest
from helpers import LEAFLET, Leaflet

from leaflet.build import layout
from leaflet.build.pipeline import build
from leaflet.project import Project


def _layouts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every layout from now on, counted by language."""
    counted: Counter[str] = Counter()
    real = layout._Flow.lay_out

    def lay_out(self: Any, chosen: Any) -> Any:
        counted[self.edition.lang] += 1
        return real(self, chosen)

    monkeypatch.setattr(layout._Flow, "lay_out", lay_out)
    monkeypatch.setattr(layout, "_COUNTS", {})  # a new process: nothing kept in memory
    return counted


def _pages(project: Leaflet, lang: str) -> int:
    document = pdfium.PdfDocument(project.dist / LEAFLET / lang / f"{LEAFLET}-{lang}.pdf")
    try:
        return len(document)
    finally:
        document.close()


@pytest.mark.parametrize("manifest", [True, False], ids=["source-known", "manifest-gone"])
def test_a_changed_translation_does_not_lay_its_source_out_again(
    built_copy: Leaflet, monkeypatch: pytest.MonkeyPatch, manifest: bool
) -> None:
    words = built_copy.words_file("ufarlig", "en")
    text = words.read_text(encoding="utf-8")
    words.write_text(text.replace("heading: ", "heading: Indeed, ", 1), "utf-8")
    if not manifest:
        built_copy.manifest.unlink()
    counted = _layouts(monkeypatch)
    result = build(Project(built_copy.root), languages=["en"], jobs=1)
    assert result.ok, result.problems
    assert counted["en"] >= 1
    assert ("da" in counted) == (not manifest)  # laid out only when nothing says its count
    assert _pages(built_copy, "en") == _pages(built_copy, "da") == 8
