"""A ranking of a big file without holding the file's candidates: ``rank --top N`` of a
million CSV rows (or JSON Lines) keeps each candidate's standing (one shared tuple per
distinct score), each name's key for the duplicate check, and whole rows only for the
candidates who can still be shown; a full ranking keeps each row's name, department and
ratings, and no mapping or model.

Only the plainest candidates take this way: one rater each, every trait of the rubric rated
and no other, every rating a whole number on the scale written plainly, a faultless name
and department, no name twice, nothing else. At the first candidate that is anything else,
the ranking gives up and returns None: the full reading of the file then finds the same
candidate and words every problem as it always has (the first place of a duplicate
included), so no message is worded in two places.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from operator import eq, itemgetter, mul
from typing import TYPE_CHECKING, Any, Final, NamedTuple, overload

from smteam.checking.departments import canonical_department
from smteam.checking.models import Candidate
from smteam.scoring import plain_order
from smteam.scoring.ranking import (
    Placings,
    Ranked,
    Ranking,
    placed_ranking,
    placings,
    rank_candidates,
    tied_placings,
)
from smteam.scoring.scores import (
    ScoringPlan,
    Standing,
    plain_evaluations,
    whole_standing,
)
from smteam.text import (
    LINE_MAX,
    NAME_MAX,
    PRINTABLE_LINES,
    name_key,
    person_key,
    text_problem,
)

if TYPE_CHECKING:
    from smteam.reading.yamlplain import PlainCandidate as PlainYamlCandidate

_FIXED: Final = ("name", "department")
_KEEP_AT_LEAST: Final = 1024
"""Rows kept before the first pruning of those who can no longer be shown."""


PlainRow = tuple[str, str, tuple[int, ...], Any]
"""One candidate as a reader found it: name, department, the ratings as points in the
rubric's order, and what it takes to build the candidate's model should they be shown (a
plain tuple: a reader makes a million)."""

BLANK: Final[PlainRow] = ("", "", (), None)
"""A row with nothing in it, which the full reading skips too."""


class _Shortlist:
    """The rows that may still rank ``top`` or better: those whose score reaches the
    ``top``-th best eligible score met so far. That cut only rises, so a row dropped for
    missing it would miss the final one too; rows tied at the cut all stay."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.best: list[float] = []  # the ``top`` best eligible scores so far, smallest first
        self.rows: list[tuple[float, Any]] = []
        self.limit = max(_KEEP_AT_LEAST, 2 * top)

    def offer(self, score: float, kept: Any) -> None:
        best = self.best
        if len(best) < self.top:
            heapq.heappush(best, score)
        elif score < best[0]:
            return
        elif score > best[0]:
            heapq.heapreplace(best, score)
        self.rows.append((score, kept))
        if len(self.rows) > self.limit:
            self.rows = self.contenders()
            # Ties at the cut may keep many: prune again only when the list has doubled.
            self.limit = max(self.limit, 2 * len(self.rows))

    def contenders(self) -> list[tuple[float, Any]]:
        if len(self.best) < self.top:
            return self.rows  # fewer eligible than asked for: everyone is shown
        cut = self.best[0]
        return [row for row in self.rows if row[0] >= cut]


