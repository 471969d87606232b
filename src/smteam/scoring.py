"""Scores: how far up the rubric's scale a candidate's weighted ratings reach, from 0 to 100.

    score = 100 × Σ wᵢ·(rᵢ − min) / (Σ wᵢ · (max − min))

against the scale's own bounds, never the ratings others got, so adding a candidate never moves
anyone else's score. Weights are turned into whole numbers over a common denominator (a weight
written 0.1 counts as exactly one tenth) and the sums are exact, so equal ratings give exactly
equal scores in any order of traits, and ties are real ties.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from smteam.choices import MissingPolicy
from smteam.models import Candidate, Rubric

Rating = int | Fraction


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    """A rubric prepared for scoring: exact integer weights and group memberships."""

    rubric: Rubric
    weights: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    minimums: tuple[tuple[int, int], ...]

    @property
    def total_weight(self) -> int:
        return sum(self.weights)


def integer_weights(weights: Sequence[float]) -> tuple[int, ...]:
    """The weights scaled to whole numbers with the same proportions.

    Each weight is read as the shortest decimal that gives the same float (``0.1`` is one
    tenth, not the binary fraction nearest to it).
    """
    exact = [Fraction(repr(weight)) for weight in weights]
    denominator = lcm(*(f.denominator for f in exact))
    return tuple(int(f * denominator) for f in exact)


def plan_scoring(rubric: Rubric) -> ScoringPlan:
    weights = integer_weights([trait.weight for trait in rubric.traits])
    groups = tuple(
        tuple(i for i, trait in enumerate(rubric.traits) if group in trait.groups)
        for group in rubric.groups
    )
    minimums = tuple(
        (i, trait.minimum) for i, trait in enumerate(rubric.traits) if trait.minimum is not None
    )
    return ScoringPlan(rubric, weights, groups, minimums)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One candidate measured against one rubric."""

    name: str
    department: str
    ratings: tuple[Rating | None, ...]
    """Per rubric trait, in rubric order; None where the candidate has no rating."""
    score: Fraction
    group_scores: tuple[Fraction | None, ...]
    """Per rubric group; None where no trait of the group was rated."""
    coverage: Fraction
    """The share of the rubric's weight that was rated, 0 to 1."""
    eligible: bool
    reasons: tuple[str, ...]
    """Why the candidate is not eligible: each must-have trait that was missed."""
    unused: tuple[str, ...]
    """Traits the candidate was rated on that this rubric does not score."""
    notes: tuple[str | None, ...] = ()
    """Per rubric trait, the evidence written for it, if any."""


def weighted_score(
    ratings: Sequence[Rating | None],
    weights: Sequence[int],
    indexes: Iterable[int],
    low: int,
    span: int,
    missing: MissingPolicy,
) -> Fraction | None:
    """The 0-100 score over the traits at ``indexes``; None when none of them counts."""
    points: Rating = 0
    weight = 0
    for i in indexes:
        rating = ratings[i]
        if rating is None:
            if missing is MissingPolicy.SKIP:
                continue
            rating = low
        points += weights[i] * (rating - low)
        weight += weights[i]
    if weight == 0:
        return None
    return Fraction(100 * points) / (weight * span)


def _show(rating: Rating) -> str:
    return str(rating) if isinstance(rating, int) else f"{float(rating):g}"


def evaluate(candidate: Candidate, plan: ScoringPlan, missing: MissingPolicy) -> Evaluation:
    """Score one validated candidate; every rating is known to be on the scale."""
    rubric = plan.rubric
    low, span = rubric.scale.min, rubric.scale.span
    given = candidate.ratings
    ratings = tuple(given.get(trait_id) for trait_id in rubric.trait_ids)
    everything = range(len(ratings))
    score = weighted_score(ratings, plan.weights, everything, low, span, missing)
    if score is None:
        # Validation refuses a candidate with no rated trait; keep the result total anyway.
        score = Fraction(0)
    group_scores = tuple(
        weighted_score(ratings, plan.weights, members, low, span, missing)
        for members in plan.groups
    )
    rated_weight = sum(w for w, r in zip(plan.weights, ratings, strict=True) if r is not None)
    reasons = []
    for i, minimum in plan.minimums:
        rating = ratings[i]
        trait_id = rubric.traits[i].id
        if rating is None:
            if missing is MissingPolicy.MIN and low < minimum:
                reasons.append(f"{trait_id} not rated, counted as {low} < {minimum}")
            elif missing is not MissingPolicy.MIN:
                reasons.append(f"{trait_id} not rated (must be at least {minimum})")
        elif rating < minimum:
            reasons.append(f"{trait_id} {_show(rating)} < {minimum}")
    traits = set(rubric.trait_ids)
    return Evaluation(
        name=candidate.name,
        department=candidate.department,
        ratings=ratings,
        score=score,
        group_scores=group_scores,
        coverage=Fraction(rated_weight, plan.total_weight),
        eligible=not reasons,
        reasons=tuple(reasons),
        unused=tuple(t for t in given if t not in traits),
        notes=tuple(candidate.notes.get(trait_id) for trait_id in rubric.trait_ids),
    )


def show_rating(rating: Rating | None) -> str:
    """A rating as people read it: ``4``, ``3.5``, or empty when there is none."""
    return "" if rating is None else _show(rating)
