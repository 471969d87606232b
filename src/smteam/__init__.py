"""smteam: choose the people for a social media team on weighted rubrics, and show why.

A library first, the ``smteam`` command second::

    import smteam

    candidates = smteam.load_candidates("examples/candidates.yaml")
    ranking = smteam.rank(candidates)
    print(ranking.top(3), ranking.to_dict()["candidates"][0]["score"])

Every name in ``__all__`` is imported only when first used (PEP 562), so ``import smteam``
costs next to nothing and pulls in neither typer, rich nor pydantic.

The layout is a pipeline; a module imports only from its own layer and the layers before it:

1. base: ``errors`` (Problem, the SmteamError family), ``choices`` (enums), ``text`` (text
   rules and name keys), ``limits``, ``stdout``. They import no other smteam module.
2. ``reading/``: bytes in, plain values with places out; where inputs come from (``sources``),
   ``yamlfile``, ``csvfile``, ``jsonfile``, ``scalars``, ``wording``.
3. ``checking/``: plain values in, validated models out, every problem placed and worded:
   ``models``, ``rules``, ``placing``, ``documents``, ``plan``, ``departments``, ``schema``.
4. ``scoring/``: models in, frozen results out: ``scores``, ``ranking``, ``plain``,
   ``explain``, ``calibration``, ``team``, ``teamreport``, ``coverage``.
5. ``formats/``: results in, text out; one module per format, ``views`` for the rich views.
6. top: ``api`` (the steps of each command and the library functions), ``writing`` (output
   files, safely), ``starter`` (``smteam init``'s templates); and this package's public names.
7. the command: ``cli`` imports only ``smteam`` itself (these public names), typer and rich;
   ``launch`` and ``__main__`` start it.

``tests/test_layout.py`` fails on an import against this order.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (10 ms at start-up)

__version__ = "1.0.0"

_WHERE: dict[str, str] = {
    # the library
    "load_rubric": "api",
    "load_candidates": "api",
    "rank": "api",
    "explain": "api",
    "calibrate": "api",
    "builtin_rubrics": "api",
    "Inline": "api",
    "Candidates": "api",
    "Ranking": "scoring.ranking",
    "Explanation": "scoring.explain",
    "Calibration": "scoring.calibration",
    "TeamReport": "scoring.teamreport",
    "CoverageReport": "scoring.coverage",
    "Rubric": "checking.models",
    "Candidate": "checking.models",
    "Problem": "errors",
    "SmteamError": "errors",
    "InputError": "errors",
    "RubricError": "errors",
    "UsageError": "errors",
    "OutputError": "errors",
    "Aggregate": "choices",
    "MissingPolicy": "choices",
    "InputFormat": "choices",
    "OutputFormat": "choices",
    "TeamFormat": "choices",
    "ViewFormat": "choices",
    "SchemaKind": "choices",
    # each command's steps, from file names, as the command line runs them
    "RankOptions": "api",
    "TeamOptions": "api",
    "rank_inputs": "api",
    "validate_inputs": "api",
    "explain_candidate": "api",
    "calibrate_inputs": "api",
    "team_inputs": "api",
    "coverage_inputs": "api",
    "rubric_from_command_line": "api",
    "stability_settings": "api",
    "compare_inputs": "api",
    "reliability_inputs": "api",
    "report_inputs": "api",
    "StabilitySettings": "scoring.stability",
    "stability_shortfall": "scoring.stability",
    "reliability_shortfall": "scoring.reliability",
    "comparison_text": "formats.comparison",
    "reliability_document": "formats.reliability",
    "reliability_view": "formats.reliability",
    "bar_shortfall": "scoring.ranking",
    "coverage_shortfall": "scoring.coverage",
    "DEPARTMENTS": "checking.departments",
    "json_schema": "checking.schema",
    "PLAN_FILE": "checking.plan",
    "STARTER_PLAN": "checking.plan",
    "CANDIDATES_FILE": "starter",
    "RUBRIC_FILE": "starter",
    "RUBRIC_TEMPLATE": "starter",
    "starter_candidates": "starter",
    # output: formats, views, files and standard output
    "EXTENSIONS": "formats",
    "FormatOptions": "formats",
    "format_ranking": "formats",
    "format_ranking_parts": "formats",
    "format_ranking_encoded": "formats",
    "format_team": "formats.team",
    "format_coverage": "formats.coverage",
    "report_html": "formats.html",
    "to_text": "formats.sections",
    "explanation_view": "formats.views",
    "calibration_view": "formats.views",
    "rubric_view": "formats.views",
    "rubrics_table": "formats.views",
    "format_explanation": "formats.views",
    "format_calibration": "formats.views",
    "format_rubric": "formats.views",
    "format_rubrics": "formats.views",
    "write_output": "writing",
    "write_new": "writing",
    "write_stdout": "stdout",
    "silence": "stdout",
    "collector_paused": "reading.yamlfile",
    "terminal_safe": "errors",
    "json_safe": "errors",
}

__all__ = [  # the same names as _WHERE's: a literal list, for type checkers and linters
    "__version__",
    "load_rubric",
    "load_candidates",
    "rank",
    "explain",
    "calibrate",
    "builtin_rubrics",
    "Inline",
    "Candidates",
    "Ranking",
    "Explanation",
    "Calibration",
    "TeamReport",
    "CoverageReport",
    "Rubric",
    "Candidate",
    "Problem",
    "SmteamError",
    "InputError",
    "RubricError",
    "UsageError",
    "OutputError",
    "Aggregate",
    "MissingPolicy",
    "InputFormat",
    "OutputFormat",
    "TeamFormat",
    "ViewFormat",
    "SchemaKind",
    "RankOptions",
    "TeamOptions",
    "rank_inputs",
    "validate_inputs",
    "explain_candidate",
    "calibrate_inputs",
    "team_inputs",
    "coverage_inputs",
    "rubric_from_command_line",
    "stability_settings",
    "compare_inputs",
    "reliability_inputs",
    "report_inputs",
    "StabilitySettings",
    "stability_shortfall",
    "reliability_shortfall",
    "comparison_text",
    "reliability_document",
    "reliability_view",
    "bar_shortfall",
    "coverage_shortfall",
    "DEPARTMENTS",
    "json_schema",
    "PLAN_FILE",
    "STARTER_PLAN",
    "CANDIDATES_FILE",
    "RUBRIC_FILE",
    "RUBRIC_TEMPLATE",
    "starter_candidates",
    "EXTENSIONS",
    "FormatOptions",
    "format_ranking",
    "format_ranking_parts",
    "format_ranking_encoded",
    "format_team",
    "format_coverage",
    "report_html",
    "to_text",
    "explanation_view",
    "calibration_view",
    "rubric_view",
    "rubrics_table",
    "format_explanation",
    "format_calibration",
    "format_rubric",
    "format_rubrics",
    "write_output",
    "write_new",
    "write_stdout",
    "silence",
    "collector_paused",
    "terminal_safe",
    "json_safe",
]


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'smteam' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"smteam.{module}"), name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


if TYPE_CHECKING:  # what the names above are, for type checkers; never run
    from smteam.api import (
        Candidates,
        Inline,
        RankOptions,
        TeamOptions,
        builtin_rubrics,
        calibrate,
        calibrate_inputs,
        compare_inputs,
        coverage_inputs,
        explain,
        explain_candidate,
        load_candidates,
        load_rubric,
        rank,
        rank_inputs,
        reliability_inputs,
        report_inputs,
        rubric_from_command_line,
        stability_settings,
        team_inputs,
        validate_inputs,
    )
    from smteam.checking.departments import DEPARTMENTS
    from smteam.checking.models import Candidate, Rubric
    from smteam.checking.plan import PLAN_FILE, STARTER_PLAN
    from smteam.checking.schema import json_schema
    from smteam.choices import (
        Aggregate,
        InputFormat,
        MissingPolicy,
        OutputFormat,
        SchemaKind,
        TeamFormat,
        ViewFormat,
    )
    from smteam.errors import (
        InputError,
        OutputError,
        Problem,
        RubricError,
        SmteamError,
        UsageError,
        json_safe,
        terminal_safe,
    )
    from smteam.formats import (
        EXTENSIONS,
        FormatOptions,
        format_ranking,
        format_ranking_encoded,
        format_ranking_parts,
    )
    from smteam.formats.comparison import comparison_text
    from smteam.formats.coverage import format_coverage
    from smteam.formats.html import report_html
    from smteam.formats.reliability import reliability_document, reliability_view
    from smteam.formats.sections import to_text
    from smteam.formats.team import format_team
    from smteam.formats.views import (
        calibration_view,
        explanation_view,
        format_calibration,
        format_explanation,
        format_rubric,
        format_rubrics,
        rubric_view,
        rubrics_table,
    )
    from smteam.reading.yamlfile import collector_paused
    from smteam.scoring.calibration import Calibration
    from smteam.scoring.coverage import CoverageReport, coverage_shortfall
    from smteam.scoring.explain import Explanation
    from smteam.scoring.ranking import Ranking, bar_shortfall
    from smteam.scoring.reliability import reliability_shortfall
    from smteam.scoring.stability import StabilitySettings, stability_shortfall
    from smteam.scoring.teamreport import TeamReport
    from smteam.starter import CANDIDATES_FILE, RUBRIC_FILE, RUBRIC_TEMPLATE, starter_candidates
    from smteam.stdout import silence, write_stdout
    from smteam.writing import write_new, write_output
