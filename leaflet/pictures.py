"""Checking pictures that come from other hands, before anything renders them.

Pictures (SVG files today) are made by agencies and translators, so leaflet reads
them as untrusted input. :func:`check_svg` reads one SVG file and lists every
problem, each at the line and column where it is, in words for the person who
supplies the picture:

* a file larger than :data:`MAX_PICTURE_BYTES` is refused without being read;
* the file must be well-formed XML, with ``<svg>`` in the SVG namespace as its root;
* a DOCTYPE or ENTITY declaration is refused (entity bombs and external entities):
  parsing stops there, and no external entity is ever loaded;
* scripts, ``<foreignObject>``, event attributes (``onload`` …), ``xml:base`` and
  ``<?xml-stylesheet?>`` are refused: they would act in a browser that opens the
  leaflet's web page;
* every reference — ``href`` (in any namespace), ``src``, ``url(…)`` in attributes
  and styles — must be a fragment (``#name``), an embedded picture
  (``data:image/png`` …) or a relative path to an existing file inside the leaflet
  folder (after following symbolic links); no scheme, no absolute path, no way out
  of the folder, no ``@import``;
* raster pictures, embedded or referenced, must be PNG, JPEG, GIF or WebP and at most
  :data:`MAX_PIXELS` pixels; their size is read from the header, nothing is decoded;
* SVG pictures inside the picture (embedded or referenced) are checked the same
  way, up to :data:`MAX_NESTING` levels deep.

:func:`check_raster_bytes` offers the pixel check on its own, for anything the
renderer fetches.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import io
import itertools
import os
import re
import struct
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from xml.parsers import expat

from PIL import Image

from .errors import Problem

MAX_PICTURE_BYTES = 5_000_000
"""The largest picture file (or embedded picture) leaflet reads: 5 MB."""

PAGE_PIXELS = (1819, 2551)
"""A whole A5 page with 3 mm bleed (154 × 216 mm) at 300 dpi, in pixels."""

MAX_PIXELS = 20_000_000
"""The most pixels a raster picture may have: about 4 × a whole page at 300 dpi."""

MAX_NESTING = 3
"""How many levels of pictures inside pictures are checked before leaflet gives up."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"

RASTER_TYPES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
"""The raster pictures that may be embedded, by media type, with Pillow's name."""

SVG_TYPE = "image/svg+xml"

_WEB_FORMATS = tuple(RASTER_TYPES.values())
_ALLOWED_KINDS = "PNG, JPEG, GIF, WebP or SVG"

# Elements that run programs or embed web pages (compared in lower case, as an HTML
# parser would see them when the picture is put into a web page).
_REFUSED_ELEMENTS = {
    "script": "a script (<script>), a program that would run in a web browser",
    "handler": "a script (<handler>), a program that would run in a web browser",
    "foreignobject": "a <foreignObject>, a piece of web page inside the drawing",
    "iframe": "an <iframe>, a web page inside the drawing",
    "embed": "an <embed>, a piece of another program inside the drawing",
    "object": "an <object>, a piece of another program inside the drawing",
}

_ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform", "animatecolor"}

# Attributes whose values are CSS (besides style): checked for escapes as well as url().
_CSS_ATTRIBUTES = {
    "fill",
    "stroke",
    "clip-path",
    "mask",
    "filter",
    "marker",
    "marker-start",
    "marker-mid",
    "marker-end",
    "cursor",
    "from",
    "to",
    "by",
    "values",
}

_URL_START = re.compile(r"url\(", re.IGNORECASE)
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^"'()\s]*))\s*\)""", re.IGNORECASE)
_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
_IMAGE_SET = re.compile(r"\b(?:-webkit-)?image(?:-set)?\(", re.IGNORECASE)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")

_SAVE_AGAIN = "open it in a drawing program and save it again as SVG"


# --- public ------------------------------------------------------------------------------


