"""Checks that look across fields or need the rubric: they run on the loaded values as read,
whatever the models made of them, so that every problem in a file is found in one run.

Each check skips values of the wrong type: the models report those.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import replace
from functools import cached_property
from itertools import islice
from typing import Any, Final, TypeGuard

from smteam.checking.departments import canonical_department, known_department_names
from smteam.checking.models import (
    GROUPS_MAX,
    SCALE_BOUND,
    SPAN_MAX,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Candidate,
    Rubric,
)
from smteam.checking.placing import Issue, Suggestions
from smteam.choices import MissingPolicy
from smteam.limits import (
    TRAITS_MAX,
)
from smteam.reading.wording import closest, did_you_mean, shown_key
from smteam.text import LINE_MAX, looks_alike_note, person_key, text_problem


def _is_whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def check_rubric(raw: object) -> list[Issue]:
    """Rubric rules the model cannot see alone: unique ids, a sound scale within smteam's
    limits, minimums on it, weights and groups within limits."""
    if not isinstance(raw, dict):
        return []
    issues: list[Issue] = []
    scale = raw.get("scale")
    bounds: tuple[int, int] | None = None
    if isinstance(scale, dict):
        bounds = _check_scale(scale, issues)
        labels = scale.get("labels")
        if isinstance(labels, dict):
            issues.extend(_check_labels(labels, bounds))
    traits = raw.get("traits")
    if isinstance(traits, list) and len(traits) <= TRAITS_MAX:  # the model refuses more
        first_at: dict[str, int] = {}
        groups: dict[str, None] = {}
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
            weight = trait.get("weight")
            if isinstance(weight, int | float) and not isinstance(weight, bool):
                if 0 < weight < WEIGHT_MIN or WEIGHT_MAX < weight < math.inf:  # the rest: model
                    issues.append(
                        Issue(
                            ("traits", index, "weight"),
                            expected=f"a number from {WEIGHT_MIN} to {WEIGHT_MAX:g}",
                            found=weight,
                            want="number",
                        )
                    )
            group = trait.get("group")
            for name in group if isinstance(group, list) else [group]:
                if isinstance(name, str) and name not in groups:
                    groups[name] = None
                    if len(groups) == GROUPS_MAX + 1:
                        issues.append(
                            Issue(
                                ("traits", index, "group"),
                                f"more than {GROUPS_MAX} groups; a rubric may have at most "
                                f"{GROUPS_MAX}",
                            )
                        )
    return issues


def _check_scale(scale: dict[Any, Any], issues: list[Issue]) -> tuple[int, int] | None:
    """The scale's bounds when they make a usable scale; what is wrong with them otherwise."""
    low, high = scale.get("min"), scale.get("max")
    usable = True
    for key, value in (("min", low), ("max", high)):
        if _is_whole(value) and not -SCALE_BOUND <= value <= SCALE_BOUND:
            usable = False
            issues.append(
                Issue(
                    ("scale", key),
                    expected=f"a whole number from {-SCALE_BOUND} to {SCALE_BOUND}",
                    found=value,
                    want="number",
                )
            )
    if not (_is_whole(low) and _is_whole(high)):
        return None
    if low >= high:
        issues.append(
            Issue(
                ("scale", "max"),
                expected=f"a number greater than scale.min ({low})",
                found=high,
                want="number",
            )
        )
        return None
    if usable and high - low > SPAN_MAX:
        issues.append(
            Issue(
                ("scale", "max"),
                expected=f"at most {SPAN_MAX} above scale.min ({low}), so at most {low + SPAN_MAX}",
                found=high,
                want="number",
            )
        )
        return None
    return (low, high) if usable else None


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
        if isinstance(label, str) and _is_numeral(label):
            issues.append(
                Issue(
                    ("scale", "labels", point),
                    f"label {label!r} is a number: a rating written {label.strip()!r} would "
                    f"be read as this label, {point}; give the point a label in words",
                )
            )
        elif isinstance(label, str):
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


