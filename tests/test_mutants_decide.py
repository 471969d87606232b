"""Rubric comparison and rater reliability on cases worked out by hand from the published
definitions: Kendall's tau-b, rank-biased overlap (Webber, Moffat and Zobel 2010), the
intraclass correlations of Shrout and Fleiss (1979) with McGraw and Wong's (1996) intervals,
and Krippendorff's alpha (found by mutmut on scoring/comparison.py and scoring/reliability.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smteam.api import RankOptions, compare_inputs
from smteam.scoring.comparison import rank_biased_overlap

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
