"""The command line: each command is a few lines of wiring around the library."""

from __future__ import annotations

import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_options import Seconds
from .cli_xliff import XliffHelpers, register_xliff
from .errors import LeafletError, Problem, shown
from .project import Project

EXIT_HELP = """
Exit status: 0 when everything was built, 1 when there is a problem with the
content or input files (each one is printed as file:line: what is wrong — what to
do), 2 when the command itself was used wrongly, 130 when it was interrupted.
"""


_OUTCOME = "earlier files in dist/ were left as they were."


def _fail(problems: list[Problem], project: Project | None, outcome: str = _OUTCOME) -> None:
    root = project.root if project else None
    for problem in problems:
        click.echo(problem.render(root), err=True)
    count = len(problems)
    click.echo(
        f"leaflet: stopped — {count} problem{'s' if count != 1 else ''} to fix; {outcome}",
        err=True,
    )
    sys.exit(1)


def _say_up_to_date(count: int) -> None:
    click.echo(
        f"{count} leaflet language{'s were' if count != 1 else ' was'} up to date and "
        "not built again (leaflet build --force builds everything)"
    )


def _cores() -> int:
    """The processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Progress:
    """One line on the terminal: a bar, how many of how many, and the leaflet at hand."""

    WIDTH = 24

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int, label: str) -> None:
        filled = self.WIDTH * done // max(total, 1)
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        click.echo(f"\r\x1b[K{bar} {done}/{total} {label}", nl=False, err=True)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False, err=True)
            self.shown = False


def _shown_lines(table: str) -> str:
    """A table for the terminal, each line shown safely (see :func:`errors.shown`)."""
    return "\n".join(shown(line) for line in table.split("\n"))


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Group(click.Group):
    """Turns user problems into messages and everything else into one clear line."""

    def invoke(self, ctx: click.Context) -> object:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except LeafletError as exc:
            if debug:
                traceback.print_exc()
            obj = ctx.obj if isinstance(ctx.obj, dict) else {}
            _fail(exc.problems, obj.get("project"), obj.get("outcome", _OUTCOME))
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("leaflet: interrupted — no file in dist/ was left half-written.", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug in leaflet, not a user mistake
            if debug:
                raise
            click.echo(
                f"leaflet: internal error ({type(exc).__name__}: {exc}). This is a bug in "
                "leaflet, not in your content — run again with --debug and report what it "
                "prints.",
                err=True,
            )
            sys.exit(1)
        return None


@click.group(cls=_Group, epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="leaflet")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The project folder (with content/, templates/ and styles/). "
    "Default: the current folder or the nearest one above it.",
)
@click.option("--debug", is_flag=True, help="Show the full trace of a problem.")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None, debug: bool) -> None:
    """Turn YAML content into print-ready folded A5 leaflets (PDF).

    Each leaflet is a folder in content/: leaflet.yaml holds its settings and its
    sections, and one folder per language holds the words. `leaflet new` starts
    one; `leaflet build` makes the PDFs in dist/.
    """
    ctx.obj = {"project_dir": project_dir, "debug": debug}


def _project(ctx: click.Context, outcome: str = _OUTCOME) -> Project:
    project = Project.find(ctx.obj["project_dir"])
    ctx.obj.update(project=project, outcome=outcome)  # outcome: said when a problem stops it
    return project


@main.command(epilog=EXIT_HELP)
@click.option(
    "--leaflet",
    "leaflets",
    multiple=True,
    metavar="ID",
    help="Build only this leaflet (a folder name in content/). Can be given more than once.",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Build only this language (a folder name such as da). Can be given more than once.",
)
@click.option(
    "--draft-print",
    is_flag=True,
    help="Also make print files of translations not yet reviewed (with DRAFT on every "
    "page), for a proof. Without it, a draft gets no print file.",
)
@click.option(
    "--time-limit",
    "time_limit",
    type=Seconds(),
    default=120,
    show_default=True,
    metavar="SECONDS",
    help="Stop a leaflet's language that takes longer than this to build (normally it "
    "takes a few seconds) and report it; its earlier files stay. A number of seconds "
    "above 0, at most 86400 (a day).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Build N leaflet languages at a time, each in a process of its own. "
    "Default: one per processor core.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Build everything again, also the files that are up to date.",
)
@click.pass_context
def build(
    ctx: click.Context,
    leaflets: tuple[str, ...],
    languages: tuple[str, ...],
    draft_print: bool,
    time_limit: float,
    jobs: int | None,
    force: bool,
) -> None:
    """Build the leaflets into dist/<leaflet>/<language>/, for each language:

    \b
      <leaflet>-<lang>-print.pdf   for the print shop: PDF/X-4, CMYK, 3 mm bleed,
                                   crop marks; checked with preflight first
      <leaflet>-<lang>-office.pdf  for an office printer: A4 sheets, print on both
                                   sides, "flip on short edge", fold in the middle
      <leaflet>-<lang>.pdf         for screens and the web site: PDF/UA-1 (and .html)
      <leaflet>-<lang>-web.html    the web page: the same words, one accessible file

    Everything is checked before anything is written. If a problem is found, it is printed
    with its file and line, and the files already in dist/ stay as they were. Files made
    from exactly the content, templates and styles they have now are not made again.
    """
    project = _project(ctx)

    def report(output: object) -> None:
        from .build.edition import Notice
        from .build.manifest import Output

        if isinstance(output, Notice):
            click.echo("note: " + Problem(output.message, output.path).render(project.root))
            return
        assert isinstance(output, Output)
        if output.format != "pdf":
            return
        what = {
            "print": f"{output.pages} pages for the print shop",
            "office": f"{(output.pages or 0) // 2} A4 sheets, both sides, for an office printer",
            "screen": f"{output.pages} pages for screens",
        }.get(output.variant, f"{output.pages} pages")
        checked = {"pass": ", preflight passed", "warn": ", preflight passed with warnings"}
        click.echo(f"built {what}{checked.get(output.preflight or '', '')}  dist/{output.path}")

    def waiting() -> None:
        click.echo("leaflet: another build is writing into dist/ — waiting for it to finish")

    # Stopped by the system (kill, CI timeout): unwind like Ctrl-C, removing temporary files.
    signal.signal(signal.SIGTERM, _stop)
    from .build.quick import nothing_to_do

    done = None if force else nothing_to_do(project, leaflets, languages, draft_print, waiting)
    if done is not None:
        _say_up_to_date(done)
        return
    from .build.pipeline import build as run_build

    bar = _Progress() if sys.stderr.isatty() else None

    def reported(output: object) -> None:
        if bar is not None:
            bar.clear()
        report(output)

    result = run_build(
        project,
        leaflets,
        languages,
        report=reported,
        draft_print=draft_print,
        time_limit_s=time_limit,
        waiting=waiting,
        jobs=jobs or _cores(),
        force=force,
        progress=bar,
    )
    if bar is not None:
        bar.clear()
    if result.up_to_date:
        _say_up_to_date(len(result.up_to_date))
    if not result.ok:
        _fail(result.problems, project)


@main.command(epilog="Exit status: 0 when stopped with Ctrl-C, 1 when no port is free.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, help="The port; 0: any.")
@click.option("--open/--no-open", "open_browser", default=None, help="Open it in a browser.")
@click.pass_context
def serve(ctx: click.Context, port: int, open_browser: bool | None) -> None:
    """Show the leaflets in a web browser (http://127.0.0.1:8000/, this computer only)
    and build again what each saved file touches; open pages update by themselves, a
    problem is shown on the page and the last good pages stay. Stop with Ctrl-C."""
    from .build.session import Session
    from .serve.app import serve as run_server

    project = _project(ctx)
    signal.signal(signal.SIGTERM, _stop)
    opening = sys.stdout.isatty() if open_browser is None else open_browser
    run_server(
        project, Session(project), port, lambda line, err: click.echo(line, err=err), opening
    )


@main.command()
@click.argument("pdf_file", metavar="FILE.pdf", type=click.Path(path_type=Path))
@click.option(
    "--profile",
    type=click.Choice(["print", "office", "web"]),
    default="print",
    show_default=True,
    help="print: a print shop's rules for folded A5; office: A4 sheets; web: a screen PDF, "
    "and what a screen reader needs.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def preflight(pdf_file: Path, profile: str, as_json: bool) -> None:
    """Check a finished PDF (any PDF, no project needed) and print one row per check.

    Exit status: 0 when no check failed (warnings allowed), 1 when a check failed or
    the file could not be read, 2 when the command was used wrongly.
    """
    import json

    from .preflight import PreflightError, format_table
    from .preflight import preflight as run_preflight

    try:
        report = run_preflight(pdf_file, profile)
    except PreflightError as exc:
        click.echo(f"leaflet: {shown(str(exc))}", err=True)
        sys.exit(1)
    click.echo(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
        if as_json
        else _shown_lines(format_table(report))
    )
    sys.exit(0 if report.ok else 1)


@main.command(
    epilog="Exit status: 0 when every file is fine (readability warnings allowed), 1 when "
    "there are problems (each one is printed as file:line:column: what is wrong — what to "
    "do), or readability warnings with --strict, 2 when the command itself was used wrongly."
)
@click.option(
    "--leaflet",
    "leaflets",
    multiple=True,
    metavar="ID",
    help="Check only this leaflet (a folder name in content/). Can be given more than once.",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Check only this language (a folder name such as da). Can be given more than once.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat readability warnings as problems: exit with status 1 when a section is "
    "harder to read than the target or a sentence has more than 25 words.",
)
@click.pass_context
def check(
    ctx: click.Context, leaflets: tuple[str, ...], languages: tuple[str, ...], strict: bool
) -> None:
    """Check every content file, without making any PDF, and list all problems at once.

    It checks what `leaflet build` checks before it makes anything: YAML mistakes,
    keys, kinds of values, pictures, links, the page plan and characters the fonts do
    not have. Whether the text fits on its pages is only known when building.

    It also measures how easy each section is to read (LIX, or Flesch reading ease
    for English, German, Spanish and Russian) and warns about a section harder than
    the leaflet's target (readability: target: in leaflet.yaml, default LIX 40) and
    about every sentence over 25 words, with their lines (once there are no problems).
    Warnings stop nothing, unless --strict is given.
    """
    from .content.editions import check_project

    project = _project(ctx)
    result = check_project(project, leaflets, languages)
    for problem in result.problems:
        click.echo(problem.render(project.root), err=True)
    for warning in result.warnings if not result.problems else []:
        click.echo(warning.render(project.root), err=True)
    if result.words_unchecked:
        click.echo(
            "leaflet check: the words files of "
            + ", ".join(result.words_unchecked)
            + " were only read, not checked, because its leaflet.yaml has problems — fix "
            "those and run leaflet check again",
            err=True,
        )
    if result.problems:
        click.echo(f"leaflet check: {result.summary()} — nothing was built", err=True)
        sys.exit(1)
    click.echo(result.summary())
    if strict and result.warnings:
        click.echo(
            "leaflet check: --strict counts readability warnings as problems — make the "
            "sections easier to read, or raise readability: target: in leaflet.yaml",
            err=True,
        )
        sys.exit(1)


# --- a new leaflet (see leaflet/content/new.py) ---------------------------------------


@main.command("new")
@click.argument("leaflet_id", metavar="ID")
@click.option(
    "--lang",
    default="da",
    show_default=True,
    metavar="LANG",
    help="The language the leaflet is written in (its words folder). Danish and English "
    "get placeholder text in their own language, others in English.",
)
@click.option("--title", help="The title on the cover (you can change it later).")
@click.pass_context
def new(ctx: click.Context, leaflet_id: str, lang: str, title: str | None) -> None:
    """Start a new leaflet: content/ID/ with a leaflet.yaml, a picture and one file per
    section, showing every kind of block with text that says what to write. It builds
    at once.

    ID is the leaflet's folder name: lower-case letters a to z, digits and hyphens,
    like ondt-i-knaeet. Nothing is overwritten: if the folder exists, it stops.

    Exit status: 0 when the leaflet was made, 1 when the name cannot be used, 2 when
    the command was used wrongly.
    """
    from .content import new as starter
    from .project import SETTINGS_FILE as SETTINGS

    project = _project(ctx)
    made = starter.write(starter.prepare(project, leaflet_id, lang, title))
    where = project.relative(made).as_posix()
    sections = sorted(made.glob(f"{lang}/*.yaml"))
    words = {"da": "Danish", "en": "English"}.get(lang, "English, to write over")
    click.echo(f"made {where}/ with {len(sections)} sections (placeholder text in {words})")
    click.echo("next:")
    click.echo(
        f"  1. {where}/{SETTINGS}: the sender, the web address for the QR code (qr:) and the dates"
    )
    click.echo(
        f"  2. {where}/{lang}/*.yaml: write your text over the placeholder text, section by "
        "section (the README's part on writing a leaflet shows every kind of block)"
    )
    click.echo(
        f"  3. leaflet build --leaflet {leaflet_id}, then look at "
        f"dist/{leaflet_id}/{lang}/{leaflet_id}-{lang}.pdf"
    )


# --- translations: status and new languages (see leaflet/translate/) ---------------------


def _language_code(ctx: click.Context, param: click.Parameter, value: object) -> object:
    from .translate.status import check_language_code

    codes = value if isinstance(value, tuple) else () if value is None else (value,)
    for code in codes:
        if (message := check_language_code(str(code))) is not None:
            raise click.BadParameter(message, ctx=ctx, param=param)
    return value


def _leaflet_folders(project: Project, leaflets: tuple[str, ...]) -> list[Path]:
    from .translate.status import leaflet_folders

    try:
        return leaflet_folders(project, leaflets)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--leaflet'") from None


def _layouts(project: Project, leaflets: tuple[str, ...]) -> Any:
    """What the last build recorded of each edition's layout (the room left on its pages)."""
    from .build.inputs import layout_facts, select

    return layout_facts(project, select(project, leaflets) or [])


_ONLY_LEAFLET = click.option(
    "--leaflet",
    "leaflets",
    multiple=True,
    metavar="ID",
    help="Only this leaflet (a folder name in content/). Can be given more than once.",
)


@main.command()
@_ONLY_LEAFLET
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    callback=_language_code,
    help="Only this language (a folder name such as en). Can be given more than once.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def status(
    ctx: click.Context, leaflets: tuple[str, ...], languages: tuple[str, ...], as_json: bool
) -> None:
    """Show how far each translation is: a row per language, then what to do, by file.

    \b
    state  reviewed    every file is checked by a second reader and up to date
           draft       some file is not reviewed, or its source text changed
           incomplete  files or keys are missing, or a file cannot be read
           source      the language the leaflet is written in

    Beside the state: how easy the language is to read (LIX, or Flesch reading ease
    for English, German, Spanish and Russian; `leaflet check` says where it is hard).
    A translation much harder to read than its source is pointed out.

    Exit status: 0 when the report was made (even if translations are unfinished),
    1 when a leaflet.yaml cannot be read, 2 when the command was used wrongly.
    """
    import json

    from .translate.report import format_table
    from .translate.status import project_status

    project = _project(ctx)
    _leaflet_folders(project, leaflets)
    report = project_status(project, leaflets, languages, _layouts(project, leaflets))
    if as_json:
        click.echo(json.dumps(report.as_dict(project.root), ensure_ascii=False, indent=2))
    elif report.leaflets or not report.problems:
        click.echo(_shown_lines(format_table(report)))
    for problem in report.problems:
        click.echo(problem.render(project.root), err=True)
    sys.exit(1 if report.problems else 0)


