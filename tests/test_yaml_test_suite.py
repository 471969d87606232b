"""Every input of the YAML test suite (../shared/yaml-test-suite), as a candidates file and as a
rubric, ends in exit 0 or 1 with a clear message: never a traceback, never a hang."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smteam.reading.yamlfile import HAS_LIBYAML, load_yaml, locate
from tests.conftest import EXAMPLES, NO_SHARED, SHARED, RunCli

SUITE = SHARED / "yaml-test-suite" / "cases"
CASES = sorted(SUITE.glob("*.yaml")) if SUITE.is_dir() else []
pytestmark = pytest.mark.skipif(not CASES, reason=NO_SHARED)
VERDICT = re.compile(
    r"^(?:FAILED (?P<file>.+) \(\d+ errors?\)|smteam: \d+ errors?; nothing was ranked\.)$"
)
"""validate's closing verdict on a file, and rank's closing count: the only lines that are not
problems."""
PLACED = re.compile(r"^:[1-9]\d*:[1-9]\d*: \S")
"""What follows the file's name in a problem with a place: ``:line:col: ...``."""


def _check(result_code: int, stderr: str, *paths: str) -> None:
    """Exit 0, or exit 1 where every line is a problem shaped ``file:line:col: message`` or
    ``file: message`` naming one of the files given (or a closing verdict), and one of them
    names the suite file (the first of ``paths``)."""
    assert result_code in (0, 1)
    if result_code == 1:
        lines = stderr.splitlines()
        assert lines, "exit 1 without a message"
        verdicts = [m for m in map(VERDICT.match, lines) if m]
        assert all(m["file"] in (None, *paths) for m in verdicts), stderr
        problems = [line for line in lines if not VERDICT.match(line)]
        assert problems, stderr
        for line in problems:
            named = [p for p in paths if line.startswith(p)]
            assert named, f"names none of {paths}: {line}"
            rest = line[len(named[0]) :]
            assert PLACED.match(rest) or (rest.startswith(": ") and rest[2:3].strip()), line
        assert any(line.startswith(paths[0]) for line in problems), stderr


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 402


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_suite_file_as_candidates_and_as_rubric(path: Path, run_cli: RunCli) -> None:
    for command in ("validate", "rank"):
        result = run_cli(command, str(path))
        _check(result.exit_code, result.stderr, str(path))
    example = str(EXAMPLES / "candidates.yaml")
    as_rubric = run_cli("rank", example, "--rubric", str(path))
    _check(as_rubric.exit_code, as_rubric.stderr, str(path), example)


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
