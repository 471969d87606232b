"""Trait labels where people read trait ids before (issue 13, point 6): CSV headers of rank,
team and stability columns, with ``label (id)`` where a label would name two columns. JSON
keeps ids as keys and adds the labels."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from smteam.formats.columns import trait_headers
from tests.conftest import EXAMPLES, RunCli

Write = Callable[..., Path]


@pytest.mark.parametrize(
    ("traits", "taken", "expected"),
    [
        ([("a", "Reach"), ("b", "Voice")], [], ["Reach", "Voice"]),
        # the same label twice, ignoring case: both fall back, so neither is mistaken
        ([("a", "Voice"), ("b", "voice"), ("c", "Pace")], [], ["Voice (a)", "voice (b)", "Pace"]),
        # a label that is another column's name, ignoring case
        ([("score", "Score"), ("b", "Reach")], ["rank", "score"], ["Score (score)", "Reach"]),
        # a fallback that meets another trait's label makes that one fall back too
        (
            [("x", "A"), ("y", "A"), ("z", "A (x)")],
            [],
            ["A (x)", "A (y)", "A (x) (z)"],
        ),
    ],
)
def test_trait_headers_are_labels_unless_a_label_names_two_columns(
    traits: list[tuple[str, str]], taken: list[str], expected: list[str]
) -> None:
    assert trait_headers(traits, taken) == expected


RUBRIC = """\
name: clash
title: Clashing labels
scale: {min: 1, max: 5}
traits:
  - {id: warmth, label: Warmth, weight: 1}
  - {id: care, label: warmth, weight: 1}
  - {id: pace, label: Coverage, weight: 1}
  - {id: voice, label: Voice, weight: 1}
"""
CANDIDATES = """\
rubric: rubric.yaml
candidates:
  - name: Ana Ruiz
    department: PR
    ratings: {warmth: 5, care: 4, pace: 3, voice: 2}
    notes: {care: "Kind", voice: "Clear"}
"""


def test_rank_csv_heads_traits_by_label(write: Write, run_cli: RunCli) -> None:
    write(RUBRIC, "rubric.yaml")
    result = run_cli("rank", str(write(CANDIDATES)), "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    [header, row] = list(csv.reader(io.StringIO(result.stdout_bytes.decode(), newline="")))
    assert header == [
        *("rank", "name", "department", "score", "eligible", "raters", "recommendations"),
        "disagreements",
        *("Warmth (warmth)", "warmth (care)", "Coverage (pace)", "Voice"),
        "coverage",
        "reasons",
        "notes.warmth (care)",
        "notes.Voice",
    ]
    assert row[8:12] == ["5", "4", "3", "2"]
    assert row[-2:] == ["Kind", "Clear"]


def test_json_keeps_ids_and_adds_the_labels(write: Write, run_cli: RunCli) -> None:
    write(RUBRIC, "rubric.yaml")
    document = json.loads(run_cli("rank", str(write(CANDIDATES)), "-f", "json").stdout)
    assert document["rubric"]["labels"] == {
        "warmth": "Warmth",
        "care": "warmth",
        "pace": "Coverage",
        "voice": "Voice",
    }
    assert list(document["candidates"][0]["ratings"]) == ["warmth", "care", "pace", "voice"]


def test_rank_csv_reasons_keep_ids_as_data(run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode(), newline="")))
    tom = next(row for row in rows if row["name"] == "Tom Becker")
    assert tom["reasons"] == "loves-the-mission 2 < 3"
    assert tom["Loves the organisation and its mission"] == "2"


def test_team_csv_heads_skills_by_label(run_cli: RunCli) -> None:
    result = run_cli("team", str(EXAMPLES / "candidates.yaml"), "-f", "csv")
    header = result.stdout_bytes.decode().split("\r\n", 1)[0]
    assert header == (
        "seat,role,name,department,score,drop,Brand identity and values,Success metrics,"
        "Listening,Internal wiring and story harvesting,Engagement"
    )


def test_stability_csv_and_caption_name_traits_by_label(run_cli: RunCli) -> None:
    panel = str(EXAMPLES / "panel.yaml")
    result = run_cli("rank", panel, "--stability", "--samples", "20", "-f", "csv")
    header = result.stdout_bytes.decode().split("\r\n", 1)[0].split(",")
    assert header[-5:] == [
        "central.Empathy",
        "central.Transparency",
        "central.Responsiveness and bias toward action",
        "central.Adaptability (ninja skills)",
        "central.Connectedness",
    ]
    text = run_cli("rank", panel, "--stability", "--samples", "20", "-f", "text").stdout
    assert "Ana Ruiz: Empathy 0." in text
    assert "Adaptability (ninja skills) 0." in text


def test_team_and_coverage_tables_name_skills_by_label(run_cli: RunCli) -> None:
    candidates = str(EXAMPLES / "candidates.yaml")
    team = run_cli("team", candidates, "--plan", str(EXAMPLES / "team.yaml"), "-f", "text")
    matrix = next(line for line in team.stdout.splitlines() if line.startswith("Member "))
    assert re.split(r"\s{2,}", matrix)[1:] == [
        "Brand identity and values",
        "Success metrics",
        "Listening",
        "Internal wiring and story harvesting",
        "Engagement",
    ]
    coverage = run_cli("coverage", candidates, "-f", "text").stdout.splitlines()
    assert any(line.startswith("Internal wiring and story harvesting   2") for line in coverage)
    assert not any(line.startswith("story-harvesting") for line in coverage)


def test_the_report_names_a_missed_must_have_by_label(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "shortlist.html"
    result = run_cli("report", str(EXAMPLES / "candidates.yaml"), "-o", str(page))
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "Loves the organisation and its mission 2 &lt; 3" in html
    assert "loves-the-mission 2" not in html


def test_reliability_rows_are_labelled_and_json_keeps_the_id(run_cli: RunCli) -> None:
    panel = str(EXAMPLES / "panel.yaml")
    result = run_cli("raters", panel, "--reliability", "-f", "json")
    rows = json.loads(result.stdout)["reliability"]
    assert [(row["trait"], row["label"]) for row in rows] == [
        ("empathy", "Empathy"),
        ("transparency", "Transparency"),
        ("responsiveness", "Responsiveness and bias toward action"),
        ("adaptability", "Adaptability (ninja skills)"),
        ("connectedness", "Connectedness"),
        ("overall", "overall"),
    ]
