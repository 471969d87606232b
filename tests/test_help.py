"""``--help`` lists exactly the options the README gives each command, and the commands it has:
a table written out by hand from the README, so an option dropped, renamed or added without
documentation fails here."""

from __future__ import annotations

import re

import pytest

from tests.conftest import RunCli

HELP = {"-h", "--help"}
PANEL = {"--aggregate", "--disagreement", "--blind"}
READ = {"-r", "--rubric", "--missing", "--max-bytes"}

OPTIONS: dict[str, set[str]] = {
    "": {"--version", "--install-completion", "--show-completion", *HELP},
    "rank": {
        *HELP,
        *READ,
        *PANEL,
        "--strict",
        "-q",
        "--quiet",
        "-n",
        "--top",
        "--eligible-only",
        "-f",
        "--format",
        "-o",
        "--output",
        "--excel",
        "--per-rater",
        "--fail-under",
        "--min-eligible",
        "--stability",
        "--samples",
        "--spread",
        "--seed",
        "--rating-noise",
        "--fail-unstable",
        "--input-format",
    },
    "compare": {
        *HELP,
        *READ,
        "--aggregate",
        "-f",
        "--format",
        "-o",
        "--output",
        "--excel",
        "-q",
        "--quiet",
    },
    "validate": {*HELP, *READ, "--strict", "-q", "--quiet", "--input-format"},
    "explain": {*HELP, *READ, *PANEL, "-f", "--format"},
    "raters": {*HELP, *READ, "-f", "--format", "--reliability", "--fail-under-reliability"},
    "rubrics": {*HELP, "-f", "--format"},
    "rubrics show": {*HELP, "-f", "--format", "-d", "--descriptions", "--max-bytes"},
    "departments": HELP,
    "schema": HELP,
    "init": {*HELP, "--rubric-template", "--plan"},
    "team": {
        *HELP,
        "--plan",
        "-r",
        "--rubric",
        "--per-department",
        "--cover",
        "--cover-level",
        "--cover-people",
        "--robust",
        "--bench",
        "--alternatives",
        "-f",
        "--format",
        "-o",
        "--output",
        "--excel",
        "--missing",
        "--strict",
        "--aggregate",
        "-q",
        "--quiet",
        "--max-bytes",
    },
    "coverage": {
        *HELP,
        "-r",
        "--rubric",
        "--level",
        "--fail-under",
        "-f",
        "--format",
        "-o",
        "--output",
        "--excel",
        "--missing",
        "--strict",
        "--aggregate",
        "-q",
        "--quiet",
        "--max-bytes",
    },
    "report": {
        *HELP,
        *READ,
        *PANEL,
        "--strict",
        "-q",
        "--quiet",
        "-n",
        "--top",
        "--eligible-only",
        "-o",
        "--output",
        "--team",
        "--stability",
        "--samples",
        "--seed",
        "--fail-under",
        "--min-eligible",
    },
}

OPTION = re.compile(r"^  (?:(-\w), )?(--[\w-]+)")


def listed_options(help_text: str) -> set[str]:
    """The options of a help page's Options section, short and long."""
    section = help_text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
    found: set[str] = set()
    for line in section.splitlines():
        match = OPTION.match(line)
        if match:
            found.update(name for name in match.groups() if name)
    return found


@pytest.mark.parametrize("command", list(OPTIONS), ids=lambda c: c or "smteam")
def test_help_lists_the_documented_options(command: str, run_cli: RunCli) -> None:
    result = run_cli(*command.split(), "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: smteam {command}".rstrip() + " ")
    assert listed_options(result.stdout) == OPTIONS[command]


def test_help_lists_every_command(run_cli: RunCli) -> None:
    result = run_cli("--help")
    commands = result.stdout.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    names = {line.split()[0] for line in commands.splitlines() if line.startswith("  ")}
    assert names == {
        "rank",
        "compare",
        "validate",
        "explain",
        "raters",
        "rubrics",
        "departments",
        "schema",
        "init",
        "team",
        "coverage",
        "report",
    }
    assert "Exit codes: 0 success, 1 invalid input, 2 usage error, 3 the bar was not" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        ("rank", "<table|text|csv|json|jsonl|markdown>"),
        ("rank", "<error|skip|min>"),
        ("rank", "<mean|median>"),
        ("compare", "<table|text|csv|json|jsonl|markdown>"),
        ("explain", "<table|text|markdown|json>"),
        ("raters", "<table|text|markdown|json>"),
        ("rubrics", "<table|text|markdown|json>"),
        ("rubrics show", "<table|text|markdown|json>"),
        ("validate", "<error|skip|min>"),
    ],
)
def test_help_lists_the_documented_choices(command: str, choices: str, run_cli: RunCli) -> None:
    assert choices in run_cli(*command.split(), "--help").stdout


@pytest.mark.parametrize("command", list(OPTIONS), ids=lambda c: c or "smteam")
def test_short_and_long_help_are_the_same_page(command: str, run_cli: RunCli) -> None:
    short = run_cli(*command.split(), "-h")
    assert short.exit_code == 0
    assert short.stdout == run_cli(*command.split(), "--help").stdout


@pytest.mark.parametrize("command", list(OPTIONS), ids=lambda c: c or "smteam")
def test_help_names_arguments_plainly(command: str, run_cli: RunCli) -> None:
    """Typer's own help wrote ``{FILE...}...`` in usage and ``FILE... <list[str]>`` under
    Arguments (issue 13, point 9)."""
    result = run_cli(*command.split(), "--help")
    assert result.exit_code == 0
    for rough in ("{", "}", "<list[", "<str>", "<path>"):
        assert rough not in result.stdout


@pytest.mark.parametrize(
    ("command", "usage", "argument"),
    [
        ("rank", "Usage: smteam rank [OPTIONS] FILE...\n", "  FILE...  Candidates files; "),
        ("validate", "Usage: smteam validate [OPTIONS] FILE...\n", "  FILE...  Candidates "),
        ("explain", "Usage: smteam explain [OPTIONS] FILE NAME\n", "  NAME  The candidate "),
        ("rubrics show", "Usage: smteam rubrics show [OPTIONS] NAME|PATH\n", "  NAME|PATH  A "),
        ("schema", "Usage: smteam schema [OPTIONS] KIND\n", "  KIND  Which file to "),
        ("init", "Usage: smteam init [OPTIONS] [DIR]\n", "  DIR  Where to write "),
    ],
)
def test_usage_and_arguments_read_as_written(
    command: str, usage: str, argument: str, run_cli: RunCli
) -> None:
    result = run_cli(*command.split(), "-h")
    assert result.stdout.startswith(usage)
    assert f"\n{argument}" in result.stdout


def test_a_missing_argument_shows_the_plain_usage(run_cli: RunCli) -> None:
    result = run_cli("explain", "examples/panel.yaml")
    assert result.exit_code == 2
    assert "Usage: smteam explain [OPTIONS] FILE NAME\n" in result.stderr
    assert "Missing argument 'NAME'" in result.stderr
