"""Candidates as a spreadsheet: CSV with a header row, read into the same plain values as a
YAML file so that the same models and checks apply.

The columns: ``name`` and ``department`` (required), then one column per trait id with the
ratings, and ``notes.<trait id>`` columns for evidence. With a ``rater`` column, each row is
one rater's scorecard and a candidate's rows (same name) become a panel's ``reviews``; a
``recommendation`` column then holds each rater's call. An empty cell is a rating not given.

A cell holding a whole number (``4``) is a rating of 4; a decimal (``4.5``) is read as one,
and refused as a rating like in any other file; any other text is a scale label, or an
error. Problems name the spreadsheet cell: ``candidates.csv:7:3: empathy (C7): ...`` is row 7,
column 3.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from operator import itemgetter
from typing import Any, Final

from smteam.errors import Problem
from smteam.limits import TRAITS_MAX
from smteam.reading.scalars import MAX_DIGITS, TooLong, read_whole
from smteam.reading.yamlfile import Loaded, Path, Place, decode_text
from smteam.text import person_key

REQUIRED: Final = ("name", "department")
RATER: Final = "rater"
RECOMMENDATION: Final = "recommendation"
NOTES: Final = "notes."
_WHOLE: Final = re.compile(r"0|-?[1-9][0-9]*")
_DECIMAL: Final = re.compile(r"-?[0-9]+\.[0-9]*|-?\.[0-9]+")


@cache
def column_letter(number: int) -> str:
    """A spreadsheet's name for column ``number`` (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_value(text: str) -> object:
    if _WHOLE.fullmatch(text):
        return read_whole(text)
    if _DECIMAL.fullmatch(text):
        return float(text) if len(text) <= MAX_DIGITS else TooLong(text)
    return text


@dataclass(frozen=True)
class CsvLocator:
    """Cells for paths: ``rows[i]`` are the spreadsheet rows of candidate i (one per
    scorecard), ``columns`` the column number of each header."""

    header: tuple[str, ...]
    columns: dict[str, int]
    rows: Sequence[Sequence[int]]
    text: str
    """The file as read; its cells are parsed again only when a problem needs one's text
    (holding every cell of a big sheet would double the memory a run needs)."""
    line_word: str = "row"

    @cached_property
    def cells(self) -> list[list[str]]:
        """Every row as read, indexed by spreadsheet row number minus one."""
        return list(csv.reader(io.StringIO(self.text, newline=""), strict=True))

    def _cell(self, path: Path) -> tuple[int, int, bool] | None:
        """Row, column, and whether the path names a column (a trait id or notes key)."""
        if not path or path[0] != "candidates":
            return (1, 1, False)
        if len(path) == 1:
            return (2, 1, False)
        index = path[1]
        if not isinstance(index, int) or index >= len(self.rows):
            return None
        rows = self.rows[index]
        rest = path[2:]
        row = rows[0]
        if rest[:1] == ("reviews",):
            if len(rest) == 1:
                return (row, self.columns.get(RATER, 1), False)
            if not isinstance(rest[1], int) or rest[1] >= len(rows):
                return None
            row, rest = rows[rest[1]], rest[2:]
            if not rest:
                return (row, self.columns.get(RATER, 1), False)
        if not rest:
            return (row, self.columns["name"], False)
        head = rest[0]
        if head in ("ratings", "notes") and len(rest) > 1:
            column = rest[1] if head == "ratings" else f"{NOTES}{rest[1]}"
            return (row, self.columns.get(str(column), 1), True)
        if head == "ratings":
            return (row, self.columns["name"], False)
        return (row, self.columns.get(str(head), 1), False)

    def locate(self, paths: Collection[Path]) -> dict[Path, Place]:
        found = {}
        for path in paths:
            cell = self._cell(path)
            if cell is None:
                continue
            row, column, is_column = cell
            cells = self.cells[row - 1] if row - 1 < len(self.cells) else []
            text = cells[column - 1] if column - 1 < len(cells) else None
            found[path] = Place(
                line=row,
                column=column,
                key_line=1 if is_column else None,
                key_column=column if is_column else None,
                text=text,
                plain=True,
                kind="scalar",
            )
        return found

    def field(self, path: Path, *, key: bool = False) -> str:
        cell = self._cell(path)
        if cell is None:
            return ""
        row, column, is_column = cell
        if key and is_column:
            row = 1  # the problem is the column itself: name its header cell
        if len(path) <= 2 or path[-1] in ("reviews", "ratings") or isinstance(path[-1], int):
            return f"row {row}"
        name = self.header[column - 1] if column - 1 < len(self.header) else "?"
        return f"{name} ({column_letter(column)}{row})"


