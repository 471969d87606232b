"""CSV for spreadsheets: RFC 4180, a header row, UTF-8, safe to open in Excel.

A text cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``,
``@``, a tab, CR or LF, as OWASP lists them, or with the full-width ``＝``, ``﹦``, ``＋``, ``－``,
``＠`` that some spreadsheets read as those, or with any of them after leading spaces) gets a
leading apostrophe, which spreadsheets show as text. Numbers smteam computes are written as
plain numbers and never prefixed. Control, bidi and invisible characters (which validation
refuses in names, departments and notes) are written as escapes, as on a terminal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any, Final

from smteam.errors import terminal_safe
from smteam.formats.columns import noted_traits, trait_headers
from smteam.formats.plain_cells import PackedRows, PlainCells, encoded_texts
from smteam.scoring.ranking import Ranking
from smteam.scoring.scores import (
    Evaluation,
    RaterRatings,
    Rating,
    plain_evaluations,
    show_rating,
    shown,
    tally_text,
)
from smteam.text import PRINTABLE_LINES

if TYPE_CHECKING:
    from smteam.scoring.streamed import PlainEntries

FORMULA_TRIGGERS: Final = (
    *("=", "+", "-", "@", "\t", "\r", "\n"),
    *("\uff1d", "\ufe66", "\uff0b", "\uff0d", "\uff20"),  # ＝ ﹦ ＋ － ＠
)
EXCEL_BOM: Final = "\ufeff"
_PLAIN: Final = re.compile(r"[\x20-\x7e]*")
"""Printable ASCII: nearly every name and department, which need no escapes."""


def safe_text(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula (spreadsheets skip
    leading spaces before they look for one)."""
    if text.startswith(FORMULA_TRIGGERS) or (
        text[:1] == " " and text.lstrip(" \t").startswith(FORMULA_TRIGGERS)
    ):
        return "'" + text
    return text


def ranking_csv(ranking: Ranking, *, excel: bool = False) -> str:
    """The ranking as CSV; ``excel`` starts it with a byte order mark so that Excel reads
    UTF-8 (names with accents) correctly."""
    return "".join(ranking_csv_parts(ranking, excel=excel))


def ranking_csv_parts(ranking: Ranking, *, excel: bool = False) -> Iterator[str]:
    """:func:`ranking_csv` in parts, each of whole lines: the header, then the lines of a big
    full ranking tens of thousands at a time, as they are made (so that a million rows are
    written as they are made, never held as one text), or every line at once."""
    for part in _csv_parts(ranking, excel=excel):
        yield part if isinstance(part, str) else part.decode()


def ranking_csv_encoded(ranking: Ranking, *, excel: bool = False) -> Iterator[bytes]:
    """:func:`ranking_csv_parts` in UTF-8 (a big export's lines are made as bytes)."""
    for part in _csv_parts(ranking, excel=excel):
        yield part if isinstance(part, bytes) else part.encode()


def _csv_parts(ranking: Ranking, *, excel: bool) -> Iterator[str | bytes]:
    """The parts of :func:`ranking_csv_parts`, as text or as UTF-8, whichever each was made."""
    from smteam.scoring.streamed import PlainEntries

    rubric = ranking.rubric
    entries = ranking.entries
    noted = noted_traits(ranking)
    wanted = set(noted)  # in rubric order, as noted_traits gives them
    note_index = [i for i, trait_id in enumerate(rubric.trait_ids) if trait_id in wanted]
    before = [
        "rank",
        "name",
        "department",
        "score",
        "eligible",
        "raters",
        "recommendations",
        "disagreements",
        *(f"group.{group}" for group in rubric.groups),
    ]
    after = ["coverage", "reasons"]
    stability = ranking.stability
    if stability is not None:
        from smteam.formats.stability import csv_cells, csv_fixed_header, csv_header

        after += csv_fixed_header(stability)
    names = trait_headers([(t.id, t.label) for t in rubric.traits], taken=before + after)
    headers = dict(zip(rubric.trait_ids, names, strict=True))
    header = [*before, *names, "coverage", "reasons", *(f"notes.{headers[t]}" for t in noted)]
    scores, ratings = _Scores(), _Ratings()
    if stability is not None:
        header += csv_header(stability, headers)
    yield (EXCEL_BOM if excel else "") + _csv_line([safe_text(cell) for cell in header])
    if isinstance(entries, PlainEntries) and stability is None:
        yield from _plain_lines(entries, scores, ratings)
    elif stability is None:
        yield "".join(
            _csv_line(_row(entry.rank, entry.evaluation, note_index, scores, ratings))
            for entry in entries
        )
    else:
        yield "".join(
            _csv_line(
                _row(entry.rank, entry.evaluation, note_index, scores, ratings)
                + csv_cells(stability, entry.evaluation.name)
            )
            for entry in entries
        )


