"""Exports and CI use: every format, spreadsheet safety, atomic files, thresholds, many inputs,
the JSON Schema, init and the pre-commit hook."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smteam.checking.schema import json_schema
from smteam.choices import OutputFormat, SchemaKind
from smteam.formats import EXTENSIONS, FormatOptions, format_ranking
from smteam.formats.delimited import _csv_line, safe_text
from smteam.reading.yamlfile import load_yaml
from smteam.scoring.ranking import rank_candidates
from smteam.scoring.scores import plan_scoring
from tests.conftest import DATA, EXAMPLES, REPO, RUBRICS, RunCli
from tests.test_scoring import make_rubric, person

EXAMPLE = str(EXAMPLES / "candidates.yaml")
Write = Callable[..., Path]

TRICKY = """\
rubric: who-what-when
candidates:
  - name: '=HYPERLINK("http://evil.example", "click")'
    department: "@SUM(A1:A9)"
    ratings: {brand-values: 5, purpose-and-focus: 5, responsiveness: 5}
    notes:
      brand-values: "\\tstarts with a tab"
      responsiveness: "Said \\"yes, right away\\", then:\\nfollowed up, twice"
  - name: "+1 555 0100"
    department: Marketing
    ratings: {brand-values: 4, purpose-and-focus: 4, responsiveness: 4}
    notes:
      purpose-and-focus: "=1+1"
  - name: "-42"
    department: "-Sales"
    ratings: {brand-values: 3, purpose-and-focus: 3, responsiveness: 3}
  - name: "Zoë, the \\"quoted\\" one"
    department: Customer Service
    ratings: {brand-values: 2, purpose-and-focus: 2, responsiveness: 2}
