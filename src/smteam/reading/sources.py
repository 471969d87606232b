"""The file system edge: reading inputs (files, folders, stdin), finding rubrics, built-in
or on disk, and writing output files safely.

Every failure becomes a :class:`~smteam.errors.SmteamError` naming the file and saying what
went wrong, never an ``OSError`` with a traceback.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Final, NoReturn

from smteam.errors import (
    InputError,
    OutputError,
    Problem,
    RubricError,
    UsageError,
    escape_undecodable,
)
from smteam.reading.wording import did_you_mean

DEFAULT_RUBRIC: Final = "social-media-lead"
RUBRIC_SUFFIXES: Final = (".yaml", ".yml")
INPUT_SUFFIXES: Final = (".yaml", ".yml", ".csv", ".json", ".jsonl", ".ndjson")
"""What a folder given as input contributes."""
STDIN: Final = "-"
STDIN_NAME: Final = "<stdin>"


@dataclass(frozen=True, slots=True)
class Source:
    """An input's bytes and how to name it.

    ``path`` is the resolved file on disk, or None for standard input, a pipe (neither has a
    folder) or a built-in rubric.
    """

    name: str
    data: bytes
    path: Path | None


MEBIBYTE: Final = 1 << 20
DEFAULT_MAX_BYTES: Final = 256 * MEBIBYTE
"""The most bytes read from any one input (a file, standard input, a rubric) unless
``--max-bytes`` says otherwise: a hundred thousand candidates take about 30 MiB."""
_CHUNK: Final = MEBIBYTE


def shown_name(name: str) -> str:
    """A file name as messages show it: bytes that are not UTF-8 (which Python keeps as lone
    surrogates) become ``\\xff`` escapes, so the name can be printed."""
    return escape_undecodable(name)


def size_text(size: int) -> str:
    """A byte count as people read a limit: ``256 MiB``, ``64 KiB`` or ``1000 bytes``."""
    if size % MEBIBYTE == 0:
        return f"{size // MEBIBYTE} MiB"
    if size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} byte{'s' if size != 1 else ''}"


def _read_problem(name: str, exc: OSError) -> Problem:
    if exc.errno == errno.ENOENT:
        what = "no such file"
    elif exc.errno == errno.EISDIR:
        what = "is a folder, expected a file"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        what = "permission denied: cannot read it"
    else:
        what = f"cannot read it: {exc.strerror or exc}"
    return Problem(name, what)


def _too_big(name: str, max_bytes: int) -> Problem:
    return Problem(
        name,
        f"the input is larger than the limit of {size_text(max_bytes)}; nothing of it was "
        "used (give a higher --max-bytes to read it)",
    )


def expand_inputs(names: Sequence[str]) -> Iterator[str]:
    """The files to read, in order: a folder stands for its candidate and rubric files,
    sorted by name; ``-`` is standard input."""
    for name in names:
        if name == STDIN or not _is_folder(name):
            yield name
            continue
        try:
            entries = list(Path(name).iterdir())
        except OSError as exc:
            what = (
                "permission denied: cannot list the folder"
                if exc.errno in (errno.EACCES, errno.EPERM)
                else f"cannot list the folder: {exc.strerror or exc}"
            )
            raise InputError([Problem(shown_name(name), what)]) from None
        found = sorted(
            (p for p in entries if p.suffix in INPUT_SUFFIXES and _is_file(p)),
            key=lambda p: p.name,
        )
        if not found:
            endings = ", ".join(INPUT_SUFFIXES)
            message = f"the folder holds no files to read (those ending in {endings})"
            raise InputError([Problem(shown_name(name), message)])
        yield from (str(p) for p in found)


def _is_folder(name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name).st_mode)
    except (OSError, ValueError):
        return False  # reading it will say what is wrong


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _kind_of_node(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_at_most(read: Callable[[int], bytes | None], max_bytes: int, size: int) -> bytes | None:
    """Everything ``read`` gives up to its end, or None when that is more than ``max_bytes``.

    ``size`` is what the file says it holds (0 when unknown): a regular file is read in one
    call and one copy; a pipe, in chunks."""
    parts: list[bytes] = []
    total = 0
    ask = max(min(size, max_bytes) + 1, _CHUNK) if size else _CHUNK
    while total <= max_bytes:
        piece = read(min(ask, max_bytes + 1 - total))
        if not piece:
            break
        parts.append(piece)
        total += len(piece)
        ask = _CHUNK
    if total > max_bytes:
        return None
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _read_path(name: str, shown: str, *, pipes: bool, max_bytes: int) -> tuple[bytes, bool]:
    """The bytes of the file ``name`` and whether it is a pipe. Anything but a regular file
    (and, with ``pipes``, a pipe) is refused before it is opened, and checked again once open,
    so that it cannot be swapped in between; nothing here can block on a pipe with no
    writer. Raises OSError, or InputError for a refused kind of file or a file too big."""
    wanted = "a regular file or a pipe" if pipes else "a regular file"

    def allowed(mode: int) -> bool:
        return stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode))

    mode = os.stat(name).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if not allowed(mode):
        raise InputError([Problem(shown, f"is {_kind_of_node(mode)}, expected {wanted}")])
    handle = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        opened = os.fstat(handle)
        if not allowed(opened.st_mode):
            what = f"is {_kind_of_node(opened.st_mode)}, expected {wanted}"
            raise InputError([Problem(shown, what)])
        is_pipe = stat.S_ISFIFO(opened.st_mode)
        if is_pipe:  # wait for what the writer sends, now that opening did not wait for one
            os.set_blocking(handle, True)
        size = 0 if is_pipe else opened.st_size
        if size > max_bytes:
            raise InputError([_too_big(shown, max_bytes)])
        data = _read_at_most(lambda n: os.read(handle, n), max_bytes, size)
    finally:
        os.close(handle)
    if data is None:
        raise InputError([_too_big(shown, max_bytes)])
    return data, is_pipe


def read_source(
    name: str,
    *,
    error: type[InputError] = InputError,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pipes: bool = True,
) -> Source:
    """Read a file, or standard input for ``-``; ``name`` is shown in messages as the user
    gave it. At most ``max_bytes`` are read: a bigger input is refused. Regular files are
    read, and pipes too unless ``pipes`` is False; devices, sockets and folders are refused.
    A pipe, like standard input, has no folder: its ``path`` is None."""
    if name == STDIN:
        if sys.stdin is None:  # started with standard input closed
            raise error([Problem(STDIN_NAME, "cannot read it: standard input is closed")])
        try:
            data = _read_at_most(sys.stdin.buffer.read, max_bytes, 0)
        except OSError as exc:
            raise error([_read_problem(STDIN_NAME, exc)]) from None
        if data is None:
            raise error([_too_big(STDIN_NAME, max_bytes)])
        return Source(STDIN_NAME, data, None)
    shown = shown_name(name)
    try:
        data, is_pipe = _read_path(name, shown, pipes=pipes, max_bytes=max_bytes)
        path = None if is_pipe else Path(name).resolve()
    except InputError as exc:
        raise error(exc.problems) from None
    except OSError as exc:
        raise error([_read_problem(shown, exc)]) from None
    except ValueError:  # a NUL character in the name (a rubric: line can hold one)
        raise error([Problem(shown, "cannot read it: the name holds a NUL character")]) from None
    return Source(shown, data, path)


def _builtin_folder() -> Path:
    """Where the built-in rubrics are: inside the installed package, or the repository's
    top-level ``rubrics/`` when running from a source checkout."""
    packaged = Path(__file__).resolve().parent / "rubrics"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rubrics"


def builtin_rubric_names() -> list[str]:
    """The built-in rubrics' names, sorted."""
    folder = _builtin_folder()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix == ".yaml")


