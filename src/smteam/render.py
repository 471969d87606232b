"""Rubrics as rich tables for people at a terminal.

Every piece of user text goes in as :class:`rich.text.Text`, never as markup, so a name like
``[bold]Kim`` is shown as written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from fractions import Fraction

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from smteam.models import Rubric
from smteam.scoring import integer_weights


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
        parts.append(Text(rubric.description + "\n"))
    parts.append(rubric_table(rubric))
    return Group(*parts)


def rubric_table(rubric: Rubric) -> Table:
    """A rubric's traits with weights as percentages, minimums and descriptions."""
    scale = rubric.scale
    labels = ", ".join(f"{point} {label}" for point, label in sorted(scale.labels.items()))
    table = Table(
        title=Text(f"{rubric.title} ({rubric.name})"),
        caption=Text(
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
            Text(f"{trait.label}\n", style="bold") + Text(trait.id, style="dim"),
            Text(f"{float(share) * 100:.1f}%"),
            Text("" if trait.minimum is None else str(trait.minimum)),
        ]
        if rubric.groups:
            row.append(Text("\n".join(trait.groups)))
        description = Text(trait.description)
        if trait.source:
            description.append(f"\nSource: {trait.source}", style="dim")
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
            Text(rubric.name),
            Text(rubric.title),
            Text(str(len(rubric.traits))),
            Text(rubric_sources(rubric)),
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
