"""The preview pages, as plain HTML made on the server (Jinja2, escaped).

Two pages: the index (every leaflet, its contact sheet, its languages with their
state, the room left on their pages and their PDFs) and one edition (its pages as
spreads, with the source language beside it on request). What a page shows comes
from the builder's manifest, from ``leaflet status`` (:mod:`leaflet.translate.status`)
and from the server's state; the text of each page is read from the screen PDF, so a
screen reader (and a test) can read what the picture shows.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from babel.numbers import format_decimal

from .. import content
from ..content.languages import is_rtl
from ..content.projectfile import review_settings
from ..content.prose import edition_readability
from ..errors import LeafletError, Problem
from ..prepress.preview import reading_spreads
from ..project import Project
from ..translate.cached import cached_status
from ..translate.catalogue import catalogue
from ..translate.states import LanguageStatus, LeafletStatus, ProjectStatus
from ..translate.status import layout_note_text
from . import words
from .state import Builder, FileEntry, Pair, Snapshot

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("leaflet.serve", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class Picture:
    number: int
    src: str
    href: str
    width: int
    height: int
    text: str


@dataclass(frozen=True)
class Spread:
    caption: str
    pages: tuple[Picture, ...]


@dataclass
class LanguageView:
    lang: str
    name: str
    own: str
    href: str
    is_source: bool
    direction: str
    states: list[tuple[str, str]]  # (key, words): source, reviewed, draft, changed …
    room: str | None
    pages: int | None
    files: list[Link]
    unfit: str | None
    previews: list[FileEntry] = field(default_factory=list)
    #: Layout notes of the last build: where its pages fall short, and what to do.
    notes: list[str] = field(default_factory=list)
    screen: FileEntry | None = None
    short: str = ""  # the first state in a word or two, for the catalogue


@dataclass
class LeafletView:
    id: str
    title: str
    source: str
    source_name: str
    languages: list[LanguageView]
    sheet: Link | None
    #: Where the leaflet stands with its review date: its state (overdue, due, ok),
    #: in a sentence, in two or three words, and the day it is due.
    review: ReviewView | None = None
    pages: int | None = None


@dataclass(frozen=True)
class ReviewView:
    state: str
    sentence: str
    chip: str
    day: str


@dataclass(frozen=True)
class Readable:
    """A section's readability on the edition page."""

    section: str
    value: str  # "LIX 41 (medium)"
    hard: bool  # over the leaflet's target
    target: str  # "LIX 40"
    longest: list[tuple[int | None, int]]  # (line, words) of sentences over 25 words


