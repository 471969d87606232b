"""``smteam team`` from the command line: the example plan, coverage and its cost, the bench,
--robust, --alternatives, infeasible plans, bad plan files, panels, CSV input, and a stdout
that carries nothing but smteam's output in every format."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smteam.choices import TeamFormat
from tests.conftest import EXAMPLES, REPO, RunCli

Write = Callable[..., Path]

CANDIDATES = str(EXAMPLES / "candidates.yaml")
PLAN = str(EXAMPLES / "team.yaml")


def team_json(run_cli: RunCli, *args: str, code: int = 0) -> dict[str, Any]:
    result = run_cli("team", *args, "-f", "json")
    assert result.exit_code == code, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def seats(document: dict[str, Any]) -> dict[str, str]:
    return {seat["seat"]: seat["name"] for seat in document["seats"]}


def test_the_example_plan_is_met_and_coverage_moves_one_seat(run_cli: RunCli) -> None:
    document = team_json(run_cli, CANDIDATES, "--plan", PLAN)
    assert document["status"] == "optimal"
    assert seats(document) == {
        "Social media lead": "Ana Ruiz",
        "PR and Corporate Communications": "Yuki Tanaka",
        "Marketing": "Kim Lee",
        "Customer Service": "Lena Weber",
        "Business Development / Sales": "Marcus Hill",
        "Brand Management": "Sofia Costa",
        "Product Development": "Priya Nair",
        "Executive Team": "Daniel Okafor",
    }
    for seat in document["seats"]:
        assert set(seat) >= {"seat", "name", "department", "score"}
    for entry in document["bench"]:
        assert set(entry) >= {"seat", "name", "drop"}
    # Every skill is held by four or more members, as the plan asks.
    assert all(count >= 4 for count in document["cover"]["holders"].values())
    assert document["without_cover"]["changed"] == [
        {"seat": "PR and Corporate Communications", "without": "Joe Park", "chosen": "Yuki Tanaka"}
    ]


def test_the_top_person_per_department_misses_the_example_coverage() -> None:
    """The claim examples/team.yaml makes, checked from the ratings themselves: the top
    eligible person of each department (from `smteam rank`'s order: Joe Park, Kim Lee, Ana
    Ruiz, Marcus Hill, Sofia Costa, Priya Nair, Daniel Okafor) leaves success-metrics with
    three holders rated 4 or more, and the plan needs four."""
    with (EXAMPLES / "candidates.csv").open(encoding="utf-8") as stream:
        rows = {row["name"]: row for row in csv.DictReader(stream)}
    greedy = [
        "Joe Park",
        "Kim Lee",
        "Ana Ruiz",
        "Marcus Hill",
        "Sofia Costa",
        "Priya Nair",
        "Daniel Okafor",
    ]
    holders = [name for name in greedy if int(rows[name]["success-metrics"]) >= 4]
    assert holders == ["Kim Lee", "Priya Nair", "Daniel Okafor"]
    plan = (EXAMPLES / "team.yaml").read_text(encoding="utf-8")
    assert "people: 4" in plan and "level: 4" in plan


def test_ties_go_to_the_person_first_in_the_files(run_cli: RunCli) -> None:
    """Ana Ruiz as lead and Lena Weber in Customer Service, or the other way round, total the
    same; Ana comes first in the file, so she takes the first seat (the lead)."""
    document = team_json(run_cli, CANDIDATES, "--plan", PLAN, "--alternatives", "1")
    (alternative,) = document["alternatives"]
    assert alternative["total"] == document["total"]
    swapped = {seat["seat"]: seat["name"] for seat in alternative["seats"]}
    assert swapped["Social media lead"] == "Lena Weber"
    assert swapped["Customer Service"] == "Ana Ruiz"
    assert seats(document)["Social media lead"] == "Ana Ruiz"


def test_alternatives_are_distinct_and_never_better(run_cli: RunCli) -> None:
    document = team_json(run_cli, CANDIDATES, "--plan", PLAN, "--alternatives", "4")
    totals = [document["total"]] + [a["total"] for a in document["alternatives"]]
    assert len(totals) == 5
    assert totals == sorted(totals, reverse=True)
    teams = [frozenset(seats(document).items())] + [
        frozenset((s["seat"], s["name"]) for s in a["seats"]) for a in document["alternatives"]
    ]
    assert len(set(teams)) == len(teams)


def test_robust_costs_what_one_more_holder_per_skill_costs(run_cli: RunCli) -> None:
    # Surviving the loss of any one member is the same as one more holder of every skill.
    cover = ["--cover", "five-dispersed-skills", "--cover-people", "2"]
    robust = team_json(run_cli, CANDIDATES, *cover, "--robust")
    three = team_json(
        run_cli, CANDIDATES, "--cover", "five-dispersed-skills", "--cover-people", "3"
    )
    two = team_json(run_cli, CANDIDATES, *cover)
    assert seats(robust) == seats(three)
    assert robust["robust_cost"] == pytest.approx(two["total"] - three["total"], abs=0.01)
    assert all(count >= 3 for count in robust["cover"]["holders"].values())


def test_the_bench_lists_successors_with_the_drop(run_cli: RunCli) -> None:
    document = team_json(run_cli, CANDIDATES, "--bench", "2")
    # Customer Service: Ana Ruiz (78.95) holds it; Lena Weber (76.32) is the only successor.
    # PR: Joe Park (76.32) holds it; Yuki Tanaka (71.05) follows.
    assert [(b["seat"], b["name"], b["drop"]) for b in document["bench"]] == [
        ("PR and Corporate Communications", "Yuki Tanaka", 5.26),
        ("Customer Service", "Lena Weber", 2.63),
    ]
    assert all(b["keeps_cover"] is None for b in document["bench"])


INFEASIBLE = [
    (["--per-department", "2"], "Marketing: 2 seats, but only 1 eligible candidate"),
    (
        ["--cover", "five-dispersed-skills", "--cover-level", "5"],
        "story-harvesting: only 1 eligible candidate is rated 5 or more, 2 are needed",
    ),
]


@pytest.mark.parametrize(("args", "reason"), INFEASIBLE)
def test_an_infeasible_plan_exits_3_with_the_reason(
    args: list[str], reason: str, run_cli: RunCli
) -> None:
    result = run_cli("team", CANDIDATES, *args, "-f", "json")
    assert result.exit_code == 3
    assert f"smteam: {reason}\n" in result.stderr
    assert result.stderr.endswith("smteam: no team meets the plan\n")
    document = json.loads(result.stdout)
    assert document["status"] == "infeasible"
    assert document["total"] is None
    assert reason in document["reasons"]


def test_a_skill_the_seats_cannot_spread_says_so(run_cli: RunCli, write: Write) -> None:
    # Ana Ruiz and Lena Weber are the only eligible people rated 5 on engagement (Tom Becker
    # misses a must-have), and both are in Customer Service, which has one seat.
    plan = write(
        "cover:\n  rubric: five-dispersed-skills\n  skills: [engagement]\n  level: 5\n",
        "plan.yaml",
    )
    result = run_cli("team", CANDIDATES, "--plan", str(plan), "-f", "text")
    assert result.exit_code == 3
    assert (
        "smteam: engagement: a team that fills the seats has at most 1 member rated 5 or more, "
        "2 are needed\n" in result.stderr
    )


def test_no_eligible_candidate_in_a_department(run_cli: RunCli) -> None:
    result = run_cli("team", str(EXAMPLES / "panel.yaml"), "-f", "text")
    assert result.exit_code == 3
    assert "smteam: no eligible candidate in Executive Team\n" in result.stderr


BAD_PLAN = """\
per_department: 1
departments:
  Markting: 2
  PR: 1
  Communications: 1
