"""Accessibility: what a screen reader needs of a PDF (PDF/UA-1, WCAG 2.1 for documents).

The web profile's checks, on any PDF:

* ``tagged``: a structure tree, ``MarkInfo /Marked true``, and no text drawn outside
  marked content (text that is neither tagged nor an artifact is lost to a screen reader);
* ``language``: the document's language (catalog ``/Lang``), a language tag like ``da``;
* ``title``: a title in the metadata (``dc:title``), shown in the window
  (``/ViewerPreferences /DisplayDocTitle true``);
* ``figures-alt``: every Figure has alternative text (``/Alt`` or ``/ActualText``);
* ``headings``: the first heading is H1 and no level is skipped (H2 → H4);
* ``table-headers``: every table has header cells, and each says what it heads
  (``/Scope``, or the data cells name their ``/Headers``);
* ``fonts-unicode``: every font says which characters its glyphs are (a ``/ToUnicode``
  map, or a standard encoding), so the text can be read aloud, searched and copied.

Structure types are read through the document's RoleMap, as a reader would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import plural, shows_nothing
from .fonts import page_fonts
from .pdfobjects import name_of, xmp_text
from .report import Check, Status, fold

#: A language tag: "da", "en-GB", "ar", "sr-Latn".
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_HEADING = re.compile(r"^/H([1-6])$")
_TITLE = re.compile(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", re.DOTALL)
_SHOW_TEXT = {"Tj", "TJ", "'", '"'}
_STANDARD_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}


# --- the structure tree ---------------------------------------------------------------------


def _kids(node: Any) -> list[Any]:
    import pikepdf

    k = node.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _elements(node: Any, depth: int = 0) -> Iterator[Any]:
    """Every structure element under ``node``, in reading order."""
    import pikepdf

    if depth > 200:
        return
    for kid in _kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid, depth + 1)


class _Tree:
    """The structure tree with its RoleMap, and the page number of an element."""

    def __init__(self, pdf: Any) -> None:
        self.root = pdf.Root.get("/StructTreeRoot")
        role_map = self.root.get("/RoleMap") if self.root is not None else None
        self.roles = {str(k): str(v) for k, v in dict(role_map or {}).items()}
        self.pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}

    def elements(self) -> Iterator[Any]:
        return _elements(self.root) if self.root is not None else iter(())

    def kind(self, element: Any) -> str:
        """The standard structure type of ``element``, through the RoleMap."""
        kind = name_of(element.get("/S"))
        for _ in range(10):
            if kind not in self.roles:
                break
            kind = self.roles[kind]
        return kind

    def page(self, element: Any) -> int | None:
        for _ in range(200):
            page = element.get("/Pg")
            if page is not None:
                return self.pages.get(page.objgen)
            element = element.get("/P")
            if element is None or "/S" not in element:
                return None
        return None


def _text(value: Any) -> str:
    """A text of the file, or "" when it shows nothing (spaces, invisible characters)."""
    text = str(value) if value is not None else ""
    return "" if shows_nothing(text) else text.strip()


def check_tagged(pdf: Any) -> Check:
    """A structure tree, MarkInfo /Marked, and no text outside marked content."""
    findings: list[tuple[Status, int | None, str]] = []
    if pdf.Root.get("/StructTreeRoot") is None:
        findings.append(
            (
                "FAIL",
                None,
                "the file is not tagged (no structure tree): a screen reader gets its words "
                "with no headings, lists or reading order — export it as a tagged PDF "
                "(PDF/UA)",
            )
        )
    mark_info = pdf.Root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked", False)):
        findings.append(
            ("FAIL", None, "the file does not say it is tagged (MarkInfo /Marked is not true)")
        )
    for number, page in enumerate(pdf.pages, start=1):
        if _untagged_text(page.obj, page.obj.get("/Resources"), 0):
            findings.append(
                (
                    "FAIL",
                    number,
                    "text is drawn outside the tags (neither tagged nor marked as an artifact)",
                )
            )
    return fold("tagged", findings, "tagged, every text in the tags or marked as an artifact")


def _untagged_text(owner: Any, resources: Any, depth: int) -> bool:
    """Whether ``owner`` (a page or form) draws text outside any marked content."""
    import pikepdf

    if depth > 8:
        return False
    marked = 0
    try:
        instructions = pikepdf.parse_content_stream(owner)
    except pikepdf.PdfError:
        return False
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator = str(instruction.operator)
        if operator in ("BDC", "BMC"):
            marked += 1
        elif operator == "EMC":
            marked = max(0, marked - 1)
        elif marked == 0 and operator in _SHOW_TEXT:
            return True
        elif marked == 0 and operator == "Do" and resources is not None:
            form = resources.get("/XObject", {}).get(instruction.operands[0])
            if (
                isinstance(form, pikepdf.Stream)
                and name_of(form.get("/Subtype")) == "/Form"
                and _untagged_text(form, form.get("/Resources", resources), depth + 1)
            ):
                return True
    return False


def check_language(pdf: Any) -> Check:
    """The document's language, as a language tag."""
    lang = _text(pdf.Root.get("/Lang"))
    if not lang:
        return Check(
            "language",
            "FAIL",
            (),
            "the document has no language (catalog /Lang) — a screen reader cannot choose "
            "its voice; set the language when exporting",
        )
    if not _LANGUAGE.match(lang):
        return Check(
            "language", "FAIL", (), f'the document language "{lang}" is not a language tag'
        )
    return Check("language", "PASS", (), f"document language {lang}")


