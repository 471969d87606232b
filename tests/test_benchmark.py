"""The benchmark runs (a smoke run: 50 candidates, one run each, nothing written). Its numbers
are for benchmarks/RESULTS.md, never for the test suite: this machine is shared and noisy."""

from __future__ import annotations

import subprocess
import sys

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
