"""--output onto anything but a plain file, the files it must never replace, temporary files
and signals, and standard output that cannot be written: cases, one table per concern.

Device nodes and FIFOs are private copies made in the test's folder; nothing here writes to
the real /dev or /proc.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from smteam.errors import OutputError, UsageError
from smteam.reading import sources as files
from smteam.writing import write_output
from tests.conftest import EXAMPLES, RUBRICS, RunCli

EXAMPLE = str(EXAMPLES / "candidates.yaml")
TEMPORARY = re.compile(r"\.smteam-[A-Za-z0-9_]{8}\.tmp")
OLD = b"yesterday's shortlist\n"


def _node(path: Path, kind: int, major: int, minor: int) -> None:
    try:
        os.mknod(path, kind | 0o600, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making device nodes is not permitted here (mknod needs CAP_MKNOD)")


def _csv(run_cli: RunCli) -> bytes:
    """The example's ranking as CSV on standard output, for comparison."""
    return run_cli("rank", EXAMPLE, "-f", "csv").stdout_bytes


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".smteam-*"))


# --- what --output does with each kind of path ---------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of --output path: how to make it, what smteam must answer (``{t}`` stands for
    the path as given), and what must hold afterwards."""

    make: Callable[[Path], str]
    code: int
    stderr: str
    holds: Callable[[Path, bytes], None]


def _char_device(minor: int) -> Callable[[Path], str]:
    def make(tmp: Path) -> str:
        _node(tmp / "device", stat.S_IFCHR, 1, minor)
        return str(tmp / "device")

    return make


def _still_char_device(minor: int) -> Callable[[Path, bytes], None]:
    def holds(tmp: Path, csv: bytes) -> None:
        status = (tmp / "device").lstat()
        assert stat.S_ISCHR(status.st_mode)
        assert (os.major(status.st_rdev), os.minor(status.st_rdev)) == (1, minor)

    return holds


def _block_device(tmp: Path) -> str:
    _node(tmp / "disk", stat.S_IFBLK, 7, 0)
    return str(tmp / "disk")


def _still_block_device(tmp: Path, csv: bytes) -> None:
    assert stat.S_ISBLK((tmp / "disk").lstat().st_mode)


def _socket(tmp: Path) -> str:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp / "sock"))
    listener.close()  # the socket file stays
    return str(tmp / "sock")


def _still_socket(tmp: Path, csv: bytes) -> None:
    assert stat.S_ISSOCK((tmp / "sock").lstat().st_mode)


def _fifo(tmp: Path) -> str:
    os.mkfifo(tmp / "pipe")
    return str(tmp / "pipe")


def _still_fifo(tmp: Path, csv: bytes) -> None:
    assert stat.S_ISFIFO((tmp / "pipe").lstat().st_mode)


def _folder(tmp: Path) -> str:
    (tmp / "out").mkdir()
    return str(tmp / "out")


def _folder_slash(tmp: Path) -> str:
    return _folder(tmp) + "/"


def _missing_folder_slash(tmp: Path) -> str:
    return str(tmp / "nodir") + "/"


def _no_file_named_nodir(tmp: Path, csv: bytes) -> None:
    assert not (tmp / "nodir").exists()


def _folder_untouched(tmp: Path, csv: bytes) -> None:
    assert (tmp / "out").is_dir() and list((tmp / "out").iterdir()) == []


def _link_to_file(tmp: Path) -> str:
    (tmp / "real.csv").write_bytes(OLD)
    (tmp / "real.csv").chmod(0o640)
    (tmp / "link.csv").symlink_to("real.csv")
    return str(tmp / "link.csv")


def _target_written_link_kept(tmp: Path, csv: bytes) -> None:
    assert (tmp / "link.csv").is_symlink()
    assert os.readlink(tmp / "link.csv") == "real.csv"
    assert (tmp / "real.csv").read_bytes() == csv
    assert stat.S_IMODE((tmp / "real.csv").stat().st_mode) == 0o640


def _chain_to_new_file(tmp: Path) -> str:
    (tmp / "sub").mkdir()
    (tmp / "sub" / "inner.csv").symlink_to("new.csv")
    (tmp / "outer.csv").symlink_to("sub/inner.csv")
    return str(tmp / "outer.csv")


def _new_target_written_links_kept(tmp: Path, csv: bytes) -> None:
    assert os.readlink(tmp / "outer.csv") == "sub/inner.csv"
    assert os.readlink(tmp / "sub" / "inner.csv") == "new.csv"
    assert (tmp / "sub" / "new.csv").read_bytes() == csv
    assert not (tmp / "sub" / "new.csv").is_symlink()


def _link_into_missing_folder(tmp: Path) -> str:
    (tmp / "link.csv").symlink_to("gone/new.csv")
    return str(tmp / "link.csv")


def _nothing_created(tmp: Path, csv: bytes) -> None:
    assert sorted(p.name for p in tmp.iterdir()) == ["link.csv"]


def _file_0640(tmp: Path) -> str:
    (tmp / "old.csv").write_bytes(OLD)
    (tmp / "old.csv").chmod(0o640)
    return str(tmp / "old.csv")


def _replaced_keeping_0640(tmp: Path, csv: bytes) -> None:
    assert (tmp / "old.csv").read_bytes() == csv
    assert stat.S_IMODE((tmp / "old.csv").stat().st_mode) == 0o640


LONG_NAME = "s" * 247 + ".csv"  # 251 characters: legal, with room for no long temporary name


def _long_name(tmp: Path) -> str:
    return str(tmp / LONG_NAME)


def _long_name_written(tmp: Path, csv: bytes) -> None:
    assert (tmp / LONG_NAME).read_bytes() == csv


def _long_name_existing(tmp: Path) -> str:
    (tmp / LONG_NAME).write_bytes(OLD)
    return str(tmp / LONG_NAME)


KINDS = {
    "char device /dev/null: written through": Kind(_char_device(3), 0, "", _still_char_device(3)),
    "char device /dev/full: disk full, kept": Kind(
        _char_device(7),
        1,
        "smteam: cannot write {t}: No space left on device\n",
        _still_char_device(7),
    ),
    "FIFO with no reader: refused, not blocked": Kind(
        _fifo, 1, "smteam: cannot write {t}: no program is reading from the pipe\n", _still_fifo
    ),
    "block device: refused": Kind(
        _block_device,
        2,
        "smteam: --output {t}: is a block device; smteam writes to files, character devices "
        "and pipes\n",
        _still_block_device,
    ),
    "socket: refused": Kind(
        _socket,
        2,
        "smteam: --output {t}: is a socket; smteam writes to files, character devices and pipes\n",
        _still_socket,
    ),
    "folder: refused": Kind(
        _folder, 2, "smteam: --output {t}: is a folder, expected a file name\n", _folder_untouched
    ),
    "folder/: refused": Kind(
        _folder_slash,
        2,
        "smteam: --output {t}: is a folder, expected a file name\n",
        _folder_untouched,
    ),
    "nodir/: refused, no file nodir": Kind(
        _missing_folder_slash,
        2,
        "smteam: --output {t}: the folder '{t}' does not exist\n",
        _no_file_named_nodir,
    ),
    "symlink to a file: target replaced, link kept": Kind(
        _link_to_file, 0, "", _target_written_link_kept
    ),
    "symlinks to a new file: target created": Kind(
        _chain_to_new_file, 0, "", _new_target_written_links_kept
    ),
    "symlink into a missing folder: refused": Kind(
        _link_into_missing_folder,
        2,
        "smteam: --output {t}: links to '{tmp}/gone/new.csv', in a folder that does not exist\n",
        _nothing_created,
    ),
    "file 0640: replaced, stays 0640": Kind(_file_0640, 0, "", _replaced_keeping_0640),
    "251-character new name": Kind(_long_name, 0, "", _long_name_written),
    "251-character existing name": Kind(_long_name_existing, 0, "", _long_name_written),
}


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_each_kind_of_output_path(kind: Kind, run_cli: RunCli, tmp_path: Path) -> None:
    csv = _csv(run_cli)
    target = kind.make(tmp_path)
    result = run_cli("rank", EXAMPLE, "-f", "csv", "-o", target)
    assert (result.exit_code, result.stdout) == (kind.code, "")
    assert result.stderr == kind.stderr.format(t=target, tmp=tmp_path)
    kind.holds(tmp_path, csv)
    assert _leftovers(tmp_path) == []


def test_a_fifo_with_a_reader_gets_every_byte_and_stays_a_fifo(
    run_cli: RunCli, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reading = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader before smteam opens it
    holding = os.open(fifo, os.O_WRONLY)  # so the reader sees no end of file until we close
    os.set_blocking(reading, True)
    received = bytearray()

    def read_all() -> None:
        while chunk := os.read(reading, 4096):
            received.extend(chunk)

    reader = threading.Thread(target=read_all)
    reader.start()
    try:
        result = run_cli("rank", EXAMPLE, "-f", "csv", "-o", str(fifo))
    finally:
        os.close(holding)
        reader.join()
        os.close(reading)
    assert (result.exit_code, result.stderr) == (0, "")
    assert bytes(received) == _csv(run_cli)
    assert bytes(received).startswith(b"rank,name,")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# --- files an output must never replace ----------------------------------------------------


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


@dataclass(frozen=True)
class Guarded:
    """Files to set up, the command's arguments (``{tmp}`` is the test's folder), the file
    that must not change, and why smteam refuses."""

    setup: Callable[[Path], None]
    args: tuple[str, ...]
    kept: str
    reason: str


def _builtins(tmp: Path) -> None:
    for rubric in RUBRICS.glob("*.yaml"):
        _copy(rubric, tmp / "builtin" / rubric.name)


def _builtins_linked(tmp: Path) -> None:
    os.link(tmp / "builtin" / "who-what-when.yaml", tmp / "hard.yaml")
    (tmp / "soft.yaml").symlink_to(tmp / "builtin" / "five-core-skills.yaml")


def _input_hard_link(tmp: Path) -> None:
    _copy(EXAMPLES / "candidates.yaml", tmp / "team.yaml")
    os.link(tmp / "team.yaml", tmp / "same.yaml")


def _custom(tmp: Path) -> None:
    _copy(EXAMPLES / "custom-candidates.yaml", tmp / "custom-candidates.yaml")
    _copy(EXAMPLES / "custom-rubric.yaml", tmp / "custom-rubric.yaml")
    _copy(EXAMPLES / "custom-rubric.yaml", tmp / "other" / "rubric.yaml")
    os.link(tmp / "other" / "rubric.yaml", tmp / "other-hard.yaml")


GUARDED = {
    "the built-in rubric used": Guarded(
        lambda tmp: None, (EXAMPLE, "-o", "{tmp}/builtin/social-media-lead.yaml"),
        "builtin/social-media-lead.yaml", "a built-in rubric",
    ),
    "a built-in rubric not used": Guarded(
        lambda tmp: None, (EXAMPLE, "-o", "{tmp}/builtin/who-what-when.yaml"),
        "builtin/who-what-when.yaml", "a built-in rubric",
    ),
    "a hard link to a built-in rubric": Guarded(
        _builtins_linked, (EXAMPLE, "-o", "{tmp}/hard.yaml"),
        "builtin/who-what-when.yaml", "a built-in rubric",
    ),
    "a symlink to a built-in rubric": Guarded(
        _builtins_linked, (EXAMPLE, "-o", "{tmp}/soft.yaml"),
        "builtin/five-core-skills.yaml", "a built-in rubric",
    ),
    "a hard link to an input": Guarded(
        _input_hard_link, ("{tmp}/team.yaml", "-o", "{tmp}/same.yaml"),
        "team.yaml", "an input file",
    ),
    "the rubric a file names, overridden by --rubric": Guarded(
        _custom,
        ("{tmp}/custom-candidates.yaml", "--rubric", "{tmp}/other/rubric.yaml",
         "-o", "{tmp}/custom-rubric.yaml"),
        "custom-rubric.yaml", "an input file",
    ),
    "a hard link to the --rubric file": Guarded(
        _custom,
        ("{tmp}/custom-candidates.yaml", "--rubric", "{tmp}/other/rubric.yaml",
         "-o", "{tmp}/other-hard.yaml"),
        "other/rubric.yaml", "an input file",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", GUARDED.values(), ids=GUARDED.keys())
def test_never_written_over(
    case: Guarded, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_builtin_folder", lambda: tmp_path / "builtin")
    _builtins(tmp_path)
    case.setup(tmp_path)
    kept = tmp_path / case.kept
    before = kept.read_bytes()
    args = [arg.format(tmp=tmp_path) for arg in case.args]
    result = run_cli("rank", "-f", "csv", *args)
    target = args[args.index("-o") + 1]
    assert result.exit_code == 2
    assert (
        result.stderr == f"smteam: --output {target} is {case.reason}; refusing to write over it\n"
    )
    assert kept.read_bytes() == before
    assert _leftovers(tmp_path) == []


def _smteam(
    *args: str, stdin: IO[bytes] | None = None, stdout: IO[bytes] | int | None = None
) -> subprocess.Popen[bytes]:
    """``python -m smteam`` in a child process, with this test's environment (PYTHONPATH)."""
    command = [sys.executable, "-m", "smteam", *args]
    return subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)


