"""``rank --top N`` of a plain spreadsheet is ranked as it is read (smteam.scoring.streamed);
everything it gives must be what the full reading gives: the same exit code, output and
messages, byte for byte, for every example and every invalid test file in every input format,
and for sheets made to hit the edges (ties at the cut, must-haves, pruning, late problems)."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from smteam import api
from smteam.api import RankOptions, RankResult
from smteam.formats import delimited
from smteam.formats.plain_cells import PlainCells
from smteam.reading.sources import Source
from smteam.scoring import ranking as ranking_module
from smteam.scoring import streamed as streamed_module
from smteam.scoring.scores import plain_evaluations
from tests.conftest import DATA, EXAMPLES, Run, RunCli, column_texts

INVALID = DATA / "invalid"
TRAITS = ("listening", "empathy", "engagement", "transparency")
RUBRIC = """\
name: four
title: Four traits
scale: {min: 1, max: 5}
traits:
  - {id: listening, label: Listening, weight: 3, minimum: 2}
  - {id: empathy, label: Empathy, weight: 2}
  - {id: engagement, label: Engagement, weight: 1.5}
  - {id: transparency, label: Transparency, weight: 0.5, minimum: 3}
"""
DEPARTMENTS = ("Marketing", "Customer Service", "Sales", "PR", "Executive Team")


def _full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ranking through the full reading: the streamed way declines at once."""
    monkeypatch.setattr(api, "_rank_streamed", lambda *args: None)


def _both(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Run, Run]:
    streamed = run_cli(*args)
    with monkeypatch.context() as patch:
        _full_path(patch)
        full = run_cli(*args)
    return streamed, full


def _same(streamed: Run, full: Run) -> None:
    assert (streamed.exit_code, streamed.stdout, streamed.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )


def _args(path: Path) -> list[str]:
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        if line.startswith("# args:"):
            return shlex.split(line.removeprefix("# args:"))
    return []


def _as_csv(value: Any) -> str | None:
    """A candidates document as a sheet, when it has that shape (one rater each, flat
    ratings and notes); None when a sheet cannot say it."""
    if not isinstance(value, dict) or not isinstance(value.get("candidates"), list):
        return None
    columns: dict[str, None] = {"name": None, "department": None}
    rows = []
    for candidate in value["candidates"]:
        if not isinstance(candidate, dict) or set(candidate) - {
            "name",
            "department",
            "ratings",
            "notes",
        }:
            return None
        ratings, notes = candidate.get("ratings", {}), candidate.get("notes", {})
        if not isinstance(ratings, dict) or not isinstance(notes, dict):
            return None
        row = {"name": candidate.get("name"), "department": candidate.get("department")}
        row.update({str(k): v for k, v in ratings.items()})
        row.update({f"notes.{k}": v for k, v in notes.items()})
        if any(isinstance(v, dict | list) for v in row.values()):
            return None
        columns.update(dict.fromkeys(row))
        rows.append(row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return out.getvalue()


def _formats(path: Path, folder: Path) -> Iterator[tuple[str, list[str]]]:
    """The file as it is, then as JSON, JSON Lines and CSV where it can be written so, each
    with the options it needs (the rubric it names, given on the command line)."""
    extra = _args(path)
    yield str(path), extra
    try:
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return
    rubric = value.get("rubric") if isinstance(value, dict) else None
    given = ["--rubric", rubric] if isinstance(rubric, str) and rubric else []
    body = {k: v for k, v in value.items() if k != "rubric"} if isinstance(value, dict) else value
    try:
        as_json = json.dumps(body, default=str)
    except (TypeError, ValueError):
        return
    (folder / f"{path.stem}.json").write_text(as_json, encoding="utf-8")
    yield str(folder / f"{path.stem}.json"), [*extra, *given]
    if isinstance(body, dict) and isinstance(body.get("candidates"), list):
        lines = "".join(json.dumps(c, default=str) + "\n" for c in body["candidates"])
        (folder / f"{path.stem}.jsonl").write_text(lines, encoding="utf-8")
        yield str(folder / f"{path.stem}.jsonl"), [*extra, *given]
    sheet = _as_csv(body)
    if sheet is not None:
        (folder / f"{path.stem}.csv").write_text(sheet, encoding="utf-8")
        yield str(folder / f"{path.stem}.csv"), [*extra, *given]


CORPUS = [
    *sorted(EXAMPLES.glob("*.yaml")),
    *sorted(EXAMPLES.glob("*.csv")),
    *sorted(INVALID.glob("*.yaml")),
]


@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS])
def test_every_example_and_invalid_file_ranks_the_same_in_every_format(
    path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(path.parent)
    compared = 0
    for name, extra in _formats(path, tmp_path):
        for top in ("1", "3"):
            for output in ([], ["--format", "json"]):
                streamed, full = _both(
                    run_cli, monkeypatch, "rank", name, *extra, "--top", top, *output
                )
                _same(streamed, full)
                compared += 1
    assert compared >= 4


def _sheet(rows: list[list[str]], header: tuple[str, ...] = ("name", "department", *TRAITS)) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _person(row: list[str]) -> dict[str, object]:
    """A row as a JSON candidate: a rating that reads as a whole number is one, an empty one
    is left out."""
    ratings: dict[str, object] = {}
    for trait, text in zip(TRAITS, row[2:], strict=False):
        if text:
            ratings[trait] = int(text) if text.lstrip("-").isdigit() else text
    return {"name": row[0], "department": row[1], "ratings": ratings}


def _lines(rows: list[list[str]]) -> str:
    """The same rows as JSON Lines; an empty row is a blank line."""
    return "".join(json.dumps(_person(row)) + "\n" if any(row) else "\n" for row in rows)


def _document(rows: list[list[str]]) -> str:
    """The same rows as a JSON document naming its rubric (the one beside it), laid out
    over many lines; an empty row is left out."""
    people = [_person(row) for row in rows if any(row)]
    return json.dumps({"rubric": "four.yaml", "candidates": people}, indent=1)


def _write(folder: Path, rows: list[list[str]], fmt: str, stem: str = "sheet") -> Path:
    path = folder / f"{stem}.{fmt}"
    made = {"csv": _sheet, "jsonl": _lines, "json": _document}[fmt]
    path.write_text(made(rows), encoding="utf-8")
    return path


FORMATS = ("csv", "jsonl", "json")


def _people(count: int, seed: int, low: int = 1, high: int = 5) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [
            f"Person {i:05d}",
            DEPARTMENTS[i % len(DEPARTMENTS)],
            *(str(rng.randint(low, high)) for _ in TRAITS),
        ]
        for i in range(count)
    ]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "four.yaml").write_text(RUBRIC, encoding="utf-8")
    return tmp_path


