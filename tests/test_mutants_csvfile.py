"""CSV problems at their exact cell (found by mutmut on reading/csvfile.py): a panel sheet whose
rater column is not the first, a sheet of one candidate per row (read the short way), a
header with no rows, numbers at and past the longest read, a recommendation column without
raters, and a name that is not in column A.

Columns are counted from the header written beside each file: A is the first column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunCli

Write = Callable[..., Path]

WHOLE = "expected a whole number from 1 to 5 or a label (no evidence, limited, solid, strong, exceptional)"  # noqa: E501
MISSING = "rate them, or choose --missing skip or --missing min"
TRAITS = "empathy,transparency,responsiveness,adaptability,connectedness"
AT_LIMIT = "4." + "5" * 4298  # 4,300 characters: the longest number read
PAST_LIMIT = "4." + "5" * 4299  # 4,301 characters, 4,300 digits

# A (name) B (department) C..G (the five traits) H (rater) I (recommendation) J (notes.empathy)
# K (notes.bogus) L (bogus)
PANEL = (
    f"name,department,{TRAITS},rater,recommendation,notes.empathy,notes.bogus,bogus\n"
    "Ana,Marketing,4.5,4,4,4,4,Amy,yes,good,,\n"  # row 2
    "Ana,Marketing,4,4,4,4,4,Amy,maybe,,x,\n"  # row 3: Amy again; not a recommendation
    "Bo,Marketing,,,,,,Cy,yes,,,\n"  # row 4: a scorecard with no rating
    "Dee,Marketing,4,4,4,4,4,Cy,no,,,\n"  # row 5
    "Dee,Sales,4,4,4,4,4,Eve,no,,,\n"  # row 6: another department for Dee
)
PANEL_PROBLEMS = [
    "1:11: notes.bogus (K1): unknown trait 'bogus'; not in rubric 'five-core-skills'",
    f"2:3: empathy (C2): {WHOLE}, found 4.5 (a decimal number)",
    "3:8: rater (H3): 'Amy' already reviewed this candidate; each rater gives one scorecard "
    "per candidate (first at row 2)",
    "3:9: recommendation (I3): expected one of strong_no, no, yes, strong_yes, no_decision, "
    'found "maybe" (text)',
    # the scorecard is the row: placed at its name; the candidate's reviews at the rater column
    "4:1: row 4: expected at least one rating, found none; a review rates the traits its rater "
    "assessed (leave the review out if they assessed none)",
    "4:8: row 4: no rating by any rater for 5 of the 5 traits of rubric 'five-core-skills': "
    f"empathy, transparency, responsiveness, adaptability, connectedness; {MISSING}",
    "6:2: department (B6): department 'Sales' differs from 'Marketing' in row 5 for the same "
    "candidate",
]

# One candidate per row, every trait a column and no notes: the sheet an export gives.
PLAIN = (
    f"name,department,{TRAITS}\n"
    "Ana,Marketing,4,4,4,4\n"  # row 2: a cell short
    "Bo,Marketing,4,,4,4,4\n"  # row 3: transparency not rated
    "Cy,Marketing,4,4,9,4,4\n"  # row 4: 9 in E
    f"Dee,Marketing,{PAST_LIMIT},4,4,4,4\n"  # row 5
    f"Ed,Marketing,{AT_LIMIT},4,4,4,4\n"  # row 6
)
PLAIN_PROBLEMS = [
    "2:1: row 2 has 6 cells, the header has 7",
    f"3:1: row 3: no rating for 1 of the 5 traits of rubric 'five-core-skills': transparency; "
    f"{MISSING}",
    f"4:5: responsiveness (E4): {WHOLE}, found 9",
    f"5:3: empathy (C5): {WHOLE}, found 4.55555555… (a number of 4300 digits, too long to read)",
    f"6:3: empathy (C6): {WHOLE}, found 4.55555555… (4300 characters) (a decimal number)",
]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (PANEL, PANEL_PROBLEMS),
        (PLAIN, PLAIN_PROBLEMS),
        (f"name,department,{TRAITS}\n", ["2:1: row 2: expected at least one entry, found 0"]),
        (
            "name,department,empathy,recommendation\nAna,Marketing,4,yes\n",
            ["1:1: a 'recommendation' column needs a 'rater' column: one per scorecard"],
        ),
        (
            # name is column B: a candidate's missing ratings are shown at their name, B2
            f"department,name,{TRAITS}\nMarketing,Ana,4,,4,4,4\n",
            [
                "2:2: row 2: no rating for 1 of the 5 traits of rubric 'five-core-skills': "
                f"transparency; {MISSING}"
            ],
        ),
        (
            # a quoted cell keeps its CRLF as written: the message quotes both characters
            f'name,department,{TRAITS}\r\nAna,Marketing,"solid\r\nx",4,4,4,4\r\n',
            [f"2:3: empathy (C2): {WHOLE}, found \"solid\\r\\nx\" (text); did you mean 'solid'?"],
        ),
        (
            # no trait column at all: a candidate with no rating, not a crash
            "name,department\nAna,Marketing\n",
            [
                "2:1: row 2: no rating for 5 of the 5 traits of rubric 'five-core-skills': "
                f"{TRAITS.replace(',', ', ')}; {MISSING}"
            ],
        ),
        (
            # a quote inside an unquoted cell: the row where the CSV stops making sense
            f'name,department,{TRAITS}\nAna,Marketing,4,4,4,4,4\n"Bo"x,Sales,3,3,3,3,3\n',
            ["3:1: CSV syntax error: ',' expected after '\"'"],
        ),
        (
            # Latin-1, not UTF-8: the é of José is byte 4 of row 2
            f"name,department,{TRAITS}\nJos\xe9,Marketing,4,4,4,4,4\n".encode("latin-1"),
            [
                "2:4: not UTF-8 text: byte 0xe9 cannot start or continue a character; "
                "save the file as UTF-8"
            ],
        ),
        (
            # a number is quoted as written in its cell, the last column too: 4.50, not 4.5
            f"name,department,{TRAITS}\nAna,Marketing,4,4,4,4,4.50\n",
            [f"2:7: connectedness (G2): {WHOLE}, found 4.50 (a decimal number)"],
        ),
        (
            # three problems in cell A1, in the order they are found: the cell, then the
            # columns missing
            ",department,empathy,recommendation\nAna,Marketing,4,yes\n",
            [
                "1:1: the header cell A1 is empty",
                "1:1: the header has no 'name' column (it needs name and department)",
                "1:1: a 'recommendation' column needs a 'rater' column: one per scorecard",
            ],
        ),
    ],
    ids=[
        "panel",
        "one-row-each",
        "header-only",
        "recommendation-without-rater",
        "name-in-column-b",
        "crlf-in-a-quoted-cell",
        "no-trait-columns",
        "syntax-error",
        "not-utf8",
        "decimal-in-the-last-column",
        "three-problems-in-a1",
    ],
)
def test_problems_in_a_sheet(
    text: str | bytes, problems: list[str], run_cli: RunCli, write: Write
) -> None:
    path = write(text, "team.csv")
    result = run_cli("validate", "--rubric", "five-core-skills", str(path))
    assert result.exit_code == 1
    count = f"{len(problems)} error{'s' if len(problems) != 1 else ''}"
    assert result.stderr.splitlines() == [f"{path}:{p}" for p in problems] + [
        f"FAILED {path} ({count})"
    ]


def test_a_sheet_that_is_not_csv_is_refused_when_ranked(run_cli: RunCli, write: Write) -> None:
    """A plain sheet is ranked as its rows are read; a row the CSV rules refuse stops the
    ranking with the same problem that validate gives, never a guess at the row."""
    path = write(
        f'name,department,{TRAITS}\nAna,Marketing,4,4,4,4,4\n"Bo"x,Sales,3,3,3,3,3\n', "team.csv"
    )
    result = run_cli("rank", "--rubric", "five-core-skills", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:3:1: CSV syntax error: ',' expected after '\"'",
        "smteam: 1 error; nothing was ranked.",
    ]
