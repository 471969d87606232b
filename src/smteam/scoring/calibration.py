"""How each rater rates compared with the rest of the panel, so that a consistently harsh or
lenient rater is visible before their numbers decide anything.

For every candidate and trait a rater rated, their rating is compared with the mean of the
other raters' ratings of the same candidate and trait (where there are others): the average
difference is the rater's offset. Where three or more raters rated the same thing, the one
farthest from the mean of the others, by a whole point or more and alone in being that far,
is that item's outlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from smteam.checking.models import Candidate, Rubric
from smteam.scoring.scores import card_points
from smteam.text import person_key


@dataclass(frozen=True, slots=True)
class RaterStats:
    """One rater's calibration numbers."""

    rater: str
    scorecards: int
    ratings: int
    mean: Fraction | None
    """The mean of every rating they gave on the rubric; None when they gave none (a mean of
    0 would sit below any scale)."""
    offset: Fraction | None
    """Their average difference from the other raters on the same candidate and trait; None
    when they never rated anything someone else also rated."""
    compared: int
    """How many of their ratings had another rater's to compare with."""
    outlier: int
    """How often they were the outlier of a candidate and trait that three or more rated."""
    outlier_of: int
    """How many candidates and traits they rated together with two or more other raters."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """Every rater's numbers, and the mean of all ratings for reference."""

    raters: tuple[RaterStats, ...]
    panel_mean: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        """Exactly the document ``smteam raters --format json`` prints, as Python values."""
        return calibration_document(self)

    def rows(self) -> list[dict[str, Any]]:
        """One mapping per rater, for ``pandas.DataFrame(...)``."""
        rows: list[dict[str, Any]] = calibration_document(self)["raters"]
        return rows


def calibrate(candidates: Sequence[Candidate], rubric: Rubric) -> Calibration:
    """The calibration of every rater who wrote a scorecard (``reviews``) in ``candidates``."""
    shown: dict[str, str] = {}
    cards: dict[str, int] = {}
    given: dict[str, list[int]] = {}
    differences: dict[str, list[Fraction]] = {}
    outliers: dict[str, int] = {}
    outlier_items: dict[str, int] = {}
    traits = set(rubric.trait_ids)
    for candidate in candidates:
        if not candidate.reviews:
            continue
        items: dict[str, list[tuple[str, int]]] = {}
        for card in candidate.scorecards:
            assert card.rater is not None
            key = person_key(card.rater)
            shown.setdefault(key, card.rater)
            cards[key] = cards.get(key, 0) + 1
            for trait_id, point in card_points(card, rubric).items():
                if trait_id in traits:
                    given.setdefault(key, []).append(point)
                    items.setdefault(trait_id, []).append((key, point))
        for ratings in items.values():
            _compare(ratings, differences, outliers, outlier_items)
    everything = [point for points in given.values() for point in points]
    stats = []
    for key in sorted(shown, key=lambda k: (shown[k].casefold(), shown[k])):
        points = given.get(key, [])
        diffs = differences.get(key, [])
        stats.append(
            RaterStats(
                rater=shown[key],
                scorecards=cards[key],
                ratings=len(points),
                mean=Fraction(sum(points), len(points)) if points else None,
                offset=sum(diffs, Fraction(0)) / len(diffs) if diffs else None,
                compared=len(diffs),
                outlier=outliers.get(key, 0),
                outlier_of=outlier_items.get(key, 0),
            )
        )
    panel_mean = Fraction(sum(everything), len(everything)) if everything else None
    return Calibration(tuple(stats), panel_mean)


def _compare(
    ratings: list[tuple[str, int]],
    differences: dict[str, list[Fraction]],
    outliers: dict[str, int],
    outlier_items: dict[str, int],
) -> None:
    """Add one candidate-and-trait's ratings to every rater's comparisons."""
    if len(ratings) < 2:
        return
    total = sum(point for _, point in ratings)
    distance = {}
    for key, point in ratings:
        others = Fraction(total - point, len(ratings) - 1)
        differences.setdefault(key, []).append(point - others)
        distance[key] = abs(point - others)
    if len(ratings) < 3:
        return
    for key, _ in ratings:
        outlier_items[key] = outlier_items.get(key, 0) + 1
    farthest = max(distance.values())
    leaders = [key for key, d in distance.items() if d == farthest]
    if farthest >= 1 and len(leaders) == 1:
        outliers[leaders[0]] = outliers.get(leaders[0], 0) + 1


def _number(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def calibration_document(calibration: Calibration) -> dict[str, Any]:
    """The calibration as plain data for JSON; numbers rounded to two decimals."""
    return {
        "panel_mean": _number(calibration.panel_mean),
        "raters": [
            {
                "rater": s.rater,
                "scorecards": s.scorecards,
                "ratings": s.ratings,
                "mean": _number(s.mean),
                "offset": _number(s.offset),
                "compared": s.compared,
                "outlier": s.outlier,
                "outlier_of": s.outlier_of,
            }
            for s in calibration.raters
        ],
    }
