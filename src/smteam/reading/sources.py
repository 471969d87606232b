"""Where inputs come from: files, folders and stdin read with a size limit, and rubrics found
by built-in name or path.

Every failure becomes a :class:`~smteam.errors.SmteamError` naming the file and saying what
went wrong, never an ``OSError`` with a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from smteam.errors import (
    InputError,
    Problem,
    RubricError,
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


NO_SUCH_FILE: Final = "no such file"


def _read_problem(name: str, exc: OSError) -> Problem:
    if exc.errno == errno.ENOENT:
        what = NO_SUCH_FILE
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
    packaged = Path(__file__).resolve().parents[1] / "rubrics"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rubrics"


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
