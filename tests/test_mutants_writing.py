"""``write_output`` and ``write_new`` refusals and failures, each with its exact message (found
by mutmut on writing.py): a name that means a folder that does not exist, a name the system
cannot take, a block device, a device with no driver, an input hard-linked after one that is
gone, data longer than one write, and a new file in a folder that does not exist; and (fourth
session) links to this process's own descriptors, the file behind standard input, a node
swapped before its opening, a slow FIFO reader, where the temporary file is made, a signal
during the first chunk, and a temporary file that cannot be made.

Device nodes are made inside the test's own folder; nothing here writes to a real device.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smteam.errors import OutputError, SmteamError, UsageError
from smteam.writing import _write_in_place, write_new, write_output


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


@pytest.fixture
def stdin_from(tmp_path: Path) -> Iterator[Path]:
    """Standard input (descriptor 0) reads a file of this test's folder while the test runs."""
    behind = tmp_path / "piped.yaml"
    behind.write_bytes(b"candidates: []\n")
    saved = os.dup(0)
    with behind.open("rb") as stream:
        os.dup2(stream.fileno(), 0)
    try:
        yield behind
    finally:
        os.dup2(saved, 0)
        os.close(saved)


@pytest.mark.parametrize("spelling", ["itself", "hard link", "symlink"])
def test_the_file_behind_stdin_is_protected_only_when_it_was_read(
    spelling: str, stdin_from: Path, tmp_path: Path
) -> None:
    target = {
        "itself": stdin_from,
        "hard link": tmp_path / "hard.yaml",
        "symlink": tmp_path / "soft.yaml",
    }[spelling]
    if spelling == "hard link":
        os.link(stdin_from, target)
    elif spelling == "symlink":
        target.symlink_to(stdin_from)
    with pytest.raises(UsageError) as caught:
        write_output(str(target), b"new\n", inputs=[], stdin_read=True)
    assert str(caught.value) == (
        f"--output {target} is the file standard input was read from; refusing to write over it"
    )
    assert stdin_from.read_bytes() == b"candidates: []\n"
    # Standard input not read (the default): the file is only a file.
    write_output(str(target), b"new\n", inputs=[])
    assert target.read_bytes() == b"new\n"


def test_a_link_to_an_open_descriptor_appends_to_its_file(tmp_path: Path) -> None:
    """``-o /dev/stdout >> log``, in this process: a link to ``/proc/self/fd/N`` where N is
    this test's own descriptor of a log opened to append."""
    log = tmp_path / "log.csv"
    log.write_bytes(b"old line\n")
    inode = log.stat().st_ino
    with log.open("ab") as stream:
        for chain in (["out.csv"], ["out2.csv", "again.csv"]):
            links = [tmp_path / name for name in chain]
            for here, there in zip(links, links[1:], strict=False):
                here.symlink_to(there.name)  # relative, from the link's own folder
            links[-1].symlink_to(f"/proc/self/fd/{stream.fileno()}")
            write_output(str(links[0]), b"new\n", inputs=[])
            assert links[0].is_symlink()
    assert log.read_bytes() == b"old line\nnew\nnew\n"
    assert log.stat().st_ino == inode
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["again.csv", "log.csv", "out.csv", "out2.csv"]


