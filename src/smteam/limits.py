"""Limits that more than one stage of the pipeline needs: the CSV reader refuses a header wider
than any rubric could be, and the rubric model refuses more traits."""

from __future__ import annotations

from typing import Final

TRAITS_MAX: Final = 1000
"""The most traits a rubric has."""
