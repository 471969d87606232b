"""The fixed choices of the command line, kept apart so that ``smteam --help`` can name them
without importing the heavy core."""

from __future__ import annotations

from enum import StrEnum


class MissingPolicy(StrEnum):
    """What to do with a trait a candidate has no rating for."""

    ERROR = "error"
    """Refuse the file (the default): every trait of the rubric must be rated."""
    SKIP = "skip"
    """Score over the rated traits only, and show the coverage."""
    MIN = "min"
    """Count the missing rating at the bottom of the scale."""


class InputFormat(StrEnum):
    """What standard input (``-``) holds; a file's extension says it for a file."""

    YAML = "yaml"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


class Aggregate(StrEnum):
    """How a panel's ratings of one trait become one rating."""

    MEAN = "mean"
    MEDIAN = "median"


class OutputFormat(StrEnum):
    """How ``smteam rank`` writes the ranking."""

    TABLE = "table"
    """A table for a terminal, with score bars and colour (the default on a terminal)."""
    TEXT = "text"
    """Plain aligned columns, no colour codes (the default when output is not a terminal)."""
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


class SchemaKind(StrEnum):
    """Which file ``smteam schema`` describes."""

    CANDIDATES = "candidates"
    RUBRIC = "rubric"
    PLAN = "plan"


class ViewFormat(StrEnum):
    """How ``smteam explain``, ``raters``, ``rubrics`` and ``rubrics show`` write their report."""

    TABLE = "table"
    """Tables for a terminal (the default on a terminal)."""
    TEXT = "text"
    """Plain aligned text, no colour codes, no box drawing (the default anywhere else)."""
    MARKDOWN = "markdown"
    JSON = "json"


class TeamFormat(StrEnum):
    """How ``smteam team`` and ``smteam coverage`` write their report."""

    TABLE = "table"
    TEXT = "text"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"
