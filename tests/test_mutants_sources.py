"""Inputs that cannot be read, each named with the reason (found by mutmut on the reading half
of the old files module, now reading/sources.py): a block device, and a path through a file
as if it were a folder. The device node is made inside the test's own folder and never
opened."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from smteam.errors import RubricError
from smteam.reading import sources
from tests.conftest import RunCli


def test_a_block_device_is_not_read(run_cli: RunCli, tmp_path: Path) -> None:
    disk = tmp_path / "disk.yaml"
    try:
        os.mknod(disk, stat.S_IFBLK | 0o666, os.makedev(7, 200))
    except PermissionError:
        pytest.skip("making device nodes is not permitted here")
    result = run_cli("validate", str(disk))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{disk}: is a block device, expected a regular file or a pipe",
        f"FAILED {disk} (1 error)",
    ]


def test_a_path_through_a_file_says_what_the_system_said(run_cli: RunCli, tmp_path: Path) -> None:
    real = tmp_path / "team.yaml"
    real.write_text("candidates: []\n", encoding="utf-8")
    inside = real / "more.yaml"
    result = run_cli("validate", str(inside))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{inside}: cannot read it: {os.strerror(errno.ENOTDIR)}",
        f"FAILED {inside} (1 error)",
    ]


@pytest.mark.parametrize("layout", ["installed", "checkout"])
def test_the_builtin_rubrics_are_found_in_the_package_or_the_checkout(
    layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed package carries smteam/rubrics/; a source checkout has rubrics/ at the top,
    # beside src/. The module's own file decides which (laid out here, nothing installed).
    if layout == "installed":
        module = tmp_path / "site" / "smteam" / "reading" / "sources.py"
        expected = tmp_path / "site" / "smteam" / "rubrics"
    else:
        module = tmp_path / "repo" / "src" / "smteam" / "reading" / "sources.py"
        expected = tmp_path / "repo" / "rubrics"
    module.parent.mkdir(parents=True)
    expected.mkdir(parents=True)
    (expected / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    monkeypatch.setattr(sources, "__file__", str(module))
    assert sources._builtin_folder() == expected
    assert sources.builtin_rubric_names() == ["mine"]


def test_an_unknown_builtin_rubric_is_named_with_the_builtin_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rubrics"
    folder.mkdir()
    for name in ("beta", "alpha"):
        (folder / f"{name}.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    monkeypatch.setattr(sources, "_builtin_folder", lambda: folder)
    with pytest.raises(RubricError) as caught:
        sources.find_rubric("gamma")
    assert [(p.source, p.message) for p in caught.value.problems] == [
        (
            "gamma",
            "no built-in rubric named 'gamma' (built-in rubrics: alpha, beta; a rubric file is "
            "named by a path ending in .yaml)",
        )
    ]


def test_a_builtin_rubric_that_cannot_be_read_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rubrics"
    (folder / "broken.yaml").mkdir(parents=True)  # listed by its name, but a folder
    monkeypatch.setattr(sources, "_builtin_folder", lambda: folder)
    with pytest.raises(RubricError) as caught:
        sources.find_rubric("broken")
    assert [(p.source, p.message) for p in caught.value.problems] == [
        ("built-in rubric broken", "is a folder, expected a file")
    ]
