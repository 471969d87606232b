"""README "Output": the same files give byte-identical output on every run. Each case runs
``python -m smteam`` in two separate processes with different string hash seeds (which change
the order of sets and of hash-keyed work in Python), and compares the bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, REPO

SEEDS = ("1", "31337")
FORMATS = ("table", "text", "csv", "json", "jsonl", "markdown")
EXAMPLE_FILES = ("candidates.yaml", "candidates.csv", "custom-candidates.yaml", "panel.yaml")


def run_twice(*args: str) -> tuple[bytes, bytes]:
    """stdout of ``python -m smteam ARGS`` under each seed, the two processes side by side;
    each run must succeed."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "smteam", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "160", "NO_COLOR": "1"},
            cwd=REPO,
        )
        for seed in SEEDS
    ]
    outputs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode("utf-8", "replace")
        assert stdout, args
        outputs.append(stdout)
    return outputs[0], outputs[1]


@pytest.mark.parametrize("output", FORMATS)
@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_rank_is_byte_identical_across_processes_and_hash_seeds(example: str, output: str) -> None:
    first, second = run_twice("rank", str(Path("examples") / example), "-f", output)
    assert first == second


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_rank_of_json_inputs_is_byte_identical(suffix: str, tmp_path: Path) -> None:
    document = yaml.safe_load((EXAMPLES / "candidates.yaml").read_text(encoding="utf-8"))
    path = tmp_path / f"candidates{suffix}"
    if suffix == ".json":
        text = json.dumps(document, indent=2)
    else:
        text = "".join(json.dumps(candidate) + "\n" for candidate in document["candidates"])
    path.write_text(text, encoding="utf-8")
    first, second = run_twice("rank", str(path), "-f", "csv", "--rubric", "social-media-lead")
    assert first == second
    assert first == run_twice("rank", "examples/candidates.yaml", "-f", "csv")[0]


@pytest.mark.parametrize(
    "args",
    [
        ("explain", "examples/panel.yaml", "Tom Becker", "-f", "json"),
        ("raters", "examples/panel.yaml", "-f", "table"),
        ("rank", "examples/panel.yaml", "--blind", "-f", "csv"),
    ],
    ids=["explain", "raters", "blind"],
)
def test_panel_views_are_byte_identical(args: tuple[str, ...]) -> None:
    first, second = run_twice(*args)
    assert first == second
