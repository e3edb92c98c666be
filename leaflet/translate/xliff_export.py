"""``leaflet translate export``: a leaflet's texts as an XLIFF 1.2 file for an agency.

One ``<file>`` per leaflet, one ``<group>`` per section in reading order, and one
``<trans-unit>`` per text (see :mod:`.outgoing` for what goes out, :mod:`.units` for what
a text is and how its id is made). Markup is written as inline codes (see
:mod:`.inline`), so a translation tool shows it as tags that cannot be mistyped. Each
unit has notes (``from="developer"``, the notes translation tools show and
``xliff2po`` keeps as comments) saying which section it is in and what kind of text
it is. The file validates against the XLIFF 1.2 strict schema.

Each text's state, as CAT tools, Weblate and translate-toolkit read it:

* **to translate** — no ``<target>`` (a copy of the source text in the words file is
  not a translation, so it is not sent as one): untranslated everywhere;
* **changed** (the source text changed since it was translated) — the old translation
  as ``<target state="needs-translation">``: Weblate shows it as needing editing,
  translate-toolkit as fuzzy;
* **translated** — ``<target state="translated">``, not approved: translated, waiting
  for review;
* **reviewed** — ``<target state="signed-off">`` and ``approved="yes"`` on the unit.

A text marked as the same as its source on purpose carries ``extradata="same-as-source"``
on its unit, which tools keep and the import reads back. The export's id is in the
header, as a ``<phase>``: the import finds its record in the project by it (see
:mod:`.record`). The codes of a target carry the ids of the source's codes they stand
for, in whatever order the translation has them (see :func:`.inline.numbered`).

The file is made in memory; the command line writes it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .inline import to_xliff
from .outgoing import Outgoing

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
#: What to do with an exported file.
NEXT_STEP = (
    "next: send the file to the translator; bring the translation back with "
    "`leaflet translate import FILE`"
)
#: A note's author: notes from the developer are the ones translation tools show.
NOTE_FROM = "developer"
#: The extradata of a unit whose text is the same as its source on purpose.
SAME = "same-as-source"
#: The phase that names the export, and the prefix of its name.
PHASE_PROCESS = "export"
PHASE_PREFIX = "leaflet-export-"
#: XLIFF states for the text states of :data:`.units.TEXT_STATES`.
STATES = {"changed": "needs-translation", "translated": "translated", "reviewed": "signed-off"}


def _note(text: str, pad: str) -> str:
    return f"{pad}<note from={quoteattr(NOTE_FROM)}>{escape(text)}</note>"


def xliff_file(made: Outgoing) -> str:
    """The XLIFF 1.2 file of one leaflet's texts for one language."""
    settings = made.settings
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}">',
        f'  <file original={quoteattr(settings.id)} datatype="plaintext" '
        f'source-language="{settings.source_language}" target-language="{made.lang}">',
        "    <header>",
        "      <phase-group>",
        f'        <phase phase-name="{PHASE_PREFIX}{made.export.id}" '
        f'process-name="{PHASE_PROCESS}" tool-id="leaflet" date="{made.export.made}"/>',
        "      </phase-group>",
        '      <tool tool-id="leaflet" tool-name="leaflet"/>',
        _note(made.header, "      "),
        "    </header>",
        "    <body>",
    ]
    for section in made.sections:
        lines.append(f"      <group id={quoteattr(section.id)} resname={quoteattr(section.id)}>")
        lines.append(_note(section.note, "        "))
        for text in section.texts:
            unit = text.unit
            extra = ' approved="yes"' if text.state == "reviewed" else ""
            if text.same:
                extra += f' extradata="{SAME}"'
            lines.append(
                f"        <trans-unit id={quoteattr(unit.id)} resname={quoteattr(unit.id)}"
                f'{extra} xml:space="preserve">'
            )
            lines.append(f"          <source>{to_xliff(unit.text)}</source>")
            if text.target is not None:
                xml = to_xliff(text.target, unit.text)
                lines.append(f'          <target state="{STATES[text.state]}">{xml}</target>')
            lines += [_note(note, "          ") for note in text.notes]
            lines.append("        </trans-unit>")
        lines.append("      </group>")
    lines += ["    </body>", "  </file>", "</xliff>"]
    return "\n".join(lines) + "\n"
