"""Rubrics as rich tables for people at a terminal.

Every piece of user text goes in as :class:`rich.text.Text`, never as markup, so a name like
``[bold]Kim`` is shown as written; and through :func:`plain`, so that control, bidi and
invisible characters are shown as escapes rather than acted on by the terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from smteam.checking.models import Rubric
from smteam.errors import terminal_safe
from smteam.scoring.scores import integer_weights, show_rating, shown, tally_text

if TYPE_CHECKING:  # only ``explain`` and ``raters`` need them: ``rank`` does not load them
    from smteam.scoring.calibration import Calibration
    from smteam.scoring.explain import Explanation


def plain(text: str, style: str = "", *, multiline: bool = False) -> Text:
    """User text (a name, a note, a label) for a view: literal, never markup, and escaped."""
    return Text(terminal_safe(text, multiline=multiline), style=style)


def to_text(renderable: RenderableType, *, width: int, color: bool) -> str:
    """What rich would print, as text ``width`` columns wide; colour codes only if ``color``."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
    )
    console.print(renderable)
    return buffer.getvalue()


def weight_shares(rubric: Rubric) -> list[Fraction]:
    """Each trait's share of the total weight, 0 to 1."""
    weights = integer_weights([trait.weight for trait in rubric.traits])
    total = sum(weights)
    return [Fraction(w, total) for w in weights]


def rubric_view(rubric: Rubric) -> Group:
    """A rubric's description, then its traits with weights as percentages, minimums and
    descriptions."""
    parts: list[Text | Table] = []
    if rubric.description:
        parts.append(plain(rubric.description + "\n", multiline=True))
    parts.append(rubric_table(rubric))
    return Group(*parts)


def rubric_table(rubric: Rubric) -> Table:
    """A rubric's traits with weights as percentages, minimums and descriptions."""
    scale = rubric.scale
    labels = ", ".join(f"{point} {label}" for point, label in sorted(scale.labels.items()))
    table = Table(
        title=plain(f"{rubric.title} ({rubric.name})"),
        caption=plain(
            f"Scale {scale.min} to {scale.max}" + (f": {labels}" if labels else "") + ". "
            "A candidate rated below a minimum is not eligible."
        ),
        caption_justify="left",
        show_lines=True,
    )
    table.add_column("Trait")
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Min", justify="right")
    if rubric.groups:
        table.add_column("Groups")
    table.add_column("What to look for", ratio=1)
    for trait, share in zip(rubric.traits, weight_shares(rubric), strict=True):
        row = [
            Text(terminal_safe(trait.label) + "\n", style="bold") + plain(trait.id, "dim"),
            Text(f"{float(share) * 100:.1f}%"),
            Text("" if trait.minimum is None else str(trait.minimum)),
        ]
        if rubric.groups:
            row.append(plain("\n".join(trait.groups), multiline=True))
        description = plain(trait.description, multiline=True)
        if trait.source:
            description.append(f"\nSource: {terminal_safe(trait.source)}", style="dim")
        row.append(description)
        table.add_row(*row)
    return table


def rubrics_table(rubrics: Sequence[Rubric]) -> Table:
    """The built-in rubrics: name, title, trait count and the articles they draw on."""
    table = Table(title="Built-in rubrics")
    table.add_column("Name", no_wrap=True)
    table.add_column("Title")
    table.add_column("Traits", justify="right")
    table.add_column("Source")
    for rubric in rubrics:
        table.add_row(
            plain(rubric.name),
            plain(rubric.title),
            Text(str(len(rubric.traits))),
            plain(rubric_sources(rubric)),
        )
    return table


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


def _rating(value: object) -> str:
    return "–" if value is None else show_rating(value)  # type: ignore[arg-type]


RATER_COLUMNS_MAX: Final = 8
"""Up to this many raters, each has a column in ``explain``'s table; beyond it a column each
would not fit a terminal, and each rater's ratings get a line of their own instead."""


def _ratings_by_rater(explanation: Explanation) -> Text:
    """``Joe Park: empathy 4, listening 3``: each rater's ratings on one line, in one piece of
    text, so that thousands of raters take time and space in proportion to their ratings."""
    parts = explanation.parts
    names = [rater or "" for rater, _ in parts[0].by_rater]
    lines = [f"Ratings by each of the {len(names)} raters:"]
    for column, name in enumerate(names):
        rated = (
            f"{part.trait_id} {show_rating(rating)}"
            for part in parts
            if (rating := part.by_rater[column][1]) is not None
        )
        lines.append(f"  {name}: " + (", ".join(rated) or "–"))
    return Text("\n".join(lines))


