"""The terminal table at every width (issue 13, point 5): it never breaks a word across lines
and never runs past the terminal's edge; what does not fit is left out, and the caption says
so. Also trait labels in the flags (point 6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import EXAMPLES, RunCli

Write = Callable[..., Path]
WIDTHS = [40, 60, 80, 100, 120, 200]

RUBRIC = """\
name: long-words
title: Long words
scale: {min: 1, max: 5}
traits:
  - {id: reach, label: Reach, weight: 1, minimum: 3}
  - {id: voice, label: Unmistakably-distinctive-brand-voice, weight: 1}
"""
CANDIDATES = """\
rubric: rubric.yaml
candidates:
  - name: Ana Ruiz
    department: Customer Service
    ratings: {reach: 2, voice: 5}
  - name: Kim Lee
    department: PR and Corporate Communications
    reviews:
      - {rater: Joe Park, ratings: {reach: 4, voice: 1}, recommendation: no_decision}
      - {rater: Tom Becker, ratings: {reach: 4, voice: 5}, recommendation: strong_yes}
"""

SHORT_NAMES = """\
rubric: rubric.yaml
candidates:
  - {name: Al, department: PR, ratings: {reach: 1, voice: 5}}
  - {name: Bo, department: PR, ratings: {reach: 5, voice: 5}}
"""

# The flags and tallies of each input, worked out by hand from the files.
CASES = {
    "candidates": (
        [str(EXAMPLES / "candidates.yaml"), "--missing", "skip"],
        ["Loves the organisation and its mission 2 < 3"],
        [],
    ),
    "panel": (
        [str(EXAMPLES / "panel.yaml")],
        ["raters disagree on Empathy", "raters disagree on Responsiveness and bias toward action"],
        ["2 strong yes, 1 yes", "2 yes, 1 no decision", "1 no decision, 2 no"],
    ),
    "long words": (
        ["candidates.yaml"],
        ["Reach 2 < 3", "raters disagree on Unmistakably-distinctive-brand-voice"],
        ["1 strong yes, 1 no decision"],
    ),
    # names shorter than their header, "Name"
    "short names": (["short.yaml"], ["Reach 1 < 3"], []),
}


def words(texts: list[str]) -> set[str]:
    return {word for text in texts for word in text.split() if len(word) > 2}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(CASES))
def test_no_word_is_split_and_no_line_runs_past_the_edge(
    case: str, width: int, run_cli: RunCli, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(RUBRIC, "rubric.yaml")
    write(SHORT_NAMES, "short.yaml")
    monkeypatch.chdir(write(CANDIDATES).parent)
    args, flags, tallies = CASES[case]
    result = run_cli("rank", *args, "-f", "table", env={"COLUMNS": str(width)})
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    tokens = set(result.stdout.split())
    header = next(line for line in lines if "Rank" in line)
    assert "Name" in header and "Score" in header
    caption = " ".join(result.stdout.split())
    if "Flags" in header:
        assert words(flags) <= tokens
    else:
        assert "Flags need" in caption
    if "Panel says" in header:
        assert words(tallies) <= tokens


@pytest.mark.parametrize(
    ("width", "shown", "left_out"),
    [
        (200, ["Department", "Raters", "Panel says", "Flags"], ""),
        (100, ["Raters", "Panel says", "Flags"], "Department needs a wider terminal"),
        # the score bar goes before the panel's tally: the score itself stays
        (80, ["Raters", "Panel says", "Flags"], "Department needs a wider terminal"),
        (60, ["Raters", "Flags"], "Department and Panel says need a wider terminal"),
        (40, [], "Department, Panel says, Raters and Flags need a wider terminal"),
    ],
)
def test_columns_go_least_needed_first_and_the_caption_names_them(
    width: int, shown: list[str], left_out: str, run_cli: RunCli
) -> None:
    result = run_cli(
        "rank", str(EXAMPLES / "panel.yaml"), "-f", "table", env={"COLUMNS": str(width)}
    )
    header = next(line for line in result.stdout.splitlines() if "Rank" in line)
    assert [
        column for column in ["Department", "Raters", "Panel says", "Flags"] if column in header
    ] == shown
    caption = " ".join(result.stdout.split())
    if left_out:
        assert f"{left_out} (or --format text)." in caption
    else:
        assert "wider terminal" not in caption


@pytest.mark.parametrize("fmt", ["table", "text", "markdown"])
def test_flags_name_traits_by_their_labels(fmt: str, run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "panel.yaml"), "-f", fmt)
    text = " ".join(result.stdout.split())
    assert "raters disagree on Responsiveness and bias toward action" in text
    assert "raters disagree on responsiveness" not in text
    candidates = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "-f", fmt).stdout
    assert "Loves the organisation and its mission 2 " in " ".join(candidates.split())
    assert "loves-the-mission" not in candidates


def test_a_terminal_without_a_width_gets_80_columns_and_whole_words(run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "panel.yaml"), "-f", "table", env={"COLUMNS": "0"})
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) == 80
    assert {"Responsiveness", "disagree", "decision"} <= set(result.stdout.split())
