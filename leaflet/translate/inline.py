"""The markup of a text as XLIFF inline codes, and back, so a translator cannot break it.

In an XLIFF file the markup of a text (see :mod:`leaflet.content.markup`) is not
written as characters a translator could mistype, but as codes a translation tool
shows as tags and keeps whole:

* ``**bold**``, ``*italic*`` and ``[a link](https://…)`` become paired codes,
  ``<g id="1" ctype="bold">bold</g>``; the translator moves them to the words that
  should be bold in their language, and cannot change a link's address;
* ``{url}`` becomes a placeholder, ``<x id="2" ctype="x-url" equiv-text="{url}"/>``;
* a line break (the cover title) becomes ``<x id="3" ctype="lb"/>``: a translation
  may use as many as its language needs.

Codes are numbered in the order they stand in the source text; the codes of a
translation take the numbers of the source's codes they stand for, whatever their
order (see :func:`numbered`). Reading a
translation back, :func:`decode` accepts ``<g>``, ``<x/>``, ``<ph>`` and the
``<bpt>``/``<ept>`` pairs some tools write instead, and ``<mrk>`` segment markers;
it says what is missing, extra, doubled or unbalanced.
"""

from __future__ import annotations

import re
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..content import markup
from ..content.markup import Part
from ..errors import shows_nothing
from .xmlread import Element

_CTYPES = {"strong": "bold", "em": "italic", "link": "link"}
#: The ctype of each kind of code, as export writes it.
_CTYPE_OF = {**_CTYPES, "url": "x-url", "newline": "lb"}
_CTYPE_NAMES = {
    "bold": "bold",
    "italic": "italic",
    "link": "a link",
    "x-url": "the {url} placeholder",
    "lb": "a line break",
}
_PAIRED = ("strong", "em", "link")
#: Messages name PO placeholders (<b1>…</b1>) instead of XLIFF codes while this is set.
_PO: ContextVar[bool] = ContextVar("po", default=False)
#: The letter of each paired code's PO placeholder: <b1>, <i2>, <a3>.
PO_LETTERS = {"strong": "b", "em": "i", "link": "a"}


def po_token(code: Code) -> str:
    """The opening PO placeholder of a paired code: ``<b1>``."""
    return f"<{PO_LETTERS[code.kind]}{code.id}>"


def _po_shown(element: Element | None, code: str) -> str:
    if element is None:
        return code
    if element.tag == "x":
        return "{url}" if element.attrib.get("ctype") == "x-url" else "a line break"
    letter = {v: k for k, v in _CTYPES.items()}.get(element.attrib.get("ctype", ""), "")
    slash = "/" if element.tag == "ept" else ""
    return f"<{slash}{PO_LETTERS.get(letter, '?')}{code}>"


#: Whitespace with a line break in it: how a tool wraps text, not a line break of the text.
_WRAPPED = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class Code:
    """One piece of markup in a source text, as an inline code."""

    id: str
    kind: str  # strong | em | link | url | newline
    text: str = ""  # the words inside a pair, in the source text
    href: str = ""

    @property
    def paired(self) -> bool:
        return self.kind in _PAIRED

    def describe(self) -> str:
        """The code in a message: 'the bold code (g id="1") around "vigtigt"' (in a PO
        file: 'the bold placeholders <b1>…</b1> around "vigtigt"')."""
        if _PO.get():
            if self.kind == "url":
                return "the {url} placeholder"
            if self.kind == "newline":
                return "a line break"
            what = {"strong": "bold", "em": "italic", "link": "link"}[self.kind]
            token = po_token(self)
            around = (
                f'around "{self.text}"' if self.kind != "link" else f"for the link to {self.href}"
            )
            return f"the {what} placeholders {token}…{token[0]}/{token[1:]} {around}"
        if self.kind == "url":
            return f'the {{url}} placeholder (x id="{self.id}")'
        if self.kind == "newline":
            return f'the line break code (x id="{self.id}")'
        what = {"strong": "bold", "em": "italic", "link": "link"}[self.kind]
        around = f'around "{self.text}"' if self.kind != "link" else f"for the link to {self.href}"
        return f'the {what} code (g id="{self.id}") {around}'


