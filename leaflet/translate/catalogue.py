"""The catalogue: every leaflet in one view, what needs doing first.

For each leaflet: its review date and where it stands (overdue, due soon, or not yet:
:mod:`leaflet.content.review`), the state of each of its languages in the words
``leaflet status`` uses (:data:`.status.STATES`), and its pages as the last build
made them. Sorted by what needs action: overdue leaflets first (the longest overdue
first), then those due soon (the soonest first), then the rest, those with a
translation furthest from done first. ``leaflet status`` prints it above its
per-leaflet report, ``leaflet status --due`` alone, and ``leaflet serve`` shows it
on its index page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..content.review import Review, ReviewSettings, review_of
from .states import STATES, LeafletStatus, ProjectStatus
from .status import Layouts


@dataclass(frozen=True)
class Entry:
    """One leaflet in the catalogue."""

    id: str
    title: str
    folder: str
    review: Review | None  # None: leaflet.yaml has no review date that can be read
    #: (language, state) for each language, the source first; states as in STATES.
    languages: tuple[tuple[str, str], ...]
    #: Pages of each language's screen PDF as the last build made it (None: not built).
    pages: Mapping[str, int | None]

    @property
    def needs_review(self) -> bool:
        return self.review is not None and self.review.needs_action

    @property
    def page_count(self) -> int | None:
        """The leaflet's pages: its source language's (every translation is held to it)."""
        counts = [p for p in self.pages.values() if p is not None]
        first = self.pages.get(self.languages[0][0]) if self.languages else None
        return first if first is not None else (max(counts) if counts else None)

    def sort_key(self) -> tuple[Any, ...]:
        if self.review is None:
            return (-1, date.min, 0, self.id)  # cannot tell: say so first
        urgency = ("overdue", "due", "ok").index(self.review.state)
        if urgency < 2:
            return (urgency, self.review.due, 0, self.id)
        return (urgency, date.min, self._furthest(), self.review.due, self.id)

    def _furthest(self) -> int:
        """How far the translation furthest from done is (0: absent, the worst)."""
        ranks = [STATES.index(s) if s in STATES else len(STATES) for _, s in self.languages[1:]]
        return min(ranks, default=len(STATES))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "folder": self.folder,
            "review": self.review.as_dict() if self.review else None,
            "pages": self.page_count,
            "languages": [
                {"lang": lang, "state": state, "pages": self.pages.get(lang)}
                for lang, state in self.languages
            ],
        }


def _entry(
    leaflet: LeafletStatus, layouts: Layouts | None, settings: ReviewSettings, today: date
) -> Entry:
    pages: dict[str, int | None] = {}
    for lang in leaflet.languages:
        facts, _ = (layouts or {}).get((leaflet.id, lang.lang), ({}, False))
        count = facts.get("pages")
        pages[lang.lang] = int(count) if count is not None else None
    return Entry(
        id=leaflet.id,
        title=leaflet.title,
        folder=leaflet.folder,
        review=review_of(leaflet.review, today, settings.days_ahead) if leaflet.review else None,
        languages=tuple((lang.lang, lang.state) for lang in leaflet.languages),
        pages=pages,
    )


def catalogue(
    report: ProjectStatus,
    settings: ReviewSettings,
    layouts: Layouts | None = None,
    today: date | None = None,
) -> list[Entry]:
    """Every leaflet of ``report``, what needs action first."""
    today = today or date.today()
    return sorted(
        (_entry(leaflet, layouts, settings, today) for leaflet in report.leaflets),
        key=Entry.sort_key,
    )


def summary(entries: Sequence[Entry], settings: ReviewSettings) -> str:
    """One line: how many leaflets are overdue for review and due soon."""
    overdue = sum(e.review is not None and e.review.state == "overdue" for e in entries)
    due = sum(e.review is not None and e.review.state == "due" for e in entries)
    ahead = f"within {settings.days_ahead} days"
    if not overdue and not due:
        return f"no leaflet is due for review {ahead}"
    parts = []
    if overdue:
        parts.append(f"{overdue} leaflet{'s are' if overdue != 1 else ' is'} past its review date")
    if due:
        parts.append(f"{due} {'are' if due != 1 else 'is'} due for review {ahead}")
    return "; ".join(parts)


def format_catalogue(entries: Sequence[Entry], settings: ReviewSettings, today: date) -> str:
    """The catalogue as a plain-text table, one row per leaflet."""
    head = (
        f"Review dates and languages of {len(entries)} leaflet{'s' if len(entries) != 1 else ''} "
        f"(today {today.isoformat()}; due soon: within {settings.days_ahead} days)"
    )
    rows = [("review", "leaflet", "pages", "languages")]
    for entry in entries:
        when = entry.review.words() if entry.review else "no review date"
        pages = str(entry.page_count) if entry.page_count is not None else "–"
        languages = ", ".join(f"{lang} {state}" for lang, state in entry.languages)
        rows.append((when, entry.id, pages, languages))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [head]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        lines.append("  " + "  ".join([*cells, row[3]]).rstrip())
    return "\n".join(lines)
