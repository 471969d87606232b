"""Candidates as JSON (one document shaped like the YAML file) or JSON Lines (one candidate
per line), read into the same plain values with the same strictness.

JSON has real types, so a rating ``"4"`` is text and ``4.0`` is a decimal, as in YAML. What
JSON itself lets slip is refused here: a key given twice (JSON parsers keep the last), and
``NaN``/``Infinity``, which are not standard JSON. Problems name the JSON path and the line:
lines are found by walking the text only when there is a problem to place.
"""

from __future__ import annotations

import bisect
import io
import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Final

from smteam.errors import Problem, format_path
from smteam.reading.scalars import MAX_DIGITS, Ambiguous, TooLong, read_whole
from smteam.reading.yamlfile import Loaded, Path, Place, decode_text

_NOT_JSON: Final = "not a number in standard JSON"
_NUMBER: Final = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS: Final = ("true", "false", "null", "NaN", "Infinity", "-Infinity")


class _Keys:
    """Counts the keys JSON gave twice while the C parser builds the objects."""

    def __init__(self) -> None:
        self.repeated = 0

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            self.repeated += 1
            mapping = {}
            for key, value in pairs:
                mapping.setdefault(key, value)  # keep the first, as the YAML loader does
        return mapping


def _number(text: str) -> float | TooLong:
    return float(text) if len(text) <= MAX_DIGITS else TooLong(text)


def _loads(text: str, keys: _Keys, *, long_numbers: bool = False) -> Any:
    constant = partial(Ambiguous, kind=_NOT_JSON)
    if not long_numbers:  # the C parser's own numbers: fast
        return json.loads(text, object_pairs_hook=keys, parse_constant=constant)
    return json.loads(
        text,
        object_pairs_hook=keys,
        parse_constant=constant,
        parse_int=read_whole,
        parse_float=_number,
    )


def _parse(text: str, source: str, line_offset: int = 0) -> tuple[Any, Problem | None, bool]:
    """The JSON value, a syntax problem if any, and whether some key was given twice."""
    keys = _Keys()
    try:
        try:
            value = _loads(text, keys)
        except json.JSONDecodeError:
            raise
        except ValueError:  # a number of thousands of digits: read again, slowly, to place it
            keys = _Keys()
            value = _loads(text, keys, long_numbers=True)
    except json.JSONDecodeError as exc:
        problem = Problem(
            source, f"JSON syntax error: {exc.msg}", exc.lineno + line_offset, exc.colno
        )
        return None, problem, False
    except RecursionError:
        return None, Problem(source, "the data nests too deeply", line_offset + 1, 1), False
    return value, None, keys.repeated > 0


@dataclass
class _Walk:
    """Walks JSON text with positions: where each wanted path starts, and every key given
    twice. Only runs when a problem needs a line."""

    text: str
    wanted: Collection[Path]
    found: dict[Path, tuple[int, int | None, str | None, bool, str]] = field(default_factory=dict)
    repeats: list[tuple[Path, int]] = field(default_factory=list)

    def _space(self, pos: int) -> int:
        text = self.text
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        return pos

    def value(self, pos: int, path: Path, key_pos: int | None, depth: int = 0) -> int:
        text = self.text
        pos = self._space(pos)
        if pos >= len(text) or depth > 100:
            return len(text)
        char = text[pos]
        if char == "{":
            self._record(path, pos, key_pos, None, "mapping")
            return self._object(pos + 1, path, depth)
        if char == "[":
            self._record(path, pos, key_pos, None, "sequence")
            pos, index = self._space(pos + 1), 0
            while pos < len(text) and text[pos] != "]":
                pos = self._space(self.value(pos, (*path, index), None, depth + 1))
                index += 1
                if pos < len(text) and text[pos] == ",":
                    pos += 1
                pos = self._space(pos)
            return pos + 1
        if char == '"':
            _, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            self._record(path, pos, key_pos, text[pos:end], "scalar", quoted=True)
            return int(end)
        number = _NUMBER.match(text, pos)
        end = number.end() if number else pos
        for literal in _LITERALS:
            if text.startswith(literal, pos):
                end = pos + len(literal)
                break
        self._record(path, pos, key_pos, text[pos:end], "scalar")
        return max(end, pos + 1)

    def _object(self, pos: int, path: Path, depth: int) -> int:
        text = self.text
        seen: set[str] = set()
        pos = self._space(pos)
        while pos < len(text) and text[pos] == '"':
            key, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            if key in seen:
                self.repeats.append(((*path, key), pos))
                child: Path = (*path, "\x00repeat")  # never wanted: the first one counts
            else:
                seen.add(key)
                child = (*path, key)
            colon = self._space(end)
            pos = self._space(self.value(colon + 1, child, pos, depth + 1))
            if pos < len(text) and text[pos] == ",":
                pos = self._space(pos + 1)
        return pos + 1

    def _record(
        self,
        path: Path,
        pos: int,
        key_pos: int | None,
        written: str | None,
        kind: str,
        *,
        quoted: bool = False,
    ) -> None:
        if path in self.wanted and path not in self.found:
            if written is not None and quoted:
                written = json.loads(written)
            self.found[path] = (pos, key_pos, written, not quoted, kind)


