"""The content stage: what people wrote, read and checked, as frozen values.

Nothing here renders or builds: the later stages take these values. The modules:

* :mod:`.yamlfile` reads YAML as located text (every value knows its file and line);
* :mod:`.schema` checks loaded values against a declared shape, :mod:`.kinds` declares
  the kinds of section and ``leaflet.yaml``, :mod:`.jsonschema` publishes them for editors;
* :mod:`.values` and :mod:`.urls` check single values (dates, lengths, the QR address);
* :mod:`.settings` reads ``leaflet.yaml``, :mod:`.words` one language's words files,
  :mod:`.editions` every selected leaflet and language of a project;
* :mod:`.markup` is the inline markup of texts, :mod:`.pictures` and :mod:`.css` what a
  picture or a leaflet's stylesheet may hold, :mod:`.fonts` which characters can print;
* :mod:`.readability` (with :mod:`.syllables`) measures how easy a text is to read, and
  :mod:`.prose` what each section's reader reads, for check, status and a preview.
"""

from __future__ import annotations

from .languages import LANGUAGE_NAMES, RTL_LANGUAGES, language_name
from .model import (
    DocumentControl,
    Edition,
    PrintSettings,
    Section,
    SectionSettings,
    Sender,
    Settings,
    Theme,
    Translation,
    fingerprint,
    texts_in,
)
from .settings import load_settings
from .values import is_yes
from .words import load_edition

__all__ = [
    "LANGUAGE_NAMES",
    "RTL_LANGUAGES",
    "DocumentControl",
    "Edition",
    "PrintSettings",
    "Section",
    "SectionSettings",
    "Sender",
    "Settings",
    "Theme",
    "Translation",
    "fingerprint",
    "is_yes",
    "language_name",
    "load_edition",
    "load_settings",
    "texts_in",
]
