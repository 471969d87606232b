"""``smteam compare`` in every output format ``rank`` has: one row per candidate with their
rank under each rubric and how far they move, then Kendall's tau-b and rank-biased overlap
for every pair of rubrics."""

from __future__ import annotations

import json
from typing import Any

from smteam.choices import OutputFormat
from smteam.errors import json_safe, terminal_safe
from smteam.scoring.comparison import Comparison


def _rank(rank: int | None, dash: str) -> str:
    return dash if rank is None else str(rank)


def _header(comparison: Comparison) -> list[str]:
    return ["Name", "Department", *comparison.rubrics, "Moves"]


def _rows(comparison: Comparison, dash: str) -> list[list[str]]:
    return [
        [
            row.name,
            row.department,
            *(_rank(rank, dash) for rank in row.ranks),
            dash if row.moves is None else str(row.moves),
        ]
        for row in comparison.rows
    ]


def _tau(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.2f}"


def summary_lines(comparison: Comparison) -> list[str]:
    """Who moves most, and each pair's agreement, as sentences."""
    lines = []
    moved = comparison.most_moved
    if moved:
        who = ", ".join(row.name for row in moved)
        lines.append(f"Moves most ({moved[0].moves} places): {who}.")
    else:
        lines.append("Nobody moves: every rubric ranks the candidates alike.")
    for pair in comparison.pairs:
        lines.append(
            f"{pair.first} vs {pair.second}: Kendall's tau-b {_tau(pair.tau_b)}, "
            f"rank-biased overlap {pair.rbo:.2f}."
        )
    lines.append(
        "Ranks per rubric (a dash: not eligible there). Tau-b runs from -1 (reversed) to 1 "
        "(the same order) over the candidates both rank; rank-biased overlap from 0 to 1, "
        "weighing the top most (p = 0.9)."
    )
    return lines


def _plain(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "name": row.name,
            "department": row.department,
            "ranks": dict(zip(comparison.rubrics, row.ranks, strict=True)),
            "scores": {
                rubric: round(score, 2)
                for rubric, score in zip(comparison.rubrics, row.scores, strict=True)
            },
            "moves": row.moves,
        }
        for row in comparison.rows
    ]


def _pairs(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "rubrics": [pair.first, pair.second],
            "kendall_tau_b": None if pair.tau_b is None else round(pair.tau_b, 4),
            "rank_biased_overlap": round(pair.rbo, 4),
        }
        for pair in comparison.pairs
    ]


def _aligned(comparison: Comparison) -> str:
    header = _header(comparison)
    rows = [header, *_rows(comparison, "-")]
    rows = [[terminal_safe(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["Rubrics compared: " + ", ".join(comparison.rubrics), ""]
    for row in rows:
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines += ["", *summary_lines(comparison)]
    return "\n".join(lines) + "\n"


def _markdown(comparison: Comparison) -> str:
    from smteam.formats.markdown import escape

    header = _header(comparison)
    align = ["---", "---", *("---:" for _ in header[2:])]
    lines = [
        "### " + escape("Rubrics compared: " + ", ".join(comparison.rubrics), in_table=False),
        "",
        "| " + " | ".join(map(escape, header)) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(map(escape, row)) + " |" for row in _rows(comparison, "–")),
        "",
        *(escape(line, in_table=False) + "\n" for line in summary_lines(comparison)),
    ]
    return "\n".join(lines)


def _csv(comparison: Comparison, excel: bool) -> str:
    import csv
    import io

    from smteam.formats.delimited import EXCEL_BOM, safe_text

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "name",
            "department",
            *(f"rank.{r}" for r in comparison.rubrics),
            *(f"score.{r}" for r in comparison.rubrics),
            "moves",
        ]
    )
    for row in comparison.rows:
        writer.writerow(
            [
                safe_text(terminal_safe(row.name)),
                safe_text(terminal_safe(row.department)),
                *(_rank(rank, "") for rank in row.ranks),
                *(f"{score:.2f}" for score in row.scores),
                "" if row.moves is None else str(row.moves),
            ]
        )
    return (EXCEL_BOM if excel else "") + out.getvalue()


def _table(comparison: Comparison, width: int, color: bool) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from smteam.formats.sections import to_text

    table = Table(
        title=Text(terminal_safe("Rubrics compared: " + ", ".join(comparison.rubrics))),
        caption=Text(terminal_safe(" ".join(summary_lines(comparison)))),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    for i, header in enumerate(_header(comparison)):
        table.add_column(Text(terminal_safe(header)), justify="left" if i < 2 else "right")
    for row in _rows(comparison, "–"):
        table.add_row(*(Text(terminal_safe(cell)) for cell in row))
    return to_text(table, width=width, color=color)


def comparison_text(
    comparison: Comparison,
    fmt: OutputFormat,
    *,
    width: int = 100,
    color: bool = False,
    excel: bool = False,
) -> str:
    """The comparison as ``fmt``."""
    if fmt is OutputFormat.TABLE:
        return _table(comparison, width, color)
    if fmt is OutputFormat.TEXT:
        return _aligned(comparison)
    if fmt is OutputFormat.CSV:
        return _csv(comparison, excel)
    if fmt is OutputFormat.JSON:
        document = {
            "rubrics": list(comparison.rubrics),
            "candidates": _plain(comparison),
            "pairs": _pairs(comparison),
            "moves_most": [row.name for row in comparison.most_moved],
        }
        return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
    if fmt is OutputFormat.JSONL:
        return json_safe(
            "".join(
                json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
                for row in _plain(comparison)
            )
        )
    if fmt is OutputFormat.MARKDOWN:
        return _markdown(comparison)
    raise AssertionError(f"no formatter for {fmt}")
