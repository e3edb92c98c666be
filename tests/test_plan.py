"""The planner's choice of page breaks is the cheapest there is.

:func:`leaflet.render.plan._runs` splits the flowing sections into runs, each from a
new page, with a dynamic programme that keeps each run's pages and cost once found
(across its calls on the same sections).
Here every split of a few hundred made-up leaflets is enumerated by brute force, with
the planner's own rules (where a page may start, what a page costs), and the cheapest
must be what the programme finds: a wrong shortcut in it shows as a dearer plan, or a
missed one.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest

from leaflet.render.plan import PART_BREAK_COST, Item, Piece, Sheet, _cost, _runs, sheets

AREA = 170.0


def made_up(rng: random.Random) -> list[Item]:
    """A few sections of text, boxes, headings and pictures of random heights."""
    items = []
    for number in range(rng.randint(1, 7)):
        blocks = []
        for _ in range(rng.randint(1, 4)):
            height = rng.uniform(5, 120)
            blocks.append(
                Piece(
                    height=height,
                    pictures=rng.choice([0.0, height / 2]),
                    after=rng.uniform(0, 6),
                    breakable=rng.random() < 0.6,
                    heading=rng.random() < 0.3,
                    cuts=tuple(sorted(rng.uniform(3, height) for _ in range(rng.randint(0, 5)))),
                    full=rng.random(),
                    natural=rng.random() < 0.3,
                    text=height * rng.random(),
                )
            )
        items.append(
            Item(
                f"s{number}" if rng.random() < 0.8 else f"s{number}#1",
                tuple(blocks),
                may_start=rng.random() < 0.7,
                forced=rng.random() < 0.2,
            )
        )
    return items


def cheapest(
    items: Sequence[Item], pages: int, foot: float, scaled: bool, more_after: bool
) -> float | None:
    """Every split into runs tried: a run starts where a section may start a page (and
    must, where one asked for it); the foot under the last run, or on a page of its own."""
    n = len(items)
    may = [k for k in range(1, n) if items[k].may_start or items[k].forced]
    must = {k for k in range(1, n) if items[k].forced}
    best: float | None = None
    for size in range(len(may) + 1):
        for starts in itertools.combinations(may, size):
            if not must <= set(starts):
                continue
            bounds = [0, *starts, n]
            totals = [(0.0, 0)]
            for i, j in itertools.pairwise(bounds):
                final = j == n and not foot and not more_after
                before_forced = j < n and items[j].forced
                options = [sheets(items[i:j], AREA, foot if j == n else 0.0)]
                if j == n and foot:
                    options.append([*sheets(items[i:j], AREA), Sheet(foot / AREA)])
                extra = PART_BREAK_COST if i and "#" in items[i].id else 0.0
                totals = [
                    (cost + _cost(made, scaled, final, before_forced) + extra, used + len(made))
                    for cost, used in totals
                    for made in options
                ]
            for cost, used in totals:
                if used == pages and (best is None or cost < best):
                    best = cost
    return best


@pytest.mark.parametrize("seed", range(4))
def test_the_planner_finds_the_cheapest_split_of_every_leaflet(seed: int) -> None:
    rng = random.Random(seed)
    found = 0
    for _ in range(120):
        items = made_up(rng)
        foot = rng.choice([0.0, 0.0, 45.0])
        # about as many pages as the text takes flowing on, and a few more to share out
        pages = len(sheets(items, AREA, foot)) + rng.randint(-1, 3)
        scaled, more_after = rng.random() < 0.5, rng.random() < 0.3
        expected = cheapest(items, pages, foot, scaled, more_after)
        # what an earlier call on the same items found is kept and used (the planner
        # calls it for the pages of text, then with pages for notes after them)
        laid: dict[tuple[int, int, float, bool], tuple[tuple[Sheet, ...], float]] = {}
        _runs(items, pages + 1, AREA, 0.0, scaled, not more_after, laid=laid)
        made = _runs(items, pages, AREA, foot, scaled, more_after, laid=laid)
        if expected is None:
            assert made is None
            continue
        assert made is not None, "the planner found no split where there is one"
        cost, runs = made
        assert cost == pytest.approx(expected, abs=1e-9)
        assert sum(len(run.fills) for run in runs) == pages
        assert runs[0].start == 0 and runs[-1].end == len(items)
        assert all(a.end == b.start for a, b in itertools.pairwise(runs))
        found += 1
    assert found > 30  # enough leaflets had a plan to compare
