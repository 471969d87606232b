"""The shapes of smteam's files, as strict pydantic models.

Strict means: a field takes exactly its type (no ``"4"`` for 4, no ``true`` for 1), unknown keys
are refused, and an explicit empty value (``minimum:`` with nothing after it) is refused rather
than read as "not given". Checks that need a rubric (is this a trait? is 9 on the scale?) are in
:mod:`smteam.checking.rules`; these models know nothing of any particular rubric.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, ClassVar, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, core_schema

from smteam.limits import TRAITS_MAX
from smteam.reading.scalars import Ambiguous
from smteam.reading.wording import did_you_mean
from smteam.text import LINE_MAX, NAME_MAX, PROSE_MAX, text_problem


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _text_rule(kind: str, max_length: int, *, multiline: bool = False) -> AfterValidator:
    def check(value: str) -> str:
        problem = text_problem(value, kind=kind, max_length=max_length, multiline=multiline)
        if problem is not None:
            raise PydanticCustomError("smteam_text", problem)
        return value

    return AfterValidator(check)


def _not_null(expected: str) -> BeforeValidator:
    """Refuse an explicit null on a field that may be left out."""

    def check(value: object) -> object:
        if value is None:
            raise PydanticCustomError(
                "smteam_null",
                f"expected {expected}, found nothing; give a value or leave the key out",
            )
        return value

    return BeforeValidator(check)


def _one_or_many(value: object) -> object:
    """``group: a`` and ``group: [a, b]`` both mean a tuple of group ids."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    if value is None:
        raise PydanticCustomError(
            "smteam_null",
            "expected a group id or a list of them, found nothing; give a value or leave the "
            "key out",
        )
    raise PydanticCustomError(
        "smteam_type", "expected a group id or a list of them", {"expected": "a group id or a list"}
    )


def _length(max_length: int) -> Any:
    """The length rule in the JSON schema (smteam's own check says more when it fails)."""
    return Field(json_schema_extra={"minLength": 1, "maxLength": max_length})


SCALE_BOUND: Final = 1000
"""A scale's min and max lie from -SCALE_BOUND to SCALE_BOUND."""
SPAN_MAX: Final = 100
"""A scale's max - min: a hundred and one points is finer than anyone rates."""
GROUPS_MAX: Final = 100
WEIGHT_MIN: Final = 0.001
WEIGHT_MAX: Final = 1000.0
"""Weights are relative: a million to one between two traits is already more than means
anything, and the bounds keep the exact arithmetic on weights small."""

IDENTIFIER_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
IDENTIFIER_MAX = 64
Identifier = Annotated[
    str, StringConstraints(pattern=IDENTIFIER_PATTERN, max_length=IDENTIFIER_MAX)
]
PersonName = Annotated[str, _text_rule("name", NAME_MAX), _length(NAME_MAX)]
Label = Annotated[str, _text_rule("label", LINE_MAX), _length(LINE_MAX)]
Title = Annotated[str, _text_rule("title", LINE_MAX), _length(LINE_MAX)]
Department = Annotated[str, _text_rule("department", LINE_MAX), _length(LINE_MAX)]
RubricRef = Annotated[str, _text_rule("rubric name or path", LINE_MAX), _length(LINE_MAX)]
Citation = Annotated[str, _text_rule("source", LINE_MAX), _length(LINE_MAX)]
Prose = Annotated[str, _text_rule("text", PROSE_MAX, multiline=True), _length(PROSE_MAX)]

_IDENTIFIER_SCHEMA: Final = {
    "type": "string",
    "pattern": IDENTIFIER_PATTERN,
    "maxLength": IDENTIFIER_MAX,
}
_GROUP_SCHEMA: Final = {
    "anyOf": [
        _IDENTIFIER_SCHEMA,
        {"type": "array", "items": _IDENTIFIER_SCHEMA, "minItems": 1},
    ],
    "description": "A group id, or a list of them: groups give subtotals.",
}


