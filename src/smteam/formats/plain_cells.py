"""The cells of a big full CSV export that depend on a plain candidate's ratings alone (the
group subtotals, the ratings, the must-haves missed), worked out a column at a time with numpy.

A group's cell is a function of one whole number per candidate, its subtotal of weighted
ratings, and the reasons' of another, the must-have ratings below their minimum. Candidates
who share that number share the cell, so a column is the number worked out for every candidate
at once (numpy), then a table of the few texts it takes: each text is that of one candidate
with that number, made the way every other row's cell is made
(:func:`smteam.scoring.scores.plain_evaluations`), and kept for the rest of the export. A
rating's cell is picked from a table of the scale's points.

Ratings off a scale from 0 to 255 (every scale but a few made up for it) travel to numpy as
bytes; weights so fine that a subtotal would not fit in 62 bits leave the groups to the
caller (None), and so do must-haves too many to number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple, overload

from smteam.scoring.scores import Evaluation, ScoringPlan, plain_evaluations

if TYPE_CHECKING:
    import numpy as np

_DENSE: Final = 1 << 16
"""Numbers spread over at most this many values are looked up in a table of that size; others
are sorted (``numpy.unique``)."""
_FITS: Final = 1 << 62
"""The largest number kept in numpy's 64-bit integers, with room to spare."""


class PlainCells:
    """The group, rating and reasons cells of plain candidates (one rater, every trait rated
    with a whole number), a column at a time, with each column's texts kept between chunks."""

    def __init__(
        self,
        plan: ScoringPlan,
        score_cell: Callable[[float | None], str],
        rating_cell: Callable[[int], str],
    ) -> None:
        import numpy

        self._np = numpy
        self.plan = plan
        self._score_cell = score_cell
        base = plan.rubric.scale.span + 1
        self._bytes = 0 <= plan.low and plan.rubric.scale.max <= 255
        # Groups: each group's traits and their weights.
        self._group_weights: list[list[tuple[int, int]]] | None = None
        if plan.groups and sum(plan.weights) * (base - 1) < _FITS:
            self._group_weights = [
                [(i, plan.weights[i]) for i in members] for members in plan.groups
            ]
        group_sizes = [
            sum(plan.weights[i] for i in members) * (base - 1) + 1 for members in plan.groups
        ]
        self._groups = [_Texts(numpy, size) for size in group_sizes]
        # Ratings: each point's cell and a comma, picked by the rating less the bottom.
        scale = plan.rubric.scale
        self._rating_cells = encoded_texts(
            [rating_cell(point) + "," for point in range(scale.min, scale.max + 1)]
        )
        # Must-haves: each rating held at its minimum when it reaches it, so only the
        # ratings below it (those the reasons name) tell one number from another.
        self._musts = [i for i, _ in plan.minimums]
        self._caps: Any = None
        self._must_digits: Any = None
        places = 1
        for _, minimum in plan.minimums:
            places *= minimum - plan.low + 1
        if plan.minimums and places < _FITS:
            caps = [minimum - plan.low for _, minimum in plan.minimums]
            digits, place = [], 1
            for cap in caps:
                digits.append(place)
                place *= cap + 1
            self._caps = numpy.array(caps, dtype=numpy.int64)
            self._must_digits = numpy.array(digits, dtype=numpy.int64)
        self._reasons = _Texts(numpy, places)

    def shifted(self, values: Sequence[Sequence[int]]) -> np.ndarray[Any, Any]:
        """The ratings, less the bottom of the scale, a row per candidate (64-bit integers)."""
        numpy = self._np
        count = len(self.plan.trait_ids)
        if self._bytes:
            flat = numpy.frombuffer(b"".join(map(bytes, values)), dtype=numpy.uint8)
            matrix = flat.reshape(len(values), count).astype(numpy.int64)
        else:
            matrix = numpy.array(values, dtype=numpy.int64).reshape(len(values), count)
        shifted: np.ndarray[Any, Any] = matrix - self.plan.low
        return shifted

    def unpacked(self, kept: np.ndarray[Any, Any], low: int) -> np.ndarray[Any, Any]:
        """:meth:`shifted` from ratings kept a byte each, less ``low``, a row per candidate
        (:class:`smteam.scoring.streamed.PlainRows`)."""
        shifted: np.ndarray[Any, Any] = kept.astype(self._np.int64)
        if low != self.plan.low:
            shifted += low - self.plan.low
        return shifted

    def groups(
        self, matrix: np.ndarray[Any, Any], values: Sequence[Sequence[int]]
    ) -> list[Keyed] | None:
        """Each group's column of subtotals; None for weights too fine for 64 bits."""
        if self._group_weights is None:
            return None if self.plan.groups else []
        # A trait at a time: numpy multiplies whole-number matrices in a plain loop, over every
        # trait for every group (a million rows' subtotals took 70 ms that way).
        numpy = self._np
        sums = []
        for members in self._group_weights:
            total = numpy.zeros(len(matrix), dtype=numpy.int64)
            for i, weight in members:
                total += matrix[:, i] * weight
            sums.append(total)

        def text(g: int) -> Callable[[int, int], str]:
            return lambda _, row: self._score_cell(self._evaluated(values[row]).group_scores[g])

        return [self._column(sums[g], self._groups[g], text(g)) for g in range(len(self._groups))]

    def ratings(self, matrix: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Every rating's cell and a comma after each, a row of bytes per candidate (numpy
        ``S``; zero bytes right of a short cell), each cell picked from the scale's table."""
        cells = self._rating_cells[matrix]
        laid: np.ndarray[Any, Any] = cells.view(f"S{matrix.shape[1] * cells.itemsize}")
        return laid.ravel()

    def reasons(
        self,
        matrix: np.ndarray[Any, Any],
        values: Sequence[Sequence[int]],
        cell: Callable[[str], str],
    ) -> Keyed | None:
        """The reasons column (``cell`` of the must-haves missed, joined by ``; ``); None for
        must-haves too many to number, or none."""
        if self._caps is None:
            return None
        numpy = self._np
        keys = numpy.minimum(matrix[:, self._musts], self._caps) @ self._must_digits
        return self._column(
            keys,
            self._reasons,
            lambda _, row: cell("; ".join(self._evaluated(values[row]).reasons)),
        )

    def _evaluated(self, values: Sequence[int]) -> Evaluation:
        (evaluation,) = plain_evaluations([("", "", tuple(values))], self.plan)
        return evaluation

    def _column(
        self, keys: np.ndarray[Any, Any], known: _Texts, text: Callable[[int, int], str]
    ) -> Keyed:
        """Each candidate's cell by their number in ``keys``: a number met for the first time
        takes its ``text`` (of the number and of a candidate who has it: any one, they all
        have the same cell)."""
        numpy = self._np
        if known.table is not None:
            table = known.table
            new = keys[~known.filled[keys]]
            if len(new):
                at = numpy.full(len(table), -1, dtype=numpy.int64)
                at[keys] = numpy.arange(len(keys))  # for a number held by many, one of them
                # Each new number once, in order: as numpy.unique, which would import numpy.ma
                # for its check of a masked array (5 ms of a 100,000-row export).
                fresh = numpy.zeros(len(table), dtype=bool)
                fresh[new] = True
                added = numpy.flatnonzero(fresh).tolist()
                for key in added:
                    table[key] = text(key, int(at[key]))
                known.filled[new] = True
                known.pending += added
            return Keyed(table, keys, known)
        unique, rows, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
        texts = known.texts
        for key, row in zip(unique.tolist(), rows.tolist(), strict=True):
            if key not in texts:
                texts[key] = text(key, row)
        found = numpy.array([texts[key] for key in unique.tolist()], dtype=object)
        return Keyed(found, inverse, None)


