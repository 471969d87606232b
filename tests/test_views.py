"""Issue 13, points 8 and 6: ``explain``, ``raters``, ``rubrics`` and ``rubrics show`` in
table, text, Markdown and JSON, plain text when not on a terminal, trait labels where ids
were, a short ``rubrics show``, and a candidates file named as a rubric called one.

Expected outputs are written out by hand from the tiny rubrics below (their sums are in the
comments), never taken from the code under test."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, RunCli
from tests.test_boundaries import plain, tiny_file
from tests.test_text_hygiene import github_html, outside_code

Write = Callable[..., Path]
PANEL = str(EXAMPLES / "panel.yaml")
BOXES = re.compile("[─━│┃┏┓┗┛┡┩╇╈┳┻┼├┤]")
FORMATS = ["table", "text", "markdown", "json"]

# Scale 1 to 5; weights 1 and 3 of 4: 25.0% and 75.0%.
SMALL = """\
name: small
title: Small
description: A tiny rubric.
scale: {min: 1, max: 5, labels: {1: poor, 5: great}}
traits:
  - {id: reach, label: Reach people, weight: 1, group: audience}
  - id: voice
    label: Voice
    weight: 3
    minimum: 2
    group: [audience, craft]
    description: How they write.
    source: article 000
"""


def _on_a_terminal(*args: str) -> str:
    """What ``smteam ARGS`` prints to a terminal 80 columns wide (a pseudo-terminal)."""
    master, slave = os.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "80", "NO_COLOR": "1"}
    with subprocess.Popen(
        [sys.executable, "-m", "smteam", *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=REPO,
    ) as process:
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the program has ended and closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


# --- point 8: a table on a terminal, plain text anywhere else -------------------------------

COMMANDS = [
    ["explain", "examples/panel.yaml", "Tom Becker"],
    ["raters", "examples/panel.yaml"],
    ["rubrics"],
    ["rubrics", "show", "five-core-skills"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_pipe_gets_plain_text_and_a_terminal_a_table(
    args: list[str], run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    piped = run_cli(*args)  # CliRunner's output is not a terminal
    assert piped.exit_code == 0, piped.stderr
    assert BOXES.search(piped.stdout) is None
    assert piped.stdout == run_cli(*args, "--format", "text").stdout
    shown = _on_a_terminal(*args)
    assert "─" in shown  # the rule under a table's header
    assert shown == run_cli(*args, "-f", "table", env={"COLUMNS": "80"}).stdout


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_view_takes_every_format(
    args: list[str], fmt: str, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli(*args, "-f", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    if fmt == "json":
        assert isinstance(json.loads(result.stdout), dict)
    if fmt in ("text", "markdown"):
        assert BOXES.search(result.stdout) is None
        assert "\x1b" not in result.stdout
    if fmt == "markdown":
        assert "\n| --- |" in result.stdout


def test_explain_as_text(run_cli: RunCli, write: Write) -> None:
    # Ana: reach 5, voice 3, pace 4 -> 100 × (1·4 + 3·2 + 2·3) / 24: 16.67 + 25 + 25 = 66.67;
    # shown 16.7, 25.0, 25.0 (66.7). Lost: 0, 100 × 3·2 / 24 = 25, 100 × 2·1 / 24 = 8.33.
    # Bob, 4, 4, 4, scores 75 and ranks first. Strengths: above Ana's lowest (3), by rating:
    # Reach (5), Pace (4); the gap left is Voice.
    path = tiny_file(write, plain("Ana", 5, 3, 4) + plain("Bob", 4, 4, 4))
    result = run_cli("explain", str(path), "Ana")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Ana (PR): rank 2 of 2 eligible, score 66.7\n"
        "\n"
        "Trait  Weight  Rating  Points  Lost\n"
        "Reach   16.7%       5    16.7   0.0\n"
        "Voice   50.0%       3    25.0  25.0\n"
        "Pace    33.3%       4    25.0   8.3\n"
        "-----------------------------------\n"
        "score    100%            66.7  33.3\n"
        "\n"
        "Strengths: Reach, Pace\n"
        "Gaps (points below the top of the scale): Voice 25.0\n"
    )


def test_explain_as_markdown(run_cli: RunCli, write: Write) -> None:
    path = tiny_file(write, plain("Ana", 5, 3, 4) + plain("Bob", 4, 4, 4))
    result = run_cli("explain", str(path), "Ana", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "### Ana (PR): rank 2 of 2 eligible, score 66.7\n"
        "\n"
        "| Trait | Weight | Rating | Points | Lost |\n"
        "| --- | ---: | ---: | ---: | ---: |\n"
        "| Reach | 16.7% | 5 | 16.7 | 0.0 |\n"
        "| Voice | 50.0% | 3 | 25.0 | 25.0 |\n"
        "| Pace | 33.3% | 4 | 25.0 | 8.3 |\n"
        "| score | 100% |  | 66.7 | 33.3 |\n"
        "\n"
        "Strengths: Reach, Pace\n"
        "\n"
        "Gaps (points below the top of the scale): Voice 25.0\n"
    )


def test_explains_json_is_unchanged_by_the_labels(run_cli: RunCli, write: Write) -> None:
    path = tiny_file(write, plain("Ana", 5, 3, 4) + plain("Bob", 4, 4, 4))
    document = json.loads(run_cli("explain", str(path), "Ana", "-f", "json").stdout)
    assert [(t["id"], t["label"]) for t in document["traits"]] == [
        ("reach", "Reach"),
        ("voice", "Voice"),
        ("pace", "Pace"),
    ]
    assert (document["strengths"], document["gaps"]) == (["reach", "pace"], ["voice"])


def test_rubric_as_text_short_and_with_descriptions(run_cli: RunCli, write: Write) -> None:
    path = write(SMALL, "small.yaml")
    short = run_cli("rubrics", "show", str(path))
    assert short.exit_code == 0, short.stderr
    table = (
        "Trait         Weight  Min  Groups\n"
        "Reach people   25.0%       audience\n"
        "Voice          75.0%    2  audience, craft\n"
        "\n"
        "Scale 1 to 5: 1 poor, 5 great. A candidate rated below a minimum is not eligible.\n"
    )
    assert short.stdout == "Small (small)\n\n" + table
    long = run_cli("rubrics", "show", str(path), "--descriptions")
    assert long.stdout == (
        "Small (small)\n\nA tiny rubric.\n\n"
        + table
        + "\nReach people (reach)\n\nVoice (voice)\nHow they write.\nSource: article 000\n"
    )
    assert run_cli("rubrics", "show", str(path), "-d").stdout == long.stdout


def test_rubric_as_markdown_with_descriptions(run_cli: RunCli, write: Write) -> None:
    path = write(SMALL, "small.yaml")
    result = run_cli("rubrics", "show", str(path), "-d", "-f", "markdown")
    assert result.stdout == (
        "### Small (small)\n\n"
        "A tiny rubric.\n\n"
        "| Trait | Weight | Min | Groups |\n"
        "| --- | ---: | ---: | --- |\n"
        "| Reach people | 25.0% |  | audience |\n"
        "| Voice | 75.0% | 2 | audience, craft |\n\n"
        "Scale 1 to 5: 1 poor, 5 great. A candidate rated below a minimum is not eligible.\n\n"
        "**Reach people (reach)**\n\n"
        "**Voice (voice)**\n\n"
        "How they write.\n\n"
        "Source: article 000\n"
    )


def test_rubric_as_json_holds_everything(run_cli: RunCli, write: Write) -> None:
    path = write(SMALL, "small.yaml")
    document = json.loads(run_cli("rubrics", "show", str(path), "-f", "json").stdout)
    assert document == {
        "name": "small",
        "title": "Small",
        "description": "A tiny rubric.",
        "scale": {"min": 1, "max": 5, "labels": {"1": "poor", "5": "great"}},
        "groups": ["audience", "craft"],
        "traits": [
            {
                "id": "reach",
                "label": "Reach people",
                "weight": 1,
                "weight_percent": 25.0,
                "minimum": None,
                "groups": ["audience"],
                "description": "",
                "source": "",
            },
            {
                "id": "voice",
                "label": "Voice",
                "weight": 3,
                "weight_percent": 75.0,
                "minimum": 2,
                "groups": ["audience", "craft"],
                "description": "How they write.",
                "source": "article 000",
            },
        ],
    }


def test_the_rubrics_list_as_text_and_json(run_cli: RunCli) -> None:
    text = run_cli("rubrics").stdout.splitlines()
    assert text[:2] == [
        "Built-in rubrics",
        "Name                   Title" + " " * 52 + "Traits  Source",
    ]
    assert (
        text[2]
        == "five-core-skills       Five core social media skills" + " " * 33 + "5  article 002"
    )
    document = json.loads(run_cli("rubrics", "-f", "json").stdout)
    assert [(r["name"], r["traits"]) for r in document["rubrics"]] == [
        ("five-core-skills", 5),
        ("five-dispersed-skills", 5),
        ("nine-leader-qualities", 9),
        ("social-media-lead", 19),
        ("who-what-when", 3),
    ]
    assert document["rubrics"][3]["source"] == "articles 000, 002, 003, 004"


def test_the_lists_format_after_show_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("rubrics", "-f", "json", "show", "who-what-when")
    assert result.exit_code == 2
    assert result.stderr == (
        "smteam: --format goes after 'show': smteam rubrics show NAME --format json\n"
    )


def test_raters_as_text_with_reliability(run_cli: RunCli) -> None:
    result = run_cli("raters", PANEL, "--reliability", "-f", "text")
    lines = result.stdout.splitlines()
    # The README's numbers, as plain columns: calibration, a blank line, its caption, a blank
    # line, then the reliability.
    assert lines[:5] == [
        "Rater calibration",
        "Rater         Scorecards  Ratings  Mean  Offset  Compared   Outlier",
        "Grace Okafor           7       35  3.83   -0.03        35  11 of 27",
        "Maya Chen              7       35  3.86   +0.00        35   2 of 27",
        "Omar Haddad            6       27  3.85   +0.04        27   8 of 27",
    ]
    assert lines[5] == "" and lines[6].startswith("Panel mean rating 3.85. Offset:")
    assert lines[7:10] == [
        "",
        "Rater reliability",
        "Trait                                  Candidates  Raters  Missing  Alpha  Reading",
    ]
    # Traits by the rubric's label (point 6); the overall score has none.
    connectedness = "Connectedness" + " " * 35 + "7       3        1   0.37  not to be relied on"
    overall = "overall" + " " * 41 + "7       3        4   0.48  not to be relied on"
    assert connectedness in lines
    assert overall in lines


# --- point 6: labels, not ids ---------------------------------------------------------------


def test_explain_names_traits_by_their_labels(run_cli: RunCli) -> None:
    result = run_cli("explain", PANEL, "Tom Becker")
    lines = result.stdout.splitlines()
    assert any(line.startswith("Responsiveness and bias toward action   22.2%") for line in lines)
    assert (
        "Strengths: Connectedness, Adaptability (ninja skills), Responsiveness and bias "
        "toward action" in lines
    )
    assert "Note on Empathy, Maya Chen: Talked over the customer twice in the role play" in lines
    assert not any(line.startswith(("responsiveness", "adaptability")) for line in lines)


def test_rubrics_show_names_traits_by_their_labels(run_cli: RunCli) -> None:
    result = run_cli("rubrics", "show", "social-media-lead")
    assert "Believes in the transformative power of social media" in result.stdout
    assert "believes-in-social" not in result.stdout  # ids only with --descriptions
    long = run_cli("rubrics", "show", "social-media-lead", "--descriptions").stdout
    assert "Believes in the transformative power of social media (believes-in-social)" in long


def test_a_narrow_terminal_wraps_labels_between_words_and_keeps_every_column(
    run_cli: RunCli,
) -> None:
    result = run_cli(
        "explain", str(EXAMPLES / "candidates.yaml"), "Ana Ruiz", "-f", "table",
        env={"COLUMNS": "80"},
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    header = next(line for line in lines if line.lstrip().startswith("Trait"))
    assert header.split() == ["Trait", "Weight", "Rating", "Points", "Lost", "Min"]
    table = "\n".join(lines[: lines.index(next(x for x in lines if x.startswith("Strengths")))])
    words = "Believes in the transformative power of social media".split()
    assert all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", table) for w in words)


# --- rubrics show social-media-lead: short by default -----------------------------------------


def test_the_composite_rubric_is_a_line_per_trait(run_cli: RunCli) -> None:
    text = run_cli("rubrics", "show", "social-media-lead").stdout.splitlines()
    # title, blank, header, 19 traits, blank, scale
    assert len(text) == 24
    assert text[3] == (
        "Brand identity and values                               5.3%       "
        "who-what-when, dispersed-skills"
    )
    table = run_cli("rubrics", "show", "social-media-lead", "-f", "table", env={"COLUMNS": "80"})
    assert len(table.stdout.splitlines()) <= 40  # it was 821


# --- a candidates file given as a rubric -----------------------------------------------------


@pytest.mark.parametrize("name", ["candidates.yaml", "candidates.csv", "panel.yaml"])
def test_a_candidates_file_shown_as_a_rubric_is_called_one(name: str, run_cli: RunCli) -> None:
    path = EXAMPLES / name
    result = run_cli("rubrics", "show", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}: this is a candidates file, not a rubric; rank it with smteam rank {path}\n"
    )
    ranked = run_cli("rank", str(path), "--rubric", str(path))
    assert ranked.exit_code == 1
    assert ranked.stderr.splitlines()[0] == result.stderr.rstrip("\n")


# --- Markdown: nothing becomes a link, a mention or a column ---------------------------------


def test_explain_markdown_sets_links_and_mentions_as_code(run_cli: RunCli, write: Write) -> None:
    rubric = (
        "name: tiny\ntitle: Tiny\nscale: {min: 1, max: 5}\ntraits:\n"
        '  - {id: reach, label: "Reach | www.reach.example", weight: 1}\n'
        "  - {id: voice, label: Voice, weight: 3}\n  - {id: pace, label: Pace, weight: 2}\n"
    )
    panel = (
        "  - name: Ana\n    department: PR\n    reviews:\n"
        '      - rater: "@maya"\n        ratings: {reach: 5, voice: 3, pace: 4}\n'
        '        notes: {voice: "see https://x.example or mail kim@example.com"}\n'
        "      - rater: Joe\n        ratings: {reach: 4, voice: 3, pace: 4}\n"
    )
    path = tiny_file(write, panel, rubric=rubric)
    markdown = run_cli("explain", str(path), "Ana", "-f", "markdown").stdout
    html = github_html(markdown)
    assert "<a " not in html
    assert "@" not in outside_code(html)
    body = re.search(r"<tbody>.*?</tbody>", html, flags=re.DOTALL)
    assert body is not None
    # Trait, Weight, @maya, Joe, Counts, Points, Lost in each of the four rows
    assert len(re.findall(r"<td[ >]", body.group())) == 4 * 7
    assert "<code>@maya</code>" in html
    assert "<code>kim@example.com</code>" in html


# --- the README quotes real output ------------------------------------------------------------


def _fenced(text: str) -> set[str]:
    """The README's fenced blocks, each as its lines joined."""
    blocks: set[str] = set()
    inside: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("```"):
            if inside is not None:
                blocks.add("\n".join(inside))
            inside = [] if inside is None else None
        elif inside is not None:
            inside.append(line)
    return blocks


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (["explain", "examples/panel.yaml", "Ana Ruiz"], None),
        (["rubrics", "show", "five-core-skills"], None),
        (["raters", "examples/panel.yaml", "--reliability", "-f", "table"], "100"),
    ],
    ids=["explain", "rubrics show", "raters"],
)
def test_the_readme_quotes_the_views_word_for_word(
    args: list[str], columns: str | None, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    result = run_cli(*args, env={"COLUMNS": columns} if columns else None)
    shown = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert shown in _fenced(readme)


def test_markdown_text_never_starts_a_heading_or_a_list(run_cli: RunCli, write: Write) -> None:
    rubric = SMALL.replace("A tiny rubric.", '"# Not a heading"').replace(
        "How they write.", '"1. not a list"'
    )
    path = write(rubric.replace("Reach people", '"- Reach"'), "small.yaml")
    markdown = run_cli("rubrics", "show", str(path), "-d", "-f", "markdown").stdout
    assert "\n\\# Not a heading\n" in markdown and "\n1\\. not a list\n" in markdown
    html = github_html(markdown)
    assert "<h1>" not in html and "<ol" not in html and "<ul" not in html
    assert "<p># Not a heading</p>" in html and "<p>1. not a list</p>" in html
