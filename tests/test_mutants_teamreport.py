"""``smteam team`` on small files worked out by hand: a panel's mean in thirds scored exactly,
scores over different denominators, numbered seats of one department, and a lead who must be
rated on every trait of the lead rubric only under ``--missing error`` (found by mutmut on
scoring/teamreport.py).

five-core-skills weighs adaptability 1 and empathy, transparency, responsiveness and
connectedness 2 each, on a 1-5 scale: a score is 100·Σ w·(r − 1) / Σ w·4 over the traits that
count (36 when all five do)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli

Write = Callable[..., Path]

FIVE = "responsiveness: 5, adaptability: 5, connectedness: 5"

# Blake: empathy 3, the rest 5: 2·2 + 2·4 + 2·4 + 1·4 + 2·4 = 32, and 100·32/36 = 88.888...
# Avery's three raters agree on every trait but empathy (5, 5, 4: a mean of 14/3).
# Σ w·(r − 1) = 2·11/3 + 2·4 + 2·4 + 1·4 + 2·4 = 106/3, and 100·(106/3)/36 = 98.148...
# Together 98.148... + 88.888... = 187.037...
HEAD = "rubric: five-core-skills\ncandidates:\n"
BLAKE = f"""\
  - name: Blake Ford
    department: Marketing
    ratings: {{empathy: 3, transparency: 5, {FIVE}}}
"""
AVERY = f"""\
  - name: Avery Marsh
    department: Marketing
    reviews:
      - rater: R1
        ratings: {{empathy: 5, transparency: 5, {FIVE}}}
      - rater: R2
        ratings: {{empathy: 5, transparency: 5, {FIVE}}}
      - rater: R3
        ratings: {{empathy: 4, transparency: 5, {FIVE}}}
"""
PANEL = HEAD + BLAKE + AVERY

TWO_MARKETING = """\
per_department: 0
departments: {Marketing: 2}
cover: {rubric: five-core-skills, skills: [empathy], level: 4, people: 1}
"""


def team_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    result = run_cli("team", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def seated(document: dict[str, Any]) -> list[tuple[str, str, float]]:
    return [(s["seat"], s["name"], s["score"]) for s in document["seats"]]


def test_a_panel_mean_in_thirds_is_scored_exactly(run_cli: RunCli, write: Write) -> None:
    """98.148... shows as 98.15; a score cut to whole 1/36 points would show 98.14 (3533/36)."""
    candidates = write(PANEL)
    plan = write(TWO_MARKETING, "plan.yaml")
    document = team_json(run_cli, str(candidates), "--plan", str(plan))
    assert [s["score"] for s in document["seats"]] == [88.89, 98.15]
    assert document["total"] == 187.04


def test_a_panel_alone_is_scored_exactly(run_cli: RunCli, write: Write) -> None:
    """Avery alone, with no single-rater candidate beside her: still 98.148..., shown 98.15."""
    candidates = write(HEAD + AVERY)
    plan = write("per_department: 0\ndepartments: {Marketing: 1}\n", "plan.yaml")
    document = team_json(run_cli, str(candidates), "--plan", str(plan))
    assert seated(document) == [("Marketing", "Avery Marsh", 98.15)]
    assert document["total"] == 98.15


def test_two_seats_of_a_department_are_numbered_and_filled_in_file_order(
    run_cli: RunCli, write: Write
) -> None:
    candidates = write(PANEL)
    plan = write(TWO_MARKETING, "plan.yaml")
    document = team_json(run_cli, str(candidates), "--plan", str(plan))
    assert seated(document) == [
        ("Marketing 1", "Blake Ford", 88.89),
        ("Marketing 2", "Avery Marsh", 98.15),
    ]


# With --missing skip, Blake (no adaptability rating) is scored over Σ w·4 = 32 of the traits
# rated: 100·(2·4·4)/32 = 100. Casey, rated 3 everywhere: 100·(9·2)/36 = 50.
SKIPPED = """\
rubric: five-core-skills
candidates:
  - name: Blake Ford
    department: Marketing
    ratings: {empathy: 5, transparency: 5, responsiveness: 5, connectedness: 5}
  - name: Casey Lund
    department: Customer Service
    ratings: {empathy: 3, transparency: 3, responsiveness: 3, adaptability: 3, connectedness: 3}
