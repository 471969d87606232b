"""Every input of the YAML test suite (../shared/yaml-test-suite), as a candidates file and as a
rubric, ends in exit 0 or 1 with a clear message: never a traceback, never a hang."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smteam.loading import HAS_LIBYAML, load_yaml, locate
from tests.conftest import EXAMPLES, NO_SHARED, SHARED, RunCli

SUITE = SHARED / "yaml-test-suite" / "cases"
CASES = sorted(SUITE.glob("*.yaml")) if SUITE.is_dir() else []
pytestmark = pytest.mark.skipif(not CASES, reason=NO_SHARED)
# path:line:col: ... or path: ... (a file-level problem), or validate's closing verdict.
PROBLEM = re.compile(r"^(?P<source>[^:]+?)(:\d+:\d+)?: \S.*$|^FAILED |^smteam: ")


def _check(result_code: int, stderr: str, path: str) -> None:
    assert result_code in (0, 1)
    if result_code == 1:
        lines = stderr.splitlines()
        assert lines, "exit 1 without a message"
        for line in lines:
            assert PROBLEM.match(line), line
        assert any(line.startswith(path) for line in lines)


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 402


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_suite_file_as_candidates_and_as_rubric(path: Path, run_cli: RunCli) -> None:
    for command in ("validate", "rank"):
        result = run_cli(command, str(path))
        _check(result.exit_code, result.stderr, str(path))
    as_rubric = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "--rubric", str(path))
    _check(as_rubric.exit_code, as_rubric.stderr, str(path))


@pytest.mark.parametrize("backend", ["python", *(["libyaml"] if HAS_LIBYAML else [])])
def test_both_parsers_read_every_suite_file_without_crashing(backend: str) -> None:
    outcomes = {True: 0, False: 0}
    for path in CASES:
        data = path.read_bytes()
        loaded = load_yaml(data, path.name, backend=backend)  # type: ignore[arg-type]
        outcomes[loaded.ok] += 1
        assert loaded.ok or loaded.problems
        locate(data, [(), (0,), ("a",), ("candidates", 0, "name")], backend=backend)  # type: ignore[arg-type]
    assert outcomes[True] > 100 and outcomes[False] > 100
