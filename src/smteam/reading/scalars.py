"""What a plain (unquoted) YAML scalar means to smteam.

PyYAML follows YAML 1.1, where ``no`` is false, ``010`` is eight and ``1:30`` is ninety; most
other tools follow YAML 1.2, where they are text, ten and text. smteam takes the safe middle:
a plain scalar becomes a value only where both versions agree (text, decimal numbers,
``true``/``false``, ``null``), and everything the two read differently becomes an
:class:`Ambiguous` value, which no field accepts, so the user is told to quote it or write a
plain decimal.
"""

from __future__ import annotations

import math
import re
from typing import Final


class Ambiguous:
    """A plain scalar that YAML 1.1 and YAML 1.2 (or common tools) read differently."""

    __slots__ = ("kind", "text")

    def __init__(self, text: str, kind: str) -> None:
        self.text = text
        self.kind = kind

    def __repr__(self) -> str:
        return f"Ambiguous({self.text!r}, {self.kind!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ambiguous) and other.text == self.text and other.kind == self.kind

    def __hash__(self) -> int:
        return hash((self.text, self.kind))


class Rejected:
    """Stands in for a node the loader has already reported (a tag, an alias).

    Validation skips it, so one mistake is reported once.
    """

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Rejected({self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rejected) and other.reason == self.reason

    def __hash__(self) -> int:
        return hash(self.reason)


class TooLong:
    """A number written with more digits than smteam reads (thousands of them: no field wants
    one, and Python refuses to convert them). No field accepts it; messages show its start."""

    __slots__ = ("digits", "start")

    def __init__(self, text: str) -> None:
        self.start = text[:EXCERPT]
        self.digits = sum(char.isdigit() for char in text)

    def __repr__(self) -> str:
        return f"TooLong({self.start!r}, {self.digits})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TooLong) and (other.start, other.digits) == (
            self.start,
            self.digits,
        )

    def __hash__(self) -> int:
        return hash((self.start, self.digits))


MAX_DIGITS: Final = 4300
"""The longest number read, in characters: Python's own default limit for whole numbers, kept
whatever the interpreter is set to."""
EXCERPT: Final = 10
"""How much of a number too long to read a message shows."""


def read_whole(text: str) -> int | TooLong:
    """The whole number ``text`` (already checked to be one), or :class:`TooLong`."""
    if len(text) > MAX_DIGITS:
        return TooLong(text)
    try:
        return int(text)
    except ValueError:  # the interpreter's limit is set lower than MAX_DIGITS
        return TooLong(text)


_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS: Final = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_BOOLS_11: Final = frozenset(
    {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}
    | {"y", "Y", "n", "N"}
)
_INFINITIES: Final = (".inf", ".Inf", ".INF")
_SPECIAL_FLOATS: Final[dict[str, float]] = {
    **dict.fromkeys(_INFINITIES, math.inf),
    **{"+" + body: math.inf for body in _INFINITIES},
    **{"-" + body: -math.inf for body in _INFINITIES},
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
}

_INT: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT: Final = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

# Forms that YAML 1.1 and YAML 1.2 read differently, with what to call them in a message.
_AMBIGUOUS_FORMS: Final = (
    (re.compile(r"[-+]?0[0-9]+"), "a number with a leading zero, octal in YAML 1.1"),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), "a hexadecimal number"),
    (re.compile(r"[-+]?0o[0-7_]+"), "an octal number"),
    (re.compile(r"[-+]?0b[01_]+"), "a binary number in YAML 1.1"),
    (
        re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"),
        "a base-60 number in YAML 1.1",
    ),
    (
        re.compile(r"(?=[^_]*_)(?=\D*\d)[-+]?[0-9_]*\.?[0-9_]*(?:[eE][-+]?[0-9]+)?"),
        "a number with underscores in YAML 1.1",
    ),
    (
        re.compile(r"[-+]?[0-9]+[eE][-+]?[0-9]+"),
        "a number in YAML 1.2 but text in YAML 1.1",
    ),
    (
        re.compile(
            r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
            r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
            r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
        ),
        "a date in YAML 1.1",
    ),
)
_NUMBERISH_START: Final = frozenset("0123456789+-.")


def resolve_plain(text: str) -> object:
    """The value of a plain scalar: str, int, float, bool, None, :class:`Ambiguous`, or
    :class:`TooLong` for a number of thousands of digits."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text in _BOOLS_11:
        return Ambiguous(text, "a boolean in YAML 1.1")
    if text in ("=", "<<"):
        return Ambiguous(text, "a special key in YAML 1.1")
    if text[0] not in _NUMBERISH_START:
        return text
    if _INT.fullmatch(text):
        return read_whole(text)
    if _FLOAT.fullmatch(text):
        return float(text) if len(text) <= MAX_DIGITS else TooLong(text)
    special = _SPECIAL_FLOATS.get(text)
    if special is not None:
        return special
    for pattern, kind in _AMBIGUOUS_FORMS:
        if pattern.fullmatch(text):
            return Ambiguous(text, kind)
    return text
