"""Every command on random mutations of the example files: bytes flipped, lines cut, keys
renamed, values replaced with odd scalars. Whatever the damage, smteam answers with an exit
code of 0, 1 or 2, never a traceback, and nothing it prints holds a raw control, bidi or
zero-width character (those could retitle a terminal or hide a name's real spelling)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, RunCli

SEEDS = {
    "candidates.yaml": (EXAMPLES / "candidates.yaml").read_bytes(),
    "candidates.csv": (EXAMPLES / "candidates.csv").read_bytes(),
    "panel.yaml": (EXAMPLES / "panel.yaml").read_bytes(),
    "custom-rubric.yaml": (EXAMPLES / "custom-rubric.yaml").read_bytes(),
}

# Values a hostile or careless file might hold, each one a known trap.
ODD_SCALARS = [
    b"yes",
    b"No",
    b"~",
    b"null",
    b"1e309",
    b".nan",
    b"-.inf",
    b"0x1F",
    b"010",
    b"1_000",
    b"12:30",
    b"2024-01-05",
    b'"4"',
    b"4.5",
    b"-3",
    b"9" * 5000,
    b"1" + b"0" * 400,
    b"!!python/object/apply:os.system [true]",
    b"&anchor 4",
    b"*anchor",
    b"<<",
    b"[]",
    b"{}",
    b'"\\e]0;pwned\\a"',
    b'"\\u202eevil"',
    b'"Ann\\u200dLee"',
    b'"[link=https://x.invalid]click[/link]"',
    b"=HYPERLINK(1)",
    b'"\\x85\\u2028"',
    "Ａｎｎ".encode(),
    b"\xff\xfe",
    b"\x00",
    b"",
]

# Raw characters that must never reach a terminal as they are: C0 and C1 controls (line feed,
# tab and carriage return aside, which the formats use themselves), bidi controls, zero-width
# and other default-ignorable characters.
_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\u2028\u2029]"
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed file with one to four mutations applied."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "rename", "replace", "truncate"]))
        lines = bytes(data).split(b"\n")
        if kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut" and len(lines) > 1:
            at = draw(st.integers(0, len(lines) - 1))
            del lines[at]
            data = bytearray(b"\n".join(lines))
        elif kind == "truncate" and data:
            data = data[: draw(st.integers(0, len(data)))]
        elif kind in ("rename", "replace"):
            keyed = [i for i, line in enumerate(lines) if b":" in line or b"," in line]
            if not keyed:
                continue
            at = draw(st.sampled_from(keyed))
            line = lines[at]
            sep = b":" if b":" in line else b","
            head, _, tail = line.partition(sep)
            odd = draw(st.sampled_from(ODD_SCALARS))
            if kind == "rename":
                indent = head[: len(head) - len(head.lstrip(b" -"))]
                lines[at] = indent + odd + sep + tail
            else:
                lines[at] = head + sep + (b" " if sep == b":" else b"") + odd
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _assert_clean(result_code: int, stdout: str, stderr: str) -> None:
    assert result_code in (0, 1, 2), (result_code, stderr[-500:])
    assert "Traceback" not in stderr
    for stream in (stdout, stderr):
        raw = _RAW.search(stream)
        assert raw is None, f"raw {raw.group()!r} in {stream[max(0, raw.start() - 60) :][:120]!r}"


FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

COMMANDS = [
    ["validate"],
    ["rank", "--format", "text"],
    ["rank", "--format", "table"],
    ["rank", "--format", "csv"],
    ["rank", "--format", "json"],
    ["rank", "--format", "jsonl"],
    ["rank", "--format", "markdown"],
    ["rank", "--missing", "skip", "--format", "text"],
    ["raters"],
]


@pytest.mark.parametrize("seed", ["candidates.yaml", "candidates.csv", "panel.yaml"])
@FUZZ
@given(data=st.data())
def test_every_command_survives_a_mutated_candidates_file(
    seed: str, data: st.DataObject, run_cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / seed
    path.write_bytes(data.draw(mutated(SEEDS[seed])))
    command = data.draw(st.sampled_from(COMMANDS))
    result = run_cli(*command, str(path))
    _assert_clean(result.exit_code, result.stdout, result.stderr)
    explained = run_cli("explain", str(path), "Ana Ruiz")
    _assert_clean(explained.exit_code, explained.stdout, explained.stderr)


@FUZZ
@given(data=st.data())
def test_every_command_survives_a_mutated_rubric(
    data: st.DataObject, run_cli: RunCli, tmp_path: Path
) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_bytes(data.draw(mutated(SEEDS["custom-rubric.yaml"])))
    candidates = str(EXAMPLES / "custom-candidates.yaml")
    for args in (
        ["rubrics", "show", str(rubric)],
        ["validate", str(rubric)],
        ["rank", candidates, "--rubric", str(rubric), "--format", "text"],
        ["rank", candidates, "--rubric", str(rubric), "--missing", "min", "--format", "csv"],
    ):
        result = run_cli(*args)
        _assert_clean(result.exit_code, result.stdout, result.stderr)


def test_the_mutations_do_reach_the_checks(run_cli: RunCli, tmp_path: Path) -> None:
    """A guard on the fuzzing itself: the odd values are refused, each with a message, so the
    fuzz test above exercises validation rather than only the happy path."""
    path = tmp_path / "candidates.yaml"
    text = SEEDS["candidates.yaml"].replace(b"brand-values: 4", b"brand-values: yes", 1)
    path.write_bytes(text)
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert (
        "candidates[0].ratings.brand-values: expected a whole number from 1 to 5" in result.stderr
    )
    assert "found yes (a boolean in YAML 1.1)" in result.stderr
