"""Behaviour at the exact edges the README draws: a score equal to the bar, a rating one past
the scale in a panel, a scale with no room, a minimum at the bottom of the scale, names tied
but for case, an outlier exactly one point away, a UTF-16 byte order mark.

Every expected value is worked out by hand in a comment beside it. The rubric used throughout
is TINY: scale 1 to 5, traits reach (weight 1), voice (weight 3), pace (weight 2), so a score
is 100 × (1·(reach − 1) + 3·(voice − 1) + 2·(pace − 1)) / (6 × 4).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, TINY, RunCli

Write = Callable[..., Path]


def tiny_file(write: Write, candidates: str, *, rubric: str = TINY) -> Path:
    """A candidates file on the tiny rubric (written beside it as tiny.yaml)."""
    write(rubric, "tiny.yaml")
    return write("rubric: tiny.yaml\ncandidates:\n" + candidates)


def plain(name: str, reach: int, voice: int, pace: int) -> str:
    return (
        f"  - name: {name}\n    department: PR\n"
        f"    ratings: {{reach: {reach}, voice: {voice}, pace: {pace}}}\n"
    )


# --- the bar: "--fail-under SCORE ... score SCORE (0-100) or more" --------------------------


@pytest.mark.parametrize(
    ("bar", "code"),
    [
        ("75", 0),  # 4, 4, 4 scores 100 × (3 + 9 + 6) / 24 = 75 exactly: "or more" includes it
        ("75.0", 0),
        ("75.01", 3),
        ("74.99", 0),
    ],
)
def test_a_score_exactly_at_the_bar_meets_it(
    bar: str, code: int, run_cli: RunCli, write: Write
) -> None:
    path = tiny_file(write, plain("Ana", 4, 4, 4) + plain("Bob", 2, 2, 2))
    result = run_cli("rank", str(path), "-q", "--fail-under", bar)
    assert result.exit_code == code, result.stderr


def test_two_candidates_exactly_at_the_bar_count_for_min_eligible(
    run_cli: RunCli, write: Write
) -> None:
    # Ana 4,4,4 -> 75; Cy 5,4,3 -> 100 × (4 + 9 + 4) / 24 = 70.83, shown (and compared) as
    # 70.8; Bob 2,2,2 -> 25.
    path = tiny_file(write, plain("Ana", 4, 4, 4) + plain("Cy", 5, 4, 3) + plain("Bob", 2, 2, 2))
    met = run_cli("rank", str(path), "-q", "--fail-under", "70.8", "--min-eligible", "2")
    assert met.exit_code == 0, met.stderr
    beyond_shown = run_cli("rank", str(path), "-q", "--fail-under", "70.83", "--min-eligible", "2")
    assert beyond_shown.exit_code == 3
    missed = run_cli("rank", str(path), "-q", "--fail-under", "75", "--min-eligible", "2")
    assert missed.exit_code == 3
    assert "1 eligible candidate scored 75 or more, fewer than the 2 asked for" in missed.stderr


# --- a panel's ratings take the full checks (not the fast path of one rater's ratings) -------


def test_a_panel_rating_one_past_the_scale_is_refused(run_cli: RunCli, write: Write) -> None:
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    reviews:\n"
        "      - rater: Joe\n        ratings: {reach: 5, voice: 6, pace: 5}\n"
        "      - rater: Kim\n        ratings: {reach: 5, voice: 5, pace: 5}\n",
    )
    result = run_cli("rank", str(path))
    assert result.exit_code == 1
    # line 7 is Joe's ratings; "voice: 6" starts at column 36 (the 6 itself)
    assert result.stderr.splitlines()[0] == (
        f"{path}:7:36: candidates[0].reviews[0].ratings.voice: "
        "expected a whole number from 1 to 5, found 6"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(("rating", "line"), [(0, "found 0"), (-1, "found -1")])
def test_a_panel_rating_below_the_scale_is_refused(
    rating: int, line: str, run_cli: RunCli, write: Write
) -> None:
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    reviews:\n"
        f"      - rater: Joe\n        ratings: {{reach: {rating}, voice: 5, pace: 5}}\n"
        "      - rater: Kim\n        ratings: {reach: 5, voice: 5, pace: 5}\n",
    )
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert f"ratings.reach: expected a whole number from 1 to 5, {line}" in result.stderr


def test_a_panel_rated_at_the_top_by_every_rater_scores_exactly_100(
    run_cli: RunCli, write: Write
) -> None:
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    reviews:\n"
        "      - rater: Joe\n        ratings: {reach: 5, voice: 5, pace: 5}\n"
        "      - rater: Kim\n        ratings: {reach: 5, voice: 5, pace: 5}\n"
        "      - rater: Lou\n        ratings: {reach: 5, voice: 5}\n",
    )
    result = run_cli("rank", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    [ana] = json.loads(result.stdout)["candidates"]
    assert ana["score"] == 100.0  # every counted rating is 5, the top: 100 × 24 / 24


# --- rubric: "scale.min below scale.max" -----------------------------------------------------

FLAT = TINY.replace("{min: 1, max: 5}", "{min: 3, max: 3}")


def test_a_scale_with_min_equal_to_max_is_refused(run_cli: RunCli, write: Write) -> None:
    rubric = write(FLAT, "flat.yaml")
    result = run_cli("validate", str(rubric))
    assert result.exit_code == 1
    # line 3 is "scale: {min: 3, max: 3}"; the max's value is at column 22
    assert result.stderr.splitlines()[0] == (
        f"{rubric}:3:22: scale.max: expected a number greater than scale.min (3), found 3"
    )


def test_ranking_on_a_flat_scale_is_an_input_error_not_a_crash(
    run_cli: RunCli, write: Write
) -> None:
    path = tiny_file(write, plain("Ana", 3, 3, 3), rubric=FLAT)
    result = run_cli("rank", str(path))  # run_cli re-raises any exception, ZeroDivisionError too
    assert result.exit_code == 1
    assert "scale.max: expected a number greater than scale.min (3), found 3" in result.stderr
    assert result.stdout == ""


# --- "--missing min: count it at the bottom of the scale" and must-haves --------------------


@pytest.mark.parametrize(
    ("minimum", "eligible", "reasons"),
    [
        (1, True, []),  # unrated counts as 1, and 1 meets a minimum of 1
        (2, False, ["pace not rated, counted as 1 < 2"]),
    ],
)
def test_missing_min_against_a_minimum_at_and_above_the_bottom(
    minimum: int, eligible: bool, reasons: list[str], run_cli: RunCli, write: Write
) -> None:
    rubric = TINY.replace("weight: 2}", f"weight: 2, minimum: {minimum}}}")
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    ratings: {reach: 5, voice: 5}\n",
        rubric=rubric,
    )
    result = run_cli("rank", str(path), "--missing", "min", "-f", "json")
    assert result.exit_code == 0, result.stderr
    [ana] = json.loads(result.stdout)["candidates"]
    assert (ana["eligible"], ana["reasons"]) == (eligible, reasons)
    assert ana["rank"] == (1 if eligible else None)
    assert ana["score"] == 66.7  # 100 × (4 + 12 + 0) / 24 = 66.666..., shown 66.7


# --- "Candidates with equal scores share a rank and are listed by name" ----------------------


def test_tied_candidates_are_listed_by_name_ignoring_case(run_cli: RunCli, write: Write) -> None:
    path = tiny_file(write, plain("Bob", 4, 4, 4) + plain("amy", 4, 4, 4) + plain("Cy", 5, 5, 5))
    result = run_cli("rank", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = [line.split(",")[:4] for line in result.stdout.splitlines()[1:]]
    assert rows == [
        ["1", "Cy", "PR", "100.0"],
        ["2", "amy", "PR", "75.0"],  # "amy" before "Bob": a before b, whatever the case
        ["2", "Bob", "PR", "75.0"],
    ]


def test_raters_are_listed_by_name_ignoring_case(run_cli: RunCli, write: Write) -> None:
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    reviews:\n"
        "      - rater: Bob\n        ratings: {reach: 4, voice: 4, pace: 4}\n"
        "      - rater: amy\n        ratings: {reach: 4, voice: 4, pace: 4}\n"
        "      - rater: Cy\n        ratings: {reach: 4, voice: 4, pace: 4}\n",
    )
    result = run_cli("raters", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["rater"] for r in json.loads(result.stdout)["raters"]] == ["amy", "Bob", "Cy"]


# --- calibration: "the one farthest from the mean of the others, by a point or more" ---------


def _outliers(run_cli: RunCli, write: Write, cards: list[tuple[str, int]]) -> dict[str, int]:
    reviews = "".join(
        f"      - rater: {rater}\n        ratings: {{reach: {point}, voice: 3, pace: 3}}\n"
        for rater, point in cards
    )
    path = tiny_file(write, "  - name: Ana\n    department: PR\n    reviews:\n" + reviews)
    result = run_cli("raters", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    return {r["rater"]: r["outlier"] for r in json.loads(result.stdout)["raters"]}


def test_an_outlier_exactly_one_point_away_counts(run_cli: RunCli, write: Write) -> None:
    # reach: Amy 3, Bea 3, Cy 4. Cy is 4 - (3 + 3) / 2 = 1 point from the others (exactly one);
    # Amy and Bea are |3 - 3.5| = 0.5 away. voice and pace: all 3, nobody away.
    assert _outliers(run_cli, write, [("Amy", 3), ("Bea", 3), ("Cy", 4)]) == {
        "Amy": 0,
        "Bea": 0,
        "Cy": 1,
    }


def test_raters_less_than_a_point_away_are_no_outliers(run_cli: RunCli, write: Write) -> None:
    # reach: 3, 3, 4, 4. Each 3 is |3 - 11/3| = 2/3 from the others, each 4 is |4 - 10/3| = 2/3:
    # the farthest are less than a point away (and not alone in it). With whole ratings a rater
    # alone in being farthest is always a point or more away, so 2/3 is as close to one as the
    # rule "less than a point" can be shown.
    counts = _outliers(run_cli, write, [("Amy", 3), ("Bea", 3), ("Cy", 4), ("Dee", 4)])
    assert counts == {"Amy": 0, "Bea": 0, "Cy": 0, "Dee": 0}


# --- "text that is not UTF-8 ... errors": UTF-16 in either byte order ------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\xfe\xff" + "candidates: []\n".encode("utf-16-be"),
        b"\xff\xfe" + "candidates: []\n".encode("utf-16-le"),
    ],
    ids=["big-endian", "little-endian"],
)
def test_a_utf16_file_is_refused_with_a_hint(data: bytes, run_cli: RunCli, write: Write) -> None:
    path = write(data, "team.yaml")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:1: the file is UTF-16 text; save it as UTF-8"
    )


# --- JSON's "missing" and "not_shown" (found by mutmut on ranking.py) ------------------------


@pytest.mark.parametrize(
    ("options", "missing", "not_shown"),
    [
        # ten candidates, nine eligible (Tom Becker misses a must-have): everyone shown
        ([], "error", {"eligible": 0, "not_eligible": 0}),
        # --top 3 shows ranks 1-3 (no tie at 3): six eligible and the ineligible one left out
        (["--top", "3"], "error", {"eligible": 6, "not_eligible": 1}),
        (["--eligible-only", "--missing", "skip"], "skip", {"eligible": 0, "not_eligible": 1}),
        (["--missing", "min"], "min", {"eligible": 0, "not_eligible": 0}),
    ],
)
def test_json_says_the_missing_policy_and_who_was_not_shown(
    options: list[str], missing: str, not_shown: dict[str, int], run_cli: RunCli
) -> None:
    result = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "-f", "json", *options)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["missing"], document["not_shown"]) == (missing, not_shown)
