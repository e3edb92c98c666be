"""Review dates: when a leaflet must be reviewed, and whether that is overdue or soon.

A region's quality system asks for every leaflet to be reviewed by a date, written
in leaflet.yaml as ``document: review:`` — a day (``2026-11-26``: due that day) or a
month (``2026-11``: due by the end of November, overdue from 1 December). A leaflet
is *overdue* from the day after its due day, *due soon* when the due day is at most
``days_ahead`` days away, and otherwise *ok*.

What a project sets about this (:class:`ReviewSettings`) is ``review:`` in its project
file (:data:`REVIEW_SCHEMA`), read with the rest of it by
:func:`leaflet.content.projectfile.review_settings`, so that ``leaflet status``, the
preview server and the build agree.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import LeafletError, Problem
from ..project import SETTINGS_FILE
from . import yamlfile
from .schema import Field, MapT, TextT
from .values import Date, check_yes_no, is_yes, parse_date
from .yamlfile import Map, Text

#: The states, most urgent first.
REVIEW_STATES = ("overdue", "due", "ok")


@dataclass(frozen=True)
class ReviewSettings:
    """What a project decides about review dates.

    ``days_ahead``: a leaflet is due soon from this many days before its review date.
    ``refuse_overdue_print``: a leaflet past its review date gets no print file (its
    other files are built, with a warning), so an unreviewed leaflet is not reprinted.
    """

    days_ahead: int = 60
    refuse_overdue_print: bool = False


#: The most days ahead a project can ask to be told of a review date (ten years).
MAX_DAYS_AHEAD = 3650


def _check_days(value: str) -> str | None:
    text = value.strip()
    if not text.isdigit() or int(text) > MAX_DAYS_AHEAD:
        return (
            f'"{value}" is not a number of days leaflet can use — write a whole number from 0 '
            f"to {MAX_DAYS_AHEAD}, like 60"
        )
    return None


REVIEW_DESCRIPTION = (
    "review dates (document: review: in each leaflet.yaml): how many days before it a "
    "leaflet counts as due for review, and whether a leaflet past it gets a print file"
)
REVIEW_SCHEMA = MapT(
    {
        "due_soon_days": Field(
            TextT(check=_check_days, pattern="^[0-9]+$"),
            description="a leaflet counts as due for review this many days before its "
            "review date (leaflet status, leaflet serve); default 60",
        ),
        "print_file_when_overdue": Field(
            TextT(check=check_yes_no),
            description="no: a leaflet past its review date gets no print file (its other "
            "files are built, with a warning), so it is not reprinted unreviewed; default yes",
        ),
    }
)


def read_review_settings(raw: Map | None) -> ReviewSettings:
    """``review:`` of the project file (checked by :data:`REVIEW_SCHEMA`), or the defaults."""
    if raw is None:
        return ReviewSettings()
    days = raw.get("due_soon_days")
    printed = raw.get("print_file_when_overdue")
    return ReviewSettings(
        days_ahead=int(days) if days is not None else ReviewSettings.days_ahead,
        refuse_overdue_print=printed is not None and not is_yes(printed),
    )


def due_day(review: Date) -> date:
    """The last day a leaflet is not overdue: the day written, or the month's last."""
    if review.day is not None:
        return date(review.year, review.month, review.day)
    last = calendar.monthrange(review.year, review.month)[1]
    return date(review.year, review.month, last)


@dataclass(frozen=True)
class Review:
    """Where a leaflet stands with its review date, on one day."""

    written: Date  # as written in leaflet.yaml
    due: date  # the last day it is not overdue
    state: str  # one of REVIEW_STATES
    days: int  # days until the due day (0: due today; negative: overdue by that many)

    @property
    def needs_action(self) -> bool:
        return self.state != "ok"

    def words(self) -> str:
        """In a few words: "overdue by 12 days", "due in 30 days", "due today", "by …"."""
        if self.state == "overdue":
            return f"overdue by {_days(-self.days)} (was due {self.due.isoformat()})"
        if self.days == 0:
            return f"due today ({self.due.isoformat()})"
        if self.state == "due":
            return f"due in {_days(self.days)} ({self.due.isoformat()})"
        return f"by {self.due.isoformat()}"

    def as_dict(self) -> dict[str, object]:
        return {
            "review": self.written.isoformat(),
            "due": self.due.isoformat(),
            "state": self.state,
            "days_left": self.days,
        }


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def review_of(written: Date, today: date | None = None, days_ahead: int = 60) -> Review:
    """Where a leaflet with review date ``written`` stands on ``today`` (default: today)."""
    today = today or date.today()
    due = due_day(written)
    days = (due - today).days
    if days < 0:
        state = "overdue"
    elif days <= days_ahead:
        state = "due"
    else:
        state = "ok"
    return Review(written, due, state, days)


def print_refused(written: Date, settings: ReviewSettings, today: date | None = None) -> bool:
    """Whether a leaflet with this review date gets no print file today."""
    return settings.refuse_overdue_print and review_of(written, today).state == "overdue"


@dataclass(frozen=True)
class Written:
    """A leaflet's review date as written, and where (for messages)."""

    date: Date
    path: Path
    line: int | None


def read_review(folder: Path) -> Written | None:
    """The review date in ``folder``'s leaflet.yaml, read without checking the rest.

    None when it cannot be read or is not a date: loading the leaflet says why.
    """
    path = folder / SETTINGS_FILE
    try:
        raw = yamlfile.load(path, within=folder.parent.parent)
    except LeafletError:
        return None
    document = raw.get("document") if isinstance(raw, Map) else None
    value = document.get("review") if isinstance(document, Map) else None
    if not isinstance(value, Text):
        return None
    try:
        return Written(parse_date(str(value)), path, value.line)
    except ValueError:
        return None


def overdue_warnings(
    folders: list[Path], settings: ReviewSettings, today: date | None = None
) -> list[Problem]:
    """One warning for each leaflet in ``folders`` past its review date."""
    found = []
    for folder in folders:
        written = read_review(folder)
        if written is None:
            continue
        state = review_of(written.date, today, settings.days_ahead)
        if state.state != "overdue":
            continue
        what = (
            "it gets no print file (this project makes none for leaflets past review)"
            if settings.refuse_overdue_print
            else "its files are built all the same"
        )
        found.append(
            Problem(
                f"past its review date: this leaflet was due for review by "
                f"{state.due.isoformat()} ({_days(-state.days)} ago); {what} — have it "
                "reviewed, then set document: review: to the next review date",
                written.path,
                written.line,
            )
        )
    return found
