"""leaflet: YAML content in, print-ready folded A5 patient leaflets out."""

__version__ = "0.2.0"
