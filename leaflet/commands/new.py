"""``leaflet new``: a new leaflet from the starter, with placeholder text."""

from __future__ import annotations

import click

from . import output
from .common import NOTHING_CHANGED, language_code, project_of


@click.command("new")
@click.argument("leaflet_id", metavar="ID")
@click.option(
    "--lang",
    default="da",
    show_default=True,
    metavar="LANG",
    callback=language_code,
    help="The language the leaflet is written in (its words folder). Danish and English "
    "get placeholder text in their own language, others in English.",
)
@click.option("--title", help="The title on the cover (you can change it later).")
@click.pass_context
def new(ctx: click.Context, leaflet_id: str, lang: str, title: str | None) -> None:
    """Start a new leaflet: content/ID/ with a leaflet.yaml, a picture and one file per
    section, showing every kind of block with text that says what to write. It makes
    the files only: `leaflet build --leaflet ID` then makes its PDFs (a 4-page leaflet
    that passes the print shop's checks), to look at before you write.

    ID is the leaflet's folder name: lower-case letters a to z, digits and hyphens,
    like ondt-i-knaeet (at most 100 characters; not a name Windows keeps for itself,
    like con or nul). Nothing is overwritten: if the folder exists, it stops.

    Exit status: 0 when the leaflet was made, 1 when the name cannot be used, 2 when
    the command was used wrongly.
    """
    from ..content import new as starter
    from ..project import SETTINGS_FILE as SETTINGS
    from ..steps import timed

    project = project_of(ctx, NOTHING_CHANGED)
    with timed("made the files of the new leaflet"):
        made = starter.write(starter.prepare(project, leaflet_id, lang, title))
    where = project.relative(made).as_posix()
    sections = sorted(made.glob(f"{lang}/*.yaml"))
    words = {"da": "Danish", "en": "English"}.get(lang, "English, to write over")
    output.say(
        f"made {where}/ with {output.plural(len(sections), 'section')} (placeholder text in "
        f"{words}); nothing is built yet"
    )
    output.say("next:")
    output.say(
        f"  1. leaflet build --leaflet {leaflet_id}, then look at "
        f"dist/{leaflet_id}/{lang}/{leaflet_id}-{lang}.pdf: every kind of block, as it prints"
    )
    settings = "the web address for the QR code (qr:) and the dates"
    if not made.joinpath(SETTINGS).read_text(encoding="utf-8").count("\nsender:"):
        settings += " (the sender is the brand's, in leaflet-project.yaml)"
    else:
        settings = "the sender, " + settings
    output.say(f"  2. {where}/{SETTINGS}: {settings}")
    output.say(
        f"  3. {where}/{lang}/*.yaml: write your text over the placeholder text, section by "
        "section (`leaflet manual writing` shows every kind of block), and build again"
    )
