"""How smteam words what it found: quoted briefly, as written, with a hint.

Shared by the loader (a bad key) and validation (a bad value), so both speak alike.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable
from typing import Final, Literal

from smteam.scalars import EXCERPT, Ambiguous, TooLong

QUOTE_MAX: Final = 80
_PLAIN_KEY: Final = re.compile(r"[\w .&/()-]{1,80}")

Want = Literal["text", "number", "other"]
"""What the field wanted, which decides the hint: quote it, or write a plain number."""


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
    """Text as a double-quoted string, shortened to about 80 characters."""
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


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


def describe(value: object, written: str | None, want: Want) -> str:
    """What was found, as the user wrote it (``written``, when known), with a hint on how to
    say what they meant."""
    if isinstance(value, TooLong):
        return f"{value.start}… (a number of {value.digits} digits, too long to read)"
    if written is not None and not isinstance(value, str):
        written = _short(written)
    if isinstance(value, Ambiguous):
        hint = {
            "text": f"; quote it: {quote(value.text)}",
            "number": "; write a plain decimal number",
        }.get(want, "; quote it if it is text")
        return f"{_short(value.text)} ({value.kind}){hint}"
    if isinstance(value, bool):
        shown = written if written is not None else str(value).lower()
        hint = f"; quote it: {quote(shown)}" if want == "text" else ""
        return f"{shown} (a boolean){hint}"
    if value is None:
        if written:
            return f"{written} (null)"
        return "nothing"
    if isinstance(value, int):
        shown = written if written is not None else _short(str(value))
        if want == "number":
            return shown
        hint = f"; quote it: {quote(shown)}" if want == "text" else ""
        return f"{shown} (a whole number){hint}"
    if isinstance(value, float):
        shown = written if written is not None else repr(value)
        if math.isnan(value):
            return f"{shown} (not a number)"
        if math.isinf(value):
            return f"{shown} (infinity)"
        hint = f"; quote it: {quote(shown)}" if want == "text" else ""
        return f"{shown} (a decimal number){hint}"
    if isinstance(value, str):
        hint = ""
        if want == "number" and _looks_numeric(value):
            hint = "; write it without quotes"
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