def looks_like_path(ref: str) -> bool:
    """A rubric reference is a path when it has a folder part or a YAML suffix."""
    return "/" in ref or os.sep in ref or ref.endswith(RUBRIC_SUFFIXES)


def find_rubric(
    ref: str, *, relative_to: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Source:
    """The rubric ``ref`` names: a built-in name, or a path (relative to ``relative_to``) to a
    regular file of at most ``max_bytes``.

    Raises :class:`RubricError`, with a did-you-mean for a near miss of a built-in name.
    """
    if looks_like_path(ref):
        path = Path(ref)
        if relative_to is not None and not path.is_absolute():
            ref = os.path.relpath(relative_to / path)
        return read_source(ref, error=RubricError, max_bytes=max_bytes, pipes=False)
    names = builtin_rubric_names()
    if ref not in names:
        hint = did_you_mean(ref, names)
        raise RubricError(
            [
                Problem(
                    ref,
                    f"no built-in rubric named '{ref}'{hint} (built-in rubrics: "
                    + ", ".join(names)
                    + "; a rubric file is named by a path ending in .yaml)",
                )
            ]
        )
    path = _builtin_folder() / f"{ref}.yaml"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RubricError([_read_problem(f"built-in rubric {ref}", exc)]) from None
    return Source(f"<built-in rubric {ref}>", data, None)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


TEMPORARY_PREFIX: Final = ".smteam-"
TEMPORARY_SUFFIX: Final = ".tmp"
"""A temporary file is ``.smteam-`` and eight random characters: short and of fixed length,
so that any name the folder accepts can be written."""
_HELD_SIGNALS: Final = (signal.SIGTERM, signal.SIGHUP)


class _Stopped(Exception):
    """A signal asked smteam to stop while a temporary file was being written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_held() -> Iterator[list[int]]:
    """While the body runs, SIGTERM and SIGHUP are noted (in the list yielded) instead of
    acted on, so the body can stop at a safe point and clean up. Then the previous handlers
    come back and a noted signal is delivered to them: by default it ends the process.

    Only the main thread can set handlers; a signal that is ignored stays ignored.
    """
    noted: list[int] = []
    previous: dict[int, Callable[[int, FrameType | None], object] | int] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _HELD_SIGNALS:
            handler = signal.getsignal(signum)
            if handler is None or handler == signal.SIG_IGN:
                continue
            previous[signum] = handler
            signal.signal(signum, lambda caught, _frame: noted.append(caught))
    try:
        yield noted
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler)
        if noted:
            signal.raise_signal(noted[0])


def _write_all(fd: int, data: bytes, noted: list[int] | None = None) -> None:
    """Write every byte, a chunk at a time; stop at a chunk's end when a signal was noted."""
    view = memoryview(data)
    while view:
        if noted:
            raise _Stopped(noted[0])
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]