lead:
  rubric: nine-leader-qualitiez
cover:
  rubric: five-dispersed-skills
  level: 9
  skills: [listening, listenin]
"""

BAD_PLAN_PROBLEMS = [
    "plan.yaml:3:3: departments.Markting: unknown department 'Markting'; did you mean 'Marketing'?",
    "plan.yaml:5:3: departments.Communications: 'Communications' is PR and Corporate "
    "Communications, already given as 'PR'",
    "plan.yaml:7:11: lead.rubric: no built-in rubric named 'nine-leader-qualitiez'; did you "
    "mean 'nine-leader-qualities'?",
    "plan.yaml:10:10: cover.level: expected a whole number from 1 to 5 (the scale of "
    "five-dispersed-skills), found 9",
    "plan.yaml:11:23: cover.skills[1]: 'listenin' is not a trait of five-dispersed-skills; "
    "did you mean 'listening'?",
]


def test_a_bad_plan_file_gets_every_problem_with_its_line(
    run_cli: RunCli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(BAD_PLAN, "plan.yaml")
    monkeypatch.chdir(tmp_path)
    result = run_cli("team", CANDIDATES, "--plan", "plan.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(BAD_PLAN_PROBLEMS) + 1
    for line, expected in zip(lines, BAD_PLAN_PROBLEMS, strict=False):
        assert line.startswith(expected)
    assert lines[-1] == "smteam: 5 errors; no team was built."
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("benhc: 2\n", "plan.yaml:1:1: benhc: unknown key 'benhc'; did you mean 'bench'?"),
        ("bench: -1\n", "plan.yaml:1:8: bench: "),
        ("cover:\n  level: 3\n", "plan.yaml:2:3: cover: missing required key 'rubric'"),
        ("- 1\n", "plan.yaml:1:1: expected a team plan"),
    ],
)
def test_plan_keys_and_types_are_strict(
    text: str,
    problem: str,
    run_cli: RunCli,
    write: Write,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(text, "plan.yaml")
    monkeypatch.chdir(tmp_path)
    result = run_cli("team", CANDIDATES, "--plan", "plan.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(problem), result.stderr


PANEL = """\
rubric: five-core-skills
candidates:
  - name: Avery Marsh
    department: Marketing
    reviews:
      - rater: R1
        ratings: {empathy: 5, transparency: 5, responsiveness: 5, adaptability: 5, connectedness: 5}
      - rater: R2
        ratings: {empathy: 3, transparency: 3, responsiveness: 3, adaptability: 3, connectedness: 3}
  - name: Blake Ford
    department: Marketing
    ratings: {empathy: 3, transparency: 5, responsiveness: 5, adaptability: 5, connectedness: 5}
  - name: Casey Lund
    department: Customer Service
    ratings: {empathy: 3, transparency: 3, responsiveness: 3, adaptability: 3, connectedness: 3}
