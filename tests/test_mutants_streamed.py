"""The ranking of a plain sheet or JSON Lines file as it is read (scoring/streamed.py), found
by mutmut: ratings one step off either end of the scale, a header with the rubric's number of
columns but another trait, JSON lines of another shape, rubrics of one and two traits, the
same person written two ways, scores a float cannot tell apart at the cut or in a full
ranking, a full ranking's ties by name and over a denominator too big for the quick
placings, plain YAML on rubrics of one and two traits, which candidates a shortlist
gives back, a full ranking's ratings on a scale past a byte, and two people whose names sort
alike but are written with different characters. Declining (None) hands the
file to the full reading, which words the problem."""

from __future__ import annotations

from typing import Any

import pytest

from smteam.scoring.ranking import Ranking
from smteam.scoring.scores import plan_scoring
from smteam.scoring.streamed import rank_plain_objects, rank_plain_sheet, rank_plain_yaml
from smteam.text import name_key
from tests.test_scoring import make_rubric


def _sheet(
    header: list[str],
    rows: list[list[str]],
    weights: list[float],
    *,
    top: int | None,
    high: int = 5,
) -> tuple[Ranking, list[str]] | None:
    plan = plan_scoring(make_rubric(weights, high=high))
    ranked = rank_plain_sheet(header, iter(rows), plan, top=top)
    if ranked is None:
        return None
    ranking, shown = ranked
    return ranking, [candidate.name for candidate in shown]


def _scores(ranking: Ranking) -> list[tuple[int | None, str, float]]:
    return [(e.rank, e.evaluation.name, e.evaluation.score) for e in ranking.entries]


HEADER = ["name", "department", "t0", "t1"]


@pytest.mark.parametrize("top", [None, 2])
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # Weights 1 and 1 on 1 to 5: (1 - 1 + 5 - 1) / 8 = 50; (5 - 1 + 5 - 1) / 8 = 100.
        (["1", "5"], [(1, "Bo", 100.0), (2, "Ann", 50.0)]),
        (["0", "5"], None),  # one below the scale
        (["6", "5"], None),  # one above it
        (["5", "0"], None),
        (["5", "6"], None),
    ],
    ids=["ends", "below-first", "above-first", "below-second", "above-second"],
)
def test_a_sheet_rating_off_the_scale_by_one_is_left_to_the_full_reading(
    cells: list[str], expected: list[tuple[int, str, float]] | None, top: int | None
) -> None:
    rows = [["Ann", "Sales", *cells], ["Bo", "PR", "5", "5"]]
    found = _sheet(HEADER, rows, [1, 1], top=top)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert _scores(found[0]) == expected


@pytest.mark.parametrize("top", [None, 2])
@pytest.mark.parametrize("rating", [0, 6, True], ids=["below", "above", "boolean"])
def test_a_json_line_rating_off_the_scale_by_one_is_left_to_the_full_reading(
    rating: object, top: int | None
) -> None:
    plan = plan_scoring(make_rubric([1, 1]))
    good: dict[str, Any] = {"name": "Bo", "department": "PR", "ratings": {"t0": 5, "t1": 5}}
    bad: dict[str, Any] = {"name": "Ann", "department": "Sales", "ratings": {"t0": 3}}
    bad["ratings"]["t1"] = rating
    assert rank_plain_objects(iter([good, bad]), plan, top=top) is None
    bad["ratings"]["t1"] = 1  # (3 - 1 + 1 - 1) / 8 = 25
    ranked = rank_plain_objects(iter([good, bad]), plan, top=top)
    assert ranked is not None
    assert _scores(ranked[0]) == [(1, "Bo", 100.0), (2, "Ann", 25.0)]


@pytest.mark.parametrize(
    "header",
    [
        ["name", "department", "t0", "other"],  # the rubric's count of columns, one trait not
        ["name", "department", "t0", "t0"],
        ["name", "department", "t0", "t1", "t1"],
        ["name", "t0", "t1", "rater"],
    ],
    ids=["another-trait", "a-trait-twice", "a-column-twice", "no-department"],
)
def test_a_header_not_exactly_the_rubrics_columns_is_left_to_the_full_reading(
    header: list[str],
) -> None:
    rows = [["Ann", "Sales", "3", "3", "3"]]
    assert _sheet(header, rows, [1, 1], top=1) is None


