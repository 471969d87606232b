"""Scores: how far up the rubric's scale a candidate's weighted ratings reach, from 0 to 100.

    score = 100 × Σ wᵢ·(rᵢ − min) / (Σ wᵢ · (max − min))

against the scale's own bounds, never the ratings others got, so adding a candidate never moves
anyone else's score. With a panel, rᵢ is the raters' mean (or median) for trait i. Weights are
turned into whole numbers over a common denominator (a weight written 0.1 counts as exactly
one tenth) and every sum is exact, so equal ratings give exactly equal scores in any order of
traits, and ties are real ties.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import repeat
from math import lcm
from operator import itemgetter, mul, sub
from typing import Final, NamedTuple

from smteam.checking.models import RECOMMENDATIONS, Candidate, Rubric, Scorecard
from smteam.choices import Aggregate, MissingPolicy

Rating = int | Fraction

SHOWN_DECIMALS: Final = 1
"""Scores and points are shown, exported and compared with one decimal, rounded half up: what
a table shows is what ``--fail-under`` compares."""
_TENTH: Final = Decimal("0.1")


def shown(value: float | Fraction) -> float:
    """A score (or points) as smteam shows and compares it: one decimal, rounded half up from
    the value (a float is read as the shortest decimal that is that float: 78.95, not
    78.9500000000000028)."""
    if isinstance(value, Fraction):
        tenths = (value * 10 + Fraction(1, 2)).__floor__()
        return tenths / 10
    return float(Decimal(repr(value)).quantize(_TENTH, rounding=ROUND_HALF_UP))


def shown_parts(parts: Sequence[Fraction], total: float | None = None) -> list[float]:
    """``parts`` each shown with one decimal so that they add up to ``total`` (by default
    their sum as shown): every part rounded down to a tenth, then the tenths still missing go
    to the parts that lost most by it (largest-remainder rounding; the first in order wins a
    tie)."""
    tenths = [(part * 10).__floor__() for part in parts]
    if total is None:
        total = shown(sum(parts, Fraction(0)))
    missing = round(total * 10) - sum(tenths)
    by_remainder = sorted(range(len(parts)), key=lambda i: -(parts[i] * 10 - tenths[i]))
    for i in by_remainder[: max(0, missing)]:
        tenths[i] += 1
    return [t / 10 for t in tenths]


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

    total_weight: int = 0
    trait_ids: tuple[str, ...] = ()
    group_sums: tuple[tuple[Callable[[Sequence[int]], tuple[int, ...]], int, int], ...] = ()
    """Per group: what picks its traits' items out of a per-trait list, then the 100·min·Σw
    to take from a hundred times their sum and the Σw·(max − min) to divide by."""
    low: int = 0
    """The bottom of the scale."""
    denominator: int = 1
    """Σ w · (max − min): every score's denominator when every trait counts."""
    must_haves: Callable[[Sequence[int]], tuple[int, ...]] | None = None
    """Picks the ratings of the traits with a minimum out of a per-trait list."""
    missed: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict, compare=False)
    """What a candidate misses, by their ratings of the must-have traits, worked out once per
    combination (a big export meets the same few combinations over and over): a cache, never
    read for anything but what :func:`_reasons` would say."""


def _picker(indexes: tuple[int, ...]) -> Callable[[Sequence[int]], tuple[int, ...]]:
    if len(indexes) == 1:
        (index,) = indexes
        return lambda items: (items[index],)
    return itemgetter(*indexes)


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
    members: dict[str, list[int]] = {group: [] for group in rubric.groups}
    for i, trait in enumerate(rubric.traits):
        for group in dict.fromkeys(trait.groups):  # a group listed twice holds the trait once
            members[group].append(i)
    groups = tuple(tuple(indexes) for indexes in members.values())
    minimums = tuple(
        (i, trait.minimum) for i, trait in enumerate(rubric.traits) if trait.minimum is not None
    )
    return ScoringPlan(
        rubric=rubric,
        weights=weights,
        groups=groups,
        minimums=minimums,
        missing=missing,
        aggregate=aggregate,
        disagreement=disagreement,
        total_weight=sum(weights),
        trait_ids=rubric.trait_ids,
        group_sums=tuple(
            (
                _picker(members),
                100 * rubric.scale.min * sum(weights[i] for i in members),
                sum(weights[i] for i in members) * rubric.scale.span,
            )
            for members in groups
        ),
        low=rubric.scale.min,
        denominator=sum(weights) * rubric.scale.span,
        must_haves=_picker(tuple(i for i, _ in minimums)) if minimums else None,
    )