def test_a_relative_link_to_a_closed_descriptor_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # out.csv -> fd.csv (relative) -> /proc/self/fd/987, a descriptor nobody opened; run from
    # another folder, so the relative link is read from its own folder, not the working one.
    (tmp_path / "fd.csv").symlink_to("/proc/self/fd/987")
    (tmp_path / "out.csv").symlink_to("fd.csv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(UsageError) as caught:
        write_output(str(tmp_path / "out.csv"), b"data", inputs=[])
    assert str(caught.value) == (
        f"--output {tmp_path}/out.csv: names a file descriptor that is not open"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "fd.csv", "out.csv"]


def test_a_file_swapped_between_its_check_and_its_opening_is_not_written(tmp_path: Path) -> None:
    # What write_output saw (``status``) is another file than the one opened: a node swapped
    # in between. Nothing is written to it.
    checked, opened = tmp_path / "checked.csv", tmp_path / "opened.csv"
    checked.write_bytes(b"checked\n")
    opened.write_bytes(b"opened\n")
    with pytest.raises(OutputError) as caught:
        _write_in_place(str(opened), b"data", os.stat(checked))
    assert str(caught.value) == f"cannot write {opened}: it changed while it was being opened"
    assert (checked.read_bytes(), opened.read_bytes()) == (b"checked\n", b"opened\n")


def test_a_pipe_gets_more_than_it_holds_from_a_slow_reader(tmp_path: Path) -> None:
    # 1 MiB into a FIFO, which holds 64 KiB: the writes wait for the reader, who starts late,
    # instead of failing with "Resource temporarily unavailable".
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    data = bytes(range(256)) * 4096
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    got: list[bytes] = []

    def read_late() -> None:
        time.sleep(0.3)
        os.set_blocking(reader, True)
        while chunk := os.read(reader, 65536):
            got.append(chunk)

    thread = threading.Thread(target=read_late)
    thread.start()
    try:
        write_output(str(fifo), data, inputs=[])
    finally:
        # Once the writer has closed its end the reader sees the end of the data; were the
        # write to fail, a writer opened here ends the reader too.
        ending = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(ending)
        thread.join(timeout=60)
        os.close(reader)
    assert b"".join(got) == data
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_the_temporary_file_is_made_beside_the_file_it_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In the target's own folder, so that the rename never crosses file systems; a link is
    # written at its target, in the target's folder.
    folder = tmp_path / "out"
    folder.mkdir()
    (tmp_path / "link.csv").symlink_to(folder / "real.csv")
    renamed: list[tuple[Path, Path]] = []
    replace = os.replace

    def spy(source: str, target: Path) -> None:
        renamed.append((Path(source).parent, Path(target)))
        replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_output(str(folder / "new.csv"), b"one\n", inputs=[])
    write_output(str(tmp_path / "link.csv"), b"two\n", inputs=[])
    assert renamed == [(folder, folder / "new.csv"), (folder, folder / "real.csv")]
    assert (folder / "real.csv").read_bytes() == b"two\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_after_the_first_chunk_stops_the_write_at_once(
    signum: signal.Signals, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3 MiB, written a mebibyte at a time: the signal comes with the first write, so the
    # second is never made, and the old file stays.
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")
    delivered: list[int] = []
    writes: list[int] = []

    def ours(caught: int, _frame: object) -> None:
        delivered.append(caught)

    real_write = os.write

    def signalled_write(fd: int, data: bytes | memoryview) -> int:
        writes.append(len(data))
        if len(writes) == 1:
            os.kill(os.getpid(), signum)  # smteam's handler only notes it
        return real_write(fd, data)

    previous = signal.signal(signum, ours)
    monkeypatch.setattr(os, "write", signalled_write)
    try:
        with pytest.raises(OutputError) as raised:
            write_output(str(target), b"x" * (3 << 20), inputs=[])
    finally:
        signal.signal(signum, previous)
    assert str(raised.value) == f"stopped by {signum.name}; {target} was not written"
    assert writes == [1 << 20]
    assert delivered == [signum]
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_temporary_file_that_cannot_be_made_is_a_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(**_: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkstemp", full)
    target = tmp_path / "out.csv"
    with pytest.raises(OutputError) as caught:
        write_output(str(target), b"data", inputs=[])
    assert str(caught.value) == f"cannot write {target}: {os.strerror(errno.ENOSPC)}"
    assert list(tmp_path.iterdir()) == []


def test_a_link_to_an_open_descriptor_named_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(b"old line\n")
    monkeypatch.chdir(tmp_path)
    with log.open("ab") as stream:
        (tmp_path / "out.csv").symlink_to(f"/proc/self/fd/{stream.fileno()}")
        write_output("out.csv", b"new\n", inputs=[])
    assert log.read_bytes() == b"old line\nnew\n"


def test_forty_links_to_a_file_replace_the_file(tmp_path: Path) -> None:
    # As many links as the kernel follows, none of them into /proc: the file at the end is
    # replaced (a new inode), not appended to, and every link stays.
    real = tmp_path / "real.csv"
    real.write_bytes(b"old\n")
    inode = real.stat().st_ino
    chain = [tmp_path / f"link{i:02d}.csv" for i in range(40)]
    for here, there in zip(chain, [*chain[1:], real], strict=True):
        here.symlink_to(there.name)
    write_output(str(chain[0]), b"new\n", inputs=[])
    assert real.read_bytes() == b"new\n"
    assert real.stat().st_ino != inode
    assert all(link.is_symlink() for link in chain)