@pytest.mark.parametrize("top", [None, 1])
def test_a_rubric_of_one_trait_with_two_digit_ratings(top: int | None) -> None:
    # One trait on 1 to 10: (10 - 1) / 9 = 100 and (4 - 1) / 9 = 33.3 (shown 33.33...).
    rows = [["Ann", "Sales", "4"], ["Bo", "PR", "10"]]
    found = _sheet(["name", "department", "t0"], rows, [2], top=top, high=10)
    assert found is not None
    expected = [(1, "Bo", 100.0), (2, "Ann", 100 / 3)]
    assert _scores(found[0]) == (expected if top is None else expected[:1])


@pytest.mark.parametrize("top", [None, 3])
def test_a_rubric_of_two_traits_read_in_the_rubrics_order(top: int | None) -> None:
    # Weights 1 (t0) and 3 (t1), the columns written t1 first: Ann t0 = 5, t1 = 1 scores
    # (4 + 0) / 16 = 25; Bo t0 = 1, t1 = 5 scores (0 + 12) / 16 = 75.
    rows = [["Ann", "Sales", "1", "5"], ["Bo", "PR", "5", "1"]]
    found = _sheet(["name", "department", "t1", "t0"], rows, [1, 3], top=top)
    assert found is not None
    assert _scores(found[0]) == [(1, "Bo", 75.0), (2, "Ann", 25.0)]


def test_the_top_gives_back_only_the_candidates_it_shows() -> None:
    # Cy comes first and is kept until higher scores arrive; with --top 1 only the two tied
    # at 100 are shown, and only they are given back to be explained or reported.
    rows = [["Cy", "PR", "3", "3"], ["Ann", "Sales", "5", "5"], ["Bo", "PR", "5", "5"]]
    found = _sheet(HEADER, rows, [1, 1], top=1)
    assert found is not None
    ranking, shown = found
    assert _scores(ranking) == [(1, "Ann", 100.0), (1, "Bo", 100.0)]
    assert shown == ["Ann", "Bo"]
    assert (ranking.hidden_eligible, ranking.hidden_ineligible) == (1, 0)


@pytest.mark.parametrize("top", [None, 1])
def test_json_lines_on_a_rubric_of_one_trait(top: int | None) -> None:
    # One trait on 1 to 10: (10 - 1) / 9 = 100 and (4 - 1) / 9 = 33.3.
    plan = plan_scoring(make_rubric([2], high=10))
    people = [
        {"name": "Ann", "department": "Sales", "ratings": {"t0": 4}},
        {"name": "Bo", "department": "PR", "ratings": {"t0": 10}},
    ]
    ranked = rank_plain_objects(iter(people), plan, top=top)
    assert ranked is not None
    expected = [(1, "Bo", 100.0), (2, "Ann", 100 / 3)]
    assert _scores(ranked[0]) == (expected if top is None else expected[:1])


@pytest.mark.parametrize(
    "person",
    [
        {"name": None, "department": "Sales", "ratings": {"t0": 3, "t1": 3}},
        {"name": 7, "department": "Sales", "ratings": {"t0": 3, "t1": 3}},
        {"name": "Ann", "department": None, "ratings": {"t0": 3, "t1": 3}},
        {"name": "Ann", "department": "Sales", "ratings": [3, 3]},
        {"name": "Ann", "department": "Sales", "ratings": "33"},
        {"name": "Ann", "department": "Sales", "ratings": 3},
        {"name": "Ann", "department": "Sales", "ratings": {"t0": 3, "other": 3}},
        {"name": "Ann", "department": "Sales", "ratings": {"t0": 3}},
        {"name": "Ann", "department": "Sales", "ratings": {"t0": 3, "t1": 3, "t2": 3}},
    ],
    ids=[
        "name-null",
        "name-number",
        "department-null",
        "ratings-list",
        "ratings-text",
        "ratings-number",
        "another-trait",
        "a-trait-missing",
        "a-trait-too-many",
    ],
)
def test_a_json_line_not_of_the_plainest_kind_is_left_to_the_full_reading(
    person: dict[str, Any],
) -> None:
    plan = plan_scoring(make_rubric([1, 1]))
    good = {"name": "Bo", "department": "PR", "ratings": {"t0": 5, "t1": 5}}
    for top in (None, 1):
        assert rank_plain_objects(iter([good, person]), plan, top=top) is None


