"""Writing output files safely: all at once after the work succeeded, never over an input,
atomically where the target is a regular file, and with signals held while a temporary file
exists.

Every failure becomes an :class:`~smteam.errors.OutputError` naming the file, never an
``OSError`` with a traceback.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Final, NoReturn

from smteam.errors import (
    OutputError,
    UsageError,
)
from smteam.reading import sources
from smteam.reading.sources import _CHUNK, RUBRIC_SUFFIXES


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


def _write_all(fd: int, data: bytes | Iterable[bytes], noted: list[int] | None = None) -> None:
    """Write every byte (of each part in turn), a chunk at a time; stop at a chunk's end when
    a signal was noted."""
    for part in (data,) if isinstance(data, bytes) else data:
        view = memoryview(part)
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
    folder = sources._builtin_folder()  # looked up when called, so that tests can move it
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
    name: str, data: bytes | Iterable[bytes], *, inputs: Iterable[Path], stdin_read: bool = False
) -> None:
    """Write ``data`` to ``name`` (an ``--output`` PATH) all at once, or not at all. ``data``
    may come in parts (a big export's, as they are made), each written as it comes, and taken
    only once ``name`` has passed every check below.

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


def _write_in_place(name: str, data: bytes | Iterable[bytes], status: os.stat_result) -> None:
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


def _write_atomically(
    name: str, real: Path, status: os.stat_result | None, data: bytes | Iterable[bytes]
) -> None:
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
