"""The trade-off charts: a front of cost against waiting (the plan in force and the point in
view marked), and a sweep's optimal objective and its three parts against one parameter.

Axes are named in the clerk's words ("cost (£)", "waiting (patient-slots)"); every mark is a
distinct character, so both read without colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotext as plt

from hra_tui.charts.chart import Chart, Frame
from hra_tui.formatting import tick_label

COST_AXIS = "cost (£)"
WAITING_AXIS = "waiting (patient-slots)"
POINT, CHOSEN, IN_FORCE = "o", "@", "X"
# a sweep's series: (name, marker, colour)
SWEEP_SERIES = (("objective", "*", "blue+"), ("cost", "c", "green+"),
                ("waiting", "w", "red+"), ("quality", "q", "magenta+"))


@dataclass(frozen=True)
class SweepRow:
    """One point of a sweep as the chart reads it: the parameter's value, the optimum's
    parts (None: no plan at that value), and its status in words."""

    value: float
    objective: float | None
    cost: int | None
    waiting: int | None
    quality: int | None
    status: str


def front_chart(points: list[tuple[int, int]], in_force: tuple[int, int] | None = None,
                chosen: int | None = None, title: str = "The cost-waiting front",
                axes: tuple[str, str] = (COST_AXIS, WAITING_AXIS)) -> Chart:
    """`points` (cost, waiting) from least cost; `chosen` the index of the point in view;
    `axes` the names of the cost and the waiting axes."""
    where = ""
    if chosen is not None and 0 <= chosen < len(points):
        cost, waiting = points[chosen]
        where = (f" Point {chosen + 1} of {len(points)} ({CHOSEN}): cost £{cost:,}, "
                 f"waiting {waiting:,}.")
    reading = (f"Each {POINT} is a plan no other beats on both cost and waiting; left to right, "
               "each pound more buys less waiting."
               + (f" {IN_FORCE} is the plan in force." if in_force is not None else "") + where)

    def draw(frame: Frame) -> None:
        xs = [c for c, _w in points]
        ys = [w for _c, w in points]
        colour = frame.color
        if len(points) > 1:  # the steps between plans: no plan lies on them
            plt.plot(xs, ys, marker="·", color="blue" if colour else "default")
        plt.scatter(xs, ys, marker=POINT, color="blue+" if colour else "default")
        if in_force is not None:
            plt.scatter([in_force[0]], [in_force[1]], marker=IN_FORCE,
                        color="red+" if colour else "default")
        if chosen is not None and 0 <= chosen < len(points):
            plt.scatter([xs[chosen]], [ys[chosen]], marker=CHOSEN,
                        color="yellow+" if colour else "default")
        _axes(frame, [*xs, *([in_force[0]] if in_force else [])],
              [*ys, *([in_force[1]] if in_force else [])])
        plt.xlabel(axes[0])
        plt.ylabel(axes[1])

    return Chart(0, "front", title, reading, draw)


def sweep_chart(parameter: str, rows: list[SweepRow], title: str) -> Chart:
    """The optimum's objective and its three parts against `parameter`, one line each."""
    solved = [r for r in rows if r.objective is not None]
    unproven = [r for r in rows if r.status not in ("proven", "infeasible")]
    reading = ("  ".join(f"{marker} {name}" for name, marker, _c in SWEEP_SERIES)
               + f", each at the optimum for that {parameter}."
               + (f" {len(unproven)} of {len(rows)} points not proven: see the table."
                  if unproven else " Every point proven (optimal, or infeasible)."))

    def draw(frame: Frame) -> None:
        values = []
        for name, marker, colour in SWEEP_SERIES:
            pairs = [(r.value, getattr(r, name)) for r in solved]
            if not pairs:
                continue
            xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
            values += ys
            draw_line = plt.plot if len(pairs) > 1 else plt.scatter
            draw_line(xs, ys, marker=marker, color=colour if frame.color else "default")
        _axes(frame, [r.value for r in rows], values or [0])
        plt.xlabel(parameter)
        plt.ylabel("£ and patient-slots")

    return Chart(0, "sweep", title, reading, draw)


def _axes(frame: Frame, xs: list[float], ys: list[float]) -> None:
    """Four or five ticks on each axis, from a little below the least to a little above
    the most, so no point sits on the frame."""
    for values, limit, ticks, count in ((xs, plt.xlim, plt.xticks, max(2, frame.width // 16)),
                                        (ys, plt.ylim, plt.yticks, max(2, frame.lines // 3))):
        low, high = (min(values), max(values)) if values else (0, 1)
        pad = (high - low) * 0.06 or 1
        low, high = low - pad, high + pad
        limit(low, high)
        step = (high - low) / count
        marks = [low + pad + k * (high - low - 2 * pad) / (count - 1) for k in range(count)] \
            if high - low > 2 * pad else [low + step * k for k in range(count + 1)]
        ticks(marks, [tick_label(round(m)) if abs(m) >= 10 else tick_label(round(m, 1))
                      for m in marks])
