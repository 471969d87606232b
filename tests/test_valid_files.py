"""Every file in tests/data/valid/ validates: ``smteam validate NAME`` (run in that folder)
exits 0 and prints exactly the line written in NAME.out.

Extra command-line options, where a file needs them (a CSV or JSON Lines file has no place
for ``rubric:``), are in NAME.args. The folder holds one of each kind of file smteam reads,
to learn from: candidates as YAML, CSV, JSON and JSON Lines, a panel as YAML and CSV, a custom
rubric with candidates rated on it, and a team plan.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.conftest import DATA, RunCli

VALID = DATA / "valid"
SIDECARS = (".out", ".args")
CASES = sorted(p for p in VALID.iterdir() if p.suffix not in SIDECARS)


def test_there_is_a_file_of_each_kind_and_each_has_its_line() -> None:
    suffixes = {p.suffix for p in CASES}
    assert suffixes == {".yaml", ".csv", ".json", ".jsonl"}
    assert sorted(p.name.removesuffix(".out") for p in VALID.glob("*.out")) == [
        p.name for p in CASES
    ]
    kinds = "".join(p.with_name(p.name + ".out").read_text(encoding="utf-8") for p in CASES)
    assert "(rubric " in kinds
    assert "(team plan, " in kinds


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_valid_file_validates(path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(VALID)
    args_file = path.with_name(path.name + ".args")
    args = shlex.split(args_file.read_text(encoding="utf-8")) if args_file.exists() else []
    result = run_cli("validate", *args, path.name)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == path.with_name(path.name + ".out").read_text(encoding="utf-8")
