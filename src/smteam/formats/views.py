"""What ``explain``, ``raters``, ``rubrics`` and ``rubrics show`` print: each report built once
as blocks (see :mod:`smteam.formats.blocks`) and laid out as a terminal table, plain text or
Markdown, or written as JSON.

Every piece of user text goes to rich as :class:`rich.text.Text`, never as markup, so a name
like ``[bold]Kim`` is shown as written; and escaped, so that control, bidi and invisible
characters are shown as escapes rather than acted on by the terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from rich.console import RenderableType
from rich.text import Text

from smteam.checking.models import Rubric
from smteam.choices import ViewFormat
from smteam.errors import json_safe, terminal_safe
from smteam.formats import FormatOptions
from smteam.formats.blocks import (
    Block,
    Grid,
    Items,
    Line,
    blocks_markdown,
    blocks_renderable,
    blocks_text,
)
from smteam.formats.sections import to_text
from smteam.scoring.scores import integer_weights, show_rating, shown, tally_text

if TYPE_CHECKING:  # only ``explain`` and ``raters`` need them: ``rank`` does not load them
    from smteam.scoring.calibration import Calibration
    from smteam.scoring.explain import Explanation
    from smteam.scoring.reliability import Reliability


def plain(text: str, style: str = "", *, multiline: bool = False) -> Text:
    """User text (a name, a note, a label) for a view: literal, never markup, and escaped."""
    return Text(terminal_safe(text, multiline=multiline), style=style)


def weight_shares(rubric: Rubric) -> list[Fraction]:
    """Each trait's share of the total weight, 0 to 1."""
    weights = integer_weights([trait.weight for trait in rubric.traits])
    total = sum(weights)
    return [Fraction(w, total) for w in weights]


def rubric_sources(rubric: Rubric) -> str:
    """The articles a rubric is drawn from: those that some trait comes from alone.

    A trait shared by several articles (responsiveness) cites them all, so counting every
    citation would credit each rubric with articles it only borrows from.
    """
    cited = [re.findall(r"\b\d{3}\b", trait.source) for trait in rubric.traits]
    articles = sorted({numbers[0] for numbers in cited if len(numbers) == 1})
    if not articles:
        articles = sorted({number for numbers in cited for number in numbers})
    if articles:
        return ("article " if len(articles) == 1 else "articles ") + ", ".join(articles)
    return "; ".join(sorted({trait.source for trait in rubric.traits if trait.source}))


def laid_out(
    blocks: Callable[[], Sequence[Block]],
    document: Callable[[], object],
    fmt: ViewFormat,
    options: FormatOptions,
) -> str:
    """A report as ``fmt``; only what that format needs is built (the blocks of a panel of
    thousands are not small, and JSON never needs them)."""
    if fmt is ViewFormat.JSON:
        return json_safe(json.dumps(document(), indent=2, ensure_ascii=False)) + "\n"
    if fmt is ViewFormat.TEXT:
        return blocks_text(blocks())
    if fmt is ViewFormat.MARKDOWN:
        return blocks_markdown(blocks())
    return to_text(blocks_renderable(blocks()), width=options.width, color=options.color)


# --- rubrics -------------------------------------------------------------------------------


def _percent(share: Fraction) -> str:
    return f"{float(share) * 100:.1f}%"


