"""The checks' fast path for faultless candidates never hides a problem the full checks find."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smteam.checking import rules as checks
from smteam.checking.rules import check_candidates
from smteam.choices import MissingPolicy
from tests.test_scoring import make_rubric

RUBRIC = make_rubric([1, 2, 3], minimums=[None, 2, None])
TRAITS = ["t0", "t1", "t2", "other", "t9"]
value = st.one_of(
    st.integers(-1, 7),
    st.booleans(),
    st.sampled_from(["4", "solid", ""]),
    st.none(),
    st.floats(0, 5),
    st.just([]),
    st.just({}),
)
candidate = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Kim", "Ana", "kim"]),
        "department": st.sampled_from(["PR", "Legal"]),
    },
    optional={
        "ratings": st.one_of(st.dictionaries(st.sampled_from(TRAITS), value), st.lists(value)),
        "notes": st.dictionaries(st.sampled_from(TRAITS), st.just("seen")),
        "reviews": st.lists(st.fixed_dictionaries({"rater": st.just("R")}), max_size=1),
        "extra": st.just(1),
    },
)


@settings(max_examples=300, deadline=None)
@given(st.lists(candidate, max_size=4), st.sampled_from(list(MissingPolicy)))
def test_the_fast_path_finds_what_the_full_checks_find(
    people: list[dict[str, Any]], missing: MissingPolicy
) -> None:
    raw = {"candidates": people}
    fast = check_candidates(raw, RUBRIC, missing=missing)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checks._FineRatings, "__call__", lambda self, candidate: False)
        full = check_candidates(raw, RUBRIC, missing=missing)
    assert sorted(map(repr, fast)) == sorted(map(repr, full))


def test_a_list_or_mapping_as_a_rating_is_a_problem_not_a_crash() -> None:
    raw = {
        "candidates": [
            {"name": "Kim", "department": "PR", "ratings": {"t0": [], "t1": 3, "t2": {}}},
        ]
    }
    # The fast path cannot hash a list: it must hand the candidate to the full checks, which
    # leave the type errors to the models and find nothing of their own here.
    assert check_candidates(raw, RUBRIC) == []
