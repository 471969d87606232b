"""CSV export cells, end to end: the README's formula triggers in every kind of text cell, and
the coverage cell's one decimal. Expected cells are written out by hand."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.test_boundaries import tiny_file

Write = Callable[..., Path]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@"])
def test_a_name_and_a_department_starting_with_a_trigger_get_an_apostrophe(
    trigger: str, run_cli: RunCli, write: Write
) -> None:
    path = tiny_file(
        write,
        f'  - name: "{trigger}1 Ana"\n    department: "{trigger}PR"\n'
        "    ratings: {reach: 4, voice: 4, pace: 4}\n",
    )
    result = run_cli("rank", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    [row] = csv_rows(result.stdout)
    assert (row["name"], row["department"]) == (f"'{trigger}1 Ana", f"'{trigger}PR")


@pytest.mark.parametrize(
    ("written", "cell"),
    [
        ('"\\tTabbed in"', "'\tTabbed in"),
        ('"\\nA line first"', "'\nA line first"),
        ('"=1+1"', "'=1+1"),
        ('"Fine = fine"', "Fine = fine"),
    ],
)
def test_a_note_starting_with_a_trigger_gets_an_apostrophe(
    written: str, cell: str, run_cli: RunCli, write: Write
) -> None:
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    ratings: {reach: 4, voice: 4, pace: 4}\n"
        f"    notes: {{voice: {written}}}\n",
    )
    result = run_cli("rank", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    [row] = csv_rows(result.stdout)
    assert row["notes.Voice"] == cell  # the header names the trait by its label


def test_the_coverage_cell_has_one_decimal(run_cli: RunCli, write: Write) -> None:
    # With --missing skip: Ana rated reach (1) and voice (3) of a total weight 6: 4/6 = 66.7%;
    # Bob rated voice only: 3/6 = 50.0%; Cy rated everything: 100.0%.
    path = tiny_file(
        write,
        "  - name: Ana\n    department: PR\n    ratings: {reach: 5, voice: 5}\n"
        "  - name: Bob\n    department: PR\n    ratings: {voice: 3}\n"
        "  - name: Cy\n    department: PR\n    ratings: {reach: 2, voice: 2, pace: 2}\n",
    )
    result = run_cli("rank", str(path), "-f", "csv", "--missing", "skip")
    assert result.exit_code == 0, result.stderr
    # scores: Ana 100 × (4 + 12) / (4 × 4) = 100; Bob 100 × 6 / 12 = 50; Cy 100 × 6 / 24 = 25
    cells = [(row["name"], row["score"], row["coverage"]) for row in csv_rows(result.stdout)]
    assert cells == [("Ana", "100.0", "66.7"), ("Bob", "50.0", "50.0"), ("Cy", "25.0", "100.0")]
