"""The job ``smteam rank examples/candidates.yaml --format table`` does, written without smteam
with the same libraries: the floor its start-up is measured against (issue 16).

A typer command reads the candidates file and its rubric with libyaml, validates the
candidates with two strict pydantic models, scores each candidate on the rubric's weights
(0 to 100 from the bottom of the scale), sorts them and prints a rich table. It checks less
than smteam does (no line numbers, no departments, no must-haves): it is a floor, not a rival.

    python benchmarks/samejob.py examples/candidates.yaml
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table

RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"


class Candidate(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    name: str
    department: str
    ratings: dict[str, int]
    notes: dict[str, str] = {}


class CandidatesFile(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    rubric: str | None = None
    candidates: list[Candidate]


app = typer.Typer(add_completion=False)


@app.command()
def rank(
    file: Annotated[Path, typer.Argument(help="A candidates file (YAML).")],
    top: Annotated[int | None, typer.Option(help="Show the best N.")] = None,
) -> None:
    """Rank the candidates of FILE on the rubric it names."""
    with file.open(encoding="utf-8") as f:
        document = CandidatesFile.model_validate(yaml.load(f, Loader=yaml.CSafeLoader))
    rubric_name = document.rubric or "social-media-lead"
    with (RUBRICS / f"{rubric_name}.yaml").open(encoding="utf-8") as f:
        rubric = yaml.load(f, Loader=yaml.CSafeLoader)
    low, high = rubric["scale"]["min"], rubric["scale"]["max"]
    weights = {trait["id"]: trait["weight"] for trait in rubric["traits"]}
    total = sum(weights.values()) * (high - low)

    def score(candidate: Candidate) -> float:
        points = sum(w * (candidate.ratings[t] - low) for t, w in weights.items())
        return 100 * points / total

    ranked = sorted(document.candidates, key=lambda c: (-score(c), c.name))[:top]
    table = Table(title=rubric["title"])
    for column in ("Rank", "Name", "Department", "Score"):
        table.add_column(column)
    for place, candidate in enumerate(ranked, start=1):
        table.add_row(str(place), candidate.name, candidate.department, f"{score(candidate):.1f}")
    Console(width=100).print(table)


if __name__ == "__main__":
    app()
