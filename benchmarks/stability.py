"""``smteam rank --stability`` (SMAA-2, 10,000 weight samples, 15 traits) against a floor that
does only the numpy work: one matrix product of samples x candidates and an argsort per sample.

    python benchmarks/stability.py            # 1,000 and 10,000 candidates, 3 runs each
    python benchmarks/stability.py --smoke    # 50 candidates, 200 samples, once

Each measurement is a whole process (Python start-up and imports included on both sides),
after a warm-up run; the median of the runs. Targets: at most 3x the floor, and time growing
about linearly in samples and in candidates. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 2026
TRAITS = [f"t{i:02d}" for i in range(1, 16)]

FLOOR = """\
import sys
import numpy as np
n, samples = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
values = rng.integers(1, 6, size=(n, 15)).astype(float)
weights = rng.uniform(0.75, 1.25, size=(samples, 15))
scores = weights @ values.T
order = np.argsort(-scores, axis=1)
print(order[:, 0].sum())
"""


def write_inputs(folder: Path, n: int) -> tuple[Path, Path]:
    """A 15-trait rubric (weights 1 to 3, no must-haves, so everyone is ranked) and n
    candidates rated 1 to 5 at random, as CSV."""
    rng = random.Random(SEED + n)
    rubric = folder / "fifteen.yaml"
    lines = ["name: fifteen", "title: Fifteen traits", "scale: {min: 1, max: 5}", "traits:"]
    for i, trait in enumerate(TRAITS):
        lines.append(
            f"  - {{id: {trait}, label: Trait {trait}, weight: {1 + i % 3}, "
            "description: A generated trait.}"
        )
    rubric.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = folder / f"candidates-{n}.csv"
    with data.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "department", *TRAITS])
        for i in range(n):
            writer.writerow(
                [f"Candidate {i:06d}", "Marketing", *(rng.randint(1, 5) for _ in TRAITS)]
            )
    return rubric, data


def timed(command: list[str], runs: int) -> float:
    """The median wall time of ``runs`` runs after a warm-up run."""
    subprocess.run(command, check=True, capture_output=True)
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        found.append(time.perf_counter() - start)
    return statistics.median(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="50 candidates, 200 samples, once")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [(50, 200)] if args.smoke else [(1_000, 10_000), (10_000, 10_000), (10_000, 5_000)]
    runs = 1 if args.smoke else args.runs
    rows = []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor_script = folder / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        for n, samples in sizes:
            rubric, data = write_inputs(folder, n)
            smteam = [
                *(sys.executable, "-m", "smteam", "rank", str(data), "--rubric", str(rubric)),
                *("--stability", "--samples", str(samples), "--top", "20", "-f", "csv"),
                *("-o", str(folder / "out.csv")),
            ]
            floor = [sys.executable, str(floor_script), str(n), str(samples)]
            ours, base = timed(smteam, runs), timed(floor, runs)
            ratio = ours / base
            target = samples == 10_000
            ok = ratio <= 3
            failed |= target and not ok and not args.smoke
            rows.append(
                f"| {n:,} candidates x {samples:,} samples | {ratio:.2f} | "
                f"{'<= 3' if target else 'reported'} | "
                f"{('PASS' if ok else 'FAIL') if target else ''} | {ours:.2f} s vs {base:.2f} s |"
            )
    print("| rank --stability / numpy floor | ratio | target | result | measured |")
    print("|---|---:|---|---|---|")
    print("\n".join(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
