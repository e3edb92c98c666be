"""``leaflet manual``: the manual's pages, on this computer, with no web browser."""

from __future__ import annotations

import sys

import click


@click.command("manual")
@click.argument("page", required=False, metavar="[PAGE]")
def manual(page: str | None) -> None:
    """Show a page of leaflet's manual (without PAGE: the list of pages).

    \b
    leaflet manual              the pages, and where they are on this computer
    leaflet manual writing      how to write a leaflet
    leaflet manual translating  languages, status, XLIFF and PO for agencies

    Exit status: 0 when the page was shown, 2 when there is no such page.
    """
    from .. import manual as pages_of

    pages = pages_of.pages()
    if not pages:
        click.echo(
            "leaflet: this installation has no manual — install leaflet again "
            "(pipx reinstall leaflet-press)",
            err=True,
        )
        sys.exit(1)
    if page is None:
        width = max(len(p.name) for p in pages)
        click.echo("The manual's pages (leaflet manual PAGE shows one):")
        for each in pages:
            click.echo(f"  {each.name.ljust(width)}  {each.title}")
        click.echo(f"They are Markdown files in {pages[0].path.parent}")
        return
    wanted = page.removesuffix(".md").lower()
    chosen = next((p for p in pages if p.name == wanted), None)
    if chosen is None:
        raise click.BadParameter(
            f"there is no page {page!r} — the pages are: " + ", ".join(p.name for p in pages),
            param_hint="PAGE",
        )
    text = chosen.path.read_text(encoding="utf-8")
    if sys.stdout.isatty():
        click.echo_via_pager(text)
    else:
        click.echo(text, nl=False)
