"""A ranking of a big file without holding the file's candidates: ``rank --top N`` of a
million CSV rows (or JSON Lines) keeps each candidate's standing (one shared tuple per
distinct score), each name's key for the duplicate check, and whole rows only for the
candidates who can still be shown; a full ranking keeps each row's name, department and
ratings, and no mapping or model.

Only the plainest candidates take this way: one rater each, every trait of the rubric rated
and no other, every rating a whole number on the scale written plainly, a faultless name
and department, no name twice, nothing else. At the first candidate that is anything else,
the ranking gives up and returns None: the full reading of the file then finds the same
candidate and words every problem as it always has (the first place of a duplicate
included), so no message is worded in two places.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from operator import itemgetter, mul
from typing import Any, Final

from smteam.checking.departments import canonical_department
from smteam.checking.models import Candidate
from smteam.scoring.ranking import Ranking, rank_candidates, rank_standings
from smteam.scoring.scores import (
    Evaluation,
    ScoringPlan,
    Standing,
    plain_evaluations,
    whole_standing,
)
from smteam.text import LINE_MAX, NAME_MAX, person_key, text_problem

_FIXED: Final = ("name", "department")
_KEEP_AT_LEAST: Final = 1024
"""Rows kept before the first pruning of those who can no longer be shown."""


PlainRow = tuple[str, str, tuple[int, ...], Any]
"""One candidate as a reader found it: name, department, the ratings as points in the
rubric's order, and what it takes to build the candidate's model should they be shown (a
plain tuple: a reader makes a million)."""

BLANK: Final[PlainRow] = ("", "", (), None)
"""A row with nothing in it, which the full reading skips too."""


class _Shortlist:
    """The rows that may still rank ``top`` or better: those whose score reaches the
    ``top``-th best eligible score met so far. That cut only rises, so a row dropped for
    missing it would miss the final one too; rows tied at the cut all stay."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.best: list[float] = []  # the ``top`` best eligible scores so far, smallest first
        self.rows: list[tuple[float, Any]] = []
        self.limit = max(_KEEP_AT_LEAST, 2 * top)

    def offer(self, score: float, kept: Any) -> None:
        best = self.best
        if len(best) < self.top:
            heapq.heappush(best, score)
        elif score < best[0]:
            return
        elif score > best[0]:
            heapq.heapreplace(best, score)
        self.rows.append((score, kept))
        if len(self.rows) > self.limit:
            self.rows = self.contenders()
            # Ties at the cut may keep many: prune again only when the list has doubled.
            self.limit = max(self.limit, 2 * len(self.rows))

    def contenders(self) -> list[tuple[float, Any]]:
        if len(self.best) < self.top:
            return self.rows  # fewer eligible than asked for: everyone is shown
        cut = self.best[0]
        return [row for row in self.rows if row[0] >= cut]


