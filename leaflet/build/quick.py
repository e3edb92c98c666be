"""A build with nothing to do, found without loading anything heavy.

The common case of ``leaflet build`` is that nothing changed. This finds that from the
folders, the fingerprints and the manifest alone (no renderer, no templates), after
tidying dist/ as every build does (:func:`.manifest.heal`). The build itself checks
again, edition by edition, whenever this says there is something to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..content.languages import folder_problems
from ..errors import LeafletError
from ..project import Project
from . import inputs
from .lock import dist_lock
from .manifest import fits_again, heal


def nothing_to_do(
    project: Project,
    leaflets: Sequence[str],
    languages: Sequence[str],
    draft_print: bool,
    waiting: Callable[[], None] | None = None,
) -> int | None:
    """How many editions are up to date when all selected are, else None (then build)."""
    pairs = inputs.select(project, leaflets, languages)
    if not pairs or any(folder_problems(folder) for folder in {f for f, _ in pairs}):
        return None  # the build says what is wrong
    with dist_lock(project, waiting):
        try:
            heal(project)  # forget files someone deleted; remove what a stopped build left
        except (LeafletError, OSError):
            return None  # the build says what is wrong
        todo, done, _ = inputs.stale(project, pairs, draft_print)
        if todo or fits_again(project, done):  # the build clears its mark on the sheet
            return None
    return len(done)
