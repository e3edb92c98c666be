"""Laying out a leaflet whose sections flow: choosing the page count, fitting, balancing.

The source language chooses the page count: the fewest of 4, 8, 12 … pages its text
fits on, at its normal size or (when the leaflet allows it, ``shrink_to_fit``) a
little smaller; ``pages: 8`` in leaflet.yaml fixes it instead. Every translation is
held to that count, so the print shop's job is the same in every language: a
translation that needs more room is set smaller, down to the leaflet's floor, and
otherwise reported with the number of lines to cut.

In the common case the first layout is final. When the text leaves room to spare,
:func:`leaflet.render.plan.plan` shares it out and one more layout sets it.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import content
from ..errors import LeafletError, Problem
from ..project import MAX_PAGES, MM_PER_PT, Project
from ..render import html
from ..render.fit import DoesNotFit
from ..render.flow import NOTES_HEADING_MM, NOTES_LINE_MM, Layout, Measured, measure, total_pages
from ..render.heads import Head, heads
from ..render.measure import elements, page_fill, split_unsplittable
from ..render.pdf import Renderer
from ..render.plan import (
    GROWTH,
    MIN_FILL,
    PICTURES_LARGER,
    PICTURES_SMALLER,
    fitting_sizes,
    plan,
    predict_pages,
)
from ..render.spread import PageRoom, spread

#: Steps by which a language's text may shrink to fit, down to the leaflet's floor.
SHRINK_STEP = 0.025
#: Body text: 11 pt at a leading of 1.5, in millimetres (for "about N lines").
BODY_LINE_MM = 11 * 1.5 * MM_PER_PT
#: An inside page (but the last) this full or less, before its room is shared out, is
#: planned again: sharing out adds at most about a fifth of a page.
SPARSE = 0.7
#: Kinds of section that are one box: a page never breaks inside them.
UNBREAKABLE_KINDS = frozenset({"note", "warning", "qr", "themes"})


@dataclass(frozen=True)
class Flowed:
    """A flowing edition, laid out: its HTML, the document, and how it was set."""

    html: str
    document: Any
    layout: Layout
    measured: Measured
    renders: int  # how many layouts it took
    #: Each inside page after its room was shared out (:mod:`leaflet.render.spread`).
    rooms: tuple[PageRoom, ...] = ()
    #: What starts and ends each inside page (:mod:`leaflet.render.heads`).
    heads: tuple[Head, ...] = ()
    #: (the smaller page count, lines too many) when the text just missed that count.
    missed: tuple[int, int] | None = None

    @property
    def room_lines(self) -> float:
        """Lines of body text that still fit: on the last inside page with text, and on
        the pages for notes after it (which more text would take first)."""
        notes = self.layout.notes_pages
        fills = self.measured.fills
        text_pages = fills[: len(fills) - notes] if notes else fills
        area = self.measured.area
        room = (1 - text_pages[-1]) * area + notes * area if text_pages else 0.0
        if not notes:
            room = self.measured.last_free_mm
        return room / (BODY_LINE_MM * self.layout.scale)


class _Flow:
    """One edition's layouts: each is rendered and measured the same way."""

    def __init__(
        self, project: Project, edition: content.Edition, renderer: Renderer, out_dir: Path
    ) -> None:
        self.project = project
        self.edition = edition
        self.renderer = renderer
        self.out_dir = out_dir
        self.renders = 0
        settings = edition.settings
        kinds = {sid: section.kind for sid, section in settings.sections.items()}
        self.cover = "cover" in kinds.values()
        self.back = "back" in kinds.values()
        ids = [sid for sid in settings.section_ids() if kinds[sid] not in ("cover", "back")]
        self.unbreakable = frozenset(s for s in ids if kinds[s] in UNBREAKABLE_KINDS)
        self.may_start = frozenset(
            s
            for s in ids
            if "heading" in edition.sections[s].words or kinds[s] in UNBREAKABLE_KINDS
        )
        self.forced = frozenset(s for s in ids if settings.sections[s].new_page)
        self.foot = next((s for s in ids if settings.sections[s].foot), None)
        self.splittable = frozenset(s for s in ids if kinds[s] == "text")
        self.last_document: Any = None
        #: The layout that fitted a smaller page count, found while choosing the count.
        self.fitted: tuple[str, Any, Measured, Layout] | None = None
        #: (the smaller count, lines too many) when the text was tried on fewer pages
        #: and just did not fit them.
        self.missed: tuple[int, int] | None = None
        #: The lines too many, from the last layout that did not fit.
        self.short_by = 0

    def lay_out(self, layout: Layout) -> tuple[str, Any, Measured]:
        edition = self.edition
        text = html.render(edition, self.project, self.out_dir, layout=layout)
        source = edition.settings.folder / edition.lang
        document = self.renderer.render(text, self.out_dir, source, None)
        self.renders += 1
        self.last_document = document
        measured = measure(
            document,
            cover=self.cover,
            back=self.back,
            unbreakable=self.unbreakable,
            may_start=self.may_start,
            forced=self.forced,
            foot=self.foot,
            splittable=self.splittable,
        )
        return text, document, measured

    def inside_for(self, total: int) -> int:
        return total - int(self.cover) - int(self.back)


