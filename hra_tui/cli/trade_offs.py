"""What `hra paper` and `hra plan` print for a sweep, and how they draw a trade-off chart."""

from __future__ import annotations

import json
import os
import shutil
import sys
from typing import TYPE_CHECKING

import typer

from hra_tui.cli.session import print_table, reader_may_stop
from hra_tui.formatting import grouped

if TYPE_CHECKING:
    from hra_tui.charts.chart import Chart
    from hra_tui.solver.sweep import Sweep


def report_sweep(sweep: Sweep, as_json: bool, chart: bool, title: str) -> None:
    """A sweep as JSON, or a table (and with `chart`, its chart): shared by `hra plan sweep`."""
    with reader_may_stop():  # piped into head: the rest unread, quietly
        _report_sweep(sweep, as_json, chart, title)


def _report_sweep(sweep: Sweep, as_json: bool, chart: bool, title: str) -> None:
    from dataclasses import asdict

    if as_json:
        typer.echo(json.dumps({"parameter": sweep.parameter, "asked": sweep.asked,
                               "stopped": sweep.stopped, "wall_time": round(sweep.wall_time, 3),
                               "points": [asdict(p) for p in sweep.points]}))
        return
    typer.echo(f"Sweep of {sweep.parameter}: {len(sweep.points)} of {sweep.asked} values, "
               f"{sweep.wall_time:.1f} s" + (", stopped: the values solved so far"
                                             if sweep.stopped else ""))
    print_table(["VALUE", "OBJECTIVE", "COST", "WAITING", "QUALITY", "STATUS",
                 "GAP"],
                [[f"{p.value:g}", grouped(p.objective), grouped(p.cost), grouped(p.waiting),
                  grouped(p.quality), p.status,
                  "-" if p.objective is None else gap_text(p.gap)] for p in sweep.points])
    if chart and sweep.points:
        from hra_tui.charts.trade_offs import SweepRow, sweep_chart

        draw(sweep_chart(sweep.parameter, [
            SweepRow(p.value, p.objective, p.cost, p.waiting, p.quality, p.status)
            for p in sweep.points], title))


def gap_text(gap: float | None) -> str:
    """A relative gap; "unknown" where no bound was proven or nothing found."""
    return "unknown" if gap is None else f"{gap:.1%}"


def draw(chart: Chart) -> None:
    """The chart at the terminal's size; colour only on a terminal and without NO_COLOR."""
    size = shutil.get_terminal_size((80, 24))
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    typer.echo("")
    typer.echo(chart.block(max(40, size.columns - 2), max(12, size.lines - 2), color))
