"""From "this value is wrong" to ``file:line:col: field.path: expected ..., found ...``.

Checks produce :class:`Issue` values that know only a path inside the document. :func:`place`
finds all their lines in one pass over the file and writes the messages, quoting what was
found as it was written (at most about 80 characters of it; see :mod:`smteam.reading.wording`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Final, Literal, Protocol

from pydantic import BaseModel, TypeAdapter, ValidationError

from smteam.checking.models import submodel_at
from smteam.errors import Problem, Severity, format_path
from smteam.reading.scalars import Rejected
from smteam.reading.wording import Accepts, Want, closest, describe, shown_key
from smteam.reading.yamlfile import Backend, Path, Place, locate

Anchor = Literal["value", "key", "container"]


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = _NotGiven()


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem at a path in a document, before its line is known.

    With ``expected``, the message reads "expected X, found Y" where Y describes ``found`` as it
    was written in the file; ``detail`` follows after a semicolon. Without it, ``detail`` is the
    whole message. ``anchor`` says which line to point at: the value, its key, or (for a missing
    key) the mapping that lacks it.
    """

    path: Path
    detail: str = ""
    expected: str | None = None
    found: object = NOT_GIVEN
    want: Want = "other"
    anchor: Anchor = "value"
    severity: Severity = "error"
    first: Path | None = None
    """For a repeat, where the first one is: its line is added to the message."""
    suggestion: str | None = None
    """For an unknown key, the key it most likely misspells."""
    missing_key: str | None = None
    """For a missing key, which one."""
    accepts: Accepts | None = None
    """For a text field, whether it would take the value once quoted (see ``describe``)."""


class Locator(Protocol):
    """Finds where the nodes at some paths are in one document, and names a path for users."""

    @property
    def line_word(self) -> str:
        """What the first number of a place counts: "line" (YAML, JSON) or "row" (CSV)."""
        ...

    def locate(self, paths: Collection[Path]) -> dict[Path, Place]: ...

    def field(self, path: Path, *, key: bool = False) -> str:
        """How a path is named in a message; ``key`` when the problem is the key itself."""
        ...


@dataclass(frozen=True, slots=True)
class YamlLocator:
    """Places in a YAML document (or a JSON one: JSON is YAML's flow style)."""

    data: bytes
    backend: Backend | None = None
    line_word: str = "line"

    def locate(self, paths: Collection[Path]) -> dict[Path, Place]:
        return locate(self.data, paths, backend=self.backend)

    def field(self, path: Path, *, key: bool = False) -> str:
        if key and path and isinstance(path[-1], int):
            path = path[:-1]  # a number as a key is named in the message, not as a list index
        return format_path(path)


def place(issues: Sequence[Issue], source: str, locator: Locator) -> list[Problem]:
    """Problems with lines, columns and final messages for ``issues`` found in ``source``."""
    if not issues:
        return []
    paths = {issue.path for issue in issues}
    paths.update(issue.first for issue in issues if issue.first is not None)
    places = locator.locate(paths)
    problems: dict[Problem, None] = {}  # the same problem twice (one CSV column) is said once
    for issue in issues:
        where = places.get(issue.path)
        if issue.expected is not None:
            written = where.text if where is not None and where.kind == "scalar" else None
            found = describe(
                issue.found,
                written,
                issue.want,
                accepts=issue.accepts,
                in_cell=locator.line_word == "row",  # a CSV cell: no quotes to add or remove
            )
            message = f"expected {issue.expected}, found {found}"
            if issue.detail:
                message += f"; {issue.detail}"
        else:
            message = issue.detail
        first = places.get(issue.first) if issue.first is not None else None
        if first is not None:
            message += f" (first at {locator.line_word} {first.line})"
        line = column = None
        if where is not None:
            line, column = where.line, where.column
            if issue.anchor == "key" and where.key_line is not None:
                line, column = where.key_line, where.key_column
        problem = Problem(
            source,
            message,
            line=line,
            column=column,
            field=locator.field(issue.path, key=issue.anchor == "key"),
            severity=issue.severity,
        )
        problems.setdefault(problem)
    return list(problems)


