"""Inputs that cannot be read, each named with the reason (found by mutmut on the reading half
of the old files module, now reading/sources.py): a block device, and a path through a file
as if it were a folder. The device node is made inside the test's own folder and never
opened. Then what mutmut found later: standard input read whole however it arrives and never
past the limit, every name given expanded in order, a pipe waited for and given no folder, a
file swapped between its check and its opening refused, and read errors worded."""

from __future__ import annotations

import errno
import os
import stat
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smteam.errors import InputError, RubricError
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


class _Stdin:
    """Standard input as a pipe gives it: at most ``piece`` bytes a read (any number when
    None), ``length`` bytes in all (without end when None). ``taken`` counts what was read."""

    def __init__(self, length: int | None, piece: int | None) -> None:
        self.buffer = self
        self.length = length
        self.piece = piece
        self.taken = b""

    def read(self, size: int) -> bytes:
        left = size if self.length is None else min(size, self.length - len(self.taken))
        given = left if self.piece is None else min(left, self.piece)
        more = _pattern(len(self.taken) + given)[len(self.taken) :]
        self.taken += more
        return more


def _pattern(length: int) -> bytes:
    """``length`` bytes in which a byte out of place shows: 0, 1, ..., 250, 0, 1, ..."""
    return bytes(range(251)) * (length // 251) + bytes(range(length % 251))


MIB = 1 << 20


@pytest.mark.parametrize(
    ("length", "piece", "limit", "read"),
    [
        # More than one 1 MiB read: the pieces joined as they came.
        pytest.param(MIB + MIB // 2, None, 2 * MIB, True, id="two-reads"),
        pytest.param(10, 5, 10, True, id="pieces-of-5-up-to-the-limit"),
        # The limit reached exactly by a piece, and one byte more after it.
        pytest.param(11, 5, 10, False, id="pieces-of-5-one-past-the-limit"),
        pytest.param(None, None, 10, False, id="endless"),
        pytest.param(None, 4, 10, False, id="endless-in-pieces-of-4"),
    ],
)
def test_standard_input_is_read_whole_and_never_past_the_limit(
    length: int | None,
    piece: int | None,
    limit: int,
    read: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdin = _Stdin(length, piece)
    monkeypatch.setattr(sys, "stdin", stdin)
    if read:
        assert length is not None
        assert sources.read_source("-", max_bytes=limit).data == _pattern(length)
        assert len(stdin.taken) == length
        return
    with pytest.raises(InputError) as caught:
        sources.read_source("-", max_bytes=limit)
    assert [str(p) for p in caught.value.problems] == [
        f"<stdin>: the input is larger than the limit of {limit} bytes; nothing of it was used "
        "(give a higher --max-bytes to read it)"
    ]
    assert len(stdin.taken) == limit + 1  # one byte past the limit tells, and no more is read


def test_every_name_given_is_read_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    for name in ("z.yaml", "b.csv", "notes.txt"):
        (folder / name).write_text("candidates: []\n", encoding="utf-8")
    names = ["one.yaml", str(folder), "-", "two.json", str(folder)]
    assert list(sources.expand_inputs(names)) == [
        "one.yaml",
        f"{folder}/b.csv",
        f"{folder}/z.yaml",
        "-",
        "two.json",
        f"{folder}/b.csv",
        f"{folder}/z.yaml",
    ]


def test_a_folder_that_cannot_be_listed_says_what_the_system_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.iterdir

    def fail(self: Path) -> Iterator[Path]:
        if self == tmp_path:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", fail)
    with pytest.raises(InputError) as caught:
        list(sources.expand_inputs([str(tmp_path)]))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path}: cannot list the folder: Input/output error"
    ]


def test_an_entry_of_a_folder_that_cannot_be_looked_at_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As another user, a folder that can be listed but not searched (mode r--) lets no entry
    # be looked at; root can look at any, so one entry refuses here as it would there.
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("candidates: []\n", encoding="utf-8")
    real = Path.is_file

    def refuse(self: Path) -> bool:
        if self.name == "b.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_file", refuse)
    assert list(sources.expand_inputs([str(tmp_path)])) == [f"{tmp_path}/a.yaml"]


