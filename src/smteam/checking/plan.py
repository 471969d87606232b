"""The team plan file: how many point persons each department gives, a lead seat scored on
another rubric, the skills the team must cover, and the bench. Read as strictly as every other
smteam file: unknown keys with a did-you-mean, departments and skills checked against their
vocabularies, every problem with its line.

```yaml
per_department: 1            # seats for each department not named below
departments:                 # seats per department (article 001); 0 leaves one out
  Marketing: 2
  Executive Team: 0
lead:                        # optional: one seat open to every department
  rubric: nine-leader-qualities
cover:                       # optional: skills the team must hold (article 003)
  rubric: five-dispersed-skills
  level: 4
  people: 2
bench: 1
```
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from smteam.checking.departments import DEPARTMENTS, canonical_department, known_department_names
from smteam.checking.models import (
    Department,
    Identifier,
    Label,
    Rubric,
    RubricRef,
    StrictModel,
    _not_null,
)
from smteam.checking.placing import Issue, YamlLocator, issues_from_validation_error, place
from smteam.errors import InputError, Problem, RubricError
from smteam.reading.wording import did_you_mean
from smteam.reading.yamlfile import load_yaml


def _within(low: int, high: int) -> AfterValidator:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise PydanticCustomError(
                "smteam_type",
                "expected a count",
                {"expected": f"a whole number from {low} to {high}", "want": "number"},
            )
        return value

    return AfterValidator(check)


Count = Annotated[
    int, _within(0, 100), WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 100})
]


class LeadPlan(StrictModel):
    """A seat open to every department, scored on its own rubric (article 004's lead)."""

    rubric: RubricRef = Field(description="The lead's rubric: a built-in name or a path.")
    label: Annotated[Label, _not_null("a seat name")] = Field(
        default="Lead", description="The seat's name in the output."
    )


class CoverPlan(StrictModel):
    """Skills the team must hold: every skill rated ``level`` or more by ``people`` members."""

    rubric: RubricRef = Field(description="The rubric whose traits are the skills.")
    level: Annotated[int, _not_null("a whole number on the scale")] = Field(
        default=4, description="The rating that counts as holding a skill."
    )
    people: Annotated[
        int,
        _within(1, 100),
        WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 100}),
        _not_null("a whole number"),
    ] = Field(default=2, description="How many members must hold each skill.")
    skills: Annotated[
        Annotated[list[Identifier], Field(min_length=1)] | None,
        _not_null("a list of trait ids"),
    ] = Field(default=None, description="Only these traits of the rubric (default: all).")
    robust: Annotated[bool, _not_null("true or false")] = Field(
        default=False, description="The coverage must survive the loss of any one member."
    )


