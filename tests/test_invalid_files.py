"""Every file in tests/data/invalid/ fails validation with exactly the messages written beside
it in NAME.expected (stderr of ``smteam validate NAME.yaml``, run in that folder).

A first line ``# args: ...`` gives extra command-line options.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.conftest import DATA, RunCli

INVALID = DATA / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))
# Cases rank reports in the same words as validate (validate alone must first tell a candidates
# file from a rubric).
CANDIDATE_CASES = [p for p in CASES if not p.stem.startswith(("rubric-", "not-a-mapping", "plan-"))]


def _args(path: Path) -> list[str]:
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        if line.startswith("# args:"):
            return shlex.split(line.removeprefix("# args:"))
    return []


def test_there_are_cases_and_each_has_its_messages() -> None:
    assert len(CASES) >= 15
    assert sorted(p.stem for p in INVALID.glob("*.expected")) == [p.stem for p in CASES]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_invalid_file_gives_exactly_its_messages(
    path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INVALID)
    result = run_cli("validate", *_args(path), path.name)
    assert result.exit_code == 1
    assert result.stdout == ""
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    assert result.stderr == expected


@pytest.mark.parametrize("path", CANDIDATE_CASES, ids=[p.stem for p in CANDIDATE_CASES])
def test_rank_refuses_invalid_file_with_the_same_messages(
    path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INVALID)
    result = run_cli("rank", *_args(path), path.name)
    assert result.exit_code == 1
    assert result.stdout == ""
    problems = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()[:-1]
    assert result.stderr.splitlines()[: len(problems)] == problems
    assert result.stderr.splitlines()[-1].startswith("smteam: ")


def test_rank_names_the_shape_it_expected(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    result = run_cli("rank", "not-a-mapping.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "not-a-mapping.yaml:2:1: expected a candidates file: a mapping with a 'candidates' list, "
        "found a list"
    )
