"""How names are compared for sameness (text.person_key), found by mutmut: a look-alike whose
Unicode prototype has a tab in it, which the key drops as it drops a space."""

from __future__ import annotations

import pytest

from smteam.text import person_key


@pytest.mark.parametrize(
    "written",
    [
        "Ann cc\u20dd",  # "c", "c" and a combining enclosing circle
        "Ann \u33c4\u20dd",  # SQUARE CC and the circle
    ],
    ids=["two c and a circle", "a square cc and a circle"],
)
def test_a_circled_cc_whose_prototype_holds_a_tab_is_one_person_with_its_letters(
    written: str,
) -> None:
    # Unicode's confusables give CIRCLED CC (U+1F16D) the prototype SQUARE CC, a TAB and
    # a combining enclosing circle; lookalikes.txt has it as "c", "c", U+0009, U+20DD. The
    # key takes out whitespace after each pass, so the tab goes as a space would: "Ann 🅭"
    # is "ann" + "cc" + U+20DD, the same as the same letters written out. Joined with
    # anything but "" the tab would leave a mark ("annccxxxx" + U+20DD) and two people.
    assert person_key("Ann \U0001f16d") == "anncc\u20dd"
    assert person_key(written) == person_key("Ann \U0001f16d")
