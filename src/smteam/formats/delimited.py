"""CSV for spreadsheets: RFC 4180, a header row, UTF-8, safe to open in Excel.

A text cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``,
``@``, a tab, CR or LF, as OWASP lists them) gets a leading apostrophe, which spreadsheets show
as text. Numbers smteam computes are written as plain numbers and never prefixed.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from smteam.formats.columns import noted_traits
from smteam.ranking import Ranking
from smteam.scoring import Evaluation, show_rating, tally_text

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
    writer.writerows(_row(entry.rank, entry.evaluation, note_index) for entry in ranking.entries)
    return (EXCEL_BOM if excel else "") + buffer.getvalue()


def _row(rank: int | None, evaluation: Evaluation, note_index: list[int]) -> list[str]:
    """One candidate's cells (a hundred thousand rows for a big export: kept plain)."""
    ratings = evaluation.ratings
    if _INTS.issuperset(map(type, ratings)):
        shown = list(map(str, ratings))
    else:
        shown = [show_rating(rating) for rating in ratings]
    name, department = evaluation.name, evaluation.department
    reasons = evaluation.reasons
    return [
        "" if rank is None else str(rank),
        "'" + name if name.startswith(FORMULA_TRIGGERS) else name,
        "'" + department if department.startswith(FORMULA_TRIGGERS) else department,
        f"{evaluation.score:.2f}",
        "true" if evaluation.eligible else "false",
        str(evaluation.raters),
        safe_text(tally_text(evaluation.recommendations)) if evaluation.recommendations else "",
        safe_text("; ".join(evaluation.disagreements)) if evaluation.disagreements else "",
        *["" if score is None else f"{score:.2f}" for score in evaluation.group_scores],
        *shown,
        "100.0" if evaluation.coverage == 1 else f"{evaluation.coverage * 100:.1f}",
        safe_text("; ".join(reasons)) if reasons else "",
        *[safe_text(evaluation.note(i) or "") for i in note_index],
    ]


_INTS: Final = frozenset({int})