@dataclass(frozen=True)
class JsonLocator:
    """Places in a JSON document; with ``lines``, in a JSON Lines file, where candidate i is
    the document on line ``lines[i]``."""

    text: str
    lines: tuple[int, ...] = ()
    line_word: str = "line"

    def field(self, path: Path, *, key: bool = False) -> str:
        if self.lines and path[:1] == ("candidates",) and len(path) >= 2:
            return format_path(path[2:])  # the line number already says which candidate
        return format_path(path)

    def locate(self, paths: Collection[Path]) -> dict[Path, Place]:
        if not self.lines:
            return _places(self.text, paths, line_offset=0)
        found: dict[Path, Place] = {}
        split = self.text.split("\n")
        for path in paths:
            if len(path) >= 2 and path[0] == "candidates" and isinstance(path[1], int):
                if path[1] < len(self.lines):
                    number = self.lines[path[1]]
                    inner = _places(split[number - 1], [path[2:]], line_offset=number - 1)
                    if path[2:] in inner:
                        found[path] = inner[path[2:]]
            elif path in ((), ("candidates",)):
                found[path] = Place(1, 1, None, None, None, False, "sequence")
        return found


def _places(text: str, paths: Collection[Path], *, line_offset: int) -> dict[Path, Place]:
    walk = _Walk(text, set(paths))
    walk.value(0, (), None)
    starts = [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]

    def line_col(pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, pos) - 1
        return line + 1 + line_offset, pos - starts[line] + 1

    places = {}
    for path, (pos, key_pos, written, plain, kind) in walk.found.items():
        line, column = line_col(pos)
        key_line = key_column = None
        if key_pos is not None:
            key_line, key_column = line_col(key_pos)
        places[path] = Place(line, column, key_line, key_column, written, plain, kind)  # type: ignore[arg-type]
    return places


def _repeated_keys(text: str, source: str, line_offset: int = 0) -> list[Problem]:
    walk = _Walk(text, set())
    walk.value(0, (), None)
    starts = [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]
    problems = []
    for path, pos in walk.repeats:
        line = bisect.bisect_right(starts, pos) - 1
        problems.append(
            Problem(
                source,
                f"duplicate key {path[-1]!r}; each key may appear only once",
                line + 1 + line_offset,
                pos - starts[line] + 1,
                format_path(path[:-1]),
            )
        )
    return problems


def load_json(data: bytes, source: str) -> tuple[Loaded, JsonLocator]:
    """A JSON candidates document (the same shape as the YAML file)."""
    text, problem = decode_text(data, source)
    if problem is not None:
        return Loaded(None, (problem,), False), JsonLocator("")
    value, problem, repeated = _parse(text, source)
    locator = JsonLocator(text)
    if problem is not None:
        return Loaded(None, (problem,), False), locator
    problems = tuple(_repeated_keys(text, source)) if repeated else ()
    return Loaded(value, problems, True), locator


def _no_objects(source: str, problems: list[Problem], lines: list[int]) -> Problem:
    """The one problem of a file with no JSON object on any line: where the first line that is
    not JSON is, or else where the first value that is not an object is."""
    message = "expected one candidate (a JSON object) per line, found none"
    for problem in problems:
        if problem.message.startswith("JSON syntax error"):
            return replace(problem, message=f"{message}; {problem.message}")
    return Problem(source, message, lines[0] if lines else 1, 1)


UNREADABLE: Final = object()
"""What :func:`stream_json_lines` gives for a line that :func:`load_json_lines` would word a
problem about: never a mapping."""


