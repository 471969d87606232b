"""From scored candidates to a team report: the seats, the best team, its coverage of the
dispersed skills, a succession bench per seat, what the coverage costs, and the next-best teams.

Pure: candidates and settings in, a frozen :class:`TeamReport` out. The candidates come as a
:class:`TeamPool` (the optimiser's problem, departments as written, cover-skill ratings), made
of models by :func:`candidate_pool` or of a plain file's rows by
:mod:`smteam.scoring.teamplain`; everything after the pool is the same for both. The optimiser
is :mod:`smteam.scoring.team`.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import compress, repeat
from math import lcm
from operator import ge, is_not
from typing import Final, Literal, cast

from smteam.checking.departments import canonical_department
from smteam.checking.models import Candidate, Rubric
from smteam.choices import MissingPolicy
from smteam.scoring.scores import Rating, ScoringPlan, Standing, ratings_of, standings
from smteam.scoring.team import (
    Seat,
    Team,
    TeamProblem,
    infeasibility_reasons,
    next_best_teams,
    reduce_pool,
    solve_team,
)

DEFAULT_COVER_RUBRIC = "five-dispersed-skills"
"""The skills whose spread the team's coverage matrix shows when no --cover is asked for."""


@dataclass(frozen=True, slots=True)
class CoverSettings:
    """The skills to look at (the traits of ``plan``'s rubric named in ``skills``), the level
    that counts as holding one, and how many members must hold each (0: shown, not required).
    ``robust``: the coverage must survive the loss of any one member."""

    plan: ScoringPlan
    skills: tuple[str, ...]
    level: int
    people: int = 0
    robust: bool = False

    @property
    def needed(self) -> int:
        """Holders each skill needs on the team: one more when any member may leave."""
        if not self.people:
            return 0
        return self.people + 1 if self.robust else self.people


@dataclass(frozen=True, slots=True)
class TeamSettings:
    """The seats (per canonical department, in order; a lead seat scored on another rubric),
    the coverage, the bench size and how many next-best teams to list."""

    plan: ScoringPlan
    departments: tuple[tuple[str, int], ...]
    cover: CoverSettings
    lead: ScoringPlan | None = None
    lead_label: str = "Lead"
    bench: int = 1
    alternatives: int = 0


@dataclass(frozen=True, slots=True)
class Successor:
    """Who steps in when a seat's holder leaves, and what the seat's score loses."""

    name: str
    department: str
    score: Fraction
    drop: Fraction
    keeps_cover: bool | None
    """Whether the team still meets the coverage with them in the seat (None: no coverage
    was required)."""


@dataclass(frozen=True, slots=True)
class SeatHolder:
    """One seat of the chosen team."""

    seat: Seat
    name: str
    department: str
    score: Fraction
    bench: tuple[Successor, ...]


@dataclass(frozen=True, slots=True)
class SkillRow:
    """A member's ratings on the cover skills, and which of them reach the level."""

    name: str
    ratings: tuple[Rating | None, ...]
    held: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """A seat that the coverage gives to someone other than its top eligible candidate."""

    seat: str
    without: str
    chosen: str


@dataclass(frozen=True, slots=True)
class Alternative:
    """A next-best team: its total and its holders in seat order."""

    total: Fraction
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TeamReport:
    """Everything ``smteam team`` shows."""

    status: Literal["optimal", "infeasible"]
    rubric: Rubric
    seats: tuple[Seat, ...]
    holders: tuple[SeatHolder, ...]
    total: Fraction | None
    reasons: tuple[str, ...]
    cover: CoverSettings
    matrix: tuple[SkillRow, ...]
    skill_holders: tuple[int, ...]
    uncovered_total: Fraction | None = None
    """The best total with no coverage required (when coverage is required)."""
    changes: tuple[Change, ...] = ()
    robust_cost: Fraction | None = None
    """With --robust: how much total score the robustness costs."""
    alternatives: tuple[Alternative, ...] = ()
    eligible: int = 0
    """How many candidates may take at least one seat."""
    bench_size: int = 0
    """Successors asked for per seat."""

    @property
    def cover_rubric(self) -> Rubric:
        return self.cover.plan.rubric


def team_seats(settings: TeamSettings) -> tuple[Seat, ...]:
    """The seats in order: the lead first (if any), then each department's point persons."""
    seats = []
    if settings.lead is not None:
        seats.append(Seat(settings.lead_label, None, settings.lead.rubric.name))
    rubric = settings.plan.rubric.name
    for department, count in settings.departments:
        for number in range(1, count + 1):
            label = department if count == 1 else f"{department} {number}"
            seats.append(Seat(label, department, rubric))
    return tuple(seats)


def _exact(standing: Standing) -> Fraction:
    return Fraction(standing[1]) / standing[2]


SeatScores = tuple[list[Fraction | int | None], int]
"""Each candidate's exact score in a kind of seat as a whole number of 1/scale points (None
for one who may not take it), and the scale."""


