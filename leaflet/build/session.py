"""A long-lived build for ``leaflet serve``: one renderer, many builds of a few editions.

WeasyPrint, the fonts and the templates are loaded once; each build after that
builds only the editions asked for whose inputs changed (the pipeline's own
fingerprints), in this process. The serve stage does not import the build stage: the
command line hands it a :class:`Session`, which has the shape the server asks for
(:class:`leaflet.serve.state.Builder`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from ..errors import LeafletError
from ..project import Project
from ..render.pdf import Renderer
from .edition import DEFAULT_TIME_LIMIT_S
from .manifest import DoesNotFit, Output, read_does_not_fit, read_manifest
from .pipeline import Result, build, redraw_sheets


class Session:
    """Builds of one project, in this process, all with the same renderer."""

    def __init__(self, project: Project, time_limit_s: float | None = DEFAULT_TIME_LIMIT_S) -> None:
        self.project = project
        self.renderer = Renderer(project)
        self.time_limit_s = time_limit_s
        self._sheets_due = Result([], [])  # the leaflets whose contact sheets wait

    def build(
        self,
        editions: Collection[tuple[str, str]] | None,
        waiting: Callable[[], None] | None = None,
        locked: Callable[[], None] | None = None,
    ) -> Result:
        """Build what is out of date among ``editions`` (None: every edition).

        A content problem does not raise: it is in the result, like a render problem.
        The contact sheets are left for :meth:`draw_sheets`: the pages come first.
        ``waiting`` and ``locked``: see :func:`.pipeline.build`.
        """
        self.renderer.load()
        groups: dict[str, list[str]] = {}
        if editions is None:
            groups[""] = []
        else:
            for leaflet, lang in sorted(editions):
                groups.setdefault(leaflet, []).append(lang)
        result = Result([], [])
        for leaflet, languages in groups.items():
            try:
                done = build(
                    self.project,
                    [leaflet] if leaflet else [],
                    languages,
                    time_limit_s=self.time_limit_s,
                    renderer=self.renderer,
                    contact_sheets=False,
                    waiting=waiting,
                    locked=locked,
                )
            except LeafletError as exc:
                result.problems.extend(exc.problems)
                continue
            self._sheets_due.sheets_due |= done.sheets_due
            result.outputs.extend(done.outputs)
            result.problems.extend(done.problems)
            result.notices.extend(done.notices)
            result.up_to_date.extend(done.up_to_date)
        return result

    def draw_sheets(self) -> Result:
        """Draw the contact sheets the builds since the last call left to draw."""
        due = self._sheets_due
        self._sheets_due = Result([], [])
        redraw_sheets(self.project, due)
        return due

    def files(self) -> Sequence[Output]:
        return read_manifest(self.project)

    def unfit(self) -> Sequence[DoesNotFit]:
        return read_does_not_fit(self.project)

    def close(self) -> None:
        self.renderer.close()