def _language(edition: content.Edition) -> str:
    return content.language_name(edition.lang)


def _overflow(
    flow: _Flow, document: Any, measured: Measured, inside: int, scale: float
) -> tuple[int, str | None]:
    """(lines over, the last section on the last allowed inside page) of a layout."""
    pages = list(document.pages)[int(flow.cover) : len(document.pages) - int(flow.back)]
    fills = [page_fill(page) for page in pages]
    spill = sum(f.fill * f.height_mm for f in fills[inside:])
    room = fills[inside - 1].free_mm if 0 < inside <= len(fills) else 0.0
    line = BODY_LINE_MM * scale
    lines = max(1, math.ceil((spill - room) / line))
    last_page = int(flow.cover) + inside - 1
    on_last = [
        e.id
        for e in elements(document, "flow-").values()
        if any(p.page == last_page for p in e.pieces)
    ]
    return lines, (on_last[-1] if on_last else None)


def _too_long(flow: _Flow, lines: int, last: str | None, total: int, fixed: bool) -> DoesNotFit:
    edition = flow.edition
    settings = edition.settings
    language = _language(edition)
    plural = "s" if lines != 1 else ""
    if fixed:
        against = f"the {total} pages set in leaflet.yaml (pages: {total})"
        fix = f"shorten it by about {lines} line{plural}, or allow more pages"
    elif edition.is_source:
        against = f"the {total} pages it can have"
        fix = f"shorten it by about {lines} line{plural}"
    else:
        against = (
            f"the {total} pages of the {content.language_name(settings.source_language)} leaflet"
        )
        fix = f"shorten it by about {lines} line{plural}"
    where = f'; the last section on the last inside page is "{last}"' if last else ""
    floor = settings.shrink_floor
    shrunk = f" even at {floor:.0%} of its size" if floor < 1 else ""
    path = settings.words_path(edition.lang, last) if last else settings.folder / edition.lang
    return DoesNotFit(
        [
            Problem(
                f"the {language} text needs about {lines} line{plural} more than {against}"
                f"{shrunk} — {fix}{where}",
                path,
            )
        ]
    )


def _fitting(
    flow: _Flow, free: Measured, inside: int, total: int, fixed: bool, tries: int = 99
) -> tuple[str, Any, Measured, Layout]:
    """The free flow that fits ``inside`` pages with the least change: the section at the
    foot on the back page, pictures narrower (down to 60 %), the type smaller (down to
    the leaflet's floor), in that order.

    The sizes are first predicted from the measurements at full size (``free``), so that
    usually one layout finds them; each miss steps down once more.
    """
    floor = flow.edition.settings.shrink_floor
    document, measured, layout = flow.last_document, free, Layout()
    sizes = fitting_sizes(free, inside, floor, back=flow.back)
    if len(sizes) > tries:  # the first predicted to fit, and the surest at the end
        sizes = [*sizes[: tries - 1], sizes[-1]]
    tried = [Layout(), *sizes]
    for layout in sizes:
        text, document, measured = flow.lay_out(layout)
        if measured.inside <= inside:
            # At the size that fits, the section at the foot stays inside when it can: the
            # size was perhaps predicted with it on the back page, or skipped to as the
            # surest, and the smaller type may have made the room for it.
            kept = replace(layout, foot_on_back=False)
            if layout.foot_on_back and kept not in tried:
                found = flow.lay_out(kept)
                if found[2].inside <= inside:
                    return (*found, kept)
            return text, document, measured, layout
    lines, last = _overflow(flow, document, measured, inside, layout.scale)
    flow.short_by = lines
    raise _too_long(flow, lines, last, total, fixed)


