"""The one family of errors smteam reports to its users, and the problems they carry.

The core raises these; only the CLI catches them, prints them and picks the exit code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Severity = Literal["error", "warning"]

_PLAIN_KEY = re.compile(r"[\w-]+")
_BIDI_CONTROLS: Final = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_DEFAULT_IGNORABLE: Final = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
_OTHERS: Final = f"\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}{_DEFAULT_IGNORABLE}\ud800-\udfff"
_UNSAFE: Final = re.compile(f"[\x00-\x1f{_OTHERS}]")
"""What a terminal must never receive from a file: controls (C0, C1), line and paragraph
separators, bidi controls that reorder what follows, invisible (default-ignorable) characters
that make two names look alike, and lone surrogates (bytes of a file name that are not UTF-8)."""
_UNSAFE_ASCII: Final = re.compile("[\x00-\x1f\x7f]")
"""All of them that ASCII text can hold: a quicker search for the usual text."""
_UNSAFE_IN_JSON: Final = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]")
"""The same but a line break, which in JSON text is layout (JSON escapes those in strings)."""

_JOINERS: Final = "\u200c\u200d"
_PRESENTATION: Final = "\ufe0e\ufe0f"
_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible_non_ascii(char: str) -> bool:
    """A character a joiner or a variation selector may legitimately follow or precede: a
    letter, mark, digit, symbol or punctuation mark beyond ASCII (emoji, Persian, Devanagari)."""
    return char > "\x7f" and unicodedata.category(char)[0] not in "CZ"


def _kept(text: str, at: int) -> bool:
    """Whether the invisible character at ``at`` does a legitimate job where it stands: a
    zero-width (non-)joiner between two visible non-ASCII characters (an emoji sequence, Persian
    or Indic text), or an emoji or text presentation selector right after one."""
    char = text[at]
    before = text[at - 1] if at > 0 else ""
    if char in _PRESENTATION:
        return bool(before) and _visible_non_ascii(before)
    if char in _JOINERS:
        if before in _PRESENTATION and at > 1:  # an emoji shown as emoji, then joined
            before = text[at - 2] if _kept(text, at - 1) else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        return bool(before and after) and _visible_non_ascii(before) and _visible_non_ascii(after)
    return False


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def needs_escapes(text: str) -> bool:
    """Whether :func:`terminal_safe` might change ``text`` (one quick search, for big outputs)."""
    return (_UNSAFE_ASCII if text.isascii() else _UNSAFE).search(text) is not None


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """User text as it may reach a terminal: every character in :data:`_UNSAFE` (controls, line
    breaks, bidi controls, invisible characters, lone surrogates) shown as an escape such as
    ``\\x1b``, ``\\n`` or ``\\u202e``, except joiners and presentation selectors doing their
    job inside emoji and non-Latin words. ``multiline`` text (a note, a description) keeps its
    line breaks and tabs. Text without any of them comes back as it is."""
    if not needs_escapes(text):
        return text

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if (multiline and char in "\n\t") or _kept(text, match.start()):
            return char
        return _escape(char)

    return _UNSAFE.sub(shown, text)


def json_safe(document: str) -> str:
    """A JSON text written with ``ensure_ascii=False`` where each character that
    :func:`terminal_safe` escapes is a JSON escape (``\\u202e``) instead: the same data for a
    program, nothing a terminal or an editor acts on. (Its line breaks are its layout: JSON
    has already escaped those inside strings.)"""
    if document.isascii() and "\x7f" not in document:
        return document  # JSON has escaped every other ASCII control
    if _UNSAFE_IN_JSON.search(document) is None:
        return document

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        return char if _kept(document, match.start()) else json.dumps(char)[1:-1]

    return _UNSAFE_IN_JSON.sub(shown, document)


def quoted(text: str) -> str:
    """Text in double quotes, ``"`` and ``\\`` escaped as in JSON and the rest as
    :func:`terminal_safe` shows it."""
    return '"' + terminal_safe(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


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
    return terminal_safe(text)


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
            key = part if _PLAIN_KEY.fullmatch(part) else quoted(part)
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
        super().__init__()

    def __str__(self) -> str:
        # Worked out when asked (a traceback, a test), never for the CLI, which prints the
        # problems one by one: a file can hold a hundred thousand.
        return "\n".join(str(p) for p in self._problems)

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
