"""What start-up leaves out must change nothing: the command line built with only the command
that runs answers exactly as the whole one does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from smteam.cli import app, command_name, only_the_command
from tests.conftest import EXAMPLES, TINY, RunCli

Write = Callable[..., Path]

EXAMPLE = str(EXAMPLES / "candidates.yaml")
ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}


def _answer(which: typer.Typer, args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(which, args, env=ENV)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_is_found_by_the_name_typer_gives_it() -> None:
    names = {command_name(c) for c in app.registered_commands}
    names |= {command_name(g) for g in app.registered_groups}
    group = get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert names == set(group.commands)
    assert {"rank", "report", "rubrics"} <= names  # report's function is report_command


ONE_COMMAND = [
    pytest.param(["rank", EXAMPLE, "--format", "table"], ["rank"], id="rank-table"),
    pytest.param(["rank", EXAMPLE, "-f", "csv", "--top", "3"], ["rank"], id="rank-csv"),
    pytest.param(["rank", "--help"], ["rank"], id="rank-help"),
    pytest.param(["rank"], ["rank"], id="rank-without-file"),
    pytest.param(["rank", EXAMPLE, "--top", "x"], ["rank"], id="rank-bad-value"),
    pytest.param(["rank", EXAMPLE, "--tpo", "3"], ["rank"], id="rank-unknown-option"),
    pytest.param(["rank", EXAMPLE, "--version"], ["rank"], id="rank-group-option-after"),
    pytest.param(["explain", "-h"], ["explain"], id="explain-help"),
    pytest.param(["report", "--help"], ["report"], id="report-by-its-given-name"),
    pytest.param(["departments"], ["departments"], id="departments"),
    pytest.param(["rubrics"], ["rubrics"], id="rubrics-group"),
    pytest.param(["rubrics", "show", "five-core-skills"], ["rubrics"], id="rubrics-show"),
    pytest.param(["rubrics", "shwo"], ["rubrics"], id="rubrics-unknown-subcommand"),
]


@pytest.mark.parametrize(("args", "kept"), ONE_COMMAND)
def test_one_command_answers_as_the_whole_group(args: list[str], kept: list[str]) -> None:
    alone = only_the_command(app, args)
    built = get_command(alone)
    assert isinstance(built, typer.core.TyperGroup)
    assert list(built.commands) == kept
    assert _answer(alone, args) == _answer(app, args)


WHOLE_GROUP = [
    pytest.param([], id="nothing"),
    pytest.param(["--help"], id="help"),
    pytest.param(["-h", "rank"], id="option-first"),
    pytest.param(["rnak", EXAMPLE], id="misspelt-command"),
    pytest.param(["Rank", EXAMPLE], id="command-in-capitals"),
    pytest.param([EXAMPLE], id="a-file-first"),
]


@pytest.mark.parametrize("args", WHOLE_GROUP)
def test_anything_but_a_command_first_gets_the_whole_group(args: list[str]) -> None:
    assert only_the_command(app, args) is app


def _rubric_files_opened(args: list[str]) -> list[str]:
    """Run ``smteam ARGS`` in a new interpreter: the rubric files (``*.yaml`` in a folder
    named rubrics) it opened, by name, in order."""
    script = (
        "import sys\n"
        "opened = []\n"
        "def hook(event, details):\n"
        "    if event == 'open' and isinstance(details[0], str):\n"
        "        parts = details[0].replace('\\\\', '/').split('/')\n"
        "        if len(parts) > 1 and parts[-2] == 'rubrics' and parts[-1].endswith('.yaml'):\n"
        "            opened.append(parts[-1])\n"
        "sys.addaudithook(hook)\n"
        f"sys.argv = ['smteam', *{args!r}]\n"
        "from smteam.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(','.join(opened), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert "Ana Ruiz" in result.stdout, result.stderr
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    return [name for name in last.split(",") if name]


def test_a_plain_rank_reads_only_its_own_rubric() -> None:
    """The other built-in rubrics' traits are read only for a rating on a trait that is not
    the rubric's (to allow it, or to suggest a name): the example rates none."""
    opened = _rubric_files_opened(["rank", EXAMPLE, "--format", "table"])
    assert opened == ["social-media-lead.yaml"]