def choose_count(flow: _Flow, free: Measured) -> int:
    """The page count the source language gets (see the module's docstring)."""
    settings = flow.edition.settings
    if settings.page_count is not None:
        return settings.page_count
    count = total_pages(free.inside, flow.cover, flow.back)
    if count > MAX_PAGES:  # more than any leaflet may have, even set smaller
        inside = flow.inside_for(MAX_PAGES)
        lines, last = _overflow(flow, flow.last_document, free, inside, 1.0)
        floor = settings.shrink_floor
        raise _too_long(flow, math.ceil(lines * floor), last, MAX_PAGES, fixed=False)
    # The smaller count when narrower pictures or smaller type (down to the floor) fit
    # it; the prediction says whether to try (a layout wasted on a hopeless case).
    smaller = count - 4
    floor = settings.shrink_floor
    easiest = replace(free, foot=0.0) if flow.back else free
    if (
        smaller >= 4
        and flow.inside_for(smaller) > 0
        and predict_pages(easiest, floor, PICTURES_SMALLER[-1]) <= flow.inside_for(smaller)
    ):
        try:
            # a sheet saved is worth one more layout, the one predicted to fit (and, if
            # the prediction was too kind, one at the surest size)
            flow.fitted = _fitting(
                flow, free, flow.inside_for(smaller), smaller, fixed=False, tries=2
            )
        except DoesNotFit:
            flow.missed = (smaller, flow.short_by)
            return count
        return smaller
    return count


#: The page count of each source language's text, by the HTML of its first layout.
_COUNTS: dict[str, int] = {}


def _key(text: str, settings: content.Settings, project: Project) -> str:
    """What the source's page count depends on: its HTML, and the styles and fonts the
    HTML uses without naming their contents (a long-lived ``leaflet serve`` sees edits)."""
    digest = hashlib.sha256(f"{settings.shrink_floor}|{settings.page_count}|{text}".encode())
    theme = project.theme
    styles = [theme.file(html.STYLESHEET), *([settings.style] if settings.style else [])]
    for path in [*styles, *theme.fonts(), *settings.brand.font_files]:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def source_count(project: Project, settings: content.Settings, renderer: Renderer) -> int:
    """The page count chosen by the source language (laid out once per process)."""
    edition = content.load_edition(settings, settings.source_language)
    out_dir = project.dist / settings.id / settings.source_language
    flow = _Flow(project, edition, renderer, out_dir)
    text = html.render(edition, project, out_dir, layout=Layout())
    key = _key(text, settings, project)
    if key not in _COUNTS:
        _, _, free = flow.lay_out(Layout())
        _COUNTS[key] = choose_count(flow, free)
    return _COUNTS[key]


def known_count(project: Project, settings: content.Settings, pages: int) -> None:
    """Keep ``pages`` as the page count of the source language, as an earlier build laid
    it out from exactly the inputs it has now (the manifest says so): a translation
    built in this process is then held to it without laying the source out again."""
    if not settings.flows or settings.page_count is not None:
        return
    try:
        edition = content.load_edition(settings, settings.source_language)
    except LeafletError:
        return  # laid out (and its problem said) when a translation needs it
    out_dir = project.dist / settings.id / settings.source_language
    text = html.render(edition, project, out_dir, layout=Layout())
    _COUNTS.setdefault(_key(text, settings, project), pages)


def render_flowing(
    project: Project, edition: content.Edition, renderer: Renderer, out_dir: Path
) -> Flowed:
    """Lay out a flowing edition on the page count its leaflet has (see the module)."""
    settings = edition.settings
    flow = _Flow(project, edition, renderer, out_dir)
    text, document, free = flow.lay_out(Layout())
    if edition.is_source:
        total = choose_count(flow, free)
        _COUNTS[_key(text, settings, project)] = total
    else:
        total = source_count(project, settings, renderer)
    inside = flow.inside_for(total)
    fixed = settings.page_count is not None
    layout = Layout()
    if flow.fitted is not None and edition.is_source:
        text, document, free, layout = flow.fitted
    elif free.inside > inside:
        text, document, free, layout = _fitting(flow, free, inside, total, fixed)
    result = Flowed(text, document, layout, free, flow.renders)
    if free.inside < inside:
        result = _balanced(flow, result, inside, total)
    elif _foot_alone(flow, result) or _sparse(free):
        # the pages are the right count, but one is poorly filled: the plan may share the
        # room out better (one more layout), else the last page becomes a page for notes
        result = _balanced(flow, result, inside, total, keep=True)
        if _foot_alone(flow, result):
            result = _foot_on_notes(flow, result, total)
    elif (
        under_filled(free) and free.items and any(b.pictures for i in free.items for b in i.blocks)
    ):
        result = _pictures_narrower(flow, result)
    _check_boxes(flow, result.document)  # whatever layout was chosen: nothing cut in two
    inside_pages = range(int(flow.cover), len(result.document.pages) - int(flow.back))
    rooms = spread(result.document, inside_pages, dict(result.layout.gaps))
    return replace(
        result,
        renders=flow.renders,
        rooms=tuple(rooms),
        heads=tuple(heads(result.document, inside_pages)),
        missed=flow.missed if edition.is_source else None,
    )


