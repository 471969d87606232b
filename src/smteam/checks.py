"""Checks that look across fields or need the rubric: they run on the loaded values as read,
whatever the models made of them, so that every problem in a file is found in one run.

Each check skips values of the wrong type: the models report those.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeGuard

from smteam.choices import MissingPolicy
from smteam.departments import canonical_department, known_department_names
from smteam.models import Rubric
from smteam.text import LINE_MAX, name_key, text_problem
from smteam.validation import Issue
from smteam.wording import closest, did_you_mean, shown_key


def _is_whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def check_rubric(raw: object) -> list[Issue]:
    """Rubric rules the model cannot see alone: unique ids, a sound scale, minimums on it."""
    if not isinstance(raw, dict):
        return []
    issues: list[Issue] = []
    scale = raw.get("scale")
    bounds: tuple[int, int] | None = None
    if isinstance(scale, dict):
        low, high = scale.get("min"), scale.get("max")
        if _is_whole(low) and _is_whole(high):
            if low < high:
                bounds = (low, high)
            else:
                issues.append(
                    Issue(
                        ("scale", "max"),
                        expected=f"a number greater than scale.min ({low})",
                        found=high,
                        want="number",
                    )
                )
        labels = scale.get("labels")
        if isinstance(labels, dict):
            issues.extend(_check_labels(labels, bounds))
    traits = raw.get("traits")
    if isinstance(traits, list):
        first_at: dict[str, int] = {}
        for index, trait in enumerate(traits):
            if not isinstance(trait, dict):
                continue
            trait_id = trait.get("id")
            if isinstance(trait_id, str):
                if trait_id in first_at:
                    issues.append(
                        Issue(
                            ("traits", index, "id"),
                            f"duplicate trait id '{trait_id}'; each trait needs its own id",
                            first=("traits", first_at[trait_id], "id"),
                        )
                    )
                else:
                    first_at[trait_id] = index
            minimum = trait.get("minimum")
            if _is_whole(minimum) and bounds is not None:
                low, high = bounds
                if not low <= minimum <= high:
                    issues.append(
                        Issue(
                            ("traits", index, "minimum"),
                            expected=f"a whole number on the scale, from {low} to {high}",
                            found=minimum,
                            want="number",
                        )
                    )
    return issues


def _check_labels(labels: dict[Any, Any], bounds: tuple[int, int] | None) -> list[Issue]:
    issues = []
    seen: dict[str, object] = {}
    for point, label in labels.items():
        if _is_whole(point) and bounds is not None:
            low, high = bounds
            if not low <= point <= high:
                issues.append(
                    Issue(
                        ("scale", "labels", point),
                        f"label for {point}, which is not on the scale {low} to {high}",
                        anchor="key",
                    )
                )
        if isinstance(label, str):
            folded = label.strip().casefold()
            if folded in seen:
                issues.append(
                    Issue(
                        ("scale", "labels", point),
                        f"label {label!r} is already used for {seen[folded]}; "
                        "each point needs its own label",
                    )
                )
            else:
                seen[folded] = point
    return issues


def check_candidates(
    raw: object,
    rubric: Rubric | None,
    *,
    other_traits: Collection[str] = (),
    missing: MissingPolicy = MissingPolicy.ERROR,
    strict_departments: bool = False,
) -> list[Issue]:
    """Rules across candidates, and against the rubric when there is one.

    ``other_traits`` are trait ids of other rubrics (the built-in ones): ratings on them are
    allowed and not scored, so one file rated on everything works with every rubric.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("candidates"), list):
        return []
    issues: list[Issue] = []
    first_at: dict[str, int] = {}
    for index, candidate in enumerate(raw["candidates"]):
        if not isinstance(candidate, dict):
            continue
        here = ("candidates", index)
        name = candidate.get("name")
        if isinstance(name, str) and name.strip():
            key = name_key(name)
            if key in first_at:
                first = raw["candidates"][first_at[key]]["name"]
                issues.append(
                    Issue(
                        (*here, "name"),
                        f"duplicate candidate {name!r}, the same name as {first!r}; each person "
                        "may appear once",
                        first=("candidates", first_at[key], "name"),
                    )
                )
            else:
                first_at[key] = index
        department = candidate.get("department")
        if (
            isinstance(department, str)
            and text_problem(department, kind="department", max_length=LINE_MAX) is None
        ):
            issues.extend(_check_department(department, (*here, "department"), strict_departments))
        if rubric is not None:
            issues.extend(_check_ratings(candidate, here, rubric, other_traits, missing))
    return issues


