"""Ranks: eligible candidates by score, ties sharing a rank (1, 2, 2, 4) and listed by name;
candidates who miss a must-have follow, unranked, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from smteam.choices import MissingPolicy
from smteam.models import Candidate, Rubric
from smteam.scoring import Evaluation, ScoringPlan, evaluate
from smteam.text import name_key


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate's place: ``rank`` is None for a candidate who is not eligible."""

    rank: int | None
    evaluation: Evaluation


@dataclass(frozen=True, slots=True)
class Ranking:
    """Everyone measured against one rubric, in order, and what a shortlist left out."""

    rubric: Rubric
    missing: MissingPolicy
    entries: tuple[Ranked, ...]
    hidden_eligible: int = 0
    hidden_ineligible: int = 0

    @property
    def eligible_count(self) -> int:
        return sum(1 for entry in self.entries if entry.rank is not None) + self.hidden_eligible


def _order(evaluation: Evaluation) -> tuple[float, str, str]:
    return (-evaluation.score, name_key(evaluation.name), evaluation.name)


def _same_score(a: Evaluation, b: Evaluation) -> bool:
    """Exactly equal scores (cross-multiplied, no Fraction built: this runs for every tie)."""
    (a_num, a_den), (b_num, b_den) = a.exact, b.exact
    return a.score == b.score and a_num * b_den == b_num * a_den


def _by_score(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Best score first, equal scores by name.

    Sorting compares floats (fast); where floats are equal, the exact scores decide, so two
    scores that differ only beyond a float's precision still come out in the right order.
    """
    evaluations.sort(key=_order)
    start = 0
    for end in range(1, len(evaluations) + 1):
        if end == len(evaluations) or evaluations[end].score != evaluations[start].score:
            run = evaluations[start:end]
            if any(not _same_score(run[0], other) for other in run[1:]):
                evaluations[start:end] = sorted(run, key=lambda e: (-e.exact_score, *_order(e)[1:]))
            start = end
    return evaluations


def rank_evaluations(evaluations: Iterable[Evaluation]) -> tuple[Ranked, ...]:
    """Eligible first, best score first; equal scores share the rank of the first of them."""
    eligible: list[Evaluation] = []
    ineligible: list[Evaluation] = []
    for evaluation in evaluations:
        (eligible if evaluation.eligible else ineligible).append(evaluation)
    _by_score(eligible)
    _by_score(ineligible)
    ranked: list[Ranked] = []
    previous: Evaluation | None = None
    rank = 0
    for position, evaluation in enumerate(eligible, start=1):
        if previous is None or not _same_score(evaluation, previous):
            rank, previous = position, evaluation
        ranked.append(Ranked(rank, evaluation))
    ranked.extend(Ranked(None, evaluation) for evaluation in ineligible)
    return tuple(ranked)


def rank_candidates(candidates: Sequence[Candidate], plan: ScoringPlan) -> Ranking:
    """Score and rank validated candidates as ``plan`` says."""
    evaluations = [evaluate(candidate, plan) for candidate in candidates]
    return Ranking(plan.rubric, plan.missing, rank_evaluations(evaluations))


def shortlist(ranking: Ranking, *, top: int | None = None, eligible_only: bool = False) -> Ranking:
    """The ranking cut to what was asked for.

    ``top`` keeps the eligible candidates ranked ``top`` or better, so a tie at the cut keeps
    everyone in it; it leaves out the ineligible too, who have no rank.
    """
    keep = []
    dropped_eligible = dropped_ineligible = 0
    for entry in ranking.entries:
        if entry.rank is None:
            if top is None and not eligible_only:
                keep.append(entry)
            else:
                dropped_ineligible += 1
        elif top is None or entry.rank <= top:
            keep.append(entry)
        else:
            dropped_eligible += 1
    return Ranking(
        ranking.rubric,
        ranking.missing,
        tuple(keep),
        ranking.hidden_eligible + dropped_eligible,
        ranking.hidden_ineligible + dropped_ineligible,
    )


def bar_shortfall(
    ranking: Ranking, *, fail_under: float | None, min_eligible: int = 1
) -> str | None:
    """Why the ranking misses the bar a CI job set, or None when it meets it.

    The bar: at least ``min_eligible`` eligible candidates score ``fail_under`` or more (any
    score when it is None). The whole ranking counts, whatever a shortlist showed.
    """
    bar = None if fail_under is None else Fraction(str(fail_under))
    reached = sum(
        1
        for entry in ranking.entries
        if entry.rank is not None and (bar is None or entry.evaluation.exact_score >= bar)
    )
    reached += ranking.hidden_eligible if bar is None else 0
    if reached >= min_eligible:
        return None
    who = f"{reached} eligible candidate{'s' if reached != 1 else ''}"
    if bar is None:
        return f"the bar is not met: {who}, fewer than the {min_eligible} asked for"
    return (
        f"the bar is not met: {who} scored {fail_under:g} or more, fewer than the "
        f"{min_eligible} asked for"
    )
