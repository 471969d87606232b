"""The Python API: ``import smteam`` loads, ranks, explains and calibrates as the commands do.

Expected documents are the golden outputs of the commands (tests/data/golden/, written by the
code before the library existed); expected scores are worked out by hand in each case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import smteam
from tests.conftest import DATA, EXAMPLES

GOLDEN = DATA / "golden"

# five-core-skills: weights empathy 2, transparency 2, responsiveness 2, adaptability 1,
# connectedness 2 (9 in all), scale 1-5, so a score is sum(weight * (rating - 1) / 4) / 9.
SHEET = (
    "name,department,empathy,transparency,responsiveness,adaptability,connectedness\n"
    "Kim Lee,Marketing,4,3,4,5,4\n"  # 6 + 4 + 6 + 4 + 6 = 26 of 36: 72.22
    "Ana Ruiz,Customer Service,5,4,5,3,4\n"  # 8 + 6 + 8 + 2 + 6 = 30 of 36: 83.33
)


def golden(name: str) -> Any:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def test_rank_to_dict_is_what_format_json_prints() -> None:
    ranking = smteam.rank(smteam.load_candidates(EXAMPLES / "candidates.yaml"))
    assert ranking.to_dict() == golden("rank-candidates.json")
    assert ranking.top(3) == ["Ana Ruiz", "Kim Lee", "Priya Nair"]


def test_a_csv_and_a_folder_rank_as_the_command_does(tmp_path: Path) -> None:
    ranking = smteam.rank(smteam.load_candidates(str(EXAMPLES / "candidates.csv")))
    assert ranking.to_dict() == golden("rank-candidates-csv.json")
    (tmp_path / "one.yaml").write_bytes((EXAMPLES / "candidates.yaml").read_bytes())
    assert smteam.rank(smteam.load_candidates(tmp_path)).to_dict() == golden("rank-candidates.json")


def test_explain_and_calibrate_give_the_commands_documents() -> None:
    panel = smteam.load_candidates(EXAMPLES / "panel.yaml")
    assert smteam.explain(panel, "tom becker").to_dict() == golden("explain-panel-tom.json")
    assert smteam.calibrate(panel).to_dict() == golden("raters-panel.json")


def test_rows_are_flat_for_a_data_frame() -> None:
    ranking = smteam.rank(smteam.load_candidates(EXAMPLES / "panel.yaml"))
    rows = ranking.rows()
    assert [row["name"] for row in rows][:2] == ["Ana Ruiz", "Lena Weber"]
    first = rows[0]
    assert first["rank"] == 1
    assert first["score"] == 86.6  # 86.57 exactly: one decimal, as every output shows it
    assert first["ratings.transparency"] == 4.33
    assert first["recommendations.strong_yes"] == 2
    assert first["notes.empathy"] == "Maya Chen: Turned an angry refund thread into a thank-you"
    assert first["reasons"] == ""
    for row in rows:
        assert not [v for v in row.values() if isinstance(v, dict | list)]
    calibration_rows = smteam.calibrate(smteam.load_candidates(EXAMPLES / "panel.yaml")).rows()
    assert [row["rater"] for row in calibration_rows] == [
        r["rater"] for r in golden("raters-panel.json")["raters"]
    ]
    explanation_rows = smteam.explain(
        smteam.load_candidates(EXAMPLES / "panel.yaml"), "Ana Ruiz"
    ).rows()
    assert [row["id"] for row in explanation_rows] == [
        "empathy",
        "transparency",
        "responsiveness",
        "adaptability",
        "connectedness",
    ]
    assert "by_rater" not in explanation_rows[0]


@pytest.mark.parametrize("data", [SHEET, SHEET.encode("utf-8")], ids=["text", "bytes"])
def test_inline_text_in_a_declared_format(data: str | bytes) -> None:
    candidates = smteam.load_candidates(
        smteam.Inline(data, "csv", name="ats-export"), rubric="five-core-skills"
    )
    assert [c.name for c in candidates] == ["Kim Lee", "Ana Ruiz"]
    assert len(candidates) == 2
    rows = smteam.rank(candidates).rows()
    assert [(row["rank"], row["name"], row["score"]) for row in rows] == [
        (1, "Ana Ruiz", 83.3),
        (2, "Kim Lee", 72.2),
    ]


def test_problems_carry_file_line_column_and_field() -> None:
    text = (
        "rubric: five-core-skills\n"
        "candidates:\n"
        "  - name: Ana Ruiz\n"
        "    department: Customer Service\n"
        "    ratings: {empathy: 7, transparency: 4, responsiveness: 5, adaptability: 3,"
        " connectedness: 4}\n"
    )
    with pytest.raises(smteam.SmteamError) as caught:
        smteam.load_candidates(smteam.Inline(text, "yaml", name="pasted.yaml"))
    assert isinstance(caught.value, smteam.InputError)
    [problem] = caught.value.problems
    assert (problem.source, problem.line, problem.column) == ("pasted.yaml", 5, 24)
    assert problem.field == "candidates[0].ratings.empathy"
    assert "found 7" in problem.message


def test_rank_on_another_rubric_reads_the_sources_again() -> None:
    candidates = smteam.load_candidates(EXAMPLES / "candidates.yaml")
    assert candidates.rubric.name == "social-media-lead"
    ranking = smteam.rank(candidates, "five-core-skills")
    assert ranking.rubric.name == "five-core-skills"
    assert ranking.to_dict()["rubric"]["name"] == "five-core-skills"
    rubric = smteam.load_rubric("five-core-skills")
    assert smteam.rank(candidates, rubric).to_dict() == ranking.to_dict()


def test_missing_ratings_follow_the_policy() -> None:
    text = SHEET + "Joe Park,Sales,5,5,,,\n"  # only empathy and transparency rated
    inline = smteam.Inline(text, "csv")
    with pytest.raises(smteam.InputError) as caught:
        smteam.load_candidates(inline, rubric="five-core-skills")
    assert {p.source for p in caught.value.problems} == {"<text>"}
    skipped = smteam.load_candidates(inline, rubric="five-core-skills", missing="skip")
    # skip: over the rated traits only, 2 * 4 + 2 * 4 = 16 of 16: 100
    assert smteam.rank(skipped).top(1) == ["Joe Park"]
    # min: the missing three count as 1: 16 of 36: 44.44, shown 44.4
    scores = {r["name"]: r["score"] for r in smteam.rank(skipped, missing="min").rows()}
    assert scores == {"Joe Park": 44.4, "Ana Ruiz": 83.3, "Kim Lee": 72.2}


def test_usage_errors() -> None:
    with pytest.raises(smteam.UsageError, match="no candidates to load"):
        smteam.load_candidates()
    panel = smteam.load_candidates(EXAMPLES / "panel.yaml")
    with pytest.raises(smteam.UsageError, match="did you mean 'Tom Becker'"):
        smteam.explain(panel, "Tom Backer")
    with pytest.raises(smteam.InputError, match="larger than the limit"):
        smteam.load_candidates(smteam.Inline(SHEET, "csv"), rubric="five-core-skills", max_bytes=8)