def test_a_rubric_swapped_for_a_pipe_after_its_check_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check before opening saw a regular file; a FIFO was put in its place before the
    # opening (a FIFO with no writer opens at once here). The check made once open refuses it.
    regular, fifo = tmp_path / "checked.yaml", tmp_path / "r.yaml"
    regular.write_text("name: r\n", encoding="utf-8")
    os.mkfifo(fifo)
    real = os.stat

    def seen_before(name: str | os.PathLike[str], *args: object, **kwargs: object) -> object:
        return real(regular if os.fspath(name) == str(fifo) else name)

    monkeypatch.setattr(os, "stat", seen_before)
    with pytest.raises(RubricError) as caught:
        sources.find_rubric(str(fifo))
    assert [str(p) for p in caught.value.problems] == [
        f"{fifo}: is a pipe (FIFO), expected a regular file"
    ]


def test_a_pipe_whose_writer_is_slow_is_waited_for(tmp_path: Path) -> None:
    # What <(curl ...) gives: the writer is there, its data comes later. Opening did not wait
    # for it; reading does, instead of failing with "Resource temporarily unavailable".
    fifo = tmp_path / "team.yaml"
    os.mkfifo(fifo)
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(fifo, os.O_WRONLY)

    def write_late() -> None:
        time.sleep(0.3)
        os.write(writer, b"candidates: []\n")
        os.close(writer)

    thread = threading.Thread(target=write_late)
    thread.start()
    try:
        source = sources.read_source(str(fifo))
    finally:
        thread.join()
        os.close(holder)
    assert (source.name, source.data, source.path) == (str(fifo), b"candidates: []\n", None)


def test_a_rubric_path_in_a_pipe_is_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    # README: like standard input, a pipe has no folder. The FIFO sits in a folder that has
    # no r.yaml; the current folder has it.
    (tmp_path / "r.yaml").write_text(
        "name: r\ntitle: R\nscale: {min: 1, max: 5}\ntraits:\n  - {id: a, label: A, weight: 1}\n",
        encoding="utf-8",
    )
    folder = tmp_path / "inbox"
    folder.mkdir()
    fifo = folder / "team.yaml"
    os.mkfifo(fifo)
    monkeypatch.chdir(tmp_path)
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(
            writer,
            b"rubric: r.yaml\ncandidates:\n  - {name: Kim, department: PR, ratings: {a: 4}}\n",
        )
        os.close(writer)
        result = run_cli("rank", str(fifo), "-f", "csv")
    finally:
        os.close(holder)
    assert (result.exit_code, result.stderr) == (0, "")
    # a: (4 - 1) / (5 - 1) of 100 = 75.0
    assert result.stdout.splitlines()[1].startswith("1,Kim,PR,75.0,")


def test_standard_input_that_is_a_folder_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `smteam validate - < some-folder`: the shell opens the folder; reading it fails.
    handle = os.open(tmp_path, os.O_RDONLY)

    class Folder:
        def read(self, size: int) -> bytes:
            return os.read(handle, size)

    class Stdin:
        buffer = Folder()

    monkeypatch.setattr(sys, "stdin", Stdin())
    try:
        with pytest.raises(InputError) as caught:
            sources.read_source("-")
    finally:
        os.close(handle)
    assert [str(p) for p in caught.value.problems] == ["<stdin>: is a folder, expected a file"]


def test_a_rubric_name_with_a_nul_character_says_so() -> None:
    with pytest.raises(RubricError) as caught:
        sources.find_rubric("mine\x00.yaml")
    assert [(p.source, p.message) for p in caught.value.problems] == [
        ("mine\x00.yaml", "cannot read it: the name holds a NUL character")
    ]
