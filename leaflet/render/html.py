"""The template stage: an edition of a leaflet in, one HTML string out.

Jinja2 runs with ``StrictUndefined`` (a misspelt name in a template is an error,
not an empty string) and autoescaping (content text can never become markup; only
:mod:`leaflet.content.markup` turns its few signs into elements). Every URL in the HTML is
relative to the folder the HTML is written to, so the same file opens in a browser
and renders again with WeasyPrint.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from .. import __version__, files
from ..content import Edition, Section, contact, markup
from ..content import brand as brand_
from ..content.blocks import answer_blocks, box_parts
from ..content.urls import UrlProblem
from ..errors import LeafletError
from ..project import Project
from . import qr
from .dates import format_date
from .flow import Layout
from .outline import END_MARKER, block_marker, section_marker

#: The theme's stylesheet (a path in the theme: the project's copy, else the default's).
STYLESHEET = "styles/leaflet.css"

#: "Draft" in the languages we know it in; every draft also says DRAFT in English.
DRAFT_WORDS = {
    "da": "UDKAST",
    "de": "ENTWURF",
    "sv": "UTKAST",
    "nb": "UTKAST",
    "pl": "SZKIC",
    "tr": "TASLAK",
    "uk": "ЧЕРНЕТКА",
    "ar": "مسودة",
    "fa": "پیش‌نویس",
}


def draft_words(lang: str) -> list[str]:
    """The words of the DRAFT mark: the language's own word, then English."""
    own = DRAFT_WORDS.get(lang.split("-")[0])
    return [own, "DRAFT"] if own else ["DRAFT"]


BASE_TEMPLATE = "base.html.j2"

#: A list (or steps, or a checklist) this short, and this few questions, are a group a
#: page never parts when the group fits on one (class "group": break-inside: avoid).
SHORT_GROUP = {"list": 6, "questions": 4}
#: A paragraph ending in a colon stays on the page with one of these blocks after it.
LEAD_INTO = ("list", "steps", "checklist", "table", "questions")


def _environment(project: Project) -> jinja2.Environment:
    folders = project.theme.folders("templates")
    return _environment_for(tuple(folder.resolve() for folder in folders))


