"""References inside SVG pictures: where each ``href`` and ``url(…)`` may lead.

Every reference must be a fragment (``#name``), an embedded picture
(``data:image/png`` …) or a relative path to an existing file inside the leaflet
folder, after following symbolic links: no scheme, no absolute path, no way out of
the folder. :class:`ReferenceChecks` is the part of the SVG checker in
:mod:`leaflet.content.pictures` that follows them; files and embedded pictures
that are SVG again are handed back to it.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from .. import files
from ..errors import Problem
from .raster import (
    NOT_AN_IMAGE,
    RASTER_TYPES,
    WEB_FORMATS,
    Outcome,
    depth_problem,
    raster_message,
    raster_outcome,
    raster_problem,
)

MAX_PICTURE_BYTES = 5_000_000
"""The largest picture file (or embedded picture) leaflet reads: 5 MB."""

SVG_TYPE = "image/svg+xml"
ALLOWED_KINDS = "PNG, JPEG, GIF, WebP or SVG"
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass
class Context:
    """What one call of :func:`check_svg` shares: the folder, and what was checked."""

    root: Path  # resolved
    root_as_given: Path  # absolute, not resolved (to tell a symbolic link from ../)
    problems: list[Problem] = field(default_factory=list)
    stack: list[Path] = field(default_factory=list)  # SVG files being checked, outermost first
    done: set[Path] = field(default_factory=set)
    rasters: dict[Path, str | tuple[Outcome, bool, str | None]] = field(default_factory=dict)
    located: dict[tuple[Path, str], Path | str] = field(default_factory=dict)


def resolve(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL byte …
        return None


def read_limited(path: Path, name: str) -> bytes | str:
    """The bytes of ``path``, or a message saying why they are not read."""
    try:
        data = files.read_bytes(path, MAX_PICTURE_BYTES)
        size = len(data)
        if size > MAX_PICTURE_BYTES:
            size = path.stat().st_size
    except files.NotAFile as error:
        return f"the picture {name} is {error.what} — use the picture file itself"
    except OSError as error:
        return f"the picture {name} cannot be read ({error.strerror or error}) — check the file"
    if size > MAX_PICTURE_BYTES:
        return (
            f"the picture {name} is {size / 1_000_000:.1f} MB — pictures may be at most "
            f"{MAX_PICTURE_BYTES / 1_000_000:g} MB; save it smaller (simpler shapes, "
            "or smaller embedded pictures)"
        )
    return data


def locate(base: Path, relative: str, context: Context) -> Path | str:
    """The file ``relative`` to ``base`` leads to, or why there is none.

    Why: "outside" (the leaflet folder), "link" (a symbolic link that leads outside
    it), "missing", "folder", "respelt:<the name on disk>" (the name is there in another
    Unicode form), or "is:<what it is>" (a named pipe, a loop of links …).
    """
    target = resolve(base / relative)
    if target is None or not target.is_relative_to(context.root):
        lexical = Path(os.path.normpath(base / relative))
        inside = lexical.is_relative_to(Path(os.path.normpath(context.root_as_given)))
        if target is None and inside:
            return "is:" + (files.what_it_is(base / relative) or "not a file")
        return "link" if inside else "outside"
    what = files.what_it_is(target)
    if what == "missing":
        found, respelt = files.find_typed(base, relative)
        return f"respelt:{respelt[-1]}" if found is not None and respelt else "missing"
    if what is not None:
        return "folder" if what.startswith("a folder") else f"is:{what}"
    return target


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ReferenceChecks:
    """Checks of the references one SVG document makes (mixed into its checker).

    The checker provides the document's ``context``, ``base`` folder, ``name`` and
    nesting ``depth``, reports with ``problem`` and ``sink``, and checks SVG pictures
    found on the way (``_check_nested_file``, ``_check_embedded_svg``).
    """

    context: Context
    base: Path
    name: str
    depth: int
    subject: Callable[[int, int], str]  # line, column → "the picture "x.svg""
    sink: Callable[[str, int | None, int | None], None]  # message, line, column

    def problem(self, line: int, column: int, rest: str) -> None:
        raise NotImplementedError

    def _check_nested_file(self, target: Path, line: int, column: int) -> None:
        raise NotImplementedError

    def _check_embedded_svg(self, data: bytes, line: int, column: int) -> None:
        raise NotImplementedError

    def _check_reference(self, raw: str, line: int, column: int, what: str) -> None:
        # As a browser reads a URL: no spaces around it, tabs and line breaks dropped.
        url = re.sub(r"[\t\n\r]", "", raw).strip(_C0_AND_SPACE)
        shown = shorten(url)
        if not url or url.startswith("#"):
            return
        if "\\" in url:
            self.problem(
                line,
                column,
                f' refers to "{shown}" with a backslash (\\) — write file paths with / '
                "instead, relative to the picture",
            )
            return
        if _WINDOWS_DRIVE.match(url) or url.startswith("/"):
            if url.startswith("//"):
                self._refuse_network(shown, line, column)
                return
            self.problem(
                line,
                column,
                f' refers to the file "{shown}" by an absolute path — keep the file in the '
                "leaflet folder and write its path relative to the picture",
            )
            return
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            self._check_data_url(url, line, column)
        elif scheme in ("http", "https", "ftp", "ftps", "ws", "wss"):
            self._refuse_network(shown, line, column)
        elif scheme == "file":
            self.problem(
                line,
                column,
                f' refers to "{shown}", a file elsewhere on the computer — copy the file into '
                "the leaflet folder and write its path relative to the picture",
            )
        elif scheme:
            self.problem(
                line,
                column,
                f' refers to "{shown}" ({what}), which leaflet does not allow — only links '
                "inside the picture (#name), embedded pictures (data:image/…) and files in the "
                "leaflet folder may be used",
            )
        elif parts.netloc:
            self._refuse_network(shown, line, column)
        else:
            self._check_file_reference(unquote(parts.path), shown, line, column)

    def _refuse_network(self, shown: str, line: int, column: int) -> None:
        self.problem(
            line,
            column,
            f' loads "{shown}" from the internet — leaflet uses no files from the internet: '
            "save the file in the leaflet folder (pictures/) and refer to it by its name",
        )

    def _check_file_reference(self, relative: str, shown: str, line: int, column: int) -> None:
        if not relative:
            return  # only a query: the picture itself
        if "\x00" in relative:
            self.problem(
                line, column, f' refers to "{shown}", which is not a file name — correct it'
            )
            return
        key = (self.base, relative)
        target = self.context.located.get(key)
        if target is None:  # each path is looked up once, however often it is used
            target = self.context.located[key] = locate(self.base, relative, self.context)
        if target == "link":
            self.problem(
                line,
                column,
                f' refers to "{shown}", a link (shortcut) to a file outside the leaflet '
                "folder — copy the file itself into the leaflet folder",
            )
        elif target == "outside":
            self.problem(
                line,
                column,
                f' refers to "{shown}", which is outside the leaflet folder — copy the file '
                "into the leaflet folder (pictures/) and refer to it there",
            )
        elif target == "missing":
            self.problem(
                line,
                column,
                f' refers to "{shown}", which does not exist — check the spelling or add the file',
            )
        elif target == "folder":
            self.problem(
                line, column, f' refers to "{shown}", which is a folder, not a file — correct it'
            )
        elif isinstance(target, str) and target.startswith("respelt:"):
            self.problem(
                line, column, f' refers to "{shown}": ' + files.other_spelling([target[8:]])
            )
        elif isinstance(target, str) and target.startswith("is:"):
            self.problem(
                line, column, f' refers to "{shown}", which is {target[3:]} — use the file itself'
            )
        else:
            assert isinstance(target, Path)
            self._check_referenced_file(target, shown, line, column)

    def _check_referenced_file(self, target: Path, shown: str, line: int, column: int) -> None:
        if target.suffix.lower() == ".svg":
            self._check_nested_file(target, line, column)
            return
        look = self.context.rasters.get(target)
        if look is None:  # each file is read once, however often it is used
            data = read_limited(target, f'"{shown}"')
            if isinstance(data, str):
                look = data
            else:
                xml = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
                outcome = raster_outcome(data, WEB_FORMATS)
                fine = isinstance(outcome, tuple) and raster_message(outcome, "") is None
                # the subject ("\0") differs with the file that uses the picture
                deep = depth_problem(data, "\0", WEB_FORMATS) if fine else None
                look = (outcome, xml, deep)
            self.context.rasters[target] = look
        if isinstance(look, str):
            self.problem(line, column, f" refers to a picture that cannot be used: {look}")
            return
        outcome, xml, deep = look
        subject = f'the picture "{shown}" (used by {self.name})'
        if outcome is None and xml:
            self._check_nested_file(target, line, column)
            return
        if outcome is None:
            message: str | None = (
                f"{subject} is not a picture leaflet can use — use a {ALLOWED_KINDS} file"
            )
        else:
            message = raster_message(outcome, subject)
            if message is None and deep is not None:
                message = deep.replace("\0", subject, 1)
        if message is not None:
            self.sink(message, line, column)

    def _check_data_url(self, url: str, line: int, column: int) -> None:
        header, comma, payload = url[len("data:") :].partition(",")
        params = [param.strip().lower() for param in header.split(";")]
        media_type = params[0] or "text/plain"
        if not comma or (media_type not in RASTER_TYPES and media_type != SVG_TYPE):
            self.problem(
                line,
                column,
                f' embeds data of type "{shorten(media_type, 40)}", which leaflet does not '
                f"allow — only {ALLOWED_KINDS} pictures may be embedded",
            )
            return
        try:
            if "base64" in params[1:]:
                text = "".join(unquote(payload).split())
                data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
            else:
                data = unquote_to_bytes(payload)
        except (binascii.Error, ValueError):
            self.problem(
                line,
                column,
                " has an embedded picture (data:…) that is damaged — embed the picture again",
            )
            return
        if len(data) > MAX_PICTURE_BYTES:
            self.problem(
                line,
                column,
                f" has an embedded picture of {len(data) / 1_000_000:.1f} MB — pictures may be "
                f"at most {MAX_PICTURE_BYTES / 1_000_000:g} MB; embed a smaller one",
            )
            return
        if media_type == SVG_TYPE:
            self._check_embedded_svg(data, line, column)
            return
        subject = "a picture embedded in " + self.subject(line, column)
        message = raster_problem(data, subject, formats=WEB_FORMATS)
        if message is None:
            message = depth_problem(data, subject, WEB_FORMATS)
        if message == NOT_AN_IMAGE:
            message = (
                f"{subject} cannot be read as a picture (the data says {media_type}) — embed "
                "the picture again, as PNG, JPEG, GIF or WebP"
            )
        if message is not None:
            self.sink(message, line, column)
