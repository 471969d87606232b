"""Ranking stability (SMAA-2) on small panels worked out by hand: unrated traits under each
missing policy, ties at first place and at the N-th, the bootstrap of a panel's scorecards
under --rating-noise (means and medians, cards that skip a trait), weights ignored at spread
1, samples in several blocks, and the --fail-unstable message (found by mutmut on
scoring/stability.py)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from smteam.api import RankOptions, rank_inputs
from smteam.choices import Aggregate, MissingPolicy
from smteam.errors import UsageError
from smteam.scoring import stability as stability_module
from smteam.scoring.stability import (
    CandidateStability,
    Stability,
    StabilitySettings,
    competition_ranks,
    stability,
    stability_shortfall,
)

Write = Callable[..., Path]
Ratings = dict[str, int]

RUBRIC = """\
name: two
title: Two traits
scale: {{min: 1, max: 5}}
traits:
  - {{id: reach, label: Reach, weight: {reach}, description: How far the posts travel.}}
  - {{id: tone, label: Tone, weight: {tone}, description: How well the voice fits.}}
"""


def _ratings(ratings: Ratings) -> str:
    return "{" + ", ".join(f"{trait}: {value}" for trait, value in ratings.items()) + "}"


def _file(people: list[tuple[str, Ratings | list[Ratings]]]) -> str:
    """Plain candidates (one mapping of ratings) and panel candidates (a list of scorecards,
    raters R1, R2, ...)."""
    lines = ["rubric: two.yaml", "candidates:"]
    for name, rated in people:
        lines.append(f"  - name: {name}\n    department: Sales")
        if isinstance(rated, dict):
            lines.append(f"    ratings: {_ratings(rated)}")
        else:
            lines.append("    reviews:")
            for number, card in enumerate(rated, start=1):
                lines.append(f"      - {{rater: R{number}, ratings: {_ratings(card)}}}")
    return "\n".join(lines) + "\n"


def _stability(
    write: Write,
    people: list[tuple[str, Ratings | list[Ratings]]],
    settings: StabilitySettings,
    weights: tuple[int, int] = (1, 1),
    options: RankOptions | None = None,
) -> dict[str, CandidateStability]:
    write(RUBRIC.format(reach=weights[0], tone=weights[1]), "two.yaml")
    path = write(_file(people))
    result = rank_inputs([str(path)], options or RankOptions())
    return stability(list(result.candidates), result.plan, settings).candidates


def _close(share: float, expected: float, samples: int) -> bool:
    """Within four standard errors of a share of ``samples`` Bernoulli draws."""
    return abs(share - expected) <= 4 * math.sqrt(expected * (1 - expected) / samples)


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        pytest.param([[3.0, 5.0, 5.0, 1.0]], [[3, 1, 1, 4]], id="a-tie-for-first"),
        pytest.param([[5.0, 5.0]], [[1, 1]], id="two-equal"),
        pytest.param([[2.0, 1.0], [1.0, 2.0]], [[1, 2], [2, 1]], id="two-rows"),
        pytest.param([[0.0, -1e-9, -1e-6]], [[1, 1, 3]], id="within-1e-9-share-a-rank"),
        pytest.param([[7.0]], [[1]], id="alone"),
    ],
)
def test_competition_ranks(scores: list[list[float]], ranks: list[list[int]]) -> None:
    assert competition_ranks(np.array(scores)).tolist() == ranks


@pytest.mark.parametrize("noise", [False, True], ids=["plain", "rating-noise"])
def test_an_unrated_trait_is_left_out_under_missing_skip(write: Write, noise: bool) -> None:
    # Ada rated only reach 5: 100 on what counts. Bo 4 and 4: 75. Pat's two raters both gave
    # reach 4 and neither rated tone: 75 too, so Bo and Pat share second place.
    found = _stability(
        write,
        [("Ada", {"reach": 5}), ("Bo", {"reach": 4, "tone": 4}), ("Pat", [{"reach": 4}] * 2)],
        StabilitySettings(samples=200, spread=0.5, rating_noise=noise),
        options=RankOptions(missing=MissingPolicy.SKIP),
    )
    assert (found["Ada"].first, found["Ada"].expected_rank) == (1.0, 1.0)
    assert (found["Bo"].first, found["Bo"].expected_rank) == (0.0, 2.0)
    assert (found["Pat"].first, found["Pat"].expected_rank) == (0.0, 2.0)


def test_an_unrated_trait_counts_as_the_bottom_under_missing_min(write: Write) -> None:
    # Ada's unrated tone counts as 1, so she ties with Bo (5 and 1) whatever the weights:
    # both first in every sample; Cy (1 and 1) third.
    found = _stability(
        write,
        [("Ada", {"reach": 5}), ("Bo", {"reach": 5, "tone": 1}), ("Cy", {"reach": 1, "tone": 1})],
        StabilitySettings(samples=200, spread=0.5),
        options=RankOptions(missing=MissingPolicy.MIN),
    )
    assert [(c.first, c.expected_rank, c.low, c.high) for c in found.values()] == [
        (1.0, 1.0, 1, 1),
        (1.0, 1.0, 1, 1),
        (0.0, 3.0, 3, 3),
    ]


def test_candidates_tied_at_the_nth_place_are_both_in_the_top_n(write: Write) -> None:
    # Ranks 1, 2, 3, 3 under every weight: with --top 3 all four are in the top 3.
    people: list[tuple[str, Ratings | list[Ratings]]] = [
        ("Ada", {"reach": 5, "tone": 5}),
        ("Bo", {"reach": 4, "tone": 4}),
        ("Cy", {"reach": 3, "tone": 3}),
        ("Di", {"reach": 3, "tone": 3}),
    ]
    found = _stability(write, people, StabilitySettings(samples=20, spread=0.5, top=3))
    assert [(c.top, c.expected_rank, c.low, c.high) for c in found.values()] == [
        (1.0, 1.0, 1, 1),
        (1.0, 2.0, 2, 2),
        (1.0, 3.0, 3, 3),
        (1.0, 3.0, 3, 3),
    ]


def test_spread_one_samples_the_whole_simplex_whatever_the_weights(write: Write) -> None:
    # Ada wins on reach, Bo on tone. At spread 1 every weight vector is equally likely, so
    # each is first half the time though reach weighs 3 (scaling the weights 3:1 by
    # uniform factors would make Ada first in 5/6 of samples).
    samples = 4000
    found = _stability(
        write,
        [("Ada", {"reach": 5, "tone": 1}), ("Bo", {"reach": 1, "tone": 5})],
        StabilitySettings(samples=samples, spread=1),
        weights=(3, 1),
    )
    assert _close(found["Ada"].first, 0.5, samples)
    assert _close(found["Bo"].first, 0.5, samples)


def test_rating_noise_draws_a_panels_scorecards_with_replacement(write: Write) -> None:
    # Pat's two cards: all 5 (100) and all 1 (0). Two draws: both the first card (1/4) give
    # 100, one of each (1/2) 50, both the second (1/4) 0. Sam, 4 and 4, scores 75: Pat is
    # first in 1/4 of samples, expected rank 1/4 * 1 + 3/4 * 2 = 1.75.
    samples = 4000
    top, bottom = {"reach": 5, "tone": 5}, {"reach": 1, "tone": 1}
    found = _stability(
        write,
        [("Sam", {"reach": 4, "tone": 4}), ("Pat", [top, bottom])],
        StabilitySettings(samples=samples, spread=0, rating_noise=True),
    )
    assert _close(found["Pat"].first, 0.25, samples)
    assert _close(found["Sam"].first, 0.75, samples)
    assert abs(found["Pat"].expected_rank - 1.75) <= 4 * math.sqrt(0.1875 / samples)
    assert (found["Pat"].low, found["Pat"].high) == (1, 2)


def test_rating_noise_with_medians_takes_the_median_card(write: Write) -> None:
    # Pat's three cards: all 5, all 1, all 1. The median of three draws is 100 when two or
    # three draws are the first card: 3 * (1/3)^2 * (2/3) + (1/3)^3 = 7/27 (the mean would
    # beat Sam's 75 only with all three, 1/27).
    samples = 4000
    top, bottom = {"reach": 5, "tone": 5}, {"reach": 1, "tone": 1}
    found = _stability(
        write,
        [("Sam", {"reach": 4, "tone": 4}), ("Pat", [top, bottom, bottom])],
        StabilitySettings(samples=samples, spread=0, rating_noise=True),
        options=RankOptions(aggregate=Aggregate.MEDIAN),
    )
    assert _close(found["Pat"].first, 7 / 27, samples)


@pytest.mark.parametrize(
    ("sam", "tone", "firsts"),
    [
        pytest.param((1, 5), 5, (1.0, 0.0), id="pat-100-sam-75"),
        pytest.param((1, 5), 1, (0.0, 1.0), id="pat-25-sam-75"),
        pytest.param((5, 5), 5, (1.0, 1.0), id="pat-100-sam-100"),
    ],
)
def test_rating_noise_with_a_card_that_skips_a_trait(
    write: Write, sam: tuple[int, int], tone: int, firsts: tuple[float, float]
) -> None:
    # Tone weighs 3, reach 1. Pat's first card rates reach 5 alone; the second reach 5 and
    # tone 5 (or 1). Whatever two cards are drawn, Pat's tone is the second card's (when
    # only the first is drawn, the panel's tone, the same): 100 (or 25). Sam, reach 1 and
    # tone 5, scores 75: Pat is always first (or never); Sam with 5 and 5 ties Pat at 100.
    found = _stability(
        write,
        [
            ("Sam", {"reach": sam[0], "tone": sam[1]}),
            ("Pat", [{"reach": 5}, {"reach": 5, "tone": tone}]),
        ],
        StabilitySettings(samples=400, spread=0, rating_noise=True),
        weights=(1, 3),
    )
    assert (found["Pat"].first, found["Sam"].first) == firsts


def test_samples_in_several_blocks_are_all_counted(write: Write) -> None:
    # 400 candidates take 10,000 samples a block, so 10,001 samples are two blocks; at spread
    # 0 each candidate keeps their rank in all of them.
    people: list[tuple[str, Ratings | list[Ratings]]] = [
        (f"C{i:03}", {"reach": 1 + i % 5, "tone": 1 + i // 5 % 5}) for i in range(400)
    ]
    found = _stability(write, people, StabilitySettings(samples=10_001, spread=0, top=1))
    # The 16 candidates rated 5 and 5 (C024, C049, ...) share first place.
    leaders = [name for name, c in found.items() if c.first == 1.0]
    assert len(leaders) == 16
    assert all(found[name].top == 1.0 and found[name].expected_rank == 1.0 for name in leaders)
    # C000 (1 and 1) and the 15 others like it share the last rank, 400 - 16 + 1 = 385.
    assert found["C000"].expected_rank == 385.0
    assert (found["C000"].low, found["C000"].high) == (385, 385)


def test_the_stability_bar_message() -> None:
    settings = StabilitySettings(samples=1000)
    ada = CandidateStability(0.25, 1.0, 1.75, 1, 2, None)
    result = Stability(settings, ("reach", "tone"), {"Ada": ada})
    assert stability_shortfall(result, "Ada", 0.5) == (
        "the ranking is not stable: the top candidate, Ada, ranks first in 25.0% of weight "
        "samples, below the 50% asked for"
    )
    assert stability_shortfall(result, "Ada", 0.25) is None
    assert stability_shortfall(result, None, 0.5) == (
        "the ranking is not stable: no candidate is eligible"
    )


def test_no_eligible_candidate_keeps_the_traits(write: Write) -> None:
    write(RUBRIC.format(reach=1, tone=1).replace("fits.}", "fits., minimum: 5}"), "two.yaml")
    path = write(_file([("Ada", {"reach": 5, "tone": 4})]))
    result = rank_inputs([str(path)], RankOptions())
    found = stability(list(result.candidates), result.plan, StabilitySettings(samples=10))
    assert (found.trait_ids, found.candidates) == (("reach", "tone"), {})


def test_exactly_the_most_ranks_kept_is_allowed(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README: at most 200,000,000 ranks (samples x eligible candidates); more is a usage
    # error. The bound is lowered to 40 here so that the edge fits in a test: 20 samples of
    # two candidates are exactly 40 ranks and run; 21 samples are 42 and are refused.
    monkeypatch.setattr(stability_module, "MAX_RANKS", 40)
    people: list[tuple[str, Ratings | list[Ratings]]] = [
        ("Ada", {"reach": 5, "tone": 5}),
        ("Bo", {"reach": 4, "tone": 4}),
    ]
    found = _stability(write, people, StabilitySettings(samples=20))
    assert (found["Ada"].first, found["Bo"].first) == (1.0, 0.0)
    with pytest.raises(UsageError, match=r"use --samples 20 or fewer"):
        _stability(write, people, StabilitySettings(samples=21))


def test_the_last_of_65536_candidates_is_ranked_65536(write: Write) -> None:
    # Ranks past 65,535 do not fit in 16 bits: 65,535 candidates tied first and one below
    # them, who ranks 65,536 in every sample (ranks wrapping round would make it 0).
    count = 65_536
    write(RUBRIC.format(reach=1, tone=1), "two.yaml")
    rows = [f"C{i:05},Sales,5,5" for i in range(count - 1)] + ["Last,Sales,1,1"]
    path = write("name,department,reach,tone\n" + "\n".join(rows) + "\n", "many.csv")
    result = rank_inputs([str(path)], RankOptions(rubric=str(path.parent / "two.yaml")))
    found = stability(
        list(result.candidates), result.plan, StabilitySettings(samples=1, spread=0)
    ).candidates
    assert len(found) == count
    assert (found["Last"].expected_rank, found["Last"].low, found["Last"].high) == (
        65_536.0,
        65_536,
        65_536,
    )
    assert (found["C00000"].low, found["C00000"].high) == (1, 1)


def test_the_90_percent_range_runs_from_the_5th_to_the_95th_percentile(write: Write) -> None:
    # Two candidates, each first under some weights, so each ranks 1st or 2nd in a sample.
    # At spread 1 the weights are uniform on the simplex; Ada (5, 4) beats Bo (1, 5) when
    # reach weighs more than a fifth, in 80% of samples. Of 20 samples in rank order the
    # middle 90% run from the 2nd to the 19th (one sample, 5%, left out at each end): the
    # range ends at 2 when 2 or more samples rank them 2nd, and starts at 2 when 19 or more
    # do. P(1st) tells how many did; the seeds cover each case.
    people: list[tuple[str, Ratings | list[Ratings]]] = [
        ("Ada", {"reach": 5, "tone": 4}),
        ("Bo", {"reach": 1, "tone": 5}),
    ]
    seconds: set[int] = set()
    for seed in range(60):
        found = _stability(write, people, StabilitySettings(samples=20, spread=1, seed=seed))
        for person in found.values():
            second = round((1 - person.first) * 20)
            assert person.high == (2 if second >= 2 else 1), (seed, person)
            assert person.low == (2 if second >= 19 else 1), (seed, person)
            seconds.add(second)
    # Both sides of each edge came up: 1 and 2 samples 2nd, 18 and 19.
    assert {1, 2, 18, 19} <= seconds
