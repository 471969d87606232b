"""A team's pool made of a plain file's rows (scoring/teamplain.py), on the cases mutmut found
no test for: names that are the same person only once spaces or Unicode's forms are folded,
a name that is not ASCII at all, and a cover of no skills. Each pool is checked against the
one the full reading makes of the same candidates, and the scores against hand-worked ones."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import pytest

from smteam.checking.departments import DEPARTMENTS as SEVEN
from smteam.checking.documents import read_rubric
from smteam.checking.models import Candidate
from smteam.choices import MissingPolicy
from smteam.scoring.scores import plan_scoring
from smteam.scoring.streamed import plain_sheet_rows
from smteam.scoring.teamplain import plain_team_pool
from smteam.scoring.teamreport import (
    CoverSettings,
    TeamPool,
    TeamSettings,
    build_team,
    candidate_pool,
)
from tests.conftest import TINY, RunCli

HEADER = ["name", "department", "reach", "voice", "pace"]
COVER = """\
name: cover
title: Voice
scale: {min: 1, max: 5}
traits:
  - {id: voice, label: Voice, weight: 1}
"""


def _settings(skills: tuple[str, ...] = ("voice",)) -> TeamSettings:
    return TeamSettings(
        plan=plan_scoring(read_rubric(TINY.encode(), "tiny.yaml")),
        departments=tuple((department, 1) for department in SEVEN),
        cover=CoverSettings(
            plan=plan_scoring(read_rubric(COVER.encode(), "cover.yaml")), skills=skills, level=4
        ),
    )


def _streamed(rows: Sequence[list[str]], settings: TeamSettings) -> TeamPool | None:
    found = plain_sheet_rows(HEADER, iter(rows), settings.plan)
    assert found is not None
    return plain_team_pool(found[0], settings)


def _full(rows: Sequence[list[str]], settings: TeamSettings) -> TeamPool:
    candidates = [
        Candidate.model_validate(
            {
                "name": row[0],
                "department": row[1],
                "ratings": dict(zip(HEADER[2:], map(int, row[2:]), strict=True)),
            }
        )
        for row in rows
    ]
    return candidate_pool(candidates, settings)


SAME_PERSON = {
    # name: (the first name, the second), one person by the README's rule (case, spaces and
    # look-alike characters ignored)
    "a space left out": ("Ann Lee", "AnnLee"),
    "é written as e and a combining accent": ("Ren\u00e9e Roy", "Rene\u0301e Roy"),
    "a Cyrillic A": ("Ann", "\u0410nn"),
}


@pytest.mark.parametrize("case", SAME_PERSON, ids=list(SAME_PERSON))
def test_a_name_twice_once_folded_makes_no_pool(case: str, tmp_path: Path, run_cli: RunCli) -> None:
    first, second = SAME_PERSON[case]
    rows = [[first, "Sales", "3", "3", "3"], [second, "Marketing", "4", "4", "4"]]
    assert _streamed(rows, _settings()) is None
    # ... so the full reading words the problem, as for any file.
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    sheet = tmp_path / "people.csv"
    sheet.write_text("\n".join(",".join(row) for row in [HEADER, *rows]) + "\n", encoding="utf-8")
    run = run_cli("team", str(sheet), "-r", str(tmp_path / "tiny.yaml"))
    assert run.exit_code == 1
    assert f"{sheet}:3:1: name (A3): duplicate candidate" in run.stderr
    assert "(first at row 2)" in run.stderr


def test_a_name_that_is_not_ascii_is_in_the_pool_as_written() -> None:
    # TINY: weights 1, 3, 2 on 1 to 5, so a score is 100 * Σ w (r - 1) / 24 (the scale,
    # 6 * 4), kept as 100 * Σ w (r - 1) in 1/24 points. Zoë: 4 + 9 + 4 = 17 -> 1700 (70.83);
    # Bo: 0; Ána (U+00C1): 4 * 1 + 4 * 3 + 4 * 2 = 24 -> 2400 (100).
    rows = [
        ["Zo\u00eb Ruiz", "Marketing", "5", "4", "3"],
        ["Bo", "Sales", "1", "1", "1"],
        ["\u00c1na", "Sales", "5", "5", "5"],
    ]
    settings = _settings()
    pool = _streamed(rows, settings)
    assert pool is not None
    problem = pool.problem
    assert problem.names == ("Zo\u00eb Ruiz", "Bo", "\u00c1na")
    by_department = {
        seat.department: list(row) for seat, row in zip(problem.seats, problem.scores, strict=True)
    }
    assert by_department["Marketing"] == [1700, None, None]
    assert by_department["Business Development / Sales"] == [None, 0, 2400]
    assert pool.scale == 24
    assert problem.holders == (frozenset({0, 2}),)  # voice 4 and 5 reach the level 4
    assert pool == _full(rows, settings)


def test_a_cover_of_no_skills_gives_each_row_no_ratings() -> None:
    """The library takes a cover of no skills (a plan always names one or more)."""
    rows = [["Ann", "Marketing", "5", "4", "3"], ["Bo", "Sales", "1", "1", "1"]]
    settings = _settings(skills=())
    pool = _streamed(rows, settings)
    assert pool is not None
    assert list(pool.ratings) == [(), ()]
    assert pool.problem.holders == ()
    assert pool == _full(rows, settings)


THIRDS = """\
name: thirds
title: Reach on 1 to 4
scale: {min: 1, max: 4}
traits:
  - {id: reach, label: Reach, weight: 1}
