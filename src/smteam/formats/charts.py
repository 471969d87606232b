"""Charts for the HTML report as shapes to draw: rectangles and labels with their numbers.

Only geometry and numbers live here; the template writes the SVG elements (escaped by Jinja2),
so no markup is built from strings. Each shape carries a ``title``, the numbers it stands for,
which a browser shows on hover and a screen reader reads. Colours come from palettes that
people with the common forms of colour blindness tell apart (Okabe and Ito's; one hue, light
to dark, for the heat map).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

EARNED: Final = "#0072B2"  # Okabe-Ito blue
LOST: Final = "#E69F00"  # Okabe-Ito orange
TRACK: Final = "#DDDDDD"
INELIGIBLE: Final = "#999999"
HEAT: Final = ("#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B")
"""A single-hue blue ramp, light (raters agree) to dark (they are far apart)."""
DARK_FROM: Final = 3
"""Cells from this step of HEAT on get white text."""


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle, with what it means in words."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True, slots=True)
class Label:
    """A piece of text at a point; ``anchor`` is SVG's text-anchor."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    fill: str = "#000000"


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG drawing: its size, a title and a description, and its shapes."""

    width: float
    height: float
    title: str
    description: str
    boxes: tuple[Box, ...]
    labels: tuple[Label, ...] = ()


def _n(value: float) -> str:
    """A number as the report shows it: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_length(score: float) -> str:
    """How much of a 0-100 score bar a score fills, as the SVG attribute."""
    return _n(max(0.0, min(score, 100.0)))


def points_bar(name: str, parts: Sequence[tuple[str, float, float]]) -> Chart:
    """One row per trait: the points it earned of the 0-100 score, then the points it lost
    (the way to the top of the scale), on the same scale for every trait."""
    row, gap, left, width = 18.0, 6.0, 250.0, 300.0
    most = max((earned + lost for _, earned, lost in parts), default=0.0) or 1.0
    boxes: list[Box] = []
    labels: list[Label] = []
    lines = []
    for i, (label, earned, lost) in enumerate(parts):
        y = i * (row + gap)
        said = f"{label}: earned {_n(earned)} points, lost {_n(lost)}"
        lines.append(said)
        earned_width = round(width * earned / most, 2)
        lost_width = round(width * lost / most, 2)
        boxes.append(Box(left, y, earned_width, row, EARNED, said))
        boxes.append(Box(round(left + earned_width, 2), y, lost_width, row, LOST, said))
        labels.append(Label(left - 6, y + row - 5, label, "end"))
        labels.append(
            Label(round(left + earned_width + lost_width + 6, 2), y + row - 5, _n(earned))
        )
    height = max(len(parts) * (row + gap) - gap, row)
    return Chart(
        left + width + 60,
        height,
        f"Points by trait for {name}",
        "; ".join(lines),
        tuple(boxes),
        tuple(labels),
    )


def heat_map(
    names: Sequence[str], traits: Sequence[str], spreads: Sequence[Sequence[int | None]], span: int
) -> Chart:
    """Candidates down, traits across: each cell is how far apart the raters were on the trait
    (highest minus lowest rating), darker for further; a dash where fewer than two rated."""
    cell_w, cell_h, left, top = 90.0, 22.0, 170.0, 24.0
    boxes: list[Box] = []
    labels: list[Label] = []
    for j, trait in enumerate(traits):
        labels.append(Label(left + j * cell_w + cell_w / 2, top - 8, trait, "middle"))
    steps = len(HEAT) - 1
    for i, name in enumerate(names):
        y = top + i * cell_h
        labels.append(Label(left - 6, y + cell_h - 7, name, "end"))
        for j, trait in enumerate(traits):
            spread = spreads[i][j]
            step = 0 if not spread or span <= 0 else min(steps, -(-spread * steps // span))
            said = (
                f"{name}, {trait}: fewer than two ratings"
                if spread is None
                else f"{name}, {trait}: ratings {spread} apart"
            )
            x = left + j * cell_w
            boxes.append(Box(x, y, cell_w - 2, cell_h - 2, HEAT[step], said))
            text = "–" if spread is None else str(spread)
            fill = "#FFFFFF" if step >= DARK_FROM else "#000000"
            labels.append(Label(x + cell_w / 2 - 1, y + cell_h - 7, text, "middle", fill))
    return Chart(
        left + len(traits) * cell_w,
        top + len(names) * cell_h,
        "How far apart the raters were, by candidate and trait",
        "Each cell: the highest minus the lowest rating of the trait; darker is further apart",
        tuple(boxes),
        tuple(labels),
    )