PER_RATER_HEADER: Final = (
    "rank",
    "name",
    "rater",
    "recommendation",
    "trait",
    "label",
    "rating",
    "note",
)


def ranking_per_rater_csv(ranking: Ranking, *, excel: bool = False) -> str:
    """The panel's detail as CSV in long form: one row per candidate shown, rater and rubric
    trait, in the order shown, the raters in the order written, the traits in rubric order.
    A candidate with one rater's plain ``ratings`` has rows with an empty rater; a panel
    candidate's own notes (beside the reviews) too, with empty ratings."""
    rubric = ranking.rubric
    traits = [
        (safe_text(trait.id), safe_text(terminal_safe(trait.label))) for trait in rubric.traits
    ]
    lines = [_csv_line(list(PER_RATER_HEADER))]
    for entry in ranking.entries:
        evaluation = entry.evaluation
        rank = "" if entry.rank is None else str(entry.rank)
        name = safe_text(terminal_safe(evaluation.name))
        reviews = evaluation.reviews or (_plain_review(evaluation),)
        for review in reviews:
            rater = safe_text(terminal_safe(review.rater or ""))
            recommendation = safe_text(review.recommendation or "")
            for (trait_id, label), rating, note in zip(
                traits, review.ratings, review.notes, strict=True
            ):
                cells = [rank, name, rater, recommendation, trait_id, label, show_rating(rating)]
                cells.append(safe_text(terminal_safe(note or "", multiline=True)))
                lines.append(_csv_line(cells))
    return (EXCEL_BOM if excel else "") + "".join(lines)


def _plain_review(evaluation: Evaluation) -> RaterRatings:
    """One rater's plain ``ratings`` as a scorecard without a rater."""
    count = len(evaluation.ratings)
    notes = tuple(evaluation.note(i) for i in range(count))
    return RaterRatings(None, None, evaluation.ratings, notes)


_QUOTED: Final = re.compile('[",\r\n]')
"""A character that makes the csv module put a cell in quotes (RFC 4180: a comma, a quote, a
line break)."""


def _csv_line(cells: list[str]) -> str:
    """One CSV line, CRLF at the end. A line with nothing to quote (nearly every line: numbers,
    names, departments) is joined with commas, which is what the csv module writes for it;
    anything else goes through the csv module."""
    if _QUOTED.search("".join(cells)) is None:
        return ",".join(cells) + "\r\n"
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow(cells)
    return line.getvalue()


class _Scores(dict[float | None, str]):
    """Each score's cell, one decimal as everywhere (see ``shown``), worked out once: a big
    export writes the same few scores and subtotals over and over. (Ratings have a cache of
    their own: as keys, the score 4.0 and the rating 4 are the same.)"""

    def __missing__(self, score: float | None) -> str:
        text = self[score] = "" if score is None else f"{shown(score):.1f}"
        return text


class _Ratings(dict[Rating | None, str]):
    """Each rating's cell (``4``, ``3.5``, ``3.67``), worked out once."""

    def __missing__(self, rating: Rating | None) -> str:
        text = self[rating] = show_rating(rating)
        return text


