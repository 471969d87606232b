"""Rules for the text people write into smteam's files: what may appear in a name, a label, a note.

Names and labels end up in terminals and spreadsheets, so characters that hide, reorder or
control what is shown (bidi overrides, zero-width spaces, escape codes) are refused, each with
its code point and position.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

NAME_MAX: Final = 100
LINE_MAX: Final = 200
PROSE_MAX: Final = 5000

# Joiners are how some scripts (Persian, Indic) and emoji are written; other format
# characters are invisible and only ever confuse.
_ALLOWED_FORMAT: Final = frozenset({"\u200c", "\u200d"})
_PRINTABLE_ASCII: Final = re.compile(r"[\x20-\x7e]*")
_PLAIN: Final = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?")
"""Printable ASCII with no space at either end: fine as any kind of text (if not too long)."""


def _char_problem(char: str, index: int, *, multiline: bool) -> str | None:
    if char == " " or (multiline and char in "\n\t"):
        return None
    if char in "\n\r\t":
        what = "a tab" if char == "\t" else "a line break"
        return f"contains {what} at character {index + 1}; keep it on one line"
    category = unicodedata.category(char)
    hint = "; remove it"
    if category == "Cc":
        kind = "a control character"
    elif category == "Cf" and char not in _ALLOWED_FORMAT:
        kind = "an invisible formatting character"
    elif category in ("Cs", "Co", "Cn", "Zl", "Zp"):
        kind = "an invisible or unassigned character"
    elif category == "Zs":
        kind, hint = "an unusual space", "; use a plain space"
    else:
        return None
    name = unicodedata.name(char, "")
    shown = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    return f"contains {kind}, {shown}, at character {index + 1}{hint}"


def text_problem(text: str, *, kind: str, max_length: int, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be used as a ``kind`` ("name", "label"...), or None when it can."""
    if len(text) <= max_length and _PLAIN.fullmatch(text):
        return None  # the usual text, in one test: every rule below would pass it
    return _text_rules(text, kind=kind, max_length=max_length, multiline=multiline)


def _text_rules(text: str, *, kind: str, max_length: int, multiline: bool) -> str | None:
    if not text.strip():
        return f"expected a {kind}, found empty text"
    if len(text) > max_length:
        return f"expected a {kind} of at most {max_length} characters, found {len(text)}"
    if not multiline and text != text.strip():
        return f"expected a {kind} without leading or trailing spaces"
    if _PRINTABLE_ASCII.fullmatch(text):
        return None
    for index, char in enumerate(text):
        if char.isalnum() or char in " -'.,&/()":
            continue
        problem = _char_problem(char, index, multiline=multiline)
        if problem is not None:
            return problem
    return None


def name_key(name: str) -> str:
    """How two names are compared for sameness: Unicode-normalised, case and spacing folded."""
    if not name.isascii():  # NFKC leaves ASCII as it is; skip it for the common case
        name = unicodedata.normalize("NFKC", name)
    return " ".join(name.casefold().split())
