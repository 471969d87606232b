"""Problems a user reads, found by mutmut on checking/rules.py: how the uses of unknown traits
past the 1000 repeats listed are counted when one candidate brings several of them, and every
problem of a panel found when one of its reviews is not a mapping.

The rubric is tiny: scale 1 to 5, traits reach, voice, pace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunCli

Write = Callable[..., Path]

TINY = """\
name: tiny
title: Tiny
scale: {min: 1, max: 5}
traits:
  - {id: reach, label: Reach, weight: 1}
  - {id: voice, label: Voice, weight: 3}
  - {id: pace, label: Pace, weight: 2}
"""


def _candidate(index: int, unknown: list[str]) -> str:
    extra = "".join(f", {key}: 1" for key in unknown)
    return (
        f"  - {{name: P{index}, department: PR, ratings: {{reach: 3, voice: 3, pace: 3{extra}}}}}\n"
    )


def test_unknown_traits_past_the_repeats_listed_are_counted(run_cli: RunCli, write: Write) -> None:
    # P0 brings aa, bb and cc: each named for its first use. P1 to P333 repeat all three:
    # 999 repeats named. P334 repeats aa and bb with room for one more: one named, one
    # counted. P335 repeats aa, bb and cc, all counted, and brings dd, new, named.
    # Named: 3 + 999 + 1 + 1 = 1004; counted: 1 + 3 = 4.
    people = [_candidate(i, ["aa", "bb", "cc"]) for i in range(334)]
    people.append(_candidate(334, ["aa", "bb"]))
    people.append(_candidate(335, ["aa", "bb", "cc", "dd"]))
    write(TINY, "tiny.yaml")
    path = write("rubric: tiny.yaml\ncandidates:\n" + "".join(people))
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    named = [line for line in problems if ": unknown trait '" in line]
    assert len(named) == 1004
    summary = "the unknown traits reported for this file are used 4 more times than listed"
    assert f"{path}:1:1: {summary}" in problems
    # dd on the last line (2 + 336), after "  - {name: P335, ... cc: 1, ".
    assert named[-1] == (
        f"{path}:338:94: candidates[335].ratings.dd: unknown trait 'dd'; not in rubric 'tiny'"
    )


@pytest.mark.parametrize(
    ("reviews", "expected"),
    [
        (
            "      - just a note\n"
            "      - rater: Bea\n"
            "        ratings: {reach: 9, voice: 3, pace: 3}\n",
            [
                "6:9: candidates[0].reviews[0]: expected a mapping (key: value lines), found "
                '"just a note" (text)',
                "8:26: candidates[0].reviews[1].ratings.reach: expected a whole number from 1 to "
                "5, found 9",
            ],
        ),
        (
            "      - rater: Bea\n"
            "        ratings: {reach: 0, voice: 3, pace: 3}\n"
            "      - 7\n"
            "      - rater: bea\n"
            "        ratings: {reach: 3, voice: 3, pace: 3}\n",
            [
                "7:26: candidates[0].reviews[0].ratings.reach: expected a whole number from 1 to "
                "5, found 0",
                "8:9: candidates[0].reviews[1]: expected a mapping (key: value lines), found 7 "
                "(a whole number)",
                "9:16: candidates[0].reviews[2].rater: 'bea' already reviewed this candidate; "
                "each rater gives one scorecard per candidate (first at line 6)",
            ],
        ),
    ],
    ids=["after-the-bad-review", "before-and-after"],
)
def test_every_review_is_checked_past_one_that_is_not_a_mapping(
    reviews: str, expected: list[str], run_cli: RunCli, write: Write
) -> None:
    write(TINY, "tiny.yaml")
    path = write(
        "rubric: tiny.yaml\ncandidates:\n  - name: Ana\n    department: PR\n    reviews:\n"
        + reviews
    )
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[: len(expected)] == [f"{path}:{e}" for e in expected]
