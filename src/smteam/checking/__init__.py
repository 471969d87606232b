"""Checking: plain values in, validated models out, with every problem placed and worded.

``models`` (the pydantic shapes), ``rules`` (what the shapes cannot say: must-haves, ratings
on the scale, one person once), ``placing`` (a pydantic error to its file, line and field),
``documents`` (a whole candidates file or rubric), ``plan`` (a team plan), ``departments`` and
``schema`` (the JSON Schema of each file).

May import: the base modules and ``smteam.reading``.
"""
