"""The numpy order of a big full ranking (scoring/plain_order.py), found by mutmut: a space
before the file's first name or after its last one, which no line break sits beside."""

from __future__ import annotations

import pytest

from smteam.scoring.plain_order import packed_placings
from tests.test_plain_order import _python_way, _rows


@pytest.mark.parametrize(
    "names",
    [
        [" Zed", "Amy", "Bo"],  # a space before the first name
        ["Bo", "Amy", "Zed "],  # a space after the last name
        [" Zed "],  # both, and the only name
    ],
)
def test_a_space_at_either_end_of_all_the_names_leaves_the_order_to_python(
    names: list[str],
) -> None:
    rows = _rows(names, [0] * len(names))
    assert packed_placings(rows, eligible_only=False) is None
    # The sort key drops the space: " Zed" sorts after "Amy" and "Bo" (as bytes it would
    # come first, a space being below every letter).
    shown, ranks = _python_way(rows, eligible_only=False)
    assert [names[i].strip() for i in shown] == sorted(name.strip() for name in names)
    assert ranks == [1] * len(names)
