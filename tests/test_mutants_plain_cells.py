"""The cells a big full CSV export works out a column at a time (formats/plain_cells.py),
found by mutmut: ratings past a byte, a scale of two points with weights too fine for 64 bits,
must-haves numbered apart when there are three or more, numbers spread too wide for a table
(kept by number over two chunks); and the ratings kept a byte each, read back one candidate or
a slice at a time; a column's bytes asked for with another end, or only after two more chunks;
the ratings' cells picked from the scale's, below zero and written otherwise too."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy

from smteam import api
from smteam.api import RankOptions
from smteam.formats.plain_cells import Keyed, PackedRows, PlainCells
from smteam.scoring.scores import ScoringPlan
from tests.conftest import column_texts


def _plan(folder: Path, scale: tuple[int, int], traits: list[str]) -> ScoringPlan:
    """The plan of a rubric of ``traits``, each a flow mapping's inside (its label its id)."""
    lines = ["name: r", "title: R", f"scale: {{min: {scale[0]}, max: {scale[1]}}}", "traits:"]
    lines += [f"  - {{{trait}, label: {trait.split(',')[0][4:]}}}" for trait in traits]
    path = folder / "r.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return RankOptions().plan(api.load_rubric(str(path)))


def _cells(plan: ScoringPlan) -> PlainCells:
    return PlainCells(plan, lambda score: f"{score}", str)


def test_ratings_of_a_scale_past_a_byte_keep_their_digits(tmp_path: Path) -> None:
    # A scale from 0 to 255 or less travels as bytes; 156 to 256 does not fit a byte: 256
    # must come out as 256, not a crash.
    plan = _plan(tmp_path, (156, 256), ["id: a, weight: 1", "id: b, weight: 1"])
    cells = _cells(plan)
    values = [(256, 156), (255, 256), (156, 157)]
    matrix = cells.shifted(values)
    assert matrix.tolist() == [[100, 0], [99, 100], [0, 1]]
    assert _lines(cells.ratings(matrix)) == [b"256,156,", b"255,256,", b"156,157,"]


def test_a_two_point_scale_with_weights_too_fine_leaves_the_groups_to_the_caller(
    tmp_path: Path,
) -> None:
    # Scaled to whole numbers the weights sum to about 5 * 10**19, past 64 bits, however few
    # points the scale has: the groups go the row-by-row way (None); ratings and reasons do not.
    plan = _plan(
        tmp_path,
        (0, 1),
        [
            "id: a, weight: 0.12345678901234566, minimum: 1, group: g",
            "id: b, weight: 999.1234567890123, group: g",
        ],
    )
    cells = _cells(plan)
    values = [(1, 0), (0, 1)]
    matrix = cells.shifted(values)
    assert column_texts(cells.groups(matrix, values)) is None
    assert _lines(cells.ratings(matrix)) == [b"1,0,", b"0,1,"]
    assert column_texts(cells.reasons(matrix, values, str)) == ["", "a 0 < 1"]


def test_three_must_haves_missed_in_different_ways_have_different_reasons(
    tmp_path: Path,
) -> None:
    # Three traits with a minimum of 3 on 1 to 5: each missing one of them, or two, or none.
    plan = _plan(
        tmp_path,
        (1, 5),
        [f"id: t{i}, weight: 1, minimum: 3" for i in (1, 2, 3)],
    )
    cells = _cells(plan)
    values = [(3, 2, 3), (3, 3, 2), (2, 3, 3), (5, 5, 5), (1, 1, 4), (4, 1, 1), (3, 2, 2)]
    expected = [
        "t2 2 < 3",
        "t3 2 < 3",
        "t1 2 < 3",
        "",
        "t1 1 < 3; t2 1 < 3",
        "t2 1 < 3; t3 1 < 3",
        "t2 2 < 3; t3 2 < 3",
    ]
    assert column_texts(cells.reasons(cells.shifted(values), values, str)) == expected


def test_subtotals_spread_too_wide_for_a_table_are_looked_up_by_number(tmp_path: Path) -> None:
    # Weights 1 and 0.001 are 1000 and 1 in whole numbers: the group's subtotal runs from 0
    # to 1001 * 100, past a table of 65,536, so its texts are kept by number. The group's cell
    # is its weighted ratings over the most they could be: (1000 a + b) / 100,100 * 100.
    plan = _plan(
        tmp_path,
        (0, 100),
        ["id: a, weight: 1, group: g", "id: b, weight: 0.001, group: g"],
    )
    cells = PlainCells(plan, lambda score: f"{score:.1f}", str)
    first = [(100, 100), (0, 0), (100, 0), (0, 100), (100, 100)]
    assert column_texts(cells.groups(cells.shifted(first), first)) == [
        ["100.0", "0.0", "99.9", "0.1", "100.0"]
    ]
    # The next chunk: numbers met before and a new one, in another order.
    then = [(0, 100), (50, 50), (100, 0)]
    assert column_texts(cells.groups(cells.shifted(then), then)) == [["0.1", "50.0", "99.9"]]