def rubric_blocks(rubric: Rubric, *, descriptions: bool = False) -> list[Block]:
    """A rubric's title, then one line per trait (label, weight as a percentage, minimum,
    groups) and the scale; with ``descriptions``, the rubric's description first and what to
    look for in each trait after."""
    scale = rubric.scale
    labels = ", ".join(f"{point} {label}" for point, label in sorted(scale.labels.items()))
    blocks: list[Block] = [Line(f"{rubric.title} ({rubric.name})")]
    if descriptions and rubric.description:
        blocks += [Line(""), Line(rubric.description, multiline=True)]
    rows = [
        [
            trait.label,
            _percent(share),
            "" if trait.minimum is None else str(trait.minimum),
            *([", ".join(trait.groups)] if rubric.groups else []),
        ]
        for trait, share in zip(rubric.traits, weight_shares(rubric), strict=True)
    ]
    blocks.append(
        Grid(
            header=["Trait", "Weight", "Min", *(["Groups"] if rubric.groups else [])],
            rows=rows,
            right=[False, True, True, *([False] if rubric.groups else [])],
            caption=f"Scale {scale.min} to {scale.max}"
            + (f": {labels}" if labels else "")
            + ". A candidate rated below a minimum is not eligible.",
        )
    )
    if descriptions:
        for trait in rubric.traits:
            # The id too: it is what a candidates file rates the trait by.
            blocks += [Line(""), Line(f"{trait.label} ({trait.id})", strong=True)]
            if trait.description:
                blocks.append(Line(trait.description, multiline=True))
            if trait.source:
                blocks.append(Line(f"Source: {trait.source}"))
    return blocks


def rubric_document(rubric: Rubric) -> dict[str, Any]:
    """Everything in a rubric as plain data for JSON, descriptions included, with each
    trait's weight as a percentage of the total."""
    scale = rubric.scale
    return {
        "name": rubric.name,
        "title": rubric.title,
        "description": rubric.description,
        "scale": {
            "min": scale.min,
            "max": scale.max,
            "labels": {str(point): label for point, label in sorted(scale.labels.items())},
        },
        "groups": list(rubric.groups),
        "traits": [
            {
                "id": trait.id,
                "label": trait.label,
                "weight": int(trait.weight) if float(trait.weight).is_integer() else trait.weight,
                "weight_percent": round(float(share) * 100, 2),
                "minimum": trait.minimum,
                "groups": list(trait.groups),
                "description": trait.description,
                "source": trait.source,
            }
            for trait, share in zip(rubric.traits, weight_shares(rubric), strict=True)
        ],
    }


def rubric_view(rubric: Rubric, *, descriptions: bool = False) -> RenderableType:
    """A rubric for a terminal (see :func:`rubric_blocks`)."""
    return blocks_renderable(rubric_blocks(rubric, descriptions=descriptions))


def format_rubric(
    rubric: Rubric, fmt: ViewFormat, options: FormatOptions, *, descriptions: bool = False
) -> str:
    """``smteam rubrics show``'s output."""
    return laid_out(
        lambda: rubric_blocks(rubric, descriptions=descriptions),
        lambda: rubric_document(rubric),
        fmt,
        options,
    )


def rubrics_blocks(rubrics: Sequence[Rubric]) -> list[Block]:
    """The built-in rubrics: name, title, trait count and the articles they draw on."""
    rows = [
        [rubric.name, rubric.title, str(len(rubric.traits)), rubric_sources(rubric)]
        for rubric in rubrics
    ]
    return [
        Grid(
            header=["Name", "Title", "Traits", "Source"],
            rows=rows,
            right=[False, False, True, False],
            title="Built-in rubrics",
        )
    ]


def rubrics_document(rubrics: Sequence[Rubric]) -> dict[str, Any]:
    """The built-in rubrics as plain data for JSON (``smteam rubrics show`` gives each one's
    traits)."""
    return {
        "rubrics": [
            {
                "name": rubric.name,
                "title": rubric.title,
                "traits": len(rubric.traits),
                "source": rubric_sources(rubric),
            }
            for rubric in rubrics
        ]
    }


def rubrics_table(rubrics: Sequence[Rubric]) -> RenderableType:
    """The built-in rubrics for a terminal (see :func:`rubrics_blocks`)."""
    return blocks_renderable(rubrics_blocks(rubrics))


def format_rubrics(rubrics: Sequence[Rubric], fmt: ViewFormat, options: FormatOptions) -> str:
    """``smteam rubrics``'s output."""
    return laid_out(
        lambda: rubrics_blocks(rubrics), lambda: rubrics_document(rubrics), fmt, options
    )


# --- explain -------------------------------------------------------------------------------