"""

TWO_DEPARTMENTS = """\
per_department: 0
departments: {Marketing: 1, Customer Service: 1}
cover: {rubric: five-core-skills, skills: [empathy], level: 4, people: 1}
"""


def test_scores_over_different_denominators_keep_their_values(
    run_cli: RunCli, write: Write
) -> None:
    """Blake's 3200/32 and Casey's 1800/36 compared on a common scale: 100 and 50, not
    Blake's points over Casey's 36 (88.89)."""
    candidates = write(SKIPPED)
    plan = write(TWO_DEPARTMENTS, "plan.yaml")
    document = team_json(run_cli, str(candidates), "--plan", str(plan), "--missing", "skip")
    assert seated(document) == [
        ("Marketing", "Blake Ford", 100.0),
        ("Customer Service", "Casey Lund", 50.0),
    ]
    assert document["total"] == 150.0


# The department seat is scored on two-skills (empathy and transparency, weight 1 each:
# 100·Σ(r − 1)/8); the lead seat on five-core-skills. Avery is not rated on adaptability.
# Avery: two-skills 100·8/8 = 100; five-core-skills over the 32 of the traits rated
# (--missing skip) 100, or with adaptability counted at the bottom 100·32/36 = 88.89.
# Blake, rated 5 on empathy and transparency and 1 on the rest: two-skills 100; five-core-skills
# 100·(2·4 + 2·4)/36 = 44.44. Avery leading would give 188.89 (or 200 with skip); Blake
# leading gives 44.44 + 100 = 144.44.
TWO_SKILLS = """\
name: two-skills
title: Two skills
description: Empathy and transparency only.
scale: {min: 1, max: 5}
traits:
  - {id: empathy, label: Empathy, weight: 1, description: Empathy.}
  - {id: transparency, label: Transparency, weight: 1, description: Transparency.}
"""

LEADER = """\
rubric: five-core-skills
candidates:
  - name: Avery Marsh
    department: Marketing
    ratings: {empathy: 5, transparency: 5, responsiveness: 5, connectedness: 5}
  - name: Blake Ford
    department: Marketing
    ratings: {empathy: 5, transparency: 5, responsiveness: 1, adaptability: 1, connectedness: 1}
"""

LEAD_PLAN = """\
per_department: 0
departments: {Marketing: 1}
lead: {rubric: five-core-skills}
cover: {rubric: five-core-skills, skills: [empathy], level: 4, people: 1}
"""


@pytest.mark.parametrize(
    ("missing", "lead", "marketing", "total"),
    [
        # Unrated on adaptability, Avery may not lead: Blake leads.
        ("error", ("Lead", "Blake Ford", 44.44), ("Marketing", "Avery Marsh", 100.0), 144.44),
        # Skipping the unrated trait, Avery leads.
        ("skip", ("Lead", "Avery Marsh", 100.0), ("Marketing", "Blake Ford", 100.0), 200.0),
    ],
)
def test_a_lead_must_be_rated_on_every_lead_trait_only_under_missing_error(
    missing: str,
    lead: tuple[str, str, float],
    marketing: tuple[str, str, float],
    total: float,
    run_cli: RunCli,
    write: Write,
) -> None:
    rubric = write(TWO_SKILLS, "two-skills.yaml")
    candidates = write(LEADER)
    plan = write(LEAD_PLAN, "plan.yaml")
    args = [str(candidates), "--rubric", str(rubric), "--plan", str(plan), "--missing", missing]
    document = team_json(run_cli, *args)
    assert seated(document) == [lead, marketing]
    assert document["total"] == total


# Three Marketing candidates on five-core-skills: rated 5, 4 and 3 everywhere score
# 100·36/36 = 100, 100·27/36 = 75 and 100·18/36 = 50.
THREE = """\
rubric: five-core-skills
candidates:
  - name: Avery Marsh
    department: Marketing
    ratings: {empathy: 5, transparency: 5, responsiveness: 5, adaptability: 5, connectedness: 5}
  - name: Blake Ford
    department: Marketing
    ratings: {empathy: 4, transparency: 4, responsiveness: 4, adaptability: 4, connectedness: 4}
  - name: Casey Lund
    department: Marketing
    ratings: {empathy: 3, transparency: 3, responsiveness: 3, adaptability: 3, connectedness: 3}
