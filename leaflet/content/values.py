"""Checks on single values of leaflet.yaml and words files, with the fix in words.

Each ``check_…`` function takes the text as written and returns None when it can be
used, else one sentence saying what is wrong and what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..project import MAX_ID_LENGTH, MAX_PAGES, PAGES_PER_SHEET, windows_reserved
from . import urls
from .languages import check_language_code

#: A language folder name: an ISO 639 code, with an optional region or script.
_SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FORMATS = ("a5-folded",)

#: PDF standards a print file can follow, as written in leaflet.yaml → WeasyPrint's name.
PRINT_STANDARDS = {"PDF/X-4": "pdf/x-4", "PDF/X-1a": "pdf/x-1a"}
DEFAULT_PROFILE = "FOGRA39-leaflet.icc"  # in styles/profiles/
DEFAULT_OUTPUT_CONDITION = "FOGRA39"
DEFAULT_OUTPUT_CONDITION_TEXT = "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39)"
ICC_REGISTRY = "http://www.color.org"
MAX_BLEED_MM = 5.0
_YES = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


def is_yes(value: str) -> bool:
    """True for yes/true/on (any case); False for anything else."""
    return _YES.get(value.strip().lower(), False)


LENGTH_MM = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(mm)?\s*$")


# --- checks on single values --------------------------------------------------------


def check_url(value: str) -> str | None:
    try:
        return urls.scan_problem(value)
    except urls.UrlProblem as exc:
        return str(exc)


@dataclass(frozen=True, order=True)
class Date:
    """A date as written in leaflet.yaml: a month (``2026-11``) or a day (``2026-11-26``)."""

    year: int
    month: int
    day: int | None = None  # None: the month only

    def isoformat(self) -> str:
        month = f"{self.year:04d}-{self.month:02d}"
        return month if self.day is None else f"{month}-{self.day:02d}"

    @property
    def first_day(self) -> date:
        """The day itself, or the first day of the month."""
        return date(self.year, self.month, self.day or 1)


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_date(value: str) -> Date:
    """A :class:`Date` from ``2026-11`` or ``2026-11-26``; ValueError when it is neither."""
    text = value.strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        date(year, month, 1)  # raises for month 13
        return Date(year, month)
    day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    if day is None:
        raise ValueError(value)
    return Date(day.year, day.month, day.day)


def check_date(value: str) -> str | None:
    """Why ``value`` is not a month or a day leaflet can print, or None.

    A date in the right form that the calendar does not have (2026-02-30, 2026-13) is
    told what is wrong with it, not to use the form it already has.
    """
    try:
        parse_date(value)
    except ValueError:
        parts = value.strip().split("-")
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value.strip()):
            return _no_such_date(*(int(part) for part in parts))
        return (
            f'"{value}" is not a date — write a month as YYYY-MM, like 2026-11, or a day as '
            "YYYY-MM-DD, like 2026-11-26"
        )
    return None


def _no_such_date(year: int, month: int, day: int | None = None) -> str:
    """Why a date written in the right form is not in the calendar."""
    import calendar

    written = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    if year < 1:
        return f'"{written}" has no year 0000 — write the year in full, like 2026'
    if not 1 <= month <= 12:
        return f'"{written}" has no month {month:02d} — a year has the months 01 to 12'
    days = calendar.monthrange(year, month)[1]
    return (
        f'"{written}" is not a day of the calendar: {calendar.month_name[month]} {year} has '
        f"{days} days — correct the day"
    )


def check_day(value: str) -> str | None:
    """Why ``value`` is not one day (YYYY-MM-DD), or None when it is."""
    if check_date(value) is None and parse_date(value).day is not None:
        return None
    return f'"{value}" is not a day — write it as YYYY-MM-DD, like 2026-11-26'


def check_page_count(value: str) -> str | None:
    text = value.strip()
    if not text.isdigit():
        return (
            f'"{value}" is not a number of pages — write a multiple of {PAGES_PER_SHEET} from '
            f"{PAGES_PER_SHEET} to {MAX_PAGES}, like 8, or leave pages: out to let leaflet choose"
        )
    count = int(text)
    if count > MAX_PAGES:
        return (
            f"{count} pages is more than a leaflet can have: at most {MAX_PAGES} (16 sheets "
            "folded and stapled) — write a smaller count, or make two leaflets"
        )
    if count < PAGES_PER_SHEET or count % PAGES_PER_SHEET:
        return (
            f'"{value}" is not a page count for a folded leaflet — write a multiple of '
            f"{PAGES_PER_SHEET} (4, 8, 12 … up to {MAX_PAGES}), or leave pages: out to let "
            "leaflet choose"
        )
    return None


#: How Danish, Norwegian, German and Swedish letters are written in a to z in web
#: addresses and file names (rn.dk/laenderygsmerter).
_SPELT_OUT = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
)


def _usable(value: str) -> str | None:
    """``value`` as an id could be written (æ as ae, spaces as hyphens), or None."""
    text = value.lower().translate(_SPELT_OUT)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text if _SECTION_ID.match(text) else None


def check_id(value: str, names_a_file: bool = True) -> str | None:
    """Why ``value`` cannot be an id (a leaflet, a section, a template), or None.

    These name files and folders, so an id is also refused when Windows keeps the name
    for a device (con, nul, com1 …) or when it is too long for the file names made from
    it (:data:`~leaflet.project.MAX_ID_LENGTH`). An id that names no file (a picture's,
    a theme's) is held to the letters and the length only.
    """
    if names_a_file and windows_reserved(value):
        return (
            f'"{value}" cannot be used as a name: Windows keeps it for a device (like con, '
            "nul, aux, prn, com1 and lpt1), so a folder or file of that name cannot be "
            "made or copied there — choose another name"
        )
    if not _SECTION_ID.match(value):
        foreign = next(
            (c for c in value if c.isalpha() and not unicodedata.name(c, "").startswith("LATIN")),
            None,
        )
        if foreign is not None:  # a lookalike (a Cyrillic у) or another alphabet
            return (
                f'"{value}" is not a usable name: "{foreign}" in it is U+{ord(foreign):04X} '
                f"{unicodedata.name(foreign, '')}, not a Latin letter — type the name again "
                "in lower-case letters a to z, digits and hyphens, like laer-dine-smerter"
            )
        suggestion = _usable(value)
        return (
            f'"{value}" is not a usable name — use lower-case letters a to z, digits and '
            "hyphens, like "
            + (suggestion if suggestion and suggestion != value else "laer-dine-smerter")
        )
    if len(value) > MAX_ID_LENGTH:
        return (
            f"the name is {len(value)} characters long — a name may have at most "
            f"{MAX_ID_LENGTH}, because the files made from it must fit the 255 characters "
            "a file name may have; choose a shorter name"
        )
    return None


def check_picture_id(value: str) -> str | None:
    """Why ``value`` cannot be the id of a picture or a theme, or None."""
    return check_id(value, names_a_file=False)


def check_format(value: str) -> str | None:
    if value not in FORMATS:
        return f'"{value}" is not a format leaflet knows — use one of: {", ".join(FORMATS)}'
    return None


def check_language(value: str) -> str | None:
    return check_language_code(value)


def check_bleed(value: str) -> str | None:
    match = LENGTH_MM.match(value)
    if not match or float(match[1].replace(",", ".")) > MAX_BLEED_MM:
        return (
            f'"{value}" is not a bleed leaflet can use — write a length in millimetres from '
            f"0 to {MAX_BLEED_MM:.0f}, like 3mm"
        )
    return None


PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")
MIN_SHRINK = 80.0


def check_shrink(value: str) -> str | None:
    match = PERCENT.match(value)
    if not match or not MIN_SHRINK <= float(match[1].replace(",", ".")) <= 100:
        return (
            f'"{value}" is not a size leaflet can shrink text to — write a percentage from '
            f"{MIN_SHRINK:.0f}% to 100%, like 90%"
        )
    return None


def check_back_fill(value: str) -> str | None:
    fills = ("notes", "qr", "pattern", "none")
    if value.strip() not in fills:
        return f'"{value}" is not a way to fill the back page — use one of: ' + ", ".join(fills)
    return None


def check_yes_no(value: str) -> str | None:
    if value.lower() not in _YES:
        return f'"{value}" is neither yes nor no — write yes or no'
    return None


def check_standard(value: str) -> str | None:
    if value not in PRINT_STANDARDS:
        return (
            f'"{value}" is not a print standard leaflet makes — use {" or ".join(PRINT_STANDARDS)}'
        )
    return None


_FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")


def check_fingerprint(value: str) -> str | None:
    if not _FINGERPRINT.match(value):
        return (
            f'"{value}" is not a fingerprint leaflet wrote — copy it from `leaflet status` or '
            "start the file again with `leaflet translate new`"
        )
    return None


#: The readability targets leaflet.yaml may set, on the LIX scale.
MIN_TARGET, MAX_TARGET = 20, 60


def check_target(value: str) -> str | None:
    text = value.strip()
    if not text.isdigit() or not MIN_TARGET <= int(text) <= MAX_TARGET:
        return (
            f'"{value}" is not a readability target — write a LIX value from {MIN_TARGET} '
            f"to {MAX_TARGET}, like 40 (under 35 is easy to read, 45 and above hard)"
        )
    return None