class Pages:
    """Makes the HTML of each page for one project and one builder."""

    def __init__(self, project: Project, builder: Builder) -> None:
        self.project = project
        self.builder = builder
        self._texts: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    # --- what a page shows ------------------------------------------------------------

    def leaflets(self, ui: str, asked: str | None) -> tuple[list[LeafletView], list[Problem]]:
        """Every leaflet with its languages, as ``leaflet status`` orders its catalogue
        (what needs action first); problems with a leaflet.yaml beside them."""
        files = self.builder.files()
        unfit = {(u.leaflet, u.language): u.problem for u in self.builder.unfit()}
        views, problems = [], []
        report = ProjectStatus()
        for folder in self.project.leaflet_dirs():
            try:
                settings = content.load_settings(folder)
            except LeafletError as exc:
                problems.extend(exc.problems)
                continue
            statuses = [cached_status(settings, lang) for lang in settings.languages()]
            report.leaflets.append(
                LeafletStatus(
                    settings.id,
                    settings.title,
                    settings.id,
                    settings.source_language,
                    tuple(statuses),
                    review=settings.document.review,
                )
            )
            languages = [
                self._language(settings, status, files, unfit, ui, asked) for status in statuses
            ]
            sheet = next(
                (
                    f
                    for f in files
                    if f.leaflet == settings.id and f.variant == "contact-sheet" and not f.language
                ),
                None,
            )
            views.append(
                LeafletView(
                    id=settings.id,
                    title=settings.title,
                    source=settings.source_language,
                    source_name=words.language_name(settings.source_language, ui, title=False),
                    languages=languages,
                    sheet=Link(words.WORDS[ui]["contact_sheet"], _file_url(sheet))
                    if sheet
                    else None,
                )
            )
        return self._in_catalogue_order(views, report, ui), problems

    def _in_catalogue_order(
        self, views: list[LeafletView], report: ProjectStatus, ui: str
    ) -> list[LeafletView]:
        """``views`` sorted as the catalogue is, each with its review date in words."""
        settings = review_settings(self.project.root)
        pages = {
            (v.id, x.lang): ({"pages": float(x.pages)} if x.pages else {}, True)
            for v in views
            for x in v.languages
        }
        entries = catalogue(report, settings, pages)
        by_id = {v.id: v for v in views}
        for entry in entries:
            view = by_id[entry.id]
            view.pages = entry.page_count
            if entry.review is not None:
                view.review = ReviewView(
                    entry.review.state,
                    words.review_words(entry.review, ui),
                    words.review_chip(entry.review, ui),
                    words.day(entry.review.due, ui),
                )
        return [by_id[e.id] for e in entries]

    def summary(self, views: Sequence[LeafletView], ui: str) -> str:
        """How many leaflets are past their review date or due soon, in the reader's words."""
        states = [v.review.state for v in views if v.review is not None]
        days = review_settings(self.project.root).days_ahead
        return words.review_summary(states.count("overdue"), states.count("due"), days, ui)

    def _language(
        self,
        settings: content.Settings,
        status: LanguageStatus,
        files: Sequence[FileEntry],
        unfit: Mapping[Pair, str],
        ui: str,
        asked: str | None,
    ) -> LanguageView:
        say = words.WORDS[ui]
        lang = status.lang
        mine = [f for f in files if (f.leaflet, f.language) == (settings.id, lang)]
        screen = next((f for f in mine if (f.variant, f.format) == ("screen", "pdf")), None)
        states: list[tuple[str, str]] = []
        if status.is_source:
            states.append(("source", say["state_source"]))
        if status.state in ("incomplete", "absent"):
            states.append(("incomplete", say["state_incomplete"]))
        counts = status.counts()
        if not status.is_source and counts["texts_to_translate"]:
            todo, total = counts["texts_to_translate"], counts["texts"]
            states.append(
                ("to-translate", say["state_to_translate"].format(count=todo, total=total))
            )
        if any(s.reviewed is False for s in status.sections):
            states.append(("draft", say["state_draft"]))
        if any(s.changed for s in status.sections):
            states.append(("changed", say["state_changed"]))
        if (settings.id, lang) in unfit:
            states.append(("does-not-fit", say["state_does_not_fit"]))
        if not states:
            states.append(("reviewed", say["state_reviewed"]))
        if screen is None:
            states.append(("not-built", say["state_not_built"]))
        room = None
        facts = screen.layout if screen is not None else None
        notes: list[str] = []
        if facts and "room_lines" in facts:
            # whole lines, as the manifest records them (and leaflet status shows them)
            count = math.floor(facts["room_lines"])
            room = say["line"] if count == 1 else say["lines"].format(count=count)
            notes = [layout_note_text(note) for note in facts.get("notes") or ()]
        labels = {
            "print": say["print_pdf"],
            "office": say["office_pdf"],
            "screen": say["screen_pdf"],
        }
        downloads = [
            Link(labels[f.variant], _file_url(f), f"{f.pages}")
            for variant in ("print", "office", "screen")
            for f in mine
            if (f.variant, f.format) == (variant, "pdf")
        ]
        return LanguageView(
            lang=lang,
            name=words.language_name(lang, ui),
            own=words.own_name(lang),
            href=link(f"/leaflet/{quote(settings.id)}/{quote(lang)}/", asked),
            is_source=status.is_source,
            direction="rtl" if is_rtl(lang) else "ltr",
            states=states,
            short=words.short_state(states[0][0], ui),
            room=room,
            pages=screen.pages if screen else None,
            files=downloads,
            unfit=unfit.get((settings.id, lang)),
            previews=sorted(
                (f for f in mine if f.variant == "preview" and f.format == "png"),
                key=lambda f: f.page or 0,
            ),
            screen=screen,
            notes=notes,
        )

    def spreads(self, language: LanguageView, ui: str) -> list[Spread]:
        """The language's pages in the order a reader meets them, with their text."""
        say = words.WORDS[ui]
        previews = language.previews
        texts = self._page_texts(language.screen) if language.screen else []
        count = len(previews)
        found = []
        for group in reading_spreads(count, language.direction):
            numbers = sorted(group)
            if numbers == [1]:
                caption = say["front"]
            elif numbers == [count]:
                caption = say["back"]
            elif len(numbers) == 1:
                caption = say["page"].format(number=numbers[0])
            else:
                caption = say["spread"].format(first=numbers[0], last=numbers[-1])
            pictures = tuple(
                Picture(
                    number=n,
                    src=_file_url(previews[n - 1]),
                    href=_file_url(previews[n - 1]),
                    width=583,
                    height=827,
                    text=texts[n - 1] if n - 1 < len(texts) else "",
                )
                for n in group
            )
            found.append(Spread(caption, pictures))
        return found

    def _page_texts(self, screen: FileEntry) -> list[str]:
        """The text of each page of the screen PDF (kept by its checksum)."""
        with self._lock:
            if screen.sha256 in self._texts:
                return self._texts[screen.sha256]
        import pypdfium2 as pdfium

        try:
            document = pdfium.PdfDocument(str(self.project.dist / screen.path))
        except (pdfium.PdfiumError, OSError):
            return []
        try:
            texts = []
            for page in document:
                textpage = page.get_textpage()
                texts.append(" ".join(textpage.get_text_range().split()))
                textpage.close()
                page.close()
        finally:
            document.close()
        with self._lock:
            if len(self._texts) > 200:
                self._texts.clear()
            self._texts[screen.sha256] = texts
        return texts

    # --- the pages --------------------------------------------------------------------

    def index(self, now: Snapshot, ui: str, asked: str | None) -> str:
        leaflets, problems = self.leaflets(ui, asked)
        return self._render(
            "index.html.j2",
            now,
            ui,
            asked,
            "/",
            leaflets=leaflets,
            summary=self.summary(leaflets, ui),
            extra=problems,
        )

    def edition(
        self, leaflet: str, lang: str, beside: str | None, now: Snapshot, ui: str, asked: str | None
    ) -> str | None:
        """The edition page, or None when there is no such leaflet or language."""
        leaflets, problems = self.leaflets(ui, asked)
        view = next((v for v in leaflets if v.id == leaflet), None)
        if view is None:
            return None
        language = next((x for x in view.languages if x.lang == lang), None)
        if language is None:
            return None
        other = next((x for x in view.languages if x.lang == beside and x.lang != lang), None)
        source = next(x for x in view.languages if x.lang == view.source)
        path = f"/leaflet/{quote(leaflet)}/{quote(lang)}/"
        readable = self.readability(leaflet, lang)
        rows = self.spreads(language, ui)
        beside_rows = self.spreads(other, ui) if other else []
        return self._render(
            "edition.html.j2",
            now,
            ui,
            asked,
            path + (f"?beside={quote(beside)}" if other and beside else ""),
            leaflet=view,
            language=language,
            other=other,
            source=source,
            pairs=_paired(rows, beside_rows),
            toggle=Link(
                words.WORDS[ui]["beside_hide" if other else "beside_show"].format(
                    source=words.language_name(source.lang, ui, title=False)
                ),
                link(path, asked, **({} if other else {"beside": source.lang})),
            )
            if not language.is_source
            else None,
            readable=readable,
            extra=problems,
        )

    def readability(self, leaflet: str, lang: str) -> list[Readable]:
        """How easy each section of an edition is to read (as ``leaflet check`` says);
        empty while the edition's files have problems (the page shows those instead)."""
        try:
            settings = content.load_settings(self.project.content / leaflet)
            found = edition_readability(content.load_edition(settings, lang))
        except (LeafletError, OSError):
            return []
        target = found.target
        rows = []
        for section in found.sections:
            reading = section.reading
            if reading.value is None:
                continue
            hard = reading.misses(found.settings.target)
            rows.append(
                Readable(
                    section=section.id,
                    value=reading.label(),
                    hard=hard,
                    target=f"{reading.name} {target:.0f}",
                    longest=[(s.line, s.words) for s in section.long_sentences()[:3]],
                )
            )
        return rows

    def not_found(self, now: Snapshot, ui: str, asked: str | None) -> str:
        return self._render("not_found.html.j2", now, ui, asked, "/")

    def _render(
        self, name: str, now: Snapshot, ui: str, asked: str | None, here: str, **values: Any
    ) -> str:
        say = words.WORDS[ui]
        other_ui = "da" if ui == "en" else "en"
        problems = [*now.problems, *values.pop("extra", [])]
        return _TEMPLATES.get_template(name).render(
            say=say,
            ui=ui,
            switch=Link(say["switch"], _with_ui(here, other_ui)),
            home=link("/", asked),
            status=_status(now, say, ui),
            building=now.building is not None,
            problems=[_problem(p, self.project.root) for p in problems],
            generation=now.generation,
            **values,
        )


