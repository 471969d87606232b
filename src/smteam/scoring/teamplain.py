"""A team from one file of the plainest kind (the rows :mod:`smteam.scoring.streamed` ranks
as they are read), built from the rows' whole-number ratings: no model and no evaluation per
candidate, and the same :class:`~smteam.scoring.teamreport.TeamPool` as the full reading
makes, number for number.

The rows pass the same checks as there (:func:`~smteam.scoring.streamed.rank_plain_rows`
makes them inline too; a change to one is a change to both): a faultless name and
department, the department one of the seven, no name twice. At the first row of any other
kind the pool is not made (None): the full reading then words every problem, so no message
is worded in two places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from operator import itemgetter, mul

from smteam.checking.departments import canonical_department
from smteam.choices import MissingPolicy
from smteam.scoring.scores import ScoringPlan, Standing, rated_standing, whole_standing
from smteam.scoring.streamed import BLANK, PlainRow
from smteam.scoring.teamreport import (
    CoverSettings,
    SeatScores,
    TeamPool,
    TeamSettings,
    scaled_scores,
    team_pool,
)
from smteam.text import LINE_MAX, NAME_MAX, person_key, text_problem

Numbers = tuple[int, ...]


def plain_team_pool(rows: Iterable[PlainRow | None], settings: TeamSettings) -> TeamPool | None:
    """The pool :func:`~smteam.scoring.teamreport.candidate_pool` makes of the candidates of
    ``rows`` (ratings in the order of ``settings.plan``'s traits); None as soon as a row is
    None or fails a check, and for a file with no candidate."""
    names: list[str] = []
    departments: list[str] = []
    numbers: list[Numbers] = []
    written: dict[str, str | None] = {}  # each department's text once, if it is fine
    seen: set[str] = set()
    for row in rows:
        if row is None:
            return None
        if row is BLANK:
            continue
        name, department, values, _ = row
        if text_problem(name, kind="name", max_length=NAME_MAX) is not None:
            return None
        if department in written:
            shared = written[department]
        else:
            fine = (
                text_problem(department, kind="department", max_length=LINE_MAX) is None
                and canonical_department(department) is not None
            )
            shared = written[department] = department if fine else None
        if shared is None:
            return None
        # person_key's, without its call for the usual name (a million rows)
        key = "".join(name.casefold().split()) if name.isascii() else person_key(name)
        if not key or key in seen:
            return None
        seen.add(key)
        names.append(name)
        departments.append(shared)
        numbers.append(values)
    if not names:
        return None
    del seen
    plan = settings.plan
    main = _whole_scores(numbers, plan, None)
    lead = None if settings.lead is None else _lead_scores(numbers, plan, settings.lead)
    ratings = _cover_ratings(numbers, plan, settings.cover)
    return team_pool(names, departments, main, lead, ratings, settings)


def _picker(indexes: Sequence[int]) -> Callable[[Numbers], Numbers]:
    if len(indexes) == 1:
        (only,) = indexes
        return lambda values: (values[only],)
    return itemgetter(*indexes)


def _indexes(plan: ScoringPlan, traits: Sequence[str]) -> list[int | None]:
    """Where each of ``traits`` is among ``plan``'s traits, None where it is not."""
    at = {trait: index for index, trait in enumerate(plan.trait_ids)}
    return [at.get(trait) for trait in traits]


def _whole_scores(
    numbers: Sequence[Numbers], plan: ScoringPlan, pick: Callable[[Numbers], Numbers] | None
) -> SeatScores:
    """What :func:`~smteam.scoring.teamreport.scaled_scores` gives for candidates rated on
    every trait of ``plan`` with whole numbers (each row's ratings taken by ``pick``, in the
    order of ``plan``'s traits): every standing is :func:`whole_standing`'s, all with the
    denominator Σ w · (max − min), so that is the scale and each score its numerator."""
    weights, offset = plan.weights, plan.low * plan.total_weight
    must_haves = plan.must_haves
    passes: dict[Numbers, bool] = {}
    scores: list[Fraction | int | None] = []
    for values in numbers if pick is None else map(pick, numbers):
        if must_haves is not None:
            must = must_haves(values)
            passed = passes.get(must)
            if passed is None:
                passed = passes[must] = whole_standing(values, plan)[3]
            if not passed:
                scores.append(None)
                continue
        scores.append(100 * (sum(map(mul, weights, values)) - offset))
    return scores, plan.denominator


def _lead_scores(numbers: Sequence[Numbers], plan: ScoringPlan, lead: ScoringPlan) -> SeatScores:
    """Each row's score in the lead seat, as the full reading gives it: on the lead's rubric,
    every trait of it rated, or the traits the rows cannot rate (those the main rubric lacks)
    counted as the plan's missing policy says, and a seat nobody may take when missing
    ratings are errors."""
    indexes = _indexes(plan, lead.trait_ids)
    every = [i for i in indexes if i is not None]
    if len(every) == len(indexes):
        return _whole_scores(numbers, lead, _picker(every))
    known: dict[tuple[int | None, ...], Standing] = {}
    found: list[Standing] = []
    for values in numbers:
        ratings = tuple(None if i is None else values[i] for i in indexes)
        standing = known.get(ratings)
        if standing is None:
            standing = known[ratings] = rated_standing(ratings, lead)
        found.append(standing)
    # Every row lacks the same traits: with missing ratings as errors, nobody is complete.
    unrated = [True] * len(found) if lead.missing is MissingPolicy.ERROR else None
    return scaled_scores(found, unrated)


def _cover_ratings(
    numbers: Sequence[Numbers], plan: ScoringPlan, cover: CoverSettings
) -> list[tuple[int | None, ...]]:
    """Each row's ratings on the cover skills, None for a skill the main rubric lacks (a row
    rates no other trait)."""
    indexes = _indexes(plan, cover.skills)
    every = [i for i in indexes if i is not None]
    if not indexes:
        return [()] * len(numbers)
    if len(every) == len(indexes):
        return list(map(_picker(every), numbers))
    return [tuple(None if i is None else values[i] for i in indexes) for values in numbers]
