"""What ``smteam explain`` says, checked where mutmut found scoring/explain.py untested:
- whether each trait meets its minimum;
- a panel candidate's own note before the raters' notes;
- a candidate rated on nothing under ``--missing min``, and an unrated trait under
  ``--missing skip`` (it loses nothing);
- ``rows()`` as flat mappings;
- which traits are gaps (none at the top of the scale, any that loses points);
- "without one rater" for a must-have at the bottom of the scale that only the left-out rater
  rated, and for the only rater of every trait.

The rubric is tiny: scale 1 to 5; reach weight 1, voice 3, pace 2 (a score is
100 × (1·(reach − 1) + 3·(voice − 1) + 2·(pace − 1)) / 24).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import smteam
from tests.conftest import RunCli
from tests.test_boundaries import plain, tiny_file

Write = Callable[..., Path]

WITH_MINIMUMS = """\
name: tiny
title: Tiny
scale: {min: 1, max: 5}
traits:
  - {id: reach, label: Reach, weight: 1}
  - {id: voice, label: Voice, weight: 3, minimum: 3}
  - {id: pace, label: Pace, weight: 2, minimum: 3}
"""


def explained(run_cli: RunCli, path: Path, name: str, *options: str) -> dict[str, Any]:
    result = run_cli("explain", str(path), name, "-f", "json", *options)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_each_trait_says_whether_it_meets_its_minimum(run_cli: RunCli, write: Write) -> None:
    # reach has no minimum: null; voice 3 against a minimum of 3: met (the minimum itself
    # counts); pace 2 against 3: not met, so Ana is not eligible and has no rank.
    path = tiny_file(write, plain("Ana", 5, 3, 2), rubric=WITH_MINIMUMS)
    document = explained(run_cli, path, "Ana")
    assert [t["meets_minimum"] for t in document["traits"]] == [None, True, False]
    assert [t["minimum"] for t in document["traits"]] == [None, 3, 3]
    assert (document["eligible"], document["rank"]) == (False, None)


def test_an_unrated_trait_does_not_meet_its_minimum(run_cli: RunCli, write: Write) -> None:
    # --missing skip: pace is unrated and has a minimum of 3, so it is not met; voice 4 is.
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    ratings: {reach: 2, voice: 4}\n",
        rubric=WITH_MINIMUMS,
    )
    document = explained(run_cli, path, "Ana", "--missing", "skip")
    assert [t["meets_minimum"] for t in document["traits"]] == [None, True, False]
    assert document["eligible"] is False


def test_a_panel_candidates_own_note_comes_before_the_raters_notes(
    run_cli: RunCli, write: Write
) -> None:
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n"
        '    notes: {voice: "Own note"}\n'
        "    reviews:\n"
        "      - rater: Joe\n        ratings: {reach: 5, voice: 3, pace: 3}\n"
        '        notes: {voice: "Joe says"}\n'
        "      - rater: Kim\n        ratings: {reach: 4, voice: 5, pace: 5}\n",
    )
    document = explained(run_cli, path, "Ana")
    assert [t["notes"] for t in document["traits"]] == [
        [],
        [{"rater": None, "note": "Own note"}, {"rater": "Joe", "note": "Joe says"}],
        [],
    ]
    shown = run_cli("explain", str(path), "Ana", "-f", "text")
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines.index("Note on Voice: Own note") + 1 == lines.index("Note on Voice, Joe: Joe says")


def test_a_candidate_rated_on_nothing_under_missing_min(run_cli: RunCli, write: Write) -> None:
    # Every trait counts at the bottom of the scale: 0 points, and each trait leaves its whole
    # weight: reach 100 × 1 × 4 / 24 = 16.7, voice 50.0, pace 33.3. Nothing was rated, so
    # nothing stands out and nothing is a gap. Bob: 4, 4, 4 = 75, rank 1; Ana rank 2.
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    ratings: {}\n" + plain("Bob", 4, 4, 4),
    )
    document = explained(run_cli, path, "Ana", "--missing", "min")
    assert (document["score"], document["rank"], document["ranked"]) == (0.0, 2, 2)
    assert [t["points_lost"] for t in document["traits"]] == [16.7, 50.0, 33.3]
    assert (document["strengths"], document["gaps"]) == ([], [])


def test_explanation_rows_are_flat(write: Write) -> None:
    # README: rows() is a list of flat mappings, one per trait, ready for pandas: neither the
    # per-rater list nor the notes list is in it.
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n"
        "    ratings: {reach: 5, voice: 3, pace: 5}\n"
        '    notes: {voice: "Clear"}\n',
    )
    # points: reach 100 × 1 × 4 / 24 = 16.67, voice 100 × 3 × 2 / 24 = 25, pace 100 × 2 × 4 / 24
    # = 33.33; shown 16.7, 25.0, 33.3, which add up to the score, 75.0.
    rows = smteam.explain(smteam.load_candidates(path), "Ana").rows()
    assert [row["id"] for row in rows] == ["reach", "voice", "pace"]
    for row in rows:
        assert "notes" not in row and "by_rater" not in row
        assert not [v for v in row.values() if isinstance(v, dict | list)]
    assert [row["points"] for row in rows] == [16.7, 25.0, 33.3]


FOUR_AT_THE_TOP = """\
name: five
title: Five
scale: {min: 1, max: 5}
traits:
  - {id: a, label: A, weight: 4}
  - {id: b, label: B, weight: 3}
  - {id: c, label: C, weight: 2}
  - {id: d, label: D, weight: 1}
  - {id: e, label: E, weight: 1}