class TeamPlan(StrictModel):
    """A team plan file."""

    shape: ClassVar[str] = "a team plan: a mapping with departments, lead, cover or bench"

    per_department: Annotated[Count, _not_null("a whole number")] = Field(
        default=1, description="Seats for each department not named in departments."
    )
    departments: Annotated[dict[Department, Count], _not_null("a mapping")] = Field(
        default_factory=dict,
        description="Seats per department (smteam departments); 0 leaves a department out.",
    )
    lead: Annotated[LeadPlan | None, _not_null("a mapping with rubric")] = None
    cover: Annotated[CoverPlan | None, _not_null("a mapping with rubric")] = None
    bench: Annotated[Count, _not_null("a whole number")] = Field(
        default=1, description="Successors shown per seat."
    )


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan file read and checked, its rubrics found."""

    plan: TeamPlan
    seats: dict[str, int]
    """Seats per canonical department named in the file."""
    lead: Rubric | None
    cover: Rubric | None


def looks_like_plan(value: object) -> bool:
    """Whether a loaded document is meant as a team plan: a mapping with a plan's keys and
    neither a candidates file's nor a rubric's."""
    return (
        isinstance(value, dict)
        and "candidates" not in value
        and "traits" not in value
        and any(key in TeamPlan.model_fields for key in value)
    )


RubricFinder = Callable[[str], Rubric]
"""Finds a rubric by built-in name or by a path relative to the plan; raises RubricError."""


def read_plan(data: bytes, source: str, find: RubricFinder) -> Plan:
    """The plan in ``data``; raises :class:`InputError` with every problem in it. The checks
    that need a vocabulary or a rubric run on what was written even when a value elsewhere
    has the wrong type, so that every problem is said at once."""
    loaded = load_yaml(data, source)
    if not loaded.ok:
        raise InputError(loaded.problems)
    issues: list[Issue] = []
    plan = None
    try:
        plan = TeamPlan.model_validate(loaded.value)
    except ValidationError as exc:
        issues.extend(issues_from_validation_error(exc, TeamPlan))
    written = loaded.value if isinstance(loaded.value, dict) else {}
    seats = _department_seats(written.get("departments"), issues)
    elsewhere: list[Problem] = []

    def rubric_at(part: str) -> Rubric | None:
        section = written.get(part)
        ref = section.get("rubric") if isinstance(section, dict) else None
        if not isinstance(ref, str) or not ref.strip():
            return None  # the model has said what is wrong
        try:
            return find(ref)
        except RubricError as exc:
            for problem in exc.problems:
                if problem.source == "smteam" or problem.line is None:
                    issues.append(Issue((part, "rubric"), problem.message))
                else:
                    elsewhere.append(problem)  # inside the rubric file, with its own lines
            return None

    lead = rubric_at("lead")
    cover = rubric_at("cover")
    if cover is not None:
        issues.extend(cover_issues(written["cover"], cover))
    problems = [*loaded.problems, *place(issues, source, YamlLocator(data)), *elsewhere]
    if plan is None or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return Plan(plan, seats, lead, cover)


def _department_seats(written: object, issues: list[Issue]) -> dict[str, int]:
    """Seats per canonical department; an unknown department or one named twice (under two
    of its names) is an issue."""
    seats: dict[str, int] = {}
    if not isinstance(written, dict):
        return seats
    first_key: dict[str, str] = {}
    for name, count in written.items():
        if not isinstance(name, str):
            continue
        canonical = canonical_department(name)
        if canonical is None:
            hint = did_you_mean(name, known_department_names()) or (
                "; expected one of: " + ", ".join(DEPARTMENTS)
            )
            issues.append(
                Issue(("departments", name), f"unknown department {name!r}{hint}", anchor="key")
            )
        elif canonical in seats:
            issues.append(
                Issue(
                    ("departments", name),
                    f"{name!r} is {canonical}, already given as {first_key[canonical]!r}",
                    anchor="key",
                )
            )
        else:
            seats[canonical] = count if isinstance(count, int) else 0
            first_key[canonical] = name
    return seats


def cover_issues(written: dict[str, object], rubric: Rubric) -> list[Issue]:
    """A level off the rubric's scale, a skill that is not one of its traits."""
    issues = []
    scale = rubric.scale
    level = written.get("level")
    if isinstance(level, int) and not isinstance(level, bool):
        if not scale.min <= level <= scale.max:
            issues.append(
                Issue(
                    ("cover", "level"),
                    expected=f"a whole number from {scale.min} to {scale.max} (the scale of "
                    f"{rubric.name})",
                    found=level,
                    want="number",
                )
            )
    skills = written.get("skills")
    for index, skill in enumerate(skills if isinstance(skills, list) else ()):
        if isinstance(skill, str) and skill not in rubric.trait_set:
            hint = did_you_mean(skill, rubric.trait_ids) or (
                "; expected one of: " + ", ".join(rubric.trait_ids)
            )
            issues.append(
                Issue(
                    ("cover", "skills", index), f"{skill!r} is not a trait of {rubric.name}{hint}"
                )
            )
    return issues


PLAN_FILE = "team.yaml"
STARTER_PLAN = """\
# A team plan for `smteam team candidates.yaml --plan team.yaml`: which seats to fill, and what
# the team as a whole must cover. Every key is optional.
#   smteam schema plan     prints the schema of this file, for editors
per_department: 0              # point persons for each department not named below (article 001)
departments:                   # seats per department (smteam departments lists them)
  Customer Service: 1
  Marketing: 1
# lead:                        # a lead from any department, scored on its own rubric (004)
#   rubric: nine-leader-qualities
cover:                         # skills to disperse across the team (article 003)
  rubric: five-core-skills
  skills: [empathy, responsiveness]   # leave out to use every trait of the rubric
  level: 4                     # rated 4 (strong) or more holds a skill
  people: 1                    # members who must hold each skill
  robust: false                # true: the coverage must survive the loss of any one member
bench: 1                       # successors shown per seat
"""
"""What ``smteam init --plan`` writes; it validates as it is (a test makes sure)."""
