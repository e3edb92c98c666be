"""The markup of a text as PO placeholders, and back, checked like XLIFF's inline codes.

PO has no inline codes, so the markup of a text (see :mod:`leaflet.content.markup`)
becomes placeholders a translator moves but does not retype, each numbered as the
codes of the XLIFF export are (see :mod:`.inline`):

* ``**bold**`` → ``<b1>bold</b1>``, ``*italic*`` → ``<i2>italic</i2>``, and
  ``[a link](https://…)`` → ``<a3>a link</a3>`` — the address is not in the text, so it
  cannot be changed;
* ``{url}`` stays ``{url}``; a line break is a line break.

Each entry lists its placeholders in a ``placeholders:`` flag, so Weblate's own
placeholder check shows a missing one to the translator. Reading a translation back,
the placeholders are turned into the elements an XLIFF target would have and checked
by the same code (:func:`.inline.decode`): missing, doubled, unbalanced, crossed or of
the wrong kind, and no markup typed as text.
"""

from __future__ import annotations

import re

from ..content import markup
from .inline import PO_LETTERS, Code, codes, numbered, po_token
from .xmlread import Element

_CTYPES = {"b": "bold", "i": "italic", "a": "link"}
#: A placeholder in a PO text: <b1>, </b1>, {url}, or a line break.
_TOKEN = re.compile(r"<(?P<close>/?)(?P<letter>[bia])(?P<id>\d+)>|(?P<url>\{url\})|(?P<lb>\n)")


def to_po(text: str, source: str | None = None) -> str:
    """``text`` with its markup as placeholders; for a translation, ``source`` is the text
    it translates, whose numbers its codes take (see :func:`.inline.numbered`)."""
    out: list[str] = []
    numbers = iter(numbered(text, source) if source is not None else codes(text))
    for part in markup.parts(text):
        if part.kind == "text":
            out.append(part.text)
            continue
        code = next(numbers)
        if part.kind in PO_LETTERS:
            token = po_token(code)
            out.append(f"{token}{part.text}{token[0]}/{token[1:]}")
        elif part.kind == "url":
            out.append("{url}")
        else:
            out.append("\n")
    return "".join(out)


def placeholders(source: str) -> list[str]:
    """The placeholders of a source text, for Weblate's ``placeholders:`` flag."""
    found = []
    for code in codes(source):
        if code.kind in PO_LETTERS:
            token = po_token(code)
            found += [token, f"{token[0]}/{token[1:]}"]
        elif code.kind == "url" and "{url}" not in found:
            found.append("{url}")
    return found


def flag(source: str) -> str | None:
    """Weblate's ``placeholders:"<b1>":"</b1>"`` flag for a source text, or None."""
    found = placeholders(source)
    return "placeholders:" + ":".join(f'"{p}"' for p in found) if found else None


def element(text: str, source: str, tag: str, line: int) -> Element:
    """A PO text as the XLIFF element it stands for (``<source>`` or ``<target>``), with
    ``<bpt>``/``<ept>`` for placeholder pairs (so that an unbalanced pair is told), for
    :func:`.inline.decode`."""
    found = Element(tag, "", {}, line, 1)
    urls = iter([c.id for c in codes(source) if c.kind == "url"])
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            found.children.append(text[position : match.start()])
        position = match.end()
        if match["letter"]:
            name = "ept" if match["close"] else "bpt"
            attrib = {"id": match["id"], "rid": match["id"], "ctype": _CTYPES[match["letter"]]}
            found.children.append(Element(name, "", attrib, line, 1))
        elif match["url"]:
            code = next(urls, "url")
            found.children.append(Element("x", "", {"id": code, "ctype": "x-url"}, line, 1))
        else:
            found.children.append(Element("x", "", {"id": "lb", "ctype": "lb"}, line, 1))
    if position < len(text):
        found.children.append(text[position:])
    return found


__all__ = ["Code", "element", "flag", "placeholders", "to_po"]
