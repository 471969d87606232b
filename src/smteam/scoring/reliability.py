"""Whether a panel's raters agree well enough to trust their numbers.

Where every rater rated every candidate on a trait, the intraclass correlations of Shrout and
Fleiss (1979) for a two-way design: ICC(2,1) and ICC(2,k) (absolute agreement: raters who
rate higher or lower than the rest count against it) and ICC(3,1) and ICC(3,k) (consistency:
only the order matters), each with a 95% confidence interval (McGraw and Wong 1996) and the
reading of Koo and Li (2016). Where raters skipped candidates, Krippendorff's alpha at the
ordinal level, from the ``krippendorff`` package. numpy and krippendorff are imported by
:func:`reliability` alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final, Literal

from smteam.checking.models import Candidate, Rubric
from smteam.scoring.scores import card_points
from smteam.text import person_key

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]

OVERALL: Final = "overall"
"""The row for each rater's overall score of a candidate (0 to 100, the rubric's weights)."""
READINGS: Final = ((0.5, "poor"), (0.75, "moderate"), (0.9, "good"), (math.inf, "excellent"))
"""Koo and Li (2016): below 0.5 poor, below 0.75 moderate, below 0.9 good, else excellent."""


@dataclass(frozen=True, slots=True)
class Interval:
    """An estimate with its 95% confidence interval."""

    value: float
    low: float
    high: float

    @property
    def reading(self) -> str:
        """The Koo and Li reading judged on the interval: ``moderate to good`` when it spans
        two bands, one word when it lies in one."""
        low, high = band(self.low), band(self.high)
        return low if low == high else f"{low} to {high}"


@dataclass(frozen=True, slots=True)
class ICC:
    """The four two-way intraclass correlations of one trait (or the overall score)."""

    icc1: float
    """ICC(1,1), one-way, for reference (the Shrout and Fleiss worked example reports it)."""
    icc2_1: Interval
    icc2_k: Interval
    icc3_1: Interval
    icc3_k: Interval


@dataclass(frozen=True, slots=True)
class TraitReliability:
    """The reliability of one trait (or the overall score) and how it was measured."""

    trait: str
    candidates: int
    raters: int
    missing: int
    """How many candidate-rater cells have no rating."""
    statistic: str
    """``ICC`` (every rater rated every candidate), ``alpha`` (some skipped), or ``none``."""
    icc: ICC | None
    alpha: float | None
    note: str
    """Why this statistic, and what it cannot tell here."""
    label: str = ""
    """What people call the trait: the rubric's label (``overall`` for the overall score)."""

    @property
    def headline(self) -> float | None:
        """The number a CI bar is held to: ICC(2,k) (the panel's mean rating, absolute
        agreement) or alpha."""
        if self.icc is not None:
            return self.icc.icc2_k.value
        return self.alpha


@dataclass(frozen=True, slots=True)
class Reliability:
    """Every trait's reliability, then the overall score's."""

    rows: tuple[TraitReliability, ...]


def alpha_reading(alpha: float) -> str:
    """Krippendorff's own guidance: 0.8 or more reliable, 0.667 or more for tentative
    conclusions only, below that not to be relied on."""
    if alpha >= 0.8:
        return "reliable"
    if alpha >= 0.667:
        return "tentative"
    return "not to be relied on"


def band(value: float) -> str:
    """The Koo and Li band of a correlation."""
    return next(name for limit, name in READINGS if value < limit)


def two_way(matrix: Floats) -> ICC:
    """The intraclass correlations of a complete candidates x raters matrix (at least two of
    each, and candidates that differ): Shrout and Fleiss's mean squares, McGraw and Wong's
    intervals."""
    import numpy as np

    with np.errstate(all="ignore"):  # a degenerate panel's 0/0 becomes nan, then is bounded
        return _two_way(matrix)