def _check_department(department: str, path: tuple[Any, ...], strict: bool) -> list[Issue]:
    if canonical_department(department) is not None:
        return []
    hint = did_you_mean(department, known_department_names())
    detail = (
        f"department {department!r} is not one of the seven in article 001{hint}"
        if hint
        else f"department {department!r} is not one of the seven in article 001 "
        "(`smteam departments` lists them)"
    )
    return [Issue(path, detail, severity="error" if strict else "warning")]


def _check_ratings(
    candidate: dict[str, Any],
    here: tuple[Any, ...],
    rubric: Rubric,
    other_traits: Collection[str],
    missing: MissingPolicy,
) -> list[Issue]:
    issues: list[Issue] = []
    traits = rubric.trait_ids
    scale = rubric.scale
    ratings = candidate.get("ratings")
    if isinstance(ratings, dict):
        meant: set[str] = set()  # traits that a misspelt key most likely stands for
        for trait_id, value in ratings.items():
            path = (*here, "ratings", trait_id)
            if not isinstance(trait_id, str):
                continue
            if trait_id not in traits and trait_id not in other_traits:
                issue = _unknown_trait(trait_id, path, rubric, other_traits)
                if issue.suggestion is not None:
                    meant.add(issue.suggestion)
                issues.append(issue)
            elif _is_whole(value) and not scale.min <= value <= scale.max:
                issues.append(
                    Issue(
                        path,
                        expected=f"a whole number from {scale.min} to {scale.max}",
                        found=value,
                        want="number",
                    )
                )
        absent = [t for t in traits if t not in ratings]
        if len(absent) == len(traits) and missing is MissingPolicy.SKIP:
            issues.append(
                Issue(
                    (*here, "ratings"),
                    f"no rating for any trait of rubric '{rubric.name}', so there is nothing "
                    "to score",
                    anchor="key",
                )
            )
        elif missing is MissingPolicy.ERROR and any(t not in meant for t in absent):
            shown = ", ".join(absent[:8]) + (
                f" and {len(absent) - 8} more" if len(absent) > 8 else ""
            )
            issues.append(
                Issue(
                    (*here, "ratings"),
                    f"no rating for {len(absent)} of the {len(traits)} traits of rubric "
                    f"'{rubric.name}': {shown}; rate them, or choose --missing skip or "
                    "--missing min",
                    anchor="key",
                )
            )
    notes = candidate.get("notes")
    if isinstance(notes, dict):
        for trait_id in notes:
            if (
                isinstance(trait_id, str)
                and trait_id not in traits
                and trait_id not in other_traits
            ):
                issues.append(
                    _unknown_trait(trait_id, (*here, "notes", trait_id), rubric, other_traits)
                )
    return issues


def _unknown_trait(
    trait_id: str, path: tuple[Any, ...], rubric: Rubric, other_traits: Collection[str]
) -> Issue:
    suggestion = closest(trait_id, [*rubric.trait_ids, *other_traits])
    hint = f"; did you mean '{suggestion}'?" if suggestion is not None else ""
    return Issue(
        path,
        f"unknown trait {shown_key(trait_id)}; not in rubric '{rubric.name}'{hint}",
        anchor="key",
        suggestion=suggestion,
    )