@pytest.mark.parametrize("spelling", ["itself", "hard link", "symlink"])
def test_never_written_over_the_file_behind_stdin(spelling: str, tmp_path: Path) -> None:
    source = _copy(EXAMPLES / "candidates.yaml", tmp_path / "piped.yaml")
    target = {
        "itself": source,
        "hard link": tmp_path / "hard.yaml",
        "symlink": tmp_path / "soft.yaml",
    }[spelling]
    if spelling == "hard link":
        os.link(source, target)
    elif spelling == "symlink":
        target.symlink_to(source)
    with source.open("rb") as stdin:
        child = _smteam("rank", "-", "-f", "csv", "-o", str(target), stdin=stdin)
        _, stderr = child.communicate(timeout=120)
    assert child.returncode == 2
    assert (
        stderr
        == (
            f"smteam: --output {target} is the file standard input was read from; refusing to "
            "write over it\n"
        ).encode()
    )
    assert source.read_bytes() == (EXAMPLES / "candidates.yaml").read_bytes()


# --- descriptor paths: /dev/stdout and the like, through symlinks made here -----------------


@pytest.mark.parametrize("links", [1, 2])
def test_a_link_to_a_descriptor_writes_to_the_pipe(links: int, tmp_path: Path) -> None:
    first = tmp_path / "stdout.csv"
    chain = [first, tmp_path / "again.csv"][:links]
    for here, there in zip(chain, chain[1:], strict=False):
        here.symlink_to(there)
    chain[-1].symlink_to("/proc/self/fd/1")
    child = _smteam("rank", EXAMPLE, "-f", "csv", "-o", str(first), stdout=subprocess.PIPE)
    out, err = child.communicate(timeout=120)
    assert (child.returncode, err) == (0, b"")
    plain = _smteam("rank", EXAMPLE, "-f", "csv", stdout=subprocess.PIPE).communicate(timeout=120)[
        0
    ]
    assert out == plain and out.startswith(b"rank,name,department,score,")
    assert first.is_symlink() and os.readlink(chain[-1]) == "/proc/self/fd/1"
    assert _leftovers(tmp_path) == []


