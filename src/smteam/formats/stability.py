"""The columns ``rank --stability`` adds to every format: how often each candidate ranks first
and in the top N under sampled weights, their mean rank, the ranks of the middle 90% of
samples, and the central weights of those who are ever first."""

from __future__ import annotations

from smteam.scoring.ranking import Ranking
from smteam.scoring.stability import CandidateStability, Stability


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _ranks(found: CandidateStability) -> str:
    return str(found.low) if found.low == found.high else f"{found.low}-{found.high}"


def summary_header(stability: Stability) -> list[str]:
    """The column names a plain table (text, Markdown, terminal) shows."""
    return ["P(1st)", f"P(top {stability.settings.top})", "Mean rank", "90% ranks"]


def summary_cells(stability: Stability, name: str, dash: str) -> list[str]:
    """One candidate's cells in a plain table; dashes for a candidate who is not eligible."""
    found = stability.of(name)
    if found is None:
        return [dash] * 4
    return [
        _percent(found.first),
        _percent(found.top),
        f"{found.expected_rank:.2f}",
        _ranks(found),
    ]


def described(stability: Stability) -> str:
    """How the weights were sampled, in a sentence or two, for a caption."""
    settings = stability.settings
    if settings.spread >= 1:
        how = "drawn uniformly from all weightings"
    elif settings.spread == 0:
        how = "equal to the rubric's"
    else:
        how = (
            f"each rubric weight scaled by a random factor from {1 - settings.spread:g} "
            f"to {1 + settings.spread:g}"
        )
    noise = "; each panel's scorecards resampled too" if settings.rating_noise else ""
    return (
        f"Stability: {settings.samples} weight samples (seed {settings.seed}), {how}{noise}. "
        f"P(1st) and P(top {settings.top}) are the shares of samples in which the candidate "
        "ranks first and in the top "
        f"{settings.top}; 90% ranks hold the middle 90% of samples."
    )


def central_sentence(ranking: Ranking, stability: Stability) -> str:
    """The central weights of everyone shown who is ever first, for a caption; traits named by
    their labels."""
    labels = {trait.id: trait.label for trait in ranking.rubric.traits}
    parts = []
    for entry in ranking.entries:
        found = stability.of(entry.evaluation.name)
        if found is None or found.central_weights is None:
            continue
        weights = ", ".join(
            f"{labels.get(trait_id, trait_id)} {weight:.2f}"
            for trait_id, weight in zip(stability.trait_ids, found.central_weights, strict=True)
        )
        parts.append(f"{entry.evaluation.name}: {weights}")
    if not parts:
        return ""
    return (
        "Central weights (the mean weights under which they rank first): " + "; ".join(parts) + "."
    )


def csv_header(stability: Stability, headers: dict[str, str]) -> list[str]:
    """The CSV columns: the shares, the mean rank, the 90% ranks, a central weight per trait
    (named by its header in ``headers``, by id)."""
    return [
        *csv_fixed_header(stability),
        *(f"central.{headers.get(trait_id, trait_id)}" for trait_id in stability.trait_ids),
    ]


def csv_fixed_header(stability: Stability) -> list[str]:
    """The CSV columns whose names do not depend on the rubric's traits."""
    return ["p_first", f"p_top{stability.settings.top}", "mean_rank", "rank_low_90", "rank_high_90"]


def csv_cells(stability: Stability, name: str) -> list[str]:
    """One candidate's CSV cells; empty for a candidate who is not eligible."""
    found = stability.of(name)
    if found is None:
        return [""] * (5 + len(stability.trait_ids))
    central = found.central_weights
    return [
        f"{found.first:.4f}",
        f"{found.top:.4f}",
        f"{found.expected_rank:.2f}",
        str(found.low),
        str(found.high),
        *(
            [f"{w:.4f}" for w in central]
            if central is not None
            else [""] * len(stability.trait_ids)
        ),
    ]