def _streamed(path: Path, **options: Any) -> RankResult | Source | None:
    """What the streamed way makes of the sheet: a result, or the source it hands on."""
    return api._rank_streamed(
        [str(path)], RankOptions(rubric=str(path.parent / "four.yaml"), **options), None
    )


PLAIN_CASES = {
    # name: (rows, options)
    "random, small": (_people(40, 1), ["--top", "3"]),
    "random, pruned many times": (_people(6000, 2), ["--top", "5"]),
    "ties at the cut (two points only)": (_people(3000, 3, 3, 4), ["--top", "2"]),
    "everyone tied": (
        [[f"P{i}", "Sales", "4", "4", "4", "4"] for i in range(2500)],
        ["--top", "1"],
    ),
    "fewer eligible than the top": (_people(30, 4, 1, 3), ["--top", "25"]),
    "nobody eligible": (
        [[f"P{i}", "Sales", "1", "5", "5", "1"] for i in range(20)],
        ["--top", "3"],
    ),
    "eligible only, json": (
        _people(500, 5),
        ["--top", "10", "--eligible-only", "--format", "json"],
    ),
    "csv out": (_people(500, 6), ["--top", "7", "--format", "csv"]),
    "blank lines": (
        [*_people(10, 7)[:5], [], ["", "", "", "", "", ""], *_people(10, 7)[5:]],
        ["--top", "4"],
    ),
    "everyone": (_people(300, 14), []),
    "everyone as csv": (_people(3000, 15, 2, 4), ["--format", "csv"]),
    "everyone as json": (_people(300, 16), ["--format", "json"]),
    "everyone, names tied but for case": (
        [
            ["bo lee", "Sales", "4", "4", "4", "4"],
            ["Ann Dee", "Sales", "4", "4", "4", "4"],
            ["Bo Le", "Sales", "4", "4", "4", "4"],
            ["ann  dea", "PR", "4", "4", "4", "4"],
            ["Zed", "PR", "1", "4", "4", "4"],
        ],
        ["--format", "csv"],
    ),
    "every eligible one": (_people(300, 17), ["--eligible-only", "--format", "markdown"]),
    **{
        f"everyone as csv, among plain names one {why}": (
            [*_people(30, 20), [name, "Sales", "5", "5", "5", "5"]],  # first, if alone
            ["--format", "csv"],
        )
        for why, name in [
            ("with a comma", "Lee, Ann"),
            ("with a quote", 'Bo "Bobby" Chan'),
            ("starting =", "=Cy"),
            ("starting -", "-Ed"),
            ("starting @", "@Flo"),
            ("starting with a full-width =", "\uff1dGus"),
        ]
    },
    "everyone as csv, names to quote, escape or keep from running": (
        [
            ["Lee, Ann", "Sales", "4", "4", "4", "4"],
            ['Bo "Bobby" Chan', "PR", "4", "4", "4", "4"],
            ["=Cy Dee", "PR", "5", "4", "3", "4"],
            ["+Di", "Marketing", "1", "4", "4", "4"],
            ["-Ed", "Marketing", "3", "3", "3", "3"],
            ["@Flo", "Sales", "2", "2", "2", "3"],
            ["José Núñez", "Sales", "4", "4", "4", "4"],
            ["\uff1dGus", "Sales", "4", "5", "4", "4"],
            ["Zoë Ängström", "PR", "1", "1", "1", "1"],
            ["Hal", "Customer, Support", "3", "4", "4", "4"],
            ["Ida", '"Sales"', "3", "4", "4", "3"],
            ["Jo", "=Marketing", "3", "4", "4", "5"],
            *_people(200, 19),
        ],
        ["--format", "csv"],
    ),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", PLAIN_CASES)
def test_a_plain_file_is_streamed_and_ranks_exactly_as_read_whole(
    case: str, fmt: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, options = PLAIN_CASES[case]
    sheet = _write(folder, rows, fmt)
    top = int(options[1]) if options[:1] == ["--top"] else None
    assert isinstance(_streamed(sheet, top=top), RankResult)
    rubric = str(folder / "four.yaml")
    streamed, full = _both(run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, *options)
    _same(streamed, full)
    assert streamed.exit_code == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_bar_counts_everyone_when_streamed(
    fmt: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _write(folder, _people(3000, 8), fmt)
    rubric = str(folder / "four.yaml")
    for bar in (["--fail-under", "70", "--min-eligible", "40"], ["--min-eligible", "5000"]):
        streamed, full = _both(
            run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, "--top", "3", *bar
        )
        _same(streamed, full)
        assert streamed.exit_code in (0, 3)
    # 3000 candidates with at most 3000 eligible: fewer than 5000 is always short.
    assert streamed.exit_code == 3


def _late(rows: list[list[str]], at: int, row: list[str]) -> list[list[str]]:
    return [*rows[:at], row, *rows[at:]]


LATE_CASES = {
    "a rating off the scale": ["Late Person", "Sales", "4", "9", "4", "4"],
    "a label": ["Late Person", "Sales", "4", "strong", "4", "4"],
    "a rating not given": ["Late Person", "Sales", "4", "", "4", "4"],
    "a decimal": ["Late Person", "Sales", "4", "4.5", "4", "4"],
    "an unknown department (a warning)": ["Late Person", "Sails", "4", "4", "4", "4"],
    "a name with a tab": ["Late\tPerson", "Sales", "4", "4", "4", "4"],
    "a row too short": ["Late Person", "Sales", "4"],
    "the same person again": ["person 00007", "Marketing", "5", "5", "5", "5"],
}


@pytest.mark.parametrize("top", ["3", None])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", LATE_CASES)
def test_a_problem_late_in_a_file_is_worded_as_by_the_full_reading(
    case: str,
    fmt: str,
    top: str | None,
    folder: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheet = _write(folder, _late(_people(5000, 9), 4900, LATE_CASES[case]), fmt)
    assert isinstance(_streamed(sheet, top=None if top is None else int(top)), Source)
    rubric = str(folder / "four.yaml")
    shown = ["--top", top] if top is not None else ["--format", "csv"]
    streamed, full = _both(run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, *shown)
    _same(streamed, full)
    assert streamed.stderr != ""


LATE_LINES = {
    "a boolean rating": '{"name": "Late", "department": "Sales", "ratings": {"listening": true, '
    '"empathy": 4, "engagement": 4, "transparency": 4}}',
    "a rating as text": '{"name": "Late", "department": "Sales", "ratings": {"listening": "4", '
    '"empathy": 4, "engagement": 4, "transparency": 4}}',
    "a key twice": '{"name": "Late", "name": "Later", "department": "Sales", "ratings": '
    '{"listening": 4, "empathy": 4, "engagement": 4, "transparency": 4}}',
    "notes": '{"name": "Late", "department": "Sales", "ratings": {"listening": 4, "empathy": 4, '
    '"engagement": 4, "transparency": 4}, "notes": {"empathy": "kind"}}',
    "a syntax error": '{"name": "Late", "department": "Sales", "ratings": {',
    "null": "null",
    "NaN": '{"name": "Late", "department": "Sales", "ratings": {"listening": NaN, '
    '"empathy": 4, "engagement": 4, "transparency": 4}}',
    "a number too long": '{"name": "Late", "department": "Sales", "ratings": {"listening": '
    + "9" * 5000
    + ', "empathy": 4, "engagement": 4, "transparency": 4}}',
}


@pytest.mark.parametrize("case", LATE_LINES)
def test_a_json_line_late_in_a_file_is_worded_as_by_the_full_reading(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(_people(3000, 13)).splitlines(keepends=True)
    lines.insert(2900, LATE_LINES[case] + "\n")
    path = folder / "late.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    assert isinstance(_streamed(path, top=3), Source)
    streamed, full = _both(
        run_cli, monkeypatch, "rank", str(path), "--rubric", str(folder / "four.yaml"), "--top", "3"
    )
    _same(streamed, full)
    assert (streamed.stderr != "") is (case != "notes")  # notes are fine, only not plain


def test_a_duplicate_late_in_a_big_streamed_sheet_names_both_places(
    folder: Path, run_cli: RunCli
) -> None:
    rows = _people(20000, 10)
    rows.append(["PERSON  00003", "Sales", "5", "5", "5", "5"])  # row 20002; the first is row 5
    sheet = folder / "big.csv"
    sheet.write_text(_sheet(rows), encoding="utf-8")
    result = run_cli("rank", str(sheet), "--rubric", str(folder / "four.yaml"), "--top", "20")
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{sheet}:20002:1: name (A20002): duplicate candidate 'PERSON  00003'")
    assert "'Person 00003'" in first


@pytest.mark.parametrize(
    "case",
    ["bom and crlf", "a rater column", "a notes column", "a column of another rubric", "empty"],
)
def test_sheets_the_streamed_way_declines_rank_as_before(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _people(50, 11)
    header: tuple[str, ...] = ("name", "department", *TRAITS)
    if case == "a rater column":
        header, rows = (*header, "rater"), [[*row, "Ann"] for row in rows]
    elif case == "a notes column":
        header, rows = (*header, "notes.empathy"), [[*row, "kind"] for row in rows]
    elif case == "a column of another rubric":
        header, rows = (*header, "humble"), [[*row, "3"] for row in rows]
    elif case == "empty":
        rows = []
    text = _sheet(rows, header)
    sheet = folder / "sheet.csv"
    if case == "bom and crlf":
        sheet.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    else:
        sheet.write_text(text, encoding="utf-8")
    streamed, full = _both(
        run_cli,
        monkeypatch,
        "rank",
        str(sheet),
        "--rubric",
        str(folder / "four.yaml"),
        "--top",
        "3",
    )
    _same(streamed, full)


def _json_cases() -> dict[str, tuple[bytes, bool | None]]:
    """JSON documents at the edges of the plainest shape: (the bytes, whether the streamed
    way reads them to the end rather than handing them to the full reading). None: handed on,
    though a good document (the full reading ranks it)."""
    people = [_person(row) for row in _people(30, 21)]
    body = json.dumps(people)
    first, rest = json.dumps(people[0]), json.dumps(people[1:])[1:-1]
    late = json.dumps(people[:25])[:-1]
    assert '"listening": 4' in body and '"empathy": 2' in body
    floated = body.replace('"listening": 4', '"listening": 4.0', 1)
    huge = body.replace('"empathy": 2', '"empathy": ' + "9" * 5000, 1)
    cases = {
        "compact": (f'{{"candidates":{body}}}', True),
        "laid out, the rubric named": (
            json.dumps({"rubric": "four.yaml", "candidates": people}, indent=4),
            True,
        ),
        "crlf and tabs": (f'{{\r\n\t"candidates" :\t{body}\r\n}}\r\n', True),
        "a byte order mark": (f'\ufeff{{"candidates": {body}}}', True),
        "no candidates": ('{"candidates": []}', False),
        "the rubric after the list": (f'{{"candidates": {body}, "rubric": "four.yaml"}}', None),
        "another key": (f'{{"title": "x", "candidates": {body}}}', False),
        "the rubric twice": (
            f'{{"rubric": "four.yaml", "rubric": "four.yaml", "candidates": {body}}}',
            False,
        ),
        "the rubric not a text": (f'{{"rubric": 4, "candidates": {body}}}', False),
        "a key twice in a candidate": (
            f'{{"candidates": [{first[:-1]}, "name": "Other"}}, {rest}]}}',
            False,
        ),
        "NaN late": (
            f'{{"candidates": {late}, {{"name": "N", "department": "PR", "ratings": '
            '{"listening": NaN, "empathy": 1, "engagement": 1, "transparency": 3}}]}',
            False,
        ),
        "a rating of 4.0": (f'{{"candidates": {floated}}}', False),
        "a number of 5,000 digits": (f'{{"candidates": {huge}}}', False),
        "something after the document": (f'{{"candidates": {body}}} {{}}', False),
        "the list not closed": (f'{{"candidates": {body[:-1]}}}', False),
        "the document not closed": (f'{{"candidates": {body}', False),
        "a list, not a document": (body, False),
        "nested too deeply": ('{"candidates": [{"name": "A", "notes": ' + "[" * 100_000, False),
        "a syntax error late": (f'{{"candidates": {late}, {{"name": "N",}}]}}', False),
    }
    return {name: (text.encode("utf-8"), read) for name, (text, read) in cases.items()}


JSON_CASES = _json_cases()


@pytest.mark.parametrize("case", JSON_CASES)
def test_a_json_document_is_streamed_or_left_to_the_full_reading_as_read_whole(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, read = JSON_CASES[case]
    document = folder / "people.json"
    document.write_bytes(data)
    streamed = _streamed(document, top=3)
    assert isinstance(streamed, RankResult if read else Source), type(streamed)
    good = read is not False
    monkeypatch.chdir(folder)
    rubric = [] if b'"rubric": "four.yaml", "c' in data else ["--rubric", "four.yaml"]
    for options in (["--top", "3"], ["--format", "csv"]):
        streamed_run, full = _both(run_cli, monkeypatch, "rank", str(document), *rubric, *options)
        _same(streamed_run, full)
        assert streamed_run.exit_code == (0 if good else 1), streamed_run.stderr


def test_only_rank_of_one_sheet_or_json_lines_file_is_streamed(folder: Path) -> None:
    sheet = folder / "sheet.csv"
    sheet.write_text(_sheet(_people(20, 12)), encoding="utf-8")
    assert isinstance(_streamed(sheet, top=3), RankResult)
    everyone = _streamed(sheet)  # every row shown, and no model made
    assert isinstance(everyone, RankResult)
    assert everyone.candidates == ()
    assert len(everyone.ranking.entries) == 20
    assert _streamed(sheet, top=3, blind=True) is None
    options = RankOptions(rubric=str(folder / "four.yaml"), top=3)
    assert api._rank_streamed([str(sheet), str(sheet)], options, None) is None
    assert api._rank_streamed(["-"], options, None) is None
    assert api._rank_streamed([str(folder)], options, None) is None
    # A rubric that cannot be read: the full reading words it.
    missing = RankOptions(rubric=str(folder / "nowhere.yaml"), top=3)
    assert isinstance(api._rank_streamed([str(sheet)], missing, None), Source)


def test_a_streamed_result_names_its_inputs_and_the_candidates_shown(folder: Path) -> None:
    sheet = folder / "sheet.csv"
    rows = [
        ["Ann Lee", "Sales", "5", "5", "5", "5"],
        ["Bo Chan", "Marketing", "5", "5", "5", "5"],
        ["Cy Dee", "Marketing", "3", "3", "3", "3"],
        ["Di Eng", "PR", "1", "5", "5", "5"],  # listening 1 < 2: not eligible
    ]
    sheet.write_text(_sheet(rows), encoding="utf-8")
    result = _streamed(sheet, top=1)
    assert isinstance(result, RankResult)
    assert result.inputs == (sheet.resolve(), (folder / "four.yaml").resolve())
    assert [c.name for c in result.candidates] == ["Ann Lee", "Bo Chan"]
    assert [(e.rank, e.evaluation.name) for e in result.ranking.entries] == [
        (1, "Ann Lee"),
        (1, "Bo Chan"),
    ]
    assert result.ranking.hidden_eligible == 1
    assert result.ranking.hidden_ineligible == 1
    assert [s[3] for s in result.ranking.standings] == [True, True, True, False]
    assert result.warnings == ()


@pytest.mark.parametrize("late", [None, ["Late Person", "Sales", "4", "9", "4", "4"]])
def test_a_sheet_from_a_fifo_is_read_once_and_ranked_as_a_file(
    late: list[str] | None, folder: Path, run_cli: RunCli
) -> None:
    rows = _people(60, 18) + ([late] if late else [])
    text = _sheet(rows).encode("utf-8")
    assert len(text) < 16_000  # all of it fits in the pipe's buffer
    rubric = str(folder / "four.yaml")
    regular = folder / "regular.csv"
    regular.write_bytes(text)
    fifo = folder / "fifo.csv"
    os.mkfifo(fifo)
    # Hold the pipe open for reading, so that what is written stays in it for smteam; a
    # second read would find it empty.
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(writer, text)
        os.close(writer)
        piped = run_cli("rank", str(fifo), "--rubric", rubric, "--top", "3")
    finally:
        os.close(holder)
    filed = run_cli("rank", str(regular), "--rubric", rubric, "--top", "3")
    assert piped.exit_code == filed.exit_code == (1 if late else 0)
    assert piped.stdout == filed.stdout
    assert piped.stderr == filed.stderr.replace(str(regular), str(fifo))


GROUPED = """\
name: grouped
title: Overlapping groups
scale: {min: 0, max: 4}
traits:
  - {id: listening, label: Listening, weight: 3, minimum: 1, group: [ears, heart]}
  - {id: empathy, label: Empathy, weight: 2, group: heart}
  - {id: engagement, label: Engagement, weight: 1.5, group: [voice, ears]}
  - {id: transparency, label: Transparency, weight: 0.5, minimum: 2}
"""


@pytest.mark.parametrize("options", [[], ["--eligible-only"]])
def test_a_full_csv_export_with_overlapping_groups_is_as_read_whole(
    options: list[str], folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Group cells and reasons are worked out once per combination of ratings: every
    # combination of 0 to 4 on four traits, in an order of its own, twice over.
    (folder / "grouped.yaml").write_text(GROUPED, encoding="utf-8")
    rng = random.Random(21)
    combinations = [
        [str(a), str(b), str(c), str(d)]
        for a in range(5)
        for b in range(5)
        for c in range(5)
        for d in range(5)
    ] * 2
    rng.shuffle(combinations)
    rows = [[f"P{i:04d}", DEPARTMENTS[i % 5], *r] for i, r in enumerate(combinations)]
    sheet = _write(folder, rows, "csv")
    rubric = str(folder / "grouped.yaml")
    assert isinstance(
        api._rank_streamed([str(sheet)], RankOptions(rubric=rubric), None), RankResult
    )
    streamed, full = _both(
        run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, "--format", "csv", *options
    )
    _same(streamed, full)
    lines = streamed.stdout.splitlines()
    # Eligible: listening 1 to 4 (four of five) and transparency 2 to 4 (three of five).
    assert len(lines) == 1 + (1250 if not options else 2 * 4 * 5 * 5 * 3)
    # By hand, P... rated 4, 4, 4, 4: eligible, every group full marks.
    header = lines[0].split(",")
    best = dict(zip(header, lines[1].split(","), strict=True))
    assert (best["score"], best["group.ears"], best["group.heart"], best["group.voice"]) == (
        "100.0",
        "100.0",
        "100.0",
        "100.0",
    )


def test_a_full_ranking_evaluates_its_candidates_as_they_are_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = folder / "sheet.csv"
    sheet.write_text(_sheet(_people(5000, 22)), encoding="utf-8")
    streamed = _streamed(sheet)
    assert isinstance(streamed, RankResult)
    entries = streamed.ranking.entries
    assert not isinstance(entries, tuple)  # evaluated when read, not all at once
    monkeypatch.setattr(ranking_module, "LAZY_FROM", 10**9)  # the full reading, all at once
    full = api.rank_inputs([str(sheet)], RankOptions(rubric=str(folder / "four.yaml")))
    expected = full.ranking.entries
    assert isinstance(expected, tuple)
    assert len(entries) == len(expected) == 5000
    assert entries == expected and expected == entries
    assert entries[0] == expected[0] and entries[-1] == expected[-1]
    assert entries[4095:4100] == expected[4095:4100]  # across the first few thousand
    assert entries[::1000] == expected[::1000]
    assert list(entries) == list(expected)
    with pytest.raises(IndexError):
        entries[5000]
    assert entries != expected[:-1]


NO_MINIMUM = RUBRIC.replace(", minimum: 2", "").replace(", minimum: 3", "")


@pytest.mark.parametrize("rubric", ["four", "no minimum"])
def test_a_full_csv_export_made_a_few_lines_at_a_time_is_as_read_whole(
    rubric: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A million rows are made into lines 65,536 at a time; here 7 at a time, so that 103 rows
    # (ties across the chunks' edges) take fifteen chunks, the last of five rows.
    (folder / "none.yaml").write_text(NO_MINIMUM, encoding="utf-8")
    assert "minimum" not in NO_MINIMUM
    monkeypatch.setattr(delimited, "_CHUNK", 7)
    sheet = _write(folder, _people(103, 23, 2, 4), "csv")
    path = str(folder / ("four.yaml" if rubric == "four" else "none.yaml"))
    streamed, full = _both(run_cli, monkeypatch, "rank", str(sheet), "--rubric", path, "-f", "csv")
    _same(streamed, full)
    assert len(streamed.stdout.splitlines()) == 104
    if rubric == "no minimum":
        assert ",false," not in streamed.stdout  # everyone eligible, no reasons


def _rubric(name: str, scale: tuple[int, int], traits: list[str]) -> str:
    """A rubric of ``traits``, each a flow mapping's inside (``id: x, weight: 1, ...``)."""
    lines = [f"name: {name}", f"title: {name}", f"scale: {{min: {scale[0]}, max: {scale[1]}}}"]
    lines.append("traits:")
    lines += [f"  - {{{trait}, label: {trait.split(',')[0][4:].title()}}}" for trait in traits]
    return "\n".join(lines) + "\n"


# Rubrics whose group, rating and reasons cells a big export works out a column at a time
# (smteam.formats.plain_cells), each with ratings drawn over its whole scale.
COLUMNAR_RUBRICS = {
    "four traits, two must-haves": (RUBRIC, (1, 5)),
    "overlapping groups from 0": (GROUPED, (0, 4)),
    "a scale below zero": (
        _rubric(
            "below",
            (-2, 2),
            [
                "id: listening, weight: 3, minimum: -1, group: [ears, heart]",
                "id: empathy, weight: 2, group: heart",
                "id: engagement, weight: 1.5, minimum: 0, group: ears",
                "id: transparency, weight: 0.5",
            ],
        ),
        (-2, 2),
    ),
    "0 to 100, two traits a block": (
        _rubric(
            "hundred",
            (0, 100),
            [
                "id: listening, weight: 3, minimum: 40, group: [ears, heart]",
                "id: empathy, weight: 2, group: heart",
                "id: engagement, weight: 1, group: ears",
                "id: transparency, weight: 4, minimum: 20",
            ],
        ),
        (0, 100),
    ),
    "weights too fine for 64 bits": (
        _rubric(
            "fine",
            (0, 100),
            [
                "id: listening, weight: 0.12345678901234566, minimum: 1, group: ears",
                "id: empathy, weight: 999.1234567890123, group: [ears, heart]",
                "id: engagement, weight: 0.3333333333333333, minimum: 2, group: heart",
                "id: transparency, weight: 0.1111111111111111",
            ],
        ),
        (0, 100),
    ),
    "no group, no must-have": (NO_MINIMUM, (1, 5)),
    # Subtotals from 0 to 1001 * 100 and 101 * 101 * 51 combinations of must-haves missed:
    # more than a table of 65,536 holds, so their texts are kept by number.
    "subtotals and must-haves past a table": (
        _rubric(
            "wide",
            (0, 100),
            [
                "id: listening, weight: 1, minimum: 100, group: ears",
                "id: empathy, weight: 0.001, minimum: 100, group: ears",
                "id: engagement, weight: 2, minimum: 50",
                "id: transparency, weight: 1",
            ],
        ),
        (0, 100),
    ),
}


@pytest.mark.parametrize("case", COLUMNAR_RUBRICS)
def test_a_big_full_export_worked_out_a_column_at_a_time_is_as_read_whole(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past a few thousand candidates the cells that depend on ratings alone come from numpy:
    # here from the first, 64 lines a chunk, so that a column's texts found in one chunk are
    # used again in the next; 600 rows over the whole scale give thousands of combinations.
    text, (low, high) = COLUMNAR_RUBRICS[case]
    (folder / "r.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(delimited, "_CHUNK", 64)
    rows = _people(600, 24, low, high)
    rows[17][2:] = [str(high)] * 4  # one at the top of every scale
    rows[18][2:] = [str(low)] * 4  # and one at the bottom
    # Names and departments that need quotes, an apostrophe or escapes, here and there.
    for at, name, department in [
        (5, "Lee, Ann", "Customer, Support"),
        (6, 'Bo "Bobby" Chan', '"Sales"'),
        (230, "=Cy Dee", "=Marketing"),
        (231, "Zoë Ängström", "Customer, Support"),
        (599, "-Ed", '"Sales"'),
    ]:
        rows[at][:2] = [name, department]
    sheet = _write(folder, rows, "csv")
    rubric = str(folder / "r.yaml")
    monkeypatch.setattr(delimited, "_COLUMNAR", 0)
    streamed, full = _both(
        run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, "-f", "csv"
    )
    _same(streamed, full)
    assert streamed.exit_code == 0
    assert len(streamed.stdout.splitlines()) == 601
    # The same rows a few at a time (row by row: fewer than a big export) and evaluated.
    monkeypatch.setattr(delimited, "_COLUMNAR", 10**9)
    for output in ("csv", "json", "markdown"):
        few, full = _both(
            run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, "-f", output
        )
        _same(few, full)
        assert few.stdout.count("Zoë Ängström") == 1


def test_a_big_full_export_of_plain_names_quotes_departments_as_read_whole(
    folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every name plain: numpy picks each chunk's names from all of them at once; a line whose
    # department needs quotes (or an apostrophe) is made as any other candidate's.
    monkeypatch.setattr(delimited, "_CHUNK", 64)
    monkeypatch.setattr(delimited, "_COLUMNAR", 0)
    rows = _people(300, 25)
    for at, department in [(3, "Customer, Support"), (150, '"Sales"'), (299, "=Marketing")]:
        rows[at][1] = department
    sheet = _write(folder, rows, "csv")
    rubric = str(folder / "four.yaml")
    streamed, full = _both(
        run_cli, monkeypatch, "rank", str(sheet), "--rubric", rubric, "-f", "csv"
    )
    _same(streamed, full)
    assert streamed.exit_code == 0
    assert streamed.stdout.count('"Customer, Support"') == 1
    assert streamed.stdout.count('"""Sales"""') == 1
    assert streamed.stdout.count("'=Marketing") == 1


@pytest.mark.parametrize("excel", [[], ["--excel"]])
def test_a_big_full_export_written_to_a_file_is_the_csv_printed(
    excel: list[str], folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file gets the lines of a big export as numpy made them (bytes); standard output
    # gets them as text. The same bytes either way, over several chunks.
    monkeypatch.setattr(delimited, "_CHUNK", 50)
    monkeypatch.setattr(delimited, "_COLUMNAR", 0)
    rows = _people(180, 26)
    rows[7][:2] = ["Lee, Ann", "Customer, Support"]  # a careful line in one chunk
    rows[90][0] = "Zoë Ängström"  # UTF-8 in another
    sheet = _write(folder, rows, "csv")
    rubric = str(folder / "four.yaml")
    out = folder / "all.csv"
    written = run_cli("rank", str(sheet), "--rubric", rubric, "-o", str(out), *excel)
    printed = run_cli("rank", str(sheet), "--rubric", rubric, "-f", "csv", *excel)
    assert (written.exit_code, printed.exit_code) == (0, 0)
    data = out.read_bytes()
    # (The test runner's standard output has its line ends as \n.)
    assert data.decode("utf-8").replace("\r\n", "\n") == printed.stdout
    assert data.count(b"\r\n") == data.count(b"\n") == 181
    assert data.startswith(b"\xef\xbb\xbf") == bool(excel)
    assert "Zoë Ängström".encode() in data


def test_what_a_column_at_a_time_leaves_to_the_general_way(folder: Path) -> None:
    # Group subtotals past 2**62 (weights read as fractions over 10**17, ratings to 100) and
    # must-have ratings too many to number in 64 bits (ten traits with a minimum of 100 on a
    # scale from 0: 101**10 combinations) are left to the row-by-row way (None); the rest of
    # those rubrics' columns are still made here.
    texts = {
        "fine": _rubric(
            "fine",
            (0, 100),
            [
                "id: listening, weight: 0.12345678901234566, group: ears",
                "id: empathy, weight: 999.1234567890123, group: ears",
            ],
        ),
        "many": _rubric(
            "many",
            (0, 100),
            [f"id: t{i}, weight: 1, minimum: 100, group: all" for i in range(10)],
        ),
    }
    made = {}
    for name, text in texts.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        plan = RankOptions().plan(api.load_rubric(str(folder / f"{name}.yaml")))
        cells = PlainCells(plan, lambda score: f"{score}", str)
        values = [tuple([100] * len(plan.trait_ids)), tuple([7] * len(plan.trait_ids))]
        matrix = cells.shifted(values)
        made[name] = (
            column_texts(cells.groups(matrix, values)),
            [cell.replace(b"\0", b"") for cell in cells.ratings(matrix).tolist()],
            column_texts(cells.reasons(matrix, values, str)),
        )
    assert made["fine"] == (None, [b"100,100,", b"7,7,"], None)  # no must-have: None too
    groups, ratings, reasons = made["many"]
    assert groups == [["100.0", "7.0"]]
    assert ratings == [b"100," * 10, b"7," * 10]
    assert reasons is None


def _yaml_people(rows: list[list[str]], odd_at: int | None = None, odd: str = "") -> str:
    lines = ["rubric: four.yaml", "candidates:"]
    for i, row in enumerate(rows):
        lines += [f"  - name: {row[0]}", f"    department: {row[1]}", "    ratings:"]
        lines += [f"      {trait}: {value}" for trait, value in zip(TRAITS, row[2:], strict=True)]
        if i == odd_at and odd == "note":
            lines += ["    notes:", "      empathy: Listened well."]
        if i == odd_at and odd == "trait":
            lines.insert(-1, "      brand-values: 4")  # a trait of another rubric
    return "\n".join(lines) + "\n"


OUTPUTS: tuple[list[str], ...] = (
    [],
    ["--format", "json"],
    ["--format", "csv"],
    ["--format", "markdown"],
    ["--eligible-only", "--format", "csv"],
    ["--format", "csv", "--per-rater"],
)


def _lazy_and_eager(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[Run, Run]:
    """The full reading's ranking evaluated when read (from the first candidate on, its CSV
    cells a column at a time), and evaluated all at once."""
    with monkeypatch.context() as patch:
        _full_path(patch)
        patch.setattr(ranking_module, "LAZY_FROM", 0)
        patch.setattr(delimited, "_COLUMNAR", 0)
        lazy = run_cli(*args)
        patch.setattr(ranking_module, "LAZY_FROM", 10**9)
        eager = run_cli(*args)
    return lazy, eager


RANKED = [p for p in CORPUS if p.parent != INVALID]  # an invalid file is never ranked


@pytest.mark.parametrize("path", RANKED, ids=[f"{p.parent.name}/{p.name}" for p in RANKED])
def test_a_full_ranking_evaluated_when_read_is_as_evaluated_at_once(
    path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(path.parent)
    for name, extra in _formats(path, tmp_path):
        for output in OUTPUTS:
            _same(*_lazy_and_eager(run_cli, monkeypatch, "rank", name, *extra, *output))


@pytest.mark.parametrize("output", ["csv", "json", "markdown", "table"])
def test_a_full_ranking_evaluated_when_read_carries_the_stability_columns(
    output: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A big file's full ranking is evaluated when read, and its CSV lines made a column at a
    # time: with --stability, each line must still end in the candidate's stability cells.
    path = folder / "people.yaml"
    path.write_text(_yaml_people(_people(120, 26)), encoding="utf-8")
    args = ["rank", str(path), "--stability", "--samples", "40", "--seed", "7", "-f", output]
    lazy, eager = _lazy_and_eager(run_cli, monkeypatch, *args)
    _same(lazy, eager)
    assert lazy.exit_code == 0
    if output == "csv":
        widths = {len(next(csv.reader([line]))) for line in lazy.stdout.splitlines()}
        assert widths == {len(next(csv.reader([lazy.stdout.splitlines()[0]])))}
        assert ",mean_rank," in lazy.stdout.splitlines()[0]


@pytest.mark.parametrize(
    "output",
    [["report", "-o", "shortlist.html"], ["rank", "-f", "markdown"], ["rank", "-f", "text"]],
    ids=["report", "markdown", "text"],
)
def test_a_big_plain_file_evaluates_each_candidate_a_few_times_at_most(
    output: list[str], folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A big ranking evaluates its candidates when they are read. The report's details for the
    # top 50 once read the whole ranking for each of them (50 times 4,096 and more), and a
    # table's caption and columns read it four times more to find what no plain candidate
    # has (notes, a panel, a tally, unused traits): each candidate is now evaluated for the
    # rows and the flags, and, for a report's top 50, their details.
    count = 4_200
    sheet = _write(folder, _people(count, 27), "csv")
    evaluated: list[int] = []
    evaluate = plain_evaluations  # what streamed calls, before the count wraps it

    def counted(rows: Any, plan: Any) -> Any:
        rows = list(rows)
        evaluated.append(len(rows))
        return evaluate(rows, plan)

    monkeypatch.setattr(streamed_module, "plain_evaluations", counted)
    monkeypatch.chdir(folder)
    command, *options = output
    result = run_cli(command, str(sheet), "--rubric", "four.yaml", *options)
    assert (result.exit_code, result.stderr) == (0, "")
    written = (folder / "shortlist.html").read_text(encoding="utf-8") if options[0] == "-o" else ""
    assert (written or result.stdout).count("Person 0") >= 50
    assert count <= sum(evaluated) <= 3 * count


@pytest.mark.parametrize("odd", ["", "note", "trait"])
def test_a_big_yaml_file_of_usual_candidates_is_evaluated_when_read(
    odd: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Usual candidates (one rater, whole numbers, every trait, no notes) are evaluated when
    # read; one note anywhere, or a rating of a trait the rubric does not have, and everyone
    # is evaluated at once. The outputs are the same.
    path = folder / "people.yaml"
    path.write_text(_yaml_people(_people(300, 25), 150, odd), encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(ranking_module, "LAZY_FROM", 0)
        entries = api.rank_inputs([str(path)], RankOptions()).ranking.entries
    assert isinstance(entries, tuple) == bool(odd)
    assert len(entries) == 300
    for output in OUTPUTS:
        lazy, eager = _lazy_and_eager(run_cli, monkeypatch, "rank", str(path), *output)
        _same(lazy, eager)
        assert lazy.exit_code == 0
