"""``write_output`` and ``write_new`` refusals and failures, each with its exact message (found
by mutmut on writing.py): a name that means a folder that does not exist, a name the system
cannot take, a block device, a device with no driver, an input hard-linked after one that is
gone, data longer than one write, and a new file in a folder that does not exist.

Device nodes are made inside the test's own folder; nothing here writes to a real device.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from smteam.errors import OutputError, SmteamError, UsageError
from smteam.writing import write_new, write_output


def node(path: Path, kind: int, device: tuple[int, int]) -> Path:
    try:
        os.mknod(path, kind | 0o666, os.makedev(*device))
    except PermissionError:
        pytest.skip("making device nodes is not permitted here")
    return path


LONG = "x" * 300  # one name longer than the 255 bytes a Linux file system takes


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("", UsageError, "--output needs a file name"),
        (
            "{tmp}/nope/.",
            UsageError,
            "--output {tmp}/nope/.: the folder '{tmp}/nope/.' does not exist",
        ),
        (
            "{tmp}/nope/..",
            UsageError,
            "--output {tmp}/nope/..: the folder '{tmp}/nope/..' does not exist",
        ),
        ("{tmp}/" + LONG, OutputError, "cannot write {tmp}/" + LONG + ": File name too long"),
    ],
    ids=["empty", "dot-in-missing-folder", "dotdot-in-missing-folder", "name-too-long"],
)
def test_names_that_cannot_be_written(
    name: str, error: type[SmteamError], message: str, tmp_path: Path
) -> None:
    with pytest.raises(error) as caught:
        write_output(name.format(tmp=tmp_path), b"data", inputs=[])
    assert str(caught.value) == message.format(tmp=tmp_path)


def test_a_block_device_is_refused(tmp_path: Path) -> None:
    device = node(tmp_path / "disk", stat.S_IFBLK, (7, 200))  # a loop device number, not opened
    with pytest.raises(UsageError) as caught:
        write_output(str(device), b"data", inputs=[])
    assert str(caught.value) == (
        f"--output {device}: is a block device; smteam writes to files, character devices and pipes"
    )


def test_a_character_device_with_no_driver_says_why(tmp_path: Path) -> None:
    # Major number 240 is reserved for local use: opening it fails with ENXIO, which for a
    # device (not a pipe) is the system's own words, not "no program is reading".
    device = node(tmp_path / "nodev", stat.S_IFCHR, (240, 0))
    with pytest.raises(OutputError) as caught:
        write_output(str(device), b"data", inputs=[])
    assert str(caught.value) == f"cannot write {device}: {os.strerror(errno.ENXIO)}"


def test_an_input_after_one_that_is_gone_is_still_protected(tmp_path: Path) -> None:
    gone = tmp_path / "gone.yaml"
    real = tmp_path / "real.yaml"
    real.write_bytes(b"candidates: []\n")
    link = tmp_path / "link.yaml"
    os.link(real, link)
    with pytest.raises(UsageError) as caught:
        write_output(str(link), b"data", inputs=[gone, real])
    assert str(caught.value) == f"--output {link} is an input file; refusing to write over it"
    assert real.read_bytes() == b"candidates: []\n"


def test_data_longer_than_one_write_is_written_whole(tmp_path: Path) -> None:
    data = bytes(range(256)) * 20000  # 5,120,000 bytes: several writes of a mebibyte
    target = tmp_path / "out.csv"
    write_output(str(target), data, inputs=[])
    assert target.read_bytes() == data


def test_write_new_in_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "candidates.yaml"
    with pytest.raises(OutputError) as caught:
        write_new(path, b"data")
    assert str(caught.value) == f"cannot write {path}: No such file or directory"
