"""The command line: every command's output and exit code, run in-process."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer

from smteam import __version__
from smteam.cli import app
from tests.conftest import EXAMPLES, RunCli

EXAMPLE = str(EXAMPLES / "candidates.yaml")
WHO = "rubric: who-what-when\ncandidates:\n"


def who(name: str, department: str, brand: object, purpose: object, response: object) -> str:
    return (
        f"  - name: {name}\n    department: {department}\n"
        f"    ratings: {{brand-values: {brand}, purpose-and-focus: {purpose}, "
        f"responsiveness: {response}}}\n"
    )


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"smteam {__version__}\n")


def _subcommands(command: object) -> dict[str, object]:
    return dict(getattr(command, "commands", {}))


def _commands() -> list[list[str]]:
    paths: list[list[str]] = [[]]
    for name, command in _subcommands(typer.main.get_command(app)).items():
        paths.append([name])
        paths.extend([name, sub] for sub in _subcommands(command))
    return paths


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "smteam")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_on_every_command(path: list[str], flag: str, run_cli: RunCli) -> None:
    result = run_cli(*path, flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")


def test_every_command_and_option_has_help_text() -> None:
    root = typer.main.get_command(app)

    seen = 0

    def visit(command: Any, name: str) -> None:
        nonlocal seen
        assert command.help, f"{name} has no help"
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name} has no help"
            seen += 1
        for sub_name, sub in _subcommands(command).items():
            visit(sub, f"{name} {sub_name}")

    visit(root, "smteam")
    assert seen >= 12


def test_no_arguments_shows_help_as_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli()
    assert result.exit_code == 2
    assert "Usage: " in result.stdout + result.stderr


def test_rank_prints_the_table_of_the_example(run_cli: RunCli) -> None:
    result = run_cli("rank", EXAMPLE, "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert "social-media-lead" in lines[0]
    body = [line.split() for line in lines if line.strip()[:1].isdigit() or "–" in line[:8]]
    assert [row[0] for row in body] == ["1", "2", "3", "4", "4", "6", "7", "7", "9", "–"]
    assert "Tom Becker" in lines[[i for i, line in enumerate(lines) if "–" in line[:8]][0]]
    assert "Loves the organisation and its mission 2 < 3" in " ".join(result.stdout.split())
    assert "1 not eligible" in result.stdout


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_rank_csv_and_json_agree(run_cli: RunCli) -> None:
    as_csv = run_cli("rank", EXAMPLE, "--format", "csv")
    as_json = run_cli("rank", EXAMPLE, "-f", "json")
    assert as_csv.exit_code == as_json.exit_code == 0
    rows = read_csv(as_csv.stdout)
    document = json.loads(as_json.stdout)
    assert [r["name"] for r in rows] == [c["name"] for c in document["candidates"]]
    assert [r["score"] for r in rows] == [f"{c['score']:.1f}" for c in document["candidates"]]
    assert rows[0]["rank"] == "1" and rows[-1]["rank"] == "" and rows[-1]["eligible"] == "false"
    assert document["rubric"]["name"] == "social-media-lead"
    assert document["candidates"][0]["groups"].keys() == {
        "who-what-when",
        "core-skills",
        "dispersed-skills",
        "leader-qualities",
    }
    assert as_csv.stdout_bytes.count(b"\r\n") == len(rows) + 1


def test_top_and_eligible_only(run_cli: RunCli) -> None:
    top = json.loads(run_cli("rank", EXAMPLE, "--top", "4", "-f", "json").stdout)
    assert [c["rank"] for c in top["candidates"]] == [1, 2, 3, 4, 4]
    assert top["not_shown"] == {"eligible": 4, "not_eligible": 1}
    eligible = json.loads(run_cli("rank", EXAMPLE, "--eligible-only", "-f", "json").stdout)
    assert all(c["eligible"] for c in eligible["candidates"])
    assert len(eligible["candidates"]) == 9


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_a_bad_top_is_a_usage_error(value: str, run_cli: RunCli) -> None:
    assert run_cli("rank", EXAMPLE, "--top", value).exit_code == 2


def test_rubric_option_overrides_the_file(run_cli: RunCli) -> None:
    result = run_cli("rank", EXAMPLE, "--rubric", "five-core-skills", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["rubric"]["name"] == "five-core-skills"
    assert set(document["candidates"][0]["ratings"]) == {
        "empathy",
        "transparency",
        "responsiveness",
        "adaptability",
        "connectedness",
    }
    table = run_cli("rank", EXAMPLE, "--rubric", "five-core-skills")
    assert "outside this rubric are not scored" in table.stdout


def test_an_unknown_rubric_name_on_the_command_line_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("rank", EXAMPLE, "--rubric", "five-core")
    assert result.exit_code == 2
    assert "did you mean 'five-core-skills'?" in result.stderr
    shown = run_cli("rubrics", "show", "nine-leader")
    assert shown.exit_code == 2
    assert "did you mean 'nine-leader-qualities'?" in shown.stderr


def test_a_rubric_path_that_does_not_exist_is_invalid_input(run_cli: RunCli) -> None:
    result = run_cli("rank", EXAMPLE, "--rubric", "nowhere/rubric.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("nowhere/rubric.yaml: no such file\n")


def test_a_rubric_path_in_the_file_is_relative_to_the_file(
    write: Callable[..., Path], run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write((EXAMPLES / "custom-rubric.yaml").read_bytes(), "rubrics/mine.yaml")
    path = write(
        "rubric: rubrics/mine.yaml\ncandidates:\n  - name: Kim\n    department: PR\n"
        "    ratings: {responsiveness: 10, empathy: 10, listening: 10, product-knowledge: 10}\n",
        "team/../candidates.yaml",
    )
    monkeypatch.chdir(tmp_path.parent)
    result = run_cli("rank", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["candidates"][0]["score"] == 100.0


def test_missing_ratings_policies(write: Callable[..., Path], run_cli: RunCli) -> None:
    path = write(WHO + who("Kim", "PR", 5, 5, "~").replace(", responsiveness: ~", ""))
    refused = run_cli("rank", str(path))
    assert refused.exit_code == 1
    assert "no rating for 1 of the 3 traits" in refused.stderr
    skipped = json.loads(run_cli("rank", str(path), "--missing", "skip", "-f", "json").stdout)
    assert skipped["candidates"][0]["score"] == 100.0
    assert skipped["candidates"][0]["coverage"] == 66.7
    counted = json.loads(run_cli("rank", str(path), "--missing", "min", "-f", "json").stdout)
    assert counted["candidates"][0]["score"] == 66.7
    table = run_cli("rank", str(path), "--missing", "skip")
    assert "rated 67% of the weight" in table.stdout


def test_unknown_department_warns_and_strict_refuses(
    write: Callable[..., Path], run_cli: RunCli
) -> None:
    path = write(WHO + who("Kim", "Legal", 4, 4, 4))
    warned = run_cli("rank", str(path), "-f", "csv")
    assert warned.exit_code == 0
    assert warned.stderr == (
        f"{path}:4:17: warning: candidates[0].department: department 'Legal' is not one of the "
        "seven in article 001 (`smteam departments` lists them)\n"
    )
    assert len(read_csv(warned.stdout)) == 1
    strict = run_cli("rank", str(path), "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == ""
    assert "warning" not in strict.stderr.splitlines()[0]


def test_validate_reports_every_file_then_fails(
    write: Callable[..., Path], run_cli: RunCli
) -> None:
    good = write(WHO + who("Kim", "PR", 4, 4, 4), "good.yaml")
    bad = write(WHO + who("Kim", "PR", 4, 4, "'4'"), "bad.yaml")
    rubric = EXAMPLES / "custom-rubric.yaml"
    result = run_cli("validate", str(good), str(bad), str(rubric))
    assert result.exit_code == 1
    assert result.stdout == (
        f"OK {good} (1 candidate)\nOK {rubric} (rubric launch-community-manager, 4 traits)\n"
    )
    assert result.stderr.splitlines() == [
        f"{bad}:5:70: candidates[0].ratings.responsiveness: expected a whole number from 1 to 5 "
        'or a label (no evidence, limited, solid, strong, exceptional), found "4" (text); '
        "write it without quotes",
        f"FAILED {bad} (1 error)",
    ]


def test_rank_refuses_a_rubric_file(run_cli: RunCli) -> None:
    path = str(EXAMPLES / "custom-rubric.yaml")
    result = run_cli("rank", path)
    assert result.exit_code == 1
    assert f"this is a rubric, not a candidates file; use it with --rubric {path}" in result.stderr


@pytest.mark.parametrize("command", ["rank", "validate"])
def test_missing_file_and_folder(command: str, run_cli: RunCli, tmp_path: Path) -> None:
    missing = run_cli(command, str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1
    assert missing.stderr.splitlines()[0] == f"{tmp_path / 'nope.yaml'}: no such file"
    folder = run_cli(command, str(tmp_path))
    assert folder.exit_code == 1
    assert folder.stderr.splitlines()[0] == (
        f"{tmp_path}: the folder holds no files to read (those ending in .yaml, .yml, .csv, "
        ".json, .jsonl, .ndjson)"
    )


def test_unreadable_file(
    write: Callable[..., Path], run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(WHO + who("Kim", "PR", 4, 4, 4))
    real_open = os.open

    def refuse(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    # chmod cannot make a file unreadable for root, so refuse the opening itself.
    monkeypatch.setattr(os, "open", refuse)
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{path}: permission denied: cannot read it"


def test_unknown_option_and_command_are_usage_errors(run_cli: RunCli) -> None:
    assert run_cli("rank", EXAMPLE, "--colour").exit_code == 2
    assert run_cli("rnak").exit_code == 2
    assert run_cli("rank", EXAMPLE, "--format", "xml").exit_code == 2
    assert run_cli("rank", EXAMPLE, "--missing", "maybe").exit_code == 2


def test_rubrics_lists_and_shows(run_cli: RunCli) -> None:
    listed = run_cli("rubrics")
    assert listed.exit_code == 0
    for name in ["who-what-when", "five-core-skills", "social-media-lead"]:
        assert name in listed.stdout
    assert "article 004" in listed.stdout
    shown = run_cli("rubrics", "show", "nine-leader-qualities")
    assert shown.exit_code == 0
    assert "Loves the organisation and its mission" in shown.stdout
    assert "15.8%" in shown.stdout  # weight 3 of 19
    custom = run_cli("rubrics", "show", str(EXAMPLES / "custom-rubric.yaml"))
    assert custom.exit_code == 0 and "Product knowledge" in custom.stdout


def test_departments(run_cli: RunCli) -> None:
    result = run_cli("departments")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 7
    assert result.stdout.startswith("PR and Corporate Communications: PR, Public Relations")


def test_names_are_shown_as_written_not_as_markup(
    write: Callable[..., Path], run_cli: RunCli
) -> None:
    path = write(WHO + who('"[bold red]Kim[/]"', "PR", 4, 4, 4))
    result = run_cli("rank", str(path))
    assert result.exit_code == 0
    assert "[bold red]Kim[/]" in result.stdout


def test_output_is_deterministic(run_cli: RunCli) -> None:
    for output_format in ["table", "csv", "json"]:
        first = run_cli("rank", EXAMPLE, "-f", output_format).stdout
        assert run_cli("rank", EXAMPLE, "-f", output_format).stdout == first
