"""Panels: several raters per candidate, labels, disagreement, recommendations, explain,
blind ids and rater calibration."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smteam.api import RankOptions, blind, rank_inputs
from smteam.checking.models import Candidate, Rubric
from smteam.choices import Aggregate, MissingPolicy
from smteam.scoring.calibration import calibrate
from smteam.scoring.explain import explain
from smteam.scoring.ranking import rank_candidates
from smteam.scoring.scores import combine, evaluate, plan_scoring, tally_text
from tests.conftest import EXAMPLES, RunCli
from tests.test_scoring import make_rubric

PANEL = str(EXAMPLES / "panel.yaml")
Write = Callable[..., Path]
LABELLED = Rubric.model_validate(
    {
        "name": "r",
        "title": "R",
        "scale": {"min": 1, "max": 5, "labels": {1: "none", 3: "solid", 5: "Exceptional"}},
        "traits": [
            {"id": "t0", "label": "T0", "weight": 1},
            {"id": "t1", "label": "T1", "weight": 2, "minimum": 3},
        ],
    }
)


def panel(
    name: str, *cards: tuple[str, dict[str, Any]], recommendation: str | None = None
) -> Candidate:
    reviews = []
    for rater, ratings in cards:
        review: dict[str, Any] = {"rater": rater, "ratings": ratings}
        if recommendation:
            review["recommendation"] = recommendation
        reviews.append(review)
    return Candidate.model_validate({"name": name, "department": "PR", "reviews": reviews})


@pytest.mark.parametrize(
    ("values", "mean", "median"),
    [
        ([4], 4, 4),
        ([2, 4, 5], Fraction(11, 3), 4),
        ([3, 4], Fraction(7, 2), Fraction(7, 2)),
        ([1, 1, 5, 5], 3, 3),
        ([1, 2, 2, 5], Fraction(5, 2), 2),
    ],
)
def test_aggregation_by_hand(values: list[int], mean: Fraction, median: Fraction) -> None:
    assert combine(values, Aggregate.MEAN) == mean
    assert combine(values, Aggregate.MEDIAN) == median


def test_a_panel_score_by_hand() -> None:
    # t0: 2, 4, 5 -> mean 11/3, median 4; t1 (weight 2): 3, 5 -> 4 either way (one skipped it)
    candidate = panel("Ana", ("A", {"t0": 2, "t1": 3}), ("B", {"t0": 4, "t1": 5}), ("C", {"t0": 5}))
    mean = evaluate(candidate, plan_scoring(LABELLED))
    # 100 * (1 * (11/3 - 1) + 2 * (4 - 1)) / (3 * 4) = 100 * (26/3) / 12
    assert mean.exact_score == Fraction(100 * 26, 3 * 12)
    assert mean.score == 100 * 26 / (3 * 12)
    assert mean.ratings == (Fraction(11, 3), 4)
    assert mean.raters == 3
    median = evaluate(candidate, plan_scoring(LABELLED, aggregate=Aggregate.MEDIAN))
    assert median.exact_score == Fraction(100 * (3 + 6), 12)


@pytest.mark.parametrize(
    ("threshold", "flagged"), [(1, ("t0", "t1")), (2, ("t0",)), (3, ()), (4, ())]
)
def test_disagreement_threshold_edges(threshold: int, flagged: tuple[str, ...]) -> None:
    # t0 spreads 2 (3 and 5), t1 spreads 1 (4 and 5)
    candidate = panel("Ana", ("A", {"t0": 3, "t1": 4}), ("B", {"t0": 5, "t1": 5}))
    result = evaluate(candidate, plan_scoring(LABELLED, disagreement=threshold))
    assert result.spreads == (2, 1)
    assert result.disagreements == flagged


def test_a_single_rating_never_disagrees() -> None:
    result = evaluate(
        panel("Ana", ("A", {"t0": 1, "t1": 5})), plan_scoring(LABELLED, disagreement=1)
    )
    assert result.spreads == (None, None) and result.disagreements == ()


def test_labels_count_as_their_points_ignoring_case() -> None:
    candidate = panel("Ana", ("A", {"t0": "exceptional", "t1": " SOLID "}))
    assert evaluate(candidate, plan_scoring(LABELLED)).ratings == (5, 3)


def test_recommendations_are_tallied_beside_the_score_never_in_it() -> None:
    plain = panel("Ana", ("A", {"t0": 4, "t1": 4}), ("B", {"t0": 4, "t1": 4}))
    keen = panel(
        "Ana", ("A", {"t0": 4, "t1": 4}), ("B", {"t0": 4, "t1": 4}), recommendation="strong_yes"
    )
    plan = plan_scoring(LABELLED)
    assert evaluate(keen, plan).exact_score == evaluate(plain, plan).exact_score
    assert evaluate(keen, plan).recommendations == (("strong_yes", 2),)
    assert tally_text((("no", 1), ("strong_yes", 2), ("no_decision", 1))) == (
        "2 strong yes, 1 no decision, 1 no"
    )


PANEL_FILE = """\
rubric: rubric.yaml
candidates:
  - name: Ana Ruiz
    department: Marketing
    reviews:
      - rater: Joe Park
        ratings: {empathy: 5, writing: exceptional}
        recommendation: yes
      - rater: joe park
        ratings: {empathy: 4, writing: exceptionel}
        recommendation: on
      - rater: Kim Lee
        ratings: {empathy: 4}
        recommendation: maybe
  - name: Tom Becker
    department: Sales
    ratings: {empathy: 3, writing: 3}
    reviews:
      - rater: Kim Lee
        ratings: {empathy: 3}
  - name: Lena Weber
    department: Sales
    reviews:
      - rater: Kim Lee
        ratings: {empathy: 3}