def explanation_view(explanation: Explanation) -> Group:
    """Every trait with its weight, each rater's rating, the rating that counts and the
    points it brings; then strengths, gaps, must-haves, notes and the leave-one-rater-out
    ranks."""
    evaluation = explanation.evaluation
    place = (
        f"rank {explanation.rank} of {explanation.ranked} eligible"
        if explanation.rank is not None
        else "not eligible: " + "; ".join(evaluation.reasons)
    )
    department = f" ({evaluation.department})" if evaluation.department else ""
    lines: list[Text | Table] = [
        plain(f"{evaluation.name}{department}: {place}, score {shown(evaluation.score):.1f}")
    ]
    if evaluation.recommendations:
        lines.append(Text(f"Panel recommendations: {tally_text(evaluation.recommendations)}"))
    raters = [rater for rater, _ in explanation.parts[0].by_rater] if explanation.parts else []
    panel = len(raters) > 1 or any(raters)
    by_rater_lines = len(raters) > RATER_COLUMNS_MAX
    if by_rater_lines:
        raters = []  # one line per rater below the table instead of a column each
    marked = 2 if evaluation.disagreements else 0
    longest = max((len(plain(p.trait_id)) for p in explanation.parts), default=5) + marked
    minimums = any(part.minimum is not None for part in explanation.parts)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Trait", no_wrap=True, min_width=longest)
    table.add_column("Weight", justify="right", no_wrap=True)
    for rater in raters if panel else []:
        header = plain(rater or "")
        words = header.plain.split() or [""]
        table.add_column(header, justify="right", min_width=max(map(len, words)))
    table.add_column("Counts" if panel else "Rating", justify="right", no_wrap=True)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Lost", justify="right", no_wrap=True)
    if minimums:
        table.add_column("Min", no_wrap=True)
    points = explanation.shown_points
    for part, (brings, leaves) in zip(explanation.parts, points, strict=True):
        must = ""
        if part.minimum is not None:
            met = part.rating is not None and part.rating >= part.minimum
            must = f"≥{part.minimum} " + ("met" if met else "MISSED")
        disagree = part.trait_id in evaluation.disagreements
        table.add_row(
            plain(part.trait_id + (" *" if disagree else ""), "yellow" if disagree else ""),
            Text(f"{float(part.weight_share) * 100:.1f}%"),
            *([Text(_rating(r)) for _, r in part.by_rater] if panel and raters else []),
            Text(_rating(part.rating)),
            Text(f"{brings:.1f}"),
            Text(f"{leaves:.1f}"),
            *([Text(must, style="red" if must.endswith("MISSED") else "")] if minimums else []),
        )
    total = shown(evaluation.score)
    table.add_section()
    table.add_row(
        Text("score"),
        Text("100%"),
        *([Text("")] * len(raters) if panel else []),
        Text(""),
        Text(f"{total:.1f}", style="bold"),
        Text(f"{100 - total:.1f}"),
        *([Text("")] if minimums else []),
    )
    lines.append(table)
    if by_rater_lines:
        lines.append(_ratings_by_rater(explanation))
    if evaluation.disagreements:
        lines.append(Text("* the raters' ratings spread widely: talk it over before deciding"))
    lines.append(plain("Strengths: " + (", ".join(explanation.strengths) or "–")))
    gaps = {
        part.trait_id: leaves for part, (_, leaves) in zip(explanation.parts, points, strict=True)
    }
    lines.append(
        plain(
            "Gaps (points below the top of the scale): "
            + (", ".join(f"{t} {gaps[t]:.1f}" for t in explanation.gaps) or "–")
        )
    )
    for part in explanation.parts:
        for rater, note in part.notes:
            lines.append(
                plain(f"Note on {part.trait_id}" + (f", {rater}" if rater else "") + ": ")
                + plain(note, "italic", multiline=True)
            )
    if explanation.without:
        lines.append(Text("Without one rater:"))
        for w in explanation.without:
            rank = f"rank {w.rank}" if w.rank is not None else "not eligible"
            unrated = f" (nobody else rated {', '.join(w.unrated)})" if w.unrated else ""
            lines.append(plain(f"  without {w.rater}: score {shown(w.score):.1f}, {rank}{unrated}"))
        decided = explanation.decided_by
        now = f"rank {explanation.rank}" if explanation.rank is not None else "not eligible"
        lines.append(
            plain(
                f"One rater decides the outcome: without {', or '.join(decided)} it would not be "
                f"{now}."
                if decided
                else "No single rater decides the outcome.",
                style="bold" if decided else "",
            )
        )
    return Group(*lines)


def calibration_view(calibration: Calibration) -> Table:
    """Per rater: scorecards, ratings given, their mean, their offset from the other raters
    and how often they were the outlier."""
    mean = calibration.panel_mean
    table = Table(
        title="Rater calibration",
        caption=Text(
            (f"Panel mean rating {float(mean):.2f}. " if mean is not None else "")
            + "Offset: the average difference from the other raters' mean on the same candidate"
            " and trait (+ more lenient, − harsher). Outlier: the one farthest from the others,"
            " by a point or more, where three or more rated the same thing."
        ),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    for header in ("Rater", "Scorecards", "Ratings", "Mean", "Offset", "Compared", "Outlier"):
        table.add_column(header, justify="left" if header == "Rater" else "right")
    for stats in calibration.raters:
        offset = "–" if stats.offset is None else f"{float(stats.offset):+.2f}"
        table.add_row(
            plain(stats.rater),
            Text(str(stats.scorecards)),
            Text(str(stats.ratings)),
            Text(f"{float(stats.mean):.2f}"),
            Text(offset),
            Text(str(stats.compared)),
            Text(f"{stats.outlier} of {stats.outlier_of}"),
        )
    return table
