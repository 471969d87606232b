"""One person is one person (names compared on a skeleton), names and reviews that say nothing,
rubric limits, and the leave-one-rater-out worked out by hand."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from smteam.checking.documents import read_rubric
from smteam.checking.models import Candidate, Rubric
from smteam.checking.placing import SUGGESTIONS_MAX
from smteam.checking.rules import REPEATS_MAX, check_candidates
from smteam.choices import Aggregate, MissingPolicy
from smteam.errors import RubricError
from smteam.formats.sections import to_text
from smteam.formats.views import RATER_COLUMNS_MAX, explanation_view
from smteam.scoring.calibration import calibrate
from smteam.scoring.explain import explain
from smteam.scoring.ranking import rank_candidates
from smteam.scoring.scores import plan_scoring
from smteam.text import _lookalikes, looks_alike_note, name_key, person_key, text_problem
from tests.conftest import RunCli
from tests.test_scoring import make_rubric

Write = Callable[..., Path]

SAME = [
    ("Ann Lee", "An\u200dn Lee", "a zero-width joiner inside"),
    ("Ann Lee", "Ann L\u034fee", "a combining grapheme joiner"),
    ("Ann Lee", "Ann Lee\ufe0f", "a variation selector"),
    ("Ann Lee", "\u0410nn Lee", "a Cyrillic capital A"),
    ("Ann Lee", "\u0391nn Lee", "a Greek capital Alpha"),
    ("Ann Lee", "Ann L\u0435e", "a Cyrillic small ie"),
    ("Ann Lee", "ANN  lee", "case and a double space"),
    ("Ann Lee", "\uff21nn Lee", "a full-width A"),
    ("Joe Park", "Joe\u200dPark", "a joiner where the space was"),
    ("Joe Park", "Joe Pa\u200brk", "a zero-width space"),
    ("Zoë Li", "Zoe\u0308 Li", "a combining diaeresis"),
    ("Karel \u010capek", "Karel C\u030capek", "a C and a combining caron, as macOS writes it"),
    ("Dvo\u0159\xe1k", "Dvor\u030ca\u0301k", "every letter taken apart"),
    ("Sa\u0203ra", "Saa\u0311ra", "an inverted breve composed or not"),
    ("Sa\uff9fra", "Sa\u309ara", "a half-width semi-voiced mark for the combining one"),
]
DIFFERENT = [
    ("Ann Lee", "Anne Lee"),
    ("Ann Lee", "Ann Lea"),
    ("Ann Lee", "\u0410nne Lee"),
    ("Zoë Li", "Zoe Li"),
    ("Kim", "Kirn"),
]


@pytest.mark.parametrize(("name", "variant", "why"), SAME, ids=[w for _, _, w in SAME])
def test_names_that_look_the_same_are_one_person(name: str, variant: str, why: str) -> None:
    assert person_key(name) == person_key(variant), why


@pytest.mark.parametrize(("name", "other"), DIFFERENT)
def test_different_names_stay_different(name: str, other: str) -> None:
    assert person_key(name) != person_key(other)


ENCODED = " (they differ only in the Unicode characters that write the same letters)"
HIDDEN = " (they differ only in spacing, invisible or look-alike characters)"


@pytest.mark.parametrize(
    ("name", "other", "note"),
    [
        ("Ann Lee", "ANN  lee", ""),
        ("Ann Lee", "\uff21nn Lee", ENCODED),
        ("Zo\xeb Li", "Zoe\u0308 Li", ENCODED),
        ("Ann Lee", "\u0410nn Lee", HIDDEN),
        ("Joe Park", "Joe\u200dPark", HIDDEN),
    ],
)
def test_a_duplicate_says_what_its_names_differ_in(name: str, other: str, note: str) -> None:
    assert person_key(name) == person_key(other)
    assert looks_alike_note(other, name) == note


def test_sorting_keeps_its_own_key() -> None:
    # The skeleton is for sameness only: a Cyrillic A still sorts after every Latin letter.
    assert name_key("\u0410nn Lee") == "\u0430nn lee"
    assert person_key("\u0410nn Lee") == "annlee"


def test_the_lookalike_table_is_idempotent_and_cited() -> None:
    table = _lookalikes()
    mapped = [code for code, target in table.items() if target]
    assert len(mapped) > 2000
    for code in mapped:
        once = person_key(chr(code))
        assert person_key(once) == once, f"U+{code:04X}"
    header = (Path(__file__).parents[1] / "src/smteam/lookalikes.txt").read_text("utf-8")
    assert "Version: 13.0.0" in header and "Unicode License" in header


def _marked() -> list[str]:
    """Each character the look-alike table maps or that Unicode normalisation changes, and
    each combining mark, alone and after a letter: where look-alikes and normalisation meet."""
    chars = {chr(code) for code, target in _lookalikes().items() if target}
    for code in range(0x80, 0x30000):
        char = chr(code)
        if unicodedata.category(char) == "Mn" or unicodedata.normalize("NFKD", char) != char:
            chars.add(char)
    return [text for char in sorted(chars) for text in (char, "a" + char, "o" + char + "n")]


def test_a_person_key_is_its_own_key_and_the_same_for_one_text_however_written() -> None:
    marked = _marked()
    assert len(marked) > 20_000
    for text in marked:
        key = person_key(text)
        assert person_key(key) == key, ascii(text)
        # One text to Unicode (composed or taken apart) is one person.
        for form in ("NFC", "NFD"):
            assert person_key(unicodedata.normalize(form, text)) == key, (ascii(text), form)
        # Names with one sort key are one person (a sort and a duplicate check agree).
        folded = unicodedata.normalize("NFKC", text).casefold()
        assert name_key(folded) == name_key(text)
        assert person_key(folded) == key, ascii(text)


def test_ascii_names_never_load_the_table() -> None:
    code = (
        "from smteam.text import person_key, _lookalikes\n"
        "person_key('Ann Lee'); person_key('Joe  Park')\n"
        "print(_lookalikes.cache_info().currsize)\n"
        "person_key('\\u0410nn Lee')\n"
        "print(_lookalikes.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]


BLANK = [
    ("\u3164", "U+3164 (HANGUL FILLER)"),
    ("\u115f\u1160", "U+115F (HANGUL CHOSEONG FILLER)"),
    ("\u2800", "U+2800 (BRAILLE PATTERN BLANK)"),
    ("\uffa0 \uffa0", "U+FFA0 (HALFWIDTH HANGUL FILLER)"),
    ("\u034f\ufe0f", "U+034F (COMBINING GRAPHEME JOINER)"),
]


@pytest.mark.parametrize(("name", "shown"), BLANK)
def test_names_of_nothing_visible_are_refused(name: str, shown: str) -> None:
    assert text_problem(name, kind="name", max_length=100) == (
        f"expected a name, found only invisible or blank characters such as {shown}; write "
        "the name in letters"
    )


def test_a_name_with_a_filler_and_letters_is_a_name() -> None:
    assert text_problem("Ann\u3164Lee", kind="name", max_length=100) is None


def _validate(run_cli: RunCli, path: Path, *extra: str) -> tuple[int, list[str]]:
    result = run_cli("validate", str(path), *extra)
    lines = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if ": " in line]
    return result.exit_code, lines


CANDIDATES = """\
candidates:
  - name: Ann Lee
    department: Marketing
    reviews:
      - rater: Joe Park
        ratings: {t0: 3}
      - rater: "Joe\\u200dPark"
        ratings: {t0: 4}
      - rater: Kim Wu
        ratings: {}
  - name: "\\u0410nn Lee"
    department: Marketing
    ratings: {t0: 3}
  - name: "ANN  LEE"
    department: Marketing
    ratings: {t0: 3}
  - name: Anne Lee
    department: Marketing
    ratings: {t0: 3}
  - name: "\\u3164"
    department: Marketing
    ratings: {t0: 3}