def load_csv(data: bytes, source: str) -> tuple[Loaded, CsvLocator]:
    """The candidates of a CSV file; see the module docstring for its columns."""
    text, problem = decode_text(data, source)
    if problem is not None:
        return Loaded(None, (problem,), False), CsvLocator((), {}, (), "")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = tuple(next(reader, ()))  # an empty file is caught before, but never raise here
        if not any(name in header for name in REQUIRED):  # not a candidates sheet: quote nothing
            return Loaded(None, (_not_a_sheet(source),), False), CsvLocator((), {}, (), "")
        problems = _check_header(header, source)
        columns = {name: number for number, name in enumerate(header, start=1)}
        if problems:
            return Loaded(None, tuple(problems), False), CsvLocator(header, columns, (), text)
        reader_rows = _Rows(header, source)
        reader_rows.add_all(reader)
    except csv.Error as exc:
        syntax = Problem(source, f"CSV syntax error: {exc}", reader.line_num)
        return Loaded(None, (syntax,), False), CsvLocator((), {}, (), "")
    locator = CsvLocator(header, columns, reader_rows.rows, text)
    loaded = Loaded({"candidates": reader_rows.candidates}, tuple(reader_rows.problems), True)
    return loaded, locator


def stream_rows(data: bytes) -> Iterator[list[str]]:
    """The sheet's rows, header first, decoded and split as they are read: nothing of the
    whole file is built but its bytes. No problem is worded here: a row that cannot be
    decoded or split raises (``UnicodeDecodeError``, ``csv.Error``), and :func:`load_csv`
    says why in full."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    return csv.reader(text, strict=True)


def _not_a_sheet(source: str) -> Problem:
    message = (
        "expected a candidates spreadsheet: a header row with name and department columns, "
        "found neither column"
    )
    return Problem(source, message, 1, 1)


COLUMNS_MAX: Final = 2 * TRAITS_MAX
"""The most rating columns (and the most ``notes.`` columns) a sheet may have: twice as many as
a rubric may have traits, room for a rubric's own and the built-in ones. A sheet with more
could only hold unknown traits, and reading every cell of it would cost time for nothing."""


def _check_header(header: Sequence[str], source: str) -> list[Problem]:
    problems = []
    fixed = {*REQUIRED, RATER, RECOMMENDATION}
    notes = sum(1 for name in header if name.startswith(NOTES))
    ratings = sum(1 for name in header if name not in fixed and not name.startswith(NOTES))
    for count, what in ((ratings, "rating"), (notes, "notes.")):
        if count > COLUMNS_MAX:
            message = (
                f"the header has {count} {what} columns, more than the {COLUMNS_MAX} smteam "
                f"reads (a rubric has at most {TRAITS_MAX} traits)"
            )
            problems.append(Problem(source, message, 1, 1))
    if problems:
        return problems  # a sheet this wide: every column is not worth a line of its own
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        where = f"{column_letter(number)}1"
        if not name.strip():
            problems.append(Problem(source, f"the header cell {where} is empty", 1, number))
        elif name in seen:
            problems.append(
                Problem(source, f"column {name!r} appears twice in the header ({where})", 1, number)
            )
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            problems.append(
                Problem(
                    source,
                    f"the header has no {name!r} column (it needs name and department)",
                    1,
                    1,
                )
            )
    if RECOMMENDATION in seen and RATER not in seen:
        problems.append(
            Problem(
                source, "a 'recommendation' column needs a 'rater' column: one per scorecard", 1, 1
            )
        )
    return problems


class _CellValues(dict[str, object]):
    """Each cell text's value, worked out once: a sheet holds the same few ratings over and
    over."""

    def __missing__(self, text: str) -> object:
        value = self[text] = _cell_value(text)
        return value


class _Rows:
    """Turns rows into candidates (or, with a rater column, scorecards grouped by name)."""

    def __init__(self, header: Sequence[str], source: str) -> None:
        self.header = header
        self.source = source
        self.width = len(header)
        self.name = header.index("name")
        self.department = header.index("department")
        self.rater = header.index(RATER) if RATER in header else None
        self.recommendation = header.index(RECOMMENDATION) if RECOMMENDATION in header else None
        fixed = {"name", "department", RATER, RECOMMENDATION}
        self.traits = [
            (i, h) for i, h in enumerate(header) if h not in fixed and not h.startswith(NOTES)
        ]
        self.notes = [(i, h[len(NOTES) :]) for i, h in enumerate(header) if h.startswith(NOTES)]
        self.candidates: list[dict[str, Any]] = []
        self.rows: list[Sequence[int]] = []
        self.problems: list[Problem] = []
        self.by_name: dict[str, int] = {}
        self.values = _CellValues()
        self.trait_names = tuple(trait for _, trait in self.traits)
        self.trait_cells = itemgetter(*(i for i, _ in self.traits)) if self.traits else None

    def add_all(self, table: Iterable[list[str]]) -> None:
        """Every row after the header, as they are read. Rows of one candidate each, with
        every rating given and no notes (an exported sheet, a hundred thousand rows), take a
        short way."""
        if self.rater is not None or self.notes or self.trait_cells is None or len(self.traits) < 2:
            for number, cells in enumerate(table, start=2):
                self.add(number, cells)
            return
        width, names, values = self.width, self.trait_names, self.values.__getitem__
        texts_of, name, department = self.trait_cells, self.name, self.department
        candidates, rows = self.candidates, self.rows
        for number, cells in enumerate(table, start=2):
            if len(cells) != width:
                self.add(number, cells)
                continue
            texts = texts_of(cells)
            if "" in texts:
                self.add(number, cells)
                continue
            ratings = dict(zip(names, map(values, texts), strict=True))
            candidates.append(
                {"name": cells[name], "department": cells[department], "ratings": ratings}
            )
            rows.append((number,))

    def add(self, row: int, cells: list[str]) -> None:
        if not any(cells):
            return  # a blank line
        if len(cells) != self.width:
            self.problems.append(
                Problem(
                    self.source,
                    f"row {row} has {len(cells)} cells, the header has {self.width}",
                    row,
                    1,
                )
            )
            return
        ratings: dict[str, object] = {}
        if self.trait_cells is not None:
            texts = self.trait_cells(cells)
            if len(self.traits) == 1:
                texts = (texts,)
            if "" in texts:  # some ratings not given
                pairs = zip(self.trait_names, texts, strict=True)
                ratings = {t: self.values[x] for t, x in pairs if x}
            else:
                values = map(self.values.__getitem__, texts)
                ratings = dict(zip(self.trait_names, values, strict=True))
        notes = {trait: cells[i] for i, trait in self.notes if cells[i]}
        name, department = cells[self.name], cells[self.department]
        if self.rater is None:
            candidate: dict[str, Any] = {"name": name, "department": department, "ratings": ratings}
            if notes:
                candidate["notes"] = notes
            self.candidates.append(candidate)
            self.rows.append((row,))
            return
        review: dict[str, Any] = {"rater": cells[self.rater], "ratings": ratings}
        if notes:
            review["notes"] = notes
        if self.recommendation is not None and cells[self.recommendation]:
            review["recommendation"] = cells[self.recommendation]
        key = person_key(name)
        index = self.by_name.get(key)
        if index is None:
            self.by_name[key] = len(self.candidates)
            self.candidates.append({"name": name, "department": department, "reviews": [review]})
            self.rows.append((row,))
            return
        first = self.candidates[index]
        if department != first["department"]:
            column = self.department + 1
            self.problems.append(
                Problem(
                    self.source,
                    f"department {department!r} differs from {first['department']!r} in row "
                    f"{self.rows[index][0]} for the same candidate",
                    row,
                    column,
                    f"department ({column_letter(column)}{row})",
                )
            )
        first["reviews"].append(review)
        self.rows[index] = (*self.rows[index], row)
