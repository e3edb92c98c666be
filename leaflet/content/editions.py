"""Every selected leaflet and language of a project, read and checked; ``leaflet check``.

:func:`load` is what a build reads before it renders anything; :func:`check_project`
runs the same reading and checks for ``leaflet check`` and reports every problem,
sorted, without rendering, and the readability warnings of every edition it could
read (:mod:`.prose`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import Collector, LeafletError, Problem
from ..project import Project
from . import catalogue, estimate, fonts, projectfile, prose, yamlfile
from . import languages as languages_
from .editor import editor_notes
from .model import Brand, Edition, texts_in
from .projectfile import ProjectSettings, load_project
from .prose import EditionReadability
from .settings import SHARED_STYLESHEET, load_settings
from .words import Sources, load_edition


def load(
    project: Project, leaflets: Sequence[str] = (), languages: Sequence[str] = ()
) -> list[Edition]:
    """Read and check every selected edition; raise with all problems found."""
    editions, problems = _load(project, leaflets, languages)
    if problems:
        # A key written without a space after its colon confuses YAML's own message.
        raise LeafletError([yamlfile.explain_colon(p) for p in problems.problems])
    return editions


def _load(
    project: Project, leaflets: Sequence[str], languages: Sequence[str]
) -> tuple[list[Edition], Collector]:
    """The editions that have no problems, and the problems of the others."""
    problems = Collector()
    folders = project.leaflet_dirs()
    if leaflets:
        known = {f.name: f for f in folders}
        for name in leaflets:
            if name not in known and (project.content / name).is_dir():
                problems.add(
                    catalogue.not_a_leaflet(project.content / name), project.content / name
                )
            elif name not in known:
                problems.add(
                    f'there is no leaflet "{name}" — the leaflets are: '
                    + (", ".join(known) or "none"),
                    project.content,
                )
        folders = [known[n] for n in leaflets if n in known]
    elif not folders:
        problems.add(
            "there are no leaflets here yet — start one with: leaflet new ID (a leaflet is a "
            "folder in content/ with a leaflet.yaml)",
            project.content,
        )
    editions: list[Edition] = []
    try:
        shared = load_project(project.root)
    except LeafletError as exc:
        # The brand is part of every leaflet: nothing is checked further without it.
        problems.extend(exc)
        return editions, problems
    drawing = projectfile.project_fonts(project)
    for folder in folders:
        for problem in languages_.folder_problems(folder):
            problems.problems.append(problem)
        try:
            settings = load_settings(folder, shared)
        except LeafletError as exc:
            problems.extend(exc)
            continue
        available = settings.languages()
        wanted = [lang for lang in available if not languages or lang in languages]
        if languages and not wanted:
            problems.add(
                f"this leaflet has no language {', '.join(languages)} — it has: "
                + ", ".join(available),
                settings.path,
            )
        sources: Sources = {}  # the source language's words, read once for every translation
        for lang in wanted:
            try:
                edition = load_edition(settings, lang, sources)
            except LeafletError as exc:
                problems.extend(exc)
                continue
            before = len(problems.problems)
            fonts.check_texts(edition.texts(), drawing, problems)
            _patched_words(edition, shared.brand, problems)
            if len(problems.problems) == before:
                editions.append(edition)
    return editions, problems


# --- leaflet check: every content file, nothing rendered -------------------------------


@dataclass(frozen=True)
class CheckResult:
    """What ``leaflet check`` found: every problem, sorted, and what was checked."""

    problems: list[Problem]
    leaflets: int
    languages: int
    files: int
    #: Leaflets whose settings have problems: their words were only read, not checked.
    words_unchecked: list[str]
    #: Readability: sections harder than the target, sentences over 25 words. They stop
    #: nothing (unless ``leaflet check --strict``).
    warnings: list[Problem] = field(default_factory=list)
    #: The readability of each edition that could be read, for whoever wants the numbers.
    readability: list[EditionReadability] = field(default_factory=list)
    #: For each leaflet in ``words_unchecked``: the files whose problems stopped the check
    #: of its words (its leaflet.yaml, its style.css, a picture …).
    unchecked_because: dict[str, list[Path]] = field(default_factory=dict)
    #: Notes on the project itself: no project file yet, a theme file whose default
    #: changed since it was copied, a brand font lacking a script. They stop nothing.
    notes: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        if not self.problems:
            said = (
                f"checked {_count(self.leaflets, 'leaflet')}, "
                f"{_count(self.languages, 'language')}, {_count(self.files, 'file')}: no problems"
            )
            if self.warnings:
                said += f", {_count(len(self.warnings), 'readability warning')}"
            return said
        files = len({p.path for p in self.problems if p.path is not None})
        return f"{_count(len(self.problems), 'problem')} in {_count(files, 'file')}"


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def check_project(
    project: Project, leaflets: Sequence[str] = (), languages: Sequence[str] = ()
) -> CheckResult:
    """Check every content file of the selected leaflets and languages; render nothing.

    This is what ``leaflet build`` checks before it renders (the loader and the font
    check), so content that passes here builds. When a leaflet.yaml has problems the
    words files cannot be checked against their kinds, but each is still read, so
    YAML mistakes in them are reported in the same run.
    """
    editions, collected = _load(project, leaflets, languages)
    problems: list[Problem] = list(collected.problems)
    collided, alike = catalogue.collisions(project, editions, leaflets)
    problems += collided
    # An edition with a problem in one file is not checked for characters the fonts
    # lack, and a leaflet whose leaflet.yaml has a problem not at all: read each words
    # file on its own too, so that every problem is in this one report.
    unchecked: list[str] = []
    because: dict[str, list[Path]] = {}
    notes: list[Problem] = []
    try:
        shared: ProjectSettings | None = load_project(project.root)
        drawing = projectfile.project_fonts(project)
    except LeafletError:  # reported by _load
        shared, drawing = None, tuple(project.theme.fonts())
    if shared is not None:
        notes += projectfile.notes(shared)
        notes += brand_font_notes(shared.brand, editions)
    notes += theme_notes(project)
    notes += editor_notes(project)
    notes += alike
    if not leaflets:
        notes += catalogue.not_leaflets(project)
    folders = [f for f in project.leaflet_dirs() if not leaflets or f.name in leaflets]
    for folder in folders if problems else []:
        if shared is not None:
            try:
                load_settings(folder, shared)  # a few milliseconds: just the one file again
            except LeafletError as exc:
                unchecked.append(folder.name)
                because[folder.name] = list(dict.fromkeys(p.path for p in exc.problems if p.path))
        for words in sorted(folder.glob("*/*.yaml")):
            if languages and words.parent.name not in languages:
                continue
            if words.name.startswith(".") or not languages_.is_language_code(words.parent.name):
                continue  # an editor's lock file; a folder reported as no language
            try:
                loaded = yamlfile.load(words, within=project.root)
            except LeafletError as exc:
                problems.extend(exc.problems)
                continue
            collected = Collector()
            fonts.check_texts(texts_in(loaded), drawing, collected)
            problems.extend(collected.problems)
    found = sorted(
        dict.fromkeys(yamlfile.explain_colon(p) for p in problems),
        key=lambda p: (str(p.path or ""), p.line or 0, p.column or 0),
    )
    # what cannot fit its pages, as far as the words alone tell (the build lays out the rest)
    stylesheet = project.theme.file(SHARED_STYLESHEET)
    unfit = [p for e in editions for p in estimate.does_not_fit(e, stylesheet)]
    if unfit:
        found = sorted([*found, *unfit], key=lambda p: (str(p.path or ""), p.line or 0))
    settings = {e.settings.id: e.settings for e in editions}
    measured = [prose.edition_readability(e) for e in editions]
    return CheckResult(
        problems=found,
        leaflets=len(settings),
        languages=len({e.lang for e in editions}),
        files=len(settings) + sum(len(e.sections) for e in editions),
        words_unchecked=unchecked,
        warnings=sorted(
            (w for m in measured for w in prose.warnings(m)),
            key=lambda p: (str(p.path or ""), p.line or 0),
        ),
        readability=measured,
        unchecked_because=because,
        notes=notes,
    )


def _patched_words(edition: Edition, brand: Brand, problems: Collector) -> None:
    """A problem when a face of the brand's font lacks letters of the edition's script
    that it mostly has: they would be set in another font inside the brand's words."""
    for face in brand.fonts:
        lacking = fonts.partly_covered(edition.texts(), face.path)
        if not lacking:
            continue
        own = edition.settings.folder / edition.lang
        mine = {c: text for c, text in lacking.items() if text.path.is_relative_to(own)}
        lacking = mine or lacking  # a shared text (leaflet.yaml) is said once, not per language
        first = min(lacking.values(), key=lambda text: (str(text.path), text.line or 0))
        letters = " ".join(sorted(lacking))
        who = (
            f"the {languages_.language_name(edition.lang)} text uses" if mine else "this text uses"
        )
        problems.add(
            f"the brand's font {face.path.name} has no {letters}, which {who}: each would be "
            "printed in another font in the middle of words set in the brand's, which shows — "
            "use a "
            "brand font that has every letter of the language (Google Fonts lists the "
            "languages of each font), or take fonts: out of leaflet-project.yaml",
            first.path,
            first.line,
            first.column,
        )
        return


