"""The words of the preview pages, in Danish and English, and which one a reader gets.

The reader's browser says which languages they read (``Accept-Language``); ``?ui=da``
or ``?ui=en`` in the address chooses one. Language names come from CLDR (Babel), in
the reader's language, with each language's own name beside it.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton

from ..content.review import Review

#: The languages the pages can be read in; the first is used when the browser asks
#: for none of them.
UI_LANGUAGES = ("en", "da")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Leaflet preview",
        "review": "Review",
        "leaflet": "Leaflet",
        "catalogue": "Review dates and languages, what needs action first",
        "review_overdue": "Past its review date: due {date} ({days} ago)",
        "review_due": "Review due in {days}: {date}",
        "review_today": "Review due today: {date}",
        "review_ok": "To be reviewed by {date}",
        "chip_overdue": "Overdue by {days}",
        "chip_due": "Due in {days}",
        "chip_today": "Due today",
        "chip_ok": "By",
        "short_states": "source|reviewed|draft|changed|does not fit|incomplete|not built",
        "day": "1 day",
        "days": "{count} days",
        "summary_none": "No leaflet is due for review within {days} days.",
        "summary_overdue_one": "1 leaflet is past its review date.",
        "summary_overdue": "{count} leaflets are past their review date.",
        "summary_due_one": "1 leaflet is due for review within {days} days.",
        "summary_due": "{count} leaflets are due for review within {days} days.",
        "skip": "Skip to the content",
        "all_leaflets": "All leaflets",
        "up_to_date": "Up to date",
        "building": "Building {what} …",
        "waiting": (
            "Waiting for another build of this project (leaflet build) to finish, then "
            "building {what} …"
        ),
        "built": "Built {what} in {seconds} s · {time}",
        "nothing_built": "Nothing had changed · {time}",
        "stopped_one": "1 problem to fix · {time}",
        "stopped": "{count} problems to fix · {time}",
        "problems_title": "The last change could not be built",
        "problems_help": (
            "The pages below are from the last good build. Correct the file named here and "
            "save it: this page updates by itself."
        ),
        "noscript": "Reload the page to see your latest changes.",
        "live": "This page updates by itself when you save a file.",
        "languages_count": "{count} languages, written in {source}",
        "languages_count_one": "1 language, written in {source}",
        "contact_sheet": "Contact sheet",
        "contact_sheet_alt": "Contact sheet of {title}: every language a row, every page",
        "open_full_size": "Open at full size",
        "contact_sheet_help": (
            "Every language a row, its pages as a reader opens the leaflet; what a language "
            "is waiting for is marked in the margin."
        ),
        "language": "Language",
        "state": "State",
        "room": "Room left",
        "readability": "How easy it is to read",
        "section": "Section",
        "readability_value": "Readability",
        "long_sentences": "Sentences over 25 words",
        "over_target": "harder than the target ({target})",
        "sentence_at": "line {line} ({words} words)",
        "pages": "Pages",
        "files": "Files",
        "state_source": "Source language",
        "state_reviewed": "Reviewed",
        "state_draft": "Draft: not reviewed",
        "state_to_translate": "To translate: {count} of {total} texts",
        "state_changed": "Changed in the source since translated",
        "state_does_not_fit": "Does not fit",
        "state_incomplete": "Incomplete: files or keys missing",
        "state_not_built": "Not built yet",
        "lines": "{count} lines",
        "line": "1 line",
        "room_old": "(at the last build)",
        "layout_notes": "Layout notes: where the pages fall short, and what to do",
        "print_pdf": "Print shop (PDF/X)",
        "office_pdf": "Office printer (A4)",
        "screen_pdf": "Screen (PDF)",
        "footer": (
            "leaflet serve shows the files in dist/ and rebuilds them when content/, "
            "templates/ or styles/ change. Nothing on these pages can change your project."
        ),
        "switch": "Dansk",
        "beside_show": "Show {source} beside",
        "beside_hide": "Hide {source}",
        "other_languages": "Other languages",
        "front": "Front page",
        "back": "Back page",
        "spread": "Pages {first}–{last}",
        "page": "Page {number}",
        "page_text": "Text of this page",
        "no_pages": "No pages yet: this language has not been built.",
        "downloads": "Download",
        "not_found": "Not found",
        "not_found_help": "There is no such page or file here.",
        "pages_of": "Pages of {language}",
        "unfit_help": (
            "The text of this language does not fit its pages, so it was not built again; "
            "the pages shown are from its last build that fitted."
        ),
    },
    "da": {
        "title": "Forhåndsvisning af foldere",
        "review": "Revision",
        "leaflet": "Folder",
        "catalogue": "Revisionsdatoer og sprog, det der haster først",
        "review_overdue": "Revisionsdatoen er overskredet: {date} (for {days} siden)",
        "review_due": "Skal revideres om {days}: {date}",
        "review_today": "Skal revideres i dag: {date}",
        "review_ok": "Revideres senest {date}",
        "chip_overdue": "{days} over tiden",
        "chip_due": "Om {days}",
        "chip_today": "I dag",
        "chip_ok": "Senest",
        "short_states": "kilde|gennemlæst|kladde|ændret|passer ikke|ufuldstændig|ikke bygget",
        "day": "1 dag",
        "days": "{count} dage",
        "summary_none": "Ingen folder skal revideres inden for {days} dage.",
        "summary_overdue_one": "1 folder har overskredet sin revisionsdato.",
        "summary_overdue": "{count} foldere har overskredet deres revisionsdato.",
        "summary_due_one": "1 folder skal revideres inden for {days} dage.",
        "summary_due": "{count} foldere skal revideres inden for {days} dage.",
        "skip": "Gå til indholdet",
        "all_leaflets": "Alle foldere",
        "up_to_date": "Opdateret",
        "building": "Bygger {what} …",
        "waiting": (
            "Venter på, at en anden bygning af projektet (leaflet build) bliver færdig, og "
            "bygger så {what} …"
        ),
        "built": "Bygget: {what} på {seconds} s · kl. {time}",
        "nothing_built": "Intet var ændret · kl. {time}",
        "stopped_one": "1 problem at rette · kl. {time}",
        "stopped": "{count} problemer at rette · kl. {time}",
        "problems_title": "Den seneste ændring kunne ikke bygges",
        "problems_help": (
            "Siderne herunder er fra den sidste gode bygning. Ret filen, der er nævnt her, og "
            "gem den: siden opdaterer sig selv."
        ),
        "noscript": "Genindlæs siden for at se dine seneste ændringer.",
        "live": "Siden opdaterer sig selv, når du gemmer en fil.",
        "languages_count": "{count} sprog, skrevet på {source}",
        "languages_count_one": "1 sprog, skrevet på {source}",
        "contact_sheet": "Kontaktark",
        "contact_sheet_alt": "Kontaktark for {title}: hvert sprog en række, hver side",
        "open_full_size": "Åbn i fuld størrelse",
        "contact_sheet_help": (
            "Hvert sprog en række, siderne som en læser åbner folderen; det, et sprog venter "
            "på, er markeret i margenen."
        ),
        "language": "Sprog",
        "state": "Status",
        "room": "Plads tilbage",
        "readability": "Hvor let den er at læse",
        "section": "Afsnit",
        "readability_value": "Læsbarhed",
        "long_sentences": "Sætninger over 25 ord",
        "over_target": "sværere end målet ({target})",
        "sentence_at": "linje {line} ({words} ord)",
        "pages": "Sider",
        "files": "Filer",
        "state_source": "Kildesprog",
        "state_reviewed": "Gennemlæst",
        "state_draft": "Kladde: ikke gennemlæst",
        "state_to_translate": "Skal oversættes: {count} af {total} tekster",
        "state_changed": "Kildeteksten er ændret siden oversættelsen",
        "state_does_not_fit": "Passer ikke",
        "state_incomplete": "Ufuldstændig: filer eller nøgler mangler",
        "state_not_built": "Ikke bygget endnu",
        "lines": "{count} linjer",
        "line": "1 linje",
        "room_old": "(ved sidste bygning)",
        "layout_notes": "Noter om layoutet: hvor siderne ikke er helt gode, og hvad du kan gøre",
        "print_pdf": "Trykkeri (PDF/X)",
        "office_pdf": "Kontorprinter (A4)",
        "screen_pdf": "Skærm (PDF)",
        "footer": (
            "leaflet serve viser filerne i dist/ og bygger dem igen, når content/, "
            "templates/ eller styles/ ændres. Intet på disse sider kan ændre dit projekt."
        ),
        "switch": "English",
        "beside_show": "Vis {source} ved siden af",
        "beside_hide": "Skjul {source}",
        "other_languages": "Andre sprog",
        "front": "Forside",
        "back": "Bagside",
        "spread": "Side {first}–{last}",
        "page": "Side {number}",
        "page_text": "Tekst på siden",
        "no_pages": "Ingen sider endnu: sproget er ikke bygget.",
        "downloads": "Hent",
        "not_found": "Ikke fundet",
        "not_found_help": "Her er ingen side eller fil med den adresse.",
        "pages_of": "Siderne på {language}",
        "unfit_help": (
            "Teksten på dette sprog passer ikke til siderne, så den blev ikke bygget igen; "
            "siderne er fra sidste bygning, hvor den passede."
        ),
    },
}


def choose(accept_language: str | None, asked: str | None = None) -> str:
    """The language to show the pages in: ``asked`` (?ui=) if known, else the browser's."""
    if asked in UI_LANGUAGES:
        return str(asked)
    wanted: list[tuple[float, int, str]] = []
    for number, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        wanted.append((-quality, number, tag.strip().lower().split("-")[0]))
    for quality, _, tag in sorted(wanted):
        if quality < 0 and tag in UI_LANGUAGES:
            return tag
    return UI_LANGUAGES[0]


