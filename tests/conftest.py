"""Shared fixtures: the CLI run in-process with a pinned width and no colour, and helpers to
write small input files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from smteam.cli import app
from smteam.formats.plain_cells import Keyed

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
RUBRICS = REPO / "rubrics"

TINY = """\
name: tiny
title: Tiny
scale: {min: 1, max: 5}
traits:
  - {id: reach, label: Reach, weight: 1}
  - {id: voice, label: Voice, weight: 3}
  - {id: pace, label: Pace, weight: 2}
"""
"""A rubric small enough to work scores out by hand: scale 1 to 5, weights 1, 3 and 2."""
DATA = Path(__file__).resolve().parent / "data"
SHARED = REPO.parent / "shared"
NO_SHARED = f"{SHARED} is absent (it sits beside the repository on the developers' machine only)"


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None
    stdout_bytes: bytes


RunCli = Callable[..., Run]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run ``smteam`` in-process: exit code, stdout and stderr, at 200 columns, no colour."""

    def run(
        *args: str, input: str | bytes | None = None, env: dict[str, str | None] | None = None
    ) -> Run:
        runner = CliRunner()
        result = runner.invoke(
            app,
            list(args),
            input=input,
            env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", **(env or {})},
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(
            result.exit_code, result.stdout, result.stderr, result.exception, result.stdout_bytes
        )

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file under the test's temporary folder and return its path."""

    def write_file(text: str | bytes, name: str = "candidates.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write_file


def column_texts(found: Any) -> Any:
    """The cells of a column (:class:`Keyed`), of each of a list of columns, or None; each
    checked against the same cells as bytes, with an end."""
    if found is None:
        return None
    if isinstance(found, list):
        return [column_texts(column) for column in found]
    assert isinstance(found, Keyed)
    cells = found.cells()
    assert found.encoded(";\r\n").tolist() == [(cell + ";\r\n").encode() for cell in cells]
    return cells