def rank_plain_rows(
    rows: Iterable[PlainRow | None],
    candidate_of: Callable[[Any], dict[str, Any]],
    plan: ScoringPlan,
    *,
    top: int | None,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """The ranking ``rank_candidates`` gives for the candidates of ``rows`` with ``top``, and
    the candidates it shows (built from what their row kept, by ``candidate_of``); None as
    soon as a row is None (not of the plainest kind), and for a file with no candidate.

    With no ``top``, every candidate is shown: each row's name, department and ratings are
    kept (no model, no mapping) and evaluated in the order shown; no candidate is given."""
    departments: dict[str, str | None] = {}  # each department's text once, if it is fine
    seen: set[str] = set()
    found: list[Standing] = []
    names: list[str] = []
    kept_departments: list[str] = []
    kept_values: list[tuple[int, ...]] = []
    everyone = top is None
    # Per row, whole_standing's arithmetic inline (a million rows): eligibility looked up by
    # the must-have ratings, and one standing tuple shared by every row with its score.
    weights, offset = plan.weights, plan.low * plan.total_weight
    must_haves = plan.must_haves
    passes: dict[tuple[int, ...], bool] = {}
    shared: dict[tuple[int, bool], Standing] = {}
    shortlist = _Shortlist(top or 1)
    best = shortlist.best
    cut = top or 0
    eligible = 0
    for row in rows:
        if row is None:
            return None
        if row is BLANK:
            continue
        name, department, values, kept = row
        if text_problem(name, kind="name", max_length=NAME_MAX) is not None:
            return None
        if department in departments:
            shared_department = departments[department]
        else:
            fine = (
                text_problem(department, kind="department", max_length=LINE_MAX) is None
                and canonical_department(department) is not None
            )
            shared_department = departments[department] = department if fine else None
        if shared_department is None:
            return None
        key = "".join(name.casefold().split()) if name.isascii() else person_key(name)
        if not key or key in seen:
            return None
        seen.add(key)
        points = 100 * (sum(map(mul, weights, values)) - offset)
        if must_haves is None:
            passed = True
        else:
            must = must_haves(values)
            passed = passes.get(must)  # type: ignore[assignment]
            if passed is None:
                passed = passes[must] = whole_standing(values, plan)[3]
        standing = shared.get((points, passed))
        if standing is None:
            standing = shared[points, passed] = whole_standing(values, plan)
        found.append(standing)
        if everyone:
            names.append(name)
            kept_departments.append(shared_department)
            kept_values.append(values)
        if passed:
            eligible += 1
            if not everyone and (len(best) < cut or standing[0] >= best[0]):
                shortlist.offer(standing[0], kept)
    if not found:
        return None
    del seen, shared
    if everyone:

        def evaluate(shown: list[int]) -> list[Evaluation]:
            rows = ((names[i], kept_departments[i], kept_values[i]) for i in shown)
            return plain_evaluations(rows, plan)

        every = rank_standings(
            found, names.__getitem__, evaluate, plan, eligible_only=eligible_only
        )
        return every, []
    shown = [Candidate.model_validate(candidate_of(kept)) for _, kept in shortlist.contenders()]
    ranking = rank_candidates(shown, plan, top=top, eligible_only=eligible_only)
    shown_eligible = sum(1 for entry in ranking.entries if entry.rank is not None)
    counted = replace(
        ranking,
        standings=tuple(found),
        hidden_eligible=eligible - shown_eligible,
        hidden_ineligible=len(found) - eligible,
    )
    return counted, shown


def _points(plan: ScoringPlan) -> dict[str, int]:
    scale = plan.rubric.scale
    return {str(point): point for point in range(scale.min, scale.max + 1)}


def rank_plain_sheet(
    header: Sequence[str],
    rows: Iterable[list[str]],
    plan: ScoringPlan,
    *,
    top: int | None,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """:func:`rank_plain_rows` for a CSV sheet's rows after its ``header``: a column for
    every trait of the rubric and no other (no rater, no notes), ratings written as whole
    numbers (``4``, not ``04`` or ``4.0``)."""
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
    points = _points(plan)
    point_of = points.__getitem__
    pick: Callable[[list[str]], Any]  # the rating cells, in the rubric's order
    if len(in_rubric_order) == 1:
        (only,) = in_rubric_order

        def pick(cells: list[str]) -> tuple[str, ...]:
            return (cells[only],)
    else:
        pick = itemgetter(*in_rubric_order)

    def plain(table: Iterable[list[str]]) -> Iterator[PlainRow | None]:
        for cells in table:
            if len(cells) != width or not cells[name_at]:
                # A blank line, or a row of empty cells, is skipped by the full reading too.
                yield BLANK if not any(cells) else None
                continue
            try:
                values = tuple(map(point_of, pick(cells)))
            except KeyError:  # empty, a label, a decimal, off the scale, or "04"
                yield None
                return
            yield cells[name_at], cells[department_at], values, cells

    def candidate_of(cells: list[str]) -> dict[str, Any]:
        ratings = {header[i]: points[cells[i]] for i in rated}
        return {"name": cells[name_at], "department": cells[department_at], "ratings": ratings}

    return rank_plain_rows(plain(rows), candidate_of, plan, top=top, eligible_only=eligible_only)


_CANDIDATE_KEYS: Final = frozenset({"name", "department", "ratings"})


def rank_plain_objects(
    objects: Iterable[object],
    plan: ScoringPlan,
    *,
    top: int | None,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """:func:`rank_plain_rows` for JSON Lines, one parsed value per line that is not blank:
    an object of exactly the keys name, department and ratings, the ratings exactly the
    rubric's traits, each a whole number on the scale (not a boolean, not ``4.0``)."""
    trait_ids, trait_set = plan.trait_ids, frozenset(plan.trait_ids)
    scale = plan.rubric.scale
    points = frozenset(range(scale.min, scale.max + 1))
    pick = itemgetter(*trait_ids) if len(trait_ids) > 1 else None
    count = len(trait_ids)

    def plain(values: Iterable[object]) -> Iterator[PlainRow | None]:
        for value in values:
            if value.__class__ is not dict or value.keys() != _CANDIDATE_KEYS:
                yield None
                return
            name, department, ratings = value["name"], value["department"], value["ratings"]
            if (
                name.__class__ is not str
                or department.__class__ is not str
                or ratings.__class__ is not dict
                or len(ratings) != count
                or ratings.keys() != trait_set
            ):
                yield None
                return
            given = pick(ratings) if pick is not None else (ratings[trait_ids[0]],)
            # ``True in points`` holds (True == 1): a boolean is refused by its class.
            if not (all(v.__class__ is int for v in given) and points.issuperset(given)):
                yield None
                return
            yield name, department, given, value

    return rank_plain_rows(plain(objects), dict, plan, top=top, eligible_only=eligible_only)
