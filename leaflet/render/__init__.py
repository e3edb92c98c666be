"""The render stage: checked values → HTML (Jinja2) → a laid-out document (WeasyPrint).

:mod:`.html` fills the templates, :mod:`.qr` draws the QR symbol, :mod:`.pdf` is the
WeasyPrint adapter (sandboxed fetcher, project fonts, logged problems as errors, time
limit) and :mod:`.fit` measures after layout whether every page's text fits.
"""
