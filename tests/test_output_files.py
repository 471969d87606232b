"""Writing files (README "Writing files" and ``init``): a replaced file keeps its own
permissions, a hard link to an input is refused however it is spelt, and a new file is never
written over one that appeared in the meantime."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from smteam.errors import UsageError
from smteam.writing import write_new
from tests.conftest import EXAMPLES, RunCli

EXAMPLE = str(EXAMPLES / "candidates.yaml")


@pytest.fixture
def umask_022() -> Iterator[None]:
    """A known umask, so that a new file's mode (0644) differs from the kept one (0640)."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_a_replaced_file_keeps_its_permissions(mode: int, run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "shortlist.csv"
    target.write_text("yesterday\n", encoding="utf-8")
    target.chmod(mode)
    result = run_cli("rank", EXAMPLE, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("rank,name,department,score")
    assert target.stat().st_mode & 0o7777 == mode


@pytest.mark.usefixtures("umask_022")
def test_a_new_file_gets_0644_under_umask_022(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "shortlist.csv"
    assert run_cli("rank", EXAMPLE, "-o", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o7777 == 0o644  # 0666 without the umask's 0022


def test_a_hard_link_to_an_input_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    original = (EXAMPLES / "candidates.yaml").read_bytes()
    source = tmp_path / "candidates.yaml"
    source.write_bytes(original)
    linked = tmp_path / "shortlist.csv"
    os.link(source, linked)  # another name for the same file: no symlink to resolve
    result = run_cli("rank", str(source), "-f", "csv", "-o", str(linked))
    assert result.exit_code == 2
    assert result.stderr == (
        f"smteam: --output {linked} is an input file; refusing to write over it\n"
    )
    assert linked.read_bytes() == original
    assert os.path.samefile(source, linked)  # still one file: nothing replaced the link
    assert sorted(p.name for p in tmp_path.iterdir()) == ["candidates.yaml", "shortlist.csv"]


def test_write_new_never_writes_over_an_existing_file(tmp_path: Path) -> None:
    # what init meets when a file appears between its check and its write
    path = tmp_path / "candidates.yaml"
    path.write_text("someone else's file\n", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        write_new(path, b"starter\n")
    assert str(path) in str(raised.value)
    assert path.read_text(encoding="utf-8") == "someone else's file\n"


def test_write_new_creates_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "candidates.yaml"
    write_new(path, b"starter\n")
    assert path.read_bytes() == b"starter\n"
