"""``rank`` of a YAML candidates file of the plainest kind is read without a YAML parser
(smteam.reading.yamlplain) and ranked as it is read; everything else is declined to the full
reading. Whatever the way, the exit code, output and messages are those of the full reading,
byte for byte: for plain files of every kind of ranking, for files one step away from plain
(each must be declined), and for every input of the YAML test suite."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from smteam import api
from smteam.api import RankOptions, RankResult
from smteam.reading.sources import Source
from tests.conftest import SHARED, RunCli
from tests.test_streamed import (
    PLAIN_CASES,
    RUBRIC,
    TRAITS,
    _both,
    _full_path,
    _people,
    _same,
)

SIMPLE = re.compile(r"[A-Za-z][A-Za-z0-9 ]*")


def _scalar(text: str) -> str:
    """A text as plain YAML when it is letters, digits and single spaces; else in quotes."""
    return text if SIMPLE.fullmatch(text) and "  " not in text else json.dumps(text)


def _yaml(rows: list[list[str]], rubric: str | None = "four.yaml", indent: str = "  ") -> str:
    """Rows of name, department and ratings as a YAML candidates file, block style; an
    empty rating is left out, a row of empty cells too."""
    lines = [] if rubric is None else [f"rubric: {rubric}"]
    lines.append("candidates:")
    for row in rows:
        if not any(row):
            continue
        lines.append(f"{indent}- name: {_scalar(row[0])}")
        lines.append(f"{indent}  department: {_scalar(row[1])}")
        lines.append(f"{indent}  ratings:")
        lines += [
            f"{indent}    {trait}: {text}"
            for trait, text in zip(TRAITS, row[2:], strict=False)
            if text
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "four.yaml").write_text(RUBRIC, encoding="utf-8")
    return tmp_path


def _streamed(path: Path, rubric: str | None = None, **options: object) -> object:
    return api._rank_streamed([str(path)], RankOptions(rubric=rubric, **options), None)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", PLAIN_CASES)
def test_a_plain_yaml_file_ranks_exactly_as_read_whole(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, options = PLAIN_CASES[case]
    path = folder / "people.yaml"
    path.write_text(_yaml(rows), encoding="utf-8")
    top = int(options[1]) if options[:1] == ["--top"] else None
    streamed = _streamed(path, top=top)
    # Names in quotes (or with two spaces running) are declined, the rest streamed.
    quoted = any(_scalar(row[0]) != row[0] for row in rows if any(row))
    assert isinstance(streamed, Source if quoted else RankResult)
    _same(*_both(run_cli, monkeypatch, "rank", str(path), *options))


OTHER_RUBRIC = RUBRIC.replace("name: four", "name: other")


@pytest.mark.parametrize(
    ("named", "given"),
    [
        ("four.yaml", None),  # the file's own, from its folder
        ("rubrics/four.yaml", "four.yaml"),  # --rubric wins; both are inputs
        (None, "four.yaml"),
    ],
)
def test_the_rubric_and_the_inputs_are_the_full_readings(
    named: str | None,
    given: str | None,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (folder / "rubrics").mkdir()
    (folder / "rubrics" / "four.yaml").write_text(OTHER_RUBRIC, encoding="utf-8")
    path = folder / "people.yaml"
    path.write_text(_yaml(_people(30, 31), rubric=named), encoding="utf-8")
    monkeypatch.chdir(folder)
    options = RankOptions(rubric=given, top=3)
    streamed = api.rank_inputs([str(path)], options, shown_only=True)
    assert isinstance(api._rank_streamed([str(path)], options, None), RankResult)
    with monkeypatch.context() as patch:
        _full_path(patch)
        full = api.rank_inputs([str(path)], options, shown_only=True)
    assert streamed.inputs == full.inputs
    assert streamed.plan.rubric.name == full.plan.rubric.name == "four"
    assert streamed.ranking.entries == full.ranking.entries


PLAIN = _yaml(_people(40, 32))
FIRST = "  - name: Person 00000\n"
ONE_STEP_AWAY = {
    # name: the file's text, each a step away from the plainest kind
    "a comment": PLAIN.replace("candidates:\n", "candidates:  # all of them\n"),
    "a comment line": PLAIN.replace(FIRST, "  # the first\n" + FIRST),
    "a blank line": PLAIN.replace(FIRST, "\n" + FIRST),
    "crlf": PLAIN.replace("\n", "\r\n"),
    "a tab": PLAIN.replace("    empathy:", "\t    empathy:", 1),
    "a document start": "---\n" + PLAIN,
    "a quoted name": PLAIN.replace("name: Person 00001", 'name: "Person 00001"'),
    "a name that is a boolean in YAML 1.1": PLAIN.replace("name: Person 00001", "name: No"),
    "a name that is null": PLAIN.replace("name: Person 00001", "name: null"),
    "a name that is a number": PLAIN.replace("name: Person 00001", "name: 12e3"),
    "a name with a colon and a space": PLAIN.replace("Person 00001", "Person: 00001"),
    "a name ending in a colon": PLAIN.replace("Person 00001", "Person 00001:"),
    "a name with a comment": PLAIN.replace("Person 00001", "Person 00001 # yes"),
    "a name starting with a dash": PLAIN.replace("Person 00001", "-Person 00001"),
    "a name starting with an anchor": PLAIN.replace("Person 00001", "&a Person 00001"),
    # Each character that makes a plain scalar something else when it starts it: a complex
    # key, a sequence entry, flow collections, an alias, a tag, a block scalar, a quote, a
    # directive or a reserved character. The YAML reader refuses each, or reads it otherwise.
    **{
        f"a name starting with {start}": PLAIN.replace("Person 00001", f"{start}Person 00001")
        for start in ["? ", "- ", ",", "[", "]", "{", "}", "*", "!", "|", ">", "%", "@", "`"]
    },
    "a name in single quotes": PLAIN.replace("Person 00001", "'Person 00001'"),
    "a name running on": PLAIN.replace("Person 00001\n", "Person\n      00001\n"),
    "two spaces after the colon": PLAIN.replace("name: Person 00001", "name:  Person 00001"),
    "a space after a rating": PLAIN.replace("listening: 2\n", "listening: 2 \n", 1),
    "the department first": PLAIN.replace(
        "  - name: Person 00001\n    department: Customer Service\n",
        "  - department: Customer Service\n    name: Person 00001\n",
    ),
    "a rating key twice": PLAIN.replace("    empathy:", "    listening: 3\n      empathy:", 1),
    "a trait of another rubric": PLAIN.replace("    empathy:", "    humble: 3\n      empathy:", 1),
    "a trait left out": re.sub(r"\n      empathy: \d", "", PLAIN, count=1),
    "a rating written 04": re.sub(r"empathy: (\d)", r"empathy: 0\1", PLAIN, count=1),
    "a rating written 4.0": re.sub(r"empathy: (\d)", r"empathy: \1.0", PLAIN, count=1),
    "a rating off the scale": re.sub(r"empathy: (\d)", "empathy: 9", PLAIN, count=1),
    "a rating in flow style": PLAIN.replace(
        "    ratings:\n      listening: ", "    ratings: {listening: ", 1
    ),
    "another top-level key": PLAIN.replace("candidates:\n", "title: x\ncandidates:\n"),
    "the rubric last": PLAIN.replace("rubric: four.yaml\n", "") + "rubric: four.yaml\n",
    "the rubric quoted": PLAIN.replace("rubric: four.yaml", 'rubric: "four.yaml"'),
    "another indentation for one": PLAIN.replace(FIRST, "- name: Person 00000\n"),
    "another indentation for a whole candidate": re.sub(
        r"\n(  - name: Person 00001\n(?:    [^\n]*\n)+)",
        lambda m: "\n" + "".join("  " + line for line in m[1].splitlines(keepends=True)),
        PLAIN,
        count=1,
    ),
    "the department indented by two more for one": PLAIN.replace(
        "\n    department:", "\n      department:", 1
    ),
    "ratings: indented by two more for one": PLAIN.replace("\n    ratings:", "\n      ratings:", 1),
    "the ratings at the indentation of their key": PLAIN.replace("\n      ", "\n    "),
    "ratings indented by two more for one": PLAIN.replace(
        "      listening:", "        listening:", 1
    ),
    "no line break at the end": PLAIN.rstrip("\n"),
    "a second document": PLAIN + "---\n" + PLAIN,
    "no candidate": "rubric: four.yaml\ncandidates:\n",
    "a department with a trailing space": PLAIN.replace(
        "department: Sales\n", "department: Sales \n", 1
    ),
}


@pytest.mark.parametrize("case", ONE_STEP_AWAY)
def test_a_yaml_file_a_step_from_plain_is_declined_and_read_whole(
    case: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "people.yaml"
    path.write_bytes(ONE_STEP_AWAY[case].encode("utf-8"))
    assert ONE_STEP_AWAY[case] != PLAIN
    assert isinstance(_streamed(path, top=3), Source)
    for options in (["--top", "3"], ["--format", "csv"]):
        _same(*_both(run_cli, monkeypatch, "rank", str(path), *options))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(PLAIN.replace("\n  ", "\n"), id="the list at the key's indentation"),
        pytest.param(PLAIN.replace("\n      ", "\n          "), id="ratings indented by six more"),
        pytest.param(
            PLAIN.replace("Person 00001", "José Núñez, O'Brien (PR) = 1"),
            id="a name with letters of other languages and punctuation",
        ),
        pytest.param(
            re.sub(
                r"      listening: (\d)\n      empathy: (\d)\n",
                r"      empathy: \2\n      listening: \1\n",
                PLAIN,
            ),
            id="the ratings in another order, the same for every candidate",
        ),
    ],
)
def test_plain_yaml_written_other_ways_is_streamed(
    text: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "people.yaml"
    path.write_text(text, encoding="utf-8")
    assert isinstance(_streamed(path, top=3), RankResult)
    for options in (["--top", "3"], ["--format", "csv"]):
        streamed, full = _both(run_cli, monkeypatch, "rank", str(path), *options)
        _same(streamed, full)
        assert streamed.exit_code == 0


def test_a_duplicate_late_in_a_big_streamed_yaml_file_names_both_places(
    folder: Path, run_cli: RunCli
) -> None:
    rows = _people(20000, 33)
    rows.append(["PERSON 00003", "Sales", "5", "5", "5", "5"])
    path = folder / "big.yaml"
    path.write_text(_yaml(rows), encoding="utf-8")
    result = run_cli("rank", str(path), "--top", "20")
    assert result.exit_code == 1
    assert result.stdout == ""
    # Candidate 20,001 starts at line 2 + 20,000 * 7 + 1; the first Person 00003 at line 24.
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:140003:11: candidates[20000].name: duplicate candidate")
    assert "line 24" in first


SUITE = SHARED / "yaml-test-suite" / "cases"
CASES = sorted(SUITE.glob("*.yaml")) if SUITE.is_dir() else []


@pytest.mark.skipif(not CASES, reason="../shared/yaml-test-suite is not beside the repository")
def test_every_yaml_test_suite_input_ranks_as_read_whole(
    folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed = 0
    for case in CASES:
        if isinstance(_streamed(case, rubric=str(folder / "four.yaml")), RankResult):
            streamed += 1
        _same(
            *_both(run_cli, monkeypatch, "rank", str(case), "--rubric", str(folder / "four.yaml"))
        )
    assert streamed == 0  # none is a candidates file of the plainest kind


def test_a_trait_whose_key_yaml_reads_as_a_boolean_is_declined(
    folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A trait may be called "on"; as a YAML key, on is a boolean in YAML 1.1, which the full
    # reading reports. The plain way must not read it as the text.
    rubric = RUBRIC.replace("id: engagement", 'id: "on"').replace("name: four", "name: onoff")
    (folder / "onoff.yaml").write_text(rubric, encoding="utf-8")
    text = PLAIN.replace("engagement:", "on:").replace("four.yaml", "onoff.yaml")
    path = folder / "people.yaml"
    path.write_text(text, encoding="utf-8")
    assert isinstance(_streamed(path, top=3), Source)
    streamed, full = _both(run_cli, monkeypatch, "rank", str(path), "--top", "3")
    _same(streamed, full)
    assert streamed.exit_code == 1
    assert "boolean in YAML 1.1" in streamed.stderr


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        pytest.param(
            "r" * 196 + ".yaml",
            "rubric: expected a rubric name or path of at most 200 characters, found 201",
            id="201 characters",
        ),
        pytest.param(
            "four\xa0copy.yaml",
            "rubric: contains an unusual space, U+00A0 (NO-BREAK SPACE), at character 5",
            id="a no-break space",
        ),
        pytest.param(
            "four\u200bcopy.yaml",
            "rubric: contains an invisible formatting character, U+200B (ZERO WIDTH SPACE)",
            id="a zero-width space",
        ),
        pytest.param(
            "four\ue000.yaml",
            "rubric: contains an invisible or unassigned character, U+E000, at character 5",
            id="a private-use character",
        ),
    ],
)
def test_a_rubric_reference_the_full_reading_refuses_is_declined(
    reference: str, message: str, folder: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The full reading refuses such a reference (at most 200 characters, no unusual space or
    # invisible character), even when a rubric file of that very name is there, as here, and
    # even when --rubric names another. The plain way must not rank on it.
    (folder / reference).write_text(RUBRIC, encoding="utf-8")
    path = folder / "people.yaml"
    path.write_text(PLAIN.replace("rubric: four.yaml", f"rubric: {reference}"), encoding="utf-8")
    assert isinstance(_streamed(path, top=3), Source)
    for options in (["--top", "3"], ["--rubric", str(folder / "four.yaml")]):
        streamed, full = _both(run_cli, monkeypatch, "rank", str(path), *options)
        _same(streamed, full)
        assert streamed.exit_code == 1
        assert streamed.stderr.startswith(f"{path}:1:9: {message}")