def _paired(rows: list[Spread], beside: list[Spread]) -> list[tuple[Spread, Spread | None]]:
    pairs: list[tuple[Spread, Spread | None]] = []
    for number, row in enumerate(rows):
        pairs.append((row, beside[number] if number < len(beside) else None))
    return pairs


def _problem(problem: Problem, root: Path) -> tuple[str, str]:
    """(where, what) of a problem, as the command line prints it: where: what."""
    return problem.location(root), problem.message


def _status(now: Snapshot, say: Mapping[str, str], ui: str) -> str:
    if now.building is not None and now.waiting:
        return say["waiting"].format(what=what_words(now.building))
    if now.building is not None:
        return say["building"].format(what=what_words(now.building))
    clock = time.strftime("%H:%M", time.localtime(now.last_time)) if now.last_time else ""
    if now.problems:
        count = len(now.problems)
        return say["stopped_one" if count == 1 else "stopped"].format(count=count, time=clock)
    if now.last == "built":
        seconds = format_decimal(round(now.last_seconds, 1), format="0.0", locale=ui)
        return say["built"].format(what=what_words(now.last_what), seconds=seconds, time=clock)
    if now.last == "nothing":
        return say["nothing_built"].format(time=clock)
    return say["up_to_date"]


def what_words(editions: Sequence[Pair]) -> str:
    """Editions in few words: "ar, da, en" (one leaflet) or "a: da, en; b: da"."""
    by_leaflet: dict[str, list[str]] = {}
    for leaflet, lang in editions:
        by_leaflet.setdefault(leaflet, []).append(lang)
    if len(by_leaflet) == 1:
        return ", ".join(next(iter(by_leaflet.values())))
    return "; ".join(f"{leaflet}: {', '.join(langs)}" for leaflet, langs in by_leaflet.items())


def _file_url(entry: FileEntry) -> str:
    """The address of a file in dist/, with its checksum so a new version is loaded."""
    return f"/files/{quote(entry.path)}?v={entry.sha256[:12]}"


def link(path: str, asked: str | None, **query: str) -> str:
    """``path`` with ``query``, keeping the reader's ?ui= choice."""
    if asked:
        query = {**query, "ui": asked}
    return path + ("?" + urlencode(query) if query else "")


def _with_ui(here: str, ui: str) -> str:
    path, _, query = here.partition("?")
    kept = [part for part in query.split("&") if part and not part.startswith("ui=")]
    return path + "?" + "&".join([*kept, f"ui={ui}"])