def test_a_link_to_a_descriptor_appends_to_its_file(tmp_path: Path) -> None:
    """``smteam rank ... -o /dev/stdout >> log``: the log keeps its lines and its inode."""
    log = tmp_path / "log.csv"
    log.write_bytes(OLD)
    inode = log.stat().st_ino
    (tmp_path / "stdout.csv").symlink_to("/proc/self/fd/1")
    with log.open("ab") as stdout:
        child = _smteam("rank", EXAMPLE, "-f", "csv", "-o", str(tmp_path / "stdout.csv"),
                        stdout=stdout)  # fmt: skip
        _, err = child.communicate(timeout=120)
    assert (child.returncode, err) == (0, b"")
    written = log.read_bytes()
    assert written.startswith(OLD + b"rank,name,") and b"Ana Ruiz" in written
    assert log.stat().st_ino == inode


def test_a_link_to_a_closed_descriptor_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fd9.csv").symlink_to("/proc/self/fd/9")  # the child has no descriptor 9
    child = _smteam("rank", EXAMPLE, "-o", str(tmp_path / "fd9.csv"), stdout=subprocess.PIPE)
    out, err = child.communicate(timeout=120)
    assert (child.returncode, out) == (2, b"")
    refused = f"smteam: --output {tmp_path}/fd9.csv: names a file descriptor that is not open\n"
    assert err == refused.encode()
    assert os.readlink(tmp_path / "fd9.csv") == "/proc/self/fd/9"


