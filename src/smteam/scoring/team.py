"""Choosing a team: the seats to fill, who may take each one, and the best way to fill them all.

A :class:`TeamProblem` is plain numbers (exact scores per seat and person, who holds each skill)
and the optimiser answers it with a :class:`Team` or None when no team fits. The search is an
integer programme solved by HiGHS (imported only here, only when a team is asked for), with
integer objective coefficients so that the solver compares totals exactly. Every answer is
checked here, constraint by constraint, before it is returned: a solver's "optimal" is never
taken on trust.

Ties between teams with the same best total follow one rule: read the seats in order and
prefer, at the first seat where two teams differ, the holder who comes first in the files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import TYPE_CHECKING, Any, Final

from smteam.errors import InputError, Problem, SmteamError

if TYPE_CHECKING:
    import highspy

SEED: Final = 20260101
"""HiGHS's random seed: fixed, so the same problem is searched the same way on every run."""

EXACT_LIMIT: Final = 2**52
"""Totals a double holds exactly: the scaled objective must stay below it."""


@dataclass(frozen=True, slots=True)
class Seat:
    """A place on the team: a point person of one department, or a lead from any department."""

    label: str
    department: str | None
    """The canonical department it is filled from; None for a seat open to every department."""
    rubric: str
    """The rubric its holder is scored on."""


@dataclass(frozen=True, slots=True)
class TeamProblem:
    """What the optimiser needs, as plain numbers.

    ``scores[s][p]`` is person ``p``'s exact score in seat ``s``, or None when ``p`` may not take
    it (another department, or a must-have missed). ``holders[k]`` are the people who hold skill
    ``k`` (rated ``level`` or more); every skill needs ``needed`` of them on the team (0: no
    coverage constraint). People are numbered in the order of the files.
    """

    names: tuple[str, ...]
    seats: tuple[Seat, ...]
    scores: tuple[tuple[Fraction | int | None, ...], ...]
    skills: tuple[str, ...] = ()
    holders: tuple[frozenset[int], ...] = ()
    needed: int = 0
    level: str = "4"
    """The level as people read it, for messages."""

    def allowed(self, seat: int) -> list[int]:
        """The people who may take ``seat``, in file order."""
        return [p for p, score in enumerate(self.scores[seat]) if score is not None]

    def with_needed(self, needed: int) -> TeamProblem:
        """The same problem with another number of holders needed per skill."""
        return TeamProblem(
            self.names, self.seats, self.scores, self.skills, self.holders, needed, self.level
        )


@dataclass(frozen=True, slots=True)
class Team:
    """Who holds each seat (person numbers, in seat order) and the exact total score."""

    members: tuple[int, ...]
    total: Fraction


def team_total(problem: TeamProblem, members: Sequence[int]) -> Fraction:
    """The exact total of seat scores; every holder must be allowed in their seat."""
    total = Fraction(0)
    for seat, person in enumerate(members):
        score = problem.scores[seat][person]
        assert score is not None
        total += score
    return total


def broken_rules(problem: TeamProblem, members: Sequence[int]) -> list[str]:
    """Every rule the team breaks (empty when it is a valid team): a seat empty or held by
    someone not allowed in it, a person in two seats, a skill with too few holders."""
    broken = []
    if len(members) != len(problem.seats):
        return [f"{len(members)} holders for {len(problem.seats)} seats"]
    for seat, person in enumerate(members):
        if not 0 <= person < len(problem.names):
            broken.append(f"{problem.seats[seat].label}: no such person {person}")
        elif problem.scores[seat][person] is None:
            broken.append(f"{problem.seats[seat].label}: {problem.names[person]} may not take it")
    if len(set(members)) != len(members):
        broken.append("a person holds two seats")
    on_team = set(members)
    for skill, holders in zip(problem.skills, problem.holders, strict=True):
        count = len(on_team & holders)
        if count < problem.needed:
            broken.append(f"{skill}: {count} holders, {problem.needed} needed")
    return broken


class SolverError(SmteamError):
    """The solver gave an answer that does not stand up to checking (a bug, never the input)."""


