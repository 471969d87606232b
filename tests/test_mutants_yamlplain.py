"""The YAML file of the plainest kind read without a parser (reading/yamlplain.py) and ranked
as it is read (``rank_plain_yaml`` in scoring/streamed.py), found by mutmut: rubrics of one
and two traits, two-digit ratings, the ratings written in another order than the rubric's,
and a ``rubric:`` reference with a space at either end, which YAML does not read as part of
it. Declining (None) hands the file to the full reading, which words the problem; other files
a step from plain that must be declined are in ``tests/test_streamed_yaml.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from smteam import api
from smteam.api import RankOptions
from smteam.reading.sources import Source
from smteam.reading.yamlplain import plain_yaml
from smteam.scoring.scores import plan_scoring
from smteam.scoring.streamed import rank_plain_yaml
from tests.conftest import RunCli
from tests.test_scoring import make_rubric
from tests.test_streamed import RUBRIC, _both, _same
from tests.test_streamed_yaml import PLAIN


def _ranked(
    text: str, weights: list[float], *, top: int | None, high: int = 5
) -> list[tuple[int | None, str, float]] | None:
    """The ranks, names and scores of a YAML text ranked as it is read; None if declined."""
    plain = plain_yaml(text)
    assert plain is not None
    ranked = rank_plain_yaml(
        plain.candidates(), plan_scoring(make_rubric(weights, high=high)), top=top
    )
    if ranked is None:
        return None
    return [(e.rank, e.evaluation.name, e.evaluation.score) for e in ranked[0].entries]


def _yaml(*people: tuple[str, str, dict[str, str]]) -> str:
    lines = ["candidates:"]
    for name, department, ratings in people:
        lines += [f"  - name: {name}", f"    department: {department}", "    ratings:"]
        lines += [f"      {trait}: {rating}" for trait, rating in ratings.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("top", [None, 1])
def test_a_rubric_of_one_trait_with_two_digit_ratings(top: int | None) -> None:
    # One trait on 1 to 10: (10 - 1) / 9 = 100 and (4 - 1) / 9 = 33.3.
    text = _yaml(("Ann", "Sales", {"t0": "4"}), ("Bo", "PR", {"t0": "10"}))
    expected = [(1, "Bo", 100.0), (2, "Ann", 100 / 3)]
    assert _ranked(text, [2], top=top, high=10) == (expected if top is None else expected[:1])


@pytest.mark.parametrize("top", [None, 3])
def test_a_rubric_of_two_traits_read_in_the_rubrics_order(top: int | None) -> None:
    # Weights 1 (t0) and 3 (t1), the ratings written t1 first: Ann t0 = 5, t1 = 1 scores
    # (4 + 0) / 16 = 25; Bo t0 = 1, t1 = 5 scores (0 + 12) / 16 = 75.
    text = _yaml(("Ann", "Sales", {"t1": "1", "t0": "5"}), ("Bo", "PR", {"t1": "5", "t0": "1"}))
    assert _ranked(text, [1, 3], top=top) == [(1, "Bo", 75.0), (2, "Ann", 25.0)]


DECOY = RUBRIC.replace("name: four", "name: decoy").replace("weight: 3,", "weight: 9,")
"""Another rubric, with other weights: ranked on it, the scores are not the same."""


@pytest.mark.parametrize(
    ("line", "decoy"),
    [
        ("rubric:  four.yaml", " four.yaml"),  # YAML reads four.yaml: the space is not its text
        ("rubric: ./four.yaml ", "four.yaml "),  # a path by its slash, not by its suffix
    ],
    ids=["a space before", "a space after"],
)
def test_a_rubric_reference_with_a_space_at_either_end_is_not_read_with_it(
    line: str, decoy: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rubric file named with the space is there too: taken with its space, the reference
    # would rank on that one, where the full reading ranks on four.yaml.
    (tmp_path / "four.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / decoy).write_text(DECOY, encoding="utf-8")
    path = tmp_path / "people.yaml"
    path.write_text(PLAIN.replace("rubric: four.yaml", line), encoding="utf-8")
    assert isinstance(api._rank_streamed([str(path)], RankOptions(top=3), None), Source)
    streamed, full = _both(run_cli, monkeypatch, "rank", str(path), "--top", "3")
    _same(streamed, full)
    assert streamed.exit_code == 0
    assert streamed.stdout.startswith("Four traits (four)\n")
