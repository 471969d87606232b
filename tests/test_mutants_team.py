"""The team optimiser on small problems worked out by hand: why no team fits, in every kind of
message, and a reduced pool that keeps the one person holding two skills (found by mutmut on
scoring/team.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from smteam.errors import InputError
from smteam.scoring import team
from smteam.scoring.team import (
    Seat,
    Team,
    TeamProblem,
    _new_highs,
    best_team,
    broken_rules,
    infeasibility_reasons,
    solve_team,
)

Row = list[int | Fraction | None]


def problem(
    seats: list[tuple[str | None, Row]],
    holders: list[set[int]] | None = None,
    needed: int = 0,
    level: str = "4",
) -> TeamProblem:
    """Seats as (department, each person's score there or None); department None is the lead.
    Skills are k0, k1, ...; people P0, P1, ..."""
    return TeamProblem(
        names=tuple(f"P{p}" for p in range(len(seats[0][1]))),
        seats=tuple(
            Seat("Lead" if d is None else f"{d} {s}", d, "lead" if d is None else "r")
            for s, (d, _) in enumerate(seats)
        ),
        scores=tuple(tuple(None if v is None else Fraction(v) for v in row) for _, row in seats),
        skills=tuple(f"k{k}" for k in range(len(holders or []))),
        holders=tuple(frozenset(h) for h in holders or []),
        needed=needed,
        level=level,
    )


# Each skill needed once. D0 takes P0 (k0, k1, k5) or P1 (k2, k4); D1 takes P2 (k0, k1, k5) or
# P3 (k3). The four teams cover P0+P2: 3, P0+P3: 4, P1+P2: 5, P1+P3: 3 skills, so the best
# leaves out k3 alone. P0+P2 holds the most skills counted with repeats (6).
SIX_SKILLS = problem(
    [("D0", [1, 1, None, None]), ("D1", [None, None, 1, 1])],
    holders=[{0, 2}, {0, 2}, {1}, {3}, {1}, {0, 2}],
    needed=1,
)

# Each skill needed twice. D0 takes P0 (k0-k2), P1 (k2, k4) or P2 (k1, k3); D1 takes P3 (k0),
# P4 (k0-k2) or P5 (k1-k4). Twice held: P0+P4 k0, k1, k2 (3); P0+P5 k1, k2; P1+P5 k2, k4;
# P2+P5 k1, k3; P1+P4 k2; P2+P4 k1; P0+P3 k0; the rest none. Every skill is held twice by
# some team. Counting a skill held once as half, P0+P5 would score 3.5 and win; counting it
# as whole, P0+P5 would hold all five: the best is P0+P4 all the same.
FIVE_SKILLS = problem(
    [("D0", [1, 1, 1, None, None, None]), ("D1", [None, None, None, 1, 1, 1])],
    holders=[{0, 3, 4}, {0, 2, 4, 5}, {0, 1, 4, 5}, {2, 5}, {1, 5}],
    needed=2,
)


@pytest.mark.parametrize(
    ("team_problem", "reasons"),
    [
        pytest.param(
            problem([("D0", [1, 1, None])] * 3),
            ["D0: 3 seats, but only 2 eligible candidates"],
            id="two-candidates-for-three-seats",
        ),
        pytest.param(
            problem([(None, [1, None]), ("D0", [1, None])]),
            ["the seats cannot all be filled by different people: a person takes one seat"],
            id="the-lead-is-the-only-point-person",
        ),
        pytest.param(
            problem(
                [("D0", [1, None, None]), ("D1", [None, 1, None]), ("D2", [None, None, 1])],
                holders=[{0, 1}],
                needed=3,
                level="5",
            ),
            ["k0: only 2 eligible candidates are rated 5 or more, 3 are needed"],
            id="two-holders-of-three-needed",
        ),
        pytest.param(
            problem(
                [("D0", [1, 1, None, None]), ("D1", [None, None, 1, 1])],
                holders=[{0, 1, 2}],
                needed=3,
            ),
            ["k0: a team that fills the seats has at most 2 members rated 4 or more, 3 are needed"],
            id="three-holders-two-in-one-seat",
        ),
        pytest.param(
            SIX_SKILLS,
            [
                "each skill can reach 1 holder on its own, but not all at once: the best team "
                "covers 5 of 6 skills (leaving out k3)"
            ],
            id="six-skills-needed-once",
        ),
        pytest.param(
            FIVE_SKILLS,
            [
                "each skill can reach 2 holders on its own, but not all at once: the best team "
                "covers 3 of 5 skills (leaving out k3, k4)"
            ],
            id="five-skills-needed-twice",
        ),
    ],
)
def test_why_no_team_fits(team_problem: TeamProblem, reasons: list[str]) -> None:
    assert solve_team(team_problem) is None
    assert infeasibility_reasons(team_problem) == reasons


def test_the_only_holder_of_two_skills_is_kept() -> None:
    # One seat, both skills needed: P1 (3) holds k0 and k1; P0 (5) holds k0 alone and P2 (4)
    # k1 alone, so neither can stand in for P1, who is the only team.
    both = problem([("D0", [5, 3, 4])], holders=[{0, 1}, {1, 2}], needed=1)
    assert solve_team(both) == Team((1,), Fraction(3))


def test_the_lead_and_a_point_person_drawn_from_one_pool() -> None:
    # P0, P1 and P2 may take the lead (3, 2, 1) and the D0 seat (5, 4, 1). P0 lead and P1 in
    # D0 make 7, as do P1 lead and P0 in D0; the lead seat comes first, so P0 leads. P2 is
    # beaten by both in both seats: a seat of each kind can hold only one of them.
    shared = problem([(None, [3, 2, 1]), ("D0", [5, 4, 1])])
    assert solve_team(shared) == Team((0, 1), Fraction(7))


@pytest.mark.parametrize(
    ("members", "broken"),
    [
        pytest.param([0, 1], [], id="a-valid-team"),
        pytest.param([0], ["1 holders for 2 seats"], id="a-seat-empty"),
        pytest.param([0, 3], ["D0 1: no such person 3"], id="past-the-last-person"),
        pytest.param([2, 0], ["D0 0: P2 may not take it"], id="not-allowed"),
        pytest.param([1, 1], ["a person holds two seats", "k0: 0 holders, 1 needed"], id="twice"),
    ],
)
def test_the_rules_a_team_breaks(members: list[int], broken: list[str]) -> None:
    # Two D0 seats open to P0 and P1 (P2 to neither); k0 is held by P0 alone and needed once.
    two_seats = problem([("D0", [2, 1, None])] * 2, holders=[{0}], needed=1)
    assert broken_rules(two_seats, members) == broken


TINY = Fraction(1, 2**52)


def test_scores_too_finely_divided_to_compare_exactly() -> None:
    # Over 2**52 the scaled best total no longer fits a double exactly: 1 in steps of 2**-52
    # is 2**52 steps, refused; one step less is still compared (and a seat nobody can take
    # adds nothing to the most a team can total).
    with pytest.raises(InputError) as refused:
        best_team(problem([("D0", [1, TINY])]))
    assert str(refused.value) == (
        "smteam: the scores are too finely divided to compare teams exactly"
    )
    assert best_team(problem([("D0", [1 - TINY, TINY])])) == Team((0,), 1 - TINY)
    assert best_team(problem([("D0", [1 - TINY, TINY]), ("D1", [None, None])])) is None


def test_highs_is_asked_to_prove_the_best_team() -> None:
    # The README promises the best team, not one within HiGHS's default gaps (a relative
    # 1e-4 and an absolute 1e-6 of the total): both gaps are 0, every option name is one
    # HiGHS knows (a misspelt one is ignored with a message), and the run is single-threaded
    # and seeded, so two runs find the same team.
    highs = _new_highs()
    assert [highs.getOptionValue(name)[1] for name in ("mip_rel_gap", "mip_abs_gap")] == [0, 0]
    assert [highs.getOptionValue(name)[1] for name in ("output_flag", "threads")] == [False, 1]


class _SolverAsked(Exception):
    """The solver was asked for a team that the seats apart already decide."""


def _no_solver(*args: object) -> None:
    raise _SolverAsked


# Nobody may take seats of two kinds. D0's two seats: P2 (5) is sure of one; P0, P1 and P3 tie
# at 3 for the other. Some best team seats each of the four in the first seat, so P0 (first in
# the files) takes it, and P2 the second. D1's two seats: P4 (5) is sure of one, P5 and P6 tie
# at 4; P4 takes the first seat (before the tied ones in the files), P5 the second. D2 has one
# seat and one person who may take it, P7 (1). Total 3 + 5 + 5 + 4 + 1 = 18. k0 is held by
# P2 and P6.
_N = None
APART: list[tuple[str | None, Row]] = [
    ("D0", [3, 3, 5, 3, _N, _N, _N, _N]),
    ("D0", [3, 3, 5, 3, _N, _N, _N, _N]),
    ("D1", [_N, _N, _N, _N, 5, 4, 4, _N]),
    ("D1", [_N, _N, _N, _N, 5, 4, 4, _N]),
    ("D2", [_N, _N, _N, _N, _N, _N, _N, 1]),
]


@pytest.mark.parametrize(
    "needed", [pytest.param(0, id="no-cover"), pytest.param(1, id="cover-met-by-the-best")]
)
def test_seats_apart_are_filled_without_the_solver(
    needed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README: a team of point persons with no lead seat is found without the solver
    when each department's best people meet the coverage asked."""
    monkeypatch.setattr(team, "_Model", _no_solver)
    apart = problem(APART, holders=[{2, 6}], needed=needed)
    assert best_team(apart) == Team((0, 2, 4, 5, 7), Fraction(18))


@pytest.mark.parametrize(
    ("seats", "holders", "needed", "expected"),
    [
        # k0 needed twice: P6 takes D1's second seat from P5, at the same total.
        pytest.param(APART, [{2, 6}], 2, Team((0, 2, 4, 6, 7), Fraction(18)), id="cover-missed"),
        # P0 may lead or take D0's seat: the kinds share a person. P1 leads (1) and P0 takes
        # D0 (3): 4 beats P0 leading (2) with P1 in D0 (1).
        pytest.param([(None, [2, 1]), ("D0", [3, 1])], [], 0, Team((1, 0), Fraction(4)), id="lead"),
    ],
)
def test_seats_not_apart_or_a_cover_missed_go_to_the_solver(
    seats: list[tuple[str | None, Row]],
    holders: list[set[int]],
    needed: int,
    expected: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = problem(seats, holders=holders, needed=needed)
    assert best_team(asked) == expected
    monkeypatch.setattr(team, "_Model", _no_solver)
    with pytest.raises(_SolverAsked):
        best_team(asked)