def codes(text: str) -> list[Code]:
    """The markup of ``text`` as codes, numbered from 1 in reading order."""
    return [
        Code(str(number), part.kind, part.text, part.href)
        for number, part in enumerate((p for p in markup.parts(text) if p.kind != "text"), 1)
    ]


def numbered(text: str, source: str) -> list[Code]:
    """The codes of ``text``, a translation of ``source``, each with the id of the code of
    ``source`` it stands for.

    Word order differs between languages, so the codes of a translation need not stand
    in the source's order: each takes the id of the first code of the source not yet
    taken that is of the same kind (bold, italic, a link to the same address, {url}, a
    line break). A code the source does not have gets an id the source does not use,
    which an import reports (except a line break: a translation may use as many as it
    needs).
    """
    source_codes = codes(source)
    taken: set[str] = set()
    spare = len(source_codes)
    found: list[Code] = []
    for part in markup.parts(text):
        if part.kind == "text":
            continue
        match = next(
            (
                c
                for c in source_codes
                if c.id not in taken and c.kind == part.kind and c.href == part.href
            ),
            None,
        )
        if match is None:
            spare += 1
            number = str(spare)
        else:
            taken.add(match.id)
            number = match.id
        found.append(Code(number, part.kind, part.text, part.href))
    return found


def foreign(text: str, source: str) -> list[Code]:
    """The codes of the translation ``text`` that ``source`` does not have (line breaks aside)."""
    known = {c.id for c in codes(source)}
    return [c for c in numbered(text, source) if c.id not in known and c.kind != "newline"]


def to_xliff(text: str, source: str | None = None) -> str:
    """``text`` as the content of an XLIFF 1.2 ``<source>`` or ``<target>`` element.

    For a ``<target>``, ``source`` is the text it translates: its codes then carry the
    ids of the source's codes they stand for (see :func:`numbered`).
    """
    out: list[str] = []
    numbers = iter(numbered(text, source) if source is not None else codes(text))
    for part in markup.parts(text):
        if part.kind == "text":
            out.append(escape(part.text))
            continue
        number = next(numbers).id
        if part.kind in _PAIRED:
            out.append(f'<g id="{number}" ctype="{_CTYPES[part.kind]}">{escape(part.text)}</g>')
        elif part.kind == "url":
            out.append(f'<x id="{number}" ctype="x-url" equiv-text={quoteattr("{url}")}/>')
        else:
            out.append(f'<x id="{number}" ctype="lb"/>')
    return "".join(out)


# --- reading codes back -------------------------------------------------------------------

#: Elements whose content is the code itself (as the original format writes it), not words.
_NATIVE = frozenset({"bpt", "ept", "bx", "ex", "ph", "it", "x"})


def words_of(element: Element) -> str:
    """The words of a ``<target>``: its text without the content of codes."""
    return "".join(
        child if isinstance(child, str) else "" if child.tag in _NATIVE else words_of(child)
        for child in element.children
    )


def has_words(text: str) -> bool:
    """Whether a source text has words, not only markup like {url}."""
    return any(part.text.strip() for part in markup.parts(text))


@dataclass(frozen=True)
class _Event:
    what: str  # text | open | close | place
    text: str = ""
    key: str = ""  # which open a close ends
    code: str = ""  # the code id
    element: Element | None = None


@dataclass(frozen=True)
class Decoded:
    """A target (or source) read back: the text with its markup, or what is wrong."""

    text: str | None
    problems: tuple[str, ...] = ()


