"""The same candidates ranked on several rubrics side by side: each candidate's rank under
each, who moves most, and how alike each pair of rankings is: Kendall's tau-b over the
candidates both rank, and rank-biased overlap (Webber, Moffat and Zobel 2010) at the top."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Final

from smteam.scoring.ranking import Ranking

RBO_PERSISTENCE: Final = 0.9
"""RBO's p: the top 10 carry about 86% of the weight."""


@dataclass(frozen=True, slots=True)
class Placed:
    """One candidate under every rubric, in the order the rubrics were given."""

    name: str
    department: str
    ranks: tuple[int | None, ...]
    """None where the candidate is not eligible under that rubric."""
    scores: tuple[float, ...]

    @property
    def moves(self) -> int | None:
        """The worst rank minus the best, over the rubrics that rank them (None below two)."""
        ranked = [r for r in self.ranks if r is not None]
        return max(ranked) - min(ranked) if len(ranked) > 1 else None


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """How alike two rubrics' rankings are."""

    first: str
    second: str
    tau_b: float | None
    """None when fewer than two candidates are ranked by both, or one ranking is all ties."""
    rbo: float


@dataclass(frozen=True, slots=True)
class Comparison:
    rubrics: tuple[str, ...]
    rows: tuple[Placed, ...]
    """Ordered by the first rubric's rank (the ineligible last), then by name."""
    pairs: tuple[PairAgreement, ...]

    @property
    def most_moved(self) -> tuple[Placed, ...]:
        """The candidates who move the most places between rubrics (none if nobody moves)."""
        moves = [row.moves for row in self.rows if row.moves]
        if not moves:
            return ()
        most = max(moves)
        return tuple(row for row in self.rows if row.moves == most)


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b of two paired sequences: (concordant - discordant) / sqrt((n0 - n1)
    (n0 - n2)), where n1 and n2 count the pairs tied in x and in y. None when undefined."""
    concordant = discordant = tied_x = tied_y = 0
    pairs = 0
    for i, j in combinations(range(len(x)), 2):
        pairs += 1
        dx, dy = x[i] - x[j], y[i] - y[j]
        if dx == 0:
            tied_x += 1
        if dy == 0:
            tied_y += 1
        if dx * dy > 0:
            concordant += 1
        elif dx * dy < 0:
            discordant += 1
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    if denominator == 0:
        return None
    return (concordant - discordant) / denominator


def rank_biased_overlap(
    first: Sequence[str], second: Sequence[str], p: float = RBO_PERSISTENCE
) -> float:
    """Extrapolated rank-biased overlap of two orderings (Webber et al. 2010, eq. 32 for lists
    of equal length; the shorter list sets the depth): 1 for the same order, 0 for nothing in
    common, and the top counts most."""
    depth = min(len(first), len(second))
    if depth == 0:
        return 1.0 if len(first) == len(second) else 0.0
    seen_first: set[str] = set()
    seen_second: set[str] = set()
    overlap = 0
    total = 0.0
    for d in range(1, depth + 1):
        a, b = first[d - 1], second[d - 1]
        if a == b:
            overlap += 1
        else:
            overlap += (a in seen_second) + (b in seen_first)
        seen_first.add(a)
        seen_second.add(b)
        total += overlap / d * p**d
    return overlap / depth * p**depth + (1 - p) / p * total


def compare(rankings: Sequence[Ranking]) -> Comparison:
    """Side by side the rankings of the same candidates (everyone shown) on each rubric."""
    names = [r.rubric.name for r in rankings]
    by_rubric = [{e.evaluation.name: e for e in r.entries} for r in rankings]
    first = rankings[0]
    rows = []
    for entry in first.entries:
        name = entry.evaluation.name
        placed = [table[name] for table in by_rubric]
        rows.append(
            Placed(
                name=name,
                department=entry.evaluation.department,
                ranks=tuple(p.rank for p in placed),
                scores=tuple(p.evaluation.score for p in placed),
            )
        )
    orders = [[e.evaluation.name for e in r.entries if e.rank is not None] for r in rankings]
    pairs = []
    for i, j in combinations(range(len(rankings)), 2):
        both = [row for row in rows if row.ranks[i] is not None and row.ranks[j] is not None]
        tau = kendall_tau_b(
            [float(row.ranks[i]) for row in both],  # type: ignore[arg-type]
            [float(row.ranks[j]) for row in both],  # type: ignore[arg-type]
        )
        pairs.append(
            PairAgreement(names[i], names[j], tau, rank_biased_overlap(orders[i], orders[j]))
        )
    return Comparison(tuple(names), tuple(rows), tuple(pairs))