_CHUNK: Final = 8192
"""Candidates of a big full export made into lines at a time. A chunk's numpy columns (for a
rubric of fifteen traits, some 3 MB of them, with the lines made from them) then stay in a
core's cache, and the next chunk reuses their memory: 16,384 at a time, the lines of a
100,000-row export took 46 ms, not 37; 65,536 at a time, each chunk's 30 MB were mapped
afresh and a 100,000-row export faulted in 40 MB more. A million rows take as long either
way."""
_COLUMNAR: Final = 4096
"""Candidates from which the cells that depend on ratings alone are worked out with numpy
(:class:`PlainCells`); fewer do not pay for importing it."""
_RUN_AT_START: Final = re.compile(r"\n[=+\-@ ]")
"""In names joined after line breaks: one a spreadsheet would run (or might: a space)."""


def _plain_lines(
    entries: PlainEntries, scores: _Scores, ratings: _Ratings
) -> Iterator[str | bytes]:
    """What :func:`_row` and :func:`_csv_line` give for the plain candidates of a big full
    ranking (one rater, every trait rated with a whole number, no notes), made a column at a
    time, tens of thousands of lines at once, without an evaluation each. A group's cell
    depends on its traits' ratings alone, and the reasons on the must-have traits' alone:
    each is worked out once per combination, from an evaluation. Past a few thousand
    candidates those cells and the ratings' come from :class:`PlainCells` (numpy)."""
    plan = entries.plan
    count = len(plan.trait_ids)
    group_cells: list[dict[tuple[int, ...], str]] = [{} for _ in plan.groups]
    musts = tuple(i for i, _ in plan.minimums)
    reasons_cells: dict[tuple[int, ...], str] = {}
    department_cells: dict[str, str] = {}

    def evaluated(members: tuple[int, ...], key: tuple[int, ...]) -> Evaluation:
        """The evaluation of ratings that are ``key`` on ``members`` and lowest elsewhere."""
        values = [plan.low] * count
        for i, value in zip(members, key, strict=True):
            values[i] = value
        (evaluation,) = plain_evaluations([("", "", tuple(values))], plan)
        return evaluation

    def python_groups(values: list[tuple[int, ...]]) -> list[list[str]]:
        found = []
        for g, (members, (part, _, _)) in enumerate(zip(plan.groups, plan.group_sums, strict=True)):
            keys = list(map(part, values))
            known = group_cells[g]
            try:
                found.append(list(map(known.__getitem__, keys)))
            except KeyError:  # combinations met for the first time
                for key in set(keys) - known.keys():
                    known[key] = scores[evaluated(members, key).group_scores[g]]
                found.append(list(map(known.__getitem__, keys)))
        return found

    def python_reasons(values: Sequence[tuple[int, ...]]) -> list[str]:
        keys = list(map(plan.must_haves, values))  # type: ignore[arg-type]  # not None here
        for key in set(keys) - reasons_cells.keys():
            reasons_cells[key] = safe_text("; ".join(evaluated(musts, key).reasons))
        # Each reason is "<trait id> <rating> < <minimum>": nothing in it to quote.
        return list(map(reasons_cells.__getitem__, keys))

    if len(entries) >= _COLUMNAR:
        yield from _packed_lines(entries, scores, ratings, python_groups, python_reasons)
        return
    for start in range(0, len(entries), _CHUNK):
        ranks, names, departments, values, standings = entries.columns(start, start + _CHUNK)
        plain_names = _plain_names(names)
        name_cells = names if plain_names else [_text_cell(name) for name in names]
        for department in set(departments) - department_cells.keys():
            department_cells[department] = _text_cell(department)
        columns: list[Iterable[str]] = [
            ["" if rank is None else str(rank) for rank in ranks],
            name_cells,
            list(map(department_cells.__getitem__, departments)),
            [scores[standing[0]] for standing in standings],
            ["true" if standing[3] else "false" for standing in standings],
            repeat("1,,"),  # one rater, no recommendations, no disagreements
        ]
        columns += python_groups(values)
        columns.append(map(",".join, map(map, repeat(ratings.__getitem__), values)))
        columns.append(repeat("100.0"))
        # A name or department with a comma or a quote (rare) makes the csv module quote it:
        # those lines are made as any other candidate's.
        careful = set() if plain_names else {j for j, c in enumerate(name_cells) if _quoted(c)}
        quoted = {d for d, cell in department_cells.items() if _quoted(cell)}
        if quoted:
            careful.update(j for j, department in enumerate(departments) if department in quoted)
        if plan.must_haves is None:
            columns.append(repeat(""))  # nobody misses a must-have
        else:
            columns.append(python_reasons(values))
        lines = list(map(",".join, zip(*columns, strict=False)))  # repeat() has no end
        for j in careful:
            (evaluation,) = plain_evaluations([(names[j], departments[j], values[j])], plan)
            lines[j] = _csv_line(_row(ranks[j], evaluation, [], scores, ratings))[:-2]
        yield "\r\n".join(lines) + "\r\n"


