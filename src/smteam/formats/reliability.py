"""The raters' reliability (``smteam raters --reliability``) as a terminal table and as
plain data for JSON."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from smteam.reliability import Interval, Reliability


def _interval(found: Interval) -> str:
    return f"{found.value:.2f} [{found.low:.2f}, {found.high:.2f}]"


def reliability_view(result: Reliability) -> Table:
    """Per trait and overall: the statistic used, its value(s), the reading, and why."""
    table = Table(
        title="Rater reliability",
        caption=Text(
            "ICC(2,k): how far the panel's mean rating can be trusted, raters' levels "
            "included; ICC(3,k): the same for the order alone; (2,1) and (3,1): one rater "
            "alone. 95% intervals in brackets; reading after Koo and Li (2016), judged on the "
            "interval: below 0.5 poor, below 0.75 moderate, below 0.9 good, else excellent. "
            "Alpha: Krippendorff's, 1 perfect agreement, 0 no better than chance; below 0.667 "
            "is commonly not relied on."
        ),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    for header in ("Trait", "Candidates", "Raters", "ICC(2,k)", "ICC(3,k)", "ICC(2,1)"):
        table.add_column(header, justify="left" if header == "Trait" else "right")
    table.add_column("ICC(3,1)", justify="right")
    table.add_column("Alpha", justify="right")
    table.add_column("Reading / why")
    for row in result.rows:
        icc = row.icc
        cells = (
            ["–"] * 4
            if icc is None
            else [
                _interval(icc.icc2_k),
                _interval(icc.icc3_k),
                _interval(icc.icc2_1),
                _interval(icc.icc3_1),
            ]
        )
        alpha = "–" if row.alpha is None else f"{row.alpha:.2f}"
        reading = f"{icc.icc2_k.reading}. " if icc is not None else ""
        table.add_row(
            Text(row.trait),
            Text(str(row.candidates)),
            Text(str(row.raters)),
            *map(Text, cells),
            Text(alpha),
            Text(reading + row.note),
        )
    return table


def _plain(found: Interval) -> dict[str, Any]:
    return {
        "value": round(found.value, 4),
        "ci95": [round(found.low, 4), round(found.high, 4)],
        "reading": found.reading,
    }


def reliability_document(result: Reliability) -> list[dict[str, Any]]:
    """Per trait and overall, the statistic and its numbers, rounded to four decimals."""
    rows = []
    for row in result.rows:
        icc = row.icc
        rows.append(
            {
                "trait": row.trait,
                "candidates": row.candidates,
                "raters": row.raters,
                "statistic": row.statistic,
                "icc": None
                if icc is None
                else {
                    "icc2_1": _plain(icc.icc2_1),
                    "icc2_k": _plain(icc.icc2_k),
                    "icc3_1": _plain(icc.icc3_1),
                    "icc3_k": _plain(icc.icc3_k),
                },
                "alpha": None if row.alpha is None else round(row.alpha, 4),
                "note": row.note,
            }
        )
    return rows