"""
RUBRIC_FILE = """\
name: small
title: Small
scale: {min: 1, max: 5, labels: {1: none, 3: solid, 5: exceptional}}
traits:
  - {id: empathy, label: Empathy, weight: 1}
  - {id: writing, label: Writing, weight: 1}
"""


def test_panel_problems_have_lines(write: Write, run_cli: RunCli) -> None:
    write(RUBRIC_FILE, "rubric.yaml")
    path = write(PANEL_FILE)
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:9:16: candidates[0].reviews[1].rater: 'joe park' already reviewed this "
        "candidate; each rater gives one scorecard per candidate (first at line 6)",
        f"{path}:10:40: candidates[0].reviews[1].ratings.writing: expected a whole number from 1 "
        'to 5 or a label (none, solid, exceptional), found "exceptionel" (text); did you mean '
        "'exceptional'?",
        f"{path}:11:25: candidates[0].reviews[1].recommendation: expected one of strong_no, no, "
        "yes, strong_yes, no_decision, found on (a boolean in YAML 1.1)",  # "on" would not do
        f"{path}:14:25: candidates[0].reviews[2].recommendation: expected one of strong_no, no, "
        'yes, strong_yes, no_decision, found "maybe" (text)',
        f"{path}:18:5: candidates[1].reviews: give 'ratings' (one rater) or 'reviews' (a panel), "
        "not both",
        f"{path}:23:5: candidates[2].reviews: no rating by any rater for 1 of the 2 traits of "
        "rubric 'small': writing; rate them, or choose --missing skip or --missing min",
        f"FAILED {path} (6 errors)",
    ]


def test_unquoted_yes_and_no_are_read_as_the_words_written(write: Write, run_cli: RunCli) -> None:
    # YAML 1.1 reads them as booleans; smteam's loader sees the text, and here the word is meant.
    write(RUBRIC_FILE, "rubric.yaml")
    path = write(
        "rubric: rubric.yaml\ncandidates:\n  - name: Ana\n    department: PR\n    reviews:\n"
        "      - {rater: A, ratings: {empathy: 4, writing: 4}, recommendation: yes}\n"
        "      - {rater: B, ratings: {empathy: 4, writing: 4}, recommendation: no}\n"
        "      - {rater: C, ratings: {empathy: 4, writing: 4}, recommendation: 'yes'}\n"
    )
    document = json.loads(run_cli("rank", str(path), "-f", "json").stdout)
    assert document["candidates"][0]["recommendations"] == {"no": 1, "yes": 2}


def test_a_trait_nobody_rated_follows_the_missing_policy(write: Write, run_cli: RunCli) -> None:
    write(RUBRIC_FILE, "rubric.yaml")
    path = write(
        "rubric: rubric.yaml\ncandidates:\n  - name: Ana\n    department: PR\n    reviews:\n"
        "      - {rater: A, ratings: {empathy: 5}}\n      - {rater: B, ratings: {empathy: 3}}\n"
    )
    assert run_cli("rank", str(path)).exit_code == 1
    skipped = json.loads(run_cli("rank", str(path), "--missing", "skip", "-f", "json").stdout)
    assert skipped["candidates"][0]["score"] == 75.0
    assert skipped["candidates"][0]["coverage"] == 50.0


def test_the_example_panel_has_what_a_panel_needs() -> None:
    result = rank_inputs([PANEL], RankOptions())
    candidates = result.candidates
    assert len(candidates) >= 6
    raters = {card.rater for c in candidates for card in c.scorecards}
    assert len(raters) >= 3
    assert any(e.evaluation.disagreements for e in result.ranking.entries)
    traits = result.plan.rubric.trait_ids
    assert any(set(card.ratings) < set(traits) for c in candidates for card in c.scorecards)
    assert any(
        isinstance(v, str)
        for c in candidates
        for card in c.scorecards
        for v in card.ratings.values()
    )
    assert all(len(c.scorecards) >= 2 for c in candidates)


def test_exports_carry_the_panel_columns(run_cli: RunCli) -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli("rank", PANEL, "-f", "csv").stdout)))
    tom = next(r for r in rows if r["name"] == "Tom Becker")
    assert (tom["raters"], tom["recommendations"], tom["disagreements"]) == (
        "3",
        "2 yes, 1 no",
        "empathy",
    )
    document = json.loads(run_cli("rank", PANEL, "-f", "json").stdout)
    tom_json = next(c for c in document["candidates"] if c["name"] == "Tom Becker")
    assert tom_json["raters"] == 3
    assert tom_json["recommendations"] == {"no": 1, "yes": 2}
    assert tom_json["disagreements"] == ["empathy"]
    assert tom_json["ratings"]["empathy"] == 3.33
    markdown = run_cli("rank", PANEL, "-f", "markdown").stdout
    assert "| Raters | Score | Panel says |" in markdown
    text = run_cli("rank", PANEL).stdout
    assert "raters disagree on Empathy" in text


@pytest.mark.parametrize("path", [PANEL, str(EXAMPLES / "candidates.yaml")])
@pytest.mark.parametrize("missing", list(MissingPolicy))
def test_explained_points_add_up_to_the_score_exactly(path: str, missing: MissingPolicy) -> None:
    result = rank_inputs([path], RankOptions(missing=missing))
    for candidate in result.candidates:
        explanation = explain(candidate, result.ranking, result.plan)
        assert sum(p.points for p in explanation.parts) == explanation.evaluation.exact_score
        assert sum(p.points + p.lost for p in explanation.parts) == 100


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(["t0", "t1", "t2"]), st.integers(0, 10), min_size=1),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(list(MissingPolicy)),
)
def test_points_add_up_for_any_panel(cards: list[dict[str, int]], missing: MissingPolicy) -> None:
    rubric = make_rubric([0.5, 2, 3], low=0, high=10, minimums=[None, 4, None])
    candidate = panel("Ana", *((f"R{i}", ratings) for i, ratings in enumerate(cards)))
    plan = plan_scoring(rubric, missing=missing)
    ranking = rank_candidates([candidate], plan)
    explanation = explain(candidate, ranking, plan)
    assert sum(p.points for p in explanation.parts) == explanation.evaluation.exact_score


def test_leave_one_rater_out_ranks_by_hand() -> None:
    rubric = make_rubric([1])
    plan = plan_scoring(rubric)
    # Ana: 5, 5, 1 -> mean 11/3 -> 66.7; without C she has 5 (100), without A 3 (50)
    ana = panel("Ana", ("A", {"t0": 5}), ("B", {"t0": 5}), ("C", {"t0": 1}))
    others = [
        Candidate(name="Bo", department="PR", ratings={"t0": 4}),  # 75
        Candidate(name="Cy", department="PR", ratings={"t0": 3}),  # 50
    ]
    ranking = rank_candidates([ana, *others], plan)
    explanation = explain(ana, ranking, plan)
    assert explanation.rank == 2
    assert [(w.rater, w.score, w.rank) for w in explanation.without] == [
        ("A", Fraction(50), 2),  # 3 -> 50, ties with Cy, still behind Bo
        ("B", Fraction(50), 2),
        ("C", Fraction(100), 1),
    ]
    assert explanation.decided_by == ("C",)


def test_leaving_out_the_only_rater_of_a_must_have() -> None:
    rubric = make_rubric([1, 1], minimums=[None, 3])
    plan = plan_scoring(rubric)
    ana = panel("Ana", ("A", {"t0": 4, "t1": 4}), ("B", {"t0": 4}))
    explanation = explain(ana, rank_candidates([ana], plan), plan)
    without_a = explanation.without[0]
    assert without_a.unrated == ("t1",)
    assert (without_a.eligible, without_a.rank) == (False, None)
    assert explanation.decided_by == ("A",)


def test_explain_command(run_cli: RunCli) -> None:
    result = run_cli("explain", PANEL, "tom becker")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Tom Becker (Sales): rank 2 of 7 eligible, score 75.0\n")
    assert (
        "One rater decides the outcome: without Omar Haddad it would not be rank 2."
        in result.stdout
    )
    document = json.loads(run_cli("explain", PANEL, "Tom Becker", "-f", "json").stdout)
    assert document["rank"] == 2 and document["decided_by"] == ["Omar Haddad"]
    assert [w["rank"] for w in document["without"]] == [2, 4, 2]
    empathy = document["traits"][0]
    assert [r["rating"] for r in empathy["by_rater"]] == [2, 4, 4]
    assert empathy["spread"] == 2
    missing = run_cli("explain", PANEL, "Tom Beker")
    assert missing.exit_code == 2
    assert missing.stderr == "smteam: no candidate named 'Tom Beker'; did you mean 'Tom Becker'?\n"


def test_blind_ids_are_stable_and_follow_the_file_order(run_cli: RunCli) -> None:
    first = run_cli("rank", PANEL, "--blind", "-f", "json").stdout
    assert run_cli("rank", PANEL, "--blind", "-f", "json").stdout == first
    document = json.loads(first)
    names = [c["name"] for c in document["candidates"]]
    assert sorted(names) == [f"C{i:02d}" for i in range(1, 8)]
    assert names[:4] == ["C01", "C02", "C03", "C05"]  # the three tied at 75 listed by id
    assert {c["department"] for c in document["candidates"]} == {""}
    assert all(c["notes"] == {} for c in document["candidates"])
    real = json.loads(run_cli("rank", PANEL, "-f", "json").stdout)
    assert [c["score"] for c in real["candidates"]] == [c["score"] for c in document["candidates"]]
    explained = run_cli("explain", PANEL, "C02", "--blind")
    assert explained.exit_code == 0
    assert "Tom Becker" not in explained.stdout and "Maya Chen" not in explained.stdout
    assert explained.stdout.startswith("C02: rank 2 of 7 eligible")


def test_blind_ids_widen_for_many_candidates() -> None:
    people = [Candidate(name=f"P{i}", department="PR", ratings={"t0": 1}) for i in range(120)]
    assert [c.name for c in blind(people)][:2] == ["C001", "C002"]


def test_raters_calibration_by_hand() -> None:
    rubric = make_rubric([1, 1])
    ana = panel(
        "Ana",
        ("Harsh", {"t0": 1, "t1": 2}),
        ("Mid", {"t0": 3, "t1": 3}),
        ("Kind", {"t0": 4, "t1": 4}),
    )
    bo = panel("Bo", ("Harsh", {"t0": 2}), ("Kind", {"t0": 4}))
    result = calibrate([ana, bo], rubric)
    stats = {s.rater: s for s in result.raters}
    assert [s.rater for s in result.raters] == ["Harsh", "Kind", "Mid"]
    harsh = stats["Harsh"]
    assert (harsh.scorecards, harsh.ratings, harsh.mean) == (2, 3, Fraction(5, 3))
    # Ana t0: 1 vs mean(3, 4) = -5/2; Ana t1: 2 vs mean(3, 4) = -3/2; Bo t0: 2 vs 4 = -2
    assert harsh.offset == Fraction(-5 - 3 - 4, 2 * 3)
    assert harsh.compared == 3
    # Ana t0: distances Harsh 5/2, Mid 1/2, Kind 3/2 -> Harsh; t1: Harsh 3/2, Mid 0, Kind 3/2 -> tie
    assert (harsh.outlier, harsh.outlier_of) == (1, 2)
    assert (stats["Kind"].outlier, stats["Mid"].outlier) == (0, 0)
    # Ana t0: 4 vs mean(1, 3) = +2; Ana t1: 4 vs mean(2, 3) = +3/2; Bo t0: 4 vs 2 = +2
    assert stats["Kind"].offset == (2 + Fraction(3, 2) + 2) / 3
    assert result.panel_mean == Fraction(1 + 2 + 3 + 3 + 4 + 4 + 2 + 4, 8)


def test_raters_command(run_cli: RunCli, write: Write) -> None:
    result = run_cli("raters", PANEL)  # plain text, as anywhere but a terminal
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()[2:5]] == [
        "Grace",
        "Maya",
        "Omar",
    ]
    document = json.loads(run_cli("raters", PANEL, "-f", "json").stdout)
    assert [r["scorecards"] for r in document["raters"]] == [7, 7, 6]
    single = run_cli("raters", str(EXAMPLES / "candidates.yaml"))
    assert single.exit_code == 0
    assert single.stderr == "smteam: no candidate has reviews (a panel's scorecards) to compare\n"
    # A CI gate on the panel's reliability: no panel at all does not pass it.
    gated = run_cli("raters", str(EXAMPLES / "candidates.yaml"), "--fail-under-reliability", "0.5")
    assert (gated.exit_code, gated.stdout) == (3, "")
    assert gated.stderr == (
        "smteam: no candidate has reviews (a panel's scorecards) to compare\n"
        "smteam: the raters' reliability is below 0.5: it cannot be measured without reviews\n"
    )
