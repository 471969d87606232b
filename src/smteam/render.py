"""Rankings and rubrics as rich tables for people at a terminal.

Every piece of user text goes in as :class:`rich.text.Text`, never as markup, so a name like
``[bold]Kim`` is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Final

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from smteam.models import Rubric
from smteam.ranking import Ranking
from smteam.scoring import Evaluation, integer_weights

_EIGHTHS: Final = " ▏▎▍▌▋▊▉"
BAR_WIDTH: Final = 8


def score_bar(score: Fraction, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells filled in proportion to a 0-100 score, in eighths of a cell."""
    eighths = round(float(score) / 100 * width * 8)
    full, part = divmod(max(0, min(eighths, width * 8)), 8)
    bar = "█" * full + (_EIGHTHS[part] if part else "")
    return bar.ljust(width)


def _points(value: Fraction | None) -> str:
    return "–" if value is None else f"{float(value):.1f}"


NAME_WIDTH: Final = 24
DEPARTMENT_WIDTH: Final = 20
FLAGS_WIDTH: Final = 24


def _group_header(group: str) -> str:
    return group.replace("-", " ")


def _flags(evaluation: Evaluation) -> list[str]:
    flags = list(evaluation.reasons)
    if evaluation.coverage < 1:
        flags.append(f"rated {float(evaluation.coverage) * 100:.0f}% of the weight")
    return flags


def ranking_table(ranking: Ranking, width: int = 120) -> Table:
    """Rank, name, department, score with a bar, one column per group, and flags.

    Group subtotals are left out (and the caption says so) when ``width`` cannot hold them.
    """
    show_groups = bool(ranking.rubric.groups) and _table_width(ranking, groups=True) <= width
    return _ranking_table(ranking, show_groups=show_groups)


def _table_width(ranking: Ranking, *, groups: bool) -> int:
    """How wide the table is with its columns at their natural width (no word broken)."""
    entries = [entry.evaluation for entry in ranking.entries]
    words = [len(w) for e in entries for flag in _flags(e) for w in flag.split()]
    columns = [
        4,
        min(NAME_WIDTH, max((len(e.name) for e in entries), default=4)),
        min(DEPARTMENT_WIDTH, max([10, *(len(e.department) for e in entries)])),
        6 + BAR_WIDTH,
        min(FLAGS_WIDTH, max(words, default=5)),
    ]
    if groups:
        columns.extend(_group_width(group) for group in ranking.rubric.groups)
    # Each column has a space of padding on each side, and a space between columns.
    return sum(columns) + 3 * (len(columns) - 1) + 2


def _group_width(group: str) -> int:
    return max(5, *map(len, _group_header(group).split()))


def _ranking_table(ranking: Ranking, *, show_groups: bool) -> Table:
    rubric = ranking.rubric
    all_flags = [_flags(entry.evaluation) for entry in ranking.entries]
    words = [len(word) for flags in all_flags for flag in flags for word in flag.split()]
    table = Table(
        title=Text(f"{rubric.title} ({rubric.name})"),
        caption=Text(_caption(ranking, groups_hidden=bool(rubric.groups) and not show_groups)),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("Rank", justify="right", no_wrap=True)
    table.add_column("Name", no_wrap=True, overflow="ellipsis", max_width=NAME_WIDTH)
    table.add_column("Department", no_wrap=True, overflow="ellipsis", max_width=DEPARTMENT_WIDTH)
    table.add_column("Score", no_wrap=True)
    if show_groups:
        for group in rubric.groups:
            narrow = _group_width(group)
            table.add_column(
                _group_header(group), justify="right", min_width=narrow, max_width=narrow
            )
    table.add_column("Flags", min_width=min(FLAGS_WIDTH, max(words, default=5)), overflow="fold")
    for entry, flags in zip(ranking.entries, all_flags, strict=True):
        evaluation = entry.evaluation
        groups = [Text(_points(score)) for score in evaluation.group_scores] if show_groups else []
        table.add_row(
            Text("–" if entry.rank is None else str(entry.rank)),
            Text(evaluation.name),
            Text(evaluation.department),
            Text(f"{float(evaluation.score):5.1f} ") + Text(score_bar(evaluation.score), "green"),
            *groups,
            Text("; ".join(flags), style="yellow" if evaluation.reasons else ""),
        )
    return table


def _caption(ranking: Ranking, *, groups_hidden: bool) -> str:
    scale = ranking.rubric.scale
    parts = [f"Scores 0-100 on the scale {scale.min} to {scale.max}; equal scores share a rank."]
    if groups_hidden:
        parts.append("Group subtotals need a wider terminal (or --format csv).")
    not_eligible = sum(1 for e in ranking.entries if e.rank is None)
    if not_eligible:
        parts.append(f"{not_eligible} not eligible (a must-have trait is below its minimum).")
    if ranking.hidden_eligible or ranking.hidden_ineligible:
        hidden = []
        if ranking.hidden_eligible:
            hidden.append(f"{ranking.hidden_eligible} ranked lower")
        if ranking.hidden_ineligible:
            hidden.append(f"{ranking.hidden_ineligible} not eligible")
        parts.append("Not shown: " + ", ".join(hidden) + ".")
    unused = sorted({t for e in ranking.entries for t in e.evaluation.unused})
    if unused:
        parts.append(
            f"Ratings on {len(unused)} trait(s) outside this rubric are not scored: "
            + ", ".join(unused)
            + "."
        )
    return " ".join(parts)


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
