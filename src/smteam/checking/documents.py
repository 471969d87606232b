"""A document's bytes in, validated models out, or every problem in it at once.

The steps: :mod:`smteam.reading.yamlfile` reads the YAML strictly; the pydantic models in
:mod:`smteam.checking.models` check each value's shape; :mod:`smteam.checking.rules` checks
what needs the whole file or the rubric; :func:`smteam.checking.placing.place` gives every
problem its line. Nothing here touches the file system: callers pass bytes and the name to
show in messages.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Final, Literal

from pydantic import ValidationError

from smteam.checking.models import Candidate, CandidatesFile, Rubric
from smteam.checking.placing import (
    Issue,
    Locator,
    YamlLocator,
    issues_from_validation_error,
    place,
)
from smteam.checking.rules import check_candidates, check_rubric, expected_rating
from smteam.choices import MissingPolicy
from smteam.errors import InputError, Problem, RubricError
from smteam.reading.scalars import Ambiguous, Rejected, TooLong
from smteam.reading.yamlfile import Loaded, Path, Progress, load_yaml

Kind = Literal["candidates", "rubric"]


def _errors_in(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def read_rubric(data: bytes, source: str) -> Rubric:
    """The rubric in ``data``; raises :class:`RubricError` with every problem in it, or with
    one that quotes nothing of it when it is not shaped like a rubric at all (say, a file of
    secrets named by mistake). A candidates file given for a rubric is called one, as ``rank``
    calls a rubric given for candidates."""
    candidates = f"this is a candidates file, not a rubric; rank it with smteam rank {source}"
    if format_of(source) in ("csv", "jsonl"):  # only candidates come in these formats
        raise RubricError([Problem(source, candidates)])
    loaded = load_yaml(data, source)
    if not loaded.ok:
        raise RubricError(loaded.problems)
    if kind_of(loaded.value) == "candidates":
        raise RubricError([Problem(source, candidates)])
    if not looks_like_rubric(loaded.value):
        message = f"expected {Rubric.shape}, found {what_it_is(loaded.value)}"
        raise RubricError(place([Issue((), message)], source, YamlLocator(data)))
    issues: list[Issue] = []
    rubric = None
    try:
        rubric = Rubric.model_validate(loaded.value)
    except ValidationError as exc:
        issues.extend(issues_from_validation_error(exc, Rubric))
    issues.extend(check_rubric(loaded.value))
    problems = [*loaded.problems, *place(issues, source, YamlLocator(data))]
    if rubric is None or _errors_in(problems):
        raise RubricError(problems)
    return rubric


@dataclass(frozen=True, slots=True)
class CandidatesDocument:
    """A candidates file read (from YAML, JSON, JSON Lines or CSV) into the same plain shape,
    before it is checked against a rubric, with what it takes to place a problem in it."""

    source: str
    loaded: Loaded
    locator: Locator

    @property
    def rubric_ref(self) -> str | None:
        """The file's own ``rubric:`` value, when it is usable text."""
        value = self.loaded.value
        if isinstance(value, dict):
            ref = value.get("rubric")
            if isinstance(ref, str) and ref.strip():
                return ref
        return None

    def problem_at(self, path: Path, message: str) -> Problem:
        """A problem placed at ``path`` in this document (say, a rubric that is not found)."""
        return place([Issue(path, message)], self.source, self.locator)[0]

    def where(self, path: Path) -> str | None:
        """``line 7`` (or ``row 7``): where the node at ``path`` starts, if it is there."""
        found = self.locator.locate([path]).get(path)
        return f"{self.locator.line_word} {found.line}" if found is not None else None


Format = Literal["yaml", "json", "jsonl", "csv"]
SUFFIXES: Final[dict[str, Format]] = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""How a candidates file's name says what it holds; anything else is YAML."""


def format_of(name: str) -> Format:
    """The format of a candidates file, from its name's extension."""
    return SUFFIXES.get(PurePath(name).suffix.lower(), "yaml")


