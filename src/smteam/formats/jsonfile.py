"""JSON for scripts: one document, or one line per candidate (JSON Lines). Text is exactly as
written in the input (control, bidi and invisible characters as JSON escapes); scores have two
decimals."""

from __future__ import annotations

import json

from smteam.errors import json_safe
from smteam.scoring.plain import ranking_document, ranking_rows
from smteam.scoring.ranking import Ranking


def ranking_json(ranking: Ranking) -> str:
    """The rubric, the scale, the missing-rating policy, every candidate shown, and how many
    were not shown."""
    document = ranking_document(ranking)
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def ranking_jsonl(ranking: Ranking) -> str:
    """One JSON object per candidate shown, one per line, each with the rubric's name."""
    name = ranking.rubric.name
    return json_safe(
        "".join(
            json.dumps({**row, "rubric": name}, ensure_ascii=False, separators=(",", ":")) + "\n"
            for row in ranking_rows(ranking)
        )
    )
