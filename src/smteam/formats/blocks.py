"""Reports made of lines, lists and tables (``explain``, ``raters``, ``rubrics``), each laid
out three ways from the same blocks: rich tables for a terminal, plain aligned text to paste
into a document, and GitHub Markdown. What a report says is decided once, where its blocks are
built; here it is only laid out.

Blocks hold user text as written: each layout makes it safe its own way (escapes for a
terminal, :func:`smteam.formats.markdown.escape` for Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from rich.cells import cell_len

from smteam.errors import terminal_safe
from smteam.formats.sections import Section, aligned

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult


@dataclass(frozen=True, slots=True)
class Line:
    """A line (a paragraph in Markdown); ``multiline`` text keeps its line breaks."""

    text: str
    strong: bool = False
    multiline: bool = False


@dataclass(frozen=True, slots=True)
class Items:
    """A line that introduces items, one per line: indented in text, a list in Markdown."""

    title: str
    items: Sequence[str]


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: a header, rows of text cells, which columns are right-aligned; a title above,
    a caption below, and a total row set apart from the others."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    right: Sequence[bool]
    title: str = ""
    caption: str = ""
    total: Sequence[str] = ()
    styles: Mapping[tuple[int, int], str] = field(default_factory=dict)
    """The rich style of the cell at (row, column), for a colour terminal only; the total row
    is row ``len(rows)``."""


Block = Line | Items | Grid

_BLOCK_START: Final = re.compile(r"[#+=-]|\d{1,9}[.)]")
"""What at the start of a Markdown paragraph or list item makes it something else."""


def _aligned(grid: Grid) -> list[str]:
    """The grid as columns two spaces apart, and a rule above the total, as wide as the
    table."""
    rows = [grid.header, *grid.rows, *([grid.total] if grid.total else [])]
    safe = [[terminal_safe(cell) for cell in row] for row in rows]
    lines = aligned(Section("", safe[0], safe[1:], list(grid.right)))
    if grid.total:
        lines.insert(len(lines) - 1, "-" * max(map(cell_len, lines)))
    return lines


def blocks_text(blocks: Sequence[Block]) -> str:
    """Plain text: aligned columns two spaces apart, no colour, no box drawing, nothing cut
    short; a blank line around each table."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Line):
            if block.text or (lines and lines[-1]):  # one blank line between parts, not two
                lines.append(terminal_safe(block.text, multiline=block.multiline))
        elif isinstance(block, Items):
            lines.append(terminal_safe(block.title))
            lines += [f"  {terminal_safe(item)}" for item in block.items]
        else:
            if lines and lines[-1]:
                lines.append("")
            if block.title:
                lines.append(terminal_safe(block.title))
            lines += _aligned(block)
            if block.caption:
                lines += ["", terminal_safe(block.caption)]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def blocks_markdown(blocks: Sequence[Block]) -> str:
    """GitHub Markdown: the first line a heading, the others paragraphs, items a list, a grid
    a table; text escaped so that nothing in it becomes a link, a mention, HTML or a column."""
    from smteam.formats.markdown import escape

    def paragraph(text: str) -> str:
        shown = escape(text, in_table=False)
        found = _BLOCK_START.match(shown)
        if found is None:
            return shown
        # "# x", "- x", "1. x" at the start would make a heading or a list of user text.
        return shown[: found.end() - 1] + "\\" + shown[found.end() - 1 :]

    out: list[str] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Line):
            text = paragraph(block.text)
            if index == 0:
                out.append(f"### {text}")
            else:
                out.append(f"**{text}**" if block.strong and text else text)
        elif isinstance(block, Items):
            out.append(paragraph(block.title))
            out.append("\n".join(f"- {paragraph(item)}" for item in block.items))
        else:
            table = []
            if block.title:
                out.append(f"**{paragraph(block.title)}**")
            table.append("| " + " | ".join(map(escape, block.header)) + " |")
            table.append("| " + " | ".join("---:" if r else "---" for r in block.right) + " |")
            for row in [*block.rows, *([block.total] if block.total else [])]:
                table.append("| " + " | ".join(map(escape, row)) + " |")
            out.append("\n".join(table))
            if block.caption:
                out.append(paragraph(block.caption))
    return "\n\n".join(part for part in out if part) + "\n"


def blocks_renderable(blocks: Sequence[Block]) -> RenderableType:
    """The blocks as one rich renderable: user text as :class:`rich.text.Text`, never markup,
    and escaped."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Line):
            shown = terminal_safe(block.text, multiline=block.multiline)
            parts.append(Text(shown, style="bold" if block.strong else ""))
        elif isinstance(block, Items):
            # One piece of text however many items: thousands of raters take time and space in
            # proportion to them.
            lines = [terminal_safe(block.title), *(f"  {terminal_safe(i)}" for i in block.items)]
            parts.append(Text("\n".join(lines)))
        else:
            parts.append(_FittedTable(block))
    return Group(*parts)


def _narrowed(widths: list[int], floor: list[int], room: int) -> list[int]:
    """``widths`` less, a column at a time from the widest, none below its ``floor``, until
    they fit ``room`` or cannot narrow further."""
    widths = list(widths)
    excess = sum(widths) - room
    while excess > 0:
        narrowable = [i for i, width in enumerate(widths) if width > floor[i]]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def _fitted(natural: list[int], least: list[int], right: Sequence[bool], room: int) -> list[int]:
    """Column widths that fit ``room``: the widest column that can still wrap between words
    gives up a column at a time, none below its longest word; only where even that is too
    wide are words folded: those of text first, numbers last."""
    widths = _narrowed(natural, least, room)
    widths = _narrowed(widths, [w if r else 1 for w, r in zip(least, right, strict=True)], room)
    return _narrowed(widths, [1] * len(widths), room)


class _FittedTable:
    """A grid as a rich table laid out at the width it is printed at: columns wrap between
    words, the widest first, and never within a word (so a number is never split) while the
    words fit; a terminal too narrow even for that gets its longest words folded, and never
    loses a column."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        grid = self.grid

        def cell(value: str, style: str = "") -> Text:
            return Text(terminal_safe(value), style=style)

        rows = [*grid.rows, *([grid.total] if grid.total else [])]
        columns = [
            [terminal_safe(text) for text in (name, *(row[i] for row in rows))]
            for i, name in enumerate(grid.header)
        ]
        natural = [max(map(cell_len, texts)) for texts in columns]
        least = [
            max((cell_len(word) for text in texts for word in text.split()), default=0)
            for texts in columns
        ]
        # Each column has a space of padding either side, and one between two columns.
        room = options.max_width - 3 * len(columns) + 1
        widths = _fitted(natural, least, grid.right, room)
        table = Table(
            title=cell(grid.title) if grid.title else None,
            caption=cell(grid.caption) if grid.caption else None,
            caption_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        for index, (name, right) in enumerate(zip(grid.header, grid.right, strict=True)):
            table.add_column(
                cell(name),
                justify="right" if right else "left",
                width=widths[index],
                overflow="fold",
            )
        for index, row in enumerate(rows):
            if grid.total and index == len(grid.rows):
                table.add_section()
            styles = grid.styles
            table.add_row(*(cell(text, styles.get((index, i), "")) for i, text in enumerate(row)))
        yield table