class Keyed(NamedTuple):
    """A column of cells as a table of texts and each candidate's place in it."""

    texts: Any  # numpy objects: each text (None where a table's place is not yet used)
    index: Any  # numpy integers: each candidate's place in ``texts``
    known: _Texts | None  # the lasting table ``texts`` is, if it is one

    def cells(self) -> list[str]:
        """Each candidate's cell."""
        return self.texts[self.index].tolist()  # type: ignore[no-any-return]

    def encoded(self, end: str) -> np.ndarray[Any, Any]:
        """Each candidate's cell in UTF-8 with ``end`` after it, as numpy bytes (``S``)."""
        if self.known is not None:
            table = self.known.encoded(end)
        else:
            table = encoded_texts([text + end for text in self.texts.tolist()])
        return table[self.index]  # type: ignore[no-any-return]


def encoded_texts(texts: list[str]) -> np.ndarray[Any, Any]:
    """``texts`` in UTF-8, as numpy bytes (``S``, as wide as the widest)."""
    import numpy

    return numpy.array([text.encode() for text in texts], dtype=bytes)


class PackedRows(Sequence[tuple[int, ...]]):
    """Each candidate's ratings from a row of ratings kept a byte each, less ``low``, made
    only when asked (for the first candidate with a new cell)."""

    def __init__(self, kept: np.ndarray[Any, Any], low: int) -> None:
        self._kept, self._low = kept, low

    def __len__(self) -> int:
        return len(self._kept)

    @overload
    def __getitem__(self, index: int) -> tuple[int, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, ...] | Sequence[tuple[int, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        low = self._low
        return tuple(value + low for value in self._kept[index].tolist())


class _Texts:
    """The texts of one column by number: a table when the numbers run from 0 to fewer than
    65,536, else a mapping."""

    def __init__(self, numpy: Any, size: int) -> None:
        self._np = numpy
        self.table: Any = numpy.full(size, None, dtype=object) if size <= _DENSE else None
        self.filled: Any = numpy.zeros(size, dtype=bool) if size <= _DENSE else None
        self.texts: dict[int, str] = {}
        self.pending: list[int] = []  # places of the table filled since :meth:`encoded`
        self._encoded: Any = None
        self._end = ""

    def encoded(self, end: str) -> np.ndarray[Any, Any]:
        """The table's texts with ``end`` after each, in UTF-8 (empty where unused), as numpy
        bytes, brought up to date with the texts added since the last call."""
        if self._encoded is None or end != self._end:
            self._encoded = self._np.zeros(len(self.table), dtype="S1")
            self._end = end
            self.pending = self.filled.nonzero()[0].tolist()
        if self.pending:
            places, self.pending = self.pending, []
            added = encoded_texts([text + end for text in self.table[places].tolist()])
            if added.itemsize > self._encoded.itemsize:
                self._encoded = self._encoded.astype(added.dtype)
            self._encoded[places] = added
        return self._encoded  # type: ignore[no-any-return]
