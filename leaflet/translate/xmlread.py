"""Reading an XML file that came from outside, safely, with the line of every element.

An XLIFF file comes back from a translation agency, so it is read as data that may
be hostile: no document type declaration (so no entities and nothing fetched), a
size limit, and a plain tree of elements that each know their line and column, for
messages that point into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..errors import LeafletError

#: The largest XLIFF file leaflet reads; a leaflet's file is some tens of kilobytes.
MAX_XML_BYTES = 20_000_000
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
        attrib = {}
        for key, value in attributes.items():
            attr_ns, local = _name(key)
            attrib[f"xml:{local}" if attr_ns == XML_NAMESPACE else local] = value
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

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except _Refused:
        raise LeafletError.at(
            "the file declares a document type (<!DOCTYPE …>), which an XLIFF file does not "
            "need and leaflet does not read — save it again from the translation tool as "
            "XLIFF 1.2, or remove the <!DOCTYPE …> line",
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


def parse(path: Path) -> Element:
    """Read and parse the XML file at ``path``."""
    try:
        size = path.stat().st_size
        if size > MAX_XML_BYTES:
            raise LeafletError.at(
                f"this file is {size / 1_000_000:.0f} MB — an XLIFF file of a leaflet is some "
                "tens of KB; is it the right file?",
                path,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise LeafletError.at("there is no such file", path) from None
    except OSError as exc:
        raise LeafletError.at(f"this file cannot be read: {exc.strerror}", path) from None
    return parse_bytes(path, data)
