"""The raters' reliability (``smteam raters --reliability``) as blocks, for a terminal table,
plain text or Markdown, and as plain data for JSON."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType

from smteam.formats.blocks import Block, Grid, blocks_renderable
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
        notes.setdefault(row.note, []).append(row.label or row.trait)
    for note, traits in notes.items():
        parts.append(f"{', '.join(traits)}: {note}")
    return " ".join(parts)


def reliability_blocks(result: Reliability) -> list[Block]:
    """Per trait and overall: the statistic used, its value(s), and the reading."""
    icc_used = any(row.icc is not None for row in result.rows)
    alpha_used = any(row.alpha is not None for row in result.rows)
    header = ["Trait", "Candidates", "Raters", "Missing"]
    if icc_used:
        header += ["ICC(2,k)", "ICC(3,k)", "ICC(2,1)", "ICC(3,1)"]
    if alpha_used:
        header.append("Alpha")
    header.append("Reading")
    rows = []
    for row in result.rows:
        icc = row.icc
        cells = [row.label or row.trait, str(row.candidates), str(row.raters), str(row.missing)]
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
        rows.append(cells)
    right = [name not in ("Trait", "Reading") for name in header]
    return [
        Grid(header, rows, right, title="Rater reliability", caption=_caption(result)),
    ]


def reliability_view(result: Reliability) -> RenderableType:
    """The reliability for a terminal (see :func:`reliability_blocks`)."""
    return blocks_renderable(reliability_blocks(result))


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
                "label": row.label or row.trait,
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
