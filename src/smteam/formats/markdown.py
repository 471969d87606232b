"""A Markdown table (GitHub style) for pull requests, wikis and issue comments.

Text from the input is escaped so that a name cannot become a link, an image, HTML or a new
column.
"""

from __future__ import annotations

import re
from typing import Final

from smteam.formats.columns import caption, summary
from smteam.ranking import Ranking

_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|~&])")


def escape(text: str) -> str:
    """Text shown literally in a Markdown table cell, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def ranking_markdown(ranking: Ranking) -> str:
    """Rank, name, department, score, one column per group, and flags."""
    table = summary(ranking, dash="–")
    align = ["---:" if right else "---" for right in table.right]
    lines = [
        f"### {escape(ranking.rubric.title)} ({escape(ranking.rubric.name)})",
        "",
        "| " + " | ".join(map(escape, table.header)) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(map(escape, row)) + " |" for row in table.rows),
        "",
        escape(caption(ranking)),
        "",
    ]
    return "\n".join(lines)