"""

A_SMALL_LOSS = """\
name: two
title: Two
scale: {min: 1, max: 5}
traits:
  - {id: big, label: Big, weight: 99}
  - {id: small, label: Small, weight: 1}
"""


@pytest.mark.parametrize(
    ("rubric", "ratings", "strengths", "gaps"),
    [
        # a, b, c, d at the top, e 3: the three named strengths are the heaviest, a, b, c; d is
        # at the top too and loses nothing, so it is no gap; e loses 100 × 1 × 2 / 44 = 4.5.
        (FOUR_AT_THE_TOP, "{a: 5, b: 5, c: 5, d: 5, e: 3}", ["a", "b", "c"], ["e"]),
        # small 4 loses 100 × 1 × 1 / (100 × 4) = 0.25 points, less than one, still a gap.
        (A_SMALL_LOSS, "{big: 5, small: 4}", ["big"], ["small"]),
    ],
    ids=["four-at-the-top", "a-quarter-point-lost"],
)
def test_gaps_are_the_other_traits_that_lose_points(
    rubric: str, ratings: str, strengths: list[str], gaps: list[str], write: Write, run_cli: RunCli
) -> None:
    path = tiny_file(
        write, f"  - name: Ana\n    department: PR\n    ratings: {ratings}\n", rubric=rubric
    )
    document = explained(run_cli, path, "Ana")
    assert (document["strengths"], document["gaps"]) == (strengths, gaps)


REACH_A_MUST_AT_THE_BOTTOM = """\
name: tiny
title: Tiny
scale: {min: 1, max: 5}
traits:
  - {id: reach, label: Reach, weight: 1, minimum: 1}
  - {id: voice, label: Voice, weight: 3}
  - {id: pace, label: Pace, weight: 2}
"""

ONLY_JOE_RATES_REACH = (
    "  - name: Ana\n    department: PR\n    reviews:\n"
    "      - rater: Joe\n        ratings: {reach: 5, voice: 3, pace: 3}\n"
    "      - rater: Kim\n        ratings: {voice: 5, pace: 5}\n"
)


@pytest.mark.parametrize(
    ("missing", "without_joe"),
    [
        # Without Joe nobody rates reach. --missing min counts it at 1, which meets its minimum
        # of 1: 100 × (0 + 3 × 4 + 2 × 4) / 24 = 83.3, above Bob's 75: rank 1.
        ("min", {"rater": "Joe", "score": 83.3, "rank": 1, "eligible": True, "unrated": ["reach"]}),
        # --missing skip: an unrated must-have is missed, so Ana would not be eligible; the
        # score is over voice and pace alone, 100 × (12 + 8) / 20 = 100.
        (
            "skip",
            {"rater": "Joe", "score": 100.0, "rank": None, "eligible": False, "unrated": ["reach"]},
        ),
    ],
)
def test_without_the_only_rater_of_a_must_have_at_the_bottom_of_the_scale(
    missing: str, without_joe: dict[str, Any], write: Write, run_cli: RunCli
) -> None:
    # With both: reach 5, voice (3 + 5) / 2 = 4, pace 4: 100 × (4 + 9 + 6) / 24 = 79.2, rank 1.
    # Without Kim: 5, 3, 3: 100 × (4 + 6 + 4) / 24 = 58.3, below Bob's 75: rank 2.
    path = tiny_file(
        write, ONLY_JOE_RATES_REACH + plain("Bob", 4, 4, 4), rubric=REACH_A_MUST_AT_THE_BOTTOM
    )
    document = explained(run_cli, path, "Ana", "--missing", missing)
    assert (document["score"], document["rank"]) == (79.2, 1)
    assert document["without"] == [
        without_joe,
        {"rater": "Kim", "score": 58.3, "rank": 2, "eligible": True, "unrated": []},
    ]


def test_without_the_only_rater_of_every_trait(run_cli: RunCli, write: Write) -> None:
    # Kim rated only empathy, a trait of a built-in rubric: accepted, not scored. Without Joe
    # nobody rates reach, voice or pace: no trait left to score, so 0, still eligible (tiny
    # has no minimums), and below Bob's 75: rank 2. Ana with both: 5, 3, 3 = 58.3, rank 2.
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    reviews:\n"
        "      - rater: Joe\n        ratings: {reach: 5, voice: 3, pace: 3}\n"
        "      - rater: Kim\n        ratings: {empathy: 4}\n" + plain("Bob", 4, 4, 4),
    )
    document = explained(run_cli, path, "Ana", "--missing", "skip")
    assert (document["score"], document["rank"]) == (58.3, 2)
    assert document["without"] == [
        {
            "rater": "Joe",
            "score": 0.0,
            "rank": 2,
            "eligible": True,
            "unrated": ["reach", "voice", "pace"],
        },
        {"rater": "Kim", "score": 58.3, "rank": 2, "eligible": True, "unrated": []},
    ]


def test_an_unrated_trait_under_missing_skip_loses_no_points(run_cli: RunCli, write: Write) -> None:
    # reach unrated, voice 3, pace 5: the weight that counts is 5, so voice brings
    # 100 × 3 × 2 / 20 = 30 and loses 30, pace brings 40 and loses 0; reach neither.
    path = tiny_file(write, "  - name: Ana\n    department: PR\n    ratings: {voice: 3, pace: 5}\n")
    document = explained(run_cli, path, "Ana", "--missing", "skip")
    assert document["score"] == 70.0
    assert [t["points"] for t in document["traits"]] == [0.0, 30.0, 40.0]
    assert [t["points_lost"] for t in document["traits"]] == [0.0, 30.0, 0.0]