class RaterRatings(NamedTuple):
    """One rater's scorecard of a candidate on the rubric, as data: per rubric trait, in rubric
    order, the rating as a point on the scale (a label read as its point) and the note, None
    where there is none. Under ``--blind`` the rater is an anonymous id and notes and
    recommendation are gone, as everywhere else."""

    rater: str | None
    """None for notes written on a panel candidate beside the reviews, in none of them."""
    recommendation: str | None
    ratings: tuple[Rating | None, ...]
    notes: tuple[str | None, ...]


class Evaluation(NamedTuple):
    """One candidate measured against one rubric.

    Scores are floats rounded correctly from the exact rational score (``exact_score``), so
    equal exact scores are equal floats; ranking settles the rare floats that are equal but
    stand for different exact scores. A named tuple, immutable and quick to make: a big
    export makes one per candidate.
    """

    name: str
    department: str
    ratings: tuple[Rating | None, ...]
    """Per rubric trait, in rubric order: the rating (a panel's mean or median); None where
    nobody rated the trait."""
    score: float
    exact: tuple[Rating, int]
    """The score as a fraction: numerator and denominator."""
    group_scores: tuple[float | None, ...]
    """Per rubric group; None where no trait of the group was rated."""
    coverage: float
    """The share of the rubric's weight that was rated, 0 to 1."""
    eligible: bool
    reasons: tuple[str, ...]
    """Why the candidate is not eligible: each must-have trait that was missed."""
    unused: tuple[str, ...] = ()
    """Traits the candidate was rated on that this rubric does not score."""
    notes: tuple[str | None, ...] = ()
    """Per rubric trait, the evidence written for it (each rater's, one per line); empty when
    the candidate has no notes at all."""
    raters: int = 1
    """How many scorecards the candidate has (1 for plain ratings)."""
    spreads: tuple[int | None, ...] = ()
    """Per rubric trait, highest minus lowest rating across raters (None below two ratings);
    empty for a single rater."""
    disagreements: tuple[str, ...] = ()
    """Traits whose spread reaches the plan's disagreement threshold."""
    recommendations: tuple[tuple[str, int], ...] = ()
    """How many raters made each recommendation, in the order of RECOMMENDATIONS."""
    reviews: tuple[RaterRatings, ...] = ()
    """A panel's scorecards one by one, in the order written (after the candidate's own notes,
    when a panel candidate has some); empty for one rater's plain ``ratings``."""

    @property
    def exact_score(self) -> Fraction:
        """The score exactly, 0 to 100."""
        numerator, denominator = self.exact
        return Fraction(numerator) / denominator

    def note(self, index: int) -> str | None:
        """The note on the rubric's trait at ``index``, if any."""
        return self.notes[index] if self.notes else None


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


def _reviews(candidate: Candidate, rubric: Rubric) -> tuple[RaterRatings, ...]:
    """A panel candidate's scorecards as data, each on the rubric's traits in order."""
    trait_ids = rubric.trait_ids
    found = []
    if candidate.notes:
        own = tuple(candidate.notes.get(trait_id) or None for trait_id in trait_ids)
        found.append(RaterRatings(None, None, (None,) * len(trait_ids), own))
    for card in candidate.scorecards:
        points = card_points(card, rubric)
        found.append(
            RaterRatings(
                card.rater,
                card.recommendation,
                tuple(map(points.get, trait_ids)),
                tuple(card.notes.get(trait_id) or None for trait_id in trait_ids),
            )
        )
    return tuple(found)


def _panel_ratings(
    candidate: Candidate, plan: ScoringPlan
) -> tuple[list[Rating | None], tuple[int | None, ...]]:
    """Each trait's rating that counts, and its spread across raters."""
    rubric = plan.rubric
    by_card = [card_points(card, rubric) for card in candidate.scorecards]
    ratings: list[Rating | None] = []
    spreads: list[int | None] = []
    for trait_id in rubric.trait_ids:
        given = [points[trait_id] for points in by_card if trait_id in points]
        ratings.append(combine(given, plan.aggregate) if given else None)
        spreads.append(max(given) - min(given) if len(given) > 1 else None)
    return ratings, tuple(spreads)