@contextmanager
def _stdout_silenced() -> Iterator[None]:
    """HiGHS prints a banner on the C-level stdout when its first model is made, whatever its
    options say: point file descriptor 1 elsewhere meanwhile, so that stdout carries only
    smteam's output."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no stdout at all: nothing to protect
        yield
        return
    import tempfile

    try:
        with tempfile.TemporaryFile() as sink:
            os.dup2(sink.fileno(), 1)
            try:
                yield
            finally:
                _flush_c_stdio()
                os.dup2(saved, 1)
    finally:
        os.close(saved)


def _flush_c_stdio() -> None:
    try:
        import ctypes

        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError, TypeError):  # no C library to flush (not on Linux/macOS)
        pass


def _new_highs() -> highspy.Highs:
    import highspy

    with _stdout_silenced():
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
    for option, value in (
        ("output_flag", False),
        ("log_to_console", False),
        ("threads", 1),
        ("random_seed", SEED),
        ("mip_rel_gap", 0.0),
        ("mip_abs_gap", 0.0),
    ):
        highs.setOptionValue(option, value)
    return highs


class _Model:
    """The integer programme of one team problem: a 0/1 column for each allowed (seat,
    person) pair; each seat filled once; each person in at most one seat; each skill held by
    ``needed`` members or more; and any cuts added later."""

    def __init__(self, problem: TeamProblem, scale: int) -> None:
        import highspy
        import numpy as np

        self.problem = problem
        self.highs = _new_highs()
        self.columns: list[tuple[int, int]] = []
        self.column_of: dict[tuple[int, int], int] = {}
        costs = []
        for seat in range(len(problem.seats)):
            for person in problem.allowed(seat):
                self.column_of[(seat, person)] = len(self.columns)
                self.columns.append((seat, person))
                score = problem.scores[seat][person]
                assert score is not None
                costs.append(int(score * scale))
        self.costs = costs
        count = len(self.columns)
        self._np = np
        self._inf = highspy.kHighsInf
        if count:
            self.highs.addVars(count, np.zeros(count), np.ones(count))
            self.highs.changeColsIntegrality(
                count,
                np.arange(count, dtype=np.int32),
                np.full(count, highspy.HighsVarType.kInteger),
            )
        by_person: dict[int, list[int]] = {}
        for column, (_, person) in enumerate(self.columns):
            by_person.setdefault(person, []).append(column)
        for seat in range(len(problem.seats)):
            self.add_row([self.column_of[(seat, p)] for p in problem.allowed(seat)], 1, 1)
        for columns in by_person.values():
            if len(columns) > 1:
                self.add_row(columns, -self._inf, 1)
        if problem.needed:
            for holders in problem.holders:
                self.add_row(
                    [c for c, (_, person) in enumerate(self.columns) if person in holders],
                    problem.needed,
                    self._inf,
                )

    def add_row(
        self, columns: Sequence[int], low: float, high: float, values: Sequence[float] = ()
    ) -> None:
        np = self._np
        coefficients = np.array(values or [1.0] * len(columns), dtype=np.float64)
        self.highs.addRow(low, high, len(columns), np.array(columns, dtype=np.int32), coefficients)

    def exclude(self, team: Team) -> None:
        """A cut that every later answer must differ from ``team`` in who sits for which
        department (seats of one department are interchangeable)."""
        chosen = set()
        for seat, person in enumerate(team.members):
            chosen.add((self._seat_kind(seat), person))
        columns = [
            c
            for c, (seat, person) in enumerate(self.columns)
            if (self._seat_kind(seat), person) in chosen
        ]
        self.add_row(columns, -self._inf, len(chosen) - 1)

    def _seat_kind(self, seat: int) -> tuple[str | None, str]:
        spec = self.problem.seats[seat]
        return (spec.department, spec.rubric if spec.department is None else "")

    def solve(self, costs: Sequence[float], maximise: bool) -> list[int] | None:
        """The holders of an optimal answer, or None when there is none."""
        import highspy

        np = self._np
        count = len(self.columns)
        if count == 0:
            return None if self.problem.seats else []
        self.highs.changeColsCost(
            count, np.arange(count, dtype=np.int32), np.array(costs, dtype=np.float64)
        )
        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            # HiGHS's MIP presolve has called feasible models infeasible (HiGHS issues #2204,
            # #3090; smteam met one of 18 columns with HiGHS 1.16.0): a "no team" is asked
            # once more without presolve before it is believed.
            self.highs.setOptionValue("presolve", "off")
            self.highs.run()
            self.highs.setOptionValue("presolve", "choose")
            status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverError(
                f"the solver stopped without an answer ({self.highs.modelStatusToString(status)})"
            )
        values = self.highs.getSolution().col_value
        members = [-1] * len(self.problem.seats)
        for column, value in enumerate(values):
            if value > 0.5:
                seat, person = self.columns[column]
                if members[seat] != -1:
                    raise SolverError(f"the solver put two people in {self.problem.seats[seat]}")
                members[seat] = person
        return members

    def fix(self, seat: int, person: int) -> None:
        self.highs.changeColBounds(self.column_of[(seat, person)], 1, 1)

    def at_least(self, total: int) -> None:
        """Only answers whose scaled total is ``total`` or more."""
        self.add_row(range(len(self.columns)), total, self._inf, [float(c) for c in self.costs])


def _scale(problem: TeamProblem) -> int:
    """A common denominator of every score, so that scaled scores are whole numbers."""
    denominators = [s.denominator for row in problem.scores for s in row if s is not None]
    scale = lcm(*denominators) if denominators else 1
    most = sum(
        max((int(s * scale) for s in row if s is not None), default=0) for row in problem.scores
    )
    if most >= EXACT_LIMIT:
        raise InputError(
            [Problem("smteam", "the scores are too finely divided to compare teams exactly")]
        )
    return scale


def _checked(problem: TeamProblem, members: list[int] | None) -> list[int] | None:
    if members is None:
        return None
    broken = broken_rules(problem, members)
    if broken:
        raise SolverError("the solver's team breaks the rules: " + "; ".join(broken))
    return members


def best_team(problem: TeamProblem, *, excluding: Sequence[Team] = ()) -> Team | None:
    """The team with the highest total score that meets every rule (and differs from each
    team in ``excluding``), ties broken by the seat-by-seat file-order rule; None if no team
    meets the rules."""
    scale = _scale(problem)
    if not excluding:
        apart = _kinds_apart(problem)
        if apart is not None:
            return Team(tuple(apart), team_total(problem, apart))
    model = _Model(problem, scale)
    for team in excluding:
        model.exclude(team)
    members = _checked(problem, model.solve(model.costs, maximise=True))
    if members is None:
        return None
    best = team_total(problem, members)
    scaled = int(best * scale)
    model.at_least(scaled)
    fixed: set[int] = set()
    for seat in range(len(problem.seats)):
        earlier = [p for p in problem.allowed(seat) if p < members[seat] and p not in fixed]
        if earlier:
            # Only this seat's holder counts: the earlier seats are fixed already.
            order = [float(p) if s == seat else 0.0 for s, p in model.columns]
            found = _checked(problem, model.solve(order, maximise=False))
            if found is None or team_total(problem, found) != best:
                raise SolverError("a team with the best total vanished while breaking ties")
            members = found
        model.fix(seat, members[seat])
        fixed.add(members[seat])
    return Team(tuple(members), best)


def _kinds_apart(problem: TeamProblem) -> list[int] | None:
    """The best team under the tie rule, without the solver, when nobody may take seats of
    two kinds (a department's seats and no lead seat: the usual team) and the team of each
    kind's best people meets every rule; None otherwise.

    Apart, each kind's seats go to its highest scores: those above the lowest score taken
    (``sure``) and enough of those at it (``tied``). Seat by seat, the tie rule seats the
    first in the files among those some best team seats there. That team is the first of all
    best teams; when it meets the coverage, it is the first of the best teams that do too.
    The solver (and importing it, a tenth of a second) is needed only for the rest."""
    kinds = _seat_kinds(problem)
    allowed = [problem.allowed(kind[0]) for kind in kinds]
    seen: set[int] = set()
    for people in allowed:
        if not seen.isdisjoint(people):
            return None
        seen.update(people)
    members = [0] * len(problem.seats)
    for kind, people in zip(kinds, allowed, strict=True):
        if len(people) < len(kind):
            return None  # no team: the solver says why
        row = problem.scores[kind[0]]
        score: dict[int, Fraction | int] = {p: row[p] for p in people}  # type: ignore[misc]
        cut = sorted(score.values(), reverse=True)[len(kind) - 1]
        sure = [p for p in people if score[p] > cut]  # each list in file order
        tied = [p for p in people if score[p] == cut]
        room = len(kind) - len(sure)  # seats for the tied: one at least
        for seat in kind:
            if tied and room and (not sure or tied[0] < sure[0]):
                members[seat] = tied.pop(0)
                room -= 1
            else:
                members[seat] = sure.pop(0)
    return None if broken_rules(problem, members) else members


def next_best_teams(problem: TeamProblem, count: int, first: Team) -> list[Team]:
    """Up to ``count`` more teams after ``first``, each the best that differs from all found
    before it in who sits for which department."""
    found = [first]
    while len(found) <= count:
        team = best_team(problem, excluding=found)
        if team is None:
            break
        found.append(team)
    return found[1:]


def _most_holders(problem: TeamProblem, skill: int) -> int:
    """The most holders of one skill any team that fills the seats can have."""
    model = _Model(problem.with_needed(0), 1)
    holders = problem.holders[skill]
    costs = [1.0 if person in holders else 0.0 for _, person in model.columns]
    members = _checked(problem.with_needed(0), model.solve(costs, maximise=True))
    return -1 if members is None else len(holders & set(members))


def infeasibility_reasons(problem: TeamProblem) -> list[str]:
    """Why no team meets the rules, in terms a user can act on: seats nobody can take, skills
    too few people hold, or else the most the skills can be covered."""
    reasons: list[str] = []
    departments: dict[str, list[int]] = {}
    for seat, spec in enumerate(problem.seats):
        if spec.department is not None:
            departments.setdefault(spec.department, []).append(seat)
        elif not problem.allowed(seat):
            reasons.append(f"no eligible candidate for {spec.label} (on {spec.rubric})")
    for department, seats in departments.items():
        allowed = len(problem.allowed(seats[0]))
        if allowed == 0:
            reasons.append(f"no eligible candidate in {department}")
        elif allowed < len(seats):
            reasons.append(
                f"{department}: {len(seats)} seats, but only {allowed} eligible "
                f"candidate{'s' if allowed != 1 else ''}"
            )
    if reasons:
        return reasons
    # The solver works on the reduced pool (the same answers, see reduce_pool); the counts
    # in the messages are over everyone.
    solvable, _ = reduce_pool(problem)
    if best_team(solvable.with_needed(0)) is None:
        return ["the seats cannot all be filled by different people: a person takes one seat"]
    pool = {p for seat in range(len(problem.seats)) for p in problem.allowed(seat)}
    for skill, holders in zip(problem.skills, problem.holders, strict=True):
        count = len(holders & pool)
        if count < problem.needed:
            reasons.append(
                f"{skill}: only {count} eligible candidate{' is' if count == 1 else 's are'} "
                f"rated {problem.level} or more, {problem.needed} are needed"
            )
    if reasons:
        return reasons
    for index, skill in enumerate(problem.skills):
        most = _most_holders(solvable, index)
        if most < problem.needed:
            reasons.append(
                f"{skill}: a team that fills the seats has at most {most} "
                f"member{'s' if most != 1 else ''} rated {problem.level} or more, "
                f"{problem.needed} are needed"
            )
    if reasons:
        return reasons
    covered, missed = _most_skills_covered(solvable)
    return [
        f"each skill can reach {problem.needed} holder{'s' if problem.needed != 1 else ''} on "
        "its own, but not all at once: the "
        f"best team covers {covered} of {len(problem.skills)} skills (leaving out "
        f"{', '.join(missed)})"
    ]


def _most_skills_covered(problem: TeamProblem) -> tuple[int, list[str]]:
    """How many skills one team can give ``needed`` holders each, and which it leaves out."""
    model = _Model(problem.with_needed(0), 1)
    import numpy as np

    people = len(model.columns)
    skills = len(problem.skills)
    model.highs.addVars(skills, np.zeros(skills), np.ones(skills))
    model.highs.changeColsIntegrality(
        skills,
        np.arange(people, people + skills, dtype=np.int32),
        np.full(skills, _integer_type()),
    )
    for skill, holders in enumerate(problem.holders):
        columns = [c for c, (_, person) in enumerate(model.columns) if person in holders]
        weights = [1.0] * len(columns) + [-float(problem.needed)]
        model.add_row([*columns, people + skill], 0, model._inf, weights)
    costs = np.array([0.0] * people + [1.0] * skills)
    model.highs.changeColsCost(people + skills, np.arange(people + skills, dtype=np.int32), costs)
    import highspy

    model.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    model.highs.run()
    status = model.highs.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolverError(
            f"the solver stopped without an answer ({model.highs.modelStatusToString(status)})"
        )
    values: Any = model.highs.getSolution().col_value
    members = [-1] * len(problem.seats)
    for column in range(people):
        if values[column] > 0.5:
            seat, person = model.columns[column]
            members[seat] = person
    if broken_rules(problem.with_needed(0), members):
        raise SolverError("the solver's team for the coverage report breaks the rules")
    on_team = set(members)
    covered = [len(h & on_team) >= problem.needed for h in problem.holders]
    missed = [skill for skill, ok in zip(problem.skills, covered, strict=True) if not ok]
    return sum(covered), missed


def _integer_type() -> Any:
    import highspy

    return highspy.HighsVarType.kInteger


def _seat_kinds(problem: TeamProblem) -> list[list[int]]:
    """The seats grouped by who may take them and at what score (a department's seats are
    one kind): seats of a kind are interchangeable."""
    kinds: list[list[int]] = []
    for seat, row in enumerate(problem.scores):
        for kind in kinds:
            if problem.scores[kind[0]] == row:
                kind.append(seat)
                break
        else:
            kinds.append([seat])
    return kinds


def reduce_pool(problem: TeamProblem, spare: int = 0) -> tuple[TeamProblem, tuple[int, ...]]:
    """The same problem over fewer people, with the same best team (the same total, and the
    same team under the tie rule), and the people kept, by their numbers in ``problem``.

    Person q *dominates* p for a kind of seat when both may take it, q scores more there (or
    the same and comes first in the files) and q holds every skill p holds (skills count
    only when coverage is required). If p has k or more dominators, where k is the number of
    seats a dominator of p could be sitting in (the kind's seats, and the seats of every
    kind that shares a person with it), then in any team with p in such a seat some
    dominator is free: swapping p for it keeps every rule and gives a higher total or an
    earlier holder, so p is in no best team. Dominance is transitive, so a removed dominator
    always leaves one of its own dominators kept: p keeps k kept dominators. A person is
    dropped when dominated so in every kind they may take.

    With ``spare`` m, p needs k + m dominators: then any team with p has m + 1 distinct
    better teams (p swapped for each of m + 1 free dominators), so the m next-best teams
    (:func:`next_best_teams`) are the same over the reduced pool too.
    """
    kinds = _seat_kinds(problem)
    allowed = [frozenset(problem.allowed(kind[0])) for kind in kinds]
    masks = [0] * len(problem.names)
    if problem.needed:
        for bit, holders in enumerate(problem.holders):
            for person in holders:
                masks[person] |= 1 << bit
    kept: set[int] = set()
    for index, kind in enumerate(kinds):
        room = (
            spare
            + len(kind)
            + sum(
                len(other)
                for j, other in enumerate(kinds)
                if j != index and not allowed[index].isdisjoint(allowed[j])
            )
        )
        kept.update(_undominated(problem.scores[kind[0]], allowed[index], masks, room))
    order = tuple(sorted(kept))
    if len(order) == len(problem.names):
        return problem, order
    position = {person: new for new, person in enumerate(order)}
    reduced = TeamProblem(
        names=tuple(problem.names[p] for p in order),
        seats=problem.seats,
        scores=tuple(tuple(row[p] for p in order) for row in problem.scores),
        skills=problem.skills,
        holders=tuple(frozenset(position[p] for p in h if p in position) for h in problem.holders),
        needed=problem.needed,
        level=problem.level,
    )
    return reduced, order


def _undominated(
    scores: Sequence[Fraction | int | None],
    allowed: frozenset[int],
    masks: Sequence[int],
    room: int,
) -> list[int]:
    """The people of ``allowed`` with fewer than ``room`` dominators (see reduce_pool)."""
    groups: dict[int, list[tuple[Fraction | int, int]]] = {}
    for person in allowed:
        score = scores[person]
        assert score is not None
        groups.setdefault(masks[person], []).append((-score, person))
    for members in groups.values():
        members.sort()
    from bisect import bisect_left

    found = []
    for mask, members in groups.items():
        supersets = [
            group for other, group in groups.items() if other != mask and other & mask == mask
        ]
        for position, key in enumerate(members):
            beaten_by = position + sum(bisect_left(group, key) for group in supersets)
            if beaten_by >= room:
                break  # everyone after this one in the group is beaten by as many or more
            found.append(key[1])
    return found


def solve_team(
    problem: TeamProblem, reduced: tuple[TeamProblem, tuple[int, ...]] | None = None
) -> Team | None:
    """:func:`best_team` over the reduced pool (see :func:`reduce_pool`), in the numbers of
    ``problem``, and checked again against the whole of it. ``reduced`` is the reduction of
    ``problem`` or of the same problem with more holders needed (a reduction stays exact when
    fewer are needed: a dominator holds every skill the dominated person holds)."""
    small, kept = reduced if reduced is not None else reduce_pool(problem)
    team = best_team(small.with_needed(problem.needed))
    if team is None:
        return None
    members = tuple(kept[p] for p in team.members)
    broken = broken_rules(problem, members)
    if broken or team_total(problem, members) != team.total:
        raise SolverError("the reduced problem's team breaks the rules: " + "; ".join(broken))
    return Team(members, team.total)