def check_svg(path: Path, allowed_root: Path) -> list[Problem]:
    """Every problem of the SVG picture ``path``; an empty list when it is fine.

    Files the picture refers to must lie inside ``allowed_root`` (the leaflet folder);
    SVG files among them are checked too, and their problems are reported at their
    own lines.
    """
    context = _Context(allowed_root.resolve(), allowed_root.absolute())
    name = _quoted_name(path)
    resolved = _resolve(path)
    if resolved is None or not resolved.is_relative_to(context.root):
        return [
            Problem(
                f"the picture {name} is outside the leaflet folder — keep pictures in the "
                "leaflet folder (pictures/)",
                path,
            )
        ]
    _check_file(path, resolved, context)
    return context.problems


def check_raster_bytes(data: bytes) -> str | None:
    """A problem message when ``data`` is a raster picture leaflet should not use.

    Returns a message when ``data`` is a raster picture (recognised by its first
    bytes: PNG, JPEG, GIF or WebP, the formats WeasyPrint draws) with more than
    :data:`MAX_PIXELS` pixels, or one whose header cannot be read. Returns None when
    the picture is fine, and for anything that is not a raster picture at all
    (fonts, style sheets, SVG), so the renderer's URL fetcher can call it on
    everything it loads. Only the header is read: no pixels are decoded.
    """
    if not data.startswith(_RASTER_MAGIC) and not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return None  # not a raster picture: a font, a stylesheet, an SVG …
    return _raster_problem(data, "this picture", formats=_WEB_FORMATS)


#: The first bytes of PNG, JPEG and GIF files (WebP is RIFF….WEBP).
_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


# --- files -----------------------------------------------------------------------------


@dataclass
class _Context:
    """What one call of :func:`check_svg` shares: the folder, and what was checked."""

    root: Path  # resolved
    root_as_given: Path  # absolute, not resolved (to tell a symbolic link from ../)
    problems: list[Problem] = field(default_factory=list)
    stack: list[Path] = field(default_factory=list)  # SVG files being checked, outermost first
    done: set[Path] = field(default_factory=set)
    rasters: dict[Path, str | tuple[_Outcome, bool]] = field(default_factory=dict)
    located: dict[tuple[Path, str], Path | str] = field(default_factory=dict)


def _quoted_name(path: Path) -> str:
    return f'"{path.name}"'


