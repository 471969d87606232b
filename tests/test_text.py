"""The rules for names, labels and notes: the quick test for the usual text agrees with them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from smteam.text import _text_rules, text_problem


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=12), st.text(alphabet=st.characters(max_codepoint=0x7F))),
    st.booleans(),
)
def test_the_quick_test_for_plain_text_only_passes_what_every_rule_passes(
    text: str, multiline: bool
) -> None:
    for max_length in (3, 100):
        full = _text_rules(text, kind="name", max_length=max_length, multiline=multiline)
        assert text_problem(text, kind="name", max_length=max_length, multiline=multiline) == full


def test_the_rules_still_catch_what_the_quick_test_lets_through_to_them() -> None:
    assert text_problem(" Kim", kind="name", max_length=100) == (
        "expected a name without leading or trailing spaces"
    )
    assert text_problem("K" * 101, kind="name", max_length=100) == (
        "expected a name of at most 100 characters, found 101"
    )
    assert text_problem("Zoë", kind="name", max_length=100) is None
