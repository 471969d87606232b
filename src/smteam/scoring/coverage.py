"""How widely the skills are spread (article 003: "a skill, not a job"): for each skill, who
holds it (rated at the level or more), in which departments, and how many would have to leave
before nobody does. Pure: candidates in, a frozen report out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smteam.checking.departments import DEPARTMENTS, canonical_department
from smteam.checking.models import Candidate, Rubric
from smteam.scoring.scores import ScoringPlan, ratings_of

OTHER = "Other"
"""The column of people whose department is none of the seven."""


@dataclass(frozen=True, slots=True)
class SkillSpread:
    """One skill: its holders (names in file order) and how many sit in each department."""

    skill: str
    label: str
    holders: tuple[str, ...]
    by_department: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.holders)

    @property
    def to_lose(self) -> int:
        """How many people must leave before nobody holds the skill: every holder."""
        return self.count

    @property
    def flag(self) -> str:
        """A warning when nobody, one or two people carry the skill; empty otherwise."""
        if self.count == 0:
            return "nobody holds it"
        if self.count <= 2:
            return f"carried by {self.count}: {', '.join(self.holders)}"
        return ""


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Every skill of a rubric across the people in the files."""

    rubric: Rubric
    level: int
    people: int
    departments: tuple[str, ...]
    skills: tuple[SkillSpread, ...]


def skill_coverage(
    candidates: Sequence[Candidate], plan: ScoringPlan, level: int
) -> CoverageReport:
    """Who holds each skill of ``plan``'s rubric at ``level`` or more (a panel's combined
    rating counts), by department."""
    rubric = plan.rubric
    found = [canonical_department(c.department) or OTHER for c in candidates]
    departments = tuple(DEPARTMENTS) + ((OTHER,) if OTHER in found else ())
    column = {name: index for index, name in enumerate(departments)}
    holders: list[list[int]] = [[] for _ in rubric.traits]
    for person, candidate in enumerate(candidates):
        ratings, _ = ratings_of(candidate, plan)
        for skill, rating in enumerate(ratings):
            if rating is not None and rating >= level:
                holders[skill].append(person)
    spreads = []
    for trait, people in zip(rubric.traits, holders, strict=True):
        counts = [0] * len(departments)
        for person in people:
            counts[column[found[person]]] += 1
        spreads.append(
            SkillSpread(
                skill=trait.id,
                label=trait.label,
                holders=tuple(candidates[p].name for p in people),
                by_department=tuple(counts),
            )
        )
    return CoverageReport(rubric, level, len(candidates), departments, tuple(spreads))


def coverage_shortfall(report: CoverageReport, fail_under: int) -> str | None:
    """Why the coverage misses the CI bar (every skill held by ``fail_under`` people or more),
    or None when it meets it."""
    thin = [f"{s.skill} ({s.count})" for s in report.skills if s.count < fail_under]
    if not thin:
        return None
    return (
        f"the bar is not met: {len(thin)} skill{'s' if len(thin) != 1 else ''} held by fewer "
        f"than {fail_under} people: {', '.join(thin)}"
    )
