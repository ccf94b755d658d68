"""The three kinds of drawing the paper's figures use: heatmap, bars, lines over slots.

Each function paints into plotext's current figure for one `Frame`; labels are thinned or
shortened to the width, and every mark is a distinct character so the figure reads without
colour (NO_COLOR, 16-colour terminals) as well as with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotext as plt

from hra_tui.charts.chart import Frame
from hra_tui.charts.raster import (
    SHADES,
    Grid,
    band_label,
    fit_slot,
    fit_ticks,
    layout,
    thin,
    value_axis,
)
from hra_tui.formatting import cut, tick_label

HEAT = "blue+"
EMPTY = "·"


def heatmap(frame: Frame, matrix: list[list[int]], rows: list[str], slots: list[str],
            row_axis: str) -> None:
    """Rows top-down against slots; a full block where assigned, a dot where not.

    Up to twice as many rows as lines still show every cell: each line then holds two
    rows, the upper one as a top half block and the lower one as a bottom half block. With
    more rows than that, each line is a band of rows and its shade is the share of the
    band's cells that are assigned (the paper's 0.0-1.0 scale).
    """
    halves = frame.lines < len(rows) <= 2 * frame.lines
    down = layout(math.ceil(len(rows) / 2) if halves else len(rows), frame.lines, gap=False)
    groups = ([range(2 * g.start, min(len(rows), 2 * g.stop)) for g in down.groups] if halves
              else down.groups)
    yticks = fit_ticks([band_label(rows, g) for g in groups], frame.label_room)
    width = frame.columns(yticks)
    across = layout(len(slots), width, gap=True)
    grid = Grid(width, frame.lines)
    for rgroup, rcells in zip(groups, down.cells, strict=True):
        for cgroup, ccells in zip(across.groups, across.cells, strict=True):
            mark = _halves if halves and not across.banded else _shade
            char = mark([[matrix[r][t] for t in cgroup] for r in rgroup])
            for line in rcells:
                y = frame.lines - 1 - line
                if char == EMPTY:
                    grid.put(ccells[len(ccells) // 2], y, EMPTY)
                else:
                    for x in ccells:
                        grid.put(x, y, char, HEAT)
    grid.paint(frame.color)
    centres = [frame.lines - 1 - (c.start + c.stop - 1) / 2 for c in down.cells]
    plt.yticks(centres, yticks)
    _slot_ticks(across, slots, width)
    if halves and not across.banded:
        legend = "▀ upper row ▄ lower row █ both · none"
    elif down.banded or across.banded:
        legend = "share assigned: █ all ▓ most ▒ some ░ few · none"
    else:
        legend = "█ assigned  · not"
    plt.xlabel(_axis_title(frame, f"Time slot   {legend}", row_axis))
    plt.ylabel(row_axis)


def _halves(cells: list[list[int]]) -> str:
    """Two rows of one slot in one character: upper row top half, lower row bottom half."""
    upper = any(cells[0])
    lower = len(cells) > 1 and any(cells[1])
    return "█" if upper and lower else "▀" if upper else "▄" if lower else EMPTY


def _shade(cells: list[list[int]]) -> str:
    flat = [c for row in cells for c in row]
    share = sum(1 for c in flat if c) / len(flat)
    if share == 0:
        return EMPTY
    return SHADES[min(len(SHADES) - 1, math.ceil(share * len(SHADES)) - 1)]


@dataclass(frozen=True)
class Segment:
    """A piece of a bar: `value` units drawn with `char` (and `color`), `text` inside if room."""

    value: float
    char: str
    color: str | None
    text: str = ""


def bars(frame: Frame, names: list[str], stacks: list[list[list[Segment]]], value_label: str,
         category_label: str, legend: str = "") -> None:
    """One group per category (`names`), side-by-side bars in a group, segments stacked.

    With more categories than columns, a column shows the category of its band with the
    largest total, so the tallest bar (an overtime, a peak) is never hidden.
    """
    per_group = max((len(group) for group in stacks), default=1)
    largest = max((sum(s.value for s in bar) for group in stacks for bar in group), default=0)
    axis = value_axis(largest, frame.lines)
    width = frame.columns(axis.tick_labels())
    across = layout(len(names), width, gap=True, widest=12 * per_group)
    grid = Grid(width, frame.lines)
    for group, cells in zip(across.groups, across.cells, strict=True):
        shown = max(group, key=lambda c: sum(s.value for bar in stacks[c] for s in bar))
        for bar, xs in zip(stacks[shown], _split(cells, len(stacks[shown])), strict=False):
            bottom = 0.0
            for seg in bar:
                top = bottom + axis.height(seg.value)
                grid.bar(xs, bottom, top, seg.char, seg.color)
                text = fit_slot(seg.text, len(xs))  # 'Ventilator 4' -> 'Ve4' in a thin bar
                if text and top - bottom >= 1 and len(text) <= len(xs):
                    mid = math.floor((bottom + top) / 2 - 1e-9) if top - bottom > 1 else bottom
                    start = xs.start + (len(xs) - len(text)) // 2
                    grid.text(start, int(mid), text)
                bottom = top
    grid.paint(frame.color)
    plt.yticks(axis.tick_positions(), axis.tick_labels())
    _slot_ticks(across, names, width, every=True)
    plt.xlabel(_axis_title(frame, f"{category_label}   {legend}".rstrip(), value_label))
    plt.ylabel(value_label)


def lines(frame: Frame, slots: list[str], series: list[tuple[list[float | None], str, str]],
          value_label: str, legend: str, whole: bool) -> None:
    """Lines over slots, one per (values, marker, colour); a None value leaves a gap.

    `whole` says the values are counts, so ticks are whole numbers.
    """
    values = [v for vals, _, _ in series for v in vals if v is not None]
    top, ticks = _ticks(max(values, default=0), frame.lines, whole)
    tick_labels = [tick_label(t) for t in ticks]
    width = frame.columns(tick_labels)
    for vals, marker, color in series:
        for run in _runs(vals):
            ys = [vals[t] for t in run]
            draw = plt.plot if len(run) > 1 else plt.scatter
            draw(list(run), ys, marker=marker, color=color if frame.color else "default")
    count = len(slots)
    plt.xlim(-0.5, count - 0.5)
    plt.ylim(0, top)
    plt.yticks(ticks, tick_labels)
    spacing = (width - 1) / max(count, 1)
    positions, labels = thin([(t + 0.5) * spacing for t in range(count)],
                             fit_ticks(slots, max(3, int(spacing) - 1) if spacing >= 4 else 12),
                             width)
    plt.xticks([p / spacing - 0.5 for p in positions], labels)
    plt.xlabel(_axis_title(frame, f"Time slot   {legend}", value_label))
    plt.ylabel(value_label)


def _axis_title(frame: Frame, text: str, ylabel: str) -> str:
    """The x axis title, short enough that plotext, which centres it on the line it shares
    with the y axis title, does not drop it for overlapping."""
    return cut(text, frame.width - 2 * (len(ylabel) + 2))


def _split(cells: range, count: int) -> list[range]:
    """Side-by-side bars within one group's columns, a blank between them when there is room."""
    if count <= 1:
        return [cells]
    gap = 1 if len(cells) >= 2 * count + 1 else 0
    each = max(1, (len(cells) - gap * (count - 1)) // count)
    return [range(cells.start + k * (each + gap), cells.start + k * (each + gap) + each)
            for k in range(count)]


def _slot_ticks(axis, names: list[str], width: int, every: bool = False) -> None:
    """Ticks under the bands; `every` shortens them (down to initials) so that each band
    keeps its own tick rather than every k-th band a longer one, unless so short two bands'
    ticks would read the same."""
    centres = [(c.start + c.stop - 1) / 2 for c in axis.cells]
    spacing = min((b - a for a, b in zip(centres, centres[1:], strict=False)), default=width)
    whole = [band_label(names, g) for g in axis.groups]
    labels = fit_ticks(whole, int(spacing) - 1) if every and spacing >= 3 else []
    if len(set(labels)) < len(set(whole)):  # ticks that cannot be told apart: every k-th
        labels = fit_ticks(whole, max(3, int(spacing) - 1) if spacing >= 4 else 12)
    positions, labels = thin(centres, labels, width)
    plt.xticks(positions, labels)


def _ticks(largest: float, lines: int, whole: bool) -> tuple[float, list[float]]:
    if largest <= 0:
        return 1, [0, 1]
    if whole or largest >= 10:
        axis = value_axis(largest, lines)
        return axis.top, [0, *axis.ticks]
    top = max(largest, 1e-9)
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0):
        step *= magnitude
        if math.ceil(top / step) <= max(2, lines // 2):
            break
    top = math.ceil(top / step) * step
    return top, [k * step for k in range(round(top / step) + 1)]


def _runs(values: list[float | None]) -> list[range]:
    """Maximal runs of slots that have a value."""
    runs, start = [], None
    for t, v in enumerate([*values, None]):
        if v is not None and start is None:
            start = t
        elif v is None and start is not None:
            runs.append(range(start, t))
            start = None
    return runs