def test_the_top_gives_back_no_candidate_below_its_cut() -> None:
    # --top 1 of Cy at 50, then Ann at 100: only Ann is given back, whichever comes first.
    for rows in (
        [["Cy", "PR", "3", "3"], ["Ann", "Sales", "5", "5"]],
        [["Ann", "Sales", "5", "5"], ["Cy", "PR", "3", "3"]],
    ):
        found = _sheet(HEADER, rows, [1, 1], top=1)
        assert found is not None
        ranking, shown = found
        assert _scores(ranking) == [(1, "Ann", 100.0)]
        assert shown == ["Ann"]


@pytest.mark.parametrize(
    "second",
    ["\u0410nn Lee", "Ann\u200dLee", "ANN  LEE", "ann lee", "AnnLee"],
    ids=["cyrillic-a", "joiner-for-a-space", "capitals-and-spaces", "lower-case", "no-space"],
)
def test_the_same_person_written_another_way_is_left_to_the_full_reading(second: str) -> None:
    # A duplicate is worded by the full reading, both places named: the streamed way declines.
    rows = [["Ann Lee", "Sales", "3", "3"], [second, "PR", "4", "4"]]
    assert _sheet(HEADER, rows, [1, 1], top=None) is None
    assert _sheet(HEADER, rows, [1, 1], top=1) is None


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_top_of_scores_a_float_cannot_tell_apart_is_the_exact_best(fmt: str) -> None:
    # Weights 1 and 1e-17 on 1 to 5. Bo (5, 2) scores a hair more than Ann (5, 1): one part
    # in 4e17, below what a float near 100 can tell, so both scores are the float 100.0. The
    # exact score decides: --top 1 shows Bo alone, whichever row comes first.
    plan = plan_scoring(make_rubric([1, 1e-17]))
    ann, bo = ["Ann", "Sales", "5", "1"], ["Bo", "PR", "5", "2"]
    for rows in ([ann, bo], [bo, ann]):
        if fmt == "csv":
            ranked = rank_plain_sheet(HEADER, iter(rows), plan, top=1)
        else:
            people = [
                {"name": r[0], "department": r[1], "ratings": {"t0": int(r[2]), "t1": int(r[3])}}
                for r in rows
            ]
            ranked = rank_plain_objects(iter(people), plan, top=1)
        assert ranked is not None
        ranking, shown = ranked
        assert [(e.rank, e.evaluation.name) for e in ranking.entries] == [(1, "Bo")]
        assert ranking.hidden_eligible == 1
        # (4e17 + 1) / (4e17 + 4) of 100 is the float 100.0.
        assert [e.evaluation.score for e in ranking.entries] == [100.0]


def _people_of(rows: list[list[str]]) -> list[dict[str, Any]]:
    return [
        {"name": r[0], "department": r[1], "ratings": {"t0": int(r[2]), "t1": int(r[3])}}
        for r in rows
    ]