def _packed_lines(
    entries: PlainEntries,
    scores: _Scores,
    ratings: _Ratings,
    python_groups: Callable[[list[tuple[int, ...]]], list[list[str]]],
    python_reasons: Callable[[list[tuple[int, ...]]], list[str]],
) -> Iterator[bytes]:
    """:func:`_plain_lines` for many candidates, from the columns numpy picks in the order
    shown (:meth:`PlainEntries.packed`), tens of thousands of lines at once and no line at a
    time: each column's cells are numpy bytes, the cells of a department and of a standing
    (score, eligibility, one rater and nothing else) each made once and picked by number,
    those that depend on the ratings alone from :class:`PlainCells`, and the lines are the
    columns side by side (:func:`_side_by_side`)."""
    import numpy

    plan, rows = entries.plan, entries.rows
    cells = PlainCells(plan, scores.__getitem__, ratings.__getitem__)
    department_cells = [_text_cell(text) for text in rows.department_texts]
    quoted_departments = [code for code, cell in enumerate(department_cells) if _quoted(cell)]
    by_department = encoded_texts([cell + "," for cell in department_cells])
    by_standing = encoded_texts(
        [f"{scores[s[0]]},{'true' if s[3] else 'false'},1,,," for s in rows.distinct]
    )
    # Every name as bytes at once when all are plain (nearly always; at most NAME_MAX bytes
    # each): numpy then picks each chunk's.
    ascii_names = rows.ascii_names()  # printable ASCII each, when not None
    all_names = None
    if ascii_names is not None and _safe_joined("\n" + ascii_names[0]):
        all_names = ascii_names[1]
    for start in range(0, len(entries), _CHUNK):
        column = entries.packed(start, start + _CHUNK)
        # A name or department with a comma or a quote (rare) makes the csv module quote it:
        # those lines (``careful``) are made as any other candidate's.
        careful: set[int] = set()
        if all_names is not None:
            name_bytes = all_names[column.rows]
        else:
            names = list(map(rows.names.__getitem__, column.rows.tolist()))
            if _plain_names(names):
                name_bytes = numpy.array(names, dtype=bytes)
            else:
                name_cells = [_text_cell(name) for name in names]
                name_bytes = encoded_texts(name_cells)
                careful = {j for j, cell in enumerate(name_cells) if _quoted(cell)}
        matrix = cells.unpacked(column.ratings, rows.low)
        values = PackedRows(column.ratings, rows.low)
        pieces: list[Any] = [
            _rank_cells(numpy, column.ranks, column.standings),
            name_bytes,
            b",",
            by_department[column.departments],
            by_standing[column.standings],
        ]
        groups = cells.groups(matrix, values)
        if groups is None:
            made = python_groups(list(values))
            pieces += [encoded_texts([cell + "," for cell in group]) for group in made]
        else:
            pieces += [keyed.encoded(",") for keyed in groups]
        pieces.append(cells.ratings(matrix))
        pieces.append(b"100.0,")  # full coverage
        if plan.must_haves is None:
            pieces.append(b"\r\n")
        else:
            reasons = cells.reasons(matrix, values, safe_text)
            if reasons is None:
                missed = python_reasons(list(values))
                pieces.append(encoded_texts([cell + "\r\n" for cell in missed]))
            else:
                pieces.append(reasons.encoded("\r\n"))
        if quoted_departments:
            quoted = numpy.isin(column.departments, quoted_departments)
            careful.update(numpy.flatnonzero(quoted).tolist())
        if not careful:
            yield _side_by_side(numpy, pieces, len(column.rows))
            continue
        lines = _side_by_side(numpy, pieces, len(column.rows)).decode().split("\r\n")
        for j in careful:
            (evaluation,) = plain_evaluations([rows.row(int(column.rows[j]))], plan)
            lines[j] = _csv_line(_row(column.ranks[j], evaluation, [], scores, ratings))[:-2]
        yield "\r\n".join(lines).encode()