# --- temporary files and signals -----------------------------------------------------------


def test_the_temporary_file_has_a_short_fixed_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: list[str] = []
    replace = os.replace

    def spy(source: str, target: Path) -> None:
        renamed.append(os.path.basename(source))
        replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_output(str(tmp_path / LONG_NAME), b"data\n", inputs=())
    assert len(renamed) == 1 and TEMPORARY.fullmatch(renamed[0])
    assert (tmp_path / LONG_NAME).read_bytes() == b"data\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_while_writing_is_held_then_given_to_the_old_handler(
    signum: signal.Signals, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    delivered: list[int] = []

    def ours(caught: int, _frame: object) -> None:
        delivered.append(caught)

    previous = signal.signal(signum, ours)
    fsync = os.fsync

    def signalled_fsync(fd: int) -> None:
        os.kill(os.getpid(), signum)  # arrives mid-write: smteam's handler only notes it
        fsync(fd)
        assert delivered == []

    monkeypatch.setattr(os, "fsync", signalled_fsync)
    try:
        with pytest.raises(OutputError) as raised:
            write_output(str(target), b"new\n" * 1000, inputs=())
        handler = signal.getsignal(signum)
    finally:
        signal.signal(signum, previous)
    assert str(raised.value) == f"stopped by {signum.name}; {target} was not written"
    assert delivered == [signum]
    assert handler is ours
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_parts_are_written_in_turn_and_taken_only_after_the_checks(tmp_path: Path) -> None:
    # A big export comes in parts, made as they are written: every part lands, in order;
    # and a refused name takes none of them (nothing is made for a file never written).
    target = tmp_path / "out.csv"
    taken: list[int] = []

    def parts() -> Iterator[bytes]:
        for i in range(3):
            taken.append(i)
            yield f"part {i}\n".encode() * (i + 1)

    write_output(str(target), parts(), inputs=())
    assert target.read_bytes() == b"part 0\npart 1\npart 1\npart 2\npart 2\npart 2\n"
    assert taken == [0, 1, 2]
    taken.clear()
    with pytest.raises(UsageError):
        write_output(str(target), parts(), inputs=[target])
    assert taken == []
    assert _leftovers(tmp_path) == []


