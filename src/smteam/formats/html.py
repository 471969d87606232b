"""``smteam report``: one self-contained HTML page to share a shortlist, on screen or paper.

The page is made from Jinja2 templates with autoescaping on (every name, note, department
and rater is text, whatever it contains), needs no script and loads nothing: its style is
inline and allowed by its hash in a Content-Security-Policy that forbids everything else.
Charts are inline SVG from :mod:`smteam.formats.charts`, drawn from the numbers the other
formats show. Nothing here reads the clock: the same report gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from smteam.formats.charts import bar_length, heat_map, points_bar
from smteam.formats.columns import trait_labels
from smteam.scoring.scores import labelled_reason, shown

if TYPE_CHECKING:
    from smteam.checking.models import Candidate
    from smteam.scoring.calibration import Calibration
    from smteam.scoring.ranking import Ranking
    from smteam.scoring.scores import ScoringPlan
    from smteam.scoring.teamreport import TeamReport

DETAIL_ALL_UP_TO: Final = 200
"""Up to this many candidates shown, each gets a detail section; beyond, only the first
DETAIL_TOP do, so that a report of ten thousand stays a few megabytes."""
DETAIL_TOP: Final = 50


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the page shows: the ranking and what it was made from, and the optional
    sections (a team, a bar)."""

    ranking: Ranking
    plan: ScoringPlan
    candidates: tuple[Candidate, ...]
    """Every candidate as ranked (anonymous under --blind), for the per-trait detail."""
    files: tuple[str, ...]
    """The inputs as named on the command line."""
    data_date: str | None
    """The newest input file's modification day (UTC, YYYY-MM-DD); None for standard input."""
    calibration: Calibration | None = None
    team: TeamReport | None = None
    bar: str | None = None
    """The bar asked for (--fail-under, --min-eligible), in words."""
    shortfall: str | None = None
    """Why the bar is not met; None when it is (or none was given)."""


def _score(value: float) -> str:
    """A score as every output shows it: one decimal, rounded half up (``shown``)."""
    return f"{shown(value):.1f}"


def _rating(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]


def _two(value: float | None, sign: str = "") -> str:
    """A calibration number with two decimals, as ``smteam raters`` shows it."""
    return "–" if value is None else f"{value:{sign}.2f}"


