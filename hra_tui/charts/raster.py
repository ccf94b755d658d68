"""A character grid painted into a plotext plot area, one data point per character.

plotext rasterises rectangles and bars in data coordinates, which shifts cells by a line
when 30 rows share 13 lines. Heatmaps and bars are therefore laid out here, cell by cell,
and handed to plotext as scatter points whose coordinates map one-to-one onto characters
(xlim 0..w-1, ylim 0..h-1); plotext still draws the frame, ticks, title and axis labels.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import plotext as plt

from hra_tui.formatting import cut

EIGHTHS = " ▁▂▃▄▅▆▇█"  # partial bar tops, 0/8 .. 8/8 of a line
SHADES = "░▒▓█"  # heatmap intensity, lowest to highest (monochrome-safe)


@dataclass(frozen=True)
class Axis:
    """How n categories share `size` characters: unit u shows `groups[u]` in `cells[u]`.

    With room, every category gets an equal run of characters (one unit per category);
    without, categories are banded so one character shows several (a unit per band).
    """

    groups: list[range]
    cells: list[range]

    @property
    def banded(self) -> bool:
        return any(len(g) > 1 for g in self.groups)


def layout(n: int, size: int, gap: bool, widest: int = 0) -> Axis:
    """Share `size` characters among n categories; `gap` leaves one blank after each run.

    `widest` caps a run (a 5-slot plan on a 200-column screen keeps bars a readable width).
    """
    if n <= 0 or size <= 0:
        return Axis([], [])
    if n <= size:
        per = size // n
        run = per - 1 if gap and per >= 2 else per
        if widest:
            run = min(run, widest)
        pad = (per - run) // 2
        return Axis([range(i, i + 1) for i in range(n)],
                    [range(i * per + pad, i * per + pad + run) for i in range(n)])
    band = math.ceil(n / size)
    units = math.ceil(n / band)
    return Axis([range(u * band, min(n, (u + 1) * band)) for u in range(units)],
                [range(u, u + 1) for u in range(units)])


def band_label(names: list[str], group: range) -> str:
    """A tick for a unit: the category's own name, or 'first–last' for a band."""
    if len(group) == 1:
        return names[group.start]
    return f"{names[group.start]}–{names[group.stop - 1]}"


def fit_slot(label: str, width: int) -> str:
    """A tick within `width` keeping what tells neighbours apart: a slot's or a person's first
    and last words ('Tue 01 Dec early' -> 'Tue early' -> 'Tue E' -> 'Tu E' -> 'TuE'; 'Nora
    Eriksson' -> 'Nora E' -> 'NoE' -> 'NE'), else cut with '…'. The last word's initial is a
    capital, so 'Mon early' never reads 'Moe'. A band 'first–last' keeps both ends alike."""
    if len(label) <= width:
        return label
    if "–" in label:
        first, last = label.split("–", 1)
        half = (width - 1) // 2
        return f"{fit_slot(first, half)}–{fit_slot(last, width - 1 - half)}"
    return next((short for short in _short_forms(label)[:_PLAIN_FORMS] if len(short) <= width),
                cut(label, width))


_PLAIN_FORMS = 5  # the forms fit_slot tries; the rest only tell clashing ticks apart


def _short_forms(label: str) -> list[str]:
    """Shorter forms of a label of two or more words, the plain ones first, then forms that
    keep more of the first or last word, or a middle word (a slot's date)."""
    words = label.split(" (")[0].split()  # 'Ann Lee (P000123)': the name tells rows apart
    if len(words) < 2:
        return []
    first, last, middle = words[0], words[-1], words[1:-1]
    initial = last[0].upper()
    return [f"{first} {last}", f"{first} {initial}", f"{first[:2]} {initial}",
            f"{first[:2]}{initial}", f"{first[0]}{initial}",
            f"{first[:3]}{initial}", first[:2], first[:3], f"{first[0]}{last[:2]}",
            f"{first[0]}{last[:3]}", *(f"{m} {initial}" for m in middle),
            *(f"{m}{initial}" for m in middle)]


