"""The translate stage: how far each language is, starting one, and XLIFF for agencies.

:mod:`.status` compares every language with the source language (``leaflet status``,
printed by :mod:`.report`); :mod:`.new` writes the files of a new language (``leaflet
translate new``). ``leaflet translate export`` (:mod:`.xliff_export`) and ``import``
(:mod:`.xliff_import` checks, :mod:`.importing` works out the files) exchange the texts
with a translation agency as XLIFF 1.2: the texts as units (:mod:`.units`, :mod:`.texts`),
their markup as inline codes (:mod:`.inline`), words files changed in place
(:mod:`.yamlpatch`) and written all or none (:mod:`.files`), XML read safely
(:mod:`.xmlread`).
"""