def _ranked(fmt: str, rows: list[list[str]], weights: list[float], top: int | None) -> Ranking:
    plan = plan_scoring(make_rubric(weights))
    if fmt == "csv":
        ranked = rank_plain_sheet(HEADER, iter(rows), plan, top=top)
    else:
        ranked = rank_plain_objects(iter(_people_of(rows)), plan, top=top)
    assert ranked is not None
    return ranked[0]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_full_ranking_of_scores_a_float_cannot_tell_apart_is_in_exact_order(fmt: str) -> None:
    # Weights 1 and 1e-17 as above: Bo (5, 2) a hair above Ann (5, 1), both shown as 100.0.
    # With no --top everyone is shown: Bo ranked 1 and Ann 2, not tied, whichever comes first.
    ann, bo = ["Ann", "Sales", "5", "1"], ["Bo", "PR", "5", "2"]
    for rows in ([ann, bo], [bo, ann]):
        ranking = _ranked(fmt, rows, [1, 1e-17], None)
        assert _scores(ranking) == [(1, "Bo", 100.0), (2, "Ann", 100.0)]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize(
    ("names", "in_order"),
    [
        (["Zo\u00eb", "Ann"], ["Ann", "Zo\u00eb"]),
        (["Ann-Bo", "Ann Lee"], ["Ann Lee", "Ann-Bo"]),  # a space sorts before a hyphen
        (["ann lee", "Ann-Bo", "Amy"], ["Amy", "ann lee", "Ann-Bo"]),
        (["Anna Lee", "Ann_Lee"], ["Ann_Lee", "Anna Lee"]),
    ],
    ids=["a-name-beyond-ascii", "a-space-and-a-hyphen", "case-ignored", "an-underscore"],
)
def test_tied_candidates_of_a_full_ranking_are_listed_by_name(
    fmt: str, names: list[str], in_order: list[str]
) -> None:
    # Everyone rated 3 and 3 on 1 to 5 with weights 1 and 1: (2 + 2) / 8 = 50, one tie,
    # listed by name (the README's order for ties) as the full reading lists them: case
    # ignored, then character by character. Case is ignored by lower case: "_" (0x5F) sorts
    # before "a" (0x61) but after "A" (0x41), so "ann_lee" comes before "anna lee", where
    # "ANN_LEE" would come after "ANNA LEE".
    rows = [[name, "Sales", "3", "3"] for name in names]
    ranking = _ranked(fmt, rows, [1, 1], None)
    assert _scores(ranking) == [(1, name, 50.0) for name in in_order]


@pytest.mark.parametrize("eligible_only", [False, True])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_full_ranking_over_a_big_denominator_lists_ties_by_name(
    fmt: str, eligible_only: bool
) -> None:
    # Weights 1 and 1e-17 (whole weights 10**17 and 1: the denominator 4 * (10**17 + 1) is
    # too big for the quick placings), and t1 must be 2 or more. Bo and Cy (5, 2) tie at
    # 100 * (4e17 + 1) / (4e17 + 4), listed by name (not by department: Cy's PR comes before
    # Bo's Sales); Ann (5, 1) misses the must-have and comes last, unranked, or not at all
    # with --eligible-only. Every score is the float 100.0.
    plan = plan_scoring(make_rubric([1, 1e-17], minimums=[None, 2]))
    rows = [["Cy", "PR", "5", "2"], ["Ann", "Marketing", "5", "1"], ["Bo", "Sales", "5", "2"]]
    if fmt == "csv":
        ranked = rank_plain_sheet(HEADER, iter(rows), plan, top=None, eligible_only=eligible_only)
    else:
        people = iter(_people_of(rows))
        ranked = rank_plain_objects(people, plan, top=None, eligible_only=eligible_only)
    assert ranked is not None
    expected = [(1, "Bo", 100.0), (1, "Cy", 100.0), (None, "Ann", 100.0)]
    assert _scores(ranked[0]) == (expected[:2] if eligible_only else expected)


@pytest.mark.parametrize("top", [None, 1])
def test_plain_yaml_on_a_rubric_of_one_trait(top: int | None) -> None:
    # One trait on 1 to 10: (10 - 1) / 9 = 100 and (4 - 1) / 9 = 33.3. The rating is the
    # text YAML holds: "10" is one rating, not a 1 and a 0.
    plan = plan_scoring(make_rubric([2], high=10))
    people = [("Ann", "Sales", ("t0",), ("4",)), ("Bo", "PR", ("t0",), ("10",))]
    ranked = rank_plain_yaml(iter(people), plan, top=top)
    assert ranked is not None
    expected = [(1, "Bo", 100.0), (2, "Ann", 100 / 3)]
    assert _scores(ranked[0]) == (expected if top is None else expected[:1])