def _events(element: Element, found: list[_Event], problems: list[str], seq: list[int]) -> None:
    for child in element.children:
        if isinstance(child, str):
            found.append(_Event("text", text=child))
            continue
        tag, code = child.tag, child.attrib.get("id", "")
        if tag == "mrk":  # a segment or other marker: its text is the text
            _events(child, found, problems, seq)
        elif tag == "g":
            seq[0] += 1
            key = f"g{seq[0]}"
            found.append(_Event("open", key=key, code=code, element=child))
            _events(child, found, problems, seq)
            found.append(_Event("close", key=key, code=code, element=child))
        elif tag in ("bpt", "bx"):
            key = "r" + child.attrib.get("rid", code)
            found.append(_Event("open", key=key, code=code, element=child))
        elif tag in ("ept", "ex"):
            key = "r" + child.attrib.get("rid", code)
            found.append(_Event("close", key=key, code=code, element=child))
        elif tag in ("x", "ph"):
            found.append(_Event("place", code=code, element=child))
        else:
            problems.append(
                f"the translation holds a <{tag}> element, which leaflet cannot print — "
                "remove it and keep only text and the codes of the source"
            )


class _Reader:
    def __init__(self, source_codes: list[Code]) -> None:
        self.codes = {c.id: c for c in source_codes}
        self.problems: list[str] = []
        self.parts: list[Part] = []
        self.seen: Counter[str] = Counter()
        self.extra: list[str] = []

    def code(self, event: _Event, paired: bool) -> Code | None:
        found = self.codes.get(event.code)
        element = event.element
        is_lb = element is not None and element.attrib.get("ctype") == "lb"
        if not paired and (is_lb or (found is not None and found.kind == "newline")):
            return Code(event.code, "newline")
        if found is None or found.paired != paired or found.kind == "newline":
            tag = element.tag if element is not None else "?"
            self.extra.append(
                _po_shown(element, event.code) if _PO.get() else f'{tag} id="{event.code}"'
            )
            return None
        ctype = element.attrib.get("ctype") if element is not None else None
        if ctype is not None and ctype != _CTYPE_OF[found.kind]:
            self.problems.append(
                f'the code id="{found.id}" is marked as {_CTYPE_NAMES.get(ctype, ctype)} '
                f'(ctype="{ctype}"), but {found.describe()} has that id in the source text '
                "— the codes were mixed up; use the codes as the source text has them, or "
                "export the file again"
            )
        self.seen[found.id] += 1
        return found

    def read(self, events: list[_Event]) -> None:
        stack: list[tuple[str, Code | None, list[str], str]] = []
        for event in events:
            if event.what == "text":
                if stack:
                    stack[-1][2].append(event.text)
                else:
                    self.parts.append(Part("text", event.text))
            elif event.what == "place":
                code = self.code(event, paired=False)
                if stack and code is not None and code.kind == "newline":
                    stack[-1][2].append(" ")  # bold text cannot break its line
                elif stack:
                    self.problems.append(_inside(code or Code(event.code, "url"), stack[-1][1]))
                elif code is not None:
                    self.parts.append(Part(code.kind))
            elif event.what == "open":
                code = self.code(event, paired=True)
                if stack:
                    self.problems.append(_inside(code or Code(event.code, "em"), stack[-1][1]))
                stack.append((event.key, code, [], event.code))
            else:
                keys = [key for key, _, _, _ in stack]
                if event.key not in keys:
                    self.problems.append(
                        f'the codes are not balanced: an end code (id="{event.code}") has no '
                        "start code before it — put the start code back, or remove the end code"
                    )
                    continue
                while stack:
                    key, code, words, opened = stack.pop()
                    if key != event.key:
                        self.problems.append(_unbalanced(opened))
                        continue
                    if code is not None:
                        self.parts.append(Part(code.kind, "".join(words), code.href))
                    break
        for _, _, _, opened in stack:
            self.problems.append(_unbalanced(opened))

    def check_counts(self) -> None:
        for code in self.codes.values():
            if code.kind == "newline":
                continue
            count = self.seen[code.id]
            if count == 0:
                where = (
                    "where the web address belongs"
                    if code.kind == "url"
                    else "around the words it belongs to"
                )
                self.problems.append(
                    f"{code.describe()} is missing from the translation — put it back {where}"
                )
            elif count > 1:
                self.problems.append(
                    f"{code.describe()} is in the translation {count} times — use it once"
                )
        for extra in dict.fromkeys(self.extra):
            self.problems.append(
                f"the translation has a code the source text does not have ({extra}) — "
                "remove it, or use the codes of the source text"
            )