@cache
def _environment() -> Any:
    """The templates, loaded once (a library may write many reports)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("smteam.formats", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _ranking_rows(ranking: Ranking) -> list[dict[str, Any]]:
    labels = trait_labels(ranking.rubric)
    return [
        {
            "rank": "–" if entry.rank is None else str(entry.rank),
            "name": entry.evaluation.name,
            "department": entry.evaluation.department,
            "score": _score(entry.evaluation.score),
            "bar": bar_length(entry.evaluation.score),
            "eligible": entry.evaluation.eligible,
            "reasons": "; ".join(labelled_reason(r, labels) for r in entry.evaluation.reasons),
        }
        for entry in ranking.entries
    ]


def _details(report: Report, shown: int) -> list[dict[str, Any]]:
    from smteam.scoring.explain import explain

    by_name = {candidate.name: candidate for candidate in report.candidates}
    labels = trait_labels(report.plan.rubric)
    details = []
    for number, entry in enumerate(report.ranking.entries[:shown], start=1):
        found = explain(by_name[entry.evaluation.name], report.ranking, report.plan, entry=entry)
        earned_lost = found.shown_points  # as explain shows them: they add up to the score
        parts = [
            (part.label, earned, lost)
            for part, (earned, lost) in zip(found.parts, earned_lost, strict=True)
        ]
        details.append(
            {
                "anchor": f"candidate-{number}",
                "name": entry.evaluation.name,
                "department": entry.evaluation.department,
                "rank": "not ranked" if entry.rank is None else f"rank {entry.rank}",
                "score": _score(entry.evaluation.score),
                "chart": points_bar(entry.evaluation.name, parts),
                "traits": [
                    {
                        "label": part.label,
                        "rating": _rating(part.rating),
                        "earned": f"{earned:.1f}",
                        "lost": f"{lost:.1f}",
                        "minimum": "" if part.minimum is None else str(part.minimum),
                    }
                    for part, (earned, lost) in zip(found.parts, earned_lost, strict=True)
                ],
                "strengths": [labels[t] for t in found.strengths],
                "gaps": [labels[t] for t in found.gaps],
                "notes": [
                    (part.label, rater or "", note)
                    for part in found.parts
                    for rater, note in part.notes
                ],
                "misses": [labelled_reason(r, labels) for r in entry.evaluation.reasons],
            }
        )
    return details


def _panel(report: Report, shown: int) -> dict[str, Any] | None:
    entries = [e for e in report.ranking.entries[:shown] if e.evaluation.raters > 1]
    if not entries:
        return None
    rubric = report.plan.rubric
    heat = heat_map(
        [e.evaluation.name for e in entries],
        list(rubric.trait_ids),
        [e.evaluation.spreads or (None,) * len(rubric.trait_ids) for e in entries],
        rubric.scale.span,
    )
    from smteam.checking.models import RECOMMENDATIONS

    given = {kind for e in entries for kind, _ in e.evaluation.recommendations}
    kinds = [kind for kind in RECOMMENDATIONS if kind in given]
    tally = [
        {
            "name": e.evaluation.name,
            "counts": [str(dict(e.evaluation.recommendations).get(kind, 0)) for kind in kinds],
        }
        for e in entries
    ]
    raters: list[dict[str, Any]] = []
    panel_mean = "–"
    if report.calibration is not None:
        document = report.calibration.to_dict()
        raters = [
            {
                **rater,
                "mean": _two(rater["mean"]),
                "offset": _two(rater["offset"], "+"),
            }
            for rater in document["raters"]
        ]
        panel_mean = _two(document["panel_mean"])
    return {
        "heat": heat,
        "kinds": [kind.replace("_", " ") for kind in kinds],
        "tally": tally,
        "raters": raters,
        "panel_mean": panel_mean,
    }


def _stability(report: Report) -> dict[str, Any] | None:
    stability = report.ranking.stability
    if stability is None:
        return None
    from smteam.formats.stability import described, summary_cells, summary_header

    return {
        "described": described(stability),
        "header": summary_header(stability),
        "rows": [
            [e.evaluation.name, *summary_cells(stability, e.evaluation.name, "–")]
            for e in report.ranking.entries
        ],
    }


def _team(report: Report) -> dict[str, Any] | None:
    if report.team is None:
        return None
    from smteam.formats.team import headline, notes, sections

    return {
        "headline": headline(report.team),
        "sections": sections(report.team),
        "notes": notes(report.team),
    }


def report_html(report: Report) -> str:
    """The whole page as text."""
    from markupsafe import Markup

    environment = _environment()
    # The style sheet is smteam's own text, not the user's: it goes in as it is, and its
    # hash in the Content-Security-Policy lets the browser apply it and nothing else.
    style = Markup(environment.get_template("report.css").render())
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    ranking = report.ranking
    count = len(ranking.entries)
    shown = count if count <= DETAIL_ALL_UP_TO else DETAIL_TOP
    rubric = ranking.rubric
    return str(
        environment.get_template("report.html.j2").render(
            style=style,
            style_hash=f"sha256-{digest}",
            rubric=rubric,
            traits=rubric.traits,
            files=report.files,
            data_date=report.data_date,
            candidates=len(ranking.standings),
            shown=count,
            eligible=ranking.eligible_count,
            hidden=ranking.hidden_eligible + ranking.hidden_ineligible,
            bar=report.bar,
            shortfall=report.shortfall,
            rows=_ranking_rows(ranking),
            details=_details(report, shown),
            detail_limited=shown < count,
            detail_top=DETAIL_TOP,
            detail_all_up_to=DETAIL_ALL_UP_TO,
            panel=_panel(report, shown),
            stability=_stability(report),
            team=_team(report),
        )
    )
