"""Dates printed in the reader's language, from CLDR data (Babel).

A month (``2026-11``) prints as the language's month-and-year form: ``november 2026``
in Danish, ``листопад 2026 р.`` in Ukrainian (the nominative, not the genitive a day
date uses); a day (``2026-11-26``) as its long date: ``26. november 2026``. Each
locale's own pattern is used (a skeleton), never a fixed one. Plain ``en`` is set as
British English (``26 November 2026``), the English of European public bodies;
``en-US`` gives the American form.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..content.values import Date

if TYPE_CHECKING:
    from babel import Locale

#: Language codes whose Babel locale is not the code itself.
_LOCALES = {"en": "en_GB", "prs": "fa_AF"}


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    code = _LOCALES.get(lang, lang).replace("-", "_")
    for candidate in (code, code.split("_")[0], "en_GB"):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("en_GB is always known")  # pragma: no cover


def format_date(value: Date, lang: str) -> str:
    """``value`` in the form ``lang`` writes it (see the module's docstring)."""
    from babel.dates import format_skeleton

    skeleton = "yMMMM" if value.day is None else "yMMMMd"
    return str(format_skeleton(skeleton, value.first_day, locale=_locale(lang)))
