"""Dates in the reader's language: a month or a day, in each language's own form (CLDR).

The formatting is checked against the forms CLDR gives (Danish, English, Ukrainian,
Arabic, and a month-only date); the back page of a built leaflet is read back; a date
that is not a date gets its file, line and an example.
"""

from __future__ import annotations

import pytest
from helpers import Leaflet, find_problem, line_of, page_texts

from leaflet.content.values import parse_date
from leaflet.render.dates import format_date


@pytest.mark.parametrize(
    ("lang", "month", "day"),
    [
        ("da", "november 2026", "26. november 2026"),
        ("en", "November 2026", "26 November 2026"),
        ("en-US", "November 2026", "November 26, 2026"),
        ("uk", "листопад 2026\u202fр.", "26 листопада 2026\u202fр."),  # nominative, genitive
        ("ar", "نوفمبر 2026", "26 نوفمبر 2026"),
        ("pl", "listopad 2026", "26 listopada 2026"),
        ("xx", "November 2026", "26 November 2026"),  # a code CLDR does not know: English
    ],
)
def test_a_month_and_a_day_in_each_language(lang: str, month: str, day: str) -> None:
    assert format_date(parse_date("2026-11"), lang) == month
    assert format_date(parse_date("2026-11-26"), lang) == day


@pytest.mark.parametrize("text", ["2026-13", "2026-11-31", "26-11-2026", "november 2026", "2026"])
def test_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_the_back_page_prints_the_month_in_danish(project: Leaflet) -> None:
    settings = project.settings_file
    text = settings.read_text("utf-8")
    text = text.replace("published: 2026-11-26", "published: 2026-11").replace(
        "review: 2028-11-26", "review: 2028-05-01"
    )
    settings.write_text(text, "utf-8")
    result = project.build("--lang", "da")
    assert result.exit_code == 0, result.output
    back = page_texts(project.pdf)[-1]
    assert "november 2026" in back and "1. maj 2028" in back
    assert "2026-11" not in back


def test_a_date_that_is_not_a_date_names_the_line_and_gives_an_example(project: Leaflet) -> None:
    settings = project.settings_file
    settings.write_text(settings.read_text("utf-8").replace("2026-11-26", "26/11/2026"), "utf-8")
    result = project.build()
    find_problem(
        result,
        project.rel(settings),
        line_of(settings, "published:"),
        '"26/11/2026" is not a date',
        "YYYY-MM, like 2026-11",
        "YYYY-MM-DD, like 2026-11-26",
    )


def test_review_before_published_is_a_problem(project: Leaflet) -> None:
    settings = project.settings_file
    settings.write_text(
        settings.read_text("utf-8").replace("review: 2028-11-26", "review: 2025-01"), "utf-8"
    )
    result = project.build()
    find_problem(
        result,
        project.rel(settings),
        line_of(settings, "review:"),
        "is before the date it was published",
    )