def rank_plain_rows(
    rows: Iterable[PlainRow | None],
    candidate_of: Callable[[Any], dict[str, Any]],
    plan: ScoringPlan,
    *,
    top: int | None,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """The ranking ``rank_candidates`` gives for the candidates of ``rows`` with ``top``, and
    the candidates it shows (built from what their row kept, by ``candidate_of``); None as
    soon as a row is None (not of the plainest kind), and for a file with no candidate.

    With no ``top``, every candidate is shown: each row's name, department and ratings are
    kept (no model, no mapping) and evaluated in the order shown; no candidate is given."""
    departments: dict[str, int | None] = {}  # each department's code, if its text is fine
    seen: set[str] = set()
    found: list[Standing] = []
    everything = PlainRows(plan)  # with no ``top``: every row, a column each
    add_name, add_department = everything.names.append, everything.departments.append
    add_ratings, add_standing = everything.ratings_adder(), everything.standings.append
    everyone = top is None
    # Per row, whole_standing's arithmetic inline (a million rows): eligibility looked up by
    # the must-have ratings, and one standing tuple shared by every row with its score.
    weights, offset = plan.weights, plan.low * plan.total_weight
    must_haves = plan.must_haves
    passes: dict[tuple[int, ...], bool] = {}
    shared: dict[tuple[int, bool], int] = {}  # each standing's number in ``distinct``
    distinct = everything.distinct
    shortlist = _Shortlist(top or 1)
    best = shortlist.best
    cut = top or 0
    eligible = 0
    for row in rows:
        if row is None:
            return None
        if row is BLANK:
            continue
        name, department, values, kept = row
        # The checks of a plain row; scoring/teamplain.py makes the same ones for a team's
        # pool (inline in both: a million rows): a change here is a change there.
        if text_problem(name, kind="name", max_length=NAME_MAX) is not None:
            return None
        if department in departments:
            code = departments[department]
        else:
            fine = (
                text_problem(department, kind="department", max_length=LINE_MAX) is None
                and canonical_department(department) is not None
            )
            code = departments[department] = len(departments) if fine else None
            everything.department_texts.append(department)
        if code is None:
            return None
        if name.isascii():
            key = "".join(name.casefold().split())  # person_key's, without its call
        else:
            key = person_key(name)
        if not key or key in seen:
            return None
        seen.add(key)
        points = 100 * (sum(map(mul, weights, values)) - offset)
        if must_haves is None:
            passed = True
        else:
            must = must_haves(values)
            passed = passes.get(must)  # type: ignore[assignment]
            if passed is None:
                passed = passes[must] = whole_standing(values, plan)[3]
        number = shared.get((points, passed))
        if number is None:
            number = shared[points, passed] = len(distinct)
            distinct.append(whole_standing(values, plan))
        standing = distinct[number]
        found.append(standing)
        if everyone:
            add_name(name)
            add_department(code)
            add_ratings(values)
            add_standing(number)
        if passed:
            eligible += 1
            if not everyone and (len(best) < cut or standing[0] >= best[0]):
                shortlist.offer(standing[0], kept)
    if not found:
        return None
    del seen, shared
    if everyone:
        names = everything.names
        placed = None
        if len(names) >= plain_order.ORDER_FROM:
            placed = plain_order.packed_placings(everything, eligible_only=eligible_only)
        if placed is None:
            # Names with one sort key have one person_key (it is worked out from name_key's),
            # and a second person of a key was refused above: every sort key differs.
            placed = tied_placings(
                found, everything.sort_keys(), eligible_only=eligible_only, keys_differ=True
            ) or placings(found, names.__getitem__, eligible_only=eligible_only)
        entries = PlainEntries(placed, everything)
        return placed_ranking(plan, found, placed.ranks, entries), []
    shown = [Candidate.model_validate(candidate_of(kept)) for _, kept in shortlist.contenders()]
    ranking = rank_candidates(shown, plan, top=top, eligible_only=eligible_only)
    shown_eligible = sum(1 for entry in ranking.entries if entry.rank is not None)
    counted = replace(
        ranking,
        standings=tuple(found),
        hidden_eligible=eligible - shown_eligible,
        hidden_ineligible=len(found) - eligible,
    )
    return counted, shown


class PlainRows:
    """Every plain candidate of a full ranking, in the order of the files, a column each: the
    names, each department and standing as a number, and the ratings a byte each. A million
    rows take a fifth of the memory of a million tuples, and a big export picks each column
    in the order shown with numpy (:meth:`PlainEntries.packed`)."""

    def __init__(self, plan: ScoringPlan) -> None:
        self.plan = plan
        self.width = len(plan.trait_ids)
        scale = plan.rubric.scale
        # A rating is kept as itself on a scale from 0 to 255 (nearly every one), else less
        # the scale's bottom: every scale spans at most 100 points.
        self.low = 0 if 0 <= scale.min and scale.max <= 255 else scale.min
        self.names: list[str] = []
        self.departments = array("I")  # each row's, as its place in ``department_texts``
        self.department_texts: list[str] = []
        self.ratings = bytearray()  # ``width`` bytes a row, in the rubric's order
        self.standings = array("I")  # each row's, as its place in ``distinct``
        self.distinct: list[Standing] = []
        self._codes: dict[object, int] = {}
        self._joined: str | None = None
        self._ascii_names: tuple[str, Any] | None = None
        self._ascii_looked = False

    def joined(self) -> str | None:
        """Every name joined by line breaks, when every name is printable ASCII (nearly
        always), else None; made once, for a ranking's order and a big export."""
        if self._joined is None:
            joined = "\n".join(self.names)
            # "" once looked at when not printable ASCII (a name is never empty).
            self._joined = joined if PRINTABLE_LINES.fullmatch(joined) is not None else ""
        return self._joined or None

    def ascii_names(self) -> tuple[str, Any] | None:
        """:meth:`joined`, and every name as numpy bytes (``S``), when every name is
        printable ASCII, else None; made once, for a big ranking's order and its export."""
        if not self._ascii_looked:
            self._ascii_looked = True
            joined = self.joined()
            if joined is not None:
                import numpy

                self._ascii_names = joined, numpy.array(self.names, dtype=bytes)
        return self._ascii_names

    def sort_keys(self) -> list[str]:
        """Each name's sort key (:func:`smteam.text.name_key`), in the order of the files:
        when every name is printable ASCII with single spaces between words (nearly
        always), each name in lower case, made at once from :meth:`joined` rather than a
        call a name."""
        joined = self.joined()
        if joined is not None and plain_order.single_spaced(joined):
            return joined.lower().split("\n")
        return list(map(name_key, self.names))

    def ratings_adder(self) -> Callable[[Sequence[int]], None]:
        """What adds a row's ratings (in the rubric's order) to :attr:`ratings`."""
        extend, low = self.ratings.extend, self.low
        if not low:
            return extend
        return lambda values: extend([value - low for value in values])

    def add(self, name: str, department: str, values: Sequence[int], standing: Standing) -> None:
        """One more row (a reader's inline appends do the same for a million)."""
        codes = self._codes
        self.names.append(name)
        if department not in codes:
            codes[department] = len(self.department_texts)
            self.department_texts.append(department)
        self.departments.append(codes[department])
        self.ratings_adder()(values)
        if standing not in codes:  # a tuple: never equal to a department's text
            codes[standing] = len(self.distinct)
            self.distinct.append(standing)
        self.standings.append(codes[standing])

    def __len__(self) -> int:
        return len(self.names)

    def row(self, index: int) -> tuple[str, str, tuple[int, ...]]:
        """Row ``index``'s name, department and ratings, as :func:`plain_evaluations` takes
        them."""
        start = index * self.width
        kept = self.ratings[start : start + self.width]
        values = tuple(kept) if not self.low else tuple(value + self.low for value in kept)
        return self.names[index], self.department_texts[self.departments[index]], values


class PlainColumns(NamedTuple):
    """The candidates of a full ranking from one place to another in the order shown, a
    column each, for a format that makes no evaluations: ranks as a list, and numpy arrays of
    each candidate's row (its place in :class:`PlainRows`), department and standing numbers
    (places in :attr:`PlainRows.department_texts` and :attr:`PlainRows.distinct`) and
    ratings, a row each, as kept (less :attr:`PlainRows.low`)."""

    ranks: list[int | None]
    rows: Any
    departments: Any
    standings: Any
    ratings: Any


class PlainEntries(Sequence[Ranked]):
    """The entries of a full ranking of plain rows, in the order shown, each candidate
    evaluated only when read: a million evaluations held at once took a gigabyte and most of
    a full export's time. Read in order, they are evaluated a few thousand at a time; a CSV
    export reads :meth:`columns` or :meth:`packed` and makes none."""

    _CHUNK: Final = 4096

    def __init__(self, placed: Placings, rows: PlainRows) -> None:
        self._shown, self._ranks = placed.shown, placed.ranks
        self.rows = rows
        self.plan = rows.plan

    def __len__(self) -> int:
        return len(self._shown)

    @property
    def ranks(self) -> list[int | None]:
        """Each entry's rank (None: not eligible), in the order shown, without evaluating."""
        return self._ranks

    @overload
    def __getitem__(self, index: int) -> Ranked: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Ranked, ...]: ...

    def __getitem__(self, index: int | slice) -> Ranked | tuple[Ranked, ...]:
        if isinstance(index, slice):
            return tuple(self._evaluated(range(len(self))[index]))
        (entry,) = self._evaluated([range(len(self))[index]])  # IndexError past the end
        return entry

    def __iter__(self) -> Iterator[Ranked]:
        for start in range(0, len(self), self._CHUNK):
            yield from self._evaluated(range(start, min(start + self._CHUNK, len(self))))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(map(eq, self, other))

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple, so not hashable alone

    def _evaluated(self, positions: Sequence[int]) -> list[Ranked]:
        row, shown = self.rows.row, self._shown
        found = plain_evaluations([row(shown[p]) for p in positions], self.plan)
        return list(map(Ranked, [self._ranks[p] for p in positions], found))

    def columns(
        self, start: int, stop: int
    ) -> tuple[list[int | None], list[str], list[str], list[tuple[int, ...]], list[Standing]]:
        """The ranks, names, departments, ratings in the rubric's order and standings of the
        candidates shown from ``start`` to ``stop``, a list each (for a few thousand: see
        :meth:`packed` for more)."""
        rows = self.rows
        found = list(map(rows.row, self._shown[start:stop]))
        standings = [rows.distinct[rows.standings[i]] for i in self._shown[start:stop]]
        return (
            self._ranks[start:stop],
            list(map(itemgetter(0), found)),
            list(map(itemgetter(1), found)),
            list(map(itemgetter(2), found)),
            standings,
        )

    def packed(self, start: int, stop: int) -> PlainColumns:
        """The candidates shown from ``start`` to ``stop``, a column each (numpy)."""
        import numpy

        rows = self.rows
        at = numpy.array(self._shown[start:stop], dtype=numpy.intp)
        ratings = numpy.frombuffer(rows.ratings, dtype=numpy.uint8).reshape(-1, rows.width)
        return PlainColumns(
            ranks=self._ranks[start:stop],
            rows=at,
            departments=numpy.asarray(memoryview(rows.departments))[at],
            standings=numpy.asarray(memoryview(rows.standings))[at],
            ratings=ratings[at],
        )


