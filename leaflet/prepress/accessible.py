"""The screen PDF, finished as PDF/UA-1: tagged, with screen colours and nothing for the press.

WeasyPrint writes the tagged file (``pdf/ua-1``, tagged by :mod:`leaflet.render.tagging`).
This finishes it with pikepdf:

* **artifacts**: marked content whose structure element is not in the tree — the page
  numbers (WeasyPrint 70 tags the page's margin boxes, then leaves them out) and what
  the tagging kept out (decoration, DRAFT marks) — becomes ``/Artifact``, and its
  entry in the parent tree is emptied; structure elements left with nothing in them
  are removed;
* each Figure's ``/BBox`` in PDF points from the bottom of the page (WeasyPrint 70
  writes CSS pixels from the top); the RoleMap for leaflet's own structure types;
* **screen colours**: every CMYK colour is redrawn as the sRGB colour it prints as,
  through the leaflet's colour profile (:class:`leaflet.content.colours.ScreenColours`),
  so a screen shows what the paper will; the output intent and the embedded press
  profile (about 120 KB) are removed — a screen file has no printing condition;
* the pages cut to the trim: A5, origin 0,0, no bleed or trim boxes;
* **right-to-left text that reads back in order**: a glyph that stands for several
  Arabic letters (the lam-alef ligature, a letter with its vowel mark) is mapped to
  Unicode so that text extractors, which read right-to-left glyphs one character at a
  time and turn them round, get the letters in reading order: to its presentation
  form (U+FEFB ARABIC LIGATURE LAM WITH ALEF, one character, as the font itself names
  the glyph), else to its letters in drawing order (:func:`_right_to_left_glyphs`).

WeasyPrint already writes what PDF/UA-1 asks of the document: MarkInfo, the catalog's
``/Lang``, ``DisplayDocTitle``, ``dc:title`` and ``pdfuaid:part`` in XMP, ``/Tabs /S``,
link annotations with ``/Contents`` in ``/Link`` elements, bookmarks from the headings.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from struct import error as struct_error
from typing import Any

import pikepdf

from ..content.colours import ScreenColours
from ..project import A5_HEIGHT_MM, A5_WIDTH_MM, PT_PER_MM
from ..render.tagging import ROLE_MAP
from .printfile import save

A5_PT = (A5_WIDTH_MM * PT_PER_MM, A5_HEIGHT_MM * PT_PER_MM)
#: WeasyPrint 70 writes a Figure's BBox in CSS pixels; a point is 4/3 of a pixel.
PT_PER_PX = 0.75


def finish_screen(pdf: bytes, profile: Path) -> bytes:
    """The tagged screen PDF WeasyPrint wrote, finished as described above."""
    screen = ScreenColours(profile)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if "/StructTreeRoot" not in doc.Root:
            raise ValueError("the screen PDF is not tagged — write it as pdf/ua-1")
        orphans = _orphaned_mcids(doc)
        for index, page in enumerate(doc.pages):
            _rewrite(doc, page, orphans.get(index, set()), screen)
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
                _rewrite(doc, obj, set(), screen)
        _prune(doc.Root.StructTreeRoot)
        _figure_boxes(doc)
        _layout_cells(doc)
        role_map = doc.Root.StructTreeRoot.get("/RoleMap") or pikepdf.Dictionary()
        for own, standard in ROLE_MAP.items():
            role_map[pikepdf.Name(f"/{own}")] = pikepdf.Name(f"/{standard}")
        doc.Root.StructTreeRoot.RoleMap = role_map
        _drop_print_colour(doc)
        _right_to_left_glyphs(doc)
        width, height = A5_PT
        for page in doc.pages:
            page.obj.MediaBox = pikepdf.Array([0, 0, round(width, 4), round(height, 4)])
            for key in ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
                if key in page.obj:
                    del page.obj[key]
            page.obj.Tabs = pikepdf.Name.S
        return save(doc)


# --- the structure tree ---------------------------------------------------------------


def kids(node: Any) -> list[Any]:
    """The children (/K) of a structure element, as a list."""
    k = node.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def elements(root: Any) -> Iterator[Any]:
    """Every structure element under ``root``, in document order."""
    for kid in kids(root):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def _orphaned_mcids(doc: Any) -> dict[int, set[int]]:
    """Page index → MCIDs whose parent element is not in the structure tree."""
    tree = doc.Root.StructTreeRoot
    reachable = {e.objgen for e in elements(tree)}
    nums = tree.ParentTree.Nums
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    found: dict[int, set[int]] = {}
    for index, page in enumerate(doc.pages):
        key = page.obj.get("/StructParents")
        parents = by_key.get(int(key)) if key is not None else None
        if not isinstance(parents, pikepdf.Array):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(parents)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        }
        for mcid in orphans:
            parents[mcid] = None
        if orphans:
            found[index] = orphans
    return found


def _prune(node: Any) -> bool:
    """Remove elements that hold no content; whether ``node`` holds any."""
    if not isinstance(node, pikepdf.Dictionary):
        return True  # a marked-content id
    if node.get("/Type") in ("/MCR", "/OBJR"):
        return True
    before = kids(node)
    kept = [kid for kid in before if _prune(kid)]
    if len(kept) != len(before):
        node.K = pikepdf.Array(kept)
    return bool(kept)


def _figure_boxes(doc: Any) -> None:
    """Each Figure's /BBox in PDF points from the bottom left of its page."""
    height = A5_PT[1]
    for element in elements(doc.Root.StructTreeRoot):
        attributes = element.get("/A")
        if element.S != "/Figure" or not isinstance(attributes, pikepdf.Dictionary):
            continue
        if "/BBox" in attributes:
            x1, y1, x2, y2 = (float(v) * PT_PER_PX for v in attributes.BBox)
            attributes.BBox = pikepdf.Array(
                [round(v, 3) for v in (x1, height - y2, x2, height - y1)]
            )