def _ratio(points: Rating, weight: int, span: int) -> float | None:
    """100 · points / (weight · span) as a float rounded correctly from the exact value
    (int / int division in Python is correctly rounded; a Fraction converts the same way)."""
    if weight == 0:
        return None
    if isinstance(points, int):
        return (100 * points) / (weight * span)
    return float(100 * points / (weight * span))


def ratings_of(
    candidate: Candidate, plan: ScoringPlan
) -> tuple[list[Rating | None], tuple[int | None, ...]]:
    """Each rubric trait's rating that counts (labels read as their points), and for a panel
    each trait's spread across raters (empty for one rater)."""
    if candidate.reviews:
        return _panel_ratings(candidate, plan)
    given = candidate.ratings or {}
    values: list[int | str | None] = list(map(given.get, plan.rubric.trait_ids))
    if not _INTS_OR_NONE.issuperset(map(type, values)):
        point_of = plan.rubric.scale.point_of
        values = [v if v is None or isinstance(v, int) else point_of(v) for v in values]
    return values, ()  # type: ignore[return-value]  # only ints and None remain


_INTS_OR_NONE: Final = frozenset({int, type(None)})
WHOLE_ONLY: Final = frozenset({int})
"""``WHOLE_ONLY.issuperset(map(type, values))``: every value is a whole number (in C)."""


def _points(
    ratings: Sequence[Rating | None], plan: ScoringPlan
) -> tuple[list[Rating | None], Rating, int]:
    """Each trait's weighted points above the bottom of the scale (None where the trait does
    not count), their total, and the total weight that counts."""
    low = plan.rubric.scale.min
    if None not in ratings:
        # Every trait rated (the usual case): no per-trait test, the arithmetic in C.
        points: list[Rating | None] = list(map(mul, plan.weights, map(sub, ratings, repeat(low))))
        return points, sum(points), plan.total_weight  # type: ignore[arg-type]
    skip = plan.missing is MissingPolicy.SKIP
    points = [
        (None if skip else 0) if r is None else w * (r - low)
        for w, r in zip(plan.weights, ratings, strict=True)
    ]
    total: Rating = sum(p for p in points if p is not None)
    weight = sum(w for w, p in zip(plan.weights, points, strict=True) if p is not None)
    return points, total, weight


def _reasons(ratings: Sequence[Rating | None], plan: ScoringPlan) -> list[str]:
    """Each must-have the candidate misses; empty when eligible."""
    low = plan.rubric.scale.min
    reasons = []
    for i, minimum in plan.minimums:
        rating = ratings[i]
        if rating is not None and rating >= minimum:
            continue
        trait_id = plan.rubric.trait_ids[i]
        if rating is not None:
            reasons.append(f"{trait_id} {_show(rating)} < {minimum}")
        elif plan.missing is not MissingPolicy.MIN:
            reasons.append(f"{trait_id} not rated (must be at least {minimum})")
        elif low < minimum:
            reasons.append(f"{trait_id} not rated, counted as {low} < {minimum}")
    return reasons


def labelled_reason(reason: str, labels: Mapping[str, str]) -> str:
    """A reason of :func:`_reasons` for people: the trait's label where it names the trait by
    its id (the first word of every reason)."""
    trait_id, space, rest = reason.partition(" ")
    return f"{labels.get(trait_id, trait_id)}{space}{rest}"


Standing = tuple[float, Rating, int, bool]
"""What ranking needs of a candidate: score, exact numerator and denominator, eligible."""


def _with_numbers(
    candidates: Sequence[Candidate], plan: ScoringPlan
) -> Iterator[tuple[Candidate, tuple[int, ...] | None]]:
    """Each candidate, with its ratings in the rubric's order when it is the usual candidate
    (one rater, every trait rated with a number: the arithmetic then takes a short way), or
    None for the general way."""
    pick = itemgetter(*plan.trait_ids) if len(plan.trait_ids) > 1 else None
    for candidate in candidates:
        given = candidate.ratings
        values = None
        if pick is not None and given is not None and not candidate.reviews:
            try:
                values = pick(given)
            except KeyError:  # a trait not rated
                pass
            else:
                if not WHOLE_ONLY.issuperset(map(type, values)):
                    values = None  # a scale label among them
        yield candidate, values


