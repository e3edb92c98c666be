"""``python -m leaflet``: the same as the ``leaflet`` command."""

from .cli import main

main(prog_name="leaflet")
