"""The raters' reliability (``smteam raters --reliability``) as a terminal table and as
plain data for JSON."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from smteam.scoring.reliability import Interval, Reliability, alpha_reading


def _interval(found: Interval) -> str:
    return f"{found.value:.2f} [{found.low:.2f}, {found.high:.2f}]"


def _caption(result: Reliability) -> str:
    """What the columns mean, then why each statistic was used, each reason said once with
    the traits it applies to."""
    parts = []
    if any(row.icc is not None for row in result.rows):
        parts.append(
            "ICC(2,k): how far the panel's mean rating can be trusted, each rater's level "
            "included; ICC(3,k): the same for the order alone; ICC(2,1) and ICC(3,1): one "
            "rater alone. 95% intervals in brackets. Reading (of ICC(2,k)) after Koo and Li "
            "(2016), judged on the interval: below 0.5 poor, below 0.75 moderate, below 0.9 "
            "good, else excellent."
        )
    if any(row.alpha is not None for row in result.rows):
        parts.append(
            "Alpha: Krippendorff's, 1 for perfect agreement, 0 for no better than chance; "
            "0.8 or more reliable, 0.667 or more for tentative conclusions, below that not "
            "to be relied on."
        )
    notes: dict[str, list[str]] = {}
    for row in result.rows:
        notes.setdefault(row.note, []).append(row.trait)
    for note, traits in notes.items():
        parts.append(f"{', '.join(traits)}: {note}")
    return " ".join(parts)


def reliability_view(result: Reliability) -> Table:
    """Per trait and overall: the statistic used, its value(s), and the reading."""
    table = Table(
        title="Rater reliability",
        caption=Text(_caption(result)),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    icc_used = any(row.icc is not None for row in result.rows)
    alpha_used = any(row.alpha is not None for row in result.rows)
    table.add_column("Trait")
    for header in ("Candidates", "Raters", "Missing"):
        table.add_column(header, justify="right")
    if icc_used:
        for header in ("ICC(2,k)", "ICC(3,k)", "ICC(2,1)", "ICC(3,1)"):
            table.add_column(header, justify="right")
    if alpha_used:
        table.add_column("Alpha", justify="right")
    table.add_column("Reading")
    for row in result.rows:
        icc = row.icc
        cells = [row.trait, str(row.candidates), str(row.raters), str(row.missing)]
        if icc_used:
            cells += (
                ["–"] * 4
                if icc is None
                else [
                    _interval(icc.icc2_k),
                    _interval(icc.icc3_k),
                    _interval(icc.icc2_1),
                    _interval(icc.icc3_1),
                ]
            )
        if alpha_used:
            cells.append("–" if row.alpha is None else f"{row.alpha:.2f}")
        if icc is not None:
            reading = icc.icc2_k.reading
        elif row.alpha is not None:
            reading = alpha_reading(row.alpha)
        else:
            reading = "cannot tell"
        cells.append(reading)
        table.add_row(*map(Text, cells))
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
                "missing": row.missing,
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
                "alpha_reading": None if row.alpha is None else alpha_reading(row.alpha),
                "note": row.note,
            }
        )
    return rows