def _missed(values: tuple[int, ...], plan: ScoringPlan) -> tuple[str, ...]:
    """The must-haves whole-number ratings miss (see :func:`_reasons`), worked out once per
    combination of the must-have traits' ratings."""
    if plan.must_haves is None:
        return ()
    key = plan.must_haves(values)
    reasons = plan.missed.get(key)
    if reasons is None:
        reasons = plan.missed[key] = tuple(_reasons(values, plan))
    return reasons


class Standings(NamedTuple):
    """Every candidate's score and eligibility, and the numbers they came from."""

    standings: list[Standing]
    numbers: list[tuple[int, ...] | None]
    """Per candidate, the usual candidate's ratings in the rubric's order (None for others):
    evaluating the candidates shown need not look their ratings up again, which matters
    when they are shown in an order far from the one they were read in."""


def standings(candidates: Sequence[Candidate], plan: ScoringPlan) -> Standings:
    """Each candidate's score and eligibility alone, computed the same way as :func:`evaluate`
    does but without the rest, for ranking a hundred thousand candidates of whom few are
    shown. For the usual candidate, Σ w·(r − min) is Σ w·r − min·Σ w."""
    weights, offset = plan.weights, plan.low * plan.total_weight
    denominator = plan.denominator
    found: list[Standing] = []
    numbers: list[tuple[int, ...] | None] = []
    for candidate, values in _with_numbers(candidates, plan):
        numbers.append(values)
        if values is None:
            found.append(_standing(candidate, plan))
            continue
        points = 100 * (sum(map(mul, weights, values)) - offset)
        found.append((points / denominator, points, denominator, not _missed(values, plan)))
    return Standings(found, numbers)


def whole_standing(values: tuple[int, ...], plan: ScoringPlan) -> Standing:
    """The standing of the usual candidate from their whole-number ratings in the rubric's
    order, as :func:`standings` computes it (for a reader that holds no candidates)."""
    points = 100 * (sum(map(mul, plan.weights, values)) - plan.low * plan.total_weight)
    return points / plan.denominator, points, plan.denominator, not _missed(values, plan)


def _standing(candidate: Candidate, plan: ScoringPlan) -> Standing:
    ratings, _ = ratings_of(candidate, plan)
    return rated_standing(ratings, plan)


def rated_standing(ratings: Sequence[Rating | None], plan: ScoringPlan) -> Standing:
    """The standing of a candidate's ratings in the rubric's order (None where a trait is not
    rated; the plan's missing policy says how that counts), as :func:`standings` computes
    it for a candidate who is not the usual one."""
    _, total, weight = _points(ratings, plan)
    span = plan.rubric.scale.span
    score = _ratio(total, weight, span)
    if score is None:
        return 0.0, 0, 1, not _reasons(ratings, plan)
    return score, 100 * total, weight * span, not _reasons(ratings, plan)


def evaluate(candidate: Candidate, plan: ScoringPlan) -> Evaluation:
    """Everything about one validated candidate's score; every rating is on the scale."""
    return evaluations([candidate], plan)[0]


def evaluations(
    candidates: Sequence[Candidate],
    plan: ScoringPlan,
    numbers: Sequence[tuple[int, ...] | None] | None = None,
) -> list[Evaluation]:
    """:func:`evaluate` for each candidate. The usual candidate is evaluated inline, the
    arithmetic in C: every row of a big export goes through here. ``numbers`` are what
    :func:`standings` found for the same candidates, if it has been asked."""
    trait_ids, weights, group_sums = plan.trait_ids, plan.weights, plan.group_sums
    offset, denominator, count = plan.low * plan.total_weight, plan.denominator, len(trait_ids)
    found: list[Evaluation] = []
    pairs: Iterable[tuple[Candidate, tuple[int, ...] | None]] = (
        _with_numbers(candidates, plan)
        if numbers is None
        else zip(candidates, numbers, strict=True)
    )
    for candidate, values in pairs:
        if values is None:
            found.append(_evaluate(candidate, plan))
            continue
        weighted = list(map(mul, weights, values))  # w·r per trait
        points = 100 * (sum(weighted) - offset)
        groups = [(100 * sum(part(weighted)) - take) / over for part, take, over in group_sums]
        reasons = _missed(values, plan)
        notes = candidate.notes
        # Positional, in the order of Evaluation's fields: there may be a hundred thousand.
        found.append(
            Evaluation(
                candidate.name,
                candidate.department,
                values,
                points / denominator,
                (points, denominator),
                tuple(groups),
                1.0,
                not reasons,
                reasons,
                () if len(candidate.ratings or ()) == count else _unused(candidate, plan),
                tuple(map(notes.get, trait_ids)) if notes else (),
            )
        )
    return found


