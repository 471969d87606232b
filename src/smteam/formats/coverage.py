"""A coverage report in each output format: a skill x department matrix of holders, with the
holders per skill, how many must leave before nobody holds it, and a flag for thin skills."""

from __future__ import annotations

import json
from typing import Any, Final

from smteam.choices import TeamFormat
from smteam.formats import FormatOptions
from smteam.formats.delimited import EXCEL_BOM, _csv_line, safe_text
from smteam.formats.sections import Section, sections_markdown, sections_table, sections_text
from smteam.scoring.coverage import CoverageReport


def coverage_document(report: CoverageReport) -> dict[str, Any]:
    """The report as plain JSON values."""
    return {
        "rubric": {"name": report.rubric.name, "title": report.rubric.title},
        "level": report.level,
        "people": report.people,
        "skills": [
            {
                "skill": s.skill,
                "label": s.label,
                "holders": s.count,
                "to_lose": s.to_lose,
                "flag": s.flag or None,
                "departments": dict(zip(report.departments, s.by_department, strict=True)),
                "names": list(s.holders),
            }
            for s in report.skills
        ],
    }


def headline(report: CoverageReport) -> str:
    return (
        f"Skills of {report.rubric.title} ({report.rubric.name}) held at {report.level} or more, "
        f"across {report.people} {'person' if report.people == 1 else 'people'}"
    )


SHORT: Final = {
    "PR and Corporate Communications": "PR",
    "Marketing": "Marketing",
    "Customer Service": "Service",
    "Business Development / Sales": "Sales",
    "Brand Management": "Brand",
    "Product Development": "Product",
    "Executive Team": "Executive",
}
"""Column headings short enough for a terminal (each is a name `smteam departments` knows)."""


def _heat(report: CoverageReport) -> Section:
    skip = 1  # the skill's name
    counts = [list(s.by_department) for s in report.skills]

    def style(row: int, column: int) -> str:
        if column < skip or column - skip >= len(report.departments):
            return ""
        value = counts[row][column - skip]
        return "red" if value == 0 else "yellow" if value <= 2 else "green"

    return Section(
        "Holders per department",
        ["Skill", *(SHORT.get(d, d) for d in report.departments), "Holders", "To lose it"],
        [
            [s.label, *map(str, s.by_department), str(s.count), str(s.to_lose)]
            for s in report.skills
        ],
        [False] + [True] * (len(report.departments) + 2),
        style,
    )


CLOSING = (
    "Departments: PR and Corporate Communications, Marketing, Customer Service, Business "
    "Development / Sales, Brand Management, Product Development, Executive Team. To lose it: "
    "how many people must leave before nobody holds the skill."
)


def closing(report: CoverageReport) -> list[str]:
    """The flags for thin skills, then what the columns mean."""
    flags = [f"Thin: {s.label}: {s.flag}." for s in report.skills if s.flag]
    return [*flags, *([""] if flags else []), CLOSING]


def coverage_csv(report: CoverageReport, *, excel: bool = False) -> str:
    header = ["skill", "label", "holders", "to_lose", "flag", *report.departments]
    lines = [_csv_line([safe_text(cell) for cell in header])]
    for s in report.skills:
        lines.append(
            _csv_line(
                [
                    s.skill,
                    safe_text(s.label),
                    str(s.count),
                    str(s.to_lose),
                    safe_text(s.flag),
                    *map(str, s.by_department),
                ]
            )
        )
    return (EXCEL_BOM if excel else "") + "".join(lines)


def format_coverage(report: CoverageReport, fmt: TeamFormat, options: FormatOptions) -> str:
    """The report as ``fmt``."""
    sections = [_heat(report)]
    if fmt is TeamFormat.TABLE:
        return sections_table(
            headline(report), sections, closing(report), width=options.width, color=options.color
        )
    if fmt is TeamFormat.TEXT:
        return sections_text(headline(report), sections, closing(report))
    if fmt is TeamFormat.CSV:
        return coverage_csv(report, excel=options.excel)
    if fmt is TeamFormat.JSON:
        return json.dumps(coverage_document(report), ensure_ascii=False, indent=2) + "\n"
    if fmt is TeamFormat.MARKDOWN:
        return sections_markdown(headline(report), sections, closing(report))
    raise AssertionError(f"no formatter for {fmt}")
