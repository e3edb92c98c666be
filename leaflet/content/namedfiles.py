"""The files ``leaflet.yaml`` names, found and checked: pictures and icons, a
stylesheet's path, the printer's colour profile.

A name is found as it was typed, or in another Unicode form of the same letters (as
macOS writes names); a name that differs from a file's only in capitals or in a letter
of another alphabet is pointed to that file. A picture is checked as it will be drawn
(:mod:`.pictures` for SVG, :mod:`.raster` for PNG and JPEG).
"""

from __future__ import annotations

import glob
import unicodedata
from pathlib import Path

from .. import files
from ..errors import Collector
from . import pictures, raster
from .values import check_picture_id
from .yamlfile import Map, Text


def picture_file(
    raw: Map, key: str, folder: Path, problems: Collector, allowed: tuple[str, ...] = (".svg",)
) -> Path | None:
    """The picture file ``raw[key]`` names in the leaflet ``folder``, checked; None (and
    the problems said) when it cannot be drawn, or when there is none."""
    value = raw.get(key)
    if value is None:
        return None
    assert isinstance(value, Text)
    where = (value.path, value.line, value.column)
    candidate = file_in_folder(
        value,
        folder,
        "picture",
        f"keep pictures in {folder.name}/pictures/ and write the path from the leaflet folder",
        problems,
        near=True,
    )
    if candidate is None:
        return None
    if candidate.suffix.lower() not in allowed:
        kinds = ", ".join(suffix.lstrip(".").upper() for suffix in allowed if suffix != ".jpeg")
        kinds = " or ".join(kinds.rsplit(", ", 1))
        if not candidate.suffix:  # an id from pictures:, where the file itself is asked for
            named = sorted(folder.glob(f"pictures/{glob.escape(str(value))}.*"))
            like = named[0].relative_to(folder).as_posix() if named else "pictures/picture.svg"
            problems.add(
                f'the picture "{value}" is not a file name — write the file itself, like '
                f"{key}: {like} (the ids under pictures: are for - picture: blocks in the "
                "words files)",
                *where,
            )
            return None
        problems.add(f'the picture "{value}" must be an {kinds} file', *where)
        return None
    if (what := files.what_it_is(candidate)) is not None:
        problems.add(not_a_file("picture", value, what, folder), *where)
        return None
    if candidate.suffix.lower() != ".svg":
        message = raster.check_raster_file(candidate)
        if message is not None:
            problems.add(f'the picture "{value}": {message}', *where)
            return None
        return candidate
    found = pictures.check_svg(candidate, folder)
    problems.problems.extend(found[:MAX_PICTURE_PROBLEMS])
    if len(found) > MAX_PICTURE_PROBLEMS:
        problems.add(
            f"… and {len(found) - MAX_PICTURE_PROBLEMS} more problems in this picture",
            candidate,
        )
    return None if found else candidate


def file_in_folder(
    value: Text, folder: Path, what: str, put: str, problems: Collector, near: bool = False
) -> Path | None:
    """The file ``value`` names in the leaflet ``folder``, links followed; None, with the
    problem said at its line, when it is a loop of links or lies outside the folder
    (``put``: where it belongs instead). ``near``: a missing name is pointed to a file
    spelt like it."""
    where = (value.path, value.line, value.column)
    candidate = typed_path(folder, value)
    if candidate is None:  # a loop of links
        kind = files.what_it_is(folder / value) or ""
        problems.add(not_a_file(what, value, kind, folder if near else None), *where)
        return None
    if not candidate.is_relative_to(folder.resolve()):
        problems.add(f'the {what} "{value}" is outside the leaflet folder — {put}', *where)
        return None
    return candidate


def typed_path(folder: Path, value: str) -> Path | None:
    """The file ``value`` names in ``folder``, links followed (None: a loop of links).

    A name typed in another Unicode form than the file's (å as one character, or as a
    and a combining ring, as macOS writes names) finds the file all the same.
    """
    found, _ = files.find_typed(folder, value)
    return files.resolved(found if found is not None else folder / value)


def not_a_file(what: str, value: str, kind: str, folder: Path | None = None) -> str:
    if kind == "missing":
        near = files.spelt_like(folder, value) if folder is not None else None
        if near is not None:
            odd = [c for c in value if not c.isascii() and c not in near]
            named = "".join(
                f' ("{c}" is U+{ord(c):04X} {unicodedata.name(c, "")})' for c in odd[:1]
            )
            return (
                f'the {what} "{value}" does not exist, but "{near}" does: write its name '
                f"exactly as it is{named} — capitals and letters of other alphabets make "
                "another name on the computers that build and print"
            )
        return f'the {what} "{value}" does not exist — check the spelling or add the file'
    return f'the {what} "{value}" is {kind} — use the file itself'


#: A broken or hostile picture can have a problem on every element; show this many.
MAX_PICTURE_PROBLEMS = 20


def picture_ids(value: Map | None, folder: Path, problems: Collector) -> dict[str, Path]:
    """The ``pictures:`` of leaflet.yaml: id → a checked picture file in the leaflet folder."""
    found: dict[str, Path] = {}
    if value is None:
        return found
    for picture_id in value:
        line, column = value.keys_at[picture_id]
        if (message := check_picture_id(picture_id)) is not None:
            problems.add(f"picture id {message}", value.path, line, column)
            continue
        made = picture_file(value, picture_id, folder, problems, PICTURE_FILES)
        if made is not None:
            found[picture_id] = made
    return found


#: The kinds of file a picture block may show.
PICTURE_FILES = (".svg", ".png", ".jpg", ".jpeg")


def icc_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a print output intent, or None when it can."""
    try:
        header = files.read_bytes(path, 128)[:128]
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(header) < 128 or header[36:40] != b"acsp":
        return "is not an ICC colour profile — ask the printer for their .icc file"
    if header[16:20] != b"CMYK":
        space = header[16:20].decode("ascii", "replace").strip()
        return f"is for {space} colour, not CMYK — a print file needs the printer's CMYK profile"
    if header[12:16] != b"prtr":
        return "is not an output (printer) profile — ask the printer for their press profile"
    return None