@pytest.mark.parametrize("top", [None, 3])
def test_plain_yaml_on_a_rubric_of_two_traits_written_in_another_order(top: int | None) -> None:
    # As the sheet above: weights 1 (t0) and 3 (t1), each candidate's keys written t1 first.
    # Ann t0 = 5, t1 = 1: (4 + 0) / 16 = 25; Bo t0 = 1, t1 = 5: (0 + 12) / 16 = 75.
    plan = plan_scoring(make_rubric([1, 3]))
    people = [("Ann", "Sales", ("t1", "t0"), ("1", "5")), ("Bo", "PR", ("t1", "t0"), ("5", "1"))]
    ranked = rank_plain_yaml(iter(people), plan, top=top)
    assert ranked is not None
    assert _scores(ranked[0]) == [(1, "Bo", 75.0), (2, "Ann", 25.0)]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_full_ranking_on_a_scale_past_a_byte_keeps_every_rating(fmt: str) -> None:
    # A scale from 156 to 256 spans 100 points but does not fit a byte: a full ranking keeps
    # its ratings less 156 and gives each back whole. Weights 1 and 3 (a denominator of 400):
    # Cy (255, 255) (99 + 297) / 400 = 99.0; Bo (157, 256) (1 + 300) / 400 = 75.25; Ann
    # (256, 156) (100 + 0) / 400 = 25.0.
    plan = plan_scoring(make_rubric([1, 3], low=156, high=256))
    rows = [["Ann", "Sales", "256", "156"], ["Bo", "PR", "157", "256"], ["Cy", "PR", "255", "255"]]
    if fmt == "csv":
        ranked = rank_plain_sheet(HEADER, iter(rows), plan, top=None)
    else:
        ranked = rank_plain_objects(iter(_people_of(rows)), plan, top=None)
    assert ranked is not None
    entries = ranked[0].entries
    assert _scores(ranked[0]) == [(1, "Cy", 99.0), (2, "Bo", 75.25), (3, "Ann", 25.0)]
    assert [e.evaluation.ratings for e in entries] == [(255, 255), (157, 256), (256, 156)]


@pytest.mark.parametrize("eligible_only", [None, False, True], ids=["default", "false", "true"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "yaml"])
def test_each_plain_reader_shows_the_ineligible_unless_asked_not_to(
    fmt: str, eligible_only: bool | None
) -> None:
    # Weights 1 and 1 on 1 to 5, t1 at least 2: Bo (5, 5) 100; Cy (3, 3) (2 + 2) / 8 = 50;
    # Ann (5, 1) (4 + 0) / 8 = 50 misses the must-have: shown last and unranked, unless
    # eligible_only (False by default, as rank without --eligible-only).
    plan = plan_scoring(make_rubric([1, 1], minimums=[None, 2]))
    rows = [["Ann", "Marketing", "5", "1"], ["Bo", "Sales", "5", "5"], ["Cy", "PR", "3", "3"]]
    asked: dict[str, Any] = {} if eligible_only is None else {"eligible_only": eligible_only}
    if fmt == "csv":
        ranked = rank_plain_sheet(HEADER, iter(rows), plan, top=None, **asked)
    elif fmt == "jsonl":
        ranked = rank_plain_objects(iter(_people_of(rows)), plan, top=None, **asked)
    else:
        people = [(name, department, ("t0", "t1"), (a, b)) for name, department, a, b in rows]
        ranked = rank_plain_yaml(iter(people), plan, top=None, **asked)
    assert ranked is not None
    expected = [(1, "Bo", 100.0), (2, "Cy", 50.0), (None, "Ann", 50.0)]
    assert _scores(ranked[0]) == (expected[:2] if eligible_only else expected)


def test_names_that_sort_alike_are_one_person_so_the_quick_way_leaves_the_file() -> None:
    # "Sa" + the half-width semi-voiced mark (U+FF9F) + "ra", and the same with the combining
    # mark (U+309A): NFKC makes their sort keys one ("sa\u309ara"), so they are one person
    # (person_key is worked out from name_key's). The quick way gives up on the file (None),
    # for the full check to report the duplicate; it never lists two names of one sort key.
    half, combining = "Sa\uff9fra", "Sa\u309ara"
    assert name_key(half) == name_key(combining)
    plan = plan_scoring(make_rubric([1, 1]))
    rows = [[half, "Sales", "3", "3"], [combining, "Sales", "3", "3"]]
    assert rank_plain_sheet(HEADER, iter(rows), plan, top=None) is None
    assert rank_plain_sheet(HEADER, iter(rows[:1]), plan, top=None) is not None
