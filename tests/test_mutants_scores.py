"""Scores' details a user reads, found by mutmut on scoring/scores.py: a panel candidate's
notes per trait (the candidate's own, then each rater's, none where nobody wrote one), an
unrated trait's empty cell in a CSV export, a plain candidate rated with labels and numbers
together, scores exactly halfway between two tenths, which round up, and a panel's mean
that rounds to a whole number at two decimals, shown without a decimal point; every
must-have checked, not only those up to the first one met.

The rubric is tiny: scale 1 to 5, traits reach, voice, pace.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

import smteam
from tests.conftest import TINY, RunCli

Write = Callable[..., Path]

PANEL = """\
rubric: tiny.yaml
candidates:
  - name: Ana
    department: PR
    notes: {reach: "Runs the team blog"}
    reviews:
      - rater: Amy
        ratings: {reach: 4, voice: 3, pace: 3}
        notes: {reach: "Grew the list"}
      - rater: Bea
        ratings: {reach: 2, voice: 3, pace: 3}
        notes: {pace: "Slow to reply"}
  - name: Ben
    department: PR
    reviews:
      - rater: Amy
        ratings: {reach: 3, voice: 3, pace: 3}
        notes: {voice: "Clear"}
"""


@pytest.mark.parametrize(
    ("name", "notes"),
    [
        # The candidate's own note first, then each rater's, named; nothing on voice: None.
        ("Ana", ("Runs the team blog\nAmy: Grew the list", None, "Bea: Slow to reply")),
        ("Ben", (None, "Amy: Clear", None)),
    ],
)
def test_a_panel_candidates_notes_per_trait(
    name: str, notes: tuple[str | None, ...], write: Write
) -> None:
    write(TINY, "tiny.yaml")
    ranking = smteam.rank(smteam.load_candidates(write(PANEL)))
    (evaluation,) = [e.evaluation for e in ranking.entries if e.evaluation.name == name]
    assert tuple(evaluation.note(i) for i in range(3)) == notes


def test_an_unrated_trait_has_an_empty_cell_in_a_csv_export(run_cli: RunCli, write: Write) -> None:
    write(TINY, "tiny.yaml")
    path = write(
        "rubric: tiny.yaml\ncandidates:\n"
        "  - {name: Kim, department: PR, ratings: {reach: 5, voice: 3}}\n"
    )
    result = run_cli("rank", str(path), "--missing", "skip", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    # pace left out of both sums: (1 * 4 + 3 * 2) / ((1 + 3) * 4) = 10 / 16.
    assert (row["Reach"], row["Voice"], row["Pace"], row["score"]) == ("5", "3", "", "62.5")


LABELLED = TINY.replace("max: 5}", "max: 5, labels: {1: none, 3: solid, 5: top}}")


def test_labels_and_numbers_together_in_plain_ratings(write: Write) -> None:
    write(LABELLED, "tiny.yaml")
    path = write(
        "rubric: tiny.yaml\ncandidates:\n"
        "  - {name: Kim, department: PR, ratings: {reach: top, voice: 3, pace: Solid}}\n"
    )
    (entry,) = smteam.rank(smteam.load_candidates(path)).entries
    # top = 5, Solid = 3: (1 * 4 + 3 * 2 + 2 * 2) / (6 * 4) = 14 / 24, 58 1/3.
    assert entry.evaluation.ratings == (5, 3, 3)
    assert entry.evaluation.exact_score == Fraction(175, 3)


# Two traits of weight 1 on a scale 0 to 8: a score is 100 * (a + b) / 16 = 6.25 * (a + b).
HALVES = """\
name: halves
title: Halves
scale: {min: 0, max: 8}
traits:
  - {id: one, label: One, weight: 1}
  - {id: two, label: Two, weight: 1}
"""


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [(1, 0, "6.3"), (3, 0, "18.8"), (5, 0, "31.3"), (2, 0, "12.5")],
)
def test_a_score_halfway_between_tenths_rounds_up(
    a: int, b: int, shown: str, run_cli: RunCli, write: Write
) -> None:
    # 6.25, 18.75 and 31.25 are exact in binary: half up gives 6.3, 18.8 and 31.3 where
    # rounding half to even would give 6.2, 18.8 and 31.2.
    write(HALVES, "halves.yaml")
    path = write(
        "rubric: halves.yaml\ncandidates:\n"
        f"  - {{name: Kim, department: PR, ratings: {{one: {a}, two: {b}}}}}\n"
    )
    exported = run_cli("rank", str(path), "-f", "csv")
    assert exported.exit_code == 0, exported.stderr
    (row,) = csv.DictReader(io.StringIO(exported.stdout))
    assert row["score"] == shown
    # --fail-under compares the score as shown: it meets its own shown score.
    assert run_cli("rank", str(path), "--fail-under", shown).exit_code == 0


def test_a_mean_that_rounds_to_a_whole_number_is_shown_without_decimals(
    run_cli: RunCli, write: Write
) -> None:
    # 201 raters: 200 rate reach 4, one rates it 3. The mean 803/201 = 3.99502... is 4.00 at
    # two decimals, shown as 4.
    write(TINY, "tiny.yaml")
    cards = "".join(
        f"      - {{rater: R{j}, ratings: {{reach: {3 if j == 0 else 4}, voice: 3, pace: 3}}}}\n"
        for j in range(201)
    )
    path = write(
        "rubric: tiny.yaml\ncandidates:\n  - name: Kim\n    department: PR\n    reviews:\n" + cards
    )
    exported = run_cli("rank", str(path), "-f", "csv")
    assert exported.exit_code == 0, exported.stderr
    (row,) = csv.DictReader(io.StringIO(exported.stdout))
    assert (row["Reach"], row["Voice"], row["Pace"]) == ("4", "3", "3")


MUST_HAVES = TINY.replace("weight: 1}", "weight: 1, minimum: 3}").replace(
    "weight: 2}", "weight: 2, minimum: 3}"
)


@pytest.mark.parametrize(
    ("ratings", "reasons"),
    [
        ("{reach: 5, voice: 3, pace: 2}", ("pace 2 < 3",)),
        ("{reach: 2, voice: 3, pace: 5}", ("reach 2 < 3",)),
        ("{reach: 1, voice: 3, pace: 1}", ("reach 1 < 3", "pace 1 < 3")),
        ("{reach: 3, voice: 1, pace: 3}", ()),
    ],
    ids=["second-missed", "first-missed", "both-missed", "both-met"],
)
def test_every_must_have_is_checked(ratings: str, reasons: tuple[str, ...], write: Write) -> None:
    write(MUST_HAVES, "tiny.yaml")
    path = write(
        f"rubric: tiny.yaml\ncandidates:\n  - {{name: Kim, department: PR, ratings: {ratings}}}\n"
    )
    (entry,) = smteam.rank(smteam.load_candidates(path)).entries
    assert (entry.rank, entry.evaluation.eligible, entry.evaluation.reasons) == (
        None if reasons else 1,
        not reasons,
        reasons,
    )
