"""How firm a ranking is when the rubric's weights are in doubt: SMAA-2 (Lahdelma and
Salminen 2001).

Weight vectors are drawn around the rubric's weights, every eligible candidate is ranked under
each, and the ranks are counted: how often each candidate ranks first, how often in the top N,
their mean rank, and the ranks that hold the middle 90% of samples. Must-haves stay as they
are: who is eligible does not depend on the weights. The draw is seeded, so the same input and
seed give the same numbers. numpy is imported by :func:`stability` alone, so plain ``rank``
never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from smteam.checking.models import Candidate
from smteam.choices import Aggregate, MissingPolicy
from smteam.errors import UsageError
from smteam.scoring.scores import ScoringPlan, card_points, ratings_of, standings

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]

DEFAULT_SAMPLES: Final = 10_000
DEFAULT_SPREAD: Final = 0.25
DEFAULT_TOP: Final = 3
TIE: Final = 1e-9
"""Scores (0 to 100) closer than this share a rank under a sampled weight vector: float sums
of equal exact scores may differ in the last bits."""
MAX_RANKS: Final = 200_000_000
"""The most ranks (samples x eligible candidates) kept for the 90% ranges: 400 MB at most."""
_CHUNK: Final = 4_000_000
"""About how many candidate scores one block of samples holds (32 MB of floats)."""


@dataclass(frozen=True, slots=True)
class StabilitySettings:
    """How the weights (and, with ``rating_noise``, the ratings) are sampled."""

    samples: int = DEFAULT_SAMPLES
    spread: float = DEFAULT_SPREAD
    """Each weight is scaled by a uniform factor in [1 - spread, 1 + spread]; 1 samples the
    whole simplex (every weight vector equally likely)."""
    seed: int = 0
    top: int = DEFAULT_TOP
    rating_noise: bool = False
    """Also resample each panel candidate's scorecards (a bootstrap) in every sample."""


@dataclass(frozen=True, slots=True)
class CandidateStability:
    """One eligible candidate's ranks across the samples."""

    first: float
    """P(rank 1): the share of samples in which they rank first (ties included)."""
    top: float
    """P(rank <= N)."""
    expected_rank: float
    low: int
    """The best rank of the middle 90% of samples (5th percentile)."""
    high: int
    """The worst rank of the middle 90% of samples (95th percentile)."""
    central_weights: tuple[float, ...] | None
    """The mean weights (summing to 1, in rubric order) of the samples in which they rank
    first; None when they never do."""


@dataclass(frozen=True, slots=True)
class Stability:
    """Every eligible candidate's stability, by name, and how it was sampled."""

    settings: StabilitySettings
    trait_ids: tuple[str, ...]
    candidates: dict[str, CandidateStability]

    def of(self, name: str) -> CandidateStability | None:
        """The stability of the candidate called ``name``; None when not eligible."""
        return self.candidates.get(name)


def sample_weights(
    weights: Sequence[float], spread: float, samples: int, rng: np.random.Generator
) -> Floats:
    """``samples`` weight vectors summing to 1: each weight scaled by U(1 - spread, 1 + spread)
    for a spread below 1, or uniform on the simplex (normalised exponentials) at 1."""
    import numpy as np

    base = np.asarray(weights, dtype=np.float64)
    if spread >= 1:
        drawn = rng.exponential(size=(samples, base.size))
    else:
        drawn = base * rng.uniform(1 - spread, 1 + spread, size=(samples, base.size))
    total = drawn.sum(axis=1, keepdims=True)
    out: Floats = drawn / total
    return out


def _points_matrix(
    candidates: Sequence[Candidate], plan: ScoringPlan
) -> tuple[Floats, Floats | None]:
    """Per candidate and trait, the rating's place on the scale (0 to 1), and which ratings
    count (None when all do): a missing rating counts as the bottom unless --missing skip."""
    import numpy as np

    low, span = plan.rubric.scale.min, plan.rubric.scale.span
    values = np.zeros((len(candidates), len(plan.weights)))
    counted = np.ones_like(values)
    skip = plan.missing is MissingPolicy.SKIP
    for row, candidate in enumerate(candidates):
        ratings, _ = ratings_of(candidate, plan)
        for column, rating in enumerate(ratings):
            if rating is None:
                counted[row, column] = 0.0 if skip else 1.0
            else:
                values[row, column] = (float(rating) - low) / span
    return values, (counted if skip and not counted.all() else None)


