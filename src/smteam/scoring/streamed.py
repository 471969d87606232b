"""A shortlist from a big spreadsheet without holding the spreadsheet: ``rank --top N`` of a
CSV file of a million rows keeps each candidate's standing (one shared tuple per distinct
score), each name's key for the duplicate check, and whole rows only for the candidates who
can still be shown.

Only the plainest sheet takes this way: one row per candidate, a column for every trait of
the rubric and no other, every name and department faultless, every rating a whole number on
the scale written plainly, no name twice. At the first row that is anything else,
:func:`rank_plain_sheet` gives up and returns None: the full reading of the file then finds
the same rows and words every problem as it always has (the first place of a duplicate
included), so no message is worded twice in two places.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any, Final

from smteam.checking.departments import canonical_department
from smteam.checking.models import Candidate
from smteam.scoring.ranking import Ranking, rank_candidates
from smteam.scoring.scores import ScoringPlan, Standing, whole_standing
from smteam.text import LINE_MAX, NAME_MAX, person_key, text_problem

_FIXED: Final = ("name", "department")
_KEEP_AT_LEAST: Final = 1024
"""Rows kept before the first pruning of those who can no longer be shown."""


class _Shortlist:
    """The rows that may still rank ``top`` or better: those whose score reaches the
    ``top``-th best eligible score met so far. That cut only rises, so a row dropped for
    missing it would miss the final one too; rows tied at the cut all stay."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.best: list[float] = []  # the ``top`` best eligible scores so far, smallest first
        self.rows: list[tuple[float, list[str]]] = []
        self.limit = max(_KEEP_AT_LEAST, 2 * top)

    def offer(self, score: float, cells: list[str]) -> None:
        best = self.best
        if len(best) < self.top:
            heapq.heappush(best, score)
        elif score < best[0]:
            return
        elif score > best[0]:
            heapq.heapreplace(best, score)
        self.rows.append((score, cells))
        if len(self.rows) > self.limit:
            self.rows = self.contenders()
            # Ties at the cut may keep many: prune again only when the list has doubled.
            self.limit = max(self.limit, 2 * len(self.rows))

    def contenders(self) -> list[tuple[float, list[str]]]:
        if len(self.best) < self.top:
            return self.rows  # fewer eligible than asked for: everyone is shown
        cut = self.best[0]
        return [row for row in self.rows if row[0] >= cut]


def rank_plain_sheet(
    header: Sequence[str],
    rows: Iterable[list[str]],
    plan: ScoringPlan,
    *,
    top: int,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """The ranking ``rank_candidates`` gives for the sheet's candidates with ``top``, read
    row by row, and the candidates it shows; None as soon as a row is not of the plainest
    kind (see the module), and for a sheet with no candidate."""
    trait_ids = plan.trait_ids
    if (
        len(header) != len(trait_ids) + len(_FIXED)
        or len(set(header)) != len(header)
        or set(header) != {*_FIXED, *trait_ids}
    ):
        return None
    width = len(header)
    name_at, department_at = header.index("name"), header.index("department")
    rated = [i for i, column in enumerate(header) if column not in _FIXED]
    in_rubric_order = [header.index(trait) for trait in trait_ids]
    scale = plan.rubric.scale
    points = {str(point): point for point in range(scale.min, scale.max + 1)}
    point_of = points.__getitem__
    pick: Callable[[list[str]], Any]  # the rating cells, in the rubric's order
    if len(in_rubric_order) == 1:
        (only,) = in_rubric_order

        def pick(cells: list[str]) -> tuple[str, ...]:
            return (cells[only],)
    else:
        pick = itemgetter(*in_rubric_order)
    departments: dict[str, bool] = {}
    seen: set[str] = set()
    found: list[Standing] = []
    shared: dict[tuple[Any, bool], Standing] = {}
    shortlist = _Shortlist(top)
    eligible = 0
    for cells in rows:
        if len(cells) != width:
            if not any(cells):
                continue  # a blank line, skipped by the full reading too
            return None
        name, department = cells[name_at], cells[department_at]
        if text_problem(name, kind="name", max_length=NAME_MAX) is not None:
            if not any(cells):
                continue  # a row of empty cells: blank too
            return None
        fine = departments.get(department)
        if fine is None:
            fine = departments[department] = (
                text_problem(department, kind="department", max_length=LINE_MAX) is None
                and canonical_department(department) is not None
            )
        if not fine:
            return None
        try:
            values = tuple(map(point_of, pick(cells)))
        except KeyError:  # empty, a label, a decimal, off the scale, or "04"
            return None
        key = person_key(name)
        if not key or key in seen:
            return None
        seen.add(key)
        standing = whole_standing(values, plan)
        standing = shared.setdefault((standing[1], standing[3]), standing)
        found.append(standing)
        if standing[3]:
            eligible += 1
            shortlist.offer(standing[0], cells)
    if not found:
        return None
    del seen, shared
    shown = [
        Candidate.model_validate(
            {
                "name": cells[name_at],
                "department": cells[department_at],
                "ratings": {header[i]: points[cells[i]] for i in rated},
            }
        )
        for _, cells in shortlist.contenders()
    ]
    ranking = rank_candidates(shown, plan, top=top, eligible_only=eligible_only)
    shown_eligible = sum(1 for entry in ranking.entries if entry.rank is not None)
    everyone = replace(
        ranking,
        standings=tuple(found),
        hidden_eligible=eligible - shown_eligible,
        hidden_ineligible=len(found) - eligible,
    )
    return everyone, shown
