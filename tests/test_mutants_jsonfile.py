"""JSON and JSON Lines problems at their exact line, column and path (found by mutmut on
reading/jsonfile.py): keys named at the key, a quoted rating quoted as written, elements of a
list after the first, keys given twice, data nested too deeply, numbers too long for the fast
parser, and JSON Lines files that cannot be read or hold no object.

Every column is worked out from the file's own text: ``col(line, needle)`` is the 1-based
position where ``needle`` starts in ``line``, as an editor shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunCli

Write = Callable[..., Path]

RUBRIC = "five-core-skills"
OK = (
    '"ratings": {"empathy": 4, "transparency": 4, "responsiveness": 4, "adaptability": 4, '
    '"connectedness": 4}'
)
WHOLE = "expected a whole number from 1 to 5 or a label (no evidence, limited, solid, strong, exceptional)"  # noqa: E501
UNKNOWN = "expected one of: name, department, ratings, reviews, notes"


def col(line: str, needle: str) -> int:
    assert line.count(needle) == 1, needle
    return line.index(needle) + 1


def at(number: int, line: str, needle: str) -> str:
    return f"{number}:{col(line, needle)}"


def candidate(name: str, rest: str = "") -> str:
    return f'{{"name": "{name}", "department": "Marketing", {OK}{rest}}}'


# --- a JSON document -------------------------------------------------------------------------

ANA = candidate("Ana")
BO = candidate("Bo", ', "hobby": {"a": 1}, "pets": [1, 2], "mood": "x", "size": 3')
CY = '{"name": "Cy", "department": "Marketing", "ratings": {"empathy": "4", "transparency": 4, "responsiveness": 4, "adaptability": 4, "connectedness": 4, "empathy": 5}}'  # noqa: E501
DOCUMENT = "\n".join(
    ['{"rubric": "five-core-skills", "candidates": [', f"  {ANA},", f"  {BO} ,", f"  {CY}", "]}"]
)
LINE2, LINE3, LINE4 = DOCUMENT.split("\n")[1:4]

DOCUMENT_PROBLEMS = [
    # an unknown key is shown at the key, whatever its value is: a mapping, a list, text, a number
    at(3, LINE3, '"hobby"') + f": candidates[1].hobby: unknown key 'hobby'; {UNKNOWN}",
    at(3, LINE3, '"pets"') + f": candidates[1].pets: unknown key 'pets'; {UNKNOWN}",
    at(3, LINE3, '"mood"') + f": candidates[1].mood: unknown key 'mood'; {UNKNOWN}",
    at(3, LINE3, '"size"') + f": candidates[1].size: unknown key 'size'; {UNKNOWN}",
    # the third element of the list, after one with a space before its comma; the rating is
    # quoted as it was written, "4", and the first empathy counts (the second is refused)
    at(4, LINE4, '"4"') + f': candidates[2].ratings.empathy: {WHOLE}, found "4" (text); '
    "write it without quotes",
    at(4, LINE4, '"empathy": 5') + ": candidates[2].ratings: duplicate key 'empathy'; "
    "each key may appear only once",
]


def test_problems_in_a_json_document(run_cli: RunCli, write: Write) -> None:
    path = write(DOCUMENT, "team.json")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:{p}" for p in DOCUMENT_PROBLEMS] + [
        f"FAILED {path} (6 errors)"
    ]


# --- numbers the fast parser cannot read: the slow path must refuse the same things ----------

LONG_WHOLE = "1" * 5000  # longer than Python reads as a whole number by default
DECIMAL_AT_LIMIT = "4." + "5" * 4298  # 4,300 characters: the longest number read
DECIMAL_PAST_LIMIT = "4." + "5" * 4299  # 4,301 characters (4,300 digits and the point)


def long_numbers(decimal: str) -> str:
    return (
        '{"rubric": "five-core-skills", "candidates": [{"name": "Ana", "name": "Bo", '
        f'"department": "Marketing", "ratings": {{"empathy": {LONG_WHOLE}, "transparency": NaN, '
        f'"responsiveness": {decimal}, "adaptability": 4, "connectedness": 4}}}}]}}'
    )


@pytest.mark.parametrize(
    ("decimal", "found"),
    [
        (DECIMAL_AT_LIMIT, "4.55555555… (4300 characters) (a decimal number)"),
        (DECIMAL_PAST_LIMIT, "4.55555555… (a number of 4300 digits, too long to read)"),
    ],
    ids=["at-the-limit", "past-the-limit"],
)
def test_a_number_too_long_for_the_fast_parser(
    decimal: str, found: str, run_cli: RunCli, write: Write
) -> None:
    text = long_numbers(decimal)
    path = write(text, "team.json")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:" + at(1, text, '"name": "Bo"') + ": candidates[0]: duplicate key 'name'; "
        "each key may appear only once",
        f"{path}:" + at(1, text, LONG_WHOLE) + f": candidates[0].ratings.empathy: {WHOLE}, found "
        "1111111111… (a number of 5000 digits, too long to read)",
        f"{path}:"
        + at(1, text, "NaN")
        + f": candidates[0].ratings.transparency: {WHOLE}, found NaN "
        "(not a number in standard JSON); write a plain decimal number",
        f"{path}:" + at(1, text, decimal) + f": candidates[0].ratings.responsiveness: {WHOLE}, "
        f"found {found}",
        f"FAILED {path} (4 errors)",
    ]


# --- JSON Lines: the line says which candidate -----------------------------------------------

DUPLICATE = '{"name": "Bo", "name": "Cy", "department": "Marketing", ' + OK + "}"


@pytest.mark.parametrize(
    ("name", "data", "problems"),
    [
        (
            "keys-twice",
            f"\n{ANA}\n{DUPLICATE}\n".encode(),
            [
                # Like every other JSON Lines problem, the path is within that line's object
                # (the README says so): a key at its top has no path to show.
                at(3, DUPLICATE, '"name": "Cy"') + ": duplicate key 'name'; "
                "each key may appear only once"
            ],
        ),
        (
            "utf-16",
            b"\xff\xfe" + ANA.encode("utf-16-le"),
            ["1:1: the file is UTF-16 text; save it as UTF-8"],
        ),
        (
            "no-object",  # the first line that holds a value is line 2
            b"\n[1]\n2\n",
            ["2:1: expected one candidate (a JSON object) per line, found none"],
        ),
        (
            # one object is enough for JSON Lines; the list after it is refused on its line
            "a-list-after-an-object",
            f"{ANA}\n[1]\n".encode(),
            ["2:1: expected a mapping (key: value lines), found a list"],
        ),
        (
            "nests-too-deeply",
            f"{ANA}\n{'[' * 100000}{']' * 100000}\n".encode(),
            ["2:1: the data nests too deeply"],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_problems_in_a_json_lines_file(
    name: str, data: bytes, problems: list[str], run_cli: RunCli, write: Write
) -> None:
    path = write(data, f"{name}.jsonl")
    result = run_cli("validate", "--rubric", RUBRIC, str(path))
    assert result.exit_code == 1
    count = f"{len(problems)} error{'s' if len(problems) != 1 else ''}"
    assert result.stderr.splitlines() == [f"{path}:{p}" for p in problems] + [
        f"FAILED {path} ({count})"
    ]


def test_a_json_document_nested_too_deeply(run_cli: RunCli, write: Write) -> None:
    path = write("[" * 100000 + "]" * 100000, "team.json")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:1:1: the data nests too deeply",
        f"FAILED {path} (1 error)",
    ]


# --- the same document with no spaces at all: nothing to skip between the tokens ------------

RATED = '{"empathy":4,"transparency":4,"responsiveness":4,"adaptability":4,"connectedness":4}'
COMPACT = (
    '{"rubric":"five-core-skills","candidates":[{"name":"Ana","department":"Marketing",'
    '"notes":{"empathy":""},"reviews":[{"rater":"Amy","ratings":' + RATED + "}]},"
    '{"name":"Bo","department":"Marketing","ratings":{"empathy":"4","transparency":4,'
    '"responsiveness":4,"adaptability":4,"connectedness":4},"pets":[1,2]}]}'
)


def test_problems_in_a_json_document_without_spaces(run_cli: RunCli, write: Write) -> None:
    path = write(COMPACT, "team.json")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:" + at(1, COMPACT, '""}') + ": candidates[0].notes.empathy: expected a text, "
        "found empty text",
        f"{path}:" + at(1, COMPACT, '"4"') + f': candidates[1].ratings.empathy: {WHOLE}, found "4" '
        "(text); write it without quotes",
        f"{path}:"
        + at(1, COMPACT, '"pets"')
        + f": candidates[1].pets: unknown key 'pets'; {UNKNOWN}",
        f"FAILED {path} (3 errors)",
    ]


def test_a_json_document_that_is_not_utf8(run_cli: RunCli, write: Write) -> None:
    text = '{"candidates": [' + candidate("Jos\xe9") + "]}"
    path = write(text.encode("latin-1"), "team.json")
    result = run_cli("validate", "--rubric", RUBRIC, str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:1:{col(text, 'Jos') + 3}: not UTF-8 text: byte 0xe9 cannot start or continue "
        "a character; save the file as UTF-8",
        f"FAILED {path} (1 error)",
    ]


# --- JSON Lines ranked as the lines are read ---------------------------------------------------


def test_a_blank_line_does_not_end_a_ranked_json_lines_file(run_cli: RunCli, write: Write) -> None:
    path = write(f"{candidate('Ana')}\n\n{candidate('Bo')}\n", "team.jsonl")
    result = run_cli("rank", "--rubric", RUBRIC, "--format", "csv", str(path))
    assert result.exit_code == 0, result.stderr
    names = [row.split(",")[1] for row in result.stdout.splitlines()[1:]]
    assert names == ["Ana", "Bo"]


def test_a_key_given_twice_stops_a_ranked_json_lines_file(run_cli: RunCli, write: Write) -> None:
    twice = candidate("Ana", ', "name": "Cy"')
    path = write(f"{twice}\n{candidate('Bo')}\n", "team.jsonl")
    result = run_cli("rank", "--rubric", RUBRIC, str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:" + at(1, twice, '"name": "Cy"') + ": duplicate key 'name'; "
        "each key may appear only once",
        "smteam: 1 error; nothing was ranked.",
    ]