def plain_evaluations(
    rows: Iterable[tuple[str, str, tuple[int, ...]]], plan: ScoringPlan
) -> list[Evaluation]:
    """:func:`evaluations` of the usual candidates (one rater, every trait of the rubric rated
    with a whole number, no other trait, no notes) from their name, department and ratings in
    the rubric's order: for a reader that holds no models. The same arithmetic as the short
    way there, so the same evaluations."""
    weights, group_sums = plan.weights, plan.group_sums
    offset, denominator = plan.low * plan.total_weight, plan.denominator
    found: list[Evaluation] = []
    for name, department, values in rows:
        weighted = list(map(mul, weights, values))
        points = 100 * (sum(weighted) - offset)
        groups = [(100 * sum(part(weighted)) - take) / over for part, take, over in group_sums]
        reasons = _missed(values, plan)
        found.append(
            Evaluation(
                name,
                department,
                values,
                points / denominator,
                (points, denominator),
                tuple(groups),
                1.0,
                not reasons,
                reasons,
                (),
                (),
            )
        )
    return found


def _unused(candidate: Candidate, plan: ScoringPlan) -> tuple[str, ...]:
    """Traits the candidate was rated on that this rubric does not score."""
    return tuple(sorted(candidate.rated_traits - plan.rubric.trait_set))


def _evaluate(candidate: Candidate, plan: ScoringPlan) -> Evaluation:
    rubric = plan.rubric
    span = rubric.scale.span
    trait_ids = rubric.trait_ids
    ratings, spreads = ratings_of(candidate, plan)
    points, total, weight = _points(ratings, plan)
    group_scores = []
    for members in plan.groups:
        counted = [i for i in members if points[i] is not None]
        group_points: Rating = sum(points[i] for i in counted)  # type: ignore[misc]
        group_scores.append(_ratio(group_points, sum(plan.weights[i] for i in counted), span))
    rated_weight = sum(w for w, r in zip(plan.weights, ratings, strict=True) if r is not None)
    reasons = _reasons(ratings, plan)
    score = _ratio(total, weight, span)
    panel = bool(candidate.reviews)
    cards = candidate.scorecards if panel else ()
    tally = [card.recommendation for card in cards if card.recommendation]
    has_notes = bool(candidate.notes) or any(card.notes for card in cards)
    return Evaluation(
        name=candidate.name,
        department=candidate.department,
        ratings=tuple(ratings),
        score=score if score is not None else 0.0,
        exact=(100 * total, weight * span) if weight else (0, 1),
        group_scores=tuple(group_scores),
        coverage=rated_weight / plan.total_weight,
        eligible=not reasons,
        reasons=tuple(reasons),
        unused=_unused(candidate, plan),
        notes=tuple(_notes(candidate.scorecards, candidate, t) for t in trait_ids)
        if has_notes
        else (),
        raters=len(cards) if panel else 1,
        spreads=spreads,
        disagreements=tuple(
            trait_id
            for trait_id, spread in zip(trait_ids, spreads, strict=False)  # none for one rater
            if spread is not None and spread >= plan.disagreement
        ),
        recommendations=tuple(
            (kind, tally.count(kind)) for kind in RECOMMENDATIONS if kind in tally
        ),
        reviews=_reviews(candidate, rubric) if panel else (),
    )


def tally_text(recommendations: Sequence[tuple[str, int]]) -> str:
    """``2 strong yes, 1 no``: a panel's recommendations, best first."""
    ordered = sorted(recommendations, key=lambda item: _TALLY_ORDER.index(item[0]))
    return ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in ordered)


_TALLY_ORDER = ("strong_yes", "yes", "no_decision", "no", "strong_no")