"""
RUBRIC = "name: r\ntitle: R\nscale: {min: 1, max: 5}\ntraits:\n  - {id: t0, label: T0, weight: 1}\n"


def test_duplicates_blank_names_and_empty_reviews_in_one_run(run_cli: RunCli, write: Write) -> None:
    rubric = write(RUBRIC, "r.yaml")
    code, lines = _validate(run_cli, write(CANDIDATES), "--rubric", str(rubric))
    assert code == 1
    assert lines == [
        "candidates[0].reviews[1].rater: 'Joe\\u200dPark' already reviewed this candidate as "
        "'Joe Park' (they differ only in spacing, invisible or look-alike characters); each "
        "rater gives one scorecard per candidate (first at line 5)",
        "candidates[0].reviews[2].ratings: expected at least one rating, found none; a review "
        "rates the traits its rater assessed (leave the review out if they assessed none)",
        "candidates[1].name: duplicate candidate '\u0410nn Lee', the same name as 'Ann Lee' "
        "(they differ only in spacing, invisible or look-alike characters); each person may "
        "appear once (first at line 2)",
        "candidates[2].name: duplicate candidate 'ANN  LEE', the same name as 'Ann Lee'; each "
        "person may appear once (first at line 2)",
        "candidates[4].name: expected a name, found only invisible or blank characters such "
        "as U+3164 (HANGUL FILLER); write the name in letters",
    ]


@pytest.mark.parametrize("command", ["validate", "rank"])
def test_one_name_written_composed_and_taken_apart_is_one_candidate(
    run_cli: RunCli, write: Write, command: str
) -> None:
    # "Karel Čapek" with a "Č" of its own, and with a "C" and a combining caron (U+030C):
    # the same text on screen, found by rank's quick way through a plain file as well.
    composed = "Karel \u010capek"
    apart = unicodedata.normalize("NFD", composed)
    assert apart != composed
    rubric = write(RUBRIC, "r.yaml")
    rows = f"name,department,t0\n{composed},Marketing,3\nBo Chan,Sales,4\n{apart},PR,5\n"
    path = write(rows, "people.csv")
    result = run_cli(command, str(path), "--rubric", str(rubric))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:4:1: name (A4): duplicate candidate '{apart}', the same name as "
        f"'{composed}' (they differ only in the Unicode characters that write the same "
        "letters); each person may appear once (first at row 2)"
    )


PANEL_CSV = (
    "name,department,rater,t0,t1\n"
    "Ann Lee,Marketing,Joe Park,4,3\n"
    "\u0410nn Lee,Marketing,Kim Wu,2,\n"
    "Bo Chan,Marketing,Joe Park,3,3\n"
    "Bo Chan,Marketing,Kim Wu,,\n"
)
RUBRIC2 = RUBRIC + "  - {id: t1, label: T1, weight: 1}\n"


def test_csv_rows_of_one_person_are_one_candidate(run_cli: RunCli, write: Write) -> None:
    rubric = write(RUBRIC2, "r.yaml")
    path = write(PANEL_CSV, "panel.csv")
    result = run_cli("validate", str(path), "--rubric", str(rubric), "--missing", "skip")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:5:1: row 5: expected at least one rating, found none; a review rates the "
        "traits its rater assessed (leave the review out if they assessed none)"
    )
    fixed = write(PANEL_CSV.replace("Kim Wu,,", "Kim Wu,1,"), "fixed.csv")
    ranked = run_cli("rank", str(fixed), "--rubric", str(rubric), "--missing", "skip", "-f", "json")
    assert ranked.exit_code == 0, ranked.stderr
    document = json.loads(ranked.stdout)
    rows = document["candidates"] if isinstance(document, dict) else document
    assert sorted(row["name"] for row in rows) == ["Ann Lee", "Bo Chan"]
    # Ann Lee: t0 (4 + 2) / 2 = 3, t1 3 -> 100 * (2 + 2) / 8 = 50
    assert [row["score"] for row in rows if row["name"] == "Ann Lee"] == [50]
    explained = run_cli(
        "explain", str(fixed), "\u0391NN LEE", "--rubric", str(rubric), "--missing", "skip"
    )
    assert explained.exit_code == 0, explained.stderr
    assert explained.stdout.startswith("Ann Lee (Marketing): rank ")


def _panel(*cards: tuple[str, dict[str, Any]], name: str = "Ana") -> Candidate:
    reviews = [{"rater": rater, "ratings": ratings} for rater, ratings in cards]
    return Candidate.model_validate({"name": name, "department": "PR", "reviews": reviews})


def test_calibration_counts_a_rater_once_however_written() -> None:
    rubric = make_rubric([1])
    people = [
        _panel(("Joe Park", {"t0": 4}), ("Kim Wu", {"t0": 2}), name="A"),
        _panel(("Joe\u200dPark", {"t0": 5}), ("Kim Wu", {"t0": 3}), name="B"),
    ]
    stats = calibrate(people, rubric).raters
    assert [(s.rater, s.scorecards, s.mean, s.offset) for s in stats] == [
        ("Joe Park", 2, Fraction(9, 2), Fraction(2)),
        ("Kim Wu", 2, Fraction(5, 2), Fraction(-2)),
    ]


# Scale 1..5, t0 weight 1, t1 weight 2 with a minimum of 3; only A rates t1.
# Whole panel: t0 mean (5 + 3 + 4) / 3 = 4, t1 3: 100 * (1*3 + 2*2) / (3*4) = 175/3.
# Without A: t0 (3 + 4) / 2 = 7/2, t1 nobody -> skipped: 100 * (5/2) / 4 = 125/2, and the
#   must-have t1 is missed: not eligible.
# Without B: t0 (5 + 4) / 2 = 9/2, t1 3: 100 * (7/2 + 4) / 12 = 125/2.
# Without C: t0 (5 + 3) / 2 = 4: as the whole panel, 175/3.
# Others: Bo t0 4, t1 4: 100 * 9 / 12 = 75; Cy t0 2, t1 3: 100 * 5 / 12 = 125/3.
LEAVE_ONE_OUT = [
    (
        MissingPolicy.ERROR,
        Aggregate.MEAN,
        [
            ("A", Fraction(125, 2), None, False, ("t1",)),
            ("B", Fraction(125, 2), 2, True, ()),
            ("C", Fraction(175, 3), 2, True, ()),
        ],
    ),
    # --missing min: without A, t1 counts as 1: 100 * (5/2 + 0) / 12 = 125/6, and 1 < 3.
    (
        MissingPolicy.MIN,
        Aggregate.MEAN,
        [
            ("A", Fraction(125, 6), None, False, ("t1",)),
            ("B", Fraction(125, 2), 2, True, ()),
            ("C", Fraction(175, 3), 2, True, ()),
        ],
    ),
    # Median: without A, t0 median(3, 4) = 7/2 as above; without B median(5, 4) = 9/2; without
    # C median(5, 3) = 4: the same numbers as the mean for two raters.
    (
        MissingPolicy.SKIP,
        Aggregate.MEDIAN,
        [
            ("A", Fraction(125, 2), None, False, ("t1",)),
            ("B", Fraction(125, 2), 2, True, ()),
            ("C", Fraction(175, 3), 2, True, ()),
        ],
    ),
]


@pytest.mark.parametrize(("missing", "aggregate", "expected"), LEAVE_ONE_OUT)
def test_leave_one_rater_out_by_hand(
    missing: MissingPolicy, aggregate: Aggregate, expected: list[Any]
) -> None:
    rubric = make_rubric([1, 2], minimums=[None, 3])
    plan = plan_scoring(rubric, missing=missing, aggregate=aggregate)
    ana = _panel(("A", {"t0": 5, "t1": 3}), ("B", {"t0": 3}), ("C", {"t0": 4}))
    others = [
        Candidate(name="Bo", department="PR", ratings={"t0": 4, "t1": 4}),
        Candidate(name="Cy", department="PR", ratings={"t0": 2, "t1": 3}),
    ]
    explanation = explain(ana, rank_candidates([ana, *others], plan), plan)
    assert explanation.evaluation.exact_score == Fraction(175, 3)
    assert explanation.rank == 2
    found = [(w.rater, w.score, w.rank, w.eligible, w.unrated) for w in explanation.without]
    assert found == expected
    assert explanation.decided_by == ("A",)


def test_median_leave_one_out_with_an_even_count_left() -> None:
    # t0: A 5, B 1, C 2, D 2 -> median of four (2 + 2) / 2 = 2. Without A: median(1, 2, 2) = 2;
    # without B: median(2, 2, 5) = 2; without C: median(1, 2, 5) = 2. Scale 1..5, weight 1:
    # 100 * (2 - 1) / 4 = 25 each time. With t0 of A 5, B 1, C 2 only: without A, (1 + 2) / 2
    # = 3/2 -> 100 * (1/2) / 4 = 25/2.
    rubric = make_rubric([1])
    plan = plan_scoring(rubric, aggregate=Aggregate.MEDIAN)
    four = _panel(("A", {"t0": 5}), ("B", {"t0": 1}), ("C", {"t0": 2}), ("D", {"t0": 2}))
    explanation = explain(four, rank_candidates([four], plan), plan)
    assert [w.score for w in explanation.without] == [Fraction(25)] * 4
    three = _panel(("A", {"t0": 5}), ("B", {"t0": 1}), ("C", {"t0": 2}))
    explanation = explain(three, rank_candidates([three], plan), plan)
    # without B: (2 + 5) / 2 = 7/2 -> 100 * (5/2) / 4 = 125/2; without C: 3 -> 50
    assert [w.score for w in explanation.without] == [
        Fraction(25, 2),
        Fraction(125, 2),
        Fraction(50),
    ]


def test_many_raters_get_a_line_each_not_a_column_each() -> None:
    rubric = make_rubric([1, 1])
    count = RATER_COLUMNS_MAX + 1
    cards = [(f"Rater {i}", {"t0": 1 + i % 5, "t1": 3}) for i in range(count)]
    cards[0] = ("Rater 0", {"t0": 1})
    ana = _panel(*cards)
    plan = plan_scoring(rubric)
    shown = to_text(
        explanation_view(explain(ana, rank_candidates([ana], plan), plan)), width=80, color=False
    )
    assert f"Ratings by each of the {count} raters:" in shown
    assert "  Rater 0: T0 1\n" in shown
    assert "  Rater 4: T0 5, T1 3\n" in shown
    header = shown.splitlines()[1]
    assert "Rater" not in header and "Counts" in header


def test_groups_are_planned_in_one_pass() -> None:
    groups: list[Any] = [
        [f"g{i % 100}", f"g{i % 100}"] if i == 5 else f"g{i % 100}" for i in range(1000)
    ]
    rubric = make_rubric([1] * 1000, groups=groups)
    plan = plan_scoring(rubric)
    assert len(plan.groups) == 100
    assert plan.groups[0] == tuple(range(0, 1000, 100))
    assert plan.groups[5] == tuple(range(5, 1000, 100))  # t5 lists g5 twice, counted once


def _rubric_problems(text: str) -> list[str]:
    with pytest.raises(RubricError) as caught:
        read_rubric(text.encode(), "r.yaml")
    return [str(problem).removeprefix("r.yaml:") for problem in caught.value.problems]


RUBRIC_LIMITS = [
    (
        "scale: {min: 0, max: 50000000}",
        ["3:22: scale.max: expected a whole number from -1000 to 1000, found 50000000"],
    ),
    (
        "scale: {min: -1001, max: 5}",
        ["3:14: scale.min: expected a whole number from -1000 to 1000, found -1001"],
    ),
    (
        "scale: {min: 0, max: 101}",
        ["3:22: scale.max: expected at most 100 above scale.min (0), so at most 100, found 101"],
    ),
    (
        'scale: {min: 1, max: 5, labels: {1: "5", 5: "1"}}',
        [
            "3:37: scale.labels[1]: label '5' is a number: a rating written '5' would be read "
            "as this label, 1; give the point a label in words",
            "3:45: scale.labels[5]: label '1' is a number: a rating written '1' would be read "
            "as this label, 5; give the point a label in words",
        ],
    ),
    (
        'scale: {min: 1, max: 5, labels: {3: "2.5", 4: top 4}}',
        [
            "3:37: scale.labels[3]: label '2.5' is a number: a rating written '2.5' would be "
            "read as this label, 3; give the point a label in words"
        ],
    ),
]


@pytest.mark.parametrize(("scale", "expected"), RUBRIC_LIMITS)
def test_rubric_scale_limits(scale: str, expected: list[str]) -> None:
    text = f"name: r\ntitle: R\n{scale}\ntraits:\n  - {{id: t0, label: T0, weight: 1}}\n"
    assert _rubric_problems(text) == expected


def _traits(count: int, **extra: str) -> str:
    fields = "".join(f", {key}: {value}" for key, value in extra.items())
    lines = [f"  - {{id: t{i}, label: T{i}, weight: 1{fields}}}" for i in range(count)]
    return "name: r\ntitle: R\nscale: {min: 1, max: 5}\ntraits:\n" + "\n".join(lines) + "\n"


def test_at_most_a_thousand_traits() -> None:
    assert _rubric_problems(_traits(1001)) == [
        "5:3: traits: expected at most 1000 entries, found 1001; that is smteam's limit"
    ]
    assert isinstance(read_rubric(_traits(1000).encode(), "r.yaml"), Rubric)


def test_at_most_a_hundred_groups() -> None:
    lines = [f"  - {{id: t{i}, label: T{i}, weight: 1, group: g{i}}}" for i in range(101)]
    text = "name: r\ntitle: R\nscale: {min: 1, max: 5}\ntraits:\n" + "\n".join(lines) + "\n"
    assert _rubric_problems(text) == [
        "105:47: traits[100].group: more than 100 groups; a rubric may have at most 100"
    ]


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        ("0.0001", "expected a number from 0.001 to 1000, found 0.0001 (a decimal number)"),
        ("1001", "expected a number from 0.001 to 1000, found 1001"),
        ("0", "expected a number greater than 0, found 0"),
    ],
)
def test_weights_within_limits(weight: str, expected: str) -> None:
    trait = f"  - {{id: t0, label: T0, weight: {weight}}}\n"
    text = "name: r\ntitle: R\nscale: {min: 1, max: 5}\ntraits:\n" + trait
    (problem,) = _rubric_problems(text)
    assert problem.split(": ", 2)[2] == expected


def _unknown_issues(people: list[dict[str, Any]]) -> list[str]:
    rubric = make_rubric([1])
    issues = check_candidates({"candidates": people}, rubric, missing=MissingPolicy.SKIP)
    return [issue.detail for issue in issues]


def test_repeats_of_an_unknown_trait_past_the_limit_are_counted() -> None:
    people = [
        {"name": f"P{i}", "department": "PR", "ratings": {"t0": 3, "zzz": 1}}
        for i in range(REPEATS_MAX + 6)
    ]
    details = _unknown_issues(people)
    said = "unknown trait 'zzz'; not in rubric 'r'"
    # the first use, then REPEATS_MAX repeats one by one, then the last 5 counted
    assert details == [said] * (REPEATS_MAX + 1) + [
        "the unknown traits reported for this file are used 5 more times than listed"
    ]


def test_did_you_mean_for_the_first_hundred_unknown_keys() -> None:
    near = {"name": "Q", "department": "PR", "ratings": {"t0": 3, "t0o": 1}}
    assert _unknown_issues([near]) == ["unknown trait 't0o'; not in rubric 'r'; did you mean 't0'?"]
    many = {f"unknown-{i}": 1 for i in range(SUGGESTIONS_MAX)}
    first = {"name": "P", "department": "PR", "ratings": {"t0": 3, **many}}
    details = _unknown_issues([first, near])
    assert len(details) == SUGGESTIONS_MAX + 1
    assert details[-1] == "unknown trait 't0o'; not in rubric 'r'"
