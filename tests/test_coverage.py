"""``smteam coverage``: holders per skill and department, counted by hand from
examples/candidates.csv, the flags for thin skills, and the CI bar."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smteam.choices import TeamFormat
from tests.conftest import EXAMPLES, RunCli

CANDIDATES = str(EXAMPLES / "candidates.yaml")
DEPARTMENTS = [
    "PR and Corporate Communications",
    "Marketing",
    "Customer Service",
    "Business Development / Sales",
    "Brand Management",
    "Product Development",
    "Executive Team",
]

# Rated 4 or more in examples/candidates.csv, per skill, in the order of DEPARTMENTS.
EXPECTED = {
    "brand-values": (8, [2, 1, 2, 0, 1, 1, 1]),
    "success-metrics": (5, [1, 1, 0, 1, 0, 1, 1]),
    "listening": (7, [2, 1, 2, 0, 1, 1, 0]),
    "story-harvesting": (6, [2, 1, 1, 0, 1, 1, 0]),
    "engagement": (7, [2, 1, 2, 1, 1, 0, 0]),
}
LABELS = [  # five-dispersed-skills' labels, as the rubric writes them
    "Brand identity and values",
    "Success metrics",
    "Listening",
    "Internal wiring and story harvesting",
    "Engagement",
]


def coverage_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    result = run_cli("coverage", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_holders_per_skill_and_department(run_cli: RunCli) -> None:
    document = coverage_json(run_cli, CANDIDATES)
    assert document["people"] == 10
    found = {
        s["skill"]: (s["holders"], [s["departments"][d] for d in DEPARTMENTS])
        for s in document["skills"]
    }
    assert found == EXPECTED
    assert all(s["to_lose"] == s["holders"] for s in document["skills"])
    assert all(s["flag"] is None for s in document["skills"])


def test_one_or_two_holders_are_flagged_by_name(run_cli: RunCli) -> None:
    # At level 5: story-harvesting has Joe Park alone; success-metrics Kim Lee and Daniel Okafor.
    document = coverage_json(run_cli, CANDIDATES, "--level", "5")
    flags = {s["skill"]: s["flag"] for s in document["skills"]}
    assert flags["story-harvesting"] == "carried by 1: Joe Park"
    assert flags["success-metrics"] == "carried by 2: Kim Lee, Daniel Okafor"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--fail-under", "5"], 0, ""),
        (
            ["--fail-under", "6"],
            3,
            "smteam: the bar is not met: 1 skill held by fewer than 6 people: "
            "success-metrics (5)\n",
        ),
        (["--level", "9"], 2, "smteam: --level 9: expected a rating from 1 to 5"),
    ],
)
def test_the_ci_bar_and_the_level(
    args: list[str], code: int, message: str, run_cli: RunCli
) -> None:
    result = run_cli("coverage", CANDIDATES, "-f", "text", *args)
    assert result.exit_code == code
    assert result.stderr.startswith(message)


def test_a_panels_combined_rating_counts(run_cli: RunCli, write: Callable[..., Path]) -> None:
    # Raters 5 and 3 average 4: held at 4. Raters 5 and 2 average 3.5: not held.
    path = write(
        "rubric: five-core-skills\ncandidates:\n"
        "  - name: Avery Marsh\n    department: Marketing\n    reviews:\n"
        "      - {rater: R1, ratings: {empathy: 5, transparency: 5, responsiveness: 5, "
        "adaptability: 5, connectedness: 5}}\n"
        "      - {rater: R2, ratings: {empathy: 3, transparency: 2, responsiveness: 3, "
        "adaptability: 3, connectedness: 3}}\n"
    )
    document = coverage_json(run_cli, str(path), "--rubric", "five-core-skills")
    holders = {s["skill"]: s["holders"] for s in document["skills"]}
    assert holders == {
        "empathy": 1,
        "transparency": 0,
        "responsiveness": 1,
        "adaptability": 1,
        "connectedness": 1,
    }


@pytest.mark.parametrize("fmt", list(TeamFormat))
def test_every_format_names_every_skill(fmt: TeamFormat, run_cli: RunCli) -> None:
    result = run_cli("coverage", CANDIDATES, "-f", fmt.value)
    assert result.exit_code == 0
    # Data formats name skills by id; what people read names them by the rubric's label.
    data = fmt in (TeamFormat.JSON, TeamFormat.CSV)
    for skill in EXPECTED if data else LABELS:
        assert skill in result.stdout
    if fmt is TeamFormat.CSV:
        rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
        assert rows[0][:5] == ["skill", "label", "holders", "to_lose", "flag"]
        assert {len(row) for row in rows} == {12}
