"""Timing smoke for the inputs that once made smteam slow, hungry or stuck (issue 10).

Each case builds its files in a temporary folder, runs the real command in a new process
(`python -m smteam ...`) once to warm up, then three times, and reports the median wall time
and the exit code. The children may cache compiled bytecode whatever the caller's
PYTHONDONTWRITEBYTECODE says: an installed smteam runs from compiled files, and compiling every
module on every run would add a fifth of a second that no user pays.
Every case must end with the exit code it names, in under a second. Devices and FIFOs are
private ones made in the temporary folder, never the machine's own /dev.

    python benchmarks/resources.py            # every case, a table, exit 1 if one misses
    python benchmarks/resources.py --runs 1   # quicker, one run per case

The test suite runs it with ``--runs 1 --codes-only``, which judges the exit codes alone:
timing targets live here, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import stat
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LIMIT_SECONDS = 1.0
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[str] | None]
    """Writes the case's files into a folder and returns smteam's arguments (None: the
    machine cannot make this case, e.g. no permission to make a device node)."""
    exit_code: int


def _rubric(traits: int, *, span: tuple[int, int] = (1, 5), groups: int = 0) -> str:
    lines = [
        "name: big",
        "title: Big",
        f"scale: {{min: {span[0]}, max: {span[1]}}}",
        "traits:",
    ]
    for i in range(traits):
        group = f"\n    group: g{i % groups}" if groups else ""
        lines.append(f"  - id: t{i}\n    label: T{i}\n    weight: {1 + i % 3}{group}")
    return "\n".join(lines) + "\n"


def _one_candidate(rubric: str, traits: int, rating: int = 1) -> str:
    ratings = ", ".join(f"t{i}: {rating}" for i in range(traits))
    return (
        f"rubric: {rubric}\ncandidates:\n  - name: Kim Lee\n    department: Marketing\n"
        f"    ratings: {{{ratings}}}\n"
    )


def wide_scale(folder: Path) -> list[str]:
    (folder / "rubric.yaml").write_text(_rubric(1, span=(0, 50_000_000)))
    (folder / "c.yaml").write_text(_one_candidate("rubric.yaml", 1, rating=25_000_000))
    return ["rank", str(folder / "c.yaml")]


def many_traits(folder: Path) -> list[str]:
    (folder / "rubric.yaml").write_text(_rubric(20_000))
    (folder / "c.yaml").write_text(_one_candidate("rubric.yaml", 20_000))
    return ["rank", str(folder / "c.yaml")]


def group_per_trait(folder: Path) -> list[str]:
    """As many traits and groups as a rubric may have, one group per trait up to the limit."""
    (folder / "rubric.yaml").write_text(_rubric(1_000, groups=100))
    (folder / "c.yaml").write_text(_one_candidate("rubric.yaml", 1_000, rating=3))
    return ["rank", str(folder / "c.yaml"), "--format", "csv"]


def device_rubric(folder: Path) -> list[str] | None:
    """``rubric:`` naming a character device that never ends (a private copy of /dev/zero)."""
    try:
        os.mknod(folder / "zero", stat.S_IFCHR | 0o444, os.makedev(1, 5))
    except (PermissionError, OSError):
        return None
    (folder / "c.yaml").write_text(_one_candidate(str(folder / "zero"), 1))
    return ["rank", str(folder / "c.yaml")]


def fifo_rubric(folder: Path) -> list[str]:
    os.mkfifo(folder / "rubric.yaml")
    (folder / "c.yaml").write_text(_one_candidate("rubric.yaml", 1))
    return ["rank", str(folder / "c.yaml")]


def fifo_input(folder: Path) -> list[str]:
    os.mkfifo(folder / "c.yaml")
    return ["rank", str(folder / "c.yaml")]


def huge_integer(folder: Path) -> list[str]:
    text = (Path(__file__).resolve().parents[1] / "examples" / "candidates.yaml").read_text()
    (folder / "c.yaml").write_text(text.replace("brand-values: 4", "brand-values: " + "9" * 5000))
    return ["rank", str(folder / "c.yaml")]


def explain_many_raters(folder: Path) -> list[str]:
    raters = 5_000
    traits = ["empathy", "transparency", "responsiveness", "adaptability", "connectedness"]
    lines = ["rubric: five-core-skills", "candidates:"]
    # Kim has the 5,000 raters that made explain quadratic; Ana, three, so that Kim has
    # someone to be ranked against without doubling the file.
    for who, panel in (("Kim Lee", raters), ("Ana Ruiz", 3)):
        lines += [f"  - name: {who}", "    department: Marketing", "    reviews:"]
        for r in range(panel):
            ratings = ", ".join(f"{t}: {1 + (r + i) % 5}" for i, t in enumerate(traits))
            lines.append(f"      - {{rater: Rater {r}, ratings: {{{ratings}}}}}")
    (folder / "panel.yaml").write_text("\n".join(lines) + "\n")
    return ["explain", str(folder / "panel.yaml"), "Kim Lee", "--format", "json"]


def unknown_columns(folder: Path) -> list[str]:
    columns = 100_000
    header = "name,department," + ",".join(f"unknown-{i}" for i in range(columns))
    row = ",".join("4" for _ in range(columns))
    rows = [f"Person {r},Marketing,{row}" for r in range(20)]
    (folder / "c.csv").write_text(header + "\n" + "\n".join(rows) + "\n")
    return ["rank", str(folder / "c.csv")]


CASES = [
    Case("scale 0 to 50,000,000", wide_scale, 1),
    Case("20,000 traits", many_traits, 1),
    Case("1,000 traits in 100 groups, CSV", group_per_trait, 0),
    Case("rubric: a device that never ends", device_rubric, 1),
    Case("rubric: a FIFO nobody writes", fifo_rubric, 1),
    Case("candidates: a FIFO nobody writes", fifo_input, 1),
    Case("a 5,000-digit integer", huge_integer, 1),
    Case("explain a candidate of 5,000 raters", explain_many_raters, 0),
    Case("100,000 unknown CSV columns x 20 rows", unknown_columns, 1),
]


def _child_environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def _run(args: list[str]) -> tuple[int, float, str]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "smteam", *args],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
            env=_child_environment(),
        )
    except subprocess.TimeoutExpired:
        return -1, float(TIMEOUT_SECONDS), "timed out"
    elapsed = time.perf_counter() - start
    return done.returncode, elapsed, done.stderr.decode("utf-8", "replace")[-300:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (median reported)")
    parser.add_argument(
        "--codes-only", action="store_true", help="judge exit codes only, not time (for tests)"
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    print("| case | exit | expected | median time | target | result |")
    print("|---|---:|---:|---:|---|---|")
    failed = 0
    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            args = case.build(Path(folder))
            if args is None:
                print(f"| {case.name} | | {case.exit_code} | | < 1 s | SKIPPED (no mknod here) |")
                continue
            if not arguments.codes_only:
                _run(args)  # warm-up: bytecode cached, files in the page cache
            results = [_run(args) for _ in range(runs)]
        codes = {code for code, _, _ in results}
        median = statistics.median(seconds for _, seconds, _ in results)
        ok = codes == {case.exit_code} and (arguments.codes_only or median < LIMIT_SECONDS)
        failed += not ok
        code = "/".join(map(str, sorted(codes)))
        verdict = "PASS" if ok else "FAIL"
        print(f"| {case.name} | {code} | {case.exit_code} | {median:.2f} s | < 1 s | {verdict} |")
        if codes != {case.exit_code}:
            print(f"  stderr: {results[-1][2]!r}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
