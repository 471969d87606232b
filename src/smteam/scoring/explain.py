"""Why a candidate ranks where she does: every trait's part in the score, each rater's
ratings and notes, strengths and gaps, the must-haves, and whether one rater decides the
outcome (where she would rank without each rater in turn).

Article 004 insists the choice is about the person, not the position; a panel needs the
evidence behind each number, and this is it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from smteam.checking.models import Candidate
from smteam.choices import Aggregate, MissingPolicy
from smteam.scoring.ranking import Ranked, Ranking
from smteam.scoring.scores import (
    Evaluation,
    Rating,
    ScoringPlan,
    card_points,
    shown,
    shown_parts,
)

HIGHLIGHTS: Final = 3
"""How many strengths and gaps to name."""


@dataclass(frozen=True, slots=True)
class TraitPart:
    """One trait's part in a candidate's score."""

    trait_id: str
    label: str
    weight_share: Fraction
    """The trait's weight over the rubric's total weight, 0 to 1."""
    by_rater: tuple[tuple[str | None, int | None], ...]
    """Each rater's rating (None where the rater left the trait out)."""
    rating: Rating | None
    """The rating that counts: the panel's mean or median; None if nobody rated it."""
    points: Fraction
    """Points of the 0-100 score this trait brings; they add up to the score exactly."""
    lost: Fraction
    """Points this trait leaves on the table: how far its rating is below the scale's top."""
    minimum: int | None
    spread: int | None
    notes: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True, slots=True)
class WithoutRater:
    """The candidate's result were one rater's scorecard left out."""

    rater: str
    score: Fraction
    rank: int | None
    eligible: bool
    unrated: tuple[str, ...]
    """Traits nobody else rated (scored as with --missing skip for this comparison)."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything ``smteam explain`` says about one candidate."""

    evaluation: Evaluation
    rank: int | None
    ranked: int
    """How many candidates are eligible (have a rank)."""
    parts: tuple[TraitPart, ...]
    strengths: tuple[str, ...]
    gaps: tuple[str, ...]
    without: tuple[WithoutRater, ...]

    @property
    def decided_by(self) -> tuple[str, ...]:
        """Raters without whom the candidate's rank (or eligibility) would change."""
        return tuple(w.rater for w in self.without if w.rank != self.rank)

    @property
    def shown_points(self) -> tuple[tuple[float, float], ...]:
        """Per trait, its points and the points it leaves as shown (one decimal): each column
        adds up to the score as shown, and to 100 less it (largest-remainder rounding)."""
        points = shown_parts([part.points for part in self.parts])
        lost_exact = [part.lost for part in self.parts]
        # 100 less the shown score, not the shown sum of the points lost: 75.05 shows as 75.1,
        # and 24.95 would show as 25.0 (nothing is lost where nothing counts: no weight).
        lost = shown_parts(lost_exact, 100 - sum(points) if any(lost_exact) else None)
        return tuple(zip(points, lost, strict=True))

    def to_dict(self) -> dict[str, Any]:
        """Exactly the document ``smteam explain --format json`` prints, as Python values."""
        return explanation_document(self)

    def rows(self) -> list[dict[str, Any]]:
        """One mapping per trait, for ``pandas.DataFrame(...)``: the numbers of ``to_dict()``'s
        ``traits``, without the per-rater lists."""
        nested = ("by_rater", "notes")
        traits: list[dict[str, Any]] = explanation_document(self)["traits"]
        return [{k: v for k, v in trait.items() if k not in nested} for trait in traits]