def _layout_cells(doc: Any) -> None:
    """Cells of a table tagged as a layout (P, Div) lose the table attributes WeasyPrint
    gave them (``/O /Table``, ``/Headers``): they are no table cells."""
    for element in elements(doc.Root.StructTreeRoot):
        attributes = element.get("/A")
        if (
            element.S not in ("/TD", "/TH")
            and isinstance(attributes, pikepdf.Dictionary)
            and attributes.get("/O") == "/Table"
        ):
            del element["/A"]


# --- content streams: artifacts and screen colours -------------------------------------


#: The operators :func:`_rewrite` may change; every other is kept as it is.
_REWRITTEN = frozenset(("BDC", "cs", "CS", "sc", "SC", "scn", "SCN", "k", "K"))


def _rewrite(doc: Any, owner: Any, orphans: set[int], screen: ScreenColours) -> None:
    """Orphaned marked content → /Artifact, and CMYK colours → sRGB, in one stream."""
    rgb = _rgb_operands(screen)
    instructions: list[Any] = []
    space = {"fill": "", "stroke": ""}
    changed = False
    for instruction in pikepdf.parse_content_stream(owner):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            instructions.append(instruction)
            continue
        operator = str(instruction.operator)
        if operator not in _REWRITTEN:
            instructions.append(instruction)
            continue
        operands = list(instruction.operands)
        side = "stroke" if operator.isupper() else "fill"
        replaced: Any = None
        if (
            operator == "BDC"
            and isinstance(operands[1], pikepdf.Dictionary)
            and int(operands[1].get("/MCID", -1)) in orphans
        ):
            replaced = ([pikepdf.Name.Artifact], "BMC")
        elif operator in ("cs", "CS"):
            space[side] = str(operands[0])
            if space[side] == "/DeviceCMYK":
                replaced = ([pikepdf.Name.DeviceRGB], operator)
        elif operator in ("sc", "SC", "scn", "SCN") and space[side] == "/DeviceCMYK":
            if len(operands) == 4:
                replaced = (rgb(operands), operator)
        elif operator in ("k", "K") and len(operands) == 4:
            replaced = (rgb(operands), "rg" if operator == "k" else "RG")
        if replaced is not None:
            changed = True
            instruction = pikepdf.ContentStreamInstruction(
                replaced[0], pikepdf.Operator(replaced[1])
            )
        instructions.append(instruction)
    if not changed:
        return
    data = pikepdf.unparse_content_stream(instructions)
    if isinstance(owner, pikepdf.Page):
        owner.obj.Contents = doc.make_stream(data)
    else:
        owner.write(data)


def _rgb_operands(screen: ScreenColours) -> Callable[[list[Any]], list[float]]:
    def rgb(operands: list[Any]) -> list[float]:
        c, m, y, k = (float(v) for v in operands)
        return [round(v / 255, 4) for v in screen.rgb((c, m, y, k))]

    return rgb


