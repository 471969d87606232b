"""The file system edge: reading inputs and finding rubrics, built-in or on disk.

Every failure becomes an :class:`~smteam.errors.InputError` naming the file and saying what went
wrong, never an ``OSError`` with a traceback.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

from smteam.errors import InputError, Problem, RubricError
from smteam.wording import did_you_mean

DEFAULT_RUBRIC: Final = "social-media-lead"
RUBRIC_SUFFIXES: Final = (".yaml", ".yml")


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


def read_source(name: str, *, error: type[InputError] = InputError) -> Source:
    """Read a file; ``name`` is shown in messages as the user gave it."""
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
    packaged = Path(str(resources.files("smteam"))) / "rubrics"
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
