"""What start-up leaves out must change nothing: the command line built with only the command
that runs answers exactly as the whole one does."""

from __future__ import annotations

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from smteam.cli import app, command_name, only_the_command
from tests.conftest import EXAMPLES

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
