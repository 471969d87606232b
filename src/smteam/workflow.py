"""The steps behind each command, from file names to results: read, resolve the rubric, check,
score. Problems come back as :class:`~smteam.errors.SmteamError`; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Final

from smteam.choices import MissingPolicy
from smteam.documents import (
    CandidatesDocument,
    CandidateSet,
    check_candidates_document,
    kind_of,
    open_candidates,
    read_rubric,
)
from smteam.errors import InputError, Problem, RubricError, UsageError
from smteam.files import (
    DEFAULT_RUBRIC,
    Source,
    builtin_rubric_names,
    find_rubric,
    looks_like_path,
    read_source,
)
from smteam.models import Rubric
from smteam.ranking import Ranking, rank_candidates, shortlist
from smteam.scalars import Rejected
from smteam.wording import describe


@dataclass(frozen=True, slots=True)
class RankOptions:
    """What ``smteam rank`` and ``smteam validate`` were asked, as typed values."""

    rubric: str | None = None
    missing: MissingPolicy = MissingPolicy.ERROR
    strict: bool = False
    top: int | None = None
    eligible_only: bool = False


@dataclass(frozen=True, slots=True)
class Ranked:
    """A ranking and the warnings met on the way."""

    ranking: Ranking
    warnings: tuple[Problem, ...]


def load_rubric(ref: str, *, relative_to: Source | None = None) -> Rubric:
    """A rubric by built-in name or path; raises :class:`RubricError`."""
    base = relative_to.path.parent if relative_to is not None and relative_to.path else None
    source = find_rubric(ref, relative_to=base)
    return read_rubric(source.data, source.name)


def rubric_from_command_line(ref: str) -> Rubric:
    """A rubric named on the command line: an unknown built-in name is a usage error."""
    if looks_like_path(ref):
        return load_rubric(ref)
    try:
        return load_rubric(ref)
    except RubricError as exc:
        raise UsageError(exc.problems[0].message) from None


def builtin_rubrics() -> list[Rubric]:
    """Every built-in rubric, by name."""
    return [load_rubric(name) for name in builtin_rubric_names()]


@cache
def _builtin_trait_ids() -> frozenset[str]:
    return frozenset(t for rubric in builtin_rubrics() for t in rubric.trait_ids)


class _BuiltinTraitIds:
    """The trait ids of every built-in rubric, read only if a rating needs them."""

    def __contains__(self, trait_id: object) -> bool:
        return trait_id in _builtin_trait_ids()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(_builtin_trait_ids()))

    def __len__(self) -> int:
        return len(_builtin_trait_ids())


BUILTIN_TRAIT_IDS: Final = _BuiltinTraitIds()


def _rubric_for(
    document: CandidatesDocument, source: Source, options: RankOptions
) -> tuple[Rubric | None, list[Problem]]:
    """The rubric to check a document against, or None and the reasons it cannot be had."""
    if options.rubric is not None:
        try:
            return rubric_from_command_line(options.rubric), []
        except RubricError as exc:
            return None, list(exc.problems)
    ref = document.rubric_ref or DEFAULT_RUBRIC
    try:
        rubric_source = find_rubric(ref, relative_to=source.path.parent if source.path else None)
    except RubricError as exc:
        if document.rubric_ref is None:
            raise
        return None, [document.problem_at(("rubric",), p.message) for p in exc.problems]
    try:
        return read_rubric(rubric_source.data, rubric_source.name), []
    except RubricError as exc:
        return None, list(exc.problems)


def _check(
    source: Source, document: CandidatesDocument, options: RankOptions
) -> tuple[CandidateSet, Rubric]:
    rubric, rubric_problems = _rubric_for(document, source, options)
    candidates = check_candidates_document(
        document,
        rubric,
        other_traits=BUILTIN_TRAIT_IDS,
        missing=options.missing,
        strict_departments=options.strict,
        more_problems=rubric_problems,
    )
    assert rubric is not None  # check_candidates_document raises without one
    return candidates, rubric


def read_candidates(name: str, options: RankOptions) -> tuple[CandidateSet, Rubric]:
    """The validated candidates of one file and the rubric they were checked against."""
    source = read_source(name)
    document = open_candidates(source.data, source.name)
    if kind_of(document.loaded.value) == "rubric":
        raise InputError(
            [
                Problem(
                    source.name,
                    f"this is a rubric, not a candidates file; use it with --rubric {source.name}",
                )
            ]
        )
    return _check(source, document, options)


def rank_file(name: str, options: RankOptions) -> Ranked:
    """Read, check, score and rank one candidates file."""
    candidates, rubric = read_candidates(name, options)
    ranking = rank_candidates(candidates.candidates, rubric, options.missing)
    ranking = shortlist(ranking, top=options.top, eligible_only=options.eligible_only)
    return Ranked(ranking, candidates.warnings)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What ``smteam validate`` found in one file."""

    name: str
    summary: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def validate_file(name: str, options: RankOptions) -> Verdict:
    """Check one file, a candidates file or a rubric (told apart by their keys)."""
    try:
        source = read_source(name)
        document = open_candidates(source.data, source.name)
        kind = kind_of(document.loaded.value)
        if kind == "rubric":
            rubric = read_rubric(source.data, source.name)
            summary = f"rubric {rubric.name}, {len(rubric.traits)} traits"
            return Verdict(name, summary, ())
        if kind is None:
            value = document.loaded.value
            if isinstance(value, Rejected):  # the loader has said why
                return Verdict(name, "", document.loaded.problems)
            found = "neither key" if isinstance(value, dict) else describe(value, None, "other")
            neither = document.problem_at(
                (),
                "expected a candidates file (with a 'candidates' key) or a rubric (with a "
                f"'traits' key), found {found}",
            )
            return Verdict(name, "", (*document.loaded.problems, neither))
        candidates, _ = _check(source, document, options)
    except InputError as exc:
        return Verdict(name, "", exc.problems)
    count = len(candidates.candidates)
    summary = f"{count} candidate{'s' if count != 1 else ''}"
    return Verdict(name, summary, candidates.warnings)
