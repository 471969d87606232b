"""What every export says about a candidate, in one place: the formats only lay it out.
The plain values themselves (``points``, ``ranking_rows``) are in :mod:`smteam.scoring.plain`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from smteam.checking.models import Rubric
from smteam.scoring.plain import percent as percent
from smteam.scoring.plain import plain_rating as plain_rating
from smteam.scoring.plain import points as points
from smteam.scoring.plain import ranking_rows as ranking_rows
from smteam.scoring.ranking import Ranking
from smteam.scoring.scores import Evaluation, labelled_reason, shown, tally_text


def _plain(ranking: Ranking) -> bool:
    """Whether the entries are a big ranking's plain candidates (one rater each, every trait
    of the rubric rated and no other, no notes), evaluated only when read: what holds for
    all of them by that is answered without evaluating a hundred thousand again."""
    from smteam.scoring.streamed import PlainEntries

    return isinstance(ranking.entries, PlainEntries)


def noted_traits(ranking: Ranking) -> list[str]:
    """The rubric's traits that carry a note for at least one candidate shown, in rubric order."""
    ids = ranking.rubric.trait_ids
    if _plain(ranking) or not any(entry.evaluation.notes for entry in ranking.entries):
        return []
    return [
        trait_id
        for i, trait_id in enumerate(ids)
        if any(entry.evaluation.note(i) for entry in ranking.entries)
    ]


def caption(ranking: Ranking) -> str:
    """The facts a reader needs beside the rows: the scale, ties, who is not eligible or not
    shown, and ratings this rubric does not score."""
    from smteam.scoring.streamed import PlainEntries

    scale = ranking.rubric.scale
    parts = [f"Scores 0-100 on the scale {scale.min} to {scale.max}; equal scores share a rank."]
    entries = ranking.entries
    ranks = entries.ranks if isinstance(entries, PlainEntries) else [e.rank for e in entries]
    not_eligible = ranks.count(None)
    if not_eligible:
        parts.append(f"{not_eligible} not eligible (a must-have trait is below its minimum).")
    if ranking.hidden_eligible or ranking.hidden_ineligible:
        hidden = []
        if ranking.hidden_eligible:
            hidden.append(f"{ranking.hidden_eligible} ranked lower")
        if ranking.hidden_ineligible:
            hidden.append(f"{ranking.hidden_ineligible} not eligible")
        parts.append("Not shown: " + ", ".join(hidden) + ".")
    unused = (
        [] if _plain(ranking) else sorted({t for e in ranking.entries for t in e.evaluation.unused})
    )
    if unused:
        parts.append(
            f"Ratings on {len(unused)} trait(s) outside this rubric are not scored: "
            + ", ".join(unused)
            + "."
        )
    if ranking.stability is not None:
        from smteam.formats.stability import central_sentence, described

        parts.append(described(ranking.stability))
        if central := central_sentence(ranking, ranking.stability):
            parts.append(central)
    return " ".join(parts)


def flags(ranking: Ranking) -> list[list[str]]:
    """Per entry, the short remarks a table shows: why not eligible, how much was rated,
    where the panel disagrees; traits named by their labels."""
    labels = trait_labels(ranking.rubric)
    result = []
    for entry in ranking.entries:
        evaluation = entry.evaluation
        remarks = [labelled_reason(reason, labels) for reason in evaluation.reasons]
        if evaluation.coverage < 1:
            remarks.append(f"rated {evaluation.coverage * 100:.0f}% of the weight")
        if evaluation.disagreements:
            named = (labels[trait_id] for trait_id in evaluation.disagreements)
            remarks.append("raters disagree on " + ", ".join(named))
        result.append(remarks)
    return result


def trait_labels(rubric: Rubric) -> dict[str, str]:
    """Each trait's label, by id."""
    return {trait.id: trait.label for trait in rubric.traits}


def trait_headers(traits: Sequence[tuple[str, str]], taken: Iterable[str] = ()) -> list[str]:
    """The column header of each trait, given as (id, label): its label, or ``label (id)``
    where another trait has the same label or another column (``taken``) has that name, by
    names compared ignoring case, so that every header names one column."""
    others = {name.casefold() for name in taken}
    names = [label for _, label in traits]
    while True:
        seen = Counter(name.casefold() for name in names)
        clashes = [
            i
            for i, (name, (_, label)) in enumerate(zip(names, traits, strict=True))
            if name == label and (seen[name.casefold()] > 1 or name.casefold() in others)
        ]
        if not clashes:
            return names
        for i in clashes:
            trait_id, label = traits[i]
            names[i] = f"{label} ({trait_id})"


def has_panel(ranking: Ranking) -> bool:
    """Whether any candidate shown was rated by a panel (and so the panel columns matter)."""
    if _plain(ranking):
        return False
    return any(e.evaluation.raters > 1 or e.evaluation.recommendations for e in ranking.entries)


def has_tally(ranking: Ranking) -> bool:
    """Whether any candidate shown has recommendations to tally (none under --blind)."""
    return not _plain(ranking) and any(e.evaluation.recommendations for e in ranking.entries)


def has_departments(ranking: Ranking) -> bool:
    """Whether any candidate shown has a department (none under --blind): an empty column
    would only take room."""
    return any(e.evaluation.department for e in ranking.entries)


def panel_says(evaluation: Evaluation, dash: str = "–") -> str:
    """The recommendations tally, ``2 strong yes, 1 no``, or a dash when there is none."""
    return tally_text(evaluation.recommendations) or dash


@dataclass(frozen=True, slots=True)
class Summary:
    """The columns a plain table shows (text, Markdown), as text cells: rank, name,
    department, (raters), score, (the panel's tally), one subtotal per group, and flags."""

    header: list[str]
    right: list[bool]
    """Per column, whether it holds numbers (aligned right)."""
    rows: list[list[str]]


def summary(ranking: Ranking, *, dash: str) -> Summary:
    """The summary table of ``ranking``; ``dash`` stands for a value there is none of."""
    rubric = ranking.rubric
    panel = has_panel(ranking)

    def number(value: float | None) -> str:
        return dash if value is None else f"{shown(value):.1f}"

    departments, tally = has_departments(ranking), has_tally(ranking)
    header = ["Rank", "Name"] + (["Department"] if departments else [])
    right = [True, False] + ([False] if departments else [])
    if panel:
        header.append("Raters")
        right.append(True)
    header.append("Score")
    right.append(True)
    if tally:
        header.append("Panel says")
        right.append(False)
    header += rubric.groups
    right += [True for _ in rubric.groups]
    stability = ranking.stability
    if stability is not None:
        from smteam.formats.stability import summary_cells, summary_header

        header += summary_header(stability)
        right += [True, True, True, True]
    header.append("Flags")
    right.append(False)
    rows = []
    for entry, remarks in zip(ranking.entries, flags(ranking), strict=True):
        evaluation = entry.evaluation
        row = [dash if entry.rank is None else str(entry.rank), evaluation.name]
        if departments:
            row.append(evaluation.department)
        if panel:
            row.append(str(evaluation.raters))
        row.append(number(evaluation.score))
        if tally:
            row.append(panel_says(evaluation, dash))
        row += map(number, evaluation.group_scores)
        if stability is not None:
            row += summary_cells(stability, evaluation.name, dash)
        row.append("; ".join(remarks))
        rows.append(row)
    return Summary(header, right, rows)
