"""The file system edge: reading inputs (files, folders, stdin), finding rubrics, built-in
or on disk, and writing output files safely.

Every failure becomes a :class:`~smteam.errors.SmteamError` naming the file and saying what
went wrong, never an ``OSError`` with a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from smteam.errors import InputError, OutputError, Problem, RubricError, UsageError
from smteam.wording import did_you_mean

DEFAULT_RUBRIC: Final = "social-media-lead"
RUBRIC_SUFFIXES: Final = (".yaml", ".yml")
INPUT_SUFFIXES: Final = (".yaml", ".yml", ".csv", ".json", ".jsonl", ".ndjson")
"""What a folder given as input contributes."""
STDIN: Final = "-"
STDIN_NAME: Final = "<stdin>"


@dataclass(frozen=True, slots=True)
class Source:
    """An input's bytes and how to name it.

    ``path`` is the resolved file on disk, or None for a built-in rubric.
    """

    name: str
    data: bytes
    path: Path | None


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


def expand_inputs(names: Sequence[str]) -> Iterator[str]:
    """The files to read, in order: a folder stands for its candidate and rubric files,
    sorted by name; ``-`` is standard input."""
    for name in names:
        path = Path(name)
        if name != STDIN and path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.suffix in INPUT_SUFFIXES and p.is_file()),
                key=lambda p: p.name,
            )
            if not found:
                raise InputError([Problem(name, "the folder holds no .yaml or .yml files to read")])
            yield from (str(p) for p in found)
        else:
            yield name


def read_source(name: str, *, error: type[InputError] = InputError) -> Source:
    """Read a file, or standard input for ``-``; ``name`` is shown in messages as the user
    gave it."""
    if name == STDIN:
        try:
            return Source(STDIN_NAME, sys.stdin.buffer.read(), None)
        except OSError as exc:
            raise error([_read_problem(STDIN_NAME, exc)]) from None
    path = Path(name)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
        data = path.read_bytes()
    except OSError as exc:
        raise error([_read_problem(name, exc)]) from None
    return Source(name, data, path.resolve())


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


def find_rubric(ref: str, *, relative_to: Path | None = None) -> Source:
    """The rubric ``ref`` names: a built-in name, or a path (relative to ``relative_to``).

    Raises :class:`RubricError`, with a did-you-mean for a near miss of a built-in name.
    """
    if looks_like_path(ref):
        path = Path(ref)
        if relative_to is not None and not path.is_absolute():
            shown = os.path.relpath(relative_to / path)
            return read_source(shown, error=RubricError)
        return read_source(ref, error=RubricError)
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


def write_output(name: str, data: bytes, *, inputs: Iterable[Path]) -> None:
    """Write ``data`` to the file ``name`` all at once, or not at all.

    The bytes go to a temporary file in the same folder, which then replaces the target, so a
    failure leaves any existing file as it was and no temporary file behind. Refuses a target
    that is one of ``inputs`` (however it is spelt, through symlinks too), a folder, or a file
    in a folder that does not exist.
    """
    target = Path(name)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"--output {name}: the folder {str(folder)!r} does not exist")
    if target.is_dir():
        raise UsageError(f"--output {name}: is a folder, expected a file name")
    resolved = target.resolve()
    for path in inputs:
        if resolved == path or (target.exists() and path.exists() and target.samefile(path)):
            raise UsageError(f"--output {name} is an input file; refusing to write over it")
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _new_file_mode()
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None
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