def _is_numeral(label: str) -> bool:
    """Whether a label reads as a number ("5", "+4", "2.5", "٥"), which a rating in quotes
    could mean either way."""
    try:
        return math.isfinite(float(label.replace(",", ".")))
    except ValueError:
        return False


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
    departments: dict[str, list[Issue]] = {}  # the same few departments, checked once each
    fine = _FineRatings(rubric) if rubric is not None else None
    unknown = _UnknownTraits(rubric, other_traits) if rubric is not None else None
    for index, candidate in enumerate(raw["candidates"]):
        if not isinstance(candidate, dict):
            continue
        name = candidate.get("name")
        if isinstance(name, str) and (key := person_key(name)):
            if key in first_at:
                first = raw["candidates"][first_at[key]]["name"]
                issues.append(
                    Issue(
                        ("candidates", index, "name"),
                        f"duplicate candidate {name!r}, the same name as {first!r}"
                        f"{looks_alike_note(name, first)}; each person may appear once",
                        first=("candidates", first_at[key], "name"),
                    )
                )
            else:
                first_at[key] = index
        department = candidate.get("department")
        if isinstance(department, str):
            if department not in departments:
                departments[department] = (
                    _check_department(department, ("department",), strict_departments)
                    if text_problem(department, kind="department", max_length=LINE_MAX) is None
                    else []
                )
            for issue in departments[department]:
                issues.append(replace(issue, path=("candidates", index, "department")))
        if fine is not None and fine(candidate):
            continue  # the usual candidate, with nothing for the slow checks to find
        here = ("candidates", index)
        issues.extend(_check_presence(candidate, here))
        if unknown is not None:
            issues.extend(
                _check_ratings(candidate, here, unknown.rubric, other_traits, missing, unknown)
            )
    if unknown is not None:
        issues.extend(unknown.summary())
    return issues


_CANDIDATE_KEYS: Final = frozenset({"name", "department", "ratings", "notes"})
_CANDIDATE_FIELDS: Final = frozenset(Candidate.model_fields)


class _FineRatings:
    """Whether a candidate is the common, faultless case, in a few set operations: plain
    ratings (no panel), every trait of the rubric rated with a whole number on the scale, no
    other key, notes only on the rubric's traits. Anything else goes to the full checks,
    which find the same nothing for a faultless candidate, only slower."""

    def __init__(self, rubric: Rubric) -> None:
        self.known = rubric.trait_set
        self.points = frozenset(range(rubric.scale.min, rubric.scale.max + 1))
        self.count = len(self.known)

    def __call__(self, candidate: dict[Any, Any]) -> bool:
        ratings = candidate.get("ratings")
        if ratings.__class__ is not dict or len(ratings) != self.count:
            return False
        if not (self.known.issuperset(ratings) and _CANDIDATE_KEYS.issuperset(candidate)):
            return False
        # True == 1 in a set: a boolean passes here, and the model refuses it anyway.
        try:
            if not self.points.issuperset(ratings.values()):
                return False
        except TypeError:  # a list or mapping as a rating: unhashable, and for the full checks
            return False
        notes = candidate.get("notes")
        return notes is None or (notes.__class__ is dict and self.known.issuperset(notes))


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


def expected_rating(rubric: Rubric) -> str:
    """What a rating on ``rubric`` may be, in words."""
    scale = rubric.scale
    text = f"a whole number from {scale.min} to {scale.max}"
    if scale.labels:
        labels = ", ".join(label for _, label in sorted(scale.labels.items()))
        text += f" or a label ({labels})"
    return text


