"""The ranking as a rich table for people at a terminal: score bars, colour, columns that
fit the width.

Every piece of user text goes in as :class:`rich.text.Text`, never as markup, so a name like
``[bold]Kim`` is shown as written, and escaped first (:func:`smteam.errors.terminal_safe`), so
no name can send codes to the terminal or reorder what follows it.
"""

from __future__ import annotations

from typing import Final

from rich import box
from rich.table import Table
from rich.text import Text

from smteam.errors import terminal_safe
from smteam.formats.columns import (
    caption,
    flags,
    has_departments,
    has_panel,
    has_tally,
    panel_says,
)
from smteam.formats.views import to_text
from smteam.scoring.ranking import Ranking
from smteam.scoring.scores import shown

_EIGHTHS: Final = " ▏▎▍▌▋▊▉"
BAR_WIDTH: Final = 8


def score_bar(score: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells filled in proportion to a 0-100 score, in eighths of a cell."""
    eighths = round(score / 100 * width * 8)
    full, part = divmod(max(0, min(eighths, width * 8)), 8)
    bar = "█" * full + (_EIGHTHS[part] if part else "")
    return bar.ljust(width)


def _points(value: float | None) -> str:
    return "–" if value is None else f"{shown(value):.1f}"


NAME_WIDTH: Final = 24
DEPARTMENT_WIDTH: Final = 20
FLAGS_WIDTH: Final = 24
DEPARTMENT_CUTS: Final = (DEPARTMENT_WIDTH, 16, 12)
"""How short a department may be cut, in turn, to keep the group subtotals."""


def _group_header(group: str) -> str:
    return group.replace("-", " ")


def ranking_table(ranking: Ranking, width: int = 120) -> Table:
    """Rank, name, department, score with a bar, one column per group, and flags.

    Group subtotals are left out (and the caption says so) when ``width`` cannot hold them.
    """
    # The first layout that fits, most kept first: subtotals matter more than the rest of a
    # long department name, which is cut shorter before the subtotals go.
    layouts = [
        (True, None),
        *((True, cut) for cut in DEPARTMENT_CUTS),
        (False, None),
        *((False, cut) for cut in DEPARTMENT_CUTS),
    ]
    for groups, department_width in layouts:
        if groups and not ranking.rubric.groups:
            continue
        if _table_width(ranking, groups=groups, department_width=department_width) <= width:
            return _ranking_table(ranking, show_groups=groups, department_width=department_width)
    return _ranking_table(ranking, show_groups=False, department_width=DEPARTMENT_CUTS[-1])


def _table_width(
    ranking: Ranking, *, groups: bool, department_width: int | None = DEPARTMENT_WIDTH
) -> int:
    """How wide the table is with its columns at their natural width (no word broken)."""
    entries = [entry.evaluation for entry in ranking.entries]
    words = [
        len(w)
        for remarks in flags(ranking)
        for remark in remarks
        for w in terminal_safe(remark).split()
    ]
    columns = [
        4,
        min(NAME_WIDTH, max((len(terminal_safe(e.name)) for e in entries), default=4)),
        6 + BAR_WIDTH,
    ]
    if words:
        columns.append(min(FLAGS_WIDTH, max(words)))
    if has_departments(ranking):
        longest = max([10, *(len(terminal_safe(e.department)) for e in entries)])
        columns.append(longest if department_width is None else min(department_width, longest))
    if has_panel(ranking):
        columns.append(6)
    if has_tally(ranking):
        columns.append(max((len(panel_says(e)) for e in entries), default=5))
    if groups:
        columns.extend(_group_width(group) for group in ranking.rubric.groups)
    if ranking.stability is not None:
        columns += [6, 9, 9, 9]  # P(1st), P(top N), Mean rank, 90% ranks
    # Each column has a space of padding on each side, and a space between columns.
    return sum(columns) + 3 * (len(columns) - 1) + 2


def _group_width(group: str) -> int:
    return max(5, *map(len, _group_header(group).split()))


def _ranking_table(
    ranking: Ranking, *, show_groups: bool, department_width: int | None = DEPARTMENT_WIDTH
) -> Table:
    rubric = ranking.rubric
    all_flags = [[terminal_safe(remark) for remark in remarks] for remarks in flags(ranking)]
    words = [len(word) for remarks in all_flags for remark in remarks for word in remark.split()]
    groups_hidden = bool(rubric.groups) and not show_groups
    table = Table(
        title=Text(terminal_safe(f"{rubric.title} ({rubric.name})")),
        caption=Text(terminal_safe(_caption(ranking, groups_hidden=groups_hidden))),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("Rank", justify="right", no_wrap=True)
    table.add_column("Name", no_wrap=True, overflow="ellipsis", max_width=NAME_WIDTH)
    departments, panel, tally = has_departments(ranking), has_panel(ranking), has_tally(ranking)
    if departments:
        table.add_column(
            "Department", no_wrap=True, overflow="ellipsis", max_width=department_width
        )
    if panel:
        table.add_column("Raters", justify="right", no_wrap=True)
    table.add_column("Score", no_wrap=True)
    if tally:  # as wide as its longest word at least: "strong", never "s…"
        says = [len(w) for e in ranking.entries for w in panel_says(e.evaluation).split()]
        table.add_column("Panel says", min_width=max(says, default=5))
    if show_groups:
        for group in rubric.groups:
            narrow = _group_width(group)
            table.add_column(
                Text(terminal_safe(_group_header(group))),
                justify="right",
                min_width=narrow,
                max_width=narrow,
            )
    stability = ranking.stability
    if stability is not None:
        from smteam.formats.stability import summary_cells, summary_header

        for header in summary_header(stability):
            table.add_column(header, justify="right", no_wrap=True)
    if words:  # an empty Flags column would only take room
        table.add_column("Flags", min_width=min(FLAGS_WIDTH, max(words)), overflow="fold")
    for entry, remarks in zip(ranking.entries, all_flags, strict=True):
        evaluation = entry.evaluation
        groups = [Text(_points(score)) for score in evaluation.group_scores] if show_groups else []
        table.add_row(
            Text("–" if entry.rank is None else str(entry.rank)),
            Text(terminal_safe(evaluation.name)),
            *([Text(terminal_safe(evaluation.department))] if departments else []),
            *([Text(str(evaluation.raters))] if panel else []),
            Text(f"{shown(evaluation.score):5.1f} ") + Text(score_bar(evaluation.score), "green"),
            *([Text(panel_says(evaluation))] if tally else []),
            *groups,
            *(
                [Text(cell) for cell in summary_cells(stability, evaluation.name, "–")]
                if stability is not None
                else []
            ),
            *(
                [Text("; ".join(remarks), style="yellow" if evaluation.reasons else "")]
                if words
                else []
            ),
        )
    return table


def _caption(ranking: Ranking, *, groups_hidden: bool) -> str:
    text = caption(ranking)
    if groups_hidden:
        text += " Group subtotals need a wider terminal (or --format csv)."
    return text


def table_text(ranking: Ranking, *, width: int, color: bool) -> str:
    """The table as text ``width`` columns wide, with colour codes only when ``color``."""
    return to_text(ranking_table(ranking, width), width=width, color=color)