class Scale(StrictModel):
    """Whole-number ratings from ``min`` to ``max``, with optional words for the points."""

    min: int = Field(
        description="The lowest rating, a whole number.",
        json_schema_extra={"minimum": -SCALE_BOUND, "maximum": SCALE_BOUND},
    )
    max: int = Field(
        description=f"The highest rating, a whole number above min, at most {SPAN_MAX} above.",
        json_schema_extra={"minimum": -SCALE_BOUND, "maximum": SCALE_BOUND},
    )
    labels: Annotated[dict[int, Label], _not_null("a mapping of points to labels")] = Field(
        default_factory=dict,
        description="Optional words for points of the scale, such as 5: exceptional.",
        json_schema_extra={"propertyNames": {"pattern": "^-?[0-9]+$"}},
    )

    @property
    def span(self) -> int:
        return self.max - self.min

    @cached_property
    def _points_by_label(self) -> dict[str, int]:
        return {" ".join(label.casefold().split()): point for point, label in self.labels.items()}

    def point_of(self, label: str) -> int | None:
        """The point a label stands for, ignoring case and spacing; None if it is no label."""
        return self._points_by_label.get(" ".join(label.casefold().split()))


class Trait(StrictModel):
    """One quality to rate, with its weight in the score and where it comes from."""

    id: Identifier = Field(description="Unique within the rubric: lower case and hyphens.")
    label: Label
    weight: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        description=f"A number from {WEIGHT_MIN} to {WEIGHT_MAX:g}; weights need not add up to "
        "anything.",
        json_schema_extra={"minimum": WEIGHT_MIN, "maximum": WEIGHT_MAX},
    )
    group: Annotated[
        tuple[Identifier, ...],
        BeforeValidator(_one_or_many),
        Field(min_length=1, max_length=GROUPS_MAX),
        WithJsonSchema(_GROUP_SCHEMA),
    ] = ()
    minimum: Annotated[int | None, _not_null("a whole number on the scale")] = Field(
        default=None,
        description="A must-have: a candidate rated below it is not eligible.",
    )
    description: Annotated[Prose, _not_null("a description")] = Field(
        default="", description="What a rater should look for."
    )
    source: Annotated[Citation, _not_null("where the trait comes from")] = Field(
        default="", description="Where the trait comes from."
    )

    @property
    def groups(self) -> tuple[str, ...]:
        return self.group


class Rubric(StrictModel):
    """A named set of weighted traits on one rating scale."""

    shape: ClassVar[str] = "a rubric: a mapping with name, title, scale and traits"

    name: Identifier = Field(description="The id used on the command line.")
    title: Title
    description: Annotated[Prose, _not_null("a description")] = ""
    scale: Scale
    traits: Annotated[list[Trait], Field(min_length=1, max_length=TRAITS_MAX)]

    @cached_property
    def trait_ids(self) -> tuple[str, ...]:
        return tuple(trait.id for trait in self.traits)

    @cached_property
    def trait_set(self) -> frozenset[str]:
        return frozenset(self.trait_ids)

    @cached_property
    def groups(self) -> tuple[str, ...]:
        """Group ids in order: first those that some trait lists first, in trait order, then
        the rest as they appear. So a shared trait listed early (in every group it belongs to)
        does not pull later groups forward."""
        seen: dict[str, None] = {}
        for trait in self.traits:
            if trait.groups:
                seen.setdefault(trait.groups[0])
        for trait in self.traits:
            for group in trait.groups:
                seen.setdefault(group)
        return tuple(seen)


RECOMMENDATIONS: Final = ("strong_no", "no", "yes", "strong_yes", "no_decision")
"""A rater's overall call, from Greenhouse-style scorecards, worst to best, then abstaining."""