def _check_presence(candidate: dict[str, Any], here: tuple[Any, ...]) -> list[Issue]:
    """Exactly one of ``ratings`` (one rater) and ``reviews`` (a panel)."""
    either = ("ratings", "reviews")
    unknown = candidate.keys() - _CANDIDATE_FIELDS
    if unknown and any(closest(str(key), either) for key in unknown):
        return []  # a misspelt key: its did-you-mean says what is missing
    if "ratings" not in candidate and "reviews" not in candidate:
        return [
            Issue(
                here,
                "missing required key 'ratings' (one rater's ratings) or 'reviews' (a panel's "
                "scorecards)",
                anchor="container",
                missing_key="ratings",
            )
        ]
    if "ratings" in candidate and "reviews" in candidate:
        return [
            Issue(
                (*here, "reviews"),
                "give 'ratings' (one rater) or 'reviews' (a panel), not both",
                anchor="key",
            )
        ]
    return []


def _check_ratings(
    candidate: dict[str, Any],
    here: tuple[Any, ...],
    rubric: Rubric,
    other_traits: Collection[str],
    missing: MissingPolicy,
    unknown: _UnknownTraits,
) -> list[Issue]:
    """Every rating of the candidate (plain or in a panel's reviews) against the rubric, each
    rater once, and every trait rated by someone (unless --missing says otherwise)."""
    issues: list[Issue] = []
    traits = rubric.trait_ids
    cards: list[tuple[tuple[Any, ...], dict[Any, Any]]] = []
    notes: list[tuple[tuple[Any, ...], dict[Any, Any]]] = []
    if isinstance(candidate.get("ratings"), dict):
        cards.append(((*here, "ratings"), candidate["ratings"]))
    if isinstance(candidate.get("notes"), dict):
        notes.append(((*here, "notes"), candidate["notes"]))
    reviews = candidate.get("reviews")
    if isinstance(reviews, list):
        raters: dict[str, int] = {}
        for j, review in enumerate(reviews):
            if not isinstance(review, dict):
                continue
            at = (*here, "reviews", j)
            rater = review.get("rater")
            if isinstance(rater, str) and (key := person_key(rater)):
                if key in raters:
                    first = reviews[raters[key]]["rater"]
                    note = looks_alike_note(rater, first)
                    issues.append(
                        Issue(
                            (*at, "rater"),
                            f"{rater!r} already reviewed this candidate"
                            f"{f' as {first!r}{note}' if note else ''}; each rater gives one "
                            "scorecard per candidate",
                            first=(*here, "reviews", raters[key], "rater"),
                        )
                    )
                else:
                    raters[key] = j
            if isinstance(review.get("ratings"), dict):
                cards.append(((*at, "ratings"), review["ratings"]))
            if isinstance(review.get("notes"), dict):
                notes.append(((*at, "notes"), review["notes"]))
    meant: set[str] = set()  # traits that a misspelt key most likely stands for
    rated: set[str] = set()
    known = rubric.trait_set
    low, high = rubric.scale.min, rubric.scale.max
    for path, ratings in cards:
        rated.update(ratings)
        for trait_id in unknown.worth_saying(ratings.keys() - known):
            if isinstance(trait_id, str):
                issue = unknown.issue(trait_id, (*path, trait_id))
                if issue is not None:
                    if issue.suggestion is not None:
                        meant.add(issue.suggestion)
                    issues.append(issue)
        if len(ratings) > 2 * len(known):  # mostly unknown keys: look at the known ones only
            ratings = {t: ratings[t] for t in traits if t in ratings}
        for trait_id, value in ratings.items():
            if value.__class__ is int and low <= value <= high or trait_id not in known:
                continue  # the common case first: a whole number on the scale
            if (problem := _rating_problem(value, (*path, trait_id), rubric)) is not None:
                issues.append(problem)
    for path, given in notes:
        for trait_id in unknown.worth_saying(given.keys() - known):
            if isinstance(trait_id, str):
                if (issue := unknown.issue(trait_id, (*path, trait_id))) is not None:
                    issues.append(issue)
    if not cards:
        return issues
    where = (*here, "reviews") if isinstance(reviews, list) else (*here, "ratings")
    absent = [t for t in traits if t not in rated]
    if len(absent) == len(traits) and missing is MissingPolicy.SKIP:
        issues.append(
            Issue(
                where,
                f"no rating for any trait of rubric '{rubric.name}', so there is nothing to score",
                anchor="key",
            )
        )
    elif missing is MissingPolicy.ERROR and any(t not in meant for t in absent):
        shown = ", ".join(absent[:8]) + (f" and {len(absent) - 8} more" if len(absent) > 8 else "")
        by = " by any rater" if isinstance(reviews, list) else ""
        issues.append(
            Issue(
                where,
                f"no rating{by} for {len(absent)} of the {len(traits)} traits of rubric "
                f"'{rubric.name}': {shown}; rate them, or choose --missing skip or --missing min",
                anchor="key",
            )
        )
    return issues


