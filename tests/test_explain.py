"""``smteam explain``: strengths, gaps and "without one rater", checked against hand-worked
numbers on the tiny rubric of test_boundaries (scale 1 to 5; reach weight 1, voice 3, pace 2;
a score is 100 × (1·(reach − 1) + 3·(voice − 1) + 2·(pace − 1)) / 24)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from smteam.checking.models import Candidate, Review
from smteam.choices import Aggregate, MissingPolicy
from smteam.scoring.explain import explain
from smteam.scoring.ranking import rank_candidates
from smteam.scoring.scores import evaluate, plan_scoring
from tests.conftest import RunCli
from tests.test_boundaries import plain, tiny_file
from tests.test_scoring import make_rubric, person

Write = Callable[..., Path]


def explained(run_cli: RunCli, path: Path, name: str) -> dict[str, Any]:
    result = run_cli("explain", str(path), name, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_traits_at_the_top_of_the_scale_are_no_gaps(run_cli: RunCli, write: Write) -> None:
    # reach 5 and pace 5 lose nothing; voice 3 loses 100 × 3 × (5 − 3) / 24 = 25 points.
    path = tiny_file(write, plain("Ana", 5, 3, 5))
    document = explained(run_cli, path, "Ana")
    assert document["gaps"] == ["voice"]
    assert [t["points_lost"] for t in document["traits"]] == [0.0, 25.0, 0.0]


def test_a_candidate_at_the_top_everywhere_has_no_gaps(run_cli: RunCli, write: Write) -> None:
    document = explained(run_cli, tiny_file(write, plain("Ana", 5, 5, 5)), "Ana")
    assert document["gaps"] == []
    assert document["score"] == 100.0


def test_the_heavier_trait_comes_first_among_equal_strengths(run_cli: RunCli, write: Write) -> None:
    # reach and voice are both rated 4; voice weighs 3, reach 1, so voice comes first although
    # reach is listed first in the rubric; pace (2) is Ana's lowest: no strength, her one gap.
    document = explained(run_cli, tiny_file(write, plain("Ana", 4, 4, 2)), "Ana")
    assert document["strengths"] == ["voice", "reach"]
    assert document["gaps"] == ["pace"]


def test_equal_strengths_of_three_weights(run_cli: RunCli, write: Write) -> None:
    # all three rated 5, the top of the scale: by weight, voice (3), pace (2), reach (1)
    document = explained(run_cli, tiny_file(write, plain("Ana", 5, 5, 5)), "Ana")
    assert document["strengths"] == ["voice", "pace", "reach"]


def test_nothing_stands_out_of_equal_ratings_below_the_top(run_cli: RunCli, write: Write) -> None:
    # all three rated 3: none above another, none at the top: no strength, and all three lose
    # points: voice 3 × 2 = 6, pace 2 × 2 = 4, reach 1 × 2 = 2 (in weight x scale points)
    document = explained(run_cli, tiny_file(write, plain("Ana", 3, 3, 3)), "Ana")
    assert document["strengths"] == []
    assert document["gaps"] == ["voice", "pace", "reach"]


PANEL = (
    "  - name: Ana\n    department: PR\n    reviews:\n"
    "      - rater: Joe\n        ratings: {reach: 5, voice: 3, pace: 3}\n"
    "      - rater: Kim\n        ratings: {voice: 5, pace: 5}\n"
)


def test_without_the_only_rater_of_a_trait(run_cli: RunCli, write: Write) -> None:
    # Ana: reach 5 (Joe only), voice (3 + 5) / 2 = 4, pace 4:
    #   100 × (4 + 9 + 6) / 24 = 79.17, shown 79.2. Bob: 4, 4, 4 -> 75.
    # Without Joe: reach has no rating, so it leaves both sums (as --missing skip):
    #   voice 5, pace 5 -> 100 × (12 + 8) / (5 × 4) = 100; rank 1.
    # Without Kim: reach 5, voice 3, pace 3 -> 100 × (4 + 6 + 4) / 24 = 58.3; rank 2, below
    #   Bob, so Kim decides the outcome.
    path = tiny_file(write, PANEL + plain("Bob", 4, 4, 4))
    document = explained(run_cli, path, "Ana")
    assert (document["score"], document["rank"]) == (79.2, 1)
    assert document["without"] == [
        {"rater": "Joe", "score": 100.0, "rank": 1, "eligible": True, "unrated": ["reach"]},
        {"rater": "Kim", "score": 58.3, "rank": 2, "eligible": True, "unrated": []},
    ]
    assert document["decided_by"] == ["Kim"]


def test_without_the_only_rater_of_a_trait_in_the_table(run_cli: RunCli, write: Write) -> None:
    path = tiny_file(write, PANEL + plain("Bob", 4, 4, 4))
    result = run_cli("explain", str(path), "Ana")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  without Joe: score 100.0, rank 1 (nobody else rated Reach)" in lines
    assert "  without Kim: score 58.3, rank 2" in lines
    assert "One rater decides the outcome: without Kim it would not be rank 1." in lines


def test_no_leave_one_out_for_a_single_reviewer(run_cli: RunCli, write: Write) -> None:
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    reviews:\n"
        "      - rater: Joe\n        ratings: {reach: 5, voice: 3, pace: 3}\n",
    )
    document = explained(run_cli, path, "Ana")
    assert document["score"] == 58.3  # 100 × (4 + 6 + 4) / 24 = 58.33...
    assert document["without"] == []
    assert document["decided_by"] == []


# --- leave one rater out, against the plain way: drop the scorecard and score again ---------

_PANEL_RATING = st.one_of(st.none(), st.integers(1, 5))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_PANEL_RATING, min_size=3, max_size=3), min_size=2, max_size=6),
    st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=0, max_size=4),
    st.sampled_from(list(Aggregate)),
    st.sampled_from(list(MissingPolicy)),
    st.sampled_from([None, 2, 4]),
)
def test_leave_one_out_is_the_panel_scored_again_without_that_rater(
    cards: list[list[int | None]],
    others: list[list[int]],
    aggregate: Aggregate,
    missing: MissingPolicy,
    minimum: int | None,
) -> None:
    """Each rater's row equals what scoring gives the candidate whose reviews lack that
    rater's scorecard (with --missing skip where the plan says error and nobody else rated a
    trait), ranked by exact score among the other candidates, who keep their places."""
    rubric = make_rubric([1, 2, 3], minimums=[minimum, None, None])
    reviews = [
        Review(rater=f"R{r}", ratings={f"t{i}": v for i, v in enumerate(card) if v is not None})
        for r, card in enumerate(cards)
        if any(v is not None for v in card)
    ]
    assume(len(reviews) >= 2)
    kim = Candidate(name="Kim", department="Marketing", reviews=reviews)
    plan = plan_scoring(rubric, missing=MissingPolicy.SKIP, aggregate=aggregate)
    plan = dataclasses.replace(plan, missing=missing)
    people = [kim, *(person(*o, name=f"P{n}") for n, o in enumerate(others))]
    assume(missing is not MissingPolicy.ERROR or kim.rated_traits >= set(rubric.trait_ids))
    ranking = rank_candidates(people, plan)
    explanation = explain(kim, ranking, plan)
    rest = [e.evaluation for e in ranking.entries if e.evaluation.name != "Kim"]
    assert [w.rater for w in explanation.without] == [r.rater for r in reviews]
    for left_out, found in zip(reviews, explanation.without, strict=True):
        kept = [r for r in reviews if r is not left_out]
        reduced = Candidate(name="Kim", department="Marketing", reviews=kept)
        unrated = tuple(t for t in rubric.trait_ids if t not in reduced.rated_traits)
        again = plan
        if unrated and missing is MissingPolicy.ERROR:
            again = dataclasses.replace(plan, missing=MissingPolicy.SKIP)
        scored = evaluate(reduced, again)
        assert found.score == scored.exact_score
        assert found.eligible == scored.eligible
        assert found.unrated == unrated
        better = sum(1 for e in rest if e.eligible and e.exact_score > scored.exact_score)
        assert found.rank == (1 + better if scored.eligible else None)