def _rating(value: object) -> str:
    return "–" if value is None else show_rating(value)  # type: ignore[arg-type]


RATER_COLUMNS_MAX: Final = 8
"""Up to this many raters, each has a column in ``explain``'s table; beyond it a column each
would not fit a terminal, and each rater's ratings get a line of their own instead."""


def _ratings_by_rater(explanation: Explanation) -> Items:
    """``Joe Park: Empathy 4, Listening 3``: each rater's ratings on a line of their own, so
    that thousands of raters take time and space in proportion to their ratings."""
    parts = explanation.parts
    names = [rater or "" for rater, _ in parts[0].by_rater]
    lines = []
    for column, name in enumerate(names):
        rated = (
            f"{part.label} {show_rating(rating)}"
            for part in parts
            if (rating := part.by_rater[column][1]) is not None
        )
        lines.append(f"{name}: " + (", ".join(rated) or "–"))
    return Items(f"Ratings by each of the {len(names)} raters:", lines)


def explanation_blocks(explanation: Explanation) -> list[Block]:
    """Every trait (by its label) with its weight, each rater's rating, the rating that counts
    and the points it brings; then strengths, gaps, must-haves, notes and the
    leave-one-rater-out ranks."""
    evaluation = explanation.evaluation
    parts = explanation.parts
    place = (
        f"rank {explanation.rank} of {explanation.ranked} eligible"
        if explanation.rank is not None
        else "not eligible: " + "; ".join(evaluation.reasons)
    )
    department = f" ({evaluation.department})" if evaluation.department else ""
    blocks: list[Block] = [
        Line(f"{evaluation.name}{department}: {place}, score {shown(evaluation.score):.1f}")
    ]
    if evaluation.recommendations:
        blocks.append(Line(f"Panel recommendations: {tally_text(evaluation.recommendations)}"))
    raters = [rater for rater, _ in parts[0].by_rater] if parts else []
    panel = len(raters) > 1 or any(raters)
    by_rater_lines = len(raters) > RATER_COLUMNS_MAX
    if by_rater_lines or not panel:
        raters = []  # one line per rater below the table instead of a column each
    minimums = any(part.minimum is not None for part in parts)
    label = {part.trait_id: part.label for part in parts}
    points = explanation.shown_points
    rows = []
    styles: dict[tuple[int, int], str] = {}
    for row, (part, (brings, leaves)) in enumerate(zip(parts, points, strict=True)):
        must = ""
        if part.minimum is not None:
            met = part.rating is not None and part.rating >= part.minimum
            must = f"≥{part.minimum} " + ("met" if met else "MISSED")
            if not met:
                styles[row, 5 + len(raters)] = "red"
        disagree = part.trait_id in evaluation.disagreements
        if disagree:
            styles[row, 0] = "yellow"
        rows.append(
            [
                part.label + (" *" if disagree else ""),
                _percent(part.weight_share),
                *(_rating(rating) for _, rating in (part.by_rater if raters else ())),
                _rating(part.rating),
                f"{brings:.1f}",
                f"{leaves:.1f}",
                *([must] if minimums else []),
            ]
        )
    total = shown(evaluation.score)
    styles[len(rows), 3 + len(raters)] = "bold"
    blocks.append(
        Grid(
            header=[
                "Trait",
                "Weight",
                *(rater or "" for rater in raters),
                "Counts" if panel else "Rating",
                "Points",
                "Lost",
                *(["Min"] if minimums else []),
            ],
            rows=rows,
            right=[False, True, *(True for _ in raters), True, True, True]
            + ([False] if minimums else []),
            total=[
                "score",
                "100%",
                *("" for _ in raters),
                "",
                f"{total:.1f}",
                f"{100 - total:.1f}",
                *([""] if minimums else []),
            ],
            styles=styles,
        )
    )
    if by_rater_lines:
        blocks.append(_ratings_by_rater(explanation))
    if evaluation.disagreements:
        blocks.append(Line("* the raters' ratings spread widely: talk it over before deciding"))
    strengths = ", ".join(label[t] for t in explanation.strengths)
    blocks.append(Line("Strengths: " + (strengths or "–")))
    gaps = {part.trait_id: leaves for part, (_, leaves) in zip(parts, points, strict=True)}
    listed = ", ".join(f"{label[t]} {gaps[t]:.1f}" for t in explanation.gaps)
    blocks.append(Line("Gaps (points below the top of the scale): " + (listed or "–")))
    for part in parts:
        for rater, note in part.notes:
            said = f"Note on {part.label}" + (f", {rater}" if rater else "") + ": "
            blocks.append(Line(said + note, multiline=True))
    if explanation.without:
        lines = []
        for w in explanation.without:
            rank = f"rank {w.rank}" if w.rank is not None else "not eligible"
            unrated = ", ".join(label[t] for t in w.unrated)
            nobody = f" (nobody else rated {unrated})" if unrated else ""
            lines.append(f"without {w.rater}: score {shown(w.score):.1f}, {rank}{nobody}")
        blocks.append(Items("Without one rater:", lines))
        decided = explanation.decided_by
        now = f"rank {explanation.rank}" if explanation.rank is not None else "not eligible"
        blocks.append(
            Line(
                f"One rater decides the outcome: without {', or '.join(decided)} it would not be "
                f"{now}."
                if decided
                else "No single rater decides the outcome.",
                strong=bool(decided),
            )
        )
    return blocks


