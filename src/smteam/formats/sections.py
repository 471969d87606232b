"""Reports made of titled tables of text cells (``team``, ``coverage``), laid out as plain
text, Markdown or rich tables. Cells are text from the report; nothing here computes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table: a header row, rows of cells, which columns are right-aligned, and
    optionally a style per cell for a terminal (a heat map)."""

    title: str
    header: list[str]
    rows: list[list[str]]
    right: list[bool]
    style: Callable[[int, int], str] | None = field(default=None, compare=False)
    """The rich style of the cell at (row, column), for a terminal only."""


def aligned(section: Section) -> list[str]:
    """The section's header and rows as aligned columns, two spaces apart."""
    rows = [section.header, *section.rows]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(section.header))]
    lines = []
    for row in rows:
        cells = []
        for cell, width, right in zip(row, widths, section.right, strict=True):
            pad = " " * (width - cell_len(cell))
            cells.append(pad + cell if right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def sections_text(headline: str, sections: Sequence[Section], closing: Sequence[str]) -> str:
    """Plain text: the headline, each section's title and columns, the closing lines."""
    lines = [headline, ""]
    for section in sections:
        lines += [section.title, *aligned(section), ""]
    lines += closing
    return "\n".join(lines).rstrip("\n") + "\n"


def sections_markdown(headline: str, sections: Sequence[Section], closing: Sequence[str]) -> str:
    """GitHub Markdown: a heading, a table per section, the closing lines; text escaped."""
    from smteam.formats.markdown import escape

    lines = [f"### {escape(headline)}", ""]
    for section in sections:
        lines += [
            f"**{escape(section.title)}**",
            "",
            "| " + " | ".join(map(escape, section.header)) + " |",
            "| " + " | ".join("---:" if r else "---" for r in section.right) + " |",
            *("| " + " | ".join(map(escape, row)) + " |" for row in section.rows),
            "",
        ]
    lines += [escape(line) for line in closing]
    return "\n".join(lines).rstrip("\n") + "\n"


def sections_table(
    headline: str, sections: Sequence[Section], closing: Sequence[str], *, width: int, color: bool
) -> str:
    """Rich tables for a terminal; user text goes in as Text, never as markup."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Text | Table] = [Text(headline, style="bold")]
    for section in sections:
        table = Table(
            title=Text(section.title), title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1)
        )
        for column, (name, right) in enumerate(zip(section.header, section.right, strict=True)):
            # Wrapped or folded when the terminal is narrow, never cut short; the first
            # column (what each row is about) is kept on one line.
            table.add_column(
                Text(name),
                justify="right" if right else "left",
                overflow="fold",
                no_wrap=column == 0,
            )
        for row_index, row in enumerate(section.rows):
            table.add_row(
                *(
                    Text(cell, style=section.style(row_index, column) if section.style else "")
                    for column, cell in enumerate(row)
                )
            )
        parts.append(table)
    parts += [Text(line) for line in closing]
    return to_text(Group(*parts), width=width, color=color)


def to_text(renderable: RenderableType, *, width: int, color: bool) -> str:
    """What rich would print, as text ``width`` columns wide; colour codes only if ``color``."""
    import io

    from rich.console import Console

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
