"""``leaflet new``: a new leaflet from the starter, with placeholder text."""

from __future__ import annotations

import click

from .common import project_of


@click.command("new")
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
    from ..content import new as starter
    from ..project import SETTINGS_FILE as SETTINGS

    project = project_of(ctx)
    made = starter.write(starter.prepare(project, leaflet_id, lang, title))
    where = project.relative(made).as_posix()
    sections = sorted(made.glob(f"{lang}/*.yaml"))
    words = {"da": "Danish", "en": "English"}.get(lang, "English, to write over")
    click.echo(f"made {where}/ with {len(sections)} sections (placeholder text in {words})")
    click.echo("next:")
    settings = "the web address for the QR code (qr:) and the dates"
    if not made.joinpath(SETTINGS).read_text(encoding="utf-8").count("\nsender:"):
        settings += " (the sender is the brand's, in leaflet-project.yaml)"
    else:
        settings = "the sender, " + settings
    click.echo(f"  1. {where}/{SETTINGS}: {settings}")
    click.echo(
        f"  2. {where}/{lang}/*.yaml: write your text over the placeholder text, section by "
        "section (the manual's page on writing a leaflet, docs/writing.md, shows every kind "
        "of block)"
    )
    click.echo(
        f"  3. leaflet build --leaflet {leaflet_id}, then look at "
        f"dist/{leaflet_id}/{lang}/{leaflet_id}-{lang}.pdf"
    )