@lru_cache(maxsize=256)
def language_name(code: str, ui: str, title: bool = True) -> str:
    """The name of the language ``code`` in the language ``ui``: "English", "Engelsk".

    ``title``: with a capital, as at the start of a line; else as inside a sentence
    ("skrevet på dansk").
    """
    try:
        name = Locale.parse(ui).languages.get(code.replace("-", "_").split("_")[0])
    except (UnknownLocaleError, ValueError):
        name = None
    name = name or code
    return name[:1].upper() + name[1:] if title else name


@lru_cache(maxsize=256)
def own_name(code: str) -> str:
    """The language's name for itself: "dansk", "العربية", "українська"."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code


#: The keys of the states a language can have on the pages, in the order of
#: ``short_states`` (the words of the catalogue's compact chips).
STATE_KEYS = ("source", "reviewed", "draft", "changed", "does-not-fit", "incomplete", "not-built")


def short_state(key: str, ui: str) -> str:
    """A language's state in one or two words ("draft", "kladde")."""
    short = dict(zip(STATE_KEYS, WORDS[ui]["short_states"].split("|"), strict=True))
    return short.get(key, key)


def day(value: date, ui: str) -> str:
    """A day in the reader's language: "31 October 2026", "31. oktober 2026"."""
    return str(format_skeleton("yMMMMd", value, locale="en_GB" if ui == "en" else ui))


