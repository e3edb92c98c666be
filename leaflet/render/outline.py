"""What a screen reader needs of the HTML, checked before it is drawn, at its template.

The screen PDF and the web page are made from HTML that the templates write; what only
a template can get wrong is checked here, in the HTML of both editions, so that the
message names the template file and the section it drew (a communications officer
cannot act on "page 4 of the screen PDF"):

* **headings**: the first is h1, and no level is skipped (h2 then h4);
* **headings and pictures that show nothing**: a heading with no visible text, a
  picture (``<img>``) without an ``alt`` attribute (``alt=""`` is decoration);
* **tables**: a table that is not marked as a layout (``role="presentation"``) has
  header cells (``<th>``).

Sections are found by the markers the page templates put around each one
(:func:`section_marker`): ``<!--leaflet section=ID template=sections/text.html.j2-->``
… ``<!--/leaflet-->``, and each block by the one ``_blocks.html.j2`` puts around it
(:func:`block_marker`, ``<!--leaflet template=blocks/table.html.j2-->``): a finding is
named at the innermost template, in its section. What lies outside every marker belongs
to the page template.
Whatever is ``aria-hidden`` is decoration, and not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import Problem, shows_nothing

_MARK = re.compile(r"^leaflet (?:section=(?P<section>\S*) )?template=(?P<template>\S+)$")
_HEADING = re.compile(r"^h([1-6])$")
#: Elements HTML closes by itself (no end tag).
_VOID = frozenset({"img", "br", "hr", "meta", "link", "input", "source", "wbr", "col"})


def section_marker(section_id: str, template: str) -> str:
    """The comment before a section's HTML that says which section and template drew it."""
    return f"<!--leaflet section={section_id} template={template}-->"


def block_marker(template: str) -> str:
    """The comment before a block's HTML that says which template drew it."""
    return f"<!--leaflet template={template}-->"


#: The comment after a section's or a block's HTML.
END_MARKER = "<!--/leaflet-->"


@dataclass(frozen=True)
class Finding:
    """One thing a screen reader would miss: what, in which section, by which template."""

    message: str
    template: str  # relative to templates/, like sections/text.html.j2
    section: str | None  # None: the page template's own HTML


class _Reader(HTMLParser):
    def __init__(self, page_template: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_template = page_template
        self.places: list[tuple[str | None, str]] = []  # (section, template) markers open
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden) of open elements
        self.findings: list[Finding] = []
        self.previous = 0  # the level of the last heading read
        self.heading: tuple[int, list[str]] | None = None  # the heading being read
        self.tables: list[list[bool]] = []  # per open table: [is a layout, has a th]

    # where we are

    @property
    def place(self) -> tuple[str | None, str]:
        return self.places[-1] if self.places else (None, self.page_template)

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def add(self, message: str) -> None:
        section, template = self.place
        self.findings.append(Finding(message, template, section))

    # the parser's events

    def handle_comment(self, data: str) -> None:
        text = data.strip()
        if match := _MARK.match(text):
            section = match["section"] if match["section"] is not None else self.place[0]
            self.places.append((section or None, match["template"]))
        elif text == "/leaflet" and self.places:
            self.places.pop()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        hidden = self.hidden or attributes.get("aria-hidden") == "true"
        if tag not in _VOID:
            self.stack.append((tag, hidden))
        if hidden:
            return
        if match := _HEADING.match(tag):
            self.heading = (int(match[1]), [])
        elif tag == "img":
            alt = attributes.get("alt")
            if alt is None:
                self.add(
                    "a picture (<img>) has no alt attribute — give it the picture's alt text "
                    '(value.alt), or alt="" if it only decorates'
                )
            elif alt and shows_nothing(alt):
                self.add("a picture's alt text shows nothing (only invisible characters)")
        elif tag == "table":
            self.tables.append([attributes.get("role") in ("presentation", "none"), False])
        elif tag == "th" and self.tables:
            self.tables[-1][1] = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:  # close what was left open inside it, as browsers do
            open_tag, hidden = self.stack.pop()
            if not hidden:
                self._closed(open_tag)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.heading is not None and not self.hidden:
            self.heading[1].append(data)

    def _closed(self, tag: str) -> None:
        if _HEADING.match(tag) and self.heading is not None:
            level, texts = self.heading
            self.heading = None
            self._heading(level, "".join(texts))
        elif tag == "table" and self.tables:
            layout, has_header = self.tables.pop()
            if not layout and not has_header:
                self.add(
                    "a table has no header cells (<th>) — give it a header row, or mark it "
                    'role="presentation" to be read as a layout, row by row'
                )

    def _heading(self, level: int, text: str) -> None:
        shown = " ".join(text.split())
        if shows_nothing(text):
            self.add(f"an h{level} heading shows nothing — give it its words or remove it")
        quote = f' ("{shown[:40]}{"…" if len(shown) > 40 else ""}")' if shown else ""
        if self.previous == 0 and level != 1:
            self.add(
                f"the first heading is h{level}{quote}, not h1 — a screen reader starts "
                "from the h1 of the page (the title)"
            )
        elif self.previous and level > self.previous + 1:
            self.add(
                f"the h{level} heading{quote} follows an h{self.previous}, skipping a level — "
                f"use h{self.previous + 1}, so that a screen reader can move from part to part"
            )
        self.previous = level


def read(html: str, page_template: str) -> list[Finding]:
    """What a screen reader would miss in ``html`` (see the module's docstring).

    ``page_template`` is the template that made the page (``base.html.j2``), named for
    what is outside every section.
    """
    reader = _Reader(page_template)
    reader.feed(html)
    reader.close()
    return list(dict.fromkeys(reader.findings))


def problems(
    editions: dict[str, tuple[str, str]],
    template_file: Callable[[str], Path],
    words_file: Callable[[str], str],
) -> list[Problem]:
    """The findings of each edition's HTML as problems at their template files.

    ``editions`` names each HTML made (``"the web page"``) with its HTML and the page
    template it came from; a finding in several is said once, naming all of them.
    ``template_file`` finds a template (``sections/text.html.j2``) where the theme has it;
    ``words_file`` names the words file of a section, for the message.
    """
    where: dict[Finding, list[str]] = {}
    for name, (html, page_template) in editions.items():
        for finding in read(html, page_template):
            where.setdefault(finding, []).append(name)
    found = []
    for finding, names in where.items():
        section = (
            f'section "{finding.section}" ({words_file(finding.section)})'
            if finding.section
            else "outside the sections"
        )
        found.append(
            Problem(
                f"{' and '.join(names)}, {section}: {finding.message}; change the template",
                template_file(finding.template),
            )
        )
    return found
