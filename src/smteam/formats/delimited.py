"""CSV for spreadsheets: RFC 4180, a header row, UTF-8, safe to open in Excel.

A text cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``,
``@``, a tab, CR or LF, as OWASP lists them) gets a leading apostrophe, which spreadsheets show
as text. Numbers smteam computes are written as plain numbers and never prefixed.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from smteam.formats.columns import noted_traits, percent, points
from smteam.ranking import Ranking
from smteam.scoring import show_rating, tally_text

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_BOM: Final = "\ufeff"


def safe_text(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def ranking_csv(ranking: Ranking, *, excel: bool = False) -> str:
    """The ranking as CSV; ``excel`` starts it with a byte order mark so that Excel reads
    UTF-8 (names with accents) correctly."""
    rubric = ranking.rubric
    noted = noted_traits(ranking)
    note_index = [rubric.trait_ids.index(trait_id) for trait_id in noted]
    header = [
        "rank",
        "name",
        "department",
        "score",
        "eligible",
        "raters",
        "recommendations",
        "disagreements",
        *(f"group.{group}" for group in rubric.groups),
        *rubric.trait_ids,
        "coverage",
        "reasons",
        *(f"notes.{trait_id}" for trait_id in noted),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_text(cell) for cell in header])
    for entry in ranking.entries:
        evaluation = entry.evaluation
        writer.writerow(
            [
                "" if entry.rank is None else str(entry.rank),
                safe_text(evaluation.name),
                safe_text(evaluation.department),
                _number(points(evaluation.score)),
                "true" if evaluation.eligible else "false",
                str(evaluation.raters),
                safe_text(tally_text(evaluation.recommendations)),
                safe_text("; ".join(evaluation.disagreements)),
                *(_number(points(score)) for score in evaluation.group_scores),
                *(show_rating(rating) for rating in evaluation.ratings),
                f"{percent(evaluation.coverage):.1f}",
                safe_text("; ".join(evaluation.reasons)),
                *(safe_text(evaluation.note(i) or "") for i in note_index),
            ]
        )
    return (EXCEL_BOM if excel else "") + buffer.getvalue()