def _rating_problem(value: object, path: tuple[Any, ...], rubric: Rubric) -> Issue | None:
    """A whole number off the scale, or a word that is not one of the scale's labels (type
    errors are the model's to report)."""
    scale = rubric.scale
    if _is_whole(value):
        if scale.min <= value <= scale.max:
            return None
    elif isinstance(value, str):
        if scale.point_of(value) is not None:
            return None
        hint = did_you_mean(value, scale.labels.values()).removeprefix("; ")
        return Issue(path, hint, expected=expected_rating(rubric), found=value, want="number")
    else:
        return None
    return Issue(path, expected=expected_rating(rubric), found=value, want="number")


REPEATS_MAX: Final = 1000
"""How many uses of an unknown trait already named are listed one by one in a file; past it
they are counted. A CSV file repeats each unknown column in every row."""


class _UnknownTraits:
    """The unknown trait keys of one file: each worded once, with its did-you-mean."""

    def __init__(self, rubric: Rubric, other_traits: Collection[str]) -> None:
        self.rubric = rubric
        self.other_traits = other_traits
        self.said: dict[str, tuple[str, str | None]] = {}
        self.repeats = 0
        self.unlisted = 0

    # The other rubrics' traits are looked at only for a key that is not the rubric's: the
    # built-in ones are read from their files on first use, which a usual file never needs.
    @cached_property
    def suggestions(self) -> Suggestions:
        return Suggestions((*self.rubric.trait_ids, *self.other_traits))

    @cached_property
    def elsewhere(self) -> frozenset[str]:
        return frozenset(self.other_traits)

    def worth_saying(self, keys: set[Any]) -> set[Any]:
        """Of the keys not in the rubric, those to look at: not another rubric's traits, and
        once the repeats are past the limit, not those already named (which are counted)."""
        if not keys:
            return keys
        keys -= self.elsewhere
        again = keys & self.said.keys()
        room = REPEATS_MAX - self.repeats
        if len(again) <= room:
            return keys
        self.unlisted += len(again) - room
        return (keys - again) | set(islice(again, room))

    def issue(self, trait_id: str, path: tuple[Any, ...]) -> Issue | None:
        """The problem with ``trait_id`` at ``path``; None for a repeat past the limit."""
        said = self.said.get(trait_id)
        if said is None:
            suggestion = self.suggestions.closest(trait_id)
            hint = f"; did you mean '{suggestion}'?" if suggestion is not None else ""
            detail = f"unknown trait {shown_key(trait_id)}; not in rubric '{self.rubric.name}'"
            said = self.said[trait_id] = (detail + hint, suggestion)
        elif self.repeats < REPEATS_MAX:
            self.repeats += 1
        else:
            self.unlisted += 1
            return None
        return Issue(path, said[0], anchor="key", suggestion=said[1])

    def summary(self) -> list[Issue]:
        if not self.unlisted:
            return []
        return [
            Issue(
                (),
                f"the unknown traits reported for this file are used {self.unlisted} more "
                "times than listed",
            )
        ]