class _RatingSchema:
    """A rating is a whole number, or a word from the rubric's scale labels (checked against
    the rubric later); anything else is one error of smteam's own type. Built as a pydantic
    core union so that a hundred thousand candidates validate without calling Python."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [core_schema.int_schema(strict=True), core_schema.str_schema(strict=True)],
            custom_error_type="smteam_type",
            custom_error_message="expected a rating",
            custom_error_context={"expected": "a whole number", "want": "number"},
        )


def _recommendation(value: object) -> str:
    """One of :data:`RECOMMENDATIONS`. An unquoted ``yes`` or ``no`` is read as the word
    written: smteam's loader sees the scalar's text, and here the word is what is meant."""
    if isinstance(value, Ambiguous) and value.text in RECOMMENDATIONS:
        return value.text
    if isinstance(value, str) and value in RECOMMENDATIONS:
        return value
    expected = "one of " + ", ".join(RECOMMENDATIONS)
    hint = did_you_mean(value, RECOMMENDATIONS) if isinstance(value, str) else ""
    raise PydanticCustomError(
        "smteam_type",
        "expected a recommendation",
        {"expected": expected, "want": "text", "detail": hint.removeprefix("; ")},
    )


RatingValue = Annotated[
    int | str,
    _RatingSchema,
    WithJsonSchema(
        {
            "anyOf": [{"type": "integer"}, {"type": "string", "minLength": 1}],
            "description": "A whole number on the scale, or one of the scale's labels.",
        }
    ),
]
Recommendation = Annotated[
    str,
    PlainValidator(_recommendation),
    WithJsonSchema({"enum": list(RECOMMENDATIONS), "description": "The rater's overall call."}),
]
_RATINGS_HELP: Final = "Trait id to a whole number on the rubric's scale, or a scale label."
Notes = Annotated[
    dict[str, Prose],
    _not_null("a mapping of trait ids to notes"),
    Field(description="Optional evidence, per trait id."),
]


def _rates_something(ratings: dict[str, int | str]) -> dict[str, int | str]:
    if not ratings:
        raise PydanticCustomError(
            "smteam_text",
            "expected at least one rating, found none; a review rates the traits its rater "
            "assessed (leave the review out if they assessed none)",
        )
    return ratings


class Review(StrictModel):
    """One rater's scorecard for one candidate: a rater may leave out traits they did not
    assess."""

    rater: PersonName = Field(description="Who rated; each rater once per candidate.")
    ratings: Annotated[
        dict[str, RatingValue],
        _not_null("a mapping of trait ids to ratings"),
        AfterValidator(_rates_something),
        Field(description=_RATINGS_HELP + " At least one.", json_schema_extra={"minProperties": 1}),
    ]
    notes: Notes = Field(default_factory=dict)
    recommendation: Annotated[Recommendation | None, _not_null("a recommendation")] = None


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Ratings from one rater (``rater`` is None for a candidate with plain ``ratings``)."""

    rater: str | None
    ratings: dict[str, int | str]
    notes: dict[str, str]
    recommendation: str | None = None


class Candidate(StrictModel):
    """One person, with either one rater's ``ratings`` or a panel's ``reviews`` (checks make
    sure there is exactly one of the two), and optional evidence per trait."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["ratings"]}, {"required": ["reviews"]}]}
    )

    name: PersonName = Field(description="Unique among the candidates ranked together.")
    department: Department = Field(
        description="One of the seven departments of article 001 (smteam departments)."
    )
    ratings: Annotated[
        dict[str, RatingValue] | None,
        _not_null("a mapping of trait ids to ratings"),
        Field(description=_RATINGS_HELP + " For one rater; a panel uses reviews."),
    ] = None
    reviews: Annotated[
        Annotated[list[Review], Field(min_length=1)] | None,
        _not_null("a list of reviews"),
        Field(description="Scorecards from a panel, one per rater."),
    ] = None
    notes: Notes = Field(default_factory=dict)

    @cached_property
    def scorecards(self) -> tuple[Scorecard, ...]:
        """Every rater's ratings; one scorecard without a rater for plain ``ratings``."""
        if self.reviews:
            return tuple(
                Scorecard(r.rater, r.ratings, r.notes, r.recommendation) for r in self.reviews
            )
        return (Scorecard(None, self.ratings or {}, self.notes),)

    @cached_property
    def rated_traits(self) -> frozenset[str]:
        """Every trait some rater rated."""
        return frozenset(t for card in self.scorecards for t in card.ratings)


class CandidatesFile(StrictModel):
    """A candidates document: an optional rubric reference and at least one candidate."""

    shape: ClassVar[str] = "a candidates file: a mapping with a 'candidates' list"

    rubric: Annotated[RubricRef | None, _not_null("a rubric name or path")] = Field(
        default=None,
        description="A built-in rubric name, or a path relative to this file; "
        "default social-media-lead.",
    )
    candidates: Annotated[list[Candidate], Field(min_length=1)]


def submodel_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` inside ``model``, if any."""
    current: Any = model
    for part in path:
        if typing.get_origin(current) in (typing.Union, types.UnionType):
            current = next(a for a in typing.get_args(current) if a is not type(None))
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            current = field.annotation
        elif getattr(current, "__origin__", None) in (list, tuple) and isinstance(part, int):
            current = current.__args__[0]
        else:
            return None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None
