"""The commands of the ``leaflet`` command line, one module each (as in mkdocs).

Each module holds one click command (or group) and only wiring: it reads the options,
calls the stage that does the work and prints what that stage returns. ``cli.py``
gathers them under the ``leaflet`` group; :mod:`.common` holds what several share
(finding the project, stopping with problems, checking a language code).
"""
