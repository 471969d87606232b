"""A Markdown table (GitHub style) for pull requests, wikis and issue comments.

Text from the input is escaped so that a name cannot become a link, an image, HTML or a new
column; a word that GitHub would turn into a link or a notification (a URL, ``www.``, an
e-mail address, an ``@mention``) is set as code, where GitHub links nothing. Control, bidi and
invisible characters are shown as escapes (:func:`smteam.errors.terminal_safe`).
"""

from __future__ import annotations

import re
from typing import Final

from smteam.errors import terminal_safe
from smteam.formats.columns import caption, summary
from smteam.scoring.ranking import Ranking

_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|~&])")
_LINKS: Final = re.compile(r"://|www\.|@", re.IGNORECASE)
"""What makes GitHub turn a word into a link or a mention: a scheme's ``://``, ``www.``, and an
``@`` (an e-mail address, a ``mailto:``/``xmpp:`` link, a user or team to notify)."""
_BACKTICKS: Final = re.compile(r"`+")


def _code(word: str, *, in_table: bool) -> str:
    """``word`` as a code span: literal, never linked. In a table cell a ``|`` is still
    written ``\\|`` (GitHub splits a row on every other ``|``, even inside code)."""
    if in_table:
        word = word.replace("|", "\\|")
    fence = "`" * (max(map(len, _BACKTICKS.findall(word)), default=0) + 1)
    if word.startswith("`") or word.endswith("`"):
        word = f" {word} "  # one space each side is dropped again, and the fence stays apart
    return f"{fence}{word}{fence}"


def escape(text: str, *, in_table: bool = True) -> str:
    """Text shown literally in a Markdown table cell (or, not ``in_table``, a heading or a
    paragraph), on one line, with no link and no mention in it."""
    text = terminal_safe(" ".join(text.split()))
    if _LINKS.search(text) is None:
        return _SPECIAL.sub(r"\\\1", text)
    return " ".join(
        _code(word, in_table=in_table) if _LINKS.search(word) else _SPECIAL.sub(r"\\\1", word)
        for word in text.split(" ")
    )


def ranking_markdown(ranking: Ranking) -> str:
    """Rank, name, department, score, one column per group, and flags."""
    table = summary(ranking, dash="–")
    align = ["---:" if right else "---" for right in table.right]
    title = f"{ranking.rubric.title} ({ranking.rubric.name})"
    lines = [
        f"### {escape(title, in_table=False)}",
        "",
        "| " + " | ".join(map(escape, table.header)) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(map(escape, row)) + " |" for row in table.rows),
        "",
        escape(caption(ranking), in_table=False),
        "",
    ]
    return "\n".join(lines)
