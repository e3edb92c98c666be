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

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from .. import files
from ..errors import Problem
from .raster import MAX_PIXELS, check_raster_bytes
from .references import (
    MAX_PICTURE_BYTES,
    Context,
    ReferenceChecks,
    read_limited,
    resolve,
    shorten,
)

__all__ = ["MAX_NESTING", "MAX_PICTURE_BYTES", "MAX_PIXELS", "check_raster_bytes", "check_svg"]

MAX_NESTING = 3
"""How many levels of pictures inside pictures are checked before leaflet gives up."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"

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

#: A gradient's colour stops: WeasyPrint 70 draws a gradient in RGB only. Its CMYK
#: colours (device-cmyk) reach the print file as a broken shading — three numbers for four
#: inks, black taken as transparency — so the gradient prints pale or not at all, and a
#: gradient in RGB colours is refused by print shops; neither can print.
_GRADIENT_STOP = "stop"

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

_SAVE_AGAIN = "open it in a drawing program and save it again as SVG"


# --- public ------------------------------------------------------------------------------


def check_svg(path: Path, allowed_root: Path) -> list[Problem]:
    """Every problem of the SVG picture ``path``; an empty list when it is fine.

    Files the picture refers to must lie inside ``allowed_root`` (the leaflet folder);
    SVG files among them are checked too, and their problems are reported at their
    own lines.
    """
    context = Context(allowed_root.resolve(), allowed_root.absolute())
    name = _quoted_name(path)
    resolved = resolve(path)
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


# --- files -----------------------------------------------------------------------------


def _quoted_name(path: Path) -> str:
    return f'"{path.name}"'


def _check_file(path: Path, resolved: Path, context: Context) -> None:
    """Check the SVG file ``path`` (``resolved``: where it really is)."""
    name = _quoted_name(path)
    if resolved in context.done:
        return  # checked already, or a picture that (through others) refers to itself
    context.done.add(resolved)
    what = files.what_it_is(resolved)
    if what == "missing":
        context.problems.append(
            Problem(f"the picture {name} does not exist — check the spelling or add the file", path)
        )
        return
    data = read_limited(resolved, name)
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


@dataclass
class _Document(ReferenceChecks):
    """One SVG document (a file, or a picture embedded in one), checked by expat."""

    context: Context
    subject: Callable[[int, int], str]  # line, column → "the picture "x.svg""
    name: str  # how to speak of it as the place of something embedded
    base: Path  # the folder relative references start from
    sink: Callable[[str, int | None, int | None], None]  # message, line, column
    depth: int = 0
    _parser: expat.XMLParserType | None = None
    _root_seen: bool = False
    _style: list[_Chunk] | None = None
    _style_depth: int = 0
    _stop_seen: bool = False

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
        if local.lower() == _GRADIENT_STOP and not self._stop_seen:
            self._stop_seen = True  # once per picture: one fix covers every gradient
            self.problem(
                line,
                column,
                " has a colour gradient (<stop> of a <linearGradient> or <radialGradient>), "
                "which cannot be printed: the PDF renderer draws a gradient in RGB only, and "
                "in CMYK colours it comes out pale or missing — give the shape one flat "
                "colour instead (in the drawing program, or in a text editor: "
                'fill="device-cmyk(c m y k)" in place of fill="url(#…)"), or ask for the '
                "picture without gradients",
            )
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
                f' has an animation that changes "{shorten(target)}", which leaflet does not '
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
                f' has an unfinished or unreadable "{shorten(text[offset:], 30)}" — write it '
                "as url(#name) or url(file name), or "
                f"{_SAVE_AGAIN}",
            )
            return
        target = next(group for group in match.groups() if group is not None)
        self._check_reference(target, line, column, "url(…)")

    def _check_nested_file(self, target: Path, line: int, column: int) -> None:
        if len(self.context.stack) + self.depth > MAX_NESTING:
            self.problem(line, column, _too_deep())
            return
        _check_file(target, target, self.context)

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