def _points(
    plan: ScoringPlan, evaluation: Evaluation
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Per trait, the points it brings and the points it leaves: the first add up to the score."""
    rubric = plan.rubric
    low, high, span = rubric.scale.min, rubric.scale.max, rubric.scale.span
    counted = [
        (
            rating
            if rating is not None
            else (low if plan.missing is not MissingPolicy.SKIP else None)
        )
        for rating in evaluation.ratings
    ]
    weight = sum(w for w, r in zip(plan.weights, counted, strict=True) if r is not None)
    if weight == 0:
        zero = tuple(Fraction(0) for _ in counted)
        return zero, zero
    scale = Fraction(100, weight * span)
    brings = tuple(
        Fraction(0) if r is None else scale * w * (r - low)
        for w, r in zip(plan.weights, counted, strict=True)
    )
    leaves = tuple(
        Fraction(0) if r is None else scale * w * (high - r)
        for w, r in zip(plan.weights, counted, strict=True)
    )
    return brings, leaves


def explain(
    candidate: Candidate, ranking: Ranking, plan: ScoringPlan, *, entry: Ranked | None = None
) -> Explanation:
    """Explain ``candidate``'s place in ``ranking`` (which was made with ``plan``); ``entry``
    is theirs when the caller has it at hand. Everyone else is read only for a panel's
    leave-one-out ranks: a big ranking evaluates its entries when they are read."""
    rubric = plan.rubric
    if entry is None:
        entry = next(e for e in ranking.entries if e.evaluation.name == candidate.name)
    evaluation = entry.evaluation
    cards = candidate.scorecards
    by_card = [card_points(card, rubric) for card in cards]
    total = sum(plan.weights)
    brings, leaves = _points(plan, evaluation)
    parts = []
    for i, trait in enumerate(rubric.traits):
        notes = tuple(
            (card.rater, card.notes[trait.id]) for card in cards if card.notes.get(trait.id)
        )
        if candidate.reviews and candidate.notes.get(trait.id):
            notes = ((None, candidate.notes[trait.id]), *notes)
        parts.append(
            TraitPart(
                trait_id=trait.id,
                label=trait.label,
                weight_share=Fraction(plan.weights[i], total),
                by_rater=tuple(
                    (card.rater, points.get(trait.id))
                    for card, points in zip(cards, by_card, strict=True)
                ),
                rating=evaluation.ratings[i],
                points=brings[i],
                lost=leaves[i],
                minimum=trait.minimum,
                spread=evaluation.spreads[i] if evaluation.spreads else None,
                notes=notes,
            )
        )
    rated = [(part.rating, part) for part in parts if part.rating is not None]
    # A strength stands out: rated above the candidate's lowest rating, or at the top of the
    # scale. It is never also named a gap, though it may leave points on the table.
    standing_out = []
    if rated:
        lowest = min(rating for rating, _ in rated)
        top = rubric.scale.max
        standing_out = [(r, part) for r, part in rated if r > lowest or r == top]
    strengths = [p for _, p in sorted(standing_out, key=lambda rp: (-rp[0], -rp[1].weight_share))]
    named = [p.trait_id for p in strengths[:HIGHLIGHTS]]
    gaps = sorted(
        (p for _, p in rated if p.lost > 0 and p.trait_id not in named), key=lambda p: -p.lost
    )
    return Explanation(
        evaluation=evaluation,
        rank=entry.rank,
        ranked=ranking.eligible_count,
        parts=tuple(parts),
        strengths=tuple(named),
        gaps=tuple(p.trait_id for p in gaps[:HIGHLIGHTS]),
        without=_leave_one_out(candidate, plan, ranking, entry),
    )


def _leave_one_out(
    candidate: Candidate, plan: ScoringPlan, ranking: Ranking, entry: Ranked
) -> tuple[WithoutRater, ...]:
    """What the candidate's score, eligibility and rank would be without each rater in turn.

    Worked out from the whole panel's per-trait sums (or sorted ratings, for the median):
    leaving a rater out changes only the traits they rated, so each rater costs the size of
    their scorecard, and a rank is a binary search among the others' scores. Traits nobody
    else rated are scored as with --missing skip when the plan would call them an error."""
    reviews = candidate.reviews
    if not reviews or len(reviews) < 2:
        return ()
    others = [e.evaluation for e in ranking.entries if e is not entry]
    rubric = plan.rubric
    low, span = rubric.scale.min, rubric.scale.span
    index = {trait_id: i for i, trait_id in enumerate(rubric.trait_ids)}
    by_card = [
        [(index[t], point) for t, point in card_points(card, rubric).items() if t in index]
        for card in candidate.scorecards
    ]
    given: list[list[int]] = [[] for _ in index]
    for points in by_card:
        for i, point in points:
            given[i].append(point)
    for values in given:
        values.sort()
    sums = [sum(values) for values in given]
    as_min = plan.missing is MissingPolicy.MIN
    minimums = dict(plan.minimums)
    weights = plan.weights

    def part(i: int, rating: Rating | None) -> tuple[Rating, int, int]:
        """Trait ``i``'s weighted points, the weight that counts, 1 if it misses a must-have."""
        minimum = minimums.get(i)
        if rating is None:
            missed = minimum is not None and (not as_min or low < minimum)
            return 0, weights[i] if as_min else 0, int(missed)
        missed = minimum is not None and rating < minimum
        return weights[i] * (rating - low), weights[i], int(missed)

    whole = [part(i, _combined(values, sums[i], plan)) for i, values in enumerate(given)]
    total: Rating = sum(points for points, _, _ in whole)
    weight = sum(counted for _, counted, _ in whole)
    missed = sum(miss for _, _, miss in whole)
    nobody = [i for i, values in enumerate(given) if not values]
    ranked = sorted(other.exact_score for other in others if other.eligible)
    # What leaving out a rating of ``point`` on trait ``i`` changes depends on nothing else:
    # worked out once per trait and point, however many raters gave it.
    changes: dict[tuple[int, int], tuple[Rating, int, int, bool]] = {}

    def change(i: int, point: int) -> tuple[Rating, int, int, bool]:
        found = changes.get((i, point))
        if found is None:
            rating = _combined(given[i], sums[i], plan, leave_out=point)
            old, now = whole[i], part(i, rating)
            found = changes[i, point] = (
                now[0] - old[0],
                now[1] - old[1],
                now[2] - old[2],
                rating is None,
            )
        return found

    results = []
    for review, points in zip(reviews, by_card, strict=True):
        new_total, new_weight, new_missed = total, weight, missed
        lost = list(nobody)
        for i, point in points:
            d_total, d_weight, d_missed, gone = change(i, point)
            if gone:
                lost.append(i)
            new_total += d_total
            new_weight += d_weight
            new_missed += d_missed
        score = Fraction(100 * new_total) / (new_weight * span) if new_weight else Fraction(0)
        eligible = new_missed == 0
        results.append(
            WithoutRater(
                rater=review.rater,
                score=score,
                rank=1 + len(ranked) - bisect_right(ranked, score) if eligible else None,
                eligible=eligible,
                unrated=tuple(rubric.trait_ids[i] for i in sorted(lost)),
            )
        )
    return tuple(results)


def _combined(
    values: list[int], total: int, plan: ScoringPlan, *, leave_out: int | None = None
) -> Rating | None:
    """What :func:`~smteam.scoring.scores.combine` makes of the sorted ``values`` (whose sum is
    ``total``) with one ``leave_out`` taken away; None when none are left."""
    count = len(values) - (leave_out is not None)
    if count == 0:
        return None
    if plan.aggregate is Aggregate.MEDIAN:
        skip = bisect_left(values, leave_out) if leave_out is not None else count + 1

        def at(position: int) -> int:
            return values[position + (position >= skip)]

        middle = count // 2
        if count % 2:
            return at(middle)
        value = Fraction(at(middle - 1) + at(middle), 2)
    else:
        value = Fraction(total - (leave_out or 0), count)
    return value.numerator if value.denominator == 1 else value


def _number(value: Fraction | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    return round(float(value), 2)


def explanation_document(explanation: Explanation) -> dict[str, Any]:
    """The explanation as plain data for JSON; scores and points with one decimal, as shown
    (the points add up to the score), other numbers with two."""
    evaluation = explanation.evaluation
    points = explanation.shown_points
    return {
        "name": evaluation.name,
        "department": evaluation.department,
        "rank": explanation.rank,
        "ranked": explanation.ranked,
        "score": shown(evaluation.score),
        "eligible": evaluation.eligible,
        "reasons": list(evaluation.reasons),
        "raters": evaluation.raters,
        "recommendations": dict(evaluation.recommendations),
        "traits": [
            {
                "id": part.trait_id,
                "label": part.label,
                "weight_percent": round(float(part.weight_share) * 100, 2),
                "by_rater": [{"rater": rater, "rating": rating} for rater, rating in part.by_rater],
                "rating": _number(part.rating),
                "points": points[i][0],
                "points_lost": points[i][1],
                "minimum": part.minimum,
                "meets_minimum": None
                if part.minimum is None
                else part.rating is not None and part.rating >= part.minimum,
                "spread": part.spread,
                "notes": [{"rater": rater, "note": note} for rater, note in part.notes],
            }
            for i, part in enumerate(explanation.parts)
        ],
        "strengths": list(explanation.strengths),
        "gaps": list(explanation.gaps),
        "without": [
            {
                "rater": w.rater,
                "score": shown(w.score),
                "rank": w.rank,
                "eligible": w.eligible,
                "unrated": list(w.unrated),
            }
            for w in explanation.without
        ],
        "decided_by": list(explanation.decided_by),
    }