# What each pydantic type error expected, in the words of smteam's messages.
_EXPECTED: Final[dict[str, tuple[str, Want]]] = {
    "string_type": ("text", "text"),
    "int_type": ("a whole number", "number"),
    "float_type": ("a number", "number"),
    "bool_type": ("true or false", "other"),
    "dict_type": ("a mapping (key: value lines)", "other"),
    "model_type": ("a mapping (key: value lines)", "other"),
    "list_type": ("a list (lines starting with '- ')", "other"),
    "tuple_type": ("a list (lines starting with '- ')", "other"),
    "finite_number": ("a finite number", "number"),
    "int_from_float": ("a whole number", "number"),
}

ExpectedAt = Callable[[Path, str], str | None]

SUGGESTIONS_MAX: Final = 100
"""How many distinct unknown keys of one file get a did-you-mean: a close match costs about a
millisecond, and a file with a hundred thousand unknown columns needs none."""


class Suggestions:
    """Did-you-mean for unknown keys among fixed ``options``, worked out once per distinct
    key, and for the first :data:`SUGGESTIONS_MAX` distinct keys only."""

    def __init__(self, options: Collection[str]) -> None:
        self.options = tuple(options)
        self._found: dict[str, str | None] = {}

    def closest(self, key: str) -> str | None:
        found = self._found
        if key in found:
            return found[key]
        if len(found) >= SUGGESTIONS_MAX:
            return None
        found[key] = suggestion = closest(key, self.options)
        return suggestion


def issues_from_validation_error(
    exc: ValidationError,
    model: type[BaseModel],
    *,
    expected_at: ExpectedAt | None = None,
) -> list[Issue]:
    """One issue per pydantic error, in smteam's words.

    ``expected_at(path, error_type)`` may give a more precise "expected" for a path (say, the
    rubric's scale for a rating). Errors on values the loader already reported are dropped.
    """
    issues = []
    suggestions: dict[type[BaseModel] | None, Suggestions] = {}
    for error in exc.errors(include_url=False):
        value = error.get("input")
        if isinstance(value, Rejected):
            continue
        issues.append(_issue_from_error(error, model, expected_at, suggestions))
    # A misspelt key also leaves the key it meant missing: the did-you-mean says it all.
    suggested = {
        (*issue.path[:-1], issue.suggestion) for issue in issues if issue.suggestion is not None
    }
    return [
        issue
        for issue in issues
        if not (issue.missing_key is not None and (*issue.path, issue.missing_key) in suggested)
    ]


def _issue_from_error(
    error: Any,
    model: type[BaseModel],
    expected_at: ExpectedAt | None,
    suggestions: dict[type[BaseModel] | None, Suggestions],
) -> Issue:
    loc: tuple[Any, ...] = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    anchor: Anchor = "value"
    if loc and loc[-1] == "[key]":
        loc, anchor = loc[:-1], "key"
        if isinstance(value, int) and not isinstance(value, bool):
            return _number_as_key(loc, kind, value)
    if kind == "missing":
        return Issue(
            loc[:-1],
            f"missing required key '{loc[-1]}'",
            anchor="container",
            missing_key=str(loc[-1]),
        )
    if kind == "extra_forbidden":
        parent = submodel_at(model, loc[:-1])
        if parent not in suggestions:
            suggestions[parent] = Suggestions(parent.model_fields if parent is not None else ())
        allowed = suggestions[parent].options
        key = loc[-1]
        suggestion = suggestions[parent].closest(str(key))
        if suggestion is not None:
            hint = f"; did you mean '{suggestion}'?"
        else:
            hint = "; expected one of: " + ", ".join(allowed) if allowed else ""
        return Issue(
            loc, f"unknown key {shown_key(key)}{hint}", anchor="key", suggestion=suggestion
        )
    if kind in ("smteam_text", "smteam_null"):
        return Issue(loc, str(error["msg"]), anchor=anchor)
    custom = expected_at(loc, kind) if expected_at is not None else None
    if kind == "smteam_type":
        want = ctx.get("want", "other")
        return Issue(
            loc,
            str(ctx.get("detail", "")),
            expected=custom or str(ctx.get("expected", "another value")),
            found=value,
            want=want,
            anchor=anchor,
            accepts=_quoted_would_do(model, loc) if want == "text" else None,
        )
    if not loc and kind == "model_type":
        custom = getattr(model, "shape", None)
    if kind in _EXPECTED:
        expected, want = _EXPECTED[kind]
        return Issue(
            loc,
            expected=custom or expected,
            found=value,
            want=want,
            anchor=anchor,
            accepts=_quoted_would_do(model, loc) if want == "text" else None,
        )
    if kind == "greater_than":
        gt = ctx.get("gt")
        shown = int(gt) if isinstance(gt, float) and gt.is_integer() else gt
        return Issue(loc, expected=f"a number greater than {shown}", found=value, want="number")
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        entries = "one entry" if least == 1 else f"{least} entries"
        return Issue(loc, f"expected at least {entries}, found {ctx.get('actual_length', 0)}")
    if kind == "too_long":
        return Issue(
            loc,
            f"expected at most {ctx.get('max_length')} entries, found "
            f"{ctx.get('actual_length', 'more')}; that is smteam's limit",
        )
    if kind == "string_pattern_mismatch":
        return Issue(
            loc,
            expected="an id in lower case with hyphens (like bias-toward-action)",
            found=value,
            want="text",
            anchor=anchor,
        )
    if kind == "string_too_long":
        return Issue(
            loc,
            expected=f"at most {ctx.get('max_length')} characters",
            found=value,
            want="text",
            anchor=anchor,
        )
    message = str(error["msg"])
    return Issue(loc, message[:1].lower() + message[1:], anchor=anchor)