"""


def test_alternatives_include_people_the_best_team_outscores(run_cli: RunCli, write: Write) -> None:
    """One Marketing seat: Avery (100) holds it; the next-best teams put Blake (75), then
    Casey (50) in it, though Avery beats both."""
    candidates = write(THREE)
    plan = write("per_department: 0\ndepartments: {Marketing: 1}\n", "plan.yaml")
    document = team_json(run_cli, str(candidates), "--plan", str(plan), "--alternatives", "2")
    assert seated(document) == [("Marketing", "Avery Marsh", 100.0)]
    assert document["alternatives"] == [
        {"total": 75.0, "seats": [{"seat": "Marketing", "name": "Blake Ford"}]},
        {"total": 50.0, "seats": [{"seat": "Marketing", "name": "Casey Lund"}]},
    ]


def test_an_infeasible_report_counts_the_eligible_candidates(run_cli: RunCli, write: Write) -> None:
    """Customer Service has nobody; of the three Marketing candidates all may take the
    Marketing seat, so 3 are eligible for some seat."""
    candidates = write(THREE)
    plan = write("per_department: 0\ndepartments: {Marketing: 1, Customer Service: 1}\n", "p.yaml")
    result = run_cli("team", str(candidates), "--plan", str(plan), "-f", "json")
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert (document["status"], document["eligible"]) == ("infeasible", 3)
    text = run_cli("team", str(candidates), "--plan", str(plan), "-f", "text")
    assert text.stdout.startswith("No team meets the plan: 2 seats, 3 eligible candidates,")


# Empathy held (rated 4 or more) by Avery (100) and Blake (75) in Marketing, and by Dana
# (empathy 4, the rest 3: 100·(2·3 + 2·2 + 2·2 + 1·2 + 2·2)/36 = 55.56) in Customer Service;
# not by Casey (empathy 3, the rest 5: 100·32/36 = 88.89).
ROBUST = """\
rubric: five-core-skills
candidates:
  - name: Avery Marsh
    department: Marketing
    ratings: {empathy: 5, transparency: 5, responsiveness: 5, adaptability: 5, connectedness: 5}
  - name: Blake Ford
    department: Marketing
    ratings: {empathy: 4, transparency: 4, responsiveness: 4, adaptability: 4, connectedness: 4}
  - name: Casey Lund
    department: Customer Service
    ratings: {empathy: 3, transparency: 5, responsiveness: 5, adaptability: 5, connectedness: 5}
  - name: Dana Wolf
    department: Customer Service
    ratings: {empathy: 4, transparency: 3, responsiveness: 3, adaptability: 3, connectedness: 3}
"""

ROBUST_PLAN = """\
per_department: 0
departments: {Marketing: 1, Customer Service: 1}
cover: {rubric: five-core-skills, skills: [empathy], level: 4, people: 1, robust: true}
"""


def test_robustness_costs_the_difference_to_the_best_team_with_one_holder(
    run_cli: RunCli, write: Write
) -> None:
    """One holder: Avery + Casey, 188.89 (also the best without coverage). Two holders:
    Avery + Dana, 155.56. Robustness costs 188.89 - 155.56 = 33.33 (1200/36)."""
    candidates = write(ROBUST)
    plan = write(ROBUST_PLAN, "plan.yaml")
    document = team_json(run_cli, str(candidates), "--plan", str(plan))
    assert seated(document) == [
        ("Marketing", "Avery Marsh", 100.0),
        ("Customer Service", "Dana Wolf", 55.56),
    ]
    assert document["total"] == 155.56
    assert document["robust_cost"] == 33.33
    assert document["without_cover"] == {
        "total": 188.89,
        "changed": [{"seat": "Customer Service", "without": "Casey Lund", "chosen": "Dana Wolf"}],
    }


# Scale 0-1; each candidate rated 1 on one trait and 0 on another (the rest skipped), so the
# score is 100·a/(a + b) of the two weights: in thousandths 100·500000/999983 (Avery),
# 100·500000/999979 (Blake) and 100·9/17 (Casey). 999983, 999979 and 17 are primes, so the
# common denominator is their product, 16999354006... (odd), and the best total in those
# units is about 0.58·2**52: under the 2**52 that a double holds exactly, over half of it.
FINE_RUBRIC = """\
name: finely-weighed
title: Finely weighed
description: Weights whose sums are large odd primes, in thousandths.
scale: {min: 0, max: 1}
traits:
  - {id: a1, label: A1, weight: 500, description: A1.}
  - {id: b1, label: B1, weight: 499.983, description: B1.}
  - {id: a2, label: A2, weight: 500, description: A2.}
  - {id: b2, label: B2, weight: 499.979, description: B2.}
  - {id: a3, label: A3, weight: 0.009, description: A3.}
  - {id: b3, label: B3, weight: 0.008, description: B3.}
"""

FINE = """\
candidates:
  - {name: Avery Marsh, department: Marketing, ratings: {a1: 1, b1: 0}}
  - {name: Blake Ford, department: Customer Service, ratings: {a2: 1, b2: 0}}
  - {name: Casey Lund, department: Brand Management, ratings: {a3: 1, b3: 0}}
"""


def test_scores_finely_divided_but_within_exact_totals_still_build_a_team(
    run_cli: RunCli, write: Write
) -> None:
    """50.00085 + 50.00105 + 52.94118 = 152.94; a common denominator twice as large would
    have refused the files as too finely divided."""
    rubric = write(FINE_RUBRIC, "fine.yaml")
    candidates = write(FINE)
    seats = "{Marketing: 1, Customer Service: 1, Brand Management: 1}"
    plan = write(f"per_department: 0\ndepartments: {seats}\n", "plan.yaml")
    args = [str(candidates), "--rubric", str(rubric), "--plan", str(plan), "--missing", "skip"]
    document = team_json(run_cli, *args)
    assert seated(document) == [
        ("Marketing", "Avery Marsh", 50.0),
        ("Customer Service", "Blake Ford", 50.0),
        ("Brand Management", "Casey Lund", 52.94),
    ]
    assert document["total"] == 152.94