def _resolve(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL byte …
        return None


def _read_limited(path: Path, name: str) -> bytes | str:
    """The bytes of ``path``, or a message saying why they are not read."""
    try:
        size = path.stat().st_size
        if size <= MAX_PICTURE_BYTES:
            with path.open("rb") as file:
                data = file.read(MAX_PICTURE_BYTES + 1)
            size = len(data)
    except OSError as error:
        return f"the picture {name} cannot be read ({error.strerror or error}) — check the file"
    if size > MAX_PICTURE_BYTES:
        return (
            f"the picture {name} is {size / 1_000_000:.1f} MB — pictures may be at most "
            f"{MAX_PICTURE_BYTES / 1_000_000:g} MB; save it smaller (simpler shapes, "
            "or smaller embedded pictures)"
        )
    return data


def _check_file(path: Path, resolved: Path, context: _Context) -> None:
    """Check the SVG file ``path`` (``resolved``: where it really is)."""
    name = _quoted_name(path)
    if resolved in context.done:
        return  # checked already, or a picture that (through others) refers to itself
    context.done.add(resolved)
    if not resolved.is_file():
        context.problems.append(
            Problem(f"the picture {name} does not exist — check the spelling or add the file", path)
        )
        return
    data = _read_limited(resolved, name)
    if isinstance(data, str):
        context.problems.append(Problem(data, path))
        return

    def sink(message: str, line: int | None, column: int | None) -> None:
        context.problems.append(Problem(message, path, line, column))

    context.stack.append(resolved)
    try:
        _Document(
            context=context,
            subject=lambda _line, _column: f"the picture {name}",
            name=name,
            base=path.absolute().parent,
            sink=sink,
        ).check(data)
    finally:
        context.stack.pop()


# --- one SVG document ------------------------------------------------------------------


class _Refused(Exception):
    """Parsing stops: the document declares a DOCTYPE or entities."""


@dataclass
class _Chunk:
    line: int
    column: int
    text: str


def _split(name: str) -> tuple[str, str]:
    """``"namespace local"`` (expat's form) → (namespace, local)."""
    namespace, _, local = name.rpartition(" ")
    return namespace, local


def _attribute_name(namespace: str, local: str) -> str:
    prefix = {XLINK_NAMESPACE: "xlink:", XML_NAMESPACE: "xml:"}.get(namespace, "")
    return prefix + local


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Document:
    """One SVG document (a file, or a picture embedded in one), checked by expat."""

    context: _Context
    subject: Callable[[int, int], str]  # line, column → "the picture "x.svg""
    name: str  # how to speak of it as the place of something embedded
    base: Path  # the folder relative references start from
    sink: Callable[[str, int | None, int | None], None]  # message, line, column
    depth: int = 0
    _parser: expat.XMLParserType | None = None
    _root_seen: bool = False
    _style: list[_Chunk] | None = None
    _style_depth: int = 0

    # --- reporting

    def problem(self, line: int, column: int, rest: str) -> None:
        """Report ``subject`` + ``rest`` at ``line``:``column`` of this document."""
        self.sink(self.subject(line, column) + rest, line, column)

    def _here(self) -> tuple[int, int]:
        assert self._parser is not None
        return self._parser.CurrentLineNumber, self._parser.CurrentColumnNumber + 1

    # --- parsing

    def check(self, data: bytes) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        self._parser = parser
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._external_entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        parser.ProcessingInstructionHandler = self._instruction
        try:
            parser.Parse(data, True)
        except _Refused:
            pass
        except expat.ExpatError as error:
            reason = expat.ErrorString(error.code) or "unreadable XML"
            self.problem(
                error.lineno,
                error.offset + 1,
                f" is not a valid SVG file: {reason} — {_SAVE_AGAIN}",
            )
        finally:
            self._parser = None

    def _doctype(self, *_: object) -> None:
        line, column = self._here()
        self.problem(
            line,
            column,
            " has a <!DOCTYPE …> declaration, which leaflet does not allow (it can make the "
            "file load other files or grow without end) — delete it, or save the picture "
            "again as plain SVG without a DTD",
        )
        raise _Refused

    def _entity(self, *_: object) -> None:
        line, column = self._here()
        self.problem(
            line,
            column,
            " declares an <!ENTITY …>, which leaflet does not allow — delete it, or save "
            "the picture again as plain SVG",
        )
        raise _Refused

    def _external_entity(self, *_: object) -> int:
        line, column = self._here()
        self.problem(
            line,
            column,
            " refers to an external entity, which leaflet does not load — save the picture "
            "again as plain SVG",
        )
        raise _Refused

    def _instruction(self, target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            line, column = self._here()
            self.problem(
                line,
                column,
                " links a style sheet (<?xml-stylesheet …?>), which leaflet does not allow — "
                "delete that line; styles must be inside the picture",
            )

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        line, column = self._here()
        namespace, local = _split(name)
        if not self._root_seen:
            self._root_seen = True
            self._check_root(namespace, local, line, column)
        refused = _REFUSED_ELEMENTS.get(local.lower())
        if refused is not None:
            self.problem(
                line,
                column,
                f" contains {refused}, which leaflet does not allow — remove it in the "
                "drawing program, or ask for the picture without it",
            )
        if local.lower() in _ANIMATIONS:
            self._check_animation(attributes, line, column)
        for key, value in attributes.items():
            self._check_attribute(local, key, value, line, column)
        if local.lower() == "style":
            self._style_depth += 1
            if self._style is None:
                self._style = []

    def _end(self, name: str) -> None:
        _, local = _split(name)
        if local.lower() == "style" and self._style_depth:
            self._style_depth -= 1
            if not self._style_depth and self._style is not None:
                chunks, self._style = self._style, None
                self._check_style_text(chunks)

    def _text(self, text: str) -> None:
        if self._style is not None:
            line, column = self._here()
            self._style.append(_Chunk(line, column, text))

    # --- elements and attributes

    def _check_root(self, namespace: str, local: str, line: int, column: int) -> None:
        if namespace == SVG_NAMESPACE and local == "svg":
            return
        if local == "svg" and not namespace:
            self.problem(
                line,
                column,
                f' has no SVG namespace on its <svg> element — add xmlns="{SVG_NAMESPACE}" '
                f"to it, or {_SAVE_AGAIN}",
            )
        else:
            self.problem(
                line,
                column,
                f" is not an SVG drawing: it starts with <{local}> instead of <svg> — "
                f"{_SAVE_AGAIN}",
            )

    def _check_animation(self, attributes: dict[str, str], line: int, column: int) -> None:
        target = attributes.get("attributeName", "").strip()
        local = target.rpartition(":")[2].lower()
        if local == "href" or local.startswith("on"):
            self.problem(
                line,
                column,
                f' has an animation that changes "{_shorten(target)}", which leaflet does not '
                "allow (it could change where a link leads) — remove the animation",
            )

    def _check_attribute(self, element: str, key: str, value: str, line: int, column: int) -> None:
        namespace, local = _split(key)
        shown = _attribute_name(namespace, local)
        lower = local.lower()
        if lower.startswith("on"):
            self.problem(
                line,
                column,
                f' has an event attribute "{shown}" on <{element}> (a program that would run '
                "in a web browser), which leaflet does not allow — remove it",
            )
        elif namespace == XML_NAMESPACE and lower == "base":
            self.problem(
                line,
                column,
                ' has an "xml:base" attribute, which changes where its links lead — remove it',
            )
        elif lower in ("href", "src"):
            self._check_reference(value, line, column, f'"{shown}" of <{element}>')
        elif lower == "style" and not namespace:
            self._check_css(value, [_Chunk(line, column, value)], fixed=(line, column))
        else:
            if lower in _CSS_ATTRIBUTES and "\\" in value:
                self._backslash(line, column)
            for start in _URL_START.finditer(value):
                self._check_url_at(value, start.start(), line, column)

    # --- CSS

    def _check_style_text(self, chunks: list[_Chunk]) -> None:
        text = "".join(chunk.text for chunk in chunks)
        self._check_css(text, chunks, fixed=None)

    def _check_css(self, text: str, chunks: list[_Chunk], fixed: tuple[int, int] | None) -> None:
        """Check CSS ``text`` made of ``chunks``; ``fixed``: report everything there."""

        starts = list(itertools.accumulate((len(chunk.text) for chunk in chunks), initial=0))
        starts.pop()  # the end of the last chunk

        def where(offset: int) -> tuple[int, int]:
            if fixed is not None:
                return fixed
            return _position(chunks, starts, offset)

        if "\\" in text:
            self._backslash(*where(text.index("\\")))
        for match in _IMPORT.finditer(text):
            line, column = where(match.start())
            self.problem(
                line,
                column,
                " loads another style sheet (@import), which leaflet does not allow — put "
                "the styles in the picture itself",
            )
        for match in _IMAGE_SET.finditer(text):
            line, column = where(match.start())
            self.problem(
                line,
                column,
                f' uses "{match.group(0)}…" in its styles, which leaflet cannot check — '
                "use url(…) with a file in the leaflet folder instead",
            )
        for start in _URL_START.finditer(text):
            line, column = where(start.start())
            self._check_url_at(text, start.start(), line, column)

    def _backslash(self, line: int, column: int) -> None:
        self.problem(
            line,
            column,
            " has a backslash (\\) in its styles, which leaflet cannot check — remove the "
            f"escapes, or {_SAVE_AGAIN}",
        )

    def _check_url_at(self, text: str, offset: int, line: int, column: int) -> None:
        match = _URL.match(text, offset)
        if match is None:
            self.problem(
                line,
                column,
                f' has an unfinished or unreadable "{_shorten(text[offset:], 30)}" — write it '
                "as url(#name) or url(file name), or "
                f"{_SAVE_AGAIN}",
            )
            return
        target = next(group for group in match.groups() if group is not None)
        self._check_reference(target, line, column, "url(…)")

    # --- references

    def _check_reference(self, raw: str, line: int, column: int, what: str) -> None:
        # As a browser reads a URL: no spaces around it, tabs and line breaks dropped.
        url = re.sub(r"[\t\n\r]", "", raw).strip(_C0_AND_SPACE)
        shown = _shorten(url)
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
            target = self.context.located[key] = _locate(self.base, relative, self.context)
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
        else:
            assert isinstance(target, Path)
            self._check_referenced_file(target, shown, line, column)

    def _check_referenced_file(self, target: Path, shown: str, line: int, column: int) -> None:
        if target.suffix.lower() == ".svg":
            self._check_nested_file(target, line, column)
            return
        look = self.context.rasters.get(target)
        if look is None:  # each file is read once, however often it is used
            data = _read_limited(target, f'"{shown}"')
            if isinstance(data, str):
                look = data
            else:
                xml = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
                look = (_raster_outcome(data, _WEB_FORMATS), xml)
            self.context.rasters[target] = look
        if isinstance(look, str):
            self.problem(line, column, f" refers to a picture that cannot be used: {look}")
            return
        outcome, xml = look
        subject = f'the picture "{shown}" (used by {self.name})'
        if outcome is None and xml:
            self._check_nested_file(target, line, column)
            return
        if outcome is None:
            message: str | None = (
                f"{subject} is not a picture leaflet can use — use a {_ALLOWED_KINDS} file"
            )
        else:
            message = _raster_message(outcome, subject)
        if message is not None:
            self.sink(message, line, column)

    def _check_nested_file(self, target: Path, line: int, column: int) -> None:
        if len(self.context.stack) + self.depth > MAX_NESTING:
            self.problem(line, column, _too_deep())
            return
        _check_file(target, target, self.context)

    def _check_data_url(self, url: str, line: int, column: int) -> None:
        header, comma, payload = url[len("data:") :].partition(",")
        params = [param.strip().lower() for param in header.split(";")]
        media_type = params[0] or "text/plain"
        if not comma or (media_type not in RASTER_TYPES and media_type != SVG_TYPE):
            self.problem(
                line,
                column,
                f' embeds data of type "{_shorten(media_type, 40)}", which leaflet does not '
                f"allow — only {_ALLOWED_KINDS} pictures may be embedded",
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
        message = _raster_problem(data, subject, formats=_WEB_FORMATS)
        if message == _NOT_AN_IMAGE:
            message = (
                f"{subject} cannot be read as a picture (the data says {media_type}) — embed "
                "the picture again, as PNG, JPEG, GIF or WebP"
            )
        if message is not None:
            self.sink(message, line, column)

    def _check_embedded_svg(self, data: bytes, line: int, column: int) -> None:
        if len(self.context.stack) + self.depth > MAX_NESTING:
            self.problem(line, column, _too_deep())
            return
        outer = self.sink

        def sink(message: str, _line: int | None, _column: int | None) -> None:
            outer(message, line, column)  # the place of the embedding, in this document

        _Document(
            context=self.context,
            subject=lambda inner, _c: (
                f"the SVG picture embedded in {self.name} (at its own line {inner})"
            ),
            name="an embedded SVG picture",
            base=self.base,
            sink=sink,
            depth=self.depth + 1,
        ).check(data)


def _locate(base: Path, relative: str, context: _Context) -> Path | str:
    """The file ``relative`` to ``base`` leads to, or why there is none.

    Why: "outside" (the leaflet folder), "link" (a symbolic link that leads outside
    it), "missing", "folder".
    """
    target = _resolve(base / relative)
    if target is None or not target.is_relative_to(context.root):
        lexical = Path(os.path.normpath(base / relative))
        inside = lexical.is_relative_to(Path(os.path.normpath(context.root_as_given)))
        return "link" if inside else "outside"
    if not target.exists():
        return "missing"
    if not target.is_file():
        return "folder"
    return target


def _too_deep() -> str:
    return (
        f" has pictures inside pictures more than {MAX_NESTING} levels deep — leaflet "
        "does not check that far; put the pictures side by side instead"
    )


def _position(chunks: Sequence[_Chunk], starts: Sequence[int], offset: int) -> tuple[int, int]:
    """Line and column of character ``offset`` of the text made of ``chunks``.

    ``starts``: the offset where each chunk begins in that text.
    """
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    chunk = chunks[index]
    before = chunk.text[: offset - starts[index]]
    if "\n" in before:
        return chunk.line + before.count("\n"), len(before) - before.rindex("\n")
    return chunk.line, chunk.column + len(before)


# --- raster pictures ---------------------------------------------------------------------

_NOT_AN_IMAGE = "\0not an image"  # a marker, never shown
_TOO_LARGE = (-1, -1)  # a marker: Pillow refused the size without saying it

_Outcome = tuple[int, int] | str | None
"""What a raster header says: (width, height); the format's name when the header is
damaged; None when ``data`` is no raster picture of the formats asked for."""


def _raster_problem(data: bytes, subject: str, formats: Sequence[str] | None) -> str | None:
    """A message about raster ``data``, None when fine, or :data:`_NOT_AN_IMAGE`.

    ``formats``: Pillow's names of the formats to recognise (None: every format that
    Pillow recognises by its first bytes; then data of no such format is fine).
    """
    outcome = _raster_outcome(data, formats)
    if outcome is None:
        return _NOT_AN_IMAGE if formats is not None else None
    return _raster_message(outcome, subject)


def _raster_outcome(data: bytes, formats: Sequence[str] | None) -> _Outcome:
    """Read the header of ``data`` (see :data:`_Outcome`); no pixels are decoded."""
    size = _webp_size(data)  # libwebp allocates the whole canvas when opened: check first
    return size if size is not None else _read_header(data, formats)


def _raster_message(outcome: tuple[int, int] | str, subject: str) -> str | None:
    """The problem with a raster picture whose header said ``outcome``, if any."""
    if isinstance(outcome, str):
        return (
            f"{subject} cannot be read as a {outcome} picture (it is damaged or "
            "incomplete) — save it again"
        )
    size = outcome
    if size == _TOO_LARGE:
        return (
            f"{subject} has far more pixels than print needs — save it smaller (at most "
            f"{MAX_PIXELS // 1_000_000} million pixels)"
        )
    width, height = size
    if width * height > MAX_PIXELS:
        page_width, page_height = PAGE_PIXELS
        return (
            f"{subject} is {width} × {height} pixels ({width * height / 1_000_000:.0f} million) "
            f"— far more than print needs: a whole A5 page with bleed at 300 dpi is about "
            f"{page_width} × {page_height} pixels; save it smaller (at most "
            f"{MAX_PIXELS // 1_000_000} million pixels)"
        )
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """The canvas size in a WebP header, or None when ``data`` is not WebP."""
    if not (data.startswith(b"RIFF") and data[8:12] == b"WEBP") or len(data) < 30:
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", data, 26)
        return width & 0x3FFF, height & 0x3FFF
    return None


def _read_header(data: bytes, formats: Sequence[str] | None) -> tuple[int, int] | str | None:
    """Width and height from the header of ``data``; the format's name when that is
    damaged; None when no format recognises the first bytes.

    Pillow's openers are called directly: :func:`PIL.Image.open` would warn or raise
    about decompression bombs itself, at its own limit, before leaflet could say how
    large the picture is. Formats without a signature are never guessed.
    """
    if formats is None:
        Image.init()
        names: Sequence[str] = tuple(Image.ID)
    else:
        Image.preinit()
        names = formats
    prefix = data[:16]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        for name in names:
            entry = Image.OPEN.get(name)
            if entry is None:
                continue
            factory, accept = entry
            if accept is None:
                continue
            recognised = accept(prefix)
            if not recognised or isinstance(recognised, str):
                continue
            try:
                with factory(io.BytesIO(data), "") as image:
                    width, height = image.size
            except Image.DecompressionBombError:
                return _TOO_LARGE
            except (SyntaxError, IndexError, TypeError, ValueError, struct.error, OSError):
                return name
            return width, height
    return None
