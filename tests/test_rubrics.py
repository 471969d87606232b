"""The built-in rubrics: valid, consistent with each other, and true to the articles' structure;
and every file in rubrics/ and examples/ validates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smteam.checking.departments import DEPARTMENTS, canonical_department
from smteam.checking.documents import read_rubric
from smteam.checking.models import Candidate, Rubric
from smteam.reading.sources import builtin_rubric_names
from smteam.scoring.scores import evaluate, plan_scoring
from tests.conftest import EXAMPLES, RUBRICS, RunCli

ARTICLE_RUBRICS = {
    "who-what-when": "who-what-when",
    "core-skills": "five-core-skills",
    "dispersed-skills": "five-dispersed-skills",
    "leader-qualities": "nine-leader-qualities",
}
SHIPPED = sorted([*RUBRICS.glob("*.yaml"), *EXAMPLES.glob("*.yaml")])


def builtin() -> dict[str, Rubric]:
    return {path.stem: read_rubric(path.read_bytes(), str(path)) for path in RUBRICS.glob("*.yaml")}


@pytest.mark.parametrize("path", SHIPPED, ids=[f"{p.parent.name}/{p.name}" for p in SHIPPED])
def test_every_shipped_file_validates(path: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"OK {path} (")
    assert result.stderr == ""


def test_the_five_builtin_rubrics_are_listed_by_their_names() -> None:
    rubrics = builtin()
    assert (
        builtin_rubric_names()
        == sorted(rubrics)
        == [
            "five-core-skills",
            "five-dispersed-skills",
            "nine-leader-qualities",
            "social-media-lead",
            "who-what-when",
        ]
    )
    for name, rubric in rubrics.items():
        assert rubric.name == name
        assert rubric.description
        assert (rubric.scale.min, rubric.scale.max) == (1, 5)
        for trait in rubric.traits:
            assert trait.description and trait.source, trait.id


def test_trait_counts_follow_the_articles() -> None:
    rubrics = builtin()
    assert {name: len(r.traits) for name, r in rubrics.items()} == {
        "who-what-when": 3,
        "five-core-skills": 5,
        "five-dispersed-skills": 5,
        "nine-leader-qualities": 9,
        "social-media-lead": 19,
    }


def test_a_shared_trait_is_defined_identically_everywhere() -> None:
    definitions: dict[str, list[tuple[object, ...]]] = {}
    for rubric in builtin().values():
        for t in rubric.traits:
            definitions.setdefault(t.id, []).append(
                (t.label, t.weight, t.minimum, t.description, t.source)
            )
    shared = {trait_id for trait_id, seen in definitions.items() if len(seen) > 2}
    assert {"responsiveness", "brand-values"} <= shared
    for trait_id, seen in definitions.items():
        assert len(set(seen)) == 1, trait_id


def test_the_composite_is_the_union_grouped_by_article() -> None:
    rubrics = builtin()
    composite = rubrics["social-media-lead"]
    assert composite.groups == tuple(ARTICLE_RUBRICS)
    union = {t for name in ARTICLE_RUBRICS.values() for t in rubrics[name].trait_ids}
    assert set(composite.trait_ids) == union
    for trait in composite.traits:
        homes = {g for g, name in ARTICLE_RUBRICS.items() if trait.id in rubrics[name].trait_ids}
        assert set(trait.groups) == homes, trait.id
    responsiveness = next(t for t in composite.traits if t.id == "responsiveness")
    assert responsiveness.groups == ("who-what-when", "core-skills", "leader-qualities")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=19, max_size=19))
def test_each_group_subtotal_equals_the_article_rubric_score(values: list[int]) -> None:
    rubrics = builtin()
    composite = rubrics["social-media-lead"]
    candidate = Candidate(
        name="Kim",
        department="Marketing",
        ratings=dict(zip(composite.trait_ids, values, strict=True)),
    )
    result = evaluate(candidate, plan_scoring(composite))
    for group, subtotal in zip(composite.groups, result.group_scores, strict=True):
        own = rubrics[ARTICLE_RUBRICS[group]]
        assert subtotal == evaluate(candidate, plan_scoring(own)).score


def test_weights_differ_only_where_an_article_says_why() -> None:
    weights = {t.id: t.weight for t in builtin()["social-media-lead"].traits}
    unusual = {trait_id: w for trait_id, w in weights.items() if w != 2}
    assert unusual == {"loves-the-mission": 3, "adaptability": 1}
    minimums = {t.id: t.minimum for t in builtin()["social-media-lead"].traits if t.minimum}
    assert minimums == {"loves-the-mission": 3, "enjoyable-to-work-with": 2}


def test_the_seven_departments_and_their_aliases() -> None:
    assert len(DEPARTMENTS) == 7
    assert canonical_department("PR") == "PR and Corporate Communications"
    assert canonical_department("  customer   SUPPORT ") == "Customer Service"
    assert canonical_department("Sales") == "Business Development / Sales"
    assert canonical_department("Business Development/Sales") == "Business Development / Sales"
    assert canonical_department("r&d") == "Product Development"
    assert canonical_department("Legal") is None


@pytest.mark.parametrize(
    "written",
    [  # each of the seven exactly as article 001 lists them
        "PR and Corporate Communications",
        "Marketing",
        "Customer and/or Client Service",
        "Business Development or Sales",
        "Brand Management",
        "Product Development",
        "Executive Team",
    ],
)
def test_the_article_s_own_wording_names_a_department(written: str) -> None:
    assert canonical_department(written) is not None