def _points(plan: ScoringPlan) -> dict[str, int]:
    scale = plan.rubric.scale
    return {str(point): point for point in range(scale.min, scale.max + 1)}


PlainReading = tuple[Iterator[PlainRow | None], Callable[[Any], dict[str, Any]]]
"""A file's candidates as plain rows (None where a row is not of the plainest kind), and what
turns a row's kept part into a candidate's mapping."""


def rank_plain_sheet(
    header: Sequence[str],
    rows: Iterable[list[str]],
    plan: ScoringPlan,
    *,
    top: int | None,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """:func:`rank_plain_rows` for a CSV sheet's rows after its ``header``: a column for
    every trait of the rubric and no other (no rater, no notes), ratings written as whole
    numbers (``4``, not ``04`` or ``4.0``)."""
    found = plain_sheet_rows(header, rows, plan)
    if found is None:
        return None
    return rank_plain_rows(*found, plan, top=top, eligible_only=eligible_only)


def plain_sheet_rows(
    header: Sequence[str], rows: Iterable[list[str]], plan: ScoringPlan
) -> PlainReading | None:
    """The plain rows of a CSV sheet's ``rows`` after its ``header`` (see
    :func:`rank_plain_sheet`); None when the header is not of that kind."""
    trait_ids = plan.trait_ids
    if (
        len(header) != len(trait_ids) + len(_FIXED)
        or len(set(header)) != len(header)
        or set(header) != {*_FIXED, *trait_ids}
    ):
        return None
    width = len(header)
    name_at, department_at = header.index("name"), header.index("department")
    rated = [i for i, column in enumerate(header) if column not in _FIXED]
    in_rubric_order = [header.index(trait) for trait in trait_ids]
    points = _points(plan)
    point_of = points.__getitem__
    pick: Callable[[list[str]], Any]  # the rating cells, in the rubric's order
    if len(in_rubric_order) == 1:
        (only,) = in_rubric_order

        def pick(cells: list[str]) -> tuple[str, ...]:
            return (cells[only],)
    else:
        pick = itemgetter(*in_rubric_order)

    def plain(table: Iterable[list[str]]) -> Iterator[PlainRow | None]:
        for cells in table:
            if len(cells) != width or not cells[name_at]:
                # A blank line, or a row of empty cells, is skipped by the full reading too.
                yield BLANK if not any(cells) else None
                continue
            try:
                values = tuple(map(point_of, pick(cells)))
            except KeyError:  # empty, a label, a decimal, off the scale, or "04"
                yield None
                return
            yield cells[name_at], cells[department_at], values, cells

    def candidate_of(cells: list[str]) -> dict[str, Any]:
        ratings = {header[i]: points[cells[i]] for i in rated}
        return {"name": cells[name_at], "department": cells[department_at], "ratings": ratings}

    return plain(rows), candidate_of


def rank_plain_yaml(
    candidates: Iterable[PlainYamlCandidate | None],
    plan: ScoringPlan,
    *,
    top: int | None,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """:func:`rank_plain_rows` for the candidates of a YAML file of the plainest kind
    (:mod:`smteam.reading.yamlplain`): each rates every trait of the rubric and no other,
    each key a text in YAML and each rating a whole number written as such (``4``, not
    ``04``, ``4.0`` or a label)."""
    return rank_plain_rows(
        *plain_yaml_rows(candidates, plan), plan, top=top, eligible_only=eligible_only
    )


def plain_yaml_rows(
    candidates: Iterable[PlainYamlCandidate | None], plan: ScoringPlan
) -> PlainReading:
    """The plain rows of a YAML file's candidates (see :func:`rank_plain_yaml`)."""
    trait_ids = plan.trait_ids
    points = _points(plan)
    point_of = points.__getitem__
    expected = sorted(trait_ids)

    def plain(rows: Iterable[PlainYamlCandidate | None]) -> Iterator[PlainRow | None]:
        known: tuple[str, ...] = ()
        pick: Callable[[tuple[str, ...]], tuple[str, ...]] = tuple
        for row in rows:
            if row is None:
                yield None
                return
            keys = row[2]
            if keys != known:  # a new order of keys (a file nearly always has one)
                if sorted(keys) != expected:  # every trait of the rubric once, no other
                    yield None
                    return
                known = keys
                at = [keys.index(trait) for trait in trait_ids]
                pick = itemgetter(*at) if len(at) > 1 else itemgetter(slice(at[0], at[0] + 1))
            try:
                values = tuple(map(point_of, pick(row[3])))
            except KeyError:  # 04, 4.0, a label, off the scale, or a sign
                yield None
                return
            yield row[0], row[1], values, row

    def candidate_of(row: PlainYamlCandidate) -> dict[str, Any]:
        name, department, keys, texts = row
        ratings = {key: points[text] for key, text in zip(keys, texts, strict=True)}
        return {"name": name, "department": department, "ratings": ratings}

    return plain(candidates), candidate_of


_CANDIDATE_KEYS: Final = frozenset({"name", "department", "ratings"})


def rank_plain_objects(
    objects: Iterable[object],
    plan: ScoringPlan,
    *,
    top: int | None,
    eligible_only: bool = False,
) -> tuple[Ranking, list[Candidate]] | None:
    """:func:`rank_plain_rows` for JSON Lines, one parsed value per line that is not blank:
    an object of exactly the keys name, department and ratings, the ratings exactly the
    rubric's traits, each a whole number on the scale (not a boolean, not ``4.0``)."""
    return rank_plain_rows(
        *plain_object_rows(objects, plan), plan, top=top, eligible_only=eligible_only
    )


def plain_object_rows(objects: Iterable[object], plan: ScoringPlan) -> PlainReading:
    """The plain rows of JSON Lines' parsed values (see :func:`rank_plain_objects`)."""
    trait_ids, trait_set = plan.trait_ids, frozenset(plan.trait_ids)
    scale = plan.rubric.scale
    points = frozenset(range(scale.min, scale.max + 1))
    pick = itemgetter(*trait_ids) if len(trait_ids) > 1 else None
    count = len(trait_ids)

    def plain(values: Iterable[object]) -> Iterator[PlainRow | None]:
        for value in values:
            if value.__class__ is not dict or value.keys() != _CANDIDATE_KEYS:
                yield None
                return
            name, department, ratings = value["name"], value["department"], value["ratings"]
            if (
                name.__class__ is not str
                or department.__class__ is not str
                or ratings.__class__ is not dict
                or len(ratings) != count
                or ratings.keys() != trait_set
            ):
                yield None
                return
            given = pick(ratings) if pick is not None else (ratings[trait_ids[0]],)
            # ``True in points`` holds (True == 1): a boolean is refused by its class.
            if not (all(v.__class__ is int for v in given) and points.issuperset(given)):
                yield None
                return
            yield name, department, given, value

    return plain(objects), dict
