"""``leaflet translate import FILE.po``: reading a PO file back, every entry checked first.

The file is read with polib and each entry is turned into the unit an XLIFF file would
have (its placeholders into codes, see :mod:`.po_codes`), so that it is checked exactly
as an XLIFF import is (:mod:`.xliff_import`): the leaflet and languages, every text
there once, its source still today's, its placeholders whole and balanced, no bold
typed as ``**``, characters the fonts have. What the files then become is
:mod:`.importing`'s part, as for XLIFF.

The state is read from the flags: an empty ``msgstr`` is not translated yet; ``fuzzy``
is a text still needing work; ``reviewed`` (without ``fuzzy``) a reviewed one;
``ignore-same`` a text the same as its source on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from ..errors import LeafletError
from ..project import Project
from .po_codes import element
from .po_export import FUZZY, REVIEWED, SAME
from .xliff_export import PHASE_PREFIX, PHASE_PROCESS, XLIFF_NAMESPACE
from .xliff_export import SAME as XLIFF_SAME
from .xliff_import import LeafletImport, _Checker
from .xmlread import Element

_SYNTAX = re.compile(r"\(line (\d+)\)")


def _parse(path: Path, data: bytes) -> polib.POFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LeafletError.at(
            "this PO file is not in UTF-8 — save it again as UTF-8 in the translation tool",
            path,
            data[: exc.start].count(b"\n") + 1,
        ) from None
    try:
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        found = _SYNTAX.search(str(exc))
        raise LeafletError.at(
            f"this is not a readable PO file ({exc}) — is it the file the translation tool "
            "saved? Save it again as a PO file",
            path,
            int(found[1]) if found else None,
        ) from None


def _entry(entry: polib.POEntry, source_text: str) -> Element:
    """One PO entry as the ``<trans-unit>`` an XLIFF file would have."""
    line = entry.linenum or 1
    flags = set(entry.flags)
    attrib = {"id": entry.msgctxt or ""}
    if not entry.msgctxt:
        attrib.pop("id")
    fuzzy = FUZZY in flags
    attrib["approved"] = "yes" if REVIEWED in flags and not fuzzy else "no"
    if SAME in flags:
        attrib["extradata"] = XLIFF_SAME
    unit = Element("trans-unit", XLIFF_NAMESPACE, attrib, line, 1)
    unit.children.append(element(entry.msgid, source_text, "source", line))
    if entry.msgstr:
        target = element(entry.msgstr, source_text, "target", line)
        target.attrib["state"] = "needs-translation" if fuzzy else "translated"
        unit.children.append(target)
    return unit


def check_po(
    project: Project, path: Path, data: bytes, lang: str | None = None
) -> list[LeafletImport]:
    """Read and check the PO file ``data`` (read from ``path``); raise with every problem."""
    po = _parse(path, data)
    meta = po.metadata
    checker = _Checker(project, path, lang, po=True)
    header = Element("header", XLIFF_NAMESPACE, {}, 1, 1)
    if export := meta.get("X-Leaflet-Export", "").strip():
        phase = {"phase-name": PHASE_PREFIX + export, "process-name": PHASE_PROCESS}
        header.children.append(Element("phase", XLIFF_NAMESPACE, phase, 1, 1))
    attrib = {
        "original": meta.get("X-Leaflet", "").strip(),
        "source-language": meta.get("X-Leaflet-Source-Language", "").strip(),
        "target-language": meta.get("Language", "").strip(),
    }
    file = Element("file", XLIFF_NAMESPACE, attrib, 1, 1, [header])
    body = Element("body", XLIFF_NAMESPACE, {}, 1, 1)
    file.children.append(body)
    sources = checker.source_texts(attrib["original"])
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        body.children.append(_entry(entry, sources.get(entry.msgctxt or "", entry.msgid)))
    root = Element("xliff", XLIFF_NAMESPACE, {"version": "1.2"}, 1, 1, [file])
    found = checker.document(root)
    problems = checker.problems.problems
    problems.sort(key=lambda p: (p.path != path, p.line or 0, p.column or 0))
    checker.problems.raise_if_any()
    return found