@main.group()
def translate() -> None:
    """Start a translation, or exchange texts with a translation agency (XLIFF)."""


@translate.command("new")
@click.argument("lang", callback=_language_code)
@_ONLY_LEAFLET
@click.pass_context
def translate_new(ctx: click.Context, lang: str, leaflets: tuple[str, ...]) -> None:
    """Start the language LANG (like en): a folder with one file per section.

    Each file holds the source text twice: as a comment to read, and as the text to
    write the translation over. It builds at once (as a draft), so you can see the
    leaflet while you translate. Nothing is overwritten: if the folder exists, it stops.

    Exit status: 0 when the files were made, 1 when a folder exists or the source
    files have problems, 2 when the command was used wrongly.
    """
    from . import content
    from .content.languages import folder_name, language_name
    from .errors import Collector
    from .translate.new import prepare_translation, write_translation

    lang = folder_name(lang)  # en-gb → en-GB, as language folders are named
    project = _project(ctx)
    folders = _leaflet_folders(project, leaflets)
    problems = Collector()
    prepared = []  # every leaflet's files are made before any is written
    for folder in folders:
        try:
            settings = content.load_settings(folder)
            prepared.append((settings, prepare_translation(settings, lang, project.content)))
        except LeafletError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    for settings, files in prepared:
        target = write_translation(settings, lang, files)
        click.echo(
            f"made {project.relative(target).as_posix()}/ with {len(files)} files to "
            f"translate from {language_name(settings.source_language)}"
        )
    click.echo(
        f"next: translate the text in those files; `leaflet status --lang {lang}` shows "
        f"what is left, `leaflet build --lang {lang}` makes a draft to look at."
    )


# `leaflet translate export` and `import` (XLIFF) are wired in cli_xliff.py, with these helpers.
register_xliff(translate, XliffHelpers(_project, _language_code, _leaflet_folders, _layouts))