def _scores(weights: Floats, values: Floats, counted: Floats | None) -> Floats:
    """Scores 0 to 100 of every candidate under every weight vector (rows summing to 1)."""
    import numpy as np

    if counted is None:
        scores: Floats = 100.0 * (weights @ values.T)
        return scores
    numerator = weights @ (values * counted).T
    denominator = weights @ counted.T
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(denominator > 0, 100.0 * numerator / denominator, 0.0)
    return scores


def _noisy_scores(
    weights: Floats,
    candidates: Sequence[Candidate],
    plan: ScoringPlan,
    values: Floats,
    counted: Floats | None,
    rng: np.random.Generator,
) -> Floats:
    """Scores as :func:`_scores`, with each panel candidate's scorecards resampled (drawn
    with replacement, as many as they have) in every sample; a trait none of the drawn cards
    rated falls back on the panel's rating."""
    import numpy as np

    rubric = plan.rubric
    low, span = rubric.scale.min, rubric.scale.span
    samples = weights.shape[0]
    scores = _scores(weights, values, counted)
    for column, candidate in enumerate(candidates):
        cards = candidate.scorecards if candidate.reviews else ()
        if len(cards) < 2:
            continue
        table = np.full((len(cards), len(rubric.trait_ids)), np.nan)
        for r, card in enumerate(cards):
            points = card_points(card, rubric)
            for t, trait_id in enumerate(rubric.trait_ids):
                if trait_id in points:
                    table[r, t] = (points[trait_id] - low) / span
        drawn = table[rng.integers(0, len(cards), size=(samples, len(cards)))]
        rated = ~np.isnan(drawn).all(axis=1)
        filled = np.where(np.isnan(drawn), 0.0, drawn)
        if plan.aggregate is Aggregate.MEDIAN:
            with np.errstate(all="ignore"):
                pooled = np.nanmedian(np.where(rated[:, None, :], drawn, 0.0), axis=1)
        else:
            given = (~np.isnan(drawn)).sum(axis=1)
            pooled = filled.sum(axis=1) / np.maximum(given, 1)
        trait_values = np.where(rated, pooled, values[column])
        mask = counted[column] if counted is not None else np.ones(trait_values.shape[1])
        numerator = (weights * trait_values * mask).sum(axis=1)
        denominator = (weights * mask).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            scores[:, column] = np.where(denominator > 0, 100.0 * numerator / denominator, 0.0)
    return scores


def competition_ranks(scores: Floats) -> npt.NDArray[np.int32]:
    """Per row, each column's rank by score, best first, equal scores (within :data:`TIE`)
    sharing the better rank (1, 2, 2, 4)."""
    import numpy as np

    order, places = _ordered(scores)
    ranks = np.empty(scores.shape, dtype=np.int32)
    np.put_along_axis(ranks, order, places, axis=1)
    return ranks


def _ordered(scores: Floats) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int32]]:
    """Per row, the columns best first, and the rank at each of those places."""
    import numpy as np

    # Best first, as reversed views of an ascending sort (no negated copy). Equal scores get
    # the same rank whatever order the sort leaves them in, so it need not be stable.
    order = np.argsort(scores, axis=1)[:, ::-1]
    ordered = np.take_along_axis(scores, order, axis=1)
    rows, count = scores.shape
    places = np.broadcast_to(np.arange(1, count + 1, dtype=np.int32), (rows, count))
    if count > 1:
        steps = (ordered[:, :-1] - ordered[:, 1:]) > TIE
        if not steps.all():  # some scores tie: each takes the place its run starts at
            starts = np.zeros((rows, count), dtype=np.int32)
            starts[:, 1:] = np.where(steps, places[:, :-1], 0)
            np.maximum.accumulate(starts, axis=1, out=starts)
            places = starts + 1
    return order, places


def _reaching(places: npt.NDArray[np.int32], rank: int) -> int:
    """How many leading places hold, in some row, a rank of ``rank`` or better: ranks never
    fall along a row, so those places are a prefix of every row."""
    count = int(places.shape[1])
    reach = min(rank, count)  # the place at index j has rank j + 1 or better
    while reach < count and bool((places[:, reach] <= rank).any()):
        reach += 1
    return reach


