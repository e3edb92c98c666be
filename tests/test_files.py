"""Writing several files at once (translate/files.py): all of them, or none.

Failures are made for real: a folder that cannot be made because a file stands in its
way, a file that cannot be replaced because a folder stands in its place.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from leaflet.translate.files import write_all


def test_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    private, new = tmp_path / "private.yaml", tmp_path / "new.yaml"
    private.write_bytes(b"old")
    private.chmod(0o600)
    write_all({private: b"new", new: b"made"})
    assert private.read_bytes() == b"new"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(new.stat().st_mode) == 0o644


def test_a_failure_while_writing_removes_every_folder_it_made(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_bytes(b"a file where a folder would go")
    files = {
        tmp_path / "a" / "b" / "c" / "one.yaml": b"1",
        tmp_path / "blocked" / "two.yaml": b"2",
    }
    with pytest.raises(OSError):
        write_all(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked"]


def test_a_failure_while_replacing_puts_the_old_files_back(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "fresh" / "new.yaml"
    old.write_bytes(b"old")
    (tmp_path / "in-the-way").mkdir()  # a folder cannot be replaced by a file
    with pytest.raises(OSError):
        write_all({old: b"changed", new: b"made", tmp_path / "in-the-way": b"x"})
    assert old.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in-the-way", "old.yaml"]
    assert list((tmp_path / "in-the-way").iterdir()) == []
