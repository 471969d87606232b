"""``team`` of one plain file (CSV, JSON Lines or YAML) is built from its rows as they are read
(smteam.scoring.teamplain), with no model per candidate. Everything it gives must be what the
full reading gives, byte for byte: on the examples, on generated files (ties, must-haves
missed, a coverage nobody meets, a lead seat from a plan, cover skills the rubric lacks,
departments in odd spellings, benches and next-best teams), and on files a step from plain,
which must give today's messages and exit codes. Each plain case also proves the rows were
streamed: the full reading is made to fail meanwhile."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from smteam import api
from smteam.checking.departments import DEPARTMENTS as SEVEN
from smteam.checking.documents import read_rubric
from smteam.checking.models import Candidate, Rubric
from smteam.choices import MissingPolicy
from smteam.errors import InputError
from smteam.scoring.scores import plan_scoring
from smteam.scoring.streamed import plain_sheet_rows
from smteam.scoring.teamplain import plain_team_pool
from smteam.scoring.teamreport import (
    CoverSettings,
    TeamPool,
    TeamReport,
    TeamSettings,
    build_team,
    candidate_pool,
)
from tests.conftest import EXAMPLES, TINY, Run, RunCli
from tests.test_streamed import RUBRIC, TRAITS  # rank's four-trait rubric, for team too

SIGNED = """\
name: signed
title: Four traits on a scale around zero
scale: {min: -2, max: 2}
traits:
  - {id: listening, label: Listening, weight: 1, minimum: -1}
  - {id: empathy, label: Empathy, weight: 2}
  - {id: engagement, label: Engagement, weight: 0.25}
  - {id: transparency, label: Transparency, weight: 3}
"""
LEAD_SIGNED = """\
name: lead-signed
title: A lead rated on a trait of the signed four and one they lack
scale: {min: -2, max: 2}
traits:
  - {id: transparency, label: Transparency, weight: 1.5, minimum: 0}
  - {id: calm, label: Calm, weight: 1}
"""
LEAD_ONE = """\
name: lead-one
title: A lead rated on one trait of the four
scale: {min: 1, max: 5}
traits:
  - {id: empathy, label: Empathy, weight: 1, minimum: 3}
"""
LEAD_INSIDE = """\
name: lead-inside
title: A lead rated on three of the four
scale: {min: 1, max: 5}
traits:
  - {id: transparency, label: Transparency, weight: 2, minimum: 2}
  - {id: listening, label: Listening, weight: 1}
  - {id: empathy, label: Empathy, weight: 0.5}
"""
LEAD_OUTSIDE = """\
name: lead-outside
title: A lead rated on a trait of the four and one the four lack
scale: {min: 1, max: 5}
traits:
  - {id: listening, label: Listening, weight: 2, minimum: 3}
  - {id: humour, label: Humour, weight: 1}
"""
COVER_INSIDE = """\
name: cover-inside
title: Skills the four rate
scale: {min: 1, max: 5}
traits:
  - {id: empathy, label: Empathy, weight: 1}
  - {id: listening, label: Listening, weight: 1}
  - {id: engagement, label: Engagement, weight: 1}
"""
COVER_OUTSIDE = """\
name: cover-outside
title: Skills the four rate, and one they do not
scale: {min: 1, max: 5}
traits:
  - {id: engagement, label: Engagement, weight: 1}
  - {id: humour, label: Humour, weight: 1}
  - {id: listening, label: Listening, weight: 1}