def fit_ticks(labels: list[str], width: int) -> list[str]:
    """`fit_slot` for every tick of an axis, told apart: labels whose short forms would read
    the same ('Diego B' and 'Dana B' both 'DB') take the first further form, the same for all
    of them, that tells them apart and clashes with no other tick ('Di', 'Da')."""
    shown = [fit_slot(label, width) for label in labels]
    clashes: dict[str, set[str]] = defaultdict(set)
    for label, short in zip(labels, shown, strict=True):
        clashes[short].add(label)
    for short, group in clashes.items():
        if len(group) < 2 or any("–" in label for label in group):
            continue
        others = set(shown) - {short}
        forms = [_short_forms(label) for label in group]
        for k in range(min(map(len, forms))):
            picked = {label: form[k] for label, form in zip(group, forms, strict=True)}
            if all(len(p) <= width for p in picked.values()) and \
                    len(set(picked.values())) == len(group) and not others & set(picked.values()):
                shown = [picked.get(label, s) if s == short else s
                         for label, s in zip(labels, shown, strict=True)]
                others |= set(picked.values())
                break
    return shown


def thin(positions: list[float], labels: list[str], spacing_limit: int) -> tuple[list, list]:
    """Keep every k-th tick so neighbouring labels never touch (plotext would overprint)."""
    if not positions:
        return [], []
    widest = max(len(lab) for lab in labels)
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    spacing = min(gaps) if gaps else spacing_limit
    step = max(1, math.ceil((widest + 1) / max(spacing, 1e-9)))
    return positions[::step], labels[::step]


@dataclass(frozen=True)
class ValueAxis:
    """A 0..top vertical scale over h lines with integer ticks at least two lines apart."""

    top: int
    lines: int
    ticks: list[int]

    def height(self, value: float) -> float:
        """Lines filled by a bar of `value`."""
        return value * self.lines / self.top

    def line(self, value: float) -> int:
        """The line (0 = bottom) on which a bar of `value` ends."""
        return max(0, math.ceil(round(self.height(value), 6)) - 1)

    def tick_positions(self) -> list[int]:
        return [self.line(k) for k in self.ticks]

    def tick_labels(self) -> list[str]:
        return [str(k) for k in self.ticks]


def value_axis(largest: float, lines: int) -> ValueAxis:
    """With at least a line per unit, each unit gets the same whole number of lines (crisp
    bar tops; spare lines stay blank above the scale); otherwise bars end in eighth blocks."""
    largest = max(1, math.ceil(largest))
    lines = max(1, lines)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        top = math.ceil(largest / step) * step
        if step * lines / top >= 2 or step == 10000:
            break
    used = top * (lines // top) if top <= lines else lines
    return ValueAxis(top, used, list(range(step, top + 1, step)))


class Grid:
    """w x h characters (x from the left, y from the bottom), each with an optional colour."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells: dict[tuple[int, int], tuple[str, str | None]] = {}

    def put(self, x: int, y: int, char: str, color: str | None = None) -> None:
        if 0 <= x < self.width and 0 <= y < self.height and char != " ":
            self.cells[(x, y)] = (char, color)

    def text(self, x: int, y: int, label: str, color: str | None = None) -> None:
        for k, char in enumerate(label):  # plotext skips a " " marker: a no-break space shows
            self.put(x + k, y, "\u00a0" if char == " " else char, color)

    def bar(self, xs: range, bottom: float, top: float, char: str, color: str | None) -> None:
        """Fill lines from `bottom` to `top` (in lines, fractional); a partial top line
        uses an eighth block when the fill is a solid block."""
        start, stop = round(bottom, 6), round(top, 6)
        for y in range(math.floor(start), math.ceil(stop)):
            part = min(stop, y + 1) - max(start, y)
            if part <= 0:
                continue
            glyph = char
            if part < 1:
                if char != "█":
                    glyph = char if part >= 0.5 else " "
                else:
                    glyph = EIGHTHS[max(1, round(part * 8))]
            for x in xs:
                self.put(x, y, glyph, color)

    def paint(self, color: bool) -> None:
        """Hand the grid to plotext: one scatter per (char, colour), exact coordinates."""
        groups: dict[tuple[str, str | None], tuple[list[int], list[int]]] = defaultdict(
            lambda: ([], []))
        for (x, y), (char, tint) in sorted(self.cells.items()):
            xs, ys = groups[(char, tint if color else None)]
            xs.append(x)
            ys.append(y)
        for (char, tint), (xs, ys) in groups.items():
            plt.scatter(xs, ys, marker=char, color=tint or "default")
        plt.xlim(0, max(1, self.width - 1))
        plt.ylim(0, max(1, self.height - 1))
