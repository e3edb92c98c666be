"""The serve stage: a local preview server that rebuilds as people save (``leaflet serve``).

:mod:`.server` answers the browser (127.0.0.1 only): the pages of :mod:`.pages`, the
files of dist/ that the manifest lists, and a stream of server-sent events that tells
open pages to update. :mod:`.watch` maps saved files to the editions they touch and
runs the loop: watch, build, tell. The words on the pages are Danish or English
(:mod:`.words`).

This package never imports the build stage: the command line hands it a builder that
has the shape of :class:`.state.Builder` (a long-lived build session), so the rule
"only the command line uses build/" holds here too.
"""