def brand_font_notes(brand: Brand, editions: Sequence[Edition]) -> list[Problem]:
    """Where the brand's font lacks a licence that says so, or the letters of a text."""
    if not brand.fonts:
        return []
    found = []
    for face in brand.fonts:
        if not fonts.open_licence(face.path):
            found.append(
                Problem(
                    f"leaflet cannot see that the font {face.path.name} is under the SIL Open "
                    "Font License — make sure its licence lets you embed it in PDFs and web "
                    "pages (the print file and the web page carry it)",
                    face.path,
                )
            )
    covered = fonts.coverage([brand.fonts[0].path])
    for edition in editions:
        patched = fonts.partly_covered(edition.texts(), brand.fonts[0].path)
        lacking = {
            c
            for text in edition.texts()
            for c in text
            if c.isalpha() and ord(c) not in covered and c not in patched
        }
        if not lacking:
            continue
        scripts = sorted({unicodedata.name(c, "OTHER").split()[0].title() for c in lacking})
        sample = " ".join(sorted(lacking)[:5])
        found.append(
            Problem(
                f"the brand's font ({brand.font_name}) has no {' or '.join(scripts)} letters "
                f"({sample} …): the {languages_.language_name(edition.lang)} text is printed "
                "in the bundled Noto Sans where it needs them",
                edition.settings.folder / edition.lang,
            )
        )
    return found


def theme_notes(project: Project) -> list[Problem]:
    """A note for each theme file the project copied whose default has changed since."""
    found = []
    for override in project.theme.overrides():
        mark = override.mark
        if mark is None:
            continue
        if override.default is None:
            found.append(
                Problem(
                    f"this file was copied from the default of leaflet {mark.version}, which "
                    f"leaflet {__version__} no longer has — your copy is used as it is; "
                    "delete it to leave the theme's own files to leaflet",
                    override.path,
                    1,
                )
            )
        elif override.default_changed:
            found.append(
                Problem(
                    f"leaflet's default of this file has changed since it was copied (from "
                    f"leaflet {mark.version}) — see what changed: leaflet theme diff "
                    f"{override.relative}; once your copy has what it needs, run: leaflet "
                    f"theme mark {override.relative} (or delete your copy to use the default)",
                    override.path,
                    1,
                )
            )
    return found