def explanation_view(explanation: Explanation) -> RenderableType:
    """An explanation for a terminal (see :func:`explanation_blocks`)."""
    return blocks_renderable(explanation_blocks(explanation))


def format_explanation(explanation: Explanation, fmt: ViewFormat, options: FormatOptions) -> str:
    """``smteam explain``'s output; its JSON is ``explanation.to_dict()``."""
    return laid_out(lambda: explanation_blocks(explanation), explanation.to_dict, fmt, options)


# --- raters --------------------------------------------------------------------------------


def calibration_blocks(calibration: Calibration) -> list[Block]:
    """Per rater: scorecards, ratings given, their mean, their offset from the other raters
    and how often they were the outlier."""
    mean = calibration.panel_mean
    rows = [
        [
            stats.rater,
            str(stats.scorecards),
            str(stats.ratings),
            "–" if stats.mean is None else f"{float(stats.mean):.2f}",
            "–" if stats.offset is None else f"{float(stats.offset):+.2f}",
            str(stats.compared),
            f"{stats.outlier} of {stats.outlier_of}",
        ]
        for stats in calibration.raters
    ]
    header = ["Rater", "Scorecards", "Ratings", "Mean", "Offset", "Compared", "Outlier"]
    return [
        Grid(
            header=header,
            rows=rows,
            right=[name != "Rater" for name in header],
            title="Rater calibration",
            caption=(f"Panel mean rating {float(mean):.2f}. " if mean is not None else "")
            + "Offset: the average difference from the other raters' mean on the same candidate"
            " and trait (+ more lenient, − harsher). Outlier: the one farthest from the others,"
            " by a point or more, where three or more rated the same thing.",
        )
    ]


def calibration_view(calibration: Calibration) -> RenderableType:
    """A panel's calibration for a terminal (see :func:`calibration_blocks`)."""
    return blocks_renderable(calibration_blocks(calibration))


def format_calibration(
    calibration: Calibration,
    fmt: ViewFormat,
    options: FormatOptions,
    reliability: Reliability | None = None,
) -> str:
    """``smteam raters``'s output: the calibration, then the raters' ``reliability`` where it
    was measured (in JSON, under ``"reliability"``)."""
    from smteam.formats.reliability import reliability_blocks, reliability_document

    def blocks() -> list[Block]:
        found = calibration_blocks(calibration)
        if reliability is not None:
            found += [Line(""), *reliability_blocks(reliability)]
        return found

    def document() -> dict[str, Any]:
        found = calibration.to_dict()
        if reliability is not None:
            found = {**found, "reliability": reliability_document(reliability)}
        return found

    return laid_out(blocks, document, fmt, options)
