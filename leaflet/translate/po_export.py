"""``leaflet translate export --format po``: a leaflet's texts as a gettext PO file.

The second exchange format, for Weblate, Pootle, Crowdin, Poedit and volunteers, with
the same content and guarantees as the XLIFF file (:mod:`.outgoing` says what goes out,
:mod:`.record` keeps what the words files held). Written with polib:

* one entry per text, in reading order; ``msgctxt`` is the unit's id
  (``aarsager/body/3``), ``msgid`` the source text, ``msgstr`` the translation;
* the markup as placeholders (``<b1>…</b1>``, ``{url}``, see :mod:`.po_codes`), listed
  in Weblate's ``placeholders:`` flag so that Weblate checks them too;
* the notes as extracted comments (``#.``), which PO editors and Weblate show, and the
  source file and line as a reference (``#:``);
* the state as flags: **to translate** — an empty ``msgstr``; **changed** — ``fuzzy``
  (Weblate: needs editing); **translated** — no flag; **reviewed** — ``reviewed``; a
  text the same as its source on purpose — ``ignore-same`` (Weblate's own flag that
  silences its "unchanged translation" check);
* the header names the leaflet (``X-Leaflet``), its source language
  (``X-Leaflet-Source-Language``) and the export's id (``X-Leaflet-Export``), headers
  that Weblate and translate-toolkit keep.
"""

from __future__ import annotations

import polib

from .. import __version__
from .outgoing import Outgoing
from .po_codes import flag, to_po

#: The flags that carry a text's state, and the mark of a text the same on purpose.
FUZZY = "fuzzy"
REVIEWED = "reviewed"
SAME = "ignore-same"


def po_file(made: Outgoing) -> str:
    """The PO file of one leaflet's texts for one language."""
    po = polib.POFile(wrapwidth=78)
    po.header = made.header
    po.metadata = {
        "Project-Id-Version": made.leaflet,
        "Language": made.lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"leaflet {__version__}",
        "X-Leaflet": made.leaflet,
        "X-Leaflet-Source-Language": made.source_language,
        "X-Leaflet-Export": made.export.id,
    }
    for section in made.sections:
        for number, text in enumerate(section.texts):
            unit = text.unit
            flags = []
            if text.state == "changed":
                flags.append(FUZZY)
            elif text.state == "reviewed":
                flags.append(REVIEWED)
            if text.same:
                flags.append(SAME)
            if (placeholders := flag(unit.text)) is not None:
                flags.append(placeholders)
            notes = ([section.note] if number == 0 else []) + list(text.notes)
            where = text.line
            po.append(
                polib.POEntry(
                    msgctxt=unit.id,
                    msgid=to_po(unit.text),
                    msgstr=to_po(text.target, unit.text) if text.target is not None else "",
                    comment="\n".join(notes),
                    occurrences=[
                        (f"{made.source_language}/{unit.section}.yaml", str(where) if where else "")
                    ],
                    flags=flags,
                )
            )
    return str(po) + "\n"
