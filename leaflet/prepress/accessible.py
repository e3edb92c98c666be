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
* the pages cut to the trim: A5, origin 0,0, no bleed or trim boxes.

WeasyPrint already writes what PDF/UA-1 asks of the document: MarkInfo, the catalog's
``/Lang``, ``DisplayDocTitle``, ``dc:title`` and ``pdfuaid:part`` in XMP, ``/Tabs /S``,
link annotations with ``/Contents`` in ``/Link`` elements, bookmarks from the headings.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
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
        role_map = doc.Root.StructTreeRoot.get("/RoleMap") or pikepdf.Dictionary()
        for own, standard in ROLE_MAP.items():
            role_map[pikepdf.Name(f"/{own}")] = pikepdf.Name(f"/{standard}")
        doc.Root.StructTreeRoot.RoleMap = role_map
        _drop_print_colour(doc)
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