"""
PANEL_PLAN = """\
per_department: 0
departments: {Marketing: 1, Customer Service: 1}
cover: {rubric: five-core-skills, skills: [empathy], level: 4, people: 1}
"""


def test_a_panels_combined_rating_counts_for_coverage(run_cli: RunCli, write: Write) -> None:
    """five-core-skills weighs adaptability 1 and the other four 2 (Σw·(max-min) = 36).
    Avery's raters average 4 everywhere: 100·27/36 = 75, and empathy 4 holds the skill.
    Blake scores 100·32/36 = 88.89 but has empathy 3; Casey scores 100·18/36 = 50."""
    candidates = write(PANEL)
    plan = write(PANEL_PLAN, "plan.yaml")
    document = team_json(run_cli, str(candidates), "--plan", str(plan))
    assert seats(document) == {"Marketing": "Avery Marsh", "Customer Service": "Casey Lund"}
    assert document["total"] == 125.0
    assert document["without_cover"]["total"] == 138.89
    assert document["coverage"][0] == {
        "name": "Avery Marsh",
        "ratings": {"empathy": 4},
        "holds": ["empathy"],
    }
    assert document["bench"] == [
        {
            "seat": "Marketing",
            "name": "Blake Ford",
            "department": "Marketing",
            "score": 88.89,
            "drop": -13.89,
            "keeps_cover": False,
        }
    ]


def test_csv_input_builds_the_same_team_as_yaml(run_cli: RunCli) -> None:
    from_yaml = run_cli("team", CANDIDATES, "--plan", PLAN, "-f", "json", "--alternatives", "2")
    from_csv = run_cli(
        "team",
        str(EXAMPLES / "candidates.csv"),
        "--plan",
        PLAN,
        "-f",
        "json",
        "--alternatives",
        "2",
    )
    assert from_yaml.exit_code == from_csv.exit_code == 0
    assert from_yaml.stdout == from_csv.stdout


def _subprocess(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "smteam", *args], capture_output=True, env=env, check=False
    )


@pytest.mark.parametrize("fmt", list(TeamFormat))
def test_stdout_carries_only_smteams_output(fmt: TeamFormat) -> None:
    """HiGHS prints a banner on the C-level stdout when its first model is made; a real
    process (not the in-process runner) shows whether it leaks."""
    result = _subprocess("team", CANDIDATES, "--plan", PLAN, "-f", fmt.value)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "HiGHS" not in text and "HiGHS" not in result.stderr.decode("utf-8")
    if fmt is TeamFormat.CSV:
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0][:6] == ["seat", "role", "name", "department", "score", "drop"]
        assert {len(row) for row in rows} == {len(rows[0])}
        assert [row[2] for row in rows if row[1] == "member"][:2] == ["Ana Ruiz", "Yuki Tanaka"]
    elif fmt is TeamFormat.JSON:
        assert json.loads(text)["status"] == "optimal"
    else:
        assert text.startswith(("The best team", "### The best team"))


def test_two_runs_give_identical_output() -> None:
    first = _subprocess("team", CANDIDATES, "--plan", PLAN, "-f", "json", "--alternatives", "3")
    second = _subprocess("team", CANDIDATES, "--plan", PLAN, "-f", "json", "--alternatives", "3")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


def test_output_file_is_written_and_stdout_stays_empty(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "team.csv"
    result = run_cli("team", CANDIDATES, "--plan", PLAN, "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("seat,role,name,")
    refused = run_cli("team", CANDIDATES, "--plan", PLAN, "-o", PLAN, "-f", "csv")
    assert refused.exit_code == 2
    assert "is an input file" in refused.stderr


def test_plan_schema_accepts_the_example_and_the_starter(run_cli: RunCli, tmp_path: Path) -> None:
    import yaml

    result = run_cli("schema", "plan")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load((EXAMPLES / "team.yaml").read_text()), schema)
    written = run_cli("init", str(tmp_path), "--plan")
    assert written.exit_code == 0
    assert (tmp_path / "team.yaml").exists()
    jsonschema.validate(yaml.safe_load((tmp_path / "team.yaml").read_text()), schema)
    built = run_cli(
        "team", str(tmp_path / "candidates.yaml"), "--plan", str(tmp_path / "team.yaml")
    )
    assert built.exit_code == 0, built.stderr


def test_a_cover_level_off_the_scale_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("team", CANDIDATES, "--cover", "five-dispersed-skills", "--cover-level", "7")
    assert result.exit_code == 2
    assert "--cover-level 7: expected a rating from 1 to 5" in result.stderr


def test_rank_never_loads_the_solver() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from smteam.cli import app\n"
        f"result = CliRunner().invoke(app, ['rank', {CANDIDATES!r}, '-f', 'csv'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('highspy' in sys.modules, 'numpy' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=env, check=False, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "False False\n"


def test_validate_knows_a_plan_and_rank_refuses_one(run_cli: RunCli) -> None:
    checked = run_cli("validate", PLAN)
    assert checked.exit_code == 0
    assert checked.stdout == f"OK {PLAN} (team plan, 8 seats)\n"
    ranked = run_cli("rank", PLAN)
    assert ranked.exit_code == 1
    assert ranked.stderr.startswith(f"{PLAN}: this is a team plan, not a candidates file")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--per-department", "0"], "smteam: no seats to fill: every department is left out"),
        (["--robust"], "smteam: --robust needs a coverage to keep"),
        (["-f", "jsonl"], "Invalid value for '--format' / '-f'"),
    ],
)
def test_team_usage_errors(args: list[str], message: str, run_cli: RunCli) -> None:
    result = run_cli("team", CANDIDATES, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_the_readme_shows_the_example_team_as_it_is(run_cli: RunCli) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ smteam team examples/candidates.yaml --plan examples/team.yaml -f text\n"
    start = readme.index(command) + len(command)
    shown = readme[start : readme.index("```\n", start)]
    result = run_cli("team", CANDIDATES, "--plan", PLAN, "-f", "text")
    assert result.exit_code == 0
    assert result.stdout == shown


def test_a_lead_is_scored_on_the_lead_rubric(run_cli: RunCli, write: Write) -> None:
    """examples/panel.yaml is rated on five-core-skills only, so nobody can lead on
    nine-leader-qualities: unrated with --missing error, and loves-the-mission (a must-have
    of 3) is missed under every policy. In examples/candidates.yaml, Ana Ruiz and Priya Nair
    share the best nine-leader-qualities score (both rank 1 there); Ana comes first."""
    plan = write("per_department: 0\nlead:\n  rubric: nine-leader-qualities\n", "plan.yaml")
    panel = str(EXAMPLES / "panel.yaml")
    for missing in ("error", "skip", "min"):
        result = run_cli("team", panel, "--plan", str(plan), "--missing", missing, "-f", "text")
        assert result.exit_code == 3
        reason = "smteam: no eligible candidate for Lead (on nine-leader-qualities)\n"
        assert reason in result.stderr
    document = team_json(run_cli, CANDIDATES, "--plan", str(plan), "--bench", "1")
    assert [(s["seat"], s["name"], s["rubric"]) for s in document["seats"]] == [
        ("Lead", "Ana Ruiz", "nine-leader-qualities")
    ]
    assert [(b["name"], b["drop"]) for b in document["bench"]] == [("Priya Nair", 0.0)]


def test_quiet_prints_nothing_and_excel_adds_a_bom(run_cli: RunCli, tmp_path: Path) -> None:
    quiet = run_cli("team", CANDIDATES, "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    excel = run_cli("team", CANDIDATES, "-f", "csv", "--excel")
    assert excel.stdout_bytes.startswith(b"\xef\xbb\xbfseat,role,name,")
