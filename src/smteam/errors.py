"""The one family of errors smteam reports to its users, and the problems they carry.

The core raises these; only the CLI catches them, prints them and picks the exit code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

_PLAIN_KEY = re.compile(r"[\w-]+")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape_undecodable(text: str) -> str:
    """Text that can always be encoded: the bytes of a file name that are not UTF-8 (kept by
    Python as lone surrogates, see ``os.fsdecode``) become ``\\xff`` escapes, any other lone
    surrogate a ``\\udc00`` escape."""
    return _SURROGATE.sub(_surrogate_escape, text)


def one_line(text: str) -> str:
    """Text with line breaks and control characters shown as escapes, so that every problem
    stays on one line of output and no file can send codes to the terminal."""
    return _UNPRINTABLE.sub(lambda m: json.dumps(m.group())[1:-1], text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or doubtful) in an input, placed as precisely as we can.

    Printed as ``source:line:col: field.path: message`` (warnings get ``warning:`` first).
    Lines and columns are 1-based, as editors count them.
    """

    source: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        parts = [where]
        if self.severity == "warning":
            parts.append("warning")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return one_line(": ".join(parts))

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.source, self.line or 0, self.column or 0, self.field)


def format_path(path: Iterable[str | int]) -> str:
    """A field path as users read it: ``candidates[2].ratings.empathy``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = part if _PLAIN_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
            text += f".{key}" if text else key
    return text


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line and column."""
    return sorted(problems, key=lambda p: p.sort_key)


class SmteamError(Exception):
    """Anything smteam refuses to do, with the exit code the CLI should end with."""

    exit_code = 1

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What to tell the user, one line each."""
        return (Problem("smteam", str(self)),)


class InputError(SmteamError):
    """An input cannot be used; carries every problem found in it, in reading order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self._problems = tuple(sorted_problems(problems))
        super().__init__("\n".join(str(p) for p in self._problems))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


class RubricError(InputError):
    """A rubric cannot be found or is not valid."""


class OutputError(SmteamError):
    """An output file could not be written (the disk is full, permission is denied)."""


class UsageError(SmteamError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = 2