def _two_way(matrix: Floats) -> ICC:
    import numpy as np

    n, k = matrix.shape
    grand = matrix.mean()
    ss_total = float(((matrix - grand) ** 2).sum())
    ss_rows = k * float(((matrix.mean(axis=1) - grand) ** 2).sum())
    ss_columns = n * float(((matrix.mean(axis=0) - grand) ** 2).sum())
    ss_error = ss_total - ss_rows - ss_columns
    msr = np.float64(ss_rows / (n - 1))
    msc = np.float64(ss_columns / (k - 1))
    mse = np.float64(ss_error / ((n - 1) * (k - 1)))
    msw = np.float64((ss_columns + ss_error) / (n * (k - 1)))
    icc1 = (msr - msw) / (msr + (k - 1) * msw)
    icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    icc2k = (msr - mse) / (msr + (msc - mse) / n)
    icc3 = (msr - mse) / (msr + (k - 1) * mse)
    icc3k = (msr - mse) / msr
    # Consistency: an exact F test on MSR / MSE.
    df1, df2 = n - 1, (n - 1) * (k - 1)
    observed = msr / mse if mse > 0 else math.inf
    f_low = observed / f_quantile(0.975, df1, df2)
    f_high = observed * f_quantile(0.975, df2, df1)
    # Absolute agreement: Satterthwaite's degrees of freedom for the mixed mean square.
    a = k * icc2 / (n * (1 - icc2)) if icc2 < 1 else math.inf
    b = 1 + k * icc2 * (n - 1) / (n * (1 - icc2)) if icc2 < 1 else math.inf
    if math.isinf(a):
        v = float(df2)
    else:
        spread = (a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / df2
        v = (a * msc + b * mse) ** 2 / spread if spread > 0 else float(df2)
        v = v if math.isfinite(v) and v >= 1 else 1.0  # a degenerate panel: the widest interval
    fs = f_quantile(0.975, df1, v)
    fss = f_quantile(0.975, v, df1)
    mixed = k * msc + (k * n - k - n) * mse
    low2 = n * (msr - fs * mse) / (fs * mixed + n * msr)
    high2 = n * (fss * msr - mse) / (mixed + n * fss * msr)
    low2k = n * (msr - fs * mse) / (fs * (msc - mse) + n * msr)
    high2k = n * (fss * msr - mse) / (msc - mse + n * fss * msr)
    if math.isinf(f_low):  # no error at all: the raters order everyone the same
        icc3_1, icc3_k = Interval(icc3, 1.0, 1.0), Interval(icc3k, 1.0, 1.0)
    else:
        icc3_1 = Interval(icc3, (f_low - 1) / (f_low + k - 1), (f_high - 1) / (f_high + k - 1))
        icc3_k = Interval(icc3k, 1 - 1 / f_low, 1 - 1 / f_high)
    return ICC(
        icc1=float(icc1),
        icc2_1=_bounded(Interval(icc2, low2, high2)),
        icc2_k=_bounded(Interval(icc2k, low2k, high2k)),
        icc3_1=_bounded(icc3_1),
        icc3_k=_bounded(icc3_k),
    )


def _bounded(found: Interval) -> Interval:
    """The interval as a correlation can be: within -1 and 1, and holding its estimate. On a
    small, divided panel (raters who differ more than the candidates do) the textbook formulas
    leave that range or turn the interval inside out; such a panel reads as poor anyway."""

    def clip(value: float, default: float) -> float:
        return min(1.0, max(-1.0, value)) if math.isfinite(value) else default

    value = clip(float(found.value), -1.0)
    low, high = clip(float(found.low), -1.0), clip(float(found.high), 1.0)
    if low > value or high < value:  # the formulas' denominators changed sign
        low, high = -1.0, max(high, value) if high >= value else 1.0
    return Interval(value, low, high)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the regularised incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 500):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return result


