"""Panel detail in exports (issue 13, point 12): the rank JSON carries each rater's scorecard
as data, and ``--per-rater`` writes CSV in long form, one row per candidate, rater and trait;
``--blind`` hides in them what it hides everywhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, RunCli

Write = Callable[..., Path]
PANEL = str(EXAMPLES / "panel.yaml")

RUBRIC = """\
name: two
title: Two traits
scale: {min: 1, max: 5, labels: {4: strong}}
traits:
  - {id: warmth, label: Warmth, weight: 1}
  - {id: speed, label: "Bias toward action", weight: 1}
"""

CANDIDATES = """\
rubric: rubric.yaml
candidates:
  - name: Kim Lee
    department: Marketing
    notes: {speed: "Seen by the whole panel"}
    reviews:
      - rater: Joe Park
        ratings: {warmth: 5, speed: strong}
        notes: {warmth: "=1+1 in the role play"}
        recommendation: strong_yes
      - rater: Ana Ruiz
        ratings: {warmth: 3}
  - name: Tom Becker
    department: Sales
    ratings: {warmth: 2, speed: 3}
    notes: {speed: "Slow to reply"}
"""


@pytest.fixture
def files(write: Write) -> Path:
    write(RUBRIC, "rubric.yaml")
    return write(CANDIDATES)


def rank_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    result = run_cli("rank", *args, "-f", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_json_has_each_raters_ratings_and_notes_as_data(files: Path, run_cli: RunCli) -> None:
    document = rank_json(run_cli, str(files))
    assert document["rubric"]["labels"] == {"warmth": "Warmth", "speed": "Bias toward action"}
    kim, tom = document["candidates"]
    assert kim["reviews"] == [
        {
            "rater": None,
            "recommendation": None,
            "ratings": {},
            "notes": {"speed": "Seen by the whole panel"},
        },
        {
            "rater": "Joe Park",
            "recommendation": "strong_yes",
            "ratings": {"warmth": 5, "speed": 4},
            "notes": {"warmth": "=1+1 in the role play"},
        },
        {"rater": "Ana Ruiz", "recommendation": None, "ratings": {"warmth": 3}, "notes": {}},
    ]
    # What was there before stays as it was: the combined rating and the joined notes.
    assert kim["ratings"] == {"warmth": 4, "speed": 4}
    assert kim["notes"] == {
        "warmth": "Joe Park: =1+1 in the role play",
        "speed": "Seen by the whole panel",
    }
    assert tom["reviews"] == []
    assert tom["notes"] == {"speed": "Slow to reply"}


def test_json_keeps_every_key_it_had_and_adds_reviews(run_cli: RunCli) -> None:
    document = rank_json(run_cli, PANEL)
    assert list(document) == ["rubric", "scale", "missing", "candidates", "not_shown"]
    assert list(document["rubric"]) == ["name", "title", "labels"]
    tom = next(c for c in document["candidates"] if c["name"] == "Tom Becker")
    assert list(tom) == [
        *("rank", "name", "department", "score", "eligible", "raters", "recommendations"),
        *("disagreements", "groups", "ratings", "coverage", "reasons", "notes", "reviews"),
    ]
    # examples/panel.yaml as written; Omar's "strong" is 4.
    assert [(r["rater"], r["recommendation"], r["ratings"]["empathy"]) for r in tom["reviews"]] == [
        ("Maya Chen", "no", 2),
        ("Omar Haddad", "yes", 4),
        ("Grace Okafor", "yes", 4),
    ]
    assert tom["reviews"][1]["notes"] == {
        "empathy": "Warm with the difficult caller once he slowed down"
    }


def test_json_lines_carry_the_reviews_too(files: Path, run_cli: RunCli) -> None:
    result = run_cli("rank", str(files), "-f", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(row["reviews"]) for row in rows] == [3, 0]


def test_blind_json_reviews_have_anonymous_raters_and_no_notes_or_calls(
    files: Path, run_cli: RunCli
) -> None:
    document = rank_json(run_cli, str(files), "--blind")
    kim = document["candidates"][0]
    assert kim["name"] == "C01"
    assert kim["reviews"] == [
        {"rater": "R1", "recommendation": None, "ratings": {"warmth": 5, "speed": 4}, "notes": {}},
        {"rater": "R2", "recommendation": None, "ratings": {"warmth": 3}, "notes": {}},
    ]
    text = json.dumps(document)
    for hidden in ("Joe Park", "Ana Ruiz", "strong_yes", "role play", "whole panel", "Slow"):
        assert hidden not in text


PER_RATER = (
    "rank,name,rater,recommendation,trait,label,rating,note\r\n"
    "1,Kim Lee,,,warmth,Warmth,,\r\n"
    "1,Kim Lee,,,speed,Bias toward action,,Seen by the whole panel\r\n"
    "1,Kim Lee,Joe Park,strong_yes,warmth,Warmth,5,'=1+1 in the role play\r\n"
    "1,Kim Lee,Joe Park,strong_yes,speed,Bias toward action,4,\r\n"
    "1,Kim Lee,Ana Ruiz,,warmth,Warmth,3,\r\n"
    "1,Kim Lee,Ana Ruiz,,speed,Bias toward action,,\r\n"
    "2,Tom Becker,,,warmth,Warmth,2,\r\n"
    "2,Tom Becker,,,speed,Bias toward action,3,Slow to reply\r\n"
)
BLIND_PER_RATER = (
    "rank,name,rater,recommendation,trait,label,rating,note\r\n"
    "1,C01,R1,,warmth,Warmth,5,\r\n"
    "1,C01,R1,,speed,Bias toward action,4,\r\n"
    "1,C01,R2,,warmth,Warmth,3,\r\n"
    "1,C01,R2,,speed,Bias toward action,,\r\n"
    "2,C02,,,warmth,Warmth,2,\r\n"
    "2,C02,,,speed,Bias toward action,3,\r\n"
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-f", "csv", "--per-rater"], PER_RATER),
        (["--per-rater", "-f", "csv", "--blind"], BLIND_PER_RATER),
        (["-f", "csv", "--per-rater", "--top", "1"], PER_RATER[: PER_RATER.index("2,Tom")]),
        (["-f", "csv", "--per-rater", "--excel"], "\ufeff" + PER_RATER),
    ],
)
def test_per_rater_csv_is_one_row_per_candidate_rater_and_trait(
    args: list[str], expected: str, files: Path, run_cli: RunCli
) -> None:
    result = run_cli("rank", str(files), *args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == expected.encode("utf-8")


def test_per_rater_csv_takes_its_format_from_the_output_name(
    files: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "panel.csv"
    result = run_cli("rank", str(files), "--per-rater", "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, "")
    assert out.read_bytes() == PER_RATER.encode("utf-8")


def test_per_rater_csv_of_the_example_panel_has_a_row_per_rater_and_trait(
    run_cli: RunCli,
) -> None:
    result = run_cli("rank", PANEL, "-f", "csv", "--per-rater")
    text = result.stdout_bytes.decode("utf-8")
    lines = text.split("\r\n")
    # 7 candidates, 20 scorecards (Priya Nair has 2), 5 traits: 100 rows and the header.
    assert len(lines) == 1 + 100 + 1 and lines[-1] == ""
    assert "2,Tom Becker,Omar Haddad,yes,empathy,Empathy,4,Warm with the difficult caller" in text
    assert "1,Ana Ruiz,Omar Haddad,yes,adaptability,Adaptability (ninja skills),,\r\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json"], "--per-rater is for CSV output only, and the format is json"),
        (["-f", "text"], "--per-rater is for CSV output only, and the format is text"),
        (["-o", "out.md"], "--per-rater is for CSV output only, and the format is markdown"),
        (
            ["-f", "csv", "--stability"],
            "--per-rater has one row per rater and trait, with no place for --stability's "
            "columns: give one or the other",
        ),
    ],
)
def test_per_rater_is_refused_where_it_would_be_ignored(
    args: list[str], message: str, files: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli("rank", str(files), "--per-rater", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert not (tmp_path / "out.md").exists()
