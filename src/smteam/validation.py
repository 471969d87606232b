"""From "this value is wrong" to ``file:line:col: field.path: expected ..., found ...``.

Checks produce :class:`Issue` values that know only a path inside the document. :func:`place`
finds all their lines in one pass over the file and writes the messages, quoting what was
found as it was written (at most about 80 characters of it).
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ValidationError

from smteam.errors import Problem, Severity, format_path
from smteam.loading import Backend, Path, Place, locate
from smteam.models import submodel_at
from smteam.scalars import Ambiguous, Rejected

QUOTE_MAX: Final = 80
_PLAIN_KEY: Final = re.compile(r"[\w .&/()-]{1,80}")

Want = Literal["text", "number", "other"]
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


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option ``word`` most likely misspells, if one is close enough."""
    options = list(options)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = [o for o in options if o.casefold() == word.casefold()][:1]
    return close[0] if close else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for a near miss, or an empty string."""
    suggestion = closest(word, options)
    return f"; did you mean '{suggestion}'?" if suggestion is not None else ""


def quote(text: str) -> str:
    """Text as a double-quoted string, shortened to about 80 characters."""
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


def shown_key(key: object) -> str:
    """A key in a message: 'empathy' as it is, anything odd quoted with escapes."""
    text = str(key)
    if _PLAIN_KEY.fullmatch(text):
        return f"'{text}'"
    return quote(text)


def describe(value: object, place: Place | None, want: Want) -> str:
    """What was found, as the user wrote it, with a hint on how to say what they meant."""
    written = place.text if place is not None and place.kind == "scalar" else None
    if isinstance(value, Ambiguous):
        hint = {
            "text": f"; quote it: {quote(value.text)}",
            "number": "; write a plain decimal number",
        }.get(want, "; quote it if it is text")
        return f"{value.text} ({value.kind}){hint}"
    if isinstance(value, bool):
        shown = written if written is not None else str(value).lower()
        hint = f"; quote it: {quote(shown)}" if want == "text" else ""
        return f"{shown} (a boolean){hint}"
    if value is None:
        if written:
            return f"{written} (null)"
        return "nothing"
    if isinstance(value, int):
        shown = written if written is not None else str(value)
        if want == "number":
            return shown
        hint = f"; quote it: {quote(shown)}" if want == "text" else ""
        return f"{shown} (a whole number){hint}"
    if isinstance(value, float):
        shown = written if written is not None else repr(value)
        if math.isnan(value):
            return f"{shown} (not a number)"
        if math.isinf(value):
            return f"{shown} (infinity)"
        hint = f"; quote it: {quote(shown)}" if want == "text" else ""
        return f"{shown} (a decimal number){hint}"
    if isinstance(value, str):
        hint = ""
        if want == "number" and _looks_numeric(value):
            hint = "; write it without quotes"
        return f"{quote(value)} (text){hint}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def place(
    issues: Sequence[Issue], data: bytes, source: str, *, backend: Backend | None = None
) -> list[Problem]:
    """Problems with lines, columns and final messages for ``issues`` found in ``data``."""
    if not issues:
        return []
    paths = {issue.path for issue in issues}
    paths.update(issue.first for issue in issues if issue.first is not None)
    places = locate(data, paths, backend=backend)
    problems = []
    for issue in issues:
        where = places.get(issue.path)
        if issue.expected is not None:
            message = f"expected {issue.expected}, found {describe(issue.found, where, issue.want)}"
            if issue.detail:
                message += f"; {issue.detail}"
        else:
            message = issue.detail
        first = places.get(issue.first) if issue.first is not None else None
        if first is not None:
            message += f" (first at line {first.line})"
        line = column = None
        if where is not None:
            line, column = where.line, where.column
            if issue.anchor == "key" and where.key_line is not None:
                line, column = where.key_line, where.key_column
        problems.append(
            Problem(
                source,
                message,
                line=line,
                column=column,
                field=format_path(issue.path),
                severity=issue.severity,
            )
        )
    return problems


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
    for error in exc.errors(include_url=False):
        value = error.get("input")
        if isinstance(value, Rejected):
            continue
        issues.append(_issue_from_error(error, model, expected_at))
    # A misspelt key also leaves the key it meant missing: the did-you-mean says it all.
    suggested = {
        (*issue.path[:-1], issue.suggestion) for issue in issues if issue.suggestion is not None
    }
    return [
        issue
        for issue in issues
        if not (issue.missing_key is not None and (*issue.path, issue.missing_key) in suggested)
    ]


def _issue_from_error(error: Any, model: type[BaseModel], expected_at: ExpectedAt | None) -> Issue:
    loc: tuple[Any, ...] = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    anchor: Anchor = "value"
    if loc and loc[-1] == "[key]":
        loc, anchor = loc[:-1], "key"
    if kind == "missing":
        return Issue(
            loc[:-1],
            f"missing required key '{loc[-1]}'",
            anchor="container",
            missing_key=str(loc[-1]),
        )
    if kind == "extra_forbidden":
        parent = submodel_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent is not None else []
        key = loc[-1]
        suggestion = closest(str(key), allowed)
        if suggestion is not None:
            hint = f"; did you mean '{suggestion}'?"
        else:
            hint = "; expected one of: " + ", ".join(allowed) if allowed else ""
        return Issue(
            loc, f"unknown key {shown_key(key)}{hint}", anchor="key", suggestion=suggestion
        )
    if kind in ("smteam_text", "smteam_null"):
        return Issue(loc, str(error["msg"]), anchor=anchor)
    if kind == "smteam_type":
        return Issue(loc, expected=ctx.get("expected", "another value"), found=value)
    custom = expected_at(loc, kind) if expected_at is not None else None
    if not loc and kind == "model_type":
        custom = getattr(model, "shape", None)
    if kind in _EXPECTED:
        expected, want = _EXPECTED[kind]
        return Issue(loc, expected=custom or expected, found=value, want=want, anchor=anchor)
    if kind == "greater_than":
        gt = ctx.get("gt")
        shown = int(gt) if isinstance(gt, float) and gt.is_integer() else gt
        return Issue(loc, expected=f"a number greater than {shown}", found=value, want="number")
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        entries = "one entry" if least == 1 else f"{least} entries"
        return Issue(loc, f"expected at least {entries}, found {ctx.get('actual_length', 0)}")
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