def stability(
    candidates: Sequence[Candidate], plan: ScoringPlan, settings: StabilitySettings
) -> Stability:
    """The SMAA-2 rank acceptabilities of the eligible ``candidates`` under weights sampled
    as ``settings`` says; the same input and settings give the same numbers."""
    import numpy as np

    found, _ = standings(candidates, plan)
    eligible = [c for c, s in zip(candidates, found, strict=True) if s[3]]
    trait_ids = plan.rubric.trait_ids
    if not eligible:
        return Stability(settings, trait_ids, {})
    if settings.samples * len(eligible) > MAX_RANKS:
        most = max(1, MAX_RANKS // len(eligible))
        raise UsageError(
            f"--samples {settings.samples} on {len(eligible)} eligible candidates is more than "
            f"smteam keeps in memory ({MAX_RANKS:,} ranks); use --samples {most} or fewer"
        )
    values, counted = _points_matrix(eligible, plan)
    rng = np.random.default_rng(settings.seed)
    count = len(eligible)
    block = max(1, _CHUNK // count)
    firsts = np.zeros(count, dtype=np.int64)
    tops = np.zeros(count, dtype=np.int64)
    rank_sums = np.zeros(count, dtype=np.int64)
    central = np.zeros((count, len(trait_ids)))
    dtype = np.uint16 if count < 2**16 else np.uint32
    # Per candidate, their rank in every sample, so that the 90% ranges come from one sort of
    # small integers (a radix sort) per candidate.
    all_ranks = np.empty((count, settings.samples), dtype=dtype)
    for start in range(0, settings.samples, block):
        size = min(block, settings.samples - start)
        weights = sample_weights(plan.weights, settings.spread, size, rng)
        if settings.rating_noise:
            scores = _noisy_scores(weights, eligible, plan, values, counted, rng)
        else:
            scores = _scores(weights, values, counted)
        order, places = _ordered(scores)
        ranks = np.empty(scores.shape, dtype=np.int32)
        np.put_along_axis(ranks, order, places, axis=1)
        rank_sums += ranks.sum(axis=0)
        all_ranks[:, start : start + size] = ranks.T
        # Who is first, and who is in the top N, read from the few leading places alone.
        reach = _reaching(places, 1)
        leading = places[:, :reach] == 1
        sample_index = np.nonzero(leading)[0]
        candidate_index = order[:, :reach][leading]
        firsts += np.bincount(candidate_index, minlength=count)
        np.add.at(central, candidate_index, weights[sample_index])
        reach = _reaching(places, settings.top)
        tops += np.bincount(order[:, :reach][places[:, :reach] <= settings.top], minlength=count)
    samples = settings.samples
    low_at = int(np.floor(0.05 * samples))
    high_at = int(np.ceil(0.95 * samples)) - 1
    all_ranks.sort(axis=1, kind="stable")
    bounds = all_ranks[:, [low_at, high_at]]
    result: dict[str, CandidateStability] = {}
    for i, candidate in enumerate(eligible):
        weights_first = None
        if firsts[i]:
            mean = central[i] / firsts[i]
            weights_first = tuple(float(w) for w in mean)
        result[candidate.name] = CandidateStability(
            first=float(firsts[i]) / samples,
            top=float(tops[i]) / samples,
            expected_rank=float(rank_sums[i]) / samples,
            low=int(bounds[i, 0]),
            high=int(bounds[i, 1]),
            central_weights=weights_first,
        )
    return Stability(settings, trait_ids, result)


def stability_shortfall(result: Stability, leader: str | None, fail_unstable: float) -> str | None:
    """Why the ranking's top candidate (``leader``, first in the plain ranking) is not first
    often enough under sampled weights for a CI job, or None when they are."""
    found = result.of(leader) if leader is not None else None
    if found is None:
        return "the ranking is not stable: no candidate is eligible"
    if found.first >= fail_unstable:
        return None
    return (
        f"the ranking is not stable: the top candidate, {leader}, ranks first in "
        f"{found.first * 100:.1f}% of weight samples, below the {fail_unstable * 100:g}% asked "
        "for"
    )
