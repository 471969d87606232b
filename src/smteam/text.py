"""Rules for the text people write into smteam's files: what may appear in a name, a label, a note.

Names and labels end up in terminals and spreadsheets, so characters that hide, reorder or
control what is shown (bidi overrides, zero-width spaces, escape codes) are refused, each with
its code point and position.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

NAME_MAX: Final = 100
LINE_MAX: Final = 200
PROSE_MAX: Final = 5000

# Joiners are how some scripts (Persian, Indic) and emoji are written; other format
# characters are invisible and only ever confuse.
_ALLOWED_FORMAT: Final = frozenset({"\u200c", "\u200d"})
_PRINTABLE_ASCII: Final = re.compile(r"[\x20-\x7e]*")
PRINTABLE_LINES: Final = re.compile(r"[\x20-\x7e\n]*")
"""Lines of printable ASCII: names joined by line breaks, each printable ASCII."""
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
    if all(map(_is_blank, text)):
        shown = next(f"U+{ord(c):04X} ({unicodedata.name(c, '')})" for c in text if c != " ")
        return (
            f"expected a {kind}, found only invisible or blank characters such as {shown}; "
            f"write the {kind} in letters"
        )
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
    """How names sort: Unicode-normalised, case and spacing folded. Sameness is
    :func:`person_key`'s."""
    if not name.isascii():  # NFKC leaves ASCII as it is; skip it for the common case
        name = unicodedata.normalize("NFKC", name)
    return " ".join(name.casefold().split())


# Unicode's Default_Ignorable_Code_Point: characters that show nothing (or nothing of their
# own) however they are rendered.
_IGNORABLE_RANGES: Final = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_BLANK_LOOKING: Final = frozenset({0x2800})
"""Visible characters that look like nothing: the blank braille pattern."""


def _is_blank(char: str) -> bool:
    code = ord(char)
    if code in _BLANK_LOOKING or char.isspace():
        return True
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


@cache
def _lookalikes() -> dict[int, str | None]:
    """Each look-alike character's code point to what it stands for, from Unicode's
    confusables data (see the header of ``lookalikes.txt``); read once, and only when a
    name is not plain ASCII."""
    table: dict[int, str | None] = {  # str.translate leaves out what maps to None
        code: None for low, high in _IGNORABLE_RANGES for code in range(low, high + 1)
    }
    table.update(dict.fromkeys(_BLANK_LOOKING))
    from importlib import resources  # only here: most runs never need the table

    text = resources.files("smteam").joinpath("lookalikes.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            source, *target = line.split()
            table[int(source, 16)] = "".join(chr(int(code, 16)) for code in target)
    return table


_MOST_PASSES: Final = 8
"""A bound on :func:`person_key`'s passes over a name; none has needed more than three."""


def person_key(name: str) -> str:
    """How two names are compared for sameness (two candidates, two raters): letter for
    letter, ignoring case, spaces and characters that show nothing, with look-alike letters
    (a Cyrillic "а" for a Latin "a") read as the letter they look like, after Unicode's
    skeletons (UTS #39). Spaces go too, since an invisible joiner where a space was
    ("Joe\u200dPark") is the same person as "Joe Park". ASCII names need no table.

    The key is worked out from :func:`name_key`'s folding, so names with one sort key are
    one person, and so are names Unicode holds to be one text: a "Č" as one character, or
    as a "C" and a combining caron (as macOS writes file names)."""
    if name.isascii():
        return "".join(name.casefold().split())
    key = "".join(unicodedata.normalize("NFKC", name).casefold().split())
    table = _lookalikes()
    for _ in range(_MOST_PASSES):
        # Look-alikes both composed (an "ö" has an entry of its own) and taken apart (a
        # combining caron looks like a breve); what they become may compose anew with the
        # letter before it ("o" and a diaeresis make "ö"): again until nothing changes.
        folded = unicodedata.normalize("NFD", key.translate(table)).translate(table)
        folded = "".join(unicodedata.normalize("NFKC", folded).casefold().split())
        if folded == key or folded.isascii():  # the table leaves ASCII as it is
            return folded
        key = folded
    return key


def looks_alike_note(name: str, other: str) -> str:
    """For two names with the same :func:`person_key`: empty when they differ only in case
    and runs of spaces, else a note on what they differ in, since the two may look the same
    on screen: other code points for the same letters (a full-width "Ａ", or an "é" as an
    "e" and an accent), or what does not show."""
    if " ".join(name.casefold().split()) == " ".join(other.casefold().split()):
        return ""
    if name_key(name) == name_key(other):
        return " (they differ only in the Unicode characters that write the same letters)"
    return " (they differ only in spacing, invisible or look-alike characters)"
