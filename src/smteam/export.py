"""Rankings as rows for machines: CSV for spreadsheets, JSON for scripts.

Both are pure functions from a ranking to text, and deterministic: the same ranking gives the
same bytes every time.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, Final

from smteam.ranking import Ranking
from smteam.scoring import show_rating

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP's "CSV injection" list); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


def points(value: Fraction | None) -> float | None:
    """A score as the number shown in exports: two decimals."""
    return None if value is None else round(float(value), 2)


def percent(value: Fraction) -> float:
    return round(float(value) * 100, 1)


def ranking_rows(ranking: Ranking) -> Iterator[dict[str, Any]]:
    """One plain mapping per candidate: the columns of every export, in order."""
    rubric = ranking.rubric
    for entry in ranking.entries:
        evaluation = entry.evaluation
        yield {
            "rank": entry.rank,
            "name": evaluation.name,
            "department": evaluation.department,
            "score": points(evaluation.score),
            "eligible": evaluation.eligible,
            "groups": {
                group: points(score)
                for group, score in zip(rubric.groups, evaluation.group_scores, strict=True)
            },
            "ratings": {
                trait_id: _json_rating(rating)
                for trait_id, rating in zip(rubric.trait_ids, evaluation.ratings, strict=True)
            },
            "coverage": percent(evaluation.coverage),
            "reasons": list(evaluation.reasons),
        }


def _json_rating(rating: int | Fraction | None) -> int | float | None:
    if rating is None or isinstance(rating, int):
        return rating
    return float(rating)


def safe_cell(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def ranking_csv(ranking: Ranking) -> str:
    """RFC 4180 CSV with a header row; text cells are guarded against formula injection."""
    rubric = ranking.rubric
    header = [
        "rank",
        "name",
        "department",
        "score",
        "eligible",
        *(f"group.{group}" for group in rubric.groups),
        *rubric.trait_ids,
        "coverage",
        "reasons",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row, entry in zip(ranking_rows(ranking), ranking.entries, strict=True):
        writer.writerow(
            [
                _number(row["rank"]),
                safe_cell(row["name"]),
                safe_cell(row["department"]),
                _number(row["score"]),
                "true" if row["eligible"] else "false",
                *(_number(v) for v in row["groups"].values()),
                *(show_rating(r) for r in entry.evaluation.ratings),
                f"{row['coverage']:.1f}",
                safe_cell("; ".join(row["reasons"])),
            ]
        )
    return buffer.getvalue()


def ranking_json(ranking: Ranking) -> str:
    """The ranking as one JSON document, text exactly as written in the input."""
    rubric = ranking.rubric
    document = {
        "rubric": {"name": rubric.name, "title": rubric.title},
        "scale": {"min": rubric.scale.min, "max": rubric.scale.max},
        "missing": str(ranking.missing),
        "candidates": list(ranking_rows(ranking)),
        "not_shown": {
            "eligible": ranking.hidden_eligible,
            "not_eligible": ranking.hidden_ineligible,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
