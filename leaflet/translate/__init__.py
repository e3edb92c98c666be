"""The translate stage: how far each language is, and starting a new one.

:mod:`.status` compares every language with the source language (``leaflet status``);
:mod:`.new` writes the files of a new language (``leaflet translate new``).
"""