def test_a_part_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)

    def parts() -> Iterator[bytes]:
        yield b"new\n" * 1000
        raise MemoryError  # say, the second part could not be made

    with pytest.raises(MemoryError):
        write_output(str(target), parts(), inputs=())
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_signal_handlers_are_restored_after_a_write(tmp_path: Path) -> None:
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    write_output(str(tmp_path / "out.csv"), b"x\n", inputs=())
    assert {signum: signal.getsignal(signum) for signum in before} == before


def _big_candidates(path: Path, count: int) -> None:
    """Candidates with long notes: a CSV export of tens of megabytes, written for a while."""
    note = "evidence " * 540
    ratings = {"brand-values": 4, "purpose-and-focus": 3, "responsiveness": 5}
    people = [
        {
            "name": f"Person {number}",
            "department": "Marketing",
            "ratings": ratings,
            "notes": dict.fromkeys(ratings, note),
        }
        for number in range(count)
    ]
    path.write_text(json.dumps({"rubric": "who-what-when", "candidates": people}))


# A real process gets a real signal half-way through its temporary file. The signal is sent by
# the child itself, right after the first bytes are written, so the moment is certain: racing
# a poll against a write that lasts a tenth of a second fails on a busy machine.
_SIGNAL_MID_WRITE = """\
import os, signal, sys
from smteam import writing
from smteam.cli import main

write_all = writing._write_all
signum = int(sys.argv[1])
signal.signal(signum, signal.SIG_DFL)  # as in a shell; under nohup, SIGHUP is ignored, rightly

def interrupted(fd, data, noted=None):
    if noted is None:  # not the temporary file of an atomic write
        return write_all(fd, data, noted)
    data = data if isinstance(data, bytes) else b"".join(data)  # an export comes in parts
    os.write(fd, data[:10])
    os.kill(os.getpid(), signum)
    return write_all(fd, data[10:], noted)

writing._write_all = interrupted
sys.argv = ["smteam", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_real_write_removes_the_temporary_file(
    signum: signal.Signals, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "shortlist.csv"
    target.write_bytes(OLD)
    example = str(EXAMPLES / "candidates.yaml")
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            _SIGNAL_MID_WRITE,
            str(int(signum)),
            "rank",
            example,
            "-o",
            str(target),
        ],
        capture_output=True,
        timeout=120,
    )
    assert child.returncode == -signum  # ended by the signal, as by default
    assert child.stderr == b""
    assert target.read_bytes() == OLD
    assert os.listdir(out) == ["shortlist.csv"]


# --- standard output that cannot be written ------------------------------------------------


def _closed_pipe() -> int:
    """The write end of a pipe whose reader has already gone."""
    reading, writing = os.pipe()
    os.close(reading)
    return writing


def _full(tmp: Path) -> int:
    _node(tmp / "full", stat.S_IFCHR, 1, 7)
    return os.open(tmp / "full", os.O_WRONLY)


@dataclass(frozen=True)
class Stdout:
    stdout: Callable[[Path], int] | None  # None: closed
    args: tuple[str, ...]
    code: int
    stderr: bytes


STDOUTS = {
    "full disk": Stdout(
        _full,
        ("rank", EXAMPLE),
        1,
        b"smteam: cannot write to standard output: No space left on device\n",
    ),
    "full disk, --version": Stdout(
        _full,
        ("--version",),
        1,
        b"smteam: cannot write to standard output: No space left on device\n",
    ),
    "full disk, a command's --help": Stdout(
        _full,
        ("rank", "--help"),
        1,
        b"smteam: cannot write to standard output: No space left on device\n",
    ),
    "closed": Stdout(
        None,
        ("rank", EXAMPLE),
        1,
        b"smteam: cannot write to standard output: Bad file descriptor\n",
    ),
    "closed, --version": Stdout(
        None, ("--version",), 1, b"smteam: cannot write to standard output: Bad file descriptor\n"
    ),
    "reader gone": Stdout(lambda tmp: _closed_pipe(), ("rank", EXAMPLE), 0, b""),
    "reader gone, --version": Stdout(lambda tmp: _closed_pipe(), ("--version",), 0, b""),
    "reader gone, --help": Stdout(lambda tmp: _closed_pipe(), ("--help",), 0, b""),
    "reader gone, a command's --help": Stdout(
        lambda tmp: _closed_pipe(), ("rank", "--help"), 0, b""
    ),
    "reader gone, the bar not met still says so": Stdout(
        lambda tmp: _closed_pipe(),
        ("rank", EXAMPLE, "--fail-under", "90"),
        3,
        b"smteam: the bar is not met: 0 eligible candidates scored 90 or more, fewer than the 1 "
        b"asked for\n",
    ),
}


@pytest.mark.parametrize("case", STDOUTS.values(), ids=STDOUTS.keys())
def test_standard_output_failures(case: Stdout, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "smteam", *case.args]
    if case.stdout is None:
        child = subprocess.run(
            ["sh", "-c", 'exec "$@" >&-', "sh", *command], capture_output=True, timeout=120
        )
    else:
        stdout = case.stdout(tmp_path)
        try:
            child = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, timeout=120)
        finally:
            os.close(stdout)
    assert child.returncode == case.code
    assert child.stderr == case.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("rank", EXAMPLE),
        ("team", EXAMPLE),
        ("coverage", EXAMPLE),
        ("report", EXAMPLE, "-o", "{tmp}/report.html"),
        ("rank", EXAMPLE, "-o", "{tmp}/all.csv"),
    ],
    ids=["rank", "team", "coverage", "report", "rank -o"],
)
def test_a_closed_standard_error_leaves_the_output_and_exit_code_as_they_are(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    # Started with stderr closed (``2>&-``): Python's sys.stderr is None. Asking it whether
    # it is a terminal (for a progress bar) once ended every such run with exit 1, no output.
    command = [sys.executable, "-m", "smteam", *(a.format(tmp=tmp_path) for a in args)]
    closed = subprocess.run(
        ["sh", "-c", 'exec "$@" 2>&-', "sh", *command], stdout=subprocess.PIPE, timeout=120
    )
    usual = subprocess.run(command, capture_output=True, timeout=120)
    assert usual.returncode == 0, usual.stderr
    assert (closed.returncode, closed.stdout) == (0, usual.stdout)
    if "-o" in args:
        assert usual.stdout == b""
        assert (tmp_path / Path(args[-1]).name).stat().st_size > 0


def test_a_reader_that_stops_early_is_a_quiet_success(tmp_path: Path) -> None:
    """``smteam rank big | head -c1``: more output than a pipe holds, one byte read."""
    big = tmp_path / "big.json"
    _big_candidates(big, 200)
    ranking = _smteam("rank", str(big), "-f", "csv", stdout=subprocess.PIPE)
    assert ranking.stdout is not None
    head = subprocess.run(["head", "-c1"], stdin=ranking.stdout, capture_output=True, timeout=120)
    ranking.stdout.close()
    _, err = ranking.communicate(timeout=120)
    assert head.stdout == b"r"
    assert (ranking.returncode, err) == (0, b"")


def test_a_replaced_file_keeps_its_owner(run_cli: RunCli, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root may give a file to another user, so only root can keep it so")
    target = tmp_path / "theirs.csv"
    target.write_bytes(OLD)
    os.chown(target, 4321, 8765)
    assert run_cli("rank", EXAMPLE, "-f", "csv", "-o", str(target)).exit_code == 0
    status = target.stat()
    assert (status.st_uid, status.st_gid) == (4321, 8765)
    assert target.read_bytes() == _csv(run_cli)
