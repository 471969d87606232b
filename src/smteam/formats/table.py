"""The ranking as a rich table for people at a terminal: score bars, colour, columns that
fit the width.

Every piece of user text goes in as :class:`rich.text.Text`, never as markup, so a name like
``[bold]Kim`` is shown as written, and escaped first (:func:`smteam.errors.terminal_safe`), so
no name can send codes to the terminal or reorder what follows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Final

from rich import box
from rich.cells import cell_len
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
from smteam.formats.sections import to_text
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
DEPARTMENT_CUTS: Final = (DEPARTMENT_WIDTH, 16, 12)
"""How short a department may be cut, in turn, to keep the group subtotals."""
NAME_CUTS: Final = (12, 8)
"""How short a name may be cut, in turn, on a narrow terminal."""


def _group_header(group: str) -> str:
    return group.replace("-", " ")


def _group_width(group: str) -> int:
    return max(5, *map(len, _group_header(group).split()))


@dataclass(frozen=True, slots=True)
class Layout:
    """Which columns a table shows, and how far names and departments are cut (None: not
    cut)."""

    groups: bool = True
    department: bool = True
    department_width: int | None = None
    tally: bool = True
    raters: bool = True
    bar: bool = True
    stability: bool = True
    flags: bool = True
    name_width: int = NAME_WIDTH


def layouts(ranking: Ranking) -> Iterator[Layout]:
    """Every layout, most kept first. The group subtotals matter more than the rest of a long
    department name, which is cut shorter before the subtotals go; then, on a narrow terminal,
    columns go one by one, the least needed first: the department, the score bar (the score
    stays), the panel's tally, the number of raters, the stability columns, the rest of a long
    name, the flags, and more of the name."""
    for groups in (True, False):
        if groups and not ranking.rubric.groups:
            continue
        yield Layout(groups=groups)
        for cut in DEPARTMENT_CUTS:
            yield Layout(groups=groups, department_width=cut)
    narrow = Layout(groups=False, department_width=DEPARTMENT_CUTS[-1])
    for change in (
        {"department": False},
        {"bar": False},
        {"tally": False},
        {"raters": False},
        {"stability": False},
        {"name_width": NAME_CUTS[0]},
        {"flags": False},
        {"name_width": NAME_CUTS[1]},
    ):
        narrow = replace(narrow, **change)
        yield narrow


@dataclass(frozen=True, slots=True)
class _Widths:
    """A layout's columns measured: those that never wrap, and Flags, which wraps between
    words, at its narrowest (its longest word) and in full (0 when there is no Flags column)."""

    fixed: list[int]
    flags_least: int = 0
    flags_most: int = 0

    def total(self, flags: int) -> int:
        """The table's width with the Flags column ``flags`` wide."""
        columns = [*self.fixed, *([flags] if self.flags_most else [])]
        # Each column has a space of padding on each side, and a space between columns.
        return sum(columns) + 3 * (len(columns) - 1) + 2


def _longest_word(texts: Iterable[str], header: str) -> int:
    return max([*map(len, header.split()), *(cell_len(w) for t in texts for w in t.split())])


def _measure(ranking: Ranking, layout: Layout, flag_texts: list[str]) -> _Widths:
    """Each column's width in ``layout`` as rich lays it out in full (names and departments
    as far as the layout cuts them)."""
    entries = [entry.evaluation for entry in ranking.entries]
    ranks = [len(str(entry.rank)) for entry in ranking.entries if entry.rank is not None]
    names = [cell_len(terminal_safe(e.name)) for e in entries]
    fixed = [
        max([4, *ranks]),  # at least as wide as its header
        min(layout.name_width, max([4, *names])),
        6 + BAR_WIDTH if layout.bar else 5,
    ]
    if layout.department and has_departments(ranking):
        longest = max([10, *(cell_len(terminal_safe(e.department)) for e in entries)])
        cut = layout.department_width
        fixed.append(longest if cut is None else min(cut, longest))
    if layout.raters and has_panel(ranking):
        fixed.append(max([6, *(len(str(e.raters)) for e in entries)]))
    if layout.tally and has_tally(ranking):
        fixed.append(max([10, *(cell_len(panel_says(e)) for e in entries)]))
    if layout.groups:
        fixed.extend(_group_width(group) for group in ranking.rubric.groups)
    if layout.stability and ranking.stability is not None:
        fixed += [6, 9, 9, 9]  # P(1st), P(top N), Mean rank, 90% ranks
    if not (layout.flags and any(flag_texts)):
        return _Widths(fixed)
    most = max([5, *map(cell_len, flag_texts)])
    return _Widths(fixed, _longest_word(flag_texts, "Flags"), most)