def stream_json_lines(data: bytes) -> Iterator[object]:
    """Each line's JSON value, blank lines skipped, parsed as the lines are read: nothing of
    the whole file is built but its bytes. A line with a syntax error or a key given twice
    gives :data:`UNREADABLE`; text that is not UTF-8 raises ``UnicodeDecodeError``. No
    problem is worded here: :func:`load_json_lines` says why in full."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="\n")
    for line in text:
        if not line.strip():
            continue
        value, problem, repeated = _parse(line, "")
        yield UNREADABLE if problem is not None or repeated else value


_SPACE: Final = re.compile(r"[ \t\n\r]*")
"""JSON's whitespace, none or more."""


def _skip(text: str, at: int) -> int:
    """Where the JSON whitespace from ``at`` ends."""
    found = _SPACE.match(text, at)
    return at if found is None else found.end()


class PlainJson:
    """A JSON candidates document of the plainest shape: an object of a ``"rubric"`` text
    (or none) and then the ``"candidates"`` list, and nothing else. Its candidates are
    parsed one at a time (:meth:`candidates`): the document is never built whole."""

    def __init__(self, text: str, rubric: str | None, start: int) -> None:
        self.rubric = rubric
        self._text, self._start = text, start

    def candidates(self) -> Iterator[object]:
        """Each candidate's JSON value, in order; :data:`UNREADABLE`, and no more, in place
        of a value that :func:`load_json` would word a problem about (a syntax error, a key
        given twice, a number of thousands of digits) and when the list or the document does
        not end as it should. No problem is worded here."""
        text, keys = self._text, _Keys()
        decoder = json.JSONDecoder(
            object_pairs_hook=keys, parse_constant=partial(Ambiguous, kind=_NOT_JSON)
        )
        at = _skip(text, self._start)
        if not text.startswith("]", at):
            while True:
                try:
                    value, at = decoder.raw_decode(text, at)
                except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
                    yield UNREADABLE
                    return
                if keys.repeated:
                    yield UNREADABLE
                    return
                yield value
                at = _skip(text, at)
                if not text.startswith(",", at):
                    break
                at = _skip(text, at + 1)
        if not text.startswith("]", at):
            yield UNREADABLE
            return
        at = _skip(text, at + 1)
        if not text.startswith("}", at) or _skip(text, at + 1) != len(text):
            yield UNREADABLE


def plain_json(text: str) -> PlainJson | None:
    """``text`` as a :class:`PlainJson` document, when it starts as one: an object whose keys
    are an optional ``"rubric"`` with a text, then ``"candidates"`` with a list. None for any
    other start, left to :func:`load_json`."""
    decoder = json.JSONDecoder()
    at = _skip(text, 0)
    if not text.startswith("{", at):
        return None
    rubric: str | None = None
    keys: set[str] = set()
    while True:
        at = _skip(text, at + 1)
        if not text.startswith('"', at):
            return None
        try:
            key, at = decoder.raw_decode(text, at)
            at = _skip(text, at)
            if not text.startswith(":", at) or key in keys:
                return None
            keys.add(key)
            at = _skip(text, at + 1)
            if key == "candidates":
                return PlainJson(text, rubric, at + 1) if text.startswith("[", at) else None
            if key != "rubric":
                return None
            rubric, at = decoder.raw_decode(text, at)
        except ValueError:
            return None
        if rubric.__class__ is not str:
            return None
        at = _skip(text, at)
        if not text.startswith(",", at):
            return None


def load_json_lines(data: bytes, source: str) -> tuple[Loaded, JsonLocator]:
    """JSON Lines: one candidate (an object) per line; blank lines are skipped."""
    text, problem = decode_text(data, source)
    if problem is not None:
        return Loaded(None, (problem,), False), JsonLocator("")
    candidates: list[Any] = []
    lines: list[int] = []
    problems: list[Problem] = []
    objects = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        value, problem, repeated = _parse(line, source, line_offset=number - 1)
        if problem is not None:
            problems.append(problem)  # and go on: the other lines may have more to say
            continue
        objects += isinstance(value, dict)
        if repeated:  # the line number says which candidate: the path is within its object
            problems.extend(_repeated_keys(line, source, number - 1))
        candidates.append(value)
        lines.append(number)
    if not objects:  # not JSON Lines of candidates: say so once, quoting nothing of it
        return Loaded(None, (_no_objects(source, problems, lines),), False), JsonLocator("")
    locator = JsonLocator(text, tuple(lines))
    return Loaded({"candidates": candidates}, tuple(problems), True), locator
