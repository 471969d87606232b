"""Ranking results a library caller sees, found by mutmut on scoring/ranking.py: the bar's
default of one eligible candidate, and scores a float cannot tell apart but the exact
arithmetic can (over different denominators, or panel means over one), which must rank by
the exact score, eligible first, whatever their names; and the quick order of a big file
left to the full sort when two names share a sort key, unless the caller says they cannot."""

from __future__ import annotations

import pytest

import smteam
from smteam.checking.models import Candidate
from smteam.choices import MissingPolicy
from smteam.scoring.ranking import rank_candidates, tied_placings
from smteam.scoring.scores import Standing, plan_scoring
from tests.test_scoring import make_rubric, person


@pytest.mark.parametrize(
    ("ratings", "fail_under", "expected"),
    [
        # One eligible candidate is what the bar asks for when min_eligible is not given.
        ([(5, 5)], None, None),
        # (5 - 1) / 4 = 100 on both traits: above 50.
        ([(5, 5)], 50.0, None),
        # (3 - 1 + 3 - 1) / 8 = 50: exactly at the bar.
        ([(3, 3), (1, 1)], 50.0, None),
        (
            [(1, 1)],
            50.0,
            "the bar is not met: 0 eligible candidates scored 50 or more, "
            "fewer than the 1 asked for",
        ),
    ],
    ids=["any-score", "above", "at-the-bar", "below"],
)
def test_the_bar_asks_for_one_eligible_candidate_by_default(
    ratings: list[tuple[int, int]], fail_under: float | None, expected: str | None
) -> None:
    plan = plan_scoring(make_rubric([1, 1]))
    people = [person(a, b, name=f"P{i}") for i, (a, b) in enumerate(ratings)]
    ranking = rank_candidates(people, plan)
    assert smteam.bar_shortfall(ranking, fail_under=fail_under) == expected


def test_float_equal_scores_with_different_denominators_rank_by_the_exact_score() -> None:
    # Weights 1 and 1e-17 on a 0-1 scale, --missing skip. Zed rates only the heavy trait: 1/1,
    # exactly 100. Abe also rates the tiny trait 0: 1 / (1 + 1e-17), 1e-15 below 100. Both
    # are the float 100.0, with different denominators; Zed ranks first though Abe's name
    # comes first.
    plan = plan_scoring(make_rubric([1, 1e-17], low=0, high=1), missing=MissingPolicy.SKIP)
    zed, abe = person(1, None, name="Zed"), person(1, 0, name="Abe")
    for order in ([zed, abe], [abe, zed]):
        ranking = rank_candidates(order, plan)
        assert [e.evaluation.score for e in ranking.entries] == [100.0, 100.0]
        assert [(e.evaluation.name, e.rank) for e in ranking.entries] == [("Zed", 1), ("Abe", 2)]


@pytest.mark.parametrize(
    ("leader", "minimums", "expected"),
    [
        (False, None, [("Zed", 1), ("Abe", 2)]),
        # Top rates every trait 1: 100, above the two who tie as floats.
        (True, None, [("Top", 1), ("Zed", 2), ("Abe", 3)]),
        # A must-have on the third trait, which Zed leaves unrated: Zed is not eligible and
        # follows Abe, though his exact score is the higher.
        (False, [None, None, 1, None], [("Abe", 1), ("Zed", None)]),
    ],
    ids=["alone", "below-a-leader", "higher-but-not-eligible"],
)
def test_float_equal_scores_over_two_small_denominators_rank_by_the_exact_score(
    leader: bool, minimums: list[int | None] | None, expected: list[tuple[str, int | None]]
) -> None:
    # Weights n, n - 1, n + 1, n with n = 10**8 on a 0-1 scale, --missing skip. Zed rates the
    # first two traits 1 and 0: n / (2n - 1). Abe rates the last two 1 and 0:
    # (n + 1) / (2n + 1). Cross-multiplied they differ by exactly 1, so the scores differ by
    # 100 / ((2n - 1)(2n + 1)), about 2.5e-15: the same float 50.00000025, over whole
    # numerators and two denominators far below 2**40. Zed's is the higher exact score.
    n = 10**8
    rubric = make_rubric([n, n - 1, n + 1, n], low=0, high=1, minimums=minimums)
    plan = plan_scoring(rubric, missing=MissingPolicy.SKIP)
    zed, abe = person(1, 0, None, None, name="Zed"), person(None, None, 1, 0, name="Abe")
    top = [person(1, 1, 1, 1, name="Top")] if leader else []
    for order in ([*top, zed, abe], [abe, zed, *top]):
        ranking = rank_candidates(order, plan)
        assert [e.evaluation.score for e in ranking.entries][-2:] == [50.00000025] * 2
        assert [(e.evaluation.name, e.rank) for e in ranking.entries] == expected


def _panel(name: str, raters: int, rated_one: int) -> Candidate:
    """``raters`` scorecards, each rating t0 1; ``rated_one`` of them rate t1 1, the rest 0."""
    reviews = [
        {"rater": f"R{j}", "ratings": {"t0": 1, "t1": 1 if j < rated_one else 0}}
        for j in range(raters)
    ]
    return Candidate.model_validate({"name": name, "department": "PR", "reviews": reviews})


def test_float_equal_panel_scores_over_one_denominator_rank_by_the_exact_score() -> None:
    # Weights a = 5 * 10**11 and 1 on a 0-1 scale: one denominator a + 1, far below 2**40.
    # Zed's 331 raters give t1 the mean 276/331, Abe's 337 raters 281/337; 276 * 337 = 93012
    # and 281 * 331 = 93011, so Zed's exact score is higher by 100 / (111547 * (a + 1)),
    # about 1.8e-15: both are the float 99.99999999996676.
    plan = plan_scoring(make_rubric([5 * 10**11, 1], low=0, high=1))
    zed, abe = _panel("Zed", 331, 276), _panel("Abe", 337, 281)
    for order in ([zed, abe], [abe, zed]):
        ranking = rank_candidates(order, plan)
        assert [e.evaluation.score for e in ranking.entries] == [99.99999999996676] * 2
        assert [(e.evaluation.name, e.rank) for e in ranking.entries] == [("Zed", 1), ("Abe", 2)]


def test_tied_placings_leaves_names_sharing_a_sort_key_to_the_full_sort() -> None:
    # Two candidates of one standing (75 over one denominator) whose sort keys are equal:
    # ordering them by key alone would not say who comes first, so the quick way declines
    # (None) unless the caller says the keys differ.
    found: list[Standing] = [(75.0, 3, 4, True), (75.0, 3, 4, True), (50.0, 2, 4, True)]
    assert tied_placings(found, ["ann lee", "ann lee", "bo"], eligible_only=False) is None
    placed = tied_placings(found, ["ann lee", "ann li", "bo"], eligible_only=False)
    assert placed is not None
    assert (list(placed.shown), placed.ranks) == ([0, 1, 2], [1, 1, 3])
    told = tied_placings(found, ["ann lee", "ann lee", "bo"], eligible_only=False, keys_differ=True)
    assert told is not None and told.ranks == [1, 1, 3]
