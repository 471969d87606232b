"""How smteam words what it found: quoted briefly, as written, with a hint.

Shared by the loader (a bad key) and validation (a bad value), so both speak alike.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from typing import Final, Literal

from smteam.errors import quoted
from smteam.reading.scalars import EXCERPT, Ambiguous, TooLong

QUOTE_MAX: Final = 80
_PLAIN_KEY: Final = re.compile(r"[\w .&/()-]{1,80}")

Want = Literal["text", "number", "other"]
"""What the field wanted, which decides the hint: quote it, or write a plain number."""

Accepts = Callable[[str], "str | None"]
"""Whether a text field would take some text once quoted: None when it would, else the hint to
give instead (``"; did you mean 'yes'?"``, or nothing)."""


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option ``word`` most likely misspells, if one is close enough."""
    options = list(options)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = [o for o in options if o.casefold() == word.casefold()][:1]
    return close[0] if close else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for a near miss, or an empty string."""
    suggestion = closest(word, options)
    return f"; did you mean '{suggestion}'?" if suggestion is not None else ""


def quote(text: str) -> str:
    """Text as a double-quoted string, shortened to about 80 characters, with ``"`` and ``\\``
    escaped (see :func:`smteam.errors.quoted`)."""
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1] + "…"
    return quoted(text)


def shown_key(key: object) -> str:
    """A key in a message: 'empathy' as it is, anything odd quoted with escapes."""
    text = str(key)
    if _PLAIN_KEY.fullmatch(text):
        return f"'{text}'"
    return quote(text)


def _short(shown: str) -> str:
    """A number (or a scalar like one) as written, its start only when it is very long:
    ``1234567890… (5000 digits)``."""
    if len(shown) <= QUOTE_MAX:
        return shown
    digits = sum(char.isdigit() for char in shown)
    counted = f"{digits} digits" if digits == len(shown) else f"{len(shown)} characters"
    return f"{shown[:EXCERPT]}… ({counted})"


def _quote_hint(shown: str, accepts: Accepts | None) -> str:
    """``; quote it: "..."`` where quoting gives text the field takes, else what would help."""
    instead = accepts(shown) if accepts is not None else None
    return f"; quote it: {quote(shown)}" if instead is None else instead


def describe(
    value: object,
    written: str | None,
    want: Want,
    *,
    accepts: Accepts | None = None,
    in_cell: bool = False,
) -> str:
    """What was found, as the user wrote it (``written``, when known), with a hint on how to
    say what they meant. A text field offers "quote it" only where ``accepts`` (when given)
    says the quoted text would do; ``in_cell`` words the hints for a CSV cell, which has no
    quotes to remove."""
    if isinstance(value, TooLong):
        return f"{value.start}… (a number of {value.digits} digits, too long to read)"
    if written is not None and not isinstance(value, str):
        written = _short(written)
    if isinstance(value, Ambiguous):
        if want == "text":
            hint = _quote_hint(value.text, accepts)
        elif want == "number":
            hint = "; write a plain decimal number"
        else:
            hint = "; quote it if it is text"
        return f"{_short(value.text)} ({value.kind}){hint}"
    if isinstance(value, bool):
        shown = written if written is not None else str(value).lower()
        hint = _quote_hint(shown, accepts) if want == "text" else ""
        return f"{shown} (a boolean){hint}"
    if value is None:
        if written:
            return f"{written} (null)"
        return "nothing"
    if isinstance(value, int):
        shown = written if written is not None else _short(str(value))
        if want == "number":
            return shown
        hint = _quote_hint(shown, accepts) if want == "text" else ""
        return f"{shown} (a whole number){hint}"
    if isinstance(value, float):
        shown = written if written is not None else repr(value)
        if math.isnan(value):
            return f"{shown} (not a number)"
        if math.isinf(value):
            return f"{shown} (infinity)"
        hint = _quote_hint(shown, accepts) if want == "text" else ""
        return f"{shown} (a decimal number){hint}"
    if isinstance(value, str):
        hint = ""
        if want == "number" and _looks_numeric(value):
            hint = (
                "; write the number alone in the cell" if in_cell else "; write it without quotes"
            )
        return f"{quote(value)} (text){hint}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