def _foot_alone(flow: _Flow, laid: Flowed) -> bool:
    """The section at the foot went to the last inside page on its own (the text filled
    the pages before it)."""
    if flow.foot is None or laid.layout.notes_pages or laid.layout.foot_on_back:
        return False
    last = len(laid.document.pages) - 1 - int(flow.back)
    return not any(
        piece.page == last
        for sid, element in elements(laid.document, "flow-").items()
        if sid != flow.foot
        for piece in element.pieces
    )


def _foot_on_notes(flow: _Flow, laid: Flowed, total: int) -> Flowed:
    """The last inside page as a page for notes, with the section at its foot: one more
    layout (the text before it does not move)."""
    measured = laid.measured
    lines = int((measured.area - NOTES_HEADING_MM - measured.foot) // NOTES_LINE_MM)
    if lines < 5:
        return laid
    layout = replace(laid.layout, notes_pages=1, foot_on_notes=True, notes_lines=lines)
    text, document, remeasured = flow.lay_out(layout)
    if len(document.pages) != total:
        return laid
    return Flowed(text, document, layout, remeasured, flow.renders)


def _pictures_narrower(flow: _Flow, laid: Flowed) -> Flowed:
    """A page left less than 75 % full, most often because a picture did not fit under
    its text: one more layout with the pictures narrower, kept if it fills better."""
    layout = replace(laid.layout, pictures=round(laid.layout.pictures * 0.8, 3))
    text, document, measured = flow.lay_out(layout)
    fuller = len(under_filled(measured)) < len(under_filled(laid.measured))
    if measured.pages == laid.measured.pages and fuller and _whole(document):
        return Flowed(text, document, layout, measured, flow.renders)
    return laid


def _sparse(measured: Measured) -> bool:
    """An inside page but the last so empty that sharing its room out will not fill it."""
    return any(fill < SPARSE for fill in measured.fills[:-1])


def _balanced(flow: _Flow, free: Flowed, inside: int, total: int, keep: bool = False) -> Flowed:
    """Spare room shared out (:func:`plan`), checked by laying it out; never a wrong count.
    ``keep``: ``free`` already has the right count; it stays when the plan misses."""
    base = free.layout
    grown = base == Layout()  # sizes were not reduced to fit: they may grow
    chosen = plan(
        free.measured,
        inside,
        notes_allowed=True,
        scales=GROWTH if grown else (base.scale,),
        pictures=PICTURES_LARGER if grown else (base.pictures,),
        base=base,
    )
    tries = [chosen] if chosen is not None else []
    for layout in tries:
        text, document, measured = flow.lay_out(layout)
        if measured.pages == total and _whole(document):
            return Flowed(text, document, layout, measured, flow.renders)
        # Predicted, not measured: plan again from this layout, at its own scale.
        again = plan(
            measured,
            inside,
            notes_allowed=True,
            scales=(layout.scale,),
            pictures=(layout.pictures,),
            base=layout,
        )
        if again is not None and len(tries) < 2 and not keep:
            tries.append(again)
    if keep:
        return free
    # The plan missed twice: the text as it flows, and notes pages for the rest.
    layout = replace(base, notes_pages=inside - free.measured.inside)
    text, document, measured = flow.lay_out(layout)
    if measured.pages != total:
        raise LeafletError.at(
            f"leaflet could not lay the {_language(flow.edition)} text out on {total} pages "
            f"(it came out with {measured.pages}) — please report this, with the leaflet",
            flow.edition.settings.folder / flow.edition.lang,
        )
    return Flowed(text, document, layout, measured, flow.renders)


def _whole(document: Any) -> bool:
    """No box, table or picture of ``document`` is cut in two."""
    return not split_unsplittable(document)


def _check_boxes(flow: _Flow, document: Any) -> None:
    """A box, table or picture cut in two (it is taller than a page, or WeasyPrint could
    not keep it whole): say which, where, and in which section's file."""
    problems = []
    edition = flow.edition
    for label, page, section in split_unsplittable(document):
        what = {"div.box": "a box", "table.table": "a table", "figure.picture": "a picture"}.get(
            label, "a block that must stay whole"
        )
        known = section in edition.sections
        problems.append(
            Problem(
                f"{what} on page {page} in {_language(edition)}"
                + (f' (section "{section}")' if known else "")
                + " would be cut in two across pages — shorten it, or make it two",
                edition.settings.words_path(edition.lang, section)
                if known and section
                else edition.settings.folder / edition.lang,
            )
        )
    if problems:
        raise LeafletError(problems)


def under_filled(measured: Measured) -> list[int]:
    """Inside pages (counted from 1) other than the last that are less than 75 % full."""
    return [n for n, fill in enumerate(measured.fills[:-1], start=1) if fill < MIN_FILL]
