"""Reading an XML file that came from outside, safely, with the line of every element.

An XLIFF file comes back from a translation agency, so it is read as data that may
be hostile: no declarations of its own in a document type (so no entities; a DTD it
names is never fetched, and an entity only that DTD could define is refused), a
size limit, a limit on how deep elements nest, and a plain tree of elements that each
know their line and column, for messages that point into the file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..errors import LeafletError

#: The largest XLIFF file leaflet reads; a leaflet's file is some tens of kilobytes.
MAX_XML_BYTES = 20_000_000
#: How deep elements may be nested; a leaflet's file needs about ten levels. Deeper
#: nesting is refused, so that nothing reading the tree runs out of stack.
MAX_DEPTH = 100
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


@dataclass
class Element:
    """One XML element: its name without namespace, attributes, children, and place."""

    tag: str
    namespace: str
    attrib: dict[str, str]
    line: int
    column: int
    children: list[Element | str] = field(default_factory=list)

    def elements(self, tag: str | None = None) -> list[Element]:
        """The child elements (with this name)."""
        return [c for c in self.children if isinstance(c, Element) and tag in (None, c.tag)]

    def first(self, tag: str) -> Element | None:
        found = self.elements(tag)
        return found[0] if found else None

    def descendants(self, tag: str) -> list[Element]:
        """Every element with this name below this one, in document order."""
        found: list[Element] = []
        for child in self.elements():
            if child.tag == tag:
                found.append(child)
            found += child.descendants(tag)
        return found

    def text(self) -> str:
        """All the text inside, codes left out."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Refused(Exception):
    """The file declares something leaflet does not read (a DOCTYPE, an entity)."""


class _Skipped(Exception):
    """An entity that only the (unread) document type could define, like ``&nbsp;``."""


class _TooDeep(Exception):
    """Elements are nested deeper than :data:`MAX_DEPTH`."""


def _name(raw: str) -> tuple[str, str]:
    namespace, _, local = raw.rpartition(" ")
    return namespace, local


def parse_bytes(path: Path, data: bytes) -> Element:
    """The root element of the XML document ``data`` (read from ``path``)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Element] = []
    roots: list[Element] = []

    def start(raw: str, attributes: dict[str, str]) -> None:
        namespace, tag = _name(raw)
        if len(stack) >= MAX_DEPTH:
            raise _TooDeep(f"<{tag}> inside <{stack[-1].tag}> …")
        attrib = {}
        for key, value in attributes.items():
            attr_ns, local = _name(key)
            if attr_ns == XML_NAMESPACE:
                attrib[f"xml:{local}"] = value
            elif attr_ns:  # another tool's own attribute: never in place of one of XLIFF's
                attrib[f"{{{attr_ns}}}{local}"] = value
            else:
                attrib[local] = value
        element = Element(
            tag, namespace, attrib, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        )
        if stack:
            stack[-1].children.append(element)
        else:
            roots.append(element)
        stack.append(element)

    def end(raw: str) -> None:
        stack.pop()

    def characters(data: str) -> None:
        if not stack:
            return
        children = stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    def refuse(*args: object) -> None:
        raise _Refused

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:  # declarations in the file itself (entities): refused
            raise _Refused

    def skipped(name: str, is_parameter: int) -> None:
        raise _Skipped(name)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype  # naming a DTD is fine; it is never read
    parser.SkippedEntityHandler = skipped
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except _Refused:
        raise LeafletError.at(
            "the file's document type (<!DOCTYPE … [ … ]>) makes declarations of its own, "
            "which an XLIFF file does not need and leaflet does not read — save it again from "
            "the translation tool as XLIFF 1.2, or remove the <!DOCTYPE …> line",
            path,
            parser.CurrentLineNumber,
        ) from None
    except _Skipped as exc:
        raise LeafletError.at(
            f"the file uses the entity &{exc};, which only its document type (<!DOCTYPE …>) "
            "could say the meaning of, and leaflet does not read that — write the character "
            "itself (save the file again from the translation tool as XLIFF 1.2)",
            path,
            parser.CurrentLineNumber,
            max(1, parser.CurrentColumnNumber - len(str(exc)) - 1),  # at its "&"
        ) from None
    except _TooDeep as exc:
        raise LeafletError.at(
            f"this file has elements nested more than {MAX_DEPTH} deep ({exc}), far more than "
            "an XLIFF file needs — is it the file the translation tool saved? Save it again "
            "as XLIFF 1.2",
            path,
            parser.CurrentLineNumber,
        ) from None
    except expat.ExpatError as exc:
        raise LeafletError.at(
            f"this is not a readable XML file ({expat.ErrorString(exc.code)}) — is it the "
            "XLIFF file the translation tool saved? Save it again as XLIFF 1.2",
            path,
            exc.lineno,
            exc.offset + 1,
        ) from None
    return roots[0]


def _too_big(path: Path, size: str) -> LeafletError:
    return LeafletError.at(
        f"this file is {size} — an XLIFF file of a leaflet is some tens of KB; is it the "
        "right file?",
        path,
    )


def read(path: Path) -> bytes:
    """The bytes of the file at ``path``, at most :data:`MAX_XML_BYTES` of them.

    Only a regular file is read: a device (/dev/zero) or a pipe is refused before
    anything is read from it, and opening it never waits for a writer. A file that
    grows, or says it is smaller than it is (as files in /proc do), is read only up to
    the limit.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise LeafletError.at("there is no such file", path) from None
    except OSError as exc:
        raise LeafletError.at(f"this file cannot be read: {exc.strerror}", path) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LeafletError.at("this is a folder — give the XLIFF file itself", path)
        if not stat.S_ISREG(info.st_mode):
            raise LeafletError.at(
                "this is not a file but a device or a pipe — give the XLIFF file the "
                "translation tool saved",
                path,
            )
        if info.st_size > MAX_XML_BYTES:
            raise _too_big(path, f"{info.st_size / 1_000_000:.0f} MB")
        try:
            data = handle.read(MAX_XML_BYTES + 1)
        except OSError as exc:
            raise LeafletError.at(f"this file cannot be read: {exc.strerror}", path) from None
    if len(data) > MAX_XML_BYTES:
        raise _too_big(path, f"larger than {MAX_XML_BYTES / 1_000_000:.0f} MB")
    return data


def parse(path: Path) -> Element:
    """Read and parse the XML file at ``path`` (see :func:`read`)."""
    return parse_bytes(path, read(path))