def review_words(review: Review, ui: str) -> str:
    """Where a leaflet stands with its review date, in the reader's language."""
    say = WORDS[ui]
    when = day(review.due, ui)
    if review.state == "overdue":
        return say["review_overdue"].format(date=when, days=_days(-review.days, ui))
    if review.state == "due" and review.days == 0:
        return say["review_today"].format(date=when)
    if review.state == "due":
        return say["review_due"].format(date=when, days=_days(review.days, ui))
    return say["review_ok"].format(date=when)


def review_chip(review: Review, ui: str) -> str:
    """The same in two or three words, for the catalogue's table ("Overdue by 3 days")."""
    say = WORDS[ui]
    if review.state == "overdue":
        return say["chip_overdue"].format(days=_days(-review.days, ui))
    if review.state == "due":
        return (
            say["chip_today"]
            if review.days == 0
            else say["chip_due"].format(days=_days(review.days, ui))
        )
    return say["chip_ok"]


def _days(count: int, ui: str) -> str:
    return WORDS[ui]["day"] if count == 1 else WORDS[ui]["days"].format(count=count)


def review_summary(overdue: int, due: int, days: int, ui: str) -> str:
    """How many leaflets are past their review date, and how many due soon."""
    say = WORDS[ui]
    if not overdue and not due:
        return say["summary_none"].format(days=days)
    parts = []
    if overdue:
        key = "summary_overdue_one" if overdue == 1 else "summary_overdue"
        parts.append(say[key].format(count=overdue))
    if due:
        key = "summary_due_one" if due == 1 else "summary_due"
        parts.append(say[key].format(count=due, days=days))
    return " ".join(parts)
