"""Ranks: eligible candidates by score, ties sharing a rank (1, 2, 2, 4) and listed by name;
candidates who miss a must-have follow, unranked, with the reason.

Everyone is scored (cheaply: score and eligibility), but the full evaluation (groups,
reasons, notes) is made only for the candidates shown, so ranking a hundred thousand for a
top 20 costs little more than scoring them.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from smteam.checking.models import Candidate, Rubric
from smteam.choices import MissingPolicy
from smteam.scoring.scores import (
    WHOLE_ONLY,
    Evaluation,
    ScoringPlan,
    Standing,
    evaluations,
    shown,
    standings,
)
from smteam.text import name_key

if TYPE_CHECKING:
    from smteam.scoring.stability import Stability  # numpy-backed: ``rank --stability`` only
    from smteam.scoring.streamed import PlainRows  # streamed imports this module


class Ranked(NamedTuple):
    """A candidate's place: ``rank`` is None for a candidate who is not eligible."""

    rank: int | None
    evaluation: Evaluation


@dataclass(frozen=True, slots=True)
class Ranking:
    """The candidates shown, in order, against one rubric, and where everyone stands."""

    rubric: Rubric
    missing: MissingPolicy
    entries: Sequence[Ranked]
    """A tuple, or for a full ranking of a big plain file, a sequence that evaluates each
    candidate as it is read (see :mod:`smteam.scoring.streamed`)."""
    standings: tuple[Standing, ...] = ()
    """Every candidate's score and eligibility, shown or not, in the order of the files."""
    hidden_eligible: int = 0
    hidden_ineligible: int = 0
    stability: Stability | None = None
    """With ``rank --stability``: every eligible candidate's ranks under sampled weights."""

    @property
    def eligible_count(self) -> int:
        return sum(1 for s in self.standings if s[3])

    def to_dict(self) -> dict[str, Any]:
        """Exactly the document ``smteam rank --format json`` prints, as Python values."""
        from smteam.scoring.plain import ranking_document

        return ranking_document(self)

    def rows(self) -> list[dict[str, Any]]:
        """One flat mapping per candidate shown, best first, for ``pandas.DataFrame(...)``:
        ``rank``, ``name``, ``score``, ..., ``ratings.<trait>``, ``groups.<group>``. A panel's
        scorecards (``reviews``) are left out: they are rows of their own, one per rater."""
        from smteam.scoring.plain import flat_rows, ranking_rows

        return flat_rows(
            {key: value for key, value in row.items() if key != "reviews"}
            for row in ranking_rows(self)
        )

    def top(self, count: int) -> list[str]:
        """The names of the first ``count`` candidates shown."""
        return [entry.evaluation.name for entry in self.entries[:count]]


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
    found, numbers = standings(candidates, plan)
    if top is None and len(candidates) >= LAZY_FROM:
        rows = _plain_rows(candidates, numbers, found, plan)
        if rows is not None:
            from smteam.scoring.streamed import PlainEntries

            placed = placings(found, lambda i: candidates[i].name, eligible_only=eligible_only)
            return placed_ranking(plan, found, placed.ranks, PlainEntries(placed, rows))

    def evaluate(shown: Sequence[int]) -> list[Evaluation]:
        return evaluations([candidates[i] for i in shown], plan, [numbers[i] for i in shown])

    return rank_standings(
        found, lambda i: candidates[i].name, evaluate, plan, top=top, eligible_only=eligible_only
    )


LAZY_FROM: Final = 4096
"""Candidates from which a full ranking of the usual candidates (one rater, every trait rated
with a whole number, no other trait, no notes) evaluates each one only when read, as a big
streamed sheet's does: a full CSV export then makes its lines a column at a time."""