def _rank_cells(numpy: Any, ranks: list[int | None], standings: Any) -> Any:
    """The rank cells with their commas (numpy bytes), for the ``ranks`` of candidates with
    these ``standings`` (numbers), in the order shown: candidates of one standing are tied,
    so a rank is read once for each run of one standing."""
    starts = numpy.empty(len(standings), dtype=bool)
    starts[:1] = True
    numpy.not_equal(standings[1:], standings[:-1], out=starts[1:])
    first = numpy.flatnonzero(starts).tolist()
    texts = [("" if rank is None else str(rank)) + "," for rank in map(ranks.__getitem__, first)]
    return encoded_texts(texts)[numpy.cumsum(starts) - 1]


def _side_by_side(numpy: Any, pieces: list[Any], count: int) -> bytes:
    """``count`` lines, each the pieces side by side: a piece is numpy bytes (``S``, a row
    each) or bytes every row shares. Numpy keeps a short text as a zero-padded row of the
    widest's width, and no cell has a zero byte, so a line is its row of the pieces side by
    side without the zeros."""
    layout = numpy.dtype(
        [
            (f"f{i}", f"S{len(piece)}" if isinstance(piece, bytes) else piece.dtype)
            for i, piece in enumerate(pieces)
        ]
    )
    block = numpy.empty(count, dtype=layout)
    for i, piece in enumerate(pieces):
        block[f"f{i}"] = piece
    lines: bytes = block.tobytes().translate(None, b"\0")
    return lines


def _quoted(cell: str) -> bool:
    return _QUOTED.search(cell) is not None


def _plain_names(names: list[str]) -> bool:
    """Whether every name is printable ASCII that needs neither quotes nor an apostrophe."""
    return _plain_joined("\n" + "\n".join(names))


def _plain_joined(joined: str) -> bool:
    """:func:`_plain_names` of names each after a line break, joined."""
    return PRINTABLE_LINES.fullmatch(joined) is not None and _safe_joined(joined)


def _safe_joined(joined: str) -> bool:
    """:func:`_plain_joined` of names known to be printable ASCII."""
    return _RUN_AT_START.search(joined) is None and '"' not in joined and "," not in joined


def _text_cell(text: str) -> str:
    """A name's or department's cell: as written when printable ASCII, else escaped."""
    return safe_text(text if _PLAIN.fullmatch(text) else terminal_safe(text))


def _row(
    rank: int | None,
    evaluation: Evaluation,
    note_index: list[int],
    scores: _Scores,
    ratings: _Ratings,
) -> list[str]:
    """One candidate's cells (a hundred thousand rows for a big export: kept plain)."""
    name, department = evaluation.name, evaluation.department
    reasons = evaluation.reasons
    row = [
        "" if rank is None else str(rank),
        _text_cell(name),
        _text_cell(department),
        scores[evaluation.score],
        "true" if evaluation.eligible else "false",
        str(evaluation.raters),
        safe_text(tally_text(evaluation.recommendations)) if evaluation.recommendations else "",
        safe_text("; ".join(evaluation.disagreements)) if evaluation.disagreements else "",
    ]
    row += map(scores.__getitem__, evaluation.group_scores)
    row += map(ratings.__getitem__, evaluation.ratings)
    row.append("100.0" if evaluation.coverage == 1 else f"{evaluation.coverage * 100:.1f}")
    row.append(safe_text("; ".join(reasons)) if reasons else "")
    if note_index:
        row += [
            safe_text(terminal_safe(evaluation.note(i) or "", multiline=True)) for i in note_index
        ]
    return row
