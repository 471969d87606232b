"""Candidates as CSV, JSON and JSON Lines: the same ranking as the same data in YAML, and
every problem placed by row and column (CSV) or JSON path and line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smteam.reading.yamlfile import load_yaml
from tests.conftest import EXAMPLES, RunCli

Write = Callable[..., Path]
FIVE = ["empathy", "transparency", "responsiveness", "adaptability", "connectedness"]


def _yaml(path: Path) -> Any:
    return load_yaml(path.read_bytes(), str(path)).value


def _plain(value: Any) -> Any:
    """YAML values as JSON can hold them (the examples have no YAML-only values)."""
    return json.loads(json.dumps(value, default=lambda v: getattr(v, "text", str(v))))


def test_the_csv_example_ranks_exactly_like_the_yaml_one(run_cli: RunCli) -> None:
    for fmt in ["json", "csv", "text"]:
        from_csv = run_cli("rank", str(EXAMPLES / "candidates.csv"), "-f", fmt)
        from_yaml = run_cli("rank", str(EXAMPLES / "candidates.yaml"), "-f", fmt)
        assert from_csv.exit_code == from_yaml.exit_code == 0
        assert from_csv.stdout == from_yaml.stdout


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_and_json_lines_rank_like_yaml(suffix: str, write: Write, run_cli: RunCli) -> None:
    for example in ["candidates.yaml", "panel.yaml"]:
        raw = _plain(_yaml(EXAMPLES / example))
        if suffix == ".json":
            path = write(json.dumps(raw, indent=2), f"data{suffix}")
        else:
            path = write("".join(json.dumps(c) + "\n" for c in raw["candidates"]), f"d{suffix}")
        args = [] if suffix == ".json" else ["--rubric", raw["rubric"]]
        converted = run_cli("rank", str(path), *args, "-f", "json")
        original = run_cli("rank", str(EXAMPLES / example), "-f", "json")
        assert converted.exit_code == 0, converted.stderr
        assert converted.stdout == original.stdout


def test_a_panel_as_csv_with_a_rater_column_ranks_like_yaml(write: Write, run_cli: RunCli) -> None:
    raw = _plain(_yaml(EXAMPLES / "panel.yaml"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "name",
            "department",
            "rater",
            "recommendation",
            *FIVE,
            "notes.empathy",
            "notes.transparency",
            "notes.responsiveness",
        ]
    )
    for candidate in raw["candidates"]:
        for review in candidate["reviews"]:
            notes = review.get("notes", {})
            writer.writerow(
                [
                    candidate["name"],
                    candidate["department"],
                    review["rater"],
                    review.get("recommendation", ""),
                    *(review["ratings"].get(t, "") for t in FIVE),
                    notes.get("empathy", ""),
                    notes.get("transparency", ""),
                    notes.get("responsiveness", ""),
                ]
            )
    path = write(buffer.getvalue(), "panel.csv")
    converted = run_cli("rank", str(path), "--rubric", "five-core-skills", "-f", "json")
    assert converted.exit_code == 0, converted.stderr
    assert converted.stdout == run_cli("rank", str(EXAMPLES / "panel.yaml"), "-f", "json").stdout
    explained = run_cli("explain", str(path), "Tom Becker", "-r", "five-core-skills", "-f", "json")
    assert json.loads(explained.stdout)["decided_by"] == ["Omar Haddad"]


BAD_CSV = """\
name,department,empathy,transparncy,responsiveness,adaptability,connectedness,notes.empathy
Kim Lee,Marketing,4,5,4,3,x,
Ana Ruiz,Sales,4.5,,9,strong,,
=cmd,Legal,1,2,3
Joe Park,PR,1,1,1,1,1,"He said ""yes"", twice"
kim lee,PR,1,1,1,1,1,
"""


def test_csv_problems_name_the_row_and_column(write: Write, run_cli: RunCli) -> None:
    path = write(BAD_CSV, "bad.csv")
    result = run_cli("validate", str(path), "--rubric", "five-core-skills")
    assert result.exit_code == 1
    expected = "or a label (no evidence, limited, solid, strong, exceptional)"
    assert result.stderr.splitlines() == [
        f"{path}:1:4: transparncy (D1): unknown trait 'transparncy'; not in rubric "
        "'five-core-skills'; did you mean 'transparency'?",
        f"{path}:2:7: connectedness (G2): expected a whole number from 1 to 5 {expected}, "
        'found "x" (text)',
        f"{path}:3:1: row 3: no rating for 2 of the 5 traits of rubric 'five-core-skills': "
        "transparency, connectedness; rate them, or choose --missing skip or --missing min",
        f"{path}:3:3: empathy (C3): expected a whole number from 1 to 5 {expected}, found 4.5 "
        "(a decimal number)",
        f"{path}:3:5: responsiveness (E3): expected a whole number from 1 to 5 {expected}, found 9",
        f"{path}:4:1: row 4 has 5 cells, the header has 8",
        f"{path}:6:1: name (A6): duplicate candidate 'kim lee', the same name as 'Kim Lee'; "
        "each person may appear once (first at row 2)",
        f"FAILED {path} (7 errors)",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,empathy\nKim,4\n", "1:1: the header has no 'department' column"),
        ("name,department,name\nKim,PR,Kim\n", "1:3: column 'name' appears twice in the header"),
        ("name,department,,empathy\n", "1:3: the header cell C1 is empty"),
        ("name,department,recommendation\nKim,PR,yes\n", "a 'recommendation' column needs"),
        ('name,department\n"Kim,PR\n', "CSV syntax error"),
    ],
)
def test_csv_header_and_syntax_problems(
    text: str, message: str, write: Write, run_cli: RunCli
) -> None:
    path = write(text, "bad.csv")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert message in result.stderr.splitlines()[0]


def test_csv_rows_of_one_candidate_must_agree_on_the_department(
    write: Write, run_cli: RunCli
) -> None:
    path = write("name,department,rater,empathy\nKim,PR,A,4\nKim,Sales,B,5\n", "panel.csv")
    result = run_cli("validate", str(path), "--rubric", "five-core-skills", "--missing", "skip")
    assert result.stderr.splitlines()[0] == (
        f"{path}:3:2: department (B3): department 'Sales' differs from 'PR' in row 2 for the "
        "same candidate"
    )


def test_csv_with_an_excel_bom_and_crlf(write: Write, run_cli: RunCli) -> None:
    text = "\ufeffname,department,empathy\r\nRenée,PR,4\r\n"
    path = write(text.encode("utf-8"), "excel.csv")
    result = run_cli("rank", str(path), "-r", "five-core-skills", "--missing", "skip", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout)))[1][1] == "Renée"


def test_json_problems_name_the_path_and_line(write: Write, run_cli: RunCli) -> None:
    path = write(
        '{"rubric": "five-core-skills", "candidates": [\n'
        ' {"name": "Kim", "department": "PR",\n'
        '  "ratings": {"empathy": "4", "empathy": 5, "transparency": NaN,\n'
        '   "responsiveness": 4.0, "adaptability": true, "connectedness": 3}}\n]}\n',
        "bad.json",
    )
    result = run_cli("validate", str(path))
    expected = "or a label (no evidence, limited, solid, strong, exceptional)"
    assert result.stderr.splitlines() == [
        f"{path}:3:26: candidates[0].ratings.empathy: expected a whole number from 1 to 5 "
        f'{expected}, found "4" (text); write it without quotes',
        f"{path}:3:31: candidates[0].ratings: duplicate key 'empathy'; each key may appear only "
        "once",
        f"{path}:3:61: candidates[0].ratings.transparency: expected a whole number from 1 to 5 "
        f"{expected}, found NaN (not a number in standard JSON); write a plain decimal number",
        f"{path}:4:22: candidates[0].ratings.responsiveness: expected a whole number from 1 to 5 "
        f"{expected}, found 4.0 (a decimal number)",
        f"{path}:4:43: candidates[0].ratings.adaptability: expected a whole number from 1 to 5 "
        f"{expected}, found true (a boolean)",
        f"FAILED {path} (5 errors)",
    ]
    broken = write('{"candidates": [\n  {"name": "Kim",}\n]}\n', "broken.json")
    assert run_cli("validate", str(broken)).stderr.splitlines()[0] == (
        f"{broken}:2:18: JSON syntax error: Expecting property name enclosed in double quotes"
    )


def test_json_lines_problems_name_the_line(write: Write, run_cli: RunCli) -> None:
    path = write(
        '{"name": "Kim", "department": "PR", "ratings": {"empathy": 4}}\n'
        '{"name": "Ana", "department": "PR", "ratings": {"empathy": 4}\n'
        "\n"
        '{"name": "Joe", "department": 5, "ratings": {"empathy": 9}}\n',
        "bad.jsonl",
    )
    result = run_cli("validate", str(path), "-r", "five-core-skills", "--missing", "skip")
    assert result.stderr.splitlines() == [
        f"{path}:2:62: JSON syntax error: Expecting ',' delimiter",
        f'{path}:4:31: department: expected text, found 5 (a whole number); quote it: "5"',
        f"{path}:4:57: ratings.empathy: expected a whole number from 1 to 5 or a label (no "
        "evidence, limited, solid, strong, exceptional), found 9",
        f"FAILED {path} (3 errors)",
    ]


def test_a_folder_takes_spreadsheets_too(write: Write, run_cli: RunCli, tmp_path: Path) -> None:
    write("name,department,empathy\nKim,PR,4\n", "team/a.csv")
    write('{"name": "Ana", "department": "PR", "ratings": {"empathy": 5}}\n', "team/b.jsonl")
    write(
        '{"candidates": [{"name": "Joe", "department": "PR", "ratings": {"empathy": 3}}]}',
        "team/c.json",
    )
    result = run_cli(
        "rank", str(tmp_path / "team"), "-r", "five-core-skills", "--missing", "skip", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert [c["name"] for c in json.loads(result.stdout)["candidates"]] == ["Ana", "Kim", "Joe"]


def _modules_loaded(args: list[str], modules: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run ``smteam ARGS`` in a new interpreter: its output, and which of ``modules`` it
    loaded on the way."""
    script = (
        "import sys\n"
        f"sys.argv = ['smteam', *{args!r}]\n"
        "from smteam.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {modules!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    loaded = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    return result.stdout, [m for m in loaded.split(",") if m]


def test_help_and_version_import_nothing_heavy() -> None:
    """smteam --help and --version are instant: typer alone, no pydantic, yaml or rich."""
    for args in (["--version"], ["--help"], ["-h"], ["rank", "--help"], ["explain", "-h"]):
        output, loaded = _modules_loaded(args, ("pydantic", "yaml", "rich", "numpy"))
        assert output, args
        assert loaded == [], (args, loaded)


def test_plain_output_does_not_load_the_terminal_machinery() -> None:
    """Text, CSV and JSON output need no terminal width or colours: rich's console (a fifth
    of a small ranking's time) stays unloaded, and so do explain's and raters' modules."""
    example = str(EXAMPLES / "candidates.yaml")
    for fmt in ("text", "csv", "json"):
        output, loaded = _modules_loaded(
            ["rank", example, "-f", fmt],
            ("rich.console", "smteam.scoring.explain", "smteam.scoring.calibration"),
        )
        assert "Ana Ruiz" in output, (fmt, output[:80])
        assert loaded == [], (fmt, loaded)


def test_a_short_row_among_full_ones(write: Write, run_cli: RunCli) -> None:
    rows = "".join(f"P{i},PR,4,4,4,4,4\n" for i in range(3))
    path = write(f"name,department,{','.join(FIVE)}\n{rows}Cut,PR,4\n", "cut.csv")
    result = run_cli("validate", str(path), "-r", "five-core-skills")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{path}:5:1: row 5 has 3 cells, the header has 7"


@pytest.mark.parametrize(
    ("ratings", "notes", "refused"),
    [
        (2001, 0, "the header has 2001 rating columns, more than the 2000 smteam reads"),
        (1, 2001, "the header has 2001 notes. columns, more than the 2000 smteam reads"),
        (2000, 2000, None),
    ],
)
def test_a_sheet_wider_than_any_rubric_is_refused_by_its_header(
    ratings: int, notes: int, refused: str | None, write: Write, run_cli: RunCli
) -> None:
    header = ["name", "department", *(f"t{i}" for i in range(ratings))]
    header += [f"notes.t{i}" for i in range(notes)]
    row = ["Kim Lee", "Marketing", *("3" for _ in range(ratings)), *("" for _ in range(notes))]
    path = write(",".join(header) + "\n" + ",".join(row) + "\n", "wide.csv")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    if refused is None:  # at the limit: read, and each unknown trait reported as usual
        assert first.startswith(f"{path}:1:3: t0 (C1): unknown trait 't0'")
    else:
        assert first == f"{path}:1:1: {refused} (a rubric has at most 1000 traits)"
        assert len(result.stderr.splitlines()) == 2  # that line and validate's verdict
