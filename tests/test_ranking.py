"""Ranks: shared on ties, listed by name, ineligible after; shortlists keep ties at the cut."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from smteam.checking.models import Candidate
from smteam.scoring.ranking import rank_candidates
from smteam.scoring.scores import plan_scoring
from tests.test_scoring import make_rubric, person

PLAN = plan_scoring(make_rubric([1, 1], minimums=[None, 2]))


def names_and_ranks(candidates: list[Candidate]) -> list[tuple[str, int | None]]:
    ranking = rank_candidates(candidates, PLAN)
    return [(e.evaluation.name, e.rank) for e in ranking.entries]


PEOPLE = [
    person(5, 5, name="Dee"),
    person(4, 4, name="bob"),
    person(3, 5, name="Amy"),  # same score as bob, listed first by name
    person(5, 1, name="Eve"),  # best raw score below her, but not eligible
    person(3, 3, name="Cat"),
    person(2, 1, name="Al"),  # not eligible, lower score
]


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    assert names_and_ranks(PEOPLE) == [
        ("Dee", 1),
        ("Amy", 2),
        ("bob", 2),
        ("Cat", 4),
        ("Eve", None),
        ("Al", None),
    ]


def test_the_order_of_the_file_does_not_matter() -> None:
    shuffled = PEOPLE[:]
    random.Random(7).shuffle(shuffled)
    assert names_and_ranks(shuffled) == names_and_ranks(PEOPLE)


def test_top_keeps_everyone_tied_at_the_cut_and_counts_the_rest() -> None:
    ranking = rank_candidates(PEOPLE, PLAN, top=2)
    assert [e.evaluation.name for e in ranking.entries] == ["Dee", "Amy", "bob"]
    assert (ranking.hidden_eligible, ranking.hidden_ineligible) == (1, 2)
    assert ranking.eligible_count == 4


def test_eligible_only_drops_the_unranked() -> None:
    ranking = rank_candidates(PEOPLE, PLAN, eligible_only=True)
    assert [e.rank for e in ranking.entries] == [1, 2, 2, 4]
    assert ranking.hidden_ineligible == 2


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=30))
def test_ranking_is_a_permutation_with_ranks_in_score_order(ratings: list[tuple[int, int]]) -> None:
    candidates = [person(a, b, name=f"P{i:02d}") for i, (a, b) in enumerate(ratings)]
    ranking = rank_candidates(candidates, PLAN)
    assert sorted(e.evaluation.name for e in ranking.entries) == sorted(c.name for c in candidates)
    ranked = [e for e in ranking.entries if e.rank is not None]
    for position, (earlier, later) in enumerate(itertools.pairwise(ranked), start=2):
        assert earlier.evaluation.exact_score >= later.evaluation.exact_score
        same = later.evaluation.exact_score == earlier.evaluation.exact_score
        assert later.rank == (earlier.rank if same else position)


def test_scores_equal_as_floats_but_not_exactly_are_not_a_tie() -> None:
    # A weight of 1e-17 next to 1: A misses the tiny trait, B does not. Their scores differ by
    # 1e-15, less than a float can tell apart near 100, so only the exact scores rank them.
    plan = plan_scoring(make_rubric([1, 1e-17], low=0, high=1))
    a, b = person(1, 0, name="A"), person(1, 1, name="B")
    ranking = rank_candidates([a, b], plan)
    scores = [e.evaluation for e in ranking.entries]
    assert scores[0].score == scores[1].score == 100.0
    assert [(e.evaluation.name, e.rank) for e in ranking.entries] == [("B", 1), ("A", 2)]
    shortlist = rank_candidates([a, b], plan, top=1)
    assert [(e.evaluation.name, e.rank) for e in shortlist.entries] == [("B", 1)]
    assert shortlist.hidden_eligible == 1


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=40),
    st.integers(1, 12),
)
def test_a_shortlist_is_the_head_of_the_full_ranking(
    ratings: list[tuple[int, int]], top: int
) -> None:
    """``--top`` and ``--eligible-only`` rank only those who can be shown: the ranks, the order
    and the counts of those left out must be what the full ranking says."""
    candidates = [person(a, b, name=f"P{i:02d}") for i, (a, b) in enumerate(ratings)]
    full = rank_candidates(candidates, PLAN)
    listed = [(e.rank, e.evaluation) for e in full.entries]
    eligible = [item for item in listed if item[0] is not None]

    short = rank_candidates(candidates, PLAN, top=top)
    assert [(e.rank, e.evaluation) for e in short.entries] == [
        item
        for item in eligible
        if item[0] <= top  # type: ignore[operator]
    ]
    assert short.hidden_eligible == len(eligible) - len(short.entries)
    assert short.hidden_ineligible == len(listed) - len(eligible)
    assert short.eligible_count == full.eligible_count == len(eligible)

    only = rank_candidates(candidates, PLAN, eligible_only=True)
    assert [(e.rank, e.evaluation) for e in only.entries] == eligible
    assert (only.hidden_eligible, only.hidden_ineligible) == (0, len(listed) - len(eligible))