TINY_AND_MORE = """\
rubric: tiny.yaml
candidates:
  - name: Kim
    department: Marketing
    ratings: {reach: 5, voice: 4, pace: 1, %s: 1}
"""


@pytest.mark.parametrize(
    ("extra", "code", "stdout", "stderr"),
    [
        pytest.param(
            "empathy",  # a trait of five-core-skills: allowed, not scored
            0,
            # reach (5-1)/4 * 1 + voice (4-1)/4 * 3 + pace 0 = 3.25 of 6 points: 54.2
            "rank,name,department,score,eligible,raters,recommendations,disagreements,"
            "Reach,Voice,Pace,coverage,reasons\n1,Kim,Marketing,54.2,true,1,,,5,4,1,100.0,\n",
            "",
            id="another-rubrics-trait",
        ),
        pytest.param(
            "empathyy",  # misspelt: the suggestion comes from the other rubrics
            1,
            "",
            "{file}:5:44: candidates[0].ratings.empathyy: unknown trait 'empathyy'; not in "
            "rubric 'tiny'; did you mean 'empathy'?\nsmteam: 1 error; nothing was ranked.\n",
            id="misspelt-trait-of-another-rubric",
        ),
    ],
)
def test_other_rubrics_traits_are_still_known_when_rated(
    write: Write, run_cli: RunCli, extra: str, code: int, stdout: str, stderr: str
) -> None:
    write(TINY, "tiny.yaml")
    path = write(TINY_AND_MORE % extra)
    result = run_cli("rank", str(path), "-f", "csv")
    assert (result.exit_code, result.stdout, result.stderr) == (
        code,
        stdout,
        stderr.format(file=path),
    )


KIM = """\
rubric: tiny.yaml
candidates:
  - name: Kim
    department: Marketing
    ratings: {reach: 5, voice: 4, pace: 1}
"""
KIM_CSV = (
    "rank,name,department,score,eligible,raters,recommendations,disagreements,"
    "Reach,Voice,Pace,coverage,reasons\n1,Kim,Marketing,54.2,true,1,,,5,4,1,100.0,\n"
)


@pytest.mark.parametrize(
    ("args", "code", "stdout", "stderr"),
    [
        pytest.param(["rank", "kim.yaml", "-f", "csv"], 0, KIM_CSV, "", id="ranked"),
        pytest.param(
            ["rank", "kim.yaml", "-f", "csv", "--fail-under", "60"],
            3,  # 54.2 is under the bar of 60
            KIM_CSV,
            "smteam: the bar is not met: 0 eligible candidates scored 60 or more, fewer than "
            "the 1 asked for\n",
            id="bar-not-met",
        ),
        pytest.param(
            ["rank", "nope.yaml"],
            1,
            "",
            "nope.yaml: no such file\nsmteam: 1 error; nothing was ranked.\n",
            id="invalid-input",
        ),
        pytest.param(
            ["rank"],
            2,
            "",
            "Usage: smteam rank [OPTIONS] FILE...\nTry 'smteam rank -h' for help.\n\n"
            "Error: Missing argument 'FILE...'.\n",
            id="usage-error",
        ),
        pytest.param(["rank", "kim.yaml", "-o", "out.csv"], 0, "", "", id="output-file"),
    ],
)
def test_the_console_script_ends_with_the_code_and_every_byte(
    write: Write,
    tmp_path: Path,
    args: list[str],
    code: int,
    stdout: str,
    stderr: str,
) -> None:
    """``python -m smteam`` ends without taking the interpreter apart: the exit code, both
    streams and a written file come out as they always did."""
    write(TINY, "tiny.yaml")
    write(KIM, "kim.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "smteam", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (code, stdout, stderr)
    if "-o" in args:
        assert (tmp_path / "out.csv").read_text(encoding="utf-8") == KIM_CSV