_KEYED_BY_TRAIT: Final = frozenset({"ratings", "notes"})


def _number_as_key(loc: Path, kind: str, key: int) -> Issue:
    """A number where a mapping wants text keys (``ratings: {5: 4}``): say what the key should
    be, and that a number was found. Quoting would not help a trait id, so no hint."""
    container = loc[-2] if len(loc) >= 2 else None
    if container in _KEYED_BY_TRAIT:
        what = "a trait id (text)"
    else:
        what = _EXPECTED.get(kind, ("text", "text"))[0]
    return Issue(loc, f"a key must be {what}, found the number {key}", anchor="key")


def _quoted_would_do(model: type[BaseModel], loc: Path) -> Accepts | None:
    """For a text field that got a number, a boolean or a YAML 1.1 word: a check of whether the
    same text, quoted, would be taken (a note would take "12"; a trait id would not, and a
    recommendation takes "yes" but not "Yes"). None when the field cannot be found."""
    for depth in (1, 2):  # the field itself, or a mapping or list field holding the value
        if len(loc) < depth:
            break
        name = loc[-depth]
        parent = _model_at(model, loc[:-depth])
        if parent is None or not isinstance(name, str) or name not in parent.model_fields:
            continue
        adapter = _field_adapter(parent, name)
        inner = loc[len(loc) - depth + 1 :]

        def accepts(
            text: str, adapter: TypeAdapter[Any] = adapter, inner: Path = inner
        ) -> str | None:
            value: Any = text
            for part in reversed(inner):
                value = [value] if isinstance(part, int) else {part: value}
            try:
                adapter.validate_python(value)
            except ValidationError as exc:
                return _instead(exc)
            return None

        return accepts
    return None


def _instead(exc: ValidationError) -> str:
    """The hint to give when quoting would not help: what is wrong with the quoted text."""
    for error in exc.errors(include_url=False):
        if error["type"] == "string_pattern_mismatch":
            return "; an id is lower case letters, digits and hyphens, starting with a letter"
        detail = (error.get("ctx") or {}).get("detail")
        if detail:
            return f"; {detail}"
    return ""


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator for one field of ``model`` alone, built once (only for messages)."""
    field = model.model_fields[name]
    return TypeAdapter(Annotated[field.annotation, *field.metadata])  # type: ignore[arg-type]


def _model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model class of the mapping at ``path`` in ``model``, through optional, annotated,
    list and tuple fields; None when there is none."""
    current: Any = model
    for part in path:
        current = _bare(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (list, tuple) and isinstance(part, int):
            current = typing.get_args(current)[0]
        else:
            return None
    current = _bare(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``Annotated[...]`` and without ``| None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation
