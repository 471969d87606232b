"""A Markdown table (GitHub style) for pull requests, wikis and issue comments.

Text from the input is escaped so that a name cannot become a link, an image, HTML or a new
column.
"""

from __future__ import annotations

import re
from typing import Final

from smteam.formats.columns import caption, flags, has_panel, panel_says
from smteam.ranking import Ranking

_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|~&])")


def escape(text: str) -> str:
    """Text shown literally in a Markdown table cell, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def ranking_markdown(ranking: Ranking) -> str:
    """Rank, name, department, score, one column per group, and flags."""
    rubric = ranking.rubric
    panel = has_panel(ranking)
    header = [
        "Rank",
        "Name",
        "Department",
        *(["Raters"] if panel else []),
        "Score",
        *(["Panel says"] if panel else []),
        *rubric.groups,
        "Flags",
    ]
    align = ["---:", "---", "---", *(["---:"] if panel else []), "---:"]
    align += [*(["---"] if panel else []), *("---:" for _ in rubric.groups), "---"]
    lines = [
        f"### {escape(rubric.title)} ({escape(rubric.name)})",
        "",
        "| " + " | ".join(escape(h) for h in header) + " |",
        "| " + " | ".join(align) + " |",
    ]
    for entry, remarks in zip(ranking.entries, flags(ranking), strict=True):
        evaluation = entry.evaluation
        cells = [
            "–" if entry.rank is None else str(entry.rank),
            escape(evaluation.name),
            escape(evaluation.department),
            *([str(evaluation.raters)] if panel else []),
            _points(evaluation.score),
            *([escape(panel_says(evaluation))] if panel else []),
            *(_points(score) for score in evaluation.group_scores),
            escape("; ".join(remarks)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", escape(caption(ranking)), ""]
    return "\n".join(lines)
