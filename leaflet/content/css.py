"""A leaflet's own stylesheet (``style:`` in leaflet.yaml), checked before rendering.

A leaflet may change its design with a CSS file of its own, added after
``styles/leaflet.css``. That file comes from whoever edits the leaflet, so before
anything renders it is read with tinycss2 (WeasyPrint's own CSS parser) and every
reference in it is checked: ``url()`` may name a file inside the project or a
``data:`` URL, nothing on the network and nothing outside the project; ``@import``
is not allowed. Each problem names the line and column. The renderer's sandboxed
fetcher refuses the same things again while rendering; this check is what lets
the message say where.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import tinycss2

from .. import files
from ..errors import Problem
from . import pictures

#: The largest stylesheet a leaflet may bring; ours is about 10 KB.
MAX_CSS_BYTES = 200_000


def check_stylesheet(
    path: Path, allowed: Sequence[Path], locate: Callable[[Path], Path] | None = None
) -> list[Problem]:
    """Every problem in the stylesheet ``path``; ``allowed`` are the folders it may use,
    and ``locate`` says where a file it names really is (the theme's: a default file
    stands in for a project's file that is not there)."""
    try:
        data = files.read_bytes(path, MAX_CSS_BYTES)
    except files.NotAFile as exc:
        return [Problem(f"this stylesheet is {exc.what} — use the .css file itself", path)]
    except OSError as exc:
        return [Problem(f"this stylesheet cannot be read: {exc.strerror}", path)]
    if len(data) > MAX_CSS_BYTES:
        return [
            Problem(
                f"this stylesheet is over {MAX_CSS_BYTES // 1000} KB — a leaflet's own changes to "
                "the design fit in a few KB",
                path,
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [Problem("this stylesheet is not UTF-8 — save it as UTF-8", path)]
    problems: list[Problem] = []
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for node in _walk(rules):
        where = (path, node.source_line, node.source_column)
        if node.type == "error":
            problems.append(Problem(f"this is not valid CSS: {node.message}", *where))
        elif node.type == "at-rule" and node.lower_at_keyword == "import":
            problems.append(
                Problem(
                    "@import is not allowed in a leaflet's stylesheet — copy the rules you "
                    "need into this file",
                    *where,
                )
            )
        elif node.type == "function" and node.lower_name.endswith("gradient"):
            problems.append(
                Problem(
                    f"{node.name}() cannot be printed: the renderer cannot draw a gradient in "
                    "the print colours (CMYK) — use a plain colour, or a picture of the "
                    "gradient (SVG)",
                    *where,
                )
            )
        elif (reference := _reference(node)) is not None and (
            message := _reference_problem(reference, path.parent, allowed, locate)
        ) is not None:
            problems.append(Problem(message, *where))
    return problems


def _walk(nodes: Any) -> Iterator[Any]:
    """Every node and token of a parsed stylesheet, depth first."""
    for node in nodes or ():
        yield node
        for part in ("prelude", "content", "arguments"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                yield from _walk(children)


def _reference(node: Any) -> str | None:
    """The address of a ``url(…)`` token or function, else None."""
    if node.type == "url":
        return str(node.value)
    if node.type == "function" and node.lower_name in ("url", "src"):
        for argument in node.arguments:
            if argument.type == "string":
                return str(argument.value)
    return None


def _reference_problem(
    reference: str,
    base: Path,
    allowed: Sequence[Path],
    locate: Callable[[Path], Path] | None = None,
) -> str | None:
    """Why ``reference`` may not be used from a stylesheet in ``base``, or None."""
    parts = urlsplit(reference)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return _data_problem(reference)
    if reference.startswith("#"):
        return None
    if scheme or reference.startswith("//"):
        return (
            f"url({reference}) points outside the project — leaflet never loads anything "
            "from the network or elsewhere on the computer; put the file in the project and "
            "write its path from this stylesheet"
        )
    typed = base / unquote(parts.path)
    if locate is not None:
        typed = locate(typed.parent.resolve() / typed.name)
    target = files.resolved(typed)
    if target is None or not any(files.inside(target, root) for root in allowed):
        return (
            f"url({reference}) points outside the project (its leaflet folders and its theme, "
            "templates/ and styles/) — put the file in the leaflet folder and write its path "
            "from here"
        )
    what = files.what_it_is(target)
    if what == "missing":
        found, respelt = files.find_typed(base, unquote(parts.path))
        if found is not None and respelt:
            return f"url({reference}): {files.other_spelling(respelt)}"
        return f"url({reference}): there is no such file — check the spelling or add the file"
    if what is not None:
        return f"url({reference}) is {what} — use the file itself"
    return None


def _data_problem(reference: str) -> str | None:
    """Why an embedded (``data:``) picture may not be used, or None."""
    head, _, payload = reference.partition(",")
    try:
        data = (
            base64.b64decode("".join(unquote(payload).split()), validate=False)
            if head.lower().endswith(";base64")
            else unquote(payload).encode()
        )
    except ValueError:
        return "this embedded data (data:…) cannot be read — embed the picture again"
    message = pictures.check_raster_bytes(data)
    return f"the embedded picture: {message}" if message else None
