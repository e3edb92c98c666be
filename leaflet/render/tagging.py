"""Tagging the screen PDF: what WeasyPrint's tagger cannot know without the HTML, told to it.

WeasyPrint 70 writes a structure tree with ``pdf_variant="pdf/ua-1"``: it walks the laid
out boxes while it writes and makes one structure element per box, from the HTML tag
(h2 → H2, ul → L, img → Figure …). It leaves out what only the HTML says. While
:func:`tagged` is active, leaflet wraps that walk (``weasyprint.pdf.tags._build_box_tree``,
a private function of WeasyPrint 70.0) and adds:

* **artifacts**: an element with ``aria-hidden="true"`` (the DRAFT marks, the warning
  sign, the cover's pattern, the lines of a notes page) and a picture with ``alt=""``
  (decorative) are kept out of the tree; :mod:`leaflet.prepress.accessible` then marks
  their content as artifacts. (WeasyPrint would tag an ``alt=""`` picture as a figure
  without alternative text, and log an error.)
* ``/Lang`` on an element with a ``lang`` attribute (a sender's name in the source
  language, inside an Arabic leaflet);
* ``/Scope`` on table header cells (``scope="row"`` → Row, else Column);
* roles: ``<aside>`` → Aside, ``<figure>`` → Div, and what a template asks for with
  ``data-pdf-tag`` (:data:`TAGS`: a warning box is a Warning). The non-standard ones are
  mapped to standard types in the RoleMap (:data:`ROLE_MAP`). A table without a header
  row is a layout (``role="presentation"``): its template asks for Div and P in place
  of Table, TR and TD (:data:`LAYOUT_TAGS`), and the cells lose their table attributes;
* ``/ActualText`` in reading order on text with right-to-left letters: WeasyPrint draws
  Arabic glyphs in visual order, so their text would read backwards;
* ``/ActualText`` on the two pieces of a word hyphenated at the end of a line, in their
  marked content (:func:`hyphenated`): the first piece reads as the whole word
  (``voldsomme``, without the hyphen WeasyPrint drew), the second as what follows the
  word on its line. Text extractors (poppler's pdftotext, pdfium) and screen readers
  then get the words, not "vold‐ somme". (An empty ActualText is ignored by pdfium,
  which would read the piece twice: a piece that is only the end of the word reads as
  the line break it ends with.)

It only changes which elements are made and what they say; the pages are drawn exactly
as before. The wrapper replaces a module global for the duration of one write, so it
is not for threads (builds write one PDF at a time per process). :func:`check_tagger`
refuses any WeasyPrint other than the one it was written for, loudly: the tests run it,
and so does every tagged write.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
import unicodedata
from collections.abc import Iterator
from typing import Any

#: The WeasyPrint whose private tagger this was written against (weasyprint/pdf/tags.py).
WEASYPRINT_VERSION = "70.0"
#: The parameters of ``weasyprint.pdf.tags._build_box_tree`` in that version.
TAGGER_PARAMETERS = ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags")

#: Structure types a template may ask for with ``data-pdf-tag``.
TAGS = frozenset({"Sect", "Div", "Part", "Art", "Aside", "Warning", "P"})
#: The parts of a table that a template may ask to be tagged as a layout instead, and
#: what they may become (a table read row by row: divisions of paragraphs).
LAYOUT_TAGS = {
    "/Table": ("Div",),
    "/THead": ("Div",),
    "/TBody": ("Div",),
    "/TFoot": ("Div",),
    "/TR": ("Div",),
    "/TD": ("P", "Div"),
    "/TH": ("P", "Div"),
}
#: HTML elements whose WeasyPrint 70 tag (NonStruct) has a better PDF type.
ELEMENT_TAGS = {"aside": "Aside", "figure": "Div", "nav": "Div", "header": "Div", "footer": "Div"}
#: The non-standard structure types used here, as PDF 1.7 standard types (PDF/UA-1 7.1).
ROLE_MAP = {"Aside": "Sect", "Warning": "Sect"}

_RIGHT_TO_LEFT = frozenset({"R", "AL"})
_lock = threading.Lock()


class TaggerChanged(RuntimeError):
    """The installed WeasyPrint is not the one leaflet's tagging was written for."""


