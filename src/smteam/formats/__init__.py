"""Formats: results in, text out. One module per format, each a pure function from a ranking
(or a team, a coverage report) to text; ``views`` builds what ``explain``, ``raters`` and
``rubrics`` print as blocks, which ``blocks`` lays out as a table, text or Markdown. The same
result always gives the same text.

May import: the base modules, ``smteam.reading``, ``smteam.checking`` and ``smteam.scoring``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from smteam.choices import OutputFormat
from smteam.scoring.ranking import Ranking

EXTENSIONS: Final = {
    ".csv": OutputFormat.CSV,
    ".json": OutputFormat.JSON,
    ".jsonl": OutputFormat.JSONL,
    ".md": OutputFormat.MARKDOWN,
    ".markdown": OutputFormat.MARKDOWN,
    ".txt": OutputFormat.TEXT,
}
"""The format a file name asks for when ``--format`` is not given."""


@dataclass(frozen=True, slots=True)
class FormatOptions:
    """How to lay the text out: the width of a table, colour codes or not, an Excel BOM, and
    for CSV, one row per rater and trait (``per_rater``) instead of one per candidate."""

    width: int = 100
    color: bool = False
    excel: bool = False
    per_rater: bool = False


def format_ranking_parts(
    ranking: Ranking, fmt: OutputFormat, options: FormatOptions
) -> Iterator[str]:
    """:func:`format_ranking`'s text in parts, for a file written as it is made: a big CSV
    export tens of thousands of lines at a time, every other format whole."""
    if fmt is OutputFormat.CSV and not options.per_rater:
        from smteam.formats.delimited import ranking_csv_parts

        yield from ranking_csv_parts(ranking, excel=options.excel)
    else:
        yield format_ranking(ranking, fmt, options)


def format_ranking_encoded(
    ranking: Ranking, fmt: OutputFormat, options: FormatOptions
) -> Iterator[bytes]:
    """:func:`format_ranking_parts` in UTF-8, as a file is written (a big CSV export's lines
    are made as bytes, and go to the file as they are)."""
    if fmt is OutputFormat.CSV and not options.per_rater:
        from smteam.formats.delimited import ranking_csv_encoded

        yield from ranking_csv_encoded(ranking, excel=options.excel)
    else:
        yield format_ranking(ranking, fmt, options).encode()


def format_ranking(ranking: Ranking, fmt: OutputFormat, options: FormatOptions) -> str:
    """The ranking as ``fmt``; each format's module is imported only when it is used."""
    if fmt is OutputFormat.TABLE:
        from smteam.formats.table import table_text

        return table_text(ranking, width=options.width, color=options.color)
    if fmt is OutputFormat.TEXT:
        from smteam.formats.text import ranking_text

        return ranking_text(ranking)
    if fmt is OutputFormat.CSV:
        from smteam.formats.delimited import ranking_csv, ranking_per_rater_csv

        if options.per_rater:
            return ranking_per_rater_csv(ranking, excel=options.excel)
        return ranking_csv(ranking, excel=options.excel)
    if fmt is OutputFormat.JSON:
        from smteam.formats.jsonfile import ranking_json

        return ranking_json(ranking)
    if fmt is OutputFormat.JSONL:
        from smteam.formats.jsonfile import ranking_jsonl

        return ranking_jsonl(ranking)
    if fmt is OutputFormat.MARKDOWN:
        from smteam.formats.markdown import ranking_markdown

        return ranking_markdown(ranking)
    raise AssertionError(f"no formatter for {fmt}")  # the enum and this function must agree
