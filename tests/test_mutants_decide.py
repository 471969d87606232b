"""Rubric comparison and rater reliability on cases worked out by hand from the published
definitions: Kendall's tau-b, rank-biased overlap (Webber, Moffat and Zobel 2010), the
intraclass correlations of Shrout and Fleiss (1979) with McGraw and Wong's (1996) intervals,
and Krippendorff's alpha (found by mutmut on scoring/comparison.py and scoring/reliability.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from smteam.api import RankOptions, compare_inputs, load_rubric, reliability_inputs
from smteam.scoring.comparison import rank_biased_overlap
from smteam.scoring.reliability import (
    _measure,
    alpha_reading,
    beta_cdf,
    f_cdf,
    f_quantile,
    two_way,
)
from tests.conftest import RunCli
from tests.test_decide import SHROUT_FLEISS

Write = Callable[..., Path]

TWO_TRAITS = """\
name: {name}
title: Two traits
scale: {{min: 1, max: 5}}
traits:
  - {{id: reach, label: Reach, weight: {reach}, description: How far the posts travel.}}
  - {{id: tone, label: Tone, weight: {tone}, description: How well the voice fits.{minimum}}}
"""


# --- Rubric comparison --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ([], [], 1.0),  # two empty orderings are the same order
        (["a"], [], 0.0),  # nothing in common
        ([], ["a", "b"], 0.0),
        # Depth 1, overlap 0: 0 / 1 * 0.9 + (0.1 / 0.9) * 0 = 0.
        (["a"], ["b"], 0.0),
        # Depth 1, overlap 1: 1 * 0.9 + (0.1 / 0.9) * 0.9 = 1.
        (["a"], ["a"], 1.0),
    ],
)
def test_rank_biased_overlap_of_short_orderings(
    first: list[str], second: list[str], expected: float
) -> None:
    assert rank_biased_overlap(first, second) == pytest.approx(expected)


def test_a_candidate_eligible_under_one_rubric_only(write: Write) -> None:
    # reach-first (weights 3:1, tone at least 2) and tone-first (1:3); 100 * points / 16.
    write(TWO_TRAITS.format(name="reach-first", reach=3, tone=1, minimum=", minimum: 2"), "r.yaml")
    write(TWO_TRAITS.format(name="tone-first", reach=1, tone=3, minimum=""), "t.yaml")
    lines = ["rubric: r.yaml", "candidates:"]
    for name, reach, tone in [("Ada", 5, 1), ("Bo", 2, 5), ("Cy", 3, 3), ("Di", 4, 2)]:
        lines.append(f"  - {{name: {name}, department: Sales, ratings: {{reach: {reach}, ")
        lines[-1] += f"tone: {tone}}}}}"
    path = write("\n".join(lines) + "\n")
    folder = path.parent
    found = compare_inputs(
        [str(path)], [str(folder / "r.yaml"), str(folder / "t.yaml")], RankOptions()
    ).comparison
    # reach-first: Di 62.5, Cy 50, Bo 43.75, Ada not eligible (tone 1 < 2).
    # tone-first: Bo 81.25, Cy 50, Di 37.5, Ada 25.
    assert [(row.name, row.ranks) for row in found.rows] == [
        ("Di", (1, 3)),
        ("Cy", (2, 2)),
        ("Bo", (3, 1)),
        ("Ada", (None, 4)),
    ]
    assert found.rows[-1].moves is None  # ranked by one rubric only
    (pair,) = found.pairs
    # Over Di, Cy, Bo (both rank them): (1, 2, 3) against (3, 2, 1), reversed.
    assert pair.tau_b == pytest.approx(-1.0)
    # [Di, Cy, Bo] against [Bo, Cy, Di, Ada], depth 3: overlaps 0, 1, 3;
    # 3 / 3 * 0.729 + (0.1 / 0.9) * (0 + 1 / 2 * 0.81 + 3 / 3 * 0.729) = 0.855.
    assert pair.rbo == pytest.approx(0.855)


# --- Rater reliability --------------------------------------------------------------------

# SHROUT_FLEISS (from test_decide): Shrout and Fleiss (1979), Table 2, six targets (rows)
# rated by four judges (columns).


def test_icc_intervals_on_shrout_and_fleiss_match_published_output() -> None:
    # The R package psych, ICC() on this table (McGraw and Wong's intervals), prints the lower
    # bounds to three decimals and the upper bounds to two: ICC2 0.019-0.76, ICC3 0.342-0.95,
    # ICC2k 0.071-0.93, ICC3k 0.676-0.99.
    icc = two_way(np.array(SHROUT_FLEISS, dtype=float))
    found = {
        name: (round(interval.low, 3), round(interval.high, 2))
        for name, interval in [
            ("icc2_1", icc.icc2_1),
            ("icc3_1", icc.icc3_1),
            ("icc2_k", icc.icc2_k),
            ("icc3_k", icc.icc3_k),
        ]
    }
    assert found == {
        "icc2_1": (0.019, 0.76),
        "icc3_1": (0.342, 0.95),
        "icc2_k": (0.071, 0.93),
        "icc3_k": (0.676, 0.99),
    }


def test_a_divided_panel_is_cut_to_the_range_of_a_correlation() -> None:
    # [[1,2],[2,3],[3,1]]: row means 1.5, 2.5, 2, column means 2 and 2. MSR 0.5, MSC 0,
    # MSE 1.5; n = 3, k = 2, df 2 and 2, and F(0.975; 2, 2) = 0.975 / 0.025 = 39.
    # ICC(3,1) = -1 / 2; F = 1/3, F_L = 1/117, F_U = 13: (F_L - 1) / (F_L + 1) = -116/118,
    # (13 - 1) / (13 + 1) = 12/14. ICC(3,k) = -1 / 0.5 = -2, cut to -1; 1 - 117, cut to -1;
    # 1 - 1/13 = 12/13. ICC(2,1) = -1 / (0.5 + 1.5 - 1) = -1; Satterthwaite: a = -1/3,
    # b = 1/3, v = 0.5**2 / ((0.5)**2 / 2) = 2; the mixed mean square 1.5; low
    # 3 (0.5 - 58.5) / (58.5 + 1.5) = -2.9, cut to -1; high 3 (19.5 - 1.5) / 60 = 0.9.
    # ICC(2,k) = -1 / (0.5 - 0.5): minus infinity, cut to -1; its low 3 (-58) / (-58.5 + 1.5)
    # = 3.05 lies above the estimate (the formulas turned it inside out): -1; high 54 / 57.
    icc = two_way(np.array([[1, 2], [2, 3], [3, 1]], dtype=float))  # no RuntimeWarning either
    found = [
        (interval.value, interval.low, interval.high)
        for interval in (icc.icc3_1, icc.icc3_k, icc.icc2_1, icc.icc2_k)
    ]
    assert found == [
        pytest.approx((-0.5, -116 / 118, 12 / 14)),
        pytest.approx((-1.0, -1.0, 12 / 13)),
        pytest.approx((-1.0, -1.0, 0.9)),
        pytest.approx((-1.0, -1.0, 54 / 57)),
    ]


def test_icc_intervals_of_a_small_hand_worked_panel() -> None:
    # [[1,2],[3,3],[5,4]]: MSR 4.5, MSC 0, MSE 0.5; n = 3, k = 2; F(0.975; 2, 2) = 39.
    # ICC(3,1) = 4 / 5: F = 9, F_L = 9/39, F_U = 351: low (9/39 - 1) / (9/39 + 1) = -10/16,
    # high 350/352. ICC(3,k) = 4 / 4.5: low 1 - 39/9, cut to -1; high 1 - 1/351.
    # ICC(2,1) = 4 / (5 - 1/3) = 6/7: a = 4, b = 9, v = 4.5**2 / (4.5**2 / 2) = 2, mixed 0.5:
    # low 3 (4.5 - 19.5) / (19.5 + 13.5) = -15/11, cut to -1; high 3 * 175 / 527.
    # ICC(2,k) = 4 / (4.5 - 0.5/3) = 12/13: low 3 (-15) / (-19.5 + 13.5) = 7.5 is inside out,
    # so -1; high 3 * 175 / (-0.5 + 526.5) = 525/526.
    icc = two_way(np.array([[1, 2], [3, 3], [5, 4]], dtype=float))
    found = [
        (interval.value, interval.low, interval.high)
        for interval in (icc.icc3_1, icc.icc3_k, icc.icc2_1, icc.icc2_k)
    ]
    assert found == [
        pytest.approx((0.8, -10 / 16, 350 / 352)),
        pytest.approx((8 / 9, -1.0, 350 / 351)),
        pytest.approx((6 / 7, -1.0, 525 / 527)),
        pytest.approx((12 / 13, -1.0, 525 / 526)),
    ]


def test_raters_who_agree_exactly_have_every_interval_at_one() -> None:
    # [[1,1],[3,3],[5,5]]: MSE and MSC are 0. Every ICC is MSR / MSR = 1, and so is every
    # bound: ICC(3) takes no F test, ICC(2)'s bounds are n MSR / n MSR.
    icc = two_way(np.array([[1, 1], [3, 3], [5, 5]], dtype=float))
    for interval in (icc.icc2_1, icc.icc2_k, icc.icc3_1, icc.icc3_k):
        assert (interval.value, interval.low, interval.high) == pytest.approx((1.0, 1.0, 1.0))


def test_satterthwaite_degrees_of_freedom_below_one_become_one() -> None:
    # [[1,2],[3,1]]: MSR 0.25, MSC 0.25, MSE 2.25; n = k = 2. ICC(2,1) = -2 / 0.5 = -4, cut to
    # -1; a = -0.8, b = 0.2, v = 0.25**2 / (0.2**2 + 0.45**2) = 0.26: the widest interval, v = 1.
    # F(0.975; 1, 1) = tan(0.975 pi / 2)**2 = 647.79; mixed 0.5; high
    # 2 (F / 4 - 9/4) / (1/2 + F / 2) = (F - 9) / (F + 1).
    f = math.tan(0.975 * math.pi / 2) ** 2
    icc = two_way(np.array([[1, 2], [3, 1]], dtype=float))
    found = icc.icc2_1
    assert (found.value, found.low, found.high) == pytest.approx((-1.0, -1.0, (f - 9) / (f + 1)))


@pytest.mark.parametrize(
    ("matrix", "value", "v", "msr", "mse", "mixed", "cut"),
    [
        # [[1,1],[1,1],[2,3]]: MSR 3/2, MSC 1/6, MSE 1/6. ICC(2,1) = (4/3) / (5/3) = 0.8;
        # a = 1.6 / 0.6 = 8/3, b = 1 + 3.2 / 0.6 = 19/3;
        # v = (4/9 + 19/18)**2 / ((4/9)**2 + (19/18)**2 / 2) = 486/163; mixed 2/6 + 1/6.
        ([[1, 1], [1, 1], [2, 3]], 0.8, 486 / 163, 3 / 2, 1 / 6, 1 / 2, False),
        # [[1,1],[1,2],[3,1]]: MSR 1/2, MSC 1/6, MSE 7/6. ICC(2,1) = (-2/3) / (5/3 - 2/3);
        # a = -4/15, b = 7/15; v = (45/90)**2 / ((4/90)**2 + (49/90)**2 / 2) = 1350/811,
        # between 1 and 2; mixed 2/6 + 7/6; the low bound is below -1, cut.
        ([[1, 1], [1, 2], [3, 1]], -2 / 3, 1350 / 811, 1 / 2, 7 / 6, 3 / 2, True),
    ],
)
def test_satterthwaite_degrees_of_freedom_that_are_not_whole(
    matrix: list[list[float]],
    value: float,
    v: float,
    msr: float,
    mse: float,
    mixed: float,
    cut: bool,
) -> None:
    # n = 3, k = 2. With 2 degrees of freedom first the F quantile has a closed form,
    # d/2 ((1 - p)^(-2/d) - 1), and F(0.975; v, 2) = 1 / F(0.025; 2, v). The bounds are McGraw
    # and Wong's (case 2A) on the mean squares worked out above.
    fs = v / 2 * (0.025 ** (-2 / v) - 1)
    fss = 1 / (v / 2 * (0.975 ** (-2 / v) - 1))
    low = -1.0 if cut else 3 * (msr - fs * mse) / (fs * mixed + 3 * msr)
    high = 3 * (fss * msr - mse) / (mixed + 3 * fss * msr)
    found = two_way(np.array(matrix, dtype=float)).icc2_1
    assert (found.value, found.low, found.high) == pytest.approx((value, low, high))


@pytest.mark.parametrize(
    ("alpha", "reading"),
    [
        (0.9, "reliable"),
        (0.8, "reliable"),
        (0.79, "tentative"),
        (0.667, "tentative"),
        (0.666, "not to be relied on"),
    ],
)
def test_alpha_is_read_as_krippendorff_advises(alpha: float, reading: str) -> None:
    assert alpha_reading(alpha) == reading


def _complete_panel(
    write: Write, reach: list[tuple[int, int]], tone: list[tuple[int, int]]
) -> Path:
    """Kim and Lee each rate every candidate on the two equal-weight traits."""
    write(TWO_TRAITS.format(name="two", reach=1, tone=1, minimum=""), "two.yaml")
    lines = ["rubric: two.yaml", "candidates:"]
    for name, (r1, r2), (t1, t2) in zip(["Ada", "Bo", "Cy"], reach, tone, strict=True):
        lines += [
            f"  - {{name: {name}, department: Sales, reviews: [",
            f"      {{rater: Kim, ratings: {{reach: {r1}, tone: {t1}}}}},",
            f"      {{rater: Lee, ratings: {{reach: {r2}, tone: {t2}}}}}]}}",
        ]
    return write("\n".join(lines) + "\n")


def test_the_reliability_bar_message_names_every_trait_below_it(
    run_cli: RunCli, write: Write
) -> None:
    # reach [[1,2],[3,3],[5,4]]: MSR 4.5, MSC 0, MSE 0.5, ICC(2,k) = 4 / (4.5 - 0.5 / 3) = 0.92.
    # tone is 3 throughout: nothing to measure. The overall score, 12.5 * (reach + 1), is reach
    # stretched and shifted: the same 0.92.
    path = _complete_panel(write, [(1, 2), (3, 3), (5, 4)], [(3, 3)] * 3)
    result = run_cli("raters", str(path), "--fail-under-reliability", "1", "-f", "json")
    assert result.exit_code == 3
    assert result.stderr == (
        "smteam: the raters' reliability is below 1: reach 0.92, tone cannot be measured, "
        "overall 0.92\n"
    )
    assert [row["trait"] for row in json.loads(result.stdout)["reliability"]] == [
        "reach",
        "tone",
        "overall",
    ]


def test_a_reliability_exactly_at_the_bar_meets_it(run_cli: RunCli, write: Write) -> None:
    # Kim and Lee agree on everything: MSE and MSC are 0, so every ICC(2,k) is MSR / MSR = 1.
    path = _complete_panel(write, [(1, 1), (3, 3), (5, 5)], [(2, 2), (3, 3), (4, 4)])
    result = run_cli("raters", str(path), "--fail-under-reliability", "1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_the_overall_row_is_labelled_overall(write: Write) -> None:
    path = _complete_panel(write, [(1, 2), (3, 3), (5, 4)], [(2, 2), (3, 3), (4, 5)])
    rows = reliability_inputs([str(path)], RankOptions()).rows
    assert [(row.trait, row.label) for row in rows] == [
        ("reach", "Reach"),
        ("tone", "Tone"),
        ("overall", "overall"),
    ]


# The regularised incomplete beta function against closed forms: with whole a and b it is a
# binomial tail, I_x(a, b) = sum over j from a to a + b - 1 of C(a + b - 1, j) x^j (1 - x)^(a
# + b - 1 - j); I_x(1/2, 1/2) = (2 / pi) asin(sqrt(x)). The points lie on both sides of
# (a + 1) / (a + b + 2), where the continued fraction switches to the other tail.
def _binomial_tail(x: float, a: int, b: int) -> float:
    m = a + b - 1
    return sum(math.comb(m, j) * x**j * (1 - x) ** (m - j) for j in range(a, m + 1))


@pytest.mark.parametrize("x", [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
@pytest.mark.parametrize(("a", "b"), [(1, 1), (1, 4), (4, 1), (2, 3), (5, 8), (12, 7), (30, 30)])
def test_beta_cdf_is_the_binomial_tail_for_whole_parameters(x: float, a: int, b: int) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(_binomial_tail(x, a, b), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("x", [0.01, 0.3, 0.5, 0.7, 0.99])
def test_beta_cdf_of_one_half_is_the_arcsine_law(x: float) -> None:
    assert beta_cdf(x, 0.5, 0.5) == pytest.approx(2 / math.pi * math.asin(math.sqrt(x)), rel=1e-12)


@pytest.mark.parametrize(
    ("df1", "df2", "value", "cdf"),
    [
        # F(2, 2): x / (1 + x). F(1, 1): (2 / pi) atan(sqrt(x)). F(2, d): 1 - (1 + 2x/d)^(-d/2).
        (2, 2, 39.0, 39 / 40),
        (2, 2, 0.25, 0.2),
        (1, 1, 3.0, 2 / math.pi * math.atan(math.sqrt(3.0))),
        (2, 10, 4.1, 1 - (1 + 0.82) ** -5),
    ],
)
def test_f_cdf_against_closed_forms(df1: int, df2: int, value: float, cdf: float) -> None:
    assert f_cdf(value, df1, df2) == pytest.approx(cdf, rel=1e-12)


@pytest.mark.parametrize(
    ("p", "df1", "df2", "quantile"),
    [
        (0.975, 2, 2, 39.0),  # p / (1 - p)
        (0.975, 1, 1, math.tan(0.975 * math.pi / 2) ** 2),  # 647.79
        (0.975, 2, 15, 7.5 * (0.025 ** (-2 / 15) - 1)),  # d/2 ((1 - p)^(-2/d) - 1)
        (0.5, 2, 2, 1.0),
    ],
)
def test_f_quantile_against_closed_forms(p: float, df1: int, df2: int, quantile: float) -> None:
    assert f_quantile(p, df1, df2) == pytest.approx(quantile, rel=1e-9)


def test_the_distributions_at_their_ends() -> None:
    # I_0(a, b) = 0 and I_1(a, b) = 1; P(F <= 0) = 0; F(2, 2) has P(F <= 1/4) = 0.2.
    assert (beta_cdf(0.0, 2, 3), beta_cdf(1.0, 2, 3)) == (0.0, 1.0)
    assert (f_cdf(0.0, 2, 2), f_cdf(-1.0, 2, 2)) == (0.0, 0.0)
    assert f_quantile(0.2, 2, 2) == pytest.approx(0.25, rel=1e-9)


NAN = math.nan
TOO_FEW = "cannot tell: it takes at least two candidates each rated by two raters or more"
SAME_MEANS = (
    "cannot tell: every candidate has the same mean rating, so there is no difference between "
    "candidates for raters to agree on"
)
NO_DISAGREEMENT = (
    "cannot tell: every rating of a candidate rated twice or more is the same, so there is no "
    "disagreement to measure"
)
ICC_NOTE = "ICC: every rater rated every candidate."
FEW = " With fewer than 5 candidates the interval is wide: treat it as a rough guide."
ALPHA_NOTE = (
    "Krippendorff's alpha (ordinal): some raters skipped some candidates, which ICC cannot take."
)


@pytest.mark.parametrize(
    ("matrix", "expected"),
    [
        # One candidate; then nobody rated twice (3 ratings, 6 cells without one).
        ([[3, 4]], (1, 2, 0, "none", TOO_FEW)),
        ([[1, NAN, NAN], [NAN, 2, NAN], [NAN, NAN, 3]], (3, 3, 6, "none", TOO_FEW)),
        # Complete, but both candidates' mean ratings are 1.5.
        ([[1, 2], [2, 1]], (2, 2, 0, "none", SAME_MEANS)),
        # Complete and different: ICC, the interval called wide below 5 candidates.
        ([[1, 2], [3, 1]], (2, 2, 0, "ICC", ICC_NOTE + FEW)),
        ([[1, 1], [3, 3]], (2, 2, 0, "ICC", ICC_NOTE + FEW)),  # the ratings' variance is 1
        ([[1, 2], [3, 3], [5, 4], [2, 2], [4, 5]], (5, 2, 0, "ICC", ICC_NOTE)),
        # Holes: Ada rated twice, alike; Bo once (1 cell without a rating).
        ([[1, 1], [NAN, 2]], (2, 2, 1, "none", NO_DISAGREEMENT)),
        # Two candidates rated twice, ratings 1 and 2 among them: alpha.
        ([[1, 2], [2, 2], [3, NAN]], (3, 2, 1, "alpha", ALPHA_NOTE + FEW)),
    ],
)
def test_what_each_panel_is_measured_with(
    matrix: list[list[float]], expected: tuple[int, int, int, str, str]
) -> None:
    row = _measure("empathy", np.array(matrix, dtype=float), load_rubric("five-core-skills"))
    assert row.trait == "empathy"
    assert (row.candidates, row.raters, row.missing, row.statistic, row.note) == expected
    assert (row.icc is None, row.alpha is None) == (expected[3] != "ICC", expected[3] != "alpha")