def check_tagger() -> Any:
    """WeasyPrint's tagging module, after checking it is the one this module knows."""
    import weasyprint
    from weasyprint.pdf import tags

    function = getattr(tags, "_build_box_tree", None)
    parameters = tuple(inspect.signature(function).parameters) if function else ()
    if weasyprint.__version__ != WEASYPRINT_VERSION or parameters != TAGGER_PARAMETERS:
        raise TaggerChanged(
            f"leaflet tags its screen PDF through WeasyPrint {WEASYPRINT_VERSION}'s private "
            f"tagger (weasyprint.pdf.tags._build_box_tree{TAGGER_PARAMETERS}), but this is "
            f"WeasyPrint {weasyprint.__version__} with {parameters or 'no such function'} — "
            "read its pdf/tags.py, update leaflet/render/tagging.py and WEASYPRINT_VERSION, "
            "and run the accessibility tests (tests/test_accessible.py)"
        )
    return tags


def _element(box: Any) -> Any:
    return getattr(box, "element", None)


def hidden(box: Any) -> bool:
    """Whether ``box`` is decoration: aria-hidden, or a picture with empty alt text."""
    element = _element(box)
    if element is None:
        return False
    if element.get("aria-hidden") == "true":
        return True
    return getattr(box, "element_tag", None) == "img" and element.get("alt") == ""


def _descendants(box: Any) -> Iterator[Any]:
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in text)


def hyphenated(document: Any) -> dict[Any, str]:
    """The ActualText of each text box that holds a piece of a word broken with a hyphen
    at the end of a line: box → what it reads as (see the module's docstring)."""
    from weasyprint.formatting_structure import boxes

    pieces: list[tuple[Any, int]] = []  # (text box, its line) in drawing order
    lines = 0

    def walk(box: Any, line: int | None) -> None:
        nonlocal lines
        if isinstance(box, boxes.LineBox):
            lines += 1
            line = lines
        if isinstance(box, boxes.TextBox):
            pieces.append((box, line if line is not None else -1))
            return
        for child in getattr(box, "children", ()):
            walk(child, line)

    for page in document.pages:
        walk(page._page_box, None)
    actual: dict[Any, str] = {}
    #: A piece that is all of its line and the middle of a word broken twice ("Donau‐" /
    #: "dampf‐" / "schiff"): the piece whose ActualText carries the word on.
    carried: dict[Any, Any] = {}
    for index, (box, line) in enumerate(pieces):
        hyphen = box.style["hyphenate_character"]
        last_on_line = index + 1 == len(pieces) or pieces[index + 1][1] != line
        if not hyphen or not box.text.endswith(hyphen) or not last_on_line or line < 0:
            continue
        after = _first_of_a_later_line(pieces, index)
        if after is None or after[0].element is not box.element:
            continue
        following, next_index = after
        after_line = pieces[next_index][1]
        word, space, rest = following.text.partition(" ")
        # The piece that gets the word: this one (its text as a piece before left it, when
        # it is also the end of a word broken on the line above), or the one that carries
        # a word broken more than once.
        owner = carried.get(box, box)
        head = actual.get(owner, owner.text)
        actual[owner] = head.removesuffix(hyphen).removesuffix("\u00ad") + word
        ends_line = next_index + 1 == len(pieces) or pieces[next_index + 1][1] != after_line
        actual[following] = space + rest if space + rest else ("\n" if ends_line else " ")
        if not space + rest:
            carried[following] = owner  # broken again at its end: the word goes on there
    return actual


def _first_of_a_later_line(pieces: list[tuple[Any, int]], index: int) -> tuple[Any, int] | None:
    """The first text box of the next line after ``pieces[index]`` that holds text of the
    same element (the rest of the page, a page number, may come between), and its index."""
    line = pieces[index][1]
    element = pieces[index][0].element
    for later in range(index + 1, min(index + 200, len(pieces))):
        box, its_line = pieces[later]
        first_of_line = pieces[later - 1][1] != its_line
        if its_line != line and first_of_line and box.element is element:
            return box, later
    return None


