"""Plain text for logs and pipes: aligned columns, no colour codes, no box drawing, nothing
cut short."""

from __future__ import annotations

from rich.cells import cell_len

from smteam.formats.columns import caption, flags, has_panel, panel_says
from smteam.ranking import Ranking


def _points(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def ranking_text(ranking: Ranking) -> str:
    """Rank, name, department, score, one column per group, and flags, two spaces apart."""
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
    right = [True, False, False, *([True] if panel else []), True, *([False] if panel else [])]
    right += [*(True for _ in rubric.groups), False]
    rows = [header]
    for entry, remarks in zip(ranking.entries, flags(ranking), strict=True):
        evaluation = entry.evaluation
        rows.append(
            [
                "-" if entry.rank is None else str(entry.rank),
                evaluation.name,
                evaluation.department,
                *([str(evaluation.raters)] if panel else []),
                _points(evaluation.score),
                *([panel_says(evaluation)] if panel else []),
                *(_points(score) for score in evaluation.group_scores),
                "; ".join(remarks),
            ]
        )
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"{rubric.title} ({rubric.name})", ""]
    for row in rows:
        cells = []
        for cell, width, align_right in zip(row, widths, right, strict=True):
            pad = " " * (width - cell_len(cell))
            cells.append(pad + cell if align_right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    lines += ["", caption(ranking)]
    return "\n".join(lines) + "\n"
