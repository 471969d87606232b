"""The installed package: the console script, ``python -m smteam``, the rubrics inside it, and
the README's commands that CI runs."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import smteam
from smteam.reading.sources import _builtin_folder
from tests.conftest import EXAMPLES, REPO, RUBRICS

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        args, capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO, timeout=60
    )


def _console_script() -> str:
    script = shutil.which("smteam", path=str(BIN)) or shutil.which("smteam")
    assert script, "the smteam console script is not installed: run the README's install first"
    return script


def test_the_installed_console_script_ranks_the_example() -> None:
    script = _console_script()
    assert _run(script, "--version").stdout == f"smteam {smteam.__version__}\n"
    result = _run(script, "rank", "examples/candidates.yaml", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10 and rows[0]["rank"] == "1"
    broken = _run(script, "rank", "examples/custom-rubric.yaml")
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr


def test_python_dash_m_smteam() -> None:
    result = _run(sys.executable, "-m", "smteam", "validate", "examples/candidates.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK examples/candidates.yaml (10 candidates)\n"


def test_the_builtin_rubrics_are_the_repository_ones() -> None:
    folder = _builtin_folder()
    installed_copy = not Path(smteam.__file__).resolve().is_relative_to(REPO / "src")
    if installed_copy:
        # A non-editable install must carry the rubrics inside the package.
        assert folder == Path(smteam.__file__).resolve().parent / "rubrics"
    else:
        assert folder == RUBRICS
    shipped = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    assert shipped == {p.name: p.read_bytes() for p in RUBRICS.glob("*.yaml")}


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quickstart = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quickstart)


def test_the_quickstart_has_two_commands_and_ci_runs_the_second() -> None:
    install_and_rank, install_and_test = _readme_commands()
    assert install_and_rank == "python -m pip install . && smteam rank examples/candidates.yaml"
    assert install_and_test == 'python -m pip install ".[test]" && python -m pytest'
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\n{install_and_test}\n" in ci
    assert (EXAMPLES / "candidates.yaml").is_file()


def test_the_pre_commit_hook_checks_smteam_files_and_leaves_other_yaml_alone() -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hooks[0]["files"])  # pre-commit matches with re.search
    checked = [
        "candidates.yaml",
        "hiring/candidates.csv",
        "hiring/2026-spring.yml",
        "hiring/panel.jsonl",
        "team/rubric.yaml",
        "docs/custom-rubric.yml",
        "panel.json",
        "candidates/kim.ndjson",
    ]
    left_alone = [
        ".github/workflows/ci.yml",
        ".pre-commit-config.yaml",
        "docker-compose.yaml",
        "hiring/README.md",
        "hiring/notes.txt",
        "mkdocs.yml",
    ]
    assert [p for p in checked if not pattern.search(p)] == []
    assert [p for p in left_alone if pattern.search(p)] == []
    assert "types" not in hooks[0]  # types: [yaml] would skip CSV and JSON candidate files


def test_the_package_is_marked_as_typed() -> None:
    # PEP 561: without py.typed, mypy ignores smteam's hints in projects that import it. From a
    # non-editable install (as .ci/run makes) this checks that the wheel ships the marker.
    marker = Path(smteam.__file__).resolve().parent / "py.typed"
    assert marker.is_file()
    assert marker.read_bytes() == b""
