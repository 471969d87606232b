"""``smteam coverage`` on two people worked out by hand: someone outside the seven departments
is counted under "Other", the JSON says the level, and the CI bar's message names every thin
skill (found by mutmut on scoring/coverage.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunCli

Write = Callable[..., Path]

SKILLS = ["empathy", "transparency", "responsiveness", "adaptability", "connectedness"]


def person(name: str, department: str, ratings: list[int]) -> str:
    pairs = ", ".join(f"{s}: {r}" for s, r in zip(SKILLS, ratings, strict=True))
    return f"  - name: {name}\n    department: {department}\n    ratings: {{{pairs}}}\n"


@pytest.fixture
def two_people(write: Write) -> Path:
    # Ana (Marketing) holds every skill at 4 or more; Bo (Legal, none of the seven) holds
    # empathy only.
    return write(
        "rubric: five-core-skills\ncandidates:\n"
        + person("Ana", "Marketing", [5, 4, 4, 4, 4])
        + person("Bo", "Legal", [4, 1, 2, 3, 1])
    )


def test_someone_outside_the_seven_departments_counts_under_other(
    run_cli: RunCli, two_people: Path
) -> None:
    result = run_cli("coverage", str(two_people), "--rubric", "five-core-skills", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["level"] == 4  # the default level
    empathy = document["skills"][0]
    assert empathy["skill"] == "empathy"
    assert empathy["names"] == ["Ana", "Bo"]
    assert {d: n for d, n in empathy["departments"].items() if n} == {"Marketing": 1, "Other": 1}
    assert list(empathy["departments"])[-1] == "Other"


@pytest.mark.parametrize(
    ("level", "line"),
    [
        (
            "4",
            "smteam: the bar is not met: 4 skills held by fewer than 2 people: "
            "transparency (1), responsiveness (1), adaptability (1), connectedness (1)",
        ),
        (
            "5",  # only Ana's empathy is a 5
            "smteam: the bar is not met: 5 skills held by fewer than 2 people: "
            "empathy (1), transparency (0), responsiveness (0), adaptability (0), "
            "connectedness (0)",
        ),
    ],
)
def test_the_bar_names_every_thin_skill(
    level: str, line: str, run_cli: RunCli, two_people: Path
) -> None:
    result = run_cli(
        "coverage",
        str(two_people),
        "--rubric",
        "five-core-skills",
        "-f",
        "json",
        "--level",
        level,
        "--fail-under",
        "2",
    )
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == line  # after the warning about Legal
    assert json.loads(result.stdout)["level"] == int(level)