"""
PLANS = {
    "plan-one.yaml": "lead: {rubric: lead-one.yaml, label: Captain}\nbench: 2\n",
    "plan-inside.yaml": (
        "lead: {rubric: lead-inside.yaml}\n"
        "departments: {Marketing: 2, Executive Team: 0}\n"
        "cover: {rubric: cover-inside.yaml, level: 4, people: 2}\n"
    ),
    "plan-outside.yaml": (
        "lead: {rubric: lead-outside.yaml, label: Head}\n"
        "cover: {rubric: cover-outside.yaml, level: 3, people: 1,"
        " skills: [listening, engagement]}\n"
    ),
    "plan-lead-only.yaml": "per_department: 0\nlead: {rubric: lead-inside.yaml}\nbench: 3\n",
}
FILES = {
    "four.yaml": RUBRIC,
    "signed.yaml": SIGNED,
    "lead-signed.yaml": LEAD_SIGNED,
    "lead-one.yaml": LEAD_ONE,
    "lead-inside.yaml": LEAD_INSIDE,
    "lead-outside.yaml": LEAD_OUTSIDE,
    "cover-inside.yaml": COVER_INSIDE,
    "cover-outside.yaml": COVER_OUTSIDE,
    **PLANS,
}
ODD_SPELLINGS = (
    "mktg",
    "CUSTOMER SUPPORT",
    "Sales",
    "pr & corporate communications",
    "R&D",
    "c-suite",
    "Brand Team",
    "Marketing",
    "Customer Service",
    "executive",
)
FORMATS = ("csv", "jsonl", "json", "yaml")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _people(count: int, seed: int, low: int = 1, high: int = 5) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [
            f"Person {i:05d}",
            ODD_SPELLINGS[rng.randrange(len(ODD_SPELLINGS))],
            *(str(rng.randint(low, high)) for _ in TRAITS),
        ]
        for i in range(count)
    ]


def _sheet(
    rows: Sequence[Sequence[str]], header: Sequence[str] = ("name", "department", *TRAITS)
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _lines(rows: Sequence[Sequence[str]], traits: Sequence[str] = TRAITS) -> str:
    out = []
    for row in rows:
        ratings = {trait: int(text) for trait, text in zip(traits, row[2:], strict=True)}
        out.append(json.dumps({"name": row[0], "department": row[1], "ratings": ratings}) + "\n")
    return "".join(out)


def _document(rows: Sequence[Sequence[str]], traits: Sequence[str] = TRAITS) -> str:
    """The same candidates as a JSON document, laid out over many lines."""
    people = [json.loads(line) for line in _lines(rows, traits).splitlines()]
    return json.dumps({"candidates": people}, indent=2)


def _yaml(rows: Sequence[Sequence[str]], traits: Sequence[str] = TRAITS) -> str:
    """The plainest YAML, as an export writes it."""
    out = ["candidates:"]
    for row in rows:
        out += [f"  - name: {row[0]}", f"    department: {row[1]}", "    ratings:"]
        out += [f"      {trait}: {text}" for trait, text in zip(traits, row[2:], strict=True)]
    return "\n".join(out) + "\n"


def _write(folder: Path, rows: Sequence[Sequence[str]], fmt: str, stem: str = "people") -> Path:
    path = folder / f"{stem}.{fmt}"
    text = {"csv": _sheet, "jsonl": _lines, "json": _document, "yaml": _yaml}[fmt](rows)
    path.write_text(text, encoding="utf-8")
    return path


Made = list[object]


def _spied(monkeypatch: pytest.MonkeyPatch) -> Made:
    """What each call of the streamed way made: a report, or None when it gave up."""
    made: Made = []
    real = api._team_streamed

    def spy(*args: Any) -> TeamReport | None:
        result = real(*args)
        made.append(result)
        return result

    monkeypatch.setattr(api, "_team_streamed", spy)
    return made


def _full_reading_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the full reading was taken")

    monkeypatch.setattr(api, "_read_and_check", fail)


def _full(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, *args: str) -> Run:
    with monkeypatch.context() as patch:
        patch.setattr(api, "_team_streamed", lambda *args: None)
        return run_cli(*args)


def _same(streamed: Run, full: Run) -> None:
    assert (streamed.exit_code, streamed.stdout, streamed.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )


def _streamed_and_same(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, *args: str) -> Run:
    """Run ``team`` with the full reading failing (so it must stream), then the full way;
    both must give the same exit code and output."""
    with monkeypatch.context() as patch:
        made = _spied(patch)
        _full_reading_fails(patch)
        streamed = run_cli("team", *args)
    assert len(made) == 1 and made[0] is not None
    full = _full(run_cli, monkeypatch, "team", *args)
    _same(streamed, full)
    return streamed


PLAIN_CASES: dict[str, tuple[list[list[str]], list[str], int]] = {
    # name: (rows, options, exit code)
    "random, the default cover shown": (_people(80, 1), [], 0),
    "a cover the rubric holds": (
        _people(300, 2),
        ["--cover", "cover-inside.yaml", "--cover-people", "3"],
        0,
    ),
    "robust cover, two per department": (
        _people(300, 3),
        ["--cover", "cover-inside.yaml", "--robust", "--per-department", "2"],
        0,
    ),
    "a cover of skills the rubric lacks: nobody holds them": (
        _people(200, 4),
        ["--cover", "five-dispersed-skills", "--cover-level", "3"],
        3,
    ),
    "a cover too hard to meet": (
        _people(50, 5),
        ["--cover", "cover-inside.yaml", "--cover-level", "5", "--cover-people", "8"],
        3,
    ),
    "ties everywhere (two points only)": (
        _people(400, 6, 3, 4),
        ["--bench", "3", "--alternatives", "3"],
        0,
    ),
    "everyone tied: file order decides": (
        [[f"P{i:03d}", ODD_SPELLINGS[i % 10], "4", "4", "4", "4"] for i in range(120)],
        ["--bench", "2", "--alternatives", "2", "--cover", "cover-inside.yaml"],
        0,
    ),
    "must-haves missed by most": (_people(600, 7, 1, 3), ["--bench", "1"], 0),
    "nobody eligible: no team": (
        [[f"P{i}", ODD_SPELLINGS[i % 10], "1", "5", "5", "5"] for i in range(30)],
        [],
        3,
    ),
    "bench 0": (_people(100, 8), ["--bench", "0"], 0),
    "bench 2, as json": (_people(100, 9), ["--bench", "2", "--format", "json"], 0),
    "bench 3, as csv": (_people(100, 10), ["--bench", "3", "--format", "csv"], 0),
    "alternatives, as markdown": (
        _people(100, 11),
        ["--alternatives", "4", "--format", "markdown"],
        0,
    ),
    "a lead on one trait of the rubric": (_people(200, 12), ["--plan", "plan-one.yaml"], 0),
    "a lead on three, seats and cover from the plan": (
        _people(300, 13),
        ["--plan", "plan-inside.yaml", "--alternatives", "2", "--format", "json"],
        0,
    ),
    "a lead seat only": (_people(60, 14), ["--plan", "plan-lead-only.yaml"], 0),
    "a lead on a trait the rubric lacks, missing is an error: no lead": (
        _people(100, 15),
        ["--plan", "plan-outside.yaml"],
        3,
    ),
    "a lead on a trait the rubric lacks, missing counts as the minimum": (
        _people(100, 15),
        ["--plan", "plan-outside.yaml", "--missing", "min", "--bench", "2"],
        0,
    ),
    "a lead on a trait the rubric lacks, missing skipped": (
        _people(100, 15),
        ["--plan", "plan-outside.yaml", "--missing", "skip", "--format", "json"],
        0,
    ),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", PLAIN_CASES, ids=list(PLAIN_CASES))
def test_a_plain_file_streams_to_the_same_team(
    case: str, fmt: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, options, code = PLAIN_CASES[case]
    monkeypatch.chdir(folder)
    path = _write(folder, rows, fmt)
    streamed = _streamed_and_same(run_cli, monkeypatch, str(path), "-r", "four.yaml", *options)
    assert streamed.exit_code == code


def test_a_scale_around_zero_streams_to_the_same_team(
    folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(folder, _people(200, 20, -2, 2), "csv")
    plan = folder / "plan-signed.yaml"
    plan.write_text("lead: {rubric: lead-signed.yaml}\nbench: 2\n", encoding="utf-8")
    for options in ([], ["--plan", str(plan), "--missing", "min"], ["--plan", str(plan)]):
        streamed = _streamed_and_same(
            run_cli, monkeypatch, str(path), "-r", str(folder / "signed.yaml"), *options
        )
        assert streamed.exit_code == (3 if options[-1:] == [str(plan)] else 0)


def test_blank_lines_and_empty_rows_are_skipped_as_the_full_reading_skips_them(
    folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _people(40, 21)
    path = folder / "gaps.csv"
    text = _sheet(rows[:20]) + "\n,,,,,\n" + _sheet(rows[20:]).split("\n", 1)[1]
    path.write_text(text, encoding="utf-8")
    streamed = _streamed_and_same(run_cli, monkeypatch, str(path), "-r", str(folder / "four.yaml"))
    assert streamed.exit_code == 0


def _plain_examples(folder: Path) -> list[Path]:
    """examples/candidates.csv without its notes columns, as a sheet, JSON Lines and YAML."""
    with (EXAMPLES / "candidates.csv").open(encoding="utf-8", newline="") as file:
        table = list(csv.reader(file))
    keep = [i for i, column in enumerate(table[0]) if not column.startswith("notes.")]
    rows = [[row[i] for i in keep] for row in table]
    header, body = rows[0], rows[1:]
    sheet = folder / "plain-examples.csv"
    sheet.write_text(_sheet(body, header), encoding="utf-8")
    lines = folder / "plain-examples.jsonl"
    lines.write_text(_lines(body, header[2:]), encoding="utf-8")
    yaml_file = folder / "plain-examples.yaml"
    yaml_file.write_text(_yaml(body, header[2:]), encoding="utf-8")
    return [sheet, lines, yaml_file]


EXAMPLE_OPTIONS = [
    [],
    ["--plan", str(EXAMPLES / "team.yaml")],
    ["--plan", str(EXAMPLES / "team.yaml"), "--format", "json", "--alternatives", "3"],
    ["--cover", "five-dispersed-skills", "--bench", "3", "--format", "csv"],
    ["--per-department", "1", "--bench", "0", "--format", "markdown"],
    ["--per-department", "2", "--alternatives", "1"],
]


@pytest.mark.parametrize(
    "options", EXAMPLE_OPTIONS, ids=[" ".join(o) or "-" for o in EXAMPLE_OPTIONS]
)
def test_the_examples_made_plain_stream_to_the_team_of_the_examples(
    options: list[str], tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The example sheet has notes, so it is read in full; without them it is streamed, and
    # the team is the same but for the notes nobody shows: the same output.
    example = _full(run_cli, monkeypatch, "team", str(EXAMPLES / "candidates.csv"), *options)
    assert example.exit_code == (3 if "2" in options else 0)  # 14 seats: too few eligible
    for path in _plain_examples(tmp_path):
        streamed = _streamed_and_same(run_cli, monkeypatch, str(path), *options)
        assert (streamed.exit_code, streamed.stdout) == (example.exit_code, example.stdout)


@pytest.mark.parametrize(
    "name", ["candidates.csv", "candidates.yaml", "custom-candidates.yaml", "panel.yaml"]
)
def test_the_examples_as_they_are_give_the_same_team(
    name: str, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    for options in ([], ["--plan", "team.yaml", "--format", "json", "--bench", "2"]):
        with monkeypatch.context() as patch:
            made = _spied(patch)
            streamed = run_cli("team", name, *options)
        assert made in ([], [None])  # none of them is of the plainest kind
        _same(streamed, _full(run_cli, monkeypatch, "team", name, *options))


def test_a_report_with_a_team_is_the_same(
    folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(folder, _people(120, 30), "csv")
    runs = []
    for streaming in (True, False):
        out = folder / f"report-{streaming}.html"
        args = ["report", str(path), "-r", str(folder / "four.yaml")]
        args += ["--team", str(folder / "plan-inside.yaml"), "-o", str(out)]
        with monkeypatch.context() as patch:
            made = _spied(patch)
            if not streaming:
                patch.setattr(api, "_team_streamed", lambda *args: None)
            run = run_cli(*args)
        assert run.exit_code == 0
        assert len(made) == streaming and all(m is not None for m in made)
        runs.append((run.stdout, run.stderr, out.read_bytes()))
    assert runs[0] == runs[1]


def _step(rows: list[list[str]], at: int, **cells: str) -> list[list[str]]:
    """``rows`` with the row at ``at`` changed: a cell by its column name."""
    columns = ("name", "department", *TRAITS)
    changed = [list(row) for row in rows]
    for column, text in cells.items():
        changed[at][columns.index(column)] = text
    return changed


BASE = _people(200, 40)
NEAR_PLAIN_SHEETS: dict[str, tuple[str, int, bool]] = {
    # name: (the sheet, exit code, whether the streamed way was tried and gave up)
    "a notes column": (
        _sheet(
            [[*r, "seen at work"] for r in BASE], ("name", "department", *TRAITS, "notes.empathy")
        ),
        0,
        True,
    ),
    "a rater column": (
        _sheet([[*r, "Dee"] for r in BASE], ("name", "department", *TRAITS, "rater")),
        0,
        True,
    ),
    "04 late in the file": (_sheet(_step(BASE, 170, empathy="04")), 1, True),
    "a duplicate late in the file": (_sheet(_step(BASE, 190, name=BASE[3][0])), 1, True),
    "a duplicate but for case and spacing": (
        _sheet(_step(BASE, 150, name=BASE[3][0].upper().replace(" ", "  "))),
        1,
        True,
    ),
    "a department not of the seven": (_sheet(_step(BASE, 120, department="Accounting")), 0, True),
    "a name with a trailing space": (_sheet(_step(BASE, 99, name="Late Comer ")), 1, True),
    "an empty rating": (_sheet(_step(BASE, 60, listening="")), 1, True),
    "a rating off the scale": (_sheet(_step(BASE, 180, transparency="6")), 1, True),
    "a label for a rating": (_sheet(_step(BASE, 10, empathy="strong")), 1, True),
    "a decimal rating": (_sheet(_step(BASE, 10, empathy="4.0")), 1, True),
    "a header only": (_sheet([]), 1, True),
    "a row too short": (_sheet(BASE[:50]) + "Short Row,Sales,4\n", 1, True),
}


@pytest.mark.parametrize("case", NEAR_PLAIN_SHEETS, ids=list(NEAR_PLAIN_SHEETS))
def test_a_sheet_a_step_from_plain_gives_the_full_readings_messages(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, code, tried = NEAR_PLAIN_SHEETS[case]
    path = folder / "near.csv"
    path.write_text(text, encoding="utf-8")
    args = ["team", str(path), "-r", str(folder / "four.yaml"), "--bench", "2"]
    with monkeypatch.context() as patch:
        made = _spied(patch)
        streamed = run_cli(*args)
    assert made == ([None] if tried else [])
    full = _full(run_cli, monkeypatch, *args)
    _same(streamed, full)
    assert streamed.exit_code == code


def _json_line(name: str, **extra: object) -> str:
    person: dict[str, object] = {
        "name": name,
        "department": "Sales",
        "ratings": dict.fromkeys(TRAITS, 4),
    }
    person.update(extra)
    return json.dumps(person) + "\n"


NEAR_PLAIN_FILES: dict[str, tuple[str, str, int, bool]] = {
    # name: (file name, text, exit code, whether the streamed way was tried and gave up)
    "JSON Lines: a notes key": (
        "near.jsonl",
        _lines(BASE) + _json_line("Noted", notes={"empathy": "kind"}),
        0,
        True,
    ),
    "JSON Lines: a rating 4.0": (
        "near.jsonl",
        _lines(BASE) + _json_line("Decimal", ratings={**dict.fromkeys(TRAITS, 4), "empathy": 4.0}),
        1,
        True,
    ),
    "JSON Lines: a rating true": (
        "near.jsonl",
        _lines(BASE) + _json_line("Boolean", ratings={**dict.fromkeys(TRAITS, 4), "empathy": True}),
        1,
        True,
    ),
    "JSON Lines: a duplicate last": ("near.jsonl", _lines(BASE) + _json_line(BASE[0][0]), 1, True),
    "YAML: a comment (read in full from the start)": (
        "near.yaml",
        "# exported\n" + _yaml(BASE),
        0,
        False,
    ),
    "YAML: a duplicate late": ("near.yaml", _yaml(_step(BASE, 150, name=BASE[2][0])), 1, True),
    "YAML: 04 late": ("near.yaml", _yaml(_step(BASE, 150, engagement="04")), 1, True),
}


@pytest.mark.parametrize("case", NEAR_PLAIN_FILES, ids=list(NEAR_PLAIN_FILES))
def test_json_lines_and_yaml_a_step_from_plain_give_the_full_readings_messages(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, text, code, tried = NEAR_PLAIN_FILES[case]
    path = folder / name
    path.write_text(text, encoding="utf-8")
    args = ["team", str(path), "-r", str(folder / "four.yaml"), "--plan", "plan-inside.yaml"]
    monkeypatch.chdir(folder)
    with monkeypatch.context() as patch:
        made = _spied(patch)
        streamed = run_cli(*args)
    assert made == ([None] if tried else [])
    _same(streamed, _full(run_cli, monkeypatch, *args))
    assert streamed.exit_code == code


OPTION_CASES: dict[str, tuple[bool, list[str], int, bool]] = {
    # name: (whether the file has a late duplicate, options, exit code, tried and gave up)
    "a cover level off the scale, plain file": (False, ["--cover-level", "9"], 2, True),
    "a cover level off the scale, bad file: the file's problem first": (
        True,
        ["--cover-level", "9"],
        1,
        False,
    ),
    "robust with no cover, plain file": (False, ["--robust"], 2, True),
    "no seats, plain file": (False, ["--per-department", "0"], 2, True),
    "a plan that is not there, plain file": (False, ["--plan", "nowhere.yaml"], 1, False),
    "a cover rubric that is not there, bad file": (True, ["--cover", "nowhere.yaml"], 1, False),
}


@pytest.mark.parametrize("case", OPTION_CASES, ids=list(OPTION_CASES))
def test_usage_errors_and_plan_problems_come_as_the_full_reading_gives_them(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    duplicate, options, code, tried = OPTION_CASES[case]
    rows = _step(BASE, 150, name=BASE[0][0]) if duplicate else BASE
    path = _write(folder, rows, "csv")
    args = ["team", str(path), "-r", str(folder / "four.yaml"), *options]
    monkeypatch.chdir(folder)
    with monkeypatch.context() as patch:
        made = _spied(patch)
        streamed = run_cli(*args)
    if duplicate:
        assert made in ([], [None])  # given up for the plan, or at the duplicate
    else:
        assert made == ([None] if tried else [])
    _same(streamed, _full(run_cli, monkeypatch, *args))
    assert streamed.exit_code == code


# The pool itself, worked out by hand on the tiny rubric (reach 1, voice 3, pace 2; scale 1 to
# 5, so every score's denominator is (1 + 3 + 2) * 4 = 24 and a score is 100 * sum w(r - 1)).
TINY_ROWS = [
    ["Ann", "mktg", "5", "4", "3"],  # 100 * (4 + 9 + 4) = 1700
    ["Bo", "Sales", "1", "1", "1"],  # 0
    ["Cy", "Marketing", "2", "5", "4"],  # 100 * (1 + 12 + 6) = 1900
]
LEAD_PACE = (
    "name: lead-pace\ntitle: Pace\nscale: {min: 1, max: 5}\ntraits:\n"
    "  - {id: pace, label: Pace, weight: 2, minimum: 3}\n"
)
LEAD_CALM = (
    "name: lead-calm\ntitle: Voice and calm\nscale: {min: 1, max: 5}\ntraits:\n"
    "  - {id: voice, label: Voice, weight: 1, minimum: 3}\n  - {id: calm, label: Calm, weight: 1}\n"
)
COVER_CALM = (
    "name: cover-calm\ntitle: Voice and calm\nscale: {min: 1, max: 5}\ntraits:\n"
    "  - {id: voice, label: Voice, weight: 1}\n  - {id: calm, label: Calm, weight: 1}\n"
)
MARKETING, SALES = "Marketing", "Business Development / Sales"
TINY_POOLS: dict[
    str, tuple[str | None, MissingPolicy, list[int | None], list[int | None], list[int | None], int]
] = {
    # name: (lead rubric, missing, Marketing row, Sales row, lead row, scale)
    "no lead": (None, MissingPolicy.ERROR, [1700, None, 1900], [None, 0, None], [], 24),
    # pace 3, 1, 4: 2 * (3 - 1) = 4 -> 400 of 8; Bo's 1 misses the minimum 3; Cy 600 of 8.
    # lcm(24, 8) = 24: the lead's scores times 3.
    "a lead on pace": (
        LEAD_PACE,
        MissingPolicy.ERROR,
        [1700, None, 1900],
        [None, 0, None],
        [1200, None, 1800],
        24,
    ),
    # calm is not rated: an error, so nobody may lead.
    "calm missing, an error": (
        LEAD_CALM,
        MissingPolicy.ERROR,
        [1700, None, 1900],
        [None, 0, None],
        [None, None, None],
        24,
    ),
    # calm counts 0 points with its weight: voice 4 -> 300 of (2 * 4 = 8), Cy 400 of 8; Bo's
    # voice 1 misses 3. lcm(24, 8) = 24: times 3.
    "calm missing, counted as the minimum": (
        LEAD_CALM,
        MissingPolicy.MIN,
        [1700, None, 1900],
        [None, 0, None],
        [900, None, 1200],
        24,
    ),
    # calm left out of the weight: 300 of 4, 400 of 4; lcm(24, 4) = 24: times 6.
    "calm missing, skipped": (
        LEAD_CALM,
        MissingPolicy.SKIP,
        [1700, None, 1900],
        [None, 0, None],
        [1800, None, 2400],
        24,
    ),
}


def _rubric(text: str) -> Rubric:
    return read_rubric(text.encode(), "rubric.yaml")


def _tiny_settings(lead: str | None, missing: MissingPolicy) -> TeamSettings:
    return TeamSettings(
        plan=plan_scoring(_rubric(TINY), missing=missing),
        departments=tuple((department, 1) for department in SEVEN),
        cover=CoverSettings(
            plan=plan_scoring(_rubric(COVER_CALM)), skills=("voice", "calm"), level=4
        ),
        lead=None if lead is None else plan_scoring(_rubric(lead), missing=missing),
    )


def _tiny_pools(settings: TeamSettings) -> tuple[TeamPool | None, TeamPool]:
    """The pool of TINY_ROWS the streamed way and the full way."""
    header = ["name", "department", "reach", "voice", "pace"]
    found = plain_sheet_rows(header, iter(TINY_ROWS), settings.plan)
    assert found is not None
    streamed = plain_team_pool(found[0], settings)
    candidates = [
        Candidate.model_validate(
            {
                "name": r[0],
                "department": r[1],
                "ratings": dict(zip(header[2:], map(int, r[2:]), strict=True)),
            }
        )
        for r in TINY_ROWS
    ]
    return streamed, candidate_pool(candidates, settings)


@pytest.mark.parametrize("case", TINY_POOLS, ids=list(TINY_POOLS))
def test_the_pool_of_plain_rows_is_worked_out_as_by_hand(case: str) -> None:
    lead, missing, marketing, sales, lead_row, scale = TINY_POOLS[case]
    settings = _tiny_settings(lead, missing)
    streamed, full = _tiny_pools(settings)
    assert streamed is not None
    problem = streamed.problem
    seats = {seat.department: row for seat, row in zip(problem.seats, problem.scores, strict=True)}
    assert (list(seats[MARKETING]), list(seats[SALES]), streamed.scale) == (marketing, sales, scale)
    assert list(seats.get(None, ())) == lead_row
    assert all(set(row) == {None} for d, row in seats.items() if d not in (MARKETING, SALES, None))
    assert problem.names == ("Ann", "Bo", "Cy")
    assert list(streamed.departments) == ["mktg", "Sales", "Marketing"]
    assert list(streamed.ratings) == [(4, None), (1, None), (5, None)]  # voice; calm unrated
    assert problem.holders == (frozenset({0, 2}), frozenset())
    assert streamed == full


TROUBLE: dict[str, list[list[str]]] = {
    "a name twice": [*TINY_ROWS, ["ann", "Sales", "1", "1", "1"]],
    "a department not of the seven": [*TINY_ROWS[:1], ["Di", "Accounting", "1", "1", "1"]],
    "a department with a trailing space": [["Di", "Sales ", "1", "1", "1"]],
    "a name with a control character": [["Di\x07", "Sales", "1", "1", "1"]],
    "a rating off the scale": [*TINY_ROWS, ["Di", "Sales", "1", "6", "1"]],
    "nobody": [],
}


@pytest.mark.parametrize("case", TROUBLE, ids=list(TROUBLE))
def test_the_pool_is_not_made_of_rows_the_full_reading_must_word(case: str) -> None:
    settings = _tiny_settings(None, MissingPolicy.ERROR)
    header = ["name", "department", "reach", "voice", "pace"]
    found = plain_sheet_rows(header, iter(TROUBLE[case]), settings.plan)
    assert found is not None
    assert plain_team_pool(found[0], settings) is None


def test_the_bench_names_people_by_their_department_as_written(
    folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One Marketing seat: Ann, all 5s, scores 100; Bo, all 4s, 75, written "mktg" in the
    # file, is the bench and the seat would lose 25.
    plan = folder / "plan-marketing.yaml"
    plan.write_text("per_department: 0\ndepartments: {Marketing: 1}\n", encoding="utf-8")
    rows = [["Ann", "Marketing", "5", "5", "5", "5"], ["Bo", "mktg", "4", "4", "4", "4"]]
    path = _write(folder, rows, "csv")
    run = _streamed_and_same(
        run_cli, monkeypatch, str(path), "-r", str(folder / "four.yaml"), "--plan", str(plan)
    )
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert any("Ann" in line and "Marketing" in line and "100" in line for line in lines)
    assert any("Bo" in line and "75" in line and "25" in line for line in lines)


MANY = _people(3000, 41)  # enough for the YAML reader to report its progress
PROGRESS_CASES: dict[str, tuple[str, bool, bool]] = {
    # name: (the YAML file, whether it is read in full, whether that reading fails)
    "plain: streamed": (_yaml(MANY), False, False),
    "a duplicate late: streamed, then read in full": (
        _yaml(_step(MANY, 2990, name=MANY[5][0])),
        True,
        True,
    ),
    "a comment: read in full from the start": ("# exported\n" + _yaml(MANY), True, False),
}


@pytest.mark.parametrize("case", PROGRESS_CASES, ids=list(PROGRESS_CASES))
def test_the_progress_of_the_one_file_is_asked_for_once_and_goes_on_in_the_full_reading(
    case: str, folder: Path
) -> None:
    text, in_full, fails = PROGRESS_CASES[case]
    path = folder / "people.yaml"
    path.write_text(text, encoding="utf-8")
    asked: list[tuple[str, int]] = []
    advanced: list[tuple[int, int]] = []

    def progress_for(name: str, size: int) -> Callable[[int, int], None]:
        asked.append((name, size))
        return lambda done, total: advanced.append((done, total))

    options = api.RankOptions(rubric=str(folder / "four.yaml"))
    try:
        made = api.team_inputs([str(path)], options, api.TeamOptions(), progress_for=progress_for)
    except InputError:
        made = None
    assert (made is None) == fails
    assert asked == [(str(path), len(text.encode()))]
    # The full reading of the file reports its progress in the bar asked for first.
    assert bool(advanced) == in_full
    assert all(total == len(text.encode()) for _, total in advanced)


TRAIT_POOL = ("alpha", "beta", "gamma", "delta", "omega")
WEIGHTS = ("1", "2", "3", "0.5", "1.5", "0.25", "0.1")


def _random_rubric(rng: random.Random, name: str, traits: Sequence[str]) -> Rubric:
    low = rng.choice((-2, 0, 1))
    high = low + rng.choice((1, 3, 4, 9))
    lines = [f"name: {name}", f"title: {name}", f"scale: {{min: {low}, max: {high}}}", "traits:"]
    for trait in traits:
        minimum = f", minimum: {rng.randint(low, (low + high) // 2)}" if rng.random() < 0.4 else ""
        weight = rng.choice(WEIGHTS)
        lines.append(f"  - {{id: {trait}, label: {trait.title()}, weight: {weight}{minimum}}}")
    return _rubric("\n".join(lines) + "\n")


@pytest.mark.parametrize("seed", range(60))
def test_random_rubrics_plans_and_rows_make_the_same_pool_and_team_both_ways(seed: int) -> None:
    """Both ways to the pool, and the team built from it, on random rubrics (weights in
    tenths and quarters, scales of their own), lead and cover rubrics that rate traits the
    rubric lacks, every missing policy, and random rows."""
    rng = random.Random(seed)
    main = _random_rubric(rng, "main", rng.sample(TRAIT_POOL, rng.randint(1, 4)))
    missing = rng.choice(list(MissingPolicy))
    lead = None
    if rng.random() < 0.7:
        lead = plan_scoring(
            _random_rubric(rng, "lead", rng.sample(TRAIT_POOL, rng.randint(1, 3))),
            missing=missing,
        )
    cover = _random_rubric(rng, "cover", rng.sample(TRAIT_POOL, rng.randint(1, 4)))
    scale = cover.scale
    settings = TeamSettings(
        plan=plan_scoring(main, missing=missing),
        departments=tuple((d, rng.randint(1, 2)) for d in rng.sample(list(SEVEN), 2)),
        cover=CoverSettings(
            plan=plan_scoring(cover),
            skills=cover.trait_ids,
            level=rng.randint(scale.min, (scale.min + scale.max + 1) // 2),
            people=rng.randint(0, 2),
        ),
        lead=lead,
        alternatives=rng.randint(0, 2),
        bench=rng.randint(0, 3),
    )
    low, high = main.scale.min, main.scale.max
    rows = [
        [
            f"Person {i}",
            rng.choice(ODD_SPELLINGS),
            *(str(rng.randint(low, high)) for _ in main.trait_ids),
        ]
        for i in range(rng.randint(20, 80))
    ]
    header = ["name", "department", *main.trait_ids]
    found = plain_sheet_rows(header, iter(rows), settings.plan)
    assert found is not None
    streamed = plain_team_pool(found[0], settings)
    candidates = [
        Candidate.model_validate(
            {
                "name": row[0],
                "department": row[1],
                "ratings": dict(zip(main.trait_ids, map(int, row[2:]), strict=True)),
            }
        )
        for row in rows
    ]
    full = candidate_pool(candidates, settings)
    assert streamed == full
    assert build_team(streamed, settings) == build_team(full, settings)


@pytest.mark.parametrize("target", ["four.yaml", "people.yaml", "plan-one.yaml", "lead-one.yaml"])
def test_no_output_is_written_over_a_file_the_streamed_team_read(
    target: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The YAML file names its rubric (read from its folder); the plan names its lead's.
    path = folder / "people.yaml"
    path.write_text("rubric: four.yaml\n" + _yaml(BASE), encoding="utf-8")
    before = (folder / target).read_bytes()
    monkeypatch.chdir(folder)
    run = _streamed_and_same(
        run_cli, monkeypatch, "people.yaml", "--plan", "plan-one.yaml", "-f", "json", "-o", target
    )
    assert run.exit_code == 2
    assert target in run.stderr
    assert (folder / target).read_bytes() == before