def _seat_scores(
    candidates: Sequence[Candidate], plan: ScoringPlan, *, complete: bool
) -> SeatScores:
    """Each candidate's exact score on ``plan`` as a whole number of 1/scale points, and the
    scale; None for a candidate who misses a must-have (or, with ``complete``, is not rated
    on some trait while missing ratings are errors)."""
    found, numbers = standings(candidates, plan)
    unrated = None
    if complete and plan.missing is MissingPolicy.ERROR:
        unrated = [  # asked only of the eligible, as before
            values is None and standing[3] and None in ratings_of(candidate, plan)[0]
            for candidate, values, standing in zip(candidates, numbers, found, strict=True)
        ]
    return scaled_scores(found, unrated)


def scaled_scores(found: Sequence[Standing], unrated: Sequence[bool] | None) -> SeatScores:
    """The standings' exact scores as whole numbers of 1/scale points, and the scale; None for
    a standing that misses a must-have, or that ``unrated`` marks (a trait not rated that
    must be). Whole numbers keep a hundred thousand candidates quick to compare; the common
    scale keeps them exact."""
    scale = 1
    for standing in found:
        if standing[1].__class__ is int:
            scale = lcm(scale, standing[2])
        else:
            scale = lcm(scale, _exact(standing).denominator)
    scores: list[Fraction | int | None] = []
    for index, standing in enumerate(found):
        if not standing[3] or (unrated is not None and unrated[index]):
            scores.append(None)
        elif standing[1].__class__ is int:
            scores.append(standing[1] * (scale // standing[2]))
        else:
            scores.append(int(_exact(standing) * scale))
    return scores, scale


def _rescaled(scores: list[Fraction | int | None], by: int) -> list[Fraction | int | None]:
    return scores if by == 1 else [None if s is None else s * by for s in scores]


def skill_ratings(
    candidates: Sequence[Candidate], cover: CoverSettings
) -> list[tuple[Rating | None, ...]]:
    """Each candidate's rating on each cover skill (a panel's combined rating; labels as their
    points)."""
    index = [cover.plan.rubric.trait_ids.index(skill) for skill in cover.skills]
    skills = cover.skills
    rows: list[tuple[Rating | None, ...]] = []
    for candidate in candidates:
        given = candidate.ratings
        if given is not None and not candidate.reviews:
            values = tuple(map(given.get, skills))
            if _INTS_OR_NONE.issuperset(map(type, values)):
                rows.append(values)  # type: ignore[arg-type]  # only ints and None
                continue
        ratings, _ = ratings_of(candidate, cover.plan)
        rows.append(tuple(ratings[i] for i in index))
    return rows


_INTS_OR_NONE: Final = frozenset({int, type(None)})


def canonical_departments(written: Sequence[str]) -> list[str | None]:
    """Each department's canonical name, each distinct spelling looked up once."""
    known: dict[str, str | None] = {}
    found = []
    for department in written:
        if department not in known:
            known[department] = canonical_department(department)
        found.append(known[department])
    return found


@dataclass(frozen=True, slots=True)
class TeamPool:
    """The candidates as a team is built from them: the optimiser's problem (scores in
    1/``scale`` points, people in file order), each one's department as written and ratings
    on the cover skills."""

    problem: TeamProblem
    departments: Sequence[str]
    ratings: Sequence[tuple[Rating | None, ...]]
    scale: int


def team_pool(
    names: Sequence[str],
    departments: Sequence[str],
    main: SeatScores,
    lead: SeatScores | None,
    ratings: Sequence[tuple[Rating | None, ...]],
    settings: TeamSettings,
) -> TeamPool:
    """The pool of these candidates (in file order): their ``departments`` as written, their
    scores on the plan's rubric (``main``) and on the lead's (``lead``, with a lead seat),
    and their cover-skill ratings."""
    seats = team_seats(settings)
    scores, scale = main
    lead_scores: list[Fraction | int | None] = []
    if lead is not None:
        lead_scores, lead_scale = lead
        common = lcm(scale, lead_scale)
        scores = _rescaled(scores, common // scale)
        lead_scores = _rescaled(lead_scores, common // lead_scale)
        scale = common
    rows: dict[str | None, tuple[Fraction | int | None, ...]] = {}
    if lead is not None:
        rows[None] = tuple(lead_scores)
    by_department: dict[str | None, list[Fraction | int | None]] = {
        department: [None] * len(names) for department, _ in settings.departments
    }
    for person, (score, found) in enumerate(
        zip(scores, canonical_departments(departments), strict=True)
    ):
        row = by_department.get(found)
        if row is not None:
            row[person] = score
    for department, row in by_department.items():
        rows[department] = tuple(row)
    level = settings.cover.level
    columns = zip(*ratings, strict=True) if ratings else [() for _ in settings.cover.skills]
    holders = tuple(_holders(column, level) for column in columns)
    problem = TeamProblem(
        names=tuple(names),
        seats=seats,
        scores=tuple(rows[seat.department] for seat in seats),
        skills=settings.cover.skills,
        holders=holders,
        needed=settings.cover.needed,
        level=str(level),
    )
    return TeamPool(problem, departments, ratings, scale)


def _holders(ratings: Sequence[Rating | None], level: int) -> frozenset[int]:
    """Who rates ``level`` or more: for whole numbers alone, compared in C (a big file)."""
    if _INTS.issuperset(map(type, ratings)):
        whole = cast(Sequence[int], ratings)
        return frozenset(compress(range(len(whole)), map(ge, whole, repeat(level))))
    return frozenset(p for p, rating in enumerate(ratings) if _reaches(rating, level))


_INTS: Final = frozenset({int})


def candidate_pool(candidates: Sequence[Candidate], settings: TeamSettings) -> TeamPool:
    """The pool of these checked candidates (in file order)."""
    main = _seat_scores(candidates, settings.plan, complete=False)
    lead = None
    if settings.lead is not None:
        lead = _seat_scores(candidates, settings.lead, complete=True)
    return team_pool(
        [c.name for c in candidates],
        [c.department for c in candidates],
        main,
        lead,
        skill_ratings(candidates, settings.cover),
        settings,
    )


def _reaches(rating: Rating | None, level: int) -> bool:
    return rating is not None and rating >= level


def _bench(pool: TeamPool, team: Team, seat: int, size: int) -> tuple[Successor, ...]:
    """The ``size`` best people who may take ``seat`` and are not on the team (by score, then
    file order)."""
    if size == 0:
        return ()
    problem, scale = pool.problem, pool.scale
    on_team = set(team.members)
    row = problem.scores[seat]
    holder_score = row[team.members[seat]]
    assert holder_score is not None
    others = heapq.nsmallest(
        size,
        ((-score, p) for p, score in enumerate(row) if score is not None and p not in on_team),
    )
    found = []
    for negated, person in others:
        score = -negated
        keeps: bool | None = None
        if problem.needed:
            members = on_team - {team.members[seat]} | {person}
            keeps = all(len(h & members) >= problem.needed for h in problem.holders)
        found.append(
            Successor(
                name=problem.names[person],
                department=pool.departments[person],
                score=Fraction(score) / scale,
                drop=Fraction(holder_score - score) / scale,
                keeps_cover=keeps,
            )
        )
    return tuple(found)


def build_team(pool: TeamPool, settings: TeamSettings) -> TeamReport:
    """The best team for ``settings`` from the candidates of ``pool``, with its coverage
    matrix, bench, the cost of coverage and the next-best teams; or why there is none."""
    problem, ratings, scale = pool.problem, pool.ratings, pool.scale
    rows = {id(row): row for row in problem.scores}.values()  # a department's seats share one
    eligible = len(
        set().union(*(compress(range(len(row)), map(is_not, row, repeat(None))) for row in rows))
    )
    cover = settings.cover
    reduced = reduce_pool(problem, spare=settings.alternatives)
    team = solve_team(problem, reduced)
    if team is None:
        return TeamReport(
            status="infeasible",
            rubric=settings.plan.rubric,
            seats=problem.seats,
            holders=(),
            total=None,
            reasons=tuple(infeasibility_reasons(problem)),
            cover=cover,
            matrix=(),
            skill_holders=(),
            eligible=eligible,
        )
    holders = []
    for index, (seat, person) in enumerate(zip(problem.seats, team.members, strict=True)):
        score = problem.scores[index][person]
        assert score is not None
        holders.append(
            SeatHolder(
                seat=seat,
                name=problem.names[person],
                department=pool.departments[person],
                score=Fraction(score) / scale,
                bench=_bench(pool, team, index, settings.bench),
            )
        )
    matrix = tuple(
        SkillRow(
            name=problem.names[person],
            ratings=ratings[person],
            held=tuple(person in h for h in problem.holders),
        )
        for person in team.members
    )
    uncovered_total = None
    changes: list[Change] = []
    robust_cost = None
    if problem.needed:
        free = solve_team(problem.with_needed(0), reduced)
        assert free is not None  # a team meeting more rules exists
        uncovered_total = free.total / scale
        for seat, was, now in zip(problem.seats, free.members, team.members, strict=True):
            if was != now:
                changes.append(Change(seat.label, problem.names[was], problem.names[now]))
        if cover.robust:
            plain = solve_team(problem.with_needed(cover.people), reduced)
            assert plain is not None
            robust_cost = (plain.total - team.total) / scale
    small, kept = reduced
    alternatives = tuple(
        Alternative(other.total / scale, tuple(problem.names[kept[p]] for p in other.members))
        for other in next_best_teams(small, settings.alternatives, _within(team, kept))
    )
    return TeamReport(
        status="optimal",
        rubric=settings.plan.rubric,
        seats=problem.seats,
        holders=tuple(holders),
        total=team.total / scale,
        reasons=(),
        cover=cover,
        matrix=matrix,
        skill_holders=tuple(sum(row.held[k] for row in matrix) for k in range(len(cover.skills))),
        uncovered_total=uncovered_total,
        changes=tuple(changes),
        robust_cost=robust_cost,
        alternatives=alternatives,
        eligible=eligible,
        bench_size=settings.bench,
    )


def _within(team: Team, kept: Sequence[int]) -> Team:
    """``team`` in the numbers of the reduced pool that kept ``kept``."""
    position = {person: index for index, person in enumerate(kept)}
    return Team(tuple(position[p] for p in team.members), team.total)
