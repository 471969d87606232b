"""The benchmark runs (a smoke run: 50 candidates, one run each, nothing written). Its numbers
are for benchmarks/RESULTS.md, never for the test suite: this machine is shared and noisy."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def test_the_benchmark_runs_and_reports_every_measurement() -> None:
    results = REPO / "benchmarks" / "RESULTS.md"
    before = results.read_bytes() if results.exists() else None
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    # 0 only: a command that fails inside the benchmark also ends it with 1, so accepting 1 would
    # let a broken benchmark pass.
    assert result.returncode == 0, result.stdout + result.stderr
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| measurement | ratio | target")
    names = " ".join(table)
    for measured in [
        "--version",
        "--help",
        "rank examples",
        "YAML",
        "CSV",
        "JSON",
        "every row",
        "report",
    ]:
        assert measured in names
    assert (results.read_bytes() if results.exists() else None) == before


def test_every_resource_case_ends_with_its_exit_code() -> None:
    """The inputs that once made smteam slow or stuck (a FIFO nobody writes, a device as the
    rubric, a scale of fifty million points, ...) each end with the exit code the benchmark
    names. Their times are the benchmark's business (under a second each), not the tests'."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "resources.py"), "--runs", "1", "--codes-only"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == 9
    assert all(row.endswith(("| PASS |", "| SKIPPED (no mknod here) |")) for row in rows), rows
    assert result.returncode == 0, result.stderr


def test_every_other_round_runs_the_commands_in_reverse(monkeypatch: pytest.MonkeyPatch) -> None:
    # A command that always follows the same other one meets the state that one leaves (a
    # run after another's big free took longer): every other round turns the order round, and
    # each command still gets its own times, round by round.
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench", bench)  # its dataclasses look themselves up
    spec.loader.exec_module(bench)
    ran: list[str] = []

    def run_once(command: list[str], cwd: Path) -> object:
        ran.append(command[0])
        return bench.Measured(float(len(ran)), 1.0)

    monkeypatch.setattr(bench, "run_once", run_once)
    first, second = bench.measure([["a"], ["b"]], REPO, 3)
    assert ran == ["a", "b", "a", "b", "b", "a", "a", "b"]  # a warm-up run of each first
    assert first.rounds == (3.0, 6.0, 7.0)
    assert second.rounds == (4.0, 5.0, 8.0)
