"""Each leaflet's contact sheet: every language a row, drawn after a build touched it.

The sheet (``dist/<leaflet>/contact-sheet.png``) is made from the page previews in
dist/ (:mod:`leaflet.prepress.preview` draws it), so a language that was not built
this time still has its row, with its last good pages. The margin says what each
language is waiting for: DRAFT (a file not reviewed), TO TRANSLATE (texts still to
translate, copies of the source text included), out of date (its source text
changed since it was translated, from :mod:`leaflet.translate.status`) and does not
fit (its last build stopped because the text ran over: its pages are older).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence

from .. import content, files
from ..content.languages import is_rtl
from ..errors import LeafletError
from ..prepress import preview
from ..project import Project
from ..translate.cached import cached_status
from .manifest import DoesNotFit, Manifest, Output, commit, stage

SHEET_NAME = "contact-sheet.png"
#: The contact sheet's fonts, in the theme: regular and bold.
SHEET_FONTS = ("styles/fonts/NotoSans-Regular.ttf", "styles/fonts/NotoSans-Bold.ttf")
SUBTITLE = (
    "Contact sheet: every language a row, its pages as a reader opens the folded leaflet "
    "(the cover, the spreads, the back)"
)


def marks(settings: content.Settings, lang: str, unfit: Collection[DoesNotFit]) -> list[str]:
    """What the language is waiting for, as keys of :data:`preview.MARKS`."""
    found = []
    status = cached_status(settings, lang, measure=False)  # the state alone
    if any(s.reviewed is False for s in status.sections):
        found.append("draft")
    if not status.is_source and any(s.texts.to_translate for s in status.sections):
        found.append("to-translate")
    if any(s.changed for s in status.sections):
        found.append("out-of-date")
    if any((d.leaflet, d.language) == (settings.id, lang) for d in unfit):
        found.append("does-not-fit")
    return found


def draw_sheets(project: Project, leaflets: Collection[str], manifest: Manifest) -> list[Output]:
    """Draw the contact sheet of each of ``leaflets`` from dist/, and list it in ``manifest``.

    A sheet that changes is taken out of the manifest before it is replaced and listed
    again once it is there, so the manifest is true at every moment. A leaflet whose
    leaflet.yaml cannot be read now gets no new sheet (the build reports why elsewhere).
    """
    entries = list(manifest.entries.values())
    unfit = list(manifest.unfit.values())
    made = []
    folders = {folder.name: folder for folder in project.leaflet_dirs()}
    for leaflet in sorted(leaflets):
        if leaflet not in folders:
            continue
        try:
            settings = content.load_settings(folders[leaflet])
        except LeafletError:
            continue
        rows = [_row(project, settings, lang, entries, unfit) for lang in settings.languages()]
        fonts = (project.theme.file(SHEET_FONTS[0]), project.theme.file(SHEET_FONTS[1]))
        data = preview.contact_sheet(settings.title, SUBTITLE, rows, fonts)
        path = project.dist / settings.id / SHEET_NAME
        listed = path.relative_to(project.dist).as_posix()
        if not files.is_regular(path) or files.read_bytes(path) != data:  # else leave it be
            temp = stage(path, data)  # a full disk stops here, the old sheet still listed
            try:
                manifest.forget({listed})
                commit(temp, path)
            finally:
                temp.unlink(missing_ok=True)
        sheet = Output(
            leaflet=settings.id,
            language=None,
            variant="contact-sheet",
            format="png",
            path=listed,
            pages=None,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        manifest.record([sheet])
        made.append(sheet)
    return made


def _row(
    project: Project,
    settings: content.Settings,
    lang: str,
    entries: Sequence[Output],
    unfit: Collection[DoesNotFit],
) -> preview.SheetRow:
    pictures = sorted(
        (
            o
            for o in entries
            if (o.leaflet, o.language, o.variant) == (settings.id, lang, "preview")
        ),
        key=lambda o: o.page or 0,
    )
    pages = []
    for entry in pictures:
        try:
            pages.append(files.read_bytes(project.dist / entry.path))
        except OSError:
            pages = []  # a row with a page missing would be wrong: show none
            break
    found = marks(settings, lang, unfit)
    if lang == settings.source_language:
        note = "source language"
    else:
        note = "translation" + ("" if found else ", reviewed")
    if "does-not-fit" in found and pages:
        note = "pages of the last build that fitted"
    return preview.SheetRow(
        lang=lang,
        name=content.language_name(lang),
        note=note,
        marks=tuple(found),
        pages=pages,
        direction="rtl" if is_rtl(lang) else "ltr",
    )
