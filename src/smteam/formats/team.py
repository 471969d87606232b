"""A team report in each output format. The text formats (table, text, markdown) lay out the
same sections: the seats, the bench, the coverage matrix, what the coverage costs and the
next-best teams; CSV has a row per seat holder and per successor; JSON has everything."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from smteam.choices import TeamFormat
from smteam.formats import FormatOptions
from smteam.formats.columns import plain_rating, trait_headers
from smteam.formats.delimited import EXCEL_BOM, _csv_line, safe_text
from smteam.formats.sections import Section, sections_markdown, sections_table, sections_text
from smteam.scoring.scores import show_rating
from smteam.scoring.teamreport import TeamReport


def _number(value: Fraction) -> float:
    return round(float(value), 2)


def _shown(value: Fraction) -> str:
    return f"{float(value):.1f}"


def team_document(report: TeamReport) -> dict[str, Any]:
    """Everything in the report as plain JSON values (scores with two decimals)."""
    cover = report.cover
    skills = list(cover.skills)
    return {
        "status": report.status,
        "rubric": {"name": report.rubric.name, "title": report.rubric.title},
        "total": None if report.total is None else _number(report.total),
        "reasons": list(report.reasons),
        "eligible": report.eligible,
        "seats": [
            {
                "seat": holder.seat.label,
                "name": holder.name,
                "department": holder.department,
                "score": _number(holder.score),
                "rubric": holder.seat.rubric,
            }
            for holder in report.holders
        ],
        "bench": [
            {
                "seat": holder.seat.label,
                "name": successor.name,
                "department": successor.department,
                "score": _number(successor.score),
                "drop": _number(successor.drop),
                "keeps_cover": successor.keeps_cover,
            }
            for holder in report.holders
            for successor in holder.bench
        ],
        "cover": {
            "rubric": report.cover_rubric.name,
            "skills": skills,
            "level": cover.level,
            "people": cover.people or None,
            "robust": cover.robust,
            "holders": dict(zip(skills, report.skill_holders, strict=True))
            if report.skill_holders
            else {},
        },
        "coverage": [
            {
                "name": row.name,
                "ratings": {
                    skill: plain_rating(rating)
                    for skill, rating in zip(skills, row.ratings, strict=True)
                },
                "holds": [skill for skill, held in zip(skills, row.held, strict=True) if held],
            }
            for row in report.matrix
        ],
        "without_cover": None
        if report.uncovered_total is None
        else {
            "total": _number(report.uncovered_total),
            "changed": [
                {"seat": c.seat, "without": c.without, "chosen": c.chosen} for c in report.changes
            ],
        },
        "robust_cost": None if report.robust_cost is None else _number(report.robust_cost),
        "alternatives": [
            {
                "total": _number(alternative.total),
                "seats": [
                    {"seat": seat.label, "name": name}
                    for seat, name in zip(report.seats, alternative.names, strict=True)
                ],
            }
            for alternative in report.alternatives
        ],
    }


def headline(report: TeamReport) -> str:
    """One line: how many seats, the total, and on which rubric."""
    seats = len(report.seats)
    where = f"{report.rubric.title} ({report.rubric.name})"
    if report.total is None:
        return (
            f"No team meets the plan: {seats} seat{'s' if seats != 1 else ''}, "
            f"{report.eligible} eligible candidates, scored on {where}"
        )
    others = [
        f"{seat.label} on {seat.rubric}"
        for seat in report.seats
        if seat.department is None and seat.rubric != report.rubric.name
    ]
    return (
        f"The best team: {seats} seat{'s' if seats != 1 else ''}, total {_shown(report.total)}, "
        f"scored on {where}" + "".join(f"; the {other}" for other in others)
    )


def cover_line(report: TeamReport) -> str:
    """What the coverage asks for, or that it is shown only."""
    cover = report.cover
    if not cover.people:
        return (
            f"Coverage shown, not required: skills of {report.cover_rubric.name}, "
            f"rated {cover.level} or more (*)"
        )
    text = (
        f"Coverage required: every skill of {report.cover_rubric.name} rated {cover.level} or "
        f"more (*) by {cover.people} member{'s' if cover.people != 1 else ''} or more"
    )
    if cover.robust:
        text += ", even after any one member leaves"
    return text


def notes(report: TeamReport) -> list[str]:
    """The closing lines: the cost of coverage and of robustness."""
    lines = []
    if report.uncovered_total is not None and report.total is not None:
        cost = report.uncovered_total - report.total
        if report.changes:
            changed = "; ".join(f"{c.seat}: {c.chosen} for {c.without}" for c in report.changes)
            lines.append(
                f"Coverage costs {_shown(cost)}: the best team without it totals "
                f"{_shown(report.uncovered_total)}. Seats changed: {changed}."
            )
        else:
            lines.append("Coverage costs nothing: the best team without it is the same team.")
    if report.robust_cost is not None:
        lines.append(f"Surviving the loss of any one member costs {_shown(report.robust_cost)}.")
    return lines


def sections(report: TeamReport) -> list[Section]:
    """The report as titled tables of text cells."""
    if report.total is None:
        return [Section("Why", ["Reason"], [[reason] for reason in report.reasons], [False])]
    found = [
        Section(
            "Seats",
            ["Seat", "Name", "Department", "Score"],
            [[h.seat.label, h.name, h.department, _shown(h.score)] for h in report.holders],
            [False, False, False, True],
        )
    ]
    required = bool(report.cover.people)
    bench = []
    for holder in report.holders:
        for s in holder.bench:
            keeps = ["yes" if s.keeps_cover else "no"] if required else []
            bench.append([holder.seat.label, s.name, _shown(s.score), _shown(s.drop), *keeps])
        if not holder.bench and report.bench_size:
            bench.append([holder.seat.label, "nobody", "", "", *([""] if required else [])])
    if bench:
        found.append(
            Section(
                "Bench: who steps in if a holder leaves, and what the seat loses",
                ["Seat", "Successor", "Score", "Drop", *(["Keeps coverage"] if required else [])],
                bench,
                [False, False, True, True, *([False] if required else [])],
            )
        )
    skills = list(report.cover.skills)
    matrix = [
        [
            row.name,
            *(
                show_rating(r) + ("*" if held else "")
                for r, held in zip(row.ratings, row.held, strict=True)
            ),
        ]
        for row in report.matrix
    ]
    matrix.append(["holders", *(str(count) for count in report.skill_holders)])
    labels = {trait.id: trait.label for trait in report.cover.plan.rubric.traits}
    headers = trait_headers([(s, labels[s]) for s in skills], taken=["Member"])
    found.append(
        Section(cover_line(report), ["Member", *headers], matrix, [False] + [True] * len(skills))
    )
    if report.alternatives:
        found.append(
            Section(
                "Next-best teams",
                ["Total", *(seat.label for seat in report.seats)],
                [[_shown(a.total), *a.names] for a in report.alternatives],
                [True] + [False] * len(report.seats),
            )
        )
    return found


def team_text(report: TeamReport) -> str:
    """Plain aligned columns, no colour codes."""
    return sections_text(headline(report), sections(report), notes(report))


def team_markdown(report: TeamReport) -> str:
    """GitHub tables, text escaped."""
    return sections_markdown(headline(report), sections(report), notes(report))


def team_table(report: TeamReport, *, width: int, color: bool) -> str:
    """Rich tables for a terminal."""
    return sections_table(
        headline(report), sections(report), notes(report), width=width, color=color
    )


def team_csv(report: TeamReport, *, excel: bool = False) -> str:
    """A row per seat holder (role ``member``) and per successor (role ``bench``), with the
    cover skills' ratings of the members."""
    skills = list(report.cover.skills)
    fixed = ["seat", "role", "name", "department", "score", "drop"]
    labels = {trait.id: trait.label for trait in report.cover.plan.rubric.traits}
    header = [*fixed, *trait_headers([(s, labels[s]) for s in skills], taken=fixed)]
    lines = [_csv_line([safe_text(cell) for cell in header])]
    by_name = {row.name: row for row in report.matrix}
    for holder in report.holders:
        row = by_name[holder.name]
        lines.append(
            _csv_line(
                [
                    safe_text(holder.seat.label),
                    "member",
                    safe_text(holder.name),
                    safe_text(holder.department),
                    f"{float(holder.score):.2f}",
                    "",
                    *(show_rating(r) for r in row.ratings),
                ]
            )
        )
        for successor in holder.bench:
            lines.append(
                _csv_line(
                    [
                        safe_text(holder.seat.label),
                        "bench",
                        safe_text(successor.name),
                        safe_text(successor.department),
                        f"{float(successor.score):.2f}",
                        f"{float(successor.drop):.2f}",
                        *([""] * len(skills)),
                    ]
                )
            )
    return (EXCEL_BOM if excel else "") + "".join(lines)


def format_team(report: TeamReport, fmt: TeamFormat, options: FormatOptions) -> str:
    """The report as ``fmt``."""
    if fmt is TeamFormat.TABLE:
        return team_table(report, width=options.width, color=options.color)
    if fmt is TeamFormat.TEXT:
        return team_text(report)
    if fmt is TeamFormat.CSV:
        return team_csv(report, excel=options.excel)
    if fmt is TeamFormat.JSON:
        return json.dumps(team_document(report), ensure_ascii=False, indent=2) + "\n"
    if fmt is TeamFormat.MARKDOWN:
        return team_markdown(report)
    raise AssertionError(f"no formatter for {fmt}")