def ranking_table(ranking: Ranking, width: int = 120) -> Table:
    """Rank, name, department, score with a bar, one column per group, and flags: the first
    layout (see :func:`layouts`) that fits ``width`` with no word broken across lines. What a
    layout leaves out, the caption names."""
    all_flags = [[terminal_safe(remark) for remark in remarks] for remarks in flags(ranking)]
    flag_texts = ["; ".join(remarks) for remarks in all_flags]
    for layout in layouts(ranking):
        measured = _measure(ranking, layout, flag_texts)
        if measured.total(measured.flags_least) <= width:
            break
    flags_width = None
    if measured.flags_most and measured.total(measured.flags_most) > width:
        # Left to itself, rich would narrow Flags (and the other columns) below their longest
        # word: Flags gets the room that is left, which is at least its longest word.
        room = width - measured.total(0)
        flags_width = max(measured.flags_least, room)
    return _ranking_table(ranking, layout, all_flags, flags_width)


def _ranking_table(
    ranking: Ranking, layout: Layout, all_flags: list[list[str]], flags_width: int | None
) -> Table:
    rubric = ranking.rubric
    show_flags = layout.flags and any(all_flags)
    table = Table(
        title=Text(terminal_safe(f"{rubric.title} ({rubric.name})")),
        caption=Text(terminal_safe(_caption(ranking, layout))),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("Rank", justify="right", no_wrap=True)
    table.add_column("Name", no_wrap=True, overflow="ellipsis", max_width=layout.name_width)
    departments = layout.department and has_departments(ranking)
    panel = layout.raters and has_panel(ranking)
    tally = layout.tally and has_tally(ranking)
    if departments:
        table.add_column(
            "Department", no_wrap=True, overflow="ellipsis", max_width=layout.department_width
        )
    if panel:
        table.add_column("Raters", justify="right", no_wrap=True)
    table.add_column("Score", no_wrap=True)
    if tally:  # in full: the tally is short, and a word cut ("s…") says nothing
        table.add_column("Panel says", no_wrap=True)
    show_groups = layout.groups and bool(rubric.groups)
    if show_groups:
        for group in rubric.groups:
            narrow = _group_width(group)
            table.add_column(
                Text(terminal_safe(_group_header(group))),
                justify="right",
                min_width=narrow,
                max_width=narrow,
            )
    stability = ranking.stability if layout.stability else None
    if stability is not None:
        from smteam.formats.stability import summary_cells, summary_header

        for header in summary_header(stability):
            table.add_column(header, justify="right", no_wrap=True)
    if show_flags:  # an empty Flags column would only take room
        table.add_column("Flags", width=flags_width, overflow="fold")
    for entry, remarks in zip(ranking.entries, all_flags, strict=True):
        evaluation = entry.evaluation
        groups = [Text(_points(score)) for score in evaluation.group_scores] if show_groups else []
        score = Text(f"{shown(evaluation.score):5.1f}")
        if layout.bar:
            score += Text(" ") + Text(score_bar(evaluation.score), "green")
        table.add_row(
            Text("–" if entry.rank is None else str(entry.rank)),
            Text(terminal_safe(evaluation.name)),
            *([Text(terminal_safe(evaluation.department))] if departments else []),
            *([Text(str(evaluation.raters))] if panel else []),
            score,
            *([Text(panel_says(evaluation))] if tally else []),
            *groups,
            *(
                [Text(cell) for cell in summary_cells(stability, evaluation.name, "–")]
                if stability is not None
                else []
            ),
            *(
                [Text("; ".join(remarks), style="yellow" if evaluation.reasons else "")]
                if show_flags
                else []
            ),
        )
    return table


def _caption(ranking: Ranking, layout: Layout) -> str:
    text = caption(ranking)
    if ranking.rubric.groups and not layout.groups:
        text += " Group subtotals need a wider terminal (or --format csv)."
    left_out = [
        name
        for name, kept, present in (
            ("Department", layout.department, has_departments(ranking)),
            ("Panel says", layout.tally, has_tally(ranking)),
            ("Raters", layout.raters, has_panel(ranking)),
            ("Stability", layout.stability, ranking.stability is not None),
            ("Flags", layout.flags, any(flags(ranking))),
        )
        if present and not kept
    ]
    if left_out:
        names = ", ".join(left_out[:-1]) + " and " if len(left_out) > 1 else ""
        verb = "need" if len(left_out) > 1 else "needs"
        text += f" {names}{left_out[-1]} {verb} a wider terminal (or --format text)."
    return text


def table_text(ranking: Ranking, *, width: int, color: bool) -> str:
    """The table as text ``width`` columns wide, with colour codes only when ``color``."""
    return to_text(ranking_table(ranking, width), width=width, color=color)