"""


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from(" a,\"\r\n\t;'=é\u2028"), max_size=6),
            st.text(max_size=8),
        ),
        min_size=2,
        max_size=6,
    )
)
def test_a_csv_line_is_what_the_csv_module_writes(cells: list[str]) -> None:
    """Lines with nothing to quote are joined by hand for speed: byte for byte what the csv
    module writes, for any cells."""
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerow(cells)
    assert _csv_line(cells) == expected.getvalue()


# The README's list, written out here: iterating over the code's own list would pass whatever
# it dropped.
@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_every_formula_trigger_is_neutralised(trigger: str) -> None:
    assert safe_text(f"{trigger}1+1") == f"'{trigger}1+1"
    assert safe_text(f"a{trigger}1") == f"a{trigger}1"


def test_csv_is_safe_and_reads_back_exactly(write: Write, run_cli: RunCli) -> None:
    path = write(TRICKY)
    result = run_cli("rank", str(path), "-f", "csv", "--missing", "skip")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in rows)
    # Headers name the traits by their labels.
    assert header[-3:] == [
        "notes.Brand identity and values",
        "notes.Purpose and focus",
        "notes.Responsiveness and bias toward action",
    ]
    cells = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    assert set(cells) == {
        '\'=HYPERLINK("http://evil.example", "click")',
        "'+1 555 0100",
        "'-42",
        'Zoë, the "quoted" one',
    }
    evil = cells['\'=HYPERLINK("http://evil.example", "click")']
    assert evil["department"] == "'@SUM(A1:A9)"
    assert evil["notes.Brand identity and values"] == "'\tstarts with a tab"
    assert evil["notes.Responsiveness and bias toward action"] == (
        'Said "yes, right away", then:\nfollowed up, twice'
    )
    assert cells["'+1 555 0100"]["notes.Purpose and focus"] == "'=1+1"
    assert cells["'-42"]["department"] == "'-Sales"
    for row in body:  # numbers smteam computed are plain numbers
        float(row[header.index("score")])
        assert row[header.index("rank")].isdigit()
        assert row[header.index("Brand identity and values")].isdigit()


def test_json_keeps_the_text_as_written(write: Write, run_cli: RunCli) -> None:
    path = write(TRICKY)
    document = json.loads(run_cli("rank", str(path), "-f", "json").stdout)
    names = [c["name"] for c in document["candidates"]]
    assert names[0] == '=HYPERLINK("http://evil.example", "click")'
    assert "-42" in names and "+1 555 0100" in names
    assert document["candidates"][0]["notes"]["brand-values"] == "\tstarts with a tab"


def test_excel_adds_a_byte_order_mark(run_cli: RunCli) -> None:
    plain = run_cli("rank", EXAMPLE, "-f", "csv").stdout_bytes
    excel = run_cli("rank", EXAMPLE, "-f", "csv", "--excel").stdout_bytes
    assert excel == b"\xef\xbb\xbf" + plain


def test_markdown_escapes_text(write: Write, run_cli: RunCli) -> None:
    path = write(
        "rubric: who-what-when\ncandidates:\n"
        "  - name: '[x](http://evil.example) | <b>*bold*</b>'\n    department: Marketing\n"
        "    ratings: {brand-values: 5, purpose-and-focus: 5, responsiveness: 5}\n"
    )
    text = run_cli("rank", str(path), "-f", "markdown").stdout
    row = next(line for line in text.splitlines() if line.startswith("| 1 |"))
    # The word holding a URL is code (GitHub links nothing there); the rest is escaped.
    assert r"`[x](http://evil.example)` \| \<b\>\*bold\*\</b\>" in row
    assert row.count(" | ") == 4  # five cells: the | in the name did not add a column


def test_piped_output_is_plain_text_without_colour_codes(run_cli: RunCli) -> None:
    default = run_cli("rank", EXAMPLE)
    assert default.exit_code == 0
    assert "\x1b[" not in default.stdout
    assert default.stdout.splitlines()[2].split() == [
        "Rank",
        "Name",
        "Department",
        "Score",
        "who-what-when",
        "core-skills",
        "dispersed-skills",
        "leader-qualities",
        "Flags",
    ]
    for fmt in OutputFormat:
        assert "\x1b[" not in run_cli("rank", EXAMPLE, "-f", fmt.value).stdout


def test_colour_codes_only_on_a_colour_terminal() -> None:
    ranking = rank_candidates([person(5, 4, name="Kim")], plan_scoring(make_rubric([1, 1])))
    coloured = format_ranking(ranking, OutputFormat.TABLE, FormatOptions(color=True))
    plain = format_ranking(ranking, OutputFormat.TABLE, FormatOptions(color=False))
    assert "\x1b[" in coloured and "\x1b[" not in plain


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_is_byte_identical_run_after_run(fmt: OutputFormat, run_cli: RunCli) -> None:
    first = run_cli("rank", EXAMPLE, "-f", fmt.value)
    assert first.exit_code == 0 and "Ana Ruiz" in first.stdout
    assert run_cli("rank", EXAMPLE, "-f", fmt.value).stdout_bytes == first.stdout_bytes


@pytest.mark.parametrize(("suffix", "fmt"), sorted(EXTENSIONS.items()))
def test_output_format_follows_the_extension(
    suffix: str, fmt: OutputFormat, run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / f"shortlist{suffix}"
    result = run_cli("rank", EXAMPLE, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == run_cli("rank", EXAMPLE, "-f", fmt.value).stdout_bytes
    again = tmp_path / f"again{suffix}"
    run_cli("rank", EXAMPLE, "-o", str(again))
    assert again.read_bytes() == target.read_bytes()


def test_an_unknown_extension_needs_a_format(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("rank", EXAMPLE, "-o", str(tmp_path / "out.xlsx"))
    assert result.exit_code == 2
    assert "cannot tell the format from '.xlsx'" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
    assert run_cli("rank", EXAMPLE, "-o", str(tmp_path / "out.xlsx"), "-f", "csv").exit_code == 0


def test_output_dash_is_stdout(run_cli: RunCli) -> None:
    result = run_cli("rank", EXAMPLE, "-o", "-", "-f", "csv")
    assert result.stdout.startswith("rank,name,")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "shortlist.csv"
    target.write_text("yesterday's good shortlist\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run_cli("rank", EXAMPLE, "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"smteam: cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "yesterday's good shortlist\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shortlist.csv"]


def test_a_new_file_gets_the_usual_permissions(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "shortlist.csv"
    assert run_cli("rank", EXAMPLE, "-o", str(target)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_nothing_is_written_when_the_input_is_invalid(
    write: Write, run_cli: RunCli, tmp_path: Path
) -> None:
    bad = write("candidates:\n  - name: no\n")
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    assert run_cli("rank", str(bad), "-o", str(target)).exit_code == 1
    assert target.read_text(encoding="utf-8") == "old\n"


def test_refuses_to_write_over_an_input(
    write: Write, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = (EXAMPLES / "candidates.yaml").read_bytes()
    path = write(original, "team/candidates.yaml")
    (tmp_path / "link.yaml").symlink_to(path)
    monkeypatch.chdir(tmp_path / "team")
    for target in [
        "candidates.yaml",
        "./candidates.yaml",
        "../team/candidates.yaml",
        "../link.yaml",
    ]:
        result = run_cli("rank", "candidates.yaml", "-f", "csv", "-o", target)
        assert result.exit_code == 2, target
        assert (
            result.stderr
            == f"smteam: --output {target} is an input file; refusing to write over it\n"
        )
    assert path.read_bytes() == original


def test_refuses_to_write_over_the_rubric(write: Write, run_cli: RunCli, tmp_path: Path) -> None:
    rubric = write((EXAMPLES / "custom-rubric.yaml").read_bytes(), "custom-rubric.yaml")
    candidates = write((EXAMPLES / "custom-candidates.yaml").read_bytes(), "custom.yaml")
    result = run_cli("rank", str(candidates), "-f", "csv", "-o", str(rubric))
    assert result.exit_code == 2
    assert rubric.read_bytes() == (EXAMPLES / "custom-rubric.yaml").read_bytes()


def test_a_missing_output_folder_is_a_clear_error(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.csv"
    result = run_cli("rank", EXAMPLE, "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"smteam: --output {target}: the folder '{target.parent}' does not exist\n"
    )


def test_fail_under_exits_3_after_writing_the_output(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run_cli("rank", EXAMPLE, "--fail-under", "79", "-o", str(target))
    assert result.exit_code == 3
    assert result.stderr == (
        "smteam: the bar is not met: 0 eligible candidates scored 79 or more, fewer than the 1 "
        "asked for\n"
    )
    assert len(rows_of(target.read_text(encoding="utf-8"))) == 11


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--fail-under", "78.9"], 0),  # Ana Ruiz scores 78.95
        (["--fail-under", "76.3", "--min-eligible", "5"], 0),
        (["--fail-under", "76.4", "--min-eligible", "5"], 3),
        (["--min-eligible", "9"], 0),  # nine of ten are eligible
        (["--min-eligible", "10"], 3),
        (["--fail-under", "0", "--min-eligible", "9", "--top", "1"], 0),  # --top only shows
    ],
)
def test_bar_edges(args: list[str], code: int, run_cli: RunCli) -> None:
    result = run_cli("rank", EXAMPLE, "-f", "csv", *args)
    assert result.exit_code == code, result.stderr
    assert (result.stderr == "") == (code == 0)


def test_quiet_prints_nothing_but_errors(write: Write, run_cli: RunCli) -> None:
    warned = write(
        "rubric: who-what-when\ncandidates:\n  - name: Kim\n    department: Legal\n"
        "    ratings: {brand-values: 5, purpose-and-focus: 5, responsiveness: 5}\n"
    )
    quiet = run_cli("rank", str(warned), "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert run_cli("validate", "-q", str(warned)).stdout == ""
    failing = run_cli("rank", str(warned), "-q", "--fail-under", "100.0", "--min-eligible", "2")
    assert failing.exit_code == 3 and failing.stderr.startswith("smteam: the bar is not met")


def _candidates(*names: str, rubric: str = "who-what-when") -> str:
    text = f"rubric: {rubric}\ncandidates:\n"
    for name in names:
        text += (
            f"  - name: {name}\n    department: Marketing\n"
            "    ratings: {brand-values: 4, purpose-and-focus: 4, responsiveness: 4}\n"
        )
    return text


def test_a_folder_and_several_files_are_ranked_together(
    write: Write, run_cli: RunCli, tmp_path: Path
) -> None:
    write(_candidates("Kim Lee", "Ana Ruiz"), "panel/b.yaml")
    write(_candidates("Joe Park"), "panel/a.yml")
    write("not yaml, ignored", "panel/notes.txt")
    extra = write(_candidates("Sofia Costa"), "extra.yaml")
    result = run_cli("rank", str(tmp_path / "panel"), str(extra), "-f", "json")
    assert result.exit_code == 0, result.stderr
    names = [c["name"] for c in json.loads(result.stdout)["candidates"]]
    assert names == ["Ana Ruiz", "Joe Park", "Kim Lee", "Sofia Costa"]
    validated = run_cli("validate", str(tmp_path / "panel"))
    assert validated.stdout == (
        f"OK {tmp_path / 'panel' / 'a.yml'} (1 candidate)\n"
        f"OK {tmp_path / 'panel' / 'b.yaml'} (2 candidates)\n"
    )


def test_stdin(run_cli: RunCli) -> None:
    text = _candidates("Kim Lee")
    result = run_cli("rank", "-", "-f", "csv", input=text)
    assert result.exit_code == 0, result.stderr
    assert rows_of(result.stdout)[1][1] == "Kim Lee"
    bad = run_cli("validate", "-", input="candidates:\n  - name: yes\n")
    assert bad.exit_code == 1
    assert "<stdin>:2:11: candidates[0].name: expected text" in bad.stderr


def test_the_same_person_in_two_files_names_both_places(
    write: Write, run_cli: RunCli, tmp_path: Path
) -> None:
    first = write(_candidates("Ana Ruiz", "Kim Lee"), "a.yaml")
    second = write(_candidates("Joe Park", "kim lee"), "b.yaml")
    result = run_cli("rank", str(first), str(second))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{second}:6:11: candidates[1].name: duplicate candidate 'kim lee', also in {first} "
        "at line 6; each person may appear once across the files ranked together"
    )


def test_files_on_different_rubrics_are_not_ranked_together(write: Write, run_cli: RunCli) -> None:
    first = write(_candidates("Ana Ruiz"), "a.yaml")
    second = write(_candidates("Kim Lee", rubric="social-media-lead"), "b.yaml")
    result = run_cli("rank", str(first), str(second))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{second}:1:9: rubric: this file is rated on rubric 'social-media-lead' but {first} on "
        "'who-what-when'; files ranked together need one rubric: give it with --rubric"
    )
    together = run_cli("rank", str(first), str(second), "--rubric", "who-what-when")
    assert together.exit_code == 0


def _yaml(path: Path) -> object:
    loaded = load_yaml(path.read_bytes(), str(path))
    assert loaded.ok and not loaded.problems
    return loaded.value


@pytest.mark.parametrize(
    ("kind", "paths"),
    [
        (SchemaKind.CANDIDATES, ["candidates.yaml", "custom-candidates.yaml"]),
        (SchemaKind.RUBRIC, ["custom-rubric.yaml"]),
    ],
)
def test_the_examples_validate_against_the_schema(kind: SchemaKind, paths: list[str]) -> None:
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    jsonschema.Draft202012Validator.check_schema(validator.schema)
    files = [EXAMPLES / p for p in paths]
    if kind is SchemaKind.RUBRIC:
        files += sorted(RUBRICS.glob("*.yaml"))
    for path in files:
        assert list(validator.iter_errors(_yaml(path))) == [], path


def test_the_schema_refuses_what_smteam_refuses() -> None:
    candidates = jsonschema.Draft202012Validator(json_schema(SchemaKind.CANDIDATES))
    rubric = jsonschema.Draft202012Validator(json_schema(SchemaKind.RUBRIC))
    for bad in ["unknown-keys", "missing-keys", "empty-list", "wrong-shapes"]:
        assert not candidates.is_valid(_yaml(DATA / "invalid" / f"{bad}.yaml")), bad
    person = {"name": "K", "department": "PR"}
    assert candidates.is_valid({"candidates": [{**person, "ratings": {"empathy": 4}}]})
    assert not candidates.is_valid({"candidates": [{**person, "ratings": {"empathy": True}}]})
    assert not candidates.is_valid({"candidates": [person]})
    both = {**person, "ratings": {"empathy": 4}, "reviews": [{"rater": "J", "ratings": {}}]}
    assert not candidates.is_valid({"candidates": [both]})
    assert not candidates.is_valid({"candidates": [{**person, "reviews": []}]})
    assert not candidates.is_valid({"rubric": None, "candidates": []})
    trait = {"id": "a", "label": "A", "weight": 1}
    scale = {"min": 1, "max": 5}
    assert rubric.is_valid({"name": "r", "title": "R", "scale": scale, "traits": [trait]})
    changes: list[dict[str, object]] = [
        {"weight": 0},
        {"id": "Not_An_Id"},
        {"minimum": None},
        {"group": []},
    ]
    for change in changes:
        broken = {"name": "r", "title": "R", "scale": scale, "traits": [{**trait, **change}]}
        assert not rubric.is_valid(broken), change
    assert rubric.is_valid(
        {"name": "r", "title": "R", "scale": scale, "traits": [{**trait, "group": ["a", "b"]}]}
    )


def test_schema_command_prints_it(run_cli: RunCli) -> None:
    result = run_cli("schema", "candidates")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema(SchemaKind.CANDIDATES)
    assert run_cli("schema", "nonsense").exit_code == 2


@pytest.mark.parametrize("template", [False, True])
def test_init_writes_files_that_validate_and_never_overwrites(
    template: bool, run_cli: RunCli, tmp_path: Path
) -> None:
    args = ["init", str(tmp_path), *(["--rubric-template"] if template else [])]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == (["candidates.yaml", "rubric.yaml"] if template else ["candidates.yaml"])
    checked = run_cli("validate", *(str(tmp_path / name) for name in written))
    assert checked.exit_code == 0, checked.stderr
    assert run_cli("rank", str(tmp_path / "candidates.yaml")).exit_code == 0
    before = {name: (tmp_path / name).read_bytes() for name in written}
    again = run_cli(*args)
    assert again.exit_code == 2
    assert "already exist" in again.stderr
    assert {name: (tmp_path / name).read_bytes() for name in written} == before


def test_the_pre_commit_hook_runs_validate() -> None:
    hooks = _yaml(REPO / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "smteam-validate"
    assert hook["entry"] == "smteam validate"
    assert hook["language"] == "python"


def test_colour_follows_the_terminal_and_no_color(run_cli: RunCli) -> None:
    forced = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"}
    coloured = run_cli("rank", EXAMPLE, "-f", "table", env=forced)
    assert "\x1b[" in coloured.stdout
    muted = run_cli("rank", EXAMPLE, "-f", "table", env={**forced, "NO_COLOR": "1"})
    assert "\x1b[" not in muted.stdout
    assert "Ana Ruiz" in muted.stdout