def beta_cdf(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _beta_fraction(b, a, 1 - x) / b


def f_cdf(value: float, df1: float, df2: float) -> float:
    """P(F <= value) for the F distribution with ``df1`` and ``df2`` degrees of freedom."""
    if value <= 0:
        return 0.0
    return beta_cdf(df1 * value / (df1 * value + df2), df1 / 2, df2 / 2)


def f_quantile(p: float, df1: float, df2: float) -> float:
    """The ``p`` quantile of the F distribution, by bisection on :func:`f_cdf`."""
    low, high = 0.0, 1.0
    while f_cdf(high, df1, df2) < p:
        high *= 2
        if high > 1e12:
            return math.inf
    for _ in range(200):
        middle = (low + high) / 2
        if f_cdf(middle, df1, df2) < p:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12 * high:
            break
    return (low + high) / 2


def _matrices(
    candidates: Sequence[Candidate], rubric: Rubric
) -> tuple[list[str], dict[str, Floats]]:
    """The raters (by first spelling) and, per trait and overall, a candidates x raters matrix
    of ratings (NaN where a rater gave none). A rater's overall score of a candidate is their
    own score on the rubric's weights, and only where they rated every trait."""
    import numpy as np

    panel = [c for c in candidates if c.reviews]
    keys: dict[str, str] = {}
    for candidate in panel:
        for card in candidate.scorecards:
            assert card.rater is not None
            keys.setdefault(person_key(card.rater), card.rater)
    order = list(keys)
    column = {key: i for i, key in enumerate(order)}
    trait_ids = rubric.trait_ids
    weights = [t.weight for t in rubric.traits]
    low, span = rubric.scale.min, rubric.scale.span
    shape = (len(panel), len(order))
    found = {t: np.full(shape, np.nan) for t in (*trait_ids, OVERALL)}
    for row, candidate in enumerate(panel):
        for card in candidate.scorecards:
            assert card.rater is not None
            at = column[person_key(card.rater)]
            points = card_points(card, rubric)
            for trait_id in trait_ids:
                if trait_id in points:
                    found[trait_id][row, at] = points[trait_id]
            if all(t in points for t in trait_ids):
                total = sum(w * (points[t] - low) for w, t in zip(weights, trait_ids, strict=True))
                found[OVERALL][row, at] = 100 * total / (sum(weights) * span)
    return [keys[k] for k in order], found


def _measure(trait: str, matrix: Floats, rubric: Rubric) -> TraitReliability:
    import numpy as np

    rated = ~np.isnan(matrix)
    matrix = matrix[rated.any(axis=1)][:, rated.any(axis=0)]
    rated = ~np.isnan(matrix)
    n, k = matrix.shape
    if n < 2 or k < 2 or rated.sum(axis=1).max() < 2:
        return TraitReliability(
            trait,
            n,
            k,
            int((~rated).sum()),
            "none",
            None,
            None,
            "cannot tell: it takes at least two candidates each rated by two raters or more",
        )
    few = " With fewer than 5 candidates the interval is wide: treat it as a rough guide." * (n < 5)
    if rated.all():
        if float(np.ptp(matrix.mean(axis=1))) == 0 or float(np.var(matrix)) == 0:
            return TraitReliability(
                trait,
                n,
                k,
                0,
                "none",
                None,
                None,
                "cannot tell: every candidate has the same mean rating, so there is no "
                "difference between candidates for raters to agree on",
            )
        icc = two_way(matrix)
        note = f"ICC: every rater rated every candidate.{few}"
        return TraitReliability(trait, n, k, 0, "ICC", icc, None, note)
    import krippendorff

    level: Literal["interval", "ordinal"] = "interval" if trait == OVERALL else "ordinal"
    pairable = matrix[rated.sum(axis=1) >= 2]  # alpha compares ratings of the same candidate
    values = set(pairable[~np.isnan(pairable)].tolist())
    if len(values) < 2:
        return TraitReliability(
            trait,
            n,
            k,
            int((~rated).sum()),
            "none",
            None,
            None,
            "cannot tell: every rating of a candidate rated twice or more is the same, so "
            "there is no disagreement to measure",
        )
    domain = list(range(rubric.scale.min, rubric.scale.max + 1)) if level == "ordinal" else None
    with np.errstate(all="ignore"):
        alpha = float(
            krippendorff.alpha(
                reliability_data=matrix.T, level_of_measurement=level, value_domain=domain
            )
        )
    if not math.isfinite(alpha):
        return TraitReliability(
            trait,
            n,
            k,
            int((~rated).sum()),
            "none",
            None,
            None,
            "cannot tell: the few ratings that can be compared leave no disagreement to measure",
        )
    note = (
        f"Krippendorff's alpha ({level}): some raters skipped some candidates, which ICC "
        f"cannot take.{few}"
    )
    return TraitReliability(trait, n, k, int((~rated).sum()), "alpha", None, alpha, note)


def reliability(candidates: Sequence[Candidate], rubric: Rubric) -> Reliability:
    """The reliability of every trait of ``rubric`` and of the overall score, across the
    candidates rated by a panel."""
    _, matrices = _matrices(candidates, rubric)
    labels = {trait.id: trait.label for trait in rubric.traits}
    return Reliability(
        tuple(
            replace(_measure(trait, matrix, rubric), label=labels.get(trait, trait))
            for trait, matrix in matrices.items()
        )
    )


def reliability_shortfall(result: Reliability, bar: float) -> str | None:
    """Why the panel misses a CI job's reliability bar (every trait's and the overall's
    ICC(2,k) or alpha at least ``bar``), or None when it meets it."""
    low = [row for row in result.rows if row.headline is None or row.headline < bar]
    if not low:
        return None
    parts = [
        f"{row.trait} {'cannot be measured' if row.headline is None else f'{row.headline:.2f}'}"
        for row in low
    ]
    return f"the raters' reliability is below {bar:g}: " + ", ".join(parts)
