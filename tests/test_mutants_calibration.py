"""``smteam raters -f json`` on a panel worked out by hand: every key, every rounded number,
a rater who is the outlier twice and a rater nobody else rated with (found by mutmut on
scoring/calibration.py); in a second pass, raters after a candidate rated without a panel,
raters whose names differ in a space, and a rater who rated only traits of a built-in rubric.

The rubric is tiny: scale 1 to 5, traits reach, voice, pace.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TINY, RunCli

Write = Callable[..., Path]


def card(rater: str, reach: int, voice: int, pace: int) -> str:
    return (
        f"      - rater: {rater}\n"
        f"        ratings: {{reach: {reach}, voice: {voice}, pace: {pace}}}\n"
    )


def candidate(name: str, *cards: str) -> str:
    return f"  - name: {name}\n    department: PR\n    reviews:\n" + "".join(cards)


PANEL = (
    "rubric: tiny.yaml\ncandidates:\n"
    # Ana: reach 1, 3, 3 -> Amy is 1 - 3 = -2 from the others (alone: outlier); Bea and Cy are
    # 3 - (1 + 3) / 2 = +1. voice 3, 3, 3: everyone 0. pace 3, 3, 4 -> Cy 4 - 3 = +1 (alone:
    # outlier), Amy and Bea 3 - 3.5 = -0.5.
    + candidate("Ana", card("Amy", 1, 3, 3), card("Bea", 3, 3, 3), card("Cy", 3, 3, 4))
    # Ben: reach 2, 4, 4 -> Amy -2 (outlier again), Bea and Cy +1. voice and pace all 4: 0.
    + candidate("Ben", card("Amy", 2, 4, 4), card("Bea", 4, 4, 4), card("Cy", 4, 4, 4))
    # Cal: Dan alone, nobody to compare with.
    + candidate("Cal", card("Dan", 5, 5, 4))
)

# Amy: ratings 1 3 3 2 4 4 = 17 / 6 = 2.8333 -> 2.83; differences -2 0 -0.5 -2 0 0 = -4.5 / 6.
# Bea: 3 3 3 4 4 4 = 21 / 6 = 3.5; differences 1 0 -0.5 1 0 0 = 1.5 / 6 = 0.25.
# Cy: 3 3 4 4 4 4 = 22 / 6 = 3.6667 -> 3.67; differences 1 0 1 1 0 0 = 3 / 6 = 0.5.
# Dan: 5 5 4 = 14 / 3 = 4.6667 -> 4.67; nothing compared: no offset.
# Every rating: 17 + 21 + 22 + 14 = 74 over 21 ratings = 3.5238 -> 3.52.
EXPECTED = {
    "panel_mean": 3.52,
    "raters": [
        {
            "rater": "Amy",
            "scorecards": 2,
            "ratings": 6,
            "mean": 2.83,
            "offset": -0.75,
            "compared": 6,
            "outlier": 2,
            "outlier_of": 6,
        },
        {
            "rater": "Bea",
            "scorecards": 2,
            "ratings": 6,
            "mean": 3.5,
            "offset": 0.25,
            "compared": 6,
            "outlier": 0,
            "outlier_of": 6,
        },
        {
            "rater": "Cy",
            "scorecards": 2,
            "ratings": 6,
            "mean": 3.67,
            "offset": 0.5,
            "compared": 6,
            "outlier": 1,
            "outlier_of": 6,
        },
        {
            "rater": "Dan",
            "scorecards": 1,
            "ratings": 3,
            "mean": 4.67,
            "offset": None,
            "compared": 0,
            "outlier": 0,
            "outlier_of": 0,
        },
    ],
}


@pytest.fixture
def panel(write: Write) -> Path:
    write(TINY, "tiny.yaml")
    return write(PANEL)


def test_the_calibration_document_of_a_hand_worked_panel(run_cli: RunCli, panel: Path) -> None:
    result = run_cli("raters", str(panel), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED


def _raters(run_cli: RunCli, path: Path) -> dict[str, object]:
    result = run_cli("raters", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_raters_after_a_candidate_without_a_panel_are_counted(
    run_cli: RunCli, write: Write
) -> None:
    # Bob has plain ratings (no scorecards): nothing to calibrate. Ana's panel follows him.
    # reach 1 and 3: Amy 1 − 3 = −2, Bea +2; voice and pace 3 and 3: 0. Amy: mean 7 / 3 = 2.33,
    # offset −2 / 3 = −0.67; Bea: mean 3, offset +0.67. Two raters: no outliers. Panel mean:
    # 16 / 6 = 2.67.
    write(TINY, "tiny.yaml")
    path = write(
        "rubric: tiny.yaml\ncandidates:\n"
        "  - name: Bob\n    department: PR\n    ratings: {reach: 4, voice: 4, pace: 4}\n"
        + candidate("Ana", card("Amy", 1, 3, 3), card("Bea", 3, 3, 3))
    )
    assert _raters(run_cli, path) == {
        "panel_mean": 2.67,
        "raters": [
            {
                "rater": "Amy",
                "scorecards": 1,
                "ratings": 3,
                "mean": 2.33,
                "offset": -0.67,
                "compared": 3,
                "outlier": 0,
                "outlier_of": 0,
            },
            {
                "rater": "Bea",
                "scorecards": 1,
                "ratings": 3,
                "mean": 3.0,
                "offset": 0.67,
                "compared": 3,
                "outlier": 0,
                "outlier_of": 0,
            },
        ],
    }


def test_raters_are_listed_by_name_as_written(run_cli: RunCli, write: Write) -> None:
    # By name ignoring case, spaces kept: "ann lee" comes before "anna" (a space before a
    # letter), as in a phone book, and "bo" after both.
    write(TINY, "tiny.yaml")
    path = write(
        "rubric: tiny.yaml\ncandidates:\n"
        + candidate("Ana", card("bo", 3, 3, 3), card("Anna", 3, 3, 3), card("Ann Lee", 3, 3, 3))
    )
    raters = _raters(run_cli, path)["raters"]
    assert isinstance(raters, list)
    assert [r["rater"] for r in raters] == ["Ann Lee", "Anna", "bo"]


def test_a_rater_who_rated_only_traits_of_a_built_in_rubric(run_cli: RunCli, write: Write) -> None:
    # Dan rated only empathy (a built-in rubric's trait, accepted and not scored on tiny): one
    # scorecard, no rating on this rubric, nothing to compare; Amy alone makes the panel mean.
    write(TINY, "tiny.yaml")
    path = write(
        "rubric: tiny.yaml\ncandidates:\n"
        + candidate(
            "Ana",
            card("Amy", 3, 4, 5),
            "      - rater: Dan\n        ratings: {empathy: 4}\n",
        )
    )
    document = _raters(run_cli, path)
    assert document["panel_mean"] == 4.0
    raters = document["raters"]
    assert isinstance(raters, list)
    assert [r["rater"] for r in raters] == ["Amy", "Dan"]
    dan = raters[1]
    assert (dan["scorecards"], dan["ratings"], dan["offset"], dan["compared"]) == (1, 0, None, 0)
    # No rating on the rubric, so no mean: not 0.00, which would sit below the scale.
    assert dan["mean"] is None
    table = run_cli("raters", str(path), "--format", "text")
    assert table.exit_code == 0
    (line,) = [row for row in table.stdout.splitlines() if row.lstrip().startswith("Dan")]
    assert "0.00" not in line
    assert line.split()[1:5] == ["1", "0", "–", "–"]
