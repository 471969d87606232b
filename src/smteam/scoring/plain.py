"""A ranking as plain values: what ``--format json`` prints, and flat rows for a data frame.
Numbers are rounded as every export shows them (scores and shares to one decimal)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from smteam.scoring.ranking import Ranking
from smteam.scoring.scores import RaterRatings, Rating, shown

if TYPE_CHECKING:  # numpy-backed, loaded by ``rank --stability`` only
    from smteam.scoring.stability import Stability


def points(value: float | None) -> float | None:
    """A score as every output shows it: one decimal, rounded half up (see ``shown``)."""
    return None if value is None else shown(value)


def percent(value: float) -> float:
    """A share (0 to 1) as a percentage with one decimal."""
    return round(value * 100, 1)


def plain_rating(rating: Rating | None) -> int | float | None:
    """A rating for JSON: whole numbers as they are, a panel's mean with two decimals."""
    if rating is None or isinstance(rating, int):
        return rating
    return round(float(rating), 2)


def ranking_rows(ranking: Ranking) -> Iterator[dict[str, Any]]:
    """One plain mapping per candidate shown, text exactly as written in the input; with
    ``rank --stability``, each with its ``stability``."""
    rubric = ranking.rubric
    stability = ranking.stability
    for entry in ranking.entries:
        evaluation = entry.evaluation
        row = {
            "rank": entry.rank,
            "name": evaluation.name,
            "department": evaluation.department,
            "score": points(evaluation.score),
            "eligible": evaluation.eligible,
            "raters": evaluation.raters,
            "recommendations": dict(evaluation.recommendations),
            "disagreements": list(evaluation.disagreements),
            "groups": {
                group: points(score)
                for group, score in zip(rubric.groups, evaluation.group_scores, strict=True)
            },
            "ratings": {
                trait_id: plain_rating(rating)
                for trait_id, rating in zip(rubric.trait_ids, evaluation.ratings, strict=True)
            },
            "coverage": percent(evaluation.coverage),
            "reasons": list(evaluation.reasons),
            "notes": {
                trait_id: note
                for i, trait_id in enumerate(rubric.trait_ids)
                if (note := evaluation.note(i))
            },
            "reviews": [review_fields(review, rubric.trait_ids) for review in evaluation.reviews],
        }
        if stability is not None:
            row["stability"] = stability_fields(stability, evaluation.name)
        yield row


def review_fields(review: RaterRatings, trait_ids: tuple[str, ...]) -> dict[str, Any]:
    """One rater's scorecard as plain values: the traits they rated and wrote notes on, by id
    in rubric order (``rater`` null for a panel candidate's own notes, beside the reviews)."""
    return {
        "rater": review.rater,
        "recommendation": review.recommendation,
        "ratings": {
            trait_id: plain_rating(rating)
            for trait_id, rating in zip(trait_ids, review.ratings, strict=True)
            if rating is not None
        },
        "notes": {
            trait_id: note for trait_id, note in zip(trait_ids, review.notes, strict=True) if note
        },
    }


def ranking_document(ranking: Ranking) -> dict[str, Any]:
    """The rubric, the scale, the missing-rating policy, every candidate shown, and how many
    were not shown: the document ``--format json`` prints."""
    rubric = ranking.rubric
    document: dict[str, Any] = {
        "rubric": {
            "name": rubric.name,
            "title": rubric.title,
            "labels": {trait.id: trait.label for trait in rubric.traits},
        },
        "scale": {"min": rubric.scale.min, "max": rubric.scale.max},
        "missing": str(ranking.missing),
        "candidates": list(ranking_rows(ranking)),
        "not_shown": {
            "eligible": ranking.hidden_eligible,
            "not_eligible": ranking.hidden_ineligible,
        },
    }
    if ranking.stability is not None:
        document["stability"] = stability_settings(ranking.stability)
    return document


def stability_fields(stability: Stability, name: str) -> dict[str, Any] | None:
    """One candidate's stability as plain values; None for a candidate who is not eligible."""
    found = stability.of(name)
    if found is None:
        return None
    central = None
    if found.central_weights is not None:
        central = {
            trait_id: round(weight, 4)
            for trait_id, weight in zip(stability.trait_ids, found.central_weights, strict=True)
        }
    return {
        "p_first": round(found.first, 4),
        "p_top": round(found.top, 4),
        "mean_rank": round(found.expected_rank, 2),
        "ranks_90": [found.low, found.high],
        "central_weights": central,
    }


def stability_settings(stability: Stability) -> dict[str, Any]:
    """How the weights were sampled, for the top of a JSON document."""
    settings = stability.settings
    return {
        "samples": settings.samples,
        "spread": settings.spread,
        "seed": settings.seed,
        "top": settings.top,
        "rating_noise": settings.rating_noise,
    }


def flat_rows(
    document_rows: Iterator[dict[str, Any]] | list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Each mapping flattened for a table: a nested mapping's keys joined to its own with a dot
    (``ratings.empathy``), a list as its items joined by "; "."""
    flat = []
    for row in document_rows:
        out: dict[str, Any] = {}
        _flatten("", row, out)
        flat.append(out)
    return flat


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, out)
    elif isinstance(value, list):
        out[prefix] = "; ".join(str(item) for item in value)
    else:
        out[prefix] = value
