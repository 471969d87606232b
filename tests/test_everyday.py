"""Issue 13: what a new user trips over in the first hour. One test (or table of cases) per
numbered point; each failed before its fix."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, RunCli

CUSTOM_RUBRIC = """\
name: hiring
title: Hiring
scale: {min: 1, max: 5}
traits:
  - {id: writing, label: Writing, weight: 1}
  - {id: empathy, label: Empathy, weight: 1}
"""

CANDIDATES_NAMING_NO_RUBRIC = """\
candidates:
  - name: Ada Byrne
    department: Marketing
    ratings: {writing: 5, empathy: 3}
  - name: Ben Cole
    department: Sales
    ratings: {writing: 2, empathy: 4}
"""


def _smteam(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "HOME": str(cwd),
        "PYTHONPATH": str(REPO / "src"),
    }
    return subprocess.run(
        [sys.executable, "-m", "smteam", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=60,
    )


# 1 and 3: the README's recipe, a folder made by init, validated, ranked to a file


def test_init_a_new_folder_then_validate_and_rank_it(tmp_path: Path) -> None:
    made = _smteam("init", "newdir", "--rubric-template", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stdout == ("made newdir/\nwrote newdir/candidates.yaml\nwrote newdir/rubric.yaml\n")
    checked = _smteam("validate", "newdir", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    ranked = _smteam("rank", "newdir", "-o", "out.csv", cwd=tmp_path)
    assert (ranked.returncode, ranked.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8"))))
    # my-team-rubric: responsiveness 2, empathy 2, writing 1 on 1-5; First: 5, 4, 3 gives
    # 100 * (2*4 + 2*3 + 1*2) / (5*4) = 80.0; Second: 3, 4, 5 gives (4 + 6 + 4) / 20 = 70.0
    assert [(r["name"], r["score"]) for r in rows] == [
        ("First Candidate", "80.0"),
        ("Second Candidate", "70.0"),
    ]


def test_init_refuses_a_file_in_the_way(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "taken"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'taken'} is not a folder" in result.stderr


@pytest.mark.parametrize(
    ("files", "already"),
    [
        (["candidates.yaml"], "candidates.yaml already exists"),
        (["candidates.yaml", "rubric.yaml"], "candidates.yaml, {dir}/rubric.yaml already exist"),
    ],
)
def test_init_says_exists_or_exist(
    files: list[str], already: str, tmp_path: Path, run_cli: RunCli
) -> None:
    for name in files:
        (tmp_path / name).write_text("x", encoding="utf-8")
    result = run_cli("init", str(tmp_path), "--rubric-template")
    assert result.exit_code == 2
    assert already.format(dir=tmp_path) in result.stderr
    assert "exist(s)" not in result.stderr


def test_a_folders_one_rubric_is_used_when_no_file_names_one(
    write: Callable[..., Path], run_cli: RunCli, tmp_path: Path
) -> None:
    write(CUSTOM_RUBRIC, "team/rubric.yaml")
    write(CANDIDATES_NAMING_NO_RUBRIC, "team/people.yaml")
    folder = str(tmp_path / "team")
    checked = run_cli("validate", folder)
    assert checked.exit_code == 0, checked.stderr
    assert "OK " + str(tmp_path / "team/people.yaml") + " (2 candidates)" in checked.stdout
    ranked = run_cli("rank", folder, "-f", "csv")
    assert ranked.exit_code == 0, ranked.stderr
    assert (
        ranked.stderr
        == f"smteam: rubric {tmp_path}/team/rubric.yaml, the one rubric in the folder\n"
    )
    rows = list(csv.DictReader(io.StringIO(ranked.stdout)))
    # equal weights on 1-5: Ada (4 + 2) / 8 = 75.0, Ben (1 + 3) / 8 = 50.0
    assert [(r["name"], r["score"]) for r in rows] == [("Ada Byrne", "75.0"), ("Ben Cole", "50.0")]


def test_two_rubrics_in_a_folder_and_no_name_is_a_problem_for_both_commands(
    write: Callable[..., Path], run_cli: RunCli, tmp_path: Path
) -> None:
    write(CUSTOM_RUBRIC, "team/a.yaml")
    write(CUSTOM_RUBRIC, "team/b.yaml")
    write(CANDIDATES_NAMING_NO_RUBRIC, "team/people.yaml")
    folder = tmp_path / "team"
    message = f"the folder holds 2 rubrics ({folder}/a.yaml, {folder}/b.yaml) and no file names one"
    for command in ("validate", "rank"):
        result = run_cli(command, str(folder))
        assert result.exit_code == 1
        assert message in result.stderr


def test_a_rubric_named_on_the_command_line_sets_the_folders_own_aside(
    run_cli: RunCli, tmp_path: Path
) -> None:
    made = run_cli("init", str(tmp_path / "hiring"), "--rubric-template")
    assert made.exit_code == 0
    result = run_cli(
        "rank", str(tmp_path / "hiring"), "--rubric", str(tmp_path / "hiring/rubric.yaml")
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert "First Candidate" in result.stdout


# 2: validate is the pre-flight check of rank: one person in two files


def test_validate_finds_a_person_listed_in_two_files_of_a_folder(
    write: Callable[..., Path], run_cli: RunCli, tmp_path: Path
) -> None:
    write(CUSTOM_RUBRIC, "team/rubric.yaml")
    write(CANDIDATES_NAMING_NO_RUBRIC, "team/a.yaml")
    write(
        "candidates:\n  - name: ben cole\n    department: Sales\n"
        "    ratings: {writing: 3, empathy: 3}\n",
        "team/b.yaml",
    )
    folder = tmp_path / "team"
    duplicate = (
        f"{folder}/b.yaml:2:11: candidates[0].name: duplicate candidate 'ben cole', also in "
        f"{folder}/a.yaml at line 5; each person may appear once across the files ranked "
        "together"
    )
    validated = run_cli("validate", str(folder))
    assert validated.exit_code == 1
    assert validated.stderr == f"{duplicate}\nFAILED {folder}/b.yaml (1 error)\n"
    assert f"OK {folder}/a.yaml (2 candidates)" in validated.stdout
    ranked = run_cli("rank", str(folder))
    assert ranked.exit_code == 1
    assert duplicate in ranked.stderr


# 4: the numbers shown are the numbers compared, and explain's points add up


def test_the_bar_compares_the_score_as_shown(run_cli: RunCli) -> None:
    shown = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "-f", "text")
    kim = next(line for line in shown.stdout.splitlines() if "Kim Lee" in line)
    assert " 78.3 " in kim
    met = run_cli(
        "rank", str(EXAMPLES / "candidates.yaml"), "--fail-under", "78.3", "--min-eligible", "2"
    )
    assert met.exit_code == 0, met.stderr
    missed = run_cli(
        "rank", str(EXAMPLES / "candidates.yaml"), "--fail-under", "78.4", "--min-eligible", "2"
    )
    assert missed.exit_code == 3


def test_every_format_shows_one_precision(run_cli: RunCli) -> None:
    args = ("rank", str(EXAMPLES / "candidates.yaml"))
    text = run_cli(*args, "-f", "text").stdout
    rows = list(csv.DictReader(io.StringIO(run_cli(*args, "-f", "csv").stdout)))
    document = json.loads(run_cli(*args, "-f", "json").stdout)
    ana_line = next(line for line in text.splitlines() if "Ana Ruiz" in line)
    # Ana Ruiz scores 78.947... exactly: 78.9 in every format, not 78.95 in the exports
    assert " 78.9 " in ana_line
    assert rows[0]["name"] == "Ana Ruiz" and rows[0]["score"] == "78.9"
    assert document["candidates"][0]["score"] == 78.9


def test_explains_shown_points_add_up_to_the_shown_score(run_cli: RunCli) -> None:
    result = run_cli("explain", str(EXAMPLES / "panel.yaml"), "Tom Becker", "-f", "json")
    document = json.loads(result.stdout)
    points = [trait["points"] for trait in document["traits"]]
    lost = [trait["points_lost"] for trait in document["traits"]]
    # In hundred-and-eighths of 100: 14, 14, 20, 11 and 22 (sum 81: 75.0 exactly), so
    # 12.963, 12.963, 18.519, 10.185, 20.370; rounded down 12.9, 12.9, 18.5, 10.1, 20.3 (74.7),
    # and the 3 tenths missing go to the largest remainders: 10.185, 20.370, the first 12.963.
    assert points == [13.0, 12.9, 18.5, 10.2, 20.4]
    # Lost: 9.259, 9.259, 3.704, 0.926, 1.852; down to 24.8, 2 tenths to the two 9.259.
    assert lost == [9.3, 9.3, 3.7, 0.9, 1.8]
    assert document["score"] == 75.0
    table = run_cli("explain", str(EXAMPLES / "panel.yaml"), "Tom Becker", "-f", "table").stdout
    total = next(line for line in table.splitlines() if line.strip().startswith("score "))
    assert total.split()[-2:] == ["75.0", "25.0"]
    assert "13.0" in table and "12.9" in table


def test_a_strength_is_never_also_a_gap(run_cli: RunCli) -> None:
    result = run_cli("explain", str(EXAMPLES / "panel.yaml"), "Tom Becker", "-f", "json")
    document = json.loads(result.stdout)
    assert document["strengths"] == ["connectedness", "adaptability", "responsiveness"]
    assert document["gaps"] == ["empathy", "transparency"]


# 7: shell completion


@pytest.mark.parametrize(
    ("shell", "says"),
    [("bash", "complete -o default -F _smteam_completion smteam"), ("zsh", "#compdef smteam")],
)
def test_show_completion_prints_the_named_shells_script(
    shell: str, says: str, tmp_path: Path
) -> None:
    result = _smteam("--show-completion", shell, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert says in result.stdout
    assert list(tmp_path.iterdir()) == []  # shown, nothing installed


def test_the_completion_script_is_answered(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "COMP_WORDS": "smteam ra",
        "COMP_CWORD": "1",
        "_SMTEAM_COMPLETE": "complete_bash",
    }
    script = "import sys; sys.argv = ['smteam']; from smteam.launch import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.split() == ["rank", "raters"]


def test_install_completion_writes_into_home(tmp_path: Path) -> None:
    result = _smteam("--install-completion", "bash", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "_smteam_completion" in (tmp_path / ".bash_completions" / "smteam.sh").read_text("utf-8")
    assert "smteam.sh" in (tmp_path / ".bashrc").read_text("utf-8")


# 9: help and error text a user reads


def test_a_bad_choice_says_what_was_wrong_without_pydantic_words(run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "--missing", "bogus")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--missing': 'bogus' is not one of 'error', 'skip', 'min'."
        in result.stderr
    )
    assert "Value error" not in result.stderr


@pytest.mark.parametrize(
    "command", ["rank", "validate", "team", "coverage", "compare", "raters", "report"]
)
def test_standard_input_given_twice_is_a_usage_error(command: str, run_cli: RunCli) -> None:
    # A second - would read as an empty file: standard input can be read only once.
    text = (EXAMPLES / "candidates.yaml").read_text(encoding="utf-8")
    result = run_cli(command, "-", str(EXAMPLES / "candidates.csv"), "-", input=text)
    assert result.exit_code == 2
    assert (
        "Invalid value for 'FILE...': - (standard input) is given more than once; give it once"
        in result.stderr
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("out", "cannot tell the format from a name without an extension"),
        ("out.xls", "cannot tell the format from '.xls'"),
    ],
)
def test_an_output_name_without_a_known_extension(
    output: str, says: str, run_cli: RunCli, tmp_path: Path
) -> None:
    target = str(tmp_path / output)
    result = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "-o", target)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"smteam: --output {target}: {says}; use .csv, ")
    assert not (tmp_path / output).exists()


def test_a_rubric_file_not_found_names_the_path_tried(
    write: Callable[..., Path], run_cli: RunCli, tmp_path: Path
) -> None:
    text = "rubric: nothere.yaml\n" + CANDIDATES_NAMING_NO_RUBRIC
    piped = run_cli("rank", "-", input=text)
    assert piped.exit_code == 1
    assert piped.stderr.splitlines()[0] == "<stdin>:1:9: rubric: no such file: nothere.yaml"
    path = write(text, "sub/people.yaml")
    from_file = run_cli("rank", str(path))
    assert from_file.stderr.splitlines()[0] == (
        f"{path}:1:9: rubric: no such file: {os.path.relpath(tmp_path / 'sub/nothere.yaml')}"
    )


# 10: --blind hides what could lead the panel, and empty columns


def test_blind_shows_no_tally_and_no_empty_department_column(run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "panel.yaml"), "--blind", "-f", "text")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[2]
    assert header.split() == ["Rank", "Name", "Raters", "Score", "Flags"]
    assert "yes" not in result.stdout
    document = json.loads(
        run_cli("rank", str(EXAMPLES / "panel.yaml"), "--blind", "-f", "json").stdout
    )
    assert all(c["recommendations"] == {} for c in document["candidates"])


# 13: --excel is never silently ignored


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_excel_with_another_format_is_a_usage_error(fmt: str, run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "--excel", "-f", fmt)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"smteam: --excel is for CSV output only, and the format is {fmt}\n"


# 11: standard input in any format


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("csv", "name,department,writing,empathy\nAda Byrne,Marketing,5,3\nBen Cole,Sales,2,4\n"),
        (
            "json",
            '{"candidates": [{"name": "Ada Byrne", "department": "Marketing",'
            ' "ratings": {"writing": 5, "empathy": 3}}, {"name": "Ben Cole",'
            ' "department": "Sales", "ratings": {"writing": 2, "empathy": 4}}]}',
        ),
        (
            "jsonl",
            '{"name": "Ada Byrne", "department": "Marketing", "ratings": {"writing": 5,'
            ' "empathy": 3}}\n{"name": "Ben Cole", "department": "Sales", "ratings":'
            ' {"writing": 2, "empathy": 4}}\n',
        ),
        ("yaml", CANDIDATES_NAMING_NO_RUBRIC),
    ],
)
def test_standard_input_in_the_format_given(
    fmt: str, text: str, write: Callable[..., Path], run_cli: RunCli
) -> None:
    rubric = str(write(CUSTOM_RUBRIC, "rubric.yaml"))
    checked = run_cli("validate", "-", "--input-format", fmt, "-r", rubric, input=text)
    assert (checked.exit_code, checked.stdout) == (0, "OK <stdin> (2 candidates)\n")
    ranked = run_cli("rank", "-", "--input-format", fmt, "-r", rubric, "-f", "csv", input=text)
    assert ranked.exit_code == 0, ranked.stderr
    rows = list(csv.DictReader(io.StringIO(ranked.stdout)))
    # equal weights on 1-5: Ada (4 + 2) / 8 = 75.0, Ben (1 + 3) / 8 = 50.0
    assert [(r["name"], r["score"]) for r in rows] == [("Ada Byrne", "75.0"), ("Ben Cole", "50.0")]


# 5 (in part) and 13: a terminal without a width, and no cursor codes for small files


def test_a_terminal_without_a_width_gets_80_columns(run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "-f", "table", env={"COLUMNS": "0"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("Ana Ruiz" in line for line in lines)
    assert max(len(line) for line in lines) == 80


def test_small_files_leave_a_terminals_cursor_alone() -> None:
    from rich.console import Console

    from smteam.cli import PROGRESS_FROM_BYTES, _progress_bars

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system=None, width=80)
    with _progress_bars(console) as progress_for:
        assert progress_for is not None
        assert progress_for("small.yaml", PROGRESS_FROM_BYTES - 1) is None
    assert buffer.getvalue() == ""


@pytest.mark.parametrize(
    ("columns", "shown", "not_shown"),
    [
        # wide: the departments in full, the group subtotals kept
        ("200", ["PR and Corporate Communications", "qualities"], []),
        # 120: the subtotals are kept, a long department is cut instead
        ("120", ["qualities", "PR and Corporate Co…"], ["PR and Corporate Communications"]),
        # 100: no room for the subtotals, so the departments are shown in full
        ("100", ["PR and Corporate Communications"], ["qualities"]),
    ],
)
def test_the_table_keeps_what_matters_at_each_width(
    columns: str, shown: list[str], not_shown: list[str], run_cli: RunCli
) -> None:
    result = run_cli(
        "rank", str(EXAMPLES / "candidates.yaml"), "-f", "table", env={"COLUMNS": columns}
    )
    assert result.exit_code == 0, result.stderr
    for text in shown:
        assert text in result.stdout, text
    for text in not_shown:
        assert text not in result.stdout, text


def test_no_flags_column_when_nobody_has_a_flag(run_cli: RunCli) -> None:
    result = run_cli(
        "rank", str(EXAMPLES / "candidates.yaml"), "-n", "3", "-f", "table", env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    assert "Flags" not in result.stdout
    assert "Ana Ruiz" in result.stdout


def test_the_panel_column_never_shrinks_below_a_word(run_cli: RunCli) -> None:
    result = run_cli("rank", str(EXAMPLES / "panel.yaml"), "-f", "table", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "strong" in result.stdout
    assert "s…" not in result.stdout and "y…" not in result.stdout


def test_no_output_over_a_file_a_folder_set_aside(run_cli: RunCli, tmp_path: Path) -> None:
    made = run_cli("init", str(tmp_path / "hiring"), "--rubric-template", "--plan")
    assert made.exit_code == 0, made.stderr
    plan = tmp_path / "hiring" / "team.yaml"
    before = plan.read_bytes()
    result = run_cli("rank", str(tmp_path / "hiring"), "-f", "text", "-o", str(plan))
    assert result.exit_code == 2
    assert plan.read_bytes() == before