"""
CALM = """\
name: calm
title: Calm
scale: {min: 1, max: 5}
traits:
  - {id: calm, label: Calm, weight: 2}
"""


def test_a_lead_rated_on_no_trait_of_the_file_scores_zero_under_missing_skip() -> None:
    """The lead's rubric rates only calm, which no row rates: under --missing skip nothing
    of it is counted, so everyone may lead with a score of 0 (the full reading's rule)."""
    plan = plan_scoring(read_rubric(THIRDS.encode(), "thirds.yaml"), missing=MissingPolicy.SKIP)
    settings = TeamSettings(
        plan=plan,
        departments=(("Marketing", 1),),
        cover=CoverSettings(plan=plan, skills=("reach",), level=4),
        lead=plan_scoring(read_rubric(CALM.encode(), "calm.yaml"), missing=MissingPolicy.SKIP),
    )
    rows = [["Ann", "Marketing", "4"], ["Bo", "Sales", "1"]]
    found = plain_sheet_rows(["name", "department", "reach"], iter(rows), plan)
    assert found is not None
    pool = plain_team_pool(found[0], settings)
    assert pool is not None
    # Reach on 1 to 4, weight 1: the scale is 3; Ann's 4 is 100 * 3 = 300 of 3 (100).
    lead, marketing = pool.problem.scores
    assert (list(lead), list(marketing), pool.scale) == ([0, 0], [300, None], 3)
    candidates = [
        Candidate.model_validate({"name": n, "department": d, "ratings": {"reach": int(r)}})
        for n, d, r in rows
    ]
    assert pool == candidate_pool(candidates, settings)
    # Bo leads (0) and Ann takes Marketing (100).
    report = build_team(pool, settings)
    assert [(h.name, h.score) for h in report.holders] == [
        ("Bo", Fraction(0)),
        ("Ann", Fraction(100)),
    ]


def test_a_pool_of_nobody_has_each_skill_held_by_nobody() -> None:
    """team_pool (both ways' last step) for no candidates: one empty set of holders per cover
    skill, and no team, every department short of people."""
    settings = _settings()
    pool = candidate_pool([], settings)
    assert (pool.problem.holders, list(pool.ratings)) == ((frozenset(),), [])
    report = build_team(pool, settings)
    assert (report.status, report.eligible, report.holders) == ("infeasible", 0, ())
    assert report.reasons[0] == "no eligible candidate in PR and Corporate Communications"
    assert len(report.reasons) == len(SEVEN)
