"""The prepress stage: a laid-out document → the files a printer or an office uses.

:mod:`.printfile` makes the print shop's PDF/X file (page boxes, crop marks, slug,
output intent) and the screen PDF; :mod:`.impose` the A4 booklet sheets for an
office printer.
"""
