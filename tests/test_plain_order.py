"""The order of a very big full ranking, worked out with numpy (scoring/plain_order.py): the
same as the Python way's (``tied_placings``) for every set of names and standings it takes,
None for those it leaves to it, and a command's output unchanged either way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smteam import api
from smteam.api import RankOptions
from smteam.formats import delimited
from smteam.scoring import plain_order
from smteam.scoring.plain_order import packed_placings
from smteam.scoring.ranking import tied_placings
from smteam.scoring.scores import Standing
from smteam.scoring.streamed import PlainRows
from smteam.text import name_key, person_key
from tests.conftest import RUBRICS, RunCli
from tests.test_streamed import RUBRIC, _both, _people, _same, _write

PLAN = RankOptions().plan(api.load_rubric(str(RUBRICS / "five-core-skills.yaml")))

# Standings as rank_plain_rows makes them: a score over one denominator, and eligibility.
# Two share a score and differ in eligibility.
STANDINGS: tuple[Standing, ...] = (
    (75.0, 30, 40, True),
    (50.0, 20, 40, True),
    (75.0, 30, 40, False),
    (100.0, 40, 40, True),
    (25.0, 10, 40, False),
    (62.5, 25, 40, True),
)


def _rows(names: list[str], numbers: list[int]) -> PlainRows:
    """Plain rows of these names, each with the standing of :data:`STANDINGS` numbered."""
    rows = PlainRows(PLAN)
    low = PLAN.rubric.scale.min
    for name, number in zip(names, numbers, strict=True):
        rows.add(name, "Sales", (low,) * len(PLAN.trait_ids), STANDINGS[number])
    return rows


def _python_way(rows: PlainRows, *, eligible_only: bool) -> tuple[list[int], list[int | None]]:
    found = [rows.distinct[number] for number in rows.standings]
    placed = tied_placings(
        found, [name_key(name) for name in rows.names], eligible_only=eligible_only
    )
    assert placed is not None
    return list(placed.shown), placed.ranks


def _numpy_way(rows: PlainRows, *, eligible_only: bool) -> tuple[list[int], list[int | None]]:
    placed = packed_placings(rows, eligible_only=eligible_only)
    assert placed is not None
    return [int(i) for i in placed.shown], placed.ranks


# Names of letters in both cases, digits, a few signs and single spaces between words: the
# names the numpy way takes. Names long enough to take several eight-byte numbers each.
WORD = st.text(alphabet="abcXYZ019'-.", min_size=1, max_size=11)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    people=st.lists(st.tuples(NAME, st.integers(0, len(STANDINGS) - 1)), min_size=1, max_size=60),
    eligible_only=st.booleans(),
)
def test_the_numpy_order_is_the_python_order(
    people: list[tuple[str, int]], eligible_only: bool
) -> None:
    # rank_plain_rows keeps no two names of one person_key; nor does this.
    kept = {person_key(name): (name, number) for name, number in people}
    names = [name for name, _ in kept.values()]
    numbers = [number for _, number in kept.values()]
    rows = _rows(names, numbers)
    expected = _python_way(rows, eligible_only=eligible_only)
    assert _numpy_way(rows, eligible_only=eligible_only) == expected


def test_names_that_differ_past_many_bytes_and_in_case_only_where_they_differ() -> None:
    # Sort keys are lower case: "anna" before "Bob" before "cy", whatever the case; a name
    # that is another's start comes first; names alike for 17 bytes differ at the 18th.
    base = "Abcdefgh Ijklmnop"
    names = ["cy", "Bob", "anna", "ANNABEL", base + "A", base + " z", base, "0", "Zed"]
    rows = _rows(names, [0] * len(names))
    shown, ranks = _numpy_way(rows, eligible_only=False)
    assert [names[i] for i in shown] == [
        "0",
        base,
        base + " z",
        base + "A",
        "anna",
        "ANNABEL",
        "Bob",
        "cy",
        "Zed",
    ]
    assert (shown, ranks) == _python_way(rows, eligible_only=False)
    assert ranks == [1] * len(names)


@pytest.mark.parametrize(
    "odd",
    [
        "Zoë Ängström",  # not ASCII
        "Ann  Lee",  # two spaces
        " Ann Lee",  # a leading space
        "Ann Lee ",  # a trailing space
        "Ann\tLee",  # not printable
    ],
)
def test_names_the_numpy_order_leaves_to_python(odd: str) -> None:
    rows = _rows(["Bo", odd, "Cy"], [0, 1, 3])
    assert packed_placings(rows, eligible_only=False) is None
    assert packed_placings(_rows(["Bo", "Ann Lee", "Cy"], [0, 1, 3]), eligible_only=False)


def test_scores_over_several_denominators_are_left_to_python() -> None:
    rows = PlainRows(PLAN)
    low = (PLAN.rubric.scale.min,) * len(PLAN.trait_ids)
    rows.add("Ann", "Sales", low, (75.0, 30, 40, True))
    rows.add("Bo", "Sales", low, (75.0, 3, 4, True))
    assert packed_placings(rows, eligible_only=False) is None


def _shuffled_people(count: int, seed: int) -> list[list[str]]:
    """:func:`_people` with names in no order, of mixed case, some sharing a start."""
    rows = _people(count, seed, 2, 4)  # few points: many ties
    rng = random.Random(seed)
    first = ["ann", "Ann", "ANNA", "bo", "Bob", "cy", "Zed", "zoe"]
    for i, row in enumerate(rows):
        row[0] = f"{rng.choice(first)}{'' if i % 3 else ' '}{rng.randrange(10**6):06d} {i}"
    rng.shuffle(rows)
    return rows


@pytest.mark.parametrize("odd", [None, "Ann  Lee", "Zoë Ängström"])
@pytest.mark.parametrize("options", [["-f", "csv"], ["-f", "csv", "--eligible-only"], []])
def test_a_full_ranking_ordered_with_numpy_is_as_read_whole(
    options: list[str],
    odd: str | None,
    tmp_path: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # From a quarter of a million candidates on, the order is numpy's: here from 500. A
    # name it leaves to Python, late in the file, leaves it the whole order: the names' sort
    # keys, kept only up to 500 while reading, are then made for the rest.
    (tmp_path / "four.yaml").write_text(RUBRIC, encoding="utf-8")
    monkeypatch.setattr(plain_order, "ORDER_FROM", 500)
    monkeypatch.setattr(delimited, "_CHUNK", 97)
    calls: list[bool] = []
    real = plain_order.packed_placings

    def counted(rows: PlainRows, *, eligible_only: bool) -> object:
        found = real(rows, eligible_only=eligible_only)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(plain_order, "packed_placings", counted)
    people = _shuffled_people(1200, 31)
    if odd is not None:
        people[1100][0] = odd
    sheet = _write(tmp_path, people, "csv")
    rubric = str(tmp_path / "four.yaml")
    streamed, full = _both(run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, *options)
    _same(streamed, full)
    assert streamed.exit_code == 0
    assert calls == [odd is None]
