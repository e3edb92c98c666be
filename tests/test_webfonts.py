"""The web page's fonts, cut once per font and set of letters and kept on disk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers import REPO

from leaflet.render import web, webfonts

FONT = REPO / "styles" / "fonts" / "NotoSans-Regular.ttf"


def test_a_cut_is_kept_and_used_by_the_next_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data = FONT.read_bytes()
    cuts: list[str] = []

    def cut(letters: str) -> bytes | None:
        cuts.append(letters)
        return web._cut(data, letters)

    first = webfonts.cached(data, "abc", lambda: cut("abc"))
    assert first is not None and first.startswith(b"wOF2")
    assert set(TTFont(io.BytesIO(first)).getBestCmap()) >= {ord("a"), ord("b"), ord("c")}
    assert ord("z") not in TTFont(io.BytesIO(first)).getBestCmap()
    # what another worker, or the next build, gets: the same bytes, with no cut
    assert webfonts.cached(data, "abc", lambda: cut("again")) == first
    assert cuts == ["abc"]
    assert len(list((tmp_path / "leaflet" / "web-fonts").glob("*.woff2"))) == 1
    # a font with none of the letters: kept as such
    assert webfonts.cached(data, "\u4e00", lambda: cut("\u4e00")) is None
    assert webfonts.cached(data, "\u4e00", lambda: cut("never")) is None
    assert cuts == ["abc", "\u4e00"]
    # a damaged file in the cache is cut again
    for kept in (tmp_path / "leaflet" / "web-fonts").glob("*.woff2"):
        kept.write_bytes(b"broken")
    assert webfonts.cached(data, "abc", lambda: cut("abc")) == first


def test_a_cache_that_cannot_be_written_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    data = FONT.read_bytes()
    made = webfonts.cached(data, "abc", lambda: web._cut(data, "abc"))
    assert made is not None and made.startswith(b"wOF2")
