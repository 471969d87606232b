"""Plain text for logs and pipes: aligned columns, no colour codes, no box drawing, nothing
cut short, and no control or invisible character from the input (they are shown as escapes)."""

from __future__ import annotations

from rich.cells import cell_len

from smteam.errors import needs_escapes, terminal_safe
from smteam.formats.columns import caption, summary
from smteam.scoring.ranking import Ranking


def ranking_text(ranking: Ranking) -> str:
    """Rank, name, department, score, one column per group, and flags, two spaces apart."""
    table = summary(ranking, dash="-")
    rows = [table.header, *table.rows]
    if needs_escapes("".join("".join(row) for row in rows)):
        rows = [[terminal_safe(cell) for cell in row] for row in rows]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(table.header))]
    lines = [terminal_safe(f"{ranking.rubric.title} ({ranking.rubric.name})"), ""]
    for row in rows:
        cells = []
        for cell, width, align_right in zip(row, widths, table.right, strict=True):
            pad = " " * (width - cell_len(cell))
            cells.append(pad + cell if align_right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    lines += ["", terminal_safe(caption(ranking))]
    return "\n".join(lines) + "\n"
