"""Ranks: eligible candidates by score, ties sharing a rank (1, 2, 2, 4) and listed by name;
candidates who miss a must-have follow, unranked, with the reason.

Everyone is scored (cheaply: score and eligibility), but the full evaluation (groups,
reasons, notes) is made only for the candidates shown, so ranking a hundred thousand for a
top 20 costs little more than scoring them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from smteam.choices import MissingPolicy
from smteam.models import Candidate, Rubric
from smteam.scoring import Evaluation, Rating, ScoringPlan, Standing, evaluate, standing
from smteam.text import name_key


class Ranked(NamedTuple):
    """A candidate's place: ``rank`` is None for a candidate who is not eligible."""

    rank: int | None
    evaluation: Evaluation


class Place(NamedTuple):
    """Where one candidate stands, for every candidate, shown or not (a named tuple: there
    are as many as candidates)."""

    rank: int | None
    score: float
    numerator: Rating
    denominator: int

    @property
    def exact_score(self) -> Fraction:
        return Fraction(self.numerator) / self.denominator


@dataclass(frozen=True, slots=True)
class Ranking:
    """The candidates shown, in order, against one rubric, and where everyone stands."""

    rubric: Rubric
    missing: MissingPolicy
    entries: tuple[Ranked, ...]
    places: tuple[Place, ...] = ()
    """Every candidate ranked, shown or not, in order."""
    hidden_eligible: int = 0
    hidden_ineligible: int = 0

    @property
    def eligible_count(self) -> int:
        return sum(1 for place in self.places if place.rank is not None)


def _same(a: Standing, b: Standing) -> bool:
    """Exactly equal scores (cross-multiplied: no Fraction is built for every tie)."""
    return a[0] == b[0] and a[1] * b[2] == b[1] * a[2]


def _exact(s: Standing) -> Fraction:
    return Fraction(s[1]) / s[2]


def rank_candidates(
    candidates: Sequence[Candidate],
    plan: ScoringPlan,
    *,
    top: int | None = None,
    eligible_only: bool = False,
) -> Ranking:
    """Score and rank validated candidates as ``plan`` says.

    ``top`` shows the eligible candidates ranked ``top`` or better, so a tie at the cut keeps
    everyone in it (and leaves out the ineligible, who have no rank); ``eligible_only`` leaves
    out the ineligible.
    """
    standings = [standing(candidate, plan) for candidate in candidates]
    keys = [name_key(candidate.name) for candidate in candidates]
    sort_keys = [
        (not s[3], -s[0], key, candidate.name)
        for s, key, candidate in zip(standings, keys, candidates, strict=True)
    ]
    order = sorted(range(len(candidates)), key=sort_keys.__getitem__)
    _settle_float_ties(order, standings, keys, candidates)
    ranks: list[int | None] = []
    previous: Standing | None = None
    rank = 0
    for position, i in enumerate(order, start=1):
        current = standings[i]
        if not current[3]:
            ranks.append(None)
            continue
        if previous is None or not _same(current, previous):
            rank, previous = position, current
        ranks.append(rank)
    shown: list[tuple[int | None, int]] = []
    hidden_eligible = hidden_ineligible = 0
    for i, rank_of in zip(order, ranks, strict=True):
        if rank_of is None:
            if top is None and not eligible_only:
                shown.append((rank_of, i))
            else:
                hidden_ineligible += 1
        elif top is None or rank_of <= top:
            shown.append((rank_of, i))
        else:
            hidden_eligible += 1
    return Ranking(
        rubric=plan.rubric,
        missing=plan.missing,
        entries=tuple(Ranked(r, evaluate(candidates[i], plan)) for r, i in shown),
        places=tuple(Place(r, *standings[i][:3]) for r, i in zip(ranks, order, strict=True)),
        hidden_eligible=hidden_eligible,
        hidden_ineligible=hidden_ineligible,
    )


def _settle_float_ties(
    order: list[int],
    standings: Sequence[Standing],
    keys: Sequence[str],
    candidates: Sequence[Candidate],
) -> None:
    """Within a run of equal float scores, order by the exact scores when they differ.

    Floats are rounded correctly from the exact scores, so equal exact scores are equal
    floats; the other way round holds except for scores that differ beyond a float's
    precision, which only odd weights (1e-17 beside 1) produce.
    """
    denominators = {s[2] for s in standings}
    whole = all(s[1].__class__ is int for s in standings)
    if whole and len(denominators) == 1 and next(iter(denominators)) < 2**40:
        # Whole numerators over one small denominator (the usual case: one rater per
        # candidate, every trait rated) are at least 100/2**40 apart when they differ, far
        # more than a float near 100 can tell apart: equal floats are equal scores.
        return
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or standings[order[end]][0] != standings[order[start]][0]:
            run = order[start:end]
            if any(not _same(standings[run[0]], standings[i]) for i in run[1:]):
                order[start:end] = sorted(
                    run,
                    key=lambda i: (
                        not standings[i][3],
                        -_exact(standings[i]),
                        keys[i],
                        candidates[i].name,
                    ),
                )
            start = end


def bar_shortfall(
    ranking: Ranking, *, fail_under: float | None, min_eligible: int = 1
) -> str | None:
    """Why the ranking misses the bar a CI job set, or None when it meets it.

    The bar: at least ``min_eligible`` eligible candidates score ``fail_under`` or more (any
    score when it is None). Everyone counts, whatever a shortlist showed.
    """
    bar = None if fail_under is None else Fraction(str(fail_under))
    reached = sum(
        1
        for place in ranking.places
        if place.rank is not None and (bar is None or place.exact_score >= bar)
    )
    if reached >= min_eligible:
        return None
    who = f"{reached} eligible candidate{'s' if reached != 1 else ''}"
    if bar is None:
        return f"the bar is not met: {who}, fewer than the {min_eligible} asked for"
    return (
        f"the bar is not met: {who} scored {fail_under:g} or more, fewer than the "
        f"{min_eligible} asked for"
    )