def _cannot_write(name: str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {name}: {exc.strerror or exc}")


def _in_descriptor_folder(path: str) -> bool:
    return path in ("/proc", "/dev/fd") or path.startswith(("/proc/", "/dev/fd/"))


def _names_a_descriptor(name: str) -> bool:
    """Whether ``name``, or a symlink on the way from it to a file, lies in /proc or /dev/fd.
    Such a path (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``) stands for a descriptor
    another program opened for smteam: what it leads to is written where it is, never
    replaced, so that ``>>`` still appends and a pipe stays a pipe."""
    current = os.path.join(os.getcwd(), name)
    for _ in range(40):  # as many links as the kernel follows
        here = os.path.join(os.path.realpath(os.path.dirname(current)), os.path.basename(current))
        if _in_descriptor_folder(here):
            return True
        try:
            link = os.readlink(here)
        except OSError:
            return False
        current = os.path.join(os.path.dirname(here), link)
    return False


def _refuse_folder_name(name: str) -> NoReturn:
    """``name`` ends with ``/`` (or ``/.``, ``/..``), so it means a folder: never create a
    file by that name."""
    if os.path.isdir(name):
        raise UsageError(f"--output {name}: is a folder, expected a file name")
    raise UsageError(f"--output {name}: the folder {name!r} does not exist")


def _protected(inputs: Iterable[Path], *, stdin_read: bool) -> dict[object, str]:
    """What no output may replace, keyed by resolved path and by (device, inode), each with
    the reason to give: the files read, every built-in rubric, the file behind stdin."""
    reasons: dict[object, str] = {}
    folder = _builtin_folder()
    builtins = sorted(folder.iterdir()) if folder.is_dir() else []
    named = [(path, "an input file") for path in inputs]
    named += [(p, "a built-in rubric") for p in builtins if p.suffix in RUBRIC_SUFFIXES]
    for path, reason in named:
        reasons.setdefault(path.resolve(), reason)
        try:
            status = path.stat()
        except OSError:
            continue
        reasons.setdefault((status.st_dev, status.st_ino), reason)
    if stdin_read:
        try:
            behind = os.fstat(0)
        except OSError:
            return reasons
        if stat.S_ISREG(behind.st_mode):
            reasons.setdefault(
                (behind.st_dev, behind.st_ino), "the file standard input was read from"
            )
    return reasons


def write_output(
    name: str, data: bytes, *, inputs: Iterable[Path], stdin_read: bool = False
) -> None:
    """Write ``data`` to ``name`` (an ``--output`` PATH) all at once, or not at all.

    A regular file, or a new name, is written through a temporary file in its folder that
    then replaces it, so a failure leaves an existing file as it was; a symlink is followed
    and its target written so, and stays a link. A character device, a FIFO or a path that
    stands for an open descriptor (``/dev/stdout``) is written to where it is, never
    replaced. Refuses, before anything is opened: a folder (or a name ending in ``/``), a
    block device, a socket, a file in a folder that does not exist, and any of ``inputs``,
    the built-in rubrics and (when ``stdin_read``) the file behind standard input, however
    they are spelt: through symlinks and hard links too.
    """
    if not name:
        raise UsageError("--output needs a file name")
    if os.path.basename(name) in ("", ".", ".."):  # ``out/``, ``out/.``: a folder
        _refuse_folder_name(name)
    try:
        status: os.stat_result | None = os.stat(name)
    except (FileNotFoundError, NotADirectoryError):
        status = None
    except OSError as exc:
        raise _cannot_write(name, exc) from None
    descriptor = _names_a_descriptor(name)
    if status is None:
        folder = Path(name).parent
        if not folder.is_dir():
            raise UsageError(f"--output {name}: the folder {str(folder)!r} does not exist")
        if descriptor:
            raise UsageError(f"--output {name}: names a file descriptor that is not open")
        real = Path(os.path.realpath(name))
        if not real.parent.is_dir():
            raise UsageError(
                f"--output {name}: links to {str(real)!r}, in a folder that does not exist"
            )
        _write_atomically(name, real, None, data)
        return
    kind = stat.S_IFMT(status.st_mode)
    if kind == stat.S_IFDIR:
        raise UsageError(f"--output {name}: is a folder, expected a file name")
    if kind not in (stat.S_IFREG, stat.S_IFCHR, stat.S_IFIFO):
        what = {stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}.get(kind, "not a file")
        raise UsageError(
            f"--output {name}: is {what}; smteam writes to files, character devices and pipes"
        )
    if kind == stat.S_IFREG:
        reasons = _protected(inputs, stdin_read=stdin_read)
        reason = reasons.get((status.st_dev, status.st_ino)) or reasons.get(Path(name).resolve())
        if reason is not None:
            raise UsageError(f"--output {name} is {reason}; refusing to write over it")
    if kind == stat.S_IFREG and not descriptor:
        _write_atomically(name, Path(os.path.realpath(name)), status, data)
    else:
        _write_in_place(name, data, status)


def _write_in_place(name: str, data: bytes, status: os.stat_result) -> None:
    """Append ``data`` to a device, a FIFO or a descriptor's file: opened without creating or
    truncating anything, and without blocking on a FIFO that nobody reads."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and stat.S_ISFIFO(status.st_mode):
            raise OutputError(f"cannot write {name}: no program is reading from the pipe") from None
        raise _cannot_write(name, exc) from None
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (status.st_dev, status.st_ino):
            raise OutputError(f"cannot write {name}: it changed while it was being opened")
        os.set_blocking(fd, True)
        _write_all(fd, data)
    except BrokenPipeError:
        pass  # the reader has gone away, as ``head`` does: not an error of ours
    except OSError as exc:
        raise _cannot_write(name, exc) from None
    finally:
        try:
            os.close(fd)
        except OSError:
            pass


def _write_atomically(name: str, real: Path, status: os.stat_result | None, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``real``, then rename it over ``real``. An
    existing file keeps its permission bits (and owner, where that can be set); a new one gets
    the umask's. On any failure or a held signal the temporary file is removed."""
    mode = status.st_mode & 0o7777 if status is not None else _new_file_mode()
    with _signals_held() as noted:
        try:
            fd, temporary = tempfile.mkstemp(
                dir=real.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX
            )
        except OSError as exc:
            raise _cannot_write(name, exc) from None
        try:
            try:
                _write_all(fd, data, noted)
                os.fsync(fd)
                if status is not None and (status.st_uid, status.st_gid) != (
                    os.geteuid(),
                    os.getegid(),
                ):
                    try:
                        os.fchown(fd, status.st_uid, status.st_gid)
                    except OSError:
                        pass  # only root may give a file away; the bits below still hold
                os.fchmod(fd, mode)
            finally:
                os.close(fd)
            if noted:
                raise _Stopped(noted[0])
            os.replace(temporary, real)
        except BaseException as exc:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            if isinstance(exc, OSError):
                raise _cannot_write(name, exc) from None
            if isinstance(exc, _Stopped):
                stopped = signal.Signals(exc.signum).name
                raise OutputError(f"stopped by {stopped}; {name} was not written") from None
            raise


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; refuses (as a usage error) if it already exists."""
    try:
        with path.open("xb") as stream:
            try:
                stream.write(data)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
    except FileExistsError:
        raise UsageError(f"{path} already exists; nothing was written over it") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