def check_title(pdf: Any) -> Check:
    """A title in the metadata, shown in the window title."""
    findings: list[tuple[Status, int | None, str]] = []
    match = _TITLE.search(xmp_text(pdf))
    title = match[1].strip() if match else ""
    if not title:
        findings.append(("FAIL", None, "the document has no title in its metadata (XMP dc:title)"))
    preferences = pdf.Root.get("/ViewerPreferences")
    if preferences is None or not bool(preferences.get("/DisplayDocTitle", False)):
        findings.append(
            (
                "FAIL",
                None,
                "the window shows the file name, not the title "
                "(ViewerPreferences /DisplayDocTitle is not true)",
            )
        )
    return fold("title", findings, f"title “{title}”, shown in the window")


def check_figures_alt(pdf: Any) -> Check:
    """Every Figure has alternative text."""
    tree = _Tree(pdf)
    findings: list[tuple[Status, int | None, str]] = []
    count = 0
    for element in tree.elements():
        if tree.kind(element) != "/Figure":
            continue
        count += 1
        if not (_text(element.get("/Alt")) or _text(element.get("/ActualText"))):
            findings.append(
                (
                    "FAIL",
                    tree.page(element),
                    "a picture has no alternative text (Figure without /Alt) — say what it "
                    "shows, or mark it as decoration",
                )
            )
    if tree.root is None:
        return Check("figures-alt", "FAIL", (), "not tagged, so no picture has alternative text")
    if count == 0:
        return Check("figures-alt", "PASS", (), "no pictures tagged as figures")
    every = "the picture has" if count == 1 else f"all {count} pictures have"
    return fold("figures-alt", findings, f"{every} alternative text")


def check_headings(pdf: Any) -> Check:
    """The first heading is H1 and heading levels never skip one."""
    tree = _Tree(pdf)
    findings: list[tuple[Status, int | None, str]] = []
    previous = 0
    count = 0
    for element in tree.elements():
        match = _HEADING.match(tree.kind(element))
        if match is None:
            continue
        level = int(match[1])
        count += 1
        if previous == 0 and level != 1:
            findings.append(("FAIL", tree.page(element), f"the first heading is H{level}, not H1"))
        elif level > previous + 1 and previous:
            findings.append(
                (
                    "FAIL",
                    tree.page(element),
                    f"a heading skips a level (H{previous} then H{level})",
                )
            )
        previous = level
    if tree.root is None:
        return Check("headings", "FAIL", (), "not tagged, so there are no headings to navigate")
    if count == 0:
        return Check("headings", "WARN", (), "no headings: a reader cannot jump to the parts")
    return fold("headings", findings, f"{plural(count, 'heading')} in order, from H1")


def check_table_headers(pdf: Any) -> Check:
    """Every table has header cells, each with a scope (or cells that name it)."""
    tree = _Tree(pdf)
    findings: list[tuple[Status, int | None, str]] = []
    tables = 0
    for element in tree.elements():
        if tree.kind(element) != "/Table":
            continue
        tables += 1
        cells = [e for e in _elements(element) if tree.kind(e) in ("/TH", "/TD")]
        headers = [e for e in cells if tree.kind(e) == "/TH"]
        page = tree.page(element)
        if not headers:
            findings.append(("FAIL", page, "a table has no header cells (TH)"))
            continue
        linked = any("/Headers" in (e.get("/A") or {}) for e in cells if tree.kind(e) == "/TD")
        unscoped = [h for h in headers if "/Scope" not in (h.get("/A") or {})]
        if unscoped and not linked:
            findings.append(
                (
                    "FAIL",
                    page,
                    f"{len(unscoped)} table header cells do not say what they head (no /Scope)",
                )
            )
    if tables == 0:
        return Check("table-headers", "PASS", (), "no tables")
    every = "the table has" if tables == 1 else f"all {tables} tables have"
    return fold("table-headers", findings, f"{every} header cells with a scope")


# --- fonts ----------------------------------------------------------------------------


def check_fonts_unicode(pdf: Any) -> Check:
    """Every font maps its glyphs to characters (ToUnicode, or a standard encoding)."""
    findings: list[tuple[Status, int | None, str]] = []
    count = 0
    for number, font in page_fonts(pdf):
        count += 1
        if "/ToUnicode" in font:
            continue
        subtype = name_of(font.get("/Subtype"))
        encoding = font.get("/Encoding")
        base = encoding.get("/BaseEncoding") if hasattr(encoding, "get") else encoding
        if subtype in ("/Type1", "/TrueType", "/MMType1") and name_of(base) in (
            _STANDARD_ENCODINGS
        ):
            continue
        name = name_of(font.get("/BaseFont")).lstrip("/") or "(unnamed)"
        findings.append(
            (
                "FAIL",
                number,
                f"font {name} has no Unicode map (ToUnicode): its text cannot be read aloud "
                "or copied — export with fonts that map to Unicode",
            )
        )
    if count == 0:
        return Check("fonts-unicode", "PASS", (), "no fonts")
    return fold("fonts-unicode", findings, "every font maps its glyphs to Unicode")