def _plain_rows(
    candidates: Sequence[Candidate],
    numbers: Sequence[tuple[int, ...] | None],
    found: Sequence[Standing],
    plan: ScoringPlan,
) -> PlainRows | None:
    """Each candidate's name, department, ratings in the rubric's order and standing, when
    every one is the usual candidate (their evaluation is then :func:`plain_evaluations`'s);
    None otherwise."""
    from smteam.scoring.streamed import PlainRows

    count = len(plan.trait_ids)
    rows = PlainRows(plan)
    for candidate, values, standing in zip(candidates, numbers, found, strict=True):
        if values is None or candidate.notes or len(candidate.ratings or ()) != count:
            return None
        rows.add(candidate.name, candidate.department, values, standing)
    return rows


def rank_standings(
    found: Sequence[Standing],
    name_of: Callable[[int], str],
    evaluate: Callable[[Sequence[int]], list[Evaluation]],
    plan: ScoringPlan,
    *,
    top: int | None = None,
    eligible_only: bool = False,
) -> Ranking:
    """:func:`rank_candidates` from every candidate's standing, in the order of the files:
    ``name_of(i)`` is candidate i's name, ``evaluate`` evaluates the candidates at the
    indexes given, in that order (a reader that holds no models evaluates its own rows)."""
    placed = placings(found, name_of, top=top, eligible_only=eligible_only)
    # Evaluated in the order shown, so that the evaluations lie in memory in the order a
    # format reads them: formatting and freeing a full export of 100,000 took a third less
    # time than when they were evaluated in the order of the files.
    entries = tuple(map(Ranked, placed.ranks, evaluate(placed.shown)))
    return placed_ranking(plan, found, placed.ranks, entries)


class Placings(NamedTuple):
    """Who is shown, in order (indexes into the standings), and each one's rank."""

    shown: Sequence[int]  # a list, or a numpy array (smteam.scoring.plain_order)
    ranks: list[int | None]


def placings(
    found: Sequence[Standing],
    name_of: Callable[[int], str],
    *,
    top: int | None = None,
    eligible_only: bool = False,
) -> Placings:
    """The candidates :func:`rank_candidates` shows, from every candidate's standing, and
    their ranks."""
    everyone = top is None and not eligible_only
    contenders: Sequence[int] = range(len(found)) if everyone else _contenders(found, top)
    order = _ordered(contenders, found, name_of)
    _settle_float_ties(order, found, name_of)
    ranks: list[int | None] = []
    shown: list[int] = []
    previous: Standing | None = None
    rank = 0
    for position, i in enumerate(order, start=1):
        current = found[i]
        if not current[3]:
            ranks.append(None)  # only when everyone is shown
            shown.append(i)
            continue
        # Equal scores often share one standing: ``is`` spares the comparison.
        if previous is None or (current is not previous and not _same(current, previous)):
            rank, previous = position, current
        if top is not None and rank > top:
            break
        ranks.append(rank)
        shown.append(i)
    return Placings(shown, ranks)


def tied_placings(
    found: Sequence[Standing],
    sort_keys: Sequence[str],
    *,
    eligible_only: bool,
    keys_differ: bool = False,
) -> Placings | None:
    """:func:`placings` with no ``top``, for the usual big file: whole-number scores over one
    small denominator, where equal standings are equal scores and different ones differ as
    floats too, and names whose keys all differ (checked unless the caller knows:
    ``keys_differ``). Each standing's candidates are then one tie, put in order by name
    alone, and the standings in order by score: no sort of everyone. None when the
    standings or names are not of that kind."""
    if not one_small_denominator(found):
        return None
    if not keys_differ and len(set(sort_keys)) != len(sort_keys):
        return None
    ties: dict[Standing, list[int]] = defaultdict(list)
    for i, standing in enumerate(found):
        ties[standing].append(i)
    by_score = sorted(ties, key=itemgetter(0), reverse=True)
    shown: list[int] = []
    ranks: list[int | None] = []
    for eligible in (True, False):
        if not eligible and eligible_only:
            break
        for standing in by_score:
            if standing[3] is eligible:
                tied = sorted(ties[standing], key=sort_keys.__getitem__)
                ranks += repeat(len(shown) + 1 if eligible else None, len(tied))
                shown += tied
    return Placings(shown, ranks)