def open_candidates(
    data: bytes, source: str, fmt: Format = "yaml", *, progress: Progress | None = None
) -> CandidatesDocument:
    """Read a candidates file; raises :class:`InputError` when it cannot be read at all.

    ``progress`` hears how far a YAML load has got (CSV and JSON load in a blink)."""
    locator: Locator
    if fmt == "csv":
        from smteam.reading.csvfile import load_csv

        loaded, locator = load_csv(data, source)
    elif fmt == "json":
        from smteam.reading.jsonfile import load_json

        loaded, locator = load_json(data, source)
    elif fmt == "jsonl":
        from smteam.reading.jsonfile import load_json_lines

        loaded, locator = load_json_lines(data, source)
    else:
        loaded, locator = load_yaml(data, source, progress=progress), YamlLocator(data)
    if not loaded.ok:
        raise InputError(loaded.problems)
    return CandidatesDocument(source, loaded, locator)


@dataclass(frozen=True, slots=True)
class CandidateSet:
    """Validated candidates from one document, and the warnings about them."""

    document: CandidatesDocument
    candidates: tuple[Candidate, ...]
    warnings: tuple[Problem, ...]

    @property
    def source(self) -> str:
        return self.document.source


def check_candidates_document(
    document: CandidatesDocument,
    rubric: Rubric | None,
    *,
    other_traits: Collection[str] = (),
    missing: MissingPolicy = MissingPolicy.ERROR,
    strict_departments: bool = False,
) -> CandidateSet:
    """The document's candidates, checked against ``rubric``.

    Raises :class:`InputError` with every problem of the document. With no rubric (it could
    not be read), only the checks that need none run, and the error is raised even when they
    find nothing.
    """
    raw = document.loaded.value

    def expected_at(path: Path, kind: str) -> str | None:
        if rubric is not None and len(path) >= 2 and path[-2] == "ratings":
            return expected_rating(rubric)
        return None

    issues: list[Issue] = []
    parsed = None
    try:
        parsed = CandidatesFile.model_validate(raw)
    except ValidationError as exc:
        issues.extend(issues_from_validation_error(exc, CandidatesFile, expected_at=expected_at))
    issues.extend(
        check_candidates(
            raw,
            rubric,
            other_traits=other_traits,
            missing=missing,
            strict_departments=strict_departments,
        )
    )
    problems = [
        *document.loaded.problems,
        *place(issues, document.source, document.locator),
    ]
    if parsed is None or rubric is None or _errors_in(problems):
        raise InputError(problems)  # without a rubric, the caller has the reason
    return CandidateSet(document, tuple(parsed.candidates), tuple(problems))


RUBRIC_KEYS: Final = ("name", "title", "scale")
"""With ``traits``, the keys that make a mapping look like a rubric (two of them do)."""


def looks_like_rubric(value: object) -> bool:
    """Shaped like a rubric: a mapping without ``candidates``, with ``traits`` or with two of
    name, title and scale. Anything else gets one problem that quotes none of it."""
    return (
        isinstance(value, dict)
        and "candidates" not in value
        and ("traits" in value or sum(key in value for key in RUBRIC_KEYS) >= 2)
    )


def looks_like_candidates(value: object) -> bool:
    """Shaped like a candidates file: a mapping with ``candidates`` (a CSV or JSON Lines file
    is checked for its shape as it is read). Anything else gets one problem that quotes none
    of it."""
    return isinstance(value, dict) and "candidates" in value


def what_it_is(value: object) -> str:
    """What a document holds, in words that quote nothing of it."""
    if isinstance(value, dict):
        if "candidates" in value:
            return "a candidates file"
        if looks_like_rubric(value):
            return "a rubric"
        return "a mapping with neither 'candidates' nor 'traits'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, TooLong)):
        return "a number"
    if isinstance(value, (str, Ambiguous)):
        return "text"
    if isinstance(value, Rejected):
        return "a value with an explicit tag, which is not allowed"
    return "nothing"


def kind_of(value: object) -> Kind | None:
    """Whether a loaded document is a candidates file or a rubric, by its keys."""
    if isinstance(value, dict):
        if "candidates" in value and "traits" not in value:
            return "candidates"
        if looks_like_rubric(value):
            return "rubric"
    return None