def _drop_print_colour(doc: Any) -> None:
    """No output intent and no press profile: the colours are screen colours now."""
    if "/OutputIntents" in doc.Root:
        del doc.Root.OutputIntents
    for page in doc.pages:
        resources = page.obj.get("/Resources")
        spaces = resources.get("/ColorSpace") if resources is not None else None
        if not isinstance(spaces, pikepdf.Dictionary):
            continue
        for name in list(spaces.keys()):
            space = spaces[name]
            if isinstance(space, pikepdf.Array) and space[0] == "/ICCBased":
                del spaces[name]


# --- fonts: right-to-left glyphs that stand for several letters -----------------------------

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)


def _right_to_left_glyphs(doc: Any) -> None:
    """Each font's Unicode map (ToUnicode) with its right-to-left clusters in the order
    extractors read them back (see the module's docstring).

    pdftotext and pdfium place a glyph's characters where the glyph is drawn and turn
    a right-to-left run round character by character: a lam-alef glyph mapped to
    U+0644 U+0627 (lam, alef) came back as alef, lam. A glyph the font names as a
    presentation form (its cmap maps U+FEFB to it) is mapped to that one character,
    which extractors keep as it is and which normalises (NFKC) to the letters; any other
    glyph of several right-to-left characters is mapped to them in drawing order, so
    that turned round they read in order.
    """
    done: set[tuple[int, int]] = set()
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        unicode_map = obj.get("/ToUnicode")
        if not isinstance(unicode_map, pikepdf.Stream) or unicode_map.objgen in done:
            continue
        done.add(unicode_map.objgen)
        data = unicode_map.read_bytes()
        if not any(len(m[2]) > 4 for m in _BFCHAR.finditer(data)):
            continue  # every glyph is one character (or one surrogate pair at most)
        entry = functools.partial(_in_order, forms=_presentation_forms(obj))
        changed = _BFCHAR_BLOCK.sub(functools.partial(_in_block, entry=entry), data)
        if changed != data:
            unicode_map.write(changed)


def _in_block(block: re.Match[bytes], entry: Callable[[re.Match[bytes]], bytes]) -> bytes:
    return _BFCHAR.sub(entry, block[0])


def _in_order(match: re.Match[bytes], forms: dict[int, list[int]]) -> bytes:
    """One ``<code> <unicode>`` entry, its right-to-left characters as extractors want them."""
    code, target = match[1], match[2]
    try:
        text = bytes.fromhex(target.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return match[0]
    if len(text) < 2 or not _right_to_left(text):
        return match[0]
    own = [chr(c) for c in forms.get(int(code, 16), ()) if chr(c) in text]
    forms_of = [
        chr(c)
        for c in forms.get(int(code, 16), ())
        if 0xFB50 <= c <= 0xFEFF and unicodedata.normalize("NFKC", chr(c)) == text
    ]
    if forms_of:  # a ligature the font names: U+FEFB for lam-alef
        text = forms_of[0]
    elif len(own) == 1:  # one letter or mark of a cluster, mapped to the whole cluster
        text = own[0]
    else:
        text = text[::-1]
    return b"<" + code + b"> <" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _right_to_left(text: str) -> bool:
    """Letters of a right-to-left script, with their marks (nothing else)."""
    kinds = {unicodedata.bidirectional(c) for c in text}
    return bool(kinds & {"AL", "R"}) and kinds <= {"AL", "R", "NSM"}


def _presentation_forms(font: Any) -> dict[int, list[int]]:
    """Glyph code → the characters the embedded font's own cmap maps to that glyph (a
    presentation form U+FB50–U+FEFF for a ligature, the mark itself for a vowel mark).
    Empty when it cannot tell."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        descendant = font.DescendantFonts[0]
        descriptor = descendant.FontDescriptor
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        if program is None or descendant.get("/CIDToGIDMap", pikepdf.Name.Identity) != (
            pikepdf.Name.Identity
        ):
            return {}
        embedded = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
        order = {name: gid for gid, name in enumerate(embedded.getGlyphOrder())}
        cmap = embedded.getBestCmap() or {}
    except (AttributeError, KeyError, TTLibError, pikepdf.PdfError, ValueError, struct_error):
        return {}
    found: dict[int, list[int]] = {}
    for code, name in sorted(cmap.items()):
        if name in order:
            found.setdefault(order[name], []).append(code)
    return found