def placed_ranking(
    plan: ScoringPlan,
    found: Sequence[Standing],
    ranks: Sequence[int | None],
    entries: Sequence[Ranked],
) -> Ranking:
    """The ranking of ``entries`` (shown, with their ``ranks``) among everyone's standings."""
    eligible = sum(1 for s in found if s[3])
    shown_eligible = len(ranks) - ranks.count(None)
    return Ranking(
        rubric=plan.rubric,
        missing=plan.missing,
        entries=entries,
        standings=tuple(found),
        hidden_eligible=eligible - shown_eligible,
        hidden_ineligible=len(found) - eligible - (len(ranks) - shown_eligible),
    )


def _ordered(
    contenders: Sequence[int], standings: Sequence[Standing], name_of: Callable[[int], str]
) -> list[int]:
    """The contenders eligible first, best score first, then by name as people compare names
    (then as written): two stable sorts on simple keys and a partition, quicker than one
    sort on tuples."""
    by_name = {i: (name_key(name), name) for i in contenders for name in (name_of(i),)}
    order = sorted(contenders, key=by_name.__getitem__)
    negated = [-s[0] for s in standings]
    order.sort(key=negated.__getitem__)
    return [i for i in order if standings[i][3]] + [i for i in order if not standings[i][3]]


def _contenders(standings: Sequence[Standing], top: int | None) -> list[int]:
    """The eligible candidates who may rank ``top`` or better: those whose score reaches the
    ``top``-th best. Nobody below it can, and everyone scoring more than someone in it is in
    it (a float is rounded from the exact score, so a higher exact score is never a lower
    float), so the ranks counted among them are the ranks among everyone."""
    eligible = [i for i, s in enumerate(standings) if s[3]]
    if top is None or top >= len(eligible):
        return eligible
    cut = heapq.nlargest(top, [standings[i][0] for i in eligible])[-1]
    return [i for i in eligible if standings[i][0] >= cut]


def _settle_float_ties(
    order: list[int], standings: Sequence[Standing], name_of: Callable[[int], str]
) -> None:
    """Within a run of equal float scores, order by the exact scores when they differ.

    Floats are rounded correctly from the exact scores, so equal exact scores are equal
    floats; the other way round holds except for scores that differ beyond a float's
    precision, which only odd weights (1e-17 beside 1) produce.
    """
    if one_small_denominator(standings):
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
                        name_key(name_of(i)),
                        name_of(i),
                    ),
                )
            start = end


def one_small_denominator(standings: Sequence[Standing]) -> bool:
    """Whole numerators over one denominator below 2**40 (the usual case: one rater per
    candidate, every trait rated) are at least 100/2**40 apart when they differ, far more
    than a float near 100 can tell apart: equal floats are equal scores."""
    denominators = set(map(itemgetter(2), standings))
    whole = WHOLE_ONLY.issuperset(map(type, map(itemgetter(1), standings)))
    return whole and len(denominators) == 1 and next(iter(denominators)) < 2**40


def bar_shortfall(
    ranking: Ranking, *, fail_under: float | None, min_eligible: int = 1
) -> str | None:
    """Why the ranking misses the bar a CI job set, or None when it meets it.

    The bar: at least ``min_eligible`` eligible candidates score ``fail_under`` or more (any
    score when it is None). Everyone counts, whatever a shortlist showed.
    """
    bar = None if fail_under is None else Fraction(str(fail_under))
    # The score as shown (one decimal, rounded half up) is the one compared: a table showing
    # 78.3 meets --fail-under 78.3.
    reached = sum(
        1 for s in ranking.standings if s[3] and (bar is None or Fraction(repr(shown(s[0]))) >= bar)
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