@contextlib.contextmanager
def tagged(document: Any = None) -> Iterator[None]:
    """Within this block, PDF/UA writes are tagged with what the HTML says (see above).

    ``document``: the laid-out document about to be written, for the ActualText of
    hyphenated words (None: none).
    """
    import pydyf
    from weasyprint.pdf.stream import Stream

    tags = check_tagger()
    original = tags._build_box_tree
    original_marked = Stream.marked
    actual = hyphenated(document) if document is not None else {}

    @contextlib.contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        with original_marked(self, box, tag):
            text = actual.get(box)
            if text is not None and self._tags is not None and self.stream[-1] == b"BDC":
                self.stream[-2]["ActualText"] = pydyf.String(text)  # its property list
            yield

    def build(
        box: Any,
        parent: Any,
        pdf: Any,
        page_number: int,
        nums: dict[int, bytes],
        annotations: list[Any],
        marks: dict[Any, dict[str, Any]],
    ) -> Iterator[Any]:
        if type(box).__name__ == "PageBox":
            # The whole page; then text with right-to-left letters gets its logical order.
            texts = {m["mcid"]: b.text for b, m in marks.items() if hasattr(b, "text")}
            yield from original(box, parent, pdf, page_number, nums, annotations, marks)
            by_element: dict[bytes, list[str]] = {}
            for mcid in sorted(nums):
                text = texts.get(mcid)
                if text is not None:
                    by_element.setdefault(nums[mcid], []).append(text)
            for reference, parts in by_element.items():
                if _right_to_left("".join(parts)):
                    element = pdf.objects[int(reference.split()[0])]
                    element["ActualText"] = pydyf.String(_joined(parts))
            return
        if hidden(box):
            # One element outside the tree owns the box's marked content; the finishing
            # step (prepress.accessible) makes every such sequence an artifact.
            orphan = pydyf.Dictionary(
                {
                    "Type": "/StructElem",
                    "S": "/NonStruct",
                    "K": pydyf.Array(),
                    "P": parent.reference,
                }
            )
            pdf.add_object(orphan)
            for inner in _descendants(box):
                if inner in marks:
                    nums[marks.pop(inner)["mcid"]] = orphan.reference
            return
        html = _element(box)
        tag = getattr(box, "element_tag", None)
        # html, body and page boxes pass their children's elements through: leave those.
        through = tag in ("html", "body") or type(box).__name__ in ("PageBox", "MarginBox")
        for element in original(box, parent, pdf, page_number, nums, annotations, marks):
            if html is not None and not through:
                _describe(element, html, tag)
            yield element

    with _lock:
        tags._build_box_tree = build
        Stream.marked = marked
        try:
            yield
        finally:
            tags._build_box_tree = original
            Stream.marked = original_marked


def _describe(element: Any, html: Any, tag: str | None) -> None:
    """Add what the HTML element ``html`` says to the structure element made for it."""
    import pydyf

    if lang := html.get("lang"):
        element["Lang"] = pydyf.String(lang)
    kind = element["S"]
    wanted = html.get("data-pdf-tag")
    if wanted in TAGS and kind in ("/Div", "/NonStruct", "/Sect", "/Part"):
        element["S"] = f"/{wanted}"
    elif wanted in LAYOUT_TAGS.get(kind, ()):
        element["S"] = f"/{wanted}"  # its table attributes go when the file is finished
    elif tag in ELEMENT_TAGS and kind == "/NonStruct":
        element["S"] = f"/{ELEMENT_TAGS[tag]}"
    elif kind == "/TH":
        scope = (html.get("scope") or "col").lower()
        element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def _joined(parts: list[str]) -> str:
    """The texts of one element's lines as one text: a space between lines."""
    text = ""
    for part in parts:
        if text and not text[-1].isspace() and not part[:1].isspace():
            text += " "
        text += part
    return text
