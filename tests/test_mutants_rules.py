"""Problems a user reads, found by mutmut on checking/rules.py: how the uses of unknown traits
past the 1000 repeats listed are counted when one candidate brings several of them, and every
problem of a panel found when one of its reviews is not a mapping, nothing to score, and
ratings with mostly unknown keys, misspelt ``ratings`` and ``reviews``, and the unrated traits
named.

The rubric is tiny: scale 1 to 5, traits reach, voice, pace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TINY, RunCli

Write = Callable[..., Path]


def _candidate(index: int, unknown: list[str]) -> str:
    extra = "".join(f", {key}: 1" for key in unknown)
    return (
        f"  - {{name: P{index}, department: PR, ratings: {{reach: 3, voice: 3, pace: 3{extra}}}}}\n"
    )


def test_unknown_traits_past_the_repeats_listed_are_counted(run_cli: RunCli, write: Write) -> None:
    # P0 brings aa, bb and cc: each named for its first use. P1 to P333 repeat all three:
    # 999 repeats named. P334 repeats aa and bb with room for one more: one named, one
    # counted. P335 repeats aa, bb and cc, all counted, and brings dd, new, named.
    # Named: 3 + 999 + 1 + 1 = 1004; counted: 1 + 3 = 4.
    people = [_candidate(i, ["aa", "bb", "cc"]) for i in range(334)]
    people.append(_candidate(334, ["aa", "bb"]))
    people.append(_candidate(335, ["aa", "bb", "cc", "dd"]))
    write(TINY, "tiny.yaml")
    path = write("rubric: tiny.yaml\ncandidates:\n" + "".join(people))
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    named = [line for line in problems if ": unknown trait '" in line]
    assert len(named) == 1004
    summary = "the unknown traits reported for this file are used 4 more times than listed"
    assert f"{path}:1:1: {summary}" in problems
    # dd on the last line (2 + 336), after "  - {name: P335, ... cc: 1, ".
    assert named[-1] == (
        f"{path}:338:94: candidates[335].ratings.dd: unknown trait 'dd'; not in rubric 'tiny'"
    )


@pytest.mark.parametrize(
    ("options", "candidates", "expected"),
    [
        (
            [],
            "  - name: Ana\n    department: PR\n    reviews:\n"
            "      - just a note\n"
            "      - rater: Bea\n"
            "        ratings: {reach: 9, voice: 3, pace: 3}\n",
            [
                "6:9: candidates[0].reviews[0]: expected a mapping (key: value lines), found "
                '"just a note" (text)',
                "8:26: candidates[0].reviews[1].ratings.reach: expected a whole number from 1 to "
                "5, found 9",
            ],
        ),
        (
            [],
            "  - name: Ana\n    department: PR\n    reviews:\n"
            "      - rater: Bea\n"
            "        ratings: {reach: 0, voice: 3, pace: 3}\n"
            "      - 7\n"
            "      - rater: bea\n"
            "        ratings: {reach: 3, voice: 3, pace: 3}\n",
            [
                "7:26: candidates[0].reviews[0].ratings.reach: expected a whole number from 1 to "
                "5, found 0",
                "8:9: candidates[0].reviews[1]: expected a mapping (key: value lines), found 7 "
                "(a whole number)",
                "9:16: candidates[0].reviews[2].rater: 'bea' already reviewed this candidate; "
                "each rater gives one scorecard per candidate (first at line 6)",
            ],
        ),
        (
            # Nothing rated (empathy is a trait of a built-in rubric: allowed, not scored).
            ["--missing", "skip"],
            "  - {name: Ana, department: PR, ratings: {}}\n"
            "  - name: Ben\n    department: PR\n    reviews:\n"
            "      - {rater: Bea, ratings: {empathy: 3}}\n",
            [
                "3:33: candidates[0].ratings: no rating for any trait of rubric 'tiny', so there "
                "is nothing to score",
                "6:5: candidates[1].reviews: no rating for any trait of rubric 'tiny', so there "
                "is nothing to score",
            ],
        ),
        (
            # Nine keys for three traits, mostly unknown: the known ones are still checked,
            # and an unknown one is not also checked against the scale.
            [],
            "  - {name: Ana, department: PR, ratings: "
            "{reach: 9, a1: 1, a2: 1, a3: 1, a4: 1, a5: 1, zz: 9, pace: 3, voice: 3}}\n",
            [
                "3:50: candidates[0].ratings.reach: expected a whole number from 1 to 5, found 9",
                *(
                    f"3:{53 + 7 * i}: candidates[0].ratings.a{i + 1}: unknown trait 'a{i + 1}'; "
                    f"not in rubric 'tiny'"
                    for i in range(5)
                ),
                "3:88: candidates[0].ratings.zz: unknown trait 'zz'; not in rubric 'tiny'",
            ],
        ),
        (
            # An unknown trait is named; its value is not also checked against the scale.
            [],
            "  - {name: Ana, department: PR, ratings: "
            "{reach: 3, voice: 3, pace: 3, zz: great, yy: 9}}\n",
            [
                "3:72: candidates[0].ratings.zz: unknown trait 'zz'; not in rubric 'tiny'",
                "3:83: candidates[0].ratings.yy: unknown trait 'yy'; not in rubric 'tiny'",
            ],
        ),
        (
            # A misspelt ratings or reviews gets its did-you-mean and no "missing" problem.
            [],
            "  - {name: Ana, department: PR, ratngs: {reach: 3, voice: 3, pace: 3}}\n"
            "  - {name: Ben, department: PR, reveiws: [{rater: Amy, ratings: {reach: 3}}]}\n"
            "  - {name: Cy, department: PR}\n"
            "  - {name: Di, department: PR, RATINGS: {reach: 3, voice: 3, pace: 3}}\n"
            "  - {name: Ed, department: PR, REVIEWS: [{rater: Amy, ratings: {reach: 3}}]}\n"
            "  - {name: Fay, department: PR, age: 3}\n",
            [
                "3:33: candidates[0].ratngs: unknown key 'ratngs'; did you mean 'ratings'?",
                "4:33: candidates[1].reveiws: unknown key 'reveiws'; did you mean 'reviews'?",
                "5:5: candidates[2]: missing required key 'ratings' (one rater's ratings) or "
                "'reviews' (a panel's scorecards)",
                "6:32: candidates[3].RATINGS: unknown key 'RATINGS'; did you mean 'ratings'?",
                "7:32: candidates[4].REVIEWS: unknown key 'REVIEWS'; did you mean 'reviews'?",
                # An unknown key that stands for neither leaves the missing one to be said.
                "8:5: candidates[5]: missing required key 'ratings' (one rater's ratings) or "
                "'reviews' (a panel's scorecards)",
                "8:33: candidates[5].age: unknown key 'age'; expected one of: name, department, "
                "ratings, reviews, notes",
            ],
        ),
        (
            # Every rating fine, a note on an unknown trait.
            [],
            "  - {name: Ana, department: PR, ratings: {reach: 3, voice: 3, pace: 3}, "
            'notes: {zz: "x"}}\n',
            ["3:81: candidates[0].notes.zz: unknown trait 'zz'; not in rubric 'tiny'"],
        ),
        (
            # Plain ratings one below and one above the scale, and one that is a list.
            [],
            "  - {name: Ana, department: PR, ratings: {reach: 0, voice: 3, pace: 3}}\n"
            "  - {name: Ben, department: PR, ratings: {reach: 6, voice: 3, pace: 3}}\n"
            "  - {name: Cy, department: PR, ratings: {reach: [3], voice: 3, pace: 3}}\n",
            [
                "3:50: candidates[0].ratings.reach: expected a whole number from 1 to 5, found 0",
                "4:50: candidates[1].ratings.reach: expected a whole number from 1 to 5, found 6",
                "5:49: candidates[2].ratings.reach: expected a whole number from 1 to 5, found a "
                "list",
            ],
        ),
    ],
    ids=[
        "after-a-bad-review",
        "before-and-after-a-bad-review",
        "nothing-to-score",
        "mostly-unknown",
        "unknown-values",
        "misspelt-ratings-or-reviews",
        "note-on-an-unknown-trait",
        "plain-ratings-off-the-scale",
    ],
)
def test_the_problems_of_a_candidates_file(
    options: list[str], candidates: str, expected: list[str], run_cli: RunCli, write: Write
) -> None:
    write(TINY, "tiny.yaml")
    path = write("rubric: tiny.yaml\ncandidates:\n" + candidates)
    result = run_cli("validate", str(path), *options)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        *(f"{path}:{e}" for e in expected),
        f"FAILED {path} ({len(expected)} error{'s' if len(expected) > 1 else ''})",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            " 5",
            "2:13: candidates: expected a list (lines starting with '- '), found 5 "
            "(a whole number)",
        ),
        ("", "2:12: candidates: expected a list (lines starting with '- '), found nothing"),
        (
            " true",
            "2:13: candidates: expected a list (lines starting with '- '), found true (a boolean)",
        ),
    ],
    ids=["a-number", "nothing", "a-boolean"],
)
def test_candidates_that_are_not_a_list(
    value: str, expected: str, run_cli: RunCli, write: Write
) -> None:
    # One problem, never a traceback: the checks across candidates need a list to walk.
    write(TINY, "tiny.yaml")
    path = write(f"rubric: tiny.yaml\ncandidates:{value}\n")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:{expected}", f"FAILED {path} (1 error)"]


@pytest.mark.parametrize(
    ("traits", "rated", "listed"),
    [
        (9, 1, "t1, t2, t3, t4, t5, t6, t7, t8"),
        (9, 0, "t1, t2, t3, t4, t5, t6, t7, t8 and 1 more"),
        (10, 0, "t1, t2, t3, t4, t5, t6, t7, t8 and 2 more"),
    ],
    ids=["eight-unrated", "nine-unrated", "ten-unrated"],
)
def test_unrated_traits_are_named_up_to_eight(
    traits: int, rated: int, listed: str, run_cli: RunCli, write: Write
) -> None:
    rubric = "name: many\ntitle: Many\nscale: {min: 1, max: 5}\ntraits:\n" + "".join(
        f"  - {{id: t{i}, label: T{i}, weight: 1}}\n" for i in range(1, traits + 1)
    )
    write(rubric, "many.yaml")
    ratings = ", ".join(f"t{i}: 3" for i in range(traits - rated + 1, traits + 1))
    path = write(
        "rubric: many.yaml\ncandidates:\n"
        f"  - {{name: Ana, department: PR, ratings: {{{ratings}}}}}\n"
    )
    result = run_cli("validate", str(path))
    unrated = traits - rated
    assert result.stderr.splitlines() == [
        f"{path}:3:33: candidates[0].ratings: no rating for {unrated} of the {traits} traits of "
        f"rubric 'many': {listed}; rate them, or choose --missing skip or --missing min",
        f"FAILED {path} (1 error)",
    ]


@pytest.mark.parametrize(
    ("rubric", "expected"),
    [
        (
            "scale: {min: 1, max: 5, labels: "
            "{0: none, 6: beyond, 3: Solid, 4: ' solid ', 5: '5'}}\n"
            "traits:\n"
            "  - {id: reach, label: Reach, weight: 1, minimum: 6}\n"
            "  - {id: reach, label: Voice, weight: 0.0001}\n"
            # Minimums at both ends of the scale are on it.
            "  - {id: pace, label: Pace, weight: 1, minimum: 5}\n"
            "  - {id: tone, label: Tone, weight: 1, minimum: 1}\n",
            [
                "3:34: scale.labels: label for 0, which is not on the scale 1 to 5",
                "3:43: scale.labels: label for 6, which is not on the scale 1 to 5",
                "3:67: scale.labels[4]: expected a label without leading or trailing spaces",
                "3:67: scale.labels[4]: label ' solid ' is already used for 3; each point needs "
                "its own label",
                "3:81: scale.labels[5]: label '5' is a number: a rating written '5' would be read "
                "as this label, 5; give the point a label in words",
                "5:51: traits[0].minimum: expected a whole number on the scale, from 1 to 5, "
                "found 6",
                "6:10: traits[1].id: duplicate trait id 'reach'; each trait needs its own id "
                "(first at line 5)",
                "6:39: traits[1].weight: expected a number from 0.001 to 1000, found 0.0001 "
                "(a decimal number)",
            ],
        ),
        (
            'scale: {min: 1, max: 5, labels: {2: "2,5"}}\ntraits: 5\n',
            [
                "3:37: scale.labels[2]: label '2,5' is a number: a rating written '2,5' would be "
                "read as this label, 2; give the point a label in words",
                "4:9: traits: expected a list (lines starting with '- '), found 5 (a whole number)",
            ],
        ),
        (
            # No scale to check the minimum against, and a trait that is not a mapping: the
            # traits after it are still checked.
            "scale: 5\ntraits:\n  - 7\n  - {id: reach, label: Reach, weight: 0.0001, minimum: 3}\n",
            [
                "3:8: scale: expected a mapping (key: value lines), found 5 (a whole number)",
                "5:5: traits[0]: expected a mapping (key: value lines), found 7 (a whole number)",
                "6:39: traits[1].weight: expected a number from 0.001 to 1000, found 0.0001 "
                "(a decimal number)",
            ],
        ),
        (
            # 1000 traits, the most a rubric may have: the last repeats the first's id.
            "scale: {min: 1, max: 5}\ntraits:\n"
            + "".join(f"  - {{id: t{i}, label: T, weight: 1}}\n" for i in range(999))
            + "  - {id: t0, label: T, weight: 1}\n",
            [
                "1004:10: traits[999].id: duplicate trait id 't0'; each trait needs its own id "
                "(first at line 5)"
            ],
        ),
        (
            # The 101st group is named once, whether groups are given alone or in lists.
            "scale: {min: 1, max: 5}\ntraits:\n"
            + "".join(
                f"  - {{id: t{i}, label: T, weight: 1, group: [g{2 * i}, g{2 * i + 1}]}}\n"
                for i in range(50)
            )
            + "  - {id: t50, label: T, weight: 1, group: [g100, g0]}\n"
            "  - {id: t51, label: T, weight: 1, group: g0}\n"
            "  - {id: t52, label: T, weight: 1, group: [g1, g101]}\n",
            ["55:43: traits[50].group: more than 100 groups; a rubric may have at most 100"],
        ),
        (
            'scale: {min: 1, max: "5"}\ntraits:\n  - {id: reach, label: Reach, weight: 1}\n',
            ['3:22: scale.max: expected a whole number, found "5" (text); write it without quotes'],
        ),
        (
            # The ends of the scale's range and of the weights' are allowed.
            "scale: {min: -1000, max: -900}\ntraits:\n"
            "  - {id: reach, label: Reach, weight: 0.001, minimum: 3}\n"
            "  - {id: voice, label: Voice, weight: 1000}\n",
            [
                "5:55: traits[0].minimum: expected a whole number on the scale, from -1000 to "
                "-900, found 3"
            ],
        ),
        (
            "scale: {min: 900, max: 1000}\ntraits:\n"
            "  - {id: reach, label: Reach, weight: 0.001, minimum: 3}\n"
            "  - {id: voice, label: Voice, weight: 1000}\n",
            [
                "5:55: traits[0].minimum: expected a whole number on the scale, from 900 to "
                "1000, found 3"
            ],
        ),
        (
            # The widest scale, 100 points apart, is allowed.
            "scale: {min: 1, max: 101}\ntraits:\n"
            "  - {id: reach, label: Reach, weight: 1, minimum: 2000}\n",
            [
                "5:51: traits[0].minimum: expected a whole number on the scale, from 1 to 101, "
                "found 2000"
            ],
        ),
        (
            # A scale bound out of range: nothing else is checked against that scale.
            "scale: {min: 1, max: 1001}\ntraits:\n"
            "  - {id: reach, label: Reach, weight: 1, minimum: 2000}\n",
            ["3:22: scale.max: expected a whole number from -1000 to 1000, found 1001"],
        ),
    ],
    ids=[
        "labels-minimum-id-weight",
        "comma-label-no-trait-list",
        "no-scale",
        "thousand-traits",
        "groups",
        "max-in-quotes",
        "lowest-scale",
        "highest-scale",
        "widest-scale",
        "bound-out-of-range",
    ],
)
def test_the_problems_of_a_rubric(
    rubric: str, expected: list[str], run_cli: RunCli, write: Write
) -> None:
    path = write("name: bad\ntitle: Bad\n" + rubric, "bad.yaml")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        *(f"{path}:{e}" for e in expected),
        f"FAILED {path} ({len(expected)} error{'s' if len(expected) > 1 else ''})",
    ]