def test_must_haves_too_many_for_a_table_are_looked_up_by_number(tmp_path: Path) -> None:
    # Three must-haves at 100 on 0 to 100: 101**3 combinations of ratings below it, past a
    # table of 65,536 but well within 64 bits.
    plan = _plan(
        tmp_path,
        (0, 100),
        [f"id: {trait}, weight: 1, minimum: 100" for trait in "abc"],
    )
    cells = _cells(plan)
    first = [(100, 100, 100), (99, 100, 100), (100, 0, 100), (0, 0, 0), (100, 100, 99)]
    assert column_texts(cells.reasons(cells.shifted(first), first, str)) == [
        "",
        "a 99 < 100",
        "b 0 < 100",
        "a 0 < 100; b 0 < 100; c 0 < 100",
        "c 99 < 100",
    ]
    then = [(0, 0, 0), (100, 100, 100), (100, 99, 100)]
    assert column_texts(cells.reasons(cells.shifted(then), then, str)) == [
        "a 0 < 100; b 0 < 100; c 0 < 100",
        "",
        "b 99 < 100",
    ]


def test_packed_rows_give_each_candidates_ratings_plus_the_bottom_kept_apart() -> None:
    # Ratings kept a byte each less 40 (a scale from 40 to 140 does not fit a byte): each
    # candidate's ratings come back with 40 added, one at a time or a slice at once.
    kept = numpy.array([[0, 100], [60, 1], [99, 0]], dtype=numpy.uint8)
    rows = PackedRows(kept, 40)
    assert len(rows) == 3
    assert rows[1] == (100, 41)
    assert rows[-1] == (139, 40)
    assert rows[1:] == [(100, 41), (139, 40)]
    assert rows[::2] == [(40, 140), (139, 40)]
    assert list(rows) == [(40, 140), (100, 41), (139, 40)]


def test_ratings_are_each_points_cell_with_zero_bytes_after_a_short_one(tmp_path: Path) -> None:
    plan = _plan(tmp_path, (0, 100), ["id: a, weight: 1", "id: b, weight: 1"])
    cells = _cells(plan)
    found = cells.ratings(cells.shifted([(0, 100), (7, 10), (99, 5)]))
    # Each cell is as wide as the widest, "100,": a line drops the zero bytes after a short one.
    assert found.dtype.itemsize == 8
    zero = b"\0"
    assert found.tolist() == [  # numpy drops the zero bytes at the end
        b"0," + zero * 2 + b"100,",
        b"7," + zero * 2 + b"10,",
        b"99," + zero + b"5,",
    ]
    one = _plan(tmp_path, (1, 5), ["id: a, weight: 1"])
    assert _cells(one).ratings(_cells(one).shifted([(1,), (5,)])).tolist() == [b"1,", b"5,"]


def test_ratings_below_zero_or_written_otherwise_are_their_cells(tmp_path: Path) -> None:
    below = _plan(tmp_path, (-2, 2), ["id: a, weight: 1", "id: b, weight: 1"])
    cells = _cells(below)
    assert _lines(cells.ratings(cells.shifted([(-2, 2), (0, -1)]))) == [b"-2,2,", b"0,-1,"]
    plan = _plan(tmp_path, (1, 5), ["id: a, weight: 1"])
    cells = PlainCells(plan, str, lambda rating: f"{rating}.0")
    assert _lines(cells.ratings(cells.shifted([(1,), (5,)]))) == [b"1.0,", b"5.0,"]
    # Every rating of 1 to 5 is its digits but the top one.
    cells = PlainCells(plan, str, lambda rating: "top" if rating == 5 else f"{rating}")
    assert _lines(cells.ratings(cells.shifted([(1,), (5,), (4,)]))) == [b"1,", b"top,", b"4,"]


def _groups(cells: PlainCells, values: Sequence[tuple[int, ...]]) -> list[Keyed]:
    found = cells.groups(cells.shifted(values), values)
    assert found is not None
    return found


def _lines(cells: numpy.ndarray) -> list[bytes]:
    """Cells as a line has them: without the zero bytes."""
    return [cell.replace(b"\0", b"") for cell in cells.tolist()]


def test_a_column_asked_for_as_bytes_with_another_end_has_that_end(tmp_path: Path) -> None:
    # The bytes of a table's cells are kept between chunks, with the end they were asked with:
    # asked with another, every cell takes the new end, not the old one.
    plan = _plan(tmp_path, (1, 5), ["id: a, weight: 1, group: g"])
    cells = PlainCells(plan, lambda score: f"s{score}", str)
    values = [(1,), (5,)]
    (column,) = _groups(cells, values)
    low, high = column.cells()
    assert low != high and low.startswith("s") and high.startswith("s")
    for end in ("", ",", "\r\n", ","):
        assert column.encoded(end).tolist() == [(low + end).encode(), (high + end).encode()]


def test_cells_met_in_two_chunks_before_the_bytes_are_asked_for_are_all_there(
    tmp_path: Path,
) -> None:
    # Ratings 2 and 3 are first met in the second chunk, 4 in the third; the bytes are asked
    # for after the first chunk and then only after the third, whose 3 was met in the second.
    plan = _plan(tmp_path, (1, 5), ["id: a, weight: 1, group: g"])
    cells = PlainCells(plan, lambda score: f"s{score}", str)
    chunks: list[list[tuple[int, ...]]] = [[(1,)], [(2,), (3,)], [(3,), (4,), (1,)]]
    (first,) = _groups(cells, chunks[0])
    assert first.encoded(",").tolist() == [first.cells()[0].encode() + b","]
    _groups(cells, chunks[1])
    (third,) = _groups(cells, chunks[2])
    texts = third.cells()
    assert len(set(texts)) == 3 and all(text.startswith("s") for text in texts)
    assert third.encoded(",").tolist() == [text.encode() + b"," for text in texts]
