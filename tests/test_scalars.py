"""Plain scalars: only what YAML 1.1 and 1.2 agree on becomes a value."""

from __future__ import annotations

import math

import pytest

from smteam.reading.scalars import Ambiguous, resolve_plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim Lee", "Kim Lee"),
        ("", None),
        ("~", None),
        ("null", None),
        ("true", True),
        ("False", False),
        ("4", 4),
        ("+4", 4),
        ("-42", -42),
        ("0", 0),
        ("4.5", 4.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("1.5e3", 1500.0),
        ("-", "-"),
        ("1,000", "1,000"),
        ("+.nan", "+.nan"),
        ("_1", "_1"),
        ("3 5", "3 5"),
    ],
)
def test_agreed_values(text: str, expected: object) -> None:
    value = resolve_plain(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("no", "a boolean in YAML 1.1"),
        ("Yes", "a boolean in YAML 1.1"),
        ("ON", "a boolean in YAML 1.1"),
        ("off", "a boolean in YAML 1.1"),
        ("y", "a boolean in YAML 1.1"),
        ("010", "a number with a leading zero, octal in YAML 1.1"),
        ("0x1F", "a hexadecimal number"),
        ("0o17", "an octal number"),
        ("0b101", "a binary number in YAML 1.1"),
        ("1_000", "a number with underscores in YAML 1.1"),
        ("1:30", "a base-60 number in YAML 1.1"),
        ("12:30", "a base-60 number in YAML 1.1"),
        ("1e3", "a number in YAML 1.2 but text in YAML 1.1"),
        ("1e309", "a number in YAML 1.2 but text in YAML 1.1"),
        ("2024-01-05", "a date in YAML 1.1"),
        ("2001-12-14t21:59:43.10-05:00", "a date in YAML 1.1"),
        ("<<", "a special key in YAML 1.1"),
        ("=", "a special key in YAML 1.1"),
    ],
)
def test_ambiguous_forms(text: str, kind: str) -> None:
    assert resolve_plain(text) == Ambiguous(text, kind)


def test_special_floats_are_floats_for_validation_to_refuse() -> None:
    assert math.isnan(resolve_plain(".nan"))  # type: ignore[arg-type]
    assert resolve_plain(".inf") == math.inf
    assert resolve_plain("-.Inf") == -math.inf
    assert resolve_plain("1.0e309") == math.inf