def _inside(code: Code, outer: Code | None) -> str:
    return (
        f"{code.describe()} is inside another code"
        + (f" ({outer.describe()})" if outer is not None else "")
        + " — leaflet cannot print codes inside codes; put them one after the other"
    )


def _unbalanced(code: str) -> str:
    if _PO.get():
        return (
            f"the placeholders are not balanced: the placeholder that starts with <…{code}> "
            "is not closed where it should be — every <b1>, <i2>, <a3> needs its </b1>, "
            "</i2>, </a3> after it, with no other placeholder crossing them"
        )
    return (
        f'the codes are not balanced: the start code id="{code}" is not closed where it '
        "should be — every start code needs its end code after it, with no other code "
        "crossing them"
    )


def _joined(parts: list[Part], strip: bool) -> tuple[str, list[Part], list[str]]:
    """The text written with markup, the parts it should read back as, and problems."""
    problems: list[str] = []
    pieces: list[Part] = []  # "space": a space moved out of a code, kept only if needed
    for part in parts:
        if part.kind == "text":
            pieces.append(Part("text", _WRAPPED.sub(" ", part.text)))
        elif part.kind not in _PAIRED:
            pieces.append(part)
        elif shows_nothing(inner := _WRAPPED.sub(" ", part.text)):
            what = {"strong": "bold", "em": "italic", "link": "link"}[part.kind]
            problems.append(
                f"the {what} code has no words inside it — put it around the words it belongs to"
            )
        else:
            # Spaces just inside a code belong outside it: **word**, not ** word **.
            if inner[:1].isspace():
                pieces.append(Part("space", " "))
            pieces.append(Part(part.kind, inner.strip(), part.href))
            if inner[-1:].isspace():
                pieces.append(Part("space", " "))
    expected: list[Part] = []
    for number, piece in enumerate(pieces):
        if piece.kind == "space":
            before = expected[-1].text if expected and expected[-1].kind == "text" else "x"
            after = pieces[number + 1] if number + 1 < len(pieces) else None
            if not expected or before[-1:].isspace():
                continue
            if after is None or (after.kind == "text" and after.text[:1].isspace()):
                continue
            piece = Part("text", " ")
        if piece.kind == "text" and expected and expected[-1].kind == "text":
            expected[-1] = Part("text", expected[-1].text + piece.text)
        elif piece.kind != "text" or piece.text:
            expected.append(piece)
    if strip and expected and expected[0].kind == "text":
        expected[0] = Part("text", expected[0].text.lstrip())
    if strip and expected and expected[-1].kind == "text":
        expected[-1] = Part("text", expected[-1].text.rstrip())
    expected = [p for p in expected if p.kind != "text" or p.text]
    return "".join(markup.write(p) for p in expected), expected, problems


def decode(element: Element, source_text: str, po: bool = False) -> Decoded:
    """The text of a ``<target>`` (or ``<source>``) with markup, checked against the codes
    of ``source_text``; ``po``: the element was read from a PO file's placeholders (see
    :mod:`.po_codes`), and messages name them so."""
    token = _PO.set(po)
    try:
        return _decode(element, source_text)
    finally:
        _PO.reset(token)


def _decode(element: Element, source_text: str) -> Decoded:
    events: list[_Event] = []
    reader = _Reader(codes(source_text))
    _events(element, events, reader.problems, [0])
    reader.read(events)
    reader.check_counts()
    written, expected, problems = _joined(reader.parts, strip=source_text == source_text.strip())
    reader.problems += problems
    if reader.problems:
        return Decoded(None, tuple(dict.fromkeys(reader.problems)))
    if markup.parts(written) != expected:
        return Decoded(
            None,
            (
                "the translation cannot be printed as written: next to the codes it has "
                '"*", "[", "]", "(", ")" or "{url}" typed as text, which leaflet would read as '
                "formatting — leave them out, or use the codes of the source text",
            ),
        )
    return Decoded(written)