@functools.lru_cache(maxsize=16)
def _environment_for(templates: tuple[Path, ...]) -> jinja2.Environment:
    """One environment per theme (its folders of templates, searched in order: the
    project's own, then the default's), so each template is compiled once.

    Jinja2 still reloads a template whose file changed (auto_reload).
    """
    env = jinja2.Environment(
        loader=_RegularFiles(list(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters["inline"] = _inline
    env.filters["squeeze"] = squeeze
    env.filters["address"] = address
    return env


#: Where a printed web address may break, as typographers break one: after a slash (not
#: between the two of ``//``) and before a dot, hyphen, ?, & or #.
_ADDRESS_BREAK = re.compile(r"(?<=/)(?=[^/])|(?<=[^/])(?=[.?&#-])")


def address(url: str) -> Markup:
    """A web address to print under the QR code: it breaks at :data:`_ADDRESS_BREAK`
    (``<wbr>``), so a narrow caption reads "www.regionsyddanmark" / ".dk/før-din-…",
    not "www.regionsyddanmar" / "k.dk/…" (a word wider than the line still breaks)."""
    return Markup("<wbr>").join(escape(piece) for piece in _ADDRESS_BREAK.split(url))


class _RegularFiles(jinja2.FileSystemLoader):
    """Jinja2's loader of template files, opening regular files only (never a pipe)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            path = Path(folder) / template
            if files.exists_somehow(path) and not files.is_regular(path):
                raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


@jinja2.pass_context
def _inline(context: jinja2.runtime.Context, text: str) -> Markup:
    """The ``inline`` filter: content text with its markup, for the edition being drawn."""
    render_markup: Callable[[str], Markup] = context["inline_markup"]
    return render_markup(text)


def relative_url(target: Path, base: Path) -> str:
    """A URL for ``target`` as seen from a document in the folder ``base``."""
    return quote(Path(os.path.relpath(target.resolve(), base.resolve())).as_posix())


def render(
    edition: Edition,
    project: Project,
    out_dir: Path,
    scale: float = 1.0,
    layout: Layout | None = None,
) -> str:
    """The HTML of ``edition``, with URLs relative to ``out_dir`` (where it will be saved).

    ``scale`` sets the size of all text relative to the normal type scale. A leaflet
    whose sections flow is set as ``layout`` says (the planner's choices, see
    :mod:`.flow`); its own scale then wins.
    """
    settings = edition.settings
    if settings.flows:
        layout = layout or Layout(scale=scale)
        scale = layout.scale
    context = shared_context(edition, project, lambda path: relative_url(path, out_dir))
    stylesheet = project.theme.file(STYLESHEET)
    font_list = brand_.theme_values(stylesheet).get("--font") if settings.brand.fonts else None
    context["brand_css"] = Markup(brand_.brand_css(settings.brand, context["asset"], font_list))
    ordered = [edition.sections[s] for s in settings.section_ids()]
    pages = [[edition.sections[s] for s in page] for page in settings.pages]
    return render_template(
        project,
        BASE_TEMPLATE,
        context,
        pages=pages,
        page_count=len(pages),
        layout=layout,
        cover=next((s for s in ordered if s.kind == "cover"), None),
        back=next((s for s in ordered if s.kind == "back"), None),
        flowing=[s for s in ordered if s.kind not in ("cover", "back") and not s.settings.foot],
        foot=next((s for s in ordered if s.settings.foot), None),
        notes_label=notes_label(edition),
        back_fill=back_fill(edition, layout),
        isolate_ltr=True,  # WeasyPrint 70 has no unicode-bidi: see blocks/contact.html.j2
        block_breaks=lambda section: _block_breaks(layout, section.id),
        stylesheet=relative_url(stylesheet, out_dir),
        scale=f"{scale:g}",
    )


def contact_href(kind: str, text: str) -> str:
    """The link of a phone number, web or e-mail address (contact block, sender)."""
    if kind == "phone":
        return contact.phone_href(text)
    if kind == "web":
        try:
            return contact.web_href(text)
        except UrlProblem:  # checked when read; a template may pass anything
            return ""
    return contact.mailto_href(text)


def back_fill(edition: Edition, layout: Layout | None) -> str:
    """What fills the back page above the sender: as leaflet.yaml says (fill:), else
    lines for notes — or, when the leaflet has pages for notes already, the brand's
    pattern."""
    for section in edition.sections.values():
        if section.kind == "back" and section.settings.fill:
            return section.settings.fill
    return "pattern" if layout is not None and layout.notes_pages else "notes"


def shared_context(
    edition: Edition, project: Project, asset: Callable[[Path], str]
) -> dict[str, Any]:
    """What every page template of an edition gets (the print HTML's and the web page's).

    ``asset`` turns a file of the project into the address the page uses for it.
    """
    settings = edition.settings
    code = qr.make(settings.qr_url) if settings.qr_url else None

    def inline(text: str) -> Markup:
        return markup.render(text, settings.qr_url)

    def brand_colour(role: str, default: str) -> str:
        """The brand's colour for ``role``, else the template's own ``default``."""
        own = settings.brand.colour(role)
        return own.css if own is not None else default

    def brand_mix(first: str, second: str, share: float, default: str) -> str:
        """A shade between two roles' colours: ``default`` unless the brand sets one."""
        if settings.brand.colour(first) is None and settings.brand.colour(second) is None:
            return default
        colours = brand_.role_colours(settings.brand, project.theme.file(STYLESHEET))
        return brand_.mix(colours[first], colours[second], share)

    return {
        "inline_markup": inline,
        "asset": asset,
        "brand_colour": brand_colour,
        "brand_mix": brand_mix,
        "brand_css": "",
        "edition": edition,
        "settings": settings,
        "date": lambda value: format_date(value, edition.lang),
        "box_parts": box_parts,
        "answer_blocks": answer_blocks,
        "short_group": SHORT_GROUP,
        "contact_href": contact_href,
        "lead_into": LEAD_INTO,
        "block_breaks": lambda section: frozenset(),
        "qr": code,
        "qr_svg": Markup(code.titled(settings.qr_url or "")) if code else None,
        "generator": f"leaflet {__version__}",
        "section_template": section_template,
        "draft_words": draft_words(edition.lang),
        "mark": lambda section, template=None: Markup(
            section_marker(section.id, template or section_template(section))
        ),
        "mark_block": lambda kind: Markup(block_marker(f"blocks/{kind}.html.j2")),
        "end_mark": Markup(END_MARKER),
    }


def render_template(project: Project, name: str, context: dict[str, Any], **more: Any) -> str:
    """The template ``name`` rendered; a problem in a template is a clear message."""
    env = _environment(project)
    try:
        return env.get_template(name).render({**context, **more})
    except jinja2.TemplateSyntaxError as exc:
        path = (
            Path(exc.filename)
            if exc.filename
            else project.theme.file(f"templates/{exc.name or '?'}")
        )
        raise LeafletError.at(
            f"template error: {exc.message} — fix the template", path, exc.lineno
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise LeafletError.at(
            f'the template "{exc.name}" does not exist — every kind of section needs '
            "templates/sections/<kind>.html.j2",
            project.theme.file(f"templates/{exc.name}"),
        ) from None
    except jinja2.UndefinedError as exc:
        raise LeafletError.at(
            f"a template uses something that is not defined: {exc.message}",
            project.theme.file(f"templates/{name}"),
        ) from None
    except markup.MarkupProblem as exc:
        raise LeafletError(str(exc)) from None


def _block_breaks(layout: Layout | None, section_id: str) -> frozenset[int]:
    """The blocks of a section's body that start a new page (the planner's choice)."""
    if layout is None:
        return frozenset()
    prefix = f"{section_id}#"
    return frozenset(int(b[len(prefix) :]) for b in layout.breaks if b.startswith(prefix))


def notes_label(edition: Edition) -> str | None:
    """The heading of a page for the reader's notes: the back page's notes_label, else ours."""
    for section in edition.sections.values():
        if section.kind == "back" and "notes_label" in section.words:
            return str(section.words["notes_label"])
    return NOTES_WORDS.get(edition.lang.split("-")[0])


#: "Notes" in the languages we know it in (a leaflet's back page may say it in its own).
NOTES_WORDS = {
    "da": "Noter",
    "en": "Notes",
    "de": "Notizen",
    "sv": "Anteckningar",
    "nb": "Notater",
    "pl": "Notatki",
    "uk": "Нотатки",
    "ar": "ملاحظات",
    "fa": "یادداشت‌ها",
    "tr": "Notlar",
    "so": "Qoraallo",
    "ro": "Notițe",
    "ru": "Заметки",
    "es": "Notas",
    "fr": "Notes",
}


#: Whitespace beside the tags of block elements.
_BLOCK_TAG = (
    r"(?:div|p|ul|ol|li|h[1-6]|figure|figcaption|aside|section|table|thead|tbody|tr|td|th|img|svg)"
)
_SPACE_BEFORE_BLOCK = re.compile(r"\s+(</?" + _BLOCK_TAG + r"\b)")
_SPACE_AFTER_BLOCK = re.compile(r"(</?" + _BLOCK_TAG + r"\b[^>]*>)\s+")


def squeeze(html: str) -> Markup:
    """``html`` without the whitespace between block tags (text keeps its spaces).

    WeasyPrint 70 does not collapse whitespace inside an element set as a footnote (the
    section at the foot of the last page), where each line break would become an
    empty line.
    """
    html = _SPACE_BEFORE_BLOCK.sub(r"\1", str(html))
    return Markup(_SPACE_AFTER_BLOCK.sub(r"\1", html).strip())


def section_template(section: Section) -> str:
    """The template that draws a section: its own (``template:``), else its kind's."""
    return f"sections/{section.settings.template or section.kind}.html.j2"


SLUG_TEMPLATE = "slug.html.j2"
SLUG_FONT = "styles/fonts/NotoSans-Regular.ttf"


def render_slug(
    edition: Edition,
    project: Project,
    out_dir: Path,
    *,
    media_mm: tuple[float, float],
    offset_mm: float,
    slug_mm: float,
    page_count: int,
) -> str:
    """The HTML of the print file's slug pages (see ``templates/slug.html.j2``)."""
    env = _environment(project)
    try:
        return env.get_template(SLUG_TEMPLATE).render(
            edition=edition,
            settings=edition.settings,
            page_count=page_count,
            date=lambda value: format_date(value, edition.lang),
            media_mm=tuple(round(v, 3) for v in media_mm),
            offset_mm=round(offset_mm, 3),
            slug_mm=slug_mm,
            font=relative_url(project.theme.file(SLUG_FONT), out_dir),
        )
    except jinja2.TemplateError as exc:
        path = project.theme.file(f"templates/{SLUG_TEMPLATE}")
        raise LeafletError.at(f"template error: {exc} — fix the template", path) from None
