"""``leaflet merge``: the dist/ folders of a build spread over shards, joined into one."""

from __future__ import annotations

from pathlib import Path

import click

from . import output
from .common import project_of


@click.command(
    epilog="Exit status: 0 when the shards were merged, 1 when a shard is missing, doubled "
    "or damaged (nothing is changed then), 2 when the command was used wrongly."
)
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    metavar="SHARD_DIST...",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.pass_context
def merge(ctx: click.Context, folders: tuple[Path, ...]) -> None:
    """Join the dist/ folders of `leaflet build --shard K/N` (one from each of the N
    jobs of a CI system) into this project's dist/, with one manifest.

    The result is byte for byte what `leaflet build` makes on one machine. Every file
    is checked against its shard's manifest first, and every shard must be there once:
    if not, nothing in dist/ is changed. Leaflets in dist/ that no shard built stay as
    they are.

    \b
    Example (three jobs, then a fourth):
      leaflet build --shard 1/3      (job 1; keep its dist/ as dist-1)
      leaflet build --shard 2/3      (job 2; keep its dist/ as dist-2)
      leaflet build --shard 3/3      (job 3; keep its dist/ as dist-3)
      leaflet merge dist-1 dist-2 dist-3
    """
    from ..build.shards import merge as run_merge

    project = project_of(ctx, "dist/ was left as it was.")
    pieces = run_merge(project, folders)
    leaflets = sum(len(p.leaflets) for p in pieces)
    files = sum(len(p.files) for p in pieces)
    count = pieces[0].shard.count
    output.say(
        f"merged {count} shard{'s' if count != 1 else ''}: {leaflets} "
        f"leaflet{'s' if leaflets != 1 else ''}, {files} files into "
        f"{project.relative(project.dist).as_posix()}/"
    )
