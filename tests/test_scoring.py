"""Scores: the formula by hand, exactness, groups, missing ratings, eligibility, invariants."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smteam.checking.models import Candidate, Rubric
from smteam.choices import MissingPolicy
from smteam.scoring.scores import evaluate, integer_weights, plan_scoring


def make_rubric(
    weights: list[float],
    *,
    low: int = 1,
    high: int = 5,
    groups: list[Any] | None = None,
    minimums: list[int | None] | None = None,
) -> Rubric:
    traits = []
    for i, weight in enumerate(weights):
        trait: dict[str, Any] = {"id": f"t{i}", "label": f"T{i}", "weight": weight}
        if groups is not None and groups[i] is not None:
            trait["group"] = groups[i]
        if minimums is not None and minimums[i] is not None:
            trait["minimum"] = minimums[i]
        traits.append(trait)
    return Rubric.model_validate(
        {"name": "r", "title": "R", "scale": {"min": low, "max": high}, "traits": traits}
    )


def person(*ratings: int | None, name: str = "Kim") -> Candidate:
    given_ratings: dict[str, int | str] = {
        f"t{i}": r for i, r in enumerate(ratings) if r is not None
    }
    return Candidate(name=name, department="Marketing", ratings=given_ratings)


def score(rubric: Rubric, candidate: Candidate, missing: MissingPolicy = MissingPolicy.ERROR):  # type: ignore[no-untyped-def]
    return evaluate(candidate, plan_scoring(rubric, missing=missing))


def test_the_formula_by_hand() -> None:
    # weights 1, 2, 3 on 1..5; ratings 5, 3, 1: (1*4 + 2*2 + 3*0) / ((1+2+3) * 4) = 8/24
    result = score(make_rubric([1, 2, 3]), person(5, 3, 1))
    assert result.exact_score == Fraction(100, 3)
    assert result.score == 100 / 3  # the float nearest to the exact score
    assert result.coverage == 1
    assert result.eligible and result.reasons == ()


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [((1, 1, 1), Fraction(0)), ((5, 5, 5), Fraction(100)), ((3, 3, 3), Fraction(50))],
)
def test_scores_run_from_the_bottom_to_the_top_of_the_scale(
    ratings: tuple[int, ...], expected: Fraction
) -> None:
    assert score(make_rubric([2, 2, 1]), person(*ratings)).exact_score == expected


def test_a_different_scale() -> None:
    # 0..10, weights 3 and 1.5: (3*9 + 1.5*4) / (4.5 * 10) = 33/45
    result = score(make_rubric([3, 1.5], low=0, high=10), person(9, 4))
    assert result.exact_score == Fraction(3300, 45)


def test_decimal_weights_are_exact() -> None:
    # With floats, 0.1*1 + 0.2*1 is 0.30000000000000004, not 0.3*1: the scores would differ.
    rubric = make_rubric([0.1, 0.2, 0.3], low=0, high=1)
    first = score(rubric, person(1, 1, 0, name="A"))
    second = score(rubric, person(0, 0, 1, name="B"))
    assert first.exact_score == second.exact_score == Fraction(50)
    assert first.score == second.score == 50.0
    assert integer_weights([0.1, 0.2, 0.3]) == (1, 2, 3)
    assert integer_weights([2, 3]) == (2, 3)
    assert integer_weights([0.5, 1.25]) == (2, 5)


def test_group_subtotals_use_the_same_formula_within_the_group() -> None:
    rubric = make_rubric([1, 1, 2], groups=["a", ["a", "b"], "b"])
    result = score(rubric, person(5, 3, 1))
    assert rubric.groups == ("a", "b")
    assert result.group_scores == (75.0, 100 / 6)


def test_missing_skip_scores_over_the_rated_traits_and_reports_coverage() -> None:
    rubric = make_rubric([1, 3])
    result = score(rubric, person(5, None), MissingPolicy.SKIP)
    assert result.exact_score == Fraction(100)
    assert result.coverage == 0.25
    assert result.ratings == (5, None)


def test_missing_min_counts_the_bottom_of_the_scale() -> None:
    result = score(make_rubric([1, 3]), person(5, None), MissingPolicy.MIN)
    assert result.exact_score == Fraction(25)
    assert result.coverage == 0.25


def test_a_group_with_nothing_rated_has_no_subtotal() -> None:
    rubric = make_rubric([1, 1], groups=["a", "b"])
    result = score(rubric, person(4, None), MissingPolicy.SKIP)
    assert result.group_scores == (75.0, None)


def test_below_a_minimum_is_not_eligible_with_the_reason() -> None:
    rubric = make_rubric([1, 1, 1], minimums=[3, None, 2])
    assert score(rubric, person(3, 1, 2)).eligible
    result = score(rubric, person(2, 5, 1))
    assert not result.eligible
    assert result.reasons == ("t0 2 < 3", "t2 1 < 2")


def test_an_unrated_must_have_is_a_reason_too() -> None:
    rubric = make_rubric([1, 1], minimums=[3, None])
    skipped = score(rubric, person(None, 5), MissingPolicy.SKIP)
    assert skipped.reasons == ("t0 not rated (must be at least 3)",)
    counted = score(rubric, person(None, 5), MissingPolicy.MIN)
    assert counted.reasons == ("t0 not rated, counted as 1 < 3",)


def test_ratings_on_other_traits_are_not_scored_but_named() -> None:
    rubric = make_rubric([1])
    candidate = Candidate(name="Kim", department="PR", ratings={"t0": 5, "humble": 2})
    result = score(rubric, candidate)
    assert result.score == 100
    assert result.unused == ("humble",)


weights_strategy = st.lists(
    st.sampled_from([0.1, 0.25, 0.5, 1, 1.5, 2, 3, 7, 10]), min_size=1, max_size=8
)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), weights=weights_strategy)
def test_scores_stay_within_0_and_100_and_ignore_trait_order(
    data: st.DataObject, weights: list[float]
) -> None:
    ratings = data.draw(st.lists(st.integers(1, 5), min_size=len(weights), max_size=len(weights)))
    order = data.draw(st.permutations(range(len(weights))))
    result = score(make_rubric(weights), person(*ratings)).exact_score
    assert 0 <= result <= 100
    shuffled = score(
        make_rubric([weights[i] for i in order]), person(*[ratings[i] for i in order])
    ).exact_score
    assert shuffled == result


@settings(max_examples=200, deadline=None)
@given(data=st.data(), weights=weights_strategy)
def test_raising_one_rating_never_lowers_the_score(
    data: st.DataObject, weights: list[float]
) -> None:
    ratings = data.draw(st.lists(st.integers(1, 4), min_size=len(weights), max_size=len(weights)))
    which = data.draw(st.integers(0, len(weights) - 1))
    rubric = make_rubric(weights)
    before = score(rubric, person(*ratings)).exact_score
    ratings[which] += 1
    assert score(rubric, person(*ratings)).exact_score > before


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    weights=weights_strategy,
    missing=st.sampled_from(list(MissingPolicy)),
)
def test_the_quick_standing_agrees_with_the_full_evaluation(
    data: st.DataObject, weights: list[float], missing: MissingPolicy
) -> None:
    """Ranking scores everyone the quick way and shows the full evaluation: they must agree."""
    from smteam.scoring.scores import evaluations, standings

    n = len(weights)
    rubric = make_rubric(
        weights,
        minimums=data.draw(
            st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=n, max_size=n)
        ),
    )
    rated = data.draw(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=n, max_size=n))
    if all(r is None for r in rated):
        rated[0] = 3
    plan = plan_scoring(rubric, missing=missing)
    candidate = person(*rated)
    full = evaluate(candidate, plan)
    found, numbers = standings([candidate], plan)
    assert found == [(full.score, *full.exact, full.eligible)]
    assert evaluations([candidate], plan, numbers) == [full]


@settings(max_examples=100, deadline=None)
@given(data=st.data(), weights=weights_strategy)
def test_the_short_way_for_whole_numbers_agrees_with_the_general_one(
    data: st.DataObject, weights: list[float]
) -> None:
    """Labels take the general way: a candidate rated with the labels' points must come out
    exactly as one rated with the labels."""
    n = len(weights)
    groups = data.draw(st.lists(st.sampled_from(["a", "b", ["a", "b"]]), min_size=n, max_size=n))
    traits = [
        {"id": f"t{i}", "label": f"T{i}", "weight": w, "group": g, "minimum": 2}
        for i, (w, g) in enumerate(zip(weights, groups, strict=True))
    ]
    rubric = Rubric.model_validate(
        {
            "name": "r",
            "title": "R",
            "scale": {"min": 1, "max": 3, "labels": {1: "low", 2: "mid", 3: "high"}},
            "traits": traits,
        }
    )
    points = data.draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    words = {1: "low", 2: "mid", 3: "high"}
    plan = plan_scoring(rubric)
    numbers = evaluate(person(*points), plan)
    labelled = Candidate(
        name="Kim",
        department="Marketing",
        ratings={f"t{i}": words[p] for i, p in enumerate(points)},
    )
    assert evaluate(labelled, plan) == numbers
