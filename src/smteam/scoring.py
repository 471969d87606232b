"""Scores: how far up the rubric's scale a candidate's weighted ratings reach, from 0 to 100.

    score = 100 × Σ wᵢ·(rᵢ − min) / (Σ wᵢ · (max − min))

against the scale's own bounds, never the ratings others got, so adding a candidate never moves
anyone else's score. With a panel, rᵢ is the raters' mean (or median) for trait i. Weights are
turned into whole numbers over a common denominator (a weight written 0.1 counts as exactly
one tenth) and every sum is exact, so equal ratings give exactly equal scores in any order of
traits, and ties are real ties.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from smteam.choices import Aggregate, MissingPolicy
from smteam.models import RECOMMENDATIONS, Candidate, Rubric, Scorecard

Rating = int | Fraction


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    """A rubric prepared for scoring (exact integer weights, group memberships) and how to
    score on it: missing ratings, how a panel's ratings combine, when a panel disagrees."""

    rubric: Rubric
    weights: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    minimums: tuple[tuple[int, int], ...]
    missing: MissingPolicy = MissingPolicy.ERROR
    aggregate: Aggregate = Aggregate.MEAN
    disagreement: int = 2
    """Raters whose ratings of a trait spread this many scale points or more disagree."""

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


def plan_scoring(
    rubric: Rubric,
    *,
    missing: MissingPolicy = MissingPolicy.ERROR,
    aggregate: Aggregate = Aggregate.MEAN,
    disagreement: int = 2,
) -> ScoringPlan:
    weights = integer_weights([trait.weight for trait in rubric.traits])
    groups = tuple(
        tuple(i for i, trait in enumerate(rubric.traits) if group in trait.groups)
        for group in rubric.groups
    )
    minimums = tuple(
        (i, trait.minimum) for i, trait in enumerate(rubric.traits) if trait.minimum is not None
    )
    return ScoringPlan(rubric, weights, groups, minimums, missing, aggregate, disagreement)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One candidate measured against one rubric."""

    name: str
    department: str
    ratings: tuple[Rating | None, ...]
    """Per rubric trait, in rubric order: the rating (a panel's mean or median); None where
    nobody rated the trait."""
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
    """Per rubric trait, the evidence written for it (each rater's, one per line), if any."""
    raters: int = 1
    """How many scorecards the candidate has (1 for plain ratings)."""
    spreads: tuple[int | None, ...] = ()
    """Per rubric trait, highest minus lowest rating across raters; None below two ratings."""
    disagreements: tuple[str, ...] = ()
    """Traits whose spread reaches the plan's disagreement threshold."""
    recommendations: tuple[tuple[str, int], ...] = ()
    """How many raters made each recommendation, in the order of RECOMMENDATIONS."""


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


def combine(values: Sequence[int], how: Aggregate) -> Rating:
    """Several raters' ratings of one trait as one exact number."""
    if len(values) == 1:
        return values[0]
    if how is Aggregate.MEDIAN:
        ordered = sorted(values)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return ordered[middle]
        value = Fraction(ordered[middle - 1] + ordered[middle], 2)
    else:
        value = Fraction(sum(values), len(values))
    return value.numerator if value.denominator == 1 else value


def card_points(card: Scorecard, rubric: Rubric) -> dict[str, int]:
    """A scorecard's ratings as points on the scale (labels turned into their points)."""
    points = {}
    for trait_id, value in card.ratings.items():
        point = value if isinstance(value, int) else rubric.scale.point_of(value)
        if point is not None:
            points[trait_id] = point
    return points


def _show(rating: Rating) -> str:
    if isinstance(rating, int):
        return str(rating)
    return f"{float(rating):.2f}".rstrip("0").rstrip(".")


def show_rating(rating: Rating | None) -> str:
    """A rating as people read it: ``4``, ``3.5``, ``3.67``, or empty when there is none."""
    return "" if rating is None else _show(rating)


def _notes(cards: Sequence[Scorecard], candidate: Candidate, trait_id: str) -> str | None:
    lines = []
    if candidate.reviews and candidate.notes.get(trait_id):
        lines.append(candidate.notes[trait_id])
    for card in cards:
        note = card.notes.get(trait_id)
        if note:
            lines.append(f"{card.rater}: {note}" if card.rater else note)
    return "\n".join(lines) if lines else None


def evaluate(candidate: Candidate, plan: ScoringPlan) -> Evaluation:
    """Score one validated candidate; every rating is known to be on the scale."""
    rubric = plan.rubric
    cards = candidate.scorecards
    low, span = rubric.scale.min, rubric.scale.span
    by_card = [card_points(card, rubric) for card in cards]
    ratings: list[Rating | None] = []
    spreads: list[int | None] = []
    for trait_id in rubric.trait_ids:
        given = [points[trait_id] for points in by_card if trait_id in points]
        ratings.append(combine(given, plan.aggregate) if given else None)
        spreads.append(max(given) - min(given) if len(given) > 1 else None)
    missing = plan.missing
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
    tally = [card.recommendation for card in cards if card.recommendation]
    return Evaluation(
        name=candidate.name,
        department=candidate.department,
        ratings=tuple(ratings),
        score=score,
        group_scores=group_scores,
        coverage=Fraction(rated_weight, plan.total_weight),
        eligible=not reasons,
        reasons=tuple(reasons),
        unused=tuple(sorted(t for t in candidate.rated_traits if t not in traits)),
        notes=tuple(_notes(cards, candidate, trait_id) for trait_id in rubric.trait_ids),
        raters=len(cards),
        spreads=tuple(spreads),
        disagreements=tuple(
            trait_id
            for trait_id, spread in zip(rubric.trait_ids, spreads, strict=True)
            if spread is not None and spread >= plan.disagreement
        ),
        recommendations=tuple(
            (kind, tally.count(kind)) for kind in RECOMMENDATIONS if kind in tally
        ),
    )


def tally_text(recommendations: Sequence[tuple[str, int]]) -> str:
    """``2 strong yes, 1 no``: a panel's recommendations, best first."""
    ordered = sorted(recommendations, key=lambda item: _TALLY_ORDER.index(item[0]))
    return ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in ordered)


_TALLY_ORDER = ("strong_yes", "yes", "no_decision", "no", "strong_no")
