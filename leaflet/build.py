"""The pipeline: load → check → HTML → render → write, per leaflet and language.

Everything is read and checked before anything is written. Each output is written
to a temporary file beside its final place and moved there only when it is
complete, so a failed build leaves the last good files as they were. The manifest
(``dist/manifest.json``) lists every output with its page count and checksum.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import content, fonts, html
from .errors import Collector, LeafletError, Problem
from .pdf import Renderer, write_pdf
from .project import MANIFEST_FILE, Project


@dataclass(frozen=True)
class Output:
    """One file in ``dist/``, as listed in the manifest."""

    leaflet: str
    language: str
    variant: str
    format: str  # "pdf" or "html"
    path: str  # relative to dist/, with forward slashes
    pages: int | None
    sha256: str
    preflight: str | None = None  # print files: "pass" or "warn"


@dataclass
class Result:
    """What a build made and what went wrong."""

    outputs: list[Output]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def output_dir(project: Project, edition: content.Edition) -> Path:
    return project.dist / edition.settings.id / edition.lang


def load(
    project: Project, leaflets: Sequence[str] = (), languages: Sequence[str] = ()
) -> list[content.Edition]:
    """Read and check every selected edition; raise with all problems found."""
    problems = Collector()
    folders = project.leaflet_dirs()
    if leaflets:
        known = {f.name: f for f in folders}
        for name in leaflets:
            if name not in known:
                problems.add(
                    f'there is no leaflet "{name}" — the leaflets are: '
                    + (", ".join(known) or "none"),
                    project.content,
                )
        folders = [known[n] for n in leaflets if n in known]
    elif not folders:
        problems.add(
            "there are no leaflets here — a leaflet is a folder with a leaflet.yaml",
            project.content,
        )
    editions: list[content.Edition] = []
    for folder in folders:
        try:
            settings = content.load_settings(folder)
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
        for lang in wanted:
            try:
                edition = content.load_edition(settings, lang)
            except LeafletError as exc:
                problems.extend(exc)
                continue
            fonts.check_texts(edition.texts(), project.fonts, problems)
            editions.append(edition)
    problems.raise_if_any()
    return editions


def build(
    project: Project,
    leaflets: Sequence[str] = (),
    languages: Sequence[str] = (),
    report: Callable[[Output], None] | None = None,
) -> Result:
    """Build the selected leaflets and languages into ``dist/``.

    Content problems stop the build before anything is rendered. A problem found
    while rendering one edition does not stop the others; its old files stay.
    """
    editions = load(project, leaflets, languages)
    renderer = Renderer(project)
    made: list[Output] = []
    problems: list[Problem] = []
    for edition in editions:
        try:
            outputs = build_edition(project, edition, renderer)
        except LeafletError as exc:
            problems.extend(exc.problems)
            continue
        made.extend(outputs)
        if report is not None:
            for output in outputs:
                report(output)
    if made:
        update_manifest(project, made)
    return Result(made, problems)


def build_edition(project: Project, edition: content.Edition, renderer: Renderer) -> list[Output]:
    """Render one edition once and write its HTML and its three PDFs; return what was written.

    Nothing is written until every file is made and the print file has passed
    preflight, so a failure leaves all the last good files of this edition in place.
    """
    from . import impose, printfile

    settings = edition.settings
    out_dir = output_dir(project, edition)
    source = settings.folder / edition.lang
    document_html = html.render(edition, project, out_dir)
    # A page that does not fit is reported at the file of its last section: the text
    # that runs over is at the end of the page.
    plan = [
        (
            "sections " + ", ".join(page),
            settings.words_path(edition.lang, page[-1]),
        )
        for page in settings.pages
    ]
    document = renderer.render(document_html, out_dir, source, plan)
    pages = len(document.pages)
    screen = printfile.finish_screen(write_pdf(document, source))
    office = impose.impose(screen, direction=edition.direction, title=edition.title)
    print_pdf = _print_file(project, edition, renderer, document, out_dir, source)
    stem = f"{settings.id}-{edition.lang}"
    files = [
        (f"{stem}-print.pdf", "print", "pdf", print_pdf, pages),
        (f"{stem}-office.pdf", "office", "pdf", office, pages // 2),
        (f"{stem}.pdf", "screen", "pdf", screen, pages),
        (f"{stem}.html", "screen", "html", document_html.encode("utf-8"), None),
    ]
    checked = _preflight_print(out_dir / files[0][0], print_pdf, settings.path)
    outputs = []
    for name, variant, fmt, data, count in files:
        write_atomic(out_dir / name, data)
        outputs.append(
            Output(
                leaflet=settings.id,
                language=edition.lang,
                variant=variant,
                format=fmt,
                path=(out_dir / name).relative_to(project.dist).as_posix(),
                pages=count,
                sha256=hashlib.sha256(data).hexdigest(),
                preflight=checked if variant == "print" else None,
            )
        )
    return outputs


def _print_file(
    project: Project,
    edition: content.Edition,
    renderer: Renderer,
    document: Any,
    out_dir: Path,
    source: Path,
) -> bytes:
    """The print shop's PDF/X file, made from the same render as the others."""
    from . import printfile

    settings = edition.settings
    options = settings.print
    sheet = printfile.Sheet(bleed_mm=options.bleed_mm, marks=options.marks)
    slug = None
    if options.marks:
        slug_html = html.render_slug(
            edition,
            project,
            out_dir,
            media_mm=sheet.media_mm,
            offset_mm=options.bleed_mm + printfile.SLUG_MM,
            slug_mm=printfile.SLUG_MM,
        )
        slug = write_pdf(renderer.render(slug_html, out_dir, source, ()), source)
    return printfile.finish_print(
        write_pdf(document, source, options.pdf_variant),
        sheet,
        slug=slug,
        output_condition=options.output_condition,
        output_condition_text=options.output_condition_text,
        registry=options.registry,
        document_key=f"{settings.id}/{edition.lang}/{settings.document.version}",
    )


def _preflight_print(path: Path, data: bytes, settings_path: Path) -> str:
    """Run preflight on the print file before it replaces the last good one.

    Returns "pass" or "warn"; raises with one problem per failed check.
    """
    from . import preflight

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".check.pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        report = preflight.preflight(Path(temp), "print")
    finally:
        Path(temp).unlink(missing_ok=True)
    failed = [c for c in report.checks if c.status == "FAIL"]
    if failed:
        raise LeafletError(
            [
                Problem(
                    f"the print file failed preflight ({c.id}"
                    + (f", pages {', '.join(map(str, c.pages))}" if c.pages else "")
                    + f"): {c.detail}",
                    settings_path,
                )
                for c in failed
            ]
        )
    return "warn" if any(c.status == "WARN" for c in report.checks) else "pass"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_manifest(project: Project) -> list[Output]:
    path = project.dist / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Output(**entry) for entry in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def update_manifest(project: Project, made: Sequence[Output]) -> None:
    """Merge what was just made into the manifest; drop entries whose files are gone."""
    fresh = {(o.leaflet, o.language, o.variant, o.format): o for o in made}
    kept = [
        o
        for o in read_manifest(project)
        if (o.leaflet, o.language, o.variant, o.format) not in fresh
        and (project.dist / o.path).is_file()
    ]
    entries = sorted([*kept, *fresh.values()], key=lambda o: o.path)
    data = {"files": [asdict(o) for o in entries]}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(project.dist / MANIFEST_FILE, text.encode("utf-8"))
