"""The build stage: each leaflet × language through load → render → prepress → preflight.

:mod:`.pipeline` decides what is stale (:mod:`.inputs`), builds it here or in worker
processes (:mod:`.workers`, each edition by :mod:`.edition`) and lands the files
atomically with the manifest (:mod:`.manifest`), one build at a time (:mod:`.lock`).
Only the command line uses this package.
"""
